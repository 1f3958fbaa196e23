//! French wording shared by every page, export and message: counts with
//! their noun in the right number, so no page says « jour(s) ».

/// « 1 jour », « 0 jour », « 455 jours » (French: 0 and 1 take the singular).
pub fn count(n: i64, singular: &str, plural: &str) -> String {
    format!("{} {}", group_thousands(n), if n.abs() < 2 { singular } else { plural })
}

/// « 12 500 » with a narrow no-break space between groups, as French writes it.
pub fn group_thousands(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 * 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('\u{202f}');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_agree_with_their_noun() {
        assert_eq!(count(0, "jour", "jours"), "0 jour");
        assert_eq!(count(1, "jour", "jours"), "1 jour");
        assert_eq!(count(455, "jour", "jours"), "455 jours");
        assert_eq!(count(1521, "modification", "modifications"), "1\u{202f}521 modifications");
    }

    #[test]
    fn thousands_are_grouped_by_three() {
        assert_eq!(group_thousands(999), "999");
        assert_eq!(group_thousands(-1_000_000), "-1\u{202f}000\u{202f}000");
        assert_eq!(group_thousands(i64::MIN), "-9\u{202f}223\u{202f}372\u{202f}036\u{202f}854\u{202f}775\u{202f}808");
    }
}

/// A key that sorts French words as a reader expects: case and accents
/// aside (« Écoles » between « Centre » and « Nord », not after « Z »).
pub fn sort_key(s: &str) -> String {
    s.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'à' | 'â' | 'ä' => 'a',
            'ç' => 'c',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'î' | 'ï' => 'i',
            'ô' | 'ö' => 'o',
            'ù' | 'û' | 'ü' => 'u',
            'ÿ' => 'y',
            c => c,
        })
        .collect()
}

#[cfg(test)]
mod sort_tests {
    #[test]
    fn accented_words_sort_among_the_others() {
        let mut words = vec!["Nord", "Écoles", "centre", "Zola"];
        words.sort_by_key(|w| super::sort_key(w));
        assert_eq!(words, ["centre", "Écoles", "Nord", "Zola"]);
    }
}
