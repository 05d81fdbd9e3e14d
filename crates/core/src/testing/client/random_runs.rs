//! Random runs: stores opened, disposed, dropped and revived, calls, ticket promises answered,
//! providers that answer or not, a server that answers, refuses or holds, timers that run out,
//! in a random order; then every held request is answered and every timer runs out. Whatever
//! happened, the core ends balanced: every call settled (once), the session gate open, no timer
//! running, no read left, and every live store out of its loading states.

use super::{exchange_body, keys_body, session_body};
use crate::api::audit::LOGS_READ;
use crate::api::audit_logs_pages::LogsPages;
use crate::api::key_mutations::REVOKE_KEY;
use crate::client::{Answer, Id, TicketArg, View};
use crate::error::{ClientError, ErrorCode};
use crate::json::HostJson;
use crate::testing::support::{envelope, keys_store, no_session_body, Harness, ProviderFn};
use serde_json::json;
use std::cell::Cell;
use std::collections::HashMap;
use std::rc::Rc;

/// A small xorshift generator, shared by the run and its providers.
#[derive(Clone)]
struct Random(Rc<Cell<u64>>);

impl Random {
    fn below(&self, n: usize) -> usize {
        let mut x = self.0.get();
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0.set(x);
        (x % n as u64) as usize
    }

    fn pick(&self, ids: &[Id]) -> Option<Id> {
        (!ids.is_empty()).then(|| ids[self.below(ids.len())])
    }

    fn ticket(&self) -> String {
        format!("ticket-{}", self.below(3))
    }
}

const PATHS: [&str; 4] = [
    "/session/ticket/exchange",
    "/api-auth/session",
    "/api-auth/keys",
    "/api-auth/audit/logs",
];

/// The successful answer of `url`.
fn body_for(url: &str) -> String {
    if url.contains("/session/ticket/exchange") {
        exchange_body("1")
    } else if url.contains("/audit/logs") {
        envelope(json!({"data": [], "limit": 2, "has_more": true, "next_cursor": "c"}))
    } else if url.contains("/api-auth/keys") {
        keys_body(&["a"])
    } else {
        session_body("1")
    }
}

/// A store the run opened: whether it is live (not disposed) and whether it is a session store.
struct Opened {
    live: bool,
    session: bool,
}

impl Opened {
    fn live(session: bool) -> Opened {
        Opened {
            live: true,
            session,
        }
    }
}

fn run(seed: u64) {
    let random = Random(Rc::new(Cell::new(seed.wrapping_mul(2_654_435_761) | 1)));
    let mut h = Harness::new(crate::transport::Mode::Staging, Some("staging"));
    if random.below(2) == 0 {
        h.server.open_session();
    }
    let (r1, r2) = (random.clone(), random.clone());
    let ticket_provider: ProviderFn = Box::new(move |_| match r1.below(4) {
        0 => None,
        1 => Some(Answer::Text(None)),
        2 => Some(Answer::Failed(ClientError::new(ErrorCode::Http, "backend"))),
        _ => Some(Answer::Text(Some(r1.ticket()))),
    });
    let token_provider: ProviderFn = Box::new(move |_| match r2.below(3) {
        0 => None,
        _ => Some(Answer::Text(Some("jwt".into()))),
    });
    h.providers(
        (random.below(2) == 0).then_some(ticket_provider),
        (random.below(3) == 0).then_some(token_provider),
    );
    let (mut calls, mut stores, mut logs, mut waits) = (vec![], vec![], vec![], vec![]);
    let mut opened: HashMap<Id, Opened> = HashMap::new();
    for _ in 0..80 {
        let path = PATHS[random.below(PATHS.len())];
        match random.below(4) {
            0 => h.server.hold(path),
            1 => h.server.respond(path, 401, no_session_body(), None),
            _ => h.server.respond(path, 200, body_for(path), None),
        }
        let store = random.pick(&stores);
        match random.below(16) {
            0 => {
                let ticket = match random.below(3) {
                    0 => TicketArg::None,
                    1 => TicketArg::Ready(random.ticket()),
                    _ => TicketArg::Pending,
                };
                let (store, wait) = h.session(ticket);
                stores.push(store);
                waits.extend(wait);
                opened.insert(store, Opened::live(true));
            }
            1 => {
                let store = keys_store(&mut h, json!({}));
                stores.push(store);
                opened.insert(store, Opened::live(false));
            }
            2 => {
                let options = LOGS_READ.options(&HostJson::from(json!({}))).unwrap();
                let query = LOGS_READ.query(&options);
                let view = View::Logs(Box::new(LogsPages::new(options)));
                let store = h.core.open_query_store(query, view);
                h.subscribe(store);
                stores.push(store);
                logs.push(store);
                opened.insert(store, Opened::live(false));
            }
            3 => {
                if let Some(store) = store {
                    h.core.dispose(store);
                    opened.entry(store).and_modify(|o| o.live = false);
                }
            }
            4 => {
                if let Some(store) = store {
                    h.core.drop_store(store);
                    opened.remove(&store);
                }
            }
            5 => calls.extend(store.map(|store| h.core.refetch(store))),
            6 => {
                if let Some(store) = store {
                    h.core.subscribed(store);
                    // A disposed session store stays stopped; a disposed query store comes back.
                    opened.entry(store).and_modify(|o| o.live |= !o.session);
                }
            }
            7 => {
                if let Some(store) = store {
                    let ticket = match random.below(2) {
                        0 => TicketArg::Pending,
                        _ => TicketArg::Ready(random.ticket()),
                    };
                    let (call, wait) = h.core.session_exchange(store, ticket);
                    calls.push(call);
                    waits.extend(wait);
                }
            }
            8 => calls.extend(random.pick(&logs).map(|store| h.core.load_more(store))),
            9 => calls.push(h.core.exchange_ticket(&random.ticket())),
            10 => calls.push(h.core.api_auth_session()),
            11 => calls.push(h.core.mode()),
            12 => calls.push(
                h.core
                    .mutate(&REVOKE_KEY, &HostJson::from(json!({"key_id": "1"}))),
            ),
            13 => {
                if let Some(wait) = random.pick(&waits) {
                    waits.retain(|w| *w != wait);
                    let answer = match random.below(3) {
                        0 => Answer::Text(None),
                        1 => Answer::NotText,
                        _ => Answer::Text(Some(random.ticket())),
                    };
                    h.core.on_answer(wait, answer);
                }
            }
            14 => {
                if !h.held().is_empty() {
                    let index = random.below(h.held().len());
                    let url = h.held()[index].url.clone();
                    match random.below(3) {
                        0 => h.release(index, 401, no_session_body()),
                        1 => h.release(index, 500, json!({"message": "boom"}).to_string()),
                        _ => h.release(index, 200, body_for(&url)),
                    };
                }
            }
            _ => h.fire_timers(),
        }
        h.run();
    }
    // The world settles: every request is answered, every timer runs out.
    for path in PATHS {
        h.server
            .respond(path, 500, json!({"message": "down"}).to_string(), None);
    }
    for _ in 0..50 {
        while !h.held().is_empty() {
            h.release(0, 500, json!({"message": "down"}).to_string());
        }
        h.fire_timers();
        if h.running_timers() == 0 && h.held().is_empty() {
            break;
        }
    }
    let state = h.core.debug_state();
    for call in calls {
        assert!(
            h.settled(call),
            "seed {seed}: call {call} never settled: {state}"
        );
    }
    assert!(
        !h.core.gate_is_closed(),
        "seed {seed}: the gate stayed closed: {state}"
    );
    assert_eq!(h.running_timers(), 0, "seed {seed}: {state}");
    assert!(state.starts_with("[] "), "seed {seed}: reads left: {state}");
    for (store, Opened { live, session }) in opened {
        let snapshot = h.snapshot(store);
        let loading: &[&str] = match (live, session) {
            (false, _) => continue,
            (true, true) => &["sessionLoading", "ticketLoading"],
            (true, false) => &["loading", "fetching", "loading_more"],
        };
        for field in loading {
            assert_ne!(
                snapshot[field],
                json!(true),
                "seed {seed}: {field}: {snapshot}"
            );
        }
    }
}

#[test]
fn whatever_happens_every_call_and_store_ends_and_the_gate_opens() {
    for seed in 1..=3000 {
        run(seed);
    }
}
