//! Response data as the values the browser parsed: the client never re-serializes what the
//! server sent. [`Value`] is a handle to a JSON value with reference semantics (cloning a handle
//! shares the value, as JS objects do): in the wasm build a `JsValue` that `Response.json()`
//! produced, on the host a small tree the tests build. [`schema`] checks such a value against a
//! table of fields and fills the tolerated gaps in place.

#[cfg(not(target_arch = "wasm32"))]
mod host;
#[cfg(target_arch = "wasm32")]
mod js;
pub mod schema;

#[cfg(not(target_arch = "wasm32"))]
pub use host::Value;
#[cfg(target_arch = "wasm32")]
pub use js::Value;

/// What a [`Value`] holds, as JS `typeof` sees it (with `null` and arrays told apart).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Absent (`undefined`).
    Undefined,
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool,
    /// A number.
    Number,
    /// A string.
    String,
    /// An array.
    Array,
    /// Any other object.
    Object,
}

impl Kind {
    /// The kind's number, shared with the JS side of the wasm build.
    pub fn code(self) -> u8 {
        match self {
            Kind::Undefined => 0,
            Kind::Null => 1,
            Kind::Bool => 2,
            Kind::Number => 3,
            Kind::String => 4,
            Kind::Array => 5,
            Kind::Object => 6,
        }
    }

    /// How an error message names the kind.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Undefined => "nothing",
            Kind::Null => "null",
            Kind::Bool => "a boolean",
            Kind::Number => "a number",
            Kind::String => "a string",
            Kind::Array => "an array",
            Kind::Object => "an object",
        }
    }
}

impl Value {
    /// True for `null` and `undefined`.
    pub fn is_nullish(&self) -> bool {
        matches!(self.kind(), Kind::Null | Kind::Undefined)
    }

    /// A new object with `fields` set in order.
    pub fn object_of(fields: &[(&'static str, Value)]) -> Value {
        let object = Value::object();
        for (key, value) in fields {
            object.set(key, value);
        }
        object
    }

    /// `Some(value)` as the value, `None` as `null`.
    pub fn or_null(value: Option<Value>) -> Value {
        value.unwrap_or_else(Value::null)
    }

    /// The string at `key`, if it is one.
    pub fn string_at(&self, key: &'static str) -> Option<String> {
        self.get(key).as_string()
    }
}
