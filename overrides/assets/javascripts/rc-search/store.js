/*
 * The built search index, kept for the next page view (issue 20).
 *
 * Each page view starts a new search worker (Material starts one per page; navigation.instant
 * is off), and Material's worker builds its lunr index from the documents of the setup message.
 * This script keeps what that build makes, in the worker's IndexedDB, and gives it back to
 * Material on the next setup of the same index instead of building it again:
 *
 *   - lunr's serialised index (lunr.Index#toJSON, which lunr.Index.load reads back), and
 *   - Material's position tables: Material's tokenizer writes, beside the index, where each
 *     token of each field of each document starts and ends, and uses them to mark the words
 *     found in the result titles and snippets.
 *
 * The serialised index is stored as JSON in a Blob: at 1,000 records it is 55 MB (English) to
 * 100 MB (Khmer) of text, more than Chromium takes as one IndexedDB value (about 130 MB once
 * serialised as a string), while a Blob is kept as a file; JSON.parse reads it back faster than
 * IndexedDB's own structured clone of the same objects (measured in Node: 0.8 s against 15 s).
 *
 * A stored index is used only when its key equals the index's config.rc_key, a hash of the
 * index and of the search scripts that build it (resource_centre/site/search_index.py), so a new
 * build of the site, or of this code, never meets an old index. One entry per language and
 * stage (worker.js's scope), replaced by the next build of that scope, so storage stays
 * bounded. Where storage is unavailable (IndexedDB missing or refused, as it can be from
 * file:// or in a private window) every call resolves to "nothing stored" and the worker
 * simply builds, as Material does.
 *
 * How it reaches into Material's build: Material's worker builds with lunr(fn), which makes
 * `new lunr.Builder`, lets fn declare the fields (each with Material's extractor) and add every
 * document, and returns builder.build(). lunr is the global self.lunr (Material exposes it for
 * lunr's language plugins), so three methods of lunr.Builder.prototype are wrapped once:
 *
 *   field  wraps each field's extractor. Material's extractor starts a fresh position table
 *          for (document, field) and makes it lunr.tokenizer.table, which Material's tokenizer
 *          then fills. When recording, that table is kept by reference (filled by the time the
 *          build ends); when restoring, it is filled from the stored copy.
 *   add    when restoring, runs only the extractors (so Material's tables are filled) and none
 *          of lunr's tokenizing and counting.
 *   build  when restoring, returns lunr.Index.load(stored index); when recording, notes the
 *          index built.
 *
 * Material's own code (document map, scoring, highlighting) is unchanged, and the restored
 * index answers exactly as the built one (tests/test_search_lazy.py searches both).
 */
(function () {
  "use strict"

  var DB = "rc-search", STORE = "indexes"
  var WAIT = 3000                                    /* ms: longer, and the worker builds instead */
  var scope = self
  var restoring = null                               /* {index, tables} being given back */
  var recording = null                               /* {tables, index} of the build running */

  function hook(lunr) {
    var proto = lunr.Builder.prototype
    if (proto.rcStore)
      return
    proto.rcStore = true
    var field = proto.field, add = proto.add, build = proto.build

    proto.field = function (name, attributes) {
      var builder = this
      var extract = attributes && attributes.extractor
      if (typeof extract === "function")
        attributes = Object.assign({}, attributes, {
          extractor: function (doc) {
            var value = extract(doc)
            if (value === undefined)                 /* Material made no table for it */
              return value
            var id = doc[builder._ref] + ":" + name
            if (restoring) {
              var rows = restoring.tables[id] || []
              for (var i = 0; i < rows.length; i++)
                lunr.tokenizer.table[i] = rows[i]
            } else if (recording)
              recording.tables[id] = lunr.tokenizer.table
            return value
          }
        })
      return field.call(this, name, attributes)
    }

    proto.add = function (doc) {
      if (!restoring)
        return add.apply(this, arguments)
      for (var name in this._fields)
        this._fields[name].extractor(doc)
    }

    proto.build = function () {
      if (restoring) {
        var stored = restoring
        restoring = null
        return lunr.Index.load(stored.index)
      }
      var index = build.apply(this, arguments)
      if (recording)
        recording.index = index
      return index
    }
  }

  /* ---- IndexedDB, every failure meaning "nothing stored" ------------------------- */

  /* `promise`, or a failure after `ms`: IndexedDB can stay silent (an open blocked by another
     page's connection, storage that never answers), and search must not wait for it. */
  function within(ms, promise) {
    return new Promise(function (resolve, reject) {
      var timer = setTimeout(function () { reject(new Error("IndexedDB did not answer in " + ms + " ms")) }, ms)
      promise.then(function (value) { clearTimeout(timer); resolve(value) },
                   function (err) { clearTimeout(timer); reject(err) })
    })
  }

  var opened = null
  function database() {
    if (!opened)
      opened = within(WAIT, new Promise(function (resolve, reject) {
        var request = scope.indexedDB.open(DB, 1)
        request.onupgradeneeded = function () { request.result.createObjectStore(STORE) }
        request.onsuccess = function () { resolve(request.result) }
        request.onerror = function () { reject(request.error) }
      }))
    return opened
  }

  function transact(mode, work) {
    return Promise.resolve().then(database).then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(STORE, mode)
        var request = work(tx.objectStore(STORE))
        tx.oncomplete = function () { resolve(request.result) }
        tx.onerror = tx.onabort = function () { reject(tx.error) }
      })
    })
  }

  /* The stored index of `place` if it was built from the index whose key is `key`; else null. */
  function load(place, key) {
    if (!key)
      return Promise.resolve(null)
    return within(WAIT, transact("readonly", function (store) { return store.get(place) })).then(function (entry) {
      return entry && entry.key === key && entry.json instanceof Blob ? entry.json.text() : null
    }).then(function (json) {
      return json === null ? null : JSON.parse(json)
    }).catch(function (err) {
      console.warn("rc-search: no stored index", err)
      return null
    })
  }

  /* Keep a recorded build under `place`, with `extra` fields given back by load; resolves true
     when it is stored. */
  function save(place, key, built, extra) {
    if (!key || !built || !built.index)
      return Promise.resolve(false)
    return transact("readwrite", function (store) {
      var json = JSON.stringify(Object.assign({}, extra, { index: built.index.toJSON(), tables: built.tables }))
      return store.put({ key: key, json: new Blob([json], { type: "application/json" }) }, place)
    }).then(function () { return true }).catch(function (err) {
      console.warn("rc-search: the index is not stored", err)
      return false
    })
  }

  function forget(place) {
    return transact("readwrite", function (store) { return store.delete(place) }).catch(function () {})
  }

  scope.RCIndexStore = {
    hook: hook,
    load: load,
    save: save,
    forget: forget,
    /* The next build gives back `stored` ({index, tables}) instead of building. */
    restoreNext: function (stored) { restoring = stored; recording = null },
    /* The next build is recorded; returns the record ({tables, index}) it fills. */
    recordNext: function () { restoring = null; recording = { tables: {}, index: null }; return recording }
  }
})()
