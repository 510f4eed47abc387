"""One Jinja2 template per letter and language gives both the text and the HTML version.

Each template is rendered twice: once with autoescaping for HTML, once without for text. The
macros in ``templates/letters/_blocks.j2`` write paragraphs and lists in whichever form the
render asks for, so the two versions cannot drift apart.
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
import stat
from pathlib import Path
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

if TYPE_CHECKING:
    # Jinja is imported when a letter is first rendered: a run that writes none never loads it.
    from jinja2 import BytecodeCache, Environment


def _templates_dir() -> Path:
    """The top-level ``templates/`` of the source tree, which the wheel carries as
    ``addon/templates`` (pyproject.toml maps it), so both run the same files."""
    packaged = Path(__file__).resolve().parents[1] / "templates"
    return packaged if packaged.is_dir() else Path(__file__).resolve().parents[2] / "templates"


TEMPLATES_DIR = _templates_dir()
_SPACES = re.compile(r"\s+")
_ORPHAN_SPACE = re.compile(r" +(?=[.,;:!?](?:\s|$))")
_BLANK_LINES = re.compile(r"\n{3,}")

HTML_WRAPPER = (
    '<div dir="ltr" style="font-family:Arial,Helvetica,sans-serif;font-size:14px;'
    'line-height:1.5;color:#202124">\n{}\n</div>'
)


def squash(value: Any) -> Any:
    """Fold the line breaks and indentation of a template paragraph into single spaces, and
    drop a space left before a stop where a phrase had nothing to say ("our meeting ." when
    the meeting has no date to give)."""
    folded = _ORPHAN_SPACE.sub("", _SPACES.sub(" ", str(value))).strip()
    return Markup(folded) if isinstance(value, Markup) else folded  # noqa: S704 - already safe


# Where compiled templates are kept between processes (``keep_compiled``); None: in memory only.
_compiled_folder: Path | None = None
# What changes the code Jinja compiles a template to, besides the render's autoescaping.
_TRIM_BLOCKS = _LSTRIP_BLOCKS = True


def keep_compiled(folder: Path | None) -> Path | None:
    """Keep each template's compiled code in ``folder`` (made private to this user), so a
    process that starts for one letter, as the command line does, loads it instead of compiling
    it again. Jinja checks each template's source against what it compiled, so an edited
    template is compiled afresh; a folder that cannot be used only costs the compile. Returns
    the folder used before, to restore."""
    global _compiled_folder
    before, _compiled_folder = _compiled_folder, folder
    environment.cache_clear()
    return before


@functools.cache
def environment(html: bool) -> Environment:
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    env = Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        # The text render is plain text for a mail body, never HTML: nothing there to escape.
        autoescape=html,  # noqa: S701
        undefined=StrictUndefined,
        trim_blocks=_TRIM_BLOCKS,
        lstrip_blocks=_LSTRIP_BLOCKS,
        bytecode_cache=_bytecode_cache(html),
    )
    env.filters["squash"] = squash
    env.globals["html"] = html
    return env


def _bytecode_cache(html: bool) -> BytecodeCache | None:
    folder = _private_folder(_compiled_folder) if _compiled_folder is not None else None
    if folder is None:
        return None
    import hashlib

    import jinja2
    from jinja2 import FileSystemBytecodeCache

    class QuietCache(FileSystemBytecodeCache):
        """A cache that is never the reason a letter fails: a file it cannot read or write is
        compiled as if there were no cache."""

        def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
            try:
                super().load_bytecode(bucket)
            except Exception:  # a damaged or foreign file: compile instead
                bucket.reset()

        def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
            with contextlib.suppress(OSError):
                super().dump_bytecode(bucket)

    # The two renders compile the same file differently (escaping or not), and a Jinja or an
    # option of another version differently again: each has files of its own.
    variant = f"{html}|{_TRIM_BLOCKS}|{_LSTRIP_BLOCKS}|{jinja2.__version__}"
    tag = hashlib.sha1(variant.encode(), usedforsecurity=False).hexdigest()[:12]
    return QuietCache(str(folder), f"{'html' if html else 'text'}-{tag}-%s.jinja")


def _private_folder(folder: Path) -> Path | None:
    """``folder``, made if missing, when only this user can write to it; else None. Compiled
    code is loaded and run: a folder another user could write to would run their code."""
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        found = folder.stat()
    except OSError:
        return None
    if not stat.S_ISDIR(found.st_mode) or found.st_mode & 0o022:
        return None
    if hasattr(os, "getuid") and found.st_uid != os.getuid():
        return None
    return folder


def render_text(name: str, **context: Any) -> str:
    raw = environment(False).get_template(name).render(**context)
    lines = "\n".join(line.rstrip() for line in raw.splitlines())
    return _BLANK_LINES.sub("\n\n", lines).strip() + "\n"


def render_html(name: str, **context: Any) -> str:
    raw = environment(True).get_template(name).render(**context)
    body = "\n".join(line.strip() for line in raw.splitlines() if line.strip())
    return HTML_WRAPPER.format(body)
