//! Logo stage timings on the real CNCF landscape (medians of several runs), plus a sweep
//! that reports every logo that fails or falls back, and proves no output carries script.
//!
//! `cargo bench --bench logos`. Needs the CNCF data at `../shared/landscapes/cncf` (from
//! the repository root) or in `LANDSCAPE_CNCF_DIR`; skips with a message otherwise.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use landscape::logos::{LogoCache, ProcessOptions, check_all, process_all};

const RUNS: usize = 5;

fn main() {
    let Some(cncf) = cncf_dir() else {
        println!("logos bench skipped: no CNCF data (set LANDSCAPE_CNCF_DIR or add ../shared)");
        return;
    };
    let logos_dir = cncf.join("hosted_logos");
    let referenced = referenced_logos(&cncf.join("landscape.yml"));
    let mut every_file: Vec<String> = std::fs::read_dir(&logos_dir)
        .map(|d| {
            d.filter_map(|e| e.ok()?.file_name().into_string().ok())
                .collect()
        })
        .unwrap_or_default();
    every_file.sort();
    let exclude = viewbox_excludes(&cncf.join("settings.yml"));
    let opts_for = |name: &str| ProcessOptions {
        adjust_viewbox: !exclude.iter().any(|e| e == name),
    };
    println!(
        "logos bench: {} referenced in landscape.yml, {} files in hosted_logos, {} threads",
        referenced.len(),
        every_file.len(),
        rayon::current_num_threads()
    );

    for (label, names) in [("referenced", &referenced), ("all files", &every_file)] {
        let check = median(RUNS, || {
            let t = Instant::now();
            let problems = check_all(&logos_dir, names, None);
            std::hint::black_box(problems);
            t.elapsed()
        });
        let cold = median(3, || {
            let dir = tempfile::tempdir().expect("tempdir");
            let cache = LogoCache::new(dir.path().to_path_buf());
            let t = Instant::now();
            let out = process_all(&logos_dir, names, opts_for, Some(&cache), || {});
            let elapsed = t.elapsed();
            std::hint::black_box(out);
            elapsed
        });
        let dir = tempfile::tempdir().expect("tempdir");
        let cache = LogoCache::new(dir.path().to_path_buf());
        process_all(&logos_dir, names, opts_for, Some(&cache), || {});
        let warm = median(RUNS, || {
            let t = Instant::now();
            let out = process_all(&logos_dir, names, opts_for, Some(&cache), || {});
            let elapsed = t.elapsed();
            std::hint::black_box(out);
            elapsed
        });
        check_all(&logos_dir, names, Some(&cache));
        let check_warm = median(RUNS, || {
            let t = Instant::now();
            std::hint::black_box(check_all(&logos_dir, names, Some(&cache)));
            t.elapsed()
        });
        println!(
            "{label:>10} ({} logos): check_all {:.3}s (cached {:.3}s), process_all cold {:.3}s, warm {:.3}s",
            names.len(),
            check.as_secs_f64(),
            check_warm.as_secs_f64(),
            cold.as_secs_f64(),
            warm.as_secs_f64()
        );
    }
    sweep(&logos_dir, &every_file, &opts_for);
}

/// Processes every file once and reports failures, fallbacks and forbidden content.
fn sweep(logos_dir: &Path, names: &[String], opts_for: &(impl Fn(&str) -> ProcessOptions + Sync)) {
    let results = process_all(logos_dir, names, opts_for, None, || {});
    let problems = check_all(logos_dir, names, None);
    let mut failures = BTreeMap::new();
    let mut warnings = BTreeMap::new();
    let mut forbidden = Vec::new();
    let (mut bytes_in, mut bytes_out) = (0usize, 0usize);
    for (name, result) in &results {
        match result {
            Err(p) => {
                failures.insert(name.clone(), p.to_string());
            }
            Ok(logo) => {
                bytes_in += std::fs::metadata(logos_dir.join(name)).map_or(0, |m| m.len() as usize);
                bytes_out += logo.bytes.len();
                if let Some(w) = &logo.warning {
                    warnings.insert(name.clone(), w.clone());
                }
                let text = String::from_utf8_lossy(&logo.bytes).to_ascii_lowercase();
                for needle in [
                    "<script",
                    "foreignobject",
                    "javascript:",
                    "<!doctype",
                    "<!entity",
                    "@import",
                    "http://",
                    "https://",
                ] {
                    // Namespace URIs are the only URLs allowed to remain.
                    let hits = text.matches(needle).count();
                    let namespaces = if needle.starts_with("http") {
                        text.matches("http://www.w3.org/").count()
                    } else {
                        0
                    };
                    if hits > namespaces {
                        forbidden.push(format!("{name}: {needle}"));
                    }
                }
                if has_event_attribute(&text) {
                    forbidden.push(format!("{name}: on* attribute"));
                }
            }
        }
    }
    println!(
        "sweep: {} processed, {} failed, {} with warnings; check_all reports {} problems; \
         {:.1} MB in, {:.1} MB out",
        results.len(),
        failures.len(),
        warnings.len(),
        problems.len(),
        bytes_in as f64 / 1e6,
        bytes_out as f64 / 1e6
    );
    for (name, why) in &failures {
        println!("  FAILED  {name}: {why}");
    }
    for (name, why) in &warnings {
        println!("  WARNING {name}: {why}");
    }
    println!("forbidden content in outputs: {}", forbidden.len());
    for f in &forbidden {
        println!("  {f}");
    }
}

/// ` on<letters>=` anywhere in a tag.
fn has_event_attribute(text: &str) -> bool {
    text.match_indices(" on").any(|(i, _)| {
        let rest = &text[i + 3..];
        let letters = rest.bytes().take_while(u8::is_ascii_alphabetic).count();
        letters > 0 && rest[letters..].starts_with('=')
    })
}

fn median(runs: usize, mut f: impl FnMut() -> Duration) -> Duration {
    f(); // warm the page cache and the thread pool
    let mut times: Vec<Duration> = (0..runs).map(|_| f()).collect();
    times.sort();
    times[runs / 2]
}

fn cncf_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("LANDSCAPE_CNCF_DIR").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/landscapes/cncf"),
        PathBuf::from,
    );
    dir.join("hosted_logos").is_dir().then_some(dir)
}

/// `logo:` values of landscape.yml, read line by line (the YAML loader is another stage).
fn referenced_logos(landscape_yml: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(landscape_yml).unwrap_or_default();
    let mut names: Vec<String> = text
        .lines()
        .filter_map(|l| l.trim().strip_prefix("logo:"))
        .map(|v| v.trim().trim_matches(['"', '\'']).to_string())
        .filter(|v| !v.is_empty())
        .collect();
    names.sort();
    names.dedup();
    names
}

/// settings.yml `logos_viewbox.exclude`, read line by line.
fn viewbox_excludes(settings_yml: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(settings_yml).unwrap_or_default();
    let mut lines = text
        .lines()
        .skip_while(|l| !l.starts_with("logos_viewbox:"));
    lines.next();
    lines
        .take_while(|l| l.starts_with(' ') || l.is_empty())
        .filter_map(|l| l.trim().strip_prefix("- "))
        .map(|v| v.trim().to_string())
        .collect()
}
