//! The feed's resumable state and the rules that make each change come out once.
//!
//! Help Scout's v2 conversation objects carry no modification time (`modifiedSince` and
//! `sortField=modifiedAt` exist, the field does not), so a change is recognised by a
//! *version*: a fingerprint of the item as the API showed it. An item is yielded when its
//! id is new to the window or its version differs from the one yielded last.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::models::{Conversation, Customer, Timestamp};

/// Where a change feed stands: the time its next poll asks from, and the versions of the
/// items it yielded recently, which the overlap of the next poll will fetch again.
///
/// Store it (it is `serde`-serialisable, as small JSON) after handling a batch, and pass it
/// back to [`Changes::conversations`](super::Changes::conversations) or
/// [`Changes::customers`](super::Changes::customers) to resume: what was yielded before the
/// checkpoint is not yielded again, and nothing changed after it is missed (within the
/// limits the [module docs](super) describe). A checkpoint belongs to one kind of item;
/// resuming a customer feed from a conversation checkpoint yields changes twice or not at
/// all.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checkpoint {
    /// The time (client clock) from which the next poll asks, before the overlap.
    since: Timestamp,
    /// Whether `since` came from the caller and no poll has run yet: the first poll asks
    /// from exactly `since`, later ones from `since` minus the overlap.
    #[serde(default)]
    exact: bool,
    /// id → what was yielded last for it, for the items the next poll may fetch again.
    #[serde(default)]
    seen: BTreeMap<i64, Seen>,
}

/// One yielded item, remembered.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
struct Seen {
    /// The item's fingerprint, in hex (a string, so that JSON readers without 64-bit
    /// integers keep it intact).
    version: String,
    /// When the page holding it arrived (client clock). Its change happened before that,
    /// so once a poll asks from a later time the item can only come back changed.
    fetched_at: Timestamp,
}

impl Checkpoint {
    /// A feed of the changes made at or after `since`.
    pub fn starting_at(since: impl Into<Timestamp>) -> Self {
        Self {
            since: since.into(),
            exact: true,
            seen: BTreeMap::new(),
        }
    }

    /// A feed of the changes from now on.
    pub fn now() -> Self {
        Self::starting_at(Timestamp::now())
    }

    /// The time the next poll asks from, before the overlap is taken off.
    pub fn since(&self) -> Timestamp {
        self.since
    }

    /// How many recently yielded items the checkpoint remembers.
    pub fn remembered(&self) -> usize {
        self.seen.len()
    }

    /// The `modifiedSince` of the next poll: `since`, minus `overlap` after the first poll.
    pub(super) fn query_from(&self, overlap: std::time::Duration) -> Timestamp {
        if self.exact {
            return self.since;
        }
        minus(self.since, overlap)
    }

    /// Whether an item (by id and version) was yielded already; records it when not.
    // quirk Q26: no modification time; changes are told apart by fingerprint.
    pub(super) fn admit(&mut self, id: i64, version: u64, fetched_at: Timestamp) -> bool {
        let version = format!("{version:016x}");
        if self.seen.get(&id).is_some_and(|s| s.version == version) {
            return false;
        }
        self.seen.insert(
            id,
            Seen {
                version,
                fetched_at,
            },
        );
        true
    }

    /// Closes a successful poll that started at `started`: the next one asks from there
    /// (minus the overlap), and items that poll cannot fetch unchanged are forgotten.
    pub(super) fn advance(&mut self, started: Timestamp, overlap: std::time::Duration) {
        // A clock that went backwards must not move the feed back.
        self.since = self.since.max(started);
        self.exact = false;
        // An item fetched before the next poll's `modifiedSince` changed before it too, by
        // the client's clock; the server's clock may run ahead by up to `overlap`, so the
        // item is kept for one more overlap before it is forgotten.
        let keep_from = minus(self.since, overlap.saturating_mul(2));
        self.seen.retain(|_, s| s.fetched_at >= keep_from);
    }
}

/// `at - by`, saturating at the Unix epoch: Help Scout has no older data, and an absurd
/// overlap must not overflow.
fn minus(at: Timestamp, by: std::time::Duration) -> Timestamp {
    let epoch = chrono::DateTime::UNIX_EPOCH;
    chrono::Duration::from_std(by)
        .ok()
        .and_then(|by| at.get().checked_sub_signed(by))
        .map_or(Timestamp::new(epoch), |t| Timestamp::new(t.max(epoch)))
}

/// What the feed needs of an item it follows. Sealed: the feed serves conversations and
/// customers.
pub trait FeedItem: Serialize + super::sealed::Sealed {
    /// The item's id; an item without one cannot be deduplicated and is always yielded.
    fn feed_id(&self) -> Option<i64>;

    /// Removes the parts of the item that change without the item changing (such as a
    /// "3 hours ago" text), before the fingerprint is taken.
    fn strip_volatile(_value: &mut Value) {}
}

impl FeedItem for Conversation {
    fn feed_id(&self) -> Option<i64> {
        Some(self.id.get())
    }

    fn strip_volatile(value: &mut Value) {
        // `customerWaitingSince.friendly` ("3 hours ago") ages by itself.
        if let Some(waiting) = value
            .get_mut("customerWaitingSince")
            .and_then(Value::as_object_mut)
        {
            waiting.remove("friendly");
        }
    }
}

impl FeedItem for Customer {
    fn feed_id(&self) -> Option<i64> {
        Some(self.id.get())
    }
}

/// The fingerprint of an item: FNV-1a (64 bits) of its JSON with the volatile parts taken
/// out. FNV rather than `std`'s hasher because checkpoints outlive the program: the same
/// item must give the same number in the next release of Rust.
pub(super) fn version<T: FeedItem>(item: &T) -> u64 {
    let mut value = serde_json::to_value(item).unwrap_or(Value::Null);
    T::strip_volatile(&mut value);
    let bytes = serde_json::to_vec(&value).unwrap_or_default();
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in bytes {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    fn at(text: &str) -> Timestamp {
        text.parse().expect("timestamp")
    }

    const MINUTE: Duration = Duration::from_secs(60);

    #[test]
    fn the_first_poll_asks_from_the_start_later_ones_overlap() {
        let mut checkpoint = Checkpoint::starting_at(at("2024-01-01T10:00:00Z"));
        assert_eq!(checkpoint.query_from(MINUTE), at("2024-01-01T10:00:00Z"));
        checkpoint.advance(at("2024-01-01T10:05:00Z"), MINUTE);
        assert_eq!(checkpoint.query_from(MINUTE), at("2024-01-01T10:04:00Z"));
        // A clock that jumped back does not rewind the feed.
        checkpoint.advance(at("2024-01-01T09:00:00Z"), MINUTE);
        assert_eq!(checkpoint.since(), at("2024-01-01T10:05:00Z"));
    }

    #[test]
    fn an_item_fetched_again_unchanged_is_not_admitted_a_changed_one_is() {
        let mut checkpoint = Checkpoint::starting_at(at("2024-01-01T10:00:00Z"));
        let fetched = at("2024-01-01T10:00:10Z");
        assert!(checkpoint.admit(1, 7, fetched));
        assert!(!checkpoint.admit(1, 7, fetched));
        assert!(checkpoint.admit(1, 8, fetched));
        assert!(checkpoint.admit(2, 7, fetched));
    }

    #[test]
    fn items_are_forgotten_once_no_poll_can_fetch_them_unchanged() {
        let mut checkpoint = Checkpoint::starting_at(at("2024-01-01T10:00:00Z"));
        checkpoint.admit(1, 1, at("2024-01-01T10:00:30Z"));
        checkpoint.admit(2, 1, at("2024-01-01T10:02:30Z"));
        // The next poll asks from 10:03 - 1 min = 10:02: item 1 (fetched at 10:00:30, so
        // changed before) cannot come back unchanged even if the server's clock is a minute
        // ahead; item 2 can.
        checkpoint.advance(at("2024-01-01T10:03:00Z"), MINUTE);
        assert_eq!(checkpoint.remembered(), 1);
        assert!(!checkpoint.admit(2, 1, at("2024-01-01T10:03:10Z")));
    }

    #[test]
    fn an_absurd_overlap_saturates_at_the_epoch() {
        let mut checkpoint = Checkpoint::starting_at(at("2024-01-01T10:00:00Z"));
        checkpoint.advance(at("2024-01-01T10:00:00Z"), Duration::MAX);
        assert_eq!(
            checkpoint.query_from(Duration::MAX),
            at("1970-01-01T00:00:00Z")
        );
    }

    #[test]
    fn checkpoints_round_trip_through_json() {
        let mut checkpoint = Checkpoint::starting_at(at("2024-01-01T10:00:00Z"));
        checkpoint.admit(5, u64::MAX, at("2024-01-01T10:00:01Z"));
        let json = serde_json::to_string(&checkpoint).expect("serialises");
        assert!(json.contains("\"ffffffffffffffff\""), "{json}");
        let back: Checkpoint = serde_json::from_str(&json).expect("parses");
        assert_eq!(back, checkpoint);
    }

    #[test]
    fn the_waiting_time_text_does_not_change_a_conversations_version() {
        let conversation = |friendly: &str| -> Conversation {
            serde_json::from_value(serde_json::json!({
                "id": 1,
                "primaryCustomer": {"id": 2},
                "subject": "Order",
                "customerWaitingSince": {"time": "2024-01-01T10:00:00Z", "friendly": friendly}
            }))
            .expect("decodes")
        };
        assert_eq!(
            version(&conversation("just now")),
            version(&conversation("2 hours ago"))
        );
        let mut renamed = conversation("just now");
        renamed.subject = Some("Refund".into());
        assert_ne!(version(&conversation("just now")), version(&renamed));
    }
}
