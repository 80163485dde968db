// Behaviour shared by every page. Loaded as a static file so that a strict CSP holds.
"use strict";

document.documentElement.classList.add("js");

document.addEventListener("DOMContentLoaded", () => {
  // The error summary takes focus so that keyboard and screen-reader users hear it first.
  const summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
  }

  // Warn before leaving a form with unsaved changes.
  for (const form of document.querySelectorAll("form[data-warn-unsaved]")) {
    let dirty = false;
    const markDirty = () => {
      dirty = true;
    };
    form.addEventListener("input", markDirty);
    form.addEventListener("change", markDirty);
    form.addEventListener("submit", () => {
      dirty = false;
    });
    window.addEventListener("beforeunload", (event) => {
      if (dirty) {
        event.preventDefault();
        event.returnValue = "";
      }
    });
  }

  // Buttons that ask before doing something that cannot be undone.
  for (const button of document.querySelectorAll("[data-confirm]")) {
    button.addEventListener("click", (event) => {
      if (!window.confirm(button.dataset.confirm)) {
        event.preventDefault();
      }
    });
  }
});
