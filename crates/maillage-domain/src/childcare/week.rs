//! Days of the week: when a facility opens, which days a family needs,
//! which days a place is free.

use chrono::Weekday;

/// A set of weekdays (Monday first).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Weekdays(u8);

const DAYS: [(Weekday, &str, &str); 7] = [
    (Weekday::Mon, "mon", "lundi"),
    (Weekday::Tue, "tue", "mardi"),
    (Weekday::Wed, "wed", "mercredi"),
    (Weekday::Thu, "thu", "jeudi"),
    (Weekday::Fri, "fri", "vendredi"),
    (Weekday::Sat, "sat", "samedi"),
    (Weekday::Sun, "sun", "dimanche"),
];

impl Weekdays {
    pub const WORKING_WEEK: Weekdays = Weekdays(0b001_1111);

    pub fn empty() -> Self {
        Weekdays(0)
    }

    /// From the stored bits (Monday is bit 0); bits past Sunday are dropped.
    pub fn from_bits(bits: i32) -> Self {
        Weekdays((bits & 0x7f) as u8)
    }

    pub fn bits(self) -> i32 {
        i32::from(self.0)
    }

    pub fn with(self, day: Weekday) -> Self {
        Weekdays(self.0 | 1 << day.num_days_from_monday())
    }

    pub fn contains(self, day: Weekday) -> bool {
        self.0 & (1 << day.num_days_from_monday()) != 0
    }

    /// Every day of `self` is in `other`.
    pub fn is_within(self, other: Weekdays) -> bool {
        self.0 & !other.0 == 0
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    pub fn days(self) -> impl Iterator<Item = Weekday> {
        DAYS.into_iter().map(|(d, _, _)| d).filter(move |d| self.contains(*d))
    }

    /// The form's code of a day (`mon`…`sun`).
    pub fn code(day: Weekday) -> &'static str {
        DAYS[day.num_days_from_monday() as usize].1
    }

    pub fn day_label(day: Weekday) -> &'static str {
        DAYS[day.num_days_from_monday() as usize].2
    }

    /// The days whose code is in `codes`; unknown codes are ignored.
    pub fn from_codes<'a>(codes: impl IntoIterator<Item = &'a str>) -> Self {
        codes
            .into_iter()
            .filter_map(|c| DAYS.iter().find(|(_, code, _)| *code == c))
            .fold(Weekdays(0), |w, d| w.with(d.0))
    }

    /// In French: « du lundi au vendredi », « lundi, mardi et jeudi ».
    pub fn label(self) -> String {
        let days: Vec<Weekday> = self.days().collect();
        let contiguous = days.windows(2).all(|w| w[1].num_days_from_monday() == w[0].num_days_from_monday() + 1);
        match days.as_slice() {
            [] => "aucun jour".to_owned(),
            [one] => Self::day_label(*one).to_owned(),
            [first, .., last] if contiguous && days.len() > 2 => {
                format!("du {} au {}", Self::day_label(*first), Self::day_label(*last))
            }
            [init @ .., last] => {
                let init: Vec<&str> = init.iter().map(|d| Self::day_label(*d)).collect();
                format!("{} et {}", init.join(", "), Self::day_label(*last))
            }
        }
    }

    pub fn all_days() -> impl Iterator<Item = Weekday> {
        DAYS.into_iter().map(|(d, _, _)| d)
    }

    /// Every day as a form shows it: (code, French name, in the set).
    pub fn choices(self) -> Vec<(&'static str, &'static str, bool)> {
        DAYS.iter().map(|(d, code, label)| (*code, *label, self.contains(*d))).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_read_in_french() {
        assert_eq!(Weekdays::WORKING_WEEK.label(), "du lundi au vendredi");
        let w = Weekdays::from_codes(["mon", "tue", "thu", "nope"]);
        assert_eq!(w.label(), "lundi, mardi et jeudi");
        assert_eq!(Weekdays::from_codes(["wed"]).label(), "mercredi");
        assert_eq!(Weekdays::from_codes(["mon", "tue"]).label(), "lundi et mardi");
        assert!(w.is_within(Weekdays::WORKING_WEEK));
        assert!(!Weekdays::from_codes(["sat"]).is_within(Weekdays::WORKING_WEEK));
        assert_eq!(Weekdays::from_bits(w.bits()), w);
    }
}
