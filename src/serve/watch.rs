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
