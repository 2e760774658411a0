//! `Timestamp` text: any string parses or fails cleanly, and a parsed timestamp reads back
//! what it writes.

#![no_main]

use helpscout_mailbox::models::Timestamp;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Ok(at) = text.parse::<Timestamp>() {
        let written = at.to_string();
        let again: Timestamp = written.parse().expect("a timestamp reads what it writes");
        assert_eq!(again.to_string(), written);
    }
});
