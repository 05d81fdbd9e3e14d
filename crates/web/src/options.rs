//! [`ClientOptions`]: where the client talks to, its bounds and the app's providers.

use crate::driver::AskFn;
use crate::Error;
use std::future::Future;
use std::rc::Rc;
use wacht_api_auth_core::client::Answer;
use wacht_api_auth_core::session::config::{ClientConfig, Mode};

enum Target {
    PublishableKey(String),
    FrontendApi(String, Mode),
}

/// How to make a [`WachtClient`](crate::WachtClient): a publishable key (or a frontend API URL
/// and mode), optionally the providers, the request timeout and the body cap.
pub struct ClientOptions {
    target: Target,
    pub(crate) ticket_provider: Option<AskFn>,
    pub(crate) get_token: Option<AskFn>,
    timeout_ms: Option<u32>,
    max_body_bytes: Option<u32>,
}

impl ClientOptions {
    /// `pk_test_...` (staging) or `pk_live_...` (production).
    pub fn publishable_key(key: impl Into<String>) -> ClientOptions {
        ClientOptions::of(Target::PublishableKey(key.into()))
    }

    /// The frontend API's origin and the session transport used for the bootstrap.
    pub fn frontend_api(url: impl Into<String>, mode: Mode) -> ClientOptions {
        ClientOptions::of(Target::FrontendApi(url.into(), mode))
    }

    fn of(target: Target) -> ClientOptions {
        ClientOptions {
            target,
            ticket_provider: None,
            get_token: None,
            timeout_ms: None,
            max_body_bytes: None,
        }
    }

    /// A fresh ticket from the app's backend: when the API-auth session has expired, the client
    /// asks for one, exchanges it and retries the read once. An `Err` with code `no_session`
    /// means "no access".
    pub fn ticket_provider<F, Fut>(mut self, provider: F) -> ClientOptions
    where
        F: Fn() -> Fut + 'static,
        Fut: Future<Output = Result<String, Error>> + 'static,
    {
        self.ticket_provider = Some(Rc::new(move || {
            let ticket = provider();
            Box::pin(async move {
                match ticket.await {
                    Ok(ticket) => Answer::Text(Some(ticket)),
                    Err(error) => Answer::Failed(error),
                }
            })
        }));
        self
    }

    /// A session JWT sent as `Authorization: Bearer` on every frontend API request (`None`:
    /// none this time).
    pub fn get_token<F, Fut>(mut self, provider: F) -> ClientOptions
    where
        F: Fn() -> Fut + 'static,
        Fut: Future<Output = Result<Option<String>, Error>> + 'static,
    {
        self.get_token = Some(Rc::new(move || {
            let token = provider();
            Box::pin(async move {
                match token.await {
                    Ok(token) => Answer::Text(token),
                    Err(error) => Answer::Failed(error),
                }
            })
        }));
        self
    }

    /// Every request ends in a `timeout` error after this many milliseconds (1 to 600 000;
    /// default 30 000).
    pub fn timeout_ms(mut self, ms: u32) -> ClientOptions {
        self.timeout_ms = Some(ms);
        self
    }

    /// A response body longer than this many bytes is not read: the call ends in a `decode`
    /// error (1 byte to 1 GiB; default 8 MiB).
    pub fn max_body_bytes(mut self, bytes: u32) -> ClientOptions {
        self.max_body_bytes = Some(bytes);
        self
    }

    /// The core's configuration (`invalid_argument` for a bad key, URL or bound).
    pub(crate) fn config(&self) -> Result<ClientConfig, Error> {
        let mut config = match &self.target {
            Target::PublishableKey(key) => ClientConfig::from_publishable_key(
                key,
                crate::platform::base64,
                crate::platform::url,
            )?,
            Target::FrontendApi(url, mode) => {
                ClientConfig::from_frontend_api_url(url, *mode, crate::platform::url)?
            }
        };
        if let Some(ms) = self.timeout_ms {
            config = config.with_timeout_ms(f64::from(ms))?;
        }
        if let Some(bytes) = self.max_body_bytes {
            config = config.with_max_body_bytes(f64::from(bytes))?;
        }
        Ok(config)
    }
}
