// Starts the app from a file, not from an inline script, which the page's Content-Security-Policy
// refuses. trunk writes the hashed names of wasm-bindgen's module and of the .wasm into this
// script's tag (Trunk.toml, pattern_script).
const { js, wasm } = document.querySelector("script[data-wasm]").dataset;
const { default: init } = await import(js);
await init({ module_or_path: wasm });
