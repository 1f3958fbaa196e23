//! Keeping robots off the public forms without a CAPTCHA, which would shut
//! out people with a screen reader or low digital skills:
//!
//! - a honeypot field that people never see (hidden by the stylesheet,
//!   absent from the accessibility tree) and robots fill in;
//! - a minimum fill time: the form carries the instant it was served,
//!   signed with the visitor's CSRF token, and a form sent back within
//!   seconds was not read;
//! - one request per form served: a stamp that filed a request leads back
//!   to it (a double tap files nothing twice), so one GET is not a licence
//!   to post many times;
//! - a cap on the requests accepted from one client address per hour.
//!
//! The signing key and the counters live in memory: a restart forgets
//! them, which costs a family at most one « renvoyez le formulaire ».

use std::collections::HashMap;
use std::sync::Mutex;

use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};

/// The honeypot's name: what a robot filling « every field » fills.
pub const HONEYPOT: &str = "site_web";
/// The field carrying the signed instant the form was served.
pub const STAMP: &str = "form_stamp";
/// A person takes longer than this to read and fill a form.
pub const MIN_FILL_SECONDS: i64 = 3;
/// A form older than this is stale: it is served again.
pub const MAX_FORM_AGE_SECONDS: i64 = 24 * 3600;
/// Requests accepted from one address in an hour: a France Services desk
/// helping several families in a row stays well under it.
pub const PER_HOUR: u32 = 20;

/// What a form sent back shows about who filled it.
#[derive(Debug, PartialEq, Eq)]
pub enum Verdict {
    Person,
    /// Sent back too soon, or with a stamp that is stale or not ours: the
    /// form is served again, with what was typed.
    Hurried,
    /// The honeypot is filled: refused without saying why.
    Robot,
}

/// What became of a form's stamp.
#[derive(Debug, PartialEq, Eq)]
pub enum Claim {
    /// Never used: the request may be filed.
    Fresh,
    /// Being filed by another request right now (a double tap).
    Pending,
    /// Already filed: its private link's token.
    Filed(String),
}

/// A used stamp: when, and the request's token once filed.
type Used = (DateTime<Utc>, Option<String>);

pub struct AntiBot {
    key: [u8; 32],
    counters: Mutex<HashMap<String, (DateTime<Utc>, u32)>>,
    /// Stamps that filed a request (or are filing one), with when and the
    /// token: kept while the stamp could be valid, then forgotten.
    used: Mutex<HashMap<String, Used>>,
}

impl Default for AntiBot {
    fn default() -> Self {
        let mut key = [0u8; 32];
        rand::RngCore::fill_bytes(&mut rand::rng(), &mut key);
        AntiBot { key, counters: Mutex::default(), used: Mutex::default() }
    }
}

impl AntiBot {
    /// HMAC-SHA-256 (RFC 2104) of `message`, in hex.
    fn mac(&self, message: &str) -> String {
        let block = |pad: u8| self.key.iter().map(|k| k ^ pad).chain(std::iter::repeat_n(pad, 32)).collect::<Vec<_>>();
        let inner = Sha256::new().chain_update(block(0x36)).chain_update(message.as_bytes()).finalize();
        let outer = Sha256::new().chain_update(block(0x5c)).chain_update(inner).finalize();
        outer.iter().map(|b| format!("{b:02x}")).collect()
    }

    /// The stamp of a form served at `now` to the visitor whose CSRF token is `csrf`.
    pub fn stamp(&self, now: DateTime<Utc>, csrf: &str) -> String {
        let seconds = now.timestamp().to_string();
        format!("{seconds}.{}", self.mac(&format!("{seconds}.{csrf}")))
    }

    /// Judges a form sent back at `now` with the CSRF token `csrf`.
    pub fn judge(&self, honeypot: &str, stamp: &str, csrf: &str, now: DateTime<Utc>) -> Verdict {
        if !honeypot.is_empty() {
            return Verdict::Robot;
        }
        let Some((seconds, mac)) = stamp.split_once('.') else { return Verdict::Hurried };
        let (Ok(served), true) = (seconds.parse::<i64>(), self.mac(&format!("{seconds}.{csrf}")) == mac) else {
            return Verdict::Hurried;
        };
        let age = now.timestamp().saturating_sub(served);
        if (MIN_FILL_SECONDS..=MAX_FORM_AGE_SECONDS).contains(&age) { Verdict::Person } else { Verdict::Hurried }
    }

    /// Whether `addr` may still file a request at `now` (fewer than
    /// [`PER_HOUR`] accepted this hour).
    pub fn allows(&self, addr: &str, now: DateTime<Utc>) -> bool {
        let counters = self.counters.lock().unwrap_or_else(|e| e.into_inner());
        let hour_ago = now - chrono::Duration::hours(1);
        counters.get(addr).is_none_or(|(since, n)| *since <= hour_ago || *n < PER_HOUR)
    }

    /// Counts a request accepted from `addr` at `now`.
    pub fn count(&self, addr: &str, now: DateTime<Utc>) {
        let mut counters = self.counters.lock().unwrap_or_else(|e| e.into_inner());
        let hour_ago = now - chrono::Duration::hours(1);
        if counters.len() > 10_000 {
            counters.retain(|_, (since, _)| *since > hour_ago);
        }
        let entry = counters.entry(addr.to_owned()).or_insert((now, 0));
        if entry.0 <= hour_ago {
            *entry = (now, 0);
        }
        entry.1 += 1;
    }

    /// Takes `stamp` for one filing, unless it is taken.
    pub fn claim(&self, stamp: &str, now: DateTime<Utc>) -> Claim {
        let mut used = self.used.lock().unwrap_or_else(|e| e.into_inner());
        let day_ago = now - chrono::Duration::seconds(MAX_FORM_AGE_SECONDS);
        if used.len() > 10_000 {
            used.retain(|_, (at, _)| *at > day_ago);
        }
        match used.get(stamp) {
            Some((_, Some(token))) => Claim::Filed(token.clone()),
            Some((_, None)) => Claim::Pending,
            None => {
                used.insert(stamp.to_owned(), (now, None));
                Claim::Fresh
            }
        }
    }

    /// The filing of `stamp` ended: with the request's token, or refused
    /// (the stamp may then be sent again, corrected).
    pub fn settle(&self, stamp: &str, token: Option<String>) {
        let mut used = self.used.lock().unwrap_or_else(|e| e.into_inner());
        match token {
            Some(token) => {
                if let Some(entry) = used.get_mut(stamp) {
                    entry.1 = Some(token);
                }
            }
            None => {
                used.remove(stamp);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(seconds: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_800_000_000 + seconds, 0).unwrap()
    }

    #[test]
    fn a_form_filled_in_a_few_seconds_by_a_person_passes() {
        let bot = AntiBot::default();
        let stamp = bot.stamp(at(0), "csrf");
        assert_eq!(bot.judge("", &stamp, "csrf", at(1)), Verdict::Hurried);
        assert_eq!(bot.judge("", &stamp, "csrf", at(MIN_FILL_SECONDS)), Verdict::Person);
        assert_eq!(bot.judge("", &stamp, "csrf", at(MAX_FORM_AGE_SECONDS + 1)), Verdict::Hurried, "stale");
        assert_eq!(bot.judge("http://spam", &stamp, "csrf", at(60)), Verdict::Robot);
        assert_eq!(bot.judge("", &stamp, "another visitor's", at(60)), Verdict::Hurried, "not theirs");
    }

    #[test]
    fn a_stamp_cannot_be_forged_or_moved() {
        let bot = AntiBot::default();
        let stamp = bot.stamp(at(0), "csrf");
        let (_, mac) = stamp.split_once('.').unwrap();
        let earlier = format!("{}.{mac}", at(-3600).timestamp());
        assert_eq!(bot.judge("", &earlier, "csrf", at(60)), Verdict::Hurried);
        assert_eq!(bot.judge("", "", "csrf", at(60)), Verdict::Hurried);
        assert_eq!(bot.judge("", "1.2.3", "csrf", at(60)), Verdict::Hurried);
        let other = AntiBot::default();
        assert_eq!(other.judge("", &stamp, "csrf", at(60)), Verdict::Hurried, "another key");
    }

    #[test]
    fn a_stamp_files_one_request_and_leads_back_to_it() {
        let bot = AntiBot::default();
        assert_eq!(bot.claim("s1", at(0)), Claim::Fresh);
        assert_eq!(bot.claim("s1", at(0)), Claim::Pending, "a double tap while it is filed");
        bot.settle("s1", Some("token".into()));
        assert_eq!(bot.claim("s1", at(5)), Claim::Filed("token".into()));
        assert_eq!(bot.claim("s2", at(0)), Claim::Fresh);
        bot.settle("s2", None);
        assert_eq!(bot.claim("s2", at(5)), Claim::Fresh, "a refused form may be sent again");
    }

    #[test]
    fn an_address_is_capped_per_hour_then_let_in_again() {
        let bot = AntiBot::default();
        for _ in 0..PER_HOUR {
            assert!(bot.allows("203.0.113.7", at(0)));
            bot.count("203.0.113.7", at(0));
        }
        assert!(!bot.allows("203.0.113.7", at(60)));
        assert!(bot.allows("198.51.100.1", at(60)), "another address is counted apart");
        assert!(bot.allows("203.0.113.7", at(3601)), "an hour later");
    }
}
