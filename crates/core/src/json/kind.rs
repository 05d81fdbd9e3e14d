//! What a JSON value holds, as JS `typeof` sees it.

/// What a [`Json`](super::Json) value holds, as JS `typeof` sees it (with `null` and arrays told apart).
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
