// The few lines every consumer test uses: named tests run in order, assertions, one summary line
// (`N passed, N failed`) and the exit status.

const tests = [];

/** Registers a test; `run()` runs them in order. */
export function test(name, fn) {
  tests.push({ name, fn });
}

/** Throws `message` unless `condition` holds. */
export function assert(condition, message) {
  if (!condition) throw new Error(message);
}

/** Throws unless `actual` and `expected` are the same JSON (object keys in any order). */
export function assertSameJson(actual, expected, what) {
  const [a, e] = [canonical(actual), canonical(expected)];
  if (a !== e) throw new Error(`${what}:\n  got      ${a}\n  expected ${e}`);
}

/** JSON text with every object's keys sorted. */
function canonical(value) {
  return JSON.stringify(value, (_, v) =>
    v !== null && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.keys(v).sort().map((key) => [key, v[key]]))
      : v);
}

/**
 * Runs every registered test (each gets what `setup(name)` returns, `teardown(context, failure)`
 * after it), prints `ok - name` or `FAILED - name: why` and the summary; resolves to the number
 * that failed (the caller exits with it, after its own cleanup).
 */
export async function run({ prefix, setup = async () => undefined, teardown = async () => {} } = {}) {
  let passed = 0, failed = 0;
  for (const { name, fn } of tests) {
    const context = await setup(name);
    let failure = null;
    try {
      await fn(context);
    } catch (error) {
      failure = error;
    }
    try {
      await teardown(context, failure);
    } catch (error) {
      failure ??= error;
    }
    if (failure === null) {
      passed++;
      console.log(`ok - ${prefix}: ${name}`);
    } else {
      failed++;
      console.log(`FAILED - ${prefix}: ${name}: ${failure.stack ?? failure}`);
    }
  }
  console.log(`${prefix}: ${passed} passed, ${failed} failed`);
  return failed;
}
