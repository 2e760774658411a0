//! Seeding: Users, the AI agent and teams.

use helpscout_mailbox::models::{ChatAvailability, EmailAvailability, StatusSource, UserRole};

use crate::state::{Data, Rng, TeamRec, UserRec, slugify};

use super::names::*;
use super::{SeedSizes, past, year_ago};

/// The users, the first of them the account owner, and one AI agent; returns the human users' ids and the agent's.
pub(super) fn users(rng: &mut Rng, d: &mut Data, sizes: &SeedSizes) -> (Vec<i64>, i64) {
    let year_ago = year_ago();
    let user_count = sizes.users.max(1);
    for i in 0..user_count {
        let id = d.ids.next("user");
        let first = FIRST[i % FIRST.len()];
        let last = LAST[(i * 7 + 3) % LAST.len()];
        let role = match i {
            0 => UserRole::Owner,
            1 => UserRole::Admin,
            _ if i + 1 == user_count && user_count > 3 => UserRole::LightUser,
            _ => UserRole::User,
        };
        let created = past(rng);
        d.users.insert(
            id,
            UserRec {
                id,
                first_name: first.to_owned(),
                last_name: last.to_owned(),
                email: format!("{}.{}@helpdesk.example", first, slugify(last)).to_lowercase(),
                role,
                timezone: rng.pick(TIMEZONES).to_string(),
                job_title: Some(
                    ["Support Lead", "Support Agent", "Billing Specialist"][i % 3].to_owned(),
                ),
                phone: (i % 2 == 0).then(|| format!("+1-555-01{:02}", i % 100)),
                alternate_emails: Vec::new(),
                created_at: created,
                updated_at: created,
                system: false,
                email_status: if rng.chance(0.8) {
                    EmailAvailability::Active
                } else {
                    EmailAvailability::Away
                },
                status_updated_at: created,
                status_performed_by: id,
                status_source: StatusSource::Ui,
                custom_status: None,
                chat_status: if rng.chance(0.5) {
                    ChatAvailability::Available
                } else {
                    ChatAvailability::Unavailable
                },
            },
        );
    }
    d.owner_id = d.users.keys().next().copied().unwrap_or(1_000);
    let user_ids: Vec<i64> = d.users.keys().copied().collect();
    // One AI agent, shown as a `user` by v2 threads and as a `system_user` by v3.
    let ai_id = d.ids.next("user");
    d.users.insert(
        ai_id,
        UserRec {
            id: ai_id,
            first_name: "AI".to_owned(),
            last_name: "Answers".to_owned(),
            email: String::new(),
            role: UserRole::User,
            timezone: "UTC".to_owned(),
            job_title: None,
            phone: None,
            alternate_emails: Vec::new(),
            created_at: year_ago,
            updated_at: year_ago,
            system: true,
            email_status: EmailAvailability::Active,
            status_updated_at: year_ago,
            status_performed_by: ai_id,
            status_source: StatusSource::Api,
            custom_status: None,
            chat_status: ChatAvailability::Unavailable,
        },
    );
    (user_ids, ai_id)
}

/// Two teams of the seeded users.
pub(super) fn teams(d: &mut Data, user_ids: &[i64]) {
    let year_ago = year_ago();
    for (i, name) in ["Tier 1", "Billing Team"].iter().enumerate() {
        let id = d.ids.next("team");
        let members = user_ids
            .iter()
            .copied()
            .enumerate()
            .filter(|(n, _)| n % 2 == i % 2 || *n == 0)
            .map(|(_, id)| id)
            .collect();
        d.teams.insert(
            id,
            TeamRec {
                id,
                name: (*name).to_owned(),
                timezone: "America/New_York".to_owned(),
                created_at: year_ago,
                updated_at: year_ago,
                member_ids: members,
            },
        );
    }
}
