// Planning pages: add/remove form rows, live generation progress, in-place completion.
(function () {
  "use strict";

  function renumber(list) {
    list.querySelectorAll("[data-row]").forEach(function (row, index) {
      row.querySelectorAll("input, select").forEach(function (input) {
        if (input.name && input.name.indexOf("commitment-") === 0) {
          input.name = input.name.replace(/^commitment-\d+-/, "commitment-" + (index + 1) + "-");
        }
      });
    });
  }

  function setUpRows() {
    document.querySelectorAll("[data-add-row]").forEach(function (button) {
      var kind = button.getAttribute("data-add-row");
      var list = document.querySelector(kind === "focus" ? "[data-focus-list]" : "[data-commitment-list]");
      if (!list) return;
      button.addEventListener("click", function () {
        var rows = list.querySelectorAll("[data-row]");
        var template = rows[rows.length - 1];
        var clone = template.cloneNode(true);
        var suffix = "-" + Date.now();
        clone.querySelectorAll("input, select").forEach(function (input) {
          if (input.type === "checkbox") { input.checked = false; } else { input.value = ""; }
          input.removeAttribute("aria-invalid");
          if (input.id) {
            var oldId = input.id;
            input.id = oldId + suffix;
            var label = clone.querySelector('label[for="' + oldId + '"]');
            if (label) label.setAttribute("for", input.id);
          }
        });
        clone.querySelectorAll(".error").forEach(function (error) { error.remove(); });
        clone.classList.remove("field-invalid");
        list.appendChild(clone);
        renumber(list);
        var first = clone.querySelector("input, select");
        if (first) first.focus();
      });
    });
    document.addEventListener("click", function (event) {
      var remove = event.target.closest("[data-remove-row]");
      if (!remove) return;
      var row = remove.closest("[data-row]");
      var list = row.parentElement;
      if (list.querySelectorAll("[data-row]").length > 1) {
        row.remove();
      } else {
        row.querySelectorAll("input, select").forEach(function (input) {
          if (input.type === "checkbox") { input.checked = false; } else { input.value = ""; }
        });
      }
      renumber(list);
    });
  }

  function setUpProgress() {
    var box = document.querySelector("[data-progress]");
    if (!box) return;
    var url = box.getAttribute("data-status-url");
    var text = box.querySelector("[data-progress-text]");
    var badge = box.querySelector("[data-progress-badge]");
    var bar = box.querySelector("[data-progress-bar]");
    function show(state) {
      text.textContent = state.progress;
      badge.textContent = state.status_label;
      badge.className = "badge status-" + state.status;
      box.setAttribute("data-status", state.status);
      if (state.finished) bar.classList.remove("is-working");
      if (state.status === "succeeded") {
        var done = box.querySelector("[data-progress-done]");
        done.hidden = false;
        var link = done.querySelector("[data-plan-link]");
        link.href = state.plan_url;
        link.focus();
      }
      if (state.status === "failed") {
        box.querySelector("[data-progress-failed]").hidden = false;
        box.querySelector("[data-progress-error]").textContent = state.error;
        box.querySelector("[data-refund-note]").hidden = !state.quota_refunded;
      }
    }
    function poll() {
      fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (response) { return response.json(); })
        .then(function (state) {
          show(state);
          if (!state.finished) window.setTimeout(poll, 1000);
        })
        .catch(function () { window.setTimeout(poll, 3000); });
    }
    if (box.getAttribute("data-status") !== "succeeded" && box.getAttribute("data-status") !== "failed") {
      window.setTimeout(poll, 500);
    }
  }

  function setUpCompleteToggles() {
    document.addEventListener("submit", function (event) {
      var form = event.target.closest("[data-complete-toggle]");
      if (!form) return;
      event.preventDefault();
      var field = form.querySelector('input[name="is_completed"]');
      var button = form.querySelector("button");
      button.disabled = true;
      fetch(form.action, { method: "POST", body: new FormData(form), headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) throw new Error("HTTP " + response.status);
          return response.json();
        })
        .then(function (task) {
          field.value = task.is_completed ? "0" : "1";
          button.textContent = task.is_completed ? button.getAttribute("data-done-label") : button.getAttribute("data-todo-label");
          button.setAttribute("aria-pressed", task.is_completed ? "true" : "false");
          button.classList.toggle("button-secondary", task.is_completed);
          var status = document.querySelector("[data-status-text]");
          if (status) status.textContent = task.is_completed ? "Done" : "Not done yet";
        })
        .catch(function () { form.submit(); })
        .finally(function () { button.disabled = false; });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    setUpRows();
    setUpProgress();
    setUpCompleteToggles();
  });
})();
