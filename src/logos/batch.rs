//! Checking and processing every logo of a landscape in parallel.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::fs_safety::{Refusal, read_regular};

use super::advice::{Advice, advise_worked};
use super::{
    LogoCache, LogoProblem, PendingEntry, ProcessOptions, ProcessedLogo, check, process_worked,
    resolve,
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
                let (logo, advice) =
                    processed_with_advice(name, &bytes, &opts, cache, &mut fresh, advise)?;
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
                Ok(advice_for(name, &bytes, &opts_for(name), cache, &mut fresh))
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

/// The processed logo and, when `advise`, its advice (else none): each from the cache, or
/// made (and queued for the cache). Made together, they share one parse of the logo.
fn processed_with_advice(
    name: &str,
    bytes: &[u8],
    opts: &ProcessOptions,
    cache: Option<&LogoCache>,
    fresh: &mut Vec<PendingEntry>,
    advise: bool,
) -> Result<(ProcessedLogo, Vec<Advice>), LogoProblem> {
    let cached_advice = match advise {
        true => cache.and_then(|c| c.advice(bytes, opts)),
        false => Some(Vec::new()),
    };
    if let Some(logo) = cache.and_then(|c| c.get(name, bytes, opts)) {
        let advice = cached_advice.unwrap_or_else(|| {
            let found = super::advise(bytes, &logo);
            queue_advice(bytes, opts, &found, cache, fresh);
            found
        });
        return Ok((logo, advice));
    }
    let worked = process_worked(name, bytes, opts)?;
    if cache.is_some() {
        fresh.push(LogoCache::entry(bytes, opts, &worked.logo));
    }
    let advice = cached_advice.unwrap_or_else(|| {
        let found = advise_worked(&worked);
        queue_advice(bytes, opts, &found, cache, fresh);
        found
    });
    Ok((worked.logo, advice))
}

fn queue_advice(
    bytes: &[u8],
    opts: &ProcessOptions,
    advice: &[Advice],
    cache: Option<&LogoCache>,
    fresh: &mut Vec<PendingEntry>,
) {
    if cache.is_some() {
        fresh.push(LogoCache::advice_entry(bytes, opts, advice));
    }
}

/// The advice on a logo that passed [`check`]: from the cache, or measured on its
/// processed form (processed here through the cache).
fn advice_for(
    name: &str,
    bytes: &[u8],
    opts: &ProcessOptions,
    cache: Option<&LogoCache>,
    fresh: &mut Vec<PendingEntry>,
) -> Vec<Advice> {
    // A logo that passes `check` processes; should one not, it gets no advice.
    processed_with_advice(name, bytes, opts, cache, fresh, true)
        .map(|(_, advice)| advice)
        .unwrap_or_default()
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
