//! `data/organizations.json`: the organizations the items' `crunchbase` URLs name, as the
//! build found them (Crunchbase or Wikidata), keyed by Crunchbase permalink.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{Output, OutputError, Site, Written};
use crate::enrich::{OrgSource, Organization};
use crate::staging::Staging;

/// The organizations file, when organizations were looked up.
pub struct Organizations;

#[derive(Serialize)]
struct File<'a> {
    source: OrgSource,
    organizations: BTreeMap<&'a str, &'a Organization>,
}

impl Output for Organizations {
    fn name(&self) -> &'static str {
        "organizations"
    }

    fn write(
        &self,
        site: &Site,
        out: &Staging,
        _: &(dyn Fn() + Sync),
    ) -> Result<Written, OutputError> {
        let Some(Ok(report)) = &site.prepared.organizations else {
            return Ok(Written::default());
        };
        let file = File {
            source: report.provider,
            organizations: (report.orgs.iter())
                .filter_map(|o| Some((o.permalink.as_str(), o.organization.as_ref()?)))
                .collect(),
        };
        out.write(
            "data/organizations.json",
            &serde_json::to_vec_pretty(&file).unwrap_or_default(),
        )?;
        Ok(Written {
            files: 1,
            ..Written::default()
        })
    }
}
