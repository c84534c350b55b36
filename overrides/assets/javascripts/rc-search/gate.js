/*
 * Search costs nothing until it is used (issue 20): no index request, no index build,
 * before the reader shows intent to search.
 *
 * Material (9.8.1, pinned) asks for the page's search index as the page loads. Its bundle
 * makes one observable of the index (fetchSearchIndex: an XMLHttpRequest GET of
 * search/search_index.json under __config.base, or over file:// a <script> element for
 * search/search_index.js appended to <head>) and subscribes to it at once twice: the search
 * component hands the index to the worker as soon as it arrives (setupSearchWorker), and
 * search.highlight waits for its config. The worker then builds its lunr index, on every
 * page view, though most views never search.
 *
 * This script, run just before Material's bundle (overrides/main.html, block scripts), holds that one request
 * until the reader shows intent to search, then lets it go:
 *
 *   - focus on the search box (Material's shortcuts /, s and f focus it too),
 *   - a press on the search icon or the box's label (pointerdown, before the click lands),
 *   - the search dialog opened by any other means (the #__search toggle),
 *   - the keys /, s, f outside a text field (Material's shortcuts, seen before Material acts),
 *   - ?q= in the address (Material opens the search with it), or ?h= (the page was opened
 *     from a search result: search.highlight needs the index's config to mark the words).
 *
 * After that Material carries on exactly as it would have at load: the index arrives, the
 * worker gets its setup message and builds the index, or restores it from the previous page
 * view (store.js, beside this file), and the query typed meanwhile is answered when the
 * worker is ready (Material sends the box's value on the worker's "ready").
 *
 * Why hold the request rather than wrap the worker: the request is what costs bytes, and it is
 * made by Material's page code, not by the worker, so a worker-side delay would still download
 * the index on every page. Holding it at its source leaves every Material code path as it is:
 * the worker, the query and the highlight components just see the index arrive later. The two
 * hooks are narrow: only a GET of exactly this page's index URL, only a <script> whose src is
 * exactly the offline index's URL; every other request passes untouched, and once intent is
 * shown nothing is held any more. A Material upgrade that fetched the index another way would
 * fail tests/test_search_lazy.py, which records the page's requests.
 *
 * At intent, before the request goes, an "rc-search-intent" event on document lets the service worker's
 * page script ask it to hold its downloads (rc-sw-register.js), so the index does not queue behind them.
 *
 * The state, for tests and benchmarks, is the attribute data-rc-search on <html>: "idle",
 * then "requested" at intent, then what the worker reports with its ready message ("built" or
 * "restored", worker.js; "first" for a large index's first stage, then "built" or "restored"
 * from its "rc-ready" once the full stage answers) and "stored" once it has kept the built index
 * for the next page view.
 * The worker's messages reach page scripts as "rc-search-message" events on document (this
 * script wraps the Worker constructor, or over file:// the iframe-worker shim's, which the
 * page loads earlier); count.js reads the result count from them.
 */
(function () {
  "use strict"

  var READY = 1
  var root = document.documentElement
  var intent = false
  var held = []                                      /* functions that send a held request */

  function state(value) {
    root.setAttribute("data-rc-search", value)
  }
  state("idle")

  function release() {
    if (intent)
      return
    intent = true
    state("requested")
    document.dispatchEvent(new CustomEvent("rc-search-intent"))   /* rc-sw-register.js: before the request */
    var waiting = held
    held = []
    for (var i = 0; i < waiting.length; i++)
      waiting[i]()
  }

  /* ---- the index request, held --------------------------------------------------- */

  /* Where Material asks for this page's index (fetchSearchIndex), read when first needed:
     this script runs in the header, before the page's __config (at the end of the body). */
  var indexUrl = null
  function isIndex(url) {
    if (indexUrl === null) {
      var config = document.getElementById("__config")
      if (!config)
        return false
      var base = new URL(JSON.parse(config.textContent).base || ".", location.href)
      indexUrl = new URL(location.protocol === "file:" ? "search/search_index.js" : "search/search_index.json", base).href
    }
    return new URL(String(url), location.href).href === indexUrl
  }

  var holding = new WeakSet()
  var open = XMLHttpRequest.prototype.open
  var send = XMLHttpRequest.prototype.send
  XMLHttpRequest.prototype.open = function (method, url) {
    if (!intent && String(method).toUpperCase() === "GET" && isIndex(url))
      holding.add(this)
    return open.apply(this, arguments)
  }
  XMLHttpRequest.prototype.send = function () {
    if (!intent && holding.has(this)) {
      var xhr = this, args = arguments
      held.push(function () {
        if (xhr.readyState === XMLHttpRequest.OPENED)  /* not aborted meanwhile */
          send.apply(xhr, args)
      })
      return
    }
    return send.apply(this, arguments)
  }

  var head = document.head
  var append = head.appendChild
  head.appendChild = function (node) {
    if (!intent && node && node.tagName === "SCRIPT" && node.src && isIndex(node.src)) {
      held.push(function () { append.call(head, node) })
      return node
    }
    return append.apply(this, arguments)
  }

  /* ---- intent --------------------------------------------------------------------- */

  var params = new URL(location.href).searchParams
  if (params.has("q") || params.has("h"))
    release()

  function isQuery(el) {
    return el instanceof Element && el.matches("[data-md-component=search-query]")
  }
  function isEditable(el) {
    return el instanceof Element && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName))
  }

  document.addEventListener("focusin", function (ev) {
    if (isQuery(ev.target))
      release()
  }, true)
  document.addEventListener("pointerdown", function (ev) {
    if (ev.target instanceof Element && ev.target.closest("label[for=__search]"))
      release()
  }, true)
  document.addEventListener("change", function (ev) {
    if (ev.target instanceof Element && ev.target.id === "__search" && ev.target.checked)
      release()
  }, true)
  document.addEventListener("keydown", function (ev) {
    if (!ev.ctrlKey && !ev.metaKey && !ev.altKey && /^[/sf]$/.test(ev.key) && !isEditable(ev.target))
      release()
  }, true)

  /* ---- the worker's messages, for page scripts ------------------------------------ */

  var Base = window.Worker
  if (typeof Base !== "function")
    return
  function Worker(url, options) {
    var worker = new Base(url, options)
    if (/rc-search\/worker\.js/.test(String(url)))
      worker.addEventListener("message", function (ev) {
        var message = ev.data
        if (message && (message.type === READY || message.type === "rc-ready") && message.rc_index)
          state(message.rc_index)
        else if (message && message.type === "rc-stored")
          state("stored")
        document.dispatchEvent(new CustomEvent("rc-search-message", { detail: message }))
      })
    return worker
  }
  Worker.prototype = Base.prototype
  window.Worker = Worker
})()
