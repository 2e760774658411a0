//! `hs mcp --redact`: email addresses and phone numbers replaced in the output of the tools
//! that carry customer data (conversations, threads, customers), before it reaches the
//! agent.
//!
//! Redaction works on the text, not on field names, because customer details also travel
//! in free text (a signature in a thread body, a note quoting a phone number). It errs on
//! the side of hiding: a team member's address inside a conversation is hidden too.

use serde_json::Value;

/// What replaces an email address.
pub const EMAIL: &str = "[email redacted]";
/// What replaces a phone number.
pub const PHONE: &str = "[phone redacted]";

/// The fewest and most digits of a phone number (E.164 allows 15; 7 is a local number
/// without its area code).
const PHONE_DIGITS: std::ops::RangeInclusive<usize> = 7..=15;

/// Redacts every string inside `value` (not the keys: they are the schema's field names).
pub fn value(value: &mut Value) {
    match value {
        Value::String(text) => {
            let redacted = self::text(text);
            if redacted != *text {
                *text = redacted;
            }
        }
        Value::Array(items) => items.iter_mut().for_each(self::value),
        Value::Object(fields) => fields.values_mut().for_each(self::value),
        Value::Null | Value::Bool(_) | Value::Number(_) => {}
    }
}

/// `text` with its email addresses and phone numbers replaced.
pub fn text(text: &str) -> String {
    phones(&emails(text))
}

/// Characters of an address's local part (RFC 5322's common subset).
fn is_local(c: char) -> bool {
    c.is_ascii_alphanumeric() || "._%+-'".contains(c)
}

/// Characters of a domain name.
fn is_domain(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '.' || c == '-'
}

fn emails(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('@') {
        let before = &rest[..at];
        let after = &rest[at + 1..];
        let local_start = before
            .char_indices()
            .rev()
            .take_while(|(_, c)| is_local(*c))
            .last()
            .map(|(index, _)| index);
        let domain_len = after
            .char_indices()
            .take_while(|(_, c)| is_domain(*c))
            .last()
            .map(|(index, c)| index + c.len_utf8());
        match (local_start, domain_len) {
            (Some(start), Some(len)) if is_domain_name(after[..len].trim_end_matches('.')) => {
                out.push_str(&before[..start]);
                out.push_str(EMAIL);
                // A sentence's full stop after the address is not part of the domain.
                let domain = after[..len].trim_end_matches('.');
                rest = &after[domain.len()..];
            }
            _ => {
                out.push_str(before);
                out.push('@');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// A domain with at least two labels and an alphabetic top-level one.
fn is_domain_name(domain: &str) -> bool {
    let mut labels = domain.rsplit('.');
    let Some(top) = labels.next() else {
        return false;
    };
    top.len() >= 2
        && top.chars().all(|c| c.is_ascii_alphabetic())
        && labels.next().is_some_and(|label| !label.is_empty())
}

/// Characters a written phone number is made of.
fn is_phone_char(c: char) -> bool {
    c.is_ascii_digit() || " +()-.".contains(c)
}

fn phones(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if !(c.is_ascii_digit() || c == '+' || c == '(') {
            continue;
        }
        // A number glued to a word, a path or a query (`id=1234567`, `/v2/1234567`) is
        // an identifier, not a phone number.
        let previous = text[..start].chars().next_back();
        if previous.is_some_and(|p| p.is_alphanumeric() || "/_=#&?:@-.".contains(p)) {
            continue;
        }
        let mut end = start + c.len_utf8();
        while let Some(&(index, next)) = chars.peek() {
            if !is_phone_char(next) {
                break;
            }
            end = index + next.len_utf8();
            chars.next();
        }
        // The number ends at its last digit; what follows is punctuation of the sentence.
        let candidate = text[start..end].trim_end_matches(|c: char| !c.is_ascii_digit());
        let end = start + candidate.len();
        let following = text[end..].chars().next();
        let digits = candidate.chars().filter(char::is_ascii_digit).count();
        if PHONE_DIGITS.contains(&digits)
            && !following.is_some_and(|f| f.is_alphanumeric() || f == ':' || f == '/')
            && !is_date(candidate)
        {
            out.push_str(&text[copied..start]);
            out.push_str(PHONE);
            copied = end;
        }
    }
    out.push_str(&text[copied..]);
    out
}

/// `2024-05-01` and `2024.05.01`: dates, which have the shape of a short phone number.
fn is_date(candidate: &str) -> bool {
    let bytes = candidate.as_bytes();
    bytes.len() == 10
        && bytes[4] == bytes[7]
        && matches!(bytes[4], b'-' | b'.' | b'/')
        && bytes
            .iter()
            .enumerate()
            .all(|(i, b)| i == 4 || i == 7 || b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_replaced_and_the_sentence_kept() {
        assert_eq!(
            text("Write to ada.lovelace+help@example.co.uk. Thanks"),
            format!("Write to {EMAIL}. Thanks")
        );
        assert_eq!(text("<a@b.io>, c@d.org"), format!("<{EMAIL}>, {EMAIL}"));
        // Not addresses: no local part, no dot in the domain, a numeric top-level label.
        for kept in ["@handle", "user@localhost", "a@1.2", "x @ y.com", "@@"] {
            assert_eq!(text(kept), kept);
        }
    }

    #[test]
    fn phones_are_replaced_but_not_dates_ids_or_times() {
        assert_eq!(
            text("Call +1-555-0123 or (020) 7946 0958."),
            format!("Call {PHONE} or {PHONE}.")
        );
        for kept in [
            "2024-05-01T12:00:00Z",
            "2024-05-01",
            "https://api.helpscout.net/v2/conversations/123456789",
            "order 12345",
            "id=98765432",
            "v1.2.3",
            "12:30:45",
        ] {
            assert_eq!(text(kept), kept);
        }
    }

    #[test]
    fn values_are_redacted_in_depth_and_keys_kept() {
        let mut json = serde_json::json!({
            "email": "ada@example.com",
            "_embedded": {"phones": [{"value": "+1-555-0200", "type": "work"}]},
            "id": 15551234567_i64,
        });
        value(&mut json);
        assert_eq!(
            json,
            serde_json::json!({
                "email": EMAIL,
                "_embedded": {"phones": [{"value": PHONE, "type": "work"}]},
                "id": 15551234567_i64,
            })
        );
    }

    #[test]
    fn odd_text_never_panics() {
        for odd in [
            "@",
            "a@",
            "@b.c",
            "+",
            "(",
            "é@é.é",
            "1234567@x.yz",
            "+++++++",
        ] {
            let _ = text(odd);
        }
    }
}
