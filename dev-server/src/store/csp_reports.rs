//! Content-Security-Policy violations browsers reported to `POST /__dev/csp-reports` (see
//! [`crate::dev::csp_reports`]): the newest 100, each as the few fields tests read.

use serde::Serialize;
use std::collections::VecDeque;

/// Most reports kept; older ones are dropped first.
const MAX_REPORTS: usize = 100;

/// One reported violation; addresses have their secrets redacted.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct CspReport {
    /// The page that broke its policy.
    pub document: String,
    /// The directive it broke (`script-src`, `style-src-attr`, …).
    pub directive: String,
    /// What was blocked: a URL, `inline`, `eval`, `wasm-eval`, …
    pub blocked: String,
}

/// The reports received since the last clear.
#[derive(Debug, Default)]
pub struct CspReports {
    reports: VecDeque<CspReport>,
}

impl CspReports {
    /// Keeps `report`, dropping the oldest beyond [`MAX_REPORTS`].
    pub fn push(&mut self, report: CspReport) {
        if self.reports.len() == MAX_REPORTS {
            self.reports.pop_front();
        }
        self.reports.push_back(report);
    }

    /// The kept reports, oldest first.
    pub fn list(&self) -> Vec<CspReport> {
        self.reports.iter().cloned().collect()
    }

    /// Forgets every report.
    pub fn clear(&mut self) {
        self.reports.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_newest_hundred() {
        let mut reports = CspReports::default();
        for i in 0..105 {
            reports.push(CspReport {
                document: format!("/{i}"),
                directive: "script-src".into(),
                blocked: "inline".into(),
            });
        }
        let kept = reports.list();
        assert_eq!(kept.len(), 100);
        assert_eq!(kept[0].document, "/5");
        reports.clear();
        assert!(reports.list().is_empty());
    }
}
