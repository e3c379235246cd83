//! Whitelist filtering of the CSS in logos: `<style>` sheets and `style` attributes (the
//! values themselves, and presentation attributes, are vetted in [`super::css_values`]).
//!
//! CSS is where an SVG can still reach the network after its elements are cleaned:
//! `url(https://…)`, `@import`, `image-set()`, and the escapes, comments, quotes and broken
//! strings that spell them past a hand-written scanner. The text is read by cssparser, which
//! implements the CSS Syntax tokenizer browsers follow, so `\75 rl(`, `ur/**/l(` or a newline
//! in a string mean to this filter what they mean to a browser. A declaration survives only
//! if SVG renders its property, every function in its value is on a short list of harmless
//! ones and every `url()` points inside the document; rules survive only under the nesting
//! at-rules below. The output is written from the vetted tokens, never copied from the input.

use cssparser::{
    AtRuleParser, CowRcStr, DeclarationParser, Parser, ParserState, QualifiedRuleParser,
    RuleBodyItemParser, RuleBodyParser, StyleSheetParser, Token,
};

use super::allow::is_allowed_property;
use super::css_values::{Context, Refused, Writer, component_values, is_paint, refused};

/// Block at-rules whose contents are more rules; every other at-rule (`@import`,
/// `@font-face`, `@namespace`, …) is dropped whole.
const NESTING_AT_RULES: &[&str] = &["media", "supports", "keyframes", "-webkit-keyframes"];

/// Deepest at-rule nesting kept: more is not something a logo needs.
const MAX_RULE_DEPTH: usize = 4;

/// Filters a stylesheet (the text of a `<style>` element). Rules that only select classes
/// for which `class_used` is false are dropped too: exporters leave thousands of them
/// (one CNCF logo has 5,426 rules for 30 elements) and each costs every renderer a match
/// per element. `keep_property` can refuse properties the whitelist allows.
pub(super) fn sanitize_stylesheet(
    css: &str,
    class_used: &dyn Fn(&str) -> bool,
    keep_property: &dyn Fn(&str) -> bool,
) -> String {
    let mut input = Parser::new(css);
    let mut rules = Rules {
        class_used,
        keep_property,
        depth: 0,
    };
    let mut out = String::with_capacity(css.len());
    for rule in StyleSheetParser::new(&mut input, &mut rules).flatten() {
        out.push_str(&rule);
    }
    out
}

/// Filters a declaration list (a `style` attribute or the body of a rule).
pub(super) fn sanitize_declarations(css: &str, keep_property: &dyn Fn(&str) -> bool) -> String {
    let mut input = Parser::new(css);
    declarations(&mut input, keep_property)
}

fn declarations(input: &mut Parser, keep_property: &dyn Fn(&str) -> bool) -> String {
    let mut parser = Declarations { keep_property };
    let mut out = String::new();
    for declaration in RuleBodyParser::new(input, &mut parser).flatten() {
        if !out.is_empty() {
            out.push(';');
        }
        out.push_str(&declaration);
    }
    out
}

/// Parses declarations into `name:value` text.
struct Declarations<'k> {
    keep_property: &'k dyn Fn(&str) -> bool,
}

impl<'i> DeclarationParser<'i> for Declarations<'_> {
    type Declaration = String;
    type Error = ();

    fn parse_value(
        &mut self,
        name: CowRcStr<'i>,
        input: &mut Parser<'i>,
        _: &ParserState,
    ) -> Result<String, Refused> {
        // Property names are ASCII case-insensitive, custom properties (`--x`) are not.
        let name = if name.starts_with("--") {
            name.to_string()
        } else {
            name.to_ascii_lowercase()
        };
        if !is_allowed_property(&name) || !(self.keep_property)(&name) {
            return Err(refused());
        }
        let mut value = Writer::default();
        let value = match component_values(input, Context::Value, 0, &mut value) {
            Ok(()) if !value.out.is_empty() => value.out,
            Ok(()) => return Err(refused()),
            Err(_) if is_paint(&name) => {
                // Browsers paint nothing for such a value; the rest of it is skipped.
                while input.next().is_ok() {}
                "none".to_string()
            }
            Err(e) => return Err(e),
        };
        let mut out = String::with_capacity(name.len() + value.len() + 1);
        // Writing to a String cannot fail.
        let _ = cssparser::serialize_identifier(&name, &mut out);
        out.push(':');
        out.push_str(&value);
        Ok(out)
    }
}

impl<'i> AtRuleParser<'i> for Declarations<'_> {
    type Prelude = ();
    type AtRule = String;
    type Error = ();
}

impl<'i> QualifiedRuleParser<'i> for Declarations<'_> {
    type Prelude = ();
    type QualifiedRule = String;
    type Error = ();
}

impl<'i> RuleBodyItemParser<'i, String, ()> for Declarations<'_> {
    fn parse_declarations(&self) -> bool {
        true
    }

    // No CSS nesting: a rule inside a declaration block is dropped.
    fn parse_qualified(&self) -> bool {
        false
    }
}

/// Parses rules (a stylesheet, or the body of a nesting at-rule) into text, one per line:
/// usvg's CSS parser is quadratic in the length of a line.
struct Rules<'c> {
    class_used: &'c dyn Fn(&str) -> bool,
    keep_property: &'c dyn Fn(&str) -> bool,
    depth: usize,
}

impl<'i> QualifiedRuleParser<'i> for Rules<'_> {
    /// The selector list, written back.
    type Prelude = String;
    type QualifiedRule = String;
    type Error = ();

    fn parse_prelude(&mut self, input: &mut Parser<'i>) -> Result<String, Refused> {
        let start = input.state();
        if selects_only_unused_classes(input, self.class_used) {
            return Err(refused());
        }
        input.reset(&start);
        let mut out = Writer::default();
        component_values(input, Context::Selector, 0, &mut out)?;
        if out.out.is_empty() {
            return Err(refused());
        }
        Ok(out.out)
    }

    fn parse_block(
        &mut self,
        selectors: String,
        _: &ParserState,
        input: &mut Parser<'i>,
    ) -> Result<String, Refused> {
        let body = declarations(input, self.keep_property);
        if body.is_empty() {
            return Err(refused());
        }
        Ok(format!("{selectors}{{{body}}}\n"))
    }
}

impl<'i> AtRuleParser<'i> for Rules<'_> {
    /// `@name prelude`, written back.
    type Prelude = String;
    type AtRule = String;
    type Error = ();

    fn parse_prelude(
        &mut self,
        name: CowRcStr<'i>,
        input: &mut Parser<'i>,
    ) -> Result<String, Refused> {
        let name = name.to_ascii_lowercase();
        if !NESTING_AT_RULES.contains(&name.as_str()) || self.depth >= MAX_RULE_DEPTH {
            return Err(refused());
        }
        let mut prelude = Writer::default();
        component_values(input, Context::Value, 0, &mut prelude)?;
        let mut out = String::from("@");
        // Writing to a String cannot fail.
        let _ = cssparser::serialize_identifier(&name, &mut out);
        if !prelude.out.is_empty() {
            out.push(' ');
            out.push_str(&prelude.out);
        }
        Ok(out)
    }

    fn parse_block(
        &mut self,
        prelude: String,
        _: &ParserState,
        input: &mut Parser<'i>,
    ) -> Result<String, Refused> {
        let mut inner = Rules {
            class_used: self.class_used,
            keep_property: self.keep_property,
            depth: self.depth + 1,
        };
        let mut out = prelude;
        out.push('{');
        for rule in RuleBodyParser::new(input, &mut inner).flatten() {
            out.push_str(&rule);
        }
        out.push_str("}\n");
        Ok(out)
    }
}

impl<'i> DeclarationParser<'i> for Rules<'_> {
    type Declaration = String;
    type Error = ();
}

impl<'i> RuleBodyItemParser<'i, String, ()> for Rules<'_> {
    fn parse_declarations(&self) -> bool {
        false
    }

    fn parse_qualified(&self) -> bool {
        true
    }
}

/// True for a selector list made only of plain class selectors (`.a, .b`), none used.
fn selects_only_unused_classes(input: &mut Parser, class_used: &dyn Fn(&str) -> bool) -> bool {
    let mut selectors = 0;
    loop {
        if !matches!(input.next(), Ok(Token::Delim('.'))) {
            return false;
        }
        let class = match input.next() {
            Ok(Token::Ident(class)) => class.clone(),
            _ => return false,
        };
        if class_used(&class) {
            return false;
        }
        selectors += 1;
        match input.next() {
            Ok(Token::Comma) => {}
            Err(_) => return selectors > 0,
            Ok(_) => return false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn any(_: &str) -> bool {
        true
    }

    fn declarations(css: &str) -> String {
        sanitize_declarations(css, &any)
    }

    fn sheet(css: &str) -> String {
        sanitize_stylesheet(css, &any, &any)
    }

    #[test]
    fn declarations_keep_paint_and_drop_fetches() {
        assert_eq!(
            declarations("fill: url(#g1); stroke:#000 ; opacity:.5"),
            "fill:url(#g1);stroke:#000;opacity:.5"
        );
        assert_eq!(
            declarations("fill:url(http://evil/x.svg#a);stroke:red"),
            "fill:none;stroke:red"
        );
        assert_eq!(declarations("fill:url( '#g' )"), "fill:url(#g)");
        assert_eq!(
            declarations("mask:url( 'https://e/x' );fill:blue"),
            "fill:blue"
        );
        assert_eq!(declarations("width:expression(alert(1))"), "");
        assert_eq!(declarations("fill:u\\72 l(http://e)"), "fill:none");
        assert_eq!(declarations("filter:ur/**/l(http://e)"), "");
        assert_eq!(declarations("mask:image-set('x.png' 1x)"), "");
        assert_eq!(
            declarations("transform:matrix(1,0,0,1,0,0);fill:rgb(1 2 3)"),
            "transform:matrix(1,0,0,1,0,0);fill:rgb(1 2 3)"
        );
        assert_eq!(declarations("fill:javascript:alert(1)"), "fill:none");
    }

    #[test]
    fn properties_outside_the_whitelist_are_dropped() {
        assert_eq!(
            declarations("behavior:url(#a);-inkscape-font-specification:Sans;FILL:Red"),
            "fill:Red"
        );
        let no_filters = |p: &str| p != "filter";
        assert_eq!(
            sanitize_declarations("filter:url(#f);fill:red", &no_filters),
            "fill:red"
        );
    }

    #[test]
    fn stylesheet_drops_imports_font_faces_and_bad_declarations() {
        let css = "@import url(https://fonts.example/css);\n\
                   /* c */ .a{fill:url(#grad);stroke:url(https://e/a)}\n\
                   @font-face{font-family:X;src:url(https://e/f.woff)}\n\
                   @media (prefers-color-scheme:dark){.b > .c{fill:#fff}}\n\
                   .d{font-family:'Open Sans', sans-serif}";
        assert_eq!(
            sheet(css),
            ".a{fill:url(#grad);stroke:none}\n@media (prefers-color-scheme:dark){.b > .c{fill:#fff}\n}\n\
             .d{font-family:\"Open Sans\", sans-serif}\n"
        );
    }

    #[test]
    fn stylesheet_survives_garbage() {
        assert_eq!(sheet(".a{fill:red"), ".a{fill:red}\n");
        assert_eq!(sheet("}}}{{{"), "");
        assert_eq!(sheet("@import 'x.css'"), "");
        assert_eq!(sheet(".a{font-family:'}'}.b{fill:red}"), ".b{fill:red}\n");
        assert_eq!(
            sheet(".a{font-family:'A B', C}"),
            ".a{font-family:\"A B\", C}\n"
        );
        let deep = "@media a{".repeat(50) + &"}".repeat(50);
        assert!(sheet(&deep).len() < 100);
        let parens = format!("a{{opacity:{}1{}}}", "calc(".repeat(100), ")".repeat(100));
        assert_eq!(sheet(&parens), "");
    }

    #[test]
    fn references_to_non_ascii_ids_are_kept() {
        // Illustrator in Chinese names gradients 未命名的渐变 ("unnamed gradient").
        assert_eq!(
            sheet(".cls-1{fill:url(#未命名的渐变_33);}"),
            ".cls-1{fill:url(#未命名的渐变_33)}\n"
        );
    }

    #[test]
    fn rules_for_unused_classes_are_dropped() {
        let used = |c: &str| c == "st1";
        assert_eq!(
            sanitize_stylesheet(
                ".st0{fill:red}.st1{fill:blue}.st0, .st1{opacity:.5}\
                 .st2, rect{fill:none}g .st3{fill:red}",
                &used,
                &any
            ),
            ".st1{fill:blue}\n.st0, .st1{opacity:.5}\n.st2, rect{fill:none}\ng .st3{fill:red}\n"
        );
    }

    #[test]
    fn keyframes_and_selectors_keep_their_shape() {
        assert_eq!(
            sheet("@keyframes spin{from{transform:rotate(0)}50%{transform:rotate(180deg)}}"),
            "@keyframes spin{from{transform:rotate(0)}\n50%{transform:rotate(180deg)}\n}\n"
        );
        assert_eq!(
            sheet("g:not(.a) > [id^=\"x\"]:nth-child(2n+1){fill:red}"),
            // The tokenizer reads `2n` `+1`; the separator is conservative, and harmless.
            "g:not(.a) > [id^=\"x\"]:nth-child(2n/**/+1){fill:red}\n"
        );
        assert_eq!(sheet("a:url(x){fill:red}"), "");
    }
}
