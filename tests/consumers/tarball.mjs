// The file list of the packed tarball, as `npm pack --json` reports it: every file the package's
// `exports` and `main`/`types` name is there, and the React entry as in js/react/; nothing else
// but the README, package.json and the glue's snippets (no tests, source maps, dotfiles or
// TypeScript sources). Prints the list with sizes.
//
//   node tests/consumers/tarball.mjs <npm pack --json output> <pkg dir>
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";

const [packJson, pkgDir] = process.argv.slice(2);
if (!packJson || !pkgDir) {
  console.error("usage: tarball.mjs <npm pack --json output> <pkg dir>");
  process.exit(2);
}
const [pack] = JSON.parse(readFileSync(packJson, "utf8"));
const manifest = JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8"));
const files = new Map(pack.files.map((file) => [file.path, file.size]));
const problems = [];

const targets = (value) => (typeof value === "string" ? [value] : Object.values(value).flatMap(targets));
const required = new Set(["package.json", "README.md", manifest.main, manifest.types]);
for (const target of targets(manifest.exports)) required.add(target.replace(/^\.\//, ""));
const reactSource = new URL("../../js/react/", import.meta.url);
for (const file of readdirSync(reactSource)) required.add(`react/${file}`);
for (const file of required) if (!files.has(file)) problems.push(`missing: ${file}`);

const allowed = (path) => required.has(path) || /^snippets\/[\w.-]+\/[\w/.-]+\.js$/.test(path);
for (const path of files.keys()) {
  if (!allowed(path)) problems.push(`not part of the package: ${path}`);
  if (/\.map$|(^|\/)(tests?|__tests__)\/|\.(test|spec)\.|(^|\/)\.|\.tsx?$/.test(path) && !path.endsWith(".d.ts")) {
    problems.push(`test file, source map, dotfile or TypeScript source: ${path}`);
  }
}
if (![...files.keys()].some((path) => path.startsWith("snippets/"))) problems.push("missing: the glue's snippets");

console.log(`tarball: ${pack.filename}, ${pack.size} B packed, ${pack.unpackedSize} B unpacked, ${files.size} files`);
for (const [path, size] of [...files].sort(([a], [b]) => a.localeCompare(b))) {
  console.log(`tarball:   ${String(size).padStart(7)} B  ${path}`);
}
if (problems.length > 0) {
  for (const problem of problems) console.log(`FAILED - tarball: ${problem}`);
  process.exit(1);
}
console.log("ok - tarball: the file list is complete and holds nothing else");
