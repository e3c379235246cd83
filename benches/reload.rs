//! Live reload on the real CNCF snapshot: from saving `landscape.yml` to the reloaded page
//! in headless Chromium, with `landscape serve --watch` (this profile's binary) on a copy of
//! the snapshot.
//!
//! Each round changes one item's description, then reads, from the browser's own clock
//! (the new page's navigation timing, in epoch milliseconds, on the same machine as the
//! save), when the new page started loading, when it was parsed with its deferred scripts
//! run (DOMContentLoaded) and when the explorer had drawn its first view. The time to the
//! start of the navigation is the watcher's quiet time plus the rebuild.
//!
//! `cargo bench --bench reload`. Skips with a reason when the snapshot (`../shared/landscapes/cncf`,
//! or `LANDSCAPE_CNCF_DIR`) or the browser is missing.

#[path = "support/cncf_browser.rs"]
mod cncf_browser;
#[allow(dead_code)]
#[path = "../tests/it/browser/harness.rs"]
mod harness;
#[path = "../tests/it/browser/watching.rs"]
mod watching;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use fantoccini::Client;
use serde_json::{Value, json};

const ROUNDS: usize = 9;
/// The target from the issue.
const TARGET_MS: f64 = 1000.0;

fn main() {
    let Some((cncf, tools)) = cncf_browser::inputs() else {
        return;
    };
    let work = tempfile::tempdir().expect("temp dir");
    let data = work.path().join("cncf");
    copy_dir(&cncf, &data);
    let started = Instant::now();
    let serve = watching::Watching::start(
        &data.join("landscape.yml"),
        &work.path().join("site"),
        &work.path().join("cache"),
        &["--keep-going"],
    );
    println!("first build and serve: {:.1?}", started.elapsed());
    let base = serve.base.clone();
    let file = data.join("landscape.yml");
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async move {
        let browser = harness::Browser::start(tools).await;
        browser.run(move |c| measure(c, base, file)).await;
    });
    drop(serve);
}

/// Marks the explorer's first view in the page's timeline, then waits until the live-reload
/// stream is open.
const READY: &str = "const done = () => document.getElementById('explorer')?.classList.contains('ready');
  if (done() && window.readyAt === undefined) window.readyAt = performance.timeOrigin + performance.now();
  return done() && document.documentElement.dataset.liveReload === 'on'";

async fn measure(c: Client, base: String, file: PathBuf) {
    c.goto(&format!("{base}/"))
        .await
        .expect("open the landscape");
    wait(&c, READY).await;
    let original = std::fs::read_to_string(&file).expect("landscape.yml");
    let needle = "description: ";
    let at = original
        .find(needle)
        .expect("a description in landscape.yml")
        + needle.len();
    let (mut navigation, mut parsed, mut ready) = (Vec::new(), Vec::new(), Vec::new());
    for round in 0..ROUNDS {
        c.execute("window.before = true", vec![])
            .await
            .expect("mark");
        let text = format!(
            "{}Reload round {round}. {}",
            &original[..at],
            &original[at..]
        );
        let saved = epoch_ms();
        std::fs::write(&file, text).expect("save landscape.yml");
        // The mark is gone once the new page has replaced the old one.
        wait(
            &c,
            "return !window.before && document.readyState !== 'loading'",
        )
        .await;
        wait(&c, READY).await;
        let times = c
            .execute(
                "const n = performance.getEntriesByType('navigation')[0];
                 return [performance.timeOrigin, performance.timeOrigin + n.domContentLoadedEventEnd, window.readyAt]",
                vec![],
            )
            .await
            .expect("navigation timing");
        let at = |k: usize| times[k].as_f64().expect("a time") - saved;
        navigation.push(at(0));
        parsed.push(at(1));
        ready.push(at(2));
    }
    std::fs::write(&file, original).expect("restore landscape.yml");
    println!("save -> reload, {ROUNDS} rounds (ms; median, min-max):");
    report("navigation starts (quiet time + rebuild)", navigation);
    report("page parsed, scripts run (DOMContentLoaded)", parsed);
    report("explorer's first view drawn", ready);
}

fn report(what: &str, mut ms: Vec<f64>) {
    ms.sort_by(f64::total_cmp);
    let median = ms[ms.len() / 2];
    let max = ms[ms.len() - 1];
    println!(
        "  {what:<46} median {median:>6.0}  ({:.0}-{max:.0}){}",
        ms[0],
        if what.starts_with("explorer") {
            format!(
                "  target {TARGET_MS:.0}: {}",
                if median < TARGET_MS { "met" } else { "MISSED" }
            )
        } else {
            String::new()
        }
    );
}

async fn wait(c: &Client, script: &str) {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let v = c.execute(script, vec![]).await.unwrap_or(Value::Null);
        if v == json!(true) {
            return;
        }
        assert!(Instant::now() < deadline, "timed out waiting for: {script}");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

fn epoch_ms() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock after 1970")
        .as_secs_f64()
        * 1000.0
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk the snapshot");
        let target = to.join(entry.path().strip_prefix(from).expect("inside"));
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(target).expect("mkdir");
        } else {
            std::fs::copy(entry.path(), target).expect("copy");
        }
    }
}
