//! [`SimulatorState`]: a test's handle on a running simulator, to inspect the account and
//! to steer time, tokens, the rate limit, faults and webhooks.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use helpscout_mailbox::models::{Conversation, Customer, Thread, Timestamp, WebhookState};

use crate::render;
use crate::runtime::delivery::{self, Delivery};
use crate::runtime::faults::Faults;
use crate::runtime::{ReceivedRequest, Shared, auth::TokenStats};
use crate::state::{Rng, lock};
use crate::{SimulatorError, routes};

/// How many of each resource the account holds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Counts {
    /// Conversations, merged ones included.
    pub conversations: usize,
    /// Threads of all conversations.
    pub threads: usize,
    /// Customers.
    pub customers: usize,
    /// Mailboxes.
    pub mailboxes: usize,
    /// Users, the AI agent included.
    pub users: usize,
    /// Tags.
    pub tags: usize,
    /// Organizations.
    pub organizations: usize,
    /// Webhooks.
    pub webhooks: usize,
    /// Workflows.
    pub workflows: usize,
}

/// A handle on a running simulator's state: inspect it, change it, steer time, auth, the
/// rate limit and faults. Cheap to clone; every method takes the lock briefly and returns.
#[derive(Clone)]
pub struct SimulatorState(pub(crate) Arc<Shared>);

impl fmt::Debug for SimulatorState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SimulatorState")
            .field("base_url", &self.0.base_url)
            .finish_non_exhaustive()
    }
}

impl SimulatorState {
    /// How many token requests were answered, by grant.
    pub fn token_stats(&self) -> TokenStats {
        lock(&self.0.auth).stats
    }

    /// How many requests reached the token endpoint (failed ones included).
    pub fn token_requests(&self) -> u64 {
        self.token_stats().total
    }

    /// A fresh authorization code for the `authorization_code` grant, as if a user had
    /// approved the app. Each code works once.
    pub fn issue_authorization_code(&self) -> String {
        lock(&self.0.auth).issue_code()
    }

    /// The access tokens that are still valid.
    pub fn live_access_tokens(&self) -> Vec<String> {
        let now = self.0.now();
        let mut tokens: Vec<String> = lock(&self.0.auth)
            .access
            .iter()
            .filter(|(_, expires)| **expires > now)
            .map(|(token, _)| token.clone())
            .collect();
        tokens.sort();
        tokens
    }

    /// Sets when `access_token` expires, `expires_in` from now (zero: expired at once).
    /// Returns whether the token exists.
    pub fn set_token_expiry(&self, access_token: &str, expires_in: Duration) -> bool {
        let at = self.0.now()
            + chrono::Duration::from_std(expires_in).unwrap_or(chrono::Duration::days(36_500));
        match lock(&self.0.auth).access.get_mut(access_token) {
            Some(expiry) => {
                *expiry = at;
                true
            }
            None => false,
        }
    }

    /// Expires every access token at once, as if they had all run out (or been revoked).
    pub fn expire_all_access_tokens(&self) {
        let past = self.0.now() - chrono::Duration::seconds(1);
        for expiry in lock(&self.0.auth).access.values_mut() {
            *expiry = past;
        }
    }

    /// Invalidates every refresh token, as if the user had revoked the app.
    pub fn revoke_refresh_tokens(&self) {
        lock(&self.0.auth).refresh.clear();
    }

    /// The simulated current time.
    pub fn now(&self) -> Timestamp {
        Timestamp::new(self.0.now())
    }

    /// Moves the simulated clock forward: tokens expire and rate-limit windows roll over as
    /// if that much time had passed.
    pub fn advance_time(&self, by: Duration) {
        self.0.clock.advance(by);
    }

    /// The requests left in the current rate-limit window, or `None` without a limit.
    pub fn rate_limit_remaining(&self) -> Option<u32> {
        let limit = self.0.settings().rate_limit_per_minute?;
        Some(limit.saturating_sub(lock(&self.0.rate).used))
    }

    /// Starts a fresh rate-limit window with the full budget.
    pub fn reset_rate_limit(&self) {
        lock(&self.0.rate).reset();
    }

    /// Changes the per-minute budget (`None`: no limit) from the next request on.
    pub fn set_rate_limit_per_minute(&self, budget: Option<u32>) {
        lock(&self.0.settings).rate_limit_per_minute = budget;
    }

    /// Changes the faults injected from the next request on; the fault sequence restarts
    /// from `faults.seed`.
    pub fn set_faults(&self, faults: Faults) {
        *lock(&self.0.faults_rng) = Rng::new(faults.seed);
        lock(&self.0.settings).faults = faults;
    }

    /// Switches between the current empty-page form (`false`) and the legacy one without
    /// `_embedded` (`true`).
    pub fn set_legacy_empty_pages(&self, legacy: bool) {
        lock(&self.0.settings).legacy_empty_pages = legacy;
    }

    /// Merges conversation `from` into `into`, as the web app does: the threads move over,
    /// and `from` answers GET with 301 to `into` and writes with 404 from now on.
    ///
    /// # Errors
    ///
    /// [`SimulatorError::NotFound`] when either conversation does not exist (or was merged),
    /// [`SimulatorError::Invalid`] when they are the same.
    pub fn merge_conversations(&self, from: i64, into: i64) -> Result<(), SimulatorError> {
        let now = self.0.now();
        let mut d = self.0.data();
        let from_mailbox = d.conversations.get(&from).map(|c| c.mailbox_id);
        routes::conversations_merge(&mut d, from, into, now).map_err(|message| {
            if message.contains("itself") {
                SimulatorError::Invalid(message)
            } else {
                SimulatorError::NotFound(message)
            }
        })?;
        if let Some(from_mailbox) = from_mailbox {
            self.0
                .emit(&d, delivery::Change::Merged { from_mailbox, into });
        }
        Ok(())
    }

    /// The conversation as `GET /v2/conversations/{id}?embed=threads` would show it (merged
    /// ones included), or `None`.
    pub fn conversation(&self, id: i64) -> Option<Conversation> {
        let d = self.0.data();
        let c = d.conversations.get(&id)?;
        Some(render::render_conversation(
            &d,
            c,
            &render::ConversationView {
                base: &self.0.base_url,
                now: self.0.now(),
                v3: false,
            },
            true,
        ))
    }

    /// The conversation's threads, newest first, or `None` for an unknown conversation.
    pub fn threads(&self, conversation: i64) -> Option<Vec<Thread>> {
        self.conversation(conversation)
            .map(|c| c.embedded.map(|e| e.threads).unwrap_or_default())
    }

    /// The customer as `GET /v2/customers/{id}` would show it, or `None`.
    pub fn customer(&self, id: i64) -> Option<Customer> {
        let d = self.0.data();
        let c = d.customers.get(&id)?;
        Some(render::render_customer(&d, c, &self.0.base_url))
    }

    /// Every conversation id, merged ones included, in ascending order.
    pub fn conversation_ids(&self) -> Vec<i64> {
        self.0.data().conversations.keys().copied().collect()
    }

    /// Every customer id, in ascending order.
    pub fn customer_ids(&self) -> Vec<i64> {
        self.0.data().customers.keys().copied().collect()
    }

    /// Every mailbox id, in ascending order.
    pub fn mailbox_ids(&self) -> Vec<i64> {
        self.0.data().mailboxes.keys().copied().collect()
    }

    /// Every user id (the AI agent included), in ascending order.
    pub fn user_ids(&self) -> Vec<i64> {
        self.0.data().users.keys().copied().collect()
    }

    /// The id of the user every token acts as (`/v2/users/me`).
    pub fn owner_user_id(&self) -> i64 {
        self.0.data().owner_id
    }

    /// Every tag name, alphabetically.
    pub fn tag_names(&self) -> Vec<String> {
        let mut names: Vec<String> = self
            .0
            .data()
            .tags
            .values()
            .map(|t| t.name.clone())
            .collect();
        names.sort();
        names
    }

    /// How many of each resource the account holds.
    pub fn counts(&self) -> Counts {
        let d = self.0.data();
        Counts {
            conversations: d.conversations.len(),
            threads: d.conversations.values().map(|c| c.threads.len()).sum(),
            customers: d.customers.len(),
            mailboxes: d.mailboxes.len(),
            users: d.users.len(),
            tags: d.tags.len(),
            organizations: d.organizations.len(),
            webhooks: d.webhooks.len(),
            workflows: d.workflows.len(),
        }
    }

    /// The requests received so far (the latest 10,000), oldest first.
    pub fn requests(&self) -> Vec<ReceivedRequest> {
        lock(&self.0.log).clone()
    }

    /// Forgets the recorded requests.
    pub fn clear_requests(&self) {
        lock(&self.0.log).clear();
    }

    /// The webhook delivery attempts so far (the latest 10,000), in the order they were
    /// made; see [webhook deliveries](crate#webhook-deliveries).
    pub fn deliveries(&self) -> Vec<Delivery> {
        self.0.outbox.log.all()
    }

    /// Forgets the recorded deliveries; [`wait_for_deliveries`](Self::wait_for_deliveries)
    /// counts from zero again.
    pub fn clear_deliveries(&self) {
        self.0.outbox.log.clear();
    }

    /// Waits until at least `count` delivery attempts have been recorded (to any webhook,
    /// refused ones included, since the start or the last
    /// [`clear_deliveries`](Self::clear_deliveries)), and returns them. Wakes up on each new
    /// record rather than polling on a timer.
    ///
    /// # Errors
    ///
    /// [`SimulatorError::DeliveryTimeout`] when fewer were recorded after `timeout`.
    pub async fn wait_for_deliveries(
        &self,
        count: usize,
        timeout: Duration,
    ) -> Result<Vec<Delivery>, SimulatorError> {
        let (held, deliveries) = self
            .0
            .outbox
            .log
            .wait_until(timeout, |total, _| total >= count)
            .await;
        if held {
            Ok(deliveries)
        } else {
            Err(SimulatorError::DeliveryTimeout {
                expected: count,
                recorded: deliveries.len(),
            })
        }
    }

    /// Waits until at least `count` delivery attempts to webhook `webhook_id` are in the
    /// log, and returns those (oldest first). The seeded webhooks point off the machine, so
    /// their refused attempts are in [`deliveries`](Self::deliveries) too; this ignores them.
    ///
    /// # Errors
    ///
    /// [`SimulatorError::DeliveryTimeout`] when fewer were recorded after `timeout`.
    pub async fn wait_for_deliveries_to(
        &self,
        webhook_id: i64,
        count: usize,
        timeout: Duration,
    ) -> Result<Vec<Delivery>, SimulatorError> {
        let (held, deliveries) = self
            .0
            .outbox
            .log
            .wait_until(timeout, |_, records| {
                records
                    .iter()
                    .filter(|d| d.webhook_id == webhook_id)
                    .count()
                    >= count
            })
            .await;
        let mine: Vec<Delivery> = deliveries
            .into_iter()
            .filter(|d| d.webhook_id == webhook_id)
            .collect();
        if held {
            Ok(mine)
        } else {
            Err(SimulatorError::DeliveryTimeout {
                expected: count,
                recorded: mine.len(),
            })
        }
    }

    /// Sends webhook `webhook_id` the `helpscout.test` ping (body `{}`), as the test button
    /// of Help Scout's webhook settings does, whatever the webhook's events and state. The
    /// attempt is recorded like any other.
    ///
    /// # Errors
    ///
    /// [`SimulatorError::NotFound`] for an unknown webhook.
    pub fn send_test_event(&self, webhook_id: i64) -> Result<(), SimulatorError> {
        let d = self.0.data();
        let webhook = d
            .webhooks
            .get(&webhook_id)
            .ok_or_else(|| SimulatorError::NotFound(format!("webhook {webhook_id}")))?;
        self.0.emit_test(webhook);
        Ok(())
    }

    /// Enables or disables webhook `webhook_id`, as Help Scout does with one that keeps
    /// failing; a disabled webhook gets no deliveries (the test ping excepted).
    ///
    /// # Errors
    ///
    /// [`SimulatorError::NotFound`] for an unknown webhook.
    pub fn set_webhook_enabled(
        &self,
        webhook_id: i64,
        enabled: bool,
    ) -> Result<(), SimulatorError> {
        let mut d = self.0.data();
        let webhook = d
            .webhooks
            .get_mut(&webhook_id)
            .ok_or_else(|| SimulatorError::NotFound(format!("webhook {webhook_id}")))?;
        webhook.state = if enabled {
            WebhookState::Enabled
        } else {
            WebhookState::Disabled
        };
        Ok(())
    }

    /// Every webhook id, in ascending order.
    pub fn webhook_ids(&self) -> Vec<i64> {
        self.0.data().webhooks.keys().copied().collect()
    }
}
