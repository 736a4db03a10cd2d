// Confirm before destructive workflow actions (buttons with data-confirm). No inline script anywhere: CSP.
document.addEventListener("submit", function (event) {
  var button = event.submitter;
  if (button && button.dataset.confirm && !window.confirm(button.dataset.confirm)) {
    event.preventDefault();
  }
});
