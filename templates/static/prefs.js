/* reformpress: the reader's saved choices on <html> before the first paint (字号 as data-text-size,
 * 长者模式 as data-elder), and <html class="js"> so that the tools reader.js wires take their place at
 * once.  The one script loaded without `defer`, and kept this small, because a page drawn first in
 * the default mode and then in 长者模式 jumps as a whole (a layout shift of ≈ 0.9 at 375 px).
 * Everything else is in reader.js, deferred.  ES5 on purpose: older phones of older readers.
 */
(function () {
  "use strict";
  var root = document.documentElement;
  function load(key) {
    try { return window.localStorage.getItem(key); } catch (e) { return null; }
  }
  var size = load("reformpress.textSize");
  root.setAttribute("data-text-size", size === "small" || size === "large" ? size : "medium");
  if (load("reformpress.elder") === "on") { root.setAttribute("data-elder", "on"); }
  root.className += (root.className ? " " : "") + "js" + (typeof navigator.share === "function" ? " can-share" : "");
}());
