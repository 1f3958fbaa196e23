//! Dates as people in the territory read them. « Late » and « this year »
//! are French calendar days, so the instant is converted with the real
//! Europe/Paris rules (daylight saving included), not a fixed offset.

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Europe::Paris;

/// The calendar date in metropolitan France at `instant`.
pub fn date_in_france(instant: DateTime<Utc>) -> NaiveDate {
    instant.with_timezone(&Paris).date_naive()
}

/// « 14/03/2026 à 09:05 », in French local time.
pub fn french_date_time(instant: DateTime<Utc>) -> String {
    instant.with_timezone(&Paris).format("%d/%m/%Y à %H:%M").to_string()
}

const MONTHS: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

/// « mars 2026 ».
pub fn french_month(date: NaiveDate) -> String {
    use chrono::Datelike;
    format!("{} {}", MONTHS[date.month0() as usize], date.year())
}

/// « 1er mars 2026 », « 15 novembre 2024 ».
pub fn french_date(date: NaiveDate) -> String {
    use chrono::Datelike;
    let day = if date.day() == 1 { "1er".to_owned() } else { date.day().to_string() };
    format!("{day} {} {}", MONTHS[date.month0() as usize], date.year())
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    #[test]
    fn summer_time_is_two_hours_ahead_and_winter_time_one() {
        // 22:30 UTC on 30 June is already 1 July in Paris (UTC+2)…
        let summer = Utc.with_ymd_and_hms(2026, 6, 30, 22, 30, 0).unwrap();
        assert_eq!(date_in_france(summer), NaiveDate::from_ymd_opt(2026, 7, 1).unwrap());
        // …but 22:30 UTC on 30 December is still 30 December at 23:30 (UTC+1).
        let winter = Utc.with_ymd_and_hms(2026, 12, 30, 22, 30, 0).unwrap();
        assert_eq!(date_in_france(winter), NaiveDate::from_ymd_opt(2026, 12, 30).unwrap());
        assert_eq!(french_date_time(winter), "30/12/2026 à 23:30");
        // The night the clocks go forward (29 March 2026, 01:00 UTC).
        let spring = Utc.with_ymd_and_hms(2026, 3, 29, 1, 30, 0).unwrap();
        assert_eq!(french_date_time(spring), "29/03/2026 à 03:30");
    }

    #[test]
    fn dates_read_in_words() {
        assert_eq!(french_date(NaiveDate::from_ymd_opt(2026, 3, 1).unwrap()), "1er mars 2026");
        assert_eq!(french_date(NaiveDate::from_ymd_opt(2024, 11, 15).unwrap()), "15 novembre 2024");
    }
}
