//! Where a build may write. A build replaces its output whole and recycles or deletes the
//! directories it leaves beside it, so all of them must be the tool's own: every directory
//! it makes carries [`MARKER`] at its root (from the moment it is created, so a crashed
//! build's leftover has it too), and nothing without it is ever moved or deleted. An
//! `--out` that names something else — a documents folder, the landscape's own directory,
//! `~`, `/`, a file — is refused by [`check_output`] before anything is touched.

use std::fs;
use std::io::{self, Read};
use std::path::{Component, Path, PathBuf};

/// The file at the root of every directory a build made.
pub const MARKER: &str = ".landscape-site";

/// The marker's bytes: fixed, so a rebuild leaves the file as it is.
pub const MARKER_BYTES: &[u8] =
    b"Built by `landscape build`, which replaces this directory whole on every build.\n";

/// Why a build could not claim its output directory.
#[derive(Debug, thiserror::Error)]
pub enum StagingError {
    #[error("refusing to build into {path}: {reason}; nothing was changed. {}", reason.advice())]
    Refused { path: PathBuf, reason: Refusal },
    #[error("cannot prepare the output directory {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
}

/// What makes a path unfit to be a build's output.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("it is the root directory")]
    Root,
    #[error("it is your home directory")]
    Home,
    #[error("it holds your home directory")]
    HoldsHome,
    #[error("it is {}, which this build reads", .0.display())]
    IsInput(PathBuf),
    #[error("it holds {}, which this build reads", .0.display())]
    HoldsInput(PathBuf),
    #[error("it is inside {}, which this build reads", .0.display())]
    InsideInput(PathBuf),
    #[error("it exists and is not a directory")]
    NotADirectory,
    #[error("it is a symbolic link that leads nowhere")]
    BrokenLink,
    #[error(
        "it is a directory that `landscape build` did not make (it has files, and no {MARKER})"
    )]
    NotASite,
}

impl Refusal {
    /// What to do instead.
    pub fn advice(&self) -> &'static str {
        match self {
            Refusal::NotASite => {
                "Choose a new or empty directory for --out, or delete this one yourself \
                 if it is an old site you mean to replace"
            }
            Refusal::NotADirectory | Refusal::BrokenLink => {
                "Choose a new or empty directory for --out"
            }
            _ => "Choose a directory of its own for --out, such as `site` beside landscape.yml",
        }
    }
}

/// An output directory that passed [`check_output`]; the only way to a
/// [`Staging`](super::Staging).
#[derive(Debug, Clone)]
pub struct Target {
    /// Absolute, with symbolic links resolved.
    pub(super) out: PathBuf,
    pub(super) parent: PathBuf,
    pub(super) name: String,
}

impl Target {
    /// The output directory, absolute.
    pub fn out(&self) -> &Path {
        &self.out
    }
}

/// Checks that `out` can be a build's output: not `/`, the user's home directory or one
/// holding it; not one of `reads` (what the build reads) or holding one; not inside one of
/// `read_dirs`; and either missing, empty, or a site a build made. Only reads the disk.
pub fn check_output(
    out: &Path,
    reads: &[&Path],
    read_dirs: &[&Path],
) -> Result<Target, StagingError> {
    check_output_in(out, reads, read_dirs, dirs::home_dir().as_deref())
}

/// [`check_output`] with `home` as the user's home directory.
pub fn check_output_in(
    out: &Path,
    reads: &[&Path],
    read_dirs: &[&Path],
    home: Option<&Path>,
) -> Result<Target, StagingError> {
    let io_err = |source| StagingError::Io {
        path: out.to_path_buf(),
        source,
    };
    let resolved = resolve(out).map_err(io_err)?;
    let refuse = |reason| StagingError::Refused {
        path: resolved.clone(),
        reason,
    };
    let (Some(parent), Some(name)) = (resolved.parent(), resolved.file_name()) else {
        return Err(refuse(Refusal::Root));
    };
    if let Some(home) = home.and_then(|h| resolve(h).ok()) {
        if home == resolved {
            return Err(refuse(Refusal::Home));
        }
        if home.starts_with(&resolved) {
            return Err(refuse(Refusal::HoldsHome));
        }
    }
    for read in reads {
        let read = resolve(read).map_err(io_err)?;
        if read == resolved {
            return Err(refuse(Refusal::IsInput(read)));
        }
        if read.starts_with(&resolved) {
            return Err(refuse(Refusal::HoldsInput(read)));
        }
    }
    for dir in read_dirs {
        let dir = resolve(dir).map_err(io_err)?;
        if resolved.starts_with(&dir) {
            return Err(refuse(Refusal::InsideInput(dir)));
        }
    }
    check_existing(&resolved)?;
    Ok(Target {
        parent: parent.to_path_buf(),
        name: name.to_string_lossy().to_string(),
        out: resolved,
    })
}

/// Whether what is at `out` now may be replaced: nothing, an empty directory, or a site.
pub(super) fn check_existing(out: &Path) -> Result<(), StagingError> {
    let refuse = |reason| StagingError::Refused {
        path: out.to_path_buf(),
        reason,
    };
    let io_err = |source| StagingError::Io {
        path: out.to_path_buf(),
        source,
    };
    let meta = match fs::symlink_metadata(out) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        meta => meta.map_err(io_err)?,
    };
    if meta.file_type().is_symlink() {
        return Err(refuse(Refusal::BrokenLink));
    }
    if !meta.is_dir() {
        return Err(refuse(Refusal::NotADirectory));
    }
    if is_site(out) || fs::read_dir(out).map_err(io_err)?.next().is_none() {
        return Ok(());
    }
    Err(refuse(Refusal::NotASite))
}

/// Whether `path` is a directory (not a link to one) that a build made.
pub(super) fn is_site(path: &Path) -> bool {
    let is_dir = fs::symlink_metadata(path).is_ok_and(|m| m.is_dir());
    let marker = path.join(MARKER);
    let is_file = fs::symlink_metadata(&marker).is_ok_and(|m| m.is_file());
    is_dir && is_file && holds_marker(&marker)
}

fn holds_marker(file: &Path) -> bool {
    let Ok(file) = fs::File::open(file) else {
        return false;
    };
    let mut bytes = Vec::new();
    let limit = MARKER_BYTES.len() as u64 + 1;
    file.take(limit).read_to_end(&mut bytes).is_ok() && bytes == MARKER_BYTES
}

/// `path` made absolute, without `.` or `..`, with symbolic links resolved as far as the
/// path exists (what follows is taken as written). So `.`, `./` and `a/..` name the
/// directory itself, and its parent and name are the real ones.
pub fn resolve(path: &Path) -> io::Result<PathBuf> {
    let absolute = std::path::absolute(path)?;
    let mut resolved = PathBuf::new();
    let mut exists = true;
    for component in absolute.components() {
        match component {
            Component::Prefix(_) | Component::RootDir => resolved.push(component),
            Component::CurDir => {}
            Component::ParentDir => {
                resolved.pop();
                // Back above a missing component: what remains is real again.
                exists = exists || fs::symlink_metadata(&resolved).is_ok();
            }
            Component::Normal(name) => {
                resolved.push(name);
                if exists {
                    match fs::canonicalize(&resolved) {
                        Ok(real) => resolved = real,
                        Err(_) => exists = false,
                    }
                }
            }
        }
    }
    Ok(resolved)
}
