"""The benchmark (``scripts/bench``): the production server under load, with fast stand-ins for
Google and Microsoft, and the figures the targets are about.

Three processes share the machine, as the issue describes: gunicorn (one worker per core, a
few threads each) serving Raincheck on loopback; Google's and Microsoft's stand-ins in another;
and wrk, the load generator, in a third. Each endpoint is driven in turn, the bare one first,
so every other endpoint's throughput is a ratio to what the same server does with no work:

    bare          GET  /healthz       a small JSON answer, no database, no upstream call
    message       POST /gmail/message Gmail opens an invite: verify, messages.get, advice card
    insert        POST /gmail/action  "Insert reply": draft created, decision recorded
    event         POST /calendar/event the same advice from Google Calendar's event
    pane          POST /outlook/api   the Outlook pane's advice for a meeting request
    calendar on   POST /gmail/message the same, for a user who lets Raincheck read their
                                      calendar; the stand-in answers calendar reads after
                                      250 ms, as Google does across the internet

The backend's own time comes from the ``Server-Timing`` header (our time apart from the
stand-ins'), sampled at 32 connections. Timings are noisy on a 2-core machine: read the
ratios, not the absolute numbers.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from addon.workbench.devkey import (  # noqa: E402
    GOOGLE_CLIENT_ID,
    GOOGLE_SERVICE_ACCOUNT,
    MICROSOFT_CLIENT_ID,
    DevKey,
)

SAMPLE = ROOT / "addon" / "samples" / "quarterly-review.eml"


def sample() -> bytes:
    """The sample invite moved to a week ahead of today, as the workbench moves it: a meeting
    that has taken place offers nothing to write, and the run would measure a card that ends
    there."""
    import datetime as dt

    from addon.demo import ahead_of

    return ahead_of(SAMPLE.read_bytes(), dt.date.today())


MESSAGE, THREAD = "18c2f0a1b2c3d4e5", "18c2f0a1b2c3d4e0"
CALENDAR, EVENT = "anna@lumen.example", "5q2k8m1v0c9t7r3a6b4d2e0f1g"
USER = "anna@lumen.example"
CALENDAR_USER = "carl@lumen.example"  # "Read my calendar" is on for this one
PUBLIC_URL = "https://raincheck.bench"
TARGETS = {"calendar_ratio": 0.8, "message_ratio": 0.12, "self_p50_ms": 3.0, "self_p99_ms": 10.0, "rss_mb": 120.0,
           "help_s": 0.15, "triage_s": 0.3}  # fmt: skip


@dataclass
class Load:
    name: str
    method: str
    path: str
    body: str = ""
    headers: dict[str, str] | None = None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=10, help="per endpoint (default 10)")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--clients", type=int, default=1_000_000,
                        help="the large directory classification is timed with (default 1,000,000)")  # fmt: skip
    args = parser.parse_args()
    wrk = shutil.which("wrk")
    if wrk is None:
        print("bench: wrk is missing (Debian's package wrk; scripts/bench installs it)")
        return 2
    key = DevKey.make()
    with tempfile.TemporaryDirectory() as folder:
        google_port, microsoft_port = _free_port(), _free_port()
        stand_ins = multiprocessing.get_context("fork").Process(
            target=_serve_stand_ins, args=(key, google_port, microsoft_port), daemon=True
        )
        stand_ins.start()
        env = _environment(Path(folder), key, google_port, microsoft_port)
        _prepare_database(env)
        port = _free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--workers", str(args.workers), "--threads", "4",
             "--worker-class", "gthread", "--bind", f"127.0.0.1:{port}", "--keep-alive", "120",
             "--log-level", "warning", "addon.app:create_app()"],
            env=env, cwd=folder,
        )  # fmt: skip
        base = f"http://127.0.0.1:{port}"
        try:
            _wait(base + "/healthz", server)
            _wait(f"http://127.0.0.1:{google_port}/oauth2/v1/certs", None)
            loads = _loads(base, key)
            rss_before = _worker_rss(server.pid)
            rows = [_wrk(wrk, base, load, args, Path(folder)) for load in loads]
            self_times = {load.name: _self_time(base, load) for load in loads}
            # One connection at a time: the backend's own cost, without waiting for the GIL.
            alone = _self_time(base, loads[1], connections=1, count=200)
            rss_after = _worker_rss(server.pid)
        finally:
            server.terminate()
            server.wait(timeout=30)
            stand_ins.terminate()
        cli = _cli_figures(env)
        scale = {n: _classification_time(Path(folder), n) for n in (100, args.clients)}
    _report(rows, self_times, rss_before, rss_after, cli, args)
    print(f"  (message-open self time with one connection at a time: p50 {alone[0]:.2f} ms, "
          f"p99 {alone[1]:.2f} ms)")  # fmt: skip
    _report_scale(scale)
    return 0


# Stand-ins ------------------------------------------------------------------------------------


def _serve_stand_ins(key: DevKey, google_port: int, microsoft_port: int) -> None:
    import logging

    from werkzeug.serving import make_server

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no line per request

    import datetime as dt

    from addon.workbench.calendar import seed
    from addon.workbench.standins.google import GoogleStandIn
    from addon.workbench.standins.microsoft import MicrosoftStandIn

    google = GoogleStandIn(certs={key.kid: key.cert_pem}, record=False)
    google.add_eml(MESSAGE, THREAD, sample())
    google.add_event(CALENDAR, EVENT, _calendar_event())
    microsoft = MicrosoftStandIn(keys=[key.jwk], record=False)
    seed(google, microsoft, now=dt.datetime.now(dt.UTC))  # the workbench's demo calendar
    for path in ("/calendar/v3/calendars/primary/events", "/calendar/v3/freeBusy"):
        google.failures[path] = "slow"
    servers = [
        make_server("127.0.0.1", google_port, google.app(), threaded=True),
        make_server("127.0.0.1", microsoft_port, microsoft.app(), threaded=True),
    ]
    threads = [threading.Thread(target=s.serve_forever, daemon=True) for s in servers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def _calendar_event() -> dict[str, Any]:
    """The sample invite as Google Calendar's events.get gives it."""
    return {
        "kind": "calendar#event", "id": EVENT, "status": "confirmed",
        "iCalUID": "raincheck-bench-quarterly-review",
        "summary": "Quarterly account review", "location": "Nordvik HQ, Hamngatan 12, Stockholm",
        "start": {"dateTime": "2026-12-03T14:00:00+01:00", "timeZone": "Europe/Stockholm"},
        "end": {"dateTime": "2026-12-03T15:30:00+01:00", "timeZone": "Europe/Stockholm"},
        "organizer": {"email": "eva.lind@nordvik.example", "displayName": "Eva Lind"},
        "attendees": [{"email": USER, "self": True, "responseStatus": "needsAction"},
                      {"email": "eva.lind@nordvik.example", "organizer": True}],
    }  # fmt: skip


# The server ------------------------------------------------------------------------------------


def _environment(folder: Path, key: DevKey, google: int, microsoft: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("RAINCHECK_")}
    return env | {
        "RAINCHECK_DATABASE_URL": f"sqlite:///{folder / 'bench.sqlite3'}",
        "RAINCHECK_INSTANCE_PATH": str(folder / "instance"),
        "RAINCHECK_PUBLIC_URL": PUBLIC_URL,
        "RAINCHECK_SECRET_KEY": "bench-" + "x" * 40,
        "RAINCHECK_GOOGLE_SERVICE_ACCOUNT": GOOGLE_SERVICE_ACCOUNT,
        "RAINCHECK_GOOGLE_OAUTH_CLIENT_ID": GOOGLE_CLIENT_ID,
        "RAINCHECK_GOOGLE_CERTS_URL": f"http://127.0.0.1:{google}/oauth2/v1/certs",
        "RAINCHECK_GMAIL_API_URL": f"http://127.0.0.1:{google}",
        "RAINCHECK_CALENDAR_API_URL": f"http://127.0.0.1:{google}",
        "RAINCHECK_MICROSOFT_CLIENT_ID": MICROSOFT_CLIENT_ID,
        "RAINCHECK_MICROSOFT_JWKS_URL": f"http://127.0.0.1:{microsoft}/common/discovery/v2.0/keys",
    }


def _prepare_database(env: dict[str, str]) -> None:
    """Migrations once, before the workers start (as a deploy does), and the demo clients."""
    for command in (["db", "upgrade"], ["demo"]):
        done = subprocess.run([sys.executable, "-m", "addon.cli", *command], env=env,
                              capture_output=True, text=True, check=False)  # fmt: skip
        if done.returncode:
            raise SystemExit(f"bench: raincheck {' '.join(command)} failed: {done.stderr}")
    from addon.directory.csvfile import read_csv
    from addon.directory.repository import Directory
    from addon.directory.store import Store
    from addon.directory.users import Settings, Users

    store = Store(env["RAINCHECK_DATABASE_URL"])
    with store.session() as session:
        clients = read_csv((ROOT / "addon" / "samples" / "clients.csv").read_bytes())
        Directory(session, "lumen.example").import_records(clients, by="bench")
        Users(session, "lumen.example").save_settings(CALENDAR_USER, Settings(use_calendar=True))
    store.dispose()


def _loads(base: str, key: DevKey) -> list[Load]:
    def google(path: str, event: dict[str, Any]) -> Load:
        token = key.google_system_token(PUBLIC_URL + path)
        headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        return Load(path.strip("/").replace("/", " "), "POST", path, json.dumps(event), headers)

    user_token = key.google_user_token(USER, "Anna Berg")
    gmail = {"messageId": MESSAGE, "threadId": THREAD, "accessToken": "bench-message-token"}

    def event(host: str, *, as_user: str = "", **extra: Any) -> dict[str, Any]:
        common = {"hostApp": host, "platform": "WEB", "userLocale": "en-GB",
                  "timeZone": {"id": "Europe/Stockholm", "offset": 3600000}}  # fmt: skip
        common |= {k: v for k, v in extra.items() if k in ("parameters", "formInputs")}
        body = {"commonEventObject": common,
                "authorizationEventObject": {"userOAuthToken": "bench-oauth",
                                             "userIdToken": as_user or user_token,
                                             "systemIdToken": ""}}  # fmt: skip
        return body | {k: v for k, v in extra.items() if k in ("gmail", "calendar")}

    message = google("/gmail/message", event("GMAIL", gmail=gmail))
    insert = google("/gmail/action", _insert_event(base, message, event, gmail))
    calendar = {
        "id": EVENT,
        "calendarId": CALENDAR,
        "organizer": {"email": "eva.lind@nordvik.example"},
    }
    from addon.workbench.standins.office import office_item

    item = office_item(sample(), "AAMkAD-bench")
    item["itemClass"] = "IPM.Schedule.Meeting.Request"
    pane = {"mailbox": {"address": USER, "timeZone": "W. Europe Standard Time",
                        "language": "en-GB"}, "mode": "read", "item": item,
            "action": {"name": "open", "params": {}}, "form": {}}  # fmt: skip
    ms = {"Authorization": f"Bearer {key.microsoft_access_token(USER, 'Anna Berg')}",
          "Content-Type": "application/json"}  # fmt: skip
    # The calendar-on load runs right after message-open, its baseline: a run's throughput
    # drifts by more than the difference being measured between loads far apart.
    calendar_on = Load("calendar on", "POST", message.path, json.dumps(event(
        "GMAIL", gmail=gmail, as_user=key.google_user_token(CALENDAR_USER, "Carl Ek")
    )), message.headers)  # fmt: skip
    return [
        Load("bare", "GET", "/healthz"),
        message,
        calendar_on,
        insert,
        google("/calendar/event", event("CALENDAR", calendar=calendar)),
        Load("outlook api", "POST", "/outlook/api", json.dumps(pane), ms),
    ]


def _insert_event(base: str, message: Load, event: Any, gmail: dict[str, str]) -> dict[str, Any]:
    """The "Insert reply" a user sends from the reply card, found by walking the cards."""
    card = requests.post(base + message.path, data=message.body, headers=message.headers,
                         timeout=30).json()["action"]["navigations"][0]["pushCard"]  # fmt: skip
    write = next(p for p in _buttons(card) if p.get("action") == "preview" and
                 p.get("strategy") == "phone")  # fmt: skip
    return event("GMAIL", gmail=gmail, parameters={**write, "action": "insert"},
                 formInputs={"call": {"stringInputs": {"value": ["+46 70 123 45 67"]}}})  # fmt: skip


def _buttons(card: dict[str, Any]) -> list[dict[str, str]]:
    found = []
    for section in card["sections"]:
        for widget in section["widgets"]:
            for button in [widget.get("decoratedText", {}).get("button", {}),
                           *widget.get("buttonList", {}).get("buttons", [])]:  # fmt: skip
                action = button.get("onClick", {}).get("action")
                if action:
                    found.append({p["key"]: p["value"] for p in action["parameters"]})
    return found


# Measuring -------------------------------------------------------------------------------------


def _wrk(wrk: str, base: str, load: Load, args: Any, folder: Path) -> dict[str, Any]:
    script = folder / f"{load.name.replace(' ', '-')}.lua"
    script.write_text(
        f"wrk.method = {json.dumps(load.method)}\n"
        f"wrk.body = {json.dumps(load.body)}\n"
        + "".join(
            f"wrk.headers[{json.dumps(k)}] = {json.dumps(v)}\n"
            for k, v in (load.headers or {}).items()
        )
    )
    done = subprocess.run(
        [wrk, "-t", "2", "-c", str(args.connections), "-d", f"{args.seconds}s", "--latency",
         "-s", str(script), base + load.path],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    out = done.stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out)[1])  # type: ignore[index]
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {"name": load.name, "rate": rate, "p50": _latency(out, "50%"),
            "p99": _latency(out, "99%"), "errors": int(bad[1]) if bad else 0}  # fmt: skip


def _latency(out: str, which: str) -> float:
    value, unit = re.search(rf"{which}\s+([\d.]+)(us|ms|s)", out).groups()  # type: ignore[union-attr]
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def _self_time(
    base: str, load: Load, connections: int = 32, count: int = 640
) -> tuple[float, float]:
    """The backend's own time per request (Server-Timing app;dur), p50 and p99, at 32
    connections."""
    local = threading.local()

    def one(_: int) -> float:
        if not hasattr(local, "session"):
            local.session = requests.Session()
        response = local.session.request(load.method, base + load.path, data=load.body or None,
                                          headers=load.headers, timeout=60)  # fmt: skip
        return float(re.search(r"app;dur=([\d.]+)", response.headers["Server-Timing"])[1])  # type: ignore[index]

    with ThreadPoolExecutor(connections) as pool:
        spent = sorted(pool.map(one, range(count)))
    return statistics.median(spent), spent[int(len(spent) * 0.99) - 1]


def _worker_rss(master: int) -> list[float]:
    """Each gunicorn worker's resident memory, in MB."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) == master:
                status = (stat.parent / "status").read_text()
                found.append(int(re.search(r"VmRSS:\s+(\d+)", status)[1]) / 1024)  # type: ignore[index]
        except (OSError, IndexError, TypeError):
            continue
    return sorted(found)


def _cli_figures(env: dict[str, str]) -> dict[str, float]:
    raincheck = [sys.executable, "-m", "addon.cli"]

    def took(*args: str, command: list[str] = raincheck) -> float:
        times = []
        for _ in range(5):
            started = time.perf_counter()
            subprocess.run([*command, *args], env=env, capture_output=True, check=False)
            times.append(time.perf_counter() - started)
        return statistics.median(times)

    files = sorted((ROOT / "tests" / "fixtures" / "invites").glob("*.ics"))
    many = took("triage", "--me", USER, *map(str, files))
    with tempfile.TemporaryDirectory() as folder:
        ahead = Path(folder) / SAMPLE.name
        ahead.write_bytes(sample())
        one = took("triage", "--me", USER, str(ahead))
    figures = {"help_s": took("--help"), "triage_s": one, "files_per_s": len(files) / many,
               "python_s": took("-c", "pass", command=[sys.executable])}  # fmt: skip
    # The public corpus of real invites, when it is beside the repository: every file in one
    # process, as a batch of mixed real files is triaged (most are refused, each with its line).
    corpus = ROOT.parent / "shared" / "corpus" / "files"
    if corpus.is_dir():
        real = sorted(str(f) for f in corpus.rglob("*") if f.is_file())
        started = time.perf_counter()
        subprocess.run([*raincheck, "triage", "--me", USER, "--json", *real], env=env,
                       capture_output=True, check=False)  # fmt: skip
        figures["corpus_files"] = len(real)
        figures["corpus_per_s"] = len(real) / (time.perf_counter() - started)
    return figures


def _classification_time(folder: Path, clients: int) -> float:
    """Median seconds to weigh the sample invite's client (match, book, meetings) in a
    directory of ``clients`` clients, as every card does."""
    import sqlalchemy as sa

    from addon.directory.csvfile import read_csv
    from addon.directory.models import Client, ClientDomain
    from addon.directory.repository import Directory
    from addon.directory.store import Store
    from addon.invite.reader import read_invite
    from addon.triage.service import profile_for

    store = Store(f"sqlite:///{folder / f'scale-{clients}.sqlite3'}")
    store.upgrade()
    tenant, chunk = "scale.example", 50_000
    with store.engine.begin() as connection:
        for first in range(0, clients, chunk):
            rows = range(first, min(first + chunk, clients))
            ids = connection.execute(
                sa.insert(Client).returning(Client.id),
                [{"tenant": tenant, "name": f"Client {i}", "name_key": f"client {i}", "tier": "standard",
                  "annual_revenue_cents": 100_000 + i, "currency": "SEK", "notes": ""} for i in rows],
            ).scalars().all()  # fmt: skip
            connection.execute(
                sa.insert(ClientDomain),
                [{"tenant": tenant, "client_id": cid, "domain": f"c{i}.example"}
                 for cid, i in zip(ids, rows, strict=True)],
            )  # fmt: skip
    with store.session() as session:  # the sample's client, and the book kept by this import
        clients_csv = (ROOT / "addon" / "samples" / "clients.csv").read_bytes()
        Directory(session, tenant).import_records(read_csv(clients_csv), by="bench")
    invite = read_invite(sample())
    times = []
    for _ in range(200):
        started = time.perf_counter()
        with store.session() as session:
            profile = profile_for(Directory(session, tenant), invite, USER)
        times.append(time.perf_counter() - started)
    assert profile.name == "Nordvik Logistik AB", profile
    store.dispose()
    return statistics.median(times)


# Report ----------------------------------------------------------------------------------------


def _report(rows: list[dict[str, Any]], self_times: dict[str, tuple[float, float]],
            rss_before: list[float], rss_after: list[float], cli: dict[str, float],
            args: Any) -> None:  # fmt: skip
    bare = rows[0]["rate"]
    print(f"Raincheck benchmark, {time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores, "
          f"{args.workers} gunicorn workers x 4 threads, {args.connections} connections, "
          f"{args.seconds:g} s per endpoint (wrk)\n")  # fmt: skip
    print(f"{'endpoint':<16}{'req/s':>9}{'of bare':>9}{'p50 ms':>9}{'p99 ms':>9}"
          f"{'self p50':>10}{'self p99':>10}{'errors':>8}")  # fmt: skip
    for row in rows:
        p50, p99 = self_times[row["name"]]
        print(f"{row['name']:<16}{row['rate']:>9.0f}{row['rate'] / bare:>9.1%}{row['p50']:>9.1f}"
              f"{row['p99']:>9.1f}{p50:>10.2f}{p99:>10.2f}{row['errors']:>8}")  # fmt: skip
    message = next(r for r in rows if r["name"] == "gmail message")
    mp50, mp99 = self_times["gmail message"]
    total = sum(r["rate"] for r in rows) * args.seconds
    print(f"\nworker memory (RSS, MB): {_mb(rss_before)} before, {_mb(rss_after)} after "
          f"about {total:,.0f} requests")  # fmt: skip
    print(f"command line: --help {cli['help_s']:.2f} s, one triage {cli['triage_s']:.2f} s "
          f"(python -c pass {cli['python_s']:.2f} s), "
          f"{cli['files_per_s']:.0f} files/s in one triage of many")  # fmt: skip
    if "corpus_per_s" in cli:
        print(f"  the public corpus in one triage: {cli['corpus_files']:.0f} files, "
              f"{cli['corpus_per_s']:.0f} files/s")  # fmt: skip
    print("\ntargets:")
    ratio = message["rate"] / bare
    with_calendar = next(r for r in rows if r["name"] == "calendar on")["rate"] / message["rate"]
    checks = [
        ("calendar on, of message-open", with_calendar, TARGETS["calendar_ratio"], ">=", "{:.1%}"),
        ("message-open throughput of bare", ratio, TARGETS["message_ratio"], ">=", "{:.1%}"),
        ("message-open self time p50 (ms)", mp50, TARGETS["self_p50_ms"], "<", "{:.2f}"),
        ("message-open self time p99 (ms)", mp99, TARGETS["self_p99_ms"], "<", "{:.2f}"),
        ("worker RSS after the run (MB)", max(rss_after or [0.0]), TARGETS["rss_mb"], "<", "{:.0f}"),
        ("raincheck --help (s)", cli["help_s"], TARGETS["help_s"], "<", "{:.2f}"),
        ("raincheck triage, one invite (s)", cli["triage_s"], TARGETS["triage_s"], "<", "{:.2f}"),
    ]  # fmt: skip
    for name, value, target, way, shape in checks:
        met = value >= target if way == ">=" else value < target
        print(f"  {'met ' if met else 'MISS'} {name}: {shape.format(value)} "
              f"(target {way} {shape.format(target)})")  # fmt: skip


def _report_scale(scale: dict[int, float]) -> None:
    (small, small_s), (large, large_s) = sorted(scale.items())
    ratio = large_s / small_s
    met = ratio <= 1.2
    print(f"  {'met ' if met else 'MISS'} weighing a client with {large:,} clients in the "
          f"directory: {large_s * 1000:.2f} ms, {ratio:.2f}x its time with {small} "
          f"({small_s * 1000:.2f} ms; target <= 1.20x)")  # fmt: skip


def _mb(values: list[float]) -> str:
    return "/".join(f"{v:.0f}" for v in values) or "?"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait(url: str, server: subprocess.Popen[bytes] | None) -> None:
    for _ in range(300):
        if server is not None and server.poll() is not None:
            raise SystemExit("bench: gunicorn stopped")
        try:
            if requests.get(url, timeout=1).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.1)
    raise SystemExit(f"bench: {url} did not answer")


if __name__ == "__main__":
    sys.exit(main())
