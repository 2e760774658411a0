//! What a tool call returns: structured content and its text, or a tool error the agent
//! can act on (the rejected fields, the rate-limit wait, the id a conversation was merged
//! into). Failures never become protocol errors: an agent sees a protocol error as "the
//! tool is broken", and cannot correct its call.

use helpscout_mailbox::Error;
use rmcp::model::{CallToolResult, ContentBlock};
use serde::Serialize;
use serde_json::{Value, json};

use crate::exit::{self, Kind};
use crate::mcp::redact;
use crate::mcp::safety::{Refusal, Safety};

/// A tool's answer before redaction: the structured content (what the output schema
/// describes), and the text shown to a model that reads text only.
pub struct Answer {
    structured: Value,
    /// Writes the text from the (redacted) structured content; JSON when `None`.
    text: Option<fn(&Value) -> String>,
    /// Whether the answer carries customer data, so that `--redact` applies to it.
    customer_data: bool,
}

impl Answer {
    /// An answer whose text is its structured content as JSON.
    pub fn json(value: &impl Serialize) -> Result<Self, Failure> {
        Ok(Self {
            structured: serde_json::to_value(value)
                .map_err(|e| Failure::Internal(e.to_string()))?,
            text: None,
            customer_data: true,
        })
    }

    /// The same answer with a text of its own (a transcript rather than JSON), written
    /// from the structured content once it is redacted.
    pub fn with_text(mut self, text: fn(&Value) -> String) -> Self {
        self.text = Some(text);
        self
    }

    /// Marks an answer about the team (users, mailboxes, tags), which `--redact` leaves
    /// alone.
    pub fn team_data(mut self) -> Self {
        self.customer_data = false;
        self
    }

    /// The structured content and the text, redacted when the options say so.
    fn finish(mut self, safety: &Safety) -> (Value, String) {
        if safety.redact && self.customer_data {
            redact::value(&mut self.structured);
        }
        let text = match self.text {
            Some(write) => write(&self.structured),
            None => self.structured.to_string(),
        };
        (self.structured, text)
    }

    /// The MCP result, redacted when the options say so.
    pub fn into_result(self, safety: &Safety) -> CallToolResult {
        let (structured, text) = self.finish(safety);
        let mut result = CallToolResult::success(vec![ContentBlock::text(text)]);
        result.structured_content = Some(structured);
        result
    }

    /// Only the text, redacted when the options say so (for a resource).
    pub fn into_text(self, safety: &Safety) -> String {
        self.finish(safety).1
    }
}

/// Why a tool call failed.
#[derive(Debug)]
pub enum Failure {
    /// The arguments do not match the input schema, or make no sense together.
    Arguments(String),
    /// The safety options forbid the call; nothing was sent.
    Refused(Refusal),
    /// Help Scout (or the way to it) failed.
    Api(anyhow::Error),
    /// The server could not build its answer.
    Internal(String),
}

impl From<Error> for Failure {
    fn from(error: Error) -> Self {
        Self::Api(error.into())
    }
}

impl From<anyhow::Error> for Failure {
    fn from(error: anyhow::Error) -> Self {
        Self::Api(error)
    }
}

impl From<Refusal> for Failure {
    fn from(refusal: Refusal) -> Self {
        Self::Refused(refusal)
    }
}

impl Failure {
    /// The tool error: `isError`, with one text block holding a JSON object the agent can
    /// read: `error` (a kind), `message`, and where known `fields` (what Help Scout
    /// rejected), `retryAfterSeconds`, `mergedInto` and `correlationId`.
    pub fn into_result(self, safety: &Safety) -> CallToolResult {
        let mut report = self.into_report(safety);
        // Help Scout's messages and rejected values can echo customer details too.
        if safety.redact {
            redact::value(&mut report);
        }
        CallToolResult::error(vec![ContentBlock::text(report.to_string())])
    }

    /// The JSON report of [`into_result`](Self::into_result).
    pub fn into_report(self, safety: &Safety) -> Value {
        match self {
            Self::Arguments(message) => json!({"error": "invalid_arguments", "message": message}),
            Self::Refused(refusal) => {
                json!({"error": "refused", "message": refusal.message(safety)})
            }
            Self::Internal(message) => json!({"error": "internal", "message": message}),
            Self::Api(error) => api_report(&error),
        }
    }
}

/// The report of a failed request, from the crate's typed error where there is one.
fn api_report(error: &anyhow::Error) -> Value {
    let mut report = json!({
        "error": kind_name(Kind::of(error)),
        "message": exit::one_line(error),
    });
    let Some(api) = error.chain().find_map(|c| c.downcast_ref::<Error>()) else {
        return report;
    };
    if let Some(response) = api.response()
        && !response.fields().is_empty()
    {
        let fields: Vec<Value> = response
            .fields()
            .iter()
            .map(|field| {
                json!({
                    "path": field.path(),
                    "message": field.message(),
                    "rejectedValue": field.rejected_value(),
                })
            })
            .collect();
        report["fields"] = Value::Array(fields);
    }
    if let Some(wait) = api.retry_after() {
        report["retryAfterSeconds"] = json!(wait.as_secs().max(1));
    }
    if let Error::Moved {
        new_id: Some(id), ..
    } = api
    {
        report["mergedInto"] = json!(id);
    }
    if let Some(id) = api.correlation_id() {
        report["correlationId"] = json!(id);
    }
    report
}

/// The `error` of a report: the exit-code kinds of `hs`, in words.
fn kind_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Other => "failed",
        Kind::Usage => "invalid_request",
        Kind::Auth => "auth",
        Kind::NotFound => "not_found",
        Kind::Validation => "validation",
        Kind::RateLimited => "rate_limited",
        Kind::Server => "server",
        Kind::Network => "network",
        Kind::Interrupted => "interrupted",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_of(result: &CallToolResult) -> Value {
        let text = &result.content[0].as_text().expect("text").text;
        serde_json::from_str(text).expect("JSON")
    }

    #[test]
    fn failures_are_tool_errors_with_a_kind() {
        let safety = Safety::default();
        let result = Failure::Refused(Refusal::ReadOnly).into_result(&safety);
        assert_eq!(result.is_error, Some(true));
        assert_eq!(text_of(&result)["error"], "refused");
        let result = Failure::Api(Error::InvalidRequest("bad".into()).into()).into_result(&safety);
        assert_eq!(text_of(&result)["error"], "invalid_request");
    }

    #[test]
    fn redaction_applies_to_customer_data_only() {
        let safety = Safety {
            redact: true,
            ..Safety::default()
        };
        let value = json!({"email": "ada@example.com"});
        let customer = Answer::json(&value).unwrap().into_result(&safety);
        assert_eq!(
            customer.structured_content,
            Some(json!({"email": redact::EMAIL}))
        );
        assert!(!format!("{:?}", customer.content).contains("ada@"));
        let team = Answer::json(&value)
            .unwrap()
            .team_data()
            .into_result(&safety);
        assert_eq!(team.structured_content, Some(value));
    }
}
