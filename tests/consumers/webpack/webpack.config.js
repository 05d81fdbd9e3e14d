// A plain webpack 5 setup: the package needs nothing special (its glue's
// `new URL("…_bg.wasm", import.meta.url)` becomes an emitted asset, top-level await is on by
// default).
import { fileURLToPath } from "node:url";

export default {
  entry: "./src/index.js",
  output: { path: fileURLToPath(new URL("./dist", import.meta.url)), filename: "main.js", clean: true },
  devtool: false,
  performance: { hints: false },
};
