//! Users (list, get, me, create, statuses), system users (v3) and teams.

use std::collections::BTreeMap;

use helpscout_mailbox::ids::{TeamId, UserId};
use helpscout_mailbox::models::{
    CreateUserBody, CreateUserRole, EmailAvailability, SetUserStatusBody, StatusSource, SystemUser,
    SystemUserPage, SystemUserPageEmbedded, Team, TeamPage, TeamPageEmbedded, Timestamp, User,
    UserChatMailboxStatuses, UserChatStatus, UserCustomStatus, UserEmailStatus, UserPage,
    UserPageEmbedded, UserRole, UserStatus, UserStatusPage, UserStatusPageEmbedded, UserType,
};

use super::Req;
use crate::http::{self, Check, FieldError, Problem, Reply, decode, json_object};
use crate::state::{Data, UserRec};

const PAGE: usize = 50;

fn initials(u: &UserRec) -> String {
    u.first_name
        .chars()
        .take(1)
        .chain(u.last_name.chars().take(1))
        .collect::<String>()
        .to_uppercase()
}

fn render(d: &Data, u: &UserRec, base: &str, with_company: bool) -> User {
    User {
        alternate_emails: u.alternate_emails.clone(),
        company_id: with_company.then_some(d.company_id),
        created_at: Some(Timestamp::new(u.created_at)),
        email: Some(u.email.clone()),
        first_name: Some(u.first_name.clone()),
        id: UserId::new(u.id),
        initials: Some(initials(u)),
        job_title: u.job_title.clone(),
        last_name: Some(u.last_name.clone()),
        links: Some(http::links([("self", format!("{base}/v2/users/{}", u.id))])),
        mention: Some(u.first_name.to_lowercase()),
        phone: u.phone.clone(),
        photo_url: Some(format!("https://avatars.example/users/{}.png", u.id)),
        role: Some(u.role.clone().into()),
        timezone: Some(u.timezone.clone()),
        type_: Some(UserType::User.into()),
        updated_at: Some(Timestamp::new(u.updated_at)),
    }
}

fn user_page(req: &Req, d: &Data, ids: Vec<i64>) -> Reply {
    let paged = http::paginate(req, ids, PAGE)?;
    let items: Vec<User> = paged
        .items
        .iter()
        .filter_map(|id| d.users.get(id))
        .map(|u| render(d, u, &req.sim.base_url, false))
        .collect();
    let empty = items.is_empty();
    http::page_reply(
        req,
        &UserPage {
            embedded: Some(UserPageEmbedded { users: items }),
            links: Some(paged.links),
            page: Some(paged.meta),
        },
        "users",
        empty,
    )
}

/// `GET /v2/users`: `email` (exact) and `mailbox` filters; system users are not listed.
pub(crate) fn list(req: &Req) -> Reply {
    let email = req.query("email").map(str::to_lowercase);
    let mailbox = http::query_id(req, "mailbox")?;
    let d = req.sim.data();
    let access = mailbox.map(|m| {
        d.mailboxes
            .get(&m)
            .map(|m| m.user_ids.clone())
            .unwrap_or_default()
    });
    let ids: Vec<i64> = d
        .users
        .values()
        .filter(|u| !u.system)
        .filter(|u| email.as_ref().is_none_or(|e| u.email.to_lowercase() == *e))
        .filter(|u| access.as_ref().is_none_or(|a| a.contains(&u.id)))
        .map(|u| u.id)
        .collect();
    user_page(req, &d, ids)
}

/// `GET /v2/users/me`: the user the token acts as (the app's owner), with `companyId`.
pub(crate) fn me(req: &Req) -> Reply {
    let d = req.sim.data();
    let u = d
        .users
        .get(&d.owner_id)
        .ok_or_else(|| Problem::not_found("User"))?;
    http::ok(&render(&d, u, &req.sim.base_url, true))
}

/// `GET /v2/users/{id}`.
pub(crate) fn get(req: &Req) -> Reply {
    let id = req.id("userId")?;
    let d = req.sim.data();
    let u = d
        .users
        .get(&id)
        .filter(|u| !u.system)
        .ok_or_else(|| Problem::not_found("User"))?;
    http::ok(&render(&d, u, &req.sim.base_url, false))
}

/// `POST /v2/users`.
pub(crate) fn create(req: &Req) -> Reply {
    let value = json_object(req)?;
    let mut check = Check::new();
    for key in ["firstName", "lastName", "email", "role"] {
        check.required(&value, "", key);
    }
    check.length(&value, "", "firstName", 1, 40);
    check.length(&value, "", "lastName", 1, 40);
    check.length(&value, "", "jobTitle", 0, 50);
    check.email(&value, "", "email");
    check.one_of(&value, "", "role", CreateUserRole::KNOWN);
    check.finish()?;
    let body: CreateUserBody = decode(&value)?;
    let now = req.sim.now();
    let mut d = req.sim.data();
    let mut check = Check::new();
    if d.users
        .values()
        .any(|u| u.email.eq_ignore_ascii_case(&body.email))
    {
        check.push(
            FieldError::new("email", "Unique", "a user with this email already exists")
                .rejecting(body.email.clone()),
        );
    }
    for (i, access) in body.mailboxes.iter().enumerate() {
        if !d.mailboxes.contains_key(&access.id) {
            check.push(
                FieldError::new(
                    format!("mailboxes[{i}].id"),
                    "InvalidIdentifier",
                    "Mailbox not found",
                )
                .rejecting(access.id),
            );
        }
    }
    check.finish()?;
    let id = d.ids.next("user");
    let role = UserRole::from(body.role.as_str());
    d.users.insert(
        id,
        UserRec {
            id,
            first_name: body.first_name,
            last_name: body.last_name,
            email: body.email,
            role,
            timezone: body
                .timezone
                .unwrap_or_else(|| "America/New_York".to_owned()),
            job_title: body.job_title,
            phone: body.phone,
            alternate_emails: Vec::new(),
            created_at: now,
            updated_at: now,
            system: false,
            email_status: EmailAvailability::Active,
            status_updated_at: now,
            status_performed_by: id,
            status_source: StatusSource::Api,
            custom_status: None,
            chat_status: helpscout_mailbox::models::ChatAvailability::Unavailable,
        },
    );
    for access in &body.mailboxes {
        if let Some(m) = d.mailboxes.get_mut(&access.id)
            && !m.user_ids.contains(&id)
        {
            m.user_ids.push(id);
        }
    }
    http::created(id, Some(req.url(&format!("/v2/users/{id}"))))
}

fn render_status(d: &Data, u: &UserRec, base: &str) -> UserStatus {
    let mailbox_statuses: BTreeMap<String, _> = d
        .mailboxes
        .values()
        .filter(|m| m.user_ids.contains(&u.id))
        .map(|m| (m.id.to_string(), u.chat_status.clone()))
        .collect();
    UserStatus {
        chat: Some(UserChatStatus {
            mailbox_statuses: Some(UserChatMailboxStatuses(mailbox_statuses)),
            status: Some(u.chat_status.clone().into()),
        }),
        email: Some(UserEmailStatus {
            custom_status: u
                .custom_status
                .as_ref()
                .map(|(text, emoji, name)| UserCustomStatus {
                    emoji: emoji.clone(),
                    emoji_name: name.clone(),
                    text: Some(text.clone()),
                }),
            performed_by: Some(u.status_performed_by),
            source: Some(u.status_source.clone().into()),
            status: Some(u.email_status.clone().into()),
            updated_at: Some(Timestamp::new(u.status_updated_at)),
        }),
        links: Some(http::links([(
            "self",
            format!("{base}/v2/users/{}/status", u.id),
        )])),
        user_id: UserId::new(u.id),
    }
}

/// `GET /v2/users/status`.
pub(crate) fn list_statuses(req: &Req) -> Reply {
    let d = req.sim.data();
    let ids: Vec<i64> = d
        .users
        .values()
        .filter(|u| !u.system)
        .map(|u| u.id)
        .collect();
    let paged = http::paginate(req, ids, PAGE)?;
    let items: Vec<UserStatus> = paged
        .items
        .iter()
        .filter_map(|id| d.users.get(id))
        .map(|u| render_status(&d, u, &req.sim.base_url))
        .collect();
    let empty = items.is_empty();
    http::page_reply(
        req,
        &UserStatusPage {
            embedded: Some(UserStatusPageEmbedded {
                user_statuses: items,
            }),
            links: Some(paged.links),
            page: Some(paged.meta),
        },
        "userStatuses",
        empty,
    )
}

/// `GET /v2/users/{id}/status`.
pub(crate) fn get_status(req: &Req) -> Reply {
    let id = req.id("userId")?;
    let d = req.sim.data();
    let u = d
        .users
        .get(&id)
        .filter(|u| !u.system)
        .ok_or_else(|| Problem::not_found("User"))?;
    http::ok(&render_status(&d, u, &req.sim.base_url))
}

/// `PUT /v2/users/{id}/status`: `status` (active/away) and an optional custom status.
pub(crate) fn set_status(req: &Req) -> Reply {
    let id = req.id("userId")?;
    let value = json_object(req)?;
    let mut check = Check::new();
    check.required(&value, "", "status");
    check.one_of(&value, "", "status", EmailAvailability::KNOWN);
    if let Some(custom) = value.get("customStatus").filter(|v| !v.is_null()) {
        check.required(custom, "customStatus", "text");
    }
    check.finish()?;
    let body: SetUserStatusBody = decode(&value)?;
    let now = req.sim.now();
    let mut d = req.sim.data();
    let owner = d.owner_id;
    let u = d
        .users
        .get_mut(&id)
        .filter(|u| !u.system)
        .ok_or_else(|| Problem::not_found("User"))?;
    u.email_status = body.status.into_value();
    u.custom_status = body.custom_status.map(|c| (c.text, c.emoji, c.emoji_name));
    u.status_updated_at = now;
    u.status_performed_by = owner;
    u.status_source = StatusSource::Api;
    http::no_content()
}

/// `GET /v3/system-users`: AI agents.
pub(crate) fn system_users(req: &Req) -> Reply {
    let d = req.sim.data();
    let ids: Vec<i64> = d
        .users
        .values()
        .filter(|u| u.system)
        .map(|u| u.id)
        .collect();
    let paged = http::paginate(req, ids, PAGE)?;
    let base = &req.sim.base_url;
    let items: Vec<SystemUser> = paged
        .items
        .iter()
        .filter_map(|id| d.users.get(id))
        .map(|u| SystemUser {
            created_at: Some(Timestamp::new(u.created_at)),
            email: None,
            first_name: Some(u.first_name.clone()),
            id: Some(u.id),
            initials: Some(initials(u)),
            last_name: Some(u.last_name.clone()),
            links: Some(http::links([(
                "self",
                format!("{base}/v3/system-users/{}", u.id),
            )])),
            mention: None,
            photo_url: None,
            role: Some(u.role.clone().into()),
            timezone: Some(u.timezone.clone()),
            type_: Some(UserType::SystemUser.into()),
            updated_at: Some(Timestamp::new(u.updated_at)),
        })
        .collect();
    let empty = items.is_empty();
    http::page_reply(
        req,
        &SystemUserPage {
            embedded: Some(SystemUserPageEmbedded {
                system_users: items,
            }),
            links: Some(paged.links),
            page: Some(paged.meta),
        },
        "system_users",
        empty,
    )
}

/// `GET /v2/teams`.
pub(crate) fn teams(req: &Req) -> Reply {
    let d = req.sim.data();
    let ids: Vec<i64> = d.teams.keys().copied().collect();
    let paged = http::paginate(req, ids, PAGE)?;
    let base = &req.sim.base_url;
    let items: Vec<Team> = paged
        .items
        .iter()
        .filter_map(|id| d.teams.get(id))
        .map(|t| Team {
            created_at: Some(Timestamp::new(t.created_at)),
            id: TeamId::new(t.id),
            initials: Some(
                t.name
                    .split_whitespace()
                    .filter_map(|w| w.chars().next())
                    .collect::<String>()
                    .to_uppercase(),
            ),
            links: Some(http::links([
                ("self", format!("{base}/v2/teams/{}", t.id)),
                ("teamMembers", format!("{base}/v2/teams/{}/members", t.id)),
            ])),
            mention: Some(t.name.to_lowercase().replace(' ', "-")),
            name: Some(t.name.clone()),
            photo_url: None,
            timezone: Some(t.timezone.clone()),
            updated_at: Some(Timestamp::new(t.updated_at)),
        })
        .collect();
    let empty = items.is_empty();
    http::page_reply(
        req,
        &TeamPage {
            embedded: Some(TeamPageEmbedded { teams: items }),
            links: Some(paged.links),
            page: Some(paged.meta),
        },
        "teams",
        empty,
    )
}

/// `GET /v2/teams/{id}/members`.
pub(crate) fn team_members(req: &Req) -> Reply {
    let id = req.id("teamId")?;
    let d = req.sim.data();
    let team = d.teams.get(&id).ok_or_else(|| Problem::not_found("Team"))?;
    let members = team.member_ids.clone();
    user_page(req, &d, members)
}
