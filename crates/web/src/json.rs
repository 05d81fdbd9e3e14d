//! [`WebJson`], the core's JSON values as JS values: the body the browser parsed, read and
//! completed in place by the core's checker through js-sys, then turned into typed models by
//! serde-wasm-bindgen. (The npm package has its own implementation over its inline JS.)

use js_sys::{Array, Object, Reflect};
use wacht_api_auth_core::error::ClientError;
use wacht_api_auth_core::json::schema::{settled_kinds, Field};
use wacht_api_auth_core::json::{Json, Kind};
use wasm_bindgen::{JsCast, JsValue};

/// A handle to a JS value; clones share it, equality is identity (`Object.is`).
#[derive(Clone, Debug)]
pub struct WebJson(pub JsValue);

impl PartialEq for WebJson {
    fn eq(&self, other: &WebJson) -> bool {
        self.is_same(other)
    }
}

impl WebJson {
    /// The JS value.
    pub fn js(&self) -> &JsValue {
        &self.0
    }
}

/// What a JS value holds, as `typeof` sees it (a function or symbol counts as absent).
fn kind_of(value: &JsValue) -> Kind {
    if value.is_null() {
        Kind::Null
    } else if value.is_undefined() {
        Kind::Undefined
    } else if value.as_bool().is_some() {
        Kind::Bool
    } else if value.as_f64().is_some() {
        Kind::Number
    } else if value.is_string() {
        Kind::String
    } else if Array::is_array(value) {
        Kind::Array
    } else if value.is_object() {
        Kind::Object
    } else {
        Kind::Undefined
    }
}

/// The field `key` of `object`, or `undefined`.
fn field(object: &JsValue, key: &str) -> JsValue {
    if !object.is_object() {
        return JsValue::UNDEFINED;
    }
    Reflect::get(object, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// The own keys of an object whose values are not `undefined`, sorted.
fn defined_keys(object: &JsValue) -> Vec<String> {
    let Some(object) = object.dyn_ref::<Object>() else {
        return Vec::new();
    };
    let mut keys: Vec<String> = Object::keys(object)
        .iter()
        .filter_map(|key| key.as_string())
        .filter(|key| !field(object, key).is_undefined())
        .collect();
    keys.sort_unstable();
    keys
}

impl Json for WebJson {
    fn undefined() -> WebJson {
        WebJson(JsValue::UNDEFINED)
    }

    fn null() -> WebJson {
        WebJson(JsValue::NULL)
    }

    fn from_bool(value: bool) -> WebJson {
        WebJson(JsValue::from_bool(value))
    }

    fn from_f64(value: f64) -> WebJson {
        WebJson(JsValue::from_f64(value))
    }

    fn string(value: &str) -> WebJson {
        WebJson(JsValue::from_str(value))
    }

    fn object() -> WebJson {
        WebJson(Object::new().into())
    }

    fn array(items: Vec<WebJson>) -> WebJson {
        WebJson(
            items
                .into_iter()
                .map(|item| item.0)
                .collect::<Array>()
                .into(),
        )
    }

    fn kind(&self) -> Kind {
        kind_of(&self.0)
    }

    fn first_unsettled(&self, fields: &'static [Field], from: usize) -> Option<usize> {
        let settled = |field: &Field| {
            let kind = kind_of(&self::field(&self.0, field.name));
            (settled_kinds(field) >> kind.code()) & 1 == 1
        };
        (from..fields.len()).find(|&at| fields.get(at).is_some_and(|f| !settled(f)))
    }

    fn kind_at(&self, key: &'static str) -> Kind {
        kind_of(&field(&self.0, key))
    }

    fn get(&self, key: &'static str) -> WebJson {
        WebJson(field(&self.0, key))
    }

    fn set(&self, key: &'static str, value: &WebJson) {
        if self.0.is_object() {
            let _ = Reflect::set(&self.0, &JsValue::from_str(key), &value.0);
        }
    }

    fn remove(&self, key: &'static str) {
        if let Some(object) = self.0.dyn_ref::<Object>() {
            let _ = Reflect::delete_property(object, &JsValue::from_str(key));
        }
    }

    fn as_string(&self) -> Option<String> {
        self.0.as_string()
    }

    fn as_f64(&self) -> Option<f64> {
        self.0.as_f64()
    }

    fn as_bool(&self) -> Option<bool> {
        self.0.as_bool()
    }

    fn number_text(&self) -> Option<String> {
        let number = js_sys::Number::from(self.0.as_f64()?);
        number.to_string_with_radix(10).ok().map(String::from)
    }

    fn length(&self) -> usize {
        self.0.dyn_ref::<Array>().map_or(0, |a| a.length() as usize)
    }

    fn items(&self) -> Vec<WebJson> {
        match self.0.dyn_ref::<Array>() {
            Some(array) => array.iter().map(WebJson).collect(),
            None => Vec::new(),
        }
    }

    /// Deep comparison, iterative (no nesting depth can overflow the stack).
    fn same_json(&self, other: &WebJson) -> bool {
        let mut stack = vec![(self.0.clone(), other.0.clone())];
        while let Some((a, b)) = stack.pop() {
            if Object::is(&a, &b) {
                continue;
            }
            match (kind_of(&a), kind_of(&b)) {
                (Kind::Array, Kind::Array) => {
                    let (a, b) = (Array::from(&a), Array::from(&b));
                    if a.length() != b.length() {
                        return false;
                    }
                    stack.extend(a.iter().zip(b.iter()));
                }
                (Kind::Object, Kind::Object) => {
                    let keys = defined_keys(&a);
                    if keys != defined_keys(&b) {
                        return false;
                    }
                    stack.extend(keys.iter().map(|key| (field(&a, key), field(&b, key))));
                }
                (Kind::Number, Kind::Number) => {
                    if a.as_f64() != b.as_f64() {
                        return false;
                    }
                }
                _ => return false,
            }
        }
        true
    }

    fn is_same(&self, other: &WebJson) -> bool {
        Object::is(&self.0, &other.0)
    }

    fn concat(arrays: &[WebJson]) -> WebJson {
        let all = Array::new();
        for array in arrays {
            if let Some(array) = array.0.dyn_ref::<Array>() {
                for item in array.iter() {
                    all.push(&item);
                }
            }
        }
        WebJson(all.into())
    }

    /// Nothing to do: the app sees typed copies, never these values.
    fn freeze(&self) {}

    /// Nothing to do (see [`WebJson::freeze`]).
    fn freeze_deep(&self) {}

    /// `{ name: "WachtError", code, message, status?, serverCode? }`, as [`crate::Error`]
    /// deserializes it.
    fn error(error: &ClientError) -> WebJson {
        let value = WebJson::object_of(&[
            ("name", WebJson::string("WachtError")),
            ("code", WebJson::string(error.code.as_str())),
            ("message", WebJson::string(&error.message)),
        ]);
        if let Some(status) = error.status {
            value.set("status", &WebJson::from_f64(f64::from(status)));
        }
        if let Some(server_code) = &error.server_code {
            value.set("serverCode", &WebJson::string(server_code));
        }
        value
    }
}
