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

pub mod add;
pub mod brand;
mod byte_reader;
pub mod cli;
pub mod diagnostics;
pub mod diff;
pub mod enrich;
pub mod fs_safety;
pub mod layout;
pub mod load;
pub mod logos;
pub mod model;
pub mod net;
pub mod outputs;
pub mod poster;
pub mod prepare;
pub mod progress;
pub mod render;
pub mod rules;
pub mod scaffold;
pub mod schema;
pub mod serve;
pub mod site;
pub mod sources;
pub mod staging;
pub mod stamp;
pub mod validate;
pub mod yaml;
