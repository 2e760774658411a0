//! People as conversations and threads show them: users and customers.

use helpscout_mailbox::ids::{CustomerId, UserId};
use helpscout_mailbox::models::{CustomerRef, PersonType, UserRef};

use crate::state::Data;

/// A user as conversations and threads show one. v2 shows AI agents as `user`; v3 shows
/// their real type, `system_user`.
pub(crate) fn user_person(d: &Data, id: i64, v3: bool) -> UserRef {
    match d.users.get(&id) {
        Some(u) => UserRef {
            email: (!u.email.is_empty()).then(|| u.email.clone()),
            first: Some(u.first_name.clone()),
            id: Some(UserId::new(id)),
            last: Some(u.last_name.clone()),
            photo_url: None,
            type_: Some(if u.system && v3 {
                PersonType::SystemUser.into()
            } else {
                PersonType::User.into()
            }),
        },
        None => UserRef {
            id: Some(UserId::new(id)),
            type_: Some(PersonType::User.into()),
            ..UserRef::default()
        },
    }
}

/// A customer as conversations and threads show one.
pub(crate) fn customer_person(d: &Data, id: i64) -> CustomerRef {
    let customer = d.customers.get(&id);
    CustomerRef {
        email: customer.and_then(|c| c.first_email()).map(str::to_owned),
        first: customer.and_then(|c| c.first_name.clone()),
        id: CustomerId::new(id),
        last: customer.and_then(|c| c.last_name.clone()),
        photo_url: customer.and_then(|c| c.photo_url.clone()),
        type_: Some(PersonType::Customer.into()),
    }
}
