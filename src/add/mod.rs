//! `landscape add`: a contributor's new item, written into `landscape.yml` where it belongs
//! (and its logo into the logos directory) only once the whole landscape still validates.
//!
//! The steps: check the values (URLs, the logo as validation checks it), splice the entry
//! into the file's text ([`insert`]), validate the edited landscape with the normal pipeline
//! beside the original, and only when it has no error the original did not have, rename the
//! edited file over the original. Any failure leaves both the data file and the logos
//! directory as they were.

pub mod insert;
pub mod logo;
pub mod prompt;
pub mod quote;

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, Report, Severity};
use crate::load::Inputs;
use crate::load::urls::{self, UrlKind, UrlProblem};
use crate::prepare;
pub use insert::{Entry, Placement};

/// Why nothing was added.
#[derive(Debug, thiserror::Error)]
pub enum AddError {
    /// A value or the data file is not fit (the message says which and why).
    #[error("{0}")]
    Refused(String),
    /// The edited landscape has errors the original did not have: these.
    #[error("the landscape would have {} new error(s)", .0.errors())]
    Invalid(Report),
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

/// What the contributor gives; `None` is not given (yet).
#[derive(Debug, Clone, Default)]
pub struct Fields {
    pub category: Option<String>,
    pub subcategory: Option<String>,
    pub name: Option<String>,
    pub homepage: Option<String>,
    pub logo: Option<PathBuf>,
    pub repo: Option<String>,
    pub description: Option<String>,
    pub crunchbase: Option<String>,
}

impl Fields {
    /// The flags of the required values not given.
    pub fn missing(&self) -> Vec<&'static str> {
        let mut missing = Vec::new();
        let checks = [
            (self.category.is_none(), "--category"),
            (self.subcategory.is_none(), "--subcategory"),
            (self.name.is_none(), "--name"),
            (self.homepage.is_none(), "--homepage"),
            (self.logo.is_none(), "--logo"),
        ];
        for (absent, flag) in checks {
            if absent {
                missing.push(flag);
            }
        }
        missing
    }
}

/// The outcome of a successful `add`.
#[derive(Debug, Clone)]
pub struct Added {
    /// Line of the new entry in the data file.
    pub line: u32,
    pub placement: Placement,
    /// The logo's name in the logos directory.
    pub logo: String,
    /// The logos directory already held this very file.
    pub logo_reused: bool,
    /// Warnings the new entry brought (it was written: warnings do not block).
    pub warnings: Report,
}

/// Adds the item `fields` describes (all required values given) to the landscape of
/// `inputs`. `cache` is the logo check cache validation uses.
pub fn add(inputs: &Inputs, cache: Option<PathBuf>, fields: &Fields) -> Result<Added, AddError> {
    let missing = fields.missing();
    if !missing.is_empty() {
        return Err(AddError::Refused(format!("missing {}", missing.join(", "))));
    }
    let given = |v: &Option<String>| v.clone().unwrap_or_default();
    let name = given(&fields.name);
    if name.trim().is_empty() {
        return Err(AddError::Refused("--name is empty".into()));
    }
    check_url("--homepage", "homepage_url", fields.homepage.as_deref())?;
    check_url("--repo", "repo_url", fields.repo.as_deref())?;
    check_url("--crunchbase", "crunchbase", fields.crunchbase.as_deref())?;
    let source = std::fs::read_to_string(&inputs.data)
        .map_err(|e| AddError::Refused(format!("cannot read {}: {e}", inputs.data.display())))?;
    let logo_file = fields.logo.as_deref().expect("checked above");
    let entry = Entry {
        logo: logo::name_for(logo_file, &name)?,
        name,
        description: fields.description.clone(),
        homepage_url: given(&fields.homepage),
        repo_url: fields.repo.clone(),
        crunchbase: fields.crunchbase.clone(),
    };
    let category = given(&fields.category);
    let subcategory = given(&fields.subcategory);
    // Where it goes (and whether the name is free) before the logo: a wrong category is
    // the likelier mistake, and its message the more useful.
    let inserted = insert::insert(&source, &category, &subcategory, &entry)?;
    let logo = logo::prepare(logo_file, &entry.logo, &inputs.logos)?;

    let before = prepare::validate(inputs, cache.clone());
    let placed = logo::place(&logo)?;
    let dir = inputs
        .data
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut temp = tempfile::Builder::new()
        .prefix(".landscape-add-")
        .suffix(".yml")
        .tempfile_in(dir)?;
    temp.write_all(inserted.text.as_bytes())?;
    temp.as_file().sync_all()?;
    std::fs::set_permissions(temp.path(), std::fs::metadata(&inputs.data)?.permissions())?;
    let edited = Inputs {
        data: temp.path().to_path_buf(),
        ..inputs.clone()
    };
    let mut after = prepare::validate(&edited, cache);
    after.rename_file(
        &edited.data.display().to_string(),
        &inputs.data.display().to_string(),
    );
    let new = introduced(&before, after);
    if new.errors() > 0 {
        return Err(AddError::Invalid(new));
    }
    temp.persist(&inputs.data).map_err(|e| e.error)?;
    let logo_reused = logo.present;
    placed.keep();
    Ok(Added {
        line: inserted.line,
        placement: inserted.placement,
        logo: logo.name,
        logo_reused,
        warnings: new,
    })
}

/// Refuses a link that is not a plain http(s) URL. A link on another site than its field's
/// is only a warning in validation, so it is let through and the warning shown.
fn check_url(flag: &str, field: &str, value: Option<&str>) -> Result<(), AddError> {
    let Some(value) = value else {
        return Ok(());
    };
    match urls::check(UrlKind::of_field(field), value) {
        Ok(()) | Err(UrlProblem::WrongSite { .. } | UrlProblem::NotCrunchbaseOrganization) => {
            Ok(())
        }
        Err(problem) => Err(AddError::Refused(format!(
            "{flag} `{value}`: {problem} ({})",
            problem.hint()
        ))),
    }
}

/// The problems of `after` that `before` does not have. Lines move with the insertion, so
/// problems are told apart by severity, rule, item, path and field; each counts once.
fn introduced(before: &Report, mut after: Report) -> Report {
    type Key = (
        bool,
        &'static str,
        Option<String>,
        Option<String>,
        Option<String>,
    );
    let key = |d: &Diagnostic| -> Key {
        let error = d.severity == Severity::Error;
        (
            error,
            d.code,
            d.item.clone(),
            d.path.clone(),
            d.field.clone(),
        )
    };
    let mut known: HashMap<Key, usize> = HashMap::new();
    for d in &before.diagnostics {
        *known.entry(key(d)).or_default() += 1;
    }
    after.diagnostics.retain(|d| match known.get_mut(&key(d)) {
        Some(n) if *n > 0 => {
            *n -= 1;
            false
        }
        _ => true,
    });
    after
}
