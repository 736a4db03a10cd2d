// Confirm before destructive workflow actions (buttons with data-confirm). No inline script anywhere: CSP.
document.addEventListener("submit", function (event) {
  var button = event.submitter;
  if (button && button.dataset.confirm && !window.confirm(button.dataset.confirm)) {
    event.preventDefault();
  }
});

// Print buttons (data-print): a sheet to hand over, such as an examiner's one-time password.
document.addEventListener("click", function (event) {
  var button = event.target.closest && event.target.closest("[data-print]");
  if (button) {
    window.print();
  }
});

// The vote page opened from a slip's QR code: the code travels in the address's fragment (#code=...), which a browser
// never sends, so it reaches no request line or server log. Move it into the code field and out of the address bar.
(function () {
  var field = document.querySelector("[data-code-from-fragment]");
  var match = /^#code=([A-Za-z0-9-]{1,64})$/.exec(window.location.hash);
  if (field && match) {
    field.value = match[1];
    history.replaceState(null, "", window.location.pathname + window.location.search);
  }
})();

// An archive import running in the background (reports/import.html): poll its state every second and move the progress
// bar; reload the page when the import has ended, to show its summary or the file's errors. Without script the page
// refreshes itself (a <noscript> refresh).
(function () {
  var bar = document.querySelector("progress[data-poll]");
  if (!bar || !window.fetch) {
    return;
  }
  var text = document.querySelector("[data-poll-text]");
  function poll() {
    fetch(bar.dataset.poll, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (state) {
        if (!state) {
          return;
        }
        if (!state.active) {
          window.location.reload();
          return;
        }
        if (state.percent === null) {
          bar.removeAttribute("value");
          bar.textContent = "";
        } else {
          bar.value = state.percent;
          bar.textContent = state.percent + "%";
        }
        if (text) {
          text.textContent = state.text;
        }
        window.setTimeout(poll, 1000);
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 1000);
})();
