// The package's `node` condition (Node 20+, SSR, test runners on Node): the same wasm and glue as
// the browser entry, ready on import, with no `init()` to call. The .wasm's bytes are inside this
// module (scripts/package.mjs embeds them), so no file is looked up at run time: bundlers that
// pack the node entry into a server build (Next.js prerendering client components) cannot break
// the module's location. It is compiled synchronously once; `init()` still exists and resolves at
// once, so code shared with the browser can keep calling it.
//
// scripts/package.mjs bundles this file with the glue into pkg/node.js, the glue's browser
// helpers swapped for ./memory-storage.js (see there). "wacht-api-auth:glue" names the generated
// glue, pkg/wacht_api_auth.js; "wacht-api-auth:wasm" its .wasm, as a Uint8Array.
import { initSync } from "wacht-api-auth:glue";
import bytes from "wacht-api-auth:wasm";

const module = initSync({ module: bytes });

/** Resolves to the module, initialised on import already (the browser entry's `init()`). */
export default function init() {
  return Promise.resolve(module);
}

export * from "wacht-api-auth:glue";
