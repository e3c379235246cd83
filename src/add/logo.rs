//! The new item's logo: checked as validation checks logos, named after the item, and
//! copied into the logos directory without ever replacing another file.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::AddError;
use crate::fs_safety::{Refusal, read_regular};
use crate::logos::{self, LogoFormat, MAX_LOGO_BYTES, ProcessOptions};
use crate::model::slugify;

/// A checked logo and where it goes.
#[derive(Debug)]
pub struct Logo {
    /// Its name in the logos directory (the item's `logo` field).
    pub name: String,
    pub target: PathBuf,
    pub bytes: Vec<u8>,
    /// A file with exactly these bytes is already there.
    pub present: bool,
}

/// The name the logo `file` of the item `item_name` gets: the name's slug and the file's
/// extension, which must be one of a logo's.
pub fn name_for(file: &Path, item_name: &str) -> Result<String, AddError> {
    let ext = file
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    if !matches!(ext.as_str(), "svg" | "png" | "jpg" | "jpeg") {
        return Err(AddError::Refused(format!(
            "logo file {}: a logo must be an .svg (preferred), .png or .jpg file",
            file.display()
        )));
    }
    Ok(format!("{}.{ext}", slugify(item_name)))
}

/// Reads and checks the logo `file`, to be named `name` in `logos_dir`.
pub fn prepare(file: &Path, name: &str, logos_dir: &Path) -> Result<Logo, AddError> {
    let shown = file.display();
    let bytes = read_regular(file, MAX_LOGO_BYTES).map_err(|refusal| {
        AddError::Refused(match refusal {
            Refusal::Missing(_) => format!("logo file {shown} does not exist"),
            other => format!("logo file {shown} cannot be read: {other}"),
        })
    })?;
    let expected = match name.rsplit('.').next() {
        Some("svg") => LogoFormat::Svg,
        Some("png") => LogoFormat::Png,
        _ => LogoFormat::Jpeg,
    };
    let bad = |why: String| AddError::Refused(format!("logo file {shown}: {why}"));
    let format = logos::check(name, &bytes).map_err(|p| bad(format!("{p} ({})", p.hint())))?;
    if format != expected {
        return Err(bad(format!(
            "its content is {format:?} but its extension says {expected:?}; rename it"
        )));
    }
    // The sanitizer is what publishes it: a logo it refuses is refused here.
    let opts = ProcessOptions {
        adjust_viewbox: true,
    };
    logos::process(name, &bytes, &opts).map_err(|p| bad(format!("{p} ({})", p.hint())))?;
    if !logos_dir.is_dir() {
        return Err(AddError::Refused(format!(
            "the logos directory {} does not exist (name it with --logos DIR)",
            logos_dir.display()
        )));
    }
    let target = logos_dir.join(name);
    let present = match std::fs::symlink_metadata(&target) {
        Err(_) => false,
        Ok(meta) if meta.file_type().is_file() && std::fs::read(&target)? == bytes => true,
        Ok(_) => {
            return Err(AddError::Refused(format!(
                "{} already exists with different content; remove or rename it, or pick \
                 another item name",
                target.display()
            )));
        }
    };
    Ok(Logo {
        name: name.to_string(),
        target,
        bytes,
        present,
    })
}

/// A logo written by this run: removed again when dropped, unless kept.
#[derive(Debug)]
pub struct Placed {
    path: Option<PathBuf>,
}

impl Placed {
    /// The logo stays.
    pub fn keep(mut self) {
        self.path = None;
    }
}

impl Drop for Placed {
    fn drop(&mut self) {
        if let Some(path) = self.path.take() {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// Writes the logo into the logos directory (through a temporary file there, renamed
/// into place only if the name is still free).
pub fn place(logo: &Logo) -> Result<Placed, AddError> {
    if logo.present {
        return Ok(Placed { path: None });
    }
    let dir = logo.target.parent().unwrap_or(Path::new("."));
    let mut temp = tempfile::Builder::new()
        .prefix(".landscape-add-")
        .tempfile_in(dir)?;
    temp.write_all(&logo.bytes)?;
    temp.as_file().sync_all()?;
    temp.persist_noclobber(&logo.target).map_err(|e| {
        AddError::Refused(format!(
            "{} cannot be written: {}",
            logo.target.display(),
            e.error
        ))
    })?;
    Ok(Placed {
        path: Some(logo.target.clone()),
    })
}
