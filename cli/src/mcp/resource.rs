//! A conversation as a resource, `helpscout://conversations/{id}`: for clients that let a
//! person attach a conversation to the agent's context rather than have the agent call a
//! tool. It reads as `get_conversation` does, under the same safety options.

use rmcp::ErrorData;
use serde_json::json;

use super::tools::{Context, read};

/// The URI template of a conversation.
pub const CONVERSATION_TEMPLATE: &str = "helpscout://conversations/{id}";
const PREFIX: &str = "helpscout://conversations/";

/// The id of a conversation URI.
fn conversation_id(uri: &str) -> Option<i64> {
    uri.strip_prefix(PREFIX)?
        .parse::<i64>()
        .ok()
        .filter(|id| *id > 0)
}

/// The transcript of the conversation `uri` names. Resource reads have no tool-error
/// form, so a failure is the protocol's "resource not found" or "invalid params", with
/// the tool's JSON report as its data.
pub async fn read(context: &Context, uri: &str) -> Result<String, ErrorData> {
    let Some(id) = conversation_id(uri) else {
        return Err(ErrorData::invalid_params(
            format!("not a conversation URI: expected {CONVERSATION_TEMPLATE}"),
            Some(json!({"uri": uri})),
        ));
    };
    let arguments = read::GetConversation {
        id,
        max_threads: None,
        max_chars_per_thread: None,
    };
    match read::get_conversation(context, arguments).await {
        Ok(answer) => Ok(answer.into_text(&context.safety)),
        Err(failure) => {
            let report = failure.into_report(&context.safety);
            let message = report["message"]
                .as_str()
                .unwrap_or("cannot read the conversation")
                .to_owned();
            Err(ErrorData::resource_not_found(message, Some(report)))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris() {
        assert_eq!(conversation_id("helpscout://conversations/42"), Some(42));
        assert_eq!(conversation_id("helpscout://conversations/0"), None);
        assert_eq!(conversation_id("helpscout://conversations/x"), None);
        assert_eq!(conversation_id("helpscout://customers/42"), None);
        assert_eq!(
            conversation_id("helpscout://conversations/99999999999999999999"),
            None
        );
    }
}
