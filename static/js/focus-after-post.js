// After a post, focus goes to what the writer needs to hear first: the error summary when
// there is one (portal.js focuses it), otherwise the element marked [data-focus-after-post],
// e.g. the save status ("saved at 14:32") or the conflict banner.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  if (document.querySelector("[data-error-summary]")) {
    return;
  }
  const target = document.querySelector("[data-focus-after-post]");
  if (target) {
    target.focus();
  }
});
