// The banner of the ES module bundles (scripts/bundle.mjs, scripts/dev.mjs): bundled CommonJS
// dependencies call require(), and an ES module has none of its own. Its import takes a name no
// module uses, since a module's own import of createRequire would clash with it.
export const ESM_BANNER = "import { createRequire as __cocCreateRequire } from 'node:module'; const require = __cocCreateRequire(import.meta.url);"
