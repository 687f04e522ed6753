// The coaching page without reloads: ask the coach and tick tasks off in place.
// Every form here also works as a plain POST when this script does not run.
(function () {
  "use strict";

  function post(form) {
    return fetch(form.action, {
      method: "POST",
      body: new FormData(form), // carries csrfmiddlewaretoken
      headers: { "X-Requested-With": "fetch", "Accept": "text/html" },
      credentials: "same-origin",
    });
  }

  function fragment(html) {
    var template = document.createElement("template");
    template.innerHTML = html.trim();
    return template.content.firstElementChild;
  }

  function busy(button, on) {
    if (!button) return;
    button.disabled = on;
    if (on) button.setAttribute("aria-busy", "true");
    else button.removeAttribute("aria-busy");
  }

  function showMessage(slot, text) {
    var box = document.createElement("div");
    box.className = "advice advice-error";
    box.setAttribute("role", "alert");
    var p = document.createElement("p");
    p.className = "error";
    p.textContent = text;
    box.appendChild(p);
    slot.replaceChildren(box);
  }

  function ask(form) {
    var row = form.closest("[data-task-row]");
    var slot = row && row.querySelector("[data-advice-slot]");
    if (!slot) return false;
    var button = form.querySelector("button");
    busy(button, true);
    slot.classList.add("advice-pending");
    post(form)
      .then(function (response) {
        return response.text().then(function (html) {
          var answer = fragment(html);
          if (!answer || !answer.hasAttribute("data-advice")) {
            throw new Error("unexpected answer " + response.status);
          }
          slot.replaceChildren(answer);
          var text = answer.getAttribute("data-allowance-text");
          var allowance = document.querySelector("[data-coach-allowance]");
          if (text && allowance) allowance.textContent = text;
        });
      })
      .catch(function () {
        showMessage(slot, "The coach could not be reached. Check your connection and try again.");
      })
      .finally(function () {
        slot.classList.remove("advice-pending");
        busy(button, false);
      });
    return true;
  }

  function complete(form) {
    var row = form.closest("[data-task-row]");
    if (!row) return false;
    var button = form.querySelector("button");
    busy(button, true);
    post(form)
      .then(function (response) {
        if (!response.ok) throw new Error("status " + response.status);
        return response.text();
      })
      .then(function (html) {
        var updated = fragment(html);
        if (!updated) throw new Error("empty answer");
        row.replaceWith(updated);
        var focusTarget = updated.querySelector(".check-button");
        if (focusTarget) focusTarget.focus();
      })
      .catch(function () {
        busy(button, false);
        form.submit(); // fall back to the plain form post
      });
    return true;
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !window.fetch) return;
    var handled = false;
    if (form.hasAttribute("data-coach-ask")) handled = ask(form);
    else if (form.hasAttribute("data-coach-complete")) handled = complete(form);
    if (handled) event.preventDefault();
  });
})();
