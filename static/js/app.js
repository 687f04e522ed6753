// Small progressive enhancements; every page works without this script.
(function () {
  "use strict";

  // Preselect the browser's own time zone on the sign-up form while the field still
  // holds its default.
  function guessTimezone() {
    var select = document.querySelector("select[data-timezone-guess]");
    if (!select || select.dataset.touched) return;
    var zone;
    try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone; } catch (e) { return; }
    if (!zone || select.value !== "UTC") return;
    for (var i = 0; i < select.options.length; i++) {
      if (select.options[i].value === zone) { select.value = zone; return; }
    }
  }

  function selectOnFocus() {
    document.querySelectorAll("[data-select-on-focus]").forEach(function (input) {
      input.addEventListener("focus", function () { input.select(); });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    guessTimezone();
    selectOnFocus();
  });
})();
