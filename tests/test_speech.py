"""朗读 on a report page, in Chromium: the control appears only with a Chinese voice, reads the title and text in order, pauses, resumes and stops.

Headless Chromium here has no voices (no speech service runs), so the page is given the one
thing a reader's browser has and this one lacks: a ``speechSynthesis`` with a zh-CN voice, which
records what it is asked to say (the utterances themselves are the browser's own objects).
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup
from playwright.sync_api import Page, expect

from .kit.browser import SiteServer
from .kit.example import ARTICLE
from .kit.site import SiteDir

FAKE_SPEECH = """
(() => {
  const said = []; const calls = [];
  const synth = {
    paused: false, speaking: false, current: null,
    getVoices() { return [{ lang: "zh-CN", name: "普通话", voiceURI: "zh", default: true, localService: true }]; },
    speak(utterance) {
      said.push(utterance.text); this.current = utterance; this.speaking = true;
      setTimeout(() => { if (this.current === utterance && !this.paused) { this.current = null; utterance.onend && utterance.onend(); } }, 5);
    },
    pause() { calls.push("pause"); this.paused = true; },
    resume() { calls.push("resume"); this.paused = false; const u = this.current; if (u) { this.current = null; u.onend && u.onend(); } },
    cancel() { calls.push("cancel"); this.current = null; },
    addEventListener() {},
  };
  Object.defineProperty(window, "speechSynthesis", { value: synth, configurable: true });
  window.__said = said; window.__calls = calls;
})();
"""


def readable_text(example_site: SiteDir) -> str:
    """The report's title, editor's note, key figures and body as the page shows them, without spaces (what 朗读 must say, in this order)."""
    soup = BeautifulSoup((example_site.output / ARTICLE / "index.html").read_text(encoding="utf-8"), "html.parser")
    article = soup.select_one("article.article")
    for hidden in article.select('[aria-hidden="true"]'):
        hidden.decompose()
    blocks = article.select("h1, .editor-note p, .highlights li, .article-body h2, .article-body h3, .article-body h4, .article-body p, .article-body li, .article-body figcaption, .article-body td, .article-body th")
    parts = [block.get_text() for block in blocks if not any(inner in blocks for inner in block.find_all(True))]  # innermost blocks, in page order
    return re.sub(r"\s+", "", "".join(parts))


def test_without_a_chinese_voice_there_is_no_control(page: Page, example_server: SiteServer) -> None:
    page.goto(example_server.url + ARTICLE)
    page.wait_for_load_state("load")
    expect(page.locator("[data-speech]")).to_be_hidden()


def test_reading_aloud_says_the_title_then_the_text_in_order_and_can_pause_and_stop(page: Page, example_server: SiteServer, example_site: SiteDir) -> None:
    page.add_init_script(FAKE_SPEECH)
    page.goto(example_server.url + ARTICLE)
    start = page.get_by_role("button", name="朗读")
    expect(start).to_be_visible()
    start.focus()
    page.keyboard.press("Enter")  # keyboard operable
    page.wait_for_function("() => window.__said.length > 3")
    pause = page.get_by_role("button", name="暂停")
    expect(pause).to_be_focused()
    pause.click()
    assert "pause" in page.evaluate("window.__calls")
    expect(page.get_by_role("button", name="继续")).to_have_attribute("aria-pressed", "true")
    expect(page.get_by_role("status")).to_have_text("已暂停")
    page.get_by_role("button", name="继续").click()
    page.wait_for_function("() => document.querySelector('[data-speech-start]').hidden === false", timeout=30000)  # read to the end
    said = page.evaluate("window.__said")
    assert said[0].startswith("宁德市全面深化改革系列成果展示第16篇"), said[:2]
    assert re.sub(r"\s+", "", "".join(said)) == readable_text(example_site)
    expect(page.get_by_role("status")).to_have_text("朗读结束")
    start.click()
    page.wait_for_function(f"() => window.__said.length > {len(said) + 1}")
    page.get_by_role("button", name="停止").click()
    expect(start).to_be_visible()
    expect(start).to_be_focused()
    assert page.evaluate("window.__calls").count("cancel") >= 2
    assert page.evaluate("CSS.highlights.has('speech-reading')") is False


def test_the_sentence_being_read_is_highlighted(page: Page, example_server: SiteServer) -> None:
    page.add_init_script(FAKE_SPEECH.replace("setTimeout(", "void(").replace(", 5);", ");"))  # never ends: stays on the first sentence
    page.goto(example_server.url + ARTICLE)
    page.get_by_role("button", name="朗读").click()
    marked = page.evaluate("() => { const h = CSS.highlights.get('speech-reading'); return h ? [...h][0].toString() : null; }")
    first = page.evaluate("window.__said[0]")
    assert marked is not None and marked.replace("⑯", "").strip() == first  # the range spans the ordinal the voice skips (aria-hidden)


def test_the_controls_pass_axe_in_elder_mode_while_reading(browser, example_server: SiteServer) -> None:
    from .kit.browser import axe_violations

    context = browser.new_context(bypass_csp=True)  # axe is injected inline; test_csp.py checks the policy
    tab = context.new_page()
    tab.add_init_script(FAKE_SPEECH.replace("setTimeout(", "void(").replace(", 5);", ");"))
    tab.add_init_script("localStorage.setItem('reformpress.elder', 'on')")
    tab.goto(example_server.url + ARTICLE)
    tab.get_by_role("button", name="朗读").click()
    expect(tab.get_by_role("button", name="停止")).to_be_visible()
    assert tab.evaluate("document.documentElement.hasAttribute('data-elder')")
    assert axe_violations(tab) == []
    context.close()
