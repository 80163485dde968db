// Radios with a conditional reveal (GOV.UK "Radios", conditional reveal): the part under
// an answer (e.g. the reason under "Return") shows only while that answer is chosen.
// Without this script every part stays visible, so the form works without JavaScript.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const radios = [...document.querySelectorAll("input[type='radio'][data-aria-controls]")];
  const sync = (radio) => {
    const target = document.getElementById(radio.getAttribute("aria-controls"));
    if (target) {
      // No aria-expanded: ARIA does not allow it on a radio (axe: aria-allowed-attr); the
      // revealed part follows its radio, so it is read next.
      target.hidden = !radio.checked;
    }
  };
  for (const radio of radios) {
    const target = document.getElementById(radio.dataset.ariaControls);
    if (!target) {
      continue;
    }
    // As GOV.UK does: aria-controls only once the script controls the part.
    radio.setAttribute("aria-controls", target.id);
    radio.removeAttribute("data-aria-controls");
    sync(radio);
  }
  // A change to one radio unchecks its siblings without an event of their own.
  const controlled = radios.filter((radio) => radio.hasAttribute("aria-controls"));
  for (const radio of controlled) {
    radio.addEventListener("change", () => {
      controlled.filter((other) => other.name === radio.name).forEach(sync);
    });
  }
});
