//! One table-driven checker for every response shape, instead of a generated deserializer per
//! type. A shape is data ([`Shape`], [`Field`], in [`super::shape`]); [`check`] walks a [`Json`]
//! value against it, fills the tolerated gaps in place (`null` lists become `[]`, numeric ids
//! become strings, absent optional fields become `null`, forbidden fields are removed) and
//! reports the first mismatch with its path. The same tables print the TypeScript interfaces of
//! the `.d.ts` (`typescript`, in host tests), so the types promise exactly what the checker lets
//! through.

use super::kind::Kind;
use super::shape::simple_match;
pub use super::shape::{settled_kinds, Field, Missing, Model, Shape};
use super::value::Json;

/// Where a check failed: the path to the value, what was expected and what was there.
#[derive(Debug, Clone, PartialEq)]
pub struct Mismatch {
    path: Vec<Step>,
    expected: &'static str,
    got: Kind,
}

#[derive(Debug, Clone, PartialEq)]
enum Step {
    Key(&'static str),
    Index(usize),
}

impl Mismatch {
    fn new(expected: &'static str, got: Kind) -> Mismatch {
        Mismatch {
            path: Vec::new(),
            expected,
            got,
        }
    }

    fn within(mut self, step: Step) -> Mismatch {
        self.path.push(step);
        self
    }

    /// `keys[3].is_active: expected a boolean, got a string`, the path starting at `root`.
    pub fn describe(&self, root: &str) -> String {
        let mut text = root.to_owned();
        for step in self.path.iter().rev() {
            match step {
                Step::Key(key) => {
                    text.push('.');
                    text.push_str(key);
                }
                Step::Index(index) => {
                    text.push('[');
                    text.push_str(&crate::text::decimal(*index as u64));
                    text.push(']');
                }
            }
        }
        text.push_str(": expected ");
        text.push_str(self.expected);
        text.push_str(", got ");
        text.push_str(self.got.name());
        text
    }
}

/// Checks `value` against `shape`; returns the value to use (the same handle, completed in
/// place, except for a numeric id, which becomes a new string).
pub fn check<J: Json>(value: &J, shape: &Shape) -> Result<J, Mismatch> {
    let kind = value.kind();
    match shape {
        // JSON.parse has rounded an integer beyond 2^53: the id would name another key.
        Shape::Id if kind == Kind::Number && is_count(value) => Ok(id_text(value)),
        Shape::List(item) if kind == Kind::Array => {
            check_items(value, item)?;
            Ok(value.clone())
        }
        Shape::Object(model) if kind == Kind::Object => {
            check_fields(value, model.fields)?;
            Ok(value.clone())
        }
        Shape::Count if kind == Kind::Number => {
            if is_count(value) {
                Ok(value.clone())
            } else {
                Err(Mismatch::new(shape.expected(), kind))
            }
        }
        _ if simple_match(shape, kind) => Ok(value.clone()),
        _ => Err(Mismatch::new(shape.expected(), kind)),
    }
}

fn is_count<J: Json>(value: &J) -> bool {
    value
        .as_f64()
        .is_some_and(|n| n >= 0.0 && n.fract() == 0.0 && n <= 9_007_199_254_740_991.0)
}

fn id_text<J: Json>(value: &J) -> J {
    J::string(&value.number_text().unwrap_or_default())
}

fn check_items<J: Json>(array: &J, item: &Shape) -> Result<(), Mismatch> {
    for (index, value) in array.items().iter().enumerate() {
        let checked = check(value, item).map_err(|m| m.within(Step::Index(index)))?;
        if !checked.is_same(value) {
            // Only ids are replaced, and lists of ids are not part of any response.
            return Err(Mismatch::new(item.expected(), Kind::Number).within(Step::Index(index)));
        }
    }
    Ok(())
}

fn check_fields<J: Json>(object: &J, fields: &'static [Field]) -> Result<(), Mismatch> {
    // Fields that need nothing (the common case: a string where a string belongs) are skipped
    // in one call; only the others get the full check.
    let mut from = 0;
    while let Some(index) = object.first_unsettled(fields, from) {
        let Some(field) = fields.get(index) else {
            break;
        };
        check_field(object, field).map_err(|m| m.within(Step::Key(field.name)))?;
        from = index + 1;
    }
    Ok(())
}

fn check_field<J: Json>(object: &J, field: &'static Field) -> Result<(), Mismatch> {
    let name = field.name;
    let kind = object.kind_at(name);
    if let Shape::Forbidden = field.shape {
        if kind != Kind::Undefined {
            object.remove(name);
        }
        return Ok(());
    }
    let empty_string = |object: &J| {
        kind == Kind::String && object.string_at(name).is_some_and(|text| text.is_empty())
    };
    if matches!(kind, Kind::Null | Kind::Undefined)
        || (matches!(field.missing, Missing::SameAs(_)) && empty_string(object))
    {
        let fill = match field.missing {
            Missing::Required => return Err(Mismatch::new(field.shape.expected(), kind)),
            Missing::Null if kind == Kind::Null => return Ok(()),
            Missing::Keep => return Ok(()),
            Missing::Null => J::null(),
            Missing::EmptyList => J::array(Vec::new()),
            Missing::EmptyString => J::string(""),
            Missing::False => J::from_bool(false),
            Missing::Zero => J::from_f64(0.0),
            Missing::SameAs(other) => object.get(other),
        };
        object.set(name, &fill);
        return Ok(());
    }
    if simple_match(&field.shape, kind) {
        return Ok(());
    }
    let value = object.get(name);
    let checked = check(&value, &field.shape)?;
    if !checked.is_same(&value) {
        object.set(name, &checked);
    }
    Ok(())
}

/// The TypeScript type of a shape.
#[cfg(test)]
fn ts_type(shape: &Shape) -> String {
    match shape {
        Shape::Str | Shape::Id => "string".into(),
        Shape::Bool => "boolean".into(),
        Shape::Number | Shape::Count => "number".into(),
        Shape::Any | Shape::Forbidden => "unknown".into(),
        Shape::AnyObject => "Record<string, unknown>".into(),
        Shape::List(item) => format!("{}[]", ts_type(item)),
        Shape::Object(model) => model.name.into(),
    }
}

/// `export interface Name { ... }` of a model, with its docs.
#[cfg(test)]
pub fn typescript(model: &Model) -> String {
    let mut text = format!("/** {} */\nexport interface {} {{\n", model.doc, model.name);
    for field in model.fields {
        if let Shape::Forbidden = field.shape {
            continue;
        }
        let (optional, nullable) = match field.missing {
            Missing::Null => ("", " | null"),
            Missing::Keep => ("?", " | null"),
            _ => ("", ""),
        };
        let ts = field
            .ts
            .map(str::to_string)
            .unwrap_or_else(|| ts_type(&field.shape));
        text.push_str(&format!(
            "  /** {} */\n  {}{optional}: {ts}{nullable};\n",
            field.doc, field.name,
        ));
    }
    text.push_str("}\n");
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::HostJson;
    use serde_json::json;

    static POINT: Model = crate::model!(
        "Point",
        "A point.",
        [
            Field::required("id", Shape::Id, "Id."),
            Field::required("count", Shape::Count, "Count."),
            Field::or(
                "tags",
                Shape::List(&Shape::Str),
                Missing::EmptyList,
                "Tags."
            ),
            Field::nullable("note", Shape::Str, "Note."),
            Field::or("rate", Shape::Number, Missing::Zero, "Rate."),
            Field::required("secret", Shape::Forbidden, "never"),
        ]
    );
    static POINTS: Shape = Shape::List(&Shape::Object(&POINT));

    fn checked(data: serde_json::Value) -> Result<serde_json::Value, String> {
        let value = HostJson::from(data);
        check(&value, &POINTS)
            .map(|v| v.to_json())
            .map_err(|m| m.describe("data"))
    }

    #[test]
    fn fills_gaps_in_place_and_passes_unknown_fields_through() {
        let out =
            checked(json!([{"id": 7, "count": 2, "tags": null, "extra": true, "secret": "s"}]))
                .unwrap();
        assert_eq!(
            out,
            json!([{"id": "7", "count": 2, "tags": [], "extra": true, "note": null, "rate": 0}])
        );
    }

    #[test]
    fn reports_the_path_of_the_first_mismatch() {
        assert_eq!(
            checked(json!([{"id": "1", "count": 1}, {"id": "2", "count": -1}])).unwrap_err(),
            "data[1].count: expected a non-negative integer, got a number"
        );
        assert_eq!(
            checked(json!([{"id": true, "count": 1}])).unwrap_err(),
            "data[0].id: expected a string or safe-integer id, got a boolean"
        );
        assert_eq!(
            checked(json!([{"count": 1}])).unwrap_err(),
            "data[0].id: expected a string or safe-integer id, got nothing"
        );
        assert_eq!(
            checked(json!([{"id": "1", "count": 1, "tags": ["a", 2]}])).unwrap_err(),
            "data[0].tags[1]: expected a string, got a number"
        );
        assert_eq!(
            checked(json!({"id": "1"})).unwrap_err(),
            "data: expected an array, got an object"
        );
        assert_eq!(
            checked(json!([{"id": "1", "count": 1.5}])).unwrap_err(),
            "data[0].count: expected a non-negative integer, got a number"
        );
    }

    #[test]
    fn ids_beyond_2_53_sent_as_numbers_are_refused_not_rounded() {
        assert_eq!(
            checked(json!([{"id": 7300000000000000001u64, "count": 1}])).unwrap_err(),
            "data[0].id: expected a string or safe-integer id, got a number"
        );
        assert_eq!(
            checked(json!([{"id": 9007199254740991u64, "count": 1}])).unwrap()[0]["id"],
            "9007199254740991"
        );
    }

    /// Kinds as the JS side counts them (`Kind::code`).
    const KINDS: [Kind; 7] = [
        Kind::Undefined,
        Kind::Null,
        Kind::Bool,
        Kind::Number,
        Kind::String,
        Kind::Array,
        Kind::Object,
    ];

    fn bits(kinds: &[Kind]) -> u8 {
        kinds.iter().fold(0, |bits, kind| bits | 1 << kind.code())
    }

    #[test]
    fn settled_kinds_are_exactly_those_that_need_no_work() {
        let field = |shape, missing| Field::or("f", shape, missing, "");
        let cases = [
            (field(Shape::Str, Missing::Required), bits(&[Kind::String])),
            (
                field(Shape::Str, Missing::Null),
                bits(&[Kind::String, Kind::Null]),
            ),
            (
                field(Shape::Number, Missing::Keep),
                bits(&[Kind::Number, Kind::Null, Kind::Undefined]),
            ),
            (field(Shape::Bool, Missing::False), bits(&[Kind::Bool])),
            (field(Shape::Id, Missing::Required), bits(&[Kind::String])),
            (field(Shape::Count, Missing::Zero), 0),
            (
                field(Shape::AnyObject, Missing::Null),
                bits(&[Kind::Object, Kind::Null]),
            ),
            (field(Shape::Any, Missing::Keep), bits(&KINDS)),
            (field(Shape::List(&Shape::Str), Missing::EmptyList), 0),
            (
                field(Shape::Forbidden, Missing::Required),
                bits(&[Kind::Undefined]),
            ),
            (field(Shape::Str, Missing::SameAs("g")), 0),
        ];
        for (field, expected) in cases {
            assert_eq!(settled_kinds(&field), expected, "{field:?}");
        }
    }

    /// Every kind a field counts as settled really needs nothing: checking such a value changes
    /// nothing and finds no mismatch (so the JS scan may skip it), for every field of every
    /// model.
    #[test]
    fn settled_fields_need_no_work_in_any_model() {
        let samples = [
            serde_json::json!(null),
            serde_json::json!(true),
            serde_json::json!(7),
            serde_json::json!(""),
            serde_json::json!("text"),
            serde_json::json!([]),
            serde_json::json!(["a"]),
            serde_json::json!({}),
        ];
        let models: Vec<&Model> = [
            crate::session::models::MODELS,
            crate::session::exchange::MODELS,
            crate::api::keys::MODELS,
            crate::api::audit::MODELS,
        ]
        .concat();
        for model in models {
            for field in model.fields {
                let settled = settled_kinds(field);
                for sample in samples.iter().map(Some).chain([None]) {
                    let object = match sample {
                        Some(value) => serde_json::json!({ "f": value.clone(), "g": "same" }),
                        None => serde_json::json!({ "g": "same" }),
                    };
                    let object = HostJson::from(object);
                    let kind = object.kind_at("f");
                    if settled & (1 << kind.code()) == 0 {
                        continue;
                    }
                    let before = object.to_json();
                    let renamed = Field {
                        name: "f",
                        ..clone_field(field)
                    };
                    let leaked: &'static Field = Box::leak(Box::new(renamed));
                    assert!(
                        check_field(&object, leaked).is_ok() && object.to_json() == before,
                        "{}.{} settled for {kind:?} but checked it",
                        model.name,
                        field.name
                    );
                }
            }
        }
    }

    fn clone_field(field: &Field) -> Field {
        Field {
            name: field.name,
            shape: clone_shape(&field.shape),
            missing: match field.missing {
                Missing::SameAs(_) => Missing::SameAs("g"),
                other => other,
            },
            doc: field.doc,
            ts: field.ts,
        }
    }

    fn clone_shape(shape: &Shape) -> Shape {
        match shape {
            Shape::Str => Shape::Str,
            Shape::Bool => Shape::Bool,
            Shape::Number => Shape::Number,
            Shape::Count => Shape::Count,
            Shape::Id => Shape::Id,
            Shape::Any => Shape::Any,
            Shape::AnyObject => Shape::AnyObject,
            Shape::Forbidden => Shape::Forbidden,
            Shape::List(item) => Shape::List(item),
            Shape::Object(model) => Shape::Object(model),
        }
    }

    #[test]
    fn typescript_follows_the_table() {
        let ts = typescript(&POINT);
        assert!(ts.contains("export interface Point {"), "{ts}");
        assert!(ts.contains("  id: string;"), "{ts}");
        assert!(ts.contains("  tags: string[];"), "{ts}");
        assert!(ts.contains("  note: string | null;"), "{ts}");
        assert!(!ts.contains("secret"), "{ts}");
    }
}
