//! Whitelist filtering of CSS found in logos (`<style>` elements and `style` attributes).
//!
//! CSS is where an SVG can still reach the network after its elements are cleaned:
//! `url(https://…)`, `@import`, `@font-face`, `image-set()`. Instead of looking for those,
//! a declaration survives only if every function in its value is on a short list of
//! harmless ones (colours, transforms, maths) and every `url()` points inside the document.
//! Backslashes in values are refused because CSS escapes can spell any function name.

/// Functions a declaration value may call. `url` is listed but checked separately.
const ALLOWED_FUNCTIONS: &[&str] = &[
    "url",
    "rgb",
    "rgba",
    "hsl",
    "hsla",
    "hwb",
    "lab",
    "lch",
    "oklab",
    "oklch",
    "color",
    "icc-color",
    "calc",
    "min",
    "max",
    "clamp",
    "var",
    "matrix",
    "matrix3d",
    "translate",
    "translatex",
    "translatey",
    "translate3d",
    "scale",
    "scalex",
    "scaley",
    "scale3d",
    "rotate",
    "rotate3d",
    "skew",
    "skewx",
    "skewy",
    "perspective",
    "cubic-bezier",
    "steps",
    "blur",
    "brightness",
    "contrast",
    "drop-shadow",
    "grayscale",
    "hue-rotate",
    "invert",
    "opacity",
    "saturate",
    "sepia",
];

/// Block at-rules whose contents are more rules; every other at-rule (`@import`,
/// `@font-face`, `@namespace`, …) is dropped whole.
const NESTING_AT_RULES: &[&str] = &["media", "supports", "keyframes", "-webkit-keyframes"];

/// Filters a stylesheet (the text of a `<style>` element). Rules that only select classes
/// for which `class_used` is false are dropped too: exporters leave thousands of them
/// (one CNCF logo has 5,426 rules for 30 elements) and each costs every renderer a match
/// per element.
pub(super) fn sanitize_stylesheet(css: &str, class_used: &dyn Fn(&str) -> bool) -> String {
    let css = strip_comments(css);
    let mut out = String::with_capacity(css.len());
    sanitize_rules(&css, &mut out, 0, class_used);
    out
}

/// Filters a declaration list (a `style` attribute or the body of a rule).
pub(super) fn sanitize_declarations(css: &str) -> String {
    let css = strip_comments(css);
    let mut out = String::with_capacity(css.len());
    for declaration in split_top_level(&css, b';') {
        if let Some((name, value)) = declaration.split_once(':') {
            let (name, value) = (name.trim(), value.trim());
            if !is_ident(name) || value.is_empty() {
                continue;
            }
            let Some(value) = safe_or_none(name, value) else {
                continue;
            };
            if !out.is_empty() {
                out.push(';');
            }
            out.push_str(name);
            out.push(':');
            out.push_str(value);
        }
    }
    out
}

/// The value to keep for a property: itself when inert; `none` for a paint that
/// references another document, which is what browsers draw for it (dropping it instead
/// would let the element inherit its parent's paint); nothing otherwise.
pub(super) fn safe_or_none<'v>(name: &str, value: &'v str) -> Option<&'v str> {
    if is_safe_value(value) {
        Some(value)
    } else if matches!(name, "fill" | "stroke") {
        Some("none")
    } else {
        None
    }
}

/// Whether a CSS value (or a presentation attribute, which browsers parse as CSS) is inert.
pub(super) fn is_safe_value(value: &str) -> bool {
    // Most values (path data, numbers, colours) have none of these: skip the scan.
    if !value.bytes().any(|b| matches!(b, b'(' | b'\\' | b':')) {
        return true;
    }
    if value.contains('\\') {
        return false;
    }
    let bytes = value.as_bytes();
    let mut quote: Option<u8> = None;
    for (i, &b) in bytes.iter().enumerate() {
        if let Some(q) = quote {
            if b == q {
                quote = None;
            }
            continue;
        }
        match b {
            b'"' | b'\'' => quote = Some(b),
            b'(' => {
                let start = value[..i]
                    .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
                    .map_or(0, |p| p + 1);
                let name = value[start..i].to_ascii_lowercase();
                if name.is_empty() {
                    continue;
                }
                if !ALLOWED_FUNCTIONS.contains(&name.as_str()) {
                    return false;
                }
                if name == "url" && !url_is_fragment(&value[i + 1..]) {
                    return false;
                }
            }
            _ => {}
        }
    }
    !value
        .as_bytes()
        .windows(b"javascript:".len())
        .any(|w| w.eq_ignore_ascii_case(b"javascript:"))
}

/// `rest` starts right after `url(`; true when the argument is `#something`.
fn url_is_fragment(rest: &str) -> bool {
    let Some(end) = rest.find(')') else {
        return false;
    };
    let arg = rest[..end].trim().trim_matches(['"', '\'']).trim();
    arg.starts_with('#') && arg.len() > 1
}

fn is_ident(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

fn sanitize_rules(css: &str, out: &mut String, depth: usize, class_used: &dyn Fn(&str) -> bool) {
    // Nesting deeper than a few levels is not something a logo needs; stop recursing.
    if depth > 4 {
        return;
    }
    let mut rest = css;
    loop {
        rest = rest.trim_start();
        if rest.is_empty() {
            return;
        }
        let Some(open) = find_top_level(rest, b"{;") else {
            return;
        };
        let prelude = rest[..open].trim();
        if rest.as_bytes()[open] == b';' {
            // A statement at-rule (`@import url(…);`, `@charset`) or garbage: dropped.
            rest = &rest[open + 1..];
            continue;
        }
        let Some(close) = matching_brace(rest, open) else {
            return;
        };
        let body = &rest[open + 1..close];
        rest = &rest[close + 1..];
        if let Some(at) = prelude.strip_prefix('@') {
            let name = at
                .split(|c: char| c.is_whitespace() || c == '(')
                .next()
                .unwrap_or("")
                .to_ascii_lowercase();
            if NESTING_AT_RULES.contains(&name.as_str()) && is_safe_value(prelude) {
                out.push_str(prelude);
                out.push('{');
                sanitize_rules(body, out, depth + 1, class_used);
                out.push_str("}\n");
            }
        } else if is_safe_selector(prelude) && !selects_only_unused_classes(prelude, class_used) {
            out.push_str(prelude);
            out.push('{');
            out.push_str(&sanitize_declarations(body));
            // One rule per line: usvg's CSS parser is quadratic in the length of a line.
            out.push_str("}\n");
        }
    }
}

/// Child combinators (`a > b`) are fine in selectors; `<` and `&` never are in a logo and
/// would only matter to an HTML parser if the logo were ever inlined.
fn is_safe_selector(prelude: &str) -> bool {
    !prelude.is_empty() && !prelude.contains(['<', '&'])
}

/// True for a selector list made only of plain class selectors (`.a, .b`), none used.
fn selects_only_unused_classes(prelude: &str, class_used: &dyn Fn(&str) -> bool) -> bool {
    prelude.split(',').all(|selector| {
        selector
            .trim()
            .strip_prefix('.')
            .is_some_and(|class| is_ident(class) && !class_used(class))
    })
}

/// Removes `/* … */` comments outside strings (they could split a keyword in two).
fn strip_comments(css: &str) -> String {
    let bytes = css.as_bytes();
    let mut out = String::with_capacity(css.len());
    let mut quote: Option<u8> = None;
    let mut copied = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match quote {
            Some(_) if b == b'\\' => i += 1,
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if b == b'"' || b == b'\'' => quote = Some(b),
            None if b == b'/' && bytes.get(i + 1) == Some(&b'*') => {
                out.push_str(&css[copied..i]);
                out.push(' ');
                match css[i + 2..].find("*/") {
                    Some(end) => {
                        i += 2 + end + 2;
                        copied = i;
                        continue;
                    }
                    None => return out,
                }
            }
            None => {}
        }
        i += 1;
    }
    out.push_str(&css[copied.min(css.len())..]);
    out
}

/// Splits on `sep` outside strings and parentheses.
fn split_top_level(css: &str, sep: u8) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut rest = css;
    while let Some(i) = find_top_level(rest, &[sep]) {
        parts.push(&rest[..i]);
        rest = &rest[i + 1..];
    }
    parts.push(rest);
    parts
}

/// First byte of `targets` outside strings and parentheses.
fn find_top_level(css: &str, targets: &[u8]) -> Option<usize> {
    let mut quote: Option<u8> = None;
    let mut parens = 0usize;
    let mut escaped = false;
    for (i, &b) in css.as_bytes().iter().enumerate() {
        if escaped {
            escaped = false;
            continue;
        }
        if b == b'\\' {
            escaped = true;
            continue;
        }
        if let Some(q) = quote {
            if b == q {
                quote = None;
            }
            continue;
        }
        match b {
            b'"' | b'\'' => quote = Some(b),
            b'(' => parens += 1,
            b')' => parens = parens.saturating_sub(1),
            _ if parens == 0 && targets.contains(&b) => return Some(i),
            _ => {}
        }
    }
    None
}

/// Index of the `}` closing the `{` at `open`, skipping strings.
fn matching_brace(css: &str, open: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut from = open;
    loop {
        let i = from + find_top_level(&css[from..], b"{}")?;
        if css.as_bytes()[i] == b'{' {
            depth += 1;
        } else {
            depth -= 1;
            if depth == 0 {
                return Some(i);
            }
        }
        from = i + 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declarations_keep_paint_and_drop_fetches() {
        assert_eq!(
            sanitize_declarations("fill: url(#g1); stroke:#000 ; opacity:.5"),
            "fill:url(#g1);stroke:#000;opacity:.5"
        );
        assert_eq!(
            sanitize_declarations("fill:url(http://evil/x.svg#a);stroke:red"),
            "fill:none;stroke:red"
        );
        assert_eq!(
            sanitize_declarations("background:url( 'https://e/x' );fill:blue"),
            "fill:blue"
        );
        assert_eq!(sanitize_declarations("width:expression(alert(1))"), "");
        assert_eq!(sanitize_declarations("fill:u\\72 l(http://e)"), "fill:none");
        assert_eq!(sanitize_declarations("filter:ur/**/l(http://e)"), "");
        assert_eq!(sanitize_declarations("behavior:image-set('x.png' 1x)"), "");
        assert_eq!(
            sanitize_declarations("transform:matrix(1,0,0,1,0,0);fill:rgb(1 2 3)"),
            "transform:matrix(1,0,0,1,0,0);fill:rgb(1 2 3)"
        );
        assert_eq!(sanitize_declarations("x:javascript:alert(1)"), "");
    }

    #[test]
    fn stylesheet_drops_imports_font_faces_and_bad_declarations() {
        let css = "@import url(https://fonts.example/css);\n\
                   /* c */ .a{fill:url(#grad);stroke:url(https://e/a)}\n\
                   @font-face{font-family:X;src:url(https://e/f.woff)}\n\
                   @media (prefers-color-scheme:dark){.b > .c{fill:#fff}}\n\
                   .d{font-family:'Open Sans', sans-serif}";
        assert_eq!(
            sanitize_stylesheet(css, &|_| true),
            ".a{fill:url(#grad);stroke:none}\n@media (prefers-color-scheme:dark){.b > .c{fill:#fff}\n}\n\
             .d{font-family:'Open Sans', sans-serif}\n"
        );
    }

    #[test]
    fn stylesheet_survives_garbage() {
        let all = &|_: &str| true;
        assert_eq!(sanitize_stylesheet(".a{fill:red", all), "");
        assert_eq!(sanitize_stylesheet("}}}{{{", all), "");
        assert_eq!(sanitize_stylesheet("@import 'x.css'", all), "");
        assert_eq!(
            sanitize_stylesheet(".a{content:'}'}.b{fill:red}", all),
            ".a{content:'}'}\n.b{fill:red}\n"
        );
        let deep = "@media a{".repeat(50) + &"}".repeat(50);
        assert!(sanitize_stylesheet(&deep, all).len() < 100);
    }

    #[test]
    fn rules_for_unused_classes_are_dropped() {
        let used = &|c: &str| c == "st1";
        assert_eq!(
            sanitize_stylesheet(
                ".st0{fill:red}.st1{fill:blue}.st0, .st1{opacity:.5}\
                                 .st2, rect{fill:none}g .st3{fill:red}",
                used
            ),
            ".st1{fill:blue}\n.st0, .st1{opacity:.5}\n.st2, rect{fill:none}\ng .st3{fill:red}\n"
        );
    }
}
