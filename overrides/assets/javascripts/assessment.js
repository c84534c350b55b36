/*
 * An assessment on a tool's page (resource_centre/site/assessment.py writes the questionnaire and the
 * data block #rc-assessment-data): a participant answers and gets a short answer code; the
 * facilitator collects codes, files and paper forms, compares the groups, and keeps rounds in
 * this browser (localStorage) to compare over time. Nothing is sent anywhere: no request to any
 * host, so it works the same from the offline edition over file://.
 *
 * Answer code: <questionnaire code>-<group>-<answers>-<check>, e.g. HC1-A-0Z-K.
 *   group:   the group's place in the questionnaire's list as a letter (A for the first group);
 *   answers: every answer's place on the scale, read as one number in base (points of the scale)
 *            and written in Crockford base 32, with a fixed length for the questionnaire;
 *   check:   a Luhn mod 32 character over code, group and answers: any one mistyped character and
 *            all swapped neighbours but 0 and Z are detected. O reads as 0, I and L as 1, case is ignored.
 * The questionnaire's code carries its version (HC1): codes of another version are refused.
 */
(function () {
  "use strict";
  var dataEl = document.getElementById("rc-assessment-data");
  var form = document.getElementById("rc-assess-form");
  var app = document.getElementById("rc-assess-app");
  if (!dataEl || !form || !app) { return; }
  var spec = JSON.parse(dataEl.textContent);
  var ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  var GROUP0 = 10;  // groups are letters: A, B, C...
  var STORE = "rc-assessment:" + spec.tool;
  var CURRENT = STORE + ":current";
  var questions = [];
  spec.themes.forEach(function (theme, ti) {
    theme.questions.forEach(function (q) { questions.push({ id: q.id, text: q.text, theme: ti, n: questions.length + 1 }); });
  });
  var values = spec.scale.map(function (p) { return p.value; });
  var groupIds = spec.groups.map(function (g) { return g.id; });

  // Words and numbers ------------------------------------------------------------------------
  function t(key, vars) {
    return (spec.t[key] || key).replace(/\{(\w+)\}/g, function (m, name) {
      return vars && Object.prototype.hasOwnProperty.call(vars, name) ? String(vars[name]) : m;
    });
  }
  function digits(text) { return String(text).replace(/[0-9]/g, function (d) { return spec.digits.charAt(+d); }); }
  function num(x, places) {
    var text = places ? x.toFixed(places) : String(x);
    return digits(text.replace(".", spec.decimal));
  }
  function groupLabel(id) {
    for (var i = 0; i < spec.groups.length; i++) { if (spec.groups[i].id === id) { return spec.groups[i].label; } }
    return id;
  }
  function make(tag, props, children) {
    var el = document.createElement(tag);
    Object.keys(props || {}).forEach(function (k) {
      if (k === "text") { el.textContent = props[k]; }
      else if (k === "className") { el.className = props[k]; }
      else if (props[k] !== null && props[k] !== undefined && props[k] !== false) { el.setAttribute(k, props[k] === true ? "" : props[k]); }
    });
    (children || []).forEach(function (c) { if (c) { el.appendChild(typeof c === "string" ? document.createTextNode(c) : c); } });
    return el;
  }
  function svg(tag, attrs, children) {
    var el = document.createElementNS("http://www.w3.org/2000/svg", tag);
    Object.keys(attrs || {}).forEach(function (k) { el.setAttribute(k, attrs[k]); });
    (children || []).forEach(function (c) { el.appendChild(typeof c === "string" ? document.createTextNode(c) : c); });
    return el;
  }
  var idCount = 0;
  function newId(name) { idCount += 1; return "rc-assess-" + name + "-" + idCount; }

  // The answer code ---------------------------------------------------------------------------
  function codeValue(ch) {
    var i = ALPHABET.indexOf(ch);
    return i >= 0 ? i : "ABCDEFGHIJKLMNOPQRSTUVWXYZ".indexOf(ch) % 32;
  }
  function checkChar(text) {
    var sum = 0, factor = 2;
    for (var i = text.length - 1; i >= 0; i--) {
      var add = factor * codeValue(text.charAt(i));
      sum += Math.floor(add / 32) + (add % 32);
      factor = factor === 2 ? 1 : 2;
    }
    return ALPHABET.charAt((32 - (sum % 32)) % 32);
  }
  function answersLength() {
    var top = BigInt(1), base = BigInt(values.length);
    questions.forEach(function () { top *= base; });
    return Math.max(1, (top - BigInt(1)).toString(32).length);
  }
  function toCrockford(big, length) {
    var plain = big.toString(32).toUpperCase(), out = "";
    for (var i = 0; i < plain.length; i++) { out += ALPHABET.charAt(parseInt(plain.charAt(i), 32)); }
    while (out.length < length) { out = "0" + out; }
    return out;
  }
  function encode(group, answers) {
    var big = BigInt(0), base = BigInt(values.length);
    questions.forEach(function (q) { big = big * base + BigInt(values.indexOf(answers[q.id])); });
    var payload = ALPHABET.charAt(GROUP0 + groupIds.indexOf(group)) + toCrockford(big, answersLength());
    return spec.code + "-" + payload.charAt(0) + "-" + payload.slice(1) + "-" + checkChar(spec.code + payload);
  }
  function example() { return spec.code + "-A-" + new Array(answersLength() + 1).join("0") + "-X"; }
  // The response a code holds, or an Error whose message says what is wrong with it.
  function decode(raw) {
    var shown = raw.trim();
    var text = shown.toUpperCase().replace(/\s+/g, "");
    var parts = text.split("-");
    if (parts.length !== 4 || !parts[0] || !parts[1] || !parts[2] || !parts[3]) {
      return new Error(t("assess_bad_code_form", { code: shown, example: example() }));
    }
    if (parts[0] !== spec.code) {
      return new Error(t("assess_bad_code_version", { code: shown, found: parts[0], expected: spec.code }));
    }
    var rest = (parts[1] + parts[2] + parts[3]).replace(/O/g, "0").replace(/[IL]/g, "1");
    for (var i = 0; i < rest.length; i++) {
      if (ALPHABET.indexOf(rest.charAt(i)) < 0) { return new Error(t("assess_bad_code_form", { code: shown, example: example() })); }
    }
    var group = rest.slice(0, parts[1].length), answers = rest.slice(parts[1].length, rest.length - 1);
    if (checkChar(spec.code + group + answers) !== rest.charAt(rest.length - 1)) {
      return new Error(t("assess_bad_code_check", { code: shown }));
    }
    var groupAt = ALPHABET.indexOf(group) - GROUP0;
    if (group.length !== 1 || groupAt < 0 || groupAt >= groupIds.length) {
      return new Error(t("assess_bad_code_group", { code: shown }));
    }
    if (answers.length !== answersLength()) { return new Error(t("assess_bad_code_answers", { code: shown })); }
    var big = BigInt(0), base = BigInt(values.length);
    for (var j = 0; j < answers.length; j++) { big = big * BigInt(32) + BigInt(ALPHABET.indexOf(answers.charAt(j))); }
    var result = {};
    for (var k = questions.length - 1; k >= 0; k--) {
      result[questions[k].id] = values[Number(big % base)];
      big = big / base;
    }
    if (big !== BigInt(0)) { return new Error(t("assess_bad_code_answers", { code: shown })); }
    return { group: groupIds[groupAt], answers: result };
  }
  // A response from a file or a saved round: checked as strictly as a code.
  function checkResponse(item) {
    if (!item || typeof item !== "object" || groupIds.indexOf(item.group) < 0 || !item.answers) { return false; }
    return questions.every(function (q) { return values.indexOf(item.answers[q.id]) >= 0; });
  }

  // Storage: the collection in progress, and the saved rounds ---------------------------------
  function read(key, fallback) {
    try { var v = JSON.parse(window.localStorage.getItem(key)); return v === null ? fallback : v; } catch (e) { return fallback; }
  }
  function write(key, value) {
    try { window.localStorage.setItem(key, JSON.stringify(value)); } catch (e) { /* storage full or refused: the page still works */ }
  }
  var responses = (read(CURRENT, []) || []).filter(checkResponse);
  function rounds() {
    var data = read(STORE, null);
    return data && Array.isArray(data.rounds) ? data.rounds.filter(function (r) {
      return r && typeof r.partnership === "string" && typeof r.date === "string" && Array.isArray(r.responses);
    }) : [];
  }
  function saveRounds(list) {
    list.sort(function (a, b) { return a.partnership.localeCompare(b.partnership) || a.date.localeCompare(b.date); });
    write(STORE, { format: "rc-assessment-rounds", tool: spec.tool, code: spec.code, rounds: list });
  }
  function putRound(list, round) {
    var kept = list.filter(function (r) { return !(r.partnership === round.partnership && r.date === round.date); });
    kept.push(round);
    return kept;
  }

  // Figures -------------------------------------------------------------------------------------
  function stats(list) {
    var out = questions.map(function (q) {
      var by = {};
      spec.groups.concat([{ id: "" }]).forEach(function (g) {
        var vs = list.filter(function (r) { return !g.id || r.group === g.id; }).map(function (r) { return r.answers[q.id]; });
        by[g.id] = vs.length ? { n: vs.length, avg: vs.reduce(function (a, b) { return a + b; }, 0) / vs.length,
                                 low: Math.min.apply(null, vs), high: Math.max.apply(null, vs) } : null;
      });
      var avgs = groupIds.filter(function (g) { return by[g]; }).map(function (g) { return by[g].avg; });
      return { q: q, by: by, diff: avgs.length > 1 ? Math.max.apply(null, avgs) - Math.min.apply(null, avgs) : 0 };
    });
    return out.slice().sort(function (a, b) { return (b.diff - a.diff) || (a.q.n - b.q.n); });
  }
  function themeAverages(list) {
    return spec.themes.map(function (theme, ti) {
      var vs = [];
      list.forEach(function (r) { questions.forEach(function (q) { if (q.theme === ti) { vs.push(r.answers[q.id]); } }); });
      return vs.length ? vs.reduce(function (a, b) { return a + b; }, 0) / vs.length : null;
    });
  }

  // Messages ------------------------------------------------------------------------------------
  function say(el, text, isError) {
    el.textContent = "";
    (Array.isArray(text) ? text : [text]).forEach(function (line) { el.appendChild(make("p", { text: line })); });
    el.className = "rc-assess__message" + (isError ? " rc-assess__message--error" : "");
    el.hidden = !text || (Array.isArray(text) && !text.length);
  }

  // The participant: own scores and code ----------------------------------------------------------
  var mine = make("div", { className: "rc-assess__mine" });
  var showButton = make("button", { type: "button", className: "md-button md-button--primary", text: t("assess_show") });
  var mineMessage = make("div", { role: "alert", hidden: true });
  var mineResult = make("div", { className: "rc-assess__result", hidden: true });
  mine.appendChild(showButton);
  mine.appendChild(mineMessage);
  mine.appendChild(mineResult);
  form.appendChild(mine);

  function formAnswers() {
    var checked = form.querySelector('input[name="group"]:checked');
    var answers = {}, missing = [];
    questions.forEach(function (q) {
      var input = form.querySelector('input[name="q-' + q.id + '"]:checked');
      if (input) { answers[q.id] = Number(input.value); } else { missing.push(q); }
    });
    return { group: checked ? checked.value : null, answers: answers, missing: missing };
  }
  showButton.addEventListener("click", function () {
    var got = formAnswers();
    mineResult.hidden = true;
    if (!got.group) {
      say(mineMessage, t("assess_missing_group"), true);
      form.querySelector('input[name="group"]').focus();
      return;
    }
    if (got.missing.length) {
      say(mineMessage, t("assess_missing", { list: got.missing.map(function (q) { return num(q.n); }).join(", ") }), true);
      form.querySelector('input[name="q-' + got.missing[0].id + '"]').focus();
      return;
    }
    say(mineMessage, "", false);
    showMine(got);
  });
  function showMine(got) {
    var code = encode(got.group, got.answers);
    var averages = themeAverages([got]);
    var rows = spec.themes.map(function (theme, ti) {
      return make("tr", {}, [make("th", { scope: "row", text: theme.title }), make("td", { text: num(averages[ti], 1) })]);
    });
    var headingId = newId("mine");
    var codeId = newId("code");
    var copyStatus = make("p", { role: "status", className: "rc-assess__status" });
    var copy = make("button", { type: "button", className: "md-button", text: t("assess_copy") });
    var file = make("button", { type: "button", className: "md-button", text: t("assess_save_file") });
    mineResult.textContent = "";
    [make("h3", { id: headingId, tabindex: "-1", text: t("assess_my_scores") + " — " + groupLabel(got.group) }),
     make("table", { className: "rc-assess__table rc-assess__own" }, [
       make("thead", {}, [make("tr", {}, [make("th", { scope: "col", text: t("assess_theme") }), make("th", { scope: "col", text: t("assess_average") })])]),
       make("tbody", {}, rows)]),
     make("h3", { text: t("assess_code_title") }),
     make("p", { text: t("assess_code_help"), id: codeId + "-help" }),
     make("p", {}, [make("output", { className: "rc-assess__code", id: codeId, "aria-describedby": codeId + "-help", text: code })]),
     make("p", { className: "rc-assess__actions" }, [copy, file]), copyStatus].forEach(function (el) { mineResult.appendChild(el); });
    mineResult.hidden = false;
    copy.addEventListener("click", function () { copyText(code, document.getElementById(codeId), copyStatus); });
    file.addEventListener("click", function () {
      saveFile(spec.tool + "-" + code + ".json", JSON.stringify({ format: "rc-assessment-answers", tool: spec.tool, code: code }, null, 2), "application/json");
    });
    document.getElementById(headingId).focus();
  }
  function copyText(text, node, status) {
    function fallback() {
      var range = document.createRange();
      range.selectNodeContents(node);
      var selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      status.textContent = ok ? t("assess_copied") : t("assess_copy_failed");
    }
    if (navigator.clipboard && navigator.clipboard.writeText && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () { status.textContent = t("assess_copied"); }, fallback);
    } else { fallback(); }
  }
  function saveFile(name, text, type) {
    var url = URL.createObjectURL(new Blob([text], { type: type + ";charset=utf-8" }));
    var link = make("a", { href: url, download: name, hidden: true });
    document.body.appendChild(link);
    link.click();
    setTimeout(function () { URL.revokeObjectURL(url); link.remove(); }, 4000);
  }

  // The facilitator: collect ------------------------------------------------------------------------
  function section(titleKey, helpKey) {
    var id = newId("section");
    var el = make("section", { className: "rc-assess__part", "aria-labelledby": id }, [make("h3", { id: id, text: t(titleKey) })]);
    if (helpKey) { el.appendChild(make("p", { text: t(helpKey) })); }
    app.appendChild(el);
    return el;
  }
  var collect = section("assess_collect_title", "assess_collect_help");
  var codesId = newId("codes"), filesId = newId("files");
  var codesBox = make("textarea", { id: codesId, rows: "3", spellcheck: "false", autocapitalize: "characters", className: "rc-assess__codes" });
  var addCodes = make("button", { type: "button", className: "md-button md-button--primary", text: t("assess_add_codes") });
  var filesInput = make("input", { type: "file", id: filesId, multiple: true, accept: ".json,.csv,application/json,text/csv" });
  var collectMessage = make("div", { role: "alert", hidden: true });
  collect.appendChild(make("p", {}, [make("label", { for: codesId, text: t("assess_codes_label") })]));
  collect.appendChild(codesBox);
  collect.appendChild(make("p", {}, [addCodes]));
  collect.appendChild(make("p", {}, [make("label", { for: filesId, text: t("assess_files_label") })]));
  collect.appendChild(make("p", {}, [filesInput]));
  // Paper forms: one row of choices, added like a code.
  var paper = make("fieldset", { className: "rc-assess__paper" }, [make("legend", { text: t("assess_paper_title") })]);
  var paperSelects = [];
  function choice(labelText, options) {
    var id = newId("paper");
    var select = make("select", { id: id }, [make("option", { value: "", text: t("assess_choose") })].concat(
      options.map(function (o) { return make("option", { value: o[0], text: o[1] }); })));
    paper.appendChild(make("span", { className: "rc-assess__cell" }, [make("label", { for: id, text: labelText }), select]));
    return select;
  }
  var paperGroup = choice(t("assess_group"), spec.groups.map(function (g) { return [g.id, g.label]; }));
  questions.forEach(function (q) {
    var select = choice(t("assess_question", { number: num(q.n) }), spec.scale.map(function (p) { return [String(p.value), num(p.value) + " " + p.label]; }));
    select.setAttribute("title", q.text);
    paperSelects.push(select);
  });
  var addPaper = make("button", { type: "button", className: "md-button", text: t("assess_add_paper") });
  paper.appendChild(make("p", {}, [addPaper]));
  collect.appendChild(paper);
  collect.appendChild(collectMessage);
  var listHolder = make("div", { className: "rc-assess__list" });
  collect.appendChild(listHolder);

  function addResponses(list, message) {
    responses = responses.concat(list);
    write(CURRENT, responses);
    say(collectMessage, message || t("assess_added", { count: num(list.length), total: num(responses.length) }), false);
    refresh();
  }
  addCodes.addEventListener("click", function () {
    var lines = codesBox.value.split(/[\s,;]+/).filter(function (s) { return s.trim(); });
    var found = [], errors = [];
    lines.forEach(function (line) {
      var got = decode(line);
      if (got instanceof Error) { errors.push(got.message); } else { found.push(got); }
    });
    if (errors.length) {
      say(collectMessage, errors.concat([t("assess_nothing_added")]), true);
      codesBox.focus();
      return;
    }
    if (found.length) { codesBox.value = ""; addResponses(found); }
  });
  addPaper.addEventListener("click", function () {
    var answers = {}, ok = !!paperGroup.value;
    questions.forEach(function (q, i) { if (paperSelects[i].value) { answers[q.id] = Number(paperSelects[i].value); } else { ok = false; } });
    if (!ok) { say(collectMessage, [t("assess_bad_paper"), t("assess_nothing_added")], true); return; }
    var group = paperGroup.value;
    [paperGroup].concat(paperSelects).forEach(function (s) { s.value = ""; });
    addResponses([{ group: group, answers: answers }]);
    paperGroup.focus();
  });

  // Files: participants' answer files, exported rounds (JSON or CSV). All are read and checked
  // before anything changes: one bad file, and nothing is added.
  filesInput.addEventListener("change", function () {
    var files = Array.prototype.slice.call(filesInput.files || []);
    Promise.all(files.map(function (f) { return f.text().then(function (text) { return parseFile(f.name, text); }); })).then(function (parsed) {
      var errors = parsed.filter(function (p) { return p instanceof Error; }).map(function (e) { return e.message; });
      filesInput.value = "";
      if (errors.length) { say(collectMessage, errors.concat([t("assess_nothing_added")]), true); return; }
      var answers = [], imported = [];
      parsed.forEach(function (p) { answers = answers.concat(p.responses || []); imported = imported.concat(p.rounds || []); });
      if (imported.length) {
        var list = rounds();
        imported.forEach(function (r) { list = putRound(list, r); });
        saveRounds(list);
        if (!partnershipInput.value) { partnershipInput.value = imported[0].partnership; }
        say(roundsMessage, t("assess_imported", { count: num(imported.length) }), false);
      }
      if (answers.length) { addResponses(answers); } else { refresh(); }
    });
  });
  function parseFile(name, text) {
    function bad(reason) { return new Error(t("assess_bad_file", { file: name, reason: reason })); }
    if (/\.csv$/i.test(name)) { return parseCsv(text, bad); }
    var data;
    try { data = JSON.parse(text); } catch (e) { return bad("JSON: " + e.message); }
    if (!data || typeof data !== "object") { return bad("JSON"); }
    if (data.format === "rc-assessment-answers") {
      var got = typeof data.code === "string" ? decode(data.code) : bad("code");
      return got instanceof Error ? new Error(name + ": " + got.message) : { responses: [got] };
    }
    if (data.format === "rc-assessment-rounds" && data.code === spec.code && Array.isArray(data.rounds)) {
      for (var i = 0; i < data.rounds.length; i++) {
        var r = data.rounds[i];
        if (!r || typeof r.partnership !== "string" || !r.partnership.trim() || !/^\d{4}-\d{2}-\d{2}$/.test(r.date || "") ||
            !Array.isArray(r.responses) || !r.responses.every(checkResponse)) { return bad("rounds[" + i + "]"); }
      }
      return { rounds: data.rounds.map(function (r) { return { partnership: r.partnership.trim(), date: r.date, responses: r.responses }; }) };
    }
    return bad("format");
  }
  // CSV as exportCsv writes it: partnership,date,group,<question ids...>; quotes as in RFC 4180.
  function csvRows(text) {
    var rows = [], row = [], cell = "", quoted = false;
    for (var i = 0; i < text.length; i++) {
      var c = text.charAt(i);
      if (quoted) {
        if (c === '"' && text.charAt(i + 1) === '"') { cell += '"'; i++; } else if (c === '"') { quoted = false; } else { cell += c; }
      } else if (c === '"') { quoted = true; }
      else if (c === ",") { row.push(cell); cell = ""; }
      else if (c === "\n" || c === "\r") {
        if (c === "\r" && text.charAt(i + 1) === "\n") { i++; }
        row.push(cell); rows.push(row); row = []; cell = "";
      } else { cell += c; }
    }
    if (cell || row.length) { row.push(cell); rows.push(row); }
    return rows.filter(function (r) { return r.join("").trim(); });
  }
  function parseCsv(text, bad) {
    var rows = csvRows(text.replace(/^\ufeff/, ""));
    var head = ["partnership", "date", "group"].concat(questions.map(function (q) { return q.id; }));
    if (!rows.length || rows[0].join(",") !== head.join(",")) { return bad("header"); }
    var byRound = {};
    for (var i = 1; i < rows.length; i++) {
      var r = rows[i], answers = {};
      questions.forEach(function (q, j) { answers[q.id] = Number(r[3 + j]); });
      var item = { group: r[2], answers: answers };
      if (r.length !== head.length || !r[0].trim() || !/^\d{4}-\d{2}-\d{2}$/.test(r[1]) || !checkResponse(item)) {
        return bad(digits(String(i + 1)));
      }
      var key = r[0].trim() + "\n" + r[1];
      byRound[key] = byRound[key] || { partnership: r[0].trim(), date: r[1], responses: [] };
      byRound[key].responses.push(item);
    }
    return { rounds: Object.keys(byRound).map(function (k) { return byRound[k]; }) };
  }

  // Compare ---------------------------------------------------------------------------------------------
  var compare = section("assess_compare_title", "assess_compare_help");
  var compareHolder = make("div");
  compare.appendChild(compareHolder);

  function spreadText(s) { return s ? num(s.avg, 1) + " (" + t("assess_spread", { low: num(s.low), high: num(s.high) }) + ")" : "–"; }
  function agendaTable(list, captionText) {
    var rows = stats(list);
    var head = [make("th", { scope: "col", text: "#" }), make("th", { scope: "col", text: t("assess_question_col") })]
      .concat(spec.groups.map(function (g) { return make("th", { scope: "col", text: g.label + " (" + num(list.filter(function (r) { return r.group === g.id; }).length) + ")" }); }))
      .concat([make("th", { scope: "col", text: t("assess_all") }), make("th", { scope: "col", text: t("assess_difference") })]);
    var body = rows.map(function (s) {
      return make("tr", {}, [make("td", { text: num(s.q.n) }), make("th", { scope: "row", text: s.q.text })]
        .concat(spec.groups.map(function (g) { return make("td", { "data-group": g.id, text: spreadText(s.by[g.id]) }); }))
        .concat([make("td", { text: spreadText(s.by[""]) }), make("td", { className: "rc-assess__diff", text: num(s.diff, 1) })]));
    });
    return make("div", { className: "rc-assess__scroll", tabindex: "0", role: "region", "aria-label": captionText }, [
      make("table", { className: "rc-assess__table rc-assess__agenda" }, [make("caption", { text: captionText }),
        make("thead", {}, [make("tr", {}, head)]), make("tbody", {}, body)])]);
  }
  // Bars per question (agenda order) and group, drawn here: no chart library, no request.
  function compareChart(list) {
    // Bars start at zero (not at the lowest point), so the lowest score still shows as a bar.
    var rows = stats(list), lo = Math.min(0, Math.min.apply(null, values)), hi = Math.max.apply(null, values);
    var left = 40, width = 600, barH = 12, gap = 10, groups = spec.groups.length;
    var rowH = groups * barH + gap, top = 30, height = top + rows.length * rowH + 24;
    var titleId = newId("chart");
    var chart = svg("svg", { viewBox: "0 0 " + (left + width + 50) + " " + height, class: "rc-assess__chart", role: "img", "aria-labelledby": titleId });
    chart.appendChild(svg("title", { id: titleId }, [t("assess_chart_title")]));
    spec.groups.forEach(function (g, gi) {
      chart.appendChild(svg("rect", { x: left + gi * 200, y: 4, width: 12, height: 12, class: "rc-assess__bar rc-assess__bar--" + gi }));
      chart.appendChild(svg("text", { x: left + gi * 200 + 18, y: 15, class: "rc-assess__label" }, [g.label]));
    });
    function x(v) { return left + (hi > lo ? (v - lo) / (hi - lo) : 1) * width; }
    values.forEach(function (v) {
      chart.appendChild(svg("line", { x1: x(v), x2: x(v), y1: top - 4, y2: height - 20, class: "rc-assess__grid" }));
      chart.appendChild(svg("text", { x: x(v), y: height - 6, "text-anchor": "middle", class: "rc-assess__label" }, [num(v)]));
    });
    rows.forEach(function (s, ri) {
      var y0 = top + ri * rowH;
      chart.appendChild(svg("text", { x: 0, y: y0 + barH + 2, class: "rc-assess__label" }, [num(s.q.n)]));
      spec.groups.forEach(function (g, gi) {
        var st = s.by[g.id];
        if (!st) { return; }
        var y = y0 + gi * barH;
        chart.appendChild(svg("rect", { x: left, y: y, height: barH - 2, width: Math.max(1, x(st.avg) - left), class: "rc-assess__bar rc-assess__bar--" + gi }));
        chart.appendChild(svg("line", { x1: x(st.low), x2: x(st.high), y1: y + barH / 2 - 1, y2: y + barH / 2 - 1, class: "rc-assess__range" }));
        chart.appendChild(svg("text", { x: x(st.high) + 4, y: y + barH - 3, class: "rc-assess__value-label" }, [num(st.avg, 1)]));
      });
    });
    return chart;
  }

  // Rounds ------------------------------------------------------------------------------------------------
  var roundsPart = section("assess_rounds_title", null);
  var nameId = newId("name"), dateId = newId("date"), namesId = newId("names");
  var partnershipInput = make("input", { type: "text", id: nameId, list: namesId, autocomplete: "off" });
  var today = new Date();
  var dateInput = make("input", { type: "date", id: dateId,
    value: today.getFullYear() + "-" + String(today.getMonth() + 1).padStart(2, "0") + "-" + String(today.getDate()).padStart(2, "0") });
  var namesList = make("datalist", { id: namesId });
  var saveRound = make("button", { type: "button", className: "md-button md-button--primary", text: t("assess_save_round") });
  var roundsMessage = make("div", { role: "status", hidden: true });
  var roundsHolder = make("div");
  var exportJson = make("button", { type: "button", className: "md-button", text: t("assess_export_json") });
  var exportCsv = make("button", { type: "button", className: "md-button", text: t("assess_export_csv") });
  [make("p", { className: "rc-assess__cell" }, [make("label", { for: nameId, text: t("assess_partnership") }), partnershipInput, namesList]),
   make("p", { className: "rc-assess__cell" }, [make("label", { for: dateId, text: t("assess_date") }), dateInput]),
   make("p", {}, [saveRound]), roundsMessage, roundsHolder,
   make("p", { className: "rc-assess__actions" }, [exportJson, exportCsv])].forEach(function (el) { roundsPart.appendChild(el); });

  saveRound.addEventListener("click", function () {
    var name = partnershipInput.value.trim(), date = dateInput.value;
    if (!name || !/^\d{4}-\d{2}-\d{2}$/.test(date) || !responses.length) {
      say(roundsMessage, responses.length ? t("assess_need_name") : t("assess_none_yet"), true);
      return;
    }
    saveRounds(putRound(rounds(), { partnership: name, date: date, responses: responses.slice() }));
    say(roundsMessage, t("assess_saved", { partnership: name, date: digits(date) }), false);
    refresh();
  });
  partnershipInput.addEventListener("input", function () { refreshRounds(); });
  exportJson.addEventListener("click", function () {
    saveFile(spec.tool + "-rounds.json", JSON.stringify({ format: "rc-assessment-rounds", tool: spec.tool, code: spec.code, rounds: rounds() }, null, 2), "application/json");
  });
  exportCsv.addEventListener("click", function () {
    var lines = [["partnership", "date", "group"].concat(questions.map(function (q) { return q.id; }))];
    rounds().forEach(function (r) {
      r.responses.forEach(function (resp) {
        lines.push([r.partnership, r.date, resp.group].concat(questions.map(function (q) { return String(resp.answers[q.id]); })));
      });
    });
    var text = lines.map(function (l) {
      return l.map(function (c) { return /[",\n\r]/.test(c) ? '"' + c.replace(/"/g, '""') + '"' : c; }).join(",");
    }).join("\r\n") + "\r\n";
    saveFile(spec.tool + "-rounds.csv", "\ufeff" + text, "text/csv");  // the mark tells spreadsheets it is UTF-8 (Khmer names)
  });

  function refreshRounds() {
    var all = rounds();
    namesList.textContent = "";
    all.map(function (r) { return r.partnership; }).filter(function (n, i, a) { return a.indexOf(n) === i; })
      .forEach(function (n) { namesList.appendChild(make("option", { value: n })); });
    var name = partnershipInput.value.trim();
    var mineList = all.filter(function (r) { return !name || r.partnership === name; });
    roundsHolder.textContent = "";
    if (!mineList.length) { roundsHolder.appendChild(make("p", { text: t("assess_no_rounds") })); return; }
    if (name) { roundsHolder.appendChild(make("h4", { text: t("assess_rounds_of", { partnership: name }) })); }
    var items = mineList.map(function (r) {
      var open = make("button", { type: "button", className: "md-button", text: t("assess_open_round") });
      var print = make("button", { type: "button", className: "md-button", text: t("assess_print") });
      var del = make("button", { type: "button", className: "md-button", text: t("assess_delete_round") });
      var label = r.partnership + ", " + digits(r.date) + " — " + t("assess_participant_count", { count: num(r.responses.length) });
      [open, print, del].forEach(function (b) { b.setAttribute("aria-label", b.textContent + ": " + r.partnership + ", " + digits(r.date)); });
      open.addEventListener("click", function () {
        responses = r.responses.slice();
        write(CURRENT, responses);
        partnershipInput.value = r.partnership;
        dateInput.value = r.date;
        say(roundsMessage, t("assess_opened", { partnership: r.partnership, date: digits(r.date) }), false);
        refresh();
      });
      print.addEventListener("click", function () { printSheet(r); });
      del.addEventListener("click", function () {
        if (!window.confirm(t("assess_delete_confirm", { date: digits(r.date) }))) { return; }
        saveRounds(rounds().filter(function (o) { return !(o.partnership === r.partnership && o.date === r.date); }));
        say(roundsMessage, t("assess_deleted"), false);
        refreshRounds();
      });
      return make("li", { className: "rc-assess__round" }, [make("span", { text: label }), " ", open, " ", print, " ", del]);
    });
    roundsHolder.appendChild(make("ul", { className: "rc-assess__rounds" }, items));
    if (name && mineList.length) { roundsHolder.appendChild(overTime(mineList)); }
  }
  // Each theme's average (everyone) per round, as a table and as bars drawn here.
  function overTime(list) {
    var averages = list.map(function (r) { return themeAverages(r.responses); });
    var holder = make("div", { className: "rc-assess__over-time" }, [make("h4", { text: t("assess_over_time") })]);
    var head = [make("th", { scope: "col", text: t("assess_theme") })].concat(list.map(function (r) { return make("th", { scope: "col", text: digits(r.date) }); }));
    var body = spec.themes.map(function (theme, ti) {
      return make("tr", {}, [make("th", { scope: "row", text: theme.title })].concat(averages.map(function (a) { return make("td", { text: a[ti] === null ? "–" : num(a[ti], 1) }); })));
    });
    holder.appendChild(make("div", { className: "rc-assess__scroll", tabindex: "0", role: "region", "aria-label": t("assess_over_time") }, [
      make("table", { className: "rc-assess__table rc-assess__trend" }, [make("thead", {}, [make("tr", {}, head)]), make("tbody", {}, body)])]));
    var lo = Math.min(0, Math.min.apply(null, values)), hi = Math.max.apply(null, values);
    var col = 28, themeW = list.length * col + 30, h = 150;
    var titleId = newId("trend");
    var chart = svg("svg", { viewBox: "0 0 " + Math.max(120 * list.length, spec.themes.length * themeW + 10) + " " + (h + 30), class: "rc-assess__chart rc-assess__chart--trend", role: "img", "aria-labelledby": titleId });
    chart.appendChild(svg("title", { id: titleId }, [t("assess_over_time")]));
    list.forEach(function (r, ri) {  // the legend: which bar is which round
      chart.appendChild(svg("rect", { x: 10 + ri * 110, y: 2, width: 10, height: 10, class: "rc-assess__bar rc-assess__bar--r" + (ri % 4) }));
      chart.appendChild(svg("text", { x: 24 + ri * 110, y: 11, class: "rc-assess__label" }, [digits(r.date)]));
    });
    spec.themes.forEach(function (theme, ti) {
      var x0 = 10 + ti * themeW;
      averages.forEach(function (a, ri) {
        if (a[ti] === null) { return; }
        var barH = hi > lo ? ((a[ti] - lo) / (hi - lo)) * (h - 20) + 4 : h - 16;
        chart.appendChild(svg("rect", { x: x0 + ri * col, y: h - barH, width: col - 6, height: barH, class: "rc-assess__bar rc-assess__round-bar rc-assess__bar--r" + (ri % 4) }));
        chart.appendChild(svg("text", { x: x0 + ri * col + (col - 6) / 2, y: h - barH - 3, "text-anchor": "middle", class: "rc-assess__value-label" }, [num(a[ti], 1)]));
      });
      chart.appendChild(svg("text", { x: x0, y: h + 16, class: "rc-assess__label" }, [num(ti + 1)]));
    });
    holder.appendChild(chart);
    return holder;
  }

  // Print: one A4 sheet of a round (the print stylesheet shows only the sheet) ----------------------------
  var sheet = make("div", { id: "rc-assess-sheet", className: "rc-assess__sheet", hidden: true });
  document.body.appendChild(sheet);
  function printSheet(round) {
    sheet.textContent = "";
    sheet.appendChild(make("h2", { text: spec.title }));
    sheet.appendChild(make("h3", { text: t("assess_sheet_title", { partnership: round.partnership, date: digits(round.date) }) }));
    sheet.appendChild(make("p", { text: t("assess_participant_count", { count: num(round.responses.length) }) }));
    sheet.appendChild(agendaTable(round.responses, t("assess_agenda")));
    sheet.appendChild(compareChart(round.responses));
    sheet.hidden = false;
    document.documentElement.classList.add("rc-assess-printing");
    window.print();
  }
  window.addEventListener("afterprint", function () {
    document.documentElement.classList.remove("rc-assess-printing");
    sheet.hidden = true;
  });

  // Everything that depends on the collection ----------------------------------------------------------
  function refresh() {
    listHolder.textContent = "";
    compareHolder.textContent = "";
    if (!responses.length) {
      compareHolder.appendChild(make("p", { text: t("assess_none_yet") }));
    } else {
      var rows = responses.map(function (r, i) {
        var remove = make("button", { type: "button", className: "md-button rc-assess__remove", text: t("assess_remove"),
                                      "aria-label": t("assess_remove") + " " + num(i + 1) });
        remove.addEventListener("click", function () {
          responses.splice(i, 1);
          write(CURRENT, responses);
          say(collectMessage, t("assess_removed"), false);
          refresh();
        });
        return make("tr", {}, [make("td", { text: num(i + 1) }), make("td", { text: groupLabel(r.group) }),
          make("td", { className: "rc-assess__code-cell", text: encode(r.group, r.answers) }), make("td", {}, [remove])]);
      });
      var clear = make("button", { type: "button", className: "md-button", text: t("assess_clear") });
      clear.addEventListener("click", function () { responses = []; write(CURRENT, responses); say(collectMessage, "", false); refresh(); });
      listHolder.appendChild(make("div", { className: "rc-assess__scroll", tabindex: "0", role: "region", "aria-label": t("assess_participants") }, [
        make("table", { className: "rc-assess__table rc-assess__participants" }, [
          make("caption", { text: t("assess_participant_count", { count: num(responses.length) }) }),
          make("thead", {}, [make("tr", {}, [make("th", { scope: "col", text: "#" }), make("th", { scope: "col", text: t("assess_group_col") }),
            make("th", { scope: "col", text: t("assess_code_col") }), make("th", { scope: "col", text: t("assess_remove") })])]),
          make("tbody", {}, rows)])]));
      listHolder.appendChild(make("p", {}, [clear]));
      compareHolder.appendChild(agendaTable(responses, t("assess_agenda")));
      compareHolder.appendChild(compareChart(responses));
    }
    refreshRounds();
  }
  app.hidden = false;
  document.documentElement.classList.add("rc-assess-ready");
  refresh();
}());
