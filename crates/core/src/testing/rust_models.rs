//! The typed models (`src/models/generated.rs`) printed from the shape tables, as the `.d.ts`
//! is: one serde struct per model, its fields' types and serde attributes following each field's
//! shape and what its gap means, so that a struct accepts what the checker accepts.

use crate::json::schema::{Field, Missing, Model, Shape};

/// Every model the typed models declare: the `.d.ts` models, in the same order.
pub(crate) fn models() -> Vec<&'static Model> {
    [
        crate::session::models::MODELS,
        crate::session::exchange::MODELS,
        crate::api::keys::MODELS,
        crate::api::audit::MODELS,
    ]
    .concat()
}

/// The Rust type of a value of `shape`.
fn rust_type(shape: &Shape) -> String {
    match shape {
        Shape::Str | Shape::Id => "String".into(),
        Shape::Bool => "bool".into(),
        Shape::Number => "f64".into(),
        Shape::Count => "u64".into(),
        Shape::Any => "serde_json::Value".into(),
        Shape::AnyObject => "serde_json::Map<String, serde_json::Value>".into(),
        Shape::List(item) => match item {
            // The checker refuses numeric ids and counts that are not integers in a list only
            // where a deserializer per item would be needed: no table has such a list.
            Shape::Count | Shape::Forbidden => panic!("no typed model for a list of {item:?}"),
            _ => format!("Vec<{}>", rust_type(item)),
        },
        Shape::Object(model) => model.name.into(),
        Shape::Forbidden => unreachable!("forbidden fields have no place"),
    }
}

/// The Rust type of a field: its shape's, or the core's type a `.d.ts` name stands for.
fn field_type(field: &Field) -> String {
    match (field.ts, &field.shape) {
        (Some("WachtError"), Shape::AnyObject) => "ClientError".into(),
        (Some("SessionStatus"), Shape::Str) => "SessionStatus".into(),
        (Some(ts), _) if !ts.starts_with('"') => {
            panic!("{}: no Rust type for the TypeScript type {ts}", field.name)
        }
        _ => rust_type(&field.shape),
    }
}

/// `hasSession` → `has_session`.
fn snake_case(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_uppercase() {
            out.push('_');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    assert!(
        !["type", "ref", "self", "match", "mod", "use", "fn", "move", "loop"].contains(&&*out),
        "{name} is a Rust keyword"
    );
    out
}

/// The serde attributes and the type of a field (its gap as the checker fills it).
fn field_code(field: &Field) -> (Vec<String>, String) {
    let base = field_type(field);
    let mut attrs = Vec::new();
    let with = |function: &str| format!("deserialize_with = \"de::{function}\"");
    let shape = &field.shape;
    let ty = match field.missing {
        Missing::Required => {
            match shape {
                Shape::Id => attrs.push(with("id")),
                Shape::Count => attrs.push(with("count")),
                Shape::Any => attrs.push(with("present")),
                _ => {}
            }
            base
        }
        Missing::Null | Missing::Keep => {
            attrs.push("default".into());
            match shape {
                Shape::Id => attrs.push(with("opt_id")),
                Shape::Count => attrs.push(with("opt_count")),
                _ => {}
            }
            if let Missing::Keep = field.missing {
                attrs.push("skip_serializing_if = \"Option::is_none\"".into());
            }
            format!("Option<{base}>")
        }
        Missing::EmptyList | Missing::EmptyString | Missing::False | Missing::Zero => {
            let fits = matches!(
                (field.missing, shape),
                (Missing::EmptyList, Shape::List(_))
                    | (Missing::EmptyString, Shape::Str)
                    | (Missing::False, Shape::Bool)
                    | (Missing::Zero, Shape::Number | Shape::Count)
            );
            assert!(
                fits,
                "{}: {:?} cannot fill {shape:?}",
                field.name, field.missing
            );
            attrs.push("default".into());
            attrs.push(with(match shape {
                Shape::Count => "count_or_zero",
                _ => "or_default",
            }));
            base
        }
        Missing::SameAs(_) => {
            assert!(matches!(shape, Shape::Str | Shape::Id), "{}", field.name);
            base
        }
    };
    (attrs, ty)
}

fn push_doc(out: &mut String, indent: &str, doc: &str) {
    for line in doc.lines() {
        let line = format!("{indent}/// {line}");
        out.push_str(line.trim_end());
        out.push('\n');
    }
}

/// One field of a struct, with its docs and attributes.
fn push_field(out: &mut String, field: &Field, attrs: Vec<String>, ty: &str, public: bool) {
    let rust = snake_case(field.name);
    let mut attrs = attrs;
    if rust != field.name {
        attrs.insert(0, format!("rename = \"{}\"", field.name));
    }
    push_doc(out, "    ", field.doc);
    if let Some(union) = field.ts.filter(|ts| ts.starts_with('"')) {
        // The `.d.ts` names the words in use; the checker (and so the type) takes any string.
        let words: Vec<String> = union
            .split(" | ")
            .filter_map(|word| word.strip_prefix('"')?.strip_suffix('"'))
            .map(|word| format!("`{word}`"))
            .collect();
        push_doc(
            out,
            "    ",
            &format!("\nKnown values: {}.", words.join(", ")),
        );
    }
    if !attrs.is_empty() {
        out.push_str(&format!("    #[serde({})]\n", attrs.join(", ")));
    }
    let visibility = if public { "pub " } else { "" };
    out.push_str(&format!("    {visibility}{rust}: {ty},\n"));
}

/// The fields of `model` that the struct has (a forbidden field has none).
fn kept(model: &Model) -> impl Iterator<Item = &Field> {
    model
        .fields
        .iter()
        .filter(|field| !matches!(field.shape, Shape::Forbidden))
}

/// The struct of a model; a model with a field that falls back to another one is read through
/// a wire struct, where that field is optional (returned second).
fn rust_struct(model: &Model) -> (String, Option<String>) {
    let same_as = kept(model).any(|field| matches!(field.missing, Missing::SameAs(_)));
    let mut out = String::new();
    push_doc(&mut out, "", model.doc);
    let default = if kept(model).all(has_default) {
        ", Default"
    } else {
        ""
    };
    let secret = kept(model).any(is_secret);
    let debug = if secret { "" } else { ", Debug" };
    out.push_str(&format!(
        "#[derive(Clone{debug}{default}, PartialEq, Serialize, Deserialize)]\n"
    ));
    if same_as {
        out.push_str(&format!("#[serde(from = \"{}Wire\")]\n", model.name));
    } else {
        out.push_str("#[serde(remote = \"Self\")]\n");
    }
    out.push_str(&format!("pub struct {} {{\n", model.name));
    for field in kept(model) {
        let (attrs, ty) = field_code(field);
        let attrs = if matches!(field.missing, Missing::SameAs(_)) {
            Vec::new()
        } else {
            attrs
        };
        push_field(&mut out, field, attrs, &ty, true);
    }
    out.push_str("}\n");
    if !same_as {
        out.push_str(&object_only(model.name, true));
    }
    if secret {
        out.push_str(&redacted_debug(model));
    }
    (out, same_as.then(|| wire_struct(model)))
}

/// A field that holds a secret: `Debug` (and so every log of the model) never prints it.
fn is_secret(field: &Field) -> bool {
    field.name == "secret" || field.name.ends_with("_secret")
}

/// `Debug` of a model with a secret: every field, with the secret's value as `[redacted]`.
fn redacted_debug(model: &Model) -> String {
    let name = model.name;
    let mut out = format!(
        "\nimpl std::fmt::Debug for {name} {{\n    \
         fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {{\n        \
         f.debug_struct(\"{name}\")\n"
    );
    for field in kept(model) {
        let rust = snake_case(field.name);
        let value = if is_secret(field) {
            "&\"[redacted]\"".to_owned()
        } else {
            format!("&self.{rust}")
        };
        out.push_str(&format!("            .field(\"{rust}\", {value})\n"));
    }
    out.push_str("            .finish()\n    }\n}\n");
    out
}

/// True when a field has a value when absent (so the struct can derive `Default`).
fn has_default(field: &Field) -> bool {
    !matches!(field.missing, Missing::Required | Missing::SameAs(_))
}

/// The `Deserialize` impl of a struct derived with `remote = "Self"`, which reads it only from
/// an object (and its `Serialize`, which the derive leaves to be written too).
fn object_only(name: &str, serialize: bool) -> String {
    let mut out = format!(
        "\nimpl<'de> Deserialize<'de> for {name} {{\n    \
         fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<{name}, D::Error> {{\n        \
         {name}::deserialize(de::ObjectOnly(deserializer))\n    }}\n}}\n"
    );
    if serialize {
        out.push_str(&format!(
            "\nimpl Serialize for {name} {{\n    \
             fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {{\n        \
             {name}::serialize(self, serializer)\n    }}\n}}\n"
        ));
    }
    out
}

/// The wire form of a model with fallbacks, and how it becomes the model.
fn wire_struct(model: &Model) -> String {
    let name = model.name;
    let mut out = String::new();
    out.push_str(&format!(
        "/// `{name}` as sent: a field that falls back to another one may be missing.\n"
    ));
    out.push_str("#[derive(Deserialize)]\n#[serde(remote = \"Self\")]\n");
    out.push_str(&format!("struct {name}Wire {{\n"));
    for field in kept(model) {
        let (attrs, ty) = field_code(field);
        let (attrs, ty) = match (field.missing, &field.shape) {
            (Missing::SameAs(_), Shape::Id) => (
                vec!["default".into(), "deserialize_with = \"de::opt_id\"".into()],
                "Option<String>".into(),
            ),
            (Missing::SameAs(_), _) => (vec!["default".into()], "Option<String>".into()),
            _ => (attrs, ty),
        };
        push_field(&mut out, field, attrs, &ty, false);
    }
    out.push_str("}\n");
    out.push_str(&object_only(&format!("{name}Wire"), false));
    out.push('\n');
    out.push_str(&format!(
        "impl From<{name}Wire> for {name} {{\n    fn from(wire: {name}Wire) -> {name} {{\n"
    ));
    for field in kept(model) {
        if let Missing::SameAs(other) = field.missing {
            let source = model.fields.iter().find(|f| f.name == other);
            let fits = source.is_some_and(|source| {
                matches!(source.missing, Missing::Required | Missing::EmptyString)
                    && matches!(source.shape, Shape::Str | Shape::Id)
            });
            assert!(
                fits,
                "{name}.{}: falls back to {other}, not a string field",
                field.name
            );
            out.push_str(&format!(
                "        let {rust} = wire.{rust}.filter(|text| !text.is_empty()).unwrap_or_else(|| wire.{source}.clone());\n",
                rust = snake_case(field.name),
                source = snake_case(other),
            ));
        }
    }
    out.push_str(&format!("        {name} {{\n"));
    for field in kept(model) {
        let rust = snake_case(field.name);
        if matches!(field.missing, Missing::SameAs(_)) {
            out.push_str(&format!("            {rust},\n"));
        } else {
            out.push_str(&format!("            {rust}: wire.{rust},\n"));
        }
    }
    out.push_str("        }\n    }\n}\n");
    out
}

/// The whole generated file.
pub(crate) fn generated() -> String {
    let mut out = String::from(
        "// Generated from the shape tables in crates/core/src/ by `WACHT_UPDATE_TYPES=1 cargo test -p wacht-api-auth-core`; do not edit.\n\
         //! The typed models, generated from the shape tables (see the `models` module).\n\n\
         use super::de;\n\
         #[allow(unused_imports)]\n\
         use crate::error::ClientError;\n\
         #[allow(unused_imports)]\n\
         use crate::session::state::SessionStatus;\n\
         use serde::{Deserialize, Serialize};\n",
    );
    let mut wires = String::new();
    for model in models() {
        let (code, wire) = rust_struct(model);
        out.push('\n');
        out.push_str(&code);
        if let Some(wire) = wire {
            wires.push('\n');
            wires.push_str(&wire);
        }
    }
    out.push_str(&wires);
    out.push_str("\n/// Runs something on each typed model (the property test).\n");
    out.push_str(
        "#[cfg(test)]\npub(crate) trait Visit {\n    \
         /// Runs on the model `T`, whose interface is `name`.\n    \
         fn model<T: serde::de::DeserializeOwned + PartialEq + std::fmt::Debug>(&mut self, name: &'static str);\n}\n\n",
    );
    out.push_str("/// Calls `visit` with every model and its interface name.\n");
    out.push_str("#[cfg(test)]\npub(crate) fn each_model(visit: &mut impl Visit) {\n");
    for model in models() {
        out.push_str(&format!("    visit.model::<{0}>(\"{0}\");\n", model.name));
    }
    out.push_str("}\n");
    out
}

#[cfg(test)]
mod tests {
    const PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/src/models/generated.rs");

    /// The typed models come from the same tables as the checker and the `.d.ts`.
    /// `WACHT_UPDATE_TYPES=1 cargo test` rewrites the file after a table changed.
    #[test]
    fn the_typed_models_are_generated_from_the_shape_tables() {
        let generated = super::generated();
        if std::env::var_os("WACHT_UPDATE_TYPES").is_some() {
            std::fs::write(PATH, &generated).unwrap();
        }
        let committed = std::fs::read_to_string(PATH).unwrap_or_default();
        assert!(
            committed == generated,
            "crates/core/src/models/generated.rs is stale: run `WACHT_UPDATE_TYPES=1 cargo test -p wacht-api-auth-core --lib`"
        );
    }
}
