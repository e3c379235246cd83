//! The printable poster: export through the library and the CLI, its geometry, its header
//! logo.

mod cache;
mod cli;
mod export;
mod geometry;
mod header_logo;
