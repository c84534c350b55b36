/* Case-study explorer and tool finder.
 *
 * A list is plain pages of cards with a pager (resource_centre/site/listing.py): that is what readers
 * without JavaScript and search engines get. This script shows how many records each choice
 * would leave (the counts of the whole list are in the page), and, once a reader filters, loads
 * the list's cards file (every record's card and facets, resource_centre/site/explorer.py cards_file;
 * a script element, as file:// allows: no fetch) and shows the matching records of the whole
 * list in place of the page's own cards, a page-size batch at a time ("Show more"). It keeps the
 * filter state in the URL so a view can be shared, and in the language switcher's links so a
 * reader keeps it in the other language. A list of one page (explorer.py explorer) carries
 * its facets on its cards and loads no cards file. While it loads, the list is aria-busy.
 *
 * Words are matched against each card's text and, once a word is typed, against
 * every record's words in every language (title, summary, partners, places, body:
 * resource_centre/site/explorer.py search_words), from a script loaded then (a script
 * element, as file:// allows). Khmer words are matched by their pairs of character
 * clusters, cut by rc-search/khmer.js, loaded with it.
 *
 * The filters and the result bar are in the page's first layout (shown unless the browser runs no
 * script: explorer-noscript.css), so nothing moves down when this script runs; it only opens the
 * facets beside the results on a wide screen (on a phone they start folded, the results in view).
 * Only the pages with a list load it (front matter rc_assets: explorer; overrides/main.html).
 */
(function () {
  "use strict";

  var here = document.currentScript ? document.currentScript.src : "";

  /* The same rule as explorer.py normalise_words: folded as search folds Khmer (rc-search/khmer.js
     fold, once loaded: clusters in canonical order, so សាស្រ្ត finds សាស្ត្រ), NFC, lower case, no
     invisible characters, Khmer digits as ASCII, anything but letters, digits and marks as a space. */
  function normalise(text) {
    if (window.RCKhmer) text = window.RCKhmer.fold(text || "");
    return (text || "").normalize("NFC").toLowerCase()
      .replace(/[\u00ad\u200b-\u200d\u2060\ufeff]/g, "")
      .replace(/[\u17e0-\u17e9]/g, function (d) { return String(d.charCodeAt(0) - 0x17e0); })
      .replace(/[^\p{L}\p{M}\p{N}]+/gu, " ");
  }

  /* Load a script once (the words of a list, khmer.js); resolves false when it fails. */
  var loading = {};
  function load(url) {
    if (!loading[url]) {
      loading[url] = new Promise(function (resolve) {
        var script = document.createElement("script");
        script.src = url;
        script.onload = function () { resolve(true); };
        script.onerror = function () { resolve(false); };
        document.head.appendChild(script);
      });
    }
    return loading[url];
  }

  /* Does a typed word occur in a record? Latin words as parts of its words; a Khmer run
     when every pair of neighbouring clusters is one of the record's pairs (explorer.py). */
  function hasWord(words, word) {
    var K = window.RCKhmer;
    var parts = word.match(/[\u1780-\u17ff]+|[^\u1780-\u17ff]+/g) || [];
    return parts.every(function (part) {
      if (!/[\u1780-\u17ff]/.test(part) || !K) return words.indexOf(part) >= 0;
      var c = K.clusters(part);
      if (c.length < 2) return words.indexOf(part) >= 0;
      for (var i = 0; i + 1 < c.length; i++)
        if (words.indexOf(" " + c[i] + c[i + 1]) < 0) return false;
      return true;
    });
  }

  function datasetKey(facet) {
    return facet.replace(/-([a-z])/g, function (_, c) { return c.toUpperCase(); });
  }

  /* Counts said as the page's language says them. The words (one form per CLDR plural
   * category) and the digits come from the page (resource_centre/site/explorer.py count_data, from
   * locales/<lang>.yml); the browser's Intl.PluralRules applies the same CLDR rules that Babel
   * applies to the counts written at build time, so no plural rule is written here. */
  function counter(root) {
    var forms = { other: "{count}" };
    try { forms = JSON.parse(root.getAttribute("data-status") || "") || forms; } catch (e) { /* keep the bare number */ }
    var lang = root.getAttribute("data-plural-lang") || document.documentElement.lang || "en";
    var digits = root.getAttribute("data-digits") || "0123456789";
    var rules = null, grouping = null, made = false;
    function make() {  /* on the first count said: a page opened without filters says none */
      if (made) return;
      made = true;
      try { rules = new Intl.PluralRules(lang); grouping = new Intl.NumberFormat(lang, { numberingSystem: "latn" }); } catch (e) { /* unknown language */ }
    }
    function number(n) {
      make();
      return (grouping ? grouping.format(n) : String(n)).replace(/[0-9]/g, function (d) { return digits.charAt(+d); });
    }
    return {
      number: number,
      sentence: function (n) {
        make();
        var form = forms[rules ? rules.select(n) : "other"] || forms.other;
        return form.replace("{count}", number(n));
      }
    };
  }

  /* A card of the cards file as an element; its links, written as from the list's first page, made
     to work from this page (page 2 and on live elsewhere). */
  var parser = document.createElement("template");
  function element(html, base) {
    parser.innerHTML = html.trim();
    var card = parser.content.firstElementChild;
    if (base) Array.prototype.forEach.call(card.querySelectorAll("a[href]"), function (a) {
      a.setAttribute("href", new URL(a.getAttribute("href"), base).href);
    });
    return card;
  }

  function init(root) {
    var form = root.querySelector(".rc-explorer__filters");
    if (!form) return;
    var list = root.querySelector(".rc-cards");
    var own = Array.prototype.slice.call(list.children);  /* this page's cards, as written */
    var pager = root.querySelector(".rc-pager");
    var more = root.querySelector(".rc-explorer__more");
    var boxes = Array.prototype.slice.call(form.querySelectorAll("input[type=checkbox]"));
    var facets = boxes.map(function (b) { return b.name; }).filter(function (f, i, all) { return all.indexOf(f) === i; });
    var text = form.querySelector("input[name=words]");
    var from = form.querySelector("select[name=from]");
    var to = form.querySelector("select[name=to]");
    var status = root.querySelector(".rc-explorer__status");
    var switcher = Array.prototype.slice.call(document.querySelectorAll("a[hreflang]"));
    switcher.forEach(function (a) { a.setAttribute("data-rc-href", a.getAttribute("href").split(/[?#]/)[0]); });
    var kind = root.getAttribute("data-words-kind");
    var wordsUrl = root.getAttribute("data-words");
    var cardsUrl = root.getAttribute("data-cards");
    var first = root.getAttribute("data-first");
    var base = first ? new URL(first, location.href) : null;
    var total = parseInt(root.getAttribute("data-total") || String(own.length), 10);
    var batch = parseInt(root.getAttribute("data-page-size") || "0", 10) || Infinity;
    var empty = root.querySelector(".rc-explorer__empty");
    var sayCount = counter(root);

    /* Every record of the list: from the cards file of a list in pages, once a reader filters;
       from the cards themselves on a list of one page (they carry their facets). */
    var info = cardsUrl ? null : own.map(function (card) {
      var values = {};
      facets.forEach(function (f) {
        var raw = card.dataset[datasetKey(f)] || "";
        values[f] = raw ? raw.split(" ") : [];
      });
      return { id: card.getAttribute("data-id"), card: card, values: values, text: null, words: "",
               start: parseInt(card.dataset.start || "0", 10) || 0,
               end: parseInt(card.dataset.end || "9999", 10) || 9999 };
    });

    function fromRow(row, names) {
      var values = {};
      names.forEach(function (f, i) { values[f] = row[2][i] ? row[2][i].split(" ") : []; });
      return { id: row[0], html: row[1], card: null, values: values, text: null, words: "",
               start: parseInt(row[3] || "0", 10) || 0, end: parseInt(row[4] || "9999", 10) || 9999 };
    }

    function cardOf(item) {
      if (!item.card) item.card = element(item.html, base);
      return item.card;
    }

    function textOf(item) {
      if (item.text === null) item.text = normalise(cardOf(item).textContent);
      return item.text;
    }

    function state() {
      var st = { facets: {}, words: normalise(text ? text.value : "").split(/\s+/).filter(Boolean),
                 from: from && from.value ? parseInt(from.value, 10) : 0,
                 to: to && to.value ? parseInt(to.value, 10) : 9999 };
      st.any = st.words.length > 0 || st.from > 0 || st.to < 9999;
      facets.forEach(function (f) { st.facets[f] = []; });
      boxes.forEach(function (b) { if (b.checked) { st.facets[b.name].push(b.value); st.any = true; } });
      return st;
    }

    function matches(item, st, skip) {
      for (var i = 0; i < facets.length; i++) {
        var f = facets[i], wanted = st.facets[f];
        if (f === skip || !wanted.length) continue;
        if (!wanted.some(function (v) { return (item.values[f] || []).indexOf(v) >= 0; })) return false;
      }
      if (st.from || st.to < 9999) {
        if (!item.start) return false;
        if (item.start > st.to || item.end < st.from) return false;
      }
      return st.words.every(function (w) { return textOf(item).indexOf(w) >= 0 || hasWord(item.words, w); });
    }

    function writeUrl(st) {
      var params = new URLSearchParams();
      facets.forEach(function (f) { st.facets[f].forEach(function (v) { params.append(f, v); }); });
      if (text && text.value.trim()) params.set("words", text.value.trim());
      if (from && from.value) params.set("from", from.value);
      if (to && to.value) params.set("to", to.value);
      var query = params.toString();
      carry(query);
      try {
        history.replaceState(history.state, "", query ? "?" + query : location.pathname.split("/").pop() || "./");
      } catch (e) { /* some browsers refuse URL changes on file://; the view still works */ }
    }

    /* The language switcher leads to the same list in the other language, with the same filters. */
    function carry(query) {
      switcher.forEach(function (a) {
        a.setAttribute("href", a.getAttribute("data-rc-href") + (query ? "?" + query : ""));
      });
    }

    /* Loading: the root says it is busy until what it waits for has come. */
    var waiting = 0;
    function busy(promise) {
      waiting++;
      root.setAttribute("aria-busy", "true");
      return promise.then(function (value) {
        if (--waiting === 0) root.removeAttribute("aria-busy");
        return value;
      });
    }

    /* The records of a list in pages, the first time a reader shows they will filter. */
    var recordsState = info ? "done" : "none";
    function wantRecords() {
      if (recordsState !== "none") return;
      recordsState = "loading";
      busy(load(new URL(cardsUrl, location.href).href)).then(function () {
        var data = (window.RCExplorerCards || {})[kind] || { facets: [], records: [] };
        info = data.records.map(function (row) { return fromRow(row, data.facets); });
        recordsState = "done";
        attachWords();
        update(true);
      });
    }

    /* The records' words, the first time a word is typed (or arrives in the URL). */
    var wordsState = "none", wordsTable = null;
    function wantWords() {
      if (wordsState !== "none" || !wordsUrl || !text || !text.value.trim()) return;
      wordsState = "loading";
      var khmer = here ? load(new URL("rc-search/khmer.js", here).href) : Promise.resolve(false);
      busy(Promise.all([load(new URL(wordsUrl, location.href).href), khmer])).then(function () {
        wordsTable = (window.RCExplorerWords || {})[kind] || {};
        wordsState = "done";
        attachWords();
        update(true);
      });
    }

    function attachWords() {
      if (!info || !wordsTable) return;
      info.forEach(function (item) {
        item.text = null;  /* normalised again, now that khmer.js folds */
        item.words = " " + (wordsTable[item.id] || "") + " ";
      });
    }

    function readUrl() {
      var params = new URLSearchParams(location.search);
      boxes.forEach(function (b) { b.checked = params.getAll(b.name).indexOf(b.value) >= 0; });
      if (text) text.value = params.get("words") || "";
      if (from) from.value = params.get("from") || "";
      if (to) to.value = params.get("to") || "";
    }

    /* What the list shows: this page's own cards and the pager while nothing is chosen, else the
       matching records of the whole list, the first `batch` of them and a button for more. */
    var matched = [], shownCount = 0;
    function show(items) {
      list.textContent = "";
      items.forEach(function (item) { list.appendChild(cardOf(item)); });
    }
    function showMore() {
      var next = matched.slice(shownCount, shownCount + batch);
      next.forEach(function (item) { list.appendChild(cardOf(item)); });
      shownCount += next.length;
      if (more) more.hidden = shownCount >= matched.length;
      return next;
    }

    var urlToWrite = false;
    function update(keepUrl) {
      if (!keepUrl) urlToWrite = true;
      var st = state();
      if (st.any && !info) { wantRecords(); return; }  /* shown once the records are here */
      if (!st.any) {
        list.textContent = "";
        own.forEach(function (card) { list.appendChild(card); });
        if (pager) pager.hidden = false;
        if (more) more.hidden = true;
        matched = [];
      } else {
        matched = info.filter(function (item) { return matches(item, st, null); });
        shownCount = 0;
        list.textContent = "";
        showMore();
        if (pager) pager.hidden = true;
      }
      if (info) boxes.forEach(function (b) {
        var n = info.filter(function (item) {
          return (item.values[b.name] || []).indexOf(b.value) >= 0 && matches(item, st, b.name);
        }).length;
        var count = b.parentNode.querySelector(".rc-count");
        if (count) count.textContent = sayCount.number(n);
        var said = b.parentNode.querySelector(".rc-count-said");  /* what a screen reader reads instead */
        if (said) said.textContent = sayCount.sentence(n);
        b.parentNode.classList.toggle("rc-option--empty", n === 0 && !b.checked);
      });
      var shown = st.any ? matched.length : total;
      if (status) status.textContent = sayCount.sentence(shown);
      if (empty) empty.hidden = shown > 0;
      if (urlToWrite) { writeUrl(st); urlToWrite = false; }
    }

    readUrl();
    /* On a phone open facets would push every result below the fold: they start folded (the page's
       HTML) and open only on a screen wide enough to show them beside the results. */
    var facetBox = form.querySelector(".rc-explorer__facets");
    if (facetBox && window.matchMedia && window.matchMedia("(min-width: 60em)").matches) facetBox.open = true;
    /* A reader about to filter: the records start loading before the first box is ticked. */
    form.addEventListener("pointerdown", wantRecords);
    form.addEventListener("focusin", wantRecords);
    form.addEventListener("input", function () { update(false); wantWords(); });
    form.addEventListener("change", function () { update(false); });
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    form.addEventListener("reset", function () { setTimeout(function () { update(false); }, 0); });
    if (more) more.addEventListener("click", function () {
      var added = showMore();
      var link = added.length && added[0].querySelector("a");
      if (link) link.focus();  /* a keyboard reader goes on from the first card added */
    });
    /* A page opened without filters already shows what update() would show (its own cards, the pager,
       the counts and the count sentence are in its HTML): redrawing them here would only re-insert every
       card and lengthen the page's start-up task (issue 20). With filters in the URL, it shows them. */
    if (state().any) update(true);
    if (location.search) carry(location.search.replace(/^\?/, ""));
    wantWords();
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll(".rc-explorer"), init);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
