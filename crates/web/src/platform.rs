//! What the browser parses for the client: base64 (`atob`, for publishable keys) and URLs
//! (`URL`, for the frontend API origin).

use wacht_api_auth_core::session::config::UrlParts;

/// Standard base64 to bytes with `atob`; `None` when it refuses the text (or there is no window).
pub fn base64(text: &str) -> Option<Vec<u8>> {
    let binary = web_sys::window()?.atob(text).ok()?;
    binary.chars().map(|c| u8::try_from(c).ok()).collect()
}

/// The parts of an absolute URL, by the browser's `URL`.
pub fn url(text: &str) -> Option<UrlParts> {
    let url = web_sys::Url::new(text).ok()?;
    let scheme = url.protocol();
    Some(UrlParts {
        scheme: scheme.strip_suffix(':').unwrap_or(&scheme).to_owned(),
        host: url.host(),
        origin: url.origin(),
        credentials: !url.username().is_empty() || !url.password().is_empty(),
    })
}
