// Shortens the names on the wasm/JS boundary of the built package, as emscripten does: binaryen's
// MinifyImportsAndExports pass renames every import and export of the .wasm (wasm-bindgen's are
// 40-300 characters long and no JS minifier can touch them), and this script renames them in the
// glue to match. Then it instantiates the result in Node and calls three exports, so a name the
// rewrite missed fails the build instead of a page.
//
//   node scripts/minify-boundary.mjs pkg/wacht_api_auth_bg.wasm pkg/wacht_api_auth.js
//
// Runs between wasm-pack and esbuild (scripts/build.sh), with npm binaryen's wasm-opt on PATH.
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const [wasmPath, gluePath] = process.argv.slice(2);
if (!wasmPath || !gluePath) {
  console.error("usage: minify-boundary.mjs <module.wasm> <glue.js>");
  process.exit(2);
}
const fail = (why) => {
  console.error(`minify-boundary: ${why}`);
  process.exit(1);
};

// wasm-opt prints the mapping as JSON: { imports: [[module, name, short]], exports: [[name, short]] };
// every import moves to one module, "a". The producers and target-features sections go too
// (nothing reads them at run time).
const printed = execFileSync(
  "wasm-opt",
  ["--minify-imports-and-exports-and-modules", "--strip-producers", "--strip-target-features",
    wasmPath, "-o", wasmPath],
  { encoding: "utf8", maxBuffer: 1 << 24 },
);
let mapping;
try {
  mapping = JSON.parse(printed.slice(printed.indexOf("{")));
} catch (error) {
  fail(`wasm-opt printed no mapping (${error.message})`);
}
if (mapping.imports.length === 0) fail("wasm-opt renamed no imports");

const bindgenModule = "./wacht_api_auth_bg.js";
const identifier = (text) => text.replace(/[$]/g, "\\$&");
const literal = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
let glue = readFileSync(gluePath, "utf8");

// Imports from wasm-bindgen's own module are the keys of the glue's `import0` object.
for (const [module, name, short] of mapping.imports) {
  if (module !== bindgenModule) continue;
  const before = glue;
  glue = glue.replace(new RegExp(`(?<=[{,\\s])${identifier(name)}(?=\\s*:)`, "g"), short);
  if (glue === before) fail(`import ${name} not found in the glue`);
}
// The glue hands the instance one object per module: wasm-bindgen's `import0` and the namespace
// object of each snippet module. Now there is one module, "a": `import0` plus the snippets'
// functions under their short names.
const moduleEntry = (module) => new RegExp(`\\s*"${literal(module)}":\\s*(import\\d+),?`, "g");
const fromSnippets = [];
for (const module of new Set(mapping.imports.map(([module]) => module))) {
  if (module === bindgenModule) continue;
  const found = [...glue.matchAll(moduleEntry(module))];
  if (found.length === 0) fail(`snippet module ${module} not found in the import object`);
  const namespace = found[0][1];
  for (const [m, name, short] of mapping.imports) {
    if (m === module) fromSnippets.push(`${short}: ${namespace}.${name}`);
  }
  glue = glue.replace(moduleEntry(module), "");
}
const own = [...glue.matchAll(moduleEntry(bindgenModule))];
if (own.length !== 1) fail(`the import object names ${bindgenModule} ${own.length} times`);
glue = glue.replace(moduleEntry(bindgenModule),
  `\n        a: Object.assign(${own[0][1]}, { ${fromSnippets.join(", ")} }),`);
// Exports are read as properties of `wasm` (the instance's exports); the glue does not read
// every one (`__abort_handler`, say).
for (const [name, short] of mapping.exports) {
  glue = glue.replace(new RegExp(`(?<=\\bwasm\\.)${identifier(name)}\\b`, "g"), short);
}
for (const [module, name] of mapping.imports) {
  if (module === bindgenModule && glue.includes(name)) fail(`import ${name} is still in the glue`);
}
for (const [name] of mapping.exports) {
  if (new RegExp(`\\bwasm\\.${identifier(name)}\\b`).test(glue)) fail(`export ${name} is still in the glue`);
}
writeFileSync(gluePath, glue);

// The smoke test: a missing import is a LinkError at instantiation, a wrong export a TypeError.
const bindings = await import(pathToFileURL(gluePath).href);
bindings.initSync({ module: readFileSync(wasmPath) });
const checks = [
  [bindings.auditOutcome("RATE_LIMITED"), "blocked"],
  [bindings.vanityUrl("https://example.com", "t 1"), "https://example.com/vanity/api-auth?ticket=t%201"],
  [JSON.stringify(bindings.zeroFillTimeseries([], { interval: "day", start: "2026-01-01", end: "2026-01-01" })),
    JSON.stringify([{ timestamp: "2026-01-01T00:00:00Z", total_requests: 0, allowed_requests: 0, blocked_requests: 0, success_rate: 0 }])],
];
for (const [got, expected] of checks) {
  if (got !== expected) fail(`smoke test: got ${got}, expected ${expected}`);
}
console.log(`minify-boundary: ${mapping.imports.length} imports and ${mapping.exports.length} exports renamed; smoke test ok`);
