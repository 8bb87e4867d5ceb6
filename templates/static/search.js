/* Site search on the search page: runs the query from the form (and from ?q=, where the header
 * search box sends it) over the Pagefind index, with filters by series, region and year.
 *
 * Why not only pagefind.search(): Pagefind splits Chinese into words with its own dictionary when
 * indexing, but with the browser's Intl.Segmenter when searching, and the two disagree (四下基层 is
 * indexed as 四下|基层 but searched as 四|下|基层; upstream Pagefind/pagefind#1237), so a report
 * that contains the query word for word can be missed. Each word of the query is therefore also
 * searched alone, and the pages whose text contains the whole query are listed, with the query
 * marked in their excerpt (as readers of Chinese expect); Pagefind's looser matches only when
 * there are none.
 *
 * The index comes in shards of a few hundred reports each (see reformpress/publish/search.py), merged here
 * with Pagefind's mergeIndex: every search, the filters and their counts cover all of them.
 *
 * Results are built with DOM methods only (no innerHTML, no inline styles or handlers), so a strict
 * Content-Security-Policy works; Pagefind itself needs 'wasm-unsafe-eval' in script-src.
 */
(function () {
  "use strict";

  var SHOWN = 50; // most results listed
  var BATCH = 25; // candidate pages read at a time to check that they hold the query
  var BUDGET = 200; // most candidate pages read for one query
  var CONTEXT = 45; // characters shown on each side of a match
  var HAN = /[\u3400-\u9fff\uf900-\ufaff]/;
  var FILTER_ORDER = ["系列", "地区", "年份"];

  var form = document.getElementById("search-form");
  var input = document.getElementById("search-q");
  var filterBox = document.getElementById("search-filters");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  if (!form || !input || !filterBox || !status || !list) {
    return;
  }
  var bundle = new URL(form.getAttribute("data-bundle"), document.baseURI).href;
  /* The index is in shards (reformpress/publish/search.py): the first is the bundle itself, the others
   * are listed in shards.json and merged into it, so that one search covers them all. */
  var pagefind = import(bundle + "pagefind.js").then(function (pf) {
    return fetch(bundle + "shards.json")
      .then(function (answer) {
        if (!answer.ok) {
          throw new Error("shards.json: " + answer.status);
        }
        return answer.json();
      })
      .then(function (listing) {
        return Promise.all(listing.shards.map(function (shard) { return pf.mergeIndex(bundle + shard); }));
      })
      .then(function () { return pf; });
  });
  var latest = 0;
  var timer = null;

  function normal(text) {
    return text.toLowerCase().replace(/\s+/g, "");
  }

  /* The parts a page must contain word for word: the query split at spaces. */
  function needles(query) {
    return query.split(/\s+/).filter(Boolean).map(normal);
  }

  /* The query's words as the browser segments them (what Pagefind searches for). */
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

  function chosenFilters() {
    var filters = {};
    Array.prototype.forEach.call(filterBox.querySelectorAll("select"), function (select) {
      if (select.value) {
        filters[select.name] = select.value;
      }
    });
    return filters;
  }

  /* How many of a result's matched words stand next to another matched word: pages holding the
   * query's words side by side (as the whole query) come first when candidates are checked. */
  function together(result) {
    var at = {};
    var words = result.words || [];
    words.forEach(function (position) { at[position] = true; });
    return words.filter(function (position) { return at[position + 1] || at[position - 1]; }).length;
  }

  /* Pages for the query: those containing it word for word; only if there are none, Pagefind's
   * looser matches (pages with all of the query's words, not necessarily together).
   *
   * Candidates are every result of the query and of each of its words alone, checked against the
   * page's text in batches, those with the query's words side by side first; checking stops when
   * SHOWN pages hold the query or BUDGET pages were read (each is one small fragment file). */
  function search(pf, query, filters) {
    var wanted = needles(query);
    var han = HAN.test(query);
    var searches = [pf.search(query || null, { filters: filters })];
    if (han) {
      words(query).forEach(function (word) {
        searches.push(pf.search(word, { filters: filters }));
      });
    }
    return Promise.all(searches).then(function (answers) {
      var primary = {};
      var seen = {};
      var candidates = [];
      answers.forEach(function (answer, index) {
        answer.results.forEach(function (result, rank) {
          if (index === 0) {
            primary[result.id] = true;
          }
          if (!seen[result.id]) {
            seen[result.id] = true;
            candidates.push({ result: result, together: index === 0 ? together(result) : 0, order: index === 0 ? rank : answers[0].results.length + candidates.length });
          }
        });
      });
      candidates.sort(function (a, b) { return b.together - a.together || a.order - b.order; });
      var whole = [];
      var partial = [];
      var checked = 0;
      function next() {
        if (whole.length >= SHOWN || (!wanted.length && partial.length >= SHOWN) || checked >= candidates.length || checked >= BUDGET) {
          whole.sort(function (a, b) { return a.order - b.order; });
          partial.sort(function (a, b) { return a.order - b.order; });
          return whole.length ? whole.slice(0, SHOWN) : partial.slice(0, SHOWN);
        }
        var batch = candidates.slice(checked, checked + BATCH);
        checked += batch.length;
        return Promise.all(batch.map(function (candidate) { return candidate.result.data(); })).then(function (pages) {
          pages.forEach(function (page, index) {
            var text = normal(page.content || "");
            if (wanted.length && wanted.every(function (part) { return text.indexOf(part) >= 0; })) {
              whole.push({ page: page, marks: wanted, order: batch[index].order });
            } else if (primary[batch[index].result.id]) {
              partial.push({ page: page, marks: null, order: batch[index].order });
            }
          });
          return next();
        });
      }
      return next();
    });
  }

  /* Where the report's own text starts in a page's indexed text: at its first section heading
   * (Pagefind makes a sub-result of each heading with an id), else after the title. What comes
   * before it (title, key figures) is shown with the result already. */
  function bodyStart(page, content) {
    var sections = (page.sub_results || []).filter(function (sub) {
      return sub.url && sub.url.indexOf("#") >= 0 && sub.url.indexOf("#article-title") < 0 && sub.title;
    });
    var at = sections.length ? content.indexOf(sections[0].title) : -1;
    if (at >= 0) {
      return at;
    }
    var title = (page.meta && page.meta.title) || "";
    at = title ? content.indexOf(title) : -1;
    return at >= 0 ? at + title.length : 0;
  }

  /* An excerpt of the report's text around the first match in it, every match marked; its first
   * lines when the query is only in the title; else Pagefind's own excerpt. */
  function excerpt(hit) {
    var box = document.createElement("p");
    box.className = "item-summary search-excerpt";
    var content = (hit.page.content || "").replace(/([\u3000-\u9fff\uff00-\uffef])\. /g, "$1 "); // Pagefind ends each block with a Latin ". "
    var lower = content.toLowerCase();
    var body = bodyStart(hit.page, content);
    var at = hit.marks ? lower.indexOf(hit.marks[0], body) : -1;
    if (at < 0 && hit.marks) {
      at = body + CONTEXT; // only in the title (or before the text): the text's first lines, marked where they match
    }
    if (at < 0) {
      copyMarked(hit.page.excerpt || "", box);
      return box;
    }
    var start = Math.max(body, at - CONTEXT);
    var end = Math.min(content.length, at + hit.marks[0].length + CONTEXT);
    var text = content.slice(start, end);
    var pattern = new RegExp(hit.marks.map(function (part) { return part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }).join("|"), "gi");
    var last = 0;
    var match;
    box.appendChild(document.createTextNode(start > body ? "…" : ""));
    while ((match = pattern.exec(text)) !== null && match[0].length) {
      box.appendChild(document.createTextNode(text.slice(last, match.index)));
      var mark = document.createElement("mark");
      mark.textContent = match[0];
      box.appendChild(mark);
      last = match.index + match[0].length;
    }
    box.appendChild(document.createTextNode(text.slice(last) + (end < content.length ? "…" : "")));
    return box;
  }

  /* Pagefind's excerpt is escaped text with <mark> elements: copy just those, never as HTML. */
  function copyMarked(html, box) {
    var parsed = new DOMParser().parseFromString("<p>" + html + "</p>", "text/html").body.firstChild;
    Array.prototype.forEach.call(parsed ? parsed.childNodes : [], function (node) {
      if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        box.appendChild(mark);
      } else {
        box.appendChild(document.createTextNode(node.textContent));
      }
    });
  }

  function show(hits, query) {
    list.textContent = "";
    hits.forEach(function (hit) {
      var page = hit.page;
      var item = document.createElement("li");
      item.className = "item search-result";
      var link = document.createElement("a");
      link.className = "item-title";
      link.href = page.url;
      link.textContent = (page.meta && page.meta.title) || page.url;
      item.appendChild(link);
      var meta = document.createElement("p");
      meta.className = "item-meta";
      var facts = [page.meta && page.meta.date].concat((page.filters && page.filters["系列"]) || [], (page.filters && page.filters["地区"]) || []);
      meta.textContent = facts.filter(Boolean).join(" · ");
      item.appendChild(meta);
      item.appendChild(excerpt(hit));
      list.appendChild(item);
    });
    if (hits.length && hits[0].marks === null && query) {
      status.textContent = "没有完全匹配“" + query + "”的稿件；以下 " + hits.length + " 篇包含其中的词语";
    } else if (hits.length) {
      status.textContent = "找到 " + hits.length + " 篇相关稿件";
    } else {
      status.textContent = query ? "没有找到与“" + query + "”相关的稿件。" : "没有符合条件的稿件。";
    }
  }

  function run(remember) {
    var query = input.value.trim();
    var filters = chosenFilters();
    var ticket = ++latest;
    if (remember) {
      var params = new URLSearchParams();
      if (query) {
        params.set("q", query);
      }
      Object.keys(filters).forEach(function (name) { params.set(name, filters[name]); });
      history.replaceState(null, "", "?" + params.toString());
    }
    if (!query && !Object.keys(filters).length) {
      list.textContent = "";
      status.textContent = "";
      return;
    }
    status.textContent = "正在搜索……";
    pagefind
      .then(function (pf) { return search(pf, query, filters); })
      .then(function (hits) {
        if (ticket === latest) {
          show(hits, query);
        }
      })
      .catch(function () {
        if (ticket === latest) {
          status.textContent = "搜索暂时不可用，请稍后再试，或按地区、专题标签和月份浏览。";
        }
      });
  }

  function addFilters(available, params) {
    var names = Object.keys(available).sort(function (a, b) {
      var ia = FILTER_ORDER.indexOf(a);
      var ib = FILTER_ORDER.indexOf(b);
      return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib) || a.localeCompare(b, "zh-CN");
    });
    names.forEach(function (name) {
      var values = Object.keys(available[name]).sort(function (a, b) {
        return name === "年份" ? b.localeCompare(a) : a.localeCompare(b, "zh-CN");
      });
      var select = filterBox.querySelector('select[name="' + name + '"]'); // in place from the page (search.html)
      if (!select) {
        var label = document.createElement("label");
        label.textContent = name;
        select = document.createElement("select");
        select.name = name;
        var all = document.createElement("option");
        all.value = "";
        all.textContent = "全部";
        select.appendChild(all);
        label.appendChild(select);
        filterBox.appendChild(label);
      }
      select.disabled = false;
      values.forEach(function (value) {
        var option = document.createElement("option");
        option.value = value;
        option.textContent = value + "（" + available[name][value] + "）";
        select.appendChild(option);
      });
      select.value = params.get(name) || "";
      select.addEventListener("change", function () { run(true); });
    });
    Array.prototype.forEach.call(filterBox.querySelectorAll("select:disabled"), function (unused) {
      unused.parentNode.parentNode.removeChild(unused.parentNode); // a filter this site's reports do not have
    });
  }

  var params = new URLSearchParams(window.location.search);
  input.value = params.get("q") || "";
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    run(true);
  });
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { run(true); }, 250);
  });
  pagefind
    .then(function (pf) { return pf.filters(); })
    .then(function (available) { addFilters(available, params); })
    .catch(function () {})
    .then(function () { run(false); });
})();
