//! Turning a contributor-written logo name into a file path that cannot escape the logos dir.

use std::path::{Component, Path, PathBuf};

use super::LogoProblem;
use crate::fs_safety::{Refusal, contained_file};

/// Refuses path tricks: absolute paths, `..` components, backslashes, NUL, empty; and a
/// path (or symlink) that resolves outside `logos_dir`. Returns the file path.
///
/// The lexical checks come first so that a hostile name never reaches the file system; the
/// canonicalization afterwards catches symlinks inside the logos dir that point out of it.
pub fn resolve(logos_dir: &Path, logo: &str) -> Result<PathBuf, LogoProblem> {
    lexical_check(logo).map_err(|reason| LogoProblem::UnsafePath {
        logo: logo.to_string(),
        reason,
    })?;
    let joined = logos_dir.join(logo);
    // Fast path for the usual plain file name: a regular file (not a symlink) directly in
    // the logos dir cannot be elsewhere. It saves two canonicalizations (a readlink per path
    // component) per logo, most of the logo stage of a rebuild.
    if !logo.contains('/')
        && std::fs::symlink_metadata(&joined).is_ok_and(|m| m.file_type().is_file())
    {
        return Ok(joined);
    }
    let unreadable = |detail: String| LogoProblem::Unreadable {
        logo: logo.to_string(),
        detail,
    };
    contained_file(logos_dir, &joined).map_err(|refusal| match refusal {
        Refusal::Missing(_) => LogoProblem::Missing {
            logo: logo.to_string(),
        },
        Refusal::Outside => LogoProblem::UnsafePath {
            logo: logo.to_string(),
            reason: "it resolves (through a symlink) to a file outside the logos directory",
        },
        Refusal::Root(e) => unreadable(format!("logos directory {}: {e}", logos_dir.display())),
        Refusal::NotRegular(_) => unreadable("not a regular file".to_string()),
        other => unreadable(other.to_string()),
    })
}

fn lexical_check(logo: &str) -> Result<(), &'static str> {
    if logo.trim().is_empty() {
        return Err("it is empty");
    }
    if logo.contains('\0') {
        return Err("it contains a NUL byte");
    }
    if logo.contains('\\') {
        return Err("it contains a backslash (use `/` between directories)");
    }
    if logo.chars().any(char::is_control) {
        return Err("it contains a control character");
    }
    let path = Path::new(logo);
    for component in path.components() {
        match component {
            Component::Normal(_) | Component::CurDir => {}
            Component::ParentDir => return Err("it contains a `..` component"),
            Component::RootDir | Component::Prefix(_) => return Err("it is an absolute path"),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reason(dir: &Path, logo: &str) -> &'static str {
        match resolve(dir, logo) {
            Err(LogoProblem::UnsafePath { reason, .. }) => reason,
            other => panic!("expected UnsafePath for {logo:?}, got {other:?}"),
        }
    }

    #[test]
    fn path_tricks_are_refused_before_touching_the_disk() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join("ok.svg"), b"<svg/>").expect("write");
        assert_eq!(
            reason(dir.path(), "../x.svg"),
            "it contains a `..` component"
        );
        assert_eq!(
            reason(dir.path(), "a/../../x.svg"),
            "it contains a `..` component"
        );
        assert_eq!(reason(dir.path(), "/etc/passwd"), "it is an absolute path");
        assert!(reason(dir.path(), "a\\b.svg").contains("backslash"));
        assert_eq!(reason(dir.path(), "a\0.svg"), "it contains a NUL byte");
        assert_eq!(reason(dir.path(), ""), "it is empty");
        assert_eq!(
            reason(dir.path(), "a\n.svg"),
            "it contains a control character"
        );
        let ok = resolve(dir.path(), "ok.svg").expect("plain name resolves");
        assert_eq!(std::fs::read(ok).expect("read"), b"<svg/>");
        assert!(resolve(dir.path(), "./ok.svg").is_ok());
    }

    #[test]
    fn symlink_out_of_dir_is_refused_but_inside_is_fine() {
        let outside = tempfile::tempdir().expect("tempdir");
        let secret = outside.path().join("secret.svg");
        std::fs::write(&secret, b"<svg/>").expect("write");
        let dir = tempfile::tempdir().expect("tempdir");
        std::os::unix::fs::symlink(&secret, dir.path().join("evil.svg")).expect("symlink");
        std::fs::write(dir.path().join("real.svg"), b"<svg/>").expect("write");
        std::os::unix::fs::symlink("real.svg", dir.path().join("alias.svg")).expect("symlink");
        assert!(reason(dir.path(), "evil.svg").contains("outside the logos directory"));
        let alias = resolve(dir.path(), "alias.svg").expect("symlink inside dir is fine");
        assert!(alias.ends_with("real.svg"));
    }

    #[test]
    fn missing_file_and_directory_are_reported() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::create_dir(dir.path().join("sub.svg")).expect("mkdir");
        assert_eq!(
            resolve(dir.path(), "nope.svg"),
            Err(LogoProblem::Missing {
                logo: "nope.svg".into()
            })
        );
        assert!(matches!(
            resolve(dir.path(), "sub.svg"),
            Err(LogoProblem::Unreadable { .. })
        ));
    }
}
