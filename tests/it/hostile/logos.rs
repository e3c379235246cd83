//! Placeholder: filled by its area's hostile tests.
