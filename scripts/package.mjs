// Assembles the npm package in pkg/ around wasm-pack's output (scripts/build.sh runs it last, after
// the size steps, and changes none of the files they measured):
//
//   pkg/node.js     the `node` condition: js/node/index.js bundled with the glue by esbuild, the
//                   glue's storage helpers kept in memory (js/node/memory-storage.js); the same
//                   .wasm, its bytes embedded (base64) and compiled on import, so no bundler that
//                   packs it into a server build can break a file lookup
//   pkg/react/      wacht-api-auth/react, copied from js/react/ as written (plain ESM + .d.ts,
//                   index.js marked "use client" for React Server Components)
//   package.json    wasm-pack's, plus `exports` (browser, node, default; types; ./react), the
//                   new files, `react` as an optional peer dependency and `engines`
//
// Then it imports pkg/node.js in this process and calls into the module, so a node entry that
// cannot load fails the build.
//
//   node scripts/package.mjs      (through scripts/wasm-env, for esbuild on NODE_PATH)
import { cpSync, existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const pkg = join(root, "pkg");
const fail = (why) => {
  console.error(`package: ${why}`);
  process.exit(1);
};

const glue = join(pkg, "wacht_api_auth.js");
for (const file of ["package.json", "wacht_api_auth.js", "wacht_api_auth.d.ts", "wacht_api_auth_bg.wasm"]) {
  if (!existsSync(join(pkg, file))) fail(`pkg/${file} is missing: run wasm-pack first (scripts/build.sh)`);
}

// The glue's helper module: the snippet that defines the storage functions the client calls.
const snippets = [...readFileSync(glue, "utf8").matchAll(/["'](\.\/snippets\/[^"']+\.js)["']/g)]
  .map((match) => join(pkg, match[1]));
const helpers = [];
for (const file of new Set(snippets)) {
  if (typeof (await import(pathToFileURL(file).href)).get_item === "function") helpers.push(file);
}
if (helpers.length !== 1) fail(`expected one glue snippet with get_item, found ${helpers.length}`);
const browserHelpers = helpers[0];

// --- pkg/node.js ---------------------------------------------------------------------------------
const require = createRequire(import.meta.url);
const esbuild = require("esbuild");
const memoryStorage = join(root, "js/node/memory-storage.js");
const nodeEntry = join(pkg, "node.js");
rmSync(nodeEntry, { force: true });
await esbuild.build({
  entryPoints: [join(root, "js/node/index.js")],
  outfile: nodeEntry,
  bundle: true,
  format: "esm",
  platform: "node",
  target: "node20",
  minify: true,
  legalComments: "none",
  logLevel: "error",
  loader: { ".wasm": "binary" },
  plugins: [{
    name: "wacht-node",
    setup(build) {
      build.onResolve({ filter: /^wacht-api-auth:glue$/ }, () => ({ path: glue }));
      // The .wasm's bytes in the module (esbuild's binary loader), read from nowhere at run time.
      build.onResolve({ filter: /^wacht-api-auth:wasm$/ }, () => ({ path: join(pkg, "wacht_api_auth_bg.wasm") }));
      build.onResolve({ filter: /^wacht-api-auth:browser-helpers$/ }, () => ({ path: browserHelpers }));
      // The glue's import of its helpers gets the in-memory storage instead.
      build.onResolve({ filter: /\/snippets\// }, (args) => {
        const path = resolve(args.resolveDir, args.path);
        return { path: path === browserHelpers ? memoryStorage : path };
      });
    },
  }],
});

// --- pkg/react/ ----------------------------------------------------------------------------------
const reactDir = join(pkg, "react");
rmSync(reactDir, { recursive: true, force: true });
cpSync(join(root, "js/react"), reactDir, { recursive: true });

// --- package.json ----------------------------------------------------------------------------------
const manifestPath = join(pkg, "package.json");
const manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
const browser = "./wacht_api_auth.js";
const types = "./wacht_api_auth.d.ts";
const files = new Set(manifest.files ?? []);
for (const file of ["wacht_api_auth_bg.wasm", "wacht_api_auth.js", "wacht_api_auth.d.ts", "snippets", "node.js", "react"]) {
  files.add(file);
}
Object.assign(manifest, {
  files: [...files],
  main: browser.slice(2),
  types: types.slice(2),
  exports: {
    ".": {
      types,
      browser,
      node: "./node.js",
      default: browser,
    },
    "./react": {
      types: "./react/index.d.ts",
      default: "./react/index.js",
    },
    // For runtimes that load the module themselves: init({ module_or_path: <its bytes or URL> }).
    "./wacht_api_auth_bg.wasm": "./wacht_api_auth_bg.wasm",
    "./package.json": "./package.json",
  },
  sideEffects: [...new Set([...(manifest.sideEffects ?? []), "./node.js"])],
  peerDependencies: { react: ">=18" },
  peerDependenciesMeta: { react: { optional: true } },
  engines: { node: ">=20" },
});
writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);

// --- checks ----------------------------------------------------------------------------------------
const targets = (value) => (typeof value === "string" ? [value] : Object.values(value).flatMap(targets));
for (const target of targets(manifest.exports)) {
  if (!existsSync(join(pkg, target))) fail(`exports names ${target}, which is not in pkg/`);
}
const nodeSource = readFileSync(nodeEntry, "utf8");
if (/import\.meta|readFileSync|from\s*["'](?!node:)/.test(nodeSource)) {
  fail("pkg/node.js looks a file up at run time (import.meta, readFileSync or an import)");
}
if (!readFileSync(join(reactDir, "index.js"), "utf8").startsWith('"use client";\n')) {
  fail("pkg/react/index.js does not start with the \"use client\" directive");
}
const node = await import(pathToFileURL(nodeEntry).href);
if (node.auditOutcome("VALID") !== "allowed") fail("pkg/node.js loaded but the module does not answer");
if ((await node.default()) === undefined) fail("init() of pkg/node.js does not resolve to the module");
const sizes = ["node.js", ...readdirSync(reactDir).map((file) => `react/${file}`)]
  .map((file) => `${file} ${readFileSync(join(pkg, file)).length} B`);
console.log(`package: pkg/ assembled (${relative(root, manifestPath)} exports ., ./react); ${sizes.join(", ")}`);
