//! Satisfaction ratings: what a customer thought of a reply. Reached through
//! [`Client::ratings`].
//!
//! Ratings arrive one at a time (by id, for example from a `satisfaction.ratings` webhook);
//! to list them, use the happiness reports ([`Reports::happiness_ratings`](super::reports::Reports::happiness_ratings)
//! and [`Reports::user_ratings`](super::reports::Reports::user_ratings)).

use crate::client::Client;
use crate::error::Result;
use crate::ids::RatingId;
use crate::models::Rating;
use crate::raw::operation;
use crate::request::{Operation, Request, Sealed};

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
    pub fn get(self, id: RatingId) -> Request<'a, GetRating> {
        Request::new(self.client, GetRating { id })
    }
}

/// Gets one rating; see [`Ratings::get`].
#[derive(Clone, Debug)]
pub struct GetRating {
    id: RatingId,
}

impl Operation for GetRating {
    type Output = Rating;

    async fn execute(self, client: &Client, _: Sealed) -> Result<Rating> {
        let call = client.raw().get_rating(self.id.get());
        Ok(client.run(operation::GET_RATING, call).await?.into_inner())
    }
}
