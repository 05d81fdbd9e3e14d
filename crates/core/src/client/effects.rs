//! What the client core asks of its host (the browser, or a test), and what the host tells it
//! back. The core never waits: every call and every event runs to its end at once and leaves
//! [`Effect`]s behind; the host performs them and reports what happened later through
//! [`crate::client::Core::on_response`], [`crate::client::Core::on_timer`] and
//! [`crate::client::Core::on_answer`].

use crate::error::ClientError;
pub use crate::ids::Id;
use crate::json::Json;
use crate::transport::HttpRequest;

/// Which function of the app an [`Effect::Ask`] calls.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Provider {
    /// `ticketProvider`: a fresh ticket from the app's backend.
    Ticket,
    /// `getToken`: the session JWT sent as `Authorization: Bearer`.
    Token,
}

/// One thing for the host to do, in order.
#[derive(Debug)]
pub enum Effect<J: Json> {
    /// Send a request; report its end with `on_response(request, ..)`.
    Send {
        /// The request's id.
        request: Id,
        /// The request.
        http: HttpRequest,
    },
    /// Abort a request sent earlier; its answer is no longer wanted.
    Abort(Id),
    /// Call `on_timer(timer)` after `ms` milliseconds.
    StartTimer {
        /// The timer's id.
        timer: Id,
        /// Delay.
        ms: u32,
    },
    /// The timer is no longer needed.
    StopTimer(Id),
    /// Call the app's provider and report what it gives with `on_answer(wait, ..)`.
    Ask {
        /// The wait the answer is for.
        wait: Id,
        /// Which provider.
        provider: Provider,
    },
    /// Resolve (or reject) the promise of a call.
    Settle {
        /// The call.
        call: Id,
        /// Its outcome.
        result: Result<J, ClientError>,
    },
    /// The store's snapshot changed: call its listeners.
    Notify(Id),
}

/// What an app promise or provider gave.
#[derive(Debug, Clone)]
pub enum Answer {
    /// A string, or nothing (`null`/`undefined`).
    Text(Option<String>),
    /// Something that is neither a string nor nothing.
    NotText,
    /// It threw or rejected.
    Failed(ClientError),
}
