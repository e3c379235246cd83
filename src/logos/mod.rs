//! Logo checking, sanitizing and caching.
