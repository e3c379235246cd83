//! Poster export timings on the real CNCF landscape: SVG, PDF and an 8,000 px wide PNG,
//! medians of several runs, and each format's peak memory (the process's high-water mark,
//! measured in a child process per format so one format's peak does not hide another's).
//!
//! `cargo bench --bench poster`. Needs the CNCF data at `../shared/landscapes/cncf` (from
//! the repository root) or in `LANDSCAPE_CNCF_DIR`; skips with a message otherwise.
//! Logos are processed once into a warm cache first, as `landscape build` leaves them;
//! the timed part is `export_poster` alone.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use landscape::load::{Inputs, load};
use landscape::logos::{LogoCache, ProcessOptions, process_all};
use landscape::poster::{PosterFormat, PosterOptions, export_poster};

const RUNS: usize = 5;
const FORMAT_VAR: &str = "POSTER_BENCH_FORMAT";
const CACHE_VAR: &str = "POSTER_BENCH_CACHE";

fn main() {
    let Some(cncf) = cncf_dir() else {
        println!("poster bench skipped: no CNCF data (set LANDSCAPE_CNCF_DIR or add ../shared)");
        return;
    };
    if let Ok(format) = std::env::var(FORMAT_VAR) {
        let cache = std::env::var_os(CACHE_VAR).map(PathBuf::from);
        child(&cncf, &format, cache);
        return;
    }
    let cache = tempfile::tempdir().expect("tempdir");
    println!(
        "poster bench on {} ({} threads), {RUNS} runs each",
        cncf.display(),
        rayon::current_num_threads()
    );
    let Ok(exe) = std::env::current_exe() else {
        println!("poster bench: cannot find its own executable");
        return;
    };
    for format in ["warm", "svg", "pdf", "png"] {
        let out = Command::new(&exe)
            .env(FORMAT_VAR, format)
            .env(CACHE_VAR, cache.path())
            .output();
        match out {
            Ok(out) => print!("{}", String::from_utf8_lossy(&out.stdout)),
            Err(e) => println!("{format}: could not run: {e}"),
        }
    }
}

/// One format: load, warm the logo cache, export `RUNS` times, report.
fn child(cncf: &Path, format: &str, cache: Option<PathBuf>) {
    let logos_dir = cncf.join("hosted_logos");
    let mut loaded = load(&Inputs {
        data: cncf.join("landscape.yml"),
        settings: Some(cncf.join("settings.yml")),
        guide: None,
        logos: logos_dir.clone(),
    });
    loaded.data.landscape.place_second_paths();
    let landscape = loaded.data.landscape;
    let settings = loaded.settings;
    let names: Vec<String> = landscape.items.iter().map(|i| i.logo.clone()).collect();
    let logo_cache = cache.as_ref().map(|c| LogoCache::new(c.join("logos")));
    let t = Instant::now();
    let logos: BTreeMap<_, _> = process_all(
        &logos_dir,
        &names,
        |n| ProcessOptions {
            adjust_viewbox: settings.adjust_viewbox(n),
        },
        logo_cache.as_ref(),
        || {},
    )
    .into_iter()
    .filter_map(|(name, logo)| logo.ok().map(|l| (name, l)))
    .collect();
    let processing = t.elapsed();
    if format == "warm" {
        println!(
            "logos: {} items, {} distinct logos processed cold in {:.2}s (later runs read the cache)",
            landscape.items.len(),
            logos.len(),
            processing.as_secs_f64()
        );
        return;
    }

    let mut opts = PosterOptions::new(match format {
        "svg" => PosterFormat::Svg,
        "pdf" => PosterFormat::Pdf,
        _ => PosterFormat::Png,
    });
    if opts.format == PosterFormat::Png {
        opts.width_px = Some(8000);
    }
    opts.base_dir = Some(cncf.to_path_buf());
    opts.cache_dir = cache;
    let mut times = Vec::with_capacity(RUNS);
    let mut last = None;
    let mut first = Duration::ZERO;
    for run in 0..=RUNS {
        let t = Instant::now();
        let poster = export_poster(&landscape, &settings, &logos, &opts);
        let elapsed = t.elapsed();
        match poster {
            Ok(p) => last = Some(p),
            Err(e) => {
                println!("{format}: export failed: {e}");
                return;
            }
        }
        // The first run also meets a cold header-logo fetch; it is reported apart.
        if run == 0 {
            first = elapsed;
        } else {
            times.push(elapsed);
        }
    }
    times.sort();
    let Some(poster) = last else { return };
    println!(
        "{format:>4}: median {:.2}s (min {:.2}s, max {:.2}s; first run {:.2}s), {:.1} MB, {}×{}, \
         peak memory {} MB (logos read from the cache in {:.2}s)",
        times[RUNS / 2].as_secs_f64(),
        times[0].as_secs_f64(),
        times[RUNS - 1].as_secs_f64(),
        first.as_secs_f64(),
        poster.bytes.len() as f64 / 1e6,
        poster.width.round(),
        poster.height.round(),
        peak_rss_mb().map_or("?".to_string(), |m| m.to_string()),
        processing.as_secs_f64(),
    );
    for w in &poster.warnings {
        println!("      warning: {w}");
    }
}

/// This process's peak resident memory in MB (Linux `VmHWM`).
fn peak_rss_mb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024)
}

fn cncf_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("LANDSCAPE_CNCF_DIR").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/landscapes/cncf"),
        PathBuf::from,
    );
    dir.join("landscape.yml").is_file().then_some(dir)
}
