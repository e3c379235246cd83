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
        "logos bench: {} referenced in landscape.yml, {} files in hosted_logos, {} threads, \
         load average {}",
        referenced.len(),
        every_file.len(),
        rayon::current_num_threads(),
        std::fs::read_to_string("/proc/loadavg")
            .unwrap_or_default()
            .trim()
    );

    for (label, names) in [("referenced", &referenced), ("all files", &every_file)] {
        let check = median(RUNS, || {
            let t = Instant::now();
            let problems = check_all(&logos_dir, names, None);
            std::hint::black_box(problems);
            t.elapsed()
        });
        let compute = median(3, || {
            let t = Instant::now();
            let out = process_all(&logos_dir, names, opts_for, None, || {});
            let elapsed = t.elapsed();
            std::hint::black_box(out);
            elapsed
        });
        let cold = median(3, || {
            let dir = cache_root();
            let cache = LogoCache::new(dir.path().to_path_buf());
            let t = Instant::now();
            let out = process_all(&logos_dir, names, opts_for, Some(&cache), || {});
            let elapsed = t.elapsed();
            std::hint::black_box(out);
            elapsed
        });
        let dir = cache_root();
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
            "{label:>10} ({} logos): check_all {check} | check_all with warm cache \
             {check_warm} | process_all without cache {compute} | cold (empty cache) {cold} \
             | warm {warm}",
            names.len(),
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
                bytes_out += logo.bytes().unwrap().len();
                if let Some(w) = &logo.warning {
                    warnings.insert(name.clone(), w.clone());
                }
                let text = String::from_utf8_lossy(&logo.bytes().unwrap()).to_ascii_lowercase();
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

/// Median wall time of `runs` runs (after one warm-up run), and the median CPU time the
/// process used per run: on a shared machine the CPU time shows what contention hides.
fn median(runs: usize, mut f: impl FnMut() -> Duration) -> Timing {
    f(); // warm the page cache and the thread pool
    let mut walls = Vec::with_capacity(runs);
    let mut cpus = Vec::with_capacity(runs);
    for _ in 0..runs {
        let cpu = cpu_seconds();
        walls.push(f());
        cpus.push(cpu_seconds() - cpu);
    }
    walls.sort();
    cpus.sort_by(f64::total_cmp);
    Timing {
        wall: walls[runs / 2].as_secs_f64(),
        cpu: cpus[runs / 2],
    }
}

struct Timing {
    wall: f64,
    cpu: f64,
}

impl std::fmt::Display for Timing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:.3}s (cpu {:.2}s)", self.wall, self.cpu)
    }
}

/// User + system CPU time of this process so far, from /proc (0 where unavailable).
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the parenthesised command name; utime and stime are the 12th and 13th.
    let after = stat.rsplit(')').next().unwrap_or("");
    let fields: Vec<&str> = after.split_whitespace().collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|v| v.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    (ticks(11) + ticks(12)) / 100.0
}

/// A fresh cache directory, in `LOGOS_BENCH_CACHE_DIR` if set: creating files costs very
/// different amounts on different disks, and the cold run creates one per logo.
fn cache_root() -> tempfile::TempDir {
    match std::env::var_os("LOGOS_BENCH_CACHE_DIR") {
        Some(dir) => tempfile::tempdir_in(dir),
        None => tempfile::tempdir(),
    }
    .expect("cache tempdir")
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
