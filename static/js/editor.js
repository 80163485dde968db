// Rich-text editor preset of the portal: django-prose-editor's "configurable" preset, but
// with Tiptap's CSS injection off so that a strict Content-Security-Policy holds
// (static/css/editor-core.css carries those styles instead).
import * as prose from "django-prose-editor/editor";

const ATTRIBUTE = "data-django-prose-editor-portal";

function createEditor(textarea) {
  if (textarea.closest(".prose-editor")) {
    return null;
  }
  const config = JSON.parse(textarea.getAttribute(ATTRIBUTE) || "{}");
  const extensions = Object.entries(config.extensions || {})
    .filter(([name]) => prose[name])
    .map(([name, options]) =>
      typeof options === "object" ? prose[name].configure(options) : prose[name],
    );
  const disabled = textarea.hasAttribute("disabled");
  const wrapper = prose.crel("div", { className: `prose-editor ${disabled ? "disabled" : ""}` });
  textarea.before(wrapper);
  wrapper.append(textarea);
  return new prose.Editor({
    element: wrapper,
    editable: !disabled,
    extensions,
    content: textarea.value,
    injectCSS: false,
    onUpdate({ editor }) {
      const html = editor.getHTML();
      // An editor always holds one empty paragraph; store that as empty.
      textarea.value = /^<(\w+)(\s[^>]*)?><\/\1>$/i.test(html) ? "" : html;
      textarea.dispatchEvent(new Event("input", { bubbles: true }));
    },
  });
}

prose.initializeEditors(createEditor, `[${ATTRIBUTE}]`);

// django-prose-editor's toolbar labels are English and not translatable; give Dutch
// pages Dutch labels (screen readers read the aria-label, sighted users the title).
const DUTCH_TEXTS = { Paragraph: "Alinea", "Heading 3": "Kop 3", "Heading 4": "Kop 4" };
const DUTCH_LABELS = {
  paragraph: "Alinea",
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
