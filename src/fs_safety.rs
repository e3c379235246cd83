//! Reading files whose name or content comes from a pull request (the data, settings and
//! guide files, logos): the real file must be a regular file inside a given directory, and
//! is read only up to a size limit.
//!
//! A pull request can turn any of those files into a symlink to `/proc/self/environ`, a
//! device or a FIFO; reading one would leak the CI's secrets into the log, block forever or
//! exhaust memory.

use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

/// Why a file is not read.
#[derive(Debug)]
pub enum Refusal {
    /// Nothing at that path (or a dangling symlink).
    Missing(io::Error),
    /// The directory it must stay in cannot be resolved.
    Root(io::Error),
    /// It resolves (through a symlink) to a file outside the directory.
    Outside,
    /// It is not a regular file: what it is instead.
    NotRegular(&'static str),
    /// It is larger than the limit (in bytes).
    TooLarge(u64),
    /// Any other I/O error.
    Io(io::Error),
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refusal::Missing(e) | Refusal::Io(e) => write!(f, "{e}"),
            Refusal::Root(e) => write!(f, "its directory cannot be resolved ({e})"),
            Refusal::Outside => {
                f.write_str("it resolves (through a symlink) to a file outside its directory")
            }
            Refusal::NotRegular(what) => write!(f, "it is not a regular file but {what}"),
            Refusal::TooLarge(limit) => write!(f, "it is larger than {} MiB", limit >> 20),
        }
    }
}

/// Resolves `path` (symlinks included) and checks that the real file lies inside the real
/// directory `root` and is a regular file. Returns the resolved path, which names no
/// symlink; nothing is opened.
pub fn contained_file(root: &Path, path: &Path) -> Result<PathBuf, Refusal> {
    let real = match path.canonicalize() {
        Ok(p) => p,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Err(Refusal::Missing(e)),
        Err(e) => return Err(Refusal::Io(e)),
    };
    let root = root.canonicalize().map_err(Refusal::Root)?;
    if !real.starts_with(&root) {
        return Err(Refusal::Outside);
    }
    let meta = std::fs::metadata(&real).map_err(Refusal::Io)?;
    match kind(&meta.file_type()) {
        None => Ok(real),
        Some(what) => Err(Refusal::NotRegular(what)),
    }
}

/// Reads a regular file of at most `limit` bytes. The file is opened without following a
/// final symlink and without blocking on a FIFO, and checked again once open, so what is
/// read is what was checked. Files of the kernel's pseudo file systems (`/proc`, `/sys`)
/// look regular but are refused before any byte is read.
pub fn read_regular(path: &Path, limit: u64) -> Result<Vec<u8>, Refusal> {
    let file = open_no_follow(path).map_err(|e| match e.kind() {
        io::ErrorKind::NotFound => Refusal::Missing(e),
        _ => Refusal::Io(e),
    })?;
    let meta = file.metadata().map_err(Refusal::Io)?;
    if let Some(what) = kind(&meta.file_type()) {
        return Err(Refusal::NotRegular(what));
    }
    if is_pseudo_file_system(&file) {
        return Err(Refusal::NotRegular(
            "a pseudo-file of the kernel (/proc, /sys)",
        ));
    }
    if meta.len() > limit {
        return Err(Refusal::TooLarge(limit));
    }
    // Sized to the file, so reading it does not grow (and copy) the buffer.
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(Refusal::Io)?;
    if bytes.len() as u64 > limit {
        return Err(Refusal::TooLarge(limit));
    }
    Ok(bytes)
}

/// What a non-regular file is, or `None` for a regular file.
fn kind(file_type: &std::fs::FileType) -> Option<&'static str> {
    if file_type.is_file() {
        return None;
    }
    if file_type.is_dir() {
        return Some("a directory");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return Some("a FIFO");
        }
        if file_type.is_char_device() || file_type.is_block_device() {
            return Some("a device");
        }
        if file_type.is_socket() {
            return Some("a socket");
        }
    }
    if file_type.is_symlink() {
        return Some("a symlink");
    }
    Some("a special file")
}

#[cfg(unix)]
fn open_no_follow(path: &Path) -> io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    let flags = rustix::fs::OFlags::NOFOLLOW | rustix::fs::OFlags::NONBLOCK;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(flags.bits() as i32)
        .open(path)
}

#[cfg(not(unix))]
fn open_no_follow(path: &Path) -> io::Result<File> {
    File::open(path)
}

#[cfg(any(target_os = "linux", target_os = "android"))]
// The type of `f_type` differs between platforms: i64 is wide enough for every one.
#[allow(clippy::unnecessary_cast)]
fn is_pseudo_file_system(file: &File) -> bool {
    const SYSFS_MAGIC: i64 = 0x6265_6572;
    match rustix::fs::fstatfs(file) {
        Ok(fs) => {
            let magic = fs.f_type as i64;
            magic == rustix::fs::PROC_SUPER_MAGIC as i64 || magic == SYSFS_MAGIC
        }
        // Unknown: refuse, as for a pseudo file.
        Err(_) => true,
    }
}

#[cfg(not(any(target_os = "linux", target_os = "android")))]
fn is_pseudo_file_system(_file: &File) -> bool {
    false
}

/// Writes `bytes` to `path` through a temporary file beside it, so a reader (or a run that
/// stops halfway) sees the old content or the new one, never a part.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty());
    let mut tmp = tempfile::NamedTempFile::new_in(dir.unwrap_or(Path::new(".")))?;
    std::io::Write::write_all(&mut tmp, bytes)?;
    tmp.persist(path).map(|_| ()).map_err(|e| e.error)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_symlink_out_of_the_directory_is_refused_but_inside_is_fine() {
        let outside = tempfile::tempdir().expect("tempdir");
        std::fs::write(outside.path().join("secret"), "s").expect("write");
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join("real.yml"), "a: 1").expect("write");
        std::os::unix::fs::symlink(outside.path().join("secret"), dir.path().join("evil.yml"))
            .expect("symlink");
        std::os::unix::fs::symlink("real.yml", dir.path().join("alias.yml")).expect("symlink");
        assert!(matches!(
            contained_file(dir.path(), &dir.path().join("evil.yml")),
            Err(Refusal::Outside)
        ));
        let alias = contained_file(dir.path(), &dir.path().join("alias.yml")).expect("inside");
        assert!(alias.ends_with("real.yml"));
        assert_eq!(read_regular(&alias, 10).expect("reads"), b"a: 1");
    }

    #[test]
    fn special_files_are_refused_without_reading() {
        let dir = tempfile::tempdir().expect("tempdir");
        let fifo = dir.path().join("fifo.yml");
        rustix::fs::mkfifoat(rustix::fs::CWD, &fifo, rustix::fs::Mode::RUSR).expect("mkfifo");
        // Opening a FIFO for reading would block until a writer comes: it must not be opened.
        assert!(matches!(
            contained_file(dir.path(), &fifo),
            Err(Refusal::NotRegular("a FIFO"))
        ));
        assert!(matches!(
            read_regular(&fifo, 10),
            Err(Refusal::NotRegular("a FIFO"))
        ));
        assert!(matches!(
            read_regular(Path::new("/dev/zero"), 10),
            Err(Refusal::NotRegular("a device"))
        ));
        assert!(matches!(
            contained_file(dir.path(), dir.path()),
            Err(Refusal::NotRegular("a directory"))
        ));
        assert!(matches!(
            contained_file(dir.path(), &dir.path().join("none")),
            Err(Refusal::Missing(_))
        ));
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn kernel_pseudo_files_are_refused() {
        let environ = Path::new("/proc/self/environ");
        let real = contained_file(Path::new("/proc/self"), environ).expect("a regular file");
        assert!(matches!(
            read_regular(&real, 1 << 20),
            Err(Refusal::NotRegular(_))
        ));
    }

    #[test]
    fn reading_stops_at_the_limit() {
        let dir = tempfile::tempdir().expect("tempdir");
        let big = dir.path().join("big");
        std::fs::write(&big, vec![b'a'; 11]).expect("write");
        assert!(matches!(read_regular(&big, 10), Err(Refusal::TooLarge(10))));
        assert_eq!(read_regular(&big, 11).expect("reads").len(), 11);
    }
}
