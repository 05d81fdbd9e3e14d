//! Errors no test awaits (a trap in a timer or fetch callback, a rejection nobody handles)
//! would leave no trace: [`log_uncaught_errors`] logs them to the console, which the test runner
//! prints with a failing or hung test's output (scripts/test.sh looks there for an engine's
//! traps). Plain JS, so it still works when a trap left the module's state broken. Shared by the
//! suites of both faces (`crates/web/tests/support` includes this file by path).

use wasm_bindgen::prelude::*;

// `#[wasm_bindgen(start)]` would be the place to call it, but the test runner never calls a start
// function: the support modules call it where a suite first touches a dev server.
#[wasm_bindgen(inline_js = "let on = false;
export function log_uncaught_errors() {
  if (on) return;
  on = true;
  addEventListener('error', (e) => console.error('uncaught error: ' + String(e.error ?? e.message)));
  addEventListener('unhandledrejection', (e) => console.error('unhandled rejection: ' + String(e.reason)));
}")]
extern "C" {
    /// Starts logging errors no test awaits (once per page; later calls do nothing).
    pub fn log_uncaught_errors();
}
