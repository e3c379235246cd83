//! The site's views: templates, and the values they show, computed from the prepared
//! landscape without touching the disk (the outputs write the files).

pub mod api;
pub mod badge;
pub mod charts;
pub mod data;
pub mod downloads;
pub mod embed;
pub mod embed_data;
pub mod explorer;
pub mod finances;
pub mod github_view;
pub mod guide_view;
pub mod markdown;
pub mod org_view;
pub mod projects;
pub mod repos_view;
pub mod search_names;
mod site_view;
pub use site_view::site_view;
pub mod stats;
pub mod templates;
pub mod views;

pub use site_view::SiteView;
pub use templates::{TemplateError, Templates};
pub use views::Urls;
