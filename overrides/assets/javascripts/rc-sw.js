/* The site's service worker (issue 19): the reader's language keeps working with no connection.
 *
 * The build writes this file at the site root as rc-sw.js, after a first line that names the build
 * (RC_BUILD, a hash of every precache list) and each language's home folder (RC_HOMES):
 * resource_centre/editions/webapp.py. A new build is a new worker, which the browser installs beside the old.
 *
 * One cache per build ("rc-" + RC_BUILD) holds everything this worker serves, so a page and the
 * files it loads always come from the same build. A language is saved when a page asks ("save",
 * rc-sw-register.js: its own language after the first visit, another when the reader chooses): its
 * precache.json lists each file with a hash of its bytes, checked as it is stored. A new worker
 * saves again the languages the old build had saved, reusing the files whose hash did not change;
 * it waits until the reader reloads (the page shows a notice), then removes the old caches.
 */
"use strict"

var CACHE = "rc-" + RC_BUILD
var ROOT = new URL("./", self.location.href).href
var LIST = "precache.json"

function abs(rel) { return new URL(rel, ROOT).href }

function hex(buffer) {
  return Array.prototype.map.call(new Uint8Array(buffer), function (b) {
    return ("0" + b.toString(16)).slice(-2)
  }).join("")
}

/* The language whose home folder holds an address (the longest matching folder; "" is the default's). */
function languageOf(url) {
  var best = null
  Object.keys(RC_HOMES).forEach(function (lang) {
    if (String(url).indexOf(abs(RC_HOMES[lang])) === 0 && (best === null || RC_HOMES[lang].length > RC_HOMES[best].length))
      best = lang
  })
  return best
}

/* The hashes of one language's files in the caches of earlier builds: url -> [hash, cache name]. */
function earlierFiles(lang) {
  return caches.keys().then(function (names) {
    var known = {}
    return Promise.all(names.filter(function (n) { return n.indexOf("rc-") === 0 && n !== CACHE }).map(function (name) {
      return caches.open(name).then(function (cache) { return cache.match(abs(RC_HOMES[lang] + LIST)) })
        .then(function (response) { return response ? response.json() : null })
        .then(function (list) {
          (list ? list.files : []).forEach(function (f) { known[abs(f.url)] = [f.hash, name] })
        })
    })).then(function () { return known })
  })
}

/* The reader's search comes first (issue 20). Saving a language downloads, hashes and packs hundreds of
   files; a page that shows the intent to search says "pause" (rc-sw-register.js), and no new file is
   started until it says "resume" (its first answer is on the page) or PAUSE_MS have passed, in case the
   page was closed first. The index's download and the search worker's build then have the connection
   and the processor to themselves: on the benchmark's 1,000-record site, the first Khmer view's index
   arrived 0.5 s after the intent while a save ran beside it. Files already downloading finish
   downloading, and wait to be compressed (compressed()). */
var PAUSE_MS = 10000
var paused = null                                    /* {until: Promise, resume: function, timer} */

function pause() {
  if (paused) clearTimeout(paused.timer)
  else {
    var resume
    paused = { until: new Promise(function (resolve) { resume = resolve }) }
    paused.resume = resume
  }
  paused.timer = setTimeout(resumeSaving, PAUSE_MS)
}

function resumeSaving() {
  if (!paused) return
  clearTimeout(paused.timer)
  paused.resume()
  paused = null
}

function unpaused() {
  return paused ? paused.until : Promise.resolve()
}

/* Store one file of the list: from an earlier build's cache when its hash is the same, else from the
   network (past the HTTP cache, at low priority: a page's own requests go first), refusing bytes that are
   not this build's. */
function storeFile(cache, file, known) {
  var url = abs(file.url)
  var earlier = known[url] && known[url][0] === file.hash
    ? caches.open(known[url][1]).then(function (old) { return old.match(url) })
    : Promise.resolve(null)
  return earlier.then(function (response) {
    if (response) return cache.put(url, response)
    return fetch(url, { cache: "no-cache", priority: "low" }).then(function (fresh) {
      if (!fresh.ok) throw new Error("rc-sw: " + url + " answered " + fresh.status)
      var bytes
      return fresh.arrayBuffer().then(function (body) {
        bytes = body
        return crypto.subtle.digest("SHA-256", body)
      }).then(function (digest) {
        if (hex(digest).slice(0, 16) !== file.hash)
          throw new Error("rc-sw: " + url + " is not of build " + RC_BUILD + " (a newer build was published)")
        return packed(fresh, bytes)
      }).then(function (response) {
        return cache.put(url, response)
      })
    })
  })
}

/* A saved file is kept gzip-compressed where the browser can (CompressionStream): a language's pages
   take a quarter of the room on a phone. PACKED marks it, and served() opens it again. */
var PACKED = "X-RC-Gzip"

function packed(response, bytes) {
  var headers = new Headers(response.headers)
  headers.delete("Content-Length")
  headers.delete("Content-Encoding")
  var init = { status: response.status, statusText: response.statusText, headers: headers }
  if (typeof CompressionStream === "undefined" || typeof DecompressionStream === "undefined")
    return Promise.resolve(new Response(bytes, init))
  headers.set(PACKED, "1")
  return compressed(bytes).then(function (body) { return new Response(body, init) })
}

/* gzip in slices, letting the worker's other tasks run between them. Compressing runs on this worker's
   thread, which also answers the page's requests: a language's largest file (the search text, 38 MB at
   1,000 records in Khmer) compressed at once held every request of the page for half a second or more.
   A slice is compressed only while the saving is not paused, and the whole file before it is put in the
   cache, as the cache lets no look-up through while a put is being written. */
var SLICE = 128 * 1024

function compressed(bytes) {
  var stream = new CompressionStream("gzip")
  var writer = stream.writable.getWriter()
  var out = new Response(stream.readable).arrayBuffer()
  var at = 0
  function next() {
    if (at >= bytes.byteLength) return writer.close()
    var slice = new Uint8Array(bytes, at, Math.min(SLICE, bytes.byteLength - at))
    at += SLICE
    return writer.write(slice).then(unpaused).then(breathe).then(next)
  }
  return Promise.all([next(), out]).then(function (both) { return both[1] })
}

/* Resolve after the tasks already waiting (a message to ourselves: no timer's minimum delay). */
var breaths = [], lungs = new MessageChannel()
lungs.port1.onmessage = function () { breaths.shift()() }

function breathe() {
  return new Promise(function (resolve) {
    breaths.push(resolve)
    lungs.port2.postMessage(null)
  })
}

/* A saved file as the page gets it: opened if packed; with no address of its own when it answers an
   address with a query (the search worker's ?material=, the explorer's ?twgs=), so that the page or
   worker keeps the query it was opened with. */
function served(hit, request) {
  if (!hit.headers.get(PACKED)) return hit.url === request.url ? hit : unaddressed(hit)
  var headers = new Headers(hit.headers)
  headers.delete(PACKED)
  return new Response(hit.body.pipeThrough(new DecompressionStream("gzip")),
                      { status: hit.status, statusText: hit.statusText, headers: headers })
}

/* Is this worker replaced by a newer build's (it handed its pages over, or the new one is active)? Its cache
   is then deleted or about to be: opening it again (caches.open creates what it does not find) would leave
   an empty cache of the old build beside the new one, as a page's message could still reach this worker. */
function replaced() {
  return servingFrom !== CACHE || (self.serviceWorker && self.serviceWorker.state === "redundant")
}

/* Save a language in this build's cache; its list is stored last, as the mark that it is whole. A replaced
   worker saves nothing: the newer build's worker saves the languages saved before as it installs. */
function saveLanguage(lang) {
  var listUrl = abs(RC_HOMES[lang] + LIST)
  if (replaced()) return Promise.resolve()
  return caches.open(CACHE).then(function (cache) {
    return cache.match(listUrl).then(function (saved) {
      if (saved) return
      return fetch(listUrl, { cache: "no-cache" }).then(function (response) {
        if (!response.ok) throw new Error("rc-sw: " + listUrl + " answered " + response.status)
        return response.clone().json().then(function (list) {
          if (list.build !== RC_BUILD) throw new Error("rc-sw: " + listUrl + " is of another build")
          return earlierFiles(lang).then(function (known) {
            var files = list.files.slice(), next = 0
            /* Four downloads at a time, none started while paused: a browser opens six connections to a
               host that speaks HTTP/1.1, and two stay free for the page's own requests (the search index). */
            function worker() {
              return unpaused().then(function () {
                if (next >= files.length) return
                return storeFile(cache, files[next++], known).then(worker)
              })
            }
            return Promise.all([worker(), worker(), worker(), worker()])
          }).then(function () { return cache.put(listUrl, response) })
        })
      })
    })
  })
}

/* The languages saved in this build's cache, or (before it has any) in an earlier build's. */
function savedLanguages(cacheNames) {
  var saved = {}
  return Promise.all(cacheNames.map(function (name) {
    return caches.has(name).then(function (has) { return has ? caches.open(name) : null }).then(function (cache) {
      if (!cache) return
      return Promise.all(Object.keys(RC_HOMES).map(function (lang) {
        return cache.match(abs(RC_HOMES[lang] + LIST)).then(function (hit) { if (hit) saved[lang] = true })
      }))
    })
  })).then(function () { return Object.keys(saved) })
}

function rcCaches() {
  return caches.keys().then(function (names) { return names.filter(function (n) { return n.indexOf("rc-") === 0 }) })
}

self.addEventListener("install", function (event) {
  event.waitUntil(rcCaches().then(savedLanguages).then(function (langs) {
    return Promise.all(langs.map(saveLanguage))
  }))
})

self.addEventListener("activate", function (event) {
  event.waitUntil(rcCaches().then(function (names) {
    return Promise.all(names.filter(function (n) { return n !== CACHE }).map(function (n) { return caches.delete(n) }))
  }).then(function () { return self.clients.claim() }))
})

self.addEventListener("message", function (event) {
  var message = event.data || {}
  var reply = event.ports && event.ports[0]
  function answer(data) { if (reply) reply.postMessage(data) }
  if (message.type === "skip") {
    self.skipWaiting()
  } else if (message.type === "pause") {
    pause()
  } else if (message.type === "resume") {
    resumeSaving()
  } else if (message.type === "build") {  /* the build whose files this worker now serves */
    answer({ build: servingFrom.slice(3) })
  } else if (message.type === "status") {
    event.waitUntil(savedLanguages([CACHE]).then(function (langs) { answer({ saved: langs, build: RC_BUILD }) }))
  } else if (message.type === "save" && Object.prototype.hasOwnProperty.call(RC_HOMES, message.lang)) {
    event.waitUntil(saveLanguage(message.lang).then(function () {
      answer({ saved: message.lang, build: RC_BUILD })
    }, function (err) {
      answer({ failed: message.lang, error: String(err) })
    }))
  }
})

/* The offline page answers any address: a <base> keeps its stylesheet and home link pointing into
   its language's folder. */
function atHome(page, home) {
  return page.text().then(function (text) {
    return new Response(text.replace(/<head>/i, '<head><base href="' + home + '">'),
                        { status: 200, headers: { "Content-Type": "text/html; charset=utf-8" } })
  })
}

/* The page to show for an address not saved, with no connection: in the language of the page the
   reader came from, else of the address, else any saved language's. */
function offlinePage(request) {
  var order = [languageOf(request.referrer), languageOf(request.url)].concat(Object.keys(RC_HOMES))
  return caches.open(servingFrom).then(function (cache) {
    function next(i) {
      if (i >= order.length) return Response.error()
      if (order[i] === null) return next(i + 1)
      return cache.match(abs(RC_HOMES[order[i]] + "offline.html")).then(function (hit) {
        return hit ? atHome(served(hit, request), abs(RC_HOMES[order[i]])) : next(i + 1)
      })
    }
    return next(0)
  })
}

/* A newer build waits while a page of this one is open. A reader who goes to another page (or
   reloads) in the only open tab gets the new build: from then on this worker answers everything
   from the new build's cache (complete, as its worker finished installing), and the new worker
   takes over once this page's request is answered (a worker cannot take over while the one it
   replaces still handles a request, so this one does not wait for it). */
var servingFrom = CACHE

function handOver(request) {
  var waiting = self.registration.waiting
  if (servingFrom !== CACHE || !waiting || request.mode !== "navigate") return Promise.resolve()
  return self.clients.matchAll({ type: "window" }).then(function (windows) {
    if (windows.length > 1) return
    return new Promise(function (resolve) {
      var channel = new MessageChannel()
      channel.port1.onmessage = function (event) { resolve(event.data && event.data.build) }
      waiting.postMessage({ type: "build" }, [channel.port2])
    }).then(function (build) {
      if (!build) return
      servingFrom = "rc-" + build
      waiting.postMessage({ type: "skip" })
    })
  })
}

function unaddressed(hit) {
  return new Response(hit.body, { status: hit.status, statusText: hit.statusText, headers: hit.headers })
}

function respond(request) {
  return handOver(request).then(function () {
    /* A worker made redundant by a newer build while it still answers a request: its cache is gone; ask the network. */
    return replaced() && servingFrom === CACHE ? null : caches.open(servingFrom)
  }).then(function (cache) {
    if (!cache) return fetch(request)
    /* ignoreSearch only for an address with a query: the cache then compares every entry it holds (a
       language is over a thousand files at 1,000 records), where an exact address is one look-up. */
    return cache.match(request, new URL(request.url).search ? { ignoreSearch: true } : undefined).then(function (hit) {
      if (hit) return served(hit, request)
      return fetch(request).then(function (response) {
        /* Cached as the reader goes (the other language's pages), never a language's list: its being
           in the cache says the language was saved whole. */
        if (response.ok && response.type === "basic" && !response.redirected
            && !/\/precache\.json$/.test(new URL(request.url).pathname))
          cache.put(request, response.clone())
        return response
      }, function () {
        return request.mode === "navigate" ? offlinePage(request) : Response.error()
      })
    })
  })
}

self.addEventListener("fetch", function (event) {
  var request = event.request
  if (request.method !== "GET" || request.url.indexOf(ROOT) !== 0 || new URL(request.url).pathname === new URL(ROOT + "rc-sw.js").pathname)
    return
  event.respondWith(respond(request))
})
