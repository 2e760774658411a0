//! The generated client and the one place every request passes through.
//!
//! `generated` is progenitor's output for `openapi/mailbox-v2.json`, built by build.rs and
//! private to the crate: its methods take raw strings and integers and return progenitor's
//! types. The facade wraps it; the models are re-exported from [`crate::models`].
//!
//! The [`ClientHooks`] implementation below is the choke point: every generated call and every
//! hand-written request (the token request, the JSON Patch calls) is sent by
//! [`Runtime::send`] (in `runtime.rs`), which adds the bearer token, paces against the rate
//! limit, retries what is safe to retry, renews the token on a 401, reads bodies within
//! their limits (`body.rs`), reads the facts of each response's headers once (`facts.rs`)
//! and calls the user's interceptors on every attempt (`intercept.rs`).

mod body;
mod facts;
mod intercept;
mod runtime;

use std::sync::Arc;
use std::time::Duration;

use progenitor_client::{ClientHooks, OperationInfo};

use crate::auth::{AuthError, SendFuture, TokenTransport};

pub(crate) use body::{MAX_ERROR_BODY_BYTES, ReadFailure, read_limited, read_prefix};
pub(crate) use facts::ResponseFacts;
pub(crate) use runtime::Runtime;

// No `missing_docs` here: every model field is documented from the spec (the xtask lint
// checks it), and the crate's `deny(missing_docs)` keeps it that way.
#[allow(dead_code, unreachable_pub, private_interfaces, clippy::all)]
mod generated {
    include!(concat!(env!("OUT_DIR"), "/raw.rs"));
}

pub(crate) use generated::*;

/// The spec's id, method and path template of `operation`, named by its id or by its
/// generated method's name, from the generated table; `None` for a name the spec lacks.
pub(crate) fn operation_route(
    operation: &str,
) -> Option<(&'static str, &'static str, &'static str)> {
    OPERATIONS
        .iter()
        .find(|(id, rust_name, _, _)| *id == operation || *rust_name == operation)
        .map(|(id, _, method, path)| (*id, *method, *path))
}

/// Where requests go: the network, or (for tests) an in-process recorder.
#[derive(Clone, Debug)]
pub(crate) enum Transport {
    Http(reqwest::Client),
    #[cfg(feature = "testing")]
    Mock(crate::testing::MockTransport),
}

/// The token request goes through the same transport, so a mock records it too.
impl TokenTransport for Transport {
    fn send(&self, request: reqwest::Request) -> SendFuture<'_> {
        Box::pin(self.execute(request))
    }
}

impl Transport {
    pub(crate) async fn execute(
        &self,
        request: reqwest::Request,
    ) -> reqwest::Result<reqwest::Response> {
        match self {
            Self::Http(client) => client.execute(request).await,
            #[cfg(feature = "testing")]
            Self::Mock(mock) => Ok(mock.send(&request)),
        }
    }
}

/// A failure of the hooks themselves, carried to the facade inside a synthetic response's
/// extensions: progenitor's `exec` can only return a `reqwest::Result`, and a `reqwest::Error`
/// cannot be made, so this is how a typed failure survives the trip. `error::from_progenitor`
/// turns it back into an [`Error`](crate::Error).
#[derive(Clone, Debug)]
pub(crate) enum HookFailure {
    /// No access token could be had.
    Auth(Arc<AuthError>),
    /// A success body was larger than the client reads.
    TooLarge {
        /// The client's cap, in bytes.
        limit: u64,
        /// The `Content-Length` the server announced, if any.
        declared: Option<u64>,
    },
    /// The call's deadline passed before it completed.
    DeadlineExceeded {
        /// The deadline the call had.
        deadline: Duration,
        /// How many attempts were sent (an attempt cut off by the deadline counts).
        attempts: u32,
    },
    /// The request's body is a stream, which cannot be sent again on a retry.
    Unrepeatable,
}

impl HookFailure {
    /// A response that carries this failure to `error::from_progenitor`. Its status is not a
    /// success, so that the generated code hands the response over unread.
    fn into_response(self) -> reqwest::Response {
        let mut response = http::Response::new(Vec::new());
        *response.status_mut() = http::StatusCode::INTERNAL_SERVER_ERROR;
        response.extensions_mut().insert(self);
        reqwest::Response::from(response)
    }
}

impl ClientHooks<Arc<Runtime>> for Client {
    async fn pre<E>(
        &self,
        request: &mut reqwest::Request,
        _info: &OperationInfo,
    ) -> Result<(), progenitor_client::Error<E>> {
        // progenitor sends the spec's `info.version` as `api-version`; Help Scout has no such
        // header and versions its API by path.
        // quirk Q11: progenitor's api-version header is unknown to the API.
        request.headers_mut().remove("api-version");
        Ok(())
    }

    async fn exec(
        &self,
        request: reqwest::Request,
        info: &OperationInfo,
    ) -> reqwest::Result<reqwest::Response> {
        self.inner.send(request, info.operation_id).await
    }
}
