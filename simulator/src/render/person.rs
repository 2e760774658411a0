//! People as conversations and threads show them: users and customers.

use helpscout_mailbox::models::{ConversationPerson, PersonType};

use crate::state::Data;

/// A user as conversations and threads show one. v2 shows AI agents as `user`; v3 shows
/// their real type, `system_user`.
pub(crate) fn user_person(d: &Data, id: i64, v3: bool) -> ConversationPerson {
    match d.users.get(&id) {
        Some(u) => ConversationPerson {
            email: (!u.email.is_empty()).then(|| u.email.clone()),
            first: Some(u.first_name.clone()),
            id: Some(id),
            last: Some(u.last_name.clone()),
            photo_url: None,
            type_: Some(if u.system && v3 {
                PersonType::SystemUser
            } else {
                PersonType::User
            }),
        },
        None => ConversationPerson {
            id: Some(id),
            type_: Some(PersonType::User),
            ..ConversationPerson::default()
        },
    }
}

/// A customer as conversations and threads show one.
pub(crate) fn customer_person(d: &Data, id: i64) -> ConversationPerson {
    let customer = d.customers.get(&id);
    ConversationPerson {
        email: customer.and_then(|c| c.first_email()).map(str::to_owned),
        first: customer.and_then(|c| c.first_name.clone()),
        id: Some(id),
        last: customer.and_then(|c| c.last_name.clone()),
        photo_url: customer.and_then(|c| c.photo_url.clone()),
        type_: Some(PersonType::Customer),
    }
}
