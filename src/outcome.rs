//! The crate's one shared-future type. Every piece of async work that several callers await
//! together (the bootstrap, an exchange, a session renewal, a query fetch, a `loadMore`, the
//! gate opening) resolves to a `Result<Value, ClientError>`, so the module carries one copy of
//! `Shared`'s code (about 2 KB each) instead of one per output type.

use crate::error::ClientError;
use crate::json::Value;
use futures::future::{FutureExt, LocalBoxFuture, Shared};
use std::future::Future;

/// A future several callers await; each gets a clone of the outcome.
pub type SharedOutcome = Shared<LocalBoxFuture<'static, Result<Value, ClientError>>>;

/// Makes `future` shareable.
pub fn share(future: impl Future<Output = Result<Value, ClientError>> + 'static) -> SharedOutcome {
    future.boxed_local().shared()
}
