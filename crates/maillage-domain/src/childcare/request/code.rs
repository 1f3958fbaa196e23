//! The tracking code a family quotes on the phone (`K7M2-Q9XD`): short,
//! read aloud without ambiguity (no I, L, O or U), typed in any case with
//! or without the dash.

/// Crockford's base 32: digits and letters but I, L, O and U.
pub const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// Eight symbols: 40 bits, more than enough for a territory's requests and
/// too many to guess one (the private link, not the code, opens a request).
pub const LENGTH: usize = 8;

/// The code of eight symbols drawn from `random` (each taken modulo 32).
pub fn from_bytes(random: [u8; LENGTH]) -> String {
    let symbols: String = random.iter().map(|b| ALPHABET[usize::from(b % 32)] as char).collect();
    format!("{}-{}", &symbols[..4], &symbols[4..])
}

/// The code as typed (`k7m2 q9xd`, `K7M2Q9XD`, with O for 0 or I/L for 1),
/// in its written form; `None` if it cannot be one.
pub fn normalise(typed: &str) -> Option<String> {
    let mut symbols = String::with_capacity(LENGTH);
    for c in typed.chars().filter(|c| !matches!(c, ' ' | '-' | '.')) {
        let c = match c.to_ascii_uppercase() {
            'O' => '0',
            'I' | 'L' => '1',
            c => c,
        };
        if !c.is_ascii() || !ALPHABET.contains(&(c as u8)) {
            return None;
        }
        symbols.push(c);
    }
    (symbols.len() == LENGTH).then(|| format!("{}-{}", &symbols[..4], &symbols[4..]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn codes_are_read_back_however_they_are_typed() {
        assert_eq!(normalise("k7m2 q9xd").as_deref(), Some("K7M2-Q9XD"));
        assert_eq!(normalise("K7M2Q9XD").as_deref(), Some("K7M2-Q9XD"));
        assert_eq!(normalise("o1l2-i3ab").as_deref(), Some("0112-13AB"));
        assert_eq!(normalise("K7M2-Q9X"), None);
        assert_eq!(normalise("K7M2-Q9XU"), None, "U is not a symbol");
        assert_eq!(normalise("K7M2-Q9XÉ"), None);
    }

    proptest! {
        #[test]
        fn every_code_drawn_normalises_to_itself(random in any::<[u8; LENGTH]>()) {
            let code = from_bytes(random);
            prop_assert_eq!(normalise(&code), Some(code.clone()));
            prop_assert_eq!(normalise(&code.to_lowercase()), Some(code));
        }
    }
}
