//! Tags as the account knows them, across every mailbox. Reached through [`Client::tags`].
//!
//! To tag a conversation, use [`Conversations::replace_tags`](super::conversations::Conversations::replace_tags)
//! and its siblings: conversations refer to tags by name and create unknown ones.

use crate::call::{Action, action};
use crate::client::Client;
use crate::error::Result;
use crate::ids::TagId;
use crate::models::Tag;
use crate::page::Page;
use crate::page::hal_list;
use crate::page::page_param;

impl Client {
    /// The account's tags.
    pub fn tags(&self) -> Tags<'_> {
        Tags { client: self }
    }
}

/// The tag operations; see [`Client::tags`].
#[derive(Clone, Copy, Debug)]
pub struct Tags<'a> {
    client: &'a Client,
}

impl<'a> Tags<'a> {
    /// Lists the tags used in any mailbox, sorted by name, with how many conversations carry
    /// each.
    pub fn list(self) -> ListTags<'a> {
        ListTags {
            client: self.client,
            query: (),
        }
    }

    /// Gets one tag. The documented answer has only the id, slug, name and colour: expect
    /// the timestamps and `ticket_count` of [`list`](Self::list) to be missing.
    pub fn get(self, id: TagId) -> Action<'a, Tag> {
        let client = self.client;
        action(async move {
            let call = client.raw().get_tag(id.get());
            Ok(client.run("getTag", call).await?.into_inner())
        })
    }
}

hal_list! {
    /// Lists tags; see [`Tags::list`].
    ListTags(()) -> Tag = fetch_tags
}

async fn fetch_tags(client: &Client, _: &(), number: u64) -> Result<Page<Tag>> {
    let call = client.raw().list_tags(Some(page_param(number)?));
    let response = client.run("listTags", call).await?.into_inner();
    let items = response.embedded.map(|e| e.tags).unwrap_or_default();
    Ok(Page::from_parts(items, response.page, response.links))
}
