//! `landscape new DIR`: a small working landscape to start from.

use std::path::Path;

use crate::schema::{self, SchemaKind};

/// The files of a new landscape: (path relative to DIR, contents).
const FILES: &[(&str, &str)] = &[
    ("landscape.yml", include_str!("files/landscape.yml")),
    ("settings.yml", include_str!("files/settings.yml")),
    ("guide.yml", include_str!("files/guide.yml")),
    // The built site and the previous build kept beside it are outputs, not sources.
    (".gitignore", "/site\n/.site.*\n"),
    (
        "hosted_logos/example-runtime.svg",
        include_str!("files/hosted_logos/example-runtime.svg"),
    ),
    (
        "hosted_logos/example-metrics.svg",
        include_str!("files/hosted_logos/example-metrics.svg"),
    ),
    (
        "hosted_logos/example-tracing.svg",
        include_str!("files/hosted_logos/example-tracing.svg"),
    ),
];

/// Why a landscape could not be created.
#[derive(Debug, thiserror::Error)]
pub enum ScaffoldError {
    #[error("{0} exists and is not empty: choose a new directory")]
    NotEmpty(String),
    #[error("cannot write {path}: {source}")]
    Write {
        path: String,
        source: std::io::Error,
    },
}

/// Writes a new landscape into `dir`, which must not exist or be empty.
pub fn create(dir: &Path) -> Result<(), ScaffoldError> {
    if dir.exists()
        && std::fs::read_dir(dir)
            .map(|mut d| d.next().is_some())
            .unwrap_or(true)
    {
        return Err(ScaffoldError::NotEmpty(dir.display().to_string()));
    }
    // The input files start with a modeline pointing editors at their schema, written
    // beside them so completion works offline.
    let mut files: Vec<(&str, String)> = Vec::new();
    for (rel, text) in FILES {
        let modeline = (SchemaKind::ALL.into_iter())
            .find(|kind| kind.file_name() == *rel)
            .map(SchemaKind::modeline)
            .unwrap_or_default();
        files.push((rel, format!("{modeline}{text}")));
    }
    for kind in SchemaKind::ALL {
        files.push((kind.schema_path(), schema::to_text(kind)));
    }
    for (rel, text) in files {
        let path = dir.join(rel);
        let err = |source| ScaffoldError::Write {
            path: path.display().to_string(),
            source,
        };
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(err)?;
        }
        std::fs::write(&path, text).map_err(err)?;
    }
    Ok(())
}
