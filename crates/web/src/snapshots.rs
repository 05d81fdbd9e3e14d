//! The snapshots of the stores as [`Snapshot`]s: what each store's `refetch` gives, and what it
//! shows if the core's snapshot did not decode.

use crate::models::*;
use crate::store::Snapshot;
use crate::Error;

impl Snapshot for ApiAuthAppSessionSnapshot {
    type Data = ApiAuthAppSessionData;
    fn failed(error: Error) -> Self {
        ApiAuthAppSessionSnapshot {
            has_session: false,
            session_loading: false,
            session_error: Some(error),
            session_id: None,
            api_auth_app: None,
            ticket_exchanged: false,
            ticket_loading: false,
            status: SessionStatus::Error,
        }
    }
}

impl Snapshot for ApiAuthKeysSnapshot {
    type Data = Vec<ApiKey>;
    fn failed(error: Error) -> Self {
        ApiAuthKeysSnapshot {
            keys: Vec::new(),
            loading: false,
            fetching: false,
            error: Some(error),
        }
    }
}

impl Snapshot for ApiAuthAuditLogsSnapshot {
    type Data = ApiAuditLogsPage;
    fn failed(error: Error) -> Self {
        ApiAuthAuditLogsSnapshot {
            logs: Vec::new(),
            limit: 0.0,
            has_more: false,
            next_cursor: None,
            loading: false,
            fetching: false,
            error: Some(error),
            loading_more: false,
        }
    }
}

impl Snapshot for ApiAuthAuditAnalyticsSnapshot {
    type Data = ApiAuditAnalytics;
    fn failed(error: Error) -> Self {
        ApiAuthAuditAnalyticsSnapshot {
            analytics: None,
            loading: false,
            fetching: false,
            error: Some(error),
        }
    }
}

impl Snapshot for ApiAuthAuditTimeseriesSnapshot {
    type Data = ApiAuditTimeseries;
    fn failed(error: Error) -> Self {
        ApiAuthAuditTimeseriesSnapshot {
            timeseries: Vec::new(),
            interval: "hour".to_owned(),
            loading: false,
            fetching: false,
            error: Some(error),
        }
    }
}
