// Options compared by value, so an options object written inline (a new object on every render)
// keeps its store and sends nothing new.

/**
 * A key for the read `kind` with `options`: equal for options `JSON.stringify` sees alike (the
 * client reads options as it does), whatever the order of their fields.
 */
export function optionsKey(kind, options) {
  if (options === undefined || options === null) return `${kind}{}`;
  if (typeof options !== "object" || Array.isArray(options)) {
    return `${kind}:${typeof options}:${String(options)}`;
  }
  return kind + JSON.stringify(options, Object.keys(options).sort());
}
