/*
 * The site's search worker: Material for MkDocs' own search worker, made Khmer-aware.
 *
 * Material (pinned to 9.8.1 in pyproject.toml) starts its search worker with
 * `new Worker(config.search)`, where config.search is the "search" entry of the
 * page's __config JSON. overrides/partials/rc-config.html points that entry here:
 *
 *   assets/javascripts/rc-search/worker.js?material=workers/search.<hash>.min.js&lang=km&locales=km
 *
 *   material  Material's own worker, relative to assets/javascripts/ (its name changes
 *             with each Material release: rc-config.html names it, the tests check it)
 *   lang      the reader's language (the page's i18n locale)
 *   locales   the languages whose pages live under a folder of their name (km/...);
 *             pages under none of them are in the default language
 *   role      "full" in the worker this one starts to build a large index's full stage (below)
 *
 * This script loads khmer.js, store.js and Material's worker into its own scope and stands between
 * Material's page code and Material's worker, changing three messages (and adding to "ready"
 * where its index came from, below) and nothing else (Material's message types, from its
 * source: 0 setup, 1 ready, 2 query, 3 result):
 *
 *  setup   Every document gets hidden fields (kmtitle, kmtext, kmtags) holding the pairs
 *          of Khmer clusters of its title, text and tags (khmer.js explains why pairs),
 *          and the index config gets those fields, boosted like the field they shadow.
 *          The visible title and text are untouched: no zero-width characters reach the
 *          page or the result snippets.
 *  query   Each Khmer run of the typed query becomes its required pairs (+AB +BC +CD*);
 *          English words and Material's query syntax pass through as typed. So
 *          "TWG សុខាភិបាល" requires the Khmer word and ranks pages that also say TWG
 *          higher, as Material does for English.
 *  result  Pages where each typed Khmer word occurs as written come before pages that
 *          only hold its pairs; pages in the reader's language come first (Material's
 *          order is kept within each part) when one index holds several languages; the hidden fields are
 *          dropped; a query in another script than the reader's language (English typed
 *          on the Khmer site, Khmer on the English site) gets, after the results, a link
 *          to the same search in the other language's pages, whose index the page does
 *          not download (one index per language: resource_centre/site/search_index.py), which
 *          the result count leaves out (count.js); the Khmer words
 *          are marked in titles and snippets as Material marks English ones, and they
 *          replace the pairs in each result's terms, so the highlighting on the page
 *          opened (search.highlight, ?h=) marks the word typed.
 *
 * Built once per index, not once per page (issue 20): the page asks for the index only when the
 * reader shows intent to search (gate.js), and this worker keeps the index it builds in its
 * IndexedDB (store.js) under the index's key (config.rc_key), so the next page view restores it
 * instead of building it again. The ready message says which ("rc_index": "built" or
 * "restored"), and "rc-stored" follows once a build is kept; gate.js shows both on the page.
 * A built index is stored only after the worker has been idle for STORE_AFTER ms, so storing
 * (serialising the index) does not delay the answers to the first queries.
 *
 * A large index comes in stages (config.rc_text: resource_centre/site/search_budget.py), because
 * lunr's build of a large site's text takes seconds and the first answer is due within 300 ms of
 * the intent: the index Material downloads is the *first stage* (titles, headings, tags, the start
 * of each page), which this worker searches at once with first.js and answers from ("rc_index":
 * "first" in its ready message). Once it has answered (or a second after, if no word comes), the
 * *full stage*, Material's index of the text
 * (config.rc_text, loaded by fetch, or a script element over file://), is built or restored from
 * storage as above in a second worker (this script with role=full) where workers can start
 * workers, so the first stage keeps answering while it builds; elsewhere (the file:// iframe) here,
 * after the first answer. When it is ready, the last query is answered again from it and an
 * "rc-ready" message says how it was made ("built" or "restored"); queries go to it from then on.
 * A query the first stage finds nothing for waits for the full stage rather than say "no result".
 *
 * Why this seam: Material's worker keeps its lunr index and tokenizer in a closure, but
 * it listens with the global addEventListener("message") and answers with the global
 * postMessage, and it resolves both names when it runs. This script replaces both
 * before importing it, so the messages pass through here; Material's own code (index,
 * scoring, highlighting, the Chinese segmenter...) is unchanged. A Material upgrade
 * that changes these internals is caught by tests/test_search_khmer.py (recall in a
 * real browser, over http and file://).
 *
 * The reader's language is fixed when the worker starts, i.e. on each page load. With
 * Material's navigation.instant (not enabled here) the worker would outlive a switch of
 * language, and the ranking would follow the language of the first page opened.
 *
 * Offline edition (file://): Material's offline plugin inlines the index and the
 * iframe-worker shim replaces Worker with a hidden iframe that loads this script with
 * <script src=URL?timestamp>. There, importScripts is the shim's asynchronous version
 * (script elements, so URLs must be absolute) and messages wait until it is done; the
 * query string is read with a pattern that tolerates the shim's extra "?timestamp".
 */
(function () {
  "use strict"

  var SETUP = 0, QUERY = 2, RESULT = 3
  var HIDDEN = { title: "kmtitle", text: "kmtext", tags: "kmtags" }

  var scope = self
  var inFrame = typeof document !== "undefined"    /* iframe-worker (file://) */
  var here = inFrame && document.currentScript
    ? document.currentScript.src
    : scope.location.href

  function param(name) {
    var match = new RegExp("[?&]" + name + "=([^&?#]*)").exec(here)
    return match ? decodeURIComponent(match[1]) : ""
  }

  var material = param("material")
  if (!/^workers\/search\.[0-9a-f]+\.min\.js$/.test(material))
    throw new Error("rc-search: bad or missing ?material= (Material's search worker)")
  var reader = param("lang")
  var role = param("role")
  var locales = param("locales").split(",").filter(Boolean)
  var otherSearches = []       /* the index's config.rc_others: [{lang, href, label}] */
  var javascripts = new URL("../", here).href        /* .../assets/javascripts/ */

  /* ---- iframe-worker under the site's Content-Security-Policy -------------------- */

  /* iframe-worker defines the worker's postMessage and importScripts in an inline
     script that it writes into the iframe. The iframe inherits the page's CSP, whose
     script-src allows only the page's own inline scripts (by hash: resource_centre/site/csp.py),
     so that script is blocked and Material's search never answers from file://. This
     script is loaded from the site ('self'), so it defines the same two functions
     (iframe-worker's runtime, MIT, by Material's author) when they are missing. */
  if (inFrame && typeof scope.importScripts !== "function") {
    scope.postMessage = function (message, origin) {
      parent.postMessage(message, origin || "*")
    }
    scope.importScripts = function () {
      return Array.prototype.reduce.call(arguments, function (previous, url) {
        return previous.then(function () {
          return new Promise(function (resolve, reject) {
            var script = document.createElement("script")
            script.src = url
            script.onload = resolve
            script.onerror = function () { reject(new Error("rc-search: cannot load " + url)) }
            document.body.appendChild(script)
          })
        })
      }, Promise.resolve())
    }
  }

  /* ---- Stand between the page and Material's worker ----------------------------- */

  var materialListeners = []
  var addEventListener = scope.addEventListener
  var postMessage = scope.postMessage

  scope.addEventListener = function (type, listener, options) {
    if (type === "message")
      materialListeners.push(listener)
    else
      addEventListener.call(scope, type, listener, options)
  }
  scope.postMessage = function (message) {
    var args = Array.prototype.slice.call(arguments)
    if (message && message.type === READY && swallowReady) {
      swallowReady = false                           /* the full index is ready: ask again */
      if (first !== null) {                          /* the full stage, built here */
        first = null
        postMessage.call(scope, { type: "rc-ready", rc_index: indexSource })
      }
      idle()
      if (lastQuery !== null)
        deliver({ type: QUERY, data: lastQuery })
      return
    }
    if (message && message.type === READY) {
      args[0] = Object.assign({}, message, { rc_index: indexSource })
      idle()
    }
    if (message && message.type === RESULT) {
      var pages = message.data && Array.isArray(message.data.items) ? message.data.items.length : 0
      args[0] = { type: RESULT, data: finish(message.data, pending.shift()) }
      if (rest && rest.state === "idle" && pages < ENOUGH && lastQuery)
        loadRest()
      idle()
    }
    return postMessage.apply(scope, args)
  }

  /* In the iframe, Material finds its lunr language files next to the first
     script[src], which is this one; point it back to assets/javascripts/lunr/. */
  if (inFrame) {
    var importScripts = scope.importScripts
    scope.importScripts = function () {
      var urls = Array.prototype.map.call(arguments, function (url) {
        return String(url).replace(/^.*?\/rc-search\/lunr\//, javascripts + "lunr/")
      })
      return importScripts.apply(scope, urls)
    }
  }

  var loaded = scope.importScripts(
    new URL("khmer.js", here).href,
    new URL("store.js", here).href,
    new URL("first.js", here).href,
    new URL(material, javascripts).href
  )
  var ready = Promise.resolve(loaded).then(function () {    /* a Promise only in the iframe */
    scope.RCIndexStore.hook(scope.lunr)
  })
  ready.catch(function (err) { console.error("rc-search: search is unavailable", err) })
  var pending = []                                   /* query info, in query order */

  /* Messages are handled one after another: a setup waits for the stored index to be read. */
  var queue = ready
  addEventListener.call(scope, "message", function (ev) {
    var message = ev.data
    queue = queue.then(function () {
      if (message && message.type === SETUP)
        return role === "full" ? fullStage(message.data)
          : message.data && message.data.config && message.data.config.rc_text ? stages(message.data)
          : start(message.data)
      if (message && message.type === QUERY) {
        lastQuery = message.data
        idle()
        if (child !== null && childReady)
          return child.postMessage(message)
        if (first !== null && !swallowReady)
          return answerFirst(message.data)
      }
      deliver(message)
    }).catch(function (err) {
      console.error("rc-search:", err)
    })
  })

  /* Hand a page message to Material's worker, rewritten as described at the top. */
  function deliver(message, restored) {
    if (message && message.type === SETUP && !restored)
      message = { type: SETUP, data: setup(message.data) }
    else if (message && message.type === QUERY) {
      var rewritten = scope.RCKhmer.rewriteQuery(message.data)
      rewritten.typed = String(message.data)
      pending.push(rewritten)
      message = { type: QUERY, data: rewritten.query }
    }
    var event = new MessageEvent("message", { data: message })
    for (var i = 0; i < materialListeners.length; i++)
      materialListeners[i].call(scope, event)
  }

  /* ---- the built index, stored and restored (store.js) ---------------------------- */

  var STORE_AFTER = 1000
  var store = null                                   /* RCIndexStore, once loaded */
  var indexKey = "", indexSource = "", record = null, storeTimer = null

  /* Where a stage of this language's index is stored: the first download, or it with the rest. */
  function place(full) {
    return "lang:" + reader + (full ? ":full" : "")
  }

  /* The page's setup: restore the stored index (the full one first), else build and record. */
  function start(data) {
    store = scope.RCIndexStore
    setupData = data
    var config = (data && data.config) || {}
    rest = config.rc_rest ? { path: String(config.rc_rest), state: "idle" } : null
    otherSearches = Array.isArray(config.rc_others) ? config.rc_others : []
    indexKey = typeof config.rc_key === "string" ? config.rc_key : ""
    var full = rest ? store.load(place(true), indexKey) : Promise.resolve(null)
    return full.then(function (stored) {
      if (stored) {
        rest.state = "done"
        return restore(stored, withRest(stored.rest))
      }
      return store.load(place(false), indexKey).then(function (stored) {
        return stored ? restore(stored, setupData) : build(setupData, false)
      })
    })
  }

  function restore(stored, data) {
    store.restoreNext(stored)
    indexSource = "restored"
    record = null
    deliver({ type: SETUP, data: data }, true)
  }

  function build(data, full) {
    record = store.recordNext()
    record.place = place(full)
    record.full = full
    indexSource = "built"
    deliver({ type: SETUP, data: data })
  }

  /* Store the recorded build once the worker has been idle for STORE_AFTER ms. */
  function idle() {
    if (storeTimer !== null)
      clearTimeout(storeTimer)
    storeTimer = record && record.index ? setTimeout(keep, STORE_AFTER) : null
  }

  function keep() {
    var kept = record
    storeTimer = null
    record = null
    if (!kept || !kept.index)
      return
    store.save(kept.place, indexKey, kept, { rest: kept.rest || null }).then(function (stored) {
      if (!stored)
        return
      postMessage.call(scope, { type: "rc-stored", place: kept.place })
      if (kept.full)                                 /* the full index supersedes the first */
        store.forget(place(false))
    })
  }

  /* ---- the rest of a large index, on demand -------------------------------------- */

  /* A large site's index holds every page with its text cut short, and names the rest
     (config.rc_rest: resource_centre/site/search_budget.py), so the first search downloads
     little. When a query finds fewer than ten pages, the rest is loaded once (fetch, or
     a script element over file://), Material's index is rebuilt with the full text, and
     the last query is answered again; Material's second "ready" is not passed on. */
  var READY = 1, ENOUGH = 10
  var setupData = null, rest = null, lastQuery = null, swallowReady = false
  var siteRoot = new URL("../../", javascripts).href

  /* A list of [position, text] written beside the index (search_rest, search_text): fetched, or over
     file:// a script that sets the global `name`. */
  function loadList(path, name) {
    var url = new URL(path + (inFrame ? ".js" : ".json"), siteRoot).href
    return inFrame
      ? Promise.resolve(scope.importScripts(url)).then(function () { return scope[name] })
      : fetch(url).then(function (response) {
          if (!response.ok)
            throw new Error("HTTP " + response.status + " " + url)
          return response.json()
        })
  }

  function loadRest() {
    rest.state = "loading"
    loadList(rest.path, "__rcSearchRest").then(function (list) {
      rest.state = "done"
      swallowReady = true
      build(withRest(list), true)
      record.rest = list
    }).catch(function (err) {
      rest.state = "failed"
      console.warn("rc-search: searching titles and the start of each text only", err)
    })
  }

  /* The page's index with the full text of the rest ([[position, text], ...]) put back. */
  function withRest(list) {
    return withTexts(setupData, list, "rc_rest")
  }

  /* `data` with the texts of `list` ([[position, text], ...]) put back, and config[key] gone. */
  function withTexts(data, list, key) {
    var docs = data.docs.slice()
    for (var i = 0; i < list.length; i++)
      docs[list[i][0]] = Object.assign({}, docs[list[i][0]], { text: list[i][1] })
    var config = Object.assign({}, data.config)
    delete config[key]
    return Object.assign({}, data, { config: config, docs: docs })
  }

  /* ---- a large index in stages: the first answer at once, Material's behind it ----- */

  var first = null                                   /* first.js's index, while it answers */
  var child = null, childReady = false               /* the worker building the full stage */
  var SPARE = 50                                     /* ms after the first answer before a build here */

  var stagesData = null, buildingHere = false

  function stages(data) {
    stagesData = data
    var lunr = scope.lunr
    var filter = (data.config.pipeline || []).indexOf("stopWordFilter") >= 0 && lunr && lunr.stopWordFilter
    first = scope.RCFirst.build(data, scope.RCKhmer, function (term) {
      return filter ? filter(term) === undefined : false
    })
    otherSearches = Array.isArray(data.config.rc_others) ? data.config.rc_others : []
    indexSource = "first"
    postMessage.call(scope, { type: READY, rc_index: "first" })
    fullTimer = setTimeout(function () { startFull(false) }, QUIET)
  }

  /* The full stage starts after the first answer to a word, or QUIET ms after the first stage is ready
     if no word comes: handing the index to the other worker copies it on this worker's thread, and its
     build then shares the processor, both of which would delay that answer. Where no worker can start
     another (the file:// iframe), it is built here, and only after an answer (afterAnswer). */
  var fullTimer = null, QUIET = 1000

  function startFull(afterAnswer) {
    var data = stagesData
    if (fullTimer !== null)
      clearTimeout(fullTimer)
    fullTimer = null
    if (child !== null || buildingHere)
      return
    if (!inFrame && typeof scope.Worker === "function")
      try {
        child = new scope.Worker(here + "&role=full")
      } catch (err) {
        child = null
      }
    if (child === null) {
      if (afterAnswer)
        buildHere(data)
      return
    }
    child.addEventListener("message", fromChild)
    child.addEventListener("error", function (err) {
      console.warn("rc-search: the full index is built here instead", err)
      child = null
      childReady = false
      buildHere(data)
    })
    child.postMessage({ type: SETUP, data: data })
  }

  /* The full stage in this worker: the first stage answers until this starts, then it waits. */
  function buildHere(data) {
    if (buildingHere)
      return
    buildingHere = true
    swallowReady = true
    queue = queue.then(function () { return fullStage(data) }).catch(function (err) {
      swallowReady = false
      console.warn("rc-search: searching titles only", err)
    })
  }

  function fromChild(ev) {
    var message = ev.data
    if (message && message.type === READY) {
      childReady = true
      first = null
      postMessage.call(scope, { type: "rc-ready", rc_index: message.rc_index })
      if (lastQuery !== null)
        child.postMessage({ type: QUERY, data: lastQuery })
      return
    }
    postMessage.call(scope, message)                 /* results (finished there), rc-stored */
  }

  /* Answer from the first stage; a query it finds nothing for waits for the full stage. */
  function answerFirst(typed) {
    var query = scope.RCKhmer.rewriteQuery(typed)
    query.typed = String(typed)
    var result = first.search(query.query)
    if (result.items.length || !query.typed.trim())
      postMessage.call(scope, { type: RESULT, data: finish(result, query) })
    if (child === null && !buildingHere && query.typed.trim())   /* after the first answer to a word */
      setTimeout(function () { startFull(true) }, SPARE)
  }

  /* The full stage: the first stage's index with its texts put back, restored or built as above. */
  function fullStage(data) {
    return loadList(String(data.config.rc_text), "__rcSearchText").then(function (list) {
      return start(withTexts(data, list, "rc_text"))
    })
  }

  /* ---- setup: hidden fields of cluster pairs ------------------------------------- */

  function setup(data) {
    var K = scope.RCKhmer
    var fields = Object.assign({}, data.config.fields)
    var used = {}
    var docs = data.docs.map(function (doc) {
      var copy = Object.assign({}, doc)
      for (var field in HIDDEN) {
        if (!(field in fields) || !K.hasKhmer(doc[field]))
          continue
        var terms = K.indexTerms(doc[field])
        if (terms) {
          copy[HIDDEN[field]] = terms
          used[field] = true
        }
      }
      return copy
    })
    for (var field in used)
      fields[HIDDEN[field]] = Object.assign({}, data.config.fields[field])
    return Object.assign({}, data, {
      config: Object.assign({}, data.config, { fields: fields }),
      docs: docs
    })
  }

  /* ---- result: reader's language first, Khmer marks, no hidden fields ------------ */

  function languageOf(location) {
    var first = String(location).split("/")[0]
    return locales.indexOf(first) >= 0 ? first : ""
  }

  function finish(result, query) {
    if (!result || !Array.isArray(result.items))
      return result
    if (!query || !query.typed)                      /* nothing typed: Material's placeholder */
      return result
    var own = locales.indexOf(reader) >= 0 ? reader : ""
    var mine = [], others = []
    var marker = query && query.runs.length + (query.numbers || []).length ? markerFor(query.runs, query.numbers) : null
    var literal = query && query.runs.length ? literalMatch(query.runs) : null
    for (var g = 0; g < result.items.length; g++) {
      var exact = literal !== null && literal(result.items[g])
      var group = result.items[g].map(function (item) {
        item = Object.assign({}, item)
        for (var field in HIDDEN)
          delete item[HIDDEN[field]]
        if (marker) {
          item.terms = termsFor(item.terms, query)
          if (typeof item.title === "string")
            item.title = marker.mark(item.title)
          if (typeof item.text === "string")
            item.text = marker.snippet(item.text)
        }
        return item
      })
      ;(group.length && languageOf(group[0].location) === own ? mine : others).push({ group: group, exact: exact })
    }
    /* rc_pages: how many of the items are pages; the links to other languages' searches are
       not (count.js, beside this file, makes the count Material shows say this number). */
    return Object.assign({}, result, { items: ranked(mine).concat(ranked(others), elsewhere(query)),
                                       rc_pages: mine.length + others.length })
  }

  /* Pairs of clusters are required, but lunr cannot require them to be adjacent: a page with
     ថ្ងៃទី១១ and ២០១០ holds every pair of ថ្ងៃទី១០ without the word. Pages where each typed Khmer
     run occurs as written come first; Material's order is kept within both parts. */
  function ranked(entries) {
    var out = []
    for (var pass = 0; pass < 2; pass++)
      for (var i = 0; i < entries.length; i++)
        if (entries[i].exact === (pass === 0))
          out.push(entries[i].group)
    return out
  }

  /* Both sides folded (khmer.js fold), so a page that spells the word another way (សាស្រ្ត for
     សាស្ត្រ, a split vowel, invisible characters) counts as holding it as written. */
  function literalMatch(runs) {
    var K = scope.RCKhmer
    return function (group) {
      var text = K.fold(group.map(function (item) {
        return (item.title || "") + " " + (item.text || "")
      }).join(" ").replace(/<[^>]*>/g, ""))
      return runs.every(function (run) { return text.indexOf(run) >= 0 })
    }
  }

  /* ---- the other languages' searches --------------------------------------------- */

  var LATIN_WORD = /[A-Za-z]{2,}/
  var OTHER_LETTER = /[^\s\d\u0000-\u024f\u2000-\u206f\u200b]/
  var inDefault = locales.indexOf(reader) < 0

  /* Latin words typed on a page whose language lives in a folder (Khmer), or letters of
     another script typed on the default language's pages, may be meant for the other
     language: offer its search, as one result group per language (Material renders it
     like any result: a link, here to the other home page with ?q=, which Material opens
     with the search filled in). */
  function elsewhere(query) {
    var typed = query && query.typed ? query.typed.trim() : ""
    if (!typed || !(inDefault ? OTHER_LETTER.test(typed) : LATIN_WORD.test(typed)))
      return []
    return otherSearches.map(function (other) {
      return [{
        location: other.href + "?q=" + encodeURIComponent(typed),
        title: escapeHtml(String(other.label).replace("{query}", typed)),
        text: "",
        score: 0,
        terms: {}
      }]
    })
  }

  function escapeHtml(text) {
    return text.replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;" }[c]
    })
  }

  /* Material lists each query term with whether the result matched it; it uses them for
     "missing" terms and for the page highlight (?h=). Show the typed words, not pairs. */
  function termsFor(terms, query) {
    var out = {}, pairs = {}
    for (var i = 0; i < query.terms.length; i++)
      pairs[query.terms[i]] = true
    for (var key in terms || {})
      if (!pairs[key])
        out[key] = terms[key]
    for (var r = 0; r < query.runs.length; r++)
      out[query.runs[r]] = true                      /* all required: matched */
    return out
  }

  /* Marks the typed Khmer words (and numbers typed in either digits) in titles and snippets as the
     page writes them: each piece of text is folded with a map back to the text as written
     (khmer.js foldMap), the folded words are found in it, and the clusters they cover are marked. */
  function markerFor(runs, numbers) {
    var K = scope.RCKhmer
    var words = runs.slice().sort(function (a, b) { return b.length - a.length })

    function spans(text) {
      var folded = K.foldMap(text), found = []
      function add(start, end) {
        found.push([folded.from[start], folded.to[end - 1]])
      }
      words.forEach(function (word) {
        for (var at = folded.text.indexOf(word); at >= 0; at = folded.text.indexOf(word, at + word.length))
          add(at, at + word.length)
      })
      ;(numbers || []).forEach(function (number) {
        var re = new RegExp("(^|[^0-9])(" + number + ")(?![0-9])", "g"), match
        while ((match = re.exec(folded.text)))
          add(match.index + match[1].length, match.index + match[0].length)
      })
      found.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1] })
      var merged = []
      found.forEach(function (span) {
        var last = merged[merged.length - 1]
        if (last && span[0] <= last[1]) last[1] = Math.max(last[1], span[1])
        else merged.push(span.slice())
      })
      return merged
    }

    /* Mark matches in text, never inside a tag or an existing mark. */
    function mark(html) {
      var inMark = 0
      return html.split(/(<[^>]*>)/).map(function (part) {
        if (part.charAt(0) === "<") {
          if (/^<mark\b/i.test(part)) inMark++
          else if (/^<\/mark>/i.test(part)) inMark = Math.max(0, inMark - 1)
          return part
        }
        if (inMark || !part)
          return part
        var out = "", last = 0
        spans(part).forEach(function (span) {
          out += part.slice(last, span[0]) + "<mark>" + part.slice(span[0], span[1]) + "</mark>"
          last = span[1]
        })
        return out + part.slice(last)
      }).join("")
    }

    function has(html) {
      return spans(html.replace(/<[^>]*>/g, "")).length > 0
    }

    /* Material shows, for a text it matched, only the (at most two) top-level blocks
       holding a match; do the same for Khmer matches when Material matched nothing. */
    function snippet(html) {
      if (/<mark>/.test(html))
        return mark(html)
      var hits = blocks(html).filter(has)
      return hits.length ? hits.slice(0, 2).map(mark).join("") : html
    }

    return { mark: mark, snippet: snippet }
  }

  var VOID = /^(?:area|base|br|col|embed|hr|img|input|link|meta|source|track|wbr)$/i

  /* Top-level blocks of Material's text HTML (<p>...</p><ul>...</ul>...). */
  function blocks(html) {
    var out = [], depth = 0, start = 0, match
    var tag = /<(\/?)([a-zA-Z][^\s>/]*)[^>]*?(\/?)>/g
    while ((match = tag.exec(html))) {
      if (match[1]) {
        if (depth > 0 && --depth === 0) {
          out.push(html.slice(start, tag.lastIndex))
          start = tag.lastIndex
        }
      } else if (!match[3] && !VOID.test(match[2])) {
        if (depth++ === 0) {
          if (match.index > start)
            out.push(html.slice(start, match.index))
          start = match.index
        }
      }
    }
    if (start < html.length)
      out.push(html.slice(start))
    return out
  }
})()
