//! Teams and their members. Reached through [`Client::teams`].

use crate::client::Client;
use crate::error::Result;
use crate::ids::TeamId;
use crate::list::{List, Listing, NumberedListing, PageAt, page_number};
use crate::models::{Team, User};
use crate::page::Page;
use crate::raw::operation;
use crate::request::Sealed;

impl Client {
    /// The account's teams and who belongs to them.
    pub fn teams(&self) -> Teams<'_> {
        Teams { client: self }
    }
}

/// The team operations; see [`Client::teams`].
#[derive(Clone, Copy, Debug)]
pub struct Teams<'a> {
    client: &'a Client,
}

impl<'a> Teams<'a> {
    /// Lists the teams.
    pub fn list(self) -> List<'a, ListTeams> {
        List::new(self.client, ListTeams(()))
    }

    /// Lists the users who belong to a team, as full user records. A team's id also works
    /// as the subject of the user reports (see [`Client::reports`]), which then sum over
    /// these members.
    pub fn members(self, team: TeamId) -> List<'a, ListTeamMembers> {
        List::new(self.client, ListTeamMembers { team })
    }
}

/// The team list; see [`Teams::list`]. It has no filters.
#[derive(Clone, Debug)]
pub struct ListTeams(());

impl Listing for ListTeams {
    type Item = Team;
    const FIRST: PageAt = PageAt::Number(1);

    async fn fetch(&self, client: &Client, at: PageAt, _: Sealed) -> Result<Page<Team>> {
        let call = client.raw().list_teams(Some(page_number(&at)?));
        let response = client.run(operation::LIST_TEAMS, call).await?.into_inner();
        let items = response.embedded.map(|e| e.teams).unwrap_or_default();
        Ok(Page::from_parts(items, response.page, response.links))
    }
}

impl NumberedListing for ListTeams {}

/// A team's members; see [`Teams::members`].
#[derive(Clone, Debug)]
pub struct ListTeamMembers {
    team: TeamId,
}

impl Listing for ListTeamMembers {
    type Item = User;
    const FIRST: PageAt = PageAt::Number(1);

    async fn fetch(&self, client: &Client, at: PageAt, _: Sealed) -> Result<Page<User>> {
        let call = client
            .raw()
            .list_team_members(self.team.get(), Some(page_number(&at)?));
        let response = client
            .run(operation::LIST_TEAM_MEMBERS, call)
            .await?
            .into_inner();
        let items = response.embedded.map(|e| e.users).unwrap_or_default();
        Ok(Page::from_parts(items, response.page, response.links))
    }
}

impl NumberedListing for ListTeamMembers {}
