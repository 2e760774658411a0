//! The people a conversation or thread references, and their typed ids.
//!
//! The spec gives each role its own model, so that the id comes typed where its kind is fixed:
//! [`CustomerRef`] (`primaryCustomer`, a thread's `customer`) carries a [`CustomerId`],
//! [`UserRef`] (`assignee`, `closedByUser`, a thread's `assignedTo`) a [`UserId`]. Only the
//! author, `createdBy`, can be either a customer or a user; [`ConversationPerson`] keeps its
//! id as a number and [`customer_id`](ConversationPerson::customer_id) and
//! [`user_id`](ConversationPerson::user_id) give it typed once `type` says which it is.

use super::{ConversationPerson, CustomerRef, PersonType, UserRef};
use crate::ids::{CustomerId, TeamId, UserId};

impl ConversationPerson {
    /// The id as a customer's, when `type` says this is a customer.
    ///
    /// ```
    /// use helpscout_mailbox::ids::CustomerId;
    /// use helpscout_mailbox::models::ConversationPerson;
    ///
    /// let author: ConversationPerson =
    ///     serde_json::from_str(r#"{"id": 12, "type": "customer", "email": "a@b.io"}"#)?;
    /// assert_eq!(author.customer_id(), Some(CustomerId::new(12)));
    /// assert_eq!(author.user_id(), None);
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn customer_id(&self) -> Option<CustomerId> {
        match self.type_.as_deref() {
            Some(PersonType::Customer) => self.id.map(CustomerId::new),
            _ => None,
        }
    }

    /// The id as a user's, when `type` says this is a user. A v3 `system_user` (an AI agent)
    /// is not a user of the account, so it gives `None`.
    pub fn user_id(&self) -> Option<UserId> {
        match self.type_.as_deref() {
            Some(PersonType::User) => self.id.map(UserId::new),
            _ => None,
        }
    }
}

impl UserRef {
    /// The id as a team's, when `type` says this is a team: Help Scout reports an assigned
    /// team in the same fields as a user, with the team's id.
    ///
    /// ```
    /// use helpscout_mailbox::ids::TeamId;
    /// use helpscout_mailbox::models::UserRef;
    ///
    /// let assignee: UserRef = serde_json::from_str(r#"{"id": 7, "type": "team", "first": "Tier 2"}"#)?;
    /// assert_eq!(assignee.team_id(), Some(TeamId::new(7)));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn team_id(&self) -> Option<TeamId> {
        match self.type_.as_deref() {
            Some(PersonType::Team) => self.id.map(|id| TeamId::new(id.get())),
            _ => None,
        }
    }
}

impl From<CustomerRef> for ConversationPerson {
    /// The customer as an author, with `type` set to `customer` when the reference left it
    /// out (threads do).
    fn from(customer: CustomerRef) -> Self {
        Self {
            email: customer.email,
            first: customer.first,
            id: Some(customer.id.get()),
            last: customer.last,
            photo_url: customer.photo_url,
            type_: Some(customer.type_.unwrap_or(PersonType::Customer.into())),
        }
    }
}

impl From<UserRef> for ConversationPerson {
    /// The user (or team) as a person of any kind; `type` is kept as it came.
    fn from(user: UserRef) -> Self {
        Self {
            email: user.email,
            first: user.first,
            id: user.id.map(UserId::get),
            last: user.last,
            photo_url: user.photo_url,
            type_: user.type_,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_ids_follow_the_type() {
        let person = |type_: Option<PersonType>| ConversationPerson {
            id: Some(5),
            type_: type_.map(Into::into),
            ..ConversationPerson::default()
        };
        assert_eq!(
            person(Some(PersonType::Customer)).customer_id(),
            Some(CustomerId::new(5))
        );
        assert_eq!(person(Some(PersonType::Customer)).user_id(), None);
        assert_eq!(
            person(Some(PersonType::User)).user_id(),
            Some(UserId::new(5))
        );
        assert_eq!(person(Some(PersonType::SystemUser)).user_id(), None);
        assert_eq!(person(Some(PersonType::Team)).customer_id(), None);
        assert_eq!(person(None).customer_id(), None);
        assert_eq!(person(None).user_id(), None);
        let deleted = ConversationPerson {
            type_: Some(PersonType::User.into()),
            ..ConversationPerson::default()
        };
        assert_eq!(deleted.user_id(), None);
    }

    #[test]
    fn a_team_assignee_gives_its_team_id() {
        let user: UserRef = serde_json::from_str(r#"{"id": 3, "type": "user"}"#).unwrap();
        assert_eq!(user.team_id(), None);
        let unknown: UserRef = serde_json::from_str(r#"{"id": 3}"#).unwrap();
        assert_eq!(unknown.team_id(), None);
        let team: UserRef = serde_json::from_str(r#"{"id": 3, "type": "Team"}"#).unwrap();
        assert_eq!(team.team_id(), Some(TeamId::new(3)));
    }

    #[test]
    fn references_convert_to_persons_without_loss() {
        let customer: CustomerRef =
            serde_json::from_str(r#"{"id": 9, "first": "Ann", "email": "ann@x.io"}"#).unwrap();
        let person = ConversationPerson::from(customer);
        assert_eq!(person.customer_id(), Some(CustomerId::new(9)));
        assert_eq!(person.first.as_deref(), Some("Ann"));
        assert_eq!(person.email.as_deref(), Some("ann@x.io"));
        let user: UserRef =
            serde_json::from_str(r#"{"id": 4, "type": "user", "last": "Lee"}"#).unwrap();
        let person = ConversationPerson::from(user);
        assert_eq!(person.user_id(), Some(UserId::new(4)));
        assert_eq!(person.last.as_deref(), Some("Lee"));
    }
}
