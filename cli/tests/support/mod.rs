//! One simulator per test, served from a runtime the test keeps, and the real `hs` binary
//! pointed at it through the environment, so that several commands share its state.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use helpscout_mailbox_simulator::{RunningSimulator, SimulatorBuilder, SimulatorState};

/// A running simulator and a private config directory for `hs`.
pub struct Sim {
    runtime: tokio::runtime::Runtime,
    simulator: Option<RunningSimulator>,
    pub config: tempfile::TempDir,
}

impl Sim {
    /// Starts the default seeded account.
    pub fn start() -> Self {
        Self::with(helpscout_mailbox_simulator::Simulator::builder())
    }

    /// Starts the simulator `builder` describes.
    pub fn with(builder: SimulatorBuilder) -> Self {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("runtime");
        let simulator = runtime.block_on(builder.start()).expect("simulator");
        Self {
            runtime,
            simulator: Some(simulator),
            config: tempfile::tempdir().expect("temp dir"),
        }
    }

    fn simulator(&self) -> &RunningSimulator {
        self.simulator.as_ref().expect("running")
    }

    /// The simulator's state, for checks across commands.
    pub fn state(&self) -> SimulatorState {
        self.simulator().state()
    }

    pub fn base_url(&self) -> String {
        self.simulator().base_url().to_owned()
    }

    pub fn app_id(&self) -> String {
        self.simulator().app_id().to_owned()
    }

    pub fn app_secret(&self) -> String {
        self.simulator().app_secret().to_owned()
    }

    /// `hs` against this simulator with its app credentials in the environment.
    pub fn hs(&self) -> Command {
        let mut command = self.bare();
        command
            .env("HELPSCOUT_APP_ID", self.app_id())
            .env("HELPSCOUT_APP_SECRET", self.app_secret());
        command
    }

    /// `hs` against this simulator with no app credentials in the environment (the stored
    /// ones, if any, apply).
    pub fn bare(&self) -> Command {
        let mut command = hs();
        command
            .env("HELPSCOUT_BASE_URL", self.base_url())
            .env("HS_CONFIG_DIR", self.config.path());
        command
    }

    /// `hs` as a `std` command (for spawning and talking to it while it runs), with this
    /// simulator and its app credentials in the environment.
    pub fn spawnable(&self) -> std::process::Command {
        let mut command = std::process::Command::new(assert_cmd::cargo::cargo_bin!("hs"));
        for var in [
            "HELPSCOUT_APP_ID",
            "HELPSCOUT_APP_SECRET",
            "HELPSCOUT_BASE_URL",
            "HS_CONFIG_DIR",
            "HS_WEBHOOK_SECRET",
        ] {
            command.env_remove(var);
        }
        command
            .env("NO_COLOR", "1")
            .env("HELPSCOUT_BASE_URL", self.base_url())
            .env("HS_CONFIG_DIR", self.config.path())
            .env("HELPSCOUT_APP_ID", self.app_id())
            .env("HELPSCOUT_APP_SECRET", self.app_secret());
        command
    }

    /// The credentials file of the config directory.
    pub fn credentials_file(&self) -> PathBuf {
        self.config.path().join("credentials.json")
    }

    /// A client of the crate for this simulator, for changes made behind `hs`'s back.
    pub fn client(&self) -> helpscout_mailbox::Client {
        self.simulator().client_builder().build().expect("client")
    }

    /// Runs a future on the simulator's runtime.
    pub fn block_on<F: std::future::Future>(&self, future: F) -> F::Output {
        self.runtime.block_on(future)
    }
}

impl Drop for Sim {
    fn drop(&mut self) {
        if let Some(simulator) = self.simulator.take() {
            self.runtime.block_on(simulator.shutdown());
        }
    }
}

/// The `hs` binary with a clean environment: no credentials, no colour, a config directory
/// that does not exist unless a test sets one.
pub fn hs() -> Command {
    let mut command = Command::cargo_bin("hs").expect("the hs binary");
    for var in [
        "HELPSCOUT_APP_ID",
        "HELPSCOUT_APP_SECRET",
        "HELPSCOUT_BASE_URL",
        "HS_CONFIG_DIR",
        "HS_WEBHOOK_SECRET",
    ] {
        command.env_remove(var);
    }
    command
        .env("NO_COLOR", "1")
        .env("HS_CONFIG_DIR", "/nonexistent/hs-test-config")
        .timeout(std::time::Duration::from_secs(120));
    command
}

/// The stdout of a successful run, parsed as JSON.
pub fn json(command: &mut Command) -> serde_json::Value {
    let output = command.output().expect("run hs");
    assert!(
        output.status.success(),
        "hs failed with {:?}: {}",
        output.status.code(),
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}): {}",
            String::from_utf8_lossy(&output.stdout)
        )
    })
}

/// The JSON lines of a file or of stdout.
pub fn json_lines(text: &str) -> Vec<serde_json::Value> {
    text.lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("not JSON ({e}): {line}")))
        .collect()
}

/// Reads a file as text.
pub fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}
