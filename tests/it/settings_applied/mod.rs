//! Settings that change what a built site holds: `enduser` and `tags` rules on the items,
//! analytics and consent snippets, social meta tags, the message of the day and the event
//! banner, the members' stats, the organization of projects, featured labels, page titles
//! and the projects summary page. Built from `tests/fixtures/compat` and variants of its
//! settings.

mod pages;
mod projects;
mod rules;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use landscape::diagnostics::Report;
use landscape::site;

use crate::support::copy_dir;
use crate::support::site::options;

/// The compat fixture (`tests/fixtures/compat`).
fn compat() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/compat")
}

/// A writable copy of the compat fixture in `dir/data`, `extra` appended to its settings.
fn compat_with(dir: &Path, extra: &str) -> PathBuf {
    let data = dir.join("data");
    copy_dir(&compat(), &data);
    let settings = data.join("settings.yml");
    let mut text = std::fs::read_to_string(&settings).expect("settings");
    text.push_str(extra);
    std::fs::write(settings, text).expect("write settings");
    data
}

/// A built site: its directory and the build's report.
struct Built {
    _tmp: tempfile::TempDir,
    out: PathBuf,
    report: Report,
}

impl Built {
    /// The text of `path` in the site.
    fn read(&self, path: &str) -> String {
        let file = self.out.join(path);
        std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()))
    }

    /// The `<head>` of the page at `path`.
    fn head(&self, path: &str) -> String {
        let page = self.read(path);
        page[..page.find("</head>").expect("a head")].to_string()
    }
}

/// Builds the compat fixture with `extra` settings for the day `today` (`YYYY-MM-DD`);
/// `files` are written beside the data first (name, bytes). Errors (unsafe settings
/// values) do not stop the build: the tests check what the site holds without them.
fn build_on(extra: &str, today: &str, files: &[(&str, &[u8])]) -> Built {
    let tmp = tempfile::tempdir().expect("temp dir");
    let data = compat_with(tmp.path(), extra);
    for (name, bytes) in files {
        std::fs::write(data.join(name), bytes).expect("write file");
    }
    let out = tmp.path().join("site");
    let mut opts = options(&data, &out);
    opts.keep_going = true;
    opts.today = Some(NaiveDate::parse_from_str(today, "%Y-%m-%d").expect("a date"));
    let outcome = site::build(&opts).unwrap_or_else(|e| panic!("the compat site builds: {e}"));
    Built {
        _tmp: tmp,
        out,
        report: outcome.report,
    }
}

/// Builds the compat fixture with `extra` settings.
fn build(extra: &str) -> Built {
    build_on(extra, "2026-01-15", &[])
}

/// The build's problems (errors and warnings) about `field`.
fn problems_on(report: &Report, field: &str) -> Vec<String> {
    (report.diagnostics.iter())
        .filter(|d| d.field.as_deref() == Some(field))
        .map(|d| format!("{}:{} {}", d.file, d.line, d.message))
        .collect()
}
