// Radios with a conditional reveal (GOV.UK "Radios", conditional reveal): the part under
// an answer (e.g. the reason under "Return") shows only while that answer is chosen.
// Without this script every part stays visible, so the form works without JavaScript.
//
// A radio names its parts in data-aria-controls: one id, or several separated by spaces.
// A part named by more than one answer of a group (the file field of both "document" and
// "video") shows while any of them is chosen; a group's other answers hide it.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const parts = new Map(); // radio -> the parts it reveals
  for (const radio of document.querySelectorAll("input[type='radio'][data-aria-controls]")) {
    const ids = radio.dataset.ariaControls.split(/\s+/).filter((id) => document.getElementById(id));
    if (ids.length === 0) {
      continue;
    }
    // As GOV.UK does: aria-controls only once the script controls the part. No
    // aria-expanded: ARIA does not allow it on a radio (axe: aria-allowed-attr); the
    // revealed part follows its radio, so it is read next.
    radio.setAttribute("aria-controls", ids.join(" "));
    radio.removeAttribute("data-aria-controls");
    parts.set(radio, ids.map((id) => document.getElementById(id)));
  }
  const sameGroup = (one, other) => one.name === other.name && one.form === other.form;
  const sync = (changed) => {
    const group = [...parts.keys()].filter((radio) => sameGroup(radio, changed));
    const chosen = group.filter((radio) => radio.checked);
    const shown = new Set(chosen.flatMap((radio) => parts.get(radio)));
    for (const part of group.flatMap((radio) => parts.get(radio))) {
      part.hidden = !shown.has(part);
    }
  };
  for (const radio of parts.keys()) {
    sync(radio);
  }
  // Any answer of a group counts, also one that reveals nothing: choosing it unchecks
  // the others without an event of their own.
  document.addEventListener("change", (event) => {
    const radio = event.target;
    if (radio instanceof HTMLInputElement && radio.type === "radio") {
      if ([...parts.keys()].some((controlled) => sameGroup(controlled, radio))) {
        sync(radio);
      }
    }
  });
});

// A disclosure button (the header's "Menu" on small screens, base.html): this script shows
// the button and keeps its aria-expanded; the stylesheet folds the part that follows the
// button while it is not expanded, and only where the button shows, so without this
// script the part stays open. Escape folds it again and returns to the button. A page
// that loads this script twice changes nothing: the button is taken over once.
document.addEventListener("DOMContentLoaded", () => {
  for (const button of document.querySelectorAll("button[data-aria-controls]")) {
    const part = document.getElementById(button.dataset.ariaControls);
    if (!part) {
      continue;
    }
    button.setAttribute("aria-controls", part.id);
    button.removeAttribute("data-aria-controls");
    button.setAttribute("aria-expanded", "false");
    button.hidden = false;
    button.addEventListener("click", () => {
      button.setAttribute("aria-expanded", String(button.getAttribute("aria-expanded") !== "true"));
    });
    const fold = (event) => {
      const open = button.getAttribute("aria-expanded") === "true";
      if (event.key === "Escape" && open && button.offsetParent !== null) {
        button.setAttribute("aria-expanded", "false");
        button.focus();
      }
    };
    button.addEventListener("keydown", fold);
    part.addEventListener("keydown", fold);
  }
});
