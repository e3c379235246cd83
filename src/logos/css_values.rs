//! Vetting and writing CSS tokens: a declaration value, a selector, an at-rule prelude, or a
//! presentation attribute's value (which browsers parse as CSS too).
//!
//! Every token comes from cssparser and is either refused or written back by its own
//! serializer; a value is refused whole if any of its tokens is. See [`super::css`].

use cssparser::{CowRcStr, ParseError, Parser, ToCss, Token, TokenSerializationType};

/// Functions a declaration value may call (lowercase). `url` is handled on its own.
const VALUE_FUNCTIONS: &[&str] = &[
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

/// Functional pseudo-classes a selector may use (lowercase).
const SELECTOR_FUNCTIONS: &[&str] = &[
    "not",
    "is",
    "where",
    "nth-child",
    "nth-last-child",
    "nth-of-type",
    "nth-last-of-type",
    "lang",
    "dir",
];

/// Characters no string in a logo's CSS needs, and every URL or rule has.
const URL_LIKE: &[char] = &[':', '/', '\\', '(', ')', '@', ';', '{', '}', '<', '>'];

/// Deepest bracket nesting kept inside one value or selector.
const MAX_BLOCK_DEPTH: usize = 16;

/// The value to keep for a presentation attribute: itself when inert; `none` for a paint
/// that references another document, which is what browsers draw for it (dropping it
/// instead would let the element inherit its parent's paint); nothing otherwise.
pub(super) fn safe_or_none<'v>(name: &str, value: &'v str) -> Option<&'v str> {
    if is_safe_value(value) {
        Some(value)
    } else if is_paint(name) {
        Some("none")
    } else {
        None
    }
}

/// Whether an attribute value is inert when read as CSS (as browsers read presentation
/// attributes). Attribute values are kept as written when they pass, so that path data and
/// numbers keep their exact text; every token of the value has been vetted.
pub(super) fn is_safe_value(value: &str) -> bool {
    // Without `(` there is no function or url, and without `\` no escape can spell one;
    // most values (path data, numbers, colours) take this exit.
    if !value.bytes().any(|b| matches!(b, b'(' | b'\\' | b':')) {
        return true;
    }
    let mut input = Parser::new(value);
    let mut sink = Writer::default();
    let vetted = component_values(&mut input, Context::Value, 0, &mut sink).is_ok();
    // `javascript:` is only dangerous where a URL is expected, and no URL but `#id` is kept;
    // refusing it anyway costs nothing.
    vetted
        && !value
            .as_bytes()
            .windows(b"javascript:".len())
            .any(|w| w.eq_ignore_ascii_case(b"javascript:"))
}

pub(super) fn is_paint(name: &str) -> bool {
    matches!(name, "fill" | "stroke")
}

/// Which functions a run of tokens may call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Context {
    Value,
    Selector,
}

pub(super) type Refused = ParseError<()>;

pub(super) fn refused() -> Refused {
    ParseError::custom(())
}

/// Tokens written back as CSS, with `/**/` between two tokens that would otherwise read
/// back as one (`ur/**/l(` stays two tokens), and runs of whitespace as one space (none at
/// the ends or just inside brackets, where it means nothing).
#[derive(Default)]
pub(super) struct Writer {
    /// The text written so far.
    pub out: String,
    last: TokenSerializationType,
    /// Whitespace was seen since the last token.
    space: bool,
    /// A token other than an opening one was written since the start or the last opening.
    mid: bool,
}

impl Writer {
    fn token(&mut self, token: &Token) {
        if let Token::WhiteSpace(_) = token {
            self.space = self.mid;
            return;
        }
        let kind = token.serialization_type();
        if std::mem::take(&mut self.space) {
            self.out.push(' ');
        } else if self.last.needs_separator_when_before(kind) {
            self.out.push_str("/**/");
        }
        // Writing to a String cannot fail.
        let _ = token.to_css(&mut self.out);
        self.last = kind;
        self.mid = !matches!(
            token,
            Token::Function(_) | Token::ParenthesisBlock | Token::SquareBracketBlock
        );
    }

    fn close(&mut self, bracket: char) {
        self.space = false;
        self.out.push(bracket);
        self.last = TokenSerializationType::Other;
        self.mid = true;
    }

    /// A number, as written when its text is plain (digits, sign, point, exponent, a unit of
    /// letters or `%`): cssparser keeps an f32 and writes six digits, and a logo's stroke
    /// widths and font sizes often have more. Anything else (an escape, a comment the
    /// tokenizer skipped before it) is written by cssparser.
    fn number(&mut self, token: &Token, source: &str) {
        let plain = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'+' | b'-' | b'%');
        if source.is_empty() || !source.bytes().all(plain) {
            return self.token(token);
        }
        let kind = token.serialization_type();
        if std::mem::take(&mut self.space) {
            self.out.push(' ');
        } else if self.last.needs_separator_when_before(kind) {
            self.out.push_str("/**/");
        }
        self.out.push_str(source);
        self.last = kind;
        self.mid = true;
    }

    /// A same-document reference, written unquoted (what every renderer reads).
    fn fragment_url(&mut self, id: &str) {
        self.token(&Token::UnquotedUrl(CowRcStr::from(format!("#{id}"))));
    }
}

/// Vets and writes the tokens of `input` up to its end (a delimited parser stops at the
/// end of its declaration, prelude or block). Refuses the whole run on anything not allowed.
pub(super) fn component_values(
    input: &mut Parser,
    context: Context,
    depth: usize,
    out: &mut Writer,
) -> Result<(), Refused> {
    loop {
        let start = input.position();
        let Ok(token) = input.next_including_whitespace() else {
            break;
        };
        let token = token.clone();
        let close = match &token {
            Token::Function(name) if name.eq_ignore_ascii_case("url") => {
                if context != Context::Value {
                    return Err(refused());
                }
                let id = input.parse_nested_block(|arg| {
                    let id = arg.expect_string_cloned().map_err(|_| refused())?;
                    arg.expect_exhausted().map_err(|_| refused())?;
                    Ok(id)
                })?;
                out.fragment_url(fragment(&id).ok_or_else(refused)?);
                continue;
            }
            Token::UnquotedUrl(url) if context == Context::Value => {
                out.fragment_url(fragment(url).ok_or_else(refused)?);
                continue;
            }
            Token::Function(name) => {
                let allowed = match context {
                    Context::Value => VALUE_FUNCTIONS,
                    Context::Selector => SELECTOR_FUNCTIONS,
                };
                if !allowed.iter().any(|f| name.eq_ignore_ascii_case(f)) {
                    return Err(refused());
                }
                ')'
            }
            // A logo's strings are font names and attribute values; one that looks like a URL
            // or like more CSS (a string left open runs to the end of the input) goes.
            Token::QuotedString(text) if text.contains(URL_LIKE) => return Err(refused()),
            Token::ParenthesisBlock => ')',
            Token::SquareBracketBlock => ']',
            // Blocks have no place in a value or selector; the bad tokens are what a browser
            // reads from a broken string or url; `<!--`, `-->`, at-keywords, stray closers
            // and a lone backslash (which could start an escape once written next to
            // something else) are never needed either.
            Token::CurlyBracketBlock
            | Token::UnquotedUrl(_)
            | Token::BadUrl(_)
            | Token::BadString(_)
            | Token::CDO
            | Token::CDC
            | Token::AtKeyword(_)
            | Token::CloseParenthesis
            | Token::CloseSquareBracket
            | Token::CloseCurlyBracket
            | Token::Delim('\\') => return Err(refused()),
            Token::Number { .. } | Token::Percentage { .. } | Token::Dimension { .. } => {
                out.number(&token, input.slice_from(start));
                continue;
            }
            _ => {
                out.token(&token);
                continue;
            }
        };
        if depth >= MAX_BLOCK_DEPTH {
            return Err(refused());
        }
        out.token(&token);
        input.parse_nested_block(|inner| component_values(inner, context, depth + 1, out))?;
        out.close(close);
    }
    Ok(())
}

/// The id of a same-document reference `#id`, if the id is made of XML name characters
/// (ASCII letters, digits, `-`, `_`, `.`, `:`, and non-ASCII ones such as the Chinese of a
/// gradient named by a Chinese Illustrator): written back unquoted, such an id needs no
/// escaping.
fn fragment(url: &str) -> Option<&str> {
    let id = url.trim().strip_prefix('#')?;
    let plain = |c: char| {
        c.is_ascii_alphanumeric()
            || matches!(c, '-' | '_' | '.' | ':')
            || !(c.is_ascii() || c.is_whitespace() || c.is_control())
    };
    (!id.is_empty() && id.chars().all(plain)).then_some(id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::logos::css::sanitize_declarations;

    fn declarations(css: &str) -> String {
        sanitize_declarations(css, &|_| true)
    }

    #[test]
    fn tokens_that_would_merge_get_a_separator() {
        assert_eq!(declarations("font-family:a/**/b"), "font-family:a/**/b");
        assert_eq!(declarations("stroke-width:1/**/2"), "stroke-width:1/**/2");
        assert_eq!(declarations("fill:red  !important"), "fill:red !important");
    }

    #[test]
    fn numbers_keep_their_digits() {
        assert_eq!(
            declarations("stroke-width:4.19874191;opacity:.5;font-size:1.23456789E+1px"),
            "stroke-width:4.19874191;opacity:.5;font-size:1.23456789E+1px"
        );
        // An escaped unit, or a comment before the number, is written by cssparser.
        assert_eq!(declarations("font-size:12\\70 x"), "font-size:12px");
        assert_eq!(declarations("opacity:/**/.5"), "opacity:0.5");
    }

    #[test]
    fn attribute_values_are_vetted_token_by_token() {
        assert!(is_safe_value("M0 0h10v10z"));
        assert!(is_safe_value("url(#a) red"));
        assert!(is_safe_value("url(#未命名的渐变_33)"));
        assert!(!is_safe_value("url(#a\u{2028}b)"));
        assert!(is_safe_value("0;1;0"));
        assert!(!is_safe_value("url(https://e/x)"));
        assert!(!is_safe_value("\\75 rl(https://e/x)"));
        assert!(!is_safe_value("url(\"#a\n\")"));
        assert_eq!(safe_or_none("fill", "u\\rl(//e/x)"), Some("none"));
        assert_eq!(safe_or_none("to", "image-set('x' 1x)"), None);
    }
}
