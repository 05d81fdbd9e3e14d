//! Decoders under random input: data from the network or from JS never makes the client panic.
//! Property tests feed random and mutated JSON to every response decoder, the envelope path and
//! the helpers that read decoded data, and check that each answers with a value or a typed error.
//!
//! - Every shape a response is decoded against ([`DECODERS`]; `a_decoder_covers_every_decoded_shape`
//!   finds them in the sources) gets arbitrary JSON, valid JSON generated from the shape (which
//!   must decode), the same with noise (now and then a wrong kind, a null or a missing field), and
//!   mutations of a valid example, wrapped in an envelope with a 2xx status. `decode_data` must
//!   agree with `check` on a fresh copy, decoded data must be what the `.d.ts` promises, check
//!   again to itself and suit the code that reads it next, and a decode error names the mismatch.
//! - The envelope path gets raw bodies (random text, truncated JSON, HTML pages, empty bodies) and
//!   error envelopes with statuses 100–599: the error code is the one the endpoint family maps the
//!   status to, and the message is the server's or the status line.
//! - `recognise` on random exchange data, and the app-supplied inputs (the read options, the key
//!   mutations' inputs) on random objects. (The chart helper's zero fill is JavaScript: its
//!   properties are in `tests/js/zero_fill.test.mjs`.)
//!
//! Cases per property: `WACHT_PROPTEST_CASES` (default 10 000, what `make test` runs); `make fuzz`
//! runs them in release with more. Each property prints `decoder_properties: <name>: <n> cases`
//! (shown with `--nocapture`; `make fuzz` adds them up). Failures are not persisted (no
//! `proptest-regressions/`): the panic message carries the minimal failing input, and
//! `PROPTEST_RNG_SEED` replays a run.

use crate::api::audit::{
    analytics_snapshot, timeseries_snapshot, ANALYTICS, ANALYTICS_READ, LOGS_PAGE, LOGS_READ,
    TIMESERIES, TIMESERIES_POINTS, TIMESERIES_READ,
};
use crate::api::endpoint::ReadEndpoint;
use crate::api::key_mutations::{KeyMutation, CREATE_KEY, REVOKE_KEY, ROTATE_KEY};
use crate::api::keys::{keys_snapshot, KEYS_READ, KEY_LIST, KEY_WITH_SECRET, REVOKED};
use crate::error::{ClientError, ErrorCode};
use crate::json::schema::{check, Missing, Model, Shape};
use crate::json::{HostJson, Json as _, Kind};
use crate::query::cache::EntryState;
use crate::session::config::{ClientConfig, CLIENT_OPTIONS};
use crate::session::exchange::{
    recognise, TicketType, AGENT_ACTOR, AGENT_INFO, EXCHANGE, WEBHOOK_APP_INFO,
};
use crate::session::models::{SessionData, API_AUTH_APP_INFO, DEPLOYMENT, SESSION_DATA};
use crate::testing::support::{parse_body, parse_url};
use crate::transport::envelope::{decode_data, ErrorKind};
use crate::transport::request::ApiRequest;
use crate::transport::{Body, HttpResponse, Mode};
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::{select, Index};
use proptest::strategy::Union;
use proptest::test_runner::{Config, RngAlgorithm, TestCaseError, TestError, TestRunner};
use serde_json::json;
use std::cell::Cell;
use std::fmt;
use std::time::Instant;

// ---------------------------------------------------------------------------------------------
// Running a property

/// Cases per property: `WACHT_PROPTEST_CASES`, else 10 000.
pub(crate) fn cases() -> u32 {
    std::env::var("WACHT_PROPTEST_CASES")
        .ok()
        .and_then(|cases| cases.trim().parse().ok())
        .unwrap_or(10_000)
}

/// What one case ended in.
pub(crate) enum Verdict {
    /// The input decoded (or parsed) to a value.
    HostJson,
    /// The input was refused with a typed error (or parsed to nothing).
    Refused,
}

/// Runs `property` on `cases()` inputs of `strategy`; panics with the minimal failing input.
pub(crate) fn run<S: Strategy>(
    name: &str,
    strategy: S,
    property: impl Fn(S::Value) -> Result<Verdict, TestCaseError>,
) {
    run_cases(name, cases(), strategy, property)
}

/// Runs `property` on `cases` inputs of `strategy`; panics with the minimal failing input.
pub(crate) fn run_cases<S: Strategy>(
    name: &str,
    cases: u32,
    strategy: S,
    property: impl Fn(S::Value) -> Result<Verdict, TestCaseError>,
) {
    let config = Config {
        cases,
        failure_persistence: None,
        // XorShift: the default ChaCha costs half the run in a debug build.
        rng_algorithm: RngAlgorithm::XorShift,
        ..Config::default()
    };
    let (values, refused) = (Cell::new(0_u64), Cell::new(0_u64));
    let started = Instant::now();
    let outcome = TestRunner::new(config).run(&strategy, |input| {
        let tally = match property(input)? {
            Verdict::HostJson => &values,
            Verdict::Refused => &refused,
        };
        tally.set(tally.get() + 1);
        Ok(())
    });
    match outcome {
        Ok(()) => println!(
            "decoder_properties: {name}: {cases} cases ({} values, {} refused) in {:.1} s",
            values.get(),
            refused.get(),
            started.elapsed().as_secs_f64()
        ),
        Err(TestError::Fail(why, input)) => {
            panic!("property {name} failed: {why}\nminimal failing input: {input:?}")
        }
        Err(TestError::Abort(why)) => panic!("property {name} aborted: {why}"),
    }
}

pub(crate) fn fail(why: String) -> TestCaseError {
    TestCaseError::fail(why)
}

// ---------------------------------------------------------------------------------------------
// JSON as the browser's JSON.parse produces it

/// A JSON value (numbers include the ±Infinity JSON.parse makes of `1e999`, and NaN, which it
/// cannot make, for good measure). Printed as JSON text, so a failing input reads as a body.
#[derive(Clone)]
pub(crate) enum Json {
    Null,
    Bool(bool),
    Num(f64),
    Str(String),
    Arr(Vec<Json>),
    Obj(Vec<(String, Json)>),
}

impl Json {
    pub(crate) fn from_serde(json: serde_json::Value) -> Json {
        match json {
            serde_json::Value::Null => Json::Null,
            serde_json::Value::Bool(b) => Json::Bool(b),
            serde_json::Value::Number(n) => Json::Num(n.as_f64().unwrap_or(f64::NAN)),
            serde_json::Value::String(s) => Json::Str(s),
            serde_json::Value::Array(items) => {
                Json::Arr(items.into_iter().map(Json::from_serde).collect())
            }
            serde_json::Value::Object(fields) => Json::Obj(
                fields
                    .into_iter()
                    .map(|(k, v)| (k, Json::from_serde(v)))
                    .collect(),
            ),
        }
    }

    /// A fresh [`HostJson`] of it (a repeated key keeps its first place and its last value, as
    /// JSON.parse does).
    fn value(&self) -> HostJson {
        match self {
            Json::Null => HostJson::null(),
            Json::Bool(b) => HostJson::from_bool(*b),
            Json::Num(n) => HostJson::from_f64(*n),
            Json::Str(s) => HostJson::string(s),
            Json::Arr(items) => HostJson::array(items.iter().map(Json::value).collect()),
            Json::Obj(fields) => {
                let object = HostJson::object();
                for (key, value) in fields {
                    object.set_field(key, &value.value());
                }
                object
            }
        }
    }

    /// The value JSON.parse keeps for `key` (the last one).
    fn field(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Obj(fields) => fields.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    fn is_object(&self) -> bool {
        matches!(self, Json::Obj(_))
    }

    /// How many values it holds, itself included (the nodes a mutation can pick).
    fn nodes(&self) -> usize {
        1 + match self {
            Json::Arr(items) => items.iter().map(Json::nodes).sum(),
            Json::Obj(fields) => fields.iter().map(|(_, v)| v.nodes()).sum(),
            _ => 0,
        }
    }

    /// JSON text (non-finite numbers as `1e999`, which JSON.parse reads as Infinity).
    fn text(&self) -> String {
        let mut text = String::new();
        self.write(&mut text, false);
        text
    }

    fn write(&self, out: &mut String, debug: bool) {
        match self {
            Json::Null => out.push_str("null"),
            Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Json::Num(n) if n.is_finite() => out.push_str(&format!("{n:?}")),
            Json::Num(n) if debug => out.push_str(&format!("{n}")),
            Json::Num(n) if n.is_nan() => out.push_str("null"),
            Json::Num(n) => out.push_str(if *n > 0.0 { "1e999" } else { "-1e999" }),
            Json::Str(s) => out.push_str(&serde_json::to_string(s).unwrap_or_default()),
            Json::Arr(items) => {
                out.push('[');
                for (index, item) in items.iter().enumerate() {
                    if index > 0 {
                        out.push(',');
                    }
                    item.write(out, debug);
                }
                out.push(']');
            }
            Json::Obj(fields) => {
                out.push('{');
                for (index, (key, value)) in fields.iter().enumerate() {
                    if index > 0 {
                        out.push(',');
                    }
                    out.push_str(&serde_json::to_string(key).unwrap_or_default());
                    out.push(':');
                    value.write(out, debug);
                }
                out.push('}');
            }
        }
    }
}

impl fmt::Debug for Json {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut text = String::new();
        self.write(&mut text, true);
        f.write_str(&text)
    }
}

// ---------------------------------------------------------------------------------------------
// Generators

/// Numbers that sit on an edge: zero and minus zero, fractions, 2^53 and beyond (ids JSON.parse
/// has rounded), u32 and i64 limits, the largest and smallest doubles, the infinities, NaN.
const EDGE_NUMBERS: [f64; 22] = [
    0.0,
    -0.0,
    0.5,
    -1.0,
    1.5,
    9_007_199_254_740_991.0,
    9_007_199_254_740_992.0,
    9_007_199_254_740_994.0,
    7.3e18,
    1.844_674_407_370_955_2e19,
    1e21,
    -1e21,
    4_294_967_295.0,
    4_294_967_296.0,
    1e308,
    f64::MAX,
    f64::MIN,
    f64::MIN_POSITIVE,
    5e-324,
    f64::INFINITY,
    f64::NEG_INFINITY,
    f64::NAN,
];

/// Strings that sit on an edge, or that look like another kind or another field's value.
const EDGE_STRINGS: [&str; 26] = [
    "",
    " ",
    "null",
    "undefined",
    "0",
    "-1",
    "9007199254740993",
    "true",
    "[]",
    "{}",
    "é",
    "🦀",
    "\u{0}",
    "\u{202e}",
    "\u{feff}",
    "a\"b\\c\n",
    "2026-11-22T06:17:32Z",
    "2026-11-22",
    "<html>",
    "staging",
    "production",
    "VALID",
    "BLOCKED",
    "api_auth_access",
    "__proto__",
    "constructor",
];

/// Keys of the frontend API envelope and its errors.
const ENVELOPE_KEYS: [&str; 7] = [
    "status", "message", "data", "session", "errors", "code", "success",
];

/// Strings matching `pattern` (compiled once: a `&str` strategy compiles it for every value).
fn re(pattern: &str) -> BoxedStrategy<String> {
    proptest::string::string_regex(pattern)
        .expect("a valid pattern")
        .boxed()
}

fn number() -> BoxedStrategy<f64> {
    prop_oneof![
        3 => (-1000_i64..1000).prop_map(|n| n as f64),
        2 => any::<i64>().prop_map(|n| n as f64),
        2 => proptest::num::f64::ANY,
        2 => select(EDGE_NUMBERS.to_vec()),
        1 => -1e6..1e6_f64,
    ]
    .boxed()
}

/// A count as the checker sees them: mostly valid, sometimes just not.
fn count() -> BoxedStrategy<f64> {
    prop_oneof![
        20 => (0_u32..100_000).prop_map(f64::from),
        1 => select(EDGE_NUMBERS.to_vec()),
    ]
    .boxed()
}

/// A count the checker accepts, edges included.
fn safe_count() -> BoxedStrategy<f64> {
    prop_oneof![
        20 => (0_u32..100_000).prop_map(f64::from),
        1 => select(vec![0.0, -0.0, 4_294_967_296.0, 9_007_199_254_740_991.0]),
    ]
    .boxed()
}

/// Generators that know the field names of the shapes under test, so random objects use them.
#[derive(Clone)]
pub(crate) struct Gen {
    text: BoxedStrategy<String>,
    key: BoxedStrategy<String>,
    pub(crate) any: BoxedStrategy<Json>,
}

fn collect_names(shape: &'static Shape, names: &mut Vec<&'static str>) {
    match shape {
        Shape::List(item) => collect_names(item, names),
        Shape::Object(model) => {
            for field in model.fields {
                if !names.contains(&field.name) {
                    names.push(field.name);
                }
                collect_names(&field.shape, names);
            }
        }
        _ => {}
    }
}

impl Gen {
    pub(crate) fn new(shapes: &[&'static Shape]) -> Gen {
        let mut names: Vec<&'static str> = ENVELOPE_KEYS.to_vec();
        for shape in shapes {
            collect_names(shape, &mut names);
        }
        let text = prop_oneof![
            3 => re("\\PC{0,12}"),
            2 => re("[a-z_]{0,8}"),
            2 => select(EDGE_STRINGS.to_vec()).prop_map(String::from),
            2 => select(names.clone()).prop_map(String::from),
            1 => re(".{0,8}"),
        ]
        .boxed();
        let key = prop_oneof![
            3 => select(names.clone()).prop_map(String::from),
            1 => text.clone(),
        ]
        .boxed();
        let leaf = prop_oneof![
            1 => Just(Json::Null),
            1 => any::<bool>().prop_map(Json::Bool),
            2 => number().prop_map(Json::Num),
            2 => text.clone().prop_map(Json::Str),
        ];
        let fields = key.clone();
        let any = leaf
            .prop_recursive(4, 40, 6, move |inner| {
                prop_oneof![
                    vec(inner.clone(), 0..6).prop_map(Json::Arr),
                    vec((fields.clone(), inner), 0..6).prop_map(Json::Obj),
                ]
            })
            .boxed();
        Gen { text, key, any }
    }

    /// Values generated from `shape`: mostly of the right kind all the way down, sometimes of a
    /// wrong one; fields sometimes missing or null, sometimes with company.
    pub(crate) fn shaped(&self, shape: &'static Shape) -> BoxedStrategy<Json> {
        let right = match shape {
            Shape::Str => self.text.clone().prop_map(Json::Str).boxed(),
            Shape::Bool => any::<bool>().prop_map(Json::Bool).boxed(),
            Shape::Number => number().prop_map(Json::Num).boxed(),
            Shape::Count => count().prop_map(Json::Num).boxed(),
            Shape::Id => prop_oneof![
                3 => re("[0-9]{1,20}").prop_map(Json::Str),
                2 => count().prop_map(Json::Num),
                1 => self.text.clone().prop_map(Json::Str),
            ]
            .boxed(),
            Shape::Any | Shape::Forbidden => self.any.clone(),
            Shape::AnyObject => vec((self.key.clone(), self.any.clone()), 0..5)
                .prop_map(Json::Obj)
                .boxed(),
            Shape::List(item) => vec(self.shaped(item), 0..4).prop_map(Json::Arr).boxed(),
            Shape::Object(model) => {
                let fields: Vec<BoxedStrategy<Option<(String, Json)>>> = model
                    .fields
                    .iter()
                    .map(|field| {
                        let (name, null) = (field.name.to_string(), field.name.to_string());
                        prop_oneof![
                            30 => self
                                .shaped(&field.shape)
                                .prop_map(move |value| Some((name.clone(), value))),
                            1 => Just(None),
                            1 => Just(Some((null, Json::Null))),
                        ]
                        .boxed()
                    })
                    .collect();
                let extra = vec((self.text.clone(), self.any.clone()), 0..2);
                (fields, extra)
                    .prop_map(|(fields, extra)| {
                        Json::Obj(fields.into_iter().flatten().chain(extra).collect())
                    })
                    .boxed()
            }
        };
        prop_oneof![60 => right, 1 => self.any.clone()].boxed()
    }

    /// Values `shape` accepts, with the gaps it tolerates: optional fields missing or null,
    /// numeric ids, forbidden fields sent anyway, unknown fields.
    pub(crate) fn valid(&self, shape: &'static Shape) -> BoxedStrategy<Json> {
        match shape {
            Shape::Str => self.text.clone().prop_map(Json::Str).boxed(),
            Shape::Bool => any::<bool>().prop_map(Json::Bool).boxed(),
            Shape::Number => number().prop_map(Json::Num).boxed(),
            Shape::Count => safe_count().prop_map(Json::Num).boxed(),
            Shape::Id => prop_oneof![
                2 => re("[0-9]{1,20}").prop_map(Json::Str),
                2 => safe_count().prop_map(Json::Num),
                1 => self.text.clone().prop_map(Json::Str),
            ]
            .boxed(),
            Shape::Any | Shape::Forbidden => self.any.clone(),
            Shape::AnyObject => vec((self.key.clone(), self.any.clone()), 0..5)
                .prop_map(Json::Obj)
                .boxed(),
            Shape::List(item) => vec(self.valid(item), 0..4).prop_map(Json::Arr).boxed(),
            Shape::Object(model) => {
                let fields: Vec<BoxedStrategy<Option<(String, Json)>>> = model
                    .fields
                    .iter()
                    .map(|field| {
                        let name = field.name.to_string();
                        let value = self.valid(&field.shape);
                        let required = matches!(field.missing, Missing::Required)
                            && !matches!(field.shape, Shape::Forbidden);
                        if required {
                            value
                                .prop_map(move |value| Some((name.clone(), value)))
                                .boxed()
                        } else {
                            let null = name.clone();
                            prop_oneof![
                                6 => value.prop_map(move |value| Some((name.clone(), value))),
                                1 => Just(None),
                                1 => Just(Some((null, Json::Null))),
                            ]
                            .boxed()
                        }
                    })
                    .collect();
                // Unknown fields pass through; a prefix keeps them off the model's names.
                let extra = vec((re("x_[a-z0-9_]{0,6}"), self.any.clone()), 0..2);
                (fields, extra)
                    .prop_map(|(fields, extra)| {
                        Json::Obj(fields.into_iter().flatten().chain(extra).collect())
                    })
                    .boxed()
            }
        }
    }

    fn mutation(&self) -> BoxedStrategy<Mutation> {
        prop_oneof![
            3 => Just(Mutation::Drop),
            2 => Just(Mutation::Null),
            3 => self.any.clone().prop_map(Mutation::Replace),
            1 => Just(Mutation::WrapInArray),
            1 => self.key.clone().prop_map(Mutation::WrapInObject),
            1 => Just(Mutation::Duplicate),
            2 => prop_oneof![
                select(EDGE_NUMBERS.to_vec()),
                re("[0-9]{16,21}").prop_map(|digits| digits.parse().unwrap_or(0.0)),
            ]
            .prop_map(Mutation::Number),
            1 => Just(Mutation::EmptyString),
            1 => Just(Mutation::EmptyContainer),
            2 => Just(Mutation::Stringify),
            2 => (self.key.clone(), self.any.clone()).prop_map(|(k, v)| Mutation::AddField(k, v)),
        ]
        .boxed()
    }

    /// `example` with one to three mutations, each at a random node.
    pub(crate) fn mutated(&self, example: Json) -> BoxedStrategy<Json> {
        vec((any::<Index>(), self.mutation()), 1..4)
            .prop_map(move |mutations| {
                let mut json = example.clone();
                for (at, mutation) in &mutations {
                    let mut at = Some(at.index(json.nodes()));
                    if mutate(&mut json, &mut at, mutation) {
                        json = Json::Null;
                    }
                }
                json
            })
            .boxed()
    }
}

/// One change to one node of a valid example.
#[derive(Debug, Clone)]
enum Mutation {
    /// Removed from its object or array (the root becomes `null`).
    Drop,
    Null,
    Replace(Json),
    WrapInArray,
    WrapInObject(String),
    /// `[v, v]` in place of `v`.
    Duplicate,
    Number(f64),
    EmptyString,
    EmptyContainer,
    /// A number as a string, a string as a number, anything else as its JSON text.
    Stringify,
    AddField(String, Json),
}

impl Mutation {
    /// Applies the mutation to `node`; true when the node is to be removed.
    fn apply(&self, node: &mut Json) -> bool {
        let changed = match self {
            Mutation::Drop => return true,
            Mutation::Null => Json::Null,
            Mutation::Replace(json) => json.clone(),
            Mutation::WrapInArray => Json::Arr(vec![node.clone()]),
            Mutation::WrapInObject(key) => Json::Obj(vec![(key.clone(), node.clone())]),
            Mutation::Duplicate => Json::Arr(vec![node.clone(), node.clone()]),
            Mutation::Number(n) => Json::Num(*n),
            Mutation::EmptyString => Json::Str(String::new()),
            Mutation::EmptyContainer => match &*node {
                Json::Obj(_) => Json::Obj(Vec::new()),
                _ => Json::Arr(Vec::new()),
            },
            Mutation::Stringify => match &*node {
                Json::Num(n) => Json::Str(format!("{n}")),
                Json::Str(s) => Json::Num(s.trim().parse().unwrap_or(0.0)),
                other => Json::Str(other.text()),
            },
            Mutation::AddField(key, value) => match &*node {
                Json::Obj(fields) => {
                    let mut fields = fields.clone();
                    fields.push((key.clone(), value.clone()));
                    Json::Obj(fields)
                }
                other => other.clone(),
            },
        };
        *node = changed;
        false
    }
}

/// Applies `mutation` to the node numbered `at` in pre-order (the root is 0; `None` once done).
/// True when `node` itself is to be removed.
fn mutate(node: &mut Json, at: &mut Option<usize>, mutation: &Mutation) -> bool {
    match at {
        None => return false,
        Some(0) => {
            *at = None;
            return mutation.apply(node);
        }
        Some(n) => *n -= 1,
    }
    match node {
        Json::Arr(items) => {
            let mut index = 0;
            while index < items.len() && at.is_some() {
                if mutate(&mut items[index], at, mutation) {
                    items.remove(index);
                } else {
                    index += 1;
                }
            }
        }
        Json::Obj(fields) => {
            let mut index = 0;
            while index < fields.len() && at.is_some() {
                if mutate(&mut fields[index].1, at, mutation) {
                    fields.remove(index);
                } else {
                    index += 1;
                }
            }
        }
        _ => {}
    }
    false
}

// ---------------------------------------------------------------------------------------------
// The decoders

/// One shape a response's `data` is decoded against, with a valid example and what the code that
/// reads the decoded value next expects of it.
struct Decoder {
    /// The static's name in the sources.
    ident: &'static str,
    shape: &'static Shape,
    kind: ErrorKind,
    example: fn() -> serde_json::Value,
    then: fn(&HostJson) -> Result<(), TestCaseError>,
}

static DECODERS: [Decoder; 10] = [
    Decoder {
        ident: "DEPLOYMENT",
        shape: &DEPLOYMENT,
        kind: ErrorKind::Plain,
        example: || json!({"id": "12", "mode": "staging", "frontend_host": "a.wacht.test"}),
        then: |data| {
            let mode = data.string_at("mode").unwrap_or_default();
            let expected = if mode == "staging" {
                Mode::Staging
            } else {
                Mode::Production
            };
            prop_assert_eq!(Mode::from_deployment(&mode), expected);
            Ok(())
        },
    },
    Decoder {
        ident: "SESSION_DATA",
        shape: &SESSION_DATA,
        kind: ErrorKind::ApiAuth,
        example: || json!({"session_id": "7300000000000000001", "api_auth_app": app()}),
        then: |data| {
            let session = SessionData::from_checked(data.clone());
            prop_assert_eq!(
                Some(session.session_id.clone()),
                data.string_at("session_id")
            );
            prop_assert!(session.api_auth_app.is_same(&data.get("api_auth_app")));
            Ok(())
        },
    },
    Decoder {
        ident: "EXCHANGE",
        shape: &EXCHANGE,
        kind: ErrorKind::TicketExchange,
        example: || {
            json!({"success": true, "message": "API auth app session created", "session_id": "9",
                "api_auth_app": app()})
        },
        then: |data| recognised(data).map(drop),
    },
    Decoder {
        ident: "KEY_LIST",
        shape: &KEY_LIST,
        kind: ErrorKind::ApiAuth,
        example: || {
            json!([key(), {"id": 8, "name": "old", "key_prefix": "acme_live", "key_suffix": "12345678",
                "permissions": null, "is_active": false, "created_at": "2025-01-01T00:00:00Z",
                "revoked_at": "2025-06-01T00:00:00Z", "revoked_reason": "Rotated", "secret": "acme_live_LEAK"}])
        },
        then: |keys| {
            for key in keys.items() {
                prop_assert!(
                    !key.keys().iter().any(|k| k == "secret"),
                    "a listed key kept its secret: {:?}",
                    key
                );
            }
            let state = EntryState {
                data: Some(keys.clone()),
                error: None,
                fetching: false,
                version: 1,
                data_version: 1,
            };
            let snapshot = keys_snapshot(Some(&state), &HostJson::object());
            prop_assert!(snapshot.get("keys").is_same(keys));
            prop_assert_eq!(snapshot.get("loading").as_bool(), Some(false));
            Ok(())
        },
    },
    Decoder {
        ident: "KEY_WITH_SECRET",
        shape: &KEY_WITH_SECRET,
        kind: ErrorKind::ApiAuth,
        example: || {
            let mut key = key();
            key["secret"] = json!("acme_live_SECRET");
            key
        },
        then: |key| {
            prop_assert_eq!(key.kind_at("secret"), Kind::String);
            Ok(())
        },
    },
    Decoder {
        ident: "REVOKED",
        shape: &REVOKED,
        kind: ErrorKind::ApiAuth,
        example: || json!({"success": true}),
        then: |_| Ok(()),
    },
    Decoder {
        ident: "LOGS_PAGE",
        shape: &LOGS_PAGE,
        kind: ErrorKind::ApiAuth,
        example: || {
            json!({"data": [log("VALID", json!(null)), log("BLOCKED", json!("100/60s"))], "limit": 100,
                "has_more": true, "next_cursor": "c_2"})
        },
        then: |_| Ok(()),
    },
    Decoder {
        ident: "ANALYTICS",
        shape: &ANALYTICS,
        kind: ErrorKind::ApiAuth,
        example: || {
            json!({"total_requests": 10, "allowed_requests": 8, "blocked_requests": 2,
                "success_rate": 80.0, "keys_used_24h": 2,
                "top_keys": [{"key_id": "7", "key_name": "CI", "total_requests": 6}, {"key_id": 8, "key_name": "old", "total_requests": 4}],
                "top_paths": [{"path": "GET /v1/things", "total_requests": 10}],
                "blocked_reasons": [{"blocked_by_rule": "100/60s", "count": 2, "percentage": 100.0}],
                "rate_limit_stats": {"total_hits": 2, "percentage_of_blocked": 100.0,
                    "top_rules": [{"rule": "100/60s", "hit_count": 2, "percentage": 100.0}]}})
        },
        then: |analytics| {
            let snapshot = analytics_snapshot(Some(&loaded(analytics)), &HostJson::object());
            prop_assert!(snapshot.get("analytics").is_same(analytics));
            Ok(())
        },
    },
    Decoder {
        ident: "TIMESERIES",
        shape: &TIMESERIES,
        kind: ErrorKind::ApiAuth,
        example: || json!({"data": points(), "interval": "hour"}),
        then: |series| {
            let day = HostJson::from(json!({"interval": "day"}));
            let snapshot = timeseries_snapshot(Some(&loaded(series)), &day);
            prop_assert!(snapshot.get("timeseries").is_same(&series.get("data")));
            let interval = snapshot.string_at("interval").unwrap_or_default();
            let served = series.string_at("interval").unwrap_or_default();
            prop_assert_eq!(
                interval,
                if served.is_empty() {
                    "day".into()
                } else {
                    served
                }
            );
            Ok(())
        },
    },
    Decoder {
        ident: "TIMESERIES_POINTS",
        shape: &TIMESERIES_POINTS,
        kind: ErrorKind::ApiAuth,
        example: points,
        then: |points| {
            // What the module hands the JS zero fill: checked points, each with a timestamp.
            for point in points.items() {
                prop_assert_eq!(point.kind_at("timestamp"), Kind::String);
            }
            Ok(())
        },
    },
];

fn decoder(ident: &str) -> &'static Decoder {
    DECODERS
        .iter()
        .find(|decoder| decoder.ident == ident)
        .expect("a decoder of that name")
}

fn loaded(data: &HostJson) -> EntryState<HostJson> {
    EntryState {
        data: Some(data.clone()),
        error: None,
        fetching: true,
        version: 2,
        data_version: 1,
    }
}

fn app() -> serde_json::Value {
    json!({"id": "aa_42", "app_slug": "aa_42", "name": "Acme", "key_prefix": "acme_live",
        "description": "Acme API", "is_active": true,
        "rate_limits": [{"unit": "minute", "duration": 1, "max_requests": 100, "mode": "per_key"},
            {"unit": "day", "duration": 1, "max_requests": 5000}]})
}

fn key() -> serde_json::Value {
    json!({"id": "7300000000000000001", "name": "CI", "key_prefix": "acme_live", "key_suffix": "abcdefgh",
        "permissions": ["keys:read"], "org_role_permissions": [], "workspace_role_permissions": [],
        "organization_id": null, "workspace_id": "12", "organization_membership_id": null,
        "workspace_membership_id": null, "expires_at": "2027-01-01T00:00:00Z", "last_used_at": null,
        "is_active": true, "created_at": "2026-01-01T00:00:00Z", "revoked_at": null, "revoked_reason": null})
}

fn log(outcome: &str, rule: serde_json::Value) -> serde_json::Value {
    json!({"request_id": "req_1", "deployment_id": "12", "app_slug": "aa_42", "key_id": "7",
        "key_name": "CI", "outcome": outcome, "blocked_by_rule": rule, "client_ip": "127.0.0.1",
        "path": "GET /v1/things", "user_agent": "curl/8",
        "rate_limits": "[{\"rule\":\"100/60s\",\"remaining\":99,\"limit\":100}]",
        "timestamp": "2026-11-22T06:17:32Z"})
}

fn points() -> serde_json::Value {
    json!([{"timestamp": "2026-11-22T06:00:00Z", "total_requests": 3, "allowed_requests": 2,
            "blocked_requests": 1, "success_rate": 66.7},
        {"timestamp": "2026-11-22T08:00:00.000Z", "total_requests": 1, "allowed_requests": 1,
            "blocked_requests": 0, "success_rate": 100}])
}

/// What the `.d.ts` promises of checked data: the type of every field, nothing forbidden kept.
/// `Err` holds the path and what broke.
pub(crate) fn conforms(value: &HostJson, shape: &Shape) -> Result<(), String> {
    let kind = value.kind();
    let fits = match shape {
        Shape::Str | Shape::Id => kind == Kind::String,
        Shape::Bool => kind == Kind::Bool,
        Shape::Number => kind == Kind::Number,
        Shape::Count => value
            .as_f64()
            .is_some_and(|n| n >= 0.0 && n.fract() == 0.0 && n <= 9_007_199_254_740_991.0),
        Shape::Any => true,
        Shape::AnyObject => kind == Kind::Object,
        Shape::Forbidden => kind == Kind::Undefined,
        Shape::List(item) => {
            for (index, item_value) in value.items().iter().enumerate() {
                conforms(item_value, item).map_err(|why| format!("[{index}]{why}"))?;
            }
            kind == Kind::Array
        }
        Shape::Object(model) => {
            if kind == Kind::Object {
                fields_conform(value, model)?;
            }
            kind == Kind::Object
        }
    };
    if fits {
        Ok(())
    } else {
        Err(format!(": expected {}, got {}", ts(shape), kind.name()))
    }
}

fn fields_conform(object: &HostJson, model: &Model) -> Result<(), String> {
    for field in model.fields {
        let value = object.get(field.name);
        let within = |why: String| format!(".{}{why}", field.name);
        match (&field.shape, field.missing) {
            (Shape::Forbidden, _) => {
                if object.keys().iter().any(|key| key == field.name) {
                    return Err(within(": a forbidden field was kept".into()));
                }
            }
            (_, Missing::Keep) if value.is_nullish() => {}
            (_, Missing::Null) if value.kind() == Kind::Null => {}
            (_, Missing::SameAs(other)) => {
                conforms(&value, &field.shape).map_err(within)?;
                if value.as_string().is_some_and(|s| s.is_empty())
                    && object.string_at(other).is_some_and(|s| !s.is_empty())
                {
                    return Err(within(format!(": empty, though {other} is not")));
                }
            }
            _ => conforms(&value, &field.shape).map_err(within)?,
        }
    }
    Ok(())
}

fn ts(shape: &Shape) -> String {
    match shape {
        Shape::Str | Shape::Id => "string".into(),
        Shape::Bool => "boolean".into(),
        Shape::Number => "number".into(),
        Shape::Count => "a safe non-negative integer".into(),
        Shape::Any => "unknown".into(),
        Shape::AnyObject => "an object".into(),
        Shape::Forbidden => "nothing".into(),
        Shape::List(item) => format!("{}[]", ts(item)),
        Shape::Object(model) => model.name.into(),
    }
}

/// Decoded data keeps its promises: its type, and it checks again to itself (same handle for
/// objects and lists, same JSON).
fn decoded_data(shape: &Shape, data: &HostJson) -> Result<(), TestCaseError> {
    conforms(data, shape)
        .map_err(|why| fail(format!("decoded data breaks its type: data{why}")))?;
    let before = data.to_json();
    let again = check(data, shape).map_err(|m| {
        fail(format!(
            "decoded data no longer checks: {}",
            m.describe("data")
        ))
    })?;
    if matches!(shape, Shape::Object(_) | Shape::List(_)) {
        prop_assert!(again.is_same(data), "a second check replaced the value");
    }
    prop_assert_eq!(again.to_json(), before, "a second check changed the data");
    Ok(())
}

/// A decode error: the right code, the response's status, a message.
fn decode_error(error: &ClientError, status: u16) -> Result<(), TestCaseError> {
    prop_assert_eq!(error.code, ErrorCode::Decode, "{:?}", error);
    prop_assert_eq!(error.status, Some(status));
    prop_assert!(!error.message.is_empty(), "an empty message");
    Ok(())
}

/// How the envelope around generated data is built.
#[derive(Debug, Clone)]
enum Wrapping {
    /// `{status, message, data, session, errors}`.
    Full,
    /// `{data}`.
    Bare,
    /// `{status, message}`: no `data` at all.
    NoData,
    /// The full envelope and more fields (which may repeat `data`: the last one counts).
    Extra(Vec<(String, Json)>),
}

fn wrap(data: &Json, wrapping: &Wrapping) -> Json {
    let head = || {
        vec![
            ("status".to_string(), Json::Num(200.0)),
            ("message".to_string(), Json::Str(String::new())),
        ]
    };
    let full = || {
        let mut fields = head();
        fields.push(("data".into(), data.clone()));
        fields.push(("session".into(), Json::Null));
        fields.push(("errors".into(), Json::Null));
        fields
    };
    Json::Obj(match wrapping {
        Wrapping::Full => full(),
        Wrapping::Bare => vec![("data".into(), data.clone())],
        Wrapping::NoData => head(),
        Wrapping::Extra(extra) => full().into_iter().chain(extra.iter().cloned()).collect(),
    })
}

fn wrapping(gen: &Gen) -> BoxedStrategy<Wrapping> {
    prop_oneof![
        12 => Just(Wrapping::Full),
        3 => Just(Wrapping::Bare),
        1 => Just(Wrapping::NoData),
        2 => vec((gen.key.clone(), gen.any.clone()), 1..3).prop_map(Wrapping::Extra),
    ]
    .boxed()
}

fn ok_status() -> BoxedStrategy<u16> {
    prop_oneof![8 => Just(200_u16), 1 => 200_u16..300].boxed()
}

/// The property of one decoder on generated data in a 2xx envelope.
fn decodes(
    decoder: &Decoder,
    data: &Json,
    wrapping: &Wrapping,
    status: u16,
) -> Result<Verdict, TestCaseError> {
    let envelope = wrap(data, wrapping);
    let body = envelope.value();
    let response = HttpResponse {
        status,
        status_text: String::new(),
        body: Body::Json(body.clone()),
        dev_session: None,
    };
    let fresh = envelope
        .field("data")
        .map(Json::value)
        .unwrap_or_else(HostJson::undefined);
    let reference = check(&fresh, decoder.shape);
    match (
        decode_data(&response, decoder.kind, decoder.shape),
        reference,
    ) {
        (Ok(data), Ok(expected)) => {
            prop_assert_eq!(data.to_json(), expected.to_json());
            if matches!(decoder.shape, Shape::Object(_) | Shape::List(_)) {
                prop_assert!(
                    data.is_same(&body.get("data")),
                    "not the envelope's own data"
                );
            }
            decoded_data(decoder.shape, &data)?;
            (decoder.then)(&data)?;
            Ok(Verdict::HostJson)
        }
        (Err(error), Err(mismatch)) => {
            decode_error(&error, status)?;
            prop_assert_eq!(
                error.message,
                format!("unexpected response data: {}", mismatch.describe("data"))
            );
            Ok(Verdict::Refused)
        }
        (result, reference) => Err(fail(format!(
            "decode_data gave {result:?}, check of a fresh copy {reference:?}"
        ))),
    }
}

/// Which generator made a decoder's input.
#[derive(Debug, Clone)]
enum Source {
    Any,
    /// [`Gen::valid`]: must decode.
    Valid,
    Shaped,
    Mutated,
}

fn decoder_property(ident: &'static str) {
    let decoder = decoder(ident);
    let gen = Gen::new(&[decoder.shape]);
    let example = Json::from_serde((decoder.example)());
    let data = prop_oneof![
        1 => gen.any.clone().prop_map(|data| (Source::Any, data)),
        2 => gen.valid(decoder.shape).prop_map(|data| (Source::Valid, data)),
        2 => gen.shaped(decoder.shape).prop_map(|data| (Source::Shaped, data)),
        2 => gen.mutated(example).prop_map(|data| (Source::Mutated, data)),
    ];
    run(
        &format!("decoder_{}", ident.to_lowercase()),
        (data, wrapping(&gen), ok_status()),
        |((source, data), wrapping, status)| {
            let verdict = decodes(decoder, &data, &wrapping, status)?;
            let in_data = !matches!(wrapping, Wrapping::NoData | Wrapping::Extra(_));
            if let (Source::Valid, true, Verdict::Refused) = (&source, in_data, &verdict) {
                return Err(fail("valid data was refused".into()));
            }
            Ok(verdict)
        },
    );
}

#[test]
fn decoder_deployment() {
    decoder_property("DEPLOYMENT");
}

#[test]
fn decoder_session_data() {
    decoder_property("SESSION_DATA");
}

#[test]
fn decoder_exchange() {
    decoder_property("EXCHANGE");
}

#[test]
fn decoder_key_list() {
    decoder_property("KEY_LIST");
}

#[test]
fn decoder_key_with_secret() {
    decoder_property("KEY_WITH_SECRET");
}

#[test]
fn decoder_revoked() {
    decoder_property("REVOKED");
}

#[test]
fn decoder_logs_page() {
    decoder_property("LOGS_PAGE");
}

#[test]
fn decoder_analytics() {
    decoder_property("ANALYTICS");
}

#[test]
fn decoder_timeseries() {
    decoder_property("TIMESERIES");
}

#[test]
fn decoder_timeseries_points() {
    decoder_property("TIMESERIES_POINTS");
}

/// Every example is valid: it decodes from its envelope's text, keeps its promises and suits
/// the code that reads it.
#[test]
fn valid_examples_decode() {
    for decoder in &DECODERS {
        let text = crate::testing::support::envelope((decoder.example)());
        let response = HttpResponse {
            status: 200,
            status_text: "OK".into(),
            body: parse_body(&text),
            dev_session: None,
        };
        let data = decode_data(&response, decoder.kind, decoder.shape)
            .unwrap_or_else(|e| panic!("{}: {e}", decoder.ident));
        decoded_data(decoder.shape, &data).unwrap_or_else(|e| panic!("{}: {e}", decoder.ident));
        (decoder.then)(&data).unwrap_or_else(|e| panic!("{}: {e}", decoder.ident));
    }
}

/// Each shape the sources decode a response against (or check `zeroFillTimeseries` points
/// against) has its decoder here: a new one fails this test until it gets one.
#[test]
fn a_decoder_covers_every_decoded_shape() {
    fn sources(dir: &std::path::Path, out: &mut Vec<(String, String)>) {
        for entry in std::fs::read_dir(dir).expect("src/ is readable").flatten() {
            let path = entry.path();
            if path.is_dir() {
                sources(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap_or_default();
                out.push((path.display().to_string(), text));
            }
        }
    }
    // The core's sources and the JS face's (which checks the chart points it is handed).
    let mut files = Vec::new();
    let core = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    sources(&core.join("src"), &mut files);
    sources(&core.join("../../src"), &mut files);
    // The exchange data's own model is private: `recognise` checks it, and its property covers it.
    let mut covered: Vec<&str> = DECODERS.iter().map(|d| d.ident).collect();
    covered.push("EXCHANGE_DATA");
    // `new WachtClient(options)`: its property is `client_options`.
    covered.push("CLIENT_OPTIONS");
    let mut found = Vec::new();
    for (path, text) in &files {
        if path.ends_with("decoder_properties.rs") {
            continue;
        }
        // The library's code only: a test module's shapes are its own.
        let code = text.split("\nmod tests {").next().unwrap_or_default();
        for line in code.lines() {
            let decodes = [
                "decode_data(",
                "fetch_data(",
                "check(",
                "shape: &",
                "data: &",
            ]
            .iter()
            .any(|pattern| line.contains(pattern));
            if !decodes {
                continue;
            }
            for (at, _) in line.match_indices('&') {
                let ident: String = line[at + 1..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                let constant = ident.len() > 1
                    && ident
                        .chars()
                        .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_');
                if constant && !covered.contains(&ident.as_str()) {
                    found.push(format!("{ident} ({path}: {})", line.trim()));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "shapes decoded without a decoder in src/decoder_properties.rs: {found:#?}"
    );
}

// ---------------------------------------------------------------------------------------------
// The envelope path: raw bodies and error statuses

/// The codes `decode_data` may answer with.
const ENVELOPE_CODES: [ErrorCode; 4] = [
    ErrorCode::Decode,
    ErrorCode::Http,
    ErrorCode::NoSession,
    ErrorCode::InvalidTicket,
];

/// The code an endpoint family gives a non-2xx status.
fn error_code(kind: ErrorKind, status: u16) -> ErrorCode {
    match (kind, status) {
        (ErrorKind::TicketExchange, 400 | 401) => ErrorCode::InvalidTicket,
        (ErrorKind::ApiAuth, 401 | 403) => ErrorCode::NoSession,
        _ => ErrorCode::Http,
    }
}

/// A body as it arrives, before the transport parses it.
#[derive(Debug, Clone)]
enum Raw {
    Text(String),
    /// The decoder's valid example in its envelope, cut at a random place.
    TruncatedExample(Index),
    /// The decoder's valid example in its envelope, whole.
    Example,
    Truncated(Json, Index),
    JsonText(Json),
    Html(&'static str, String),
    Blank(&'static str),
    /// A body the transport itself already described as not JSON.
    Described(String),
}

const HTML_PAGES: [&str; 4] = [
    "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1><p>{}</p></body></html>",
    "<html><body>{}</body></html>",
    "<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n{}",
    "{}<!-- a proxy's page -->",
];

fn cut(text: &str, at: &Index) -> String {
    let mut end = at.index(text.len() + 1);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text[..end].to_string()
}

impl Raw {
    fn body(&self, decoder: &Decoder) -> Body<HostJson> {
        let example = || crate::testing::support::envelope((decoder.example)());
        let text = match self {
            Raw::Described(description) => return Body::NotJson(description.clone()),
            Raw::Text(text) => text.clone(),
            Raw::TruncatedExample(at) => cut(&example(), at),
            Raw::Example => example(),
            Raw::Truncated(json, at) => cut(&json.text(), at),
            Raw::JsonText(json) => json.text(),
            Raw::Html(page, inner) => page.replace("{}", inner),
            Raw::Blank(blank) => blank.to_string(),
        };
        parse_body(&text)
    }
}

fn raw(gen: &Gen) -> BoxedStrategy<Raw> {
    prop_oneof![
        2 => prop_oneof![re("\\PC{0,40}"), re(".{0,40}"), re("[{}\\[\\]\":,0-9a-z ]{0,40}")].prop_map(Raw::Text),
        3 => any::<Index>().prop_map(Raw::TruncatedExample),
        1 => Just(Raw::Example),
        2 => (gen.any.clone(), any::<Index>()).prop_map(|(json, at)| Raw::Truncated(json, at)),
        3 => gen.any.clone().prop_map(Raw::JsonText),
        1 => (select(HTML_PAGES.to_vec()), gen.text.clone()).prop_map(|(page, inner)| Raw::Html(page, inner)),
        1 => select(vec!["", " ", "\n\t ", "\u{feff}", "null", "[]", "0", "\"data\""]).prop_map(Raw::Blank),
        1 => gen.text.clone().prop_map(Raw::Described),
    ]
    .boxed()
}

fn any_status() -> BoxedStrategy<u16> {
    prop_oneof![
        3 => 200_u16..300,
        2 => 100_u16..600,
        1 => select(vec![400_u16, 401, 403, 404, 429, 500, 502, 503]),
    ]
    .boxed()
}

fn status_text() -> BoxedStrategy<String> {
    prop_oneof![
        3 => Just(String::new()),
        1 => Just("  Bad Gateway \t".to_string()),
        1 => re("\\PC{0,12}"),
    ]
    .boxed()
}

fn all_shapes() -> Vec<&'static Shape> {
    DECODERS.iter().map(|decoder| decoder.shape).collect()
}

/// Raw bodies of every kind, statuses 100–599, through every decoder.
#[test]
fn envelope_raw_bodies() {
    let gen = Gen::new(&all_shapes());
    run(
        "envelope_raw_bodies",
        (any::<Index>(), any_status(), status_text(), raw(&gen)),
        |(which, status, status_text, raw)| {
            let decoder = &DECODERS[which.index(DECODERS.len())];
            let body = raw.body(decoder);
            let response = HttpResponse {
                status,
                status_text,
                body: body.clone(),
                dev_session: None,
            };
            let ok = (200..300).contains(&status);
            let error = match decode_data(&response, decoder.kind, decoder.shape) {
                Ok(data) => {
                    prop_assert!(ok, "data from a {} response", status);
                    decoded_data(decoder.shape, &data)?;
                    (decoder.then)(&data)?;
                    return Ok(Verdict::HostJson);
                }
                Err(error) => error,
            };
            prop_assert!(ENVELOPE_CODES.contains(&error.code), "{:?}", error);
            prop_assert_eq!(error.status, Some(status));
            prop_assert!(!error.message.is_empty(), "an empty message");
            if !ok {
                prop_assert_eq!(error.code, error_code(decoder.kind, status));
                return Ok(Verdict::Refused);
            }
            prop_assert!(
                !matches!(raw, Raw::Example),
                "a valid example was refused: {}",
                error
            );
            decode_error(&error, status)?;
            let envelope = "expected a JSON envelope, got ";
            match &body {
                Body::Json(value) if value.kind() == Kind::Object => {
                    prop_assert!(error.message.starts_with("unexpected response data: data"))
                }
                Body::Json(value) => {
                    prop_assert_eq!(error.message, [envelope, value.kind().name()].concat())
                }
                Body::NotJson(description) => {
                    prop_assert_eq!(error.message, [envelope, description.as_str()].concat())
                }
            }
            Ok(Verdict::Refused)
        },
    );
}

/// An error answer: an envelope with `message` and `errors` of any kind, or any body at all.
fn error_body(gen: &Gen) -> BoxedStrategy<Json> {
    let message = prop_oneof![
        4 => gen.text.clone().prop_map(Json::Str),
        1 => gen.any.clone(),
    ];
    let code = prop_oneof![
        2 => re("[A-Z_]{0,16}").prop_map(Json::Str),
        2 => number().prop_map(Json::Num),
        1 => gen.any.clone(),
    ];
    let error = (
        prop::option::of(message.clone()),
        prop::option::of(code),
        vec((gen.key.clone(), gen.any.clone()), 0..2),
    )
        .prop_map(|(message, code, extra)| {
            let mut fields: Vec<(String, Json)> = Vec::new();
            fields.extend(message.map(|m| ("message".to_string(), m)));
            fields.extend(code.map(|c| ("code".to_string(), c)));
            Json::Obj(fields.into_iter().chain(extra).collect())
        });
    let errors = prop_oneof![
        4 => vec(prop_oneof![6 => error, 1 => gen.any.clone()], 0..3).prop_map(Json::Arr),
        1 => gen.any.clone(),
    ];
    let envelope = (
        prop::option::of(message),
        prop::option::of(errors),
        prop::option::of(number().prop_map(Json::Num)),
    )
        .prop_map(|(message, errors, status)| {
            let mut fields: Vec<(String, Json)> = Vec::new();
            fields.extend(status.map(|s| ("status".to_string(), s)));
            fields.extend(message.map(|m| ("message".to_string(), m)));
            fields.push(("data".into(), Json::Null));
            fields.extend(errors.map(|e| ("errors".to_string(), e)));
            Json::Obj(fields)
        });
    prop_oneof![4 => envelope, 1 => gen.any.clone()].boxed()
}

/// Non-2xx answers: the family's code, the server's message (`errors[0].message`, else
/// `message`), else the status line; the server's code kept.
#[test]
fn envelope_error_statuses() {
    let gen = Gen::new(&all_shapes());
    let status = prop_oneof![
        2 => select(vec![400_u16, 401, 403, 404, 409, 422, 429, 500, 502, 503]),
        1 => 100_u16..200,
        2 => 300_u16..600,
    ];
    let kind = select(vec![
        ErrorKind::Plain,
        ErrorKind::ApiAuth,
        ErrorKind::TicketExchange,
    ]);
    run(
        "envelope_error_statuses",
        (kind, status, status_text(), error_body(&gen)),
        |(kind, status, status_text, body)| {
            let response = HttpResponse {
                status,
                status_text: status_text.clone(),
                body: Body::Json(body.value()),
                dev_session: None,
            };
            let error = match decode_data(&response, kind, &SESSION_DATA) {
                Ok(data) => return Err(fail(format!("data {data:?} from a {status} response"))),
                Err(error) => error,
            };
            prop_assert_eq!(error.code, error_code(kind, status));
            prop_assert_eq!(error.status, Some(status));
            let text = |json: Option<&Json>| match json {
                Some(Json::Str(s)) if !s.is_empty() => Some(s.clone()),
                _ => None,
            };
            let first = match body.field("errors") {
                Some(Json::Arr(items)) => items.first(),
                _ => None,
            };
            let message = text(first.and_then(|e| e.field("message")))
                .or_else(|| text(body.field("message")))
                .unwrap_or_else(|| match status_text.trim() {
                    "" => format!("HTTP {status}"),
                    line => format!("HTTP {status} {line}"),
                });
            prop_assert_eq!(&error.message, &message);
            prop_assert!(!error.message.is_empty());
            let server_code = match first.and_then(|e| e.field("code")) {
                Some(Json::Str(code)) => Some(code.clone()),
                Some(Json::Num(n)) => HostJson::from_f64(*n).number_text(),
                _ => None,
            };
            prop_assert_eq!(error.server_code, server_code);
            Ok(Verdict::Refused)
        },
    );
}

// ---------------------------------------------------------------------------------------------
// The ticket exchange

static APP: Shape = Shape::Object(&API_AUTH_APP_INFO);
static WEBHOOK_APP: Shape = Shape::Object(&WEBHOOK_APP_INFO);
static ACTOR: Shape = Shape::Object(&AGENT_ACTOR);
static AGENTS: Shape = Shape::List(&Shape::Object(&AGENT_INFO));
static ID: Shape = Shape::Id;

/// `recognise` on decoded exchange data: the type the fields call for, the data as the `.d.ts`
/// types it, and the same again when recognised twice; or a decode error.
fn recognised(data: &HostJson) -> Result<Verdict, TestCaseError> {
    let present = |key: &str| !data.field(key).is_nullish();
    let expected = if present("api_auth_app") {
        Some(TicketType::ApiAuthAccess)
    } else if present("webhook_app") {
        Some(TicketType::WebhookAppAccess)
    } else if present("actor") {
        Some(TicketType::AgentAccess)
    } else if data.kind_at("session") == Kind::Object {
        Some(TicketType::Impersonation)
    } else {
        None
    };
    let has_session_id = present("session_id");
    let result = match recognise(data.clone()) {
        Ok(result) => result,
        Err(error) => {
            decode_error(&error, 200)?;
            let checked = error
                .message
                .starts_with("unexpected ticket exchange data: data");
            match expected {
                None => prop_assert!(
                    checked || error.message == "ticket exchange data matches no known ticket type"
                ),
                Some(TicketType::Impersonation) => prop_assert!(checked, "{}", error),
                Some(_) if has_session_id => prop_assert!(checked, "{}", error),
                Some(_) => prop_assert!(
                    checked || error.message == "ticket exchange data has no session_id"
                ),
            }
            return Ok(Verdict::Refused);
        }
    };
    let value = &result.value;
    prop_assert_eq!(Some(result.ticket_type), expected);
    prop_assert!(value.is_same(data));
    let tag = value.string_at("type");
    prop_assert_eq!(tag.as_deref(), Some(result.ticket_type.as_str()));
    prop_assert_eq!(value.kind_at("message"), Kind::String);
    let part = |key: &'static str, shape: &Shape| {
        conforms(&value.get(key), shape).map_err(|why| fail(format!("{key}{why}")))
    };
    match result.ticket_type {
        TicketType::ApiAuthAccess => part("api_auth_app", &APP)?,
        TicketType::WebhookAppAccess => part("webhook_app", &WEBHOOK_APP)?,
        TicketType::AgentAccess => {
            part("actor", &ACTOR)?;
            part("agents", &AGENTS)?;
        }
        TicketType::Impersonation => prop_assert_eq!(value.kind_at("session"), Kind::Object),
    }
    if result.ticket_type != TicketType::Impersonation {
        part("session_id", &ID)?;
    }
    let before = value.to_json();
    let again = recognise(value.clone())
        .map_err(|e| fail(format!("recognised data is refused the second time: {e}")))?;
    prop_assert_eq!(again.ticket_type, result.ticket_type);
    prop_assert_eq!(again.value.to_json(), before);
    Ok(Verdict::HostJson)
}

pub(crate) fn exchange_examples() -> [serde_json::Value; 4] {
    [
        json!({"success": true, "message": "API auth app session created", "session_id": "9",
            "api_auth_app": app()}),
        json!({"success": true, "message": "Webhook app session created", "session_id": "1",
            "webhook_app": {"app_slug": "payment-webhooks", "name": "Payment Webhooks",
                "signing_secret": "whsec_x", "is_active": true}}),
        json!({"success": true, "message": "Agent session created", "session_id": 2,
            "actor": {"id": "777", "display_name": "Debug Actor 777", "subject_type": "debug", "external_key": 777},
            "agents": [{"id": "1", "name": "Support Agent", "description": "Handles support"}]}),
        json!({"success": true, "message": "Impersonation successful", "session": {"id": "3"}}),
    ]
}

/// Exchange data with each of its fields there about half the time.
pub(crate) fn exchange_data(gen: &Gen) -> BoxedStrategy<Json> {
    let field = |name: &'static str, value: BoxedStrategy<Json>| {
        prop::option::weighted(0.5, prop_oneof![6 => value, 1 => Just(Json::Null)])
            .prop_map(move |value| value.map(|value| (name.to_string(), value)))
            .boxed()
    };
    let session = prop_oneof![
        2 => vec((gen.key.clone(), gen.any.clone()), 0..3).prop_map(Json::Obj),
        1 => gen.any.clone(),
    ];
    let fields = vec![
        field("success", any::<bool>().prop_map(Json::Bool).boxed()),
        field("message", gen.text.clone().prop_map(Json::Str).boxed()),
        field("session_id", gen.shaped(&ID)),
        field("api_auth_app", gen.shaped(&APP)),
        field("webhook_app", gen.shaped(&WEBHOOK_APP)),
        field("actor", gen.shaped(&ACTOR)),
        field("agents", gen.shaped(&AGENTS)),
        field("session", session.boxed()),
        field("type", gen.text.clone().prop_map(Json::Str).boxed()),
    ];
    fields
        .prop_map(|fields| Json::Obj(fields.into_iter().flatten().collect()))
        .boxed()
}

/// `recognise` after the exchange's envelope, on exchange-like data, mutated examples of the four
/// ticket types and arbitrary JSON.
#[test]
fn exchange_recognise() {
    let gen = Gen::new(&[&APP, &WEBHOOK_APP, &ACTOR, &AGENTS]);
    let [api, webhook, agent, impersonation] = exchange_examples().map(Json::from_serde);
    let data = prop_oneof![
        4 => exchange_data(&gen),
        1 => gen.any.clone(),
        1 => gen.mutated(api),
        1 => gen.mutated(webhook),
        1 => gen.mutated(agent),
        1 => gen.mutated(impersonation),
    ];
    run("exchange_recognise", data, |data| {
        let response = HttpResponse {
            status: 200,
            status_text: String::new(),
            body: Body::Json(wrap(&data, &Wrapping::Full).value()),
            dev_session: None,
        };
        match decode_data(&response, ErrorKind::TicketExchange, &EXCHANGE) {
            Ok(decoded) => {
                prop_assert!(data.is_object());
                recognised(&decoded)
            }
            Err(error) => {
                prop_assert!(!data.is_object());
                decode_error(&error, 200)?;
                Ok(Verdict::Refused)
            }
        }
    });
}

#[test]
fn exchange_examples_are_recognised() {
    let types = [
        TicketType::ApiAuthAccess,
        TicketType::WebhookAppAccess,
        TicketType::AgentAccess,
        TicketType::Impersonation,
    ];
    for (example, ticket_type) in exchange_examples().into_iter().zip(types) {
        let data = HostJson::from(example);
        assert!(matches!(recognised(&data), Ok(Verdict::HostJson)));
        assert_eq!(
            data.string_at("type").as_deref(),
            Some(ticket_type.as_str())
        );
    }
}

// ---------------------------------------------------------------------------------------------
// The app's inputs

/// An input the app passes in, checked and turned into its request.
enum InputReader {
    /// The options of a read.
    Options(&'static ReadEndpoint),
    /// The input of a key mutation.
    Mutation(&'static KeyMutation),
}

impl InputReader {
    fn shape(&self) -> Shape {
        match self {
            InputReader::Options(read) => Shape::Object(read.options),
            InputReader::Mutation(mutation) => Shape::Object(mutation.input),
        }
    }

    /// The request's path segments (`/api-auth/keys/1/rotate` has 5).
    fn segments(&self) -> usize {
        match self {
            InputReader::Options(read) => read.path.split('/').count(),
            InputReader::Mutation(mutation) => 3 + 2 * usize::from(mutation.action.is_some()),
        }
    }

    fn read(&self, value: &HostJson) -> Result<ApiRequest, ClientError> {
        match self {
            InputReader::Options(read) => read.options(value).map(|o| read.query(&o).request),
            InputReader::Mutation(mutation) => mutation.request(value),
        }
    }
}

static INPUTS: [InputReader; 7] = [
    InputReader::Options(&KEYS_READ),
    InputReader::Mutation(&CREATE_KEY),
    InputReader::Mutation(&ROTATE_KEY),
    InputReader::Mutation(&REVOKE_KEY),
    InputReader::Options(&LOGS_READ),
    InputReader::Options(&ANALYTICS_READ),
    InputReader::Options(&TIMESERIES_READ),
];

/// Options and mutation inputs from random objects: a request whose path has its own segments
/// only (an id never adds any), or an `invalid_argument` error naming the argument.
#[test]
fn app_inputs() {
    let shapes: Vec<&'static Shape> = INPUTS
        .iter()
        .map(|i| &*Box::leak(Box::new(i.shape())))
        .collect();
    let gen = Gen::new(&shapes);
    let cases = Union::new(shapes.iter().enumerate().map(|(index, shape)| {
        (
            Just(index),
            prop_oneof![3 => gen.shaped(shape), 1 => gen.any.clone()],
        )
            .boxed()
    }));
    run("app_inputs", cases, |(index, json)| {
        let input = &INPUTS[index];
        match input.read(&json.value()) {
            Ok(request) => {
                let http = request.to_http("http://h", Mode::Production, None);
                let path = http
                    .url
                    .strip_prefix("http://h")
                    .unwrap_or_default()
                    .split('?')
                    .next()
                    .unwrap_or_default();
                prop_assert!(path.starts_with("/api-auth/"), "{}", http.url);
                prop_assert_eq!(path.split('/').count(), input.segments(), "{}", http.url);
                prop_assert!(!http.url.contains('#'), "{}", http.url);
                Ok(Verdict::HostJson)
            }
            Err(error) => {
                prop_assert_eq!(error.code, ErrorCode::InvalidArgument);
                prop_assert!(
                    ["createKey", "rotateKey", "revokeKey", "options", "key_id"]
                        .iter()
                        .any(|root| error.message.starts_with(root)),
                    "{}",
                    error
                );
                Ok(Verdict::Refused)
            }
        }
    });
}

/// `new WachtClient(options)` on random objects, and on objects with a usable location and
/// random bounds: a configuration with an http(s) origin and bounds in range, or an
/// `invalid_argument` error.
#[test]
fn client_options() {
    static OPTIONS: Shape = Shape::Object(&CLIENT_OPTIONS);
    let gen = Gen::new(&[&OPTIONS]);
    let bound = || {
        prop_oneof![
            Just(None),
            number().prop_map(Some),
            (0..2_000_000u32).prop_map(|n| Some(f64::from(n)))
        ]
    };
    let cases = (
        prop_oneof![3 => gen.shaped(&OPTIONS), 1 => gen.any.clone()],
        0..4u8,
        bound(),
        bound(),
    );
    run("client_options", cases, |(json, location, timeout, cap)| {
        let options = json.value();
        if options.kind() == Kind::Object && location < 3 {
            // A usable location (else the generated one), so the valid paths are taken too.
            for field in ["publishableKey", "frontendApiUrl", "mode"] {
                options.remove(field);
            }
            match location {
                0 => options.set(
                    "publishableKey",
                    &HostJson::string("pk_test_aHR0cDovL2xvY2FsaG9zdDo4Nzg3"),
                ),
                1 => options.set(
                    "publishableKey",
                    &HostJson::string("pk_live_aHR0cHM6Ly9hLmIvYw"),
                ),
                _ => {
                    options.set(
                        "frontendApiUrl",
                        &HostJson::string("https://api.example.com:8443/x"),
                    );
                    options.set("mode", &HostJson::string("staging"));
                }
            }
            for (field, value) in [("timeoutMs", timeout), ("maxBodyBytes", cap)] {
                match value {
                    Some(n) => options.set(field, &HostJson::from_f64(n)),
                    None => options.remove(field),
                }
            }
        }
        match ClientConfig::from_options(&options, base64_decode, parse_url) {
            Ok(config) => {
                prop_assert!(
                    config.frontend_api_url.starts_with("http://")
                        || config.frontend_api_url.starts_with("https://"),
                    "{}",
                    config.frontend_api_url
                );
                prop_assert!((1..=600_000).contains(&config.timeout_ms));
                prop_assert!((1..=1_073_741_824).contains(&config.max_body_bytes));
                Ok(Verdict::HostJson)
            }
            Err(error) => {
                prop_assert_eq!(error.code, ErrorCode::InvalidArgument);
                prop_assert!(!error.message.is_empty());
                Ok(Verdict::Refused)
            }
        }
    });
}

/// What `atob` accepts, on the host.
fn base64_decode(text: &str) -> Option<Vec<u8>> {
    use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
    use base64::engine::DecodePaddingMode;
    use base64::Engine;
    let config =
        GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent);
    GeneralPurpose::new(&base64::alphabet::STANDARD, config)
        .decode(text)
        .ok()
}
