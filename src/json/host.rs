//! The host [`Value`]: a small shared tree with the same reference semantics as JS values, so the
//! core behaves the same under `cargo test` as in the browser.

use super::Kind;
use crate::error::ClientError;
use std::cell::RefCell;
use std::rc::Rc;

enum Node {
    Undefined,
    Null,
    Bool(bool),
    Number(f64),
    String(String),
    Array(RefCell<Vec<Value>>),
    Object(RefCell<Vec<(String, Value)>>),
}

/// A handle to a JSON value; clones share it.
#[derive(Clone)]
pub struct Value(Rc<Node>);

impl std::fmt::Debug for Value {
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
impl PartialEq for Value {
    fn eq(&self, other: &Value) -> bool {
        self.is_same(other)
    }
}

impl Value {
    fn of(node: Node) -> Value {
        Value(Rc::new(node))
    }

    /// `undefined`.
    pub fn undefined() -> Value {
        Value::of(Node::Undefined)
    }

    /// `null`.
    pub fn null() -> Value {
        Value::of(Node::Null)
    }

    /// A boolean.
    pub fn from_bool(value: bool) -> Value {
        Value::of(Node::Bool(value))
    }

    /// A number.
    pub fn from_f64(value: f64) -> Value {
        Value::of(Node::Number(value))
    }

    /// A string.
    pub fn string(value: &str) -> Value {
        Value::of(Node::String(value.to_string()))
    }

    /// A new empty object.
    pub fn object() -> Value {
        Value::of(Node::Object(RefCell::new(Vec::new())))
    }

    /// A new array of `items`.
    pub fn array(items: Vec<Value>) -> Value {
        Value::of(Node::Array(RefCell::new(items)))
    }

    /// What the value holds.
    pub fn kind(&self) -> Kind {
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
    /// [`settled_kinds`](super::schema::settled_kinds)).
    pub fn first_unsettled(&self, fields: &[super::schema::Field], from: usize) -> Option<usize> {
        fields
            .iter()
            .enumerate()
            .skip(from)
            .find(|(_, field)| {
                super::schema::settled_kinds(field) & (1 << self.kind_at(field.name).code()) == 0
            })
            .map(|(index, _)| index)
    }

    /// What the field `key` holds.
    pub fn kind_at(&self, key: &str) -> Kind {
        self.get(key).kind()
    }

    /// The field `key` of an object (`undefined` when absent or not an object).
    pub fn get(&self, key: &str) -> Value {
        match &*self.0 {
            Node::Object(fields) => fields
                .borrow()
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.clone())
                .unwrap_or_else(Value::undefined),
            _ => Value::undefined(),
        }
    }

    /// Sets the field `key` of an object (no-op on other values).
    pub fn set(&self, key: &str, value: &Value) {
        if let Node::Object(fields) = &*self.0 {
            let mut fields = fields.borrow_mut();
            match fields.iter_mut().find(|(k, _)| k == key) {
                Some((_, slot)) => *slot = value.clone(),
                None => fields.push((key.to_string(), value.clone())),
            }
        }
    }

    /// Removes the field `key` of an object.
    pub fn remove(&self, key: &str) {
        if let Node::Object(fields) = &*self.0 {
            fields.borrow_mut().retain(|(k, _)| k != key);
        }
    }

    /// The string, if this is one.
    pub fn as_string(&self) -> Option<String> {
        match &*self.0 {
            Node::String(s) => Some(s.clone()),
            _ => None,
        }
    }

    /// The number, if this is one.
    pub fn as_f64(&self) -> Option<f64> {
        match &*self.0 {
            Node::Number(n) => Some(*n),
            _ => None,
        }
    }

    /// The boolean, if this is one.
    pub fn as_bool(&self) -> Option<bool> {
        match &*self.0 {
            Node::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// A number as JS `String(n)` spells it.
    pub fn number_text(&self) -> Option<String> {
        let n = self.as_f64()?;
        if n.fract() == 0.0 && n.abs() < 1e21 {
            Some(format!("{}", n as i64))
        } else {
            Some(format!("{n}"))
        }
    }

    /// The length of an array (0 for other values).
    pub fn length(&self) -> usize {
        match &*self.0 {
            Node::Array(items) => items.borrow().len(),
            _ => 0,
        }
    }

    /// The items of an array (empty for other values).
    pub fn items(&self) -> Vec<Value> {
        match &*self.0 {
            Node::Array(items) => items.borrow().clone(),
            _ => Vec::new(),
        }
    }

    /// The field names of an object, in order (empty for other values).
    pub fn keys(&self) -> Vec<String> {
        match &*self.0 {
            Node::Object(fields) => fields.borrow().iter().map(|(k, _)| k.clone()).collect(),
            _ => Vec::new(),
        }
    }

    /// True when both hold the same JSON (deep, field order ignored; `undefined` fields count
    /// as absent). Used to keep snapshots stable when a refetch brings the same data.
    pub fn same_json(&self, other: &Value) -> bool {
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
                let defined = |value: &Value| {
                    let mut keys: Vec<String> = value
                        .keys()
                        .into_iter()
                        .filter(|k| value.get(k).kind() != Kind::Undefined)
                        .collect();
                    keys.sort();
                    keys
                };
                let keys = defined(self);
                keys == defined(other) && keys.iter().all(|k| self.get(k).same_json(&other.get(k)))
            }
        }
    }

    /// The same value (not only an equal one), as JS `Object.is`.
    pub fn is_same(&self, other: &Value) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }

    /// One array of the items of `arrays`, in order.
    pub fn concat(arrays: &[Value]) -> Value {
        Value::array(arrays.iter().flat_map(Value::items).collect())
    }

    /// Makes the value read-only for JS (`Object.freeze`); nothing to do on the host.
    pub fn freeze(&self) {}

    /// Makes the value and everything in it read-only for JS; nothing to do on the host.
    pub fn freeze_deep(&self) {}

    /// The JS form of an error: `{ name, code, status, message, serverCode }`.
    pub fn error(error: &ClientError) -> Value {
        let value = Value::object_of(&[
            ("name", Value::string("WachtError")),
            ("code", Value::string(error.code.as_str())),
            ("message", Value::string(&error.message)),
        ]);
        if let Some(status) = error.status {
            value.set("status", &Value::from_f64(f64::from(status)));
        }
        if let Some(server_code) = &error.server_code {
            value.set("serverCode", &Value::string(server_code));
        }
        value
    }
}

#[cfg(test)]
impl From<serde_json::Value> for Value {
    fn from(json: serde_json::Value) -> Value {
        match json {
            serde_json::Value::Null => Value::null(),
            serde_json::Value::Bool(b) => Value::from_bool(b),
            serde_json::Value::Number(n) => Value::from_f64(n.as_f64().unwrap_or(f64::NAN)),
            serde_json::Value::String(s) => Value::string(&s),
            serde_json::Value::Array(items) => {
                Value::array(items.into_iter().map(Value::from).collect())
            }
            serde_json::Value::Object(fields) => {
                let object = Value::object();
                for (k, v) in fields {
                    object.set(&k, &Value::from(v));
                }
                object
            }
        }
    }
}

#[cfg(test)]
impl Value {
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
            Node::Array(items) => items.borrow().iter().map(Value::to_json).collect(),
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
