//! A family's weekly schedule: the days the child is to be looked after,
//! each with its arrival and departure hours.

use chrono::{NaiveTime, Timelike, Weekday};

use crate::childcare::Weekdays;
use crate::childcare::facility::parse_time;
use crate::childcare::vacancy::DAYS;
use crate::validation::FieldErrors;

/// Arrival and departure, by day (Monday to Saturday).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Schedule(Vec<(Weekday, NaiveTime, NaiveTime)>);

impl Schedule {
    /// The days in the week's order, each at most once; `None` if a day
    /// ends before it starts or is out of Monday–Saturday.
    pub fn new(mut days: Vec<(Weekday, NaiveTime, NaiveTime)>) -> Option<Schedule> {
        days.sort_by_key(|(d, ..)| d.num_days_from_monday());
        let valid =
            days.iter().all(|(d, from, to)| from < to && DAYS.contains(d)) && days.windows(2).all(|w| w[0].0 != w[1].0);
        valid.then_some(Schedule(days))
    }

    pub fn days(&self) -> Weekdays {
        self.0.iter().fold(Weekdays::empty(), |w, (d, ..)| w.with(*d))
    }

    pub fn hours_of(&self, day: Weekday) -> Option<(NaiveTime, NaiveTime)> {
        self.0.iter().find(|(d, ..)| *d == day).map(|(_, f, t)| (*f, *t))
    }

    pub fn iter(&self) -> impl Iterator<Item = (Weekday, NaiveTime, NaiveTime)> + '_ {
        self.0.iter().copied()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Minutes of care in a week.
    pub fn minutes_per_week(&self) -> i64 {
        self.0.iter().map(|(_, f, t)| (*t - *f).num_minutes()).sum()
    }

    /// How it is stored: `mon 08:00-17:30;thu 08:00-12:00`.
    pub fn encode(&self) -> String {
        let day = |(d, f, t): &(Weekday, NaiveTime, NaiveTime)| {
            format!("{} {}-{}", Weekdays::code(*d), f.format("%H:%M"), t.format("%H:%M"))
        };
        self.0.iter().map(day).collect::<Vec<_>>().join(";")
    }

    pub fn decode(stored: &str) -> Option<Schedule> {
        let mut days = Vec::new();
        for part in stored.split(';').filter(|p| !p.is_empty()) {
            let (code, hours) = part.split_once(' ')?;
            let (from, to) = hours.split_once('-')?;
            let day = DAYS.into_iter().find(|d| Weekdays::code(*d) == code)?;
            let time = |s: &str| NaiveTime::parse_from_str(s, "%H:%M").ok();
            days.push((day, time(from)?, time(to)?));
        }
        Schedule::new(days)
    }

    /// « lundi 8 h – 17 h 30 ; jeudi 8 h – 12 h ».
    pub fn label(&self) -> String {
        let day = |(d, f, t): &(Weekday, NaiveTime, NaiveTime)| {
            format!("{} {}\u{a0}– {}", Weekdays::day_label(*d), hour(*f), hour(*t))
        };
        self.0.iter().map(day).collect::<Vec<_>>().join(" ; ")
    }

    /// « 31 h 30 par semaine ».
    pub fn weekly_label(&self) -> String {
        let m = self.minutes_per_week();
        match m % 60 {
            0 => format!("{}\u{a0}h par semaine", m / 60),
            r => format!("{}\u{a0}h\u{a0}{r:02} par semaine", m / 60),
        }
    }
}

pub(crate) fn hour(t: NaiveTime) -> String {
    match t.minute() {
        0 => format!("{}\u{a0}h", t.hour()),
        m => format!("{}\u{a0}h\u{a0}{m:02}", t.hour()),
    }
}

/// The form's names of a day's hours: `mon_from`, `mon_to`.
pub fn field_names(day: Weekday) -> (String, String) {
    let code = Weekdays::code(day);
    (format!("{code}_from"), format!("{code}_to"))
}

/// The schedule typed as pairs of hours; a day left blank is not needed.
/// Errors are reported on the day's fields, or on `schedule` if no day has
/// hours.
pub fn parse_schedule(errors: &mut FieldErrors, get: impl Fn(&str) -> String) -> Schedule {
    let mut days = Vec::new();
    let mut typed = false;
    for day in DAYS {
        let (from_name, to_name) = field_names(day);
        let (from, to) = (get(&from_name), get(&to_name));
        if from.trim().is_empty() && to.trim().is_empty() {
            continue;
        }
        typed = true;
        // The day is in the field's label: the messages do not repeat it.
        if from.trim().is_empty() {
            errors.add(&from_name, "Indiquez l'heure d'arrivée, ou laissez le jour vide.");
            continue;
        }
        if to.trim().is_empty() {
            errors.add(&to_name, "Indiquez l'heure de départ, ou laissez le jour vide.");
            continue;
        }
        let (Some(f), Some(t)) = (parse_time(errors, &from_name, &from), parse_time(errors, &to_name, &to)) else {
            continue;
        };
        if f >= t {
            errors.add(&to_name, "L'heure de départ doit être après l'heure d'arrivée.");
            continue;
        }
        days.push((day, f, t));
    }
    if !typed {
        errors.add("schedule", "Indiquez au moins un jour, avec ses heures d'arrivée et de départ.");
    }
    Schedule::new(days).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn t(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    #[test]
    fn a_schedule_reads_as_it_was_typed() {
        let fields = [("mon_from", "08:00"), ("mon_to", "17h30"), ("thu_from", "8h"), ("thu_to", "12:00")];
        let get = |name: &str| fields.iter().find(|(k, _)| *k == name).map_or("", |(_, v)| *v).to_owned();
        let mut errors = FieldErrors::new();
        let s = parse_schedule(&mut errors, get);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(s.label(), "lundi 8\u{a0}h\u{a0}– 17\u{a0}h\u{a0}30 ; jeudi 8\u{a0}h\u{a0}– 12\u{a0}h");
        assert_eq!(s.weekly_label(), "13\u{a0}h\u{a0}30 par semaine");
        assert_eq!(s.days(), Weekdays::empty().with(Weekday::Mon).with(Weekday::Thu));
        assert_eq!(Schedule::decode(&s.encode()), Some(s));
    }

    #[test]
    fn half_typed_or_backwards_days_are_refused_on_their_field() {
        let cases: [(&[(&str, &str)], &str); 4] = [
            (&[("tue_from", "08:00")], "tue_to"),
            (&[("tue_to", "08:00")], "tue_from"),
            (&[("wed_from", "18:00"), ("wed_to", "08:00")], "wed_to"),
            (&[], "schedule"),
        ];
        for (fields, field) in cases {
            let get = |name: &str| fields.iter().find(|(k, _)| *k == name).map_or("", |(_, v)| *v).to_owned();
            let mut errors = FieldErrors::new();
            parse_schedule(&mut errors, get);
            assert!(errors.get(field).is_some(), "{fields:?}: {errors:?}");
        }
    }

    #[test]
    fn stored_schedules_that_make_no_sense_are_not_read() {
        assert_eq!(Schedule::decode("sun 08:00-12:00"), None);
        assert_eq!(Schedule::decode("mon 12:00-08:00"), None);
        assert_eq!(Schedule::decode("mon 08:00-12:00;mon 13:00-14:00"), None);
        assert_eq!(Schedule::decode(""), Some(Schedule::default()));
    }

    proptest! {
        #[test]
        fn encoding_round_trips(days in proptest::collection::btree_map(0usize..6, (0u32..23, 0u32..60, 1u32..60), 0..6)) {
            let days: Vec<_> = days.into_iter().map(|(d, (h, m, len))| {
                let from = t(h, m);
                (DAYS[d], from, from + chrono::Duration::minutes(i64::from(len)))
            }).filter(|(_, f, to)| f < to).collect();
            let s = Schedule::new(days).unwrap();
            prop_assert_eq!(Schedule::decode(&s.encode()), Some(s.clone()));
            prop_assert_eq!(s.days().days().count(), s.iter().count());
        }
    }
}
