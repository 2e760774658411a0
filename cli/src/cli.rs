//! The command line: global options and the command groups. Each group's own arguments
//! live next to its code in `cmd/`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::cmd;
use crate::output::Format;

/// Help Scout from the command line: conversations, customers, mailboxes, reports,
/// resumable exports and a change feed, on the Mailbox API v2.
///
/// Try it with no account: `hs --simulator conv list`.
#[derive(Debug, Parser)]
#[command(
    name = "hs",
    version,
    after_help = crate::exit::EXIT_CODES_HELP,
    propagate_version = true,
    max_term_width = 100
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

/// Options every command takes.
#[derive(Debug, Args)]
#[command(next_help_heading = "Global options")]
pub struct Global {
    /// Output format [default: table on a terminal, json otherwise]
    #[arg(short = 'o', long, global = true, value_enum)]
    pub output: Option<Format>,

    /// No progress bar, hints or confirmations on stderr: only results and errors
    #[arg(short, long, global = true)]
    pub quiet: bool,

    /// Run against an embedded Help Scout simulator with a seeded account (no account or
    /// network needed; nothing is stored)
    #[arg(long, global = true)]
    pub simulator: bool,

    /// With --simulator: how many conversations to seed
    #[arg(long, global = true, value_name = "N", requires = "simulator")]
    pub sim_conversations: Option<usize>,

    /// With --simulator: the per-minute request budget (writes cost two)
    #[arg(long, global = true, value_name = "N", requires = "simulator")]
    pub sim_rate_limit: Option<u32>,

    /// The API's base URL (https, or http on loopback, such as a running simulator)
    #[arg(
        long,
        global = true,
        env = "HELPSCOUT_BASE_URL",
        hide_env_values = true
    )]
    pub base_url: Option<String>,

    /// App ID (Your Profile > My Apps); overrides the stored one
    #[arg(long, global = true, env = "HELPSCOUT_APP_ID", hide_env_values = true)]
    pub app_id: Option<String>,

    /// App Secret; overrides the stored one. Prefer the environment variable: arguments show
    /// in the process list
    #[arg(
        long,
        global = true,
        env = "HELPSCOUT_APP_SECRET",
        hide_env_values = true
    )]
    pub app_secret: Option<String>,

    /// Where credentials are stored [default: the platform's config directory, such as
    /// ~/.config/hs]
    #[arg(long, global = true, env = "HS_CONFIG_DIR", hide_env_values = true)]
    pub config_dir: Option<PathBuf>,
}

/// The command groups.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Log in, check or refresh the stored credentials, log out
    #[command(subcommand)]
    Auth(cmd::auth::AuthCommand),
    /// Conversations: list, get, create, reply, note, status, assign, move, tag, snooze, delete
    #[command(subcommand, visible_alias = "conversation")]
    Conv(cmd::conv::ConvCommand),
    /// Mailboxes (inboxes), their folders and custom fields
    #[command(subcommand)]
    Mailbox(cmd::mailbox::MailboxCommand),
    /// Users of the account
    #[command(subcommand)]
    User(cmd::user::UserCommand),
    /// Customers: list, get, create, update
    #[command(subcommand)]
    Customer(cmd::customer::CustomerCommand),
    /// Tags
    #[command(subcommand)]
    Tag(cmd::tag::TagCommand),
    /// Webhook subscriptions
    #[command(subcommand)]
    Webhook(cmd::webhook::WebhookCommand),
    /// Reports (Plus and Pro plans)
    Report(cmd::report::ReportArgs),
    /// Any API call, through the client's authentication: `hs api GET /v2/users/me`
    Api(cmd::api::ApiArgs),
    /// Export every conversation or customer to JSON Lines, resumably
    #[command(subcommand)]
    Export(cmd::export::ExportCommand),
    /// Print each change as a JSON line as it happens (polling)
    #[command(subcommand)]
    Watch(cmd::watch::WatchCommand),
    /// Print a shell completion script
    Completions(cmd::completions::CompletionsArgs),
    /// Serve Help Scout as tools for AI agents (Model Context Protocol over stdio);
    /// read-only unless --allow-writes
    Mcp(crate::mcp::McpArgs),
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_consistent() {
        // clap checks every argument definition of every subcommand here, rather than when
        // a user first reaches a misdefined one.
        super::Cli::command().debug_assert();
    }
}
