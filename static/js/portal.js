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

  // The rich-text editor replaces its textarea with a contenteditable box: give that box the
  // field's label and hint, and let a click on the label focus it.
  const labelEditor = (box) => {
    const textarea = box.closest(".portal-field")?.querySelector("textarea");
    if (!textarea || box.hasAttribute("aria-labelledby")) {
      return;
    }
    box.setAttribute("aria-labelledby", `${textarea.id}_label`);
    box.setAttribute("aria-multiline", "true");
    const hint = document.getElementById(`${textarea.id}_helptext`);
    if (hint) {
      box.setAttribute("aria-describedby", hint.id);
    }
    document.getElementById(`${textarea.id}_label`)?.addEventListener("click", () => box.focus());
  };
  const labelEditors = () => {
    document.querySelectorAll(".portal-field [contenteditable='true']").forEach(labelEditor);
  };
  labelEditors();
  new MutationObserver(labelEditors).observe(document.body, { childList: true, subtree: true });
});
