//! Hostile input: what a pull request or a careless command line can throw at the tool, and
//! the proof that it loses nothing, leaks nothing and publishes nothing unsafe. Every test
//! works in its own temporary directory.

mod brand;
mod inputs;
mod logos;
mod output;
mod poster;
mod serve;
