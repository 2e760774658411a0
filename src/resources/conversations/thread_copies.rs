//! Cc and Bcc of the threads of a new conversation. Kept apart from the other thread
//! setters because their evidence is weaker: the official PHP SDK is reported to send them,
//! the reply endpoint documents the same fields, and the create-conversation docs page was
//! only seen cut off (see `CreateConversationThread` in `openapi/src/conversations.yaml`).

use crate::models::CreateConversationThread;

impl CreateConversationThread {
    /// Cc addresses of this thread (a reply or customer thread; for a reply the copy goes
    /// out with the e-mail), added to those set before. Named after the API's `cc` list.
    pub fn cc(mut self, addresses: impl IntoIterator<Item = impl Into<String>>) -> Self {
        self.cc.extend(addresses.into_iter().map(Into::into));
        self
    }

    /// Bcc addresses of this thread, added to those set before.
    pub fn bcc(mut self, addresses: impl IntoIterator<Item = impl Into<String>>) -> Self {
        self.bcc.extend(addresses.into_iter().map(Into::into));
        self
    }
}
