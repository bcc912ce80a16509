/* Buttons marked data-print print the page (no inline handlers: the Content-Security-Policy
   allows only scripts from the site's own files). */
(function () {
  "use strict";
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
})();
