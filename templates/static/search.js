/* Site search on the search page: runs the query from the form (and from ?q=, where the header
 * search box sends it) over the site's own search index, with filters by series, region and year.
 *
 * The index (written by reformpress/publish/search.py; its layout is described there) knows, for each
 * report, every character and every pair of adjacent characters it holds, and where each pair stands.
 * A query is split at spaces into parts that a report must all contain, character for character:
 *
 * - a part of one or two characters is looked up directly: the reports holding it;
 * - a longer part takes the reports holding all of its pairs, then checks in each of them that the
 *   pairs stand one after another (AB at p, CD at p + 2, EF at p + 4 is ABCDEF at p).
 *
 * So every report that contains the query is found, and no other. Results are listed newest first,
 * ten at a time; only the reports shown are fetched, for their title and an excerpt around the match.
 * When no report contains the query as typed, the words of the query (as the browser segments
 * Chinese) are searched instead, each anywhere in the report, and the page says so.
 *
 * Results are built with DOM methods only (no innerHTML, no inline styles or handlers), so a strict
 * Content-Security-Policy works.
 */
(function () {
  "use strict";

  var PAGE = 10; // results shown at a time
  var CONTEXT = 45; // characters shown on each side of a match
  var HAN = /[\u3400-\u9fff\uf900-\ufaff]/;
  var FILTER_ORDER = ["系列", "地区", "年份"];

  var form = document.getElementById("search-form");
  var input = document.getElementById("search-q");
  var filterBox = document.getElementById("search-filters");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var more = document.getElementById("search-more");
  if (!form || !input || !filterBox || !status || !list || !more) {
    return;
  }
  var bundle = new URL(form.getAttribute("data-bundle"), document.baseURI).href;
  var root = new URL("../", bundle).href; // the index is a folder at the site's root
  var files = {};

  function fetchFile(path, kind, fresh) {
    if (!files[path] || fresh) {
      var made = fetch(bundle + path, fresh ? { cache: "reload" } : {}).then(function (answer) {
        if (!answer.ok) {
          throw new Error(path + ": " + answer.status);
        }
        return kind === "json" ? answer.json() : answer.arrayBuffer();
      });
      files[path] = made;
      made.catch(function () {
        if (files[path] === made) {
          delete files[path]; // tried again next time; not a fetch made since (the index loaded anew)
        }
      });
    }
    return files[path];
  }

  /* The index; ``fresh``: fetched from the server again, not from the browser's cache (nor revalidated by a time to the second). */
  function loadIndex(fresh) {
    return fetchFile("index.json", "json", fresh).then(function (found) {
      var offset = 0;
      found.offsets = found.shards.map(function (shard) {
        var at = offset;
        offset += shard[1];
        return at;
      });
      return found;
    });
  }
  var index = loadIndex(false);

  /* CRC-32 (as Python's zlib.crc32) of a term's UTF-8: which bucket holds it. */
  var CRC = (function () {
    var table = [];
    for (var n = 0; n < 256; n++) {
      var c = n;
      for (var k = 0; k < 8; k++) {
        c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      }
      table.push(c >>> 0);
    }
    return table;
  })();
  var encoder = new TextEncoder();
  var decoder = new TextDecoder();

  function bucketOf(term, buckets) {
    var bytes = encoder.encode(term);
    var crc = 0xffffffff;
    for (var i = 0; i < bytes.length; i++) {
      crc = CRC[(crc ^ bytes[i]) & 0xff] ^ (crc >>> 8);
    }
    return ((crc ^ 0xffffffff) >>> 0) % buckets;
  }

  function varint(view, at) {
    var value = 0;
    var shift = 0;
    var byte;
    do {
      byte = view.getUint8(at.i++);
      value += (byte & 0x7f) * Math.pow(2, shift);
      shift += 7;
    } while (byte & 0x80);
    return value;
  }

  /* A set of a shard's reports: a list of uint16 (type 0) or a bit map (type 1); its numbers, ascending. */
  function readSet(view, start, length, size) {
    var numbers = [];
    if (view.getUint8(start) === 0) {
      for (var i = start + 1; i + 1 < start + length; i += 2) {
        numbers.push(view.getUint16(i, true));
      }
    } else {
      for (var n = 0; n < size; n++) {
        if (view.getUint8(start + 1 + (n >> 3)) & (1 << (n & 7))) {
          numbers.push(n);
        }
      }
    }
    return numbers;
  }

  /* A term bucket: term → [[shard, start, length], …] into its bytes (idx.t: the folder of this index's buckets). */
  var termBuckets = {};
  function termBucket(idx, number) {
    var path = idx.t + number + ".bin";
    if (!termBuckets[path]) {
      termBuckets[path] = fetchFile(path).then(function (buffer) {
        var view = new DataView(buffer);
        var at = { i: 4 };
        var terms = {};
        while (at.i < view.byteLength) {
          var length = varint(view, at);
          var term = decoder.decode(new Uint8Array(buffer, at.i, length));
          at.i += length;
          var count = varint(view, at);
          var shard = 0;
          var entries = [];
          for (var e = 0; e < count; e++) {
            shard += varint(view, at);
            var size = varint(view, at);
            entries.push([shard, at.i, size]);
            at.i += size;
          }
          terms[term] = entries;
        }
        return { view: view, terms: terms };
      });
    }
    return termBuckets[path];
  }

  /* The reports holding a term: shard → ascending numbers (an empty object if none). */
  function holders(idx, term) {
    return termBucket(idx, bucketOf(term, idx.buckets)).then(function (bucket) {
      var found = {};
      (bucket.terms[term] || []).forEach(function (entry) {
        found[entry[0]] = readSet(bucket.view, entry[1], entry[2], idx.shards[entry[0]][1]);
      });
      return found;
    });
  }

  /* A shard's pair file: the positions of each pair in each of its reports. */
  function pairFile(idx, shard, number) {
    return fetchFile(idx.shards[shard][0] + "/p/" + number + ".bin").then(function (buffer) {
      var view = new DataView(buffer);
      var width = view.getUint8(4);
      var pairs = view.getUint32(8, true);
      var keys = 12;
      var starts = keys + 8 * pairs;
      var entries = view.getUint32(starts + 4 * pairs, true);
      var docs = starts + 4 * (pairs + 1);
      var counts = docs + 2 * entries;
      var positions = counts + width * entries;
      return { view: view, width: width, pairs: pairs, keys: keys, starts: starts, docs: docs, counts: counts, positions: positions, offsets: null };
    });
  }

  function read(file, at) {
    return file.width === 2 ? file.view.getUint16(at, true) : file.view.getUint32(at, true);
  }

  /* Where the pair (two code points) stands in report `report` of the pair file: its positions. */
  function positionsIn(file, first, second, report) {
    var view = file.view;
    var low = 0;
    var high = file.pairs - 1;
    var pair = -1;
    while (low <= high) {
      var middle = (low + high) >> 1;
      var a = view.getUint32(file.keys + 8 * middle, true);
      var b = view.getUint32(file.keys + 8 * middle + 4, true);
      if (a === first && b === second) {
        pair = middle;
        break;
      }
      if (a < first || (a === first && b < second)) {
        low = middle + 1;
      } else {
        high = middle - 1;
      }
    }
    if (pair < 0) {
      return [];
    }
    if (!file.offsets) { // where each report's positions start: the counts summed
      var count = view.getUint32(file.starts + 4 * file.pairs, true);
      file.offsets = new Uint32Array(count + 1);
      for (var e = 0; e < count; e++) {
        file.offsets[e + 1] = file.offsets[e] + read(file, file.counts + file.width * e);
      }
    }
    var from = view.getUint32(file.starts + 4 * pair, true);
    var to = view.getUint32(file.starts + 4 * pair + 4, true);
    for (var entry = from; entry < to; entry++) {
      if (view.getUint16(file.docs + 2 * entry, true) === report) {
        var found = [];
        for (var p = file.offsets[entry]; p < file.offsets[entry + 1]; p++) {
          found.push(read(file, file.positions + file.width * p));
        }
        return found;
      }
    }
    return [];
  }

  function normal(text) {
    return text.toLowerCase();
  }

  /* The parts a report must contain: the query split at spaces, each as code points. */
  function partsOf(query) {
    return query.split(/\s+/).filter(Boolean).map(function (part) { return Array.from(normal(part)); });
  }

  /* The terms looked up for a part: itself (one or two characters), else all its pairs. */
  function termsOf(part) {
    if (part.length <= 2) {
      return [part.join("")];
    }
    var terms = [];
    for (var i = 0; i + 1 < part.length; i++) {
      if (terms.indexOf(part[i] + part[i + 1]) < 0) {
        terms.push(part[i] + part[i + 1]);
      }
    }
    return terms;
  }

  /* The pairs that prove a part where they stand: one every two characters, and the last. */
  function coverOf(part) {
    var cover = [];
    for (var i = 0; i + 1 < part.length; i += 2) {
      cover.push(i);
    }
    if (part.length % 2) {
      cover.push(part.length - 2);
    }
    return cover;
  }

  /* The query's words as the browser segments them (for the looser search). */
  function words(query) {
    if (typeof Intl === "undefined" || typeof Intl.Segmenter !== "function") {
      return query.split(/\s+/).filter(Boolean);
    }
    var found = [];
    Array.from(new Intl.Segmenter("zh", { granularity: "word" }).segment(query)).forEach(function (piece) {
      if (piece.isWordLike && found.indexOf(piece.segment) < 0) {
        found.push(piece.segment);
      }
    });
    return found;
  }

  function intersect(a, b) {
    var out = [];
    var i = 0;
    var j = 0;
    while (i < a.length && j < b.length) {
      if (a[i] === b[j]) {
        out.push(a[i]);
        i++;
        j++;
      } else if (a[i] < b[j]) {
        i++;
      } else {
        j++;
      }
    }
    return out;
  }

  function chosenFilters() {
    var chosen = [];
    Array.prototype.forEach.call(filterBox.querySelectorAll("select"), function (select) {
      if (select.value) {
        chosen.push([select.name, select.value]);
      }
    });
    return chosen;
  }

  /* The reports having every chosen filter value: a set of global numbers, or null for no filter. */
  function filtered(idx, chosen) {
    return Promise.all(chosen.map(function (choice) {
      var place = FILTER_ORDER.indexOf(choice[0]);
      var values = (idx.filters[choice[0]] || []).map(function (value) { return value[0]; });
      var at = values.indexOf(choice[1]);
      if (place < 0 || at < 0) {
        return [];
      }
      return fetchFile(idx.f + place + "-" + at + ".json", "json").then(function (gaps) {
        var numbers = [];
        var number = 0;
        gaps.forEach(function (gap) { number += gap; numbers.push(number); });
        return numbers;
      });
    })).then(function (sets) {
      if (!sets.length) {
        return null;
      }
      var allowed = {};
      sets.reduce(function (a, b) { return intersect(a, b); }).forEach(function (number) { allowed[number] = true; });
      return allowed;
    });
  }

  /* A search: the candidates (shard → numbers), then checked shard by shard as results are asked for. */
  function Search(idx, parts, allowed) {
    this.idx = idx;
    this.parts = parts;
    this.allowed = allowed;
    this.hits = []; // [shard, number], newest first
    this.shard = 0;
    this.candidates = null;
    this.long = parts.filter(function (part) { return part.length > 2; }); // the parts checked where their pairs stand
    this.exact = !this.long.length; // candidates need no check
  }

  Search.prototype.start = function () {
    var self = this;
    var idx = self.idx;
    var terms = [];
    self.parts.forEach(function (part) {
      termsOf(part).forEach(function (term) {
        if (terms.indexOf(term) < 0) {
          terms.push(term);
        }
      });
    });
    return Promise.all(terms.map(function (term) { return holders(idx, term); })).then(function (found) {
      var candidates = {};
      for (var shard = 0; shard < idx.shards.length; shard++) {
        var numbers = null;
        if (!found.length) {
          numbers = [];
          for (var n = 0; n < idx.shards[shard][1]; n++) {
            numbers.push(n);
          }
        }
        for (var t = 0; t < found.length && (numbers === null || numbers.length); t++) {
          var these = found[t][shard] || [];
          numbers = numbers === null ? these : intersect(numbers, these);
        }
        if (self.allowed) {
          numbers = numbers.filter(function (n) { return self.allowed[idx.offsets[shard] + n]; });
        }
        if (numbers.length) {
          candidates[shard] = numbers;
        }
      }
      self.candidates = candidates;
      self.count = Object.keys(candidates).reduce(function (sum, shard) { return sum + candidates[shard].length; }, 0);
      return self;
    });
  };

  /* Check shards until `wanted` results are known or every shard is checked. */
  Search.prototype.find = function (wanted) {
    var self = this;
    var idx = self.idx;
    if (self.hits.length >= wanted || self.shard >= idx.shards.length) {
      return Promise.resolve(self);
    }
    var shard = self.shard++;
    var numbers = self.candidates[shard] || [];
    if (!numbers.length) {
      return self.find(wanted);
    }
    if (self.exact) {
      numbers.forEach(function (n) { self.hits.push([shard, n]); });
      return self.find(wanted);
    }
    var pairBuckets = idx.shards[shard][2];
    var covers = self.long.map(function (part) { // for each long part, the pairs that prove it, and their file in this shard
      return coverOf(part).map(function (at) {
        return { at: at, bucket: bucketOf(part[at] + part[at + 1], pairBuckets), first: part[at].codePointAt(0), second: part[at + 1].codePointAt(0) };
      });
    });
    var needed = [];
    covers.forEach(function (cover) {
      cover.forEach(function (pair) {
        if (needed.indexOf(pair.bucket) < 0) {
          needed.push(pair.bucket);
        }
      });
    });
    return Promise.all(needed.map(function (number) { return pairFile(idx, shard, number); })).then(function (loaded) {
      var byBucket = {};
      needed.forEach(function (number, i) { byBucket[number] = loaded[i]; });
      numbers.forEach(function (report) {
        var holds = covers.every(function (cover) {
          var positions = cover.map(function (pair) { return positionsIn(byBucket[pair.bucket], pair.first, pair.second, report); });
          var rest = cover.slice(1).map(function (pair, i) {
            var set = {};
            positions[i + 1].forEach(function (p) { set[p] = true; });
            return { at: pair.at, set: set };
          });
          return positions[0].some(function (p) {
            return rest.every(function (pair) { return pair.set[p + pair.at]; });
          });
        });
        if (holds) {
          self.hits.push([shard, report]);
        }
      });
      return self.find(wanted);
    });
  };

  Search.prototype.complete = function () {
    return this.shard >= this.idx.shards.length;
  };

  function record(idx, hit) {
    return fetchFile(idx.shards[hit[0]][0] + "/d/" + hit[1] + ".json", "json");
  }

  /* An excerpt of the report's text around the first match in it, every match marked; its first
   * lines when the query is only in the title. */
  function excerpt(report, marks) {
    var box = document.createElement("p");
    box.className = "item-summary search-excerpt";
    var content = report.text || "";
    var lower = normal(content);
    var body = report.body || content.indexOf("\n") + 1; // where the sections begin (before: the title and key figures)
    var at = marks.length ? lower.indexOf(marks[0], body) : -1;
    if (at < 0 && marks.length) {
      var top = content.indexOf("\n") + 1; // only before the sections: there, past the title
      at = lower.indexOf(marks[0], top);
      body = at >= 0 ? top : body;
    }
    if (at < 0) {
      at = body + CONTEXT; // only in the title: the text's first lines
    }
    var start = Math.max(body, at - CONTEXT);
    var end = Math.min(content.length, at + (marks.length ? marks[0].length : 0) + CONTEXT);
    var text = content.slice(start, end).replace(/\n/g, " ");
    box.appendChild(document.createTextNode(start > body ? "…" : ""));
    var last = 0;
    if (marks.length) {
      var pattern = new RegExp(marks.map(function (part) { return part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }).join("|"), "gi");
      var match;
      while ((match = pattern.exec(text)) !== null && match[0].length) {
        box.appendChild(document.createTextNode(text.slice(last, match.index)));
        var mark = document.createElement("mark");
        mark.textContent = match[0];
        box.appendChild(mark);
        last = match.index + match[0].length;
      }
    }
    box.appendChild(document.createTextNode(text.slice(last) + (end < content.length ? "…" : "")));
    return box;
  }

  function item(report, marks) {
    var entry = document.createElement("li");
    entry.className = "item search-result";
    var link = document.createElement("a");
    link.className = "item-title";
    link.setAttribute("href", new URL(report.url, root).pathname); // as the site's own links: from the root of the host
    link.textContent = report.title || report.url;
    entry.appendChild(link);
    var meta = document.createElement("p");
    meta.className = "item-meta";
    meta.textContent = [report.date, report.series].concat(report.regions || []).filter(Boolean).join(" · ");
    entry.appendChild(meta);
    entry.appendChild(excerpt(report, marks));
    return entry;
  }

  var latest = 0;
  var timer = null;
  var current = null; // {search, marks, shown, loose, query, ticket}
  var ran = null; // the query and filters of the latest search

  function describe(state) {
    var search = state.search;
    var count = search.complete() ? search.hits.length : null;
    if (!search.hits.length) {
      status.textContent = state.query ? "没有找到与“" + state.query + "”相关的稿件。" : "没有符合条件的稿件。";
    } else if (state.loose) {
      status.textContent = "没有完全匹配“" + state.query + "”的稿件；以下" + (count === null ? "是" : " " + count + " 篇") + "包含其中全部词语的稿件";
    } else if (count === null) {
      status.textContent = "找到至少 " + search.hits.length + " 篇相关稿件，按发布时间从新到旧排列";
    } else {
      status.textContent = "找到 " + count + " 篇相关稿件" + (count > 1 ? "，按发布时间从新到旧排列" : "");
    }
  }

  /* Show results up to `upto`, fetching what they need; then say how many there are. */
  function showUpTo(state, upto) {
    var ticket = state.ticket;
    return state.search.find(upto + 1).then(function (search) {
      var hits = search.hits.slice(state.shown, upto);
      return Promise.all(hits.map(function (hit) { return record(search.idx, hit); }));
    }).then(function (reports) {
      if (ticket !== latest) {
        return;
      }
      reports.forEach(function (report) { list.appendChild(item(report, state.marks)); });
      state.shown += reports.length;
      more.hidden = state.search.hits.length <= state.shown && state.search.complete();
      describe(state);
    });
  }

  function run(remember, again) {
    var query = input.value.trim();
    var chosen = chosenFilters();
    clearTimeout(timer); // Enter after typing: the search typing would start is this one
    ran = query + "\n" + JSON.stringify(chosen);
    var ticket = ++latest;
    if (remember) {
      var params = new URLSearchParams();
      if (query) {
        params.set("q", query);
      }
      chosen.forEach(function (choice) { params.set(choice[0], choice[1]); });
      history.replaceState(null, "", "?" + params.toString());
    }
    list.textContent = "";
    more.hidden = true;
    if (!query && !chosen.length) {
      status.textContent = "";
      return;
    }
    status.textContent = "正在搜索……";
    index
      .then(function (idx) {
        return filtered(idx, chosen).then(function (allowed) {
          var parts = partsOf(query);
          return new Search(idx, parts, allowed).start().then(function (search) {
            return search.find(PAGE + 1).then(function () {
              var pieces = !search.hits.length && search.complete() && HAN.test(query) ? words(query) : [];
              if (pieces.length > 1) {
                return new Search(idx, partsOf(pieces.join(" ")), allowed).start().then(function (other) {
                  return { search: other, marks: pieces.map(normal), loose: true };
                });
              }
              return { search: search, marks: parts.map(function (part) { return part.join(""); }), loose: false };
            });
          });
        });
      })
      .then(function (found) {
        if (ticket !== latest) {
          return;
        }
        current = { search: found.search, marks: found.marks, loose: found.loose, query: query, shown: 0, ticket: ticket };
        return showUpTo(current, PAGE);
      })
      .catch(function () {
        if (ticket !== latest) {
          return;
        }
        if (!again) {
          // The site may have been rebuilt since this page loaded its index, and the files that index named removed
          // (each index names its own: search-index/t/<hash>/): load the index anew and search once more.
          index = loadIndex(true);
          return run(false, true);
        }
        status.textContent = "搜索暂时不可用，请稍后再试，或按地区、专题标签和月份浏览。";
      });
  }

  function addFilters(available, params) {
    FILTER_ORDER.forEach(function (name) {
      var select = filterBox.querySelector('select[name="' + name + '"]'); // in place from the page (search.html)
      var values = available[name] || [];
      if (!select) {
        return;
      }
      if (!values.length) {
        select.parentNode.parentNode.removeChild(select.parentNode); // a filter this site's reports do not have
        return;
      }
      select.disabled = false;
      values.slice().sort(function (a, b) {
        return name === "年份" ? b[0].localeCompare(a[0]) : a[0].localeCompare(b[0], "zh-CN");
      }).forEach(function (value) {
        var option = document.createElement("option");
        option.value = value[0];
        option.textContent = value[0] + "（" + value[1] + "）";
        select.appendChild(option);
      });
      select.value = params.get(name) || "";
      select.addEventListener("change", function () { run(true); });
    });
  }

  var params = new URLSearchParams(window.location.search);
  input.value = params.get("q") || "";
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    run(true);
  });
  function typed() {
    clearTimeout(timer);
    timer = setTimeout(function () {
      if (input.value.trim() + "\n" + JSON.stringify(chosenFilters()) !== ran) {
        run(true);
      }
    }, 250);
  }
  input.addEventListener("input", function (event) {
    if (event.isComposing) {
      clearTimeout(timer); // a phrase composed with a Chinese IME: the box holds its pinyin; search when it is committed
      return;
    }
    typed();
  });
  input.addEventListener("compositionend", typed);
  more.addEventListener("click", function () {
    if (current && current.ticket === latest) {
      status.textContent = "正在搜索……";
      showUpTo(current, current.shown + PAGE).catch(function () {
        status.textContent = "搜索暂时不可用，请稍后再试。";
      });
    }
  });
  index
    .then(function (idx) { addFilters(idx.filters, params); })
    .catch(function () {})
    .then(function () { run(false); });
})();
