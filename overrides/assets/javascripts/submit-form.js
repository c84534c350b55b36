/* "Submit a case study": a form made from the case-study schema that the page carries.
 *
 * The page holds one JSON block (id="rc-submit-spec", written by resource_centre/contribute/submission.py):
 * the case-study schema with every $ref inlined, the taxonomy terms with labels in the reader's
 * language, the site languages, the ids other records may point to and the interface words.
 * This script builds the form from it in schema order, checks the answers with the same schema
 * (a small JSON Schema validator for exactly the keywords our schemas use, plus x-taxonomy,
 * x-ref, x-language and x-country) and the record checks of `resource-centre validate`, and
 * turns them into the YAML file of a case study, to download or copy. Digits of any script (២០១៩)
 * are read as ASCII where numbers and dates are typed; text of several lines is written as a `|` block.
 *
 * It sends nothing anywhere (no fetch, no form submission) and works from file:// too.
 * Loaded on every page: it does nothing where there is no spec.
 */
(function () {
  "use strict";

  // Helpers ---------------------------------------------------------------------------------

  function isObject(v) { return v !== null && typeof v === "object" && !Array.isArray(v); }
  function has(o, k) { return Object.prototype.hasOwnProperty.call(o, k); }

  function fmt(text, values) {
    return String(text === undefined ? "" : text).replace(/\{(\w+)\}/g, function (m, k) {
      return values && values[k] !== undefined ? String(values[k]) : m;
    });
  }

  function canonical(v) {
    if (Array.isArray(v)) return "[" + v.map(canonical).join(",") + "]";
    if (isObject(v)) return "{" + Object.keys(v).sort().map(function (k) { return JSON.stringify(k) + ":" + canonical(v[k]); }).join(",") + "}";
    return JSON.stringify(v);
  }

  function same(a, b) { return canonical(a) === canonical(b); }

  var regexCache = {};
  function regex(pattern, flags) {
    var key = (flags || "") + "/" + pattern;
    if (!has(regexCache, key)) {
      try { regexCache[key] = new RegExp(pattern, (flags || "") + "u"); }
      catch (e) { regexCache[key] = new RegExp(pattern, flags || ""); }
    }
    return regexCache[key];
  }

  function isRealDate(text) {
    if (!/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(text)) return false;
    var y = +text.slice(0, 4), m = +text.slice(5, 7), d = +text.slice(8, 10);
    var date = new Date(Date.UTC(y, m - 1, d));
    return y >= 1 && date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
  }

  function today() {
    var now = new Date();
    function two(n) { return (n < 10 ? "0" : "") + n; }
    return now.getFullYear() + "-" + two(now.getMonth() + 1) + "-" + two(now.getDate());
  }

  // Digits of any script (Khmer ០-៩, Thai, Arabic-Indic...) as ASCII: records hold 2019, whatever was typed.
  // Unicode encodes every script's decimal digits as one run from 0 to 9, so a digit's value is its
  // distance from the start of its run (runs may follow each other, hence the modulo).
  var DIGIT = /\p{Nd}/u, DIGITS = /\p{Nd}/gu;
  function asciiDigits(text) {
    return text.replace(DIGITS, function (d) {
      if (d >= "0" && d <= "9") return d;
      var code = d.codePointAt(0), k = 0;
      while (k < 60 && DIGIT.test(String.fromCodePoint(code - k - 1))) k++;
      return String(k % 10);
    });
  }

  // Mostly Latin letters: a title an identifier can be made from (a-z), rather than one it would mangle.
  var LETTER = /\p{L}/gu, LATIN = /\p{Script=Latin}/gu;
  function mostlyLatin(text) {
    var letters = (text.match(LETTER) || []).length, latin = (text.match(LATIN) || []).length;
    return letters > 0 && 2 * latin > letters;
  }

  // The validator -----------------------------------------------------------------------------
  // Errors: {path: [key or index...], keyword, schema, value, params}. A missing required field
  // is reported at the field's own path, so the form can show it next to that field.

  function Checker(spec) {
    var taxonomies = {}, records = {};
    Object.keys(spec.taxonomies || {}).forEach(function (name) {
      taxonomies[name] = spec.taxonomies[name].terms.map(function (t) { return t.id; });
    });
    Object.keys(spec.records || {}).forEach(function (kind) {
      records[kind] = spec.records[kind].map(function (r) { return r.id; });
    });
    this.spec = spec;
    this.taxonomies = taxonomies;
    this.records = records;
    this.languages = (spec.languages || []).map(function (l) { return l.code; });
    this.countries = spec.countries || [];
  }

  Checker.prototype.typeOk = function (type, v) {
    if (Array.isArray(type)) return type.some(function (t) { return this.typeOk(t, v); }, this);
    switch (type) {
      case "object": return isObject(v);
      case "array": return Array.isArray(v);
      case "string": return typeof v === "string";
      case "integer": return typeof v === "number" && isFinite(v) && Math.floor(v) === v;
      case "number": return typeof v === "number" && isFinite(v);
      case "boolean": return typeof v === "boolean";
      case "null": return v === null;
    }
    return true;
  };

  Checker.prototype.check = function (schema, v, path, out) {
    function fail(keyword, params, at) {
      out.push({ path: at || path, keyword: keyword, schema: schema, value: v, params: params || {} });
    }
    if (schema === false) { fail("false"); return; }
    if (!isObject(schema)) return;
    var self = this;
    (schema.allOf || []).forEach(function (sub) { self.check(sub, v, path, out); });
    if (has(schema, "type") && !this.typeOk(schema.type, v)) { fail("type", { type: schema.type }); return; }
    if (schema.enum && !schema.enum.some(function (e) { return same(e, v); })) fail("enum");
    if (has(schema, "const") && !same(schema.const, v)) fail("enum");

    if (typeof v === "string") {
      var length = Array.from(v).length;
      if (has(schema, "minLength") && length < schema.minLength) fail("minLength", { limit: schema.minLength });
      if (has(schema, "maxLength") && length > schema.maxLength) fail("maxLength", { limit: schema.maxLength });
      if (has(schema, "pattern") && !regex(schema.pattern).test(v)) fail("pattern");
      if (schema.format === "date" && !isRealDate(v)) fail("format");
      var tax = schema["x-taxonomy"];
      if (tax && (!has(this.taxonomies, tax) || this.taxonomies[tax].indexOf(v) < 0)) fail("x-taxonomy", { taxonomy: tax });
      var kind = schema["x-ref"];
      if (kind && (this.records[kind] || []).indexOf(v) < 0) fail("x-ref", { kind: kind });
      if (schema["x-language"] && this.languages.length && this.languages.indexOf(v) < 0
          && /^[a-z]{1,3}$/.test(v)) fail("x-language");
      if (schema["x-country"] && this.countries.length && this.countries.indexOf(v) < 0) fail("x-country");
    }

    if (typeof v === "number") {
      if (has(schema, "minimum") && v < schema.minimum) fail("minimum", { limit: schema.minimum });
      if (has(schema, "maximum") && v > schema.maximum) fail("maximum", { limit: schema.maximum });
      if (has(schema, "exclusiveMinimum") && v <= schema.exclusiveMinimum) fail("minimum", { limit: schema.exclusiveMinimum });
      if (has(schema, "exclusiveMaximum") && v >= schema.exclusiveMaximum) fail("maximum", { limit: schema.exclusiveMaximum });
    }

    if (Array.isArray(v)) {
      if (has(schema, "minItems") && v.length < schema.minItems) fail("minItems", { limit: schema.minItems });
      if (has(schema, "maxItems") && v.length > schema.maxItems) fail("maxItems", { limit: schema.maxItems });
      if (schema.uniqueItems) {
        var seen = {};
        v.forEach(function (item, i) {
          var key = canonical(item);
          if (has(seen, key)) fail("uniqueItems", {}, path.concat([i]));
          seen[key] = true;
        });
      }
      if (isObject(schema.items) || schema.items === false) {
        v.forEach(function (item, i) { self.check(schema.items, item, path.concat([i]), out); });
      }
    }

    if (isObject(v)) {
      var keys = Object.keys(v);
      (schema.required || []).forEach(function (k) {
        if (!has(v, k)) fail("required", { field: k }, path.concat([k]));
      });
      if (has(schema, "minProperties") && keys.length < schema.minProperties) fail("minProperties", { limit: schema.minProperties });
      if (has(schema, "maxProperties") && keys.length > schema.maxProperties) fail("maxProperties", { limit: schema.maxProperties });
      var props = schema.properties || {};
      keys.forEach(function (k) {
        if (has(schema, "propertyNames")) self.check(schema.propertyNames, k, path.concat([k]), out);
        if (has(props, k)) { self.check(props[k], v[k], path.concat([k]), out); return; }
        var matched = false;
        Object.keys(schema.patternProperties || {}).forEach(function (p) {
          if (regex(p).test(k)) { matched = true; self.check(schema.patternProperties[p], v[k], path.concat([k]), out); }
        });
        if (matched || !has(schema, "additionalProperties")) return;
        if (schema.additionalProperties === false) fail("additionalProperties", { field: k }, path.concat([k]));
        else self.check(schema.additionalProperties, v[k], path.concat([k]), out);
      });
    }
  };

  // The checks `resource-centre validate` makes beyond the schema (resource_centre/records/validate.py).
  Checker.prototype.recordChecks = function (data, out) {
    var checks = this.spec.checks || {}, self = this;
    var names = checks.name_fields || [];
    var tests = [
      ["control", checks.control && regex(checks.control)],
      ["html", checks.raw_html && regex(checks.raw_html, "i")],
      ["link", checks.bad_link && regex(checks.bad_link, "im")]
    ];
    var invisible = checks.invisible && regex(checks.invisible);
    (function walk(v, path) {
      if (Array.isArray(v)) { v.forEach(function (x, i) { walk(x, path.concat([i])); }); return; }
      if (isObject(v)) { Object.keys(v).forEach(function (k) { walk(v[k], path.concat([k])); }); return; }
      if (typeof v !== "string") return;
      if (v.normalize && v.normalize("NFC") !== v) out.push({ path: path, keyword: "nfc", params: {} });
      tests.forEach(function (t) { if (t[1] && t[1].test(v)) out.push({ path: path, keyword: t[0], params: {} }); });
      var named = path.some(function (p) { return typeof p === "string" && names.indexOf(p) >= 0; });
      if (named && invisible && invisible.test(v)) out.push({ path: path, keyword: "invisible", params: {} });
    })(data, []);
    // Dates in order: the rules of resource_centre/records/schema.py's DATE_ORDERS, as validate applies them.
    (checks.ordered || []).forEach(function (rule) {
      var form = new RegExp("^(?:" + rule.pattern + ")$");
      var first = get(data, rule.earlier.split(".")), second = get(data, rule.later.split("."));
      // A year may be a number (period: {start: 2019}): as text, as the validator reads it.
      if (typeof first === "number") first = String(first);
      if (typeof second === "number") second = String(second);
      if (typeof first !== "string" || typeof second !== "string" || !form.test(first) || !form.test(second)) return;
      // Compared at the coarser of the two when the rule says so: 2019-05 to 2019 ends within its year.
      var length = rule.coarser ? Math.min(first.length, second.length) : Math.max(first.length, second.length);
      if (second.slice(0, length) < first.slice(0, length)) {
        out.push({ path: rule.later.split("."), keyword: "order", params: { message: rule.message } });
      }
    });
    if (typeof data.id === "string" && (self.spec.existing_ids || []).indexOf(data.id) >= 0) {
      out.push({ path: ["id"], keyword: "id-taken", params: {} });
    }
  };

  Checker.prototype.validate = function (data) {
    var out = [];
    this.check(this.spec.schema, data, [], out);
    this.recordChecks(data, out);
    return out;
  };

  function get(data, path) {
    return path.reduce(function (v, k) { return isObject(v) || Array.isArray(v) ? v[k] : undefined; }, data);
  }

  // YAML ----------------------------------------------------------------------------------------
  // Strings as JSON strings (a subset of YAML double-quoted scalars); characters YAML readers treat
  // as line breaks or refuse raw are escaped too. Keys in the order of the data (= schema order).

  function yamlString(s) {
    return JSON.stringify(s).replace(/[\u007f-\u009f\u00ad\u2028\u2029\ufeff\ufffe\uffff]/g, function (c) {
      return "\\u" + ("0000" + c.charCodeAt(0).toString(16)).slice(-4);
    });
  }

  var RESERVED_KEY = /^(y|n|yes|no|on|off|true|false|null)$/i;
  function yamlKey(k) {
    return /^[A-Za-z_][A-Za-z0-9_-]*$/.test(k) && !RESERVED_KEY.test(k) ? k : yamlString(k);
  }

  function yamlScalar(v) {
    if (typeof v === "string") return yamlString(v);
    if (typeof v === "number" || typeof v === "boolean") return String(v);
    return "null";
  }

  // Text of several lines as a literal block (`|`), as people write records, so a reviewer reads the
  // Markdown as it will be shown. Only where the block reads back as exactly the same text: no line
  // breaks YAML knows besides \n (\r, NEL, U+2028/9), no characters a YAML reader refuses raw, no
  // line starting with a tab, and some text besides blank lines. The header says how many final line
  // breaks to keep (-, none, +) and, when the text starts with a space, how far its lines are
  // indented: always 2 here, as every block's lines are 2 spaces further in than its key or its "- ".
  var TAB_FIRST = /(^|\n) *\t/; // a tab where indentation is read: the project's loader refuses it (yamlload.py)
  var NOT_IN_BLOCK = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]|\p{Cs}/u;
  function yamlBlock(s, indent) {
    if (s.indexOf("\n") < 0 || !/\S/.test(s) || NOT_IN_BLOCK.test(s) || TAB_FIRST.test(s)) return null;
    var breaks = s.match(/\n*$/)[0].length;
    var body = s.slice(0, s.length - breaks), pad = new Array(indent + 1).join(" ");
    var header = "|" + (/^[ \n]* /.test(body) ? "2" : "") + (breaks === 0 ? "-" : breaks > 1 ? "+" : "");
    var lines = body.split("\n").map(function (line) { return line ? pad + line : ""; });
    for (var i = 1; i < breaks; i++) lines.push("");
    return { header: header, lines: lines };
  }

  function yamlLines(value, indent, lines) {
    var pad = new Array(indent + 1).join(" ");
    if (Array.isArray(value)) {
      value.forEach(function (item) {
        if (isObject(item) || Array.isArray(item)) {
          var sub = [];
          yamlLines(item, indent + 2, sub);
          if (!sub.length) { lines.push(pad + "- " + (Array.isArray(item) ? "[]" : "{}")); return; }
          sub[0] = pad + "- " + sub[0].slice(indent + 2);
          Array.prototype.push.apply(lines, sub);
        } else {
          var block = typeof item === "string" ? yamlBlock(item, indent + 2) : null;
          if (block) { lines.push(pad + "- " + block.header); Array.prototype.push.apply(lines, block.lines); }
          else lines.push(pad + "- " + yamlScalar(item));
        }
      });
    } else if (isObject(value)) {
      Object.keys(value).forEach(function (k) {
        var v = value[k];
        if (v === undefined) return;
        if ((isObject(v) && Object.keys(v).length) || (Array.isArray(v) && v.length)) {
          lines.push(pad + yamlKey(k) + ":");
          yamlLines(v, indent + 2, lines);
        } else if (isObject(v) || Array.isArray(v)) {
          lines.push(pad + yamlKey(k) + ": " + (Array.isArray(v) ? "[]" : "{}"));
        } else {
          var block = typeof v === "string" ? yamlBlock(v, indent + 2) : null;
          if (block) { lines.push(pad + yamlKey(k) + ": " + block.header); Array.prototype.push.apply(lines, block.lines); }
          else lines.push(pad + yamlKey(k) + ": " + yamlScalar(v));
        }
      });
    }
    return lines;
  }

  function toYaml(data, comment) {
    var lines = comment ? [comment] : [];
    return yamlLines(data, 0, lines).join("\n") + "\n";
  }

  function slugify(text, maxLength) {
    var s = String(text || "").normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/['\u2019]/g, "").replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
    if (maxLength && s.length > maxLength) {
      s = s.slice(0, maxLength);
      s = (s.lastIndexOf("-") > 0 && s.charAt(maxLength) !== "-" ? s.slice(0, s.lastIndexOf("-")) : s).replace(/-+$/, "");
    }
    return s;
  }

  // The form ----------------------------------------------------------------------------------

  function Form(spec, form) {
    this.spec = spec;
    this.form = form;
    this.checker = new Checker(spec);
    this.strings = spec.strings || {};
    this.uid = 0;
    this.idEdited = false;
    this.tried = false;
  }

  Form.prototype.s = function (key, values) { return fmt(this.strings[key] || key, values); };

  Form.prototype.newId = function (part) { this.uid += 1; return "rc-submit-" + part + "-" + this.uid; };

  Form.prototype.text = function (dotted) { return (this.spec.fields || {})[dotted] || {}; };

  function make(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      var v = attrs[k];
      if (v === undefined || v === null || v === false) return;
      if (k === "text") node.textContent = v;
      else if (k === "className") node.className = v;
      else node.setAttribute(k, v === true ? "" : v);
    });
    (children || []).forEach(function (c) { if (c) node.appendChild(typeof c === "string" ? document.createTextNode(c) : c); });
    return node;
  }

  Form.prototype.requiredMark = function () {
    return make("span", { className: "rc-submit__req" }, [
      make("span", { "aria-hidden": "true", text: "*" }),
      make("span", { className: "rc-submit__sr", text: " (" + this.s("submit_required") + ")" })
    ]);
  };

  // Every field is a node: read() gives its value (undefined when empty), child(key) the node of a
  // part of it, and show(messages) puts error messages next to it.
  Form.prototype.decorate = function (node, wrapper, controls, helpText, label) {
    var self = this;
    var help = null, error = make("p", { className: "rc-submit__error", id: this.newId("error"), hidden: true });
    if (helpText) help = make("p", { className: "rc-submit__help", id: this.newId("help"), text: helpText });
    node.wrapper = wrapper;
    node.controls = controls;
    node.ownLabel = label;
    node.help = help;
    node.error = error;
    // inherited: the id of the error of the group the field belongs to (a text in one of its languages)
    node.show = function (messages, inherited) {
      var ids = help ? [help.id] : [];
      error.textContent = "";
      if (messages.length) {
        messages.forEach(function (m, i) {
          if (i) error.appendChild(make("br"));
          error.appendChild(document.createTextNode(m));
        });
        ids.push(error.id);
      }
      if (inherited) ids.push(inherited);
      var invalid = messages.length || inherited;
      error.hidden = !messages.length;
      wrapper.classList.toggle("rc-submit__field--invalid", !!messages.length);
      var targets = node.controls.length ? node.controls : [];
      targets.forEach(function (c) {
        if (ids.length) c.setAttribute("aria-describedby", ids.join(" ")); else c.removeAttribute("aria-describedby");
        if (invalid) c.setAttribute("aria-invalid", "true"); else c.removeAttribute("aria-invalid");
      });
      if (wrapper.tagName === "FIELDSET") {
        if (ids.length) wrapper.setAttribute("aria-describedby", ids.join(" ")); else wrapper.removeAttribute("aria-describedby");
      }
    };
    node.focusTarget = function () { return node.controls[0] || wrapper.querySelector("input, select, textarea, button"); };
    node.show([]);
    return { help: help, error: error };
  };

  Form.prototype.fieldKind = function (schema, dotted) {
    var items = isObject(schema.items) ? schema.items : null;
    if (isObject(schema.propertyNames) && schema.propertyNames["x-language"] && isObject(schema.additionalProperties)) return "languages";
    if (schema.type === "object" || isObject(schema.properties)) return "object";
    // A field that may also be a mapping (tags: a list, or a list per language) is asked for as a list.
    if ((schema.type === "array" || (Array.isArray(schema.type) && schema.type.indexOf("array") >= 0)) && items) {
      if (items["x-taxonomy"] || items["x-ref"] || items.enum) return "choices";
      if (items.type === "object" || isObject(items.properties)) return "repeat";
      return "list";
    }
    if (schema.type === "boolean") return "boolean";
    if (schema["x-taxonomy"] || schema["x-ref"] || schema.enum) return "choice";
    return "scalar";
  };

  Form.prototype.options = function (schema, dotted) {
    var tax = schema["x-taxonomy"], kind = schema["x-ref"];
    if (tax) return ((this.spec.taxonomies[tax] || {}).terms || []).map(function (t) { return { value: t.id, label: t.label }; });
    if (kind) return (this.spec.records[kind] || []).map(function (r) { return { value: r.id, label: r.label }; });
    var labels = this.text(dotted).options || {};
    return (schema.enum || []).map(function (v) { return { value: v, label: labels[v] || String(v) }; });
  };

  // build(schema, keys, required, opts) -> node (or null when there is nothing to choose), with node.wrapper to insert
  Form.prototype.build = function (schema, keys, required, opts) {
    opts = opts || {};
    var dotted = keys.join("."), texts = this.text(dotted);
    var label = opts.label || texts.label || keys[keys.length - 1];
    var helpText = opts.help !== undefined ? opts.help : texts.help;
    var kind = opts.kind || this.fieldKind(schema, dotted);
    return this["build_" + kind](schema, keys, required, { label: label, help: helpText,
      dotted: dotted, lang: opts.lang, item: opts.item });
  };

  Form.prototype.group = function (info, required, extra) {
    var legend = make("legend", {}, [info.label]);
    if (required) legend.appendChild(this.requiredMark());
    if (extra) legend.appendChild(make("span", { className: "rc-submit__note", text: " (" + extra + ")" }));
    return make("fieldset", { className: "rc-submit__group" }, [legend]);
  };

  Form.prototype.build_object = function (schema, keys, required, info, skipTop) {
    var self = this, props = schema.properties || {}, req = schema.required || [];
    var fieldset = skipTop ? this.form : this.group(info, required);
    var node = { kind: "object", children: {}, order: [] };
    if (!skipTop) {
      var parts = this.decorate(node, fieldset, [], info.help, info.label);
      if (parts.help) fieldset.appendChild(parts.help);
      fieldset.appendChild(parts.error);
    }
    var body = skipTop ? this.form.querySelector(".rc-submit__fields") : fieldset;
    var auto = keys.length ? {} : (this.spec.auto || {});
    var asked = keys.length ? [] : (this.spec.form_required || []);
    Object.keys(props).forEach(function (k) {
      if (has(auto, k)) return;
      if (!keys.length && k === "id") return; // placed after the field it is made from
      var child = self.build(props[k], keys.concat([k]), req.indexOf(k) >= 0 || asked.indexOf(k) >= 0);
      if (!child) return;
      child.parent = node;
      node.children[k] = child;
      node.order.push(k);
      body.appendChild(child.wrapper);
      if (!keys.length && k === self.spec.derive_id_from && has(props, "id")) {
        var idNode = self.build_id(props.id, req.indexOf("id") >= 0);
        idNode.parent = node;
        node.children.id = idNode;
        body.appendChild(idNode.wrapper);
      }
    });
    node.read = function () {
      var out = {}, any = false;
      Object.keys(props).forEach(function (k) {
        var v;
        if (has(auto, k)) v = resolveAuto(auto[k]);
        else if (node.children[k]) v = node.children[k].read();
        if (v !== undefined) { out[k] = v; if (!has(auto, k)) any = true; }
      });
      return any || !keys.length ? out : undefined;
    };
    node.child = function (k) { return node.children[k] || null; };
    return node;
  };

  function resolveAuto(value) {
    if (value === "@today") return today();
    if (isObject(value)) {
      var out = {};
      Object.keys(value).forEach(function (k) { out[k] = resolveAuto(value[k]); });
      return out;
    }
    return value;
  }

  Form.prototype.control = function (schema, info, id) {
    var multiline = (this.spec.multiline || []).indexOf(info.dotted) >= 0;
    var attrs = { id: id, name: id, lang: info.lang, dir: info.lang ? "auto" : undefined, className: "rc-submit__input" };
    if (schema.enum || schema["x-taxonomy"] || schema["x-ref"]) {
      var select = make("select", attrs, [make("option", { value: "", text: this.s("submit_choose") })]);
      this.options(schema, info.dotted).forEach(function (o) {
        select.appendChild(make("option", { value: o.value, text: o.label }));
      });
      return select;
    }
    if (multiline && schema.type === "string") {
      attrs.rows = info.dotted.indexOf(".") > 0 ? 6 : 3;
      return make("textarea", attrs);
    }
    attrs.type = "text";
    if (schema.format === "date") attrs.type = "date";
    else if (schema.type === "integer" || schema.type === "number") attrs.inputmode = "numeric";
    else if (schema.pattern && schema.pattern.indexOf("^https?://") === 0) { attrs.type = "url"; attrs.inputmode = "url"; }
    else if (takesDigits(schema) && (schema.pattern || "").indexOf("a-z") < 0) {
      attrs.className += " rc-submit__input--short"; // a year or a month: a short box, not spell-checked
      attrs.spellcheck = "false";
    }
    return make("input", attrs);
  };

  // Khmer as records hold it (rc-search/khmer.js canonical, loaded before this script: the rules of
  // resource_centre/records/khmer.py), so what `resource-centre validate` would warn about is never written.
  var khmer = typeof window !== "undefined" && window.RCKhmer ? window.RCKhmer
    : typeof require === "function" ? require("./rc-search/khmer.js") : null;

  function readText(control) {
    var v = control.value.replace(/\r\n?/g, "\n");
    v = v.normalize ? v.normalize("NFC") : v;
    v = khmer ? khmer.canonical(v) : v;
    v = v.trim();
    if (v === "") return undefined;
    // Several lines end with a line break, as a `|` block in a hand-written record does.
    return control.tagName === "TEXTAREA" && v.indexOf("\n") >= 0 ? v + "\n" : v;
  }

  // Where numbers or dates are typed: digits of any script are read as ASCII (a year, a source's
  // year, a date, an identifier), so a Khmer contributor can type ២០១៩.
  function takesDigits(schema) {
    return schema.type === "integer" || schema.type === "number" || schema.format === "date"
      || (Array.isArray(schema.type) && (schema.type.indexOf("integer") >= 0 || schema.type.indexOf("number") >= 0))
      || (typeof schema.pattern === "string" && schema.pattern.indexOf("0-9") >= 0);
  }

  Form.prototype.build_scalar = function (schema, keys, required, info) {
    var id = this.newId("field");
    var control = this.control(schema, info, id);
    var label = make("label", { for: id, className: "rc-submit__label" }, [info.label]);
    if (required) { label.appendChild(this.requiredMark()); control.setAttribute("aria-required", "true"); }
    var wrapper = make("div", { className: "rc-submit__field" }, [label]);
    var node = { kind: "scalar" };
    var parts = this.decorate(node, wrapper, [control], info.help, info.label);
    if (parts.help) wrapper.appendChild(parts.help);
    wrapper.appendChild(parts.error);
    wrapper.appendChild(control);
    var self = this, numeric = schema.type === "integer" || schema.type === "number", digits = takesDigits(schema);
    node.read = function () {
      var v = readText(control);
      if (v === undefined || !digits) return v;
      v = asciiDigits(v);
      if (numeric && /^[+-]?[0-9]+(\.[0-9]+)?$/.test(v)) return Number(v);
      // A plain year where the schema takes one as a number (period: {start: 2019}): written as people write it.
      if (/^[0-9]+$/.test(v)) {
        var problems = [];
        self.checker.check(schema, Number(v), [], problems);
        if (!problems.length) return Number(v);
      }
      return v;
    };
    node.child = function () { return null; };
    node.input = control;
    return node;
  };

  Form.prototype.build_choice = function (schema, keys, required, info) {
    if (!this.options(schema, info.dotted).length) return null;
    return this.build_scalar(schema, keys, required, info);
  };

  Form.prototype.build_boolean = function (schema, keys, required, info) {
    var id = this.newId("field");
    var box = make("input", { type: "checkbox", id: id, name: id, className: "rc-submit__check" });
    var label = make("label", { for: id, className: "rc-submit__choice" }, [box, make("span", { text: info.label })]);
    var wrapper = make("div", { className: "rc-submit__field" });
    var node = { kind: "boolean" };
    var parts = this.decorate(node, wrapper, [box], info.help, info.label);
    wrapper.appendChild(parts.error);
    wrapper.appendChild(label);
    if (parts.help) wrapper.appendChild(parts.help);
    node.read = function () { return box.checked ? true : undefined; };
    node.child = function () { return null; };
    return node;
  };

  Form.prototype.build_id = function (schema, required) {
    var self = this, info = { label: this.text("id").label || "id",
                              help: [this.text("id").help, this.s("submit_id_auto")].filter(Boolean).join(" "), dotted: "id" };
    var node = this.build_scalar(schema, ["id"], required, info);
    node.input.setAttribute("autocomplete", "off");
    node.input.setAttribute("spellcheck", "false");
    node.input.addEventListener("input", function () { self.idEdited = node.input.value.trim() !== ""; });
    return node;
  };

  Form.prototype.build_languages = function (schema, keys, required, info) {
    var self = this, valueSchema = schema.additionalProperties;
    var fieldset = this.group(info, required, required || schema.minProperties ? this.s("submit_any_language") : "");
    if (info.item) fieldset.classList.add("rc-submit__item");
    var node = { kind: "languages", children: {} };
    var parts = this.decorate(node, fieldset, [], info.help, info.label);
    if (parts.help) fieldset.appendChild(parts.help);
    fieldset.appendChild(parts.error);
    (this.spec.languages || []).forEach(function (language) {
      var child = self.build_scalar(valueSchema, keys.concat([language.code]), false, {
        label: language.name, help: "", dotted: info.dotted, lang: language.code });
      child.parent = node;
      node.children[language.code] = child;
      fieldset.appendChild(child.wrapper);
    });
    node.controls = [];
    node.read = function () {
      var out = {}, any = false;
      Object.keys(node.children).forEach(function (code) {
        var v = node.children[code].read();
        if (v !== undefined) { out[code] = v; any = true; }
      });
      return any ? out : undefined;
    };
    node.child = function (k) { return node.children[k] || null; };
    node.focusTarget = function () { var c = node.children[Object.keys(node.children)[0]]; return c && c.input; };
    return node;
  };

  Form.prototype.build_choices = function (schema, keys, required, info) {
    var options = this.options(schema.items, info.dotted);
    if (!options.length) return null;
    var fieldset = this.group(info, required);
    var node = { kind: "choices" };
    var list = make("div", { className: "rc-submit__choices" });
    var boxes = options.map(function (o) {
      var id = this.newId("choice");
      var box = make("input", { type: "checkbox", id: id, name: info.dotted, value: o.value, className: "rc-submit__check" });
      list.appendChild(make("label", { for: id, className: "rc-submit__choice" }, [box, make("span", { text: o.label })]));
      return box;
    }, this);
    var parts = this.decorate(node, fieldset, boxes, info.help, info.label);
    if (parts.help) fieldset.appendChild(parts.help);
    fieldset.appendChild(parts.error);
    fieldset.appendChild(list);
    node.read = function () {
      var values = boxes.filter(function (b) { return b.checked; }).map(function (b) { return b.value; });
      return values.length ? values : undefined;
    };
    node.child = function () { return null; };
    return node;
  };

  Form.prototype.build_list = function (schema, keys, required, info) {
    var help = info.help || this.s("submit_list_help"); // a field's own help already says how to separate
    var node = this.build_scalar({ type: "string" }, keys, required, { label: info.label, help: help, dotted: info.dotted });
    var upper = !!(schema.items && schema.items["x-country"]);
    var input = node.input;
    node.read = function () {
      var v = readText(input);
      if (v === undefined) return undefined;
      var items = v.split(/[,\u060c\u3001\uff0c]/).map(function (x) { return x.trim(); }).filter(Boolean);
      if (upper) items = items.map(function (x) { return x.toUpperCase(); });
      return items.length ? items : undefined;
    };
    return node;
  };

  Form.prototype.build_repeat = function (schema, keys, required, info) {
    var self = this, items = schema.items, minItems = schema.minItems || 0;
    var texts = this.text(info.dotted);
    var fieldset = this.group(info, required);
    fieldset.classList.add("rc-submit__repeat");
    var node = { kind: "repeat", entries: [], indexMap: [], transparent: true };
    var parts = this.decorate(node, fieldset, [], info.help, info.label);
    if (parts.help) fieldset.appendChild(parts.help);
    fieldset.appendChild(parts.error);
    var list = make("div", { className: "rc-submit__items" });
    var addButton = make("button", { type: "button", className: "md-button rc-submit__add", text: texts.add || self.s("submit_add") });
    var status = make("p", { className: "rc-submit__sr", role: "status", "aria-live": "polite" });
    fieldset.appendChild(list);
    fieldset.appendChild(addButton);
    fieldset.appendChild(status);

    function itemLabel(i) { return fmt(texts.item || self.s("submit_item"), { number: i + 1 }); }

    function renumber() {
      node.entries.forEach(function (entry, i) {
        entry.legendText.textContent = itemLabel(i);
        entry.remove.textContent = self.s("submit_remove", { item: itemLabel(i) });
        entry.remove.hidden = node.entries.length <= minItems;
        entry.node.ownLabel = itemLabel(i);
      });
    }

    function add(focus) {
      var i = node.entries.length;
      var kind = self.fieldKind(items, info.dotted);
      var child = self.build(items, keys, false, { label: itemLabel(i), help: "", kind: kind, item: true });
      child.parent = node;
      child.wrapper.classList.add("rc-submit__item");
      var legend = child.wrapper.querySelector("legend");
      var legendText = document.createElement("span");
      legendText.textContent = itemLabel(i);
      legend.textContent = "";
      legend.appendChild(legendText);
      var remove = make("button", { type: "button", className: "rc-submit__remove" });
      var entry = { node: child, legendText: legendText, remove: remove };
      remove.addEventListener("click", function () {
        var at = node.entries.indexOf(entry);
        var name = itemLabel(at);
        node.entries.splice(at, 1);
        list.removeChild(child.wrapper);
        renumber();
        status.textContent = self.s("submit_removed", { item: name });
        var next = node.entries[Math.min(at, node.entries.length - 1)];
        (next ? next.node.focusTarget() : addButton).focus();
        self.revalidate();
      });
      child.wrapper.appendChild(remove);
      node.entries.push(entry);
      list.appendChild(child.wrapper);
      renumber();
      if (focus) {
        status.textContent = self.s("submit_added", { item: itemLabel(i) });
        var target = child.focusTarget();
        if (target) target.focus();
      }
    }

    addButton.addEventListener("click", function () { add(true); self.revalidate(); });
    for (var n = 0; n < minItems; n++) add(false);

    node.read = function () {
      var out = [];
      node.indexMap = [];
      node.entries.forEach(function (entry, i) {
        var v = entry.node.read();
        if (v === undefined && i < minItems) v = entry.node.kind === "object" ? {} : v;
        if (v === undefined) return;
        out.push(v);
        node.indexMap.push(entry.node);
      });
      return out.length ? out : undefined;
    };
    node.child = function (k) { return typeof k === "number" ? node.indexMap[k] || null : null; };
    return node;
  };

  // Errors --------------------------------------------------------------------------------------

  Form.prototype.message = function (error) {
    var p = error.params || {}, schema = error.schema || {};
    switch (error.keyword) {
      case "required":
        var target = this.spec.schema && schemaAt(this.spec.schema, error.path);
        return target && target.minProperties ? this.s("submit_error_any_language") : this.s("submit_error_required");
      case "minProperties": return this.s("submit_error_any_language");
      case "minItems": return this.s("submit_error_min_items", { limit: p.limit });
      case "maxItems": return this.s("submit_error_max_items", { limit: p.limit });
      case "minLength": return this.s("submit_error_empty");
      case "maxLength": return this.s("submit_error_max_length", { limit: p.limit });
      case "pattern":
        if (schema["x-country"]) return this.s("submit_error_country");
        return (this.spec.pattern_messages || {})[schema.pattern] || this.s("submit_error_pattern");
      case "format": return this.s("submit_error_date");
      case "enum": case "x-taxonomy": case "x-ref": return this.s("submit_error_choice");
      case "x-language": return this.s("submit_error_language");
      case "x-country": return this.s("submit_error_unknown_country", { value: error.value });
      case "uniqueItems": return this.s("submit_error_unique");
      case "type":
        return p.type === "integer" || p.type === "number" ? this.s("submit_error_integer") : this.s("submit_error_type");
      case "minimum": return this.s("submit_error_minimum", { limit: p.limit });
      case "maximum": return this.s("submit_error_maximum", { limit: p.limit });
      case "additionalProperties": return this.s("submit_error_unknown_field");
      case "html": return this.s("submit_error_html");
      case "link": return this.s("submit_error_link");
      case "control": case "nfc": return this.s("submit_error_control");
      case "invisible": return this.s("submit_error_invisible");
      case "order": return this.s(p.message);
      case "id-taken": return this.s("submit_error_id_taken");
    }
    return this.s("submit_error_pattern");
  };

  // "Partner 1 › Name of the organisation › English": the field's own label after its parents'.
  function labelOf(node) {
    var parts = [];
    for (var n = node; n; n = n.parent) {
      if (n.ownLabel && !(n.transparent && n !== node)) parts.unshift(n.ownLabel);
    }
    return parts.join(" \u203a ");
  }

  function schemaAt(schema, path) {
    var node = schema;
    for (var i = 0; i < path.length && node; i++) {
      var k = path[i];
      if (typeof k === "number") node = node.items;
      else node = (node.properties && node.properties[k]) || (isObject(node.additionalProperties) ? node.additionalProperties : null);
    }
    return node;
  }

  Form.prototype.nodeFor = function (path) {
    var node = this.root, i;
    for (i = 0; i < path.length; i++) {
      var next = node.child ? node.child(path[i]) : null;
      if (!next) break;
      node = next;
    }
    return node;
  };

  Form.prototype.allNodes = function () {
    var out = [];
    (function walk(node) {
      if (!node) return;
      out.push(node);
      if (node.children) Object.keys(node.children).forEach(function (k) { walk(node.children[k]); });
      if (node.entries) node.entries.forEach(function (e) { walk(e.node); });
    })(this.root);
    return out;
  };

  // Shows the errors next to their fields and in the summary; returns the number of problems.
  Form.prototype.showErrors = function (errors) {
    var self = this, byNode = [], messages = [];
    errors.forEach(function (error) {
      var node = self.nodeFor(error.path);
      var text = self.message(error);
      var at = byNode.indexOf(node);
      if (at < 0) { byNode.push(node); messages.push([text]); }
      else if (messages[at].indexOf(text) < 0) messages[at].push(text);
    });
    this.allNodes().forEach(function (node) {
      if (!node.show || node === self.root) return;
      var at = byNode.indexOf(node), inherited = null;
      if (node.parent && node.parent.kind === "languages" && byNode.indexOf(node.parent) >= 0) inherited = node.parent.error.id;
      node.show(at < 0 ? [] : messages[at], inherited);
    });
    var summary = this.summary, list = summary.querySelector("ul");
    list.textContent = "";
    var count = 0;
    byNode.forEach(function (node, i) {
      messages[i].forEach(function (text) {
        count += 1;
        var target = node.focusTarget ? node.focusTarget() : null;
        var label = labelOf(node);
        label = label ? label + ": " : "";
        var item = make("li");
        if (target && target.id) {
          var link = make("a", { href: "#" + target.id, text: label + text });
          link.addEventListener("click", function (e) {
            e.preventDefault();
            target.focus();
            if (target.scrollIntoView) target.scrollIntoView({ block: "center" });
          });
          item.appendChild(link);
        } else {
          item.textContent = label + text;
        }
        list.appendChild(item);
      });
    });
    summary.querySelector(".rc-submit__summary-title").textContent =
      count === 1 ? this.s("submit_errors_one") : this.s("submit_errors_other", { count: count });
    summary.hidden = count === 0;
    return count;
  };

  Form.prototype.data = function () {
    if (!this.idEdited && this.root.children.id) this.syncId();
    return this.root.read();
  };

  // The schema's verdict, plus the fields the form asks for although a record may leave them out
  // (spec.form_required): left empty, each of their required parts is reported where it is typed.
  Form.prototype.validate = function (data) {
    var errors = this.checker.validate(data), self = this;
    (this.spec.form_required || []).forEach(function (dotted) {
      var path = dotted.split(".");
      if (get(data, path) === undefined) self.checker.check(schemaAt(self.spec.schema, path), {}, path, errors);
    });
    return errors;
  };

  // The identifier: made from the first title written mostly in Latin letters (the languages in the
  // site's order, the default first), else from today's date: case-study-2026-12-02-1, numbered past
  // the identifiers already taken. Kept as typed once the contributor changes it.
  Form.prototype.syncId = function () {
    var source = this.root.children[this.spec.derive_id_from];
    var idNode = this.root.children.id;
    if (!source || !idNode || this.idEdited) return;
    var maxLength = (this.spec.schema.properties.id || {}).maxLength, taken = this.spec.existing_ids || [];
    var first = this.spec.default_language, codes = [first];
    (this.spec.languages || []).forEach(function (l) { if (l.code !== first) codes.push(l.code); });
    var id = "";
    codes.some(function (code) {
      var child = source.children && source.children[code];
      var text = child ? child.input.value : "";
      if (mostlyLatin(text)) id = slugify(text, maxLength);
      return !!id;
    });
    if (!id) {
      var stem = (this.spec.id_prefix ? this.spec.id_prefix + "-" : "") + today() + "-";
      var n = 1;
      while (taken.indexOf(stem + n) >= 0) n += 1;
      id = stem + n;
    }
    idNode.input.value = id;
  };

  Form.prototype.revalidate = function () {
    if (!this.tried) return;
    var data = this.root.read();
    this.showErrors(this.validate(data));
  };

  Form.prototype.produce = function (action) {
    this.tried = true;
    var data = this.data();
    var errors = this.validate(data);
    var count = this.showErrors(errors);
    if (count) {
      this.output.hidden = true;
      this.summary.focus();
      return null;
    }
    var name = data.id + ".yml";
    var text = toYaml(data, this.spec.schema_comment);
    this.outputLabel.textContent = this.s("submit_output_label", { file: name });
    this.outputText.value = text;
    this.output.hidden = false;
    if (action === "download") {
      saveFile(name, text);
      this.status.textContent = this.s("submit_downloaded", { file: name });
    } else {
      this.copy(text);
    }
    return text;
  };

  Form.prototype.copy = function (text) {
    var self = this;
    function fallback() {
      self.outputText.focus();
      self.outputText.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      self.status.textContent = ok ? self.s("submit_copied") : self.s("submit_copy_failed");
    }
    if (navigator.clipboard && navigator.clipboard.writeText && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () {
        self.status.textContent = self.s("submit_copied");
      }, fallback);
    } else {
      fallback();
    }
  };

  function saveFile(name, text) {
    var blob = new Blob([text], { type: "application/yaml;charset=utf-8" });
    var url = URL.createObjectURL(blob);
    var link = make("a", { href: url, download: name, hidden: true });
    document.body.appendChild(link);
    link.click();
    setTimeout(function () { URL.revokeObjectURL(url); link.remove(); }, 4000);
  }

  Form.prototype.render = function () {
    var self = this, form = this.form;
    form.textContent = "";
    this.summary = make("div", { className: "rc-submit__summary", tabindex: "-1", hidden: true }, [
      make("p", { className: "rc-submit__summary-title", id: this.newId("summary") }), make("ul")
    ]);
    this.summary.setAttribute("aria-labelledby", this.summary.firstChild.id);
    form.appendChild(this.summary);
    form.appendChild(make("p", { className: "rc-submit__note", text: this.s("submit_required_note") }));
    form.appendChild(make("div", { className: "rc-submit__fields" }));
    this.root = this.build_object(this.spec.schema, [], true, { label: "" }, true);

    var download = make("button", { type: "submit", className: "md-button md-button--primary", text: this.s("submit_download") });
    var copy = make("button", { type: "button", className: "md-button", text: this.s("submit_copy") });
    form.appendChild(make("div", { className: "rc-submit__actions" }, [download, copy]));
    this.status = make("p", { className: "rc-submit__status", role: "status", "aria-live": "polite" });
    form.appendChild(this.status);
    var outputId = this.newId("output");
    this.outputLabel = make("label", { for: outputId, className: "rc-submit__label" });
    this.outputText = make("textarea", { id: outputId, readonly: true, rows: 14, spellcheck: "false",
                                         className: "rc-submit__input rc-submit__yaml" });
    this.output = make("div", { className: "rc-submit__output", hidden: true }, [this.outputLabel, this.outputText]);
    form.appendChild(this.output);

    form.addEventListener("submit", function (e) { e.preventDefault(); self.produce("download"); });
    copy.addEventListener("click", function () { self.produce("copy"); });
    var title = this.root.children[this.spec.derive_id_from];
    Object.keys((title && title.children) || {}).forEach(function (code) {
      title.children[code].input.addEventListener("input", function () { self.syncId(); });
    });
    this.syncId();
    var timer = null;
    function later() { clearTimeout(timer); timer = setTimeout(function () { self.revalidate(); }, 250); }
    form.addEventListener("input", later);
    form.addEventListener("change", later);
    form.hidden = false;
  };

  // Start ---------------------------------------------------------------------------------------

  var api = { Checker: Checker, toYaml: toYaml, slugify: slugify, yamlString: yamlString, readText: readText };

  function start() {
    var block = document.getElementById("rc-submit-spec");
    var form = document.getElementById("rc-submit-form");
    if (!block || !form || form.getAttribute("data-rc-ready")) return;
    form.setAttribute("data-rc-ready", "true");
    var spec;
    try { spec = JSON.parse(block.textContent); } catch (e) { return; }
    var instance = new Form(spec, form);
    instance.render();
    Array.prototype.forEach.call(document.querySelectorAll(".rc-submit__nojs"), function (p) { p.hidden = true; });
    api.form = instance;
  }

  if (typeof window !== "undefined") window.RCSubmitForm = api;
  if (typeof module !== "undefined" && module.exports) { module.exports = api; return; }
  if (typeof document === "undefined") return;
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
