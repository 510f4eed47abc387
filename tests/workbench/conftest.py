"""What the workbench's browser tests share: the workbench on a loopback port, a page at Gmail's
300-pixel sidebar and on a 1600-pixel screen, and the check that nothing overflows the card."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from tests.support.browser import live
from tests.workbench.test_workbench import development_app

WIDTHS = (300, 1600)
# Every element of the card inside the card's box, and nothing in it scrolling sideways.
OVERFLOW = """card => {
  const box = card.getBoundingClientRect();
  const out = [];
  for (const node of [card, ...card.querySelectorAll('*')]) {
    const r = node.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    const text = (node.textContent || '').trim().slice(0, 40);
    if (r.left < box.left - 0.5 || r.right > box.right + 0.5)
      out.push(`${node.tagName} ${Math.round(r.left)}-${Math.round(r.right)}: ${text}`);
    // A text field scrolls its own text, as it should; anything else scrolling has overflowed.
    const field = ['INPUT', 'TEXTAREA', 'SELECT'].includes(node.tagName);
    if (!field && node.scrollWidth > node.clientWidth + 1 && node.clientWidth > 0)
      out.push(`${node.tagName} scrolls ${node.scrollWidth}>${node.clientWidth}: ${text}`);
  }
  return out;
}"""


@pytest.fixture
def workbench_url(tmp_path: Path) -> Iterator[str]:
    with live(lambda url: development_app(tmp_path, url)) as url:
        yield url


@pytest.fixture(params=WIDTHS, ids=[f"{w}px" for w in WIDTHS])
def page_at_both_widths(request: pytest.FixtureRequest, chromium: Browser) -> Iterator[Page]:
    """A page at each of ``WIDTHS``. A module that wants it as its ``page`` says so with a
    fixture of its own; the others keep the one-width ``page`` of tests/support/browser.py."""
    context = chromium.new_context(
        locale="en-US",
        timezone_id="Europe/Stockholm",
        viewport={"width": request.param, "height": 900},
        accept_downloads=True,
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()
