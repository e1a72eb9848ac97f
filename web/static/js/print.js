// A print button without inline script (the Content Security Policy forbids inline code).
document.querySelectorAll("#printen").forEach(function (button) {
  button.addEventListener("click", function () { window.print(); });
});
