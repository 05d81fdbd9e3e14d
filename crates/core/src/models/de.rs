//! The checker's tolerances as serde deserializers, for the generated models: ids (a string, or
//! a number that is a safe integer, as its decimal string), counts (non-negative safe integers)
//! and gaps (`null` or absent) that take a default.

use serde::de::{self, Deserialize, Deserializer, Visitor};
use std::fmt;

/// The largest integer a JS number holds exactly (2^53 − 1): beyond it `JSON.parse` has rounded
/// the number, so an id would name another key.
const MAX_SAFE: u64 = 9_007_199_254_740_991;

/// A double that is a non-negative safe integer, as that integer (−0 counts as 0).
fn safe_integer(n: f64) -> Option<u64> {
    (n >= 0.0 && n.fract() == 0.0 && n <= MAX_SAFE as f64).then_some(n as u64)
}

/// A non-negative safe integer given as any serde number.
struct SafeInteger;

impl SafeInteger {
    fn unsigned<E: de::Error>(n: u64) -> Result<u64, E> {
        if n <= MAX_SAFE {
            Ok(n)
        } else {
            Err(E::invalid_value(
                de::Unexpected::Unsigned(n),
                &"a safe integer",
            ))
        }
    }

    fn signed<E: de::Error>(n: i64) -> Result<u64, E> {
        match u64::try_from(n) {
            Ok(n) => SafeInteger::unsigned(n),
            Err(_) => Err(E::invalid_value(
                de::Unexpected::Signed(n),
                &"a non-negative integer",
            )),
        }
    }

    fn float<E: de::Error>(n: f64) -> Result<u64, E> {
        safe_integer(n).ok_or_else(|| E::invalid_value(de::Unexpected::Float(n), &"a safe integer"))
    }
}

/// Reads a count: a non-negative safe integer.
struct CountVisitor;

impl Visitor<'_> for CountVisitor {
    type Value = u64;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a non-negative integer")
    }

    fn visit_u64<E: de::Error>(self, n: u64) -> Result<u64, E> {
        SafeInteger::unsigned(n)
    }

    fn visit_i64<E: de::Error>(self, n: i64) -> Result<u64, E> {
        SafeInteger::signed(n)
    }

    fn visit_f64<E: de::Error>(self, n: f64) -> Result<u64, E> {
        SafeInteger::float(n)
    }
}

/// Reads an id: a string as it is, or a safe integer as its decimal string.
struct IdVisitor;

impl Visitor<'_> for IdVisitor {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string or safe-integer id")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<String, E> {
        Ok(text.to_owned())
    }

    fn visit_string<E: de::Error>(self, text: String) -> Result<String, E> {
        Ok(text)
    }

    fn visit_u64<E: de::Error>(self, n: u64) -> Result<String, E> {
        SafeInteger::unsigned(n).map(|n| n.to_string())
    }

    fn visit_i64<E: de::Error>(self, n: i64) -> Result<String, E> {
        SafeInteger::signed(n).map(|n| n.to_string())
    }

    fn visit_f64<E: de::Error>(self, n: f64) -> Result<String, E> {
        SafeInteger::float(n).map(|n| n.to_string())
    }
}

/// An id as the checker reads it.
struct Id(String);

impl<'de> Deserialize<'de> for Id {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Id, D::Error> {
        deserializer.deserialize_any(IdVisitor).map(Id)
    }
}

/// A count as the checker reads it.
struct Count(u64);

impl<'de> Deserialize<'de> for Count {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Count, D::Error> {
        deserializer.deserialize_any(CountVisitor).map(Count)
    }
}

/// A required id.
pub fn id<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    Id::deserialize(deserializer).map(|id| id.0)
}

/// An id that may be `null` or absent.
pub fn opt_id<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    Option::<Id>::deserialize(deserializer).map(|id| id.map(|id| id.0))
}

/// A required count.
pub fn count<'de, D: Deserializer<'de>>(deserializer: D) -> Result<u64, D::Error> {
    Count::deserialize(deserializer).map(|count| count.0)
}

/// A count that may be `null` or absent.
pub fn opt_count<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<u64>, D::Error> {
    Option::<Count>::deserialize(deserializer).map(|count| count.map(|count| count.0))
}

/// A count whose gap is 0.
pub fn count_or_zero<'de, D: Deserializer<'de>>(deserializer: D) -> Result<u64, D::Error> {
    opt_count(deserializer).map(Option::unwrap_or_default)
}

/// A value whose gap (`null`) is its default: `[]`, `""`, `false`, `0` (absence is the field's
/// `#[serde(default)]`).
pub fn or_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Option::<T>::deserialize(deserializer).map(Option::unwrap_or_default)
}

/// A required value of any kind: `null` is a gap, and a required field has none.
pub fn present<'de, D: Deserializer<'de>>(deserializer: D) -> Result<serde_json::Value, D::Error> {
    match serde_json::Value::deserialize(deserializer)? {
        serde_json::Value::Null => Err(de::Error::invalid_type(de::Unexpected::Unit, &"a value")),
        value => Ok(value),
    }
}

/// A deserializer that reads a struct only from an object: a derived struct also takes an array
/// of its fields in order, which the checker refuses. The generated models read themselves
/// through it (their derived code is `remote = "Self"`, called by a `Deserialize` impl).
pub struct ObjectOnly<D>(pub D);

impl<'de, D: Deserializer<'de>> Deserializer<'de> for ObjectOnly<D> {
    type Error = D::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.0.deserialize_any(visitor)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_map(visitor)
    }

    fn is_human_readable(&self) -> bool {
        self.0.is_human_readable()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier
        ignored_any
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct Sample {
        #[serde(deserialize_with = "super::id")]
        id: String,
        #[serde(default, deserialize_with = "super::count_or_zero")]
        count: u64,
    }

    fn sample(id: Value, count: Value) -> Option<Sample> {
        serde_json::from_value(json!({"id": id, "count": count})).ok()
    }

    #[test]
    fn ids_and_counts_are_safe_integers_in_any_number_form() {
        let ok = |id: &str, count| {
            Some(Sample {
                id: id.into(),
                count,
            })
        };
        assert_eq!(
            sample(json!("7300000000000000001"), json!(2)),
            ok("7300000000000000001", 2)
        );
        assert_eq!(
            sample(json!(9_007_199_254_740_991_u64), json!(5.0)),
            ok("9007199254740991", 5)
        );
        assert_eq!(sample(json!(12.0), json!(null)), ok("12", 0));
        assert_eq!(sample(json!(-0.0), json!(-0.0)), ok("0", 0));
        for (id, count) in [
            (json!(9_007_199_254_740_992_u64), json!(1)),
            (json!(-1), json!(1)),
            (json!(1.5), json!(1)),
            (json!(true), json!(1)),
            (json!(null), json!(1)),
            (json!("1"), json!(-1)),
            (json!("1"), json!(0.5)),
            (json!("1"), json!("2")),
            (json!("1"), json!(9_007_199_254_740_992.0)),
        ] {
            assert_eq!(sample(id.clone(), count.clone()), None, "{id} {count}");
        }
    }
}
