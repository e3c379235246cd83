//! Writing an output directory safely: into a temporary directory beside it, swapped in
//! only when complete, so a failed or interrupted build leaves the previous output intact.

use std::path::{Path, PathBuf};

use crate::site::BuildError;

/// A temporary output directory beside the real one, swapped in by [`Staging::commit`] and
/// removed if dropped before that.
pub struct Staging {
    dir: Option<tempfile::TempDir>,
    out: PathBuf,
}

impl Staging {
    pub fn new(out: &Path) -> Result<Self, BuildError> {
        let err = |source| BuildError::Output {
            path: out.to_path_buf(),
            source,
        };
        let parent = match out.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&parent).map_err(err)?;
        let name = out
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_else(|| "site".into());
        remove_stale(&parent, &name);
        let dir = tempfile::Builder::new()
            .prefix(&format!(".{name}.building-"))
            .tempdir_in(&parent)
            .map_err(err)?;
        Ok(Staging {
            dir: Some(dir),
            out: out.to_path_buf(),
        })
    }

    pub fn path(&self) -> &Path {
        self.dir.as_ref().map_or(Path::new("."), |d| d.path())
    }

    /// Moves the finished site into place; the old one is removed only afterwards.
    pub fn commit(mut self) -> Result<(), BuildError> {
        let err = |source| BuildError::Output {
            path: self.out.clone(),
            source,
        };
        let Some(dir) = self.dir.take() else {
            return Ok(());
        };
        let new = dir.keep();
        let mut old = None;
        if self.out.exists() {
            let parked = self.out.with_file_name(format!(
                ".{}.old-{}",
                self.out
                    .file_name()
                    .map_or("site".into(), |n| n.to_string_lossy()),
                std::process::id()
            ));
            std::fs::rename(&self.out, &parked).map_err(err)?;
            old = Some(parked);
        }
        if let Err(e) = std::fs::rename(&new, &self.out) {
            if let Some(parked) = &old {
                let _ = std::fs::rename(parked, &self.out);
            }
            let _ = std::fs::remove_dir_all(&new);
            return Err(err(e));
        }
        // Deleting thousands of old files is slow and nobody waits for it: do it in the
        // background. If the process exits first, the next build removes the rest.
        if let Some(parked) = old {
            std::thread::spawn(move || std::fs::remove_dir_all(parked));
        }
        Ok(())
    }
}

/// Removes leftovers of interrupted builds (`.site.building-*`, `.site.old-*`).
fn remove_stale(parent: &Path, name: &str) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let file = entry.file_name().to_string_lossy().to_string();
        if file.starts_with(&format!(".{name}.building-"))
            || file.starts_with(&format!(".{name}.old-"))
        {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}
