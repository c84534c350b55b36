/* Registers the site's service worker (rc-sw.js, at the site root) once the page has loaded, so the
 * first visit is not slowed; then saves the page's language for reading with no connection, offers
 * the other languages ("make available offline", with their size), and tells the reader once, in
 * the page's language, when a new build was published. Its words come from the language's
 * precache.json (resource_centre/editions/webapp.py). Not in the offline edition: file:// has no workers.
 * The page's own language is saved unasked only when its list says "auto" (small enough: the plugin's
 * offline_save_up_to) and the browser does not ask to save data; otherwise it is offered first, like the
 * others, so a phone on a paid connection fetches no more than the pages it opens.
 *
 * The page's <html> says how far it got, for the tests and for style: data-rc-offline="offered" (the
 * reader's choice), "saving", "ready" (this language is saved) or "failed".
 */
(function () {
  "use strict"
  var me = document.currentScript
  if (!me || !("serviceWorker" in navigator) || location.protocol === "file:") return
  var workerUrl = new URL(me.getAttribute("data-worker"), location.href).href
  var listUrl = new URL(me.getAttribute("data-list"), location.href).href
  var lang = me.getAttribute("data-lang")
  var sw = navigator.serviceWorker
  var hadController = !!sw.controller
  var chosen = false, leaving = false
  var html = document.documentElement

  /* Ask the active worker something; its answer arrives on a port of our own. */
  function ask(worker, message) {
    return new Promise(function (resolve) {
      var channel = new MessageChannel()
      channel.port1.onmessage = function (event) { resolve(event.data) }
      worker.postMessage(message, [channel.port2])
    })
  }

  function remember(key, value) {
    try {
      if (value === undefined) return localStorage.getItem(key)
      localStorage.setItem(key, value)
    } catch (err) { return null }
  }

  function notice(list, worker) {
    ask(worker, { type: "build" }).then(function (answer) {
      if (remember("rc-update-told") === answer.build) return
      remember("rc-update-told", answer.build)
      var box = document.createElement("div")
      box.className = "rc-update"
      box.setAttribute("role", "status")
      box.setAttribute("lang", lang)
      var text = document.createElement("span")
      text.textContent = list.words.update
      var button = document.createElement("button")
      button.type = "button"
      button.className = "md-button md-button--primary"
      button.textContent = list.words.reload
      button.addEventListener("click", function () {
        chosen = true
        worker.postMessage({ type: "skip" })
      })
      box.appendChild(text)
      box.appendChild(button)
      document.body.appendChild(box)
    })
  }

  function watchUpdates(registration, list) {
    if (registration.waiting && sw.controller) notice(list, registration.waiting)
    registration.addEventListener("updatefound", function () {
      var worker = registration.installing
      if (!worker) return
      worker.addEventListener("statechange", function () {
        if (worker.state === "installed" && sw.controller) notice(list, worker)
      })
    })
  }

  /* "Make the ... pages available offline", in the footer: the other languages, and first the page's own
     when it was not saved unasked. */
  function offers(active, list, status, own) {
    var place = document.querySelector(".md-footer-meta__inner") || document.body
    var offered = own ? [list.own].concat(list.others) : list.others
    offered.forEach(function (choice) {
      var mine = choice.lang === lang
      var box = document.createElement("p")
      box.className = "rc-offline-offer"
      box.setAttribute("data-lang", choice.lang)
      box.setAttribute("aria-live", "polite")          /* "Saving…", then saved or failed, is read out */
      if (status.saved.indexOf(choice.lang) >= 0) {
        box.textContent = choice.saved
      } else {
        var button = document.createElement("button")
        button.type = "button"
        button.className = "md-button"
        button.textContent = choice.offer
        button.addEventListener("click", function () {
          var focused = document.activeElement === button
          button.disabled = true
          button.textContent = list.words.saving
          if (mine) html.setAttribute("data-rc-offline", "saving")
          ask(active, { type: "save", lang: choice.lang }).then(function (answer) {
            /* The button goes: a keyboard reader's focus stays where it was, on what replaced it. */
            var lost = focused && (document.activeElement === button || document.activeElement === document.body)
            box.textContent = answer.saved ? choice.saved : list.words.failed
            if (lost) {
              box.tabIndex = -1
              box.focus()
            }
            if (mine) html.setAttribute("data-rc-offline", answer.saved ? "ready" : "failed")
          })
        })
        box.appendChild(button)
      }
      place.appendChild(box)
    })
  }

  /* The browser's "Lite mode" / data saver (Chromium on Android says so; other browsers say nothing). */
  function savingData() {
    return !!(navigator.connection && navigator.connection.saveData)
  }

  /* The reader's search comes first (issue 20): from the intent to search to the first answer on the page,
     the worker starts no new download of a language it is saving (rc-sw.js: pause). gate.js says
     "rc-search-intent" before the index's request goes, so the worker that controls the page hears
     "pause" first; a worker still installing hears it a moment later. */
  var searching = false
  function tell(type) {
    if (sw.controller) sw.controller.postMessage({ type: type })
    sw.getRegistration(new URL("./", workerUrl).href).then(function (registration) {
      if (!registration) return
      [registration.installing, registration.waiting, registration.active].forEach(function (worker) {
        if (worker && worker !== sw.controller) worker.postMessage({ type: type })
      })
    })
  }
  function intent() {
    if (searching) return
    searching = true
    tell("pause")
  }
  if (html.getAttribute("data-rc-search") === "requested") intent()   /* ?q= in the address: let go already */
  document.addEventListener("rc-search-intent", intent)
  document.addEventListener("rc-search-message", function (event) {
    var box = document.querySelector("[data-md-component=search-query]")
    /* Material's result message, to a word (it answers the empty box too, when its worker is ready) */
    if (!searching || !event.detail || event.detail.type !== 3 || !box || !box.value.trim()) return
    searching = false
    tell("resume")
  })

  function start() {
    var root = new URL("./", workerUrl).href
    var registered = sw.register(workerUrl, { scope: root })
    var words = fetch(listUrl).then(function (response) { return response.json() })
    Promise.all([registered, words]).then(function (both) {
      watchUpdates(both[0], both[1])
      var list = both[1]
      return sw.ready.then(function (registration) {
        var active = registration.active
        return ask(active, { type: "status" }).then(function (status) {
          if (status.saved.indexOf(lang) < 0 && (!list.auto || savingData())) {
            html.setAttribute("data-rc-offline", "offered")
            offers(active, list, status, true)
            return
          }
          html.setAttribute("data-rc-offline", "saving")
          if (searching) active.postMessage({ type: "pause" })
          return ask(active, { type: "save", lang: lang }).then(function (answer) {
            html.setAttribute("data-rc-offline", answer.saved ? "ready" : "failed")
            offers(active, list, status, false)          /* the others: saving this one changed none of them */
          })
        })
      })
    }).catch(function (err) {
      html.setAttribute("data-rc-offline", "failed")
      console.warn("rc-sw: the site is not saved for offline reading", err)
    })
  }

  /* A new build took over: a page of the old one reloads, so it never mixes the two builds' files
     (not on the first visit, when the first worker takes charge, nor while the page is being left,
     nor a page that already came from the new build's cache). */
  var servedBy = sw.controller ? ask(sw.controller, { type: "build" }) : Promise.resolve(null)
  sw.addEventListener("controllerchange", function () {
    if (!sw.controller || leaving || !(hadController || chosen)) { hadController = true; return }
    Promise.all([servedBy, ask(sw.controller, { type: "build" })]).then(function (builds) {
      if (chosen || !builds[0] || builds[0].build !== builds[1].build) location.reload()
    })
  })
  addEventListener("beforeunload", function () { leaving = true })
  addEventListener("pageshow", function () { leaving = false })
  /* After load, and then when the main thread is idle: not inside the load event's task, which Material's
     own handlers already make long on a slow phone (issue 20). */
  function later() {
    if ("requestIdleCallback" in window) requestIdleCallback(start, { timeout: 2000 })
    else setTimeout(start, 0)
  }
  if (document.readyState === "complete") later()
  else addEventListener("load", later)
})()
