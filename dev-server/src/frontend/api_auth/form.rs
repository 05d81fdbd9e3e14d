//! Form fields of `POST /api-auth/keys*`, read like Fiber's `c.FormValue`: the first non-empty
//! value in the query string, else in an `application/x-www-form-urlencoded` body (charset
//! parameters allowed). Other content types (JSON, multipart) contribute nothing.

use axum::http::header::CONTENT_TYPE;
use axum::http::HeaderMap;

/// The value of form field `name`, `""` when it is absent everywhere.
pub fn form_value(query: Option<&str>, headers: &HeaderMap, body: &[u8], name: &str) -> String {
    let from_query = query
        .into_iter()
        .flat_map(|query| form_urlencoded::parse(query.as_bytes()))
        .find(|(key, value)| key == name && !value.is_empty());
    if let Some((_, value)) = from_query {
        return value.into_owned();
    }
    if !is_urlencoded(headers) {
        return String::new();
    }
    form_urlencoded::parse(body)
        .find(|(key, value)| key == name && !value.is_empty())
        .map(|(_, value)| value.into_owned())
        .unwrap_or_default()
}

/// True for `application/x-www-form-urlencoded` with or without parameters.
fn is_urlencoded(headers: &HeaderMap) -> bool {
    headers
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(';').next())
        .is_some_and(|mime| {
            mime.trim()
                .eq_ignore_ascii_case("application/x-www-form-urlencoded")
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(content_type: &'static str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
        headers
    }

    #[test]
    fn reads_body_then_query() {
        let form = headers("application/x-www-form-urlencoded;charset=UTF-8");
        assert_eq!(
            form_value(None, &form, b"name=My+Key&x=1", "name"),
            "My Key"
        );
        assert_eq!(form_value(Some("name=Q"), &form, b"name=B", "name"), "Q");
        assert_eq!(form_value(Some("name="), &form, b"name=B", "name"), "B");
        assert_eq!(form_value(None, &form, b"", "name"), "");
        let json = headers("application/json");
        assert_eq!(form_value(None, &json, b"name=B", "name"), "");
        assert_eq!(form_value(None, &HeaderMap::new(), b"name=B", "name"), "");
    }
}
