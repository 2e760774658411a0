//! Enum values keep the spelling they were received in (quirk Q23): a value in any ASCII
//! case matches the documented variant, and writing the model back sends it unchanged.
//! Property tests over the spec's enums and over a real-shaped conversation.

use helpscout_mailbox::models::{
    self, ConversationState, ConversationStatus, ConversationType, CustomerGender, Spelled,
    ThreadType,
};
use proptest::prelude::*;
use proptest::sample::select;
use serde_json::Value;

/// `value` with the case of each ASCII letter flipped where `flips` says so.
fn respell(value: &str, flips: &[bool]) -> String {
    value
        .chars()
        .zip(flips.iter().chain(std::iter::repeat(&false)))
        .map(|(c, flip)| match (flip, c.is_ascii_lowercase()) {
            (false, _) => c,
            (true, true) => c.to_ascii_uppercase(),
            (true, false) => c.to_ascii_lowercase(),
        })
        .collect()
}

/// A documented value of `known` in a random spelling, with that documented value.
fn respelled(known: &'static [&'static str]) -> impl Strategy<Value = (String, &'static str)> {
    (select(known), prop::collection::vec(any::<bool>(), 0..24))
        .prop_map(|(value, flips)| (respell(value, &flips), value))
}

/// Decodes `spelling` as a `Spelled<E>`, checks that it is the documented value and that
/// it writes back as it came.
fn assert_lossless<E>(spelling: &str, documented: &str) -> Result<(), TestCaseError>
where
    E: models::OpenEnum + PartialEq + std::fmt::Debug + for<'a> From<&'a str>,
{
    let json = serde_json::to_string(spelling).expect("a string encodes");
    let decoded: Spelled<E> = serde_json::from_str(&json).expect("any string decodes");
    prop_assert_eq!(decoded.value(), &E::from(documented));
    prop_assert_eq!(serde_json::to_string(&decoded).expect("encodes"), json);
    Ok(())
}

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 256,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn a_known_value_in_any_case_matches_and_round_trips(
        (gender, g) in respelled(CustomerGender::KNOWN),
        (status, s) in respelled(ConversationStatus::KNOWN),
        (thread, t) in respelled(ThreadType::KNOWN),
    ) {
        assert_lossless::<CustomerGender>(&gender, g)?;
        assert_lossless::<ConversationStatus>(&status, s)?;
        assert_lossless::<ThreadType>(&thread, t)?;
    }

    #[test]
    fn any_string_round_trips_unchanged(text in any::<String>()) {
        let json = serde_json::to_string(&text).expect("a string encodes");
        let decoded: Spelled<ThreadType> = serde_json::from_str(&json).expect("any string decodes");
        prop_assert_eq!(serde_json::to_string(&decoded).expect("encodes"), json);
    }

    #[test]
    fn a_conversation_is_written_back_with_the_spellings_it_came_with(
        (status, s) in respelled(ConversationStatus::KNOWN),
        (state, st) in respelled(ConversationState::KNOWN),
        (kind, k) in respelled(ConversationType::KNOWN),
    ) {
        let mut fixture: Value = serde_json::from_str(include_str!(
            "fixtures/conversations/getConversation.json"
        ))
        .expect("the fixture is JSON");
        fixture["status"] = Value::from(status.as_str());
        fixture["state"] = Value::from(state.as_str());
        fixture["type"] = Value::from(kind.as_str());

        let conversation: models::Conversation =
            serde_json::from_value(fixture.clone()).expect("the conversation decodes");
        prop_assert_eq!(conversation.status.as_deref(), Some(&ConversationStatus::from(s)));
        prop_assert_eq!(conversation.state.as_deref(), Some(&ConversationState::from(st)));
        prop_assert_eq!(conversation.type_.as_deref(), Some(&ConversationType::from(k)));

        let written = serde_json::to_value(&conversation).expect("the conversation encodes");
        prop_assert_eq!(&written["status"], &fixture["status"]);
        prop_assert_eq!(&written["state"], &fixture["state"]);
        prop_assert_eq!(&written["type"], &fixture["type"]);
    }
}

#[test]
fn a_value_the_caller_chooses_is_sent_as_documented() {
    let chosen: Spelled<CustomerGender> = CustomerGender::Female.into();
    assert_eq!(serde_json::to_string(&chosen).unwrap(), r#""female""#);
}
