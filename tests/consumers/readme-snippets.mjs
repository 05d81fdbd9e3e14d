// Writes the README's usage snippets into the consumer apps that run them, as written. Every code
// block of the README's "## Using the package" section must be preceded by a line
//
//   <!-- consumer test: <app>/<file> -->
//
// naming the app under tests/consumers/ that runs it and the file it becomes there; a block
// without one fails this script, so no snippet goes untested. Names a snippet takes from the
// reader's own app come from "./your-app.js", which each consumer provides.
//
//   node tests/consumers/readme-snippets.mjs <README.md> <consumers work dir>
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

const [readmePath, workDir] = process.argv.slice(2);
if (!readmePath || !workDir) {
  console.error("usage: readme-snippets.mjs <README.md> <consumers work dir>");
  process.exit(2);
}
const readme = readFileSync(readmePath, "utf8");
const start = readme.indexOf("\n## Using the package");
const end = readme.indexOf("\n## ", start + 1);
if (start < 0) throw new Error("README.md has no '## Using the package' section");
const section = readme.slice(start, end < 0 ? undefined : end);

const blocks = [...section.matchAll(/(?:<!-- consumer test: (\S+) -->\n)?```(\w*)\n([\s\S]*?)\n```/g)];
const unmarked = blocks.filter((block) => block[1] === undefined);
if (unmarked.length > 0) {
  throw new Error(`README: ${unmarked.length} code block(s) in "Using the package" name no consumer test, e.g.\n${unmarked[0][0].slice(0, 200)}`);
}
if (blocks.length === 0) throw new Error("README: no snippets found in 'Using the package'");
for (const [, target, , code] of blocks) {
  const file = join(workDir, target);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${code}\n`);
  console.log(`readme: snippet -> ${target}`);
}
