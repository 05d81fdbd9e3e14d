//! Reading a cookie from a request's `Cookie` header(s).

use axum::http::header::COOKIE;
use axum::http::HeaderMap;

/// The first non-empty value of cookie `name` in the request's `Cookie` header(s).
pub fn cookie_value(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, value)| *key == name && !value.is_empty())
        .map(|(_, value)| value.trim_matches('"').to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn reads_cookie() {
        let mut headers = HeaderMap::new();
        headers.append(COOKIE, HeaderValue::from_static("a=1; __session=tok; b=2"));
        assert_eq!(cookie_value(&headers, "__session").as_deref(), Some("tok"));
        assert_eq!(cookie_value(&headers, "missing"), None);
        let mut empty = HeaderMap::new();
        empty.append(COOKIE, HeaderValue::from_static("__session="));
        assert_eq!(cookie_value(&empty, "__session"), None);
    }
}
