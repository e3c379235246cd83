//! Running the `landscape` binary.

use std::path::Path;
use std::process::{Command, Output};

/// Runs the `landscape` binary in `dir` with `args` and a clean, known environment.
pub fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_landscape"))
        .args(args)
        .current_dir(dir)
        .env_remove("GITHUB_TOKEN")
        .env_remove("GITHUB_TOKENS")
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
