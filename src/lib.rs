//! `landscape`: a fast, trustworthy generator of cloud native landscape websites and posters.
//!
//! The crate is a pipeline of stages, one module each, with plain data flowing one way:
//!
//! ```text
//! load (yaml, model) → validate → enrich (GitHub) ┐
//!                               → logos          ├→ layout → render (site) / export (poster) → serve
//! ```
//!
//! `site` orchestrates a build; `cli` only parses arguments and calls into the stages.

pub mod enrich;
pub mod yaml;
pub mod logos;
pub mod serve;
pub mod diagnostics;
pub mod load;
pub mod model;
pub mod validate;
pub mod layout;
pub mod export;
