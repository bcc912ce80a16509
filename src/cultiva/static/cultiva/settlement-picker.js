/* The settlement picker: a search box in front of every settlement select
   (select[data-settlement-picker], rendered by core.forms.SettlementSelect*). Typing hides the
   options that do not contain the text, in either language and without minding accents
   ("csik" finds "Csíkszereda / Miercurea Ciuc"); chosen options stay visible. Without
   JavaScript the plain select still works. A static file, no inline script (CSP). */
(function () {
  "use strict";

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function enhance(select) {
    if (select.dataset.pickerReady) return;
    select.dataset.pickerReady = "1";
    var label = select.dataset.searchLabel || "";
    var search = document.createElement("input");
    search.type = "search";
    search.className = "settlement-search";
    search.id = select.id ? select.id + "-search" : "";
    search.setAttribute("aria-label", label);
    search.setAttribute("placeholder", label);
    search.setAttribute("autocomplete", "off");
    if (select.id) search.setAttribute("aria-controls", select.id);
    select.parentNode.insertBefore(search, select);
    var options = Array.prototype.map.call(select.options, function (option) {
      return { option: option, text: fold(option.textContent) };
    });
    search.addEventListener("input", function () {
      var wanted = fold(search.value.trim());
      options.forEach(function (entry) {
        var keep = !wanted || entry.option.value === "" || entry.option.selected ||
          entry.text.indexOf(wanted) !== -1;
        entry.option.hidden = !keep;
      });
    });
    // Enter in the search box must not send the form half-filled.
    search.addEventListener("keydown", function (event) {
      if (event.key === "Enter") event.preventDefault();
    });
  }

  function enhanceAll() {
    document.querySelectorAll("select[data-settlement-picker]").forEach(enhance);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", enhanceAll);
  else enhanceAll();
})();
