/* A filter box before each <select data-searchable>: typing hides the options whose label
   does not contain the typed text (accents ignored: "csik" finds "Csíki"). Without
   JavaScript the list stays a plain, complete select. */
(function () {
  "use strict";
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  document.querySelectorAll("select[data-searchable]").forEach(function (select, index) {
    var box = document.createElement("input");
    box.type = "search";
    box.className = "select-search";
    box.id = (select.id || "select-" + index) + "-search";
    box.setAttribute("aria-controls", select.id);
    box.setAttribute("aria-label", select.getAttribute("data-search-label") || "Filter");
    box.placeholder = select.getAttribute("data-search-label") || "";
    select.parentNode.insertBefore(box, select);
    box.addEventListener("input", function () {
      var wanted = fold(box.value.trim());
      Array.prototype.forEach.call(select.options, function (option) {
        var shown = !wanted || option.value === "" || option.selected ||
          fold(option.text).indexOf(wanted) !== -1;
        option.hidden = !shown;
      });
    });
  });
})();
