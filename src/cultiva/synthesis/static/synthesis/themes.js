// Theme board: while a clustering run is queued or running, ask for its status every few
// seconds and reload the page when it has finished. Without JavaScript the page says to reload.
(function () {
  "use strict";
  var section = document.getElementById("run");
  if (!section) return;
  var status = section.getAttribute("data-run-status");
  var url = section.getAttribute("data-status-url");
  if (!url || (status !== "queued" && status !== "running")) return;
  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (data && data.status !== "queued" && data.status !== "running") {
          window.location.reload();
        } else {
          window.setTimeout(poll, 3000);
        }
      })
      .catch(function () { window.setTimeout(poll, 10000); });
  }
  window.setTimeout(poll, 2000);
})();
