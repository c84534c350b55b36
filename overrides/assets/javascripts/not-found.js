/* The 404 page in the reader's language (overrides/404.html).
 *
 * The page holds the message in every site language, each section naming its language's home
 * address. The reader's language is the one whose home the missing address lies under (the
 * longest match: "/km/..." is Khmer, anything else the default language); the other sections
 * are hidden and the page takes that language's lang and title. No language names are written
 * here: they all come from the page.
 */
(function () {
  "use strict";

  function start() {
    var sections = Array.prototype.slice.call(document.querySelectorAll(".rc-not-found[data-rc-home]"));
    if (sections.length < 2) return;
    var here = location.href, best = null, bestLength = -1;
    sections.forEach(function (section) {
      var home = new URL(section.getAttribute("data-rc-home"), location.href).href;
      if (here.indexOf(home) === 0 && home.length > bestLength) { best = section; bestLength = home.length; }
    });
    best = best || sections[0];
    sections.forEach(function (section) { section.hidden = section !== best; });
    document.documentElement.lang = best.lang;
    var heading = best.querySelector("h1");
    if (heading) document.title = heading.textContent + " · " + document.title;
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
