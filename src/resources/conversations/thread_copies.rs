//! Cc and Bcc of the threads of a new conversation. Kept apart from the other thread
//! setters because their evidence is weaker: the official PHP SDK is reported to send them,
//! the reply endpoint documents the same fields, and the create-conversation docs page was
//! only seen cut off (see `CreateConversationThread` in `openapi/src/conversations.yaml`).

use crate::models::CreateConversationThread;

impl CreateConversationThread {
    /// Adds a Cc address to this thread (a reply or customer thread; for a reply the copy
    /// goes out with the e-mail).
    pub fn cc(mut self, address: impl Into<String>) -> Self {
        self.cc.push(address.into());
        self
    }

    /// Adds a Bcc address to this thread.
    pub fn bcc(mut self, address: impl Into<String>) -> Self {
        self.bcc.push(address.into());
        self
    }
}
