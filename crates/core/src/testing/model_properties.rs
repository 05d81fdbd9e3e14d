//! The typed models and the checker accept exactly the same values. For every model, on valid
//! values generated from its table, the same with noise, mutations of valid values and random
//! trees (with integers as integers or as doubles, and now and then an integer JSON.parse would
//! round), as `serde_json::Value`: deserializing the value as the model succeeds exactly when
//! the checker accepts it, and then equals what deserializing the checked (gap-filled) value
//! gives.
//!
//! Where the `.d.ts` names a narrower type than the table's shape and the model has the core's
//! type for it (a snapshot's `error` is a `WachtError`, its `status` a `SessionStatus`), the
//! checker's table lets more through than the type; there the property asks for the checker's
//! acceptance and [`narrow`]'s (what the core builds: the codes, statuses and fields of its
//! error, the words of its status). Cases: `WACHT_PROPTEST_CASES` (default 10 000) per model.

use super::decoder_properties::{
    cases, exchange_data, exchange_examples, fail, run_cases, Gen, Json, Verdict,
};
use super::rust_models::models;
use crate::error::{ClientError, ErrorCode};
use crate::json::schema::{check, Field, Model, Shape};
use crate::json::{HostJson, Json as _};
use crate::models::{each_model, TicketExchangeResult, Visit};
use crate::session::exchange::{recognise, AGENT_ACTOR, AGENT_INFO, WEBHOOK_APP_INFO};
use crate::session::models::API_AUTH_APP_INFO;
use crate::session::state::SessionStatus;
use proptest::prelude::*;
use proptest::sample::{select, Index};
use proptest::test_runner::TestCaseError;
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::fmt::Debug;

/// Integers beyond what a double holds exactly, and negative ones (the checker sees the double
/// JSON.parse would make of them).
const BIG: [i128; 8] = [
    9_007_199_254_740_990,
    9_007_199_254_740_991,
    9_007_199_254_740_992,
    9_007_199_254_740_993,
    9_223_372_036_854_775_808,
    18_446_744_073_709_551_615,
    -1,
    -9_223_372_036_854_775_808,
];

/// The spellings of the session's statuses, and one that is none.
const STATUSES: [&str; 7] = [
    "idle",
    "exchanging",
    "loading",
    "ready",
    "no_session",
    "error",
    "busy",
];

/// A generated value as `serde_json`: integers as integers when `ints`, else as doubles;
/// non-finite numbers (which JSON cannot hold) as `null`.
fn to_serde(json: &Json, ints: bool) -> Value {
    match json {
        Json::Null => Value::Null,
        Json::Bool(b) => Value::Bool(*b),
        Json::Num(n) if ints && n.fract() == 0.0 && *n >= 0.0 && *n < 1.8e19 => {
            Value::from(*n as u64)
        }
        Json::Num(n) if ints && n.fract() == 0.0 && *n < 0.0 && *n > -9.2e18 => {
            Value::from(*n as i64)
        }
        Json::Num(n) => serde_json::Number::from_f64(*n).map_or(Value::Null, Value::Number),
        Json::Str(s) => Value::String(s.clone()),
        Json::Arr(items) => Value::Array(items.iter().map(|item| to_serde(item, ints)).collect()),
        Json::Obj(fields) => Value::Object(
            fields
                .iter()
                .map(|(key, value)| (key.clone(), to_serde(value, ints)))
                .collect(),
        ),
    }
}

/// How many numbers a value holds.
fn count_numbers(value: &Value) -> usize {
    match value {
        Value::Number(_) => 1,
        Value::Array(items) => items.iter().map(count_numbers).sum(),
        Value::Object(fields) => fields.values().map(count_numbers).sum(),
        _ => 0,
    }
}

/// Replaces the number numbered `at` (in pre-order) with `big`; `at` counts down.
fn replace_number(value: &mut Value, at: &mut usize, big: &Value) {
    match value {
        Value::Number(_) if *at == 0 => {
            *value = big.clone();
            *at = usize::MAX;
        }
        Value::Number(_) => *at = at.wrapping_sub(1),
        Value::Array(items) => items
            .iter_mut()
            .for_each(|item| replace_number(item, at, big)),
        Value::Object(fields) => fields
            .values_mut()
            .for_each(|item| replace_number(item, at, big)),
        _ => {}
    }
}

/// Replaces one number of the value, picked by `at`, with `big`.
fn plant_big(value: &mut Value, at: &Index, big: i128) {
    let count = count_numbers(value);
    if count == 0 {
        return;
    }
    let big = match u64::try_from(big) {
        Ok(n) => Value::from(n),
        Err(_) => Value::from(big as i64),
    };
    replace_number(value, &mut at.index(count), &big);
}

/// Fields whose Rust type is the core's, narrower than the table's shape.
fn narrowed(field: &Field) -> Option<&'static str> {
    field
        .ts
        .filter(|ts| matches!(*ts, "WachtError" | "SessionStatus"))
}

/// A `WachtError` as the faces build it, sometimes with a code, status or message the core
/// never makes.
fn wacht_error() -> BoxedStrategy<Value> {
    let code = prop_oneof![
        8 => select(ErrorCode::ALL.to_vec()).prop_map(|code| Value::from(code.as_str())),
        1 => Just(Value::from("csp")),
        1 => Just(Value::from(7)),
    ];
    let status = prop_oneof![
        4 => (100_u32..600).prop_map(Value::from),
        2 => Just(Value::Null),
        1 => Just(Value::from(70_000)),
        1 => Just(Value::from(404.0)),
        1 => Just(Value::from(-1)),
    ];
    let message = prop_oneof![5 => "[a-z ]{0,12}".prop_map(Value::from), 1 => Just(Value::Null)];
    let server = prop_oneof![2 => Just(Value::Null), 2 => "[A-Z_]{0,8}".prop_map(Value::from)];
    (code, status, message, server, any::<bool>())
        .prop_map(|(code, status, message, server, built)| {
            let parsed = code.as_str().and_then(ErrorCode::parse);
            match (parsed, &status, &message, built) {
                // What `Json::error` builds, exactly.
                (Some(code), Value::Number(n), Value::String(text), true) => {
                    let mut error = ClientError::new(code, text.clone());
                    error.status = n.as_u64().and_then(|n| u16::try_from(n).ok());
                    error.server_code = server.as_str().map(String::from);
                    HostJson::error(&error).to_json()
                }
                _ => serde_json::json!({"name": "WachtError", "code": code, "status": status,
                    "message": message, "serverCode": server}),
            }
        })
        .boxed()
}

/// A replacement for each narrowed field of `model` (`None`: left as generated).
fn narrowings(model: &'static Model) -> BoxedStrategy<Vec<Option<Value>>> {
    let fields: Vec<BoxedStrategy<Option<Value>>> = model
        .fields
        .iter()
        .filter_map(narrowed)
        .map(|ts| match ts {
            "WachtError" => prop_oneof![1 => Just(None), 3 => wacht_error().prop_map(Some)].boxed(),
            _ => prop_oneof![
                1 => Just(None),
                3 => select(STATUSES.to_vec()).prop_map(|s| Some(Value::from(s))),
            ]
            .boxed(),
        })
        .collect();
    fields.boxed()
}

/// True when every narrowed field of a checked value holds what the core's type can hold.
fn narrow(shape: &Shape, value: &Value) -> bool {
    match (shape, value) {
        (Shape::List(item), Value::Array(items)) => items.iter().all(|v| narrow(item, v)),
        (Shape::Object(model), Value::Object(fields)) => model.fields.iter().all(|field| {
            let value = fields.get(field.name).unwrap_or(&Value::Null);
            match narrowed(field) {
                _ if value.is_null() => true,
                Some("WachtError") => is_wacht_error(value),
                Some(_) => value.as_str().is_some_and(|s| STATUSES[..6].contains(&s)),
                None => narrow(&field.shape, value),
            }
        }),
        _ => true,
    }
}

/// What a `ClientError` can be read from: a known code, a message, an HTTP status if any, the
/// server's code if any (other fields, `name` included, are not read).
fn is_wacht_error(value: &Value) -> bool {
    let absent = |key: &str| value.get(key).is_none_or(Value::is_null);
    let status = value.get("status").and_then(Value::as_f64);
    value
        .get("code")
        .and_then(Value::as_str)
        .and_then(ErrorCode::parse)
        .is_some()
        && value.get("message").is_some_and(Value::is_string)
        && (absent("status")
            || status.is_some_and(|n| n >= 0.0 && n.fract() == 0.0 && n <= 65_535.0))
        && (absent("serverCode") || value.get("serverCode").is_some_and(Value::is_string))
}

/// Inputs for `model`: valid, noisy, mutated and random JSON, as `serde_json` values.
fn inputs(model: &'static Model, shape: &'static Shape) -> BoxedStrategy<Value> {
    let gen = Gen::new(&[shape]);
    let mutator = gen.clone();
    let mutated = gen
        .valid(shape)
        .prop_flat_map(move |example| mutator.mutated(example));
    let source = prop_oneof![
        4 => gen.valid(shape),
        2 => gen.shaped(shape),
        3 => mutated,
        1 => gen.any.clone(),
    ];
    let big =
        prop_oneof![3 => Just(None), 1 => (any::<Index>(), select(BIG.to_vec())).prop_map(Some)];
    (source, any::<bool>(), narrowings(model), big)
        .prop_map(move |(json, ints, narrowings, big)| {
            let mut value = to_serde(&json, ints);
            if let Value::Object(fields) = &mut value {
                let names = model.fields.iter().filter(|f| narrowed(f).is_some());
                for (field, replacement) in names.zip(narrowings) {
                    if let (Some(replacement), true) =
                        (replacement, fields.contains_key(field.name))
                    {
                        fields.insert(field.name.to_string(), replacement);
                    }
                }
            }
            if let Some((at, big)) = big {
                plant_big(&mut value, &at, big);
            }
            value
        })
        .boxed()
}

/// One case: the checker and the typed model `T` agree on `input`.
fn agree<T: DeserializeOwned + PartialEq + Debug>(
    shape: &Shape,
    input: Value,
) -> Result<Verdict, TestCaseError> {
    let checked = check(&HostJson::from(input.clone()), shape).map(|value| value.to_json());
    let typed = serde_json::from_value::<T>(input.clone());
    match (checked, typed) {
        (Ok(checked), Ok(typed)) => {
            if !narrow(shape, &checked) {
                return Err(fail(format!(
                    "the typed model accepts what the core's types cannot hold: {typed:?}"
                )));
            }
            let again = serde_json::from_value::<T>(checked.clone()).map_err(|e| {
                fail(format!(
                    "the checked value {checked} does not deserialize: {e}"
                ))
            })?;
            if again != typed {
                return Err(fail(format!(
                    "typed {typed:?}, but the checked value {checked} gives {again:?}"
                )));
            }
            Ok(Verdict::HostJson)
        }
        (Ok(checked), Err(e)) if narrow(shape, &checked) => Err(fail(format!(
            "the checker accepts it (as {checked}), the typed model refuses it: {e}"
        ))),
        (Ok(_), Err(_)) | (Err(_), Err(_)) => Ok(Verdict::Refused),
        (Err(mismatch), Ok(typed)) => Err(fail(format!(
            "the checker refuses it ({}), the typed model accepts it: {typed:?}",
            mismatch.describe("value")
        ))),
    }
}

/// Cases per model: a quarter of `WACHT_PROPTEST_CASES` (there are some 30 models).
fn model_cases() -> u32 {
    (cases() / 4).max(1)
}

/// Runs the property on each model it visits.
struct Property {
    ran: Vec<&'static str>,
}

impl Visit for Property {
    fn model<T: DeserializeOwned + PartialEq + Debug>(&mut self, name: &'static str) {
        let model = models()
            .into_iter()
            .find(|model| model.name == name)
            .unwrap_or_else(|| panic!("{name} has no table"));
        let shape: &'static Shape = Box::leak(Box::new(Shape::Object(model)));
        run_cases(
            &format!("typed {name}"),
            model_cases(),
            inputs(model, shape),
            |input| agree::<T>(shape, input),
        );
        self.ran.push(name);
    }
}

#[test]
fn the_typed_models_accept_exactly_what_the_checker_accepts() {
    let mut property = Property { ran: Vec::new() };
    each_model(&mut property);
    let tables: Vec<&str> = models().iter().map(|model| model.name).collect();
    assert_eq!(property.ran, tables, "every table has its typed model");
}

#[test]
fn statuses_are_the_cores() {
    let core: Vec<&str> = [
        SessionStatus::Idle,
        SessionStatus::Exchanging,
        SessionStatus::Loading,
        SessionStatus::Ready,
        SessionStatus::NoSession,
        SessionStatus::Error,
    ]
    .iter()
    .map(|status| status.as_str())
    .collect();
    assert_eq!(core, STATUSES[..6]);
}

/// `recognise` on exchange-like data, mutated examples of the four ticket types and random
/// JSON: what it accepts is a [`TicketExchangeResult`] of the type it recognised, and that
/// result serializes back to the same JSON.
#[test]
fn recognised_exchanges_are_typed_exchange_results() {
    let shapes: Vec<&'static Shape> = [
        &API_AUTH_APP_INFO,
        &WEBHOOK_APP_INFO,
        &AGENT_ACTOR,
        &AGENT_INFO,
    ]
    .into_iter()
    .map(|model| &*Box::leak(Box::new(Shape::Object(model))))
    .collect();
    let gen = Gen::new(&shapes);
    let mutator = gen.clone();
    let examples = select(exchange_examples().to_vec())
        .prop_flat_map(move |example| mutator.mutated(Json::from_serde(example)));
    let inputs = prop_oneof![3 => exchange_data(&gen), 3 => examples, 1 => gen.any.clone()];
    let strategy = (inputs, any::<bool>()).prop_map(|(json, ints)| to_serde(&json, ints));
    run_cases(
        "typed TicketExchangeResult",
        model_cases(),
        strategy,
        |input| {
            let Ok(result) = recognise(HostJson::from(input)) else {
                return Ok(Verdict::Refused);
            };
            let value = result.value.to_json();
            let typed = serde_json::from_value::<TicketExchangeResult>(value.clone())
                .map_err(|e| fail(format!("recognised as {value}, not typed: {e}")))?;
            prop_assert_eq!(typed.ticket_type(), result.ticket_type);
            let again = serde_json::to_value(&typed).map_err(|e| fail(e.to_string()))?;
            prop_assert_eq!(
                serde_json::from_value::<TicketExchangeResult>(again).ok(),
                Some(typed)
            );
            Ok(Verdict::HostJson)
        },
    );
}
