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

/// What a key mutation means for a family of reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AfterKeyMutation {
    /// Refetch, and let the mutation resolve only once it is fresh (key lists: the caller shows
    /// the new key right away, as the hooks' `await mutate()`).
    RefetchAndWait,
    /// Refetch in the background (audit reads: a key's name or state shows up there too).
    Refetch,
}

impl QueryKind {
    /// What a create, rotate or revoke means for reads of this kind.
    pub fn after_key_mutation(self) -> AfterKeyMutation {
        match self {
            QueryKind::Keys => AfterKeyMutation::RefetchAndWait,
            QueryKind::AuditLogs | QueryKind::AuditAnalytics | QueryKind::AuditTimeseries => {
                AfterKeyMutation::Refetch
            }
        }
    }
}
