/*
 * The first answer of a large site's search: titles, headings, tags and the start of each page.
 *
 * Why not Material's index for it: lunr builds about 2 MB of text a second (English; Khmer, with its
 * cluster pairs, a quarter of that), and at 1,000 case studies even titles alone, 11,600 entries with
 * their headings, took over a second of lunr's build, most of it in the bookkeeping lunr keeps for
 * ranking and highlighting (measured: benchmarks/search/first_answer.py). The first answer is due
 * within 300 ms of the reader's intent (issue 20). So a large site's index comes in stages
 * (resource_centre/site/search_budget.py): the first stage, which Material downloads, holds each
 * entry's title, tags and a page's first lines; worker.js (beside this file) searches it here, at
 * once, and builds Material's own index from the full text in the background (another worker where
 * the browser allows), answering again from Material's index as soon as it is ready.
 *
 * This is a plain inverted index of those few words, built in tens of milliseconds: a term's
 * entries, its terms sorted for prefix look-ups; Khmer pairs are found in the folded text instead
 * (matches(), below). It answers Material's query language as Material's
 * search does for these fields: the query arrives as worker.js rewrites it (Khmer runs as required
 * cluster pairs, +AB +BC +CD*, khmer.js), each other term is lowercased, split at the index's
 * separator and, as Material's transform does, matched as a prefix unless it is +required or
 * -prohibited; stop words are dropped (the index's pipeline). Results are Material's: the entries
 * grouped by page, the page first, with score and the query's terms, the matched words marked in
 * titles (<mark>, as Material marks them); worker.js then does to them what it does to Material's
 * (Khmer marks, the reader's language first, the other language's search).
 *
 * Ranking is simpler than Material's BM25 (a field's boost, rarer terms weigh more, pages before
 * their sections as Material boosts them), and is replaced by Material's own within seconds.
 */
(function (root) {
  "use strict"

  var FIELDS = ["title", "tags", "text"]
  var WEIGHT = { title: 10, tags: 12, text: 1 }   /* Material boosts tags over titles over text */

  /* Text of an HTML value, for indexing and marking. */
  function plain(html) {
    return String(html || "").replace(/<[^>]*>/g, " ")
      .replace(/&amp;/g, "&").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, "\"").replace(/&#39;/g, "'")
  }

  /* build(data, K, stopWord): data is Material's index ({config, docs}); K is RCKhmer; stopWord(term)
     is true for a term the index's pipeline drops (lunr.stopWordFilter when it is in the pipeline). */
  function build(data, K, stopWord) {
    var config = data.config || {}
    var separator = new RegExp(config.separator || "[\\s\\-]+", "g")
    var fields = FIELDS.filter(function (name) { return !config.fields || name in config.fields })
    var docs = data.docs || []
    var postings = new Map()                    /* term -> [doc * 4 + field, ...] */
    var sorted = null
    var KHMER = /[\u1780-\u17FF]/

    /* Khmer is not cut into terms here. Its index terms would be every pair of neighbouring clusters
       (khmer.js), the most of this build's time for a Khmer site (and most of its garbage): instead
       each distinct value with Khmer keeps its folded text and its entries, and a query's pairs are
       found in those texts where they occur as indexTerms would have made them (K.occurs). A site's
       values repeat (a case study's headings): at 1,000 case studies, 2,400 distinct values with
       230,000 characters, searched in about a millisecond a pair. */
    var khmer = []                              /* {text, entries: [doc * 4 + field, ...]} */

    /* The terms of a value: its words (lowercase, split at the separator, no stop words) and, in
       Khmer text, its numbers (indexTerms' other terms); with its Khmer record, if it has Khmer.
       Khmer runs are never words here because worker.js turns every Khmer run of a query into pairs.
       Each distinct value is read once. */
    var seen = new Map()
    function read(value) {
      var known = seen.get(value)
      if (known !== undefined)
        return known
      var terms = plain(value).toLowerCase().split(separator).filter(function (word) {
        return word && !KHMER.test(word) && !stopWord(word)
      })
      var parts = K.searchParts(value), record = null
      if (parts !== null) {
        terms = terms.concat(parts.numbers)
        record = { text: parts.text, entries: [] }
        khmer.push(record)
      }
      known = { terms: terms, khmer: record }
      seen.set(value, known)
      return known
    }

    function add(list, entry) {
      if (list[list.length - 1] !== entry)
        list.push(entry)
    }

    for (var d = 0; d < docs.length; d++)
      for (var f = 0; f < fields.length; f++) {
        var value = docs[d][fields[f]]
        if (value === undefined || value === "")
          continue
        var values = Array.isArray(value) ? value : [value]
        for (var v = 0; v < values.length; v++) {
          var entry = d * 4 + f, known = read(String(values[v])), terms = known.terms
          for (var t = 0; t < terms.length; t++) {
            var list = postings.get(terms[t])
            if (list === undefined)
              postings.set(terms[t], [entry])
            else
              add(list, entry)
          }
          if (known.khmer !== null)
            add(known.khmer.entries, entry)
        }
      }

    /* The terms starting with `prefix` (a binary search in the sorted terms). */
    function withPrefix(prefix) {
      if (sorted === null)
        sorted = Array.from(postings.keys()).sort()
      var lo = 0, hi = sorted.length
      while (lo < hi) {
        var mid = (lo + hi) >> 1
        if (sorted[mid] < prefix) lo = mid + 1
        else hi = mid
      }
      var out = []
      for (var i = lo; i < sorted.length && sorted[i].lastIndexOf(prefix, 0) === 0; i++)
        out.push(sorted[i])
      return out
    }

    /* Material's query, as worker.js hands it on: the clauses {term, presence, prefix}. */
    function clauses(query) {
      var out = []
      String(query).split(/\s+/).forEach(function (part) {
        var presence = part.charAt(0) === "+" ? 1 : part.charAt(0) === "-" ? -1 : 0
        part = part.replace(/^[+-]+/, "").replace(/^(title|text|tags):/, "").replace(/[~^]\d*$/, "")
        var prefix = presence === 0 || /\*$/.test(part)
        var pieces = part.replace(/\*/g, "").toLowerCase().split(separator)
        for (var i = 0; i < pieces.length; i++)
          if (pieces[i] && !(presence !== -1 && !prefix && stopWord(pieces[i])))
            out.push({ term: pieces[i], presence: presence, prefix: prefix })
      })
      return out
    }

    /* A clause's entries, as {term, entries, weight}: a whole term weighs 1, a longer one found by a
       prefix 0.8. Words from the postings; a term of Khmer cluster pairs from the Khmer texts. */
    function matches(clause) {
      if (KHMER.test(clause.term)) {
        var whole = [], longer = []
        for (var i = 0; i < khmer.length; i++) {
          var found = K.occurs(khmer[i].text, clause.term, clause.prefix)
          if (found)
            Array.prototype.push.apply(found === 1 ? whole : longer, khmer[i].entries)
        }
        return [{ term: clause.term, entries: whole, weight: 1 },
                { term: clause.term, entries: longer, weight: 0.8 }].filter(function (m) { return m.entries.length })
      }
      var terms = clause.prefix ? withPrefix(clause.term) : (postings.has(clause.term) ? [clause.term] : [])
      return terms.map(function (term) {
        return { term: term, entries: postings.get(term), weight: term === clause.term ? 1 : 0.8 }
      })
    }

    function search(query) {
      var list = clauses(query)
      if (!list.length)
        return { items: [] }
      var scores = new Map(), matched = new Map(), required = null, prohibited = new Set()
      var total = docs.length
      list.forEach(function (clause, c) {
        var found = new Set()
        matches(clause).forEach(function (match) {
          var entries = match.entries, term = match.term
          var idf = Math.log(1 + total / entries.length)
          for (var i = 0; i < entries.length; i++) {
            var doc = entries[i] >> 2, field = fields[entries[i] & 3]
            found.add(doc)
            if (clause.presence === -1)
              continue
            var score = WEIGHT[field] * idf * match.weight
            var best = scores.get(doc) || {}
            if (!(best[c] >= score)) {
              best[c] = score
              scores.set(doc, best)
            }
            if (!matched.has(doc)) matched.set(doc, new Set())
            matched.get(doc).add(term)
          }
        })
        if (clause.presence === -1)
          found.forEach(function (doc) { prohibited.add(doc) })
        else if (clause.presence === 1)
          required = required === null ? found : new Set(Array.from(required).filter(function (doc) { return found.has(doc) }))
      })
      var candidates = required !== null ? Array.from(required) : Array.from(scores.keys())
      var positive = list.filter(function (clause) { return clause.presence !== -1 })
      var items = []
      candidates.forEach(function (d) {
        if (prohibited.has(d))
          return
        var doc = docs[d], best = scores.get(d) || {}, score = 0, terms = {}, count = 0
        positive.forEach(function (clause) {
          var index = list.indexOf(clause)
          terms[clause.term] = best[index] !== undefined
          if (best[index] !== undefined) { score += best[index]; count++ }
        })
        var isPage = String(doc.location).indexOf("#") < 0
        var boost = +isPage + count / Math.max(1, positive.length)   /* Material's post-query boost */
        score *= (typeof doc.boost === "number" ? doc.boost : 1) * (1 + boost * boost)
        items.push(Object.assign({}, doc, {
          title: mark(doc.title, matched.get(d)),
          score: score,
          terms: terms
        }))
      })
      items.sort(function (a, b) { return b.score - a.score })
      var groups = new Map()
      items.forEach(function (item) {
        var page = String(item.location).split("#")[0]
        if (!groups.has(page)) groups.set(page, [])
        groups.get(page).push(item)
      })
      groups.forEach(function (group, page) {               /* every group holds its page, as Material's */
        if (!group.some(function (item) { return item.location === page })) {
          var article = pages[page]
          if (article !== undefined)
            group.push(Object.assign({}, docs[article], { score: 0, terms: {} }))
        }
      })
      return { items: Array.from(groups.values()) }
    }

    /* Mark the words of `html` whose lowercase form is one of `terms`, outside tags, as Material does. */
    function mark(html, terms) {
      if (typeof html !== "string" || !terms || !terms.size)
        return html
      var split = new RegExp(separator.source, "g")
      return html.split(/(<[^>]*>)/).map(function (part) {
        if (part.charAt(0) === "<")
          return part
        var out = "", last = 0, match
        split.lastIndex = 0
        var bounds = []
        while ((match = split.exec(part))) {
          bounds.push([last, match.index])
          last = match.index + match[0].length
          if (!match[0].length) split.lastIndex++
        }
        bounds.push([last, part.length])
        last = 0
        bounds.forEach(function (b) {
          var word = part.slice(b[0], b[1])
          if (word && terms.has(word.toLowerCase())) {
            out += part.slice(last, b[0]) + "<mark>" + word + "</mark>"
            last = b[1]
          }
        })
        return out + part.slice(last)
      }).join("")
    }

    var pages = Object.create(null)                     /* page location -> its entry */
    for (var i = 0; i < docs.length; i++)
      if (String(docs[i].location).indexOf("#") < 0)
        pages[docs[i].location] = i

    seen = null
    return { search: search, size: postings.size + khmer.length }
  }

  var api = { build: build }
  root.RCFirst = api
  if (typeof module === "object" && module.exports)
    module.exports = api
})(typeof self !== "undefined" ? self : this)
