// Writes the README's Rust snippets into the Rust app that compiles them, as written. Every code
// block of the README's "## From Rust" section must be preceded by a line
//
//   <!-- rust snippet test: <path of a module> -->
//
// naming the module (a file of the example app, examples/leptos-api-keys) it becomes; a block
// without one fails this script, so no snippet goes untested. The names a snippet takes from the
// reader's own app (`fetch_ticket`) come from the module's preamble below, which the example
// provides. `make test` runs it with --check (a module that differs from the README's snippet
// fails it, as a stale generated file) before it builds the example, so a snippet that does not
// compile fails the build.
//
//   node scripts/readme-rust-snippet.mjs [--check] <README.md>
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

const args = process.argv.slice(2);
const check = args[0] === "--check";
const [readmePath] = check ? args.slice(1) : args;
if (!readmePath) {
  console.error("usage: readme-rust-snippet.mjs [--check] <README.md>");
  process.exit(2);
}
const readme = readFileSync(readmePath, "utf8");
const start = readme.indexOf("\n## From Rust");
if (start < 0) throw new Error("README.md has no '## From Rust' section");
const end = readme.indexOf("\n## ", start + 1);
const section = readme.slice(start, end < 0 ? undefined : end);

const blocks = [...section.matchAll(/(?:<!-- rust snippet test: (\S+) -->\n)?```(\w*)\n([\s\S]*?)\n```/g)];
const unmarked = blocks.filter((block) => block[1] === undefined);
if (unmarked.length > 0) {
  throw new Error(`README: ${unmarked.length} code block(s) in "From Rust" name no module, e.g.\n${unmarked[0][0].slice(0, 200)}`);
}
if (blocks.length === 0) throw new Error("README: no snippets found in 'From Rust'");

const PREAMBLE = `// Written from README.md's "From Rust" section by scripts/readme-rust-snippet.mjs (make test
// runs it, then builds this app): edit the README, not this file.
#![allow(dead_code)]

/// The README's \`fetch_ticket\`: this app's ticket from its backend, for the demo's deployment.
async fn fetch_ticket() -> Result<String, wacht_api_auth_web::Error> {
    crate::backend::embed_ticket("42".to_owned()).await
}

`;
const root = dirname(readmePath);
for (const [, target, , code] of blocks) {
  const file = join(root, target);
  const text = `${PREAMBLE}${code}\n`;
  // Unchanged files keep their time stamp, so cargo does not rebuild the app for nothing.
  const same = existsSync(file) && readFileSync(file, "utf8") === text;
  if (check && !same) {
    console.error(`readme: ${target} is not the README's snippet: run node scripts/readme-rust-snippet.mjs README.md`);
    process.exit(1);
  }
  if (!same) writeFileSync(file, text);
  console.log(`readme: Rust snippet -> ${target}${same ? " (unchanged)" : ""}`);
}
