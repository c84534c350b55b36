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
 * NORMALISATION (issue #15). Khmer that looks the same can be typed in several ways (a split
 * vowel េ + ា for ោ, coeng + RO before another subscript: សាស្រ្ត / សាស្ត្រ, a vowel typed before
 * its subscript, invisible characters, Khmer or ASCII digits). Before any pair is made, index
 * text and query are folded the same way (fold below: canonical cluster order, split vowels
 * merged, no invisible characters, Khmer digits as ASCII, subscript DA as TA), so every variant
 * gives the same pairs. The rules are those of resource_centre/records/khmer.py (its docstring says why
 * each); both must pass tests/fixtures/khmer-normalisation.json. canonical() is the form records
 * are written in (the submission form applies it); fold() is what search compares. The text
 * readers see is never changed: foldMap() maps folded text back to the text as written, so a
 * snippet marks the word as the page spells it.
 *
 * This file only segments and normalises; how the pairs reach lunr is explained in worker.js.
 */
(function (root) {
  "use strict"

  /* Invisible characters that only hint at word breaks or joining: zero-width space,
     ZWNJ, ZWJ, word joiner, zero-width no-break space. They are dropped before
     segmenting, so text and queries typed with or without them give the same pairs. */
  var INVISIBLE = "\u200B-\u200D\u2060\uFEFF"
  var INVISIBLE_RE = new RegExp("[" + INVISIBLE + "]", "g")

  /* ---- normalisation: resource_centre/records/khmer.py, rule for rule ---------------------------- */

  var LETTER = "\u1780-\u17B3", COENG = "\u17D2", RO = "\u179A", ZWSP = "\u200B"
  var ALL_INVISIBLE = "\u00AD" + INVISIBLE      /* and the soft hyphen */
  var MARK = "\u17B4-\u17D1\u17D3\u17DD"
  /* One cluster as typed, invisible characters inside it included (khmer.py CLUSTER). */
  var TAIL = "[" + ALL_INVISIBLE + "]*(?:" + COENG + "[" + ALL_INVISIBLE + COENG + "]*[" + LETTER + "]?|[" + MARK + "])"
  /* Only a cluster that may change (khmer.py _CHANGING): an invisible character or a doubled coeng
     in it, or two parts or more after its base. */
  var CHANGING = "[" + LETTER + "](?=[" + ALL_INVISIBLE + "]|" + COENG + "[" + ALL_INVISIBLE + COENG + "]|(?:" +
    TAIL + "){2})(?:" + TAIL + ")*"
  var UNITS_RE = new RegExp("(" + CHANGING + ")|([" + ALL_INVISIBLE + "]+)", "g")
  var PART_RE = new RegExp(COENG + "+[" + LETTER + "]?|[\\s\\S]", "g")
  var ALL_INVISIBLE_RE = new RegExp("[" + ALL_INVISIBLE + "]", "g")
  var KHMER_CHAR_RE = /[\u1780-\u17FF]/
  var E = "\u17C1"
  var MERGED = {}
  MERGED[E + "\u17B6"] = MERGED["\u17B6" + E] = "\u17C4"      /* េ + ា -> ោ */
  MERGED[E + "\u17B8"] = MERGED["\u17B8" + E] = "\u17BE"      /* េ + ី -> ើ */
  Array.prototype.forEach.call("\u17BE\u17BF\u17C0\u17C4\u17C5", function (whole) {
    MERGED[E + whole] = MERGED[whole + E] = whole              /* ើ ឿ ៀ ោ ៅ hold េ already */
  })

  function reduce(parts) {
    var out = []
    for (var i = 0; i < parts.length; i++) {
      out.push(parts[i])
      while (out.length > 1) {
        var a = out[out.length - 2], b = out[out.length - 1]
        if (a === b) out.pop()
        else if (MERGED[a + b]) out.splice(out.length - 2, 2, MERGED[a + b])
        else break
      }
    }
    return out.join("")
  }

  /* Is a cluster already in canonical order? A loop over its letters, without building its parts:
     search folds every page when the index is set up, and most clusters need no change. */
  function rank(c) {
    if (c === "\u17C9" || c === "\u17CA" || c === "\u17CC") return 3
    if (c >= "\u17B4" && c <= "\u17C5") return 4
    if (c === "\u17C7" || c === "\u17C8") return 6
    return 5
  }

  function inOrder(text) {
    var last = 0, lastPart = ""
    for (var i = 1; i < text.length; i++) {
      var c = text.charAt(i), r, part = c
      if (c === COENG) {
        var next = text.charAt(i + 1)
        if (!(next >= "\u1780" && next <= "\u17B3")) return false     /* doubled, stray, invisible */
        r = next === RO ? 2 : 1
        part = c + next
        i++
      } else if (c >= "\u17B4" && c <= "\u17DD") r = rank(c)
      else return false                                                  /* an invisible character */
      if (r < last || part === lastPart || MERGED[lastPart + part]) return false
      last = r
      lastPart = part
    }
    return true
  }

  function canonicalCluster(text) {
    if (inOrder(text))
      return text
    text = text.replace(ALL_INVISIBLE_RE, "")
    var rest = text.slice(1).match(PART_RE) || []
    var subs = [], ros = [], shifters = [], vowels = [], signs = [], spacing = [], stray = false
    for (var i = 0; i < rest.length; i++) {
      var part = rest[i]
      if (part.charAt(0) === COENG) {
        var letter = part.replace(/^\u17D2+/, "")
        if (!letter) { stray = i === rest.length - 1; continue }
        ;(letter === RO ? ros : subs).push(COENG + letter)
      } else if (part === "\u17C9" || part === "\u17CA" || part === "\u17CC") shifters.push(part)
      else if (part >= "\u17B4" && part <= "\u17C5") vowels.push(part)
      else if (part === "\u17C7" || part === "\u17C8") spacing.push(part)
      else signs.push(part)
    }
    var out = text.charAt(0) + reduce(subs) + reduce(ros) + reduce(shifters) + reduce(vowels) +
      reduce(signs) + reduce(spacing)
    /* A stray coeng stays at the very end; after U+17DD NFC would move it before that sign, where the
       next pass drops it: it goes now (khmer.py _cluster) */
    return stray && out.indexOf("\u17DD") < 0 ? out + COENG : out
  }

  /* The walk of khmer.py _normalise; `map`, when given, receives [from, to] of the source text
     for every character of the output (the whole cluster it belongs to). */
  function normalise(text, folded, map) {
    var out = "", last = 0, match
    function copy(piece, from, to) {
      out += piece
      if (map) for (var k = 0; k < piece.length; k++) map.push(to === undefined ? [from + k, from + k + 1] : [from, to])
    }
    UNITS_RE.lastIndex = 0
    while ((match = UNITS_RE.exec(text))) {
      var start = match.index, end = start + match[0].length
      copy(text.slice(last, start), last)
      last = end
      if (match[1]) copy(canonicalCluster(match[1]), start, end)
      else if (folded) continue
      else if (start && end < text.length && KHMER_CHAR_RE.test(text.charAt(start - 1)) && KHMER_CHAR_RE.test(text.charAt(end)))
        copy(match[2].indexOf(ZWSP) >= 0 ? ZWSP : "", start, end)
      else copy(match[2], start)
    }
    copy(text.slice(last), last)
    return out
  }

  /* Subscript DA as subscript TA, before the clusters are put in order (one letter for one, so
     positions in the text are kept). */
  function daAsTa(text) {
    return text.replace(/\u17D2\u178A/g, "\u17D2\u178F")
  }

  function foldDigits(text) {
    return text.replace(/[\u17E0-\u17E9]/g, function (d) { return String(d.charCodeAt(0) - 0x17E0) })
  }

  /* The form records are written in: every Khmer cluster in canonical order (khmer.py canonical). */
  function canonical(text) {
    text = String(text || "")
    return KHMER_CHAR_RE.test(text) ? normalise(text, false) : text
  }

  /* What search compares (khmer.py fold): canonical, NFC, no invisible characters, Khmer digits
     as ASCII, subscript DA as TA. */
  function fold(text) {
    text = String(text || "")
    /* clusters before NFC, which would move a coeng typed after U+17DD away from its letter */
    if (KHMER_CHAR_RE.test(text)) text = foldDigits(normalise(daAsTa(text), true))
    if (text.normalize) text = text.normalize("NFC")
    return text.replace(ALL_INVISIBLE_RE, "")
  }

  /* fold() of text as written, with where each folded character comes from: {text, from, to}
     (from[i]..to[i] in the text given). Used to mark a folded word in a snippet as written. */
  function foldMap(text) {
    text = String(text || "")
    var map = []
    var folded = foldDigits(normalise(daAsTa(text), true, map))
    return { text: folded, from: map.map(function (m) { return m[0] }), to: map.map(function (m) { return m[1] }) }
  }

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
      var plain = plainText(values[v])
      var r = runs(fold(plain))
      for (var i = 0; i < r.length; i++)
        Array.prototype.push.apply(out, runTerms(r[i]))
      Array.prototype.push.apply(out, numbers(plain))
    }
    return out.join(" ")
  }

  /* What indexTerms makes its terms from, for a search that finds pairs in the text instead of
     making them all (first.js): the folded plain text of a value, whose runs are its longest
     stretches of clusters, and the numbers; null for a value without Khmer. */
  function searchParts(value) {
    if (!hasKhmer(value))
      return null
    var plain = plainText(value)
    return { text: fold(plain), numbers: numbers(plain) }
  }

  /* Whether a term of cluster pairs (from queryTerms, without + and *) occurs in folded text as
     indexTerms would have made it: where a cluster starts and, unless `prefix`, where one ends (the
     clusters between then are the term's: a letter inside a cluster follows a coeng). Returns 1 where
     it does, 0.5 where it occurs only as the start of a longer term (a prefix), 0 where it does not.
     The clusters are told apart only around a place the term occurs, from the start of its stretch
     of Khmer letters and marks (no cluster crosses anything else). */
  var CLUSTER_AT = new RegExp(CLUSTER, "g")
  var CLUSTER_PART = /[\u1780-\u17D3\u17DD\u17E0-\u17E9]/

  function occurs(text, term, prefix) {
    var best = 0
    for (var at = text.indexOf(term); at >= 0; at = text.indexOf(term, at + 1)) {
      var from = at, end = at + term.length, starts = false, ends = false, match
      while (from > 0 && CLUSTER_PART.test(text.charAt(from - 1)))
        from--
      CLUSTER_AT.lastIndex = from
      while ((match = CLUSTER_AT.exec(text)) && match.index <= end) {
        if (match.index === at) starts = true
        if (match.index + match[0].length === end) ends = true
      }
      if (starts && ends)
        return 1
      if (starts && prefix)
        best = 0.5
    }
    return best
  }

  /* Numbers that lunr's own tokens would miss, as ASCII: those written in Khmer digits (២០០៩,
     which a reader may type as 2009) and those glued to Khmer letters (ឆ្នាំ2009). */
  function numbers(plain) {
    var out = [], re = /[0-9\u17E0-\u17E9]+/g, match
    while ((match = re.exec(plain))) {
      var before = plain.charAt(match.index - 1), after = plain.charAt(match.index + match[0].length)
      if (/[\u17E0-\u17E9]/.test(match[0]) || KHMER_RE.test(before) || KHMER_RE.test(after))
        out.push(foldDigits(match[0]))
    }
    return out
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
     Material as typed. The query is folded first (fold above), so any way of typing a word gives
     the same pairs. Returns {query, runs, terms, numbers}: the Khmer runs, folded, the pair terms
     generated for them (without + and *) and the numbers typed (ASCII). */
  function rewriteQuery(query) {
    query = String(query || "")
    if (!hasKhmer(query))
      return { query: query, runs: [], terms: [] }
    query = fold(query)
    var found = [], terms = [], digits = query.match(/[0-9]+/g) || []
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
    return { query: rest, runs: found, terms: terms, numbers: digits }
  }

  /* A regular expression finding a run in page text, allowing invisible characters
     between its letters (for highlighting the word in result snippets). */
  function runPattern(run) {
    return Array.from(run).join("[" + INVISIBLE + "]*")
  }

  var api = {
    INVISIBLE: INVISIBLE,
    canonical: canonical,
    fold: fold,
    foldMap: foldMap,
    hasKhmer: hasKhmer,
    runs: runs,
    clusters: clusters,
    runTerms: runTerms,
    plainText: plainText,
    indexTerms: indexTerms,
    searchParts: searchParts,
    occurs: occurs,
    queryTerms: queryTerms,
    rewriteQuery: rewriteQuery,
    runPattern: runPattern
  }
  root.RCKhmer = api
  if (typeof module === "object" && module.exports)
    module.exports = api
})(typeof self !== "undefined" ? self : this)
