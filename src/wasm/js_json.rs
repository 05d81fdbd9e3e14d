//! [`JsJson`], the core's JSON values in the browser: a `JsValue` as `Response.json()` or the app
//! produced it. Field names are
//! `'static` and turned into JS strings once (a key cache), and a value's kind is read in one
//! call, so walking a large response costs about one JS call per field.

use crate::protocol::kind_of;
use js_sys::{Array, Object, Reflect};
use std::cell::RefCell;
use wacht_api_auth_core::error::ClientError;
use wacht_api_auth_core::json::schema::{settled_kinds, Field};
use wacht_api_auth_core::json::{Json, Kind};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen(module = "/src/wasm/browser.js")]
extern "C" {
    fn kind(value: &JsValue) -> u32;
    fn field_kind(object: &JsValue, key: &JsValue) -> u32;
    fn same_json(a: &JsValue, b: &JsValue) -> bool;
    fn freeze_deep(value: &JsValue);
    #[wasm_bindgen(js_name = number_text)]
    fn js_number_text(value: &JsValue) -> String;
    fn wacht_error(
        code: &str,
        message: &str,
        status: Option<u16>,
        server_code: Option<String>,
    ) -> JsValue;
    #[wasm_bindgen(js_name = first_unsettled)]
    fn js_first_unsettled(object: &JsValue, keys: &Array, masks: &Array, from: u32) -> i32;
}

thread_local! {
    /// JS strings of the static field names met so far, sorted by the name's address and length
    /// (two names may start at one address when one is a prefix of the other). The names are the
    /// crate's own literals, so the list stays as short as the tables.
    static KEYS: RefCell<Vec<((usize, usize), JsValue)>> = const { RefCell::new(Vec::new()) };
}

/// The JS string for a static field name, made once.
fn key(name: &'static str) -> JsValue {
    let address = (name.as_ptr() as usize, name.len());
    KEYS.with(|keys| {
        let mut keys = keys.borrow_mut();
        match keys.binary_search_by_key(&address, |(a, _)| *a) {
            Ok(found) => keys.get(found).map(|(_, k)| k.clone()),
            Err(at) => {
                let made = JsValue::from_str(name);
                keys.insert(at, (address, made.clone()));
                Some(made)
            }
        }
        .unwrap_or_else(|| JsValue::from_str(name))
    })
}

/// A field table as the JS side reads it: its names as JS strings and its settled kinds.
struct JsTable {
    /// The table's address and length.
    id: (usize, usize),
    names: Array,
    masks: Array,
}

thread_local! {
    /// The field tables met so far (as many as the crate has).
    static TABLES: RefCell<Vec<JsTable>> = const { RefCell::new(Vec::new()) };
}

/// A handle to a JS value; clones share it.
#[derive(Clone, Debug)]
pub struct JsJson(JsValue);

/// Values are equal when they are the same value (identity, as JS `Object.is`): a snapshot
/// changes when its data was replaced.
impl PartialEq for JsJson {
    fn eq(&self, other: &JsJson) -> bool {
        self.is_same(other)
    }
}

impl JsJson {
    /// Wraps a JS value.
    pub fn from_js(value: JsValue) -> JsJson {
        JsJson(value)
    }

    /// The JS value.
    pub fn as_js(&self) -> &JsValue {
        &self.0
    }

    /// The JS value, taken.
    pub fn into_js(self) -> JsValue {
        self.0
    }
}

impl Json for JsJson {
    /// `undefined`.
    fn undefined() -> JsJson {
        JsJson(JsValue::UNDEFINED)
    }

    /// `null`.
    fn null() -> JsJson {
        JsJson(JsValue::NULL)
    }

    /// A boolean.
    fn from_bool(value: bool) -> JsJson {
        JsJson(JsValue::from_bool(value))
    }

    /// A number.
    fn from_f64(value: f64) -> JsJson {
        JsJson(JsValue::from_f64(value))
    }

    /// A string.
    fn string(value: &str) -> JsJson {
        JsJson(JsValue::from_str(value))
    }

    /// A new empty object.
    fn object() -> JsJson {
        JsJson(Object::new().into())
    }

    /// A new array of `items`.
    fn array(items: Vec<JsJson>) -> JsJson {
        let array = Array::new();
        for item in items {
            array.push(&item.0);
        }
        JsJson(array.into())
    }

    /// What the value holds.
    fn kind(&self) -> Kind {
        kind_of(kind(&self.0))
    }

    /// The index of the first of `fields` from `from` on that the checker must look at, found
    /// in one call (see [`settled_kinds`](settled_kinds)).
    fn first_unsettled(&self, fields: &'static [Field], from: usize) -> Option<usize> {
        if from >= fields.len() {
            return None;
        }
        let table = (fields.as_ptr() as usize, fields.len());
        TABLES.with(|tables| {
            let mut tables = tables.borrow_mut();
            let found = tables.iter().position(|t| t.id == table);
            let index = found.unwrap_or_else(|| {
                let (names, masks) = (Array::new(), Array::new());
                for field in fields {
                    names.push(&key(field.name));
                    masks.push(&JsValue::from(settled_kinds(field)));
                }
                tables.push(JsTable {
                    id: table,
                    names,
                    masks,
                });
                tables.len() - 1
            });
            let table = tables.get(index)?;
            let at = js_first_unsettled(&self.0, &table.names, &table.masks, from as u32);
            usize::try_from(at).ok()
        })
    }

    /// What the field `key` holds, in one call (cheaper than `get(key).kind()`).
    fn kind_at(&self, key_name: &'static str) -> Kind {
        if !self.0.is_object() {
            return Kind::Undefined;
        }
        kind_of(field_kind(&self.0, &key(key_name)))
    }

    /// The field `key` of an object (`undefined` when absent or not an object).
    fn get(&self, key_name: &'static str) -> JsJson {
        if !self.0.is_object() {
            return JsJson::undefined();
        }
        JsJson(Reflect::get(&self.0, &key(key_name)).unwrap_or(JsValue::UNDEFINED))
    }

    /// Sets the field `key` of an object (no-op on other values or frozen objects).
    fn set(&self, key_name: &'static str, value: &JsJson) {
        if self.0.is_object() {
            let _ = Reflect::set(&self.0, &key(key_name), &value.0);
        }
    }

    /// Removes the field `key` of an object.
    fn remove(&self, key_name: &'static str) {
        if let Some(object) = self.0.dyn_ref::<Object>() {
            let _ = Reflect::delete_property(object, &key(key_name));
        }
    }

    /// The string, if this is one.
    fn as_string(&self) -> Option<String> {
        self.0.as_string()
    }

    /// The number, if this is one.
    fn as_f64(&self) -> Option<f64> {
        self.0.as_f64()
    }

    /// The boolean, if this is one.
    fn as_bool(&self) -> Option<bool> {
        self.0.as_bool()
    }

    /// A number as JS `String(n)` spells it.
    fn number_text(&self) -> Option<String> {
        self.0.as_f64()?;
        Some(js_number_text(&self.0))
    }

    /// The length of an array (0 for other values).
    fn length(&self) -> usize {
        self.0
            .dyn_ref::<Array>()
            .map(|a| a.length() as usize)
            .unwrap_or(0)
    }

    /// The items of an array (empty for other values).
    fn items(&self) -> Vec<JsJson> {
        match self.0.dyn_ref::<Array>() {
            Some(array) => array.iter().map(JsJson).collect(),
            None => Vec::new(),
        }
    }

    /// True when both hold the same JSON (deep, field order ignored; `undefined` fields count
    /// as absent), compared in JS in one call. Used to keep snapshots stable when a refetch
    /// brings the same data.
    fn same_json(&self, other: &JsJson) -> bool {
        same_json(&self.0, &other.0)
    }

    /// The same value (not only an equal one), as JS `Object.is`.
    fn is_same(&self, other: &JsJson) -> bool {
        Object::is(&self.0, &other.0)
    }

    /// One array of the items of `arrays`, in order.
    fn concat(arrays: &[JsJson]) -> JsJson {
        let mut all = Array::new();
        for array in arrays {
            if let Some(array) = array.0.dyn_ref::<Array>() {
                all = all.concat(array);
            }
        }
        JsJson(all.into())
    }

    /// Makes the value and everything in it read-only for JS (data entering the cache, which
    /// every store of the query shares).
    fn freeze_deep(&self) {
        freeze_deep(&self.0);
    }

    /// Makes the value read-only for JS (`Object.freeze`, shallow).
    fn freeze(&self) {
        if let Some(object) = self.0.dyn_ref::<Object>() {
            Object::freeze(object);
        }
    }

    /// A real JS `Error` with `name = "WachtError"`, `code`, `status`, `serverCode`.
    fn error(error: &ClientError) -> JsJson {
        JsJson(wacht_error(
            error.code.as_str(),
            &error.message,
            error.status,
            error.server_code.clone(),
        ))
    }
}
