// The package's `node` condition (Node 20+, SSR, test runners on Node): the same wasm and glue as
// the browser entry, ready on import, with no `init()` to call. The .wasm is read from next to
// this file and compiled synchronously once; `init()` still exists and resolves at once, so code
// shared with the browser can keep calling it.
//
// scripts/package.mjs bundles this file with the glue into pkg/node.js, the glue's browser
// helpers swapped for ./memory-storage.js (see there). "wacht-api-auth:glue" names the generated
// glue, pkg/wacht_api_auth.js.
import { readFileSync } from "node:fs";
import { initSync } from "wacht-api-auth:glue";

initSync({ module: readFileSync(new URL("./wacht_api_auth_bg.wasm", import.meta.url)) });

export * from "wacht-api-auth:glue";
export { default } from "wacht-api-auth:glue";
