//! The request log's records (served by `GET /__dev/requests`, see [`crate::dev::requests`]).

use crate::ids::now_ms;
use serde::Serialize;
use std::collections::VecDeque;

/// Most records kept; older ones are dropped first.
const MAX_RECORDS: usize = 10_000;

/// One handled request.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct RequestRecord {
    /// 1, 2, 3, … in arrival order of completion; keeps counting across clears.
    pub seq: u64,
    /// HTTP method.
    pub method: String,
    /// Path plus query, secrets redacted.
    pub path: String,
    /// Response status; 0 when a fault reset the connection instead.
    pub status: u16,
    /// True when the request had an `Authorization: Bearer …` header (e.g. a forwarded session
    /// JWT); the token itself is never recorded.
    pub bearer: bool,
    /// When the request arrived (unix ms).
    pub received_ms: i64,
    /// When its response was ready (unix ms).
    pub responded_ms: i64,
    /// Kind of the injected fault that caught the request (`"status"`, `"hang"`, `"reset"`);
    /// absent from the JSON when none did.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fault: Option<&'static str>,
}

/// The recorded requests.
#[derive(Debug, Default)]
pub struct RequestLog {
    last_seq: u64,
    records: VecDeque<RequestRecord>,
}

impl RequestLog {
    /// Appends a record and returns its `seq`.
    pub fn push(
        &mut self,
        method: String,
        path: String,
        status: u16,
        bearer: bool,
        received_ms: i64,
        fault: Option<&'static str>,
    ) -> u64 {
        self.last_seq += 1;
        if self.records.len() >= MAX_RECORDS {
            self.records.pop_front();
        }
        self.records.push_back(RequestRecord {
            seq: self.last_seq,
            method,
            path,
            status,
            bearer,
            received_ms,
            responded_ms: now_ms(),
            fault,
        });
        self.last_seq
    }

    /// The records, oldest first.
    pub fn records(&self) -> Vec<RequestRecord> {
        self.records.iter().cloned().collect()
    }

    /// Forgets every record (`seq` keeps counting).
    pub fn clear(&mut self) {
        self.records.clear();
    }
}
