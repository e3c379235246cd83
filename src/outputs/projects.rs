//! The projects summary page at landscape2's path, `projects-summary/`, and its other path
//! there, `summary/`, as a redirect to it. Not `projects/`: landscape2 sites give that path to
//! a group alias (the CNCF's "Projects and products"), see `pages::alias_pages`.

use super::{Output, OutputError, Site, Written};
use crate::render::projects;
use crate::staging::Staging;

/// `projects-summary/index.html` and its redirect, when some item has a maturity.
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
        site.page(out, "projects.html", "projects-summary/index.html", |ctx| {
            ctx.insert("page_title", "Projects");
            ctx.insert("projects", &rows);
            ctx.insert("has_github", &prepared.github.iter().any(Option::is_some));
        })?;
        let target = format!("{}/projects-summary/", site.base());
        out.write(
            "summary/index.html",
            redirect("Projects", "The projects are", &target).as_bytes(),
        )?;
        Ok(Written {
            pages: 2,
            files: 2,
            ..Written::default()
        })
    }
}

/// A page titled `title` that sends the reader to `target` (a site path: plain characters
/// only), saying "`what` at `target`" for readers whose browser stays. Its empty icon keeps
/// browsers from asking the site for a `/favicon.ico` it does not have.
pub(super) fn redirect(title: &str, what: &str, target: &str) -> String {
    let target = crate::render::data::xml_escape(target);
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{title}</title>\n<link rel=\"canonical\" href=\"{target}\">\n<meta name=\"robots\" content=\"noindex\">\n<link rel=\"icon\" href=\"data:,\">\n<meta http-equiv=\"refresh\" content=\"0; url={target}\">\n</head>\n<body>\n<p>{what} at <a href=\"{target}\">{target}</a>.</p>\n</body>\n</html>\n"
    )
}
