//! Text every layer writes: numbers in decimal digits (written out here instead of the `itoa`
//! crate, whose digit table and code per number type cost more in the module).

/// `n` in decimal digits.
pub fn decimal(mut n: u64) -> String {
    let mut digits = Vec::new();
    loop {
        digits.push(b'0' + (n % 10) as u8);
        n /= 10;
        if n == 0 {
            break;
        }
    }
    digits.iter().rev().map(|d| char::from(*d)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn writes_the_ends_of_the_range() {
        assert_eq!(decimal(0), "0");
        assert_eq!(decimal(u64::MAX), "18446744073709551615");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(crate::testing::decoder_properties::cases()))]
        /// As Rust's own formatting writes it.
        #[test]
        fn same_as_display(n in any::<u64>()) {
            prop_assert_eq!(decimal(n), n.to_string());
        }
    }
}
