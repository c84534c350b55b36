/* Printable documents (resource_centre/site/printable.py): the "Print or save as PDF" button.
   Without JavaScript the button stays hidden and the browser's own Print command does the same. */
(function () {
  var button = document.querySelector("[data-rc-print]");
  if (!button) return;
  button.hidden = false;
  button.addEventListener("click", function () { window.print(); });
})();
