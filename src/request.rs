//! The one shape of every operation: a [`Request`] value that holds the client and the
//! operation's parameters, with setters for the optional ones, sent by `.send().await` or
//! simply `.await`.
//!
//! ```no_run
//! # async fn run(client: helpscout_mailbox::Client) -> helpscout_mailbox::Result<()> {
//! use helpscout_mailbox::ids::ConversationId;
//!
//! let id = ConversationId::new(123);
//! // Optional parameters are setters; nothing is sent until the request is awaited.
//! let conversation = client.conversations().get(id).embed_threads().send().await?;
//! // `.await` on the request is the same as `.send().await`.
//! let same = client.conversations().get(id).await?;
//! # let _ = (conversation, same);
//! # Ok(()) }
//! ```
//!
//! Lists have their own value, [`List`](crate::list::List), with the same two ways to send
//! the first page and the walks over every page.

use std::fmt;
use std::future::{Future, IntoFuture};

use futures_util::future::BoxFuture;

use crate::client::Client;
use crate::error::{DecodeError, Error, Result};

/// One request of one operation, ready to send: `.send().await` or `.await`.
///
/// The operation's parameters `O` are set by the method that made the request (the required
/// ones) and by the setters implemented for `Request<'_, O>` (the optional ones); the
/// operation's documentation lists them. Nothing is sent until the request is awaited.
#[must_use = "a request does nothing until it is sent"]
#[derive(Clone)]
pub struct Request<'a, O> {
    client: &'a Client,
    operation: O,
}

impl<O: fmt::Debug> fmt::Debug for Request<'_, O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The client is left out: it is the same for every request and has its own `Debug`.
        f.debug_tuple("Request").field(&self.operation).finish()
    }
}

impl<'a, O: Operation> Request<'a, O> {
    pub(crate) fn new(client: &'a Client, operation: O) -> Self {
        Self { client, operation }
    }

    /// Changes the parameters: how every setter of a request is written.
    pub(crate) fn with(mut self, change: impl FnOnce(&mut O)) -> Self {
        change(&mut self.operation);
        self
    }

    /// The client and the parameters, for the walks that send one operation many times
    /// (the paged reports).
    pub(crate) fn into_parts(self) -> (&'a Client, O) {
        (self.client, self.operation)
    }

    /// The parameters set so far, for the inspections an operation offers (such as the
    /// operations of a customer patch).
    pub(crate) fn operation(&self) -> &O {
        &self.operation
    }

    /// Sends the request.
    ///
    /// # Errors
    ///
    /// Whatever the operation can fail with: see its documentation and [`Error`].
    pub async fn send(self) -> Result<O::Output> {
        self.operation.execute(self.client, Sealed(())).await
    }
}

impl<'a, O: Operation + 'a> IntoFuture for Request<'a, O> {
    type Output = Result<O::Output>;
    type IntoFuture = BoxFuture<'a, Result<O::Output>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}

/// The parameters of one operation and how they become a call: implemented by this crate for
/// every operation (it cannot be implemented elsewhere). Users meet it only as the `O` of
/// [`Request<'_, O>`].
pub trait Operation: Send + Sized {
    /// What a successful call returns.
    type Output: Send;

    /// Sends the operation through `client`.
    #[doc(hidden)]
    fn execute(
        self,
        client: &Client,
        sealed: Sealed,
    ) -> impl Future<Output = Result<Self::Output>> + Send + '_;
}

/// Keeps [`Operation`] (and [`Listing`](crate::list::Listing)) implemented by this crate
/// alone: only the crate can make one.
#[doc(hidden)]
#[derive(Clone, Copy, Debug)]
pub struct Sealed(pub(crate) ());

/// What a create returns where the API may leave the new resource unnamed: older traffic
/// answered note, attachment and saved-reply creates with a 201 that carried neither
/// `Resource-ID` nor `Location`. The create succeeded either way.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[must_use = "the id of the new resource is usually needed next"]
pub enum Created<Id> {
    /// The API named the new resource.
    Id(Id),
    /// The API created the resource but did not say which id it got; list or search to find
    /// it.
    WithoutId,
}

impl<Id: Copy> Created<Id> {
    /// The new resource's id, when the API named it.
    pub fn id(&self) -> Option<Id> {
        match self {
            Self::Id(id) => Some(*id),
            Self::WithoutId => None,
        }
    }

    /// What the answer's headers say, through [`created_id`](crate::resources::created_id).
    pub(crate) fn from_headers(headers: &http::HeaderMap, id: fn(i64) -> Id) -> Self {
        crate::resources::created_id(headers).map_or(Self::WithoutId, |raw| Self::Id(id(raw)))
    }
}

/// The new resource's id of a create whose answer always names it; a typed
/// [`Error::Decode`] should the API ever leave it out.
pub(crate) fn required_id<Id>(
    operation: &str,
    headers: &http::HeaderMap,
    id: fn(i64) -> Id,
) -> Result<Id> {
    crate::resources::created_id(headers)
        .map(id)
        .ok_or_else(|| Error::Decode(DecodeError::missing_created_id(operation)))
}
