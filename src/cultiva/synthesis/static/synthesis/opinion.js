/* Voting in an opinion poll without reloading the page. Without JavaScript the vote buttons
   post their form and the page reloads on the next statement: this only makes it quicker. */
(function () {
  "use strict";
  var poll = document.getElementById("poll");
  if (!poll || !window.fetch || !window.DOMParser) return;

  function submit(form, value) {
    var data = new FormData(form);
    data.set("value", value);
    poll.setAttribute("aria-busy", "true");
    fetch(form.action, { method: "POST", body: data, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.text().then(function (html) { return { html: html, url: response.url }; });
      })
      .then(function (page) {
        var doc = new DOMParser().parseFromString(page.html, "text/html");
        var fresh = doc.getElementById("poll");
        if (!fresh) { window.location.assign(page.url); return; }
        poll.replaceWith(fresh);
        poll = fresh;
        var messages = doc.querySelector(".messages");
        var current = document.querySelector(".messages");
        if (current) current.remove();
        if (messages) poll.parentNode.insertBefore(messages, poll);
        var button = poll.querySelector("[data-vote-form] button");
        if (button) button.focus(); else poll.focus();
        if (window.history && page.url) window.history.replaceState(null, "", page.url.split("#")[0]);
      })
      .catch(function () {
        var hidden = document.createElement("input");
        hidden.type = "hidden";
        hidden.name = "value";
        hidden.value = value;
        form.appendChild(hidden);
        form.submit();
      });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-vote-form] button[name=value]");
    if (!button || !poll.contains(button)) return;
    event.preventDefault();
    submit(button.form, button.value);
  });
})();
