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
