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
