//! `hs auth login|status|refresh|logout`.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::Result;
use clap::Subcommand;
use helpscout_mailbox::DEFAULT_BASE_URL;
use helpscout_mailbox::auth::{Credentials, TokenSet};
use serde_json::json;

use super::auth_browser;
use crate::cli::Global;
use crate::exit;
use crate::output::Output;
use crate::session::{self, Session};
use crate::store::{Grant, Store, Stored};

/// `hs auth ...`
#[derive(Debug, Subcommand)]
pub enum AuthCommand {
    /// Check the app credentials (HELPSCOUT_APP_ID/SECRET or --app-id/--app-secret) and store
    /// them; with --browser, authorize the app for a user's account instead
    Login {
        /// Authorization-code flow: print the URL to approve the app in a browser and wait for
        /// Help Scout's redirect on a loopback port
        #[arg(long, conflicts_with = "code")]
        browser: bool,
        /// The loopback port of the redirect (the app's Redirection URL must be
        /// http://127.0.0.1:PORT/callback); 0 picks a free one
        #[arg(long, default_value_t = 8765, requires = "browser")]
        port: u16,
        /// How long to wait for the redirect, in seconds
        #[arg(
            long,
            value_name = "SECONDS",
            default_value_t = 300,
            requires = "browser"
        )]
        timeout: u64,
        /// Exchange an authorization code obtained elsewhere
        #[arg(long, value_name = "CODE")]
        code: Option<String>,
        /// The Redirection URL the code was issued for, if it must be sent along
        #[arg(long, value_name = "URL", requires = "code")]
        redirect_uri: Option<String>,
    },
    /// Show what is stored and whom the credentials act as
    Status,
    /// Get a new access token now (rotating and storing the refresh token)
    Refresh,
    /// Delete the stored credentials
    Logout,
}

/// Runs `hs auth ...`.
pub async fn run(global: &Global, command: AuthCommand) -> Result<()> {
    let out = Output::new(global.output, global.quiet);
    if global.simulator && matches!(command, AuthCommand::Login { .. } | AuthCommand::Logout) {
        return Err(exit::usage(
            "--simulator needs no login, and nothing is stored for it",
        ));
    }
    let store = Store::open(global.config_dir.as_deref())?;
    match command {
        AuthCommand::Login {
            browser,
            port,
            timeout,
            code,
            redirect_uri,
        } => {
            let (app_id, app_secret) = session::app_credentials(global)?.ok_or_else(|| {
                exit::usage("give the app's credentials: set HELPSCOUT_APP_ID and HELPSCOUT_APP_SECRET (or --app-id/--app-secret)")
            })?;
            let base_url = session::base_url(global, None);
            let (credentials, grant) = if browser {
                let redirect =
                    auth_browser::authorize(&app_id, port, Duration::from_secs(timeout)).await?;
                let credentials = Credentials::authorization_code(
                    &app_id,
                    app_secret.as_str(),
                    redirect.code,
                    Some(&redirect.redirect_uri),
                );
                (credentials, Grant::AuthorizationCode)
            } else if let Some(code) = code {
                let credentials = Credentials::authorization_code(
                    &app_id,
                    app_secret.as_str(),
                    code,
                    redirect_uri.as_deref(),
                );
                (credentials, Grant::AuthorizationCode)
            } else {
                (
                    Credentials::client_credentials(&app_id, app_secret.as_str()),
                    Grant::ClientCredentials,
                )
            };
            let latest: Arc<Mutex<Option<TokenSet>>> = Arc::default();
            let hook = latest.clone();
            let client = session::builder(&base_url)
                .credentials(credentials)
                .on_tokens(move |tokens| {
                    *hook
                        .lock()
                        .unwrap_or_else(std::sync::PoisonError::into_inner) = Some(tokens.clone());
                })
                .build()?;
            let me = client.users().me().await?;
            let tokens = latest
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .clone();
            let refresh_token = tokens
                .as_ref()
                .and_then(|t| t.refresh_token())
                .map(|r| r.expose().to_owned());
            if grant == Grant::AuthorizationCode && refresh_token.is_none() {
                return Err(exit::auth(
                    "Help Scout returned no refresh token; nothing was stored",
                ));
            }
            store.save(&Stored {
                grant,
                app_id,
                app_secret,
                refresh_token,
                base_url: (base_url != DEFAULT_BASE_URL).then_some(base_url),
                access_token_expires_at: tokens.as_ref().map(session::expiry),
            })?;
            out.done(&format!(
                "logged in as {} <{}>; credentials stored in {}",
                full_name(me.first_name.as_deref(), me.last_name.as_deref()),
                me.email.as_deref().unwrap_or("no email"),
                store.path().display()
            ));
            Ok(())
        }
        AuthCommand::Status => {
            let stored = store.load()?;
            let from_env = session::app_credentials(global)?.is_some();
            if stored.is_none() && !from_env && !global.simulator {
                return Err(exit::auth(
                    "not logged in: run `hs auth login`, or set HELPSCOUT_APP_ID and HELPSCOUT_APP_SECRET",
                ));
            }
            let session = Session::connect(global).await?;
            let me = session.client.users().me().await?;
            let source = if global.simulator {
                "simulator"
            } else if from_env {
                "environment or options"
            } else {
                "stored"
            };
            let status = json!({
                "credentials": source,
                "configFile": store.path().display().to_string(),
                "grant": stored.as_ref().map(|s| s.grant),
                "appId": global.app_id.clone().or_else(|| stored.as_ref().map(|s| s.app_id.clone())),
                "refreshTokenStored": stored.as_ref().is_some_and(|s| s.refresh_token.is_some()),
                "baseUrl": session.base_url,
                "user": {
                    "id": me.id,
                    "name": full_name(me.first_name.as_deref(), me.last_name.as_deref()),
                    "email": me.email,
                },
            });
            session.out.one(&status)
        }
        AuthCommand::Refresh => {
            let session = Session::connect(global).await?;
            session.client.users().me().await?;
            match session.token.get() {
                Some(tokens) => out.done(&format!(
                    "new access token, valid until {}",
                    session::expiry(&tokens)
                )),
                None => out.done("the credentials are valid"),
            }
            Ok(())
        }
        AuthCommand::Logout => {
            if store.remove()? {
                out.done(&format!("logged out: deleted {}", store.path().display()));
            } else {
                out.done("not logged in: nothing stored");
            }
            Ok(())
        }
    }
}

fn full_name(first: Option<&str>, last: Option<&str>) -> String {
    [first, last]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ")
}
