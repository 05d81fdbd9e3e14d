// Options compared by value, so an options object written inline (a new object on every render)
// keeps its store and sends nothing new.

/**
 * A key for the read `kind` with `options`: equal for equal options. Values are read as
 * JSON.stringify and the client read them: a `Date` is its ISO string; `undefined`, functions
 * and non-finite numbers are not set.
 */
export function optionsKey(kind, options) {
  if (options === undefined || options === null) return `${kind}{}`;
  if (typeof options !== "object" || Array.isArray(options)) {
    return `${kind}:${typeof options}:${String(options)}`;
  }
  const entries = Object.keys(options)
    .sort()
    .map((name) => [name, jsonValue(options[name])])
    .filter(([, value]) => value !== undefined);
  return `${kind}${JSON.stringify(entries)}`;
}

function jsonValue(value) {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (typeof value === "number" && !Number.isFinite(value)) return undefined;
  if (typeof value === "function" || typeof value === "symbol") return undefined;
  return value;
}
