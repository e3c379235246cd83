//! Organizations from Wikidata and Crunchbase, and CLOMonitor report summaries: the real
//! clients against fake services on 127.0.0.1, through `prepare` and the binary.

mod clomonitor;
mod crunchbase;
mod wikidata;

use std::path::{Path, PathBuf};

use landscape::enrich::{OrgOptions, OrgSource};
use landscape::load::Inputs;
use landscape::prepare::{self, LogoWork, PrepareOptions, Prepared};

/// The organizations fixture (`tests/fixtures/orgs`): Acme Runtime and Acme Proxy share
/// `acme-corp` (written two ways), Globex Mesh is `globex`, Initech Store is
/// `missing-initech` (on no service), No Org has no `crunchbase`.
pub fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/orgs")
}

/// Options for `provider` with the variables of `env`, a cache in `cache`, a day of TTL.
pub fn options(provider: OrgSource, env: &[(&str, &str)], cache: &Path) -> OrgOptions {
    let env: Vec<(String, String)> = env
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let var = move |name: &str| env.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone());
    let mut opts = OrgOptions::from_vars(
        var,
        provider,
        cache.to_path_buf(),
        std::time::Duration::from_secs(24 * 3600),
        false,
    );
    // Retries wait little in tests; a Retry-After is still honoured as sent.
    for policy in [&mut opts.wikidata.policy, &mut opts.crunchbase.policy] {
        policy.backoff_base = std::time::Duration::from_millis(20);
        policy.backoff_cap = std::time::Duration::from_millis(100);
        policy.requests_per_second = 0.0;
    }
    opts
}

/// Prepares the fixture with `orgs`, off the async runtime (preparing runs its own).
pub async fn prepare(orgs: OrgOptions) -> Prepared {
    let mut opts = PrepareOptions::new(
        Inputs::beside(fixture().join("landscape.yml")),
        LogoWork::Check,
    );
    opts.orgs = Some(orgs);
    tokio::task::spawn_blocking(move || prepare::prepare(&opts))
        .await
        .unwrap()
}

/// The organization of the item named `name`.
pub fn org_of<'a>(
    prepared: &'a Prepared,
    name: &str,
) -> Option<&'a std::sync::Arc<landscape::enrich::Organization>> {
    let i = (prepared.landscape.items.iter())
        .position(|i| i.name == name)
        .unwrap_or_else(|| panic!("no item {name}"));
    prepared.orgs[i].as_ref()
}
