//! The work in flight inside the core, as data: reads on their way to an answer, ticket
//! exchanges, and waits for what the app hands in. Each says what happens with its outcome
//! ([`Then`]), so the core needs no futures and no callbacks.

use super::effects::Id;
use crate::error::ClientError;
use crate::json::schema::Shape;
use crate::json::Json;
use crate::transport::request::ApiRequest;

/// One frontend API read from its start to its checked `data`: the bootstrap, the session gate,
/// `getToken`, the request, and (for `/api-auth/*` reads that find no session) one retry after a
/// session renewal.
#[derive(Debug)]
pub struct ReadOp {
    /// The read's id.
    pub id: Id,
    /// What to send.
    pub request: ApiRequest,
    /// What the answer's `data` must be.
    pub shape: &'static Shape,
    /// Where it stands.
    pub stage: Stage,
    /// The one retry after `no_session` was used.
    pub retried: bool,
    /// The session gate's epoch when the read started: a session established since then means
    /// a `no_session` answer is worth one more try at once.
    pub epoch: u64,
    /// The `no_session` error that stands if the session renewal fails.
    pub held: Option<ClientError>,
    /// What happens with the outcome.
    pub then: Then,
}

/// Where a read stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Waiting for the deployment bootstrap.
    Boot,
    /// Waiting for the end of the current task (this zero-delay timer) before it looks at the
    /// session gate, so a ticket handed over in the same task holds it.
    Soon(Id),
    /// Waiting (with this timer as its bound) for pending ticket exchanges.
    Gate(Id),
    /// Waiting for `getToken` (this wait).
    Token(Id),
    /// On the wire (this request).
    Wire(Id),
    /// Waiting for the session renewal.
    Renewal,
}

/// Where an outcome goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Then {
    /// Settles a call's promise.
    Call(Id),
    /// Settles a cache entry (if the fetch is still its newest).
    Entry {
        /// The entry.
        entry: Id,
        /// The read that fetched it.
        read: Id,
    },
    /// Ends a ticket exchange.
    Exchange(Id),
    /// Ends the session renewal.
    Renewal,
    /// A session store's exchange ended.
    StoreExchanged {
        /// The store.
        store: Id,
        /// The store's exchange generation.
        generation: u64,
        /// The call waiting for the session, if any.
        call: Option<Id>,
    },
    /// A session store's session read ended.
    StoreRead {
        /// The store.
        store: Id,
        /// The store's read generation.
        generation: u64,
        /// The call waiting for the session, if any.
        call: Option<Id>,
    },
    /// A logs store's `loadMore` read ended.
    LoadMore {
        /// The store.
        store: Id,
        /// `data_version` of the first page it continues.
        base: u64,
    },
    /// A key mutation ended: resolves `{ data }`, then refetches what it changed.
    Mutation(Id),
}

/// One ticket exchange, kept by the ticket's SHA-256 (never the ticket) so each ticket is
/// exchanged at most once.
#[derive(Debug)]
pub struct Exchange<J: Json> {
    /// The exchange's id.
    pub id: Id,
    /// SHA-256 of the ticket.
    pub digest: [u8; 32],
    /// The outcome, once there is one (failures that never reached the server are forgotten).
    pub outcome: Option<Result<J, ClientError>>,
    /// The request went out: a failure before that (the bootstrap, `getToken`) is forgotten.
    pub sent: bool,
    /// Who waits for the outcome.
    pub waiters: Vec<Then>,
}

/// A wait for something the app hands in, bounded by `timeoutMs`.
#[derive(Debug)]
pub struct Wait {
    /// The wait's id.
    pub id: Id,
    /// The timer that bounds it.
    pub timer: Id,
    /// What it is for.
    pub what: WaitFor,
}

/// What a [`Wait`] is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WaitFor {
    /// `getToken` for this read.
    Token(Id),
    /// `ticketProvider` for the session renewal.
    RenewalTicket,
    /// The ticket promise of a session store.
    StoreTicket {
        /// The store.
        store: Id,
        /// The store's exchange generation.
        generation: u64,
        /// The call waiting for the session, if any.
        call: Option<Id>,
    },
}

impl WaitFor {
    /// How errors name what did not answer.
    pub fn label(self) -> &'static str {
        match self {
            WaitFor::Token(_) => "getToken",
            WaitFor::RenewalTicket => "ticketProvider",
            WaitFor::StoreTicket { .. } => "the ticket promise",
        }
    }

    /// The error when the answer is neither a string nor nothing.
    pub fn not_text(self) -> &'static str {
        match self {
            WaitFor::Token(_) => "options.getToken must return a string or null",
            WaitFor::RenewalTicket => "options.ticketProvider must return a string or null",
            WaitFor::StoreTicket { .. } => "the ticket promise must resolve to a string",
        }
    }
}
