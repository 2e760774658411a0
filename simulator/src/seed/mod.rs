//! Deterministic seeding: the same seed and sizes give the same account, id for id.
//!
//! Seeded timestamps lie in the year before [`SEED_EPOCH`], a fixed date, so they do not
//! depend on when the simulator starts; resources created through the API get the simulated
//! current time.

use chrono::{DateTime, Duration, TimeZone, Utc};

use crate::state::{Data, Rng};

mod automation;
mod conversations;
mod customers;
mod mailboxes;
mod names;
mod people;

/// How much to seed.
#[derive(Clone, Debug)]
pub(crate) struct SeedSizes {
    pub(crate) conversations: usize,
    pub(crate) customers: Option<usize>,
    pub(crate) mailboxes: usize,
    pub(crate) users: usize,
    pub(crate) max_threads: usize,
}

impl Default for SeedSizes {
    fn default() -> Self {
        Self {
            conversations: 100,
            customers: None,
            mailboxes: 3,
            users: 6,
            max_threads: 5,
        }
    }
}

/// Seeded data is dated in the year before this instant: 2025-06-01T00:00:00Z.
pub(crate) fn seed_epoch() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 6, 1, 0, 0, 0)
        .single()
        .unwrap_or_default()
}

/// The ids later sections draw from.
#[derive(Clone, Copy)]
pub(super) struct Known<'a> {
    pub(super) user_ids: &'a [i64],
    pub(super) ai_id: i64,
    pub(super) mailbox_ids: &'a [i64],
    pub(super) tag_ids: &'a [i64],
    pub(super) customer_ids: &'a [i64],
}

/// The start of the seeded year.
fn year_ago() -> DateTime<Utc> {
    seed_epoch() - Duration::days(365)
}

/// A random instant in the seeded year.
fn past(rng: &mut Rng) -> DateTime<Utc> {
    year_ago() + Duration::seconds((rng.below(364 * 86_400)) as i64)
}

/// The seeded account: one section after the other, each drawing from the same random
/// sequence, so the order of the calls is part of the account's identity.
pub(crate) fn seed(seed: u64, sizes: &SeedSizes) -> Data {
    let mut rng = Rng::new(seed);
    let mut d = Data::new();
    let (user_ids, ai_id) = people::users(&mut rng, &mut d, sizes);
    people::teams(&mut d, &user_ids);
    mailboxes::mailboxes(&mut d, sizes, &user_ids);
    let (mailbox_ids, tag_ids) = mailboxes::tags(&mut rng, &mut d);
    customers::customer_properties(&mut d);
    let org_ids = customers::organizations(&mut rng, &mut d);
    let customer_ids = customers::customers(&mut rng, &mut d, sizes, &org_ids);
    let known = Known {
        user_ids: &user_ids,
        ai_id,
        mailbox_ids: &mailbox_ids,
        tag_ids: &tag_ids,
        customer_ids: &customer_ids,
    };
    conversations::conversations(&mut rng, &mut d, sizes, &known);
    automation::workflows(&mut d, &user_ids, &mailbox_ids);
    automation::webhooks(&mut d, &mailbox_ids);
    d
}

#[cfg(test)]
mod tests {
    use helpscout_mailbox::models::ThreadType;

    use super::*;

    #[test]
    fn same_seed_same_account() {
        let sizes = SeedSizes {
            conversations: 50,
            ..SeedSizes::default()
        };
        let a = seed(42, &sizes);
        let b = seed(42, &sizes);
        let c = seed(43, &sizes);
        let subjects = |d: &Data| {
            d.conversations
                .values()
                .map(|c| (c.subject.clone(), c.threads.len(), c.customer_id))
                .collect::<Vec<_>>()
        };
        assert_eq!(subjects(&a), subjects(&b));
        assert_ne!(subjects(&a), subjects(&c));
        assert_eq!(a.conversations.len(), 50);
        assert!(a.customers.len() >= 20);
    }

    #[test]
    fn every_thread_kind_is_seeded() {
        let d = seed(
            1,
            &SeedSizes {
                conversations: 400,
                ..SeedSizes::default()
            },
        );
        for kind in [
            ThreadType::Customer,
            ThreadType::Message,
            ThreadType::Note,
            ThreadType::Chat,
            ThreadType::Beaconchat,
            ThreadType::Phone,
            ThreadType::Lineitem,
            ThreadType::Forwardparent,
            ThreadType::Forwardchild,
        ] {
            assert!(
                d.conversations
                    .values()
                    .any(|c| c.threads.iter().any(|t| t.kind == kind)),
                "{kind}"
            );
        }
    }
}
