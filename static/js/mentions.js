// Mentions in a comment or reply: typing "@" in the text offers the people who may read
// the chapter (the form's data-mention-people, rendered by the server), as an ARIA 1.2
// combobox with a listbox: arrow keys move, Enter or Tab chooses, Escape closes. The
// choice writes "@username" into the text and adds a hidden input "noemen" with the
// person's id; the server checks every mention again. Without this script "@username"
// typed by hand mentions the same person.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  let counter = 0;
  for (const form of document.querySelectorAll("form[data-mention-people]")) {
    const input = form.querySelector("[data-mention-input], textarea[name='body']");
    if (!input) {
      continue;
    }
    const people = JSON.parse(form.dataset.mentionPeople);
    counter += 1;
    const listId = `mention-list-${counter}`;
    const list = document.createElement("ul");
    list.id = listId;
    list.className = "portal-mention-list";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", input.labels && input.labels[0] ? input.labels[0].textContent.trim() : "@");
    list.hidden = true;
    input.after(list);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);
    let options = [];
    let active = -1;
    let query = null; // {start, text}: the "@word" being typed

    const close = () => {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      options = [];
      active = -1;
    };

    const highlight = (index) => {
      active = index;
      list.querySelectorAll("[role=option]").forEach((option, i) => {
        option.setAttribute("aria-selected", i === index ? "true" : "false");
      });
      if (index >= 0) {
        input.setAttribute("aria-activedescendant", `${listId}-${index}`);
        list.children[index].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    };

    const choose = (person) => {
      const before = input.value.slice(0, query.start);
      const after = input.value.slice(input.selectionStart);
      const token = `@${person.username} `;
      input.value = before + token + after;
      const caret = before.length + token.length;
      input.setSelectionRange(caret, caret);
      if (!form.querySelector(`input[name="noemen"][value="${person.id}"]`)) {
        const hidden = document.createElement("input");
        hidden.type = "hidden";
        hidden.name = "noemen";
        hidden.value = String(person.id);
        form.append(hidden);
      }
      close();
      input.focus();
    };

    const update = () => {
      const upto = input.value.slice(0, input.selectionStart);
      const match = /(^|\s)@([\w.+-]*)$/.exec(upto);
      if (!match) {
        close();
        return;
      }
      query = { start: upto.length - match[2].length - 1, text: match[2].toLowerCase() };
      options = people
        .filter(
          (p) => p.name.toLowerCase().includes(query.text) || p.username.toLowerCase().includes(query.text),
        )
        .slice(0, 8);
      list.replaceChildren(
        ...options.map((person, index) => {
          const option = document.createElement("li");
          option.id = `${listId}-${index}`;
          option.setAttribute("role", "option");
          option.setAttribute("aria-selected", "false");
          option.className = "portal-mention-list__option";
          option.textContent = person.name === person.username ? person.name : `${person.name} (@${person.username})`;
          option.addEventListener("mousedown", (event) => {
            event.preventDefault();
            choose(person);
          });
          return option;
        }),
      );
      if (!options.length) {
        close();
        return;
      }
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      highlight(0);
    };

    input.addEventListener("input", update);
    input.addEventListener("blur", () => window.setTimeout(close, 100));
    input.addEventListener("keydown", (event) => {
      if (list.hidden) {
        return;
      }
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        const step = event.key === "ArrowDown" ? 1 : -1;
        highlight((active + step + options.length) % options.length);
      } else if ((event.key === "Enter" || event.key === "Tab") && active >= 0) {
        event.preventDefault();
        choose(options[active]);
      } else if (event.key === "Escape") {
        event.preventDefault();
        event.stopPropagation();
        close();
      }
    });
  }
});
