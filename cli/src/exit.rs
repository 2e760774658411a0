//! Exit codes by kind of failure, and the one-line error report on stderr.
//!
//! The codes are documented in `hs --help` (see [`EXIT_CODES_HELP`]); scripts branch on them,
//! so they never change meaning.

use helpscout_mailbox::Error;
use helpscout_mailbox::auth::{AuthError, AuthErrorKind};

/// The `after_help` text of `hs --help`.
pub const EXIT_CODES_HELP: &str = "\
Exit codes:
  0    success
  1    other failure (file system, an answer the crate could not read)
  2    usage: bad arguments or options
  3    auth: not logged in, credentials refused, token rejected or access denied (401, 403)
  4    not found (404), or a conversation merged into another (the new id is printed)
  5    validation: Help Scout rejected the request's content (400, 412)
  6    rate limited: the per-minute budget ran out after the retries (429)
  7    server: Help Scout failed (5xx)
  8    network: no connection, a timeout or a deadline passed
  130  interrupted (Ctrl-C)";

/// What kind of failure ended the command.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Other,
    Usage,
    Auth,
    NotFound,
    Validation,
    RateLimited,
    Server,
    Network,
    Interrupted,
}

impl Kind {
    /// The process exit code.
    pub fn code(self) -> u8 {
        match self {
            Self::Other => 1,
            Self::Usage => 2,
            Self::Auth => 3,
            Self::NotFound => 4,
            Self::Validation => 5,
            Self::RateLimited => 6,
            Self::Server => 7,
            Self::Network => 8,
            Self::Interrupted => 130,
        }
    }

    /// The kind of an error: the CLI's own [`Failure`], else the crate's [`Error`] found
    /// anywhere in the chain, else [`Kind::Other`].
    pub fn of(error: &anyhow::Error) -> Self {
        for cause in error.chain() {
            if let Some(failure) = cause.downcast_ref::<Failure>() {
                return failure.kind;
            }
            if let Some(error) = cause.downcast_ref::<Error>() {
                return Self::of_api(error);
            }
            if cause.downcast_ref::<AuthError>().is_some() {
                return Self::Auth;
            }
        }
        Self::Other
    }

    fn of_api(error: &Error) -> Self {
        match error {
            Error::Validation(_) | Error::PreconditionFailed(_) => Self::Validation,
            Error::RateLimited(_) => Self::RateLimited,
            Error::Auth(auth) => match auth.kind() {
                AuthErrorKind::Transport => Self::Network,
                AuthErrorKind::TokenEndpoint
                    if auth.status().is_some_and(|s| s.is_server_error()) =>
                {
                    Self::Server
                }
                _ => Self::Auth,
            },
            Error::Unauthorized(_) | Error::Forbidden(_) => Self::Auth,
            Error::NotFound(_) | Error::Moved { .. } => Self::NotFound,
            Error::Transport(_) | Error::DeadlineExceeded(_) => Self::Network,
            Error::InvalidRequest(_) => Self::Usage,
            Error::Api(api) if (500..=599).contains(&api.status()) => Self::Server,
            _ => Self::Other,
        }
    }
}

/// A failure the CLI itself detects, with the exit code it stands for.
#[derive(Debug)]
pub struct Failure {
    pub kind: Kind,
    pub message: String,
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Failure {}

/// A usage error (exit code 2) as an `anyhow::Error`.
pub fn usage(message: impl Into<String>) -> anyhow::Error {
    Failure {
        kind: Kind::Usage,
        message: message.into(),
    }
    .into()
}

/// An authentication failure (exit code 3) as an `anyhow::Error`.
pub fn auth(message: impl Into<String>) -> anyhow::Error {
    Failure {
        kind: Kind::Auth,
        message: message.into(),
    }
    .into()
}

/// Whether the failure is a write to a pipe whose reader has gone.
pub fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// Prints `error: ...` on one line (the error and its causes, never a `Debug` dump), then
/// what helps act on it: the rejected fields, the rate-limit wait, the new id of a merged
/// conversation and Help Scout's correlation id.
pub fn print_error(error: &anyhow::Error, color: bool) {
    let prefix = if color {
        "\x1b[1;31merror:\x1b[0m"
    } else {
        "error:"
    };
    let line = one_line(error);
    crate::output::note!("{prefix} {line}");
    let Some(api) = error
        .chain()
        .find_map(|cause| cause.downcast_ref::<Error>())
    else {
        return;
    };
    if let Some(response) = api.response() {
        // The first line names the first few fields already.
        for field in response.fields() {
            let field = field.to_string();
            if !line.contains(&field) {
                crate::output::note!("  {field}");
            }
        }
    }
    if let Some(wait) = api.retry_after() {
        crate::output::note!("  rate limit: retry after {} s", wait.as_secs().max(1));
    }
    if let Error::Moved {
        new_id: Some(id), ..
    } = api
    {
        crate::output::note!("  merged into conversation {id}");
    }
    if let Some(id) = api.correlation_id() {
        crate::output::note!("  correlation id: {id}");
    }
}

/// The error and its causes joined with `: `, skipping a cause whose text the previous
/// message already contains (the crate's errors never repeat their source, but the
/// CLI's contexts may), with line breaks folded so that the report stays one line.
pub fn one_line(error: &anyhow::Error) -> String {
    let mut line = String::new();
    for cause in error.chain() {
        let text = cause.to_string();
        if text.is_empty() || line.contains(&text) {
            continue;
        }
        if !line.is_empty() {
            line.push_str(": ");
        }
        line.push_str(&text);
    }
    line.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_follow_the_crate_errors() {
        let invalid = anyhow::Error::new(Error::InvalidRequest("x".into()));
        assert_eq!(Kind::of(&invalid), Kind::Usage);
        assert_eq!(Kind::of(&usage("bad")), Kind::Usage);
        assert_eq!(Kind::of(&anyhow::anyhow!("io")), Kind::Other);
        let wrapped = usage("bad").context("while parsing");
        assert_eq!(Kind::of(&wrapped), Kind::Usage);
    }

    #[test]
    fn one_line_folds_newlines_and_joins_causes() {
        let error = anyhow::anyhow!("first\nsecond").context("outer");
        assert_eq!(one_line(&error), "outer: first second");
    }
}
