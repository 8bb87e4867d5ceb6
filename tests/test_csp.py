"""The Content-Security-Policy every page declares is real and the site's own pages satisfy it."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser

from reformpress.pages.render import CONTENT_SECURITY_POLICY

from .kit.browser import SiteServer
from .kit.example import PAGE_KINDS
from .kit.site import SiteDir


def test_every_page_declares_the_policy(example_site: SiteDir) -> None:
    pages = sorted(example_site.output.rglob("*.html"))
    assert pages
    for file in pages:
        page = example_site.page(file.relative_to(example_site.output).as_posix())
        meta = page.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
        assert meta is not None and meta["content"] == CONTENT_SECURITY_POLICY, file
        assert not page.find("script", src=False, type=lambda t: t != "application/ld+json"), f"inline script in {file}"
        assert not [tag.name for tag in page.find_all(style=True)], f"inline style attribute in {file}"


@pytest.mark.parametrize("kind", sorted(PAGE_KINDS))
def test_no_policy_violations_while_reading(example_server: SiteServer, browser: Browser, kind: str) -> None:
    context = browser.new_context()
    page = context.new_page()
    refused: list[str] = []
    page.on("console", lambda message: refused.append(message.text) if "Content Security Policy" in message.text else None)
    page.goto(example_server.url + PAGE_KINDS[kind])
    page.wait_for_load_state("networkidle")
    if kind == "search":
        page.wait_for_selector("#search-results li", timeout=15_000)
    toggle = page.locator("[data-elder-toggle]")
    if toggle.count() and toggle.is_visible():
        toggle.click()  # the reader tools run under the policy too
    page.wait_for_timeout(200)
    reading = list(refused)
    # The policy is enforced: an inline script added to the page does not run.
    ran = page.evaluate("() => { const s = document.createElement('script'); s.textContent = 'window.__inline = 1'; document.head.appendChild(s); return window.__inline === 1; }")
    context.close()
    assert reading == []
    assert ran is False
