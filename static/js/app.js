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
