//! Checking and processing every logo of a landscape in parallel.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::fs_safety::{Refusal, read_regular};

use super::advice::{Advice, advise};
use super::{
    LogoCache, LogoProblem, PendingEntry, ProcessOptions, ProcessedLogo, check, process, resolve,
};

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

/// What checking or processing a landscape's logos found, keyed by logo name.
#[derive(Debug, Default)]
pub struct LogoBatch {
    /// The processed logos (empty when only checked).
    pub processed: BTreeMap<String, ProcessedLogo>,
    /// The logos that cannot be used.
    pub problems: HashMap<String, LogoProblem>,
    /// Advice on the logos that can, for those that get some.
    pub advice: BTreeMap<String, Vec<Advice>>,
}

/// One logo's outcome and the cache entries it produced.
struct Outcome {
    name: String,
    processed: Option<ProcessedLogo>,
    result: Result<Vec<Advice>, LogoProblem>,
    fresh: Vec<PendingEntry>,
}

/// Resolves, reads and processes (or fetches from `cache`) every named logo in parallel,
/// with its advice.
///
/// Each distinct name is processed once and `on_done` is called once per distinct name,
/// when it is finished. New cache entries are written together at the end, in one file.
/// The cache is best effort: failing to write it only costs the next run some time, so
/// write errors are ignored.
pub fn process_and_advise_all(
    logos_dir: &Path,
    names: &[String],
    opts_for: impl Fn(&str) -> ProcessOptions + Sync,
    cache: Option<&LogoCache>,
    on_done: impl Fn() + Sync,
) -> LogoBatch {
    process_batch(logos_dir, names, opts_for, cache, on_done, true)
}

/// [`process_and_advise_all`] without the advice, by logo name.
pub fn process_all(
    logos_dir: &Path,
    names: &[String],
    opts_for: impl Fn(&str) -> ProcessOptions + Sync,
    cache: Option<&LogoCache>,
    on_done: impl Fn() + Sync,
) -> HashMap<String, Result<ProcessedLogo, LogoProblem>> {
    let batch = process_batch(logos_dir, names, opts_for, cache, on_done, false);
    let problems = batch.problems.into_iter().map(|(n, p)| (n, Err(p)));
    (batch.processed.into_iter())
        .map(|(n, l)| (n, Ok(l)))
        .chain(problems)
        .collect()
}

fn process_batch(
    logos_dir: &Path,
    names: &[String],
    opts_for: impl Fn(&str) -> ProcessOptions + Sync,
    cache: Option<&LogoCache>,
    on_done: impl Fn() + Sync,
    advise: bool,
) -> LogoBatch {
    let outcomes: Vec<_> = distinct(names)
        .into_par_iter()
        .map(|name| {
            let mut fresh = Vec::new();
            let mut processed = None;
            let result = read(logos_dir, name).and_then(|(_, bytes)| {
                let opts = opts_for(name);
                let logo = processed_logo(name, &bytes, &opts, cache, &mut fresh)?;
                let advice = match advise {
                    true => advice_for(&bytes, &opts, Some(&logo), cache, &mut fresh),
                    false => Vec::new(),
                };
                processed = Some(logo);
                Ok(advice)
            });
            on_done();
            Outcome {
                name: name.clone(),
                processed,
                result,
                fresh,
            }
        })
        .collect();
    collect(outcomes, cache)
}

/// What `landscape validate` runs: [`check`] every named logo in parallel (through the
/// cache), and advise on those that pass. `processed` stays empty.
pub fn check_and_advise_all(
    logos_dir: &Path,
    names: &[String],
    opts_for: impl Fn(&str) -> ProcessOptions + Sync,
    cache: Option<&LogoCache>,
) -> LogoBatch {
    check_batch(logos_dir, names, Some(&opts_for), cache)
}

/// [`check`] every named logo in parallel (through the cache): the logos that have a
/// problem.
pub fn check_all(
    logos_dir: &Path,
    names: &[String],
    cache: Option<&LogoCache>,
) -> HashMap<String, LogoProblem> {
    check_batch(logos_dir, names, None::<&fn(&str) -> ProcessOptions>, cache).problems
}

/// Checks, and advises when given the options to process with.
fn check_batch(
    logos_dir: &Path,
    names: &[String],
    advise_with: Option<&(impl Fn(&str) -> ProcessOptions + Sync)>,
    cache: Option<&LogoCache>,
) -> LogoBatch {
    let outcomes: Vec<_> = distinct(names)
        .into_par_iter()
        .map(|name| {
            let mut fresh = Vec::new();
            let result = read(logos_dir, name).and_then(|(_, bytes)| {
                if cache.and_then(|c| c.checked(&bytes)).is_none() {
                    let format = check(name, &bytes)?;
                    if cache.is_some() {
                        fresh.push(LogoCache::check_entry(&bytes, format));
                    }
                }
                let Some(opts_for) = advise_with else {
                    return Ok(Vec::new());
                };
                Ok(advice_for(&bytes, &opts_for(name), None, cache, &mut fresh))
            });
            Outcome {
                name: name.clone(),
                processed: None,
                result,
                fresh,
            }
        })
        .collect();
    collect(outcomes, cache)
}

/// The processed logo, from the cache or made (and queued for the cache).
fn processed_logo(
    name: &str,
    bytes: &[u8],
    opts: &ProcessOptions,
    cache: Option<&LogoCache>,
    fresh: &mut Vec<PendingEntry>,
) -> Result<ProcessedLogo, LogoProblem> {
    if let Some(hit) = cache.and_then(|c| c.get(name, bytes, opts)) {
        return Ok(hit);
    }
    let logo = process(name, bytes, opts)?;
    if cache.is_some() {
        fresh.push(LogoCache::entry(bytes, opts, &logo));
    }
    Ok(logo)
}

/// The advice on a logo that passed [`check`], from the cache or measured on its processed
/// form (given, or processed here through the cache).
fn advice_for(
    bytes: &[u8],
    opts: &ProcessOptions,
    processed: Option<&ProcessedLogo>,
    cache: Option<&LogoCache>,
    fresh: &mut Vec<PendingEntry>,
) -> Vec<Advice> {
    if let Some(hit) = cache.and_then(|c| c.advice(bytes, opts)) {
        return hit;
    }
    let made;
    let logo = match processed {
        Some(logo) => logo,
        // A logo that passes `check` processes; should one not, it gets no advice.
        None => match processed_logo("logo", bytes, opts, cache, fresh) {
            Ok(logo) => {
                made = logo;
                &made
            }
            Err(_) => return Vec::new(),
        },
    };
    let found = advise(bytes, logo);
    if cache.is_some() {
        fresh.push(LogoCache::advice_entry(bytes, opts, &found));
    }
    found
}

fn collect(outcomes: Vec<Outcome>, cache: Option<&LogoCache>) -> LogoBatch {
    let mut batch = LogoBatch::default();
    let mut pending = Vec::new();
    for outcome in outcomes {
        pending.extend(outcome.fresh);
        if let Some(logo) = outcome.processed {
            batch.processed.insert(outcome.name.clone(), logo);
        }
        match outcome.result {
            Ok(advice) if advice.is_empty() => {}
            Ok(advice) => {
                batch.advice.insert(outcome.name, advice);
            }
            Err(problem) => {
                batch.problems.insert(outcome.name, problem);
            }
        }
    }
    if let Some(c) = cache {
        let _ = c.put_all(pending);
    }
    batch
}

fn distinct(names: &[String]) -> Vec<&String> {
    let mut seen = HashSet::with_capacity(names.len());
    names.iter().filter(|n| seen.insert(n.as_str())).collect()
}
