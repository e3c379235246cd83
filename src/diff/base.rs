//! The landscape a change is compared against: explicit files, or the same files at a git
//! revision, read from the repository's objects into a temporary directory (the work tree
//! and the index are never touched).

use std::collections::HashSet;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Component, Path, PathBuf};
use std::process::{Command, Stdio};

use crate::load::Inputs;

/// Where the base comes from.
#[derive(Debug, Clone)]
pub enum BaseSpec {
    /// A git revision (`origin/main`, a commit): the head's files as they are there.
    Git(String),
    /// Files on disk.
    Files(Inputs),
}

/// The base's inputs, with the temporary directory they were written to (if any), which
/// lives as long as this.
#[derive(Debug)]
pub struct Base {
    pub inputs: Inputs,
    /// What to call the base in reports (`origin/main`, or the data file).
    pub label: String,
    _dir: Option<tempfile::TempDir>,
}

/// Why the base cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum BaseError {
    #[error("cannot run git: {0}")]
    Git(std::io::Error),
    #[error(
        "{path} is not in a git repository ({detail}); name the base's files with --base-data instead"
    )]
    NotARepository { path: PathBuf, detail: String },
    #[error("`{rev}` is not a revision of {repo} (fetch it first, e.g. `git fetch origin main`)")]
    UnknownRevision { rev: String, repo: PathBuf },
    #[error("{path} is outside the repository {repo}")]
    Outside { path: PathBuf, repo: PathBuf },
    #[error("{path} does not exist at {rev}")]
    Missing { path: String, rev: String },
    #[error("git {args}: {detail}")]
    Failed { args: String, detail: String },
    #[error("cannot write the base's files: {0}")]
    Write(std::io::Error),
}

impl BaseSpec {
    /// Reads the base. For a revision, `head` says which files to take and where the
    /// repository is.
    pub fn read(&self, head: &Inputs) -> Result<Base, BaseError> {
        match self {
            BaseSpec::Files(inputs) => Ok(Base {
                label: inputs.data.display().to_string(),
                inputs: inputs.clone(),
                _dir: None,
            }),
            BaseSpec::Git(rev) => from_git(rev, head),
        }
    }
}

/// The head's files as they are at `rev`, written into a temporary directory.
fn from_git(rev: &str, head: &Inputs) -> Result<Base, BaseError> {
    let data = absolute(&head.data);
    let start = data.parent().unwrap_or(Path::new("/")).to_path_buf();
    let top = git(&start, &["rev-parse", "--show-toplevel"]).map_err(|e| match e {
        BaseError::Failed { detail, .. } => BaseError::NotARepository {
            path: start.clone(),
            detail,
        },
        other => other,
    })?;
    let repo = PathBuf::from(String::from_utf8_lossy(&top).trim());
    // A revision is an argument, never an option.
    let commit = format!("{rev}^{{commit}}");
    if rev.starts_with('-') || git(&repo, &["rev-parse", "--verify", "--quiet", &commit]).is_err() {
        return Err(BaseError::UnknownRevision {
            rev: rev.to_string(),
            repo,
        });
    }
    let rel = |path: &Path| relative(&repo, path);
    let dir = tempfile::Builder::new()
        .prefix("landscape-base")
        .tempdir()
        .map_err(BaseError::Write)?;
    let write = |name: &str, bytes: &[u8]| -> Result<PathBuf, BaseError> {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).map_err(BaseError::Write)?;
        Ok(path)
    };

    let data_rel = rel(&head.data)?;
    let bytes = blob(&repo, rev, &data_rel)?.ok_or_else(|| BaseError::Missing {
        path: data_rel.clone(),
        rev: rev.to_string(),
    })?;
    let data_path = write(file_name(&head.data, "landscape.yml"), &bytes)?;
    let optional = |file: &Option<PathBuf>, name: &str| -> Result<Option<PathBuf>, BaseError> {
        let Some(file) = file else { return Ok(None) };
        match blob(&repo, rev, &rel(file)?)? {
            Some(bytes) => write(name, &bytes).map(Some),
            None => Ok(None),
        }
    };
    let settings = optional(&head.settings, "settings.yml")?;
    let guide = optional(&head.guide, "guide.yml")?;
    // Logos kept outside the repository are not versioned with it: both sides share them.
    // So do logos no file of which changed since `rev` (most pull requests); otherwise the
    // base's directory links the unchanged files and writes only the changed ones.
    let logos = match rel(&head.logos) {
        Ok(logos_rel) => {
            let changed = changed_files(&repo, rev, &logos_rel)?;
            if changed.is_empty() {
                head.logos.clone()
            } else {
                let logos = dir.path().join("logos");
                std::fs::create_dir_all(&logos).map_err(BaseError::Write)?;
                let unchanged = Unchanged {
                    head: &head.logos,
                    changed: &changed,
                };
                tree(&repo, rev, &logos_rel, &logos, &unchanged)?;
                logos
            }
        }
        Err(_) => head.logos.clone(),
    };
    Ok(Base {
        inputs: Inputs {
            data: data_path,
            settings,
            guide,
            logos,
        },
        label: rev.to_string(),
        _dir: Some(dir),
    })
}

fn file_name<'a>(path: &'a Path, default: &'a str) -> &'a str {
    path.file_name().and_then(|n| n.to_str()).unwrap_or(default)
}

/// `path` made absolute against the working directory (it may not exist).
fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

/// `path` relative to the repository root, `/`-separated, as git names it. The nearest
/// existing ancestor is resolved, so symlinked checkouts compare equal.
fn relative(repo: &Path, path: &Path) -> Result<String, BaseError> {
    let outside = || BaseError::Outside {
        path: path.to_path_buf(),
        repo: repo.to_path_buf(),
    };
    let abs = absolute(path);
    let (existing, rest) = match abs.canonicalize() {
        Ok(p) => (p, PathBuf::new()),
        Err(_) => {
            let parent = abs.parent().ok_or_else(outside)?;
            let name = abs.file_name().ok_or_else(outside)?;
            (
                parent.canonicalize().map_err(|_| outside())?,
                PathBuf::from(name),
            )
        }
    };
    let repo = repo.canonicalize().unwrap_or_else(|_| repo.to_path_buf());
    let inside = existing.join(rest);
    let rel = inside.strip_prefix(&repo).map_err(|_| outside())?;
    let parts: Vec<&str> = rel
        .components()
        .map(|c| match c {
            Component::Normal(s) => s.to_str().ok_or_else(outside),
            _ => Err(outside()),
        })
        .collect::<Result<_, _>>()?;
    Ok(parts.join("/"))
}

/// Runs git in `dir`; its stdout, or why it failed.
fn git(dir: &Path, args: &[&str]) -> Result<Vec<u8>, BaseError> {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .map_err(BaseError::Git)?;
    if !out.status.success() {
        return Err(BaseError::Failed {
            args: args.join(" "),
            detail: String::from_utf8_lossy(&out.stderr).trim().to_string(),
        });
    }
    Ok(out.stdout)
}

/// A file's contents at `rev`, `None` when it is not there.
fn blob(repo: &Path, rev: &str, path: &str) -> Result<Option<Vec<u8>>, BaseError> {
    let listed = git(repo, &["ls-tree", "-z", "--full-tree", rev, "--", path])?;
    if listed.is_empty() {
        return Ok(None);
    }
    let spec = format!("{rev}:{path}");
    git(repo, &["cat-file", "blob", &spec]).map(Some)
}

/// The files under `path` that differ between `rev` and the work tree (git compares by
/// content where stat data cannot tell), repository-relative.
fn changed_files(repo: &Path, rev: &str, path: &str) -> Result<HashSet<String>, BaseError> {
    let prefix = format!("{}/", path.trim_end_matches('/'));
    let listed = git(
        repo,
        &[
            "diff",
            "--name-only",
            "-z",
            "--no-renames",
            rev,
            "--",
            &prefix,
        ],
    )?;
    Ok((listed.split(|b| *b == 0))
        .filter(|p| !p.is_empty())
        .map(|p| String::from_utf8_lossy(p).into_owned())
        .collect())
}

/// The head's copy of what did not change since the base revision.
struct Unchanged<'a> {
    /// The head's directory for the tree being written.
    head: &'a Path,
    /// Repository-relative paths that changed.
    changed: &'a HashSet<String>,
}

impl Unchanged<'_> {
    /// Puts the head's copy of `below` at `to`: a hard link (no bytes copied), or a copy
    /// across file systems. `false` when the head has no regular file there.
    fn place(&self, below: &str, to: &Path) -> bool {
        let from = self.head.join(below);
        if !std::fs::symlink_metadata(&from).is_ok_and(|m| m.is_file()) {
            return false;
        }
        if let Some(parent) = to.parent()
            && std::fs::create_dir_all(parent).is_err()
        {
            return false;
        }
        std::fs::hard_link(&from, to).is_ok() || std::fs::copy(&from, to).is_ok()
    }
}

/// Writes every regular file under `path` at `rev` into `into`, keeping its place below
/// `path`: from the head when `unchanged` has it, else from the repository's objects.
/// Symlinks and submodules are left out: a logo is a file in the repository.
fn tree(
    repo: &Path,
    rev: &str,
    path: &str,
    into: &Path,
    unchanged: &Unchanged,
) -> Result<(), BaseError> {
    let prefix = format!("{}/", path.trim_end_matches('/'));
    let listed = git(
        repo,
        &["ls-tree", "-r", "-z", "--full-tree", rev, "--", &prefix],
    )?;
    let mut files = Vec::new();
    for entry in listed.split(|b| *b == 0).filter(|e| !e.is_empty()) {
        let entry = String::from_utf8_lossy(entry);
        let Some((meta, name)) = entry.split_once('\t') else {
            continue;
        };
        let mut meta = meta.split(' ');
        let (mode, kind, oid) = (meta.next(), meta.next(), meta.next());
        let (Some(mode), Some("blob"), Some(oid)) = (mode, kind, oid) else {
            continue;
        };
        if mode != "100644" && mode != "100755" {
            continue;
        }
        let Some(below) = name.strip_prefix(&prefix) else {
            continue;
        };
        let safe = Path::new(below)
            .components()
            .all(|c| matches!(c, Component::Normal(_)));
        let to = into.join(below);
        if safe && (unchanged.changed.contains(name) || !unchanged.place(below, &to)) {
            files.push((oid.to_string(), to));
        }
    }
    if files.is_empty() {
        return Ok(());
    }
    cat_batch(repo, &files)
}

/// Reads many blobs through one `git cat-file --batch` and writes each to its path.
fn cat_batch(repo: &Path, files: &[(String, PathBuf)]) -> Result<(), BaseError> {
    let mut child = Command::new("git")
        .arg("-C")
        .arg(repo)
        .args(["cat-file", "--batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(BaseError::Git)?;
    let mut stdin = child.stdin.take().expect("piped stdin");
    let oids: Vec<String> = files.iter().map(|(oid, _)| oid.clone()).collect();
    // Fed from another thread: git writes as it reads, and both pipes are bounded.
    let feeder = std::thread::spawn(move || {
        for oid in oids {
            if writeln!(stdin, "{oid}").is_err() {
                break;
            }
        }
    });
    let mut out = BufReader::new(child.stdout.take().expect("piped stdout"));
    let failed = |detail: String| BaseError::Failed {
        args: "cat-file --batch".into(),
        detail,
    };
    let mut result = Ok(());
    for (oid, path) in files {
        let mut header = String::new();
        if out.read_line(&mut header).map_err(BaseError::Git)? == 0 {
            result = Err(failed(format!("no answer for {oid}")));
            break;
        }
        let size: usize = match header.trim_end().rsplit(' ').next().map(str::parse) {
            Some(Ok(size)) if header.contains(" blob ") => size,
            _ => {
                result = Err(failed(format!("unexpected answer `{}`", header.trim_end())));
                break;
            }
        };
        let mut bytes = vec![0; size + 1];
        out.read_exact(&mut bytes).map_err(BaseError::Git)?;
        bytes.pop();
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(BaseError::Write)?;
        }
        std::fs::write(path, &bytes).map_err(BaseError::Write)?;
    }
    let _ = feeder.join();
    drop(out);
    let _ = child.wait();
    result
}
