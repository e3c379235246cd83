//! Shared by the poster tests: the fixture landscape loaded like the CLI loads it, and the
//! CNCF snapshot when it is present.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use landscape::load::{Inputs, Settings, load};
use landscape::logos::{ProcessOptions, ProcessedLogo, process_all};
use landscape::model::Landscape;
use landscape::poster::{PosterFormat, PosterOptions};

/// A landscape, its settings and its processed logos.
pub struct Fixture {
    pub dir: PathBuf,
    pub landscape: Landscape,
    pub settings: Settings,
    pub logos: BTreeMap<String, ProcessedLogo>,
}

pub fn fixture_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/poster")
}

/// Loads a landscape directory (`landscape.yml`, `settings.yml`, logos in `logos_dir`,
/// processed only `with_logos`).
pub fn load_dir(dir: &Path, logos_dir: &Path, with_logos: bool) -> Fixture {
    let mut loaded = load(&Inputs {
        data: dir.join("landscape.yml"),
        settings: Some(dir.join("settings.yml")),
        guide: None,
        logos: logos_dir.to_path_buf(),
    });
    loaded.data.landscape.place_second_paths();
    let mut names: Vec<String> = loaded
        .data
        .landscape
        .items
        .iter()
        .map(|i| i.logo.clone())
        .collect();
    if !with_logos {
        names.clear();
    }
    let settings = loaded.settings;
    let logos = process_all(
        logos_dir,
        &names,
        |n| ProcessOptions {
            adjust_viewbox: settings.adjust_viewbox(n),
        },
        None,
        || {},
    )
    .into_iter()
    .filter_map(|(name, logo)| logo.ok().map(|l| (name, l)))
    .collect();
    Fixture {
        dir: dir.to_path_buf(),
        landscape: loaded.data.landscape,
        settings,
        logos,
    }
}

/// The small landscape under tests/fixtures/poster.
pub fn fixture() -> Fixture {
    let dir = fixture_dir();
    let fixture = load_dir(&dir, &dir.join("logos"), true);
    assert!(fixture.landscape.items.len() >= 10, "fixture loads");
    fixture
}

/// The CNCF snapshot, under the [`super::optional`] policy.
pub fn cncf(with_logos: bool) -> Option<Fixture> {
    let dir = super::cncf_dir()?;
    Some(load_dir(&dir, &dir.join("hosted_logos"), with_logos))
}

/// Options with a fixed date and the fixture's directory for the header logo.
pub fn options(format: PosterFormat, fixture: &Fixture) -> PosterOptions {
    let mut opts = PosterOptions::new(format);
    opts.base_dir = Some(fixture.dir.clone());
    opts.date = chrono::NaiveDate::from_ymd_opt(2025, 3, 14);
    opts
}

/// Where each item is listed in the data: its own subcategory and every `second_path`.
pub fn expected_paths(landscape: &Landscape) -> HashMap<(String, String), Vec<usize>> {
    let mut out: HashMap<(String, String), Vec<usize>> = HashMap::new();
    for (i, item) in landscape.items.iter().enumerate() {
        out.entry((item.category.clone(), item.subcategory.clone()))
            .or_default()
            .push(i);
        for path in &item.second_path {
            out.entry((path.category.clone(), path.subcategory.clone()))
                .or_default()
                .push(i);
        }
    }
    for items in out.values_mut() {
        items.sort_unstable();
    }
    out
}
