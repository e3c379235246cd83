//! The projects summary page, `projects/`, and the paths landscape2 sites give it
//! (`projects-summary/`, `summary/`) as redirects to it, so old links keep working.

use super::{Output, OutputError, Site, Written};
use crate::render::projects;
use crate::staging::Staging;

/// `projects/index.html` and its redirects, when some item has a maturity.
pub struct Projects;

/// Whether the site has the projects page.
pub(super) fn has_page(site: &Site) -> bool {
    projects::has_page(&site.prepared.landscape.items, site.templates)
}

impl Output for Projects {
    fn name(&self) -> &'static str {
        "projects"
    }

    fn write(
        &self,
        site: &Site,
        out: &Staging,
        _: &(dyn Fn() + Sync),
    ) -> Result<Written, OutputError> {
        if !has_page(site) {
            return Ok(Written::default());
        }
        let prepared = site.prepared;
        let rows = projects::project_rows(&prepared.landscape.items, &prepared.github, &site.urls);
        site.page(out, "projects.html", "projects/index.html", |ctx| {
            ctx.insert("page_title", "Projects");
            ctx.insert("projects", &rows);
            ctx.insert("has_github", &prepared.github.iter().any(Option::is_some));
        })?;
        let target = format!("{}/projects/", site.base());
        for old in ["projects-summary", "summary"] {
            out.write(format!("{old}/index.html"), redirect(&target).as_bytes())?;
        }
        Ok(Written {
            pages: 3,
            files: 3,
            ..Written::default()
        })
    }
}

/// A page that sends the reader to `target` (a site path: plain characters only).
fn redirect(target: &str) -> String {
    let target = crate::render::data::xml_escape(target);
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Projects</title>\n<link rel=\"canonical\" href=\"{target}\">\n<meta name=\"robots\" content=\"noindex\">\n<meta http-equiv=\"refresh\" content=\"0; url={target}\">\n</head>\n<body>\n<p>The projects are at <a href=\"{target}\">{target}</a>.</p>\n</body>\n</html>\n"
    )
}
