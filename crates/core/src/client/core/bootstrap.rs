//! The deployment bootstrap (`GET /deployment`): which session mode the deployment uses, asked once
//! before the first read, and retried by the next read after a failure.

use super::{Boot, Core};
use crate::client::effects::Id;
use crate::client::ops::Stage;
use crate::error::ClientError;
use crate::json::Json;
use crate::session::models::DEPLOYMENT;
use crate::transport::envelope::{decode_data, ErrorKind};
use crate::transport::request::ApiRequest;
use crate::transport::{HttpResponse, Mode};

impl<J: Json> Core<J> {
    // ---- calls -------------------------------------------------------------------------------

    /// `mode()`: the deployment's session mode, bootstrapping first if needed.
    pub fn mode(&mut self) -> Id {
        let call = self.next_id();
        match self.boot {
            Boot::Done(mode) => self.settle(Some(call), Ok(J::string(mode.as_str()))),
            Boot::Idle => {
                self.start_boot();
                self.mode_calls.push(call);
            }
            Boot::Running(_) => self.mode_calls.push(call),
        }
        call
    }

    // ---- bootstrap ---------------------------------------------------------------------------

    pub(super) fn start_boot(&mut self) {
        let mode = self.config.mode;
        let token = match mode {
            Mode::Staging => self.dev_session.bootstrap(),
            Mode::Production => None,
        };
        let http =
            ApiRequest::deployment().to_http(&self.config.frontend_api_url, mode, token.as_deref());
        let request = self.next_id();
        self.boot = Boot::Running(request);
        self.send(request, http);
    }

    pub(super) fn boot_answered(&mut self, result: Result<HttpResponse<J>, ClientError>) {
        if self.config.mode == Mode::Staging {
            self.remember_dev_session(&result);
        }
        let result =
            result.and_then(|response| decode_data(&response, ErrorKind::Plain, &DEPLOYMENT));
        let waiting: Vec<Id> = self
            .reads
            .iter()
            .filter(|op| op.stage == Stage::Boot)
            .map(|op| op.id)
            .collect();
        let calls = std::mem::take(&mut self.mode_calls);
        match result {
            Ok(deployment) => {
                let mode = Mode::from_deployment(&deployment.string_at("mode").unwrap_or_default());
                self.boot = Boot::Done(mode);
                for call in calls {
                    self.settle(Some(call), Ok(J::string(mode.as_str())));
                }
                for id in waiting {
                    self.after_boot(id);
                }
            }
            Err(error) => {
                self.boot = Boot::Idle;
                for call in calls {
                    self.settle(Some(call), Err(error.clone()));
                }
                for id in waiting {
                    self.finish_read(id, Err(error.clone()));
                }
            }
        }
    }
}
