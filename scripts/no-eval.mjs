// The shipped JavaScript runs under a strict Content-Security-Policy (no 'unsafe-eval'): no file
// of pkg/, and none of the tarball `npm pack` makes of it, may call `eval(` or build code with
// `new Function` / `Function(`. Fails listing each hit (file, line, the code around it).
//
//   node scripts/no-eval.mjs [pkg dir]      (scripts/test.sh runs it after the build)
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";

const pkg = resolve(process.argv[2] ?? "pkg");
const FORBIDDEN = /(?<![\w$])eval\s*\(|\bnew\s+Function\b|(?<![\w$.])Function\s*\(/g;
const hits = (code) => [...code.matchAll(FORBIDDEN)].map((match) => match.index);

// The matcher first proves it finds what it must, and only that.
for (const bad of ["eval(x)", "window.eval (1)", "new Function('a', 'b')", "Function('return this')()"]) {
  if (hits(bad).length === 0) throw new Error(`no-eval: the check misses ${bad}`);
}
for (const fine of ["evaluate(x)", "isFunction(x)", "x instanceof Function", "a.Function(x)", "$eval(x)"]) {
  if (hits(fine).length !== 0) throw new Error(`no-eval: the check flags ${fine}`);
}

const scripts = (dir) => readdirSync(dir, { recursive: true })
  .filter((file) => /\.(m|c)?js$/.test(file))
  .map((file) => join(dir, file));

const unpacked = mkdtempSync(join(tmpdir(), "wacht-no-eval-"));
let checked = 0;
const problems = [];
try {
  const [{ filename }] = JSON.parse(execFileSync("npm", ["pack", "--json", "--pack-destination", unpacked, pkg],
    { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] }));
  execFileSync("tar", ["-xzf", join(unpacked, filename), "-C", unpacked]);
  const files = [...scripts(pkg), ...scripts(join(unpacked, "package"))];
  if (!files.some((file) => file.startsWith(unpacked))) throw new Error("no-eval: the tarball holds no .js");
  for (const file of files) {
    const code = readFileSync(file, "utf8");
    checked++;
    for (const at of hits(code)) {
      const line = code.slice(0, at).split("\n").length;
      const where = file.startsWith(unpacked) ? `tarball:${relative(unpacked, file)}` : relative(process.cwd(), file);
      problems.push(`${where}:${line}: ${code.slice(Math.max(0, at - 40), at + 40).replace(/\s+/g, " ")}`);
    }
  }
} finally {
  rmSync(unpacked, { recursive: true, force: true });
}
if (problems.length) {
  console.error(`no-eval: code built at run time in the shipped JS (a strict CSP refuses it):\n${problems.join("\n")}`);
  process.exit(1);
}
console.log(`no-eval: ${checked} .js files of pkg/ and its tarball, no eval( / new Function / Function(`);
