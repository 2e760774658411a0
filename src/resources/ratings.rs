//! Satisfaction ratings: what a customer thought of a reply. Reached through
//! [`Client::ratings`].
//!
//! Ratings arrive one at a time (by id, for example from a `satisfaction.ratings` webhook);
//! to list them, use the happiness reports ([`Reports::happiness_ratings`](super::reports::Reports::happiness_ratings)
//! and [`Reports::user_ratings`](super::reports::Reports::user_ratings)).

use crate::call::{Action, action};
use crate::client::Client;
use crate::ids::RatingId;
use crate::models::Rating;

impl Client {
    /// Customers' satisfaction ratings.
    pub fn ratings(&self) -> Ratings<'_> {
        Ratings { client: self }
    }
}

/// The rating operations; see [`Client::ratings`].
#[derive(Clone, Copy, Debug)]
pub struct Ratings<'a> {
    client: &'a Client,
}

impl<'a> Ratings<'a> {
    /// Gets one rating, with the rated user, the customer and the conversation. The API
    /// writes its `createdAt` without a time zone; it is read as UTC.
    pub fn get(self, id: RatingId) -> Action<'a, Rating> {
        let client = self.client;
        action(async move {
            let call = client.raw().get_rating(id.get());
            Ok(client.run("getRating", call).await?.into_inner())
        })
    }
}
