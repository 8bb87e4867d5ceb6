// A Markdown case file as the desk's form sees it, and the form written back by patching: the
// browser's twin of reformpress/desk/casefile.py, for a desk over Decap's git backends (GitLab,
// Gitea), where no Python stands between the form and the file.  Both must write the same bytes:
// tests/test_desk_export.py runs this file in Chromium against casefile.py on every example report.
//
// toForm(text) gives the front-matter keys and one `section_<key>` text per schema section (the
// build's heading rules, aliases included); fromForm(original, form) patches `original`: an
// unchanged form gives the same text back, a changed key replaces only its own lines, a changed
// section only its own text, and what the form does not show (unknown keys, comments, unknown
// sections) is kept.  The front matter is read only as far as the desk needs it: a value this file
// cannot read for sure is left out of the form and never rewritten unless the editor types a new one.
//
// Loaded as a plain script: it defines window.ReformpressCasefile and touches nothing else.
(function (global) {
  "use strict";

  var FORM_KEYS = ["title", "number", "date", "source", "units", "editor", "regions", "tags", "summary", "slug", "cover", "draft", "highlights", "review"];
  var SECTION_PREFIX = "section_";
  var ORIGINAL = "desk_original"; // the file's text as it was read, kept in a hidden form field
  var DESK_KEYS = ["pictures", "file", "attention", ORIGINAL];

  // Python's str.isspace() characters, so that strip() and \s mean here what they mean in casefile.py.
  var WS = "\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";
  var HEADING_RE = new RegExp("^##(?!#)[" + WS + "]*([^\\n]*?)[" + WS + "]*#*[" + WS + "]*$", "u");
  var FENCE_RE = new RegExp("^[" + WS + "]{0,3}(```|~~~)", "u");
  var ORDINAL_RE = new RegExp("^(?:[一二三四五六七八九十]+[、.．]|（[一二三四五六七八九十]+）|\\p{Nd}+[、.．][" + WS + "]*)", "u");
  var SPACES_RE = new RegExp("[" + WS + "\\u3000*]+", "gu");
  var DATE_RE = /^\p{Nd}{4}-\p{Nd}{1,2}-\p{Nd}{1,2}(?: \p{Nd}{1,2}:\p{Nd}{2}(?::\p{Nd}{2})?)?$/u;
  var LSTRIP_RE = new RegExp("^[" + WS + "]+", "u");
  var RSTRIP_RE = new RegExp("[" + WS + "]+$", "u");

  function Unreadable(why) { this.why = why; }

  function strip(s) { return s.replace(LSTRIP_RE, "").replace(RSTRIP_RE, ""); }
  function rstrip(s) { return s.replace(RSTRIP_RE, ""); }
  function stripNewlines(s) { return s.replace(/^\n+/, "").replace(/\n+$/, ""); }
  function has(object, key) { return Object.prototype.hasOwnProperty.call(object, key) && object[key] !== undefined; }
  function isMapping(value) { return value !== null && typeof value === "object" && !Array.isArray(value); }

  // --- headings, as reformpress/content/sections.py matches them ---------------------------

  function normaliseHeading(text) {
    text = text.replace(SPACES_RE, "").replace(ORDINAL_RE, "");
    return text.replace(/[:：]+$/u, "");
  }

  function matchHeading(text, specs) {
    var wanted = normaliseHeading(text);
    for (var i = 0; i < specs.length; i++) {
      var spec = specs[i];
      if (wanted === spec.heading || wanted === spec.key || (spec.aliases || []).indexOf(wanted) >= 0) { return spec; }
    }
    return null;
  }

  function isPlaceholder(line, marks) {
    var start = line.replace(LSTRIP_RE, "");
    return marks.some(function (mark) { return start.indexOf(mark) === 0; });
  }

  // --- reading the front matter's YAML, only as far as the desk needs ----------------------

  var BOOL_RE = /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/;
  var TRUE_RE = /^(?:yes|Yes|YES|true|True|TRUE|on|On|ON)$/;
  var NULL_RE = /^(?:~|null|Null|NULL|)$/;
  var LOADER_INT_RE = /^(?:[-+]?0b[0-1_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/;
  var FLOAT_RE = /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;

  // A plain scalar as reformpress's YAML loader reads it (YAML 1.1, no octal, dates as text).
  function plain(text, inList) {
    if (NULL_RE.test(text)) { return null; }
    if (/^[yYnNtTfFoO]/.test(text) && BOOL_RE.test(text)) {
      if (inList) { throw new Unreadable("yes/no in a list"); } // the build reports it: the file is not a case the desk reads
      return TRUE_RE.test(text);
    }
    if (/^[-+0-9]/.test(text) && LOADER_INT_RE.test(text)) {
      if (!/^[-+]?(?:0|[1-9][0-9]*)$/.test(text) || Math.abs(Number(text)) > 9007199254740991) { throw new Unreadable("int"); }
      return Number(text);
    }
    if (/^[-+0-9.]/.test(text) && FLOAT_RE.test(text)) {
      var value = Number(text);
      // Only where JavaScript and Python write the number the same way.
      if (!/^[-+]?[0-9]+\.[0-9]+$/.test(text) || Number.isInteger(value) || Math.abs(value) >= 1e16 || Math.abs(value) < 1e-4) { throw new Unreadable("float"); }
      return value;
    }
    if (text === "<<" || text === "=") { throw new Unreadable("tag"); }
    return text;
  }

  var ESCAPES = { "0": "\0", a: "\x07", b: "\b", t: "\t", "\t": "\t", n: "\n", v: "\v", f: "\f", r: "\r", e: "\x1b", " ": " ", '"': '"', "/": "/", "\\": "\\", N: "\x85", _: "\xa0", L: "\u2028", P: "\u2029" };

  // One value of flow text (a line's rest, or several lines of a [ ] or { }): [value, next index].
  function flowValue(s, i, inFlow) {
    while (i < s.length && (s[i] === " " || s[i] === "\t" || (inFlow && s[i] === "\n"))) { i++; }
    var c = s[i];
    if (c === "[" || c === "{") {
      var closing = c === "[" ? "]" : "}", items = c === "[" ? [] : {};
      i++;
      for (;;) {
        while (i < s.length && /[ \t\n]/.test(s[i])) { i++; }
        if (s[i] === closing) { return [items, i + 1]; }
        if (i >= s.length) { throw new Unreadable("unclosed"); }
        if (c === "[") {
          var item = flowValue(s, i, true);
          if (isMapping(item[0]) && item[0].__pair) { throw new Unreadable("pair in list"); }
          items.push(item[0]);
          i = item[1];
        } else {
          var key = flowValue(s, i, true);
          if (typeof key[0] !== "string" || s[key[1]] !== ":") { throw new Unreadable("key"); }
          var value = flowValue(s, key[1] + 1, true);
          if (has(items, key[0])) { throw new Unreadable("duplicate"); }
          items[key[0]] = value[0];
          i = value[1];
        }
        while (i < s.length && /[ \t\n]/.test(s[i])) { i++; }
        if (s[i] === ",") { i++; } else if (s[i] !== closing) { throw new Unreadable("separator"); }
      }
    }
    if (c === '"') {
      var out = "";
      for (i++; i < s.length && s[i] !== '"'; i++) {
        if (s[i] === "\n") { throw new Unreadable("multi-line quote"); }
        if (s[i] !== "\\") { out += s[i]; continue; }
        var e = s[++i], size = { x: 2, u: 4, U: 8 }[e];
        if (size) {
          var hex = s.substr(i + 1, size);
          if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== size) { throw new Unreadable("escape"); }
          out += String.fromCodePoint(parseInt(hex, 16));
          i += size;
        } else if (has(ESCAPES, e)) {
          out += ESCAPES[e];
        } else { throw new Unreadable("escape"); }
      }
      if (i >= s.length) { throw new Unreadable("unclosed quote"); }
      return [out, i + 1];
    }
    if (c === "'") {
      var text = "";
      for (i++; ; i++) {
        if (i >= s.length || s[i] === "\n") { throw new Unreadable("quote"); }
        if (s[i] === "'") {
          if (s[i + 1] === "'") { text += "'"; i++; continue; }
          return [text, i + 1];
        }
        text += s[i];
      }
    }
    if (c !== undefined && "&*!|>%@`#".indexOf(c) >= 0 && !(c === "#" && !inFlow)) { throw new Unreadable("indicator"); }
    var start = i;
    while (i < s.length) {
      var ch = s[i];
      if (ch === "\n") { break; }
      if (inFlow && ",[]{}".indexOf(ch) >= 0) { break; }
      if (ch === ":" && (i + 1 >= s.length || /[ \t\n]/.test(s[i + 1]) || (inFlow && ",[]{}".indexOf(s[i + 1]) >= 0))) { break; }
      if (ch === ":" && inFlow) { throw new Unreadable("colon"); } // PyYAML's reading of a: in [ ] varies by version
      if (ch === "#" && i > start && /[ \t]/.test(s[i - 1])) { break; }
      i++;
    }
    var raw = s.slice(start, i).replace(/[ \t]+$/, "");
    if (raw.indexOf("#") === 0) { raw = ""; i = start; }
    return [plain(raw, inFlow), i];
  }

  // The rest of a line after a value: only spaces and a comment may follow.
  function endOfLine(s, i) {
    var rest = s.slice(i);
    if (!/^[ \t]*(?:#.*)?$/.test(rest.split("\n")[0]) || rest.indexOf("\n") >= 0 && !/^[ \t]*(?:#[^\n]*)?(?:\n[ \t]*(?:#[^\n]*)?)*$/.test(rest)) {
      throw new Unreadable("trailing text");
    }
  }

  function inline(text) {
    var got = flowValue(text, 0, false);
    endOfLine(text, got[1]);
    return got[0];
  }

  function indentOf(line) { return line.length - line.replace(/^ +/, "").length; }
  function blankOrComment(line) { return /^[ \t]*(?:#.*)?$/.test(line); }

  // A top-level key's value from its lines ([0] is "key: …").
  function keyValue(rest, more) {
    var head = rest.replace(/^[ \t]+/, "");
    var block = /^\|([-+]?)[ \t]*(?:#.*)?$/.exec(head);
    if (block) { return literal(block[1], more); }
    if (/^[[{]/.test(head)) {
      var joined = [rest].concat(more).join("\n"), got = flowValue(joined, 0, false);
      endOfLine(joined, got[1]);
      return got[0];
    }
    if (!blankOrComment(rest)) {
      if (more.some(function (line) { return !blankOrComment(line); })) { throw new Unreadable("continued"); }
      return inline(rest);
    }
    var lines = more.filter(function (line) { return !blankOrComment(line); });
    if (!lines.length) { return null; }
    var indent = indentOf(lines[0]);
    if (lines.some(function (line) { return indentOf(line) !== indent || /^\t/.test(line.slice(indent)); })) { throw new Unreadable("nested"); }
    if (/^-(?: |$)/.test(lines[0].slice(indent))) {
      return lines.map(function (line) {
        var item = line.slice(indent);
        if (!/^-(?: |$)/.test(item)) { throw new Unreadable("mixed"); }
        return inline(item.slice(1));
      });
    }
    var mapping = {};
    lines.forEach(function (line) {
      var key = flowValue(line.slice(indent), 0, false);
      if (typeof key[0] !== "string" || line.slice(indent)[key[1]] !== ":" || has(mapping, key[0])) { throw new Unreadable("mapping"); }
      mapping[key[0]] = inline(line.slice(indent).slice(key[1] + 1));
    });
    return mapping;
  }

  function literal(chomp, more) {
    var end = more.length;
    while (end > 0 && !more[end - 1].trim()) { end--; }
    var first = more.findIndex(function (line) { return line.trim() !== ""; });
    if (first < 0) { return chomp === "+" ? more.map(function () { return "\n"; }).join("") : ""; }
    var indent = indentOf(more[first]);
    if (indent === 0) { throw new Unreadable("literal"); }
    var content = [];
    for (var i = 0; i < end; i++) {
      var line = more[i];
      if (!line.trim()) {
        if (indentOf(line) > indent && i < first) { throw new Unreadable("literal"); }
        content.push(line.slice(indent));
      } else if (indentOf(line) >= indent) {
        content.push(line.slice(indent));
      } else if (/^ *#/.test(line) && more.slice(i).every(blankOrComment)) {
        end = i;
        break;
      } else { throw new Unreadable("literal"); }
    }
    while (content.length && content[content.length - 1] === "" && chomp !== "+") { content.pop(); }
    var text = content.join("\n");
    if (chomp === "-") { return text; }
    if (chomp === "+") { return text + "\n" + more.slice(content.length, more.length).map(function () { return "\n"; }).join(""); }
    return text + "\n";
  }

  var WIDE_COLON_RE = /^\s*(?:-\s+)?[A-Za-z_][\w-]*\s*(?:：|:\u3000)/;

  // The front matter: its lines, each top-level key's span [start, end), the values read.
  function front(lines) {
    if (lines.some(function (line) { return WIDE_COLON_RE.test(line); })) { throw new Unreadable("wide colon"); }
    var starts = [];
    lines.forEach(function (line, number) {
      if (!line || /^[ \t#]/.test(line) || /^-(?: |$)/.test(line)) { return; }
      var key = null;
      try { key = flowValue(line, 0, false); } catch (e) { key = null; }
      if (key === null || line[key[1]] !== ":" || typeof key[0] !== "string" && typeof key[0] !== "number") {
        if (!starts.length) { throw new Unreadable("key line"); }
        return; // the end of a [ ] or { } over several lines: part of the key above (its value is read, or not, with it)
      }
      starts.push({ line: number, key: String(key[0]), rest: line.slice(key[1] + 1) });
    });
    var spans = {}, data = {}, unread = {};
    starts.forEach(function (start, number) {
      if (has(spans, start.key)) { throw new Unreadable("duplicate key"); }
      var next = number + 1 < starts.length ? starts[number + 1].line : lines.length;
      var end = next;
      while (end > start.line + 1 && (!strip(lines[end - 1]) || lines[end - 1].replace(LSTRIP_RE, "").indexOf("#") === 0)) { end--; }
      spans[start.key] = [start.line, end];
      try {
        data[start.key] = keyValue(start.rest, lines.slice(start.line + 1, next));
      } catch (e) {
        if (!(e instanceof Unreadable)) { throw e; }
        if (e.why === "yes/no in a list") { throw e; }
        unread[start.key] = true;
      }
    });
    return { lines: lines, spans: spans, data: data, unread: unread };
  }

  function split(text) {
    var lines = text.split("\n");
    if (!lines.length || strip(lines[0]) !== "---") { throw new Unreadable("no front matter"); }
    for (var end = 1; end < lines.length; end++) {
      var line = rstrip(lines[end]);
      if (line === "---" || line === "...") { return [lines.slice(1, end), lines.slice(end + 1)]; }
    }
    throw new Unreadable("unclosed front matter");
  }

  // --- sections -------------------------------------------------------------------------------

  function sections(body, specs) {
    var found = [], fence = null;
    body.forEach(function (line, number) {
      var mark = FENCE_RE.exec(line);
      if (mark) {
        fence = fence === mark[1] ? null : (fence || mark[1]);
        return;
      }
      var heading = fence === null ? HEADING_RE.exec(line) : null;
      if (heading) {
        var spec = matchHeading(heading[1], specs);
        found.push([spec ? spec.key : null, number]);
      }
    });
    return found.map(function (item, i) { return { key: item[0], heading: item[1], end: i + 1 < found.length ? found[i + 1][1] : body.length }; });
  }

  function sectionText(body, section) { return stripNewlines(body.slice(section.heading + 1, section.end).join("\n")); }

  function shownText(text, marks) {
    return rstrip(stripNewlines(text.split("\n").filter(function (line) { return !isPlaceholder(line, marks); }).join("\n")));
  }

  // --- comparing and writing values as casefile.py does ----------------------------------------

  function pyStr(value) {
    if (value === true) { return "True"; }
    if (value === false) { return "False"; }
    if (value === null || value === undefined) { return "None"; }
    return String(value);
  }

  function canonical(value) {
    if (value === null || value === undefined || value === false || value === "") { return null; }
    if (Array.isArray(value) && !value.length) { return null; }
    if (isMapping(value) && !Object.keys(value).length) { return null; }
    if (value === true) { return true; }
    if (typeof value === "number") { return String(value); }
    if (typeof value === "string") { return strip(value) || null; }
    if (Array.isArray(value)) {
      var items = value.map(canonical).filter(function (item) { return item !== null; });
      return items.length ? items : null;
    }
    if (isMapping(value)) {
      var pairs = {};
      Object.keys(value).sort().forEach(function (key) {
        var item = canonical(value[key]);
        if (item !== null) { pairs[key] = item; }
      });
      return Object.keys(pairs).length ? pairs : null;
    }
    return String(value);
  }

  function same(a, b) { return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b)); }

  // PyYAML's choice of plain, 'single' or "double" quotes for one string in a flow list.
  var BREAKS = "\n\x85\u2028\u2029", SPACE_OR_BREAK = "\0 \t\r\n\x85\u2028\u2029";

  function resolvesToText(text) {
    if (text === "") { return false; }
    var c = text[0];
    var tests = [
      ["yYnNtTfFoO", BOOL_RE], ["-+0123456789.", FLOAT_RE],
      ["-+0123456789", /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/],
      ["<", /^<<$/], ["~nN", /^(?:~|null|Null|NULL)$/],
      ["0123456789", /^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$/],
      ["=", /^=$/], ["!&*", /^(?:!|&|\*)$/]
    ];
    return !tests.some(function (test) { return test[0].indexOf(c) >= 0 && test[1].test(text); });
  }

  function analyse(text) {
    var chars = Array.from(text);
    if (!chars.length) { return { flowPlain: false, single: true }; }
    var flowIndicators = false, lineBreaks = false, special = false;
    var leadingSpace = false, leadingBreak = false, trailingSpace = false, trailingBreak = false, breakSpace = false, spaceBreak = false;
    if (text.indexOf("---") === 0 || text.indexOf("...") === 0) { flowIndicators = true; }
    var precededByWhitespace = true, followedByWhitespace = chars.length === 1 || SPACE_OR_BREAK.indexOf(chars[1]) >= 0;
    var previousSpace = false, previousBreak = false;
    for (var index = 0; index < chars.length; index++) {
      var ch = chars[index], code = ch.codePointAt(0);
      if (index === 0) {
        if ("#,[]{}&*!|>'\"%@`".indexOf(ch) >= 0 || "?:".indexOf(ch) >= 0 || (ch === "-" && followedByWhitespace)) { flowIndicators = true; }
      } else if (",?[]{}:".indexOf(ch) >= 0 || (ch === "#" && precededByWhitespace)) { flowIndicators = true; }
      if (BREAKS.indexOf(ch) >= 0) { lineBreaks = true; }
      if (!(ch === "\n" || (code >= 0x20 && code <= 0x7e))) {
        if (!((code === 0x85 || (code >= 0xa0 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code < 0x10ffff)) && code !== 0xfeff)) { special = true; }
      }
      if (ch === " ") {
        if (index === 0) { leadingSpace = true; }
        if (index === chars.length - 1) { trailingSpace = true; }
        if (previousBreak) { breakSpace = true; }
        previousSpace = true; previousBreak = false;
      } else if (BREAKS.indexOf(ch) >= 0) {
        if (index === 0) { leadingBreak = true; }
        if (index === chars.length - 1) { trailingBreak = true; }
        if (previousSpace) { spaceBreak = true; }
        previousSpace = false; previousBreak = true;
      } else { previousSpace = false; previousBreak = false; }
      precededByWhitespace = SPACE_OR_BREAK.indexOf(ch) >= 0;
      followedByWhitespace = index + 2 >= chars.length || SPACE_OR_BREAK.indexOf(chars[index + 2]) >= 0;
    }
    var flowPlain = true, single = true;
    if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) { flowPlain = false; }
    if (breakSpace) { flowPlain = single = false; }
    if (spaceBreak || special) { flowPlain = single = false; }
    if (lineBreaks) { flowPlain = false; single = false; } // PyYAML would write a multi-line 'quote': never from the desk's one-line fields
    if (flowIndicators) { flowPlain = false; }
    return { flowPlain: flowPlain, single: single };
  }

  var REPLACEMENTS = { "\0": "0", "\x07": "a", "\b": "b", "\t": "t", "\n": "n", "\v": "v", "\f": "f", "\r": "r", "\x1b": "e", '"': '"', "\\": "\\", "\x85": "N", "\xa0": "_", "\u2028": "L", "\u2029": "P" };

  function doubleQuoted(text) {
    return '"' + Array.from(text).map(function (ch) {
      var code = ch.codePointAt(0);
      var keep = '"\\\x85\u2028\u2029\ufeff'.indexOf(ch) < 0 && ((code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd));
      if (keep) { return ch; }
      if (has(REPLACEMENTS, ch)) { return "\\" + REPLACEMENTS[ch]; }
      var hex = code.toString(16).toUpperCase();
      return code <= 0xff ? "\\x" + hex.padStart(2, "0") : code <= 0xffff ? "\\u" + hex.padStart(4, "0") : "\\U" + hex.padStart(8, "0");
    }).join("") + '"';
  }

  function scalar(value) {
    if (typeof value === "boolean") { return value ? "true" : "false"; }
    if (typeof value === "number" && Number.isInteger(value)) { return String(value); }
    var text = strip(pyStr(value));
    if (DATE_RE.test(text)) { return text; }
    var analysis = analyse(text);
    if (resolvesToText(text) && analysis.flowPlain) { return text; }
    if (analysis.single) { return "'" + text.replace(/'/g, "''") + "'"; }
    return doubleQuoted(text);
  }

  function flowList(values) { return "[" + values.map(scalar).join(", ") + "]"; }

  function yamlLines(key, value) {
    if (key === "highlights" && Array.isArray(value)) {
      var lines = [key + ":"];
      value.forEach(function (item) {
        if (!isMapping(item)) { return; }
        var pairs = ["value", "unit", "label"].filter(function (name) { return canonical(item[name]) !== null; }).map(function (name) { return name + ": " + scalar(item[name]); });
        lines.push("  - {" + pairs.join(", ") + "}");
      });
      return lines;
    }
    if (isMapping(value)) {
      return [key + ":"].concat(Object.keys(value).map(function (name) {
        return rstrip("  " + name + ": " + (canonical(value[name]) !== null ? scalar(value[name]) : ""));
      }));
    }
    if (Array.isArray(value)) { return [key + ": " + flowList(value.filter(function (item) { return canonical(item) !== null; }))]; }
    if (typeof value === "string" && strip(value).indexOf("\n") >= 0) {
      return [key + ": |"].concat(strip(value).split("\n").map(function (line) { return rstrip("  " + line); }));
    }
    return [key + ": " + scalar(value)];
  }

  function normal(key, value) {
    if (key === "number" && typeof value === "string" && /^[0-9]+$/.test(strip(value))) { return parseInt(strip(value), 10); }
    return value;
  }

  // --- the two directions ------------------------------------------------------------------------

  function toForm(text, settings) {
    var parts = split(text), head = front(parts[0]);
    var form = {};
    Object.keys(head.data).forEach(function (key) { form[key] = head.data[key]; });
    settings.sections.forEach(function (spec) { form[SECTION_PREFIX + spec.key] = ""; });
    sections(parts[1], settings.sections).forEach(function (section) {
      if (section.key !== null && !form[SECTION_PREFIX + section.key]) {
        form[SECTION_PREFIX + section.key] = shownText(sectionText(parts[1], section), settings.placeholders);
      }
    });
    return form;
  }

  function fromForm(original, form, settings) {
    if (original === null || original === undefined) { original = "---\n---\n"; }
    var parts = split(original), frontLines = parts[0], body = parts[1], head = front(frontLines);
    var replaced = {}, inserts = {}, last = 0;
    FORM_KEYS.forEach(function (key) {
      var span = has(head.spans, key) ? head.spans[key] : null;
      if (!has(form, key)) {
        last = span ? span[1] : last;
        return;
      }
      var value = normal(key, form[key]);
      if (span !== null) {
        last = span[1];
        if (has(head.unread, key)) {
          if (canonical(value) !== null) { replaced[span[0]] = [span[1], yamlLines(key, value)]; } // what the desk could not read stays, unless a new value is typed
        } else if (!same(head.data[key], value)) {
          replaced[span[0]] = [span[1], canonical(value) !== null ? yamlLines(key, value) : []];
        }
      } else if (canonical(value) !== null) {
        inserts[last] = (inserts[last] || []).concat(yamlLines(key, value));
      }
    });
    var newBody = patchedBody(body, form, settings);
    if (!Object.keys(replaced).length && !Object.keys(inserts).length && newBody === null) { return original; }
    var patched = [], index = 0;
    while (index < frontLines.length) {
      if (inserts[index]) { patched.push.apply(patched, inserts[index]); delete inserts[index]; }
      if (replaced[index]) {
        patched.push.apply(patched, replaced[index][1]);
        index = replaced[index][0];
        continue;
      }
      patched.push(frontLines[index]);
      index += 1;
    }
    if (inserts[frontLines.length]) { patched.push.apply(patched, inserts[frontLines.length]); }
    var all = original.split("\n");
    return [all[0]].concat(patched, [all[frontLines.length + 1]], newBody === null ? body : newBody).join("\n");
  }

  function sectionValue(value) {
    var text = value === null || value === undefined || value === "" || value === 0 || value === false ? "" : String(value);
    return rstrip(stripNewlines(text.split("\r\n").join("\n")));
  }

  function patchedBody(body, form, settings) {
    var specs = settings.sections, found = sections(body, specs), byKey = {};
    found.forEach(function (section) { if (section.key !== null && !has(byKey, section.key)) { byKey[section.key] = section; } });
    var edits = [], atEnd = [], order = specs.map(function (spec) { return spec.key; });
    specs.forEach(function (spec, index) {
      var name = SECTION_PREFIX + spec.key;
      if (!has(form, name)) { return; }
      var value = sectionValue(form[name]), written = has(byKey, spec.key) ? byKey[spec.key] : null;
      if (written !== null) {
        if (shownText(sectionText(body, written), settings.placeholders) === value) { return; }
        if (!value && !spec.required) {
          edits.push([written.heading, written.end, index, []]);
        } else {
          edits.push([written.heading + 1, written.end, index, value ? [""].concat(value.split("\n"), [""]) : [""]]);
        }
      } else if (value) {
        var later = order.slice(index + 1).filter(function (key) { return has(byKey, key); }).map(function (key) { return byKey[key].heading; });
        if (later.length) {
          var at = Math.min.apply(null, later);
          edits.push([at, at, index, ["## " + spec.heading, ""].concat(value.split("\n"), [""])]);
        } else {
          atEnd = atEnd.concat(["", "## " + spec.heading, ""], value.split("\n"));
        }
      }
    });
    if (!edits.length && !atEnd.length) { return null; }
    var out = body.slice();
    edits.sort(function (a, b) { return b[0] - a[0] || b[1] - a[1] || b[2] - a[2]; });
    edits.forEach(function (edit) { out.splice.apply(out, [edit[0], edit[1] - edit[0]].concat(edit[3])); });
    if (atEnd.length) {
      while (out.length && !strip(out[out.length - 1])) { out.pop(); }
      out = out.concat(!out.length ? atEnd.slice(1) : atEnd, [""]);
    }
    if (!out.length || strip(out[0])) { out.unshift(""); }
    if (out[out.length - 1] !== "") { out.push(""); }
    return out;
  }

  function newCaseText(form, settings) {
    var head = {};
    Object.keys(form).forEach(function (key) { if (key.indexOf(SECTION_PREFIX) !== 0) { head[key] = form[key]; } });
    var parts = [fromForm(null, head, settings).replace(/\n+$/, ""), ""];
    settings.sections.forEach(function (spec) {
      var text = sectionValue(form[SECTION_PREFIX + spec.key]);
      if (text || spec.required) { parts = parts.concat(["## " + spec.heading, ""], text ? [text, ""] : []); }
    });
    return parts.join("\n").replace(/\n+$/, "") + "\n";
  }

  // Pictures added in the form's 插图 list become figure lines at the end of their section, as
  // reformpress/desk/api.py writes them (the picture is committed with the report by Decap).
  function withPictures(form, settings) {
    var pictures = form.pictures;
    if (!Array.isArray(pictures) || !pictures.length) { return form; }
    form = Object.assign({}, form);
    var specs = settings.sections, bodyKeys = specs.filter(function (spec) { return spec.style !== "note"; }).map(function (spec) { return spec.key; });
    pictures.forEach(function (picture) {
      if (!isMapping(picture) || typeof picture.image !== "string" || !strip(picture.image)) { return; }
      var src = strip(picture.image);
      if (!/^images\/[^/\\.][^/\\]*$/.test(src)) { return; }
      var caption = strip(String(picture.caption || "")).split('"').join("“");
      var heading = String(picture.section || "");
      var chosen = specs.filter(function (spec) { return heading === spec.key || heading === spec.heading; })[0];
      var key = chosen ? chosen.key : bodyKeys.length ? bodyKeys[bodyKeys.length - 1] : specs[0].key;
      var taken = Object.keys(form).some(function (field) { return field.indexOf(SECTION_PREFIX) === 0 && String(form[field]).indexOf(src) >= 0; });
      if (taken) { return; }
      var line = caption ? "![" + caption + "](" + src + ' "' + caption + '")' : "![](" + src + ")";
      var text = rstrip(String(form[SECTION_PREFIX + key] || ""));
      form[SECTION_PREFIX + key] = text ? text + "\n\n" + line : line;
    });
    form.pictures = [];
    return form;
  }

  // A file's BOM and CRLF line ends are kept, as the local desk keeps them.
  function decoded(raw) {
    var bom = raw.charCodeAt(0) === 0xfeff, text = bom ? raw.slice(1) : raw, crlf = text.indexOf("\r\n") >= 0;
    return { text: text.split("\r\n").join("\n"), bom: bom, crlf: crlf };
  }

  function encoded(file, text) { return (file.bom ? "\ufeff" : "") + (file.crlf ? text.split("\n").join("\r\n") : text); }

  // The Decap custom format: CMS.registerCustomFormat(name, "md", format(settings)).
  function format(settings) {
    var saved = {}; // what each save wrote, by the text it started from: the next save patches that
    return {
      fromFile: function (raw) {
        var form;
        try {
          form = toForm(decoded(raw).text, settings);
        } catch (error) {
          if (!(error instanceof Unreadable)) { throw error; }
          form = {}; // not a case the desk can read: shown empty, and saved unchanged (see toFile)
        }
        form.pictures = [];
        form[ORIGINAL] = raw;
        return form;
      },
      toFile: function (form) {
        var raw = form[ORIGINAL];
        for (var hops = 0; typeof raw === "string" && has(saved, raw) && saved[raw] !== raw && hops < 100; hops++) { raw = saved[raw]; }
        var values = {}, all = withPictures(form, settings);
        Object.keys(all).forEach(function (key) { if (DESK_KEYS.indexOf(key) < 0) { values[key] = all[key]; } });
        if (typeof raw !== "string") { return newCaseText(values, settings); }
        var file = decoded(raw), text;
        try {
          text = encoded(file, fromForm(file.text, values, settings));
        } catch (error) {
          if (!(error instanceof Unreadable)) { throw error; }
          return raw; // the file is kept as it is: work in it with a text editor
        }
        saved[form[ORIGINAL]] = text;
        return text;
      }
    };
  }

  global.ReformpressCasefile = {
    FORM_KEYS: FORM_KEYS, SECTION_PREFIX: SECTION_PREFIX, ORIGINAL: ORIGINAL, DESK_KEYS: DESK_KEYS,
    normaliseHeading: normaliseHeading, matchHeading: matchHeading, toForm: toForm, fromForm: fromForm,
    newCaseText: newCaseText, yamlLines: yamlLines, format: format
  };
})(window);
