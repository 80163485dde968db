// Rich-text editor preset of the portal: django-prose-editor's "configurable" preset, but
// with Tiptap's CSS injection off so that a strict Content-Security-Policy holds
// (static/css/editor-core.css carries those styles instead).
import * as prose from "django-prose-editor/editor";

const ATTRIBUTE = "data-django-prose-editor-portal";
const gettext = window.gettext ?? ((text) => text);
const interpolate = window.interpolate ?? ((format, values) => format.replace("%s", values[0]));

// Keyboard (WCAG 2.1.1, 2.1.2): Tab always leaves the editor, so the list item's Tab and
// Shift+Tab (indent, outdent) are dropped; the toolbar's indent buttons do that instead.
const ListItem = prose.ListItem.extend({
  addKeyboardShortcuts() {
    const { Tab, "Shift-Tab": shiftTab, ...shortcuts } = this.parent?.() ?? {};
    return shortcuts;
  },
});

const ListIndent = prose.Extension.create({
  name: "portalListIndent",
  addMenuItems({ menu, buttons }) {
    menu.defineItem({
      name: "listIndent",
      groups: "lists",
      priority: 50,
      button: buttons.material("format_indent_increase", gettext("Indent list item")),
      enabled: (editor) => editor.can().sinkListItem("listItem"),
      command: (editor) => editor.chain().focus().sinkListItem("listItem").run(),
    });
    menu.defineItem({
      name: "listOutdent",
      groups: "lists",
      priority: 49,
      button: buttons.material("format_indent_decrease", gettext("Outdent list item")),
      enabled: (editor) => editor.can().liftListItem("listItem"),
      command: (editor) => editor.chain().focus().liftListItem("listItem").run(),
    });
  },
});

// The heading chooser is a row of plain buttons (Kop 3, Kop 4, Alinea) instead of a
// pop-up picker: one keyboard model for the whole toolbar, and no dropdown glyph.
function withoutDropdowns(options) {
  const groups = (options?.groups || []).map(({ type, ...group }) =>
    group.group.startsWith("blockType") ? { ...group, minItems: 1 } : { type, ...group },
  );
  return { ...options, groups };
}

function extensionFor(name, options) {
  if (name === "ListItem") {
    return typeof options === "object" ? ListItem.configure(options) : ListItem;
  }
  if (name === "Menu") {
    return prose.Menu.configure(withoutDropdowns(options));
  }
  return typeof options === "object" ? prose[name].configure(options) : prose[name];
}

const TOGGLES = new Set(["bold", "italic", "heading3", "heading4", "paragraph"]);

/* ARIA toolbar with a roving tabindex (WAI-ARIA APG "Toolbar"; NL Design System
   "rich text editor" guidance): the toolbar is one Tab stop, Left/Right/Home/End move
   between its buttons, Tab goes on into the text. */
function makeToolbar(editor, textarea) {
  const bar = editor.view.dom.parentElement?.querySelector(".prose-menubar");
  if (!bar) {
    return;
  }
  const label = document.getElementById(`${textarea.id}_label`);
  const name = label?.firstChild?.nodeValue?.trim() || textarea.name;
  bar.setAttribute("role", "toolbar");
  bar.setAttribute("aria-label", interpolate(gettext("Formatting: %s"), [name]));
  editor.view.dom.id ||= `${textarea.id}_editor`;
  bar.setAttribute("aria-controls", editor.view.dom.id);
  let current = null;
  const buttons = () =>
    [...bar.querySelectorAll("button")].filter((button) => !button.classList.contains("hidden"));
  const sync = () => {
    const items = buttons();
    if (!items.includes(current)) {
      current = items[0] ?? null;
    }
    for (const button of bar.querySelectorAll("button")) {
      button.tabIndex = button === current ? 0 : -1;
      button.setAttribute("aria-disabled", String(button.classList.contains("disabled")));
      if (TOGGLES.has(button.dataset.name)) {
        button.setAttribute("aria-pressed", String(button.classList.contains("active")));
      }
    }
  };
  bar.addEventListener("focusin", (event) => {
    if (event.target instanceof HTMLButtonElement && event.target !== current) {
      current = event.target;
      sync();
    }
  });
  bar.addEventListener("keydown", (event) => {
    const items = buttons();
    const index = items.indexOf(current);
    const target = {
      ArrowRight: items[(index + 1) % items.length],
      ArrowLeft: items[(index - 1 + items.length) % items.length],
      Home: items[0],
      End: items[items.length - 1],
    }[event.key];
    if (target && !event.altKey && !event.ctrlKey && !event.metaKey) {
      event.preventDefault();
      current = target;
      sync();
      target.focus();
    }
  });
  // A button's "disabled" stays focusable (APG) but must not act.
  bar.addEventListener(
    "click",
    (event) => {
      if (event.target.closest?.("button.disabled")) {
        event.stopImmediatePropagation();
        event.preventDefault();
      }
    },
    true,
  );
  // The menu toggles its classes on every transaction; follow them afterwards.
  editor.on("transaction", () => queueMicrotask(sync));
  sync();
}

// Co-editing (Tiptap Collaboration on Yjs, agenda/coediting/consumer.py on the server):
// the edit form names the chapter's socket. The editors are made only once this
// browser's own copy of the shared document has arrived (the server answers each
// browser's sync alone); without WebSockets, or when the server refuses, they are made
// from the form as always and the page is the ordinary form with its conflict check.
const COLOURS = ["#0b4f6c", "#9a3412", "#166534", "#6b21a8", "#9d174d", "#1e40af"];
const CLOSE_ENDED = 4003;
const CLOSE_REFUSED = 4403;
const CLOSE_RETRY = 4503; // a fault on the server: reconnect, nothing is refused
const SYNC_WAIT_MS = 8000;

function base64(bytes) {
  let text = "";
  for (const byte of bytes) {
    text += String.fromCharCode(byte);
  }
  return window.btoa(text);
}

function coeditingStatus(form, text, { ended = false } = {}) {
  const status = document.querySelector("[data-coediting-status]");
  const alert = document.querySelector("[data-coediting-ended]");
  if (ended && alert) {
    alert.querySelector("[data-coediting-ended-text]").textContent = text;
    alert.hidden = false;
    alert.focus();
    return;
  }
  if (status) {
    status.hidden = false;
    status.querySelector("[data-coediting-state]").textContent = text;
  }
}

function showPeople(provider) {
  const line = document.querySelector("[data-coediting-people-line]");
  if (!line) {
    return;
  }
  const names = new Set();
  for (const state of provider.awareness.getStates().values()) {
    if (state.user?.name) {
      names.add(state.user.name);
    }
  }
  line.querySelector("[data-coediting-people]").textContent = [...names].sort().join(", ");
  line.hidden = names.size === 0;
}

async function startCoediting(form) {
  const { Collaboration, CollaborationCaret, WebsocketProvider, Y } = await import(
    "django-prose-editor/coediting"
  );
  const ydoc = new Y.Doc();
  const scheme = window.location.protocol === "https:" ? "wss" : "ws";
  const provider = new WebsocketProvider(
    `${scheme}://${window.location.host}${form.dataset.coeditingServer}`,
    form.dataset.coeditingRoom,
    ydoc,
    { maxBackoffTime: 2000 },
  );
  await new Promise((resolve, reject) => {
    const timer = window.setTimeout(() => reject(new Error("no connection")), SYNC_WAIT_MS);
    provider.once("sync", () => {
      window.clearTimeout(timer);
      resolve();
    });
    // Refused, or no WebSockets through (a proxy that blocks them): the form, at once.
    // A fault on the server (CLOSE_RETRY) is not a refusal: the provider reconnects.
    const fail = (event) => {
      if (event?.code === CLOSE_RETRY) {
        return;
      }
      window.clearTimeout(timer);
      provider.off("connection-close", fail);
      provider.off("connection-error", fail);
      reject(new Error(String(event?.code ?? "error")));
    };
    provider.on("connection-close", fail);
    provider.on("connection-error", fail);
    provider.once("sync", () => {
      provider.off("connection-close", fail);
      provider.off("connection-error", fail);
    });
  }).catch((error) => {
    provider.destroy();
    if (error.message === String(CLOSE_REFUSED) || error.message === String(CLOSE_ENDED)) {
      coeditingStatus(form, form.dataset.coeditingRefused);
    }
    throw error;
  });
  const user = { name: form.dataset.coeditingName, color: COLOURS[ydoc.clientID % COLOURS.length] };
  const editors = [];
  form.dataset.coeditingLive = "true";
  form.querySelector("[data-coediting-flag]").value = "1";
  const save = form.querySelector("[data-coediting-label]");
  if (save) {
    save.textContent = save.dataset.coeditingLabel;
  }
  coeditingStatus(form, form.dataset.coeditingTexts);
  const intro = document.querySelector("[data-coediting-intro]");
  if (intro) {
    intro.textContent = intro.dataset.coeditingIntro; // typing is kept: say so, once
  }
  provider.awareness.on("change", () => showPeople(provider));
  let ended = false;
  provider.on("status", ({ status }) => {
    if (!ended) {
      coeditingStatus(form, status === "connected" ? form.dataset.coeditingTexts : form.dataset.coeditingOffline);
    }
  });
  provider.on("connection-close", (event) => {
    if (event?.code === CLOSE_ENDED || event?.code === CLOSE_REFUSED) {
      ended = true;
      document.querySelector("[data-coediting-status]").hidden = true;
      provider.disconnect(); // no reconnecting: editing has ended
      for (const editor of editors) {
        editor.setEditable(false);
      }
      coeditingStatus(form, form.dataset.coeditingSubmitted, { ended: true });
    }
  });
  // "Versie opslaan" saves the server's copy of the shared document: while the
  // connection is down, the newest words are only here, so the save waits for the
  // connection and goes on by itself once this browser's copy is in sync again (the
  // status line says so meanwhile). It sends this browser's state vector with the
  // form: the server saves only once it holds everything this browser has (and says
  // so when it cannot).
  let sent = false;
  let waiting = null; // the button pressed while the connection was down
  const send = (submitter) => {
    if (!provider.wsconnected || !provider.synced) {
      waiting = submitter;
      coeditingStatus(form, form.dataset.coeditingOffline);
      return;
    }
    if (provider.ws && provider.ws.bufferedAmount > 0) {
      window.setTimeout(() => send(submitter), 50);
      return;
    }
    form.querySelector("[data-coediting-vector]").value = base64(Y.encodeStateVector(ydoc));
    sent = true;
    form.requestSubmit(submitter);
  };
  provider.on("sync", (synced) => {
    if (synced && waiting && !ended) {
      const submitter = waiting;
      waiting = null;
      send(submitter);
    }
  });
  form.addEventListener("submit", (event) => {
    if (sent || event.submitter?.name === "add_action") {
      return;
    }
    event.preventDefault();
    // Later, not inside this event: a form asked to submit while its submit event is
    // still being dispatched ignores the request (HTML's "firing submission events").
    const submitter = event.submitter;
    window.setTimeout(() => send(submitter), 0);
  });
  return {
    editors,
    online: () => provider.wsconnected,
    extensions(textarea) {
      return [
        // Collaboration brings its own undo (Yjs); the menu shows undo and redo only
        // when an extension named "history" exists.
        prose.Extension.create({ name: "history" }),
        Collaboration.configure({ document: ydoc, field: textarea.name }),
        CollaborationCaret.configure({
          provider,
          user,
          // The default selection sets style="…", which the Content-Security-Policy
          // blocks; a class does the same (static/css/portal.css).
          selectionRender: () => ({ class: "portal-coediting-selection" }),
        }),
      ];
    },
  };
}

function createEditor(textarea, coediting) {
  if (textarea.closest(".prose-editor")) {
    return null;
  }
  const config = JSON.parse(textarea.getAttribute(ATTRIBUTE) || "{}");
  const extensions = Object.entries(config.extensions || {})
    .filter(([name]) => prose[name] && !(coediting && name === "History"))
    .map(([name, options]) => extensionFor(name, options));
  if (config.extensions?.ListItem) {
    extensions.push(ListIndent);
  }
  if (coediting) {
    extensions.push(...coediting.extensions(textarea));
  }
  const disabled = textarea.hasAttribute("disabled");
  const wrapper = prose.crel("div", { className: `prose-editor ${disabled ? "disabled" : ""}` });
  textarea.before(wrapper);
  wrapper.append(textarea);
  const editor = new prose.Editor({
    element: wrapper,
    editable: !disabled,
    extensions,
    // Co-editing: the text comes from the shared document, not from the form.
    ...(coediting ? {} : { content: textarea.value }),
    injectCSS: false,
    onUpdate({ editor }) {
      const html = editor.getHTML();
      // An editor always holds one empty paragraph; store that as empty.
      textarea.value = /^<(\w+)(\s[^>]*)?><\/\1>$/i.test(html) ? "" : html;
      if (!coediting || !coediting.online()) {
        // Unsaved work to warn about; co-edited text is kept as it is typed (offline, it
        // is only in this page until the connection is back).
        textarea.dispatchEvent(new Event("input", { bubbles: true }));
      }
    },
  });
  coediting?.editors.push(editor);
  // The menu is built when the editor is created (after this constructor returns).
  editor.on("create", () => makeToolbar(editor, textarea));
  return editor;
}

const coeditingForm = document.querySelector("form[data-coediting-server]");
let coediting = null;
if (coeditingForm && "WebSocket" in window) {
  coediting = await startCoediting(coeditingForm).catch(() => null);
}
prose.initializeEditors((textarea) => createEditor(textarea, coediting), `[${ATTRIBUTE}]`);

// django-prose-editor's toolbar labels are English and not translatable; give Dutch
// pages Dutch labels (screen readers read the aria-label, sighted users the title).
const DUTCH_TEXTS = { Paragraph: "Alinea", "Heading 3": "Kop 3", "Heading 4": "Kop 4" };
const DUTCH_LABELS = {
  paragraph: "Alinea",
  "heading 3": "Kop 3",
  "heading 4": "Kop 4",
  "unordered list": "Opsomming",
  "ordered list": "Genummerde lijst",
  bold: "Vet",
  italic: "Cursief",
  "insert link": "Link invoegen",
  "remove link": "Link verwijderen",
  undo: "Ongedaan maken",
  redo: "Opnieuw doen",
};

function relabel(root) {
  for (const button of root.querySelectorAll(".prose-editor button")) {
    for (const attribute of ["title", "aria-label"]) {
      const label = DUTCH_LABELS[button.getAttribute(attribute)];
      if (label) {
        button.setAttribute(attribute, label);
      }
    }
    // Visible words (not the icon-font ligatures such as "undo").
    const walker = document.createTreeWalker(button, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = DUTCH_TEXTS[node.nodeValue.trim()];
      if (text) {
        node.nodeValue = text;
      }
    }
  }
}

if (document.documentElement.lang === "nl") {
  relabel(document);
  new MutationObserver(() => relabel(document)).observe(document.body, {
    childList: true,
    subtree: true,
  });
}
