// Log-time form: moving the start moves the end with it, keeping the session's length,
// until the end has been edited by hand. The form works the same without this script.
(function () {
  "use strict";

  function parseLocal(value) {
    // "2026-11-20T09:30" read as wall-clock time; only differences are used, so the
    // browser's own zone does not matter.
    var match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(value || "");
    if (!match) return null;
    return Date.UTC(+match[1], +match[2] - 1, +match[3], +match[4], +match[5]);
  }

  function formatLocal(ms) {
    var d = new Date(ms);
    function pad(n) { return String(n).padStart(2, "0"); }
    return d.getUTCFullYear() + "-" + pad(d.getUTCMonth() + 1) + "-" + pad(d.getUTCDate()) +
      "T" + pad(d.getUTCHours()) + ":" + pad(d.getUTCMinutes());
  }

  function keepDuration(form) {
    var start = form.querySelector("input[name=actual_start_time]");
    var end = form.querySelector("input[name=actual_end_time]");
    if (!start || !end) return;
    var startMs = parseLocal(start.value);
    var endMs = parseLocal(end.value);
    var length = startMs !== null && endMs !== null ? endMs - startMs : null;
    var endTouched = false;
    end.addEventListener("input", function () {
      endTouched = true;
    });
    start.addEventListener("change", function () {
      var moved = parseLocal(start.value);
      if (endTouched || length === null || length <= 0 || moved === null) return;
      end.value = formatLocal(moved + length);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-log-time-form]").forEach(keepDuration);
  });
})();
