//! Problems found in a landscape's files, and the three ways of printing them:
//! human (with a source snippet), GitHub Actions annotations, and JSON.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::Arc;

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents,
    SourceCode, SourceSpan, SpanContents,
};
use serde::Serialize;

use crate::yaml::Pos;

/// How bad a problem is. An error makes an item unrenderable or unsafe; a warning is wrong
/// but renderable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

/// One problem, located in a file.
#[derive(Debug, Clone, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Stable rule name, e.g. `missing-field`, `bad-url`, `logo-missing`.
    pub code: &'static str,
    pub message: String,
    pub file: String,
    pub line: u32,
    pub column: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub item: Option<String>,
    /// `Category / Subcategory` of the item concerned.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}

impl Diagnostic {
    /// A new diagnostic at `pos` in `file`.
    pub fn new(
        severity: Severity,
        code: &'static str,
        file: &str,
        pos: Pos,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity,
            code,
            message: message.into(),
            file: file.to_string(),
            line: pos.line,
            column: pos.col,
            item: None,
            path: None,
            field: None,
            hint: None,
        }
    }

    /// Adds a hint on how to fix it.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Names the field concerned.
    pub fn field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }
}

/// Every problem of a run, with the sources they point into (for snippets).
#[derive(Debug, Default, Clone)]
pub struct Report {
    pub diagnostics: Vec<Diagnostic>,
    sources: HashMap<String, Source>,
}

/// A file's text with the byte offset of each line, so a snippet is cut out without
/// rescanning a 1 MB file for every diagnostic.
#[derive(Debug, Clone)]
struct Source {
    text: Arc<String>,
    line_starts: Arc<Vec<usize>>,
}

impl Source {
    fn new(text: Arc<String>) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Source {
            text,
            line_starts: Arc::new(line_starts),
        }
    }

    /// The text of line `line` (1-based, without its line break) and its 0-based number.
    fn line(&self, line: u32) -> (usize, &str) {
        let line = (line.max(1) as usize - 1).min(self.line_starts.len() - 1);
        let start = self.line_starts[line];
        let end = self
            .line_starts
            .get(line + 1)
            .copied()
            .unwrap_or(self.text.len());
        let text = &self.text[start..end];
        let text = text.strip_suffix('\n').unwrap_or(text);
        (line, text.strip_suffix('\r').unwrap_or(text))
    }
}

/// Characters of a line a snippet shows at most, and how many of them before the column:
/// a one-line 1 MB file prints a short excerpt, not the file.
const SNIPPET_WIDTH: usize = 160;
const SNIPPET_LEAD: usize = 60;

/// The part of `line` shown around 1-based character column `col`: the excerpt (with `…`
/// where it was cut) and the byte offset of the column in it.
fn excerpt(line: &str, col: u32) -> (String, usize) {
    let col = col.max(1) as usize - 1;
    let chars = line.chars().count();
    let first = if chars <= SNIPPET_WIDTH {
        0
    } else {
        col.min(chars)
            .saturating_sub(SNIPPET_LEAD)
            .min(chars - SNIPPET_WIDTH)
    };
    let mut out = String::new();
    if first > 0 {
        out.push('…');
    }
    let mut col_at = None;
    for (i, c) in line.chars().enumerate().skip(first).take(SNIPPET_WIDTH) {
        if i == col {
            col_at = Some(out.len());
        }
        out.push(c);
    }
    let col_at = col_at.unwrap_or(out.len());
    if first + SNIPPET_WIDTH < chars {
        out.push('…');
    }
    (out, col_at)
}

/// The output format of a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Messages with source snippets, for people.
    Human,
    /// GitHub Actions workflow commands: annotations on the PR's changed lines.
    Github,
    /// One JSON document, for tools.
    Json,
}

impl Report {
    /// Remembers a file's text so diagnostics can quote it.
    pub fn add_source(&mut self, file: &str, text: Arc<String>) {
        self.sources.insert(file.to_string(), Source::new(text));
    }

    /// Names `from` as `to` everywhere (an input fetched from a URL is shown by its URL).
    pub fn rename_file(&mut self, from: &str, to: &str) {
        for d in &mut self.diagnostics {
            if d.file == from {
                d.file = to.to_string();
            }
        }
        if let Some(source) = self.sources.remove(from) {
            self.sources.insert(to.to_string(), source);
        }
    }

    /// Adds problems, keeping them in file/line order.
    pub fn extend(&mut self, diagnostics: impl IntoIterator<Item = Diagnostic>) {
        self.diagnostics.extend(diagnostics);
    }

    /// Sorts by file, line and column so the report reads top to bottom.
    pub fn sort(&mut self) {
        self.diagnostics
            .sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
    }

    /// Number of errors.
    pub fn errors(&self) -> usize {
        self.count(Severity::Error)
    }

    /// Number of warnings.
    pub fn warnings(&self) -> usize {
        self.count(Severity::Warning)
    }

    fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }

    /// Renders the report in `format`; `color` only matters for the human format.
    pub fn render(&self, format: Format, color: bool) -> String {
        match format {
            Format::Human => self.render_human(color),
            Format::Github => self.render_github(),
            Format::Json => self.render_json(),
        }
    }

    fn render_human(&self, color: bool) -> String {
        let theme = if color {
            GraphicalTheme::unicode()
        } else {
            GraphicalTheme::unicode_nocolor()
        };
        let handler = GraphicalReportHandler::new_themed(theme).with_context_lines(1);
        let mut out = String::new();
        for d in &self.diagnostics {
            let shown = Shown::from(d, self.sources.get(&d.file));
            if handler.render_report(&mut out, &shown).is_err() {
                let _ = writeln!(out, "{}:{}:{}: {}", d.file, d.line, d.column, d.message);
            }
        }
        out
    }

    fn render_github(&self) -> String {
        let mut out = String::new();
        for d in &self.diagnostics {
            let level = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            let mut message = d.message.clone();
            if let Some(path) = &d.path {
                let _ = write!(message, " (in {path})");
            }
            if let Some(hint) = &d.hint {
                let _ = write!(message, "\nhint: {hint}");
            }
            let _ = writeln!(
                out,
                "::{level} file={},line={},col={},title={}::{}",
                gh_property(&d.file),
                d.line,
                d.column,
                gh_property(d.code),
                gh_data(&message)
            );
        }
        out
    }

    fn render_json(&self) -> String {
        #[derive(Serialize)]
        struct Out<'a> {
            errors: usize,
            warnings: usize,
            diagnostics: &'a [Diagnostic],
        }
        let out = Out {
            errors: self.errors(),
            warnings: self.warnings(),
            diagnostics: &self.diagnostics,
        };
        serde_json::to_string_pretty(&out).unwrap_or_default() + "\n"
    }

    /// A one-paragraph summary: counts by severity and the most frequent rules.
    pub fn summary(&self) -> String {
        let mut by_code: Vec<(&str, usize)> = Vec::new();
        for d in &self.diagnostics {
            match by_code.iter_mut().find(|(c, _)| *c == d.code) {
                Some((_, n)) => *n += 1,
                None => by_code.push((d.code, 1)),
            }
        }
        by_code.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        let rules: Vec<String> = by_code.iter().map(|(c, n)| format!("{c} ×{n}")).collect();
        let mut s = format!("{} error(s), {} warning(s)", self.errors(), self.warnings());
        if !rules.is_empty() {
            let _ = write!(s, ": {}", rules.join(", "));
        }
        s
    }
}

// GitHub's workflow-command escaping: data escapes % CR LF; properties also : and ,.
fn gh_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn gh_property(s: &str) -> String {
    gh_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// Adapter from our plain diagnostic to miette's rendering.
struct Shown<'a> {
    d: &'a Diagnostic,
    source: Option<Snippet<'a>>,
    label: Option<LabeledSpan>,
    help: Option<String>,
}

/// The diagnostic's line (or an excerpt of it), numbered as in the whole file.
struct Snippet<'a> {
    name: &'a str,
    text: String,
    first_line: usize,
    /// The diagnostic's 0-based column in the whole line, for the `file:line:col` heading
    /// (the excerpt's own columns are shifted by the cut).
    column: usize,
}

impl SourceCode for Snippet<'_> {
    fn read_span<'b>(
        &'b self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, MietteError> {
        let local = self.text.read_span(span, before, after)?;
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.to_string(),
            local.data(),
            *local.span(),
            local.line() + self.first_line,
            // Without context lines miette is asking where the label starts, for the heading.
            if before == 0 {
                self.column
            } else {
                local.column()
            },
            local.line_count(),
        )))
    }
}

impl<'a> Shown<'a> {
    fn from(d: &'a Diagnostic, source: Option<&'a Source>) -> Self {
        let shown_line = source.map(|s| {
            let (number, line) = s.line(d.line);
            let (text, col) = excerpt(line, d.column);
            (
                Snippet {
                    name: &d.file,
                    text,
                    first_line: number,
                    column: d.column.max(1) as usize - 1,
                },
                col,
            )
        });
        // The label covers the rest of the diagnostic's line, from its column.
        let label = shown_line.as_ref().map(|(s, col)| {
            let rest = &s.text[*col..];
            let len = rest.char_indices().nth(80).map_or(rest.len(), |(i, _)| i);
            LabeledSpan::new(d.field.clone(), *col, len)
        });
        let snippet = shown_line.map(|(s, _)| s);
        let source = snippet;
        let mut help = String::new();
        if let Some(item) = &d.item {
            let _ = write!(help, "item: {item}");
            if let Some(path) = &d.path {
                let _ = write!(help, " ({path})");
            }
        }
        if let Some(hint) = &d.hint {
            if !help.is_empty() {
                help.push('\n');
            }
            help.push_str(hint);
        }
        if source.is_none() {
            let _ = write!(help, "\nat {}:{}:{}", d.file, d.line, d.column);
        }
        Shown {
            d,
            source,
            label,
            help: (!help.is_empty()).then_some(help),
        }
    }
}

impl std::fmt::Debug for Shown<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.d.message)
    }
}

impl std::fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.d.message)
    }
}

impl std::error::Error for Shown<'_> {}

impl miette::Diagnostic for Shown<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn std::fmt::Display + 'b>> {
        Some(Box::new(self.d.code))
    }
    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.d.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        })
    }
    fn help<'b>(&'b self) -> Option<Box<dyn std::fmt::Display + 'b>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn std::fmt::Display>)
    }
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.source.as_ref().map(|s| s as &dyn miette::SourceCode)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        self.label
            .clone()
            .map(|l| Box::new(std::iter::once(l)) as Box<dyn Iterator<Item = LabeledSpan>>)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Report {
        let mut r = Report::default();
        let text = Arc::new("a: 1\nhomepage_url: javascript:alert(1)\n".to_string());
        r.add_source("landscape.yml", text);
        let mut d = Diagnostic::new(
            Severity::Error,
            "bad-url",
            "landscape.yml",
            Pos {
                line: 2,
                col: 15,
                offset: 19,
            },
            "homepage_url must be an http(s) URL, got `javascript:`",
        )
        .field("homepage_url")
        .hint("use a https:// address");
        d.item = Some("Evil, Inc".into());
        d.path = Some("Cat: A / Sub".into());
        r.extend([d]);
        r
    }

    #[test]
    fn github_format_escapes_properties_and_data() {
        let out = sample().render(Format::Github, false);
        assert_eq!(
            out,
            "::error file=landscape.yml,line=2,col=15,title=bad-url::homepage_url must be an http(s) URL, got `javascript:` (in Cat: A / Sub)%0Ahint: use a https:// address\n"
        );
    }

    #[test]
    fn human_format_quotes_the_line() {
        let out = sample().render(Format::Human, false);
        assert!(out.contains("homepage_url: javascript:alert(1)"), "{out}");
        assert!(out.contains("landscape.yml:2:15"), "{out}");
        assert!(out.contains("item: Evil, Inc (Cat: A / Sub)"), "{out}");
    }

    #[test]
    fn snippets_keep_real_line_numbers_and_survive_unicode() {
        let mut r = Report::default();
        let text: String = (1..=50).map(|i| format!("line{i}: é{i}\n")).collect();
        r.add_source("f.yml", Arc::new(text));
        let d = Diagnostic::new(
            Severity::Warning,
            "x",
            "f.yml",
            Pos {
                line: 40,
                col: 9,
                offset: 0,
            },
            "m",
        );
        r.extend([d]);
        let out = r.render(Format::Human, false);
        assert!(out.contains("f.yml:40:9"), "{out}");
        assert!(out.contains("40 │ line40: é40"), "{out}");
        assert!(!out.contains("line39"), "{out}");
        assert!(!out.contains("line41"), "{out}");
    }

    fn one_diagnostic(text: String, line: u32, col: u32) -> String {
        let mut r = Report::default();
        r.add_source("f.yml", Arc::new(text));
        let pos = Pos {
            line,
            col,
            offset: 0,
        };
        r.extend([Diagnostic::new(Severity::Error, "x", "f.yml", pos, "m")]);
        r.render(Format::Human, false)
    }

    #[test]
    fn a_long_line_is_cut_around_the_column() {
        let line = format!("{}MARK{}", "a".repeat(500_000), "b".repeat(500_000));
        let out = one_diagnostic(format!("{line}\n"), 1, 500_001);
        assert!(out.contains("f.yml:1:500001"), "{out}");
        assert!(out.contains("…aaaa"), "{out}");
        assert!(out.contains("MARKbbbb"), "{out}");
        assert!(out.len() < 2_000, "{} bytes", out.len());
        let start = one_diagnostic(format!("START{}", "c".repeat(100_000)), 1, 1);
        assert!(start.contains("START"), "{start}");
        assert!(start.len() < 2_000, "{} bytes", start.len());
    }

    #[test]
    fn a_column_past_the_end_of_the_line_still_shows_the_line() {
        let out = one_diagnostic("first\nlast: é\n".into(), 2, 40);
        assert!(out.contains("2 │ last: é"), "{out}");
        assert!(!out.contains("first"), "{out}");
        let empty = one_diagnostic("a: 1\n\nb: 2\n".into(), 2, 1);
        assert!(empty.contains("f.yml:2:1"), "{empty}");
    }

    #[test]
    fn excerpts_keep_the_column_on_its_character() {
        let line: String = "é".repeat(300);
        let (text, col) = excerpt(&line, 200);
        assert!(text.starts_with('…') && text.ends_with('…'), "{text}");
        assert_eq!(text.chars().count(), SNIPPET_WIDTH + 2);
        assert_eq!(text[..col].chars().count(), SNIPPET_LEAD + 1);
        assert_eq!(excerpt("short", 3), ("short".to_string(), 2));
    }

    #[test]
    fn json_format_counts() {
        let v: serde_json::Value =
            serde_json::from_str(&sample().render(Format::Json, false)).unwrap();
        assert_eq!(v["errors"], 1);
        assert_eq!(v["diagnostics"][0]["line"], 2);
        assert_eq!(v["diagnostics"][0]["item"], "Evil, Inc");
    }
}
