//! Machine-readable files: `data/items.json`, `items.csv`, `sitemap.xml`, and the GitHub
//! enrichment's report when it ran.

use super::{Output, OutputError, Site, Written};
use crate::render::data;
use crate::staging::Staging;

/// `data/items.json`, `items.csv`, `sitemap.xml`, `data/github-report.json`.
pub struct DataFiles;

impl Output for DataFiles {
    fn name(&self) -> &'static str {
        "data files"
    }

    fn write(
        &self,
        site: &Site,
        out: &Staging,
        _: &(dyn Fn() + Sync),
    ) -> Result<Written, OutputError> {
        let prepared = site.prepared;
        let landscape = &prepared.landscape;
        let settings = &prepared.settings;
        let mut files = 0;
        let json = data::items_json(
            landscape,
            &site.urls,
            &settings.foundation,
            &prepared.github,
        );
        out.write("data/items.json", &json)?;
        out.write(
            "items.csv",
            &data::items_csv(
                landscape,
                &site.urls,
                &settings.url,
                &settings.custom_fields,
            ),
        )?;
        let mut pages = vec!["stats/", "embed/"];
        if super::pages::guide_page(site).is_some() {
            pages.push("guide/");
        }
        if super::projects::has_page(site) {
            pages.push("projects-summary/");
        }
        if super::finances::has_page(site) {
            pages.push("finances/");
        }
        out.write(
            "sitemap.xml",
            &data::sitemap(landscape, &site.urls, &settings.url, &pages),
        )?;
        files += 3;
        if let Some(Ok(report)) = &prepared.enrichment {
            let json = serde_json::to_vec_pretty(report).unwrap_or_default();
            out.write("data/github-report.json", &json)?;
            files += 1;
        }
        Ok(Written {
            files,
            ..Written::default()
        })
    }
}
