/* 朗读 (reading aloud, 适老化): the report's title and text read in order by the browser's own
 * speech synthesis (speechSynthesis, a Chinese voice), sentence by sentence, the sentence being
 * read highlighted. No third-party service and no audio files. The control stays hidden when
 * the browser has no Chinese voice (or no JavaScript).
 */
(function () {
  "use strict";
  var synth = window.speechSynthesis;
  var control = document.querySelector("[data-speech]");
  var article = document.querySelector("article.article");
  if (!synth || typeof window.SpeechSynthesisUtterance === "undefined" || !control || !article) return;
  var start = control.querySelector("[data-speech-start]");
  var pause = control.querySelector("[data-speech-pause]");
  var stop = control.querySelector("[data-speech-stop]");
  var status = control.querySelector("[data-speech-status]");
  var BLOCKS = "h1, .editor-note p, .highlights li, .article-body h2, .article-body h3, .article-body h4, .article-body p, .article-body li, .article-body figcaption, .article-body td, .article-body th";
  var queue = [];
  var index = 0;
  var state = "idle";

  function chineseVoice() {
    var voices = synth.getVoices() || [];
    var best = null;
    for (var i = 0; i < voices.length; i++) {
      var lang = (voices[i].lang || "").toLowerCase().replace("_", "-");
      if (lang === "zh-cn") return voices[i];
      if (!best && lang.indexOf("zh") === 0) best = voices[i];
    }
    return best;
  }

  function shown(node) {
    for (var el = node.parentElement; el && el !== article; el = el.parentElement) {
      if (el.getAttribute("aria-hidden") === "true" || el.hidden) return false;
    }
    return true;
  }

  /* Each sentence of each block, with the DOM range it covers (for the highlight). */
  function sentences() {
    var found = [];
    var blocks = Array.prototype.filter.call(article.querySelectorAll(BLOCKS), function (block) {
      return !block.querySelector(BLOCKS) && !block.closest("[data-speech-skip]");
    });
    blocks.forEach(function (block) {
      var walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
      var pieces = [];
      var text = "";
      for (var node = walker.nextNode(); node; node = walker.nextNode()) {
        if (!shown(node)) continue;
        pieces.push({ node: node, start: text.length });
        text += node.nodeValue;
      }
      var pattern = /[^。！？!?；;]+[。！？!?；;]*[”」’』）)]*/g;
      var match;
      while ((match = pattern.exec(text)) !== null) {
        var said = match[0].replace(/\s+/g, " ").trim();
        if (!said) continue;
        found.push({ text: said, range: rangeOf(pieces, match.index, match.index + match[0].length) });
      }
    });
    return found;
  }

  function rangeOf(pieces, from, to) {
    var range = document.createRange();
    var started = false;
    for (var i = 0; i < pieces.length; i++) {
      var piece = pieces[i];
      var end = piece.start + piece.node.nodeValue.length;
      if (!started && from < end) {
        range.setStart(piece.node, from - piece.start);
        started = true;
      }
      if (started && to <= end) {
        range.setEnd(piece.node, to - piece.start);
        return range;
      }
    }
    if (pieces.length) {
      var last = pieces[pieces.length - 1].node;
      range.setEnd(last, last.nodeValue.length);
    }
    return range;
  }

  function highlight(range) {
    if (window.CSS && CSS.highlights && typeof window.Highlight === "function") {
      if (range) CSS.highlights.set("speech-reading", new Highlight(range));
      else CSS.highlights.delete("speech-reading");
    }
  }

  function say(words) {
    status.textContent = words;
  }

  function show(next) {
    state = next;
    start.hidden = state !== "idle";
    pause.hidden = stop.hidden = state === "idle";
    pause.textContent = state === "paused" ? "继续" : "暂停";
    pause.setAttribute("aria-pressed", state === "paused" ? "true" : "false");
  }

  function speakNext() {
    if (state !== "speaking") return;
    if (index >= queue.length) {
      finish("朗读结束");
      return;
    }
    var sentence = queue[index];
    var utterance = new SpeechSynthesisUtterance(sentence.text);
    var voice = chineseVoice();
    utterance.lang = voice ? voice.lang : "zh-CN";
    try {
      if (voice) utterance.voice = voice;
    } catch (ignored) { /* a voice the browser did not make itself: its language is enough */ }
    utterance.onend = function () {
      if (state === "idle") return;
      index += 1;
      speakNext();
    };
    highlight(sentence.range);
    synth.speak(utterance);
  }

  function finish(words) {
    synth.cancel();
    highlight(null);
    show("idle");
    say(words);
    start.focus();
  }

  start.addEventListener("click", function () {
    synth.cancel();
    queue = sentences();
    index = 0;
    show("speaking");
    say("开始朗读");
    pause.focus();
    speakNext();
  });
  pause.addEventListener("click", function () {
    if (state === "speaking") {
      synth.pause();
      show("paused");
      say("已暂停");
    } else if (state === "paused") {
      show("speaking");  // first: the sentence may end as soon as it resumes
      say("继续朗读");
      synth.resume();
    }
  });
  stop.addEventListener("click", function () {
    finish("已停止朗读");
  });
  window.addEventListener("pagehide", function () {
    synth.cancel();
  });

  function offer() {
    control.hidden = !chineseVoice();
  }
  offer();
  if (synth.addEventListener) synth.addEventListener("voiceschanged", offer);
})();
