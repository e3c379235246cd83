//! Writing a string as a YAML scalar that every YAML reader reads back as exactly that
//! string.
//!
//! A value is written plain only when it is unmistakably a string: in YAML 1.1 (which many
//! tools of the landscape's ecosystem still use) `yes`, `on` or `1e3` are not strings, and
//! `: ` or ` #` end a plain scalar early. Anything else is double-quoted, with the escapes
//! YAML defines for what cannot stand in quotes.

/// `text` as a YAML scalar.
pub fn scalar(text: &str) -> String {
    if is_plain_safe(text) {
        text.to_string()
    } else {
        double_quoted(text)
    }
}

/// Words YAML 1.1 or 1.2 read as booleans or null, in any case.
const RESERVED: &[&str] = &[
    "y", "n", "yes", "no", "on", "off", "true", "false", "null", "~",
];

fn is_plain_safe(text: &str) -> bool {
    let Some(first) = text.chars().next() else {
        return false;
    };
    // Letters first: no indicator (`-?:,[]{}#&*!|>'"%@` and backtick), no number, no space.
    if !first.is_ascii_alphabetic() {
        return false;
    }
    let allowed = |c: char| c.is_ascii_alphanumeric() || " ._-/()+:?=&%,;@~".contains(c);
    if !text.chars().all(allowed) || text.ends_with([' ', ':']) {
        return false;
    }
    if text.contains(": ") || text.contains(" #") || text.contains("  ") {
        return false;
    }
    // Flow indicators are harmless in block context, but `,` after a `:` is not.
    if text.contains(":,") {
        return false;
    }
    !RESERVED.contains(&text.to_ascii_lowercase().as_str()) && !looks_numeric(text)
}

/// YAML 1.1 floats such as `.inf` and sexagesimal or exponent forms start with a digit or
/// a dot; the letters-first rule excludes them, except `e`-less names that could be hex.
fn looks_numeric(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    lower == "nan" || lower == "inf" || lower.starts_with("0x")
}

fn double_quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            // Controls, bidi controls, line/paragraph separators, BOM: escaped so the file
            // shows what it holds.
            c if c.is_control()
                || crate::load::fields::is_bidi_control(c)
                || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{85}') =>
            {
                out.push_str(&format!("\\u{:04X}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::{self, Value};

    fn read_back(text: &str) -> Value {
        let doc = format!("k: {}\n", scalar(text));
        yaml::parse(&doc)
            .unwrap_or_else(|e| panic!("{doc:?}: {e:?}"))
            .get("k")
            .unwrap()
            .value
            .clone()
    }

    #[test]
    fn hostile_values_read_back_exactly() {
        for text in [
            "yes",
            "No",
            "null",
            "~",
            "true",
            "on",
            ": x",
            "#tag",
            "a #b",
            "a: b",
            "  lead",
            "trail ",
            "- item",
            "[x]",
            "{x}",
            "*ref",
            "&anchor",
            "!tag",
            "|",
            ">",
            "'q'",
            "\"q\"",
            "%x",
            "@x",
            "`x`",
            "1.10",
            "0x1F",
            "1e3",
            "12:30",
            "2024-01-01",
            ".inf",
            "Café",
            "移动云",
            "a\nb",
            "tab\there",
            "back\\slash",
            "",
            " ",
            "x:",
            "x:,y",
            "bidi\u{202E}x",
            "nul\u{0}x",
            "NaN",
            "A  B",
        ] {
            assert_eq!(read_back(text), Value::Str(text.into()), "{text:?}");
        }
    }

    #[test]
    fn ordinary_names_and_urls_stay_plain() {
        for text in [
            "Alpha Runtime",
            "https://github.com/example/alpha",
            "https://example.org/?q=a&b=c",
            "alpha-runtime.svg",
            "K8s (beta)",
        ] {
            assert_eq!(scalar(text), text);
        }
        assert_eq!(scalar("yes"), "\"yes\"");
        assert_eq!(scalar("#tag"), "\"#tag\"");
    }
}
