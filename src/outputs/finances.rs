//! The finances page, `finances/`, when some organization has funding or acquisition data;
//! landscape2's other paths to it, `funding/` and `acquisitions/`, redirect there.

use super::projects::redirect;
use super::{Output, OutputError, Site, Written};
use crate::render::finances;
use crate::staging::Staging;

/// `finances/index.html` and its redirects.
pub struct Finances;

/// Whether the site has the finances page.
pub(super) fn has_page(site: &Site) -> bool {
    finances::has_page(&site.prepared.orgs) && site.templates.has("finances.html")
}

impl Output for Finances {
    fn name(&self) -> &'static str {
        "finances"
    }

    fn write(
        &self,
        site: &Site,
        out: &Staging,
        _: &(dyn Fn() + Sync),
    ) -> Result<Written, OutputError> {
        let prepared = site.prepared;
        if !has_page(site) {
            return Ok(Written::default());
        }
        let view = finances::finances_view(&prepared.landscape, &prepared.orgs, &site.urls);
        site.page(out, "finances.html", "finances/index.html", |ctx| {
            ctx.insert("page_title", "Finances");
            ctx.insert("finances", &view);
        })?;
        for (dir, anchor) in [("funding", "funding"), ("acquisitions", "acquisitions")] {
            let target = format!("{}/finances/#{anchor}", site.base());
            let page = redirect("Finances", "The finances are", &target);
            out.write(format!("{dir}/index.html"), page.as_bytes())?;
        }
        Ok(Written {
            pages: 3,
            files: 3,
            ..Written::default()
        })
    }
}
