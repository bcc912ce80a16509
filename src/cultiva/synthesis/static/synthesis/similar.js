/* "Similar contributions already exist" while a contribution is typed.
 *
 * Progressive enhancement: the form works without it. The box (a polite live region,
 * [data-similar-url]) is moved under the description; ~600 ms after the typing stops the
 * title and description are sent to the server, which answers with an escaped HTML fragment
 * of up to five links. Errors and slow answers leave the form alone.
 */
(function () {
  "use strict";

  var DELAY = 600;
  var MIN_CHARS = 15;

  function init(box) {
    var title = document.getElementById(box.dataset.titleInput || "id_title");
    var body = document.getElementById(box.dataset.bodyInput || "id_body");
    if (!body) return;
    var field = body.closest(".field");
    if (field && field.parentNode) field.parentNode.insertBefore(box, field.nextSibling);

    var timer = null;
    var controller = null;
    var lastText = null;
    var lastHtml = "";

    function clear() {
      lastHtml = "";
      box.replaceChildren();
    }

    function show(html) {
      if (html === lastHtml) return;
      lastHtml = html;
      // The fragment is rendered and escaped by the server; parsing it never runs scripts.
      var doc = new DOMParser().parseFromString(html, "text/html");
      var nodes = Array.prototype.slice.call(doc.body.childNodes).map(function (node) {
        return document.importNode(node, true);
      });
      box.replaceChildren.apply(box, nodes);
    }

    function currentText() {
      var parts = [];
      if (title && title.value.trim()) parts.push(title.value.trim());
      if (body.value.trim()) parts.push(body.value.trim());
      return parts.join("\n");
    }

    function lookUp() {
      var text = currentText();
      if (text === lastText) return;
      lastText = text;
      if (controller) controller.abort();
      if (text.replace(/\s+/g, " ").length < MIN_CHARS) {
        clear();
        return;
      }
      var params = new URLSearchParams({ text: text.slice(0, 4000) });
      if (box.dataset.exclude) params.set("exclude", box.dataset.exclude);
      controller = typeof AbortController === "function" ? new AbortController() : null;
      fetch(box.dataset.similarUrl + "?" + params.toString(), {
        credentials: "same-origin",
        headers: { "X-Requested-With": "fetch" },
        signal: controller ? controller.signal : undefined,
      })
        .then(function (response) {
          if (!response.ok) throw new Error(String(response.status));
          return response.text();
        })
        .then(show)
        .catch(function () {
          /* Offline, rate-limited or failed: keep what is shown, the form goes on. */
        });
    }

    function schedule() {
      if (timer) clearTimeout(timer);
      timer = setTimeout(lookUp, DELAY);
    }

    body.addEventListener("input", schedule);
    if (title) title.addEventListener("input", schedule);
    if (currentText().length >= MIN_CHARS) schedule();
  }

  function start() {
    document.querySelectorAll("[data-similar-url]").forEach(init);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
