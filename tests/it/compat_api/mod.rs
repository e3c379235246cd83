//! landscape2 compatibility of the files other tools download: the JSON API (`api/...`),
//! `docs/items.csv`, `docs/projects.csv` and `.md`, the QR code, the `sources/` copies and
//! the screenshots, on the compat fixture (names landscape2 normalizes in particular ways),
//! with GitHub data from the fake GitHub, and on the CNCF snapshot.

mod cncf;
mod fixture;
mod github;
mod json;

use std::path::{Path, PathBuf};

use landscape::enrich::EnrichOptions;
use landscape::load::Inputs;
use landscape::site::{self, BuildOptions};

use crate::support::{copy_dir, site::edit_data};

/// landscape2's API item fields, in its order.
pub const ITEM_FIELDS: [&str; 50] = [
    "category",
    "homepage_url",
    "id",
    "logo_url",
    "name",
    "subcategory",
    "accepted_at",
    "additional_categories",
    "annotations",
    "archived_at",
    "artwork_url",
    "audits",
    "blog_url",
    "bluesky_url",
    "chat_channel",
    "country",
    "crunchbase_url",
    "description",
    "devstats_url",
    "discord_url",
    "docker_url",
    "enduser",
    "facebook_url",
    "github_discussions_url",
    "gitter_url",
    "graduated_at",
    "incubating_at",
    "joined_at",
    "latest_annual_review_at",
    "latest_annual_review_url",
    "lfx_slug",
    "linkedin_url",
    "mailing_list_url",
    "maturity",
    "openssf_best_practices_url",
    "oss",
    "other_links",
    "package_manager_url",
    "pinterest_url",
    "reddit_url",
    "repositories",
    "slack_url",
    "specification",
    "stack_overflow_url",
    "summary",
    "tag",
    "training_certifications",
    "training_type",
    "twitter_url",
    "youtube_url",
];

/// landscape2's API repository fields, in its order.
pub const REPO_FIELDS: [&str; 8] = [
    "url",
    "branch",
    "contributors",
    "languages",
    "latest_release",
    "license",
    "primary",
    "stars",
];

/// landscape2's `docs/items.csv` header line.
pub const CSV_HEADER: &str = "name,organization,homepage,logo,twitter,crunchbase_url,funding,member,relation,tag,license,headquarters,description,crunchbase_description,crunchbase_homepage,crunchbase_city,crunchbase_region,crunchbase_country,crunchbase_twitter,crunchbase_linkedin,crunchbase_ticker,crunchbase_kind,crunchbase_min_employees,crunchbase_max_employees,category,subcategory,oss,github_repo,github_stars,github_description,github_latest_commit_date,github_latest_commit_link,github_latest_release_date,github_latest_release_link,github_start_commit_date,github_start_commit_link,github_contributors_count,github_contributors_link,accepted,incubation,graduated,dev_stats_url,artwork_url,blog_url,mailing_list_url,slack_url,youtube_url,chat_channel,last_audit_date,last_audit_url";

/// An item with every field the API carries, placed in `Streaming & Messaging` (and, by
/// `second_path`, in `Scheduling & Orchestration`).
const ZETA: &str = "
          - item:
            name: zeta Stream
            homepage_url: https://zeta.example.org/
            logo: shared.svg
            description: Streams of zeta.
            project: archived
            joined: '2020-02-02'
            repo_url: https://github.com/compat/zeta
            branch: develop
            license: MIT
            additional_repos:
              - repo_url: https://github.com/compat/zeta-docs
            second_path:
              - Orchestration & Management / Scheduling & Orchestration
            twitter: https://twitter.com/zeta
            url_for_bestpractices: https://www.bestpractices.dev/projects/1
            extra:
              accepted: '2020-01-01'
              incubating: '2020-01-01'
              archived: '2024-06-30'
              annual_review_date: '2023-05-05'
              annual_review_url: https://github.com/cncf/toc/pull/1
              dev_stats_url: https://zeta.devstats.example.org/
              slack_url: https://slack.example.org/zeta
              chat_channel: '#zeta'
              lfx_slug: zeta
              specification: true
              annotations:
                owner: team zeta
              audits:
                - date: '2023-09-01'
                  type: security
                  url: https://audits.example.org/2
                  vendor: Vendor Two
                - date: '2022-01-01'
                  type: fuzzing
                  url: https://audits.example.org/1
                  vendor: Vendor One
              other_links:
                - name: Roadmap
                  url: https://zeta.example.org/roadmap
              summary_personas: 'Developers, Operators,,'
              summary_use_case: Moving data.
              summary_intro_url: https://zeta.example.org/intro
              tag:
                - streaming
";

/// A copy of `tests/fixtures/compat` in `dir/data` with the `zeta Stream` item added and
/// Endress+Hauser an end user by its own `enduser: true`; returns that directory.
pub fn compat_copy(dir: &Path) -> PathBuf {
    let data = dir.join("data");
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/compat");
    copy_dir(&fixture, &data);
    let shared_two = "            logo: two.svg\n            project: graduated\n            extra:\n              accepted: '2019-01-01'\n              incubating: '2019-06-01'\n              graduated: '2020-07-08'\n";
    edit_data(&data, shared_two, &format!("{shared_two}{}", &ZETA[1..]));
    edit_data(
        &data,
        "            logo: endress.svg\n",
        "            logo: endress.svg\n            enduser: true\n",
    );
    data
}

/// Replaces `from` with `to` in `data_dir/settings.yml`.
pub fn edit_settings(data_dir: &Path, from: &str, to: &str) {
    let file = data_dir.join("settings.yml");
    let yaml = std::fs::read_to_string(&file).unwrap();
    assert!(yaml.contains(from), "{from:?} is not in settings.yml");
    std::fs::write(file, yaml.replace(from, to)).unwrap();
}

/// Builds `data_dir/landscape.yml` into `out` (with GitHub data when `github` is given).
pub fn build(data_dir: &Path, out: &Path, github: Option<EnrichOptions>) {
    let mut opts = BuildOptions::new(Inputs::beside(data_dir.join("landscape.yml")), out);
    opts.cache = github.as_ref().map(|g| g.cache_dir.clone());
    opts.github = github;
    let outcome = site::build(&opts).unwrap_or_else(|e| panic!("the build failed: {e}"));
    assert_eq!(
        outcome.report.errors(),
        0,
        "{:?}",
        outcome.report.diagnostics
    );
}

/// A file of the site as text.
pub fn read(site: &Path, path: &str) -> String {
    std::fs::read_to_string(site.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// `data/items.json`'s items (our own format), for what the build decided per item.
pub fn our_items(site: &Path) -> Vec<serde_json::Value> {
    let json: serde_json::Value = serde_json::from_str(&read(site, "data/items.json")).unwrap();
    json["items"].as_array().unwrap().clone()
}

/// The rows of a CSV file, header first.
pub fn csv_rows(text: &str) -> Vec<Vec<String>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes());
    (reader.records())
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

/// The cell of `row` under `column` of landscape2's items.csv.
pub fn cell<'a>(row: &'a [String], column: &str) -> &'a str {
    let at = CSV_HEADER.split(',').position(|c| c == column).unwrap();
    &row[at]
}
