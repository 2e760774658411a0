//! Tags as the account knows them, across every mailbox. Reached through [`Client::tags`].
//!
//! To tag a conversation, use [`Conversations::replace_tags`](super::conversations::Conversations::replace_tags)
//! and its siblings: conversations refer to tags by name and create unknown ones.

use crate::client::Client;
use crate::error::Result;
use crate::ids::TagId;
use crate::list::{List, Listing, NumberedListing, PageAt, page_number};
use crate::models::Tag;
use crate::page::Page;
use crate::raw::operation;
use crate::request::{Operation, Request, Sealed};

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
    pub fn list(self) -> List<'a, ListTags> {
        List::new(self.client, ListTags(()))
    }

    /// Gets one tag. The documented answer has only the id, slug, name and colour: expect
    /// the timestamps and `ticket_count` of [`list`](Self::list) to be missing.
    pub fn get(self, id: TagId) -> Request<'a, GetTag> {
        Request::new(self.client, GetTag { id })
    }
}

/// The tag list; see [`Tags::list`]. It has no filters.
#[derive(Clone, Debug)]
pub struct ListTags(());

impl Listing for ListTags {
    type Item = Tag;
    const FIRST: PageAt = PageAt::Number(1);

    async fn fetch(&self, client: &Client, at: PageAt, _: Sealed) -> Result<Page<Tag>> {
        let call = client.raw().list_tags(Some(page_number(&at)?));
        let response = client.run(operation::LIST_TAGS, call).await?.into_inner();
        let items = response.embedded.map(|e| e.tags).unwrap_or_default();
        Ok(Page::from_parts(items, response.page, response.links))
    }
}

impl NumberedListing for ListTags {}

/// Gets one tag; see [`Tags::get`].
#[derive(Clone, Debug)]
pub struct GetTag {
    id: TagId,
}

impl Operation for GetTag {
    type Output = Tag;

    async fn execute(self, client: &Client, _: Sealed) -> Result<Tag> {
        let call = client.raw().get_tag(self.id.get());
        Ok(client.run(operation::GET_TAG, call).await?.into_inner())
    }
}
