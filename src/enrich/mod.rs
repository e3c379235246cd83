//! GitHub enrichment (issue 3).
