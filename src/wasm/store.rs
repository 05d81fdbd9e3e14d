//! The operations of a store object. JS gets a plain object (`make_store` in `browser.js`)
//! whose methods work unbound and run these through the client's host callback ([`run`], which
//! the driver is given); the store itself lives in the client core.

use super::driver::Driver;
use super::inputs::{input_value, ticket_arg};
use super::js_error::to_js_error;
use crate::protocol::{
    CREATE_KEY as CREATE_KEY_OP, DISPOSE, EXCHANGE, GET_SNAPSHOT, LOAD_MORE, REFETCH,
    REVOKE_KEY as REVOKE_KEY_OP, ROTATE_KEY as ROTATE_KEY_OP, SUBSCRIBED,
};
use wacht_api_auth_core::api::key_mutations::{CREATE_KEY, REVOKE_KEY, ROTATE_KEY};
use wacht_api_auth_core::client::{Id, TicketArg};
use wasm_bindgen::JsValue;

/// Runs operation `op` of store `id` with `arg`; its JS result (a [`StoreOps`](super::driver::StoreOps)).
pub fn run(driver: &Driver, op: u32, id: Id, arg: &JsValue) -> JsValue {
    let mutation = match op {
        CREATE_KEY_OP => &CREATE_KEY,
        ROTATE_KEY_OP => &ROTATE_KEY,
        REVOKE_KEY_OP => &REVOKE_KEY,
        _ => {
            return match op {
                SUBSCRIBED | GET_SNAPSHOT | DISPOSE => driver
                    .with(|core| match op {
                        SUBSCRIBED => {
                            core.subscribed(id);
                            JsValue::UNDEFINED
                        }
                        DISPOSE => {
                            core.dispose(id);
                            JsValue::UNDEFINED
                        }
                        _ => core.snapshot(id).into_js(),
                    })
                    .unwrap_or(JsValue::UNDEFINED),
                REFETCH | LOAD_MORE => driver
                    .call(|core| match op {
                        REFETCH => core.refetch(id),
                        _ => core.load_more(id),
                    })
                    .into(),
                EXCHANGE => exchange(driver, id, arg).into(),
                _ => JsValue::UNDEFINED,
            }
        }
    };
    let input = input_value(arg);
    driver.call(|core| core.mutate(mutation, &input)).into()
}

/// `exchange(ticket)` of a session store: a ticket or a promise of one.
fn exchange(driver: &Driver, id: Id, ticket: &JsValue) -> js_sys::Promise {
    let arg = match ticket_arg(ticket) {
        Ok(TicketArg::None) => TicketArg::Ready(String::new()),
        Ok(arg) => arg,
        Err(error) => return js_sys::Promise::reject(&to_js_error(&error)),
    };
    let mut wait = None;
    let promise = driver.call(|core| {
        let (call, waiting) = core.session_exchange(id, arg);
        wait = waiting;
        call
    });
    if let Some(wait) = wait {
        driver.attach(ticket, wait);
    }
    promise
}
