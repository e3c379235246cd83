//! The file operations of a staging directory: listing a claimed spare, syncing a file's
//! bytes, swapping two paths, removing what may already be gone.

use std::cell::RefCell;
use std::collections::HashMap;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// Every file and directory under `root`, relative, with whether it is a directory.
pub(super) fn walk(root: &Path) -> io::Result<HashMap<PathBuf, bool>> {
    let mut found = HashMap::new();
    // Links are not followed: a symlink is an entry of its own kind, removed below.
    for entry in walkdir::WalkDir::new(root).min_depth(1) {
        let entry = entry?;
        let kind = entry.file_type();
        let rel = entry.path().strip_prefix(root).unwrap_or(entry.path());
        if kind.is_dir() || kind.is_file() {
            found.insert(rel.to_path_buf(), kind.is_dir());
        } else {
            // Symlinks and the like: writing through them could land outside the site.
            remove_file(entry.path())?;
        }
    }
    Ok(found)
}

/// Makes the file at `path` hold `bytes`, touching it only if it differs.
pub(super) fn sync_file(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let file = match File::open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return fs::write(path, bytes),
        Err(e) => return Err(e),
    };
    let meta = file.metadata()?;
    if !meta.is_file() || shared(&meta) {
        // Not ours alone (a hard link may be someone's file): write a new one instead.
        drop(file);
        remove_file(path)?;
        return fs::write(path, bytes);
    }
    let len = bytes.len() as u64;
    if meta.len() == len && holds(&file, bytes)? {
        return Ok(());
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
    Ok(())
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
