//! What an agent may do through `hs mcp`: the options of the command line, and the checks
//! every tool makes with them before it sends anything to Help Scout.

use clap::Args;

/// The safety options of `hs mcp`.
#[derive(Clone, Debug, Default, Args)]
pub struct Safety {
    /// Offer the tools that change conversations (reply, note, status, assign, tag,
    /// snooze); without it the server is read-only
    #[arg(long)]
    pub allow_writes: bool,

    /// Only this mailbox's conversations, folders and customers (repeat for several)
    #[arg(long = "mailbox", value_name = "ID", value_parser = crate::parse::id)]
    pub mailboxes: Vec<i64>,

    /// Replace customer email addresses and phone numbers in what the tools return
    #[arg(long)]
    pub redact: bool,

    /// Save replies as drafts for a person to review and send, instead of sending them
    #[arg(long, requires = "allow_writes")]
    pub draft_replies: bool,
}

/// Why a tool call was refused before reaching Help Scout.
#[derive(Debug, PartialEq, Eq)]
pub enum Refusal {
    /// A write while the server is read-only.
    ReadOnly,
    /// A mailbox outside the allow-list.
    Mailbox(i64),
    /// A conversation whose mailbox is outside the allow-list (or unknown).
    Conversation(i64),
    /// A customer with no conversation in an allowed mailbox.
    Customer(i64),
    /// A search that must name one of several allowed mailboxes.
    MailboxNeeded,
}

impl Refusal {
    /// The message the agent reads.
    pub fn message(&self, safety: &Safety) -> String {
        let allowed = safety
            .mailboxes
            .iter()
            .map(i64::to_string)
            .collect::<Vec<_>>()
            .join(", ");
        match self {
            Self::ReadOnly => {
                "this server is read-only: writes need `hs mcp --allow-writes`".into()
            }
            Self::Mailbox(id) => {
                format!("mailbox {id} is not one this server may use (allowed: {allowed})")
            }
            Self::Conversation(id) => format!(
                "conversation {id} is not in a mailbox this server may use (allowed: {allowed})"
            ),
            Self::Customer(id) => format!(
                "customer {id} has no conversation in a mailbox this server may use (allowed: {allowed})"
            ),
            Self::MailboxNeeded => {
                format!("name the mailbox to search: one of {allowed}")
            }
        }
    }
}

impl Safety {
    /// Whether every mailbox may be used (no `--mailbox` given).
    pub fn all_mailboxes(&self) -> bool {
        self.mailboxes.is_empty()
    }

    /// Whether `mailbox` may be used.
    pub fn allows_mailbox(&self, mailbox: i64) -> bool {
        self.all_mailboxes() || self.mailboxes.contains(&mailbox)
    }

    /// Refuses a write unless `--allow-writes`.
    pub fn check_write(&self) -> Result<(), Refusal> {
        if self.allow_writes {
            Ok(())
        } else {
            Err(Refusal::ReadOnly)
        }
    }

    /// The mailboxes a conversation search covers: the ones asked for, each checked, or the
    /// whole allow-list when none is asked for.
    pub fn search_mailboxes(&self, asked: &[i64]) -> Result<Vec<i64>, Refusal> {
        if let Some(refused) = asked.iter().find(|m| !self.allows_mailbox(**m)) {
            return Err(Refusal::Mailbox(*refused));
        }
        if asked.is_empty() {
            Ok(self.mailboxes.clone())
        } else {
            Ok(asked.to_vec())
        }
    }

    /// The one mailbox a customer search is limited to: the one asked for (checked), the
    /// only allowed one, or none when every mailbox is allowed.
    pub fn customer_mailbox(&self, asked: Option<i64>) -> Result<Option<i64>, Refusal> {
        match (asked, self.mailboxes.as_slice()) {
            (Some(mailbox), _) if !self.allows_mailbox(mailbox) => Err(Refusal::Mailbox(mailbox)),
            (Some(mailbox), _) => Ok(Some(mailbox)),
            (None, []) => Ok(None),
            (None, [only]) => Ok(Some(*only)),
            (None, _) => Err(Refusal::MailboxNeeded),
        }
    }

    /// Refuses a conversation whose mailbox is outside the allow-list; a conversation whose
    /// mailbox Help Scout did not say is refused too when there is an allow-list.
    pub fn check_conversation(&self, id: i64, mailbox: Option<i64>) -> Result<(), Refusal> {
        if self.all_mailboxes() || mailbox.is_some_and(|m| self.allows_mailbox(m)) {
            Ok(())
        } else {
            Err(Refusal::Conversation(id))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn only(mailboxes: &[i64]) -> Safety {
        Safety {
            mailboxes: mailboxes.to_vec(),
            ..Safety::default()
        }
    }

    #[test]
    fn read_only_by_default() {
        assert_eq!(Safety::default().check_write(), Err(Refusal::ReadOnly));
        let writable = Safety {
            allow_writes: true,
            ..Safety::default()
        };
        assert_eq!(writable.check_write(), Ok(()));
    }

    #[test]
    fn the_allow_list_limits_searches_and_conversations() {
        let open = Safety::default();
        assert_eq!(open.search_mailboxes(&[]), Ok(vec![]));
        assert_eq!(open.customer_mailbox(None), Ok(None));
        assert_eq!(open.check_conversation(1, None), Ok(()));

        let one = only(&[7]);
        assert_eq!(one.search_mailboxes(&[]), Ok(vec![7]));
        assert_eq!(one.search_mailboxes(&[8]), Err(Refusal::Mailbox(8)));
        assert_eq!(one.customer_mailbox(None), Ok(Some(7)));
        assert_eq!(one.check_conversation(1, Some(7)), Ok(()));
        assert_eq!(
            one.check_conversation(1, Some(8)),
            Err(Refusal::Conversation(1))
        );
        assert_eq!(
            one.check_conversation(1, None),
            Err(Refusal::Conversation(1))
        );

        let two = only(&[7, 9]);
        assert_eq!(two.customer_mailbox(None), Err(Refusal::MailboxNeeded));
        assert_eq!(two.customer_mailbox(Some(9)), Ok(Some(9)));
        assert!(Refusal::Mailbox(8).message(&two).contains("7, 9"));
    }
}
