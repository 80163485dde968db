// The proposal page: a passage selected in the text (mouse, or keyboard with caret
// browsing) is copied into the form, with the part it is in and a few characters
// before and after it, which tell repeated words apart (a W3C TextQuoteSelector, as
// agenda/passages.py reads it). Without this script the passage is typed or pasted.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const form = document.querySelector("[data-proposal-form]");
  if (!form) {
    return;
  }
  const CONTEXT = 32;
  const normalised = (text) => text.replace(/\s+/g, " ").trim();
  const field = (name) => form.elements.namedItem(name);
  const status = form.querySelector("[data-selection-status]");
  form.querySelector("[data-selection-hint]").hidden = false;

  const textOf = (source, from, to) => {
    const range = document.createRange();
    range.selectNodeContents(source);
    if (from) {
      range.setStart(from[0], from[1]);
    }
    if (to) {
      range.setEnd(to[0], to[1]);
    }
    return range.toString();
  };

  const copySelection = () => {
    const selection = document.getSelection();
    if (!selection || selection.isCollapsed || selection.rangeCount === 0) {
      return;
    }
    const range = selection.getRangeAt(0);
    const node = range.commonAncestorContainer;
    const element = node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement;
    const source = element && element.closest("[data-passage-source]");
    const exact = normalised(range.toString());
    if (!source || !exact) {
      return;
    }
    const before = normalised(textOf(source, null, [range.startContainer, range.startOffset]) + "x");
    const after = normalised("x" + textOf(source, [range.endContainer, range.endOffset], null));
    field("text_name").value = source.dataset.passageSource;
    field("exact").value = exact;
    // The "x" kept a space next to the selection; it is not part of the context.
    field("prefix").value = before.slice(0, -1).slice(-CONTEXT);
    field("suffix").value = after.slice(1, CONTEXT + 1);
    status.textContent = `${source.dataset.passageLabel}: “${exact}”`;
  };

  document.addEventListener("mouseup", copySelection);
  document.addEventListener("keyup", (event) => {
    if (event.shiftKey) {
      copySelection();
    }
  });
});
