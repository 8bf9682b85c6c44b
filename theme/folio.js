// folio default theme: progressive enhancements. Every page works without them: tables are
// complete HTML, and the search box falls back to the search page, which links the directories.
(function () {
  "use strict";
  var doc = document;
  var html = doc.documentElement;
  var root = html.getAttribute("data-root") || "./";
  // Interface strings and number marks of the site's language, written by the templates.
  function say(name, fallback) { return html.getAttribute("data-text-" + name) || fallback; }
  var decimal = html.getAttribute("data-decimal") || ".", group = html.getAttribute("data-group") || ",";
  function count(n) { return String(n).replace(/\B(?=(\d{3})+$)/g, group); }
  html.classList.add("js");

  // Navigation toggle on small screens.
  var toggle = doc.querySelector(".nav-toggle");
  var nav = doc.getElementById("site-nav");
  if (toggle && nav) {
    toggle.hidden = false;
    toggle.addEventListener("click", function () {
      var open = nav.classList.toggle("is-open");
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }

  // A chapter's table of contents: folded above the text on narrow screens (as the page is
  // written), open beside it where there is room.
  var toc = doc.querySelector("details[data-toc]");
  if (toc && window.matchMedia) {
    var wide = window.matchMedia("(min-width: 64rem)");
    var placeToc = function () { toc.open = wide.matches; };
    placeToc();
    if (wide.addEventListener) wide.addEventListener("change", placeToc);
  }

  // ---- Tables: sort by any column, filter rows by typing ----
  function cellValue(row, index) {
    var cell = row.children[index];
    if (!cell) return "";
    var v = cell.getAttribute("data-sort");
    return v !== null ? v : cell.textContent.trim();
  }
  function asNumber(text) {
    var t = text.replace(/[\s\u00a0\u202f%]/g, "").split(group).join("").replace(decimal, ".");
    if (t === "" || t === "–") return null;
    var n = Number(t);
    return isNaN(n) ? undefined : n;
  }
  function sortTable(table, index, th) {
    var body = table.tBodies[0];
    if (!body) return;
    var rows = Array.prototype.slice.call(body.rows);
    var numeric = rows.every(function (r) { return asNumber(cellValue(r, index)) !== undefined; });
    var ascending = th.getAttribute("aria-sort") !== "ascending";
    rows.sort(function (a, b) {
      var x = cellValue(a, index), y = cellValue(b, index), c;
      if (numeric) {
        var nx = asNumber(x), ny = asNumber(y);
        c = (nx === null ? -Infinity : nx) - (ny === null ? -Infinity : ny);
      } else {
        c = x.localeCompare(y, undefined, { sensitivity: "base", numeric: true });
      }
      return ascending ? c : -c;
    });
    rows.forEach(function (r) { body.appendChild(r); });
    Array.prototype.forEach.call(th.parentNode.children, function (h) { h.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
  }
  function enhanceTable(table) {
    var head = table.tHead && table.tHead.rows[0];
    if (!head) return;
    Array.prototype.forEach.call(head.cells, function (th, index) {
      var button = doc.createElement("button");
      button.type = "button";
      button.className = "sort-button";
      while (th.firstChild) button.appendChild(th.firstChild);
      button.setAttribute("aria-label", say("sort", "Sort by {column}").replace("{column}", button.textContent.trim()));
      th.appendChild(button);
      button.addEventListener("click", function () {
        if (table.hasAttribute("data-all-rows")) sortAll(table, index, th);
        else sortTable(table, index, th);
      });
    });
    var body = table.tBodies[0];
    if (!body || (body.rows.length < 9 && !table.hasAttribute("data-filterable"))) return;
    var label = doc.createElement("label");
    label.className = "table-filter";
    label.textContent = say("filter", "Filter rows") + " ";
    var input = doc.createElement("input");
    input.type = "search";
    input.setAttribute("data-table-filter", "");
    label.appendChild(input);
    var status = doc.createElement("span");
    status.className = "table-filter__count";
    status.setAttribute("aria-live", "polite");
    label.appendChild(status);
    var anchor = table.closest(".table-wrap") || table;
    anchor.parentNode.insertBefore(label, anchor);
    input.addEventListener("input", function () {
      if (table.hasAttribute("data-all-rows")) return filterAll(table, input.value.trim().toLowerCase(), status);
      var q = input.value.trim().toLowerCase(), shown = 0;
      Array.prototype.forEach.call(body.rows, function (r) {
        var match = !q || r.textContent.toLowerCase().indexOf(q) !== -1;
        r.hidden = !match;
        if (match) shown++;
      });
      status.textContent = q ? " " + say("filtered", "{shown} of {total} rows")
        .replace("{shown}", count(shown)).replace("{total}", count(body.rows.length)) : "";
    });
  }
  // ---- A long listing: sorting and filtering reach the rows of every page ----
  // The rows arrive on first use from scripts beside the listing's first page (rows_1.js …),
  // each calling folioRows(listing, chunk, rows); a cell is [text, html], or one string for
  // both. The view shows as many rows as a page does, and says how many match in all.
  var rowSets = {};
  window.folioRows = function (listing, chunk, rows) {
    var set = rowSets[listing];
    if (!set || set.chunks[chunk - 1]) return;
    set.chunks[chunk - 1] = rows;
    if (--set.waiting > 0) return;
    set.rows = [].concat.apply([], set.chunks);
    set.done.forEach(function (f) { f(set.rows); });
    set.done = [];
  };
  function withAllRows(table, done) {
    var base = table.getAttribute("data-all-rows"), root = doc.documentElement.getAttribute("data-root") || "";
    var listing = base.slice(root.length), count = Number(table.getAttribute("data-all-chunks"));
    var set = rowSets[listing];
    if (set) {
      if (set.rows) done(set.rows); else set.done.push(done);
      return;
    }
    set = rowSets[listing] = { chunks: new Array(count), waiting: count, done: [done], rows: null };
    for (var i = 1; i <= count; i++) {
      var script = doc.createElement("script");
      script.src = base + "rows_" + i + ".js";
      doc.head.appendChild(script);
    }
  }
  function text(cell) { return typeof cell === "string" ? cell : cell[0]; }
  function viewOf(table) {
    if (!table.folioView) {
      table.folioView = { query: "", column: -1, ascending: true, limit: table.tBodies[0].rows.length };
    }
    return table.folioView;
  }
  function showAll(table, status) {
    var view = viewOf(table), body = table.tBodies[0];
    var numericColumns = Array.prototype.map.call(table.tHead.rows[0].cells, function (th) {
      return th.classList.contains("num");
    });
    withAllRows(table, function (all) {
      var rows = view.query ? all.filter(function (row) {
        return row.map(text).join(" ").toLowerCase().indexOf(view.query) !== -1;
      }) : all.slice();
      if (view.column >= 0) {
        var c = view.column;
        var numeric = rows.every(function (r) { return asNumber(text(r[c] || "")) !== undefined; });
        rows.sort(function (a, b) {
          var x = text(a[c] || ""), y = text(b[c] || ""), d;
          if (numeric) {
            var nx = asNumber(x), ny = asNumber(y);
            d = (nx === null ? -Infinity : nx) - (ny === null ? -Infinity : ny);
          } else {
            d = x.localeCompare(y, undefined, { sensitivity: "base", numeric: true });
          }
          return view.ascending ? d : -d;
        });
      }
      var root = doc.documentElement.getAttribute("data-root") || "";
      body.innerHTML = rows.slice(0, view.limit).map(function (row) {
        return "<tr>" + row.map(function (cell, i) {
          var html = typeof cell === "string" ? cell.replace(/&/g, "&amp;").replace(/</g, "&lt;") : cell[1];
          var tag = i === 0 ? "th scope=\"row\"" : numericColumns[i] ? "td class=\"num\"" : "td";
          return "<" + tag + ">" + html + "</" + tag.split(" ")[0] + ">";
        }).join("") + "</tr>";
      }).join("");
      // Links in the rows are written from the site's root.
      Array.prototype.forEach.call(body.querySelectorAll("a[href]"), function (a) {
        var href = a.getAttribute("href");
        if (!/^([a-z][a-z0-9+.-]*:|\/|#)/i.test(href)) a.setAttribute("href", root + href);
      });
      var shown = Math.min(rows.length, view.limit);
      if (status) {
        var said = shown < rows.length
          ? say("all-rows-cut", "{shown} of {total} rows, from every page; the first {limit} shown")
          : say("all-rows", "{shown} of {total} rows, from every page");
        status.textContent = " " + said.replace("{shown}", count(rows.length))
          .replace("{total}", count(all.length)).replace("{limit}", count(shown));
      }
    });
  }
  function sortAll(table, index, th) {
    var view = viewOf(table);
    view.ascending = !(view.column === index && view.ascending);
    view.column = index;
    Array.prototype.forEach.call(th.parentNode.children, function (h) { h.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", view.ascending ? "ascending" : "descending");
    var wrap = table.closest(".table-wrap") || table;
    var label = wrap.previousElementSibling;
    showAll(table, label && label.querySelector(".table-filter__count"));
  }
  function filterAll(table, query, status) {
    viewOf(table).query = query;
    showAll(table, status);
  }
  Array.prototype.forEach.call(doc.querySelectorAll("table[data-sortable]"), enhanceTable);

  // ---- Search: a WAI-ARIA combobox over a listbox of results ----
  // The index comes in parts (src/search/mod.rs), each loaded once, when a query needs it: the
  // manifest (`search-index.js`: each document's title and kind, what ranking needs), the term
  // shard of each of the query's words, and the blocks holding the results shown (address, page,
  // start of the text). Results show the kind and page, the title and a snippet around the first
  // match, with the query's words marked. Every piece of text goes in as a text node, never as HTML.
  var STOP = ["a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "has", "have", "in", "into", "is",
    "it", "its", "of", "on", "or", "that", "the", "their", "this", "to", "was", "were", "which", "with"];
  var SNIPPET = 160, RESULTS = 12;
  var index = null, waiting = [], parts = {}, partWaits = {}, shards = {}, folded = [];
  window.folioSearch = function (part, n, data) { parts[part + "_" + n] = data; };
  function has(object, key) { return Object.prototype.hasOwnProperty.call(object, key); }
  function loadScript(src, done) {
    var s = doc.createElement("script");
    s.src = src;
    s.onload = s.onerror = done;
    doc.head.appendChild(s);
  }
  function loadIndex(done) {
    if (index) return done();
    waiting.push(done);
    if (waiting.length > 1) return;
    loadScript(root + "search-index.js", function () {
      index = window.FOLIO_SEARCH || { shards: 0, block: 1, kinds: [], docs: [] };
      waiting.splice(0).forEach(function (f) { f(); });
    });
  }
  // Calls `done` with the data of part `name` (`terms_3`, `docs_0` …), or null if it failed.
  function loadPart(name, done) {
    if (has(parts, name)) return done(parts[name]);
    if (partWaits[name]) return partWaits[name].push(done);
    partWaits[name] = [done];
    loadScript(root + "search/" + name + ".js", function () {
      if (!has(parts, name)) parts[name] = null;
      partWaits[name].splice(0).forEach(function (f) { f(parts[name]); });
    });
  }
  // The shard of a term: by its first two characters, as the build files it.
  function shardOf(term) { return (term.charCodeAt(0) * 31 + term.charCodeAt(1)) % index.shards; }
  function loadShard(n, done) {
    if (shards[n]) return done(shards[n]);
    loadPart("terms_" + n, function (terms) {
      if (!shards[n]) {
        terms = terms || {};
        // Postings are stored as gaps between document ids: turn them back into ids.
        var keys = Object.keys(terms).sort();
        keys.forEach(function (t) {
          var ids = terms[t], last = 0;
          for (var i = 0; i < ids.length; i++) { last += ids[i]; ids[i] = last; }
        });
        shards[n] = { terms: terms, keys: keys };
      }
      done(shards[n]);
    });
  }
  function fold(text) {
    return text.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }
  function words(text) {
    return fold(text).split(/[^a-z0-9]+/).filter(function (w) { return w.length >= 2 && STOP.indexOf(w) === -1; });
  }
  function docsFor(shard, term, prefix) {
    var found = {}, keys = shard.keys;
    if (has(shard.terms, term)) shard.terms[term].forEach(function (d) { found[d] = true; });
    if (prefix) {
      var lo = 0, hi = keys.length;
      while (lo < hi) { var mid = (lo + hi) >> 1; if (keys[mid] < term) lo = mid + 1; else hi = mid; }
      for (var i = lo; i < keys.length && keys[i].lastIndexOf(term, 0) === 0; i++) {
        shard.terms[keys[i]].forEach(function (d) { found[d] = true; });
      }
    }
    return found;
  }
  // Calls `done` with the best results for `query`, each as [title, address, kind, page, text].
  function search(query, kinds, done) {
    var terms = words(query);
    if (!terms.length || !index.shards) return done([]);
    var got = [], pending = terms.length;
    terms.forEach(function (t, i) {
      loadShard(shardOf(t), function (shard) { got[i] = shard; if (--pending === 0) rank(); });
    });
    function rank() {
      var sets = terms.map(function (t, i) { return docsFor(got[i], t, i === terms.length - 1); });
      var hits = Object.keys(sets[0]).filter(function (d) { return sets.every(function (s) { return s[d]; }); });
      var q = fold(query.trim());
      var top = hits.map(function (d) {
        var id = +d, entry = index.docs[id], kind = index.kinds[entry[1]], score = 0;
        var title = folded[id] || (folded[id] = fold(entry[0]));
        terms.forEach(function (t) { if (title.indexOf(t) !== -1) score += 2; });
        if (title.indexOf(q) === 0) score += 5;
        if (!kinds[kind]) score += 1;
        return { id: id, title: entry[0], kind: kind, score: score };
      }).sort(function (a, b) { return b.score - a.score || a.title.localeCompare(b.title); }).slice(0, RESULTS);
      var blocks = [];
      top.forEach(function (h) {
        var b = Math.floor(h.id / index.block);
        if (blocks.indexOf(b) === -1) blocks.push(b);
      });
      var waitingFor = blocks.length;
      if (!waitingFor) return done([]);
      blocks.forEach(function (b) { loadPart("docs_" + b, function () { if (--waitingFor === 0) show(); }); });
      function show() {
        done(top.map(function (h) {
          var block = parts["docs_" + Math.floor(h.id / index.block)] || [];
          var d = block[h.id % index.block] || ["", "", ""];
          return [h.title, d[0], h.kind, d[1], d[2]];
        }));
      }
    }
  }
  // Where the query's words start in `text`: [start, end) ranges of the original text. Folding
  // (case, accents) is done character by character so that positions map back exactly.
  function matches(text, terms) {
    var folded = "", at = [];
    for (var i = 0; i < text.length; i++) {
      var f = fold(text[i]);
      for (var k = 0; k < f.length; k++) { folded += f[k]; at.push(i); }
    }
    at.push(text.length);
    var found = [], word = /[a-z0-9]+/g, m;
    while ((m = word.exec(folded))) {
      var best = 0;
      terms.forEach(function (t) { if (t.length > best && m[0].lastIndexOf(t, 0) === 0) best = t.length; });
      if (best) found.push([at[m.index], at[m.index + best]]);
    }
    return found;
  }
  // Appends `text` to `el`, its ranges `marks` (ascending, within the text) as <mark>.
  function marked(el, text, marks, from) {
    var pos = 0;
    marks.forEach(function (r) {
      var s = r[0] - from, e = r[1] - from;
      if (s < pos || e > text.length) return;
      el.appendChild(doc.createTextNode(text.slice(pos, s)));
      var mark = doc.createElement("mark");
      mark.textContent = text.slice(s, e);
      el.appendChild(mark);
      pos = e;
    });
    el.appendChild(doc.createTextNode(text.slice(pos)));
    return el;
  }
  // A window of the document's text around its first match, cut at spaces.
  function snippet(text, marks) {
    var start = 0;
    if (marks.length && marks[0][0] > SNIPPET / 3) {
      start = text.lastIndexOf(" ", marks[0][0] - SNIPPET / 4) + 1;
    }
    var end = text.length;
    if (end - start > SNIPPET) {
      end = text.lastIndexOf(" ", start + SNIPPET);
      if (end <= start) end = start + SNIPPET;
    }
    return { start: start, text: text.slice(start, end), before: start > 0, after: end < text.length };
  }
  function span(cls, text) {
    var el = doc.createElement("span");
    el.className = cls;
    if (text) el.textContent = text;
    return el;
  }
  function option(d, terms, kinds, id) {
    var a = doc.createElement("a");
    a.href = root + d[1];
    a.id = id;
    a.setAttribute("role", "option");
    a.setAttribute("aria-selected", "false");
    var where = span("search-where");
    where.appendChild(span("search-kind", kinds[d[2]] || d[2]));
    if (d[3]) where.appendChild(span("search-in", d[3]));
    a.appendChild(where);
    a.appendChild(marked(span("search-title"), d[0], matches(d[0], terms), 0));
    if (d[4]) {
      var cut = snippet(d[4], matches(d[4], terms));
      var ex = span("search-excerpt");
      if (cut.before) ex.appendChild(doc.createTextNode("…"));
      marked(ex, cut.text, matches(d[4], terms), cut.start);
      if (cut.after) ex.appendChild(doc.createTextNode("…"));
      a.appendChild(ex);
    }
    return a;
  }
  // Wires one search form: its input becomes a combobox controlling its listbox of results.
  function wire(form) {
    var input = form.querySelector("[data-search-input]");
    var list = form.querySelector("[data-search-results]");
    var status = form.querySelector("[data-search-status]");
    var box = form.querySelector("[data-search-box]");
    if (!input || !list || !status) return null;
    var text = function (name, fallback) { return form.getAttribute("data-text-" + name) || fallback; };
    var kinds = {};
    ["chapter", "section", "table"].forEach(function (k) { kinds[k] = form.getAttribute("data-kind-" + k) || k; });
    // A combobox is a text input (a search input may not take the role).
    input.type = "text";
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-controls", list.id);
    input.setAttribute("aria-expanded", "false");
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", text("results", "Search results"));
    var active = -1;
    function opts() { return list.querySelectorAll("[role=option]"); }
    function expand(open) {
      if (box) box.hidden = !open;
      list.hidden = !opts().length;
      input.setAttribute("aria-expanded", open && opts().length ? "true" : "false");
      if (!open) activate(-1);
    }
    function activate(i) {
      var all = opts();
      if (active >= 0 && all[active]) all[active].setAttribute("aria-selected", "false");
      active = all.length && i >= 0 ? i % all.length : -1;
      if (active < 0) { input.removeAttribute("aria-activedescendant"); return; }
      all[active].setAttribute("aria-selected", "true");
      input.setAttribute("aria-activedescendant", all[active].id);
      if (all[active].scrollIntoView) all[active].scrollIntoView({ block: "nearest" });
    }
    // Parts of the index load as needed: only the answer to the latest query is shown.
    var asked = 0;
    function update() {
      var ticket = ++asked;
      loadIndex(function () {
        var query = input.value.trim(), terms = words(query);
        search(query, kinds, function (results) {
          if (ticket === asked) show(query, terms, results);
        });
      });
    }
    function show(query, terms, results) {
      list.textContent = "";
      active = -1;
      input.removeAttribute("aria-activedescendant");
      results.forEach(function (d, i) { list.appendChild(option(d, terms, kinds, list.id + "-option-" + i)); });
      status.textContent = !query ? "" : results.length === 1 ? text("one", "1 result")
        : results.length ? text("count", "{n} results").replace("{n}", count(results.length)) : text("none", "No results.");
      expand(!!query);
    }
    input.addEventListener("input", update);
    input.addEventListener("focus", function () { loadIndex(function () {}); });
    input.addEventListener("keydown", function (e) {
      var n = opts().length;
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        e.preventDefault();
        if (input.getAttribute("aria-expanded") !== "true") { if (input.value.trim()) expand(true); return; }
        if (!n) return;
        var down = e.key === "ArrowDown";
        activate(active < 0 ? (down ? 0 : n - 1) : (active + (down ? 1 : n - 1)) % n);
      } else if (e.key === "Enter") {
        if (n && input.getAttribute("aria-expanded") === "true") {
          e.preventDefault();
          window.location.href = opts()[Math.max(active, 0)].href;
        }
      } else if (e.key === "Escape") {
        if (input.getAttribute("aria-expanded") === "true") { e.preventDefault(); expand(false); }
        else if (input.value) { input.value = ""; update(); }
      }
    });
    if (box) {
      doc.addEventListener("click", function (e) { if (!form.contains(e.target)) expand(false); });
      form.addEventListener("focusout", function (e) { if (e.relatedTarget && !form.contains(e.relatedTarget)) expand(false); });
    }
    list.hidden = true;
    return { input: input, update: update };
  }
  Array.prototype.forEach.call(doc.querySelectorAll("form[data-search]"), function (form) {
    var wired = wire(form);
    if (!wired || form.hasAttribute("data-search-popup")) return;
    // The search page: its form searches in place, and starts from the address's `?q=`.
    var q = new URLSearchParams(window.location.search).get("q");
    if (q) { wired.input.value = q; wired.update(); }
    form.addEventListener("submit", function (e) { e.preventDefault(); wired.update(); });
  });
})();
