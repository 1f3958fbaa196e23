//! A request the family does not confirm gets a reminder, then expires:
//! the queue then only holds families still looking.

use chrono::{Days, Months, NaiveDate};

/// When to remind, when to give up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConfirmationPolicy {
    /// Months after the last confirmation (or the filing) before a reminder.
    pub remind_after_months: u32,
    /// Days after the reminder before the request expires.
    pub expire_after_days: u32,
}

impl Default for ConfirmationPolicy {
    fn default() -> Self {
        ConfirmationPolicy { remind_after_months: 3, expire_after_days: 30 }
    }
}

/// What an open request is due on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FollowUp {
    Nothing,
    Remind,
    Expire,
}

impl ConfirmationPolicy {
    /// For an open request last confirmed on `confirmed_on` and last
    /// reminded on `reminded_on`. A confirmation on the day of the reminder
    /// answers it.
    pub fn due(&self, confirmed_on: NaiveDate, reminded_on: Option<NaiveDate>, today: NaiveDate) -> FollowUp {
        if let Some(reminded) = reminded_on.filter(|r| *r > confirmed_on) {
            let limit = reminded.checked_add_days(Days::new(u64::from(self.expire_after_days)));
            return if limit.is_some_and(|l| l <= today) { FollowUp::Expire } else { FollowUp::Nothing };
        }
        let remind = confirmed_on.checked_add_months(Months::new(self.remind_after_months));
        if remind.is_some_and(|r| r <= today) { FollowUp::Remind } else { FollowUp::Nothing }
    }

    /// The day a reminder sent on `reminded_on` makes the request expire.
    pub fn expires_on(&self, reminded_on: NaiveDate) -> Option<NaiveDate> {
        reminded_on.checked_add_days(Days::new(u64::from(self.expire_after_days)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn three_months_then_a_reminder_then_thirty_days() {
        let p = ConfirmationPolicy::default();
        let filed = d("2025-01-10");
        assert_eq!(p.due(filed, None, d("2025-04-09")), FollowUp::Nothing);
        assert_eq!(p.due(filed, None, d("2025-04-10")), FollowUp::Remind);
        let reminded = Some(d("2025-04-10"));
        assert_eq!(p.due(filed, reminded, d("2025-05-09")), FollowUp::Nothing, "not twice");
        assert_eq!(p.due(filed, reminded, d("2025-05-10")), FollowUp::Expire);
        // Confirmed the day of the reminder, or after: three more months.
        assert_eq!(p.due(d("2025-04-10"), reminded, d("2025-06-01")), FollowUp::Nothing);
        assert_eq!(p.due(d("2025-04-10"), reminded, d("2025-07-10")), FollowUp::Remind);
    }

    proptest! {
        #[test]
        fn nothing_expires_without_a_reminder_after_the_last_confirmation(
            confirmed in 0u32..2000, reminded in proptest::option::of(0u32..2000), today in 0u32..4000,
            months in 1u32..12, days in 1u32..90,
        ) {
            let base = d("2020-01-01");
            let at = |n: u32| base + Days::new(u64::from(n));
            let p = ConfirmationPolicy { remind_after_months: months, expire_after_days: days };
            let due = p.due(at(confirmed), reminded.map(at), at(today));
            if due == FollowUp::Expire {
                prop_assert!(reminded.is_some_and(|r| r > confirmed && today >= r + days));
            }
            if today < confirmed {
                prop_assert_ne!(due, FollowUp::Remind);
            }
        }
    }
}
