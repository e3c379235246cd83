//! Checking and processing every logo of a landscape in parallel.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::fs_safety::{Refusal, read_regular};

use super::{LogoCache, LogoProblem, ProcessOptions, ProcessedLogo, check, process, resolve};

/// Largest logo file read (the largest CNCF logo is 2.7 MB).
pub const MAX_LOGO_BYTES: u64 = 16 << 20;

/// Resolves `logo` inside `logos_dir` (see [`resolve`]) and reads it, refusing files over
/// [`MAX_LOGO_BYTES`] without reading them whole.
pub fn read(logos_dir: &Path, logo: &str) -> Result<(PathBuf, Vec<u8>), LogoProblem> {
    let path = resolve(logos_dir, logo)?;
    let unreadable = |detail: String| LogoProblem::Unreadable {
        logo: logo.to_string(),
        detail,
    };
    let bytes = read_regular(&path, MAX_LOGO_BYTES).map_err(|refusal| match refusal {
        Refusal::TooLarge(_) => unreadable(format!("larger than {} MiB", MAX_LOGO_BYTES >> 20)),
        Refusal::NotRegular(_) => unreadable("not a regular file".to_string()),
        other => unreadable(other.to_string()),
    })?;
    Ok((path, bytes))
}

/// Resolves, reads and processes (or fetches from `cache`) every named logo in parallel.
///
/// Each distinct name is processed once and `on_done` is called once per distinct name,
/// when it is finished. New cache entries are written together at the end, in one file.
/// The cache is best effort: failing to write it only costs the next run some time, so
/// write errors are ignored.
pub fn process_all(
    logos_dir: &Path,
    names: &[String],
    opts_for: impl Fn(&str) -> ProcessOptions + Sync,
    cache: Option<&LogoCache>,
    on_done: impl Fn() + Sync,
) -> HashMap<String, Result<ProcessedLogo, LogoProblem>> {
    let results: Vec<_> = distinct(names)
        .into_par_iter()
        .map(|name| {
            let mut fresh = None;
            let result = read(logos_dir, name).and_then(|(_, bytes)| {
                let opts = opts_for(name);
                if let Some(hit) = cache.and_then(|c| c.get(name, &bytes, &opts)) {
                    return Ok(hit);
                }
                let logo = process(name, &bytes, &opts)?;
                if cache.is_some() {
                    fresh = Some(LogoCache::entry(&bytes, &opts, &logo));
                }
                Ok(logo)
            });
            on_done();
            (name.clone(), result, fresh)
        })
        .collect();
    let mut out = HashMap::with_capacity(results.len());
    let mut pending = Vec::new();
    for (name, result, fresh) in results {
        pending.extend(fresh);
        out.insert(name, result);
    }
    if let Some(c) = cache {
        let _ = c.put_all(pending);
    }
    out
}

/// Same as [`process_all`] for [`check`] (what `landscape validate` runs): returns only
/// the logos that have a problem.
pub fn check_all(
    logos_dir: &Path,
    names: &[String],
    cache: Option<&LogoCache>,
) -> HashMap<String, LogoProblem> {
    let results: Vec<_> = distinct(names)
        .into_par_iter()
        .filter_map(|name| {
            let (_, bytes) = match read(logos_dir, name) {
                Ok(read) => read,
                Err(problem) => return Some(Err((name.clone(), problem))),
            };
            if cache.and_then(|c| c.checked(&bytes)).is_some() {
                return None;
            }
            match check(name, &bytes) {
                Ok(format) => cache.map(|_| Ok(LogoCache::check_entry(&bytes, format))),
                Err(problem) => Some(Err((name.clone(), problem))),
            }
        })
        .collect();
    let mut problems = HashMap::new();
    let mut pending = Vec::new();
    for result in results {
        match result {
            Ok(entry) => pending.push(entry),
            Err((name, problem)) => {
                problems.insert(name, problem);
            }
        }
    }
    if let Some(c) = cache {
        let _ = c.put_all(pending);
    }
    problems
}

fn distinct(names: &[String]) -> Vec<&String> {
    let mut seen = HashSet::with_capacity(names.len());
    names.iter().filter(|n| seen.insert(n.as_str())).collect()
}
