"""The README's "Where things are" matches the tree: every path it names exists, and every
folder of the backend is named."""

from __future__ import annotations

import re

from tests.support.paths import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
BLOCK = README.split("## Where things are", 1)[1].split("```")[1]
NAME = re.compile(r"^(\s*)((?:[\w.<>-]+/?(?:, )?)+)\s{2,}")


def named() -> list[str]:
    """Each path the block names, resolved under the top-level folder it is indented under."""
    paths, parent = [], ""
    for line in BLOCK.splitlines():
        found = NAME.match(line)
        if not found:
            continue
        indent, names = found.groups()
        for name in (n.strip() for n in names.split(",") if n.strip()):
            if not indent:
                parent = name
                paths.append(name)
            else:
                paths.append(parent + name)
    return paths


def test_every_path_in_the_map_exists() -> None:
    paths = named()
    assert len(paths) > 20
    missing = [p for p in paths if not (ROOT / p).exists()]
    assert missing == []


def test_every_folder_of_the_backend_is_in_the_map() -> None:
    folders = {
        f"addon/{p.name}/"
        for p in (ROOT / "addon").iterdir()
        if p.is_dir() and not p.name.startswith((".", "_"))
    }
    assert folders <= set(named())


def test_the_deployment_steps_enable_every_api_the_doctor_names() -> None:
    """A newcomer follows the README; the doctor checks against the code. They must agree."""
    from addon.cli.doctor import GOOGLE_APIS

    [command] = re.findall(r"`gcloud services enable ([^`]+)`", README)
    assert sorted(command.split()) == sorted(GOOGLE_APIS)
    assert "an OAuth client (its id is" not in README  # the deployment's own client, not a new one
