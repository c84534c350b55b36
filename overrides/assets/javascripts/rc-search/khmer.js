/*
 * Khmer segmentation for search: character clusters and overlapping cluster pairs.
 *
 * Shared by the search worker (worker.js, beside this file), which applies the very
 * same functions to the documents when the index is set up and to every query typed,
 * and by the unit tests (tests/test_search_khmer.py runs it under Node).
 *
 * THE PROBLEM. Khmer is written without spaces between words; a space separates
 * phrases. Material's lunr search splits text on spaces, so a "word" in its index is a
 * whole phrase, and a word in the middle of a phrase is never found (a trailing
 * wildcard only helps for the first word of a phrase).
 *
 * WHY CLUSTER PAIRS (dictionary-free bigrams, as Lucene's CJKBigramFilter does for
 * Chinese and Japanese) and not word segmentation:
 *  - ICU word break or khmercut at build time (inserting U+200B between words) found
 *    25-27 of our 33 test queries: a dictionary segmenter cuts the page text and the
 *    typed query differently whenever the context differs (a word alone in the search
 *    box is cut differently from the same word inside a compound), and it cuts unknown
 *    words (names of provinces, ministries, programmes, loanwords) unpredictably.
 *  - The browser's Intl.Segmenter is a different dictionary again (ICU version of the
 *    reader's browser), so index and query disagree between build and browser, and
 *    across browsers; it is also missing in some older browsers.
 *  - Pagefind or another engine would replace Material's search UI and its offline
 *    (file://) support, which we keep.
 *  - Character clusters need no dictionary: a cluster (orthographic syllable) is a base
 *    letter with its subscripts (coeng + consonant), vowels and signs, a fixed rule of
 *    the script. Splitting the same text always gives the same clusters, in Python, in
 *    Node and in every browser, so the index and the query always agree. Indexing every
 *    pair of neighbouring clusters, and requiring all pairs of a typed word, finds a word
 *    wherever it stands (start, middle or end of a phrase, with or without U+200B), and
 *    a word that is absent gives no hit, because its pairs do not all occur. Single
 *    clusters alone (unigrams) would match almost every page.
 *    Measured by a colleague on 33 queries: 33/33 over http and file://, no false hits.
 *
 * This file only segments; how the pairs reach lunr is explained in worker.js.
 */
(function (root) {
  "use strict"

  /* Invisible characters that only hint at word breaks or joining: zero-width space,
     ZWNJ, ZWJ, word joiner, zero-width no-break space. They are dropped before
     segmenting, so text and queries typed with or without them give the same pairs. */
  var INVISIBLE = "\u200B-\u200D\u2060\uFEFF"
  var INVISIBLE_RE = new RegExp("[" + INVISIBLE + "]", "g")

  /* One cluster: a base (consonant U+1780-U+17A2 or independent vowel U+17A3-U+17B3)
     followed by any number of coeng (U+17D2) + letter pairs and combining marks
     (inherent vowels U+17B4-U+17B5, dependent vowels U+17B6-U+17C5, signs U+17C6-U+17D1,
     U+17D3, U+17DD); or one Khmer digit. A stray coeng or mark (typing in progress,
     broken text) attaches to the cluster before it. */
  var CLUSTER = "[\u1780-\u17B3](?:\u17D2[\u1780-\u17B3]?|[\u17B4-\u17D1\u17D3\u17DD])*|[\u17E0-\u17E9]"
  /* A run: clusters with nothing between them but invisible characters. Punctuation
     (khan U+17D4 and the others), spaces and Latin text end a run. */
  var RUN_RE = new RegExp("(?:(?:" + CLUSTER + ")[" + INVISIBLE + "]*)+", "g")
  var CLUSTER_RE = new RegExp(CLUSTER, "g")
  var KHMER_RE = /[\u1780-\u17FF\u19E0-\u19FF]/

  /* Block-level tags: text on either side of one is not one run. Other tags (strong,
     a, abbr...) are dropped, so a word split by inline markup is still one run. */
  var BLOCK_TAG_RE = /<\/?(?:p|div|li|ul|ol|h[1-6]|br|hr|tr|td|th|table|thead|tbody|pre|blockquote|dl|dt|dd|section|article|aside|nav|figure|figcaption|details|summary)\b[^>]*>/gi
  var TAG_RE = /<[^>]*>/g

  function hasKhmer(text) {
    return KHMER_RE.test(text || "")
  }

  /* Khmer runs of a text, invisible characters removed. */
  function runs(text) {
    return (String(text || "").match(RUN_RE) || []).map(function (run) {
      return run.replace(INVISIBLE_RE, "")
    })
  }

  function clusters(run) {
    return run.match(CLUSTER_RE) || []
  }

  /* The index terms of one run: every pair of neighbouring clusters, then the last
     cluster alone (so that a one-cluster query, `X*`, finds X also where it ends a
     run). A one-cluster run gives that cluster. */
  function runTerms(run) {
    var c = clusters(run), out = []
    for (var i = 0; i + 1 < c.length; i++)
      out.push(c[i] + c[i + 1])
    if (c.length)
      out.push(c[c.length - 1])
    return out
  }

  /* HTML (as in Material's index) to plain text for segmenting. */
  function plainText(html) {
    return String(html || "")
      .replace(BLOCK_TAG_RE, " ")
      .replace(TAG_RE, "")
      .replace(/&#(\d+);/g, function (_, n) { return String.fromCharCode(+n) })
      .replace(/&#x([0-9a-f]+);/gi, function (_, n) { return String.fromCharCode(parseInt(n, 16)) })
  }

  /* The index terms of a document field (a string of HTML, or a list of strings such as
     tags), space-separated, ready to be a hidden lunr field; "" without Khmer. */
  function indexTerms(value) {
    var values = Array.isArray(value) ? value : [value]
    var out = []
    for (var v = 0; v < values.length; v++) {
      if (!hasKhmer(values[v]))
        continue
      var r = runs(plainText(values[v]))
      for (var i = 0; i < r.length; i++)
        Array.prototype.push.apply(out, runTerms(r[i]))
    }
    return out.join(" ")
  }

  /* The query terms of one typed run: all pairs, the last one as a prefix (the reader
     may still be typing its last cluster), all required; a one-cluster run is a
     required prefix. Pairs only, never the trailing unigram: that one is for
     one-cluster queries. */
  function queryTerms(run) {
    var c = clusters(run)
    if (c.length === 1)
      return ["+" + c[0] + "*"]
    var out = []
    for (var i = 0; i + 1 < c.length; i++)
      out.push("+" + c[i] + c[i + 1] + (i + 2 === c.length ? "*" : ""))
    return out
  }

  /* Rewrite a typed query for Material's search: each Khmer run becomes its required
     cluster pairs; everything else (English words, Material's query syntax) is left to
     Material as typed. Returns {query, runs, terms}: the Khmer runs as typed (without
     invisible characters) and the pair terms generated for them (without + and *). */
  function rewriteQuery(query) {
    query = String(query || "")
    if (!hasKhmer(query))
      return { query: query, runs: [], terms: [] }
    var found = [], terms = []
    var rest = query
      .replace(/"/g, " ")              /* a quoted phrase would turn +pairs into ++pairs */
      .replace(RUN_RE, function (run) {
        run = run.replace(INVISIBLE_RE, "")
        var t = queryTerms(run)
        if (found.indexOf(run) < 0)
          found.push(run)
        for (var i = 0; i < t.length; i++)
          terms.push(t[i].replace(/^\+|\*$/g, ""))
        return " " + t.join(" ") + " "
      })
      .replace(/[\u17D4-\u17DA\u19E0-\u19FF]/g, " ")   /* Khmer punctuation and symbols */
      .replace(INVISIBLE_RE, " ")
      .replace(/\s+/g, " ")
      .trim()
    return { query: rest, runs: found, terms: terms }
  }

  /* A regular expression finding a run in page text, allowing invisible characters
     between its letters (for highlighting the word in result snippets). */
  function runPattern(run) {
    return Array.from(run).join("[" + INVISIBLE + "]*")
  }

  var api = {
    INVISIBLE: INVISIBLE,
    hasKhmer: hasKhmer,
    runs: runs,
    clusters: clusters,
    runTerms: runTerms,
    plainText: plainText,
    indexTerms: indexTerms,
    queryTerms: queryTerms,
    rewriteQuery: rewriteQuery,
    runPattern: runPattern
  }
  root.RCKhmer = api
  if (typeof module === "object" && module.exports)
    module.exports = api
})(typeof self !== "undefined" ? self : this)
