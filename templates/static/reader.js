/* reformpress reader preferences: 字号 (article text size), 长者模式 (elder mode) and 打印; the 本文目录's current section.
 *
 * Loaded with `defer`, so it does not hold up the first paint: prefs.js, the one small script that
 * does, has put the saved choices on <html> already, so the page never jumps.  The choice is kept
 * in localStorage and so follows the reader from page to page (and to other open tabs).  Without JavaScript the controls stay `hidden` and every page
 * works as it is; nothing here is needed to read.  ES5 on purpose: older phones of older readers.
 */
(function () {
  "use strict";
  var root = document.documentElement;
  var SIZE_KEY = "reformpress.textSize";
  var ELDER_KEY = "reformpress.elder";
  var SIZES = ["small", "medium", "large"];

  function save(key, value) {
    try { window.localStorage.setItem(key, value); } catch (e) { /* private mode: the choice lasts for this page */ }
  }

  function applySize(size) {
    if (SIZES.indexOf(size) < 0) { size = "medium"; }
    root.setAttribute("data-text-size", size);
    var buttons = document.querySelectorAll("button[data-text-size]");
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].setAttribute("aria-pressed", String(buttons[i].getAttribute("data-text-size") === size));
    }
  }
  function applyElder(on) {
    if (on) { root.setAttribute("data-elder", "on"); } else { root.removeAttribute("data-elder"); }
    var toggles = document.querySelectorAll("[data-elder-toggle]");
    for (var i = 0; i < toggles.length; i++) { toggles[i].setAttribute("aria-pressed", String(on)); }
  }

  if (!/(^| )js( |$)/.test(root.className)) { root.className += (root.className ? " " : "") + "js"; }  /* prefs.js has done it, unless a page left it out */

  function wire() {
    var shown = document.querySelectorAll("[data-reader-tools], [data-elder-toggle]");
    for (var i = 0; i < shown.length; i++) { shown[i].hidden = false; }
    applySize(root.getAttribute("data-text-size"));
    applyElder(root.hasAttribute("data-elder"));
    document.addEventListener("click", function (event) {
      var target = event.target;
      var button = target && target.closest ? target.closest("button") : null;
      if (!button) { return; }
      if (button.hasAttribute("data-text-size")) {
        var size = button.getAttribute("data-text-size");
        save(SIZE_KEY, size);
        applySize(size);
      } else if (button.hasAttribute("data-elder-toggle")) {
        var on = !root.hasAttribute("data-elder");
        save(ELDER_KEY, on ? "on" : "off");
        applyElder(on);
      } else if (button.hasAttribute("data-print")) {
        window.print();
      } else if (button.hasAttribute("data-share-system")) {
        share();
      } else if (button.hasAttribute("data-share-copy")) {
        copyLink();
      }
    });
    window.addEventListener("storage", function (event) {
      if (event.key === SIZE_KEY) { applySize(event.newValue); }
      if (event.key === ELDER_KEY) { applyElder(event.newValue === "on"); }
    });
    followSections();
  }

  /* 分享 and 复制链接 (phones and touch screens, instead of the QR code): the page's canonical address. */
  function pageUrl() {
    var canonical = document.querySelector("link[rel='canonical']");
    return canonical ? canonical.href : window.location.href;
  }
  function say(text) {
    var status = document.querySelector("[data-share-status]");
    if (status) { status.textContent = text; }
  }
  function share() {
    if (typeof navigator.share !== "function") { copyLink(); return; }
    navigator.share({ title: document.title, url: pageUrl() }).catch(function () { /* the reader closed the sheet */ });
  }
  function copyLink() {
    var url = pageUrl();
    function fallback() {
      var field = document.createElement("textarea");
      field.value = url;
      field.setAttribute("readonly", "");
      field.className = "visually-hidden";
      document.body.appendChild(field);
      field.select();
      var done = false;
      try { done = document.execCommand("copy"); } catch (e) { done = false; }
      document.body.removeChild(field);
      say(done ? "链接已复制" : "请长按复制：" + url);
    }
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(url).then(function () { say("链接已复制"); }, fallback);
    } else {
      fallback();
    }
  }

  /* 本文目录 (wide screens): the section being read is the last one whose top has passed the upper third
     of the window; its link gets aria-current="location" (marked for the eye by style.css, and said by
     screen readers).  Checked at most once a frame while scrolling. */
  function followSections() {
    var toc = document.querySelector("[data-toc]");
    if (!toc) { return; }
    var links = toc.querySelectorAll("a[href^='#']");
    var sections = [];
    for (var i = 0; i < links.length; i++) {
      var section = document.getElementById(links[i].getAttribute("href").slice(1));
      if (section) { sections.push({ link: links[i], section: section }); }
    }
    var pending = false;
    function mark() {
      pending = false;
      var current = null;
      for (var j = 0; j < sections.length; j++) {
        if (sections[j].section.getBoundingClientRect().top <= window.innerHeight / 3) { current = sections[j]; }
      }
      if (!current && sections.length) { current = sections[0]; }
      for (var k = 0; k < sections.length; k++) {
        if (sections[k] === current) { sections[k].link.setAttribute("aria-current", "location"); } else { sections[k].link.removeAttribute("aria-current"); }
      }
    }
    function later() { if (!pending) { pending = true; window.requestAnimationFrame(mark); } }
    window.addEventListener("scroll", later, { passive: true });
    window.addEventListener("resize", later);
    mark();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", wire);
  } else {
    wire();
  }
}());
