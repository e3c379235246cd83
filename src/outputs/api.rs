//! landscape2's JSON API, `api/...`, for the tools that read a landscape2 site.

use rayon::prelude::*;

use super::{Output, OutputError, Site, Written};
use crate::render::api::{self, Sources};
use crate::staging::Staging;

/// `api/projects/`, `api/members/` and `api/categories/`.
pub struct Api;

/// What the API and the downloads read of a site.
pub(super) fn sources<'a>(site: &'a Site) -> Sources<'a> {
    let prepared = site.prepared;
    Sources {
        landscape: &prepared.landscape,
        settings: &prepared.settings,
        urls: &site.urls,
        enrichment: prepared.enrichment.as_ref().and_then(|r| r.as_ref().ok()),
        orgs: (prepared.landscape.items.iter().zip(&prepared.orgs))
            .filter_map(|(i, o)| Some((i.crunchbase.as_deref()?, o.as_deref()?)))
            .collect(),
    }
}

impl Output for Api {
    fn name(&self) -> &'static str {
        "api"
    }

    fn write(
        &self,
        site: &Site,
        out: &Staging,
        _: &(dyn Fn() + Sync),
    ) -> Result<Written, OutputError> {
        let api = api::ApiFiles::new(&sources(site));
        (api.files()).try_for_each(|(path, json)| out.write(path, json.as_bytes()))?;
        Ok(Written {
            files: api.paths().len(),
            ..Written::default()
        })
    }
}
