//! The foundation's own images named in settings.yml: header and footer logos, the favicon
//! and the social card image (`images.open_graph`).
//!
//! A URL is linked as it is (a build never fetches it). A local path, relative to
//! settings.yml, comes from whoever edits settings and is untrusted like an item logo: it
//! is resolved inside the settings directory and goes through the logo checks and
//! sanitizer, and the published name takes its extension from the detected format, never
//! from the given name. An image that cannot be used is left off the pages and reported as
//! a warning on its settings line: landscape2 accepts any value there, so it must still build.
//!
//! The viewBox of an SVG is kept as drawn, unlike item logos: item logos come framed every
//! which way and are cropped so tiles look even, but a brand image is drawn by the
//! foundation for its slot (its margins are part of the design, as landscape2 shows them),
//! and a cropped favicon or social card would lose the square or 1.91:1 frame it needs.

use std::io::Cursor;
use std::path::Path;

use image::{ImageFormat, ImageReader, Limits};

use crate::diagnostics::{Diagnostic, Severity};
use crate::load::{Inputs, Loaded, Settings};
use crate::logos::{self, LogoProblem, ProcessOptions};
use crate::yaml::{Node, Pos};

/// Where a brand image goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    HeaderLogo,
    FooterLogo,
    Favicon,
    OpenGraph,
}

impl Slot {
    pub const ALL: [Slot; 4] = [
        Slot::HeaderLogo,
        Slot::FooterLogo,
        Slot::Favicon,
        Slot::OpenGraph,
    ];

    /// The settings key, as diagnostics name it.
    pub fn key(self) -> &'static str {
        match self {
            Slot::HeaderLogo => "header.logo",
            Slot::FooterLogo => "footer.logo",
            Slot::Favicon => "images.favicon",
            Slot::OpenGraph => "images.open_graph",
        }
    }

    /// The value settings give (trimmed), if any.
    pub fn value(self, settings: &Settings) -> Option<&str> {
        let value = match self {
            Slot::HeaderLogo => settings.header.as_ref()?.logo.as_ref(),
            Slot::FooterLogo => settings.footer.as_ref()?.logo.as_ref(),
            Slot::Favicon => settings.images.get("favicon"),
            Slot::OpenGraph => settings.images.get("open_graph"),
        };
        value.map(|v| v.trim()).filter(|v| !v.is_empty())
    }

    /// Where the value is written in settings.yml.
    fn pos(self, tree: &Node) -> Pos {
        let (section, field) = self.key().split_once('.').unwrap_or_default();
        let section = tree.get(section);
        (section.and_then(|s| s.get(field)).or(section)).map_or_else(Pos::default, |n| n.pos)
    }
}

/// A brand image ready to publish as `brand/<file_name>`.
#[derive(Debug, Clone, PartialEq)]
pub struct BrandFile {
    pub slot: Slot,
    /// `<stem>.<hash12>.<ext>`, the extension from the content (see `logos::ProcessedLogo`).
    pub file_name: String,
    pub bytes: Vec<u8>,
}

/// Brand images are published with the viewBox their author drew (see the module doc).
const OPTIONS: ProcessOptions = ProcessOptions {
    adjust_viewbox: false,
};

/// The brand images settings name by local path, checked and sanitized, and a warning for
/// each one that is left off (and for a URL that is not linked). `validate` reports the
/// warnings; a build publishes the files.
pub fn images(inputs: &Inputs, loaded: &Loaded) -> (Vec<BrandFile>, Vec<Diagnostic>) {
    let dir = inputs
        .settings
        .as_deref()
        .and_then(Path::parent)
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let (file, tree) = match &loaded.settings_tree {
        Some((file, tree)) => (file.as_str(), Some(tree)),
        None => ("settings.yml", None),
    };
    let mut files = Vec::new();
    let mut warnings = Vec::new();
    for slot in Slot::ALL {
        let Some(value) = slot.value(&loaded.settings) else {
            continue;
        };
        let warn = |message: String, hint: String| {
            Diagnostic::new(
                Severity::Warning,
                "brand-image",
                file,
                tree.map_or_else(Pos::default, |t| slot.pos(t)),
                message,
            )
            .field(slot.key())
            .hint(hint)
        };
        if url::Url::parse(value).is_ok() {
            if let Err(why) = crate::load::fields::check_url(value) {
                warnings.push(warn(
                    format!("{} is not linked: {why}", slot.key()),
                    "use an https:// URL, or a path relative to settings.yml".into(),
                ));
            }
            continue;
        }
        match read_image(dir, value, slot) {
            Ok(logo) => {
                let file_name = logo.file_name.clone();
                match logo.into_bytes() {
                    Ok(bytes) => files.push(BrandFile {
                        slot,
                        file_name,
                        bytes,
                    }),
                    Err(e) => warnings.push(warn(
                        format!("{} is not published: {e}", slot.key()),
                        "build again".into(),
                    )),
                }
            }
            Err(problem) => warnings.push(warn(
                format!(
                    "{} `{}` is not published, the pages go without it: {}",
                    slot.key(),
                    value.escape_debug(),
                    describe(&problem)
                ),
                hint(&problem, slot),
            )),
        }
    }
    (files, warnings)
}

fn read_image(dir: &Path, value: &str, slot: Slot) -> Result<logos::ProcessedLogo, LogoProblem> {
    let (_, bytes) = logos::read(dir, value)?;
    if slot == Slot::Favicon && bytes.starts_with(&[0, 0, 1, 0]) {
        return logos::process(value, &ico_to_png(&bytes)?, &OPTIONS);
    }
    logos::process(value, &bytes, &OPTIONS)
}

/// A favicon.ico, decoded (its largest image) and re-encoded as PNG, which every browser
/// takes as an icon; nothing of the original file is published.
fn ico_to_png(bytes: &[u8]) -> Result<Vec<u8>, LogoProblem> {
    let bad = |e: image::ImageError| LogoProblem::BadRaster {
        detail: format!("ICO: {e}"),
    };
    let mut reader = ImageReader::with_format(Cursor::new(bytes), ImageFormat::Ico);
    let mut limits = Limits::default();
    limits.max_image_width = Some(1024);
    limits.max_image_height = Some(1024);
    limits.max_alloc = Some(64 << 20);
    reader.limits(limits);
    let image = reader.decode().map_err(bad)?;
    let mut png = Cursor::new(Vec::new());
    image.write_to(&mut png, ImageFormat::Png).map_err(bad)?;
    Ok(png.into_inner())
}

/// The problem, with the directory named as it is for brand images.
fn describe(problem: &LogoProblem) -> String {
    problem
        .to_string()
        .replace("the logos directory", "the directory of settings.yml")
}

fn hint(problem: &LogoProblem, slot: Slot) -> String {
    let formats = if slot == Slot::Favicon {
        "SVG, PNG, JPEG or ICO"
    } else {
        "SVG, PNG or JPEG"
    };
    match problem {
        LogoProblem::UnsafePath { .. } => "use a path inside the landscape, relative to \
             settings.yml (no `..`, no leading `/`, no symlink out of it), or an https:// URL"
            .into(),
        LogoProblem::Missing { .. } => "add the file (paths are relative to settings.yml and \
             case-sensitive), or use an https:// URL"
            .into(),
        LogoProblem::Unreadable { .. } => problem.hint(),
        LogoProblem::NotParseable { .. } | LogoProblem::EmptyDrawing => {
            format!(
                "{} must be an image ({formats}); {}",
                slot.key(),
                problem.hint()
            )
        }
        _ => format!("{} must be an image: {formats}", slot.key()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn favicon_ico_is_republished_as_png() {
        let mut ico = Cursor::new(Vec::new());
        image::DynamicImage::new_rgba8(16, 16)
            .write_to(&mut ico, ImageFormat::Ico)
            .expect("encode ICO");
        let mut bytes = ico.into_inner();
        bytes.extend_from_slice(b"<html><script>alert(1)</script></html>");
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join("favicon.ico"), &bytes).expect("write");
        let logo = read_image(dir.path(), "favicon.ico", Slot::Favicon).expect("an icon");
        assert!(logo.file_name.starts_with("favicon.") && logo.file_name.ends_with(".png"));
        assert!(logo.bytes().unwrap().starts_with(b"\x89PNG\r\n\x1a\n"));
        assert!(!logo.bytes().unwrap().windows(7).any(|w| w == b"<script"));
        assert_eq!((logo.width, logo.height), (16.0, 16.0));
        // Only a favicon may be an ICO.
        assert!(matches!(
            read_image(dir.path(), "favicon.ico", Slot::HeaderLogo),
            Err(LogoProblem::UnsupportedFormat { .. })
        ));
    }
}
