// Collaboration add-on for django-prose-editor 0.28 (Tiptap 3.32.0).
// @tiptap/core and prosemirror-* are NOT bundled: they resolve to the already-loaded
// "django-prose-editor/editor" module (its `pm` namespace), so there is one ProseMirror.
export { Collaboration } from "@tiptap/extension-collaboration"
export { CollaborationCaret } from "@tiptap/extension-collaboration-caret"
export * as Y from "yjs"
export { WebsocketProvider } from "y-websocket"
export {
  ySyncPluginKey,
  yUndoPluginKey,
  yCursorPluginKey,
  prosemirrorJSONToYXmlFragment,
  prosemirrorToYXmlFragment,
  yXmlFragmentToProsemirrorJSON,
  yXmlFragmentToProseMirrorRootNode,
} from "@tiptap/y-tiptap"
