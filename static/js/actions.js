// The annual programme's action table: add, reorder and remove rows without losing text.
// Without JavaScript the same form works through the position and remove fields.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const container = document.querySelector("[data-actions]");
  const template = document.getElementById("action-template");
  const addButton = document.querySelector("[data-action-add]");
  const status = document.querySelector("[data-actions-status]");
  if (!container || !template || !addButton) {
    return;
  }
  const prefix = container.dataset.prefix;
  const total = document.getElementById(`id_${prefix}-TOTAL_FORMS`);
  const rows = () => [...container.querySelectorAll("[data-action-row]")];

  const announce = (text) => {
    status.textContent = text;
  };

  // Positions follow the order on screen; numbers in legends and buttons follow suit.
  const renumber = () => {
    let visible = 0;
    rows().forEach((row, index) => {
      const order = row.querySelector(`[name$="-ORDER"]`);
      if (order) {
        order.value = index + 1;
      }
      if (!row.classList.contains("is-removed")) {
        visible += 1;
      }
      for (const number of row.querySelectorAll("[data-action-number]")) {
        number.textContent = index + 1;
      }
    });
    return visible;
  };

  addButton.type = "button";
  addButton.addEventListener("click", () => {
    const index = Number(total.value);
    const html = template.innerHTML
      .replaceAll("__prefix__", String(index))
      .replaceAll("__number__", String(index + 1));
    container.insertAdjacentHTML("beforeend", html);
    total.value = index + 1;
    renumber();
    const row = rows().at(-1);
    row.querySelector("input, textarea, select").focus();
    container.dispatchEvent(new Event("input", { bubbles: true }));
  });

  container.addEventListener("click", (event) => {
    const button = event.target.closest("button");
    if (!button) {
      return;
    }
    const row = button.closest("[data-action-row]");
    if (button.dataset.actionMove) {
      const step = Number(button.dataset.actionMove);
      const sibling = step < 0 ? row.previousElementSibling : row.nextElementSibling;
      if (!sibling) {
        return;
      }
      if (step < 0) {
        sibling.before(row);
      } else {
        sibling.after(row);
      }
      renumber();
      button.focus();
      announce(button.textContent.trim() + ": " + (rows().indexOf(row) + 1));
    } else if ("actionRemove" in button.dataset) {
      row.querySelector(`[name$="-DELETE"]`).checked = true;
      row.classList.add("is-removed");
      row.querySelector("[data-action-removed]").hidden = false;
      row.querySelector("[data-action-restore]").focus();
      announce(row.querySelector("[data-action-removed] p").textContent);
    } else if ("actionRestore" in button.dataset) {
      row.querySelector(`[name$="-DELETE"]`).checked = false;
      row.classList.remove("is-removed");
      row.querySelector("[data-action-removed]").hidden = true;
      row.querySelector("[data-action-remove]").focus();
    } else {
      return;
    }
    container.dispatchEvent(new Event("change", { bubbles: true }));
  });

  // Rows removed before a failed save stay marked as removed.
  for (const row of rows()) {
    if (row.querySelector(`[name$="-DELETE"]`)?.checked) {
      row.classList.add("is-removed");
      row.querySelector("[data-action-removed]").hidden = false;
    }
  }
  renumber();
});
