//! [`HostJson`]: a small shared tree with the same reference semantics as JS values, so the core
//! behaves the same under `cargo test` as in the browser.

use super::kind::Kind;
use super::shape::{settled_kinds, Field};
use super::value::Json;
use crate::error::ClientError;
use std::cell::RefCell;
use std::rc::Rc;

enum Node {
    Undefined,
    Null,
    Bool(bool),
    Number(f64),
    String(String),
    Array(RefCell<Vec<HostJson>>),
    Object(RefCell<Vec<(String, HostJson)>>),
}

/// A handle to a JSON value; clones share it.
#[derive(Clone)]
pub struct HostJson(Rc<Node>);

impl std::fmt::Debug for HostJson {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &*self.0 {
            Node::Undefined => f.write_str("undefined"),
            Node::Null => f.write_str("null"),
            Node::Bool(b) => write!(f, "{b}"),
            Node::Number(n) => write!(f, "{n}"),
            Node::String(s) => write!(f, "{s:?}"),
            Node::Array(items) => f.debug_list().entries(items.borrow().iter()).finish(),
            Node::Object(fields) => f
                .debug_map()
                .entries(fields.borrow().iter().map(|(k, v)| (k, v)))
                .finish(),
        }
    }
}

/// Values are equal when they are the same value (identity, as JS `Object.is`): a snapshot
/// changes when its data was replaced.
impl PartialEq for HostJson {
    fn eq(&self, other: &HostJson) -> bool {
        self.is_same(other)
    }
}

impl HostJson {
    fn of(node: Node) -> HostJson {
        HostJson(Rc::new(node))
    }

    /// The field `key` of an object, for any key (`undefined` when absent or not an object).
    pub fn field(&self, key: &str) -> HostJson {
        match &*self.0 {
            Node::Object(fields) => fields
                .borrow()
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.clone())
                .unwrap_or_else(HostJson::undefined),
            _ => HostJson::undefined(),
        }
    }

    /// Sets the field `key` of an object, for any key (no-op on other values).
    pub fn set_field(&self, key: &str, value: &HostJson) {
        if let Node::Object(fields) = &*self.0 {
            let mut fields = fields.borrow_mut();
            match fields.iter_mut().find(|(k, _)| k == key) {
                Some((_, slot)) => *slot = value.clone(),
                None => fields.push((key.to_string(), value.clone())),
            }
        }
    }

    /// The field names of an object, in order (empty for other values).
    pub fn keys(&self) -> Vec<String> {
        match &*self.0 {
            Node::Object(fields) => fields.borrow().iter().map(|(k, _)| k.clone()).collect(),
            _ => Vec::new(),
        }
    }
}

impl Json for HostJson {
    /// `undefined`.
    fn undefined() -> HostJson {
        HostJson::of(Node::Undefined)
    }

    /// `null`.
    fn null() -> HostJson {
        HostJson::of(Node::Null)
    }

    /// A boolean.
    fn from_bool(value: bool) -> HostJson {
        HostJson::of(Node::Bool(value))
    }

    /// A number.
    fn from_f64(value: f64) -> HostJson {
        HostJson::of(Node::Number(value))
    }

    /// A string.
    fn string(value: &str) -> HostJson {
        HostJson::of(Node::String(value.to_string()))
    }

    /// A new empty object.
    fn object() -> HostJson {
        HostJson::of(Node::Object(RefCell::new(Vec::new())))
    }

    /// A new array of `items`.
    fn array(items: Vec<HostJson>) -> HostJson {
        HostJson::of(Node::Array(RefCell::new(items)))
    }

    /// What the value holds.
    fn kind(&self) -> Kind {
        match &*self.0 {
            Node::Undefined => Kind::Undefined,
            Node::Null => Kind::Null,
            Node::Bool(_) => Kind::Bool,
            Node::Number(_) => Kind::Number,
            Node::String(_) => Kind::String,
            Node::Array(_) => Kind::Array,
            Node::Object(_) => Kind::Object,
        }
    }

    /// The index of the first of `fields` from `from` on that the checker must look at (see
    /// [`settled_kinds`](super::shape::settled_kinds)).
    fn first_unsettled(&self, fields: &'static [Field], from: usize) -> Option<usize> {
        fields
            .iter()
            .enumerate()
            .skip(from)
            .find(|(_, field)| settled_kinds(field) & (1 << self.kind_at(field.name).code()) == 0)
            .map(|(index, _)| index)
    }

    /// What the field `key` holds.
    fn kind_at(&self, key: &'static str) -> Kind {
        self.get(key).kind()
    }

    /// The field `key` of an object (`undefined` when absent or not an object).
    fn get(&self, key: &'static str) -> HostJson {
        self.field(key)
    }

    /// Sets the field `key` of an object (no-op on other values).
    fn set(&self, key: &'static str, value: &HostJson) {
        self.set_field(key, value)
    }

    /// Removes the field `key` of an object.
    fn remove(&self, key: &'static str) {
        if let Node::Object(fields) = &*self.0 {
            fields.borrow_mut().retain(|(k, _)| k != key);
        }
    }

    /// The string, if this is one.
    fn as_string(&self) -> Option<String> {
        match &*self.0 {
            Node::String(s) => Some(s.clone()),
            _ => None,
        }
    }

    /// The number, if this is one.
    fn as_f64(&self) -> Option<f64> {
        match &*self.0 {
            Node::Number(n) => Some(*n),
            _ => None,
        }
    }

    /// The boolean, if this is one.
    fn as_bool(&self) -> Option<bool> {
        match &*self.0 {
            Node::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// A number as JS `String(n)` spells it.
    fn number_text(&self) -> Option<String> {
        let n = self.as_f64()?;
        if n.fract() == 0.0 && n.abs() < 1e21 {
            Some(format!("{}", n as i64))
        } else {
            Some(format!("{n}"))
        }
    }

    /// The length of an array (0 for other values).
    fn length(&self) -> usize {
        match &*self.0 {
            Node::Array(items) => items.borrow().len(),
            _ => 0,
        }
    }

    /// The items of an array (empty for other values).
    fn items(&self) -> Vec<HostJson> {
        match &*self.0 {
            Node::Array(items) => items.borrow().clone(),
            _ => Vec::new(),
        }
    }

    /// True when both hold the same JSON (deep, field order ignored; `undefined` fields count
    /// as absent). Used to keep snapshots stable when a refetch brings the same data.
    fn same_json(&self, other: &HostJson) -> bool {
        if self.is_same(other) {
            return true;
        }
        let kind = self.kind();
        if kind != other.kind() {
            return false;
        }
        match kind {
            Kind::Undefined | Kind::Null => true,
            Kind::Bool => self.as_bool() == other.as_bool(),
            Kind::Number => self.as_f64() == other.as_f64(),
            Kind::String => self.as_string() == other.as_string(),
            Kind::Array => {
                let (a, b) = (self.items(), other.items());
                a.len() == b.len() && a.iter().zip(&b).all(|(x, y)| x.same_json(y))
            }
            Kind::Object => {
                let defined = |value: &HostJson| {
                    let mut keys: Vec<String> = value
                        .keys()
                        .into_iter()
                        .filter(|k| value.field(k).kind() != Kind::Undefined)
                        .collect();
                    keys.sort();
                    keys
                };
                let keys = defined(self);
                keys == defined(other)
                    && keys
                        .iter()
                        .all(|k| self.field(k).same_json(&other.field(k)))
            }
        }
    }

    /// The same value (not only an equal one), as JS `Object.is`.
    fn is_same(&self, other: &HostJson) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }

    /// One array of the items of `arrays`, in order.
    fn concat(arrays: &[HostJson]) -> HostJson {
        HostJson::array(arrays.iter().flat_map(HostJson::items).collect())
    }

    /// Makes the value read-only for JS (`Object.freeze`); nothing to do on the host.
    fn freeze(&self) {}

    /// Makes the value and everything in it read-only for JS; nothing to do on the host.
    fn freeze_deep(&self) {}

    /// The JS form of an error: `{ name, code, status, message, serverCode }`.
    fn error(error: &ClientError) -> HostJson {
        let value = HostJson::object_of(&[
            ("name", HostJson::string("WachtError")),
            ("code", HostJson::string(error.code.as_str())),
            ("message", HostJson::string(&error.message)),
        ]);
        if let Some(status) = error.status {
            value.set("status", &HostJson::from_f64(f64::from(status)));
        }
        if let Some(server_code) = &error.server_code {
            value.set("serverCode", &HostJson::string(server_code));
        }
        value
    }
}

#[cfg(test)]
impl From<serde_json::Value> for HostJson {
    fn from(json: serde_json::Value) -> HostJson {
        match json {
            serde_json::Value::Null => HostJson::null(),
            serde_json::Value::Bool(b) => HostJson::from_bool(b),
            serde_json::Value::Number(n) => HostJson::from_f64(n.as_f64().unwrap_or(f64::NAN)),
            serde_json::Value::String(s) => HostJson::string(&s),
            serde_json::Value::Array(items) => {
                HostJson::array(items.into_iter().map(HostJson::from).collect())
            }
            serde_json::Value::Object(fields) => {
                let object = HostJson::object();
                for (k, v) in fields {
                    object.set_field(&k, &HostJson::from(v));
                }
                object
            }
        }
    }
}

#[cfg(test)]
impl HostJson {
    /// The value as serde_json (for assertions); `undefined` fields are left out.
    pub fn to_json(&self) -> serde_json::Value {
        match &*self.0 {
            Node::Undefined | Node::Null => serde_json::Value::Null,
            Node::Bool(b) => serde_json::Value::Bool(*b),
            Node::Number(n) => {
                if n.fract() == 0.0 && n.abs() < 9e15 {
                    serde_json::json!(*n as i64)
                } else {
                    serde_json::json!(*n)
                }
            }
            Node::String(s) => serde_json::Value::String(s.clone()),
            Node::Array(items) => items.borrow().iter().map(HostJson::to_json).collect(),
            Node::Object(fields) => serde_json::Value::Object(
                fields
                    .borrow()
                    .iter()
                    .filter(|(_, v)| v.kind() != Kind::Undefined)
                    .map(|(k, v)| (k.clone(), v.to_json()))
                    .collect(),
            ),
        }
    }
}
