//! Teams and their members. Reached through [`Client::teams`].

use crate::client::Client;
use crate::error::Result;
use crate::ids::TeamId;
use crate::list::legacy::hal_list;
use crate::models::{Team, User};
use crate::page::Page;
use crate::page::page_param;

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
    pub fn list(self) -> ListTeams<'a> {
        ListTeams {
            client: self.client,
            query: (),
        }
    }

    /// Lists the users who belong to a team, as full user records. A team's id also works
    /// as the subject of the user reports (see [`Client::reports`]), which then sum over
    /// these members.
    pub fn members(self, team: TeamId) -> ListTeamMembers<'a> {
        ListTeamMembers {
            client: self.client,
            query: team,
        }
    }
}

hal_list! {
    /// Lists teams; see [`Teams::list`].
    ListTeams(()) -> Team = fetch_teams
}

async fn fetch_teams(client: &Client, _: &(), number: u64) -> Result<Page<Team>> {
    let call = client.raw().list_teams(Some(page_param(number)?));
    let response = client.run("listTeams", call).await?.into_inner();
    let items = response.embedded.map(|e| e.teams).unwrap_or_default();
    Ok(Page::from_parts(items, response.page, response.links))
}

hal_list! {
    /// Lists a team's members; see [`Teams::members`].
    ListTeamMembers(TeamId) -> User = fetch_members
}

async fn fetch_members(client: &Client, team: &TeamId, number: u64) -> Result<Page<User>> {
    let call = client
        .raw()
        .list_team_members(team.get(), Some(page_param(number)?));
    let response = client.run("listTeamMembers", call).await?.into_inner();
    let items = response.embedded.map(|e| e.users).unwrap_or_default();
    Ok(Page::from_parts(items, response.page, response.links))
}
