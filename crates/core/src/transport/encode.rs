//! The text encodings requests are built with: percent-encoding (as `encodeURIComponent`, for
//! path segments, for form bodies and query strings); numbers are in [`crate::text`].
//!
//! Written out here instead of the `percent-encoding` and `form_urlencoded` crates: in the module
//! those cost about 1 KB gzip with `itoa` (a 768-byte table of `%XX` strings, a 200-byte digit
//! table, generic code per number type). Host tests check every encoder against those crates
//! on random input (`same_as_the_crates` below).

/// The upper-case hex digit of `n` (0 to 15).
fn hex(n: u8) -> char {
    char::from(if n < 10 { b'0' + n } else { b'A' + n - 10 })
}

/// Appends `text` with every byte outside `keep` as `%XX` (and, for forms, space as `+`).
fn push_encoded(out: &mut String, text: &str, keep: fn(u8) -> bool, space_as_plus: bool) {
    for byte in text.bytes() {
        if keep(byte) {
            out.push(char::from(byte));
        } else if space_as_plus && byte == b' ' {
            out.push('+');
        } else {
            out.push('%');
            out.push(hex(byte >> 4));
            out.push(hex(byte & 15));
        }
    }
}

/// What `encodeURIComponent` leaves as it is.
fn uri_component_keeps(byte: u8) -> bool {
    byte.is_ascii_alphanumeric()
        || matches!(
            byte,
            b'-' | b'_' | b'.' | b'!' | b'~' | b'*' | b'\'' | b'(' | b')'
        )
}

/// What a path segment keeps (RFC 3986 unreserved).
fn path_segment_keeps(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~')
}

/// What `application/x-www-form-urlencoded` keeps.
fn form_keeps(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || matches!(byte, b'*' | b'-' | b'.' | b'_')
}

/// `encodeURIComponent(text)`.
pub fn uri_component(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_encoded(&mut out, text, uri_component_keeps, false);
    out
}

/// One path segment, so a `/`, `?` or `#` in it can never leave it.
pub fn path_segment(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_encoded(&mut out, text, path_segment_keeps, false);
    out
}

/// `name=value&...` as `URLSearchParams` serializes it (`application/x-www-form-urlencoded`).
pub fn form(pairs: &[(&str, &str)]) -> String {
    let mut out = String::new();
    for (name, value) in pairs {
        if !out.is_empty() {
            out.push('&');
        }
        push_encoded(&mut out, name, form_keeps, true);
        out.push('=');
        push_encoded(&mut out, value, form_keeps, true);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
    use proptest::prelude::*;

    /// `encodeURIComponent`'s set, as the crate spells it.
    const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'_')
        .remove(b'.')
        .remove(b'!')
        .remove(b'~')
        .remove(b'*')
        .remove(b'\'')
        .remove(b'(')
        .remove(b')');
    /// RFC 3986 unreserved, as the crate spells it.
    const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'_')
        .remove(b'.')
        .remove(b'~');

    #[test]
    fn encodes_like_the_browser() {
        assert_eq!(uri_component("a b/c=d&é!"), "a%20b%2Fc%3Dd%26%C3%A9!");
        assert_eq!(path_segment("1/../session?x"), "1%2F..%2Fsession%3Fx");
        assert_eq!(
            form(&[
                ("name", "CI key"),
                ("expires_at", "2026-07-01T12:00:00.000Z")
            ]),
            "name=CI+key&expires_at=2026-07-01T12%3A00%3A00.000Z"
        );
        assert_eq!(form(&[]), "");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(crate::testing::decoder_properties::cases()))]
        /// Each encoder gives what the crates it replaces give.
        #[test]
        fn same_as_the_crates(text in "\\PC*", name in "[a-z_]{1,8}") {
            prop_assert_eq!(uri_component(&text), utf8_percent_encode(&text, COMPONENT).to_string());
            prop_assert_eq!(path_segment(&text), utf8_percent_encode(&text, SEGMENT).to_string());
            let expected = form_urlencoded::Serializer::new(String::new())
                .append_pair(&name, &text)
                .append_pair("b", &text)
                .finish();
            prop_assert_eq!(form(&[(&name, &text), ("b", &text)]), expected);
        }
    }
}
