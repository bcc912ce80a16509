// "Add a row" for the formsets of a form: clones the <template data-empty-row> of the
// fieldset[data-formset], numbering it with the formset's TOTAL_FORMS. Without script the
// form still offers one empty row per formset.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-add-row]");
    if (!button) return;
    var prefix = button.getAttribute("data-add-row");
    var fieldset = button.closest("[data-formset]");
    var total = fieldset.querySelector('input[name="' + prefix + '-TOTAL_FORMS"]');
    var template = fieldset.querySelector("template[data-empty-row]");
    var index = parseInt(total.value, 10);
    var html = template.innerHTML.replace(/__prefix__/g, String(index));
    var holder = document.createElement("div");
    holder.innerHTML = html;
    var row = holder.firstElementChild;
    fieldset.querySelector(".card-rows-list").appendChild(row);
    total.value = String(index + 1);
    var first = row.querySelector("input:not([type=hidden]), select, textarea");
    if (first) first.focus();
  });
})();
