"""The container image's recipe holds together (no registry is reachable here to build it):
what it copies exists and is what the wheel is built from, it runs as a user that is not
root, and it starts gunicorn with the settings the wheel ships, which load."""

from __future__ import annotations

import importlib
import re

from gunicorn.workers.gthread import ThreadWorker

from tests.support.paths import ROOT

DOCKERFILE = (ROOT / "Dockerfile").read_text(encoding="utf-8")


def test_the_image_copies_the_designs_folders_and_runs_unprivileged() -> None:
    copied = re.findall(r"^COPY (?!--from)(.+) \S+$", DOCKERFILE, flags=re.MULTILINE)
    sources = [path for line in copied for path in line.split()]
    assert sorted(sources) == ["README.md", "addon", "cards", "pyproject.toml", "templates"]
    assert all((ROOT / path).exists() for path in sources)
    assert re.search(r"^USER (?!root)\S+$", DOCKERFILE, flags=re.MULTILINE)
    assert 'CMD ["gunicorn", "--config", "python:addon.gunicorn_conf"]' in DOCKERFILE


def test_the_image_is_built_without_the_workbench() -> None:
    """The build context leaves out the development code; the wheel would anyway
    (tests/app/test_wheel.py), so the image never holds the stand-ins or the dev key."""
    ignored = (ROOT / ".dockerignore").read_text(encoding="utf-8").split()
    assert {"addon/workbench", "templates/workbench"} <= set(ignored)
    assert "workbench" not in DOCKERFILE.replace("# ", "").split("FROM python:3.11-slim\n")[-1]


def test_the_packaged_server_settings_load_and_name_the_app() -> None:
    conf = importlib.import_module("addon.gunicorn_conf")
    assert conf.wsgi_app == "addon.app:create_app()"
    assert conf.keepalive > 600  # longer than Google Cloud's load balancer idle timeout
    # gthread, reading each request in its event loop first (addon/slowclients.py)
    assert issubclass(conf.worker_class, ThreadWorker) and conf.threads >= 1
    assert "%(U)s" in conf.access_log_format and "%(r)s" not in conf.access_log_format
