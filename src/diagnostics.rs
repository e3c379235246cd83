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

    /// Lines `line - 1 ..= line + 1` (1-based `line`) and the 0-based number of the first.
    fn snippet(&self, line: u32) -> (usize, &str) {
        let line = (line.max(1) as usize - 1).min(self.line_starts.len() - 1);
        let first = line.saturating_sub(1);
        let last = (line + 2).min(self.line_starts.len());
        let start = self.line_starts[first];
        let end = self
            .line_starts
            .get(last)
            .copied()
            .unwrap_or(self.text.len());
        (first, &self.text[start..end])
    }
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

/// The few lines around a diagnostic, numbered as in the whole file.
struct Snippet<'a> {
    name: &'a str,
    text: &'a str,
    first_line: usize,
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
            local.column(),
            local.line_count(),
        )))
    }
}

impl<'a> Shown<'a> {
    fn from(d: &'a Diagnostic, source: Option<&'a Source>) -> Self {
        let snippet = source.map(|s| {
            let (first_line, text) = s.snippet(d.line);
            Snippet {
                name: &d.file,
                text,
                first_line,
            }
        });
        // The label covers the rest of the diagnostic's line, from its column.
        let label = snippet.as_ref().map(|s| {
            let line_in_snippet = (d.line.max(1) as usize - 1) - s.first_line;
            let line_start: usize = s
                .text
                .split_inclusive('\n')
                .take(line_in_snippet)
                .map(str::len)
                .sum();
            let line_text = s.text[line_start..].split('\n').next().unwrap_or("");
            // Columns count characters; the label needs a byte offset on a char boundary.
            let col = line_text
                .char_indices()
                .nth(d.column.max(1) as usize - 1)
                .map_or(line_text.len(), |(i, _)| i);
            let len = (line_text.len() - col).clamp(1, 80);
            LabeledSpan::new(d.field.clone(), line_start + col, len)
        });
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
        assert!(out.contains("39 │ line39"), "{out}");
        assert!(!out.contains("line30"), "{out}");
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
