/* The light/dark toggle (overrides/partials/palette.html): what Material's palette component does, done
 * only when something changes (issue 20). Material's component set the palette again on every page load,
 * unchanged (the body's data-md-color-* attributes inside data-md-color-switching, set and removed), and
 * appended <meta name="color-scheme">: each a restyle of the whole document during start-up.
 *
 * The palette is the one the reader chose (Material's "__palette" in localStorage, which the head's script
 * partials/javascripts/palette-early.html has already applied before the first paint) or else the first option whose media
 * query matches (light or dark, as the system prefers). The toggle of the option shown is unhidden; a
 * click on it (or Enter in the form) chooses the next option and keeps the choice, as Material does.
 */
(function () {
  "use strict";
  var form = document.querySelector("form[data-rc-palette]");
  if (!form || typeof __md_get !== "function") return;
  var inputs = Array.prototype.slice.call(form.querySelectorAll("input[name=__palette]"));
  if (!inputs.length) return;
  var body = document.body;
  var current = -1;

  function stored() {
    try { return __md_get("__palette"); } catch (e) { return null; }
  }

  /* An option's colours; "(prefers-color-scheme)" follows the system's light or dark option. */
  function colours(input) {
    var media = input.getAttribute("data-md-color-media");
    var from = input;
    if (media === "(prefers-color-scheme)") {
      var light = matchMedia("(prefers-color-scheme: light)").matches;
      from = form.querySelector(light ? "[data-md-color-media='(prefers-color-scheme: light)']"
                                      : "[data-md-color-media='(prefers-color-scheme: dark)']") || input;
    }
    return { media: media, scheme: from.getAttribute("data-md-color-scheme"),
             primary: from.getAttribute("data-md-color-primary"), accent: from.getAttribute("data-md-color-accent") };
  }

  /* The header's colours for the browser's own interface, read once the page is drawn (style is then up
     to date, so reading it costs nothing); the meta elements change only if they differ. */
  function metas() {
    var header = document.querySelector("[data-md-component=header]");
    if (!header) return;
    var style = getComputedStyle(header);
    var scheme = document.querySelector("meta[name=color-scheme]");
    if (!scheme) {
      scheme = document.createElement("meta");
      scheme.name = "color-scheme";
      document.head.appendChild(scheme);
    }
    if (scheme.content !== style.colorScheme) scheme.content = style.colorScheme;
    var rgb = (style.backgroundColor.match(/\d+/g) || []).slice(0, 3);
    var theme = document.querySelector("meta[name=theme-color]");
    if (!theme) {
      theme = document.createElement("meta");
      theme.name = "theme-color";
      document.head.appendChild(theme);
    }
    var colour = "#" + rgb.map(function (c) { return (+c).toString(16).padStart(2, "0"); }).join("");
    if (theme.content !== colour) theme.content = colour;
  }
  function metasLater() {
    /* When the page is idle: the style is then clean, and reading it does not force a restyle in the middle
       of Material's start-up. */
    if (typeof requestIdleCallback === "function") requestIdleCallback(metas, { timeout: 2000 });
    else requestAnimationFrame(function () { setTimeout(metas, 0); });
  }

  function show(index) {
    var colour = colours(inputs[index]);
    /* data-md-color-media is in no stylesheet: the page renders without it and the head's script
       (palette-early.html) adds it from a stored choice. Setting it restyles nothing, so it is set apart from the colours,
       whose change restyles the whole page (twice, with data-md-color-switching). */
    if (body.getAttribute("data-md-color-media") !== colour.media) body.setAttribute("data-md-color-media", colour.media);
    var changed = ["scheme", "primary", "accent"].filter(function (key) {
      return body.getAttribute("data-md-color-" + key) !== colour[key];
    });
    if (changed.length) {
      body.setAttribute("data-md-color-switching", "");  /* no transitions while the colours change */
      changed.forEach(function (key) { body.setAttribute("data-md-color-" + key, colour[key]); });
      requestAnimationFrame(function () { setTimeout(function () { body.removeAttribute("data-md-color-switching"); }, 0); });
    }
    inputs.forEach(function (input, i) {
      var label = input.nextElementSibling;
      if (label instanceof HTMLElement && label.hidden !== (i !== index)) label.hidden = i !== index;
    });
    current = index;
    __md_set("__palette", { index: index, color: colour });
    metasLater();
  }

  var saved = stored();
  var first = saved && typeof saved.index === "number" ? saved.index
    : inputs.findIndex(function (input) { return matchMedia(input.getAttribute("data-md-color-media")).matches; });
  show(Math.max(0, Math.min(first, inputs.length - 1)));

  inputs.forEach(function (input, i) {
    input.addEventListener("change", function () { if (input.checked) show(i); });
  });
  form.addEventListener("keydown", function (event) {
    if (event.key !== "Enter") return;
    var next = inputs[(current + 1) % inputs.length];
    next.click();
    next.focus();
  });
  /* An option that follows the system: its colours change when the system's do. */
  matchMedia("(prefers-color-scheme: light)").addEventListener("change", function () {
    if (inputs[current].getAttribute("data-md-color-media") === "(prefers-color-scheme)") show(current);
  });
})();
