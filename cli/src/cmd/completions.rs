//! `hs completions SHELL`: a completion script, generated from the command definitions.

use anyhow::Result;
use clap::{Args, CommandFactory};
use clap_complete::Shell;

/// Arguments of `hs completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for
    #[arg(value_enum)]
    pub shell: Shell,
}

/// Prints the script on stdout, e.g. `hs completions bash > ~/.local/share/bash-completion/completions/hs`.
pub fn run(args: &CompletionsArgs) -> Result<()> {
    let mut command = crate::cli::Cli::command();
    clap_complete::generate(args.shell, &mut command, "hs", &mut std::io::stdout());
    Ok(())
}
