//! The parsed entries of a data file's top-level list, kept in the cache by the hash of
//! their text: a rebuild parses only the entries that changed (parsing the CNCF landscape
//! was a fifth of a rebuild's CPU). An entry is stored as parsed on its own, before its
//! positions are moved to where it sits in the file, so the same text is the same tree
//! wherever it moves.
//!
//! One file (`yaml/parts-v1`): `LYP1`, then per entry its text's blake3 hash, length and
//! encoded tree, then the blake3 hash of all that. Written atomically, and only with the
//! entries of the last parse, so it never grows past one file's worth; damage anywhere
//! makes it empty, never a wrong tree.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::{Node, Pos, Value};
use crate::byte_reader::ByteReader;
use crate::fs_safety::write_atomically;

const MAGIC: &[u8; 4] = b"LYP1";
const FILE: &str = "parts-v1";

type Hash = [u8; 32];

/// The parsed entries found in the cache, and those of this parse.
#[derive(Debug)]
pub struct Parts {
    file: PathBuf,
    bytes: Vec<u8>,
    known: HashMap<Hash, std::ops::Range<usize>>,
    now: Mutex<Vec<(Hash, Entry)>>,
}

/// One of this parse's entries: where it is in the file read (found), or encoded (parsed).
type Entry = Result<std::ops::Range<usize>, Vec<u8>>;

impl Parts {
    /// The entries kept in the cache directory `dir` (none when it has no intact file).
    pub fn open(dir: &Path) -> Parts {
        let file = dir.join(FILE);
        let bytes = std::fs::read(&file).unwrap_or_default();
        let known = index(&bytes).unwrap_or_default();
        Parts {
            file,
            bytes,
            known,
            now: Mutex::new(Vec::new()),
        }
    }

    /// The tree of the entry written as `text`, parsed on its own: from the cache, or
    /// parsed by `parse` (and kept).
    pub fn get_or_parse(&self, text: &str, parse: impl FnOnce() -> Option<Node>) -> Option<Node> {
        let hash = *blake3::hash(text.as_bytes()).as_bytes();
        let known = self.known.get(&hash);
        let cached = known.and_then(|range| decode(&mut ByteReader(&self.bytes[range.clone()])));
        let (node, entry) = match (cached, known) {
            (Some(node), Some(range)) => (node, Ok(range.clone())),
            _ => {
                let node = parse()?;
                let mut encoded = Vec::with_capacity(text.len());
                encode(&node, &mut encoded);
                (node, Err(encoded))
            }
        };
        if let Ok(mut now) = self.now.lock() {
            now.push((hash, entry));
        }
        Some(node)
    }

    /// Writes this parse's entries, unless they are the ones the cache held. Best effort,
    /// like the rest of the cache.
    pub fn save(self) {
        let Ok(mut now) = self.now.into_inner() else {
            return;
        };
        now.sort_by_key(|e| e.0);
        now.dedup_by(|a, b| a.0 == b.0);
        if now.len() == self.known.len() && now.iter().all(|(_, e)| e.is_ok()) {
            return;
        }
        let mut out = MAGIC.to_vec();
        for (hash, entry) in &now {
            let encoded = match entry {
                Ok(range) => &self.bytes[range.clone()],
                Err(encoded) => encoded.as_slice(),
            };
            out.extend_from_slice(hash);
            out.extend_from_slice(&(encoded.len() as u64).to_le_bytes());
            out.extend_from_slice(encoded);
        }
        let checksum = blake3::hash(&out);
        out.extend_from_slice(checksum.as_bytes());
        if let Some(dir) = self.file.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        let _ = write_atomically(&self.file, &out);
    }
}

/// Where each entry's tree is in an intact file.
fn index(bytes: &[u8]) -> Option<HashMap<Hash, std::ops::Range<usize>>> {
    let (body, checksum) = bytes.split_at_checked(bytes.len().checked_sub(32)?)?;
    if blake3::hash(body).as_bytes() != checksum {
        return None;
    }
    let mut r = ByteReader(body.strip_prefix(MAGIC)?);
    let mut known = HashMap::new();
    while !r.0.is_empty() {
        let hash: Hash = r.array()?;
        let len = r.length()?;
        let start = bytes.len() - 32 - r.0.len();
        r.take(len)?;
        known.insert(hash, start..start + len);
    }
    Some(known)
}

fn encode(node: &Node, out: &mut Vec<u8>) {
    out.extend_from_slice(&node.pos.line.to_le_bytes());
    out.extend_from_slice(&node.pos.col.to_le_bytes());
    out.extend_from_slice(&(node.pos.offset as u64).to_le_bytes());
    let len = |n: usize, out: &mut Vec<u8>| out.extend_from_slice(&(n as u64).to_le_bytes());
    match &node.value {
        Value::Null => out.push(0),
        Value::Bool(b) => out.extend_from_slice(&[1, u8::from(*b)]),
        Value::Int(i) => {
            out.push(2);
            out.extend_from_slice(&i.to_le_bytes());
        }
        Value::Float(f) => {
            out.push(3);
            out.extend_from_slice(&f.to_bits().to_le_bytes());
        }
        Value::Str(s) => {
            out.push(4);
            len(s.len(), out);
            out.extend_from_slice(s.as_bytes());
        }
        Value::Seq(items) => {
            out.push(5);
            len(items.len(), out);
            items.iter().for_each(|n| encode(n, out));
        }
        Value::Map(entries) => {
            out.push(6);
            len(entries.len(), out);
            for (k, v) in entries {
                encode(k, out);
                encode(v, out);
            }
        }
    }
}

fn decode(r: &mut ByteReader) -> Option<Node> {
    let line = u32::from_le_bytes(r.array()?);
    let col = u32::from_le_bytes(r.array()?);
    let offset = r.length()?;
    // Counts are bounded by what is left, so damage cannot ask for a huge allocation.
    let count = |r: &mut ByteReader| r.length().filter(|n| *n <= r.0.len());
    let value = match r.take(1)?[0] {
        0 => Value::Null,
        1 => Value::Bool(r.take(1)?[0] != 0),
        2 => Value::Int(i64::from_le_bytes(r.array()?)),
        3 => Value::Float(f64::from_bits(r.u64()?)),
        4 => {
            let n = count(r)?;
            Value::Str(std::str::from_utf8(r.take(n)?).ok()?.to_string())
        }
        5 => {
            let n = count(r)?;
            Value::Seq((0..n).map(|_| decode(r)).collect::<Option<_>>()?)
        }
        6 => {
            let n = count(r)?;
            let entries = (0..n).map(|_| Some((decode(r)?, decode(r)?)));
            Value::Map(entries.collect::<Option<_>>()?)
        }
        _ => return None,
    };
    Some(Node {
        value,
        pos: Pos { line, col, offset },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trees_round_trip_and_damage_is_a_miss() {
        let text = "- name: \"A\"\n  n: 3\n  f: 1.5\n  ok: true\n  none: ~\n  list: [x, y]\n";
        let tree = crate::yaml::parse(text).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let parts = Parts::open(dir.path());
        let parsed = parts.get_or_parse(text, || Some(tree.clone()));
        assert_eq!(parsed.as_ref(), Some(&tree));
        parts.save();
        let parts = Parts::open(dir.path());
        let cached = parts.get_or_parse(text, || panic!("served from the cache"));
        assert_eq!(cached, Some(tree.clone()));
        // Any flipped byte: the file is ignored, the text parsed again.
        let file = dir.path().join(FILE);
        let mut bytes = std::fs::read(&file).unwrap();
        bytes[40] ^= 1;
        std::fs::write(&file, &bytes).unwrap();
        let parts = Parts::open(dir.path());
        assert!(parts.known.is_empty());
        assert_eq!(parts.get_or_parse(text, || Some(tree.clone())), Some(tree));
    }

    #[test]
    fn damaged_trees_do_not_decode() {
        let tree = crate::yaml::parse("a: [1, 2]\n").unwrap();
        let mut encoded = Vec::new();
        encode(&tree, &mut encoded);
        for cut in 0..encoded.len() {
            assert_eq!(
                decode(&mut ByteReader(&encoded[..cut])),
                None,
                "cut at {cut}"
            );
        }
        assert_eq!(decode(&mut ByteReader(&encoded)), Some(tree));
    }
}
