//! Watching the site's inputs and calling a rebuild, debounced.
//!
//! Files are watched through their parent directory, not their inode: editors save by
//! writing a temporary file and renaming it over the original, which would silently end a
//! watch placed on the file itself.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use notify::{Event, EventKind, RecommendedWatcher, RecursiveMode, Watcher};

use super::ServeError;

/// Quiet time after the last change before rebuilding: long enough to coalesce an editor's
/// save (write, rename, chmod) or a `git checkout`, short enough to feel immediate.
pub const DEBOUNCE: Duration = Duration::from_millis(200);

/// Upper bound on how long a continuous stream of changes can postpone a rebuild.
const MAX_DELAY: Duration = Duration::from_secs(2);

/// Keeps watching while alive. Dropping it stops the watcher and waits for a rebuild in
/// progress to finish, so no rebuild starts after the drop returns.
pub struct WatchGuard {
    watcher: Option<RecommendedWatcher>,
    debouncer: Option<JoinHandle<()>>,
}

impl Drop for WatchGuard {
    fn drop(&mut self) {
        // Dropping the watcher drops its event sender, which ends the debouncer's loop.
        drop(self.watcher.take());
        if let Some(debouncer) = self.debouncer.take() {
            let _ = debouncer.join();
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
    let (tx, rx) = mpsc::channel::<notify::Result<Event>>();
    let mut watcher = notify::recommended_watcher(tx).map_err(ServeError::Watcher)?;
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
    let debouncer = thread::Builder::new()
        .name("serve-watch".to_owned())
        .spawn(move || debounce(&rx, &filter, quiet, rebuild))
        .map_err(ServeError::Spawn)?;
    Ok(WatchGuard {
        watcher: Some(watcher),
        debouncer: Some(debouncer),
    })
}

/// Which events count: changes (not reads) under a watched directory or to a watched file.
/// Watching a file's parent also reports its siblings, which are dropped here.
struct Relevance {
    dirs: Vec<PathBuf>,
    files: Vec<PathBuf>,
}

impl Relevance {
    fn matters(&self, event: &notify::Result<Event>) -> bool {
        let Ok(event) = event else {
            // The watcher lost track (e.g. queue overflow): rebuilding is the safe answer.
            return true;
        };
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

fn debounce(
    rx: &Receiver<notify::Result<Event>>,
    filter: &Relevance,
    quiet: Duration,
    mut rebuild: impl FnMut(),
) {
    // Ends when the watcher (the only sender) is dropped by the guard.
    while let Ok(event) = rx.recv() {
        if !filter.matters(&event) {
            continue;
        }
        // Wait for `quiet` after the last relevant change, but never past MAX_DELAY.
        let give_up = Instant::now() + MAX_DELAY;
        let mut settle = Instant::now() + quiet;
        loop {
            let deadline = settle.min(give_up);
            match rx.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
                Ok(event) if filter.matters(&event) => settle = Instant::now() + quiet,
                Ok(_) => {}
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return,
            }
            if Instant::now() >= give_up {
                break;
            }
        }
        rebuild();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    fn write(dir: &Path, name: &str, bytes: &[u8]) {
        let path = dir.join(name);
        fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        fs::write(path, bytes).expect("write");
    }

    /// Counts rebuilds and the most that ever ran at the same time.
    #[derive(Default)]
    struct Rebuilds {
        done: AtomicUsize,
        running: AtomicUsize,
        max_running: AtomicUsize,
    }

    impl Rebuilds {
        fn wait_for(&self, n: usize) -> usize {
            let until = Instant::now() + Duration::from_secs(10);
            while self.done.load(Ordering::SeqCst) < n && Instant::now() < until {
                thread::sleep(Duration::from_millis(20));
            }
            self.done.load(Ordering::SeqCst)
        }
    }

    fn counting_watch(
        path: PathBuf,
        quiet: Duration,
        work: Duration,
    ) -> (Arc<Rebuilds>, WatchGuard) {
        let stats = Arc::new(Rebuilds::default());
        let inner = Arc::clone(&stats);
        let guard = watch_with_delay(&[path], quiet, move || {
            let now = inner.running.fetch_add(1, Ordering::SeqCst) + 1;
            inner.max_running.fetch_max(now, Ordering::SeqCst);
            thread::sleep(work);
            inner.running.fetch_sub(1, Ordering::SeqCst);
            inner.done.fetch_add(1, Ordering::SeqCst);
        })
        .expect("watch starts");
        (stats, guard)
    }

    #[test]
    fn watch_coalesces_a_burst_into_one_rebuild() {
        let tmp = tempfile::tempdir().expect("temp dir");
        let input = tmp.path().join("input");
        write(&input, "landscape.yml", b"v0");
        let quiet = Duration::from_millis(300);
        let (stats, _guard) = counting_watch(input.clone(), quiet, Duration::ZERO);

        // The burst lasts twice the quiet time, but no gap in it is as long.
        for i in 0..20 {
            write(&input, &format!("logos/{i}.svg"), b"<svg/>");
            thread::sleep(Duration::from_millis(30));
        }
        assert_eq!(stats.wait_for(1), 1);
        thread::sleep(quiet * 3);
        assert_eq!(
            stats.done.load(Ordering::SeqCst),
            1,
            "burst gave several rebuilds"
        );

        // Reading inputs (as every rebuild does) is not a change.
        let _ = fs::read(input.join("landscape.yml")).expect("read");
        thread::sleep(quiet * 3);
        assert_eq!(
            stats.done.load(Ordering::SeqCst),
            1,
            "a read triggered a rebuild"
        );
    }

    #[test]
    fn watch_never_overlaps_rebuilds_and_catches_changes_made_during_one() {
        let tmp = tempfile::tempdir().expect("temp dir");
        let input = tmp.path().join("input");
        write(&input, "a.yml", b"v0");
        let (stats, guard) = counting_watch(
            input.clone(),
            Duration::from_millis(100),
            Duration::from_millis(600),
        );
        write(&input, "a.yml", b"v1");
        // Wait until the first rebuild is running, then change the input again under it.
        let until = Instant::now() + Duration::from_secs(10);
        while stats.running.load(Ordering::SeqCst) == 0 && Instant::now() < until {
            thread::sleep(Duration::from_millis(10));
        }
        write(&input, "a.yml", b"v2");
        assert_eq!(stats.wait_for(2), 2);
        assert_eq!(stats.max_running.load(Ordering::SeqCst), 1);

        // Once the guard is dropped, changes are ignored.
        drop(guard);
        write(&input, "a.yml", b"v3");
        thread::sleep(Duration::from_millis(500));
        assert_eq!(stats.done.load(Ordering::SeqCst), 2);
    }

    #[test]
    fn watching_a_file_survives_rename_saves_and_ignores_siblings() {
        let tmp = tempfile::tempdir().expect("temp dir");
        let file = tmp.path().join("settings.yml");
        fs::write(&file, "v0").expect("write");
        let quiet = Duration::from_millis(150);
        let (stats, _guard) = counting_watch(file.clone(), quiet, Duration::ZERO);

        fs::write(tmp.path().join("unrelated.txt"), "x").expect("sibling");
        thread::sleep(quiet * 4);
        assert_eq!(
            stats.done.load(Ordering::SeqCst),
            0,
            "a sibling triggered a rebuild"
        );

        // Editors save by renaming a temp file over the original, twice here.
        for v in ["v1", "v2"] {
            fs::write(tmp.path().join(".settings.yml.swp"), v).expect("temp");
            fs::rename(tmp.path().join(".settings.yml.swp"), &file).expect("rename over");
            assert!(stats.wait_for(if v == "v1" { 1 } else { 2 }) >= 1);
            thread::sleep(quiet * 2);
        }
        assert_eq!(stats.done.load(Ordering::SeqCst), 2);
    }

    #[test]
    fn watch_reports_missing_paths() {
        let missing = PathBuf::from("/definitely/not/here/landscape.yml");
        let err = watch_with_delay(
            std::slice::from_ref(&missing),
            Duration::from_millis(10),
            || {},
        );
        assert!(matches!(err, Err(ServeError::Watch { path, .. }) if path == missing));
    }
}
