//! `hs api METHOD PATH`: any call of the API, for what the commands do not cover. It goes
//! through the crate's `Client::api`, so the token, the pacing shared with the account's
//! budget, the retries and the typed errors are those of every other command.

use std::io::Read;

use anyhow::{Context, Result};
use clap::Args;
use helpscout_mailbox::http::Method;
use serde_json::Value;

use crate::exit;
use crate::session::Session;

/// Arguments of `hs api`.
#[derive(Debug, Args)]
pub struct ApiArgs {
    /// GET, POST, PUT, PATCH or DELETE
    pub method: String,
    /// The path under the base URL, such as /v2/conversations?status=all
    pub path: String,
    /// A JSON body: the JSON itself, @FILE, or - for stdin
    #[arg(long, short = 'd', value_name = "JSON")]
    pub data: Option<String>,
}

/// Runs `hs api`.
pub async fn run(session: &Session, args: ApiArgs) -> Result<()> {
    let method = match args.method.to_ascii_uppercase().as_str() {
        "GET" => Method::GET,
        "POST" => Method::POST,
        "PUT" => Method::PUT,
        "PATCH" => Method::PATCH,
        "DELETE" => Method::DELETE,
        other => {
            return Err(exit::usage(format!(
                "`{other}` is not GET, POST, PUT, PATCH or DELETE"
            )));
        }
    };
    if !args.path.starts_with('/') || args.path.starts_with("//") {
        return Err(exit::usage(
            "the path must start with / (it is appended to the base URL)",
        ));
    }
    let mut request = session.client.api(method, args.path.as_str());
    if let Some(body) = args.data.as_deref().map(read_body).transpose()? {
        request = request.json(&body);
    }
    let response = request.send().await?;
    match response.json::<Value>() {
        // An answer of any shape: JSON unless another machine format is asked for.
        Ok(value) if session.out.format() == crate::output::Format::Table => {
            crate::output::write_stdout(&format!("{}\n", serde_json::to_string_pretty(&value)?))
        }
        Ok(value) => session.out.one(&value),
        Err(_) if response.body().iter().all(u8::is_ascii_whitespace) => {
            match response.created_id() {
                Some(id) => session.out.created("resource", Some(id)),
                None => {
                    session.out.done(&format!("HTTP {}", response.status()));
                    Ok(())
                }
            }
        }
        Err(_) => crate::output::write_stdout(&String::from_utf8_lossy(response.body())),
    }
}

/// The body of `--data`: inline JSON, `@file` or `-` for stdin, checked to be JSON.
fn read_body(data: &str) -> Result<Value> {
    let text = match data {
        "-" => {
            let mut text = String::new();
            std::io::stdin()
                .read_to_string(&mut text)
                .context("cannot read stdin")?;
            text
        }
        file if file.starts_with('@') => std::fs::read_to_string(&file[1..])
            .with_context(|| format!("cannot read {}", &file[1..]))?,
        inline => inline.to_owned(),
    };
    serde_json::from_str::<Value>(&text)
        .map_err(|e| exit::usage(format!("--data is not JSON: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_must_be_json() {
        assert!(read_body("{\"a\":1}").is_ok());
        assert!(read_body("{oops").is_err());
    }
}
