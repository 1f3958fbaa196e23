//! Keeping robots off the public forms without a CAPTCHA, which would shut
//! out people with a screen reader or low digital skills:
//!
//! - a honeypot field that people never see (hidden by the stylesheet,
//!   absent from the accessibility tree) and robots fill in;
//! - a minimum fill time: the form carries the instant it was served,
//!   signed, and a form sent back within seconds was not read;
//! - a cap on the forms accepted from one client address per hour.
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
/// Forms accepted from one address in an hour: a France Services desk
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

pub struct AntiBot {
    key: [u8; 32],
    counters: Mutex<HashMap<String, (DateTime<Utc>, u32)>>,
}

impl Default for AntiBot {
    fn default() -> Self {
        let mut key = [0u8; 32];
        rand::RngCore::fill_bytes(&mut rand::rng(), &mut key);
        AntiBot { key, counters: Mutex::default() }
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

    /// The stamp of a form served at `now`.
    pub fn stamp(&self, now: DateTime<Utc>) -> String {
        let seconds = now.timestamp().to_string();
        format!("{seconds}.{}", self.mac(&seconds))
    }

    /// Judges a form sent back at `now`.
    pub fn judge(&self, honeypot: &str, stamp: &str, now: DateTime<Utc>) -> Verdict {
        if !honeypot.is_empty() {
            return Verdict::Robot;
        }
        let Some((seconds, mac)) = stamp.split_once('.') else { return Verdict::Hurried };
        let (Ok(served), true) = (seconds.parse::<i64>(), self.mac(seconds) == mac) else {
            return Verdict::Hurried;
        };
        let age = now.timestamp().saturating_sub(served);
        if (MIN_FILL_SECONDS..=MAX_FORM_AGE_SECONDS).contains(&age) { Verdict::Person } else { Verdict::Hurried }
    }

    /// Counts one form from `addr` at `now`; false past [`PER_HOUR`].
    pub fn admit(&self, addr: &str, now: DateTime<Utc>) -> bool {
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
        entry.1 <= PER_HOUR
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
        let stamp = bot.stamp(at(0));
        assert_eq!(bot.judge("", &stamp, at(1)), Verdict::Hurried);
        assert_eq!(bot.judge("", &stamp, at(MIN_FILL_SECONDS)), Verdict::Person);
        assert_eq!(bot.judge("", &stamp, at(MAX_FORM_AGE_SECONDS + 1)), Verdict::Hurried, "stale");
        assert_eq!(bot.judge("http://spam", &stamp, at(60)), Verdict::Robot);
    }

    #[test]
    fn a_stamp_cannot_be_forged_or_moved() {
        let bot = AntiBot::default();
        let stamp = bot.stamp(at(0));
        let (_, mac) = stamp.split_once('.').unwrap();
        let earlier = format!("{}.{mac}", at(-3600).timestamp());
        assert_eq!(bot.judge("", &earlier, at(60)), Verdict::Hurried);
        assert_eq!(bot.judge("", "", at(60)), Verdict::Hurried);
        assert_eq!(bot.judge("", "1.2.3", at(60)), Verdict::Hurried);
        let other = AntiBot::default();
        assert_eq!(other.judge("", &stamp, at(60)), Verdict::Hurried, "another key");
    }

    #[test]
    fn an_address_is_capped_per_hour_then_let_in_again() {
        let bot = AntiBot::default();
        for _ in 0..PER_HOUR {
            assert!(bot.admit("203.0.113.7", at(0)));
        }
        assert!(!bot.admit("203.0.113.7", at(60)));
        assert!(bot.admit("198.51.100.1", at(60)), "another address is counted apart");
        assert!(bot.admit("203.0.113.7", at(3601)), "an hour later");
    }
}
