//! Seeding: Customer property definitions, organizations and customers.

use std::collections::BTreeMap;

use serde_json::json;

use helpscout_mailbox::models::{CustomerGender, CustomerPhotoType};

use crate::state::{
    AddressRec, CustomerRec, Data, EntryRec, OrgPropertyDefRec, OrganizationRec, PropertyDefRec,
    Rng, slugify,
};

use super::names::*;
use super::{SeedSizes, past};

/// Customer property definitions.
pub(super) fn customer_properties(d: &mut Data) {
    d.customer_properties = vec![
        PropertyDefRec {
            slug: "plan".to_owned(),
            name: "Plan".to_owned(),
            kind: "dropdown".to_owned(),
            options: vec![
                (
                    "5f0c8a1e-0000-4000-8000-000000000001".to_owned(),
                    "Free".to_owned(),
                ),
                (
                    "5f0c8a1e-0000-4000-8000-000000000002".to_owned(),
                    "Pro".to_owned(),
                ),
                (
                    "5f0c8a1e-0000-4000-8000-000000000003".to_owned(),
                    "Enterprise".to_owned(),
                ),
            ],
        },
        PropertyDefRec {
            slug: "mrr".to_owned(),
            name: "Monthly revenue".to_owned(),
            kind: "number".to_owned(),
            options: Vec::new(),
        },
        PropertyDefRec {
            slug: "signup-date".to_owned(),
            name: "Signup date".to_owned(),
            kind: "date".to_owned(),
            options: Vec::new(),
        },
        PropertyDefRec {
            slug: "dashboard".to_owned(),
            name: "Dashboard".to_owned(),
            kind: "url".to_owned(),
            options: Vec::new(),
        },
    ];
    d.organization_properties = vec![
        OrgPropertyDefRec {
            id: d.ids.next("orgProperty"),
            slug: "industry".to_owned(),
            name: "Industry".to_owned(),
            kind: "dropdown".to_owned(),
            options: vec![
                "Software".to_owned(),
                "Retail".to_owned(),
                "Finance".to_owned(),
            ],
        },
        OrgPropertyDefRec {
            id: d.ids.next("orgProperty"),
            slug: "account-owner".to_owned(),
            name: "Account owner".to_owned(),
            kind: "text".to_owned(),
            options: Vec::new(),
        },
    ];
}

/// Organizations; returns their ids.
pub(super) fn organizations(rng: &mut Rng, d: &mut Data) -> Vec<i64> {
    for (i, (name, domain)) in ORGS.iter().enumerate() {
        let id = d.ids.next("organization");
        let mut properties = BTreeMap::new();
        properties.insert(
            "industry".to_owned(),
            ["Software", "Retail", "Finance"][i % 3].to_owned(),
        );
        d.organizations.insert(
            id,
            OrganizationRec {
                id,
                name: (*name).to_owned(),
                website: Some(format!("https://www.{domain}")),
                description: Some(format!("{name} is a customer of ours.")),
                location: Some(["US", "FR", "JP", "GB"][i % 4].to_owned()),
                logo_url: None,
                note: (i % 2 == 0).then(|| "Key account".to_owned()),
                domains: vec![(*domain).to_owned()],
                phones: vec![format!("+1-555-02{i:02}")],
                brand_color: Some("#3197d6".to_owned()),
                properties,
                last_interaction_at: past(rng),
            },
        );
    }
    let org_ids: Vec<i64> = d.organizations.keys().copied().collect();
    org_ids
}

/// Customers with their entries; returns their ids.
pub(super) fn customers(
    rng: &mut Rng,
    d: &mut Data,
    sizes: &SeedSizes,
    org_ids: &[i64],
) -> Vec<i64> {
    let customer_count = sizes
        .customers
        .unwrap_or_else(|| (sizes.conversations / 3).max(20))
        .max(1);
    for n in 0..customer_count {
        let id = d.ids.next("customer");
        let first = *rng.pick(FIRST);
        let last = *rng.pick(LAST);
        let org = (rng.chance(0.4) && !org_ids.is_empty()).then(|| org_ids[n % org_ids.len()]);
        let domain = match org.and_then(|o| d.organizations.get(&o)) {
            Some(o) => o.domains.first().cloned().unwrap_or_default(),
            None => rng.pick(FREE_DOMAINS).to_string(),
        };
        let created = past(rng);
        let local = format!("{}.{}{}", first, slugify(last), n + 1).to_lowercase();
        let mut emails = vec![EntryRec {
            id: d.ids.next("entry"),
            kind: Some(if org.is_some() { "work" } else { "home" }.to_owned()),
            value: format!("{local}@{domain}"),
        }];
        if rng.chance(0.2) {
            emails.push(EntryRec {
                id: d.ids.next("entry"),
                kind: Some("other".to_owned()),
                value: format!("{local}@{}", rng.pick(FREE_DOMAINS)),
            });
        }
        let entry = |rng: &mut Rng,
                     p: f64,
                     kind: Option<&str>,
                     value: String,
                     ids: &mut crate::state::Ids| {
            if rng.chance(p) {
                vec![EntryRec {
                    id: ids.next("entry"),
                    kind: kind.map(str::to_owned),
                    value,
                }]
            } else {
                Vec::new()
            }
        };
        let phones = entry(
            rng,
            0.5,
            Some("work"),
            format!("+1-555-{:04}", n % 10_000),
            &mut d.ids,
        );
        let chats = entry(
            rng,
            0.2,
            Some("skype"),
            format!("{local}.skype"),
            &mut d.ids,
        );
        let social_profiles = entry(
            rng,
            0.3,
            Some("twitter"),
            format!("https://twitter.example/{local}"),
            &mut d.ids,
        );
        let websites = entry(
            rng,
            0.2,
            None,
            format!("https://{local}.blog.example"),
            &mut d.ids,
        );
        let address = rng.chance(0.5).then(|| AddressRec {
            city: Some(["Dallas", "Lyon", "Osaka", "Leeds"][n % 4].to_owned()),
            state: Some(["TX", "ARA", "OSK", "WYK"][n % 4].to_owned()),
            postal_code: Some(format!("{:05}", 10_000 + n % 89_999)),
            country: Some(["US", "FR", "JP", "GB"][n % 4].to_owned()),
            lines: vec![format!("{} Main Street", n % 900 + 1)],
        });
        let mut properties = BTreeMap::new();
        if rng.chance(0.5) {
            properties.insert(
                "plan".to_owned(),
                json!(
                    [
                        "5f0c8a1e-0000-4000-8000-000000000001",
                        "5f0c8a1e-0000-4000-8000-000000000002"
                    ][n % 2]
                ),
            );
            properties.insert("mrr".to_owned(), json!((n % 50) * 10));
        }
        let customer = CustomerRec {
            id,
            first_name: Some(first.to_owned()),
            last_name: Some(last.to_owned()),
            gender: Some(match n % 3 {
                0 => CustomerGender::Female,
                1 => CustomerGender::Male,
                _ => CustomerGender::Unspecified,
            }),
            job_title: rng.chance(0.5).then(|| "Engineer".to_owned()),
            location: address.as_ref().and_then(|a| a.city.clone()),
            organization: org
                .and_then(|o| d.organizations.get(&o))
                .map(|o| o.name.clone()),
            organization_id: org,
            photo_type: Some(CustomerPhotoType::Gravatar),
            photo_url: Some(format!("https://avatars.example/{id}.png")),
            age: rng.chance(0.3).then(|| format!("{}", 20 + n % 50)),
            background: rng
                .chance(0.2)
                .then(|| "Met at the 2024 conference.".to_owned()),
            created_at: created,
            updated_at: created,
            emails,
            phones,
            chats,
            social_profiles,
            websites,
            address,
            properties,
        };
        d.add_customer(customer);
    }
    let customer_ids: Vec<i64> = d.customers.keys().copied().collect();
    customer_ids
}
