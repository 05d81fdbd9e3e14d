//! Which endpoint family a query reads, and which families a key mutation changes: an exhaustive
//! match, so a new family cannot be left out of invalidation by accident.

/// Which endpoint family a query reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum QueryKind {
    /// `GET /api-auth/keys`
    Keys,
    /// `GET /api-auth/audit/logs`
    AuditLogs,
    /// `GET /api-auth/audit/analytics`
    AuditAnalytics,
    /// `GET /api-auth/audit/timeseries`
    AuditTimeseries,
}

impl QueryKind {
    /// Whether a create, rotate or revoke changes what reads of this kind return (key lists; and
    /// audit reads, where a key's name or state shows up too). An exhaustive match: a new family
    /// must say.
    pub fn changed_by_key_mutation(self) -> bool {
        match self {
            QueryKind::Keys
            | QueryKind::AuditLogs
            | QueryKind::AuditAnalytics
            | QueryKind::AuditTimeseries => true,
        }
    }
}
