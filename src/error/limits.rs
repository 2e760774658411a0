//! Failures of the client's own limits: a response larger than it reads, a call that ran
//! past its deadline. Neither comes from Help Scout, so neither carries a response.

use std::fmt;
use std::time::Duration;

/// A success response's body was larger than the client reads
/// ([`ClientBuilder::max_response_bytes`](crate::ClientBuilder::max_response_bytes)). The
/// body was not kept and its connection was closed; the call is not retried, as a retry
/// would download the same body again.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResponseTooLarge {
    pub(crate) operation: String,
    pub(crate) limit: u64,
    pub(crate) declared: Option<u64>,
}

impl ResponseTooLarge {
    /// The operation whose response it was, by its id in the spec.
    pub fn operation(&self) -> &str {
        &self.operation
    }

    /// The client's limit, in bytes.
    pub fn limit(&self) -> u64 {
        self.limit
    }

    /// The size the server announced in `Content-Length`, when it announced one; without
    /// it, the body was read up to the limit and then dropped.
    pub fn declared_length(&self) -> Option<u64> {
        self.declared
    }
}

impl fmt::Display for ResponseTooLarge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the response to {} is larger than the client's limit of {} bytes",
            self.operation, self.limit
        )?;
        if let Some(declared) = self.declared {
            write!(f, " (Content-Length {declared})")?;
        }
        Ok(())
    }
}

impl std::error::Error for ResponseTooLarge {}

/// A call did not complete within its deadline
/// ([`ClientBuilder::deadline`](crate::ClientBuilder::deadline),
/// [`Client::with_deadline`](crate::Client::with_deadline)), which covers every attempt,
/// every wait between them and the token request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeadlineExceeded {
    pub(crate) operation: String,
    pub(crate) deadline: Duration,
    pub(crate) attempts: u32,
}

impl DeadlineExceeded {
    /// The operation that ran out of time, by its id in the spec.
    pub fn operation(&self) -> &str {
        &self.operation
    }

    /// The deadline the call had.
    pub fn deadline(&self) -> Duration {
        self.deadline
    }

    /// How many attempts were sent before the deadline ended the call: 0 when it passed
    /// while waiting for a token or for the rate limit, and the attempt it cut short counts.
    pub fn attempts(&self) -> u32 {
        self.attempts
    }
}

impl fmt::Display for DeadlineExceeded {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let attempts = match self.attempts {
            1 => "1 attempt".to_owned(),
            n => format!("{n} attempts"),
        };
        write!(
            f,
            "{} did not complete within its deadline of {:.1} s ({attempts} made)",
            self.operation,
            self.deadline.as_secs_f64()
        )
    }
}

impl std::error::Error for DeadlineExceeded {}
