//! [`RateControl`]: the pacing interface the send loop talks to, served by the in-process
//! [`Pacer`] and, with the `redis` feature, by a controller whose budget every process of
//! the account shares.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use super::RateLimitFigures;
use super::pacer::{Pacer, Ticket};

/// The future [`RateControl::admit`] returns.
pub(crate) type AdmitFuture<'a> = Pin<Box<dyn Future<Output = Permit> + Send + 'a>>;

/// The future [`RateControl::finish`] returns.
pub(crate) type FinishFuture<'a> = Pin<Box<dyn Future<Output = ()> + Send + 'a>>;

/// Admits requests against the account's budget and learns from their answers.
///
/// One instance serves a client and all its clones. The send loop calls
/// [`admit`](Self::admit) before each attempt and [`finish`](Self::finish) with what came
/// back; [`is_paused`](Self::is_paused) tells it that a 429 has already paused everyone,
/// and [`suggested_concurrency`](Self::suggested_concurrency) sizes an export.
pub(crate) trait RateControl: Send + Sync + fmt::Debug {
    /// Waits until a request of `cost` units may go out and reserves them; never longer
    /// than `cap` in all (past it the request goes out anyway).
    fn admit<'a>(&'a self, cost: u32, cap: Duration, operation: &'a str) -> AdmitFuture<'a>;

    /// Records the answer to an admitted request: its status (`None` when no answer came)
    /// and its rate-limit figures; `cap` bounds a 429's pause.
    fn finish(
        &self,
        permit: Permit,
        status: Option<u16>,
        figures: Option<RateLimitFigures>,
        cap: Duration,
    ) -> FinishFuture<'_>;

    /// The figures of the newest response that had any.
    fn latest(&self) -> Option<RateLimitFigures>;

    /// Whether a 429 has paused every request right now.
    fn is_paused(&self) -> bool;

    /// How many requests an export should keep in flight.
    fn suggested_concurrency(&self) -> usize;
}

/// An admitted request's claim: the in-process pacer's [`Ticket`], and for a shared
/// controller its entry in the shared log. Dropping it without [`RateControl::finish`]
/// (a cancelled call) counts the request as answered then.
#[derive(Debug)]
pub(crate) struct Permit {
    pub(crate) ticket: Ticket,
    // Read only by the shared controller.
    #[cfg_attr(not(feature = "redis"), allow(dead_code))]
    pub(crate) claim: Option<Claim>,
}

impl Permit {
    /// A permit of the in-process pacer alone.
    pub(crate) fn local(ticket: Ticket) -> Self {
        Self {
            ticket,
            claim: None,
        }
    }
}

/// What a shared controller settles when a [`Permit`] is dropped unfinished.
pub(crate) type SettleHook = Box<dyn FnOnce(String) + Send + Sync>;

/// A request's entry in a shared log, named by `member`.
pub(crate) struct Claim {
    pub(crate) member: String,
    /// Settles the entry when the claim is dropped unfinished; taken by `finish`.
    pub(crate) on_drop: Option<SettleHook>,
}

impl fmt::Debug for Claim {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Claim")
            .field("member", &self.member)
            .finish_non_exhaustive()
    }
}

impl Drop for Claim {
    fn drop(&mut self) {
        if let Some(settle) = self.on_drop.take() {
            settle(std::mem::take(&mut self.member));
        }
    }
}

/// The in-process pacer, as it always was: one client and its clones.
impl RateControl for Arc<Pacer> {
    fn admit<'a>(&'a self, cost: u32, cap: Duration, operation: &'a str) -> AdmitFuture<'a> {
        Box::pin(async move { Permit::local(Pacer::admit(self, cost, cap, operation).await) })
    }

    fn finish(
        &self,
        permit: Permit,
        status: Option<u16>,
        figures: Option<RateLimitFigures>,
        cap: Duration,
    ) -> FinishFuture<'_> {
        Pacer::finish(self, permit.ticket, status, figures, cap);
        Box::pin(std::future::ready(()))
    }

    fn latest(&self) -> Option<RateLimitFigures> {
        Pacer::latest(self)
    }

    fn is_paused(&self) -> bool {
        Pacer::is_paused(self)
    }

    fn suggested_concurrency(&self) -> usize {
        Pacer::suggested_concurrency(self)
    }
}
