// The chapter's page: select words in a text (mouse, or Shift and the arrow keys with
// caret browsing) and a toolbar near them offers "comment" and "propose a change"; a live
// region says so, and Alt+Shift+C / Alt+Shift+V do the same from the keyboard. "Comment"
// moves the page's comment form beside the text (below it on small screens) with the
// passage and its context filled in (a W3C TextQuoteSelector, as agenda/texts/passages.py
// reads it); "propose a change" opens the proposal form with the passage. Without this
// script the forms work as they are: the passage is typed or pasted.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const toolbar = document.querySelector("[data-selection-toolbar]");
  if (!toolbar) {
    return;
  }
  const CONTEXT = 32;
  const live = document.querySelector("[data-selection-live]");
  const help = document.querySelector("[data-selection-help]");
  const commentButton = toolbar.querySelector("[data-selection-comment]");
  const proposeButton = toolbar.querySelector("[data-selection-propose]");
  const box = document.querySelector("[data-comment-form-box]");
  const home = document.querySelector("[data-comment-form-home]");
  const form = box && box.querySelector("[data-comment-form]");
  const closeButton = form && form.querySelector("[data-comment-form-close]");
  const normalised = (text) => text.replace(/\s+/g, " ").trim();
  let chosen = null; // {source, exact, prefix, suffix}
  let announced = "";
  if (help) {
    help.hidden = false;
  }

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

  const hide = () => {
    toolbar.hidden = true;
    chosen = null;
  };

  const read = () => {
    const selection = document.getSelection();
    if (!selection || selection.isCollapsed || selection.rangeCount === 0) {
      return null;
    }
    const range = selection.getRangeAt(0);
    const node = range.commonAncestorContainer;
    const element = node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement;
    const source = element && element.closest("[data-passage-source]");
    const exact = normalised(range.toString());
    if (!source || !exact || (box && box.contains(element))) {
      return null;
    }
    const before = normalised(textOf(source, null, [range.startContainer, range.startOffset]) + "x");
    const after = normalised("x" + textOf(source, [range.endContainer, range.endOffset], null));
    return {
      source,
      range,
      exact,
      // The "x" kept a space next to the selection; it is not part of the context.
      prefix: before.slice(0, -1).slice(-CONTEXT),
      suffix: after.slice(1, CONTEXT + 1),
    };
  };

  const show = () => {
    const found = read();
    if (!found) {
      if (!toolbar.contains(document.activeElement)) {
        hide();
      }
      return;
    }
    chosen = found;
    // Placed after the text in the reading order, shown next to the selection.
    if (toolbar.previousElementSibling !== found.source) {
      found.source.after(toolbar);
    }
    toolbar.hidden = false;
    const rect = found.range.getBoundingClientRect();
    const parent = toolbar.offsetParent || document.body;
    const origin = parent.getBoundingClientRect();
    const left = Math.max(0, Math.min(rect.left - origin.left, parent.clientWidth - toolbar.offsetWidth));
    toolbar.style.left = `${left}px`;
    toolbar.style.top = `${rect.bottom - origin.top + 6}px`;
    const message = `${toolbar.dataset.announce} ${toolbar.dataset.chosen} “${found.exact}”`;
    if (message !== announced) {
      announced = message;
      live.textContent = message;
    }
  };

  // Keyboard selection without caret browsing: each text takes focus, and the arrow
  // keys move a caret in it (Shift extends the selection, Ctrl goes by word).
  const directions = { ArrowLeft: "backward", ArrowRight: "forward", ArrowUp: "backward", ArrowDown: "forward" };
  for (const source of document.querySelectorAll("[data-passage-source]")) {
    source.tabIndex = 0;
    source.setAttribute("role", "group");
    source.setAttribute("aria-label", `${source.dataset.passageLabel}. ${help ? help.textContent.trim() : ""}`);
    source.addEventListener("keydown", (event) => {
      const direction = directions[event.key];
      if (!direction || event.altKey || event.metaKey || (box && box.contains(event.target))) {
        return;
      }
      const selection = document.getSelection();
      if (!selection.rangeCount || !source.contains(selection.anchorNode)) {
        const walker = document.createTreeWalker(source, NodeFilter.SHOW_TEXT);
        if (!walker.nextNode()) {
          return;
        }
        selection.collapse(walker.currentNode, 0);
      }
      event.preventDefault();
      const vertical = event.key === "ArrowUp" || event.key === "ArrowDown";
      const unit = vertical ? "line" : event.ctrlKey ? "word" : "character";
      selection.modify(event.shiftKey ? "extend" : "move", direction, unit);
    });
  }

  let pending = null;
  document.addEventListener("selectionchange", () => {
    window.clearTimeout(pending);
    pending = window.setTimeout(show, 150);
  });

  const openForm = () => {
    if (!chosen || !form) {
      return;
    }
    const { source, exact, prefix, suffix } = chosen;
    form.elements.namedItem("aspect").value = source.dataset.passageSource;
    form.elements.namedItem("exact").value = exact;
    form.elements.namedItem("prefix").value = prefix;
    form.elements.namedItem("suffix").value = suffix;
    source.classList.add("portal-passage-part--commenting");
    source.append(box);
    closeButton.hidden = false;
    hide();
    form.elements.namedItem("body").focus();
  };

  const closeForm = () => {
    const part = box.closest("[data-passage-source]");
    home.append(box);
    closeButton.hidden = true;
    if (part) {
      part.classList.remove("portal-passage-part--commenting");
      part.setAttribute("tabindex", "-1");
      part.focus();
    }
  };

  const propose = () => {
    if (!chosen || !toolbar.dataset.proposeUrl) {
      return;
    }
    const query = new URLSearchParams({
      onderdeel: chosen.source.dataset.passageSource,
      passage: chosen.exact,
      voor: chosen.prefix,
      na: chosen.suffix,
    });
    window.location.assign(`${toolbar.dataset.proposeUrl}?${query}`);
  };

  if (commentButton) {
    commentButton.addEventListener("click", openForm);
  }
  if (proposeButton) {
    proposeButton.addEventListener("click", propose);
  }
  if (closeButton) {
    closeButton.addEventListener("click", closeForm);
  }
  document.addEventListener("keydown", (event) => {
    if (!(event.altKey && event.shiftKey) || event.ctrlKey || event.metaKey) {
      return;
    }
    if (event.code === "KeyC" && commentButton) {
      chosen = chosen || read();
      if (chosen) {
        event.preventDefault();
        openForm();
      }
    } else if (event.code === "KeyV" && proposeButton) {
      chosen = chosen || read();
      if (chosen) {
        event.preventDefault();
        propose();
      }
    } else if (event.key === "Escape") {
      hide();
    }
  });
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && !toolbar.hidden) {
      hide();
    }
  });
});
