// npm ci && node build.mjs  ->  static/vendor/coediting/coediting.js (ES module, committed)
import * as esbuild from "esbuild"

const PM = ["model", "state", "view", "transform"]
const names = {}
for (const p of PM) names[p] = Object.keys(await import(`prosemirror-${p}`)).sort()

const proseEditorExternals = {
  name: "django-prose-editor-externals",
  setup(build) {
    // @tiptap/core: django-prose-editor's editor.js does `export * from "@tiptap/core"`
    build.onResolve({ filter: /^(?:@tiptap\/core|django-prose-editor\/editor)$/ }, () => ({
      path: "django-prose-editor/editor",
      external: true,
    }))
    // prosemirror-{model,state,view,transform} and @tiptap/pm/*: re-exported from
    // django-prose-editor's `pm` namespace (editor.js: `export * as pm from "./pm.js"`)
    build.onResolve({ filter: /^(?:@tiptap\/pm\/|prosemirror-)(\w+)$/ }, (args) => {
      const sub = args.path.match(/(\w+)$/)[1]
      if (!PM.includes(sub)) throw new Error(`not shimmed: ${args.path}`)
      return { path: sub, namespace: "pm-shim" }
    })
    build.onLoad({ filter: /.*/, namespace: "pm-shim" }, (args) => ({
      contents:
        `import { pm } from "django-prose-editor/editor"\n` +
        `const m = pm.${args.path}\n` +
        names[args.path].map((n) => `export const ${n} = m.${n}`).join("\n"),
      loader: "js",
    }))
  },
}

const result = await esbuild.build({
  entryPoints: ["src/coediting.js"],
  bundle: true,
  format: "esm",
  platform: "browser",
  target: "es2020",
  minify: true,
  sourcemap: false,
  legalComments: "linked",
  outfile: "../../static/vendor/coediting/coediting.js",
  metafile: true,
  plugins: [proseEditorExternals],
})
console.log(await esbuild.analyzeMetafile(result.metafile))
