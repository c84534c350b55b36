/* Case-study explorer and tool finder.
 *
 * The page already lists every record (that is what readers without JavaScript
 * get); each card carries its facets in data attributes written at build time.
 * This script only shows the filter form, hides the cards that do not match,
 * shows how many records each choice would leave, and keeps the filter state
 * in the URL so a view can be shared. No fetch: it works from file:// too.
 */
(function () {
  "use strict";

  function normalise(text) {
    return (text || "").normalize("NFC").toLowerCase().replace(/[\u200b-\u200d\u2060\ufeff]/g, "");
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
    var text = form.querySelector("input[name=q]");
    var from = form.querySelector("select[name=from]");
    var to = form.querySelector("select[name=to]");
    var status = form.querySelector(".rc-explorer__status");
    var empty = root.querySelector(".rc-explorer__empty");
    var sayCount = counter(root);

    var info = cards.map(function (card) {
      var values = {};
      facets.forEach(function (f) {
        var raw = card.dataset[datasetKey(f)] || "";
        values[f] = raw ? raw.split(" ") : [];
      });
      return {
        card: card, values: values, text: normalise(card.textContent),
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
      return st.words.every(function (w) { return item.text.indexOf(w) >= 0; });
    }

    function writeUrl(st) {
      var params = new URLSearchParams();
      facets.forEach(function (f) { st.facets[f].forEach(function (v) { params.append(f, v); }); });
      if (text && text.value.trim()) params.set("q", text.value.trim());
      if (from && from.value) params.set("from", from.value);
      if (to && to.value) params.set("to", to.value);
      var query = params.toString();
      try {
        history.replaceState(history.state, "", query ? "?" + query : location.pathname.split("/").pop() || "./");
      } catch (e) { /* some browsers refuse URL changes on file://; the view still works */ }
    }

    function readUrl() {
      var params = new URLSearchParams(location.search);
      boxes.forEach(function (b) { b.checked = params.getAll(b.name).indexOf(b.value) >= 0; });
      if (text) text.value = params.get("q") || "";
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
        b.parentNode.classList.toggle("rc-option--empty", n === 0 && !b.checked);
      });
      if (status) status.textContent = sayCount.sentence(shown);
      if (empty) empty.hidden = shown > 0;
      if (!keepUrl) writeUrl(st);
    }

    readUrl();
    form.hidden = false;
    /* On a phone the open facets would push every result below the fold: start them folded. */
    var facetBox = form.querySelector(".rc-explorer__facets");
    if (facetBox && window.matchMedia && window.matchMedia("(max-width: 44.9375em)").matches) facetBox.open = false;
    form.addEventListener("input", function () { update(false); });
    form.addEventListener("change", function () { update(false); });
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    form.addEventListener("reset", function () { setTimeout(function () { update(false); }, 0); });
    update(true);
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll(".rc-explorer"), init);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
