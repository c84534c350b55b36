/* Case-study explorer and tool finder.
 *
 * The page already lists every record (that is what readers without JavaScript
 * get); each card carries its facets in data attributes written at build time.
 * This script only shows the filter form, hides the cards that do not match,
 * shows how many records each choice would leave, and keeps the filter state
 * in the URL so a view can be shared, and in the language switcher's links so a
 * reader keeps it in the other language. No fetch: it works from file:// too.
 *
 * Words are matched against each card's text and, once a word is typed, against
 * every record's words in every language (title, summary, partners, places, body:
 * resource_centre/explorer.py search_words), from a script loaded then (a script
 * element, as file:// allows). Khmer words are matched by their pairs of character
 * clusters, cut by rc-search/khmer.js, loaded with it.
 *
 * Every page loads this script, so it also makes the home page's search invitation open the search.
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
   * category) and the digits come from the page (resource_centre/explorer.py count_data, from
   * locales/<lang>.yml); the browser's Intl.PluralRules applies the same CLDR rules that Babel
   * applies to the counts written at build time, so no plural rule is written here. */
  function counter(root) {
    var forms = { other: "{count}" };
    try { forms = JSON.parse(root.getAttribute("data-status") || "") || forms; } catch (e) { /* keep the bare number */ }
    var lang = root.getAttribute("data-plural-lang") || document.documentElement.lang || "en";
    var digits = root.getAttribute("data-digits") || "0123456789";
    var rules = null, grouping = null;
    try { rules = new Intl.PluralRules(lang); grouping = new Intl.NumberFormat(lang, { numberingSystem: "latn" }); } catch (e) { /* unknown language */ }
    function number(n) {
      return (grouping ? grouping.format(n) : String(n)).replace(/[0-9]/g, function (d) { return digits.charAt(+d); });
    }
    return {
      number: number,
      sentence: function (n) {
        var form = forms[rules ? rules.select(n) : "other"] || forms.other;
        return form.replace("{count}", number(n));
      }
    };
  }

  function init(root) {
    var form = root.querySelector(".rc-explorer__filters");
    if (!form) return;
    var cards = Array.prototype.slice.call(root.querySelectorAll(".rc-card"));
    var boxes = Array.prototype.slice.call(form.querySelectorAll("input[type=checkbox]"));
    var facets = boxes.map(function (b) { return b.name; }).filter(function (f, i, all) { return all.indexOf(f) === i; });
    var text = form.querySelector("input[name=words]");
    var from = form.querySelector("select[name=from]");
    var to = form.querySelector("select[name=to]");
    var bar = root.querySelector(".rc-explorer__bar");
    var status = root.querySelector(".rc-explorer__status");
    var switcher = Array.prototype.slice.call(document.querySelectorAll("a[hreflang]"));
    switcher.forEach(function (a) { a.setAttribute("data-rc-href", a.getAttribute("href").split(/[?#]/)[0]); });
    var wordsUrl = root.getAttribute("data-words");
    var wordsKind = root.getAttribute("data-words-kind");
    var empty = root.querySelector(".rc-explorer__empty");
    var sayCount = counter(root);

    var info = cards.map(function (card) {
      var values = {};
      facets.forEach(function (f) {
        var raw = card.dataset[datasetKey(f)] || "";
        values[f] = raw ? raw.split(" ") : [];
      });
      return {
        card: card, values: values, text: normalise(card.textContent), words: "",
        start: parseInt(card.dataset.start || "0", 10) || 0,
        end: parseInt(card.dataset.end || "9999", 10) || 9999
      };
    });

    function state() {
      var st = { facets: {}, words: normalise(text ? text.value : "").split(/\s+/).filter(Boolean),
                 from: from && from.value ? parseInt(from.value, 10) : 0,
                 to: to && to.value ? parseInt(to.value, 10) : 9999 };
      facets.forEach(function (f) { st.facets[f] = []; });
      boxes.forEach(function (b) { if (b.checked) st.facets[b.name].push(b.value); });
      return st;
    }

    function matches(item, st, skip) {
      for (var i = 0; i < facets.length; i++) {
        var f = facets[i], wanted = st.facets[f];
        if (f === skip || !wanted.length) continue;
        if (!wanted.some(function (v) { return item.values[f].indexOf(v) >= 0; })) return false;
      }
      if (st.from || st.to < 9999) {
        if (!item.start) return false;
        if (item.start > st.to || item.end < st.from) return false;
      }
      return st.words.every(function (w) { return item.text.indexOf(w) >= 0 || hasWord(item.words, w); });
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

    /* The records' words, the first time a word is typed (or arrives in the URL). */
    var wordsState = "none";
    function wantWords() {
      if (wordsState !== "none" || !wordsUrl || !text || !text.value.trim()) return;
      wordsState = "loading";
      var khmer = here ? load(new URL("rc-search/khmer.js", here).href) : Promise.resolve(false);
      Promise.all([load(new URL(wordsUrl, location.href).href), khmer]).then(function () {
        var table = (window.RCExplorerWords || {})[wordsKind] || {};
        info.forEach(function (item) { item.text = normalise(item.card.textContent); });  /* now folded */
        info.forEach(function (item) { item.words = " " + (table[item.card.getAttribute("data-id")] || "") + " "; });
        wordsState = "done";
        update(true);
      });
    }

    function readUrl() {
      var params = new URLSearchParams(location.search);
      boxes.forEach(function (b) { b.checked = params.getAll(b.name).indexOf(b.value) >= 0; });
      if (text) text.value = params.get("words") || "";
      if (from) from.value = params.get("from") || "";
      if (to) to.value = params.get("to") || "";
    }

    function update(keepUrl) {
      var st = state();
      var shown = 0;
      info.forEach(function (item) {
        var ok = matches(item, st, null);
        item.card.hidden = !ok;
        if (ok) shown++;
      });
      boxes.forEach(function (b) {
        var n = info.filter(function (item) {
          return item.values[b.name].indexOf(b.value) >= 0 && matches(item, st, b.name);
        }).length;
        var count = b.parentNode.querySelector(".rc-count");
        if (count) count.textContent = sayCount.number(n);
        var said = b.parentNode.querySelector(".rc-count-said");  /* what a screen reader reads instead */
        if (said) said.textContent = sayCount.sentence(n);
        b.parentNode.classList.toggle("rc-option--empty", n === 0 && !b.checked);
      });
      if (status) status.textContent = sayCount.sentence(shown);
      if (empty) empty.hidden = shown > 0;
      if (!keepUrl) writeUrl(st);
    }

    readUrl();
    form.hidden = false;
    if (bar) bar.hidden = false;
    root.classList.add("rc-explorer--live");
    /* On a phone the open facets would push every result below the fold: start them folded. */
    var facetBox = form.querySelector(".rc-explorer__facets");
    if (facetBox && window.matchMedia && window.matchMedia("(max-width: 44.9375em)").matches) facetBox.open = false;
    form.addEventListener("input", function () { update(false); wantWords(); });
    form.addEventListener("change", function () { update(false); });
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    form.addEventListener("reset", function () { setTimeout(function () { update(false); }, 0); });
    update(true);
    carry(location.search.replace(/^\?/, ""));
    wantWords();
  }

  /* The home page's search invitation (snippets.py _search) is a button: it opens Material's search
     as Material's own header button does, by ticking the checkbox #__search that Material watches,
     and puts the cursor in the search box. */
  function invite(button) {
    button.addEventListener("click", function () {
      var toggle = document.getElementById("__search");
      var query = document.querySelector(".md-search__input");
      if (toggle && !toggle.checked) toggle.click();
      if (query) query.focus();
    });
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll(".rc-explorer"), init);
    Array.prototype.forEach.call(document.querySelectorAll(".rc-search-invite"), invite);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
