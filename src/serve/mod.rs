//! Static file server for a built site.
