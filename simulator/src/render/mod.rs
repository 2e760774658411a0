//! Wire views of the state: records rendered into the generated response models, used by
//! the routes and by webhook deliveries alike. Imports `http` and `state` only.

mod conversation;
mod customer;
mod person;
mod tag;
mod thread;

pub(crate) use conversation::{
    CONVERSATION_PAGE, MAX_THREADS, View as ConversationView, View, friendly_until,
    render_conversation, sorted_threads,
};
pub(crate) use customer::*;
pub(crate) use tag::*;
pub(crate) use thread::*;
