//! Running the `landscape` binary.

use std::path::Path;
use std::process::{Command, Output};

/// A port on 127.0.0.1 where nothing listens (the discard port): a service pointed there
/// refuses the connection at once, so no test reaches the internet.
pub const CLOSED: &str = "http://127.0.0.1:9";

/// The variables naming the services a build may ask (organizations, CLOMonitor), each
/// pointed at [`CLOSED`] unless a test gives its own.
pub const SERVICE_URLS: &[&str] = &[
    "WIKIDATA_SPARQL_URL",
    "CRUNCHBASE_API_URL",
    "CLOMONITOR_API_URL",
];

/// The `landscape` binary with a clean, known environment: no tokens or keys, and every
/// service URL at [`CLOSED`].
pub fn command() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_landscape"));
    command
        .env_remove("GITHUB_TOKEN")
        .env_remove("GITHUB_TOKENS")
        .env_remove("CRUNCHBASE_API_KEY");
    for name in SERVICE_URLS {
        command.env(name, CLOSED);
    }
    command
}

/// Runs the `landscape` binary in `dir` with `args` and a clean, known environment.
pub fn run(dir: &Path, args: &[&str]) -> Output {
    run_with(dir, args, &[])
}

/// [`run`] with `env` set on top (a fake service's URL, a key).
pub fn run_with(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    command()
        .current_dir(dir)
        .args(args)
        .envs(env.iter().copied())
        .output()
        .expect("the landscape binary runs")
}

/// Stdout and stderr of a run, as text.
pub fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}
