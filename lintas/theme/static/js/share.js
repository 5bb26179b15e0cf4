// Copy-link button of the share bar. Our own file because the site's Content
// Security Policy forbids inline scripts; without JavaScript the button stays
// hidden and the plain share links still work.
(function () {
  "use strict";
  document.querySelectorAll("[data-copy-link]").forEach(function (button) {
    var status = button.closest(".share").querySelector("[role=status]");
    button.hidden = false;
    button.addEventListener("click", function () {
      var say = function (text) { if (status) { status.textContent = text; } };
      if (!navigator.clipboard) { say(button.dataset.failed); return; }
      navigator.clipboard.writeText(button.dataset.copyLink).then(
        function () { say(button.dataset.copied); },
        function () { say(button.dataset.failed); }
      );
    });
  });
})();
