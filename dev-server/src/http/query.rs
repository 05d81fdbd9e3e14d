//! Query-string helpers: reading one parameter and redacting secrets for logs.

use std::borrow::Cow;

/// Query parameters whose values never reach a log: tickets and browser-session tokens.
const SECRET_PARAMS: &[&str] = &["ticket", "__dev_session__"];

/// Text that replaces a secret parameter's value in logs.
pub const REDACTED: &str = "[redacted]";

/// The first value of `name` in a raw query string (form-decoded), if present.
pub fn query_param(query: Option<&str>, name: &str) -> Option<String> {
    form_urlencoded::parse(query?.as_bytes())
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.into_owned())
}

/// Fiber's `c.Query(name, default)`: the first value, or `default` when absent or empty.
pub fn query_or(query: Option<&str>, name: &str, default: &str) -> String {
    query_param(query, name)
        .filter(|value| !value.is_empty())
        .unwrap_or_else(|| default.to_string())
}

/// `strconv.Atoi(c.Query(name, default))` with the error ignored, as the frontend API does:
/// absent/empty → `default`, not a decimal integer → 0.
pub fn query_int(query: Option<&str>, name: &str, default: i64) -> i64 {
    query_or(query, name, &default.to_string())
        .parse()
        .unwrap_or(0)
}

/// Fiber's `c.QueryBool(name, false)`: Go's `strconv.ParseBool` (`1 t T TRUE true True` are
/// true), anything else false.
pub fn query_bool(query: Option<&str>, name: &str) -> bool {
    matches!(
        query_param(query, name).as_deref(),
        Some("1" | "t" | "T" | "TRUE" | "true" | "True")
    )
}

/// `path` plus its query, with every non-empty `ticket` / `__dev_session__` value replaced by
/// `[redacted]` (keys are matched after form-decoding, so `%74icket=` is redacted too).
/// Empty values stay empty, so a log still shows whether a parameter was sent blank.
pub fn redacted_path_and_query(path: &str, query: Option<&str>) -> String {
    let Some(query) = query else {
        return path.to_string();
    };
    let pairs: Vec<Cow<'_, str>> = query
        .split('&')
        .map(|pair| {
            let raw_key = pair.split_once('=').map_or(pair, |(key, _)| key);
            let decoded = form_urlencoded::parse(pair.as_bytes()).next();
            match decoded {
                Some((key, value))
                    if SECRET_PARAMS.contains(&key.as_ref()) && !value.is_empty() =>
                {
                    Cow::Owned(format!("{raw_key}={REDACTED}"))
                }
                _ => Cow::Borrowed(pair),
            }
        })
        .collect();
    format!("{path}?{}", pairs.join("&"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_first_value() {
        assert_eq!(
            query_param(Some("a=1&ticket=x%20y&ticket=z"), "ticket").as_deref(),
            Some("x y")
        );
        assert_eq!(query_param(Some("a=1"), "ticket"), None);
        assert_eq!(query_param(None, "ticket"), None);
    }

    #[test]
    fn fiber_style_values() {
        assert_eq!(query_or(Some("a="), "a", "d"), "d");
        assert_eq!(query_or(None, "a", "d"), "d");
        assert_eq!(query_or(Some("a=x"), "a", "d"), "x");
        assert_eq!(query_int(Some("limit=7"), "limit", 100), 7);
        assert_eq!(query_int(Some("limit="), "limit", 100), 100);
        assert_eq!(query_int(Some("limit=x"), "limit", 100), 0);
        assert!(query_bool(Some("f=TRUE"), "f"));
        assert!(query_bool(Some("f=1"), "f"));
        assert!(!query_bool(Some("f=yes"), "f"));
        assert!(!query_bool(None, "f"));
    }

    #[test]
    fn redacts_secrets_only() {
        assert_eq!(
            redacted_path_and_query("/x", Some("ticket=secret123&a=1&__dev_session__=tok")),
            "/x?ticket=[redacted]&a=1&__dev_session__=[redacted]"
        );
        assert_eq!(
            redacted_path_and_query("/x", Some("%74icket=secret123")),
            "/x?%74icket=[redacted]"
        );
        assert_eq!(
            redacted_path_and_query("/x", Some("__dev_session__=")),
            "/x?__dev_session__="
        );
        assert_eq!(redacted_path_and_query("/x", None), "/x");
    }
}
