"""Drive the workbench as a newcomer would and photograph it: open the quarterly review, write
a call in the Gmail card and a shorter meeting in the Outlook pane, insert both."""

from __future__ import annotations

import sys
import tempfile
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright
from werkzeug.serving import make_server

from addon.app import create_app
from addon.workbench.resources import load_demo

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "addon" / "static" / "workbench" / "screenshot.png"
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
        threading.Thread(target=server.serve_forever, daemon=True).start()
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
            page = browser.new_page(
                viewport={"width": 1440, "height": 1000}, timezone_id="Europe/Stockholm"
            )
            page.goto(url + "/")
            page.click("text=Open in Gmail and Outlook")
            card = page.locator("#gmail-card")
            card.locator(".gc-decorated", has_text="Make it a call").locator("button").click()
            page.wait_for_selector("#gmail-card [data-card=reply]")
            card.locator(".gc-footer button").click()
            page.locator("#drafts li").first.wait_for()
            pane = page.frame_locator("#outlook-pane")
            pane.locator(".rc-fact", has_text="Make it shorter").locator("button").click()
            pane.locator("[data-card=reply]").wait_for()
            pane.locator(".rc-footer button").click()
            page.locator("#drafts li[data-host=Outlook]").wait_for()
            page.locator(".wb-bar").scroll_into_view_if_needed()
            page.screenshot(path=str(TARGET))
            browser.close()
        server.shutdown()
    print(f"wrote {TARGET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
