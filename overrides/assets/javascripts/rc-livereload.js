/* Live reload for the preview (`mkdocs serve`) under the site's Content-Security-Policy.
 *
 * MkDocs' preview server appends an inline script to each page to reload it after a rebuild; the
 * page's policy allows only its own hashed inline scripts, so that script never ran. The preview
 * sends this file in its place (resource_centre/site/preview.py), with the server's epoch and a request
 * id in data attributes, and it speaks the same protocol: GET /livereload/<epoch>/<request_id>
 * waits until a build newer than <epoch> is complete (or a minute has passed) and answers with the
 * newest epoch; a newer one means reload. Like MkDocs' script it polls only while the tab is
 * visible. It is never part of `mkdocs build` output.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  var epoch = Number(script.getAttribute("data-epoch"));
  var requestId = script.getAttribute("data-request");
  var request, timer;

  function poll() {
    if (request) {
      return;
    }
    request = new XMLHttpRequest();
    request.onloadend = function () {
      var newer = parseFloat(this.responseText) > epoch;
      var answered = this.status === 200;
      request = undefined;
      if (newer) {
        location.reload();
      } else if (timer === undefined) {
        // An answer without news comes after a minute: ask again at once; a failed one, a little later.
        timer = setTimeout(function () { timer = undefined; poll(); }, answered ? 0 : 3000);
      }
    };
    request.open("GET", "/livereload/" + epoch + "/" + requestId);
    request.send();
  }

  function stop() {
    clearTimeout(timer);
    timer = undefined;
    if (request) {
      var pending = request;
      request = undefined;
      pending.onloadend = null;
      pending.abort();
    }
  }

  function pollWhenVisible() {
    if (document.visibilityState === "visible") {
      poll();
    } else {
      stop();
    }
  }

  // The problems banner (sent above the page while records have problems): Chromium keeps the place
  // of the page's text across a reload, which scrolled a new banner out of view. A list of problems
  // not shown before in this tab is shown from the top; otherwise the page keeps its place.
  var banner = document.querySelector(".rc-preview-problems");
  var problems = banner ? banner.textContent : "";
  var shown = problems;
  try {
    shown = sessionStorage.getItem("rc-preview-problems");
    sessionStorage.setItem("rc-preview-problems", problems);
  } catch (error) {  // storage refused: show the banner every time
    shown = null;
  }
  if (problems && problems !== shown) {
    history.scrollRestoration = "manual";
    window.addEventListener("load", function () { window.scrollTo(0, 0); });
  } else {
    history.scrollRestoration = "auto";
  }

  window.addEventListener("load", pollWhenVisible);
  document.addEventListener("visibilitychange", pollWhenVisible);
  window.addEventListener("pagehide", stop);
  window.addEventListener("pageshow", function (event) {  // back to a page kept in the back/forward cache
    if (event.persisted) {
      pollWhenVisible();
    }
  });
})();
