//! Secrets (API tokens and keys) that can sit in options, errors and logs without leaking:
//! their `Debug` and `Display` never show the value, and [`redact`] removes them from any text
//! a server sent back.

use std::fmt;

/// A token or API key (GitHub, GitLab, Gitea, Crunchbase). Its `Debug` and `Display` never
/// show the secret, so it can sit in options, errors and logs without leaking.
#[derive(Clone, PartialEq, Eq)]
pub struct Token(String);

impl Token {
    /// Wraps a secret. Surrounding whitespace (a trailing newline from a secrets file) is dropped.
    pub fn new(secret: impl Into<String>) -> Self {
        Token(secret.into().trim().to_string())
    }

    /// The secret itself: only the HTTP layer and the redaction of messages need it.
    pub(crate) fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Token([redacted])")
    }
}

impl fmt::Display for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

/// `text` with every secret in `secrets` replaced by `[redacted]`, then bounded to 300
/// characters (after the replacement, so no part of a secret survives the cut).
pub(crate) fn redact(text: &str, secrets: &[Token]) -> String {
    let mut out = text.to_string();
    for secret in secrets {
        if !secret.expose().is_empty() {
            out = out.replace(secret.expose(), "[redacted]");
        }
    }
    out.chars().take(300).collect()
}
