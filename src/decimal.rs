//! Decimal digits to a number without `str::parse` (whose code the module does without), for
//! the few numbers the client reads from text: timestamp parts, ports, stored times.

/// The value of `text` when it is one to `max_digits` ASCII digits, else `None`. At most 19
/// digits fit a `u64` whatever they are.
pub fn parse_digits(text: &str, max_digits: usize) -> Option<u64> {
    if text.is_empty() || text.len() > max_digits.min(19) {
        return None;
    }
    text.bytes().try_fold(0_u64, |n, b| {
        b.is_ascii_digit().then(|| n * 10 + u64::from(b - b'0'))
    })
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn digits_only_and_within_the_length() {
        assert_eq!(parse_digits("0042", 4), Some(42));
        assert_eq!(
            parse_digits("9999999999999999999", 25),
            Some(9_999_999_999_999_999_999)
        );
        for bad in ["", "12a", "-1", "+1", " 1", "12345"] {
            assert_eq!(parse_digits(bad, 4), None, "{bad:?}");
        }
    }
}
