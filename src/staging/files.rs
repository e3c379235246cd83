//! The file operations of a staging directory: listing a claimed spare, syncing a file's
//! bytes, swapping two paths, removing what may already be gone.

use std::cell::RefCell;
use std::collections::HashMap;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use crate::stamp::Stamp;

/// Every file and directory under `root`, relative, with whether it is a directory; and,
/// when `stamped`, the files' stamps (read relative to their directory's open handle, as
/// `std` does, rather than by full path: a third of the walk's time).
pub(super) fn walk(root: &Path, stamped: bool) -> io::Result<(Found, Stamps)> {
    let mut found = HashMap::new();
    let mut stamps = HashMap::new();
    let mut pending = vec![PathBuf::new()];
    while let Some(rel_dir) = pending.pop() {
        for entry in fs::read_dir(root.join(&rel_dir))? {
            let entry = entry?;
            // Links are not followed: a symlink is an entry of its own kind, removed below.
            let kind = entry.file_type()?;
            let rel = rel_dir.join(entry.file_name());
            if kind.is_dir() {
                pending.push(rel.clone());
            } else if !kind.is_file() {
                // Symlinks and the like: writing through them could land outside the site.
                remove_file(&entry.path())?;
                continue;
            } else if stamped && let Some(stamp) = entry.metadata().ok().and_then(|m| Stamp::of(&m))
            {
                stamps.insert(rel.clone(), stamp);
            }
            found.insert(rel, kind.is_dir());
        }
    }
    Ok((found, stamps))
}

/// Relative path → whether it is a directory.
pub(super) type Found = HashMap<PathBuf, bool>;
/// Relative path → stamp, for the files that have one.
pub(super) type Stamps = HashMap<PathBuf, Stamp>;

/// Makes the file at `path` hold `bytes`, touching it only if it differs; `true` when it
/// was left as it was.
pub(super) fn sync_file(path: &Path, bytes: &[u8]) -> io::Result<bool> {
    let file = match File::open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            return fs::write(path, bytes).map(|()| false);
        }
        Err(e) => return Err(e),
    };
    let meta = file.metadata()?;
    if !meta.is_file() || shared(&meta) {
        // Not ours alone (a hard link may be someone's file): write a new one instead.
        drop(file);
        remove_file(path)?;
        return fs::write(path, bytes).map(|()| false);
    }
    let len = bytes.len() as u64;
    if meta.len() == len && holds(&file, bytes)? {
        return Ok(true);
    }
    drop(file);
    // Overwritten in place: a new inode is the expensive part of a write. Not truncated to
    // zero first, which on ext4 would force the data to disk on close (auto_da_alloc).
    let mut file = OpenOptions::new().write(true).open(path)?;
    file.seek(SeekFrom::Start(0))?;
    file.write_all(bytes)?;
    if meta.len() > len {
        file.set_len(len)?;
    }
    Ok(false)
}

/// Whether `file` (known to have the right length) holds `bytes`. Read in chunks into a
/// buffer kept per thread: one read per file for most, no allocation, and a mismatch stops
/// the reading early.
fn holds(mut file: &File, bytes: &[u8]) -> io::Result<bool> {
    const CHUNK: usize = 256 * 1024;
    thread_local!(static BUFFER: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) });
    BUFFER.with_borrow_mut(|buffer| {
        for expected in bytes.chunks(CHUNK) {
            if buffer.len() < expected.len() {
                buffer.resize(expected.len(), 0);
            }
            let current = &mut buffer[..expected.len()];
            match file.read_exact(current) {
                // Shorter than it said: not the same, and rewritten below.
                Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => return Ok(false),
                read => read?,
            }
            if current != expected {
                return Ok(false);
            }
        }
        Ok(true)
    })
}

#[cfg(unix)]
fn shared(meta: &fs::Metadata) -> bool {
    std::os::unix::fs::MetadataExt::nlink(meta) > 1
}

#[cfg(not(unix))]
fn shared(_: &fs::Metadata) -> bool {
    false
}

/// Swaps two paths atomically; `Ok(false)` when the system or filesystem cannot.
#[cfg(target_os = "linux")]
pub(super) fn exchange(a: &Path, b: &Path) -> io::Result<bool> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    use rustix::io::Errno;
    match renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE) {
        Ok(()) => Ok(true),
        Err(Errno::INVAL | Errno::NOSYS) => Ok(false),
        Err(e) => Err(e.into()),
    }
}

/// Swaps two paths atomically; `Ok(false)` when the system or filesystem cannot.
#[cfg(not(target_os = "linux"))]
pub(super) fn exchange(_: &Path, _: &Path) -> io::Result<bool> {
    Ok(false)
}

pub(super) fn remove_file(path: &Path) -> io::Result<()> {
    match fs::remove_file(path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

pub(super) fn remove_dir_all(path: &Path) -> io::Result<()> {
    match fs::remove_dir_all(path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}
