// Debian's Chromium as every page script launches it: one place for its path and flags.
// playwright-core drives it; no test tool downloads a browser.
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { chromium } = require("playwright-core");

/** Debian's package (`apt-get install chromium`), installed by scripts/setup-toolchain.sh. */
export const CHROMIUM_PATH = "/usr/bin/chromium";

/** Headless in a container: no sandbox, GPU or /dev/shm; no background traffic or QUIC. */
export const CHROMIUM_ARGS = [
  "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
  "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
];

/** Launches headless Chromium; the caller closes it. */
export function launchChromium() {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}
