// The browser glue's `init()` as the package ships it, rewritten in wasm-bindgen's glue:
//   - a failed start goes through `init_failed` of src/wasm/browser.js, which rejects with a
//     WachtError of code `csp` when the page refuses WebAssembly altogether (a page whose
//     Content-Security-Policy lacks 'wasm-unsafe-eval'), and with the engine's own error otherwise;
//   - the warning for a .wasm not served as application/wasm is shorter, and the warnings for
//     init(<value>) instead of init({ module_or_path }) go (both forms keep working): the typed
//     error costs the page no byte.
// Then it checks in Node that a broken module rejects with the engine's error, that a refusing
// engine (compiling, or instantiating, replaced by functions that throw) gets the typed one, and
// that the module starts.
//
//   node scripts/init-glue.mjs pkg/wacht_api_auth.js pkg/wacht_api_auth_bg.wasm
//
// Runs after scripts/minify-boundary.mjs, before esbuild (scripts/build.sh).
import { readFileSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const [gluePath, wasmPath] = process.argv.slice(2);
if (!gluePath || !wasmPath) {
  console.error("usage: init-glue.mjs <glue.js> <module.wasm>");
  process.exit(2);
}
const fail = (why) => {
  console.error(`init-glue: ${why}`);
  process.exit(1);
};

let glue = readFileSync(gluePath, "utf8");
// Each rewrite: [what wasm-bindgen wrote, what the package ships]; each must be found once.
const helpers = /import \{([^}]*)\} from '(\.\/snippets\/[^']+\/src\/wasm\/browser\.js)';/;
const rewrites = [
  [helpers, "import {$1, init_failed } from '$2';"],
  ["__wbg_init_promise = __wbg_init_once(module_or_path);",
    "__wbg_init_promise = __wbg_init_once(module_or_path).catch(init_failed);"],
  [/console\.warn\("`WebAssembly\.instantiateStreaming` failed because[^"]*",/,
    'console.warn("not application/wasm:",'], // and the engine's error, which says why
  ["console.warn('using deprecated parameters for `initSync()`; pass a single object instead')", ""],
  ["console.warn('using deprecated parameters for the initialization function; pass a single object instead')", ""],
];
for (const [from, to] of rewrites) {
  const count = typeof from === "string" ? glue.split(from).length - 1 : (glue.match(new RegExp(from, "g")) ?? []).length;
  if (count !== 1) fail(`expected once in the glue, found ${count} times: ${from}`);
  glue = glue.replace(from, to);
}
writeFileSync(gluePath, glue);

// --- checks ---------------------------------------------------------------------------------------
const bytes = readFileSync(wasmPath);
const loads = async (query) => (await import(`${pathToFileURL(gluePath).href}?${query}`)).default;
const outcome = (promise) => promise.then(() => undefined, (error) => error);

// A module that is not one: the engine's error, as it was.
const broken = await outcome((await loads("broken"))({ module_or_path: new Uint8Array([0, 97, 115]) }));
if (!(broken instanceof WebAssembly.CompileError)) fail(`a broken module rejected with ${broken}`);

// An engine that refuses WebAssembly (Chromium and Firefox refuse to compile, WebKit compiles
// and refuses to instantiate): the typed error. (The glue is loaded first: loading a module may
// compile Node's own WebAssembly.)
const refusals = {
  compile: ["Module", "compile", "instantiate", "compileStreaming", "instantiateStreaming"],
  instantiate: ["Instance", "instantiate", "instantiateStreaming"],
};
for (const [refusal, names] of Object.entries(refusals)) {
  const init = await loads(`refused-${refusal}`);
  const saved = { ...Object.getOwnPropertyDescriptors(WebAssembly) };
  const refuse = () => { throw new WebAssembly.CompileError("Refused to compile or instantiate WebAssembly module"); };
  for (const name of names) Object.defineProperty(WebAssembly, name, { value: refuse, configurable: true, writable: true });
  let refused;
  try {
    refused = await outcome(init({ module_or_path: bytes }));
  } finally {
    Object.defineProperties(WebAssembly, saved);
  }
  if (refused?.name !== "WachtError" || refused.code !== "csp" || !refused.message.includes("'wasm-unsafe-eval'")) {
    fail(`an engine refusing to ${refusal} got ${refused?.name} ${refused?.code}: ${refused?.message}`);
  }
}
// And the real module still starts.
if ((await (await loads("ok"))({ module_or_path: bytes })) === undefined) fail("init() of the module resolved to nothing");
console.log("init-glue: a refused compile rejects with WachtError csp, other failures as they were; the module starts");
