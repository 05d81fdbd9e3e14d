//! [`Json`]: the host's JSON values, as the core reads and builds them.

use super::kind::Kind;
use super::shape::Field;
use crate::error::ClientError;

/// A handle to a JSON value of the host; clones share the value. Equality is identity (as JS
/// `Object.is`): a snapshot changes when its data was replaced. Field names are `'static` (the
/// crate's own literals), so a host may cache what it makes of them.
pub trait Json: Clone + std::fmt::Debug + PartialEq + 'static {
    /// `undefined`.
    fn undefined() -> Self;
    /// `null`.
    fn null() -> Self;
    /// A boolean.
    fn from_bool(value: bool) -> Self;
    /// A number.
    fn from_f64(value: f64) -> Self;
    /// A string.
    fn string(value: &str) -> Self;
    /// A new empty object.
    fn object() -> Self;
    /// A new array of `items`.
    fn array(items: Vec<Self>) -> Self;
    /// What the value holds.
    fn kind(&self) -> Kind;
    /// The index of the first of `fields` from `from` on that the checker must look at (see
    /// [`settled_kinds`](super::shape::settled_kinds)); a host may find it in one call.
    fn first_unsettled(&self, fields: &'static [Field], from: usize) -> Option<usize>;
    /// What the field `key` holds (a host may answer in one call, cheaper than `get(key).kind()`).
    fn kind_at(&self, key: &'static str) -> Kind;
    /// The field `key` of an object (`undefined` when absent or not an object).
    fn get(&self, key: &'static str) -> Self;
    /// Sets the field `key` of an object (no-op on other values or frozen objects).
    fn set(&self, key: &'static str, value: &Self);
    /// Removes the field `key` of an object.
    fn remove(&self, key: &'static str);
    /// The string, if this is one.
    fn as_string(&self) -> Option<String>;
    /// The number, if this is one.
    fn as_f64(&self) -> Option<f64>;
    /// The boolean, if this is one.
    fn as_bool(&self) -> Option<bool>;
    /// A number as JS `String(n)` spells it.
    fn number_text(&self) -> Option<String>;
    /// The length of an array (0 for other values).
    fn length(&self) -> usize;
    /// The items of an array (empty for other values).
    fn items(&self) -> Vec<Self>;
    /// True when both hold the same JSON (deep, field order ignored; `undefined` fields count
    /// as absent). Keeps snapshots stable when a refetch brings the same data.
    fn same_json(&self, other: &Self) -> bool;
    /// The same value (not only an equal one), as JS `Object.is`.
    fn is_same(&self, other: &Self) -> bool;
    /// One array of the items of `arrays`, in order.
    fn concat(arrays: &[Self]) -> Self;
    /// Makes the value read-only for the app (shallow), where the host can.
    fn freeze(&self);
    /// Makes the value and everything in it read-only for the app (data entering the cache,
    /// which every store of the query shares), where the host can.
    fn freeze_deep(&self);
    /// The error as the app sees it: `{ name: "WachtError", code, status, message, serverCode }`.
    fn error(error: &ClientError) -> Self;

    /// True for `null` and `undefined`.
    fn is_nullish(&self) -> bool {
        matches!(self.kind(), Kind::Null | Kind::Undefined)
    }

    /// A new object with `fields` set in order.
    fn object_of(fields: &[(&'static str, Self)]) -> Self {
        let object = Self::object();
        for (key, value) in fields {
            object.set(key, value);
        }
        object
    }

    /// `Some(value)` as the value, `None` as `null`.
    fn or_null(value: Option<Self>) -> Self {
        value.unwrap_or_else(Self::null)
    }

    /// The string at `key`, if it is one.
    fn string_at(&self, key: &'static str) -> Option<String> {
        self.get(key).as_string()
    }
}
