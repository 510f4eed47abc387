"""The wheel works on its own: built with ``pip wheel``, installed into a fresh venv without the
source tree, it writes letters (templates inside), migrates a database (migrations inside),
speaks Swedish (catalogs inside) and serves its pages and static files under gunicorn."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import sysconfig
import time
import zipfile
from pathlib import Path

import pytest
import requests

from tests.support.paths import ROOT

# What a checkout holds besides the source: the build's own folders, caches, generated files.
NOT_SOURCE = {".git", ".venv", "build", "dist", "instance", "manifests", "raincheck.egg-info"}


def _not_source(folder: str, names: list[str]) -> set[str]:
    top = Path(folder) == ROOT
    return {n for n in names if n == "__pycache__" or (top and n in NOT_SOURCE)}


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A venv holding only the wheel; its dependencies come from this venv's site-packages
    (a plain path, so this venv's editable install of the source tree is not seen)."""
    folder = tmp_path_factory.mktemp("wheel")
    # Built from a copy: setuptools reuses a build/ folder it finds in the source tree, which
    # would carry files since moved or deleted into the wheel.
    source = folder / "source"
    shutil.copytree(ROOT, source, ignore=_not_source)
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(folder), str(source)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    [wheel] = folder.glob("raincheck-*.whl")
    venv = folder / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    [site] = (venv / "lib").glob("python3*/site-packages")
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)  # a wheel is a zip of site-packages: what pip would unpack
    (site / "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return venv


def _run(
    venv: Path, *args: str, cwd: Path, env: dict[str, str]
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(venv / "bin" / "python"), *args], cwd=cwd, env=env, capture_output=True, text=True,
        timeout=120,
    )  # fmt: skip


def _env(folder: Path) -> dict[str, str]:
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("RAINCHECK_", "PYTHON"))}
    return {**keep, "RAINCHECK_DATABASE_URL": f"sqlite:///{folder / 'r.sqlite3'}"}


def test_the_wheel_holds_the_design_s_folders(installed: Path) -> None:
    [site] = (installed / "lib").glob("python3*/site-packages")
    for path in ("addon/templates/letters/sv/phone.j2", "addon/templates/cards/card.html",
                 "addon/migrations/versions/0001_directory.py", "addon/static/outlook/pane.js",
                 "addon/i18n/sv/LC_MESSAGES/messages.po", "cards/gmail.py"):  # fmt: skip
        assert (site / path).is_file(), path


def test_the_wheel_holds_no_development_code(installed: Path) -> None:
    """No stand-in, Office.js simulation, development key or workbench in a production
    install: the image installs this wheel alone."""
    [site] = (installed / "lib").glob("python3*/site-packages")
    shipped = [str(p.relative_to(site)) for p in (site / "addon").rglob("*") if p.is_file()]
    assert len(shipped) > 100
    for marker in ("workbench", "standins", "office-sim", "devkey", "microsoft-ajax-sim"):
        assert not [path for path in shipped if marker in path], marker


def test_development_mode_without_the_workbench_serves_no_token_minting_pages(
    installed: Path, tmp_path: Path
) -> None:
    env = {**_env(tmp_path), "RAINCHECK_ENV": "development"}
    probe = (
        "from addon.app import create_app\n"
        "client = create_app().test_client()\n"
        "print(client.get('/').status_code, client.post('/workbench/api/open').status_code)\n"
        "print('It never sends mail' in client.get('/').get_data(as_text=True))"
    )
    served = _run(installed, "-c", probe, cwd=tmp_path, env=env)
    assert served.returncode == 0, served.stderr
    assert served.stdout.split() == ["200", "404", "True"]  # the site's page, no workbench API
    bench = _run(installed, "-m", "addon.cli", "workbench", cwd=tmp_path, env=env)
    assert bench.returncode == 2
    assert "the workbench is not part of this install" in bench.stderr


def test_the_installed_wheel_writes_the_demo_letters_in_both_languages(
    installed: Path, tmp_path: Path
) -> None:
    done = _run(installed, "-m", "addon.cli", "demo", cwd=tmp_path, env=_env(tmp_path))
    assert done.returncode == 0, done.stderr
    assert "Demo directory" in done.stdout and "Många hälsningar" in done.stdout
    where = _run(installed, "-c", "import addon; print(addon.__file__)", cwd=tmp_path,
                 env=_env(tmp_path))  # fmt: skip
    assert str(installed) in where.stdout  # the wheel's code, not the source tree's


def test_the_installed_wheel_serves_under_gunicorn(installed: Path, tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**_env(tmp_path), "RAINCHECK_PUBLIC_URL": f"http://127.0.0.1:{port}"}
    migrate = _run(installed, "-m", "addon.cli", "db", "upgrade", cwd=tmp_path, env=env)
    assert migrate.returncode == 0, migrate.stderr
    server = subprocess.Popen(
        [str(installed / "bin" / "python"), "-m", "gunicorn", "-w", "1", "-b",
         f"127.0.0.1:{port}", "addon.app:create_app()"],
        cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while True:
            try:
                health = requests.get(base + "/healthz", timeout=2)
                break
            # The port is bound before the worker has imported the app: on a busy machine the
            # first request waits longer than one try's timeout, which is no failure yet.
            except (requests.ConnectionError, requests.Timeout):
                assert server.poll() is None, "gunicorn stopped: " + server.communicate()[1]
                assert time.monotonic() < deadline, "gunicorn did not start"
                time.sleep(0.2)
        assert health.status_code == 200
        assert requests.get(base + "/readyz", timeout=5).status_code == 200
        assert requests.get(base + "/static/outlook/pane.js", timeout=5).status_code == 200
        assert "Raincheck" in requests.get(base + "/", timeout=5).text
    finally:
        server.terminate()
        server.communicate(timeout=10)  # reaps it and closes its pipe


def test_every_package_of_the_source_tree_is_listed_for_the_wheel() -> None:
    """pyproject.toml lists the packages (it must, to carry templates/ inside addon): a new
    folder of code left off the list would be missing from every installed copy."""
    import tomllib

    listed = set(
        tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]
    )
    found = {
        ".".join(path.parent.relative_to(ROOT).parts)
        for top in ("addon", "cards")
        for path in (ROOT / top).rglob("*.py")
        if "__pycache__" not in path.parts
    }
    development = {p for p in found if p == "addon.workbench" or p.startswith("addon.workbench.")}
    assert development and not development & listed  # the workbench stays out of the wheel
    assert found - {"addon.templates"} - development <= listed, sorted(found - listed)
