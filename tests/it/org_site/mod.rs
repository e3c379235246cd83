//! The organization side of the site, built end to end: the organizations fixture
//! (`tests/fixtures/orgs`) built with organization data from a fake Wikidata or a fake
//! Crunchbase on 127.0.0.1, then the bytes on disk: item pages, the explorer index, the
//! stats and finances pages, items.csv.

mod fake_crunchbase;
mod items_csv;
mod pages;

use std::path::{Path, PathBuf};

use landscape::enrich::OrgSource;
use landscape::load::Inputs;
use landscape::site::{BuildOptions, build};

use crate::support::fake_wikidata::FakeWikidata;
pub use fake_crunchbase::FakeCrunchbase;

/// A built site and the directory holding it.
pub struct Built {
    pub dir: tempfile::TempDir,
}

impl Built {
    /// The site's directory.
    pub fn root(&self) -> PathBuf {
        self.dir.path().join("site")
    }

    /// A file of the site as text.
    pub fn read(&self, path: &str) -> String {
        std::fs::read_to_string(self.root().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    /// The explorer index (`data/explorer.<hash>.json`) as JSON.
    pub fn explorer(&self) -> serde_json::Value {
        let data = self.root().join("data");
        let file = (std::fs::read_dir(&data).expect("data/").flatten())
            .map(|e| e.path())
            .find(|p| {
                let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
                name.starts_with("explorer.") && name.ends_with(".json")
            })
            .expect("the explorer index");
        serde_json::from_slice(&std::fs::read(file).expect("index read")).expect("JSON")
    }
}

/// Which organization source a build uses.
pub enum Source<'a> {
    None,
    Wikidata(&'a FakeWikidata),
    Crunchbase(&'a FakeCrunchbase),
}

/// Builds the organizations fixture (with `settings` appended to its settings.yml) into a
/// temporary directory, organization data from `source`.
pub async fn build_fixture(source: Source<'_>, settings: &str) -> Built {
    let dir = tempfile::tempdir().expect("temp dir");
    let data = dir.path().join("data");
    crate::support::copy_dir(&crate::orgs::fixture(), &data);
    if !settings.is_empty() {
        let path = data.join("settings.yml");
        let text = std::fs::read_to_string(&path).expect("settings.yml");
        std::fs::write(&path, format!("{text}\n{settings}\n")).expect("settings written");
    }
    let cache = dir.path().join("cache");
    let orgs = match source {
        Source::None => None,
        Source::Wikidata(fake) => {
            let url = fake.sparql_url();
            let env = [("WIKIDATA_SPARQL_URL", url.as_str())];
            Some(crate::orgs::options(OrgSource::Wikidata, &env, &cache))
        }
        Source::Crunchbase(fake) => {
            let url = fake.api_url();
            let env = [
                ("CRUNCHBASE_API_URL", url.as_str()),
                ("CRUNCHBASE_API_KEY", "cb-test-key"),
            ];
            Some(crate::orgs::options(OrgSource::Crunchbase, &env, &cache))
        }
    };
    let out = dir.path().join("site");
    let mut opts = BuildOptions::new(Inputs::beside(data.join("landscape.yml")), &out);
    opts.cache = Some(cache);
    opts.orgs = orgs;
    // The build runs its own runtime for the lookups: keep it off this one's threads.
    let outcome = tokio::task::spawn_blocking(move || {
        std::thread::spawn(move || build(&opts))
            .join()
            .expect("build thread")
    })
    .await
    .expect("build task")
    .expect("the organizations fixture builds");
    if let Some(report) = outcome.orgs {
        let report = report.expect("an organizations report");
        assert_eq!(report.counts.failed, 0, "{}", report.summary());
    }
    Built { dir }
}

/// The built site's path for `tests/fixtures/orgs` item `slug`.
pub fn item_page(slug: &str) -> String {
    Path::new("items")
        .join(slug)
        .join("index.html")
        .display()
        .to_string()
}
