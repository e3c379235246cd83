//! The data file parsed on every core reads exactly as parsed whole: every value and every
//! position, on the real CNCF landscape and on ten times it; and so it does with its parts
//! taken from the cache, after a change that moves every later part.

use landscape::yaml::{cuts, parse, parse_cached, parse_parallel};

#[test]
fn the_cncf_landscape_reads_the_same_parsed_in_parts() {
    let Some(dir) = crate::support::cncf_dir() else {
        return;
    };
    let text = std::fs::read_to_string(dir.join("landscape.yml")).unwrap();
    assert!(cuts(&text), "the CNCF file is parsed in parts");
    assert_eq!(parse_parallel(&text).unwrap(), parse(&text).unwrap());
    // Ten times it, each category repeated: a file of ~11 MB.
    let (head, list) = text.split_once("\nlandscape:\n").expect("a landscape list");
    let tenfold = format!("{head}\nlandscape:\n{}", list.repeat(10));
    assert!(cuts(&tenfold));
    assert_eq!(parse_parallel(&tenfold).unwrap(), parse(&tenfold).unwrap());
}

#[test]
fn the_cncf_landscape_reads_the_same_with_cached_parts() {
    let Some(dir) = crate::support::cncf_dir() else {
        return;
    };
    let text = std::fs::read_to_string(dir.join("landscape.yml")).unwrap();
    let cache = tempfile::tempdir().unwrap();
    let whole = parse(&text).unwrap();
    assert_eq!(parse_cached(&text, Some(cache.path())).unwrap(), whole);
    assert_eq!(parse_cached(&text, Some(cache.path())).unwrap(), whole);
    // A line added to an early item: every later part moves down a line and some bytes.
    let at = text.find("homepage_url:").unwrap();
    let changed = format!(
        "{}description: added\n            {}",
        &text[..at],
        &text[at..]
    );
    let whole = parse(&changed).unwrap();
    assert_eq!(parse_cached(&changed, Some(cache.path())).unwrap(), whole);
    assert_eq!(parse_cached(&changed, Some(cache.path())).unwrap(), whole);
}
