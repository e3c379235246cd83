//! Watching the site's inputs and calling a rebuild, debounced by notify-debouncer-full.
//!
//! Files are watched through their parent directory, not their inode: editors save by
//! writing a temporary file and renaming it over the original, which would silently end a
//! watch placed on the file itself.
//!
//! The debouncer reports each change once it has been quiet for a while, with its kind
//! kept, so reads (inotify reports opens) can be told from changes. It times each path on
//! its own: a burst over many files that lasts longer than the quiet time comes in several
//! batches; batches that arrive while a rebuild runs are all answered by the next one.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver};
use std::thread::{self, JoinHandle};
use std::time::Duration;

use notify::{EventKind, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};

use super::ServeError;

/// Quiet time after a change before rebuilding: long enough to coalesce an editor's save
/// (write, rename, chmod) or a `git checkout`, short enough to feel immediate.
pub const DEBOUNCE: Duration = Duration::from_millis(100);

type Watching = Debouncer<RecommendedWatcher, RecommendedCache>;

/// Keeps watching while alive. Dropping it stops the watcher and waits for a rebuild in
/// progress to finish, so no rebuild starts after the drop returns.
pub struct WatchGuard {
    watcher: Option<Watching>,
    rebuilder: Option<JoinHandle<()>>,
}

impl Drop for WatchGuard {
    fn drop(&mut self) {
        // Stopping the debouncer drops its event sender, which ends the rebuilder's loop.
        if let Some(watcher) = self.watcher.take() {
            watcher.stop();
        }
        if let Some(rebuilder) = self.rebuilder.take() {
            let _ = rebuilder.join();
        }
    }
}

/// Watches `paths` (files or directories, directories recursively) and calls `rebuild` once
/// changes have been quiet for [`DEBOUNCE`]. Rebuilds run one at a time on a dedicated
/// thread; changes made during a rebuild trigger one more rebuild after it.
///
/// Reads are not changes, so a rebuild reading its inputs does not retrigger itself; the
/// build output must not lie under a watched directory, or each build triggers the next.
pub fn watch(
    paths: &[PathBuf],
    rebuild: impl FnMut() + Send + 'static,
) -> Result<WatchGuard, ServeError> {
    watch_with_delay(paths, DEBOUNCE, rebuild)
}

/// [`watch`] with a chosen quiet time.
pub fn watch_with_delay(
    paths: &[PathBuf],
    quiet: Duration,
    rebuild: impl FnMut() + Send + 'static,
) -> Result<WatchGuard, ServeError> {
    let (tx, rx) = mpsc::channel();
    let (watcher, filter) = start_watcher(paths, quiet, tx)?;
    // `rebuild` moves into this one thread: rebuilds cannot overlap.
    let rebuilder = thread::Builder::new()
        .name("serve-watch".to_owned())
        .spawn(move || rebuild_on_changes(&rx, &filter, rebuild))
        .map_err(ServeError::Spawn)?;
    Ok(WatchGuard {
        watcher: Some(watcher),
        rebuilder: Some(rebuilder),
    })
}

/// A debounced watcher sending the batches of events for `paths` to `tx`, and the filter
/// for the ones that count.
fn start_watcher(
    paths: &[PathBuf],
    quiet: Duration,
    tx: mpsc::Sender<DebounceEventResult>,
) -> Result<(Watching, Relevance), ServeError> {
    let mut watcher = new_debouncer(quiet, None, tx).map_err(ServeError::Watcher)?;
    let mut filter = Relevance {
        dirs: Vec::new(),
        files: Vec::new(),
    };
    for path in paths {
        let watch_error = |source| ServeError::Watch {
            path: path.clone(),
            source,
        };
        let absolute = std::path::absolute(path).map_err(|e| watch_error(e.into()))?;
        let meta = std::fs::metadata(&absolute).map_err(|e| watch_error(e.into()))?;
        if meta.is_dir() {
            watcher
                .watch(&absolute, RecursiveMode::Recursive)
                .map_err(watch_error)?;
            filter.dirs.push(absolute);
        } else {
            let parent = absolute.parent().unwrap_or(Path::new("/"));
            watcher
                .watch(parent, RecursiveMode::NonRecursive)
                .map_err(watch_error)?;
            filter.files.push(absolute);
        }
    }
    Ok((watcher, filter))
}

/// Calls `rebuild` for each batch with a change that matters, and once for all the batches
/// that came in while it ran, until the debouncer stops.
fn rebuild_on_changes(
    rx: &Receiver<DebounceEventResult>,
    filter: &Relevance,
    mut rebuild: impl FnMut(),
) {
    while let Ok(batch) = rx.recv() {
        let waiting = rx.try_iter().filter(|b| filter.matters(b)).count();
        if filter.matters(&batch) || waiting > 0 {
            rebuild();
        }
    }
}

/// Which events count: changes (not reads) under a watched directory or to a watched file.
/// Watching a file's parent also reports its siblings, which are dropped here.
struct Relevance {
    dirs: Vec<PathBuf>,
    files: Vec<PathBuf>,
}

impl Relevance {
    fn matters(&self, batch: &DebounceEventResult) -> bool {
        // The watcher lost track (e.g. queue overflow): rebuilding is the safe answer.
        batch
            .as_ref()
            .map_or(true, |events| events.iter().any(|e| self.changes(e)))
    }

    fn changes(&self, event: &notify::Event) -> bool {
        if matches!(event.kind, EventKind::Access(_)) {
            return false;
        }
        // Backends may report an event without paths (rescan); treat it as a change.
        event.paths.is_empty()
            || event.paths.iter().any(|p| {
                self.files.iter().any(|f| f == p) || self.dirs.iter().any(|d| p.starts_with(d))
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    const MS: Duration = Duration::from_millis(1);
    /// How long a real watcher may take to report something; only a broken one waits this
    /// long.
    const FAIL_AFTER: Duration = Duration::from_secs(20);

    fn write(dir: &Path, name: &str, bytes: &[u8]) {
        let path = dir.join(name);
        fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        fs::write(path, bytes).expect("write");
    }

    /// The changes of the first batch from a real debounced watcher that has any. Events
    /// come in the order of the operations that caused them, so any earlier operation that
    /// counted would be in this batch or an earlier one.
    fn first_changes(rx: &Receiver<DebounceEventResult>, filter: &Relevance) -> Vec<PathBuf> {
        loop {
            let batch = rx.recv_timeout(FAIL_AFTER).expect("a batch that matters");
            let events = batch.expect("not a watch error");
            let changed: Vec<PathBuf> = events
                .iter()
                .filter(|e| filter.changes(e))
                .flat_map(|e| e.paths.clone())
                .collect();
            if !changed.is_empty() {
                return changed;
            }
        }
    }

    #[test]
    fn a_watched_directory_counts_changes_but_not_reads() {
        let tmp = tempfile::tempdir().expect("temp dir");
        let input = tmp.path().join("input");
        write(&input, "landscape.yml", b"v0");
        let (tx, rx) = mpsc::channel();
        let (_watcher, filter) =
            start_watcher(std::slice::from_ref(&input), MS * 50, tx).expect("watch");

        // Reading inputs (as every rebuild does) is not a change; writing one is.
        let _ = fs::read(input.join("landscape.yml")).expect("read");
        write(&input, "logos/new.svg", b"<svg/>");
        let changed = first_changes(&rx, &filter);
        assert!(
            changed.iter().all(|p| p.starts_with(input.join("logos"))),
            "{changed:?}"
        );
    }

    #[test]
    fn a_watched_file_counts_rename_saves_but_not_its_siblings() {
        let tmp = tempfile::tempdir().expect("temp dir");
        let file = tmp.path().join("settings.yml");
        fs::write(&file, "v0").expect("write");
        let (tx, rx) = mpsc::channel();
        let (_watcher, filter) =
            start_watcher(std::slice::from_ref(&file), MS * 50, tx).expect("watch");

        // Twice: the watch must outlive the inode the first save replaced.
        for (round, v) in ["v1", "v2"].into_iter().enumerate() {
            fs::write(tmp.path().join("unrelated.txt"), v).expect("sibling");
            // Editors save by renaming a temp file over the original.
            let swap = tmp.path().join(".settings.yml.swp");
            fs::write(&swap, v).expect("temp");
            fs::rename(&swap, &file).expect("rename over");
            let changed = first_changes(&rx, &filter);
            assert!(changed.contains(&file), "save {round}: {changed:?}");
            assert!(
                changed.iter().all(|p| *p == file || *p == swap),
                "save {round}: {changed:?}"
            );
            // Drain what this save caused, up to a marker, so the next round starts clean.
            let marker = tmp.path().join(format!("marker{round}"));
            fs::write(&marker, "").expect("marker");
            while !rx
                .recv_timeout(FAIL_AFTER)
                .expect("the marker's event")
                .is_ok_and(|events| events.iter().any(|e| e.paths.contains(&marker)))
            {}
        }
    }

    #[test]
    fn a_burst_of_changes_is_rebuilt_whole_and_a_later_change_again() {
        let tmp = tempfile::tempdir().expect("temp dir");
        let input = tmp.path().join("input");
        write(&input, "landscape.yml", b"v0");
        let (seen_tx, seen) = mpsc::channel();
        let dir = input.clone();
        let _guard = watch_with_delay(std::slice::from_ref(&input), MS * 100, move || {
            let logos = fs::read_dir(dir.join("logos")).map_or(0, Iterator::count);
            let _ = seen_tx.send((logos, dir.join("sentinel").exists()));
        })
        .expect("watch starts");

        for i in 0..20 {
            write(&input, &format!("logos/{i}.svg"), b"<svg/>");
        }
        while seen.recv_timeout(FAIL_AFTER).expect("a rebuild").0 < 20 {}
        write(&input, "sentinel", b"");
        while !seen.recv_timeout(FAIL_AFTER).expect("a rebuild").1 {}
    }

    #[test]
    fn rebuilds_run_one_at_a_time_and_again_for_a_change_made_during_one() {
        let tmp = tempfile::tempdir().expect("temp dir");
        let input = tmp.path().join("input");
        write(&input, "a.yml", b"v0");
        let (started_tx, started) = mpsc::channel();
        let (release, released) = mpsc::channel::<()>();
        let running = Arc::new(AtomicUsize::new(0));
        let most = Arc::new(AtomicUsize::new(0));
        let (now, most_seen) = (Arc::clone(&running), Arc::clone(&most));
        let guard = watch_with_delay(std::slice::from_ref(&input), MS * 100, move || {
            most_seen.fetch_max(now.fetch_add(1, Ordering::SeqCst) + 1, Ordering::SeqCst);
            let _ = started_tx.send(());
            // Runs until the test releases it (or has let go of `release`).
            let _ = released.recv();
            now.fetch_sub(1, Ordering::SeqCst);
        })
        .expect("watch starts");

        write(&input, "a.yml", b"v1");
        started.recv_timeout(FAIL_AFTER).expect("a rebuild");
        write(&input, "a.yml", b"v2");
        release.send(()).expect("release the first rebuild");
        started
            .recv_timeout(FAIL_AFTER)
            .expect("a rebuild for the change made during the first");
        drop(release);
        drop(guard);
        assert_eq!(most.load(Ordering::SeqCst), 1);
        // The guard waited for the watching thread, which dropped `rebuild`: no rebuild can
        // run after the drop.
        assert_eq!(Arc::strong_count(&running), 1);
    }

    #[test]
    fn watch_reports_missing_paths() {
        let missing = PathBuf::from("/definitely/not/here/landscape.yml");
        let err = watch_with_delay(std::slice::from_ref(&missing), MS * 10, || {});
        assert!(matches!(err, Err(ServeError::Watch { path, .. }) if path == missing));
    }
}
