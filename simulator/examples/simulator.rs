//! Runs the Help Scout simulator as a standalone server on loopback until Ctrl-C.
//!
//! ```sh
//! cargo run -p helpscout-mailbox-simulator --example simulator              # any free port
//! cargo run -p helpscout-mailbox-simulator --example simulator -- 8080      # port 8080
//! cargo run -p helpscout-mailbox-simulator --example simulator -- 8080 5000 # and 5000 conversations
//! ```
//!
//! The port and the number of conversations can also come from `HELPSCOUT_SIMULATOR_PORT`
//! and `HELPSCOUT_SIMULATOR_CONVERSATIONS`; the seed from `HELPSCOUT_SIMULATOR_SEED`.

use std::env;
use std::error::Error;

use helpscout_mailbox_simulator::Simulator;

/// The `n`th command-line argument, else the environment variable, else `default`.
fn setting<T: std::str::FromStr>(n: usize, var: &str, default: T) -> Result<T, Box<dyn Error>> {
    match env::args().nth(n).or_else(|| env::var(var).ok()) {
        Some(text) => text
            .parse()
            .map_err(|_| format!("`{text}` is not a valid value for {var}").into()),
        None => Ok(default),
    }
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    let port: u16 = setting(1, "HELPSCOUT_SIMULATOR_PORT", 0)?;
    let conversations: usize = setting(2, "HELPSCOUT_SIMULATOR_CONVERSATIONS", 250)?;
    let seed: u64 = setting(3, "HELPSCOUT_SIMULATOR_SEED", 1)?;

    let sim = Simulator::builder()
        .port(port)
        .conversations(conversations)
        .seed(seed)
        .start()
        .await?;
    let counts = sim.state().counts();
    println!("Help Scout simulator listening on {}", sim.base_url());
    println!("  App ID:     {}", sim.app_id());
    println!("  App Secret: {}", sim.app_secret());
    println!(
        "  seeded {} conversations ({} threads), {} customers, {} mailboxes in {:?}",
        counts.conversations,
        counts.threads,
        counts.customers,
        counts.mailboxes,
        sim.seed_duration()
    );
    println!();
    println!("Try:");
    println!(
        "  curl -s -d grant_type=client_credentials -d client_id={} -d client_secret={} {}/v2/oauth2/token",
        sim.app_id(),
        sim.app_secret(),
        sim.base_url()
    );
    println!(
        "  curl -s -H \"Authorization: Bearer $TOKEN\" {}/v2/conversations",
        sim.base_url()
    );
    println!();
    println!("Ctrl-C stops it.");

    tokio::signal::ctrl_c().await?;
    sim.shutdown().await;
    Ok(())
}
