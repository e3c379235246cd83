//! `landscape serve --watch` as a child process, for the live-reload test and bench.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

/// A running `landscape serve --watch`; killed when dropped.
pub struct Watching {
    child: Child,
    /// `http://127.0.0.1:PORT<base path>` (no trailing slash).
    pub base: String,
}

impl Watching {
    /// Serves the landscape whose data file is `data` into `out`, offline (no network, the
    /// cache in `cache`), with `extra` arguments, once its first build is done.
    pub fn start(data: &Path, out: &Path, cache: &Path, extra: &[&str]) -> Watching {
        let mut child = Command::new(env!("CARGO_BIN_EXE_landscape"))
            .env_remove("GITHUB_TOKEN")
            .env_remove("GITHUB_TOKENS")
            .env_remove("CRUNCHBASE_API_KEY")
            .args(["serve", "--watch", "--offline", "--addr", "127.0.0.1:0"])
            .arg("--data")
            .arg(data)
            .arg("--out")
            .arg(out)
            .arg("--cache")
            .arg(cache)
            .args(extra)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("landscape serve starts");
        let mut lines = BufReader::new(child.stderr.take().expect("stderr")).lines();
        let base = lines.by_ref().map_while(Result::ok).find_map(|l| {
            let rest = l.strip_prefix("Serving ")?.split(" at http://").nth(1)?;
            let url = rest.split_whitespace().next()?;
            Some(format!("http://{}", url.trim_end_matches('/')))
        });
        let Some(base) = base else {
            let _ = child.kill();
            let _ = child.wait();
            panic!("landscape serve --watch did not start serving");
        };
        // Drain stderr so the child never blocks on a full pipe.
        std::thread::spawn(move || for _ in lines {});
        Watching { child, base }
    }
}

impl Drop for Watching {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
