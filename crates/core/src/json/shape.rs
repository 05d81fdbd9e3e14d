//! Response shapes as data: a [`Shape`] is what a value must be, a [`Model`] a named object of
//! [`Field`]s, each saying what its absence or `null` means. The checker ([`super::schema`])
//! walks values against them; the same tables print the TypeScript interfaces of the `.d.ts`.

use super::kind::Kind;

/// What a value must be.
#[derive(Debug)]
pub enum Shape {
    /// A string.
    Str,
    /// A boolean.
    Bool,
    /// Any number.
    Number,
    /// A non-negative integer.
    Count,
    /// A string, or a number that becomes its decimal string (64-bit ids are strings on the
    /// wire; older servers sent numbers).
    Id,
    /// Anything (typed as `unknown`).
    Any,
    /// Any JSON object (typed as `Record<string, unknown>`).
    AnyObject,
    /// Must not be kept: removed wherever it appears (a secret in a listed key).
    Forbidden,
    /// An array whose items have the shape.
    List(&'static Shape),
    /// An object with these fields (other fields pass through untouched).
    Object(&'static Model),
}

/// A named object shape: what the `.d.ts` calls an interface.
#[derive(Debug)]
pub struct Model {
    /// The interface name.
    #[cfg(test)]
    pub name: &'static str,
    /// Its doc comment.
    #[cfg(test)]
    pub doc: &'static str,
    /// Its fields.
    pub fields: &'static [Field],
}

/// A model with its doc comment (the doc only reaches the `.d.ts`, not the wasm module).
#[macro_export]
macro_rules! model {
    ($name:literal, $doc:literal, [$($field:expr),* $(,)?]) => {
        $crate::json::shape::Model {
            #[cfg(test)]
            name: $name,
            #[cfg(test)]
            doc: $doc,
            fields: &[$($field),*],
        }
    };
}

/// What a `null` or absent field means.
#[derive(Debug, Clone, Copy)]
pub enum Missing {
    /// A mismatch.
    Required,
    /// `null` (absent becomes `null`).
    Null,
    /// Left as it is, `null` or absent.
    Keep,
    /// `[]`.
    EmptyList,
    /// `""`.
    EmptyString,
    /// `false`.
    False,
    /// `0`.
    Zero,
    /// The value of another field of the same object (checked before this one); an empty
    /// string counts as missing too.
    SameAs(&'static str),
}

/// One field of an object shape.
#[derive(Debug)]
pub struct Field {
    /// The wire name, which is also the JS name.
    pub name: &'static str,
    /// What it must be when present.
    pub shape: Shape,
    /// What `null` or absence means.
    pub missing: Missing,
    /// Its doc comment in the `.d.ts` (kept out of the wasm module).
    #[cfg(test)]
    pub doc: &'static str,
    /// A narrower TypeScript type than the shape's (e.g. a union of strings).
    #[cfg(test)]
    pub ts: Option<&'static str>,
}

impl Field {
    /// The same field, typed `ts` in the `.d.ts` (what the checker accepts stays the shape's).
    pub const fn typed(self, ts: &'static str) -> Field {
        let _ = ts;
        #[cfg(test)]
        let field = Field {
            ts: Some(ts),
            ..self
        };
        #[cfg(not(test))]
        let field = self;
        field
    }

    /// A required field.
    pub const fn required(name: &'static str, shape: Shape, doc: &'static str) -> Field {
        let _ = doc;
        Field {
            name,
            shape,
            missing: Missing::Required,
            #[cfg(test)]
            doc,
            #[cfg(test)]
            ts: None,
        }
    }

    /// A field that may be `null` or absent (then `null`).
    pub const fn nullable(name: &'static str, shape: Shape, doc: &'static str) -> Field {
        let _ = doc;
        Field {
            name,
            shape,
            missing: Missing::Null,
            #[cfg(test)]
            doc,
            #[cfg(test)]
            ts: None,
        }
    }

    /// A field that takes `missing` when `null` or absent.
    pub const fn or(
        name: &'static str,
        shape: Shape,
        missing: Missing,
        doc: &'static str,
    ) -> Field {
        let _ = doc;
        Field {
            name,
            shape,
            missing,
            #[cfg(test)]
            doc,
            #[cfg(test)]
            ts: None,
        }
    }
}

impl Shape {
    /// What a mismatch says was expected.
    pub(super) fn expected(&self) -> &'static str {
        match self {
            Shape::Str => "a string",
            Shape::Bool => "a boolean",
            Shape::Number => "a number",
            Shape::Count => "a non-negative integer",
            Shape::Id => "a string or safe-integer id",
            Shape::Any | Shape::Forbidden => "anything",
            Shape::AnyObject | Shape::Object(_) => "an object",
            Shape::List(_) => "an array",
        }
    }
}

/// True when a value of `kind` is `shape` with nothing more to look at.
pub(super) fn simple_match(shape: &Shape, kind: Kind) -> bool {
    match shape {
        Shape::Str | Shape::Id => kind == Kind::String,
        Shape::Bool => kind == Kind::Bool,
        Shape::Number => kind == Kind::Number,
        Shape::Any => true,
        Shape::AnyObject => kind == Kind::Object,
        Shape::Count | Shape::Forbidden | Shape::List(_) | Shape::Object(_) => false,
    }
}

/// The kinds (as bits `1 << kind code`, codes in [`Kind::code`]) a field may hold for which the
/// check has nothing to do: no mismatch, nothing to fill or convert.
pub fn settled_kinds(field: &Field) -> u8 {
    let bit = |kind: Kind| 1u8 << kind.code();
    let mut bits = 0u8;
    for kind in [
        Kind::Bool,
        Kind::Number,
        Kind::String,
        Kind::Array,
        Kind::Object,
    ] {
        if simple_match(&field.shape, kind) {
            bits |= bit(kind);
        }
    }
    match (&field.shape, field.missing) {
        (Shape::Forbidden, _) => bit(Kind::Undefined),
        (_, Missing::SameAs(_)) => bits & !bit(Kind::String),
        (_, Missing::Keep) => bits | bit(Kind::Null) | bit(Kind::Undefined),
        (_, Missing::Null) => bits | bit(Kind::Null),
        _ => bits,
    }
}
