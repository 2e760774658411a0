//! Response bodies: any bytes decoded into the largest models (and written out again when
//! they decode) must not panic.

#![no_main]

use helpscout_mailbox::models::{
    Conversation, ConversationPage, Customer, CustomerPage, Mailbox, Organization, ReportDrilldown,
    ReportUser, Thread, ThreadPage, User, Webhook,
};
use libfuzzer_sys::fuzz_target;

/// Decodes `data` as `T`; what decodes must encode and decode again.
fn check<T: serde::de::DeserializeOwned + serde::Serialize>(data: &[u8]) {
    if let Ok(model) = serde_json::from_slice::<T>(data) {
        let written = serde_json::to_vec(&model).expect("a decoded model encodes");
        serde_json::from_slice::<T>(&written).expect("a model reads what it writes");
    }
}

fuzz_target!(|data: &[u8]| {
    check::<Conversation>(data);
    check::<ConversationPage>(data);
    check::<Thread>(data);
    check::<ThreadPage>(data);
    check::<Customer>(data);
    check::<CustomerPage>(data);
    check::<Mailbox>(data);
    check::<Organization>(data);
    check::<User>(data);
    check::<Webhook>(data);
    check::<ReportDrilldown>(data);
    check::<ReportUser>(data);
});
