// folio default theme: progressive enhancements. Every page works without them: tables are
// complete HTML, and the search box falls back to the search page, which links the directories.
(function () {
  "use strict";
  var doc = document;
  var root = doc.documentElement.getAttribute("data-root") || "./";
  doc.documentElement.classList.add("js");

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

  // ---- Tables: sort by any column, filter rows by typing ----
  function cellValue(row, index) {
    var cell = row.children[index];
    if (!cell) return "";
    var v = cell.getAttribute("data-sort");
    return v !== null ? v : cell.textContent.trim();
  }
  function asNumber(text) {
    var t = text.replace(/[\s\u202f%]/g, "").replace(/,/g, "");
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
      button.setAttribute("aria-label", "Sort by " + button.textContent.trim());
      th.appendChild(button);
      button.addEventListener("click", function () { sortTable(table, index, th); });
    });
    var body = table.tBodies[0];
    if (!body || (body.rows.length < 9 && !table.hasAttribute("data-filterable"))) return;
    var label = doc.createElement("label");
    label.className = "table-filter";
    label.textContent = "Filter rows ";
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
      var q = input.value.trim().toLowerCase(), shown = 0;
      Array.prototype.forEach.call(body.rows, function (r) {
        var match = !q || r.textContent.toLowerCase().indexOf(q) !== -1;
        r.hidden = !match;
        if (match) shown++;
      });
      status.textContent = q ? " " + shown + " of " + body.rows.length + " rows" : "";
    });
  }
  Array.prototype.forEach.call(doc.querySelectorAll("table[data-sortable]"), enhanceTable);

  // ---- Search ----
  var STOP = ["a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "has", "have", "in", "into", "is",
    "it", "its", "of", "on", "or", "that", "the", "their", "this", "to", "was", "were", "which", "with"];
  // folio's own kinds of page; a record's kind is its collection's name for one record.
  var KIND = { table: "Table", chapter: "Page", section: "Section" };
  var index = null, keys = null, waiting = [];
  function loadIndex(done) {
    if (index) return done();
    waiting.push(done);
    if (waiting.length > 1) return;
    var s = doc.createElement("script");
    s.src = root + "search-index.js";
    s.onload = function () {
      index = window.FOLIO_SEARCH || { docs: [], terms: {} };
      // Postings are stored as gaps between document ids: turn them back into ids.
      Object.keys(index.terms).forEach(function (t) {
        var ids = index.terms[t], last = 0;
        for (var i = 0; i < ids.length; i++) { last += ids[i]; ids[i] = last; }
      });
      keys = Object.keys(index.terms).sort();
      waiting.splice(0).forEach(function (f) { f(); });
    };
    doc.head.appendChild(s);
  }
  function words(text) {
    return text.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .split(/[^a-z0-9]+/).filter(function (w) { return w.length >= 2 && STOP.indexOf(w) === -1; });
  }
  function docsFor(term, prefix) {
    var found = {};
    (index.terms[term] || []).forEach(function (d) { found[d] = true; });
    if (prefix) {
      var lo = 0, hi = keys.length;
      while (lo < hi) { var mid = (lo + hi) >> 1; if (keys[mid] < term) lo = mid + 1; else hi = mid; }
      for (var i = lo; i < keys.length && keys[i].lastIndexOf(term, 0) === 0; i++) {
        index.terms[keys[i]].forEach(function (d) { found[d] = true; });
      }
    }
    return found;
  }
  function search(query) {
    var terms = words(query);
    if (!terms.length) return [];
    var sets = terms.map(function (t, i) { return docsFor(t, i === terms.length - 1); });
    var hits = Object.keys(sets[0]).filter(function (d) { return sets.every(function (s) { return s[d]; }); });
    var q = query.toLowerCase();
    return hits.map(function (d) {
      var doc = index.docs[d], title = doc[0].toLowerCase(), score = 0;
      terms.forEach(function (t) { if (title.indexOf(t) !== -1) score += 2; });
      if (title.indexOf(q) === 0) score += 5;
      if (!KIND[doc[2]]) score += 1;
      return { doc: doc, score: score };
    }).sort(function (a, b) { return b.score - a.score || a.doc[0].localeCompare(b.doc[0]); })
      .slice(0, 12).map(function (h) { return h.doc; });
  }
  function render(container, input, results) {
    container.textContent = "";
    if (!results.length) {
      var none = doc.createElement("p");
      none.className = "search-empty";
      none.textContent = input.value.trim() ? "No results." : "";
      container.appendChild(none);
      return;
    }
    var list = doc.createElement("ul");
    list.setAttribute("role", "listbox");
    results.forEach(function (d, i) {
      var li = doc.createElement("li");
      var a = doc.createElement("a");
      a.href = root + d[1];
      a.id = (container.id || "search") + "-option-" + i;
      a.setAttribute("role", "option");
      var kind = doc.createElement("span");
      kind.className = "search-kind";
      kind.textContent = KIND[d[2]] || d[2];
      var title = doc.createElement("span");
      title.className = "search-title";
      title.textContent = d[0];
      a.appendChild(kind);
      a.appendChild(title);
      if (d[3]) {
        var ex = doc.createElement("span");
        ex.className = "search-excerpt";
        ex.textContent = d[3];
        a.appendChild(ex);
      }
      li.appendChild(a);
      list.appendChild(li);
    });
    container.appendChild(list);
  }
  function options(container) { return container.querySelectorAll("[role=option]"); }
  function setActive(container, input, i) {
    var opts = options(container);
    Array.prototype.forEach.call(opts, function (o) { o.removeAttribute("aria-selected"); });
    if (!opts.length) return;
    var n = (i + opts.length) % opts.length;
    opts[n].setAttribute("aria-selected", "true");
    input.setAttribute("aria-activedescendant", opts[n].id);
    container.setAttribute("data-active", n);
    if (opts[n].scrollIntoView) opts[n].scrollIntoView({ block: "nearest" });
  }
  function wire(input, container, popup) {
    function update() {
      loadIndex(function () {
        render(container, input, search(input.value));
        container.setAttribute("data-active", -1);
        if (popup) {
          container.hidden = !input.value.trim();
          input.setAttribute("aria-expanded", container.hidden ? "false" : "true");
        }
      });
    }
    input.addEventListener("input", update);
    input.addEventListener("focus", function () { loadIndex(function () {}); });
    input.addEventListener("keydown", function (e) {
      var active = Number(container.getAttribute("data-active") || -1);
      if (e.key === "ArrowDown") { e.preventDefault(); setActive(container, input, active + 1); }
      else if (e.key === "ArrowUp") { e.preventDefault(); setActive(container, input, active - 1); }
      else if (e.key === "Enter") {
        var opts = options(container);
        if (opts.length) { e.preventDefault(); window.location.href = opts[Math.max(active, 0)].href; }
      } else if (e.key === "Escape" && popup) { container.hidden = true; input.setAttribute("aria-expanded", "false"); }
    });
    if (popup) {
      doc.addEventListener("click", function (e) {
        if (!input.form.contains(e.target)) { container.hidden = true; input.setAttribute("aria-expanded", "false"); }
      });
    }
    return update;
  }
  var header = doc.querySelector(".site-search");
  if (header) {
    wire(header.querySelector("[data-search-input]"), header.querySelector("[data-search-results]"), true);
  }
  var pageForm = doc.querySelector("[data-search-page]");
  if (pageForm) {
    var pageInput = pageForm.querySelector("[data-search-input]");
    var update = wire(pageInput, doc.querySelector(".content [data-search-results]"), false);
    var q = new URLSearchParams(window.location.search).get("q");
    if (q) { pageInput.value = q; update(); }
    pageForm.addEventListener("submit", function (e) { e.preventDefault(); update(); });
  }
})();
