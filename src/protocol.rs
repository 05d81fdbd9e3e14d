//! The numbers the module and `src/wasm/browser.js` pass each other, written once here: what the
//! host callback `cb(kind, id, value)` reports, the store operations, and the value kinds. The JS
//! side writes them as literals (the cheapest form in the package); the host tests below read
//! `browser.js` and fail when it numbers anything differently.

use wacht_api_auth_core::json::Kind;

/// `cb(REQUEST_ENDED, request, result)`: a request ended (or failed).
pub const REQUEST_ENDED: u32 = 0;
/// `cb(TIMER_RAN_OUT, timer)`: a timer ran out.
pub const TIMER_RAN_OUT: u32 = 1;
/// `cb(APP_ANSWERED, wait, { v } | { failed, e })`: an app provider or promise gave its answer.
pub const APP_ANSWERED: u32 = 2;

/// The store operations, in the order of `STORE_OPS` in `browser.js`, which numbers them from
/// [`FIRST_STORE_OP`] on.
pub const STORE_OPS: [&str; 9] = [
    "subscribed",
    "getSnapshot",
    "dispose",
    "refetch",
    "createKey",
    "rotateKey",
    "revokeKey",
    "loadMore",
    "exchange",
];
/// The number of `STORE_OPS[0]`; every lower number is one of the events above.
pub const FIRST_STORE_OP: u32 = 3;
// The events come first, and every operation of the list has its number below.
const _: () = assert!(
    APP_ANSWERED < FIRST_STORE_OP && STORE_OPS.len() as u32 == EXCHANGE - FIRST_STORE_OP + 1
);

/// The number of `STORE_OPS[index]`.
const fn store_op(index: usize) -> u32 {
    FIRST_STORE_OP + index as u32
}

/// `subscribe`: a listener was added.
pub const SUBSCRIBED: u32 = store_op(0);
/// `getSnapshot()`.
pub const GET_SNAPSHOT: u32 = store_op(1);
/// `dispose()`.
pub const DISPOSE: u32 = store_op(2);
/// `refetch()`.
pub const REFETCH: u32 = store_op(3);
/// `createKey(input)`.
pub const CREATE_KEY: u32 = store_op(4);
/// `rotateKey(input)`.
pub const ROTATE_KEY: u32 = store_op(5);
/// `revokeKey(input)`.
pub const REVOKE_KEY: u32 = store_op(6);
/// `loadMore()`.
pub const LOAD_MORE: u32 = store_op(7);
/// `exchange(ticket)`.
pub const EXCHANGE: u32 = store_op(8);

/// The kind `kind(v)` of `browser.js` reports: the inverse of [`Kind::code`] (an unknown number
/// is `undefined`).
pub fn kind_of(code: u32) -> Kind {
    match code {
        1 => Kind::Null,
        2 => Kind::Bool,
        3 => Kind::Number,
        4 => Kind::String,
        5 => Kind::Array,
        6 => Kind::Object,
        _ => Kind::Undefined,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BROWSER_JS: &str = include_str!("wasm/browser.js");

    fn assert_has(text: &str) {
        assert!(
            BROWSER_JS.contains(text),
            "src/wasm/browser.js no longer has `{text}`: it and src/protocol.rs must number alike"
        );
    }

    #[test]
    fn browser_js_reports_events_with_these_numbers() {
        assert_has(&format!("host.cb({REQUEST_ENDED}, id, result)"));
        assert_has(&format!("host.cb({TIMER_RAN_OUT}, id)"));
        assert_has(&format!("host.cb({APP_ANSWERED}, id, {{ v }})"));
        assert_has(&format!(
            "host.cb({APP_ANSWERED}, id, {{ failed: true, e }})"
        ));
        let calls = BROWSER_JS
            .lines()
            .filter(|line| !line.trim_start().starts_with("//"))
            .map(|line| line.matches("host.cb(").count())
            .sum::<usize>();
        assert_eq!(
            calls, 5,
            "a new host.cb call site in browser.js: check its number here"
        );
    }

    #[test]
    fn browser_js_numbers_the_store_operations_alike() {
        let names = STORE_OPS.join(" ");
        assert_has(&format!("const STORE_OPS = '{names}'.split(' ');"));
        assert_has(&format!(
            "host.cb(STORE_OPS.indexOf(name) + {FIRST_STORE_OP}, id, arg)"
        ));
        let ops = [
            SUBSCRIBED,
            GET_SNAPSHOT,
            DISPOSE,
            REFETCH,
            CREATE_KEY,
            ROTATE_KEY,
            REVOKE_KEY,
            LOAD_MORE,
            EXCHANGE,
        ];
        for (index, op) in ops.iter().enumerate() {
            assert_eq!(*op, FIRST_STORE_OP + index as u32, "{}", STORE_OPS[index]);
        }
    }

    #[test]
    fn browser_js_numbers_the_value_kinds_as_the_core() {
        let code = |kind: Kind| kind.code();
        assert_has(&format!(
            "const KINDS = {{ boolean: {}, number: {}, string: {} }};",
            code(Kind::Bool),
            code(Kind::Number),
            code(Kind::String)
        ));
        assert_has(&format!(
            "v === null ? {} : typeof v === 'object' ? (Array.isArray(v) ? {} : {}) : KINDS[typeof v] ?? {};",
            code(Kind::Null),
            code(Kind::Array),
            code(Kind::Object),
            code(Kind::Undefined)
        ));
        let kinds = [
            Kind::Undefined,
            Kind::Null,
            Kind::Bool,
            Kind::Number,
            Kind::String,
            Kind::Array,
            Kind::Object,
        ];
        for kind in kinds {
            assert_eq!(kind_of(u32::from(kind.code())), kind);
        }
        assert_eq!(kind_of(7), Kind::Undefined);
    }
}
