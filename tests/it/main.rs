//! The integration tests: one binary, a module per capability, one support module.
//!
//! Optional inputs (the browser, poppler's `pdfinfo`, the CNCF snapshot in `../shared`) go
//! through [`support::optional`]: missing, a test skips with a printed reason, unless `CI`
//! is set, where it fails.

mod support;

mod add;
mod advice;
mod architecture;
mod browser;
mod build;
mod ci_scripts;
mod cli_args;
mod compat_api;
mod compat_cli;
mod custom_settings;
mod diff;
mod embed_data;
mod enrich;
mod featured;
mod forges;
mod github;
mod hostile;
mod landscape2_links;
mod logos;
mod org_site;
mod orgs;
mod policy;
mod poster;
mod rebuild;
mod rebuild_record;
mod schema;
mod serve;
mod settings_applied;
mod sources;
mod tiles;
mod validate;
mod yaml_parallel;
