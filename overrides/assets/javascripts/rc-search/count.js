/*
 * The search result count counts pages only.
 *
 * worker.js (beside this file) ends the results of a query typed in another script than
 * the page's language with a link to the same search in the other language's pages.
 * Material renders that link as a result and counts it: a Khmer word on no English page
 * said "1 matching document". The worker tells how many results are pages (rc_pages in
 * its result message); this script reads that number from the worker's messages, which
 * gate.js (beside this file, loaded before it and before Material's bundle) passes to page
 * scripts as "rc-search-message" events, and rewrites the count Material writes with
 * Material's own words for it (none / one / other, from the page's __config), after each
 * time Material writes it, with the digits the page's language writes (__config's rc_digits:
 * partials/rc-config.html): Material writes ASCII digits in every language. The same digits go
 * into each result's "N more on this page", which Material writes too.
 */
(function () {
  "use strict"

  var RESULT = 3
  if (typeof MutationObserver !== "function")
    return
  var pages = null

  document.addEventListener("rc-search-message", function (ev) {
    var message = ev.detail
    if (message && message.type === RESULT)
      pages = message.data && typeof message.data.rc_pages === "number" ? message.data.rc_pages : null
  })

  /* Material's number format for counts (1,000 and more as "1k", "1.2k"). */
  function format(n) {
    return n > 999 ? ((n + 0.000001) / 1000).toFixed(+((n - 950) % 1000 > 99)) + "k" : String(n)
  }

  function config() {
    try {
      return JSON.parse(document.getElementById("__config").textContent) || {}
    } catch (e) {
      return {}
    }
  }

  function watch() {
    var meta = document.querySelector(".md-search-result__meta")
    if (!meta)
      return
    var c = config(), t = c.translations || {}
    var digits = typeof c.rc_digits === "string" && c.rc_digits.length === 10 ? c.rc_digits : "0123456789"
    function own(text) {
      return text.replace(/[0-9]/g, function (d) { return digits.charAt(+d) })
    }
    var list = document.querySelector(".md-search-result__list")
    if (list && digits !== "0123456789")
      new MutationObserver(function () {
        var more = list.querySelectorAll(".md-search-result__more > summary > div")
        for (var i = 0; i < more.length; i++)
          if (/[0-9]/.test(more[i].textContent))
            more[i].textContent = own(more[i].textContent)
      }).observe(list, { childList: true, subtree: true })
    new MutationObserver(function () {
      if (pages === null || !t["search.result.none"])
        return
      var said = own(pages === 0 ? String(t["search.result.none"])     /* "one" may hold a 1 of its own */
        : pages === 1 ? String(t["search.result.one"])
        : String(t["search.result.other"]).replace("#", format(pages)))
      if (meta.textContent !== said)
        meta.textContent = said
    }).observe(meta, { childList: true, characterData: true, subtree: true })
  }
  if (document.readyState === "loading")
    document.addEventListener("DOMContentLoaded", watch)
  else
    watch()
})()
