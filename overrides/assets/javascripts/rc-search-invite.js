/* The home page's search invitation (resource_centre/site/snippets.py _search) is a button: it opens
 * Material's search as Material's own header button does, by ticking the checkbox #__search that
 * Material watches, and puts the cursor in the search box. Loaded only by pages that show the
 * button (their front matter names "search-invite" in rc_assets; overrides/main.html).
 */
(function () {
  "use strict";

  function invite(button) {
    button.addEventListener("click", function () {
      var toggle = document.getElementById("__search");
      var query = document.querySelector(".md-search__input");
      if (toggle && !toggle.checked) toggle.click();
      if (query) query.focus();
    });
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll(".rc-search-invite"), invite);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
