//! `landscape diff` on the real CNCF landscape: a one-item change (Kubernetes' description,
//! an item listed in three subcategories) diffed with previews, as a pull request's CI job
//! runs it, twice: with the base's files beside the head, and with the base at a git
//! revision of a repository holding the landscape (`--base HEAD`). Reports the first run
//! (cold logo cache) and the median of the warm runs of each.
//!
//! `cargo bench --bench diff [-- RUNS]` (default 5 warm runs). Needs the CNCF data at
//! `../shared/landscapes/cncf` (from the repository root) or in `LANDSCAPE_CNCF_DIR`; skips
//! with a message otherwise.

use std::path::{Path, PathBuf};
use std::time::Instant;

use landscape::diff::{BaseSpec, DiffOptions, run};
use landscape::load::Inputs;

fn cncf_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("LANDSCAPE_CNCF_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/landscapes/cncf"));
    dir.join("landscape.yml").is_file().then_some(dir)
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    let runs: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(5)
        .max(1);
    let Some(cncf) = cncf_dir() else {
        println!("diff bench skipped: no CNCF data (set LANDSCAPE_CNCF_DIR or add ../shared)");
        return;
    };
    let work = tempfile::tempdir().expect("tempdir");
    let head = work.path().join("head");
    std::fs::create_dir_all(&head).expect("head dir");
    let text = std::fs::read_to_string(cncf.join("landscape.yml")).expect("landscape.yml");
    let from = "description: Kubernetes is an open-source system for automating deployment";
    assert_eq!(text.matches(from).count(), 1, "the CNCF data changed");
    std::fs::write(
        head.join("landscape.yml"),
        text.replace(from, "description: Kubernetes automates deployment"),
    )
    .expect("head data");
    let base = Inputs::beside(cncf.join("landscape.yml"));
    let opts = DiffOptions {
        head: Inputs {
            data: head.join("landscape.yml"),
            ..base.clone()
        },
        base: BaseSpec::Files(base),
        cache: Some(work.path().join("cache")),
        preview: Some(work.path().join("previews")),
    };
    println!(
        "diff bench on {} ({} threads): one edited item with previews",
        cncf.display(),
        rayon::current_num_threads()
    );
    measure("base files beside the head", &opts, runs);

    // The same change in a git repository, diffed against its last commit as a pull
    // request's job does (`--base origin/main`): the base is read from git objects.
    let repo = work.path().join("repo");
    std::fs::create_dir_all(&repo).expect("repo dir");
    for name in ["settings.yml", "guide.yml"] {
        std::fs::copy(cncf.join(name), repo.join(name)).expect("copy input");
    }
    std::fs::write(repo.join("landscape.yml"), &text).expect("base data");
    copy_dir(&cncf.join("hosted_logos"), &repo.join("hosted_logos"));
    let git = |args: &[&str]| {
        let ok = std::process::Command::new("git")
            .args([
                "-c",
                "user.name=bench",
                "-c",
                "user.email=bench@example.org",
            ])
            .args(args)
            .current_dir(&repo)
            .output()
            .is_ok_and(|o| o.status.success());
        assert!(ok, "git {args:?}");
    };
    git(&["init", "-q"]);
    git(&["add", "-A"]);
    git(&["commit", "-q", "-m", "base"]);
    std::fs::copy(head.join("landscape.yml"), repo.join("landscape.yml")).expect("head data");
    let opts = DiffOptions {
        head: Inputs::beside(repo.join("landscape.yml")),
        base: BaseSpec::Git("HEAD".into()),
        cache: Some(work.path().join("cache-git")),
        preview: Some(work.path().join("previews-git")),
    };
    measure("base at a git revision", &opts, runs);
}

/// Runs the diff once with a cold logo cache, then `runs` times warm; prints the median.
fn measure(label: &str, opts: &DiffOptions, runs: usize) {
    println!("{label}:");
    let mut times = Vec::new();
    for run_no in 0..=runs {
        let started = Instant::now();
        let report = run(opts).expect("the diff runs");
        let secs = started.elapsed().as_secs_f64();
        assert_eq!(report.summary.edited, 1);
        let previews = report.previews.expect("previews");
        assert_eq!(previews.subcategories.len(), 3);
        if run_no == 0 {
            println!("  cold cache: {secs:.3}s");
        } else {
            println!("  warm run {run_no}: {secs:.3}s");
            times.push(secs);
        }
    }
    times.sort_by(f64::total_cmp);
    println!(
        "  median of {runs} warm runs: {:.3}s (min {:.3}s, max {:.3}s)",
        median(times.clone()),
        times[0],
        times[times.len() - 1]
    );
}

/// Copies a directory of files (the logos) recursively.
fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create dir");
    for entry in std::fs::read_dir(from).expect("read dir") {
        let entry = entry.expect("dir entry");
        let path = entry.path();
        if path.is_dir() {
            copy_dir(&path, &to.join(entry.file_name()));
        } else {
            std::fs::copy(&path, to.join(entry.file_name())).expect("copy logo");
        }
    }
}
