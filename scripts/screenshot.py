"""Retake the README's pictures of the workbench: the tour in tests/support/tour.py (the Gmail
card's advice, reply and bow-out at Gmail's 300-pixel sidebar width, and both hosts side by
side), with Debian's headless Chromium."""

from __future__ import annotations

import sys
import tempfile
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright
from werkzeug.serving import make_server

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from addon.app import create_app
from addon.workbench.resources import freeze, load_demo
from tests.support.tour import NOW, ROOT, SHOTS, VIEWPORT, ZONE, tour

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        server = make_server("127.0.0.1", 0, lambda e, s: app(e, s), threaded=True)
        url = f"http://127.0.0.1:{server.server_port}"
        app = create_app(
            {
                "ENV": "development",
                "PUBLIC_URL": url,
                "INSTANCE_PATH": folder,
                "DATABASE_URL": f"sqlite:///{folder}/workbench.sqlite3",
            }
        )
        load_demo(app)
        freeze(app, NOW)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
            page = browser.new_page(viewport=VIEWPORT, timezone_id=ZONE)
            (SHOTS / "screens").mkdir(exist_ok=True)
            tour(page, url, shoot=True)
            browser.close()
        server.shutdown()
    print(f"wrote the pictures in {SHOTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
