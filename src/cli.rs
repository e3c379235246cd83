//! Command-line arguments (clap). Only parsing lives here; `main.rs` calls into the stages.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::diagnostics::Format;
use crate::load::Inputs;
use crate::sources::Remote;

/// Generate a cloud native landscape website (and poster) from a landscape.yml.
#[derive(Debug, Parser)]
#[command(name = "landscape", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check landscape.yml, settings.yml, guide.yml and the logos; report every problem.
    ///
    /// Example: `landscape validate --format github` in a pull request's CI job.
    Validate(ValidateArgs),
    /// Validate, then build the static site into --out (default `site/`).
    ///
    /// Example: `landscape build --data landscape.yml --out site`
    Build(BuildArgs),
    /// Serve a built site on 127.0.0.1 (and rebuild on changes with --watch).
    ///
    /// Example: `landscape serve --watch`
    Serve(ServeArgs),
    /// Export the landscape as a printable poster (SVG, PDF or PNG), without a browser.
    ///
    /// Example: `landscape export --format pdf --paper a1 --out landscape.pdf`
    Export(ExportArgs),
    /// Add an item to landscape.yml at its place, and its logo to the logos directory; nothing
    /// is written unless the landscape still validates. Asks for missing values on a terminal.
    ///
    /// Example: `landscape add --category Runtime --subcategory "Container Runtime" --name Foo
    /// --homepage https://foo.dev --logo ~/foo.svg`
    Add(AddArgs),
    /// Show what a change to the landscape does, compared with a git revision or other files.
    ///
    /// Example: `landscape diff --base origin/main --format markdown --preview previews`
    Diff(DiffArgs),
    /// Print the JSON Schema of landscape.yml, settings.yml or guide.yml, for editors.
    ///
    /// Example: `landscape schema data > .schema/landscape.json`
    Schema {
        /// Which file's schema.
        #[arg(value_enum, value_name = "FILE-KIND")]
        kind: ValidatePart,
    },
    /// Create a small working landscape in DIR to start from.
    ///
    /// Example: `landscape new my-landscape`
    New {
        /// Directory to create (must not exist or be empty).
        #[arg(required_unless_present = "output_dir")]
        dir: Option<PathBuf>,
        /// The same, as landscape2's `new --output-dir DIR` names it.
        #[arg(long, hide = true, conflicts_with = "dir")]
        output_dir: Option<PathBuf>,
    },
}

/// Where the landscape's input files are.
#[derive(Debug, Clone, Args)]
pub struct InputArgs {
    /// The data file. Example: `--data ../landscape/landscape.yml`
    #[arg(
        long,
        visible_alias = "data-file",
        default_value = "landscape.yml",
        value_name = "FILE"
    )]
    pub data: PathBuf,
    /// Settings file [default: settings.yml beside the data file, when present].
    /// Example: `--settings settings.yml`
    #[arg(long, visible_alias = "settings-file", value_name = "FILE")]
    pub settings: Option<PathBuf>,
    /// Guide file [default: guide.yml beside the data file, when present].
    /// Example: `--guide guide.yml`
    #[arg(long, visible_alias = "guide-file", value_name = "FILE")]
    pub guide: Option<PathBuf>,
    /// Logos directory [default: hosted_logos/ beside the data file when present, else logos/].
    /// Example: `--logos hosted_logos`
    #[arg(long, visible_alias = "logos-path", value_name = "DIR")]
    pub logos: Option<PathBuf>,
    /// Cache directory for processed logos and GitHub data [default: the user's cache dir].
    /// Example: `--cache .cache/landscape`
    #[arg(long, visible_alias = "cache-dir", value_name = "DIR")]
    pub cache: Option<PathBuf>,
    /// The data file fetched from a URL instead, as landscape2 takes it (the fetched copies
    /// of every URL input are kept in the cache and revalidated on the next run).
    /// Example: `--data-url https://raw.githubusercontent.com/cncf/landscape/master/landscape.yml`
    #[arg(long, value_name = "URL", conflicts_with = "data")]
    pub data_url: Option<url::Url>,
    /// The settings file fetched from a URL instead.
    #[arg(long, value_name = "URL", conflicts_with = "settings")]
    pub settings_url: Option<url::Url>,
    /// The guide fetched from a URL instead.
    #[arg(long, value_name = "URL", conflicts_with = "guide")]
    pub guide_url: Option<url::Url>,
    /// Where logos are fetched from instead: each logo is `<URL>/<file name>`.
    /// Example: `--logos-url https://raw.githubusercontent.com/cncf/landscape/master/hosted_logos`
    #[arg(long, value_name = "URL", conflicts_with = "logos")]
    pub logos_url: Option<url::Url>,
    /// landscape2's quiz data; there is no quiz here, so it is ignored with a note.
    #[arg(long, hide = true, value_name = "FILE")]
    pub games_file: Option<PathBuf>,
}

impl InputArgs {
    /// The inputs named by URL.
    pub fn remote(&self) -> Remote {
        Remote {
            data: self.data_url.clone(),
            settings: self.settings_url.clone(),
            guide: self.guide_url.clone(),
            logos: self.logos_url.clone(),
        }
    }

    /// Resolves defaults next to the data file. With `--data-url` nothing beside a local
    /// default belongs to the landscape: only the files named are used.
    pub fn inputs(&self) -> Inputs {
        if self.data_url.is_some() {
            return Inputs {
                data: self.data.clone(),
                settings: self.settings.clone(),
                guide: self.guide.clone(),
                logos: self.logos.clone().unwrap_or_default(),
            };
        }
        let found = Inputs::beside(&self.data);
        Inputs {
            data: found.data,
            settings: self.settings.clone().or(found.settings),
            guide: self.guide.clone().or(found.guide),
            logos: self.logos.clone().unwrap_or(found.logos),
        }
    }

    /// The cache directory: `--cache`, or the user's cache dir.
    pub fn cache_dir(&self) -> PathBuf {
        self.cache
            .clone()
            .unwrap_or_else(crate::enrich::default_cache_dir)
    }
}

/// The one file `validate` may be limited to, named as landscape2's `validate` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ValidatePart {
    Data,
    Settings,
    Guide,
}

/// `landscape validate`.
#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Report only the problems of this file (`landscape validate data --data-file
    /// landscape.yml` as with landscape2); every file by default.
    #[arg(value_enum, value_name = "FILE-KIND")]
    pub part: Option<ValidatePart>,
    #[command(flatten)]
    pub input: InputArgs,
    /// Output format: human (snippets), github (PR annotations) or json.
    #[arg(long, value_enum, default_value = "human")]
    pub format: Format,
    /// Exit 1 on warnings too.
    #[arg(long)]
    pub strict: bool,
}

/// `landscape build`.
#[derive(Debug, Clone, Args)]
pub struct BuildArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// Set by `serve --watch`: builds for a live preview leave out landscape2's
    /// `docs/landscape.{png,pdf}` screenshots, which take seconds to draw.
    #[arg(skip)]
    pub preview: bool,
    /// Output directory, replaced whole when the build succeeds. Example: `--out public`
    #[arg(
        long,
        visible_alias = "output-dir",
        default_value = "site",
        value_name = "DIR"
    )]
    pub out: PathBuf,
    /// Build the valid items even when some have errors, listing what was skipped.
    #[arg(long)]
    pub keep_going: bool,
    /// Directory of tera templates replacing the built-in ones (same names:
    /// base.html, index.html, item.html, guide.html, 404.html). Example: `--templates theme`
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// Format of the problems printed: human, github or json.
    #[arg(long, value_enum, default_value = "human")]
    pub format: Format,
    /// Fetch repository data (stars, commits, ...) from GitHub (GITHUB_TOKENS / GITHUB_TOKEN)
    /// and from GitLab and Gitea hosts (gitlab.com, codeberg.org, LANDSCAPE_GITLAB_HOSTS,
    /// LANDSCAPE_GITEA_HOSTS). On by default when GITHUB_TOKENS is set, as with landscape2.
    /// Example: `--repos` (same as `--github`)
    #[arg(long, alias = "repos", conflicts_with = "no_github")]
    pub github: bool,
    /// Do not fetch repository data even when GITHUB_TOKENS is set.
    #[arg(long, alias = "no-repos")]
    pub no_github: bool,
    /// Use only cached GitHub and organization data; send no request. Example: `--github --offline`
    #[arg(long)]
    pub offline: bool,
    /// Age after which cached GitHub data is refetched, e.g. `12h`, `30m`, `2d`.
    #[arg(long, default_value = "24h", value_parser = parse_duration)]
    pub github_ttl: std::time::Duration,
    /// Where organization data (headquarters, employees, funding, ...) of the items'
    /// `crunchbase` URLs comes from [default: crunchbase when CRUNCHBASE_API_KEY is set, else
    /// wikidata]. Example: `--orgs wikidata`
    #[arg(long, value_enum, value_name = "SOURCE", conflicts_with = "no_orgs")]
    pub orgs: Option<crate::enrich::OrgSource>,
    /// Fetch no organization data.
    #[arg(long)]
    pub no_orgs: bool,
    /// Age after which cached organization data and CLOMonitor report summaries are
    /// refetched, e.g. `7d`.
    #[arg(long, default_value = "7d", value_parser = parse_duration)]
    pub orgs_ttl: std::time::Duration,
    /// Do not fetch CLOMonitor report summaries for the items with `clomonitor_name`.
    #[arg(long)]
    pub no_clomonitor: bool,
    /// Also write the printable poster (SVG, PDF, PNG) into `<out>/poster/`.
    #[arg(long)]
    pub posters: bool,
    /// No progress bars.
    #[arg(long, short, alias = "silent")]
    pub quiet: bool,
}

/// `landscape serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub build: BuildArgs,
    /// Site directory to serve [default: the build's --out].
    #[arg(long, visible_alias = "landscape-dir", value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// Address to listen on (loopback by default). Example: `--addr 127.0.0.1:9000`
    #[arg(long, default_value = "127.0.0.1:8000")]
    pub addr: SocketAddr,
    /// Rebuild the site when an input file changes.
    #[arg(long)]
    pub watch: bool,
    /// Accepted for landscape2's command line: the server always stops cleanly.
    #[arg(long, hide = true)]
    pub graceful_shutdown: bool,
}

/// `landscape add`: the new item's values (asked for on a terminal when missing).
#[derive(Debug, Args)]
pub struct AddArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// Category, as landscape.yml names it. Example: `--category Runtime`
    #[arg(long)]
    pub category: Option<String>,
    /// Subcategory of that category. Example: `--subcategory "Container Runtime"`
    #[arg(long)]
    pub subcategory: Option<String>,
    /// The item's name. Example: `--name "Foo Runtime"`
    #[arg(long)]
    pub name: Option<String>,
    /// Homepage (http or https). Example: `--homepage https://foo.dev`
    #[arg(long, value_name = "URL")]
    pub homepage: Option<String>,
    /// Logo file (SVG preferred; PNG or JPEG), copied into the logos directory as
    /// `<name slug>.<ext>`. Example: `--logo ~/Downloads/foo.svg`
    #[arg(long, value_name = "FILE")]
    pub logo: Option<PathBuf>,
    /// Source repository. Example: `--repo https://github.com/foo/foo`
    #[arg(long, value_name = "URL")]
    pub repo: Option<String>,
    /// One-sentence description. Example: `--description "Runs containers"`
    #[arg(long, value_name = "TEXT")]
    pub description: Option<String>,
    /// Crunchbase organization page.
    /// Example: `--crunchbase https://www.crunchbase.com/organization/foo`
    #[arg(long, value_name = "URL")]
    pub crunchbase: Option<String>,
}

/// Poster file formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum PosterFormatArg {
    Svg,
    Pdf,
    Png,
}

/// `landscape export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// File format. Example: `--format png`
    #[arg(long, value_enum)]
    pub format: PosterFormatArg,
    /// Output file. Example: `--out landscape.png`
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// Only this settings group (name or alias). Example: `--group projects`
    #[arg(long, conflicts_with = "category")]
    pub group: Option<String>,
    /// Only this category. Example: `--category Runtime`
    #[arg(long)]
    pub category: Option<String>,
    /// PNG width in pixels. Example: `--width 8000`
    #[arg(long, value_name = "PX")]
    pub width: Option<u32>,
    /// PNG resolution for the paper size. Example: `--dpi 150 --paper a2`
    #[arg(long)]
    pub dpi: Option<u32>,
    /// Paper: a0, a1, a2, a3, a4 or letter (landscape orientation). Example: `--paper a3`
    #[arg(long)]
    pub paper: Option<crate::poster::Paper>,
    /// Portrait orientation instead of landscape.
    #[arg(long)]
    pub portrait: bool,
    /// Print item names under the logos.
    #[arg(long)]
    pub names: bool,
    /// Draw the valid items even when some have errors (they are listed and left out).
    #[arg(long)]
    pub keep_going: bool,
    /// No progress bars.
    #[arg(long, short)]
    pub quiet: bool,
}

/// `landscape diff`: the head is the files named by the usual input flags.
#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("base_source").required(true).args(["base", "base_data"])))]
pub struct DiffArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// The git revision to compare with; its files are read from the repository, the work
    /// tree is left alone. Example: `--base origin/main`
    #[arg(long, value_name = "REV")]
    pub base: Option<String>,
    /// The base's data file, instead of a revision. Example: `--base-data old/landscape.yml`
    #[arg(long, value_name = "FILE", conflicts_with = "base")]
    pub base_data: Option<PathBuf>,
    /// The base's settings file [default: settings.yml beside --base-data, when present].
    #[arg(long, value_name = "FILE", requires = "base_data")]
    pub base_settings: Option<PathBuf>,
    /// The base's guide [default: guide.yml beside --base-data, when present].
    #[arg(long, value_name = "FILE", requires = "base_data")]
    pub base_guide: Option<PathBuf>,
    /// The base's logos directory [default: hosted_logos/ beside --base-data, else logos/].
    #[arg(long, value_name = "DIR", requires = "base_data")]
    pub base_logos: Option<PathBuf>,
    /// Output: human (terminal), markdown (a pull request comment or step summary) or json.
    #[arg(long, value_enum, default_value = "human")]
    pub format: crate::diff::DiffFormat,
    /// Write preview images (PNG) of what changed into DIR; the report links to them.
    /// Example: `--preview previews`
    #[arg(long, value_name = "DIR")]
    pub preview: Option<PathBuf>,
}

impl DiffArgs {
    /// The base's files or revision.
    pub fn base_spec(&self) -> crate::diff::BaseSpec {
        match (&self.base, &self.base_data) {
            (Some(rev), _) => crate::diff::BaseSpec::Git(rev.clone()),
            (None, data) => {
                let found = Inputs::beside(data.clone().unwrap_or_default());
                crate::diff::BaseSpec::Files(Inputs {
                    data: found.data,
                    settings: self.base_settings.clone().or(found.settings),
                    guide: self.base_guide.clone().or(found.guide),
                    logos: self.base_logos.clone().unwrap_or(found.logos),
                })
            }
        }
    }
}

/// Parses `90s`, `30m`, `24h`, `7d`, `1h 30m` (humantime's units); a bare number is hours.
pub fn parse_duration(text: &str) -> Result<std::time::Duration, String> {
    let text = text.trim();
    let hint = "a duration like 30m, 24h or 7d";
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        return text
            .parse::<u64>()
            .ok()
            .and_then(|hours| hours.checked_mul(3600))
            .map(std::time::Duration::from_secs)
            .ok_or_else(|| format!("`{text}` hours is too long for {hint}"));
    }
    humantime::parse_duration(text).map_err(|e| format!("`{text}` is not {hint}: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("24h").unwrap().as_secs(), 86400);
        assert_eq!(parse_duration("30m").unwrap().as_secs(), 1800);
        assert_eq!(parse_duration("90s").unwrap().as_secs(), 90);
        assert_eq!(parse_duration("7d").unwrap().as_secs(), 7 * 86400);
        assert_eq!(parse_duration(" 1h 30m ").unwrap().as_secs(), 5400);
        assert_eq!(parse_duration("2").unwrap().as_secs(), 7200);
        for bad in ["", "5x", "h", "-3h", "24 hours later"] {
            let err = parse_duration(bad).unwrap_err();
            assert!(
                err.contains("is not a duration like 30m, 24h or 7d"),
                "{bad}: {err}"
            );
        }
    }

    #[test]
    fn huge_durations_are_errors_not_overflows() {
        for huge in [
            "18446744073709551615",
            "5124095576030432",
            "5124095576030432h",
        ] {
            let err = parse_duration(huge).unwrap_err();
            assert!(err.contains(huge), "{huge}: {err}");
        }
        assert!(parse_duration("99999999999999999999999d").is_err());
    }

    #[test]
    fn cli_definition_is_consistent() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
