//! Checking and processing every logo of a landscape in parallel.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::fs_safety::{Refusal, read_regular};

use super::advice::{Advice, advise_worked};
use super::cache::Content;
use super::known::{Known, Stamp};
use super::{
    CacheWriter, LogoCache, LogoProblem, PendingEntry, ProcessOptions, ProcessedLogo, check,
    process_worked, resolve,
};

/// Largest logo file read (the largest CNCF logo is 2.7 MB).
pub const MAX_LOGO_BYTES: u64 = 16 << 20;

/// Resolves `logo` inside `logos_dir` (see [`resolve`]) and reads it, refusing files over
/// [`MAX_LOGO_BYTES`] without reading them whole.
pub fn read(logos_dir: &Path, logo: &str) -> Result<(PathBuf, Vec<u8>), LogoProblem> {
    let path = resolve(logos_dir, logo)?;
    let bytes = read_resolved(&path, logo)?;
    Ok((path, bytes))
}

/// Reads `logo`, already [`resolve`]d to `path`.
fn read_resolved(path: &Path, logo: &str) -> Result<Vec<u8>, LogoProblem> {
    let unreadable = |detail: String| LogoProblem::Unreadable {
        logo: logo.to_string(),
        detail,
    };
    read_regular(path, MAX_LOGO_BYTES).map_err(|refusal| match refusal {
        Refusal::TooLarge(_) => unreadable(format!("larger than {} MiB", MAX_LOGO_BYTES >> 20)),
        Refusal::NotRegular(_) => unreadable("not a regular file".to_string()),
        other => unreadable(other.to_string()),
    })
}

/// A logo's bytes and content, or only its content when the file is as last read (see
/// [`Known`]): most of a rebuild needs nothing else, from the cache.
struct Source {
    bytes: Option<Vec<u8>>,
    content: Content,
}

impl Source {
    /// Resolves `logo`; reads it unless `known` vouches for its content.
    fn get(logos_dir: &Path, logo: &str, known: Option<&Known>) -> Result<Source, LogoProblem> {
        let path = resolve(logos_dir, logo)?;
        let stamp = (known.is_some())
            .then(|| std::fs::symlink_metadata(&path).ok())
            .flatten()
            .and_then(|meta| Stamp::of(&meta));
        if let (Some(known), Some(stamp)) = (known, stamp)
            && let Some(content) = known.content(&path, stamp)
        {
            return Ok(Source {
                bytes: None,
                content,
            });
        }
        let bytes = read_resolved(&path, logo)?;
        let content = Content::of(&bytes);
        if let (Some(known), Some(stamp)) = (known, stamp) {
            known.note(&path, stamp, content);
        }
        Ok(Source {
            bytes: Some(bytes),
            content,
        })
    }

    /// `logo` read now, whatever was known.
    fn read(logos_dir: &Path, logo: &str) -> Result<Source, LogoProblem> {
        let (_, bytes) = read(logos_dir, logo)?;
        Ok(Source {
            content: Content::of(&bytes),
            bytes: Some(bytes),
        })
    }

    /// Runs `work` on the source, reading the file first if `work` needs bytes it did not
    /// have (`Ok(None)`: the cache lacked what the content promised).
    fn with<T>(
        logos_dir: &Path,
        logo: &str,
        known: Option<&Known>,
        mut work: impl FnMut(&Source) -> Result<Option<T>, LogoProblem>,
    ) -> Result<T, LogoProblem> {
        let source = Source::get(logos_dir, logo, known)?;
        if let Some(done) = work(&source)? {
            return Ok(done);
        }
        let source = Source::read(logos_dir, logo)?;
        Ok(work(&source)?.expect("work with the bytes is done"))
    }
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
    let known = cache.map(|c| Known::load(c.dir()));
    let writer = cache.map(LogoCache::writer);
    let fresh = writer.as_ref();
    let outcomes: Vec<_> = distinct(names)
        .into_par_iter()
        .map(|name| {
            let mut processed = None;
            // Asked once, and only for a logo that could be read.
            let mut opts = None;
            let result = Source::with(logos_dir, name, known.as_ref(), |source| {
                let opts = *opts.get_or_insert_with(|| opts_for(name));
                processed_with_advice(name, source, &opts, cache, fresh, advise)
            })
            .map(|(logo, advice)| {
                processed = Some(logo);
                advice
            });
            on_done();
            Outcome {
                name: name.clone(),
                processed,
                result,
            }
        })
        .collect();
    collect(outcomes, writer, known)
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
    let known = cache.map(|c| Known::load(c.dir()));
    let writer = cache.map(LogoCache::writer);
    let fresh = writer.as_ref();
    let outcomes: Vec<_> = distinct(names)
        .into_par_iter()
        .map(|name| {
            let result = Source::with(logos_dir, name, known.as_ref(), |source| {
                if cache
                    .and_then(|c| c.checked_content(&source.content))
                    .is_none()
                {
                    let Some(bytes) = source.bytes.as_deref() else {
                        return Ok(None);
                    };
                    let format = check(name, bytes)?;
                    queue(
                        fresh,
                        LogoCache::check_entry_content(&source.content, format),
                    );
                }
                let Some(opts_for) = advise_with else {
                    return Ok(Some(Vec::new()));
                };
                Ok(advice_for(name, source, &opts_for(name), cache, fresh))
            });
            Outcome {
                name: name.clone(),
                processed: None,
                result,
            }
        })
        .collect();
    collect(outcomes, writer, known)
}

/// The processed logo and, when `advise`, its advice (else none): each from the cache, or
/// made (and queued for the cache). Made together, they share one parse of the logo.
fn processed_with_advice(
    name: &str,
    source: &Source,
    opts: &ProcessOptions,
    cache: Option<&LogoCache>,
    fresh: Option<&CacheWriter>,
    advise: bool,
) -> Result<Option<(ProcessedLogo, Vec<Advice>)>, LogoProblem> {
    let content = &source.content;
    let cached_advice = match advise {
        true => cache.and_then(|c| c.advice_content(content, opts)),
        false => Some(Vec::new()),
    };
    let (cached_logo, cached_advice) = match (
        cache.and_then(|c| c.get_content(name, content, opts)),
        cached_advice,
    ) {
        (Some(logo), Some(advice)) => return Ok(Some((logo, advice))),
        found => found,
    };
    let Some(bytes) = source.bytes.as_deref() else {
        return Ok(None);
    };
    if let Some(logo) = cached_logo {
        let found = super::advise(bytes, &logo);
        queue(
            fresh,
            LogoCache::advice_entry_content(content, opts, &found),
        );
        return Ok(Some((logo, found)));
    }
    let worked = process_worked(name, bytes, opts)?;
    let advice = cached_advice.unwrap_or_else(|| {
        let found = advise_worked(&worked);
        queue(
            fresh,
            LogoCache::advice_entry_content(content, opts, &found),
        );
        found
    });
    let logo = match fresh {
        Some(writer) => writer.add_logo(content, opts, worked.logo),
        None => worked.logo,
    };
    Ok(Some((logo, advice)))
}

/// Adds a new cache entry; the cache is best effort, so a failed write is not an error.
fn queue(fresh: Option<&CacheWriter>, entry: PendingEntry) {
    if let Some(writer) = fresh {
        let _ = writer.add(entry);
    }
}

/// The advice on a logo that passed [`check`]: from the cache, or measured on its
/// processed form (processed here through the cache). `Ok(None)`: the bytes are needed.
fn advice_for(
    name: &str,
    source: &Source,
    opts: &ProcessOptions,
    cache: Option<&LogoCache>,
    fresh: Option<&CacheWriter>,
) -> Option<Vec<Advice>> {
    // A logo that passes `check` processes; should one not, it gets no advice.
    match processed_with_advice(name, source, opts, cache, fresh, true) {
        Ok(found) => found.map(|(_, advice)| advice),
        Err(_) => Some(Vec::new()),
    }
}

fn collect(outcomes: Vec<Outcome>, fresh: Option<CacheWriter>, known: Option<Known>) -> LogoBatch {
    let mut batch = LogoBatch::default();
    for outcome in outcomes {
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
    if let Some(writer) = fresh {
        let _ = writer.finish();
    }
    // After the entries it vouches for are written.
    if let Some(known) = known {
        known.save();
    }
    batch
}

fn distinct(names: &[String]) -> Vec<&String> {
    let mut seen = HashSet::with_capacity(names.len());
    names.iter().filter(|n| seen.insert(n.as_str())).collect()
}
