//! Writing an output directory safely and fast.
//!
//! Safely: the site is written into a directory beside the output and swapped in only when
//! complete, so a failed or interrupted build leaves the previous output intact.
//!
//! Fast: creating and deleting inodes is what a rebuild pays for (on ext4 mounted with
//! `discard`, creating a file costs ~0.3 ms and a directory ~0.7 ms, worse right after a
//! large delete; reading or overwriting an existing file costs a fraction of that). Writing
//! the CNCF landscape's 4,500 files and 2,500 directories afresh took ~2 s, deleting the
//! old tree as much again. So the output is double-buffered: the tree that the last swap
//! replaced is kept beside the output as a spare, `.<name>.previous`, and the next build
//! writes into it — a file whose bytes are already right is left alone (same inode, same
//! mtime, so HTTP validators and rsync see no change), a changed one is overwritten in
//! place, and only what this build did not write is deleted. The spare is never trusted
//! blindly: a file is kept only when compared byte for byte, or when the [`record`] of what
//! the tree held (kept in the cache directory) vouches for it and the file's stamp shows it
//! untouched since; a file whose inputs are unchanged is then not even made again
//! ([`Staging::write_keyed`]). Anything unexpected in the spare (symlinks, a file where a
//! directory belongs, stray files) is removed. The one reader it could surprise is a server
//! still streaming a file of the site two builds ago.
//!
//! The new site is swapped in with `renameat2(RENAME_EXCHANGE)` where the system has it
//! (Linux), so the output path never disappears (a server would answer 503 meanwhile);
//! elsewhere two renames leave a moment without it.
//!
//! Nothing the tool did not make is ever moved or deleted ([`guard`]): the output must be
//! missing, empty or a site, and a spare or leftover without the site marker is left alone.
//!
//! Builds beside each other take turns: a [`Staging`] holds an exclusive lock on the
//! output's parent directory while it lives, from the start of a build when claimed with
//! [`Staging::prepare`] (advisory `flock`; where the filesystem has no locks, builds
//! proceed unlocked and leftovers are left alone). Under the lock, any marked
//! `.<name>.building-*` directory is the leftover of a crashed build: it becomes the spare
//! when there is none, and is removed otherwise.

mod files;
pub mod guard;
mod record;

use std::collections::{HashMap, HashSet};
use std::fs::{self, File};
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

use files::{Found, Stamps, exchange, remove_dir_all, remove_file, sync_file, walk};
pub use guard::{
    MARKER, MARKER_BYTES, Refusal, StagingError, Target, check_output, check_output_in, resolve,
};
use guard::{check_existing, is_site};
pub use record::Key;
use record::{Entry, Record};

/// A file that could not be written into the staging directory.
#[derive(Debug, thiserror::Error)]
#[error("cannot write {path}: {source}")]
pub struct WriteError {
    pub path: PathBuf,
    #[source]
    pub source: io::Error,
}

/// The directory a build writes into, swapped in by [`Staging::commit`]. Dropped without a
/// commit, it is kept as the spare for the next build (only the output is ever trusted).
///
/// [`Staging::write`] takes `&self` and may be called from many threads at once.
pub struct Staging {
    /// Where this build writes: the claimed spare, or a fresh directory.
    dir: PathBuf,
    target: Target,
    /// `<parent>/.<name>.previous`.
    spare: PathBuf,
    /// What `dir` held when claimed: relative path → whether it is a directory.
    found: Found,
    /// The stamps of the files found, when there is a record to check them against.
    stamps: Stamps,
    /// What the files found held, as far as the last build into `dir` recorded it; and
    /// what this build leaves.
    record: Option<Record>,
    /// Directories in `dir`, each with whether it exists yet (found or created), so each
    /// is made once, under its own lock.
    dirs: Mutex<HashMap<PathBuf, Arc<Mutex<bool>>>>,
    /// Every file written by this build, relative to `dir`: the rest is removed on commit.
    written: Mutex<HashSet<PathBuf>>,
    counts: [AtomicUsize; 3],
    committed: bool,
    /// Held for the staging's life (released after `drop` has given the directory back);
    /// `None` where the filesystem cannot lock.
    _lock: Option<File>,
}

/// Indexes of [`Staging`]'s counts.
const WRITTEN: usize = 0;
const KEPT: usize = 1;
const REUSED: usize = 2;

/// What a build did with the files of its site.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct WriteStats {
    /// Files whose bytes were written (new, or changed).
    pub written: usize,
    /// Files that already held the right bytes, left as they were.
    pub kept: usize,
    /// Of those kept, the ones not even made again: their inputs were unchanged.
    pub reused: usize,
}

/// Makes the names of staging directories unique within a process.
static SEQUENCE: AtomicU64 = AtomicU64::new(0);

impl Staging {
    /// Claims a directory to build `target` in: the spare when there is one, else a new
    /// one. Either carries the marker from here on.
    pub fn new(target: &Target) -> Result<Self, StagingError> {
        Self::recorded(target, None)
    }

    /// [`Staging::new`], keeping the record of what the tree holds in `records` (a cache
    /// directory), so the next build into it can trust what it did not change.
    pub fn recorded(target: &Target, records: Option<&Path>) -> Result<Self, StagingError> {
        let err = |source| StagingError::Io {
            path: target.out.clone(),
            source,
        };
        let (parent, name) = (&target.parent, &target.name);
        fs::create_dir_all(parent).map_err(err)?;
        let lock = lock_dir(parent);
        let spare = parent.join(format!(".{name}.previous"));
        if lock.is_some() {
            tidy_leftovers(parent, name, &spare);
        }
        let dir = parent.join(format!(
            ".{name}.building-{}-{}",
            std::process::id(),
            SEQUENCE.fetch_add(1, Ordering::Relaxed)
        ));
        let (found, stamps) = claim(&spare, &dir, records.is_some()).map_err(err)?;
        let record = records.map(|records| Record::load(records, &dir));
        let dirs = found
            .iter()
            .filter(|(_, is_dir)| **is_dir)
            .map(|(p, _)| (p.clone(), Arc::new(Mutex::new(true))))
            .collect();
        let staging = Staging {
            dir,
            target: target.clone(),
            spare,
            found,
            stamps,
            record,
            dirs: Mutex::new(dirs),
            written: Mutex::new(HashSet::new()),
            counts: Default::default(),
            committed: false,
            _lock: lock,
        };
        staging
            .write(MARKER, MARKER_BYTES)
            .map_err(|e| err(e.source))?;
        Ok(staging)
    }

    /// Starts [`Staging::new`] on another thread, so listing the spare overlaps the
    /// build's first stages (it takes ~30 ms for the CNCF landscape's 2,500 directories).
    pub fn prepare(target: Target, records: Option<PathBuf>) -> Pending {
        Pending(Some(std::thread::spawn(move || {
            Staging::recorded(&target, records.as_deref())
        })))
    }

    /// Puts `bytes` at `rel` (a relative path of normal components) in the new site,
    /// creating its directories. A file already holding exactly these bytes is left alone.
    pub fn write(&self, rel: impl AsRef<Path>, bytes: &[u8]) -> Result<(), WriteError> {
        self.put(rel.as_ref(), bytes, None)
    }

    /// Puts what `make` returns at `rel`, as [`Staging::write`] does, unless the file there
    /// was made from the same `key` (the hash of everything that decides its bytes) and is
    /// untouched since: then it is kept without calling `make`.
    pub fn write_keyed<B: AsRef<[u8]>, E: From<WriteError>>(
        &self,
        rel: impl AsRef<Path>,
        key: &Key,
        make: impl FnOnce() -> Result<B, E>,
    ) -> Result<(), E> {
        let rel = rel.as_ref();
        if let Some(entry) = self.trusted(rel).filter(|e| e.key == *key) {
            self.keep(rel, entry);
            self.count(REUSED);
            return Ok(());
        }
        Ok(self.put(rel, make()?.as_ref(), Some(*key))?)
    }

    fn put(&self, rel: &Path, bytes: &[u8], key: Option<Key>) -> Result<(), WriteError> {
        let content = self
            .record
            .is_some()
            .then(|| *blake3::hash(bytes).as_bytes());
        let key = key.or(content);
        if let (Some(content), Some(key)) = (content, key)
            && let Some(entry) = self.trusted(rel).filter(|e| e.content == content)
        {
            self.keep(rel, Entry { key, ..entry });
            return Ok(());
        }
        let path = self.dir.join(rel);
        let result = self.sync(rel, &path, bytes);
        lock(&self.written).insert(rel.to_path_buf());
        // A file left as it was keeps its stamp; one just written has none yet.
        let kept = result.as_ref().is_ok_and(|kept| *kept);
        self.count(if kept { KEPT } else { WRITTEN });
        if let (true, Some(stamp), Some(content), Some(key)) =
            (kept, self.stamps.get(rel), content, key)
        {
            let stamp = *stamp;
            self.note(
                rel,
                Entry {
                    stamp,
                    content,
                    key,
                },
            );
        }
        result
            .map(drop)
            .map_err(|source| WriteError { path, source })
    }

    /// Whether what files are made from is worth knowing ([`Staging::write_keyed`]): the
    /// build reuses a tree, and records what it leaves there for the next build into it.
    pub fn remembers(&self) -> bool {
        self.record.is_some() && !self.found.is_empty()
    }

    /// What the record says `rel` holds, if its stamp vouches for it.
    fn trusted(&self, rel: &Path) -> Option<Entry> {
        let record = self.record.as_ref()?;
        record.trusted(rel, self.stamps.get(rel).copied())
    }

    /// Keeps the file at `rel` as it is.
    fn keep(&self, rel: &Path, entry: Entry) {
        self.note(rel, entry);
        self.count(KEPT);
        lock(&self.written).insert(rel.to_path_buf());
    }

    fn count(&self, which: usize) {
        self.counts[which].fetch_add(1, Ordering::Relaxed);
    }

    /// What the build did with its files so far.
    pub fn stats(&self) -> WriteStats {
        let count = |which: usize| self.counts[which].load(Ordering::Relaxed);
        WriteStats {
            written: count(WRITTEN),
            kept: count(KEPT),
            reused: count(REUSED),
        }
    }

    fn note(&self, rel: &Path, entry: Entry) {
        if let Some(record) = &self.record {
            record.note(rel, entry);
        }
    }

    fn sync(&self, rel: &Path, path: &Path, bytes: &[u8]) -> io::Result<bool> {
        let normal = rel.components().all(|c| matches!(c, Component::Normal(_)));
        if !normal || rel.as_os_str().is_empty() {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "not a relative path inside the site",
            ));
        }
        if let Some(parent) = rel.parent().filter(|p| !p.as_os_str().is_empty()) {
            self.ensure_dir(parent)?;
        }
        match self.found.get(rel) {
            Some(false) => sync_file(path, bytes),
            Some(true) => {
                // A directory where this build puts a file: the spare's layout was different.
                remove_dir_all(path)?;
                fs::write(path, bytes).map(|()| false)
            }
            None => fs::write(path, bytes).map(|()| false),
        }
    }

    /// Creates `rel` and its missing ancestors, each at most once per build. A directory's
    /// own lock is held while it is made, so two threads never both replace a stray file by
    /// it, and threads making different directories (a page each) do not wait for each other.
    fn ensure_dir(&self, rel: &Path) -> io::Result<()> {
        let mut chain: Vec<&Path> = rel
            .ancestors()
            .take_while(|d| !d.as_os_str().is_empty())
            .collect();
        chain.reverse();
        for dir in chain {
            let cell = {
                let mut dirs = lock(&self.dirs);
                match dirs.get(dir) {
                    Some(cell) => Arc::clone(cell),
                    None => Arc::clone(dirs.entry(dir.to_path_buf()).or_default()),
                }
            };
            let mut made = lock(&cell);
            if *made {
                continue;
            }
            let full = self.dir.join(dir);
            if self.found.get(dir) == Some(&false) {
                remove_file(&full)?;
            }
            match fs::create_dir(&full) {
                Err(e) if e.kind() != io::ErrorKind::AlreadyExists => return Err(e),
                _ => {}
            }
            *made = true;
        }
        Ok(())
    }

    /// Removes what this build did not write, then swaps the new site in. The old one
    /// becomes the spare for the next build.
    pub fn commit(mut self) -> Result<(), StagingError> {
        // What is at the output may have changed since the build was checked.
        check_existing(&self.target.out)?;
        let result = self.prune().and_then(|()| self.swap());
        result.map_err(|source| StagingError::Io {
            path: self.target.out.clone(),
            source,
        })?;
        if let Some(record) = self.record.take() {
            record.save(&self.target.out);
        }
        Ok(())
    }

    /// Deletes every file and directory found in the spare that this build did not write.
    fn prune(&mut self) -> io::Result<()> {
        let written = std::mem::take(&mut *lock(&self.written));
        let needed: HashSet<&Path> = written.iter().flat_map(|p| p.ancestors().skip(1)).collect();
        // A path can have changed kind: a directory of the spare where this build wrote a
        // file was removed by the write, and so was a file where this build made a directory.
        let mut stale: Vec<(&PathBuf, bool)> = (self.found.iter())
            .filter(|(p, _)| !written.contains(*p) && !needed.contains(p.as_path()))
            .map(|(p, d)| (p, *d))
            .collect();
        // Sorted, so a directory comes before what it holds, which goes with it.
        stale.sort();
        let mut removed: HashSet<&Path> = HashSet::new();
        for (path, is_dir) in stale {
            let gone =
                (path.ancestors().skip(1)).any(|a| removed.contains(a) || written.contains(a));
            if gone {
                continue;
            }
            if is_dir {
                remove_dir_all(&self.dir.join(path))?;
                removed.insert(path);
            } else {
                remove_file(&self.dir.join(path))?;
            }
        }
        Ok(())
    }

    /// Puts the new site at the output; the old one (if any) ends up as the spare.
    fn swap(&mut self) -> io::Result<()> {
        let out = &self.target.out;
        if fs::symlink_metadata(out).is_err() {
            fs::rename(&self.dir, out)?;
            self.committed = true;
            return Ok(());
        }
        if exchange(&self.dir, out)? {
            self.committed = true;
            // The new site is in place already, so a failure from here on is not the
            // build's: the next build tidies up.
            self.retire(&self.dir);
            return Ok(());
        }
        // Without an atomic exchange, the output is missing between these two renames.
        let aside = self.target.parent.join(format!(
            ".{}.old-{}-{}",
            self.target.name,
            std::process::id(),
            SEQUENCE.fetch_add(1, Ordering::Relaxed)
        ));
        fs::rename(out, &aside)?;
        if let Err(e) = fs::rename(&self.dir, out) {
            let _ = fs::rename(&aside, out);
            return Err(e);
        }
        self.committed = true;
        self.retire(&aside);
        Ok(())
    }

    /// Deals with the tree the output held before the swap, now at `old`: a site becomes
    /// the spare (or is removed when the spare's name is taken); the empty directory a
    /// first build replaced is removed only while it is still empty.
    fn retire(&self, old: &Path) {
        if !is_site(old) {
            let _ = fs::remove_dir(old);
            return;
        }
        if fs::symlink_metadata(&self.spare).is_err() && fs::rename(old, &self.spare).is_ok() {
            return;
        }
        let _ = fs::remove_dir_all(old);
    }
}

/// A [`Staging`] being claimed on another thread ([`Staging::prepare`]). Dropped without
/// [`Pending::wait`], it waits for the claim and gives the directory back.
pub struct Pending(Option<JoinHandle<Result<Staging, StagingError>>>);

impl Pending {
    /// The staging, once claimed.
    pub fn wait(mut self) -> Result<Staging, StagingError> {
        let handle = self.0.take().expect("a pending staging is waited for once");
        handle
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    }
}

impl Drop for Pending {
    fn drop(&mut self) {
        if let Some(handle) = self.0.take() {
            // The claimed staging, if any, is dropped here and gives its directory back.
            let _ = handle.join();
        }
    }
}

impl Drop for Staging {
    /// An unfinished build's directory becomes the spare: deleting thousands of files is
    /// slow, and the next build checks every file it keeps anyway. A new directory that
    /// holds only the marker is just removed.
    fn drop(&mut self) {
        if self.committed {
            return;
        }
        if self.found.is_empty() && lock(&self.written).len() <= 1 {
            let _ = fs::remove_file(self.dir.join(MARKER));
            let _ = fs::remove_dir(&self.dir);
            return;
        }
        if fs::symlink_metadata(&self.spare).is_err() && fs::rename(&self.dir, &self.spare).is_ok()
        {
            return;
        }
        let _ = fs::remove_dir_all(&self.dir);
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    // A panic while holding the lock leaves the set usable: it only ever grows.
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// An exclusive lock on a directory, waiting for it; `None` where locking is unsupported.
fn lock_dir(dir: &Path) -> Option<File> {
    let file = File::open(dir).ok()?;
    file.lock().ok()?;
    Some(file)
}

/// Deals with leftovers of crashed builds (`.<name>.building-*`, or `.<name>.old-*` where
/// the swap takes two renames): the first becomes the spare if there is none, the others
/// are removed. Only sites are touched: a directory without the marker is not ours. Only
/// called under the lock, when no other build can be using them.
fn tidy_leftovers(parent: &Path, name: &str, spare: &Path) {
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    let building = format!(".{name}.building-");
    let old = format!(".{name}.old-");
    for entry in entries.flatten() {
        let file = entry.file_name().to_string_lossy().to_string();
        if !file.starts_with(&building) && !file.starts_with(&old) {
            continue;
        }
        let path = entry.path();
        if !is_site(&path) {
            continue;
        }
        if fs::symlink_metadata(spare).is_err() && fs::rename(&path, spare).is_ok() {
            continue;
        }
        let _ = fs::remove_dir_all(&path);
    }
}

/// Moves the spare to `dir` and lists what it holds; makes `dir` empty if there is no
/// usable spare (one without the marker is not ours, and stays where it is). Entries that
/// are neither files nor directories are removed on the way.
fn claim(spare: &Path, dir: &Path, stamped: bool) -> io::Result<(Found, Stamps)> {
    if is_site(spare) && fs::rename(spare, dir).is_ok() {
        match walk(dir, stamped) {
            Ok(found) => return Ok(found),
            Err(_) => remove_dir_all(dir)?,
        }
    }
    fs::create_dir(dir)?;
    Ok((HashMap::new(), HashMap::new()))
}
