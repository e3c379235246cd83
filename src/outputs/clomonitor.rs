//! `clomonitor/<name>.<hash>.svg`: the CLOMonitor report summaries of the items that have one,
//! sanitized at preparation (see [`crate::enrich::clomonitor`]).

use std::collections::BTreeSet;

use super::{Output, OutputError, Site, Written};
use crate::staging::Staging;

/// The report summary images.
pub struct Clomonitor;

impl Output for Clomonitor {
    fn name(&self) -> &'static str {
        "clomonitor"
    }

    fn write(
        &self,
        site: &Site,
        out: &Staging,
        _: &(dyn Fn() + Sync),
    ) -> Result<Written, OutputError> {
        let mut written = BTreeSet::new();
        for summary in site.prepared.clomonitor.iter().flatten() {
            if written.insert(summary.file.as_str()) {
                out.write(&summary.file, &summary.svg)?;
            }
        }
        Ok(Written {
            files: written.len(),
            ..Written::default()
        })
    }
}
