//! Parsers for argument values that clap does not know: dates, the API's open enums,
//! `me` for the current user.

use std::time::Duration;

use helpscout_mailbox::models::Timestamp;

/// A date-time: ISO 8601 (`2024-05-01`, `2024-05-01T12:00:00Z`, UTC when no zone is given),
/// or an age such as `90m`, `36h`, `7d`, `2w` meaning that long ago.
pub fn timestamp(text: &str) -> Result<Timestamp, String> {
    if let Some(age) = age(text) {
        let age = chrono_duration(age?)?;
        let at = Timestamp::now()
            .get()
            .checked_sub_signed(age)
            .ok_or_else(|| format!("`{text}` reaches too far back"))?;
        return Ok(Timestamp::new(at));
    }
    text.parse::<Timestamp>().map_err(|e| {
        format!(
            "{e}; write a date such as 2024-05-01 or 2024-05-01T12:00:00Z, or an age such as 7d"
        )
    })
}

/// A date-time in the future: ISO 8601, or a delay such as `2h` or `3d` from now.
pub fn future_timestamp(text: &str) -> Result<Timestamp, String> {
    if let Some(delay) = age(text) {
        let delay = chrono_duration(delay?)?;
        let at = Timestamp::now()
            .get()
            .checked_add_signed(delay)
            .ok_or_else(|| format!("`{text}` reaches too far ahead"))?;
        return Ok(Timestamp::new(at));
    }
    text.parse::<Timestamp>().map_err(|e| {
        format!("{e}; write a date such as 2030-05-01T09:00:00Z, or a delay such as 2h or 3d")
    })
}

/// `None` when `text` is not of the form `<number><unit>`; the duration otherwise, checked.
fn age(text: &str) -> Option<Result<Duration, String>> {
    let text = text.trim();
    let unit = text.chars().last()?;
    let seconds: u64 = match unit {
        's' => 1,
        'm' => 60,
        'h' => 3_600,
        'd' => 86_400,
        'w' => 604_800,
        _ => return None,
    };
    let number = &text[..text.len() - unit.len_utf8()];
    if number.is_empty() || !number.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(
        number
            .parse::<u64>()
            .ok()
            .and_then(|n| n.checked_mul(seconds))
            .map(Duration::from_secs)
            .ok_or_else(|| format!("`{text}` is too long a time")),
    )
}

fn chrono_duration(duration: Duration) -> Result<chrono::TimeDelta, String> {
    chrono::TimeDelta::from_std(duration).map_err(|_| "too long a time".to_owned())
}

/// A value of one of the API's open enums, checked against its documented values (in any
/// case) so that a typo is a usage error instead of a request Help Scout rejects.
pub fn known<T: From<&'static str>>(
    text: &str,
    known: &'static [&'static str],
) -> Result<T, String> {
    known
        .iter()
        .find(|k| k.eq_ignore_ascii_case(text.trim()))
        .map(|k| T::from(k))
        .ok_or_else(|| format!("`{text}` is not one of: {}", known.join(", ")))
}

/// A user named on the command line: an id, `me` (the token's user) or `none`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UserRef {
    Id(i64),
    Me,
    Nobody,
}

/// Parses a [`UserRef`].
pub fn user_ref(text: &str) -> Result<UserRef, String> {
    match text.trim() {
        t if t.eq_ignore_ascii_case("me") => Ok(UserRef::Me),
        t if t.eq_ignore_ascii_case("none") || t.eq_ignore_ascii_case("nobody") => {
            Ok(UserRef::Nobody)
        }
        t => t
            .parse::<i64>()
            .ok()
            .filter(|id| *id > 0)
            .map(UserRef::Id)
            .ok_or_else(|| format!("`{text}` is not a user id, `me` or `none`")),
    }
}

/// A positive id.
pub fn id(text: &str) -> Result<i64, String> {
    text.trim()
        .parse::<i64>()
        .ok()
        .filter(|id| *id > 0)
        .ok_or_else(|| format!("`{text}` is not an id (a positive whole number)"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use helpscout_mailbox::models::ConversationStatusFilter;

    #[test]
    fn dates_and_ages() {
        assert_eq!(
            timestamp("2024-05-01").unwrap().to_string(),
            "2024-05-01T00:00:00Z"
        );
        let week = timestamp("7d").unwrap().get();
        let expected = Timestamp::now().get() - chrono::TimeDelta::days(7);
        assert!((week - expected).num_seconds().abs() < 5);
        assert!(timestamp("yesterday").is_err());
        assert!(timestamp("99999999999999999999d").is_err());
        assert!(timestamp("18446744073709551615w").is_err());
        assert!(future_timestamp("2h").unwrap().get() > Timestamp::now().get());
        assert!(timestamp("d").is_err());
        assert!(timestamp("-5d").is_err());
    }

    #[test]
    fn open_enums_are_checked() {
        let all: ConversationStatusFilter = known("ALL", ConversationStatusFilter::KNOWN).unwrap();
        assert_eq!(all, ConversationStatusFilter::All);
        let error = known::<ConversationStatusFilter>("clsoed", ConversationStatusFilter::KNOWN)
            .unwrap_err();
        assert!(error.contains("closed"), "{error}");
    }

    #[test]
    fn users() {
        assert_eq!(user_ref("me"), Ok(UserRef::Me));
        assert_eq!(user_ref("none"), Ok(UserRef::Nobody));
        assert_eq!(user_ref("12"), Ok(UserRef::Id(12)));
        assert!(user_ref("-1").is_err());
        assert!(id("0").is_err());
        assert!(id("99999999999999999999").is_err());
    }
}
