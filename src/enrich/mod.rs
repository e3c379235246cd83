//! Enrichment: what the landscape's own data does not say, fetched from services, cached on
//! disk, and never fatal to a build.
//!
//! One folder per source, over shared pieces:
//!
//! | source | gives | module |
//! | --- | --- | --- |
//! | GitHub (GraphQL + REST) | repository figures | [`github`] |
//! | Crunchbase (API v4, a key) | organizations | [`crunchbase`] |
//! | Wikidata (SPARQL, free) | organizations | [`wikidata`] |
//! | CLOMonitor | report summary images | [`clomonitor`] |
//!
//! Shared: [`cache`] (keyed entries per source, TTL, stale-on-error, atomic writes),
//! [`pacing`] (token buckets and backoff), [`stats`] (the repository figures every forge
//! fills the same way), [`aggregate`] (an item's figures over its repositories),
//! [`outcome`] (where each piece of data came from).

mod aggregate;
mod cache;
pub mod clomonitor;
pub mod crunchbase;
pub mod github;
mod http;
pub mod organization;
mod orgs;
mod outcome;
mod pacing;
mod repo_ref;
mod secret;
mod sparkline;
mod stats;
mod weeks;
pub mod wikidata;

pub use aggregate::{ItemGithub, aggregate};
pub use clomonitor::{ClomonitorOptions, ClomonitorReport, ReportSummary};
pub use github::{
    EnrichError, EnrichOptions, EnrichReport, PUBLIC_API_URL, SkippedUrl, Tuning,
    default_cache_dir, enrich, enrich_async,
};
pub use organization::{Acquisition, FundingRound, OrgSource, Organization};
pub use orgs::{OrgOptions, OrgOutcome, OrgReport, SkippedOrg, enrich_orgs, enrich_orgs_blocking};
pub use outcome::{Counts, RepoOutcome, Source};
pub use repo_ref::{RepoRef, SkipReason};
pub use secret::Token;
pub use sparkline::sparkline_svg;
pub use stats::{ACTIVITY_WEEKS, CommitRef, Language, License, Release, RepoStats};
