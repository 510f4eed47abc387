"""A gunicorn worker's memory, with the app preloaded in the master (production's settings,
``addon/gunicorn_conf.py``) and without (the same settings but ``preload_app = False``): each
worker's RSS, PSS (shared pages split among the processes sharing them) and USS (its own pages)
just after start and after about 5,000 Gmail message-opens, with the Google stand-in answering at
once. ``python scripts/server_memory.py [--requests 5000] [--workers 2]``.

RSS counts every page a worker can touch, shared or not, so a fork shows about the master's
size; PSS and USS show what preloading saves: the imported code and data stay shared.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import requests
from werkzeug.serving import make_server

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from addon.workbench.devkey import GOOGLE_CLIENT_ID, GOOGLE_SERVICE_ACCOUNT, DevKey  # noqa: E402
from addon.workbench.standins.google import GoogleStandIn  # noqa: E402

SAMPLE = ROOT / "addon" / "samples" / "quarterly-review.eml"
CLIENTS_CSV = ROOT / "addon" / "samples" / "clients.csv"
THREAD = "18c2f0a1b2c3d4e0"
USER = "anna@lumen.example"
PUBLIC_URL = "https://raincheck.memory"
MESSAGES = 600  # more than the worker keeps parsed (512): its invite cache fills to its bound
# As production ran before preloading: each worker imports and builds the app, no hooks.
NO_PRELOAD = """from addon.gunicorn_conf import *  # noqa: F403
preload_app = False


def pre_fork(server, worker):
    pass


def post_fork(server, worker):
    pass
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--requests", type=int, default=5000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--connections", type=int, default=8)
    args = parser.parse_args()
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # the stand-in's access lines
    key = DevKey.make()
    google = GoogleStandIn(certs={key.kid: key.cert_pem}, record=False)
    from addon.demo import ahead_of

    eml = ahead_of(SAMPLE.read_bytes(), dt.date.today())
    ids = [f"18c2f0a1b2c3{n:04x}" for n in range(MESSAGES)]
    for message_id in ids:
        google.add_eml(message_id, THREAD, eml)
    stand_in = make_server("127.0.0.1", 0, google.app(), threaded=True)
    threading.Thread(target=stand_in.serve_forever, daemon=True).start()
    google_url = f"http://127.0.0.1:{stand_in.server_port}"
    print(f"{args.workers} workers, {args.requests} message-opens over {args.connections} "
          f"connections, {MESSAGES} messages; MB per worker (RSS / PSS / USS)")  # fmt: skip
    for name, conf in (("without preload", NO_PRELOAD), ("with preload", None)):
        with tempfile.TemporaryDirectory() as folder:
            figures = _run(Path(folder), conf, google_url, key, ids, args)
        print(f"{name:16} master {figures['master']}")
        print(f"{'':16} after start      {figures['start']}")
        print(f"{'':16} after {args.requests:>5,}      {figures['end']}")


def _run(
    folder: Path, conf: str | None, google_url: str, key: DevKey, ids: list[str], args: Any
) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("RAINCHECK_")} | {
        "RAINCHECK_DATABASE_URL": f"sqlite:///{folder / 'memory.sqlite3'}",
        "RAINCHECK_INSTANCE_PATH": str(folder / "instance"),
        "RAINCHECK_PUBLIC_URL": PUBLIC_URL,
        "RAINCHECK_SECRET_KEY": "memory-" + "x" * 40,
        "RAINCHECK_GOOGLE_SERVICE_ACCOUNT": GOOGLE_SERVICE_ACCOUNT,
        "RAINCHECK_GOOGLE_OAUTH_CLIENT_ID": GOOGLE_CLIENT_ID,
        "RAINCHECK_GOOGLE_CERTS_URL": f"{google_url}/oauth2/v1/certs",
        "RAINCHECK_GMAIL_API_URL": google_url,
        "WEB_CONCURRENCY": str(args.workers),
        "PYTHONPATH": os.pathsep.join((str(folder), str(ROOT))),
    }
    _prepare(env)
    module = "addon.gunicorn_conf"
    if conf is not None:
        (folder / "memory_conf.py").write_text(conf)
        module = "memory_conf"
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", f"python:{module}", "--bind",
         f"127.0.0.1:{port}", "--max-requests", "0"],
        env=env, cwd=folder, stdout=subprocess.DEVNULL, stderr=(folder / "log").open("wb"),
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        _wait(base, server, folder / "log")
        workers = _children(server.pid)
        while len(workers) < args.workers:
            time.sleep(0.1)
            workers = _children(server.pid)
        time.sleep(1.0)  # settled after boot
        master, master_pss = _memory([server.pid])
        start, start_pss = _memory(workers)
        _load(base, key, ids, args.requests, args.connections)
        time.sleep(1.0)
        end, end_pss = _memory(_children(server.pid))
        master_end, master_end_pss = _memory([server.pid])
    finally:
        server.terminate()
        server.wait(timeout=30)
    return {
        "master": f"{master} at start, {master_end} at the end",
        "start": f"{start}   (all processes: {master_pss + start_pss:.0f} MB PSS)",
        "end": f"{end}   (all processes: {master_end_pss + end_pss:.0f} MB PSS)",
    }


def _prepare(env: dict[str, str]) -> None:
    from addon.directory.csvfile import read_csv
    from addon.directory.repository import Directory
    from addon.directory.store import Store

    store = Store(env["RAINCHECK_DATABASE_URL"])
    store.upgrade()
    with store.session() as session:
        Directory(session, "lumen.example").import_records(
            read_csv(CLIENTS_CSV.read_bytes()), by="memory"
        )
    store.dispose()


def _load(base: str, key: DevKey, ids: list[str], count: int, connections: int) -> None:
    user_token = key.google_user_token(USER, "Anna Berg")
    headers = {"Authorization": f"Bearer {key.google_system_token(PUBLIC_URL + '/gmail/message')}"}
    local = threading.local()

    def one(n: int) -> None:
        session = getattr(local, "session", None) or requests.Session()
        local.session = session
        body = {
            "commonEventObject": {"hostApp": "GMAIL", "platform": "WEB", "userLocale": "en-GB",
                                  "timeZone": {"id": "Europe/Stockholm", "offset": 3600000}},
            "authorizationEventObject": {"userOAuthToken": "memory-oauth",
                                         "userIdToken": user_token, "systemIdToken": ""},
            "gmail": {"messageId": ids[n % len(ids)], "threadId": THREAD,
                      "accessToken": "memory-message-token"},
        }  # fmt: skip
        answer = session.post(base + "/gmail/message", json=body, headers=headers, timeout=60)
        if answer.status_code != 200:
            raise SystemExit(f"message-open answered {answer.status_code}: {answer.text[:300]}")

    with ThreadPoolExecutor(connections) as pool:
        list(pool.map(one, range(count)))


def _memory(pids: list[int]) -> tuple[str, float]:
    """RSS / PSS / USS of each process, in MB, and their PSS added up (what they take)."""
    found, pss = [], 0.0
    for pid in sorted(pids):
        fields: dict[str, int] = {}
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
            name, _, rest = line.partition(":")
            fields[name] = int(rest.split()[0])
        uss = fields["Private_Clean"] + fields["Private_Dirty"]
        found.append(f"{fields['Rss'] / 1024:.0f}/{fields['Pss'] / 1024:.0f}/{uss / 1024:.0f}")
        pss += fields["Pss"] / 1024
    return "  ".join(found), pss


def _children(master: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == master:
                found.append(int(stat.parent.name))
        except (OSError, IndexError, ValueError):
            continue
    return found


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait(base: str, server: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(log.read_text()[-3000:])
        try:
            if requests.get(base + "/healthz", timeout=1).ok:
                return
        except requests.RequestException:
            pass
        time.sleep(0.2)
    raise SystemExit("gunicorn did not start")


if __name__ == "__main__":
    main()
