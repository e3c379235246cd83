//! A directory of immutable pack files: the storage under [`super::LogoCache`].
//!
//! Creating a file is the expensive part of a cold cache (on the project's machines it
//! costs about as much CPU as processing a logo), so a batch of entries goes into one pack
//! file, written to a temp file and renamed into place. Packs are never modified; a later
//! batch writes a new pack. Every value carries its own blake3 checksum and every index
//! its own, so damage anywhere reads as a miss.
//!
//! Each build that misses writes a pack, so a cache kept across CI runs would collect
//! them: when a directory holds more than [`MAX_PACKS`], the next write merges every
//! intact pack into one (checksums verified again) and deletes the packs it merged. A
//! reader of a deleted pack sees a miss.
//!
//! Layout: `LGP1`, values (each `bytes ++ blake3(bytes)`), index (`count: u64`, then per
//! entry `key[32] offset:u64 len:u64`), `index_offset: u64`, `blake3(index)[32]`, `LGPE`.

use std::collections::HashMap;
use std::fs::{self, File};
use std::io::{self, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};

use super::stored::{Span, read_exact_at};
use crate::byte_reader::ByteReader;

const HEAD: &[u8; 4] = b"LGP1";
const TAIL: &[u8; 4] = b"LGPE";
const TRAILER: u64 = 8 + 32 + 4;
const EXTENSION: &str = "lgp";
/// An index claiming more entries than this is damage, not a cache.
const MAX_ENTRIES: u64 = 1 << 24;
/// More packs than this in a directory are merged into one by the next write.
pub(super) const MAX_PACKS: usize = 32;

/// A key: a blake3 hash.
pub(super) type Key = [u8; 32];

#[derive(Debug, Clone)]
struct Location {
    pack: Arc<PathBuf>,
    offset: u64,
    len: u64,
    /// The pack was found intact as a whole ([`super::vouched`]).
    vouched: bool,
}

/// The packs of one directory, indexed in memory on first use.
#[derive(Debug)]
pub(super) struct Packs {
    dir: PathBuf,
    index: RwLock<Option<HashMap<Key, Location>>>,
    /// Packs opened for reading, each once: values read later ([`Span`]) keep them open.
    open: Mutex<HashMap<Arc<PathBuf>, Arc<File>>>,
}

impl Packs {
    pub fn new(dir: PathBuf) -> Self {
        Self {
            dir,
            index: RwLock::new(None),
            open: Mutex::new(HashMap::new()),
        }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The value stored under `key`, if present and intact.
    pub fn get(&self, key: &Key) -> Option<Vec<u8>> {
        let location = self.location(key)?;
        read_value(&*self.opened(&location.pack)?, &location)
    }

    /// The first `head` bytes of the value stored under `key` (all of it, checked, unless
    /// its pack is known intact), its length, and where it starts in its pack.
    pub fn get_head(&self, key: &Key, head: usize) -> Option<(Vec<u8>, usize, Span)> {
        let location = self.location(key)?;
        let file = self.opened(&location.pack)?;
        let len = usize::try_from(location.len).ok()?.checked_sub(32)?;
        let value = if location.vouched {
            let mut value = vec![0; head.min(len)];
            read_exact_at(&file, location.offset, &mut value).ok()?;
            value
        } else {
            read_value(&file, &location)?
        };
        let offset = location.offset;
        Some((value, len, Span { file, offset }))
    }

    fn opened(&self, pack: &Arc<PathBuf>) -> Option<Arc<File>> {
        let mut open = self.open.lock().ok()?;
        if let Some(file) = open.get(pack) {
            return Some(Arc::clone(file));
        }
        let file = Arc::new(File::open(pack.as_path()).ok()?);
        open.insert(Arc::clone(pack), Arc::clone(&file));
        Some(file)
    }

    /// Writes all `entries` as one new pack (temp file + rename in the directory), then
    /// merges the directory's packs if there are more than [`MAX_PACKS`].
    pub fn put_all(&self, entries: &[(Key, Vec<u8>)]) -> io::Result<()> {
        if entries.is_empty() {
            return Ok(());
        }
        let (path, index) = write_pack(&self.dir, entries.iter().map(|(k, v)| (*k, v.as_slice())))?;
        self.added(&path, &index)
    }

    /// A new pack that entries stream into as they are made, from any thread, so a batch
    /// is never held in memory whole; it appears (and is indexed) at [`PackWriter::finish`].
    pub fn writer(&self) -> PackWriter<'_> {
        PackWriter {
            packs: self,
            open: Mutex::new(None),
        }
    }

    fn added(&self, path: &Arc<PathBuf>, index: &[u8]) -> io::Result<()> {
        if let Ok(mut guard) = self.index.write()
            && let Some(map) = guard.as_mut()
        {
            insert_index(map, path, index);
        }
        if pack_paths(&self.dir).len() > MAX_PACKS {
            self.compact()?;
        }
        Ok(())
    }

    /// Merges every intact pack of the directory into one and deletes the merged packs.
    /// Damaged values are left out; files that are not intact packs are left alone.
    fn compact(&self) -> io::Result<()> {
        let mut merged: HashMap<Key, Vec<u8>> = HashMap::new();
        let mut sources = Vec::new();
        for path in pack_paths(&self.dir) {
            let Some(index) = read_index(&path) else {
                continue;
            };
            let Ok(file) = File::open(&path) else {
                continue;
            };
            let pack = Arc::new(path.clone());
            for (key, location) in records(&pack, &index) {
                if let Some(value) = read_value(&file, &location) {
                    merged.entry(key).or_insert(value);
                }
            }
            sources.push(path);
        }
        let (kept, index) = write_pack(&self.dir, merged.iter().map(|(k, v)| (*k, v.as_slice())))?;
        for path in sources.iter().filter(|p| **p != *kept) {
            let _ = fs::remove_file(path);
        }
        if let Ok(mut guard) = self.index.write() {
            let mut map = HashMap::new();
            insert_index(&mut map, &kept, &index);
            *guard = Some(map);
        }
        Ok(())
    }

    fn location(&self, key: &Key) -> Option<Location> {
        {
            let guard = self.index.read().ok()?;
            if let Some(map) = guard.as_ref() {
                return map.get(key).cloned();
            }
        }
        let mut guard = self.index.write().ok()?;
        let map = guard.get_or_insert_with(|| load_index(&self.dir));
        map.get(key).cloned()
    }
}

/// A pack being written: see [`Packs::writer`]. Dropped without [`PackWriter::finish`],
/// its temp file is deleted.
pub(super) struct PackWriter<'a> {
    packs: &'a Packs,
    /// Created with the first entry, so a batch without entries writes nothing.
    open: Mutex<Option<OpenPack>>,
}

impl PackWriter<'_> {
    /// Appends one entry; returns where its value starts, readable from now on.
    pub fn add(&self, key: &Key, value: &[u8]) -> io::Result<Span> {
        let mut open = self
            .open
            .lock()
            .map_err(|_| io::Error::other("a writer panicked"))?;
        let pack = match open.as_mut() {
            Some(pack) => pack,
            None => open.insert(OpenPack::new(&self.packs.dir)?),
        };
        let offset = pack.append(key, value)?;
        // In the file before anyone reads it back through `file`.
        pack.out.flush()?;
        let file = Arc::clone(&pack.file);
        Ok(Span { file, offset })
    }

    /// Puts the pack in place (named after its index) and indexes it.
    pub fn finish(self) -> io::Result<()> {
        let open = self
            .open
            .into_inner()
            .map_err(|_| io::Error::other("a writer panicked"))?;
        let Some(pack) = open else {
            return Ok(());
        };
        let (path, index) = pack.finish(&self.packs.dir)?;
        self.packs.added(&path, &index)
    }
}

/// A pack's temp file and the index of what it holds so far.
struct OpenPack {
    out: BufWriter<tempfile::NamedTempFile>,
    /// The same file, for reading what was written.
    file: Arc<File>,
    index: Vec<u8>,
    offset: u64,
    count: u64,
}

impl OpenPack {
    fn new(dir: &Path) -> io::Result<Self> {
        fs::create_dir_all(dir)?;
        let tmp = tempfile::Builder::new()
            .prefix(".pack-")
            .suffix(".tmp")
            .tempfile_in(dir)?;
        let file = Arc::new(tmp.as_file().try_clone()?);
        let mut out = BufWriter::new(tmp);
        out.write_all(HEAD)?;
        Ok(OpenPack {
            out,
            file,
            index: vec![0; 8],
            offset: HEAD.len() as u64,
            count: 0,
        })
    }

    /// Appends one entry (buffered); returns its value's offset.
    fn append(&mut self, key: &Key, value: &[u8]) -> io::Result<u64> {
        self.out.write_all(value)?;
        self.out.write_all(blake3::hash(value).as_bytes())?;
        let (offset, len) = (self.offset, value.len() as u64 + 32);
        self.index.extend_from_slice(key);
        self.index.extend_from_slice(&offset.to_le_bytes());
        self.index.extend_from_slice(&len.to_le_bytes());
        self.offset += len;
        self.count += 1;
        Ok(offset)
    }

    /// Writes the index and trailer and renames the pack into `dir`; returns its path and
    /// index.
    fn finish(mut self, dir: &Path) -> io::Result<(Arc<PathBuf>, Vec<u8>)> {
        self.index[..8].copy_from_slice(&self.count.to_le_bytes());
        let index_hash = blake3::hash(&self.index);
        self.out.write_all(&self.index)?;
        self.out.write_all(&self.offset.to_le_bytes())?;
        self.out.write_all(index_hash.as_bytes())?;
        self.out.write_all(TAIL)?;
        let tmp = self
            .out
            .into_inner()
            .map_err(io::IntoInnerError::into_error)?;
        // Named after its index, so concurrent writers never collide and identical
        // batches just replace each other.
        let name = format!("{}.{EXTENSION}", &index_hash.to_hex()[..32]);
        let path = Arc::new(dir.join(name));
        tmp.persist(path.as_path()).map_err(|e| e.error)?;
        Ok((path, self.index))
    }
}

/// Writes `entries` as a pack in `dir`; returns its path and index.
fn write_pack<'a>(
    dir: &Path,
    entries: impl Iterator<Item = (Key, &'a [u8])>,
) -> io::Result<(Arc<PathBuf>, Vec<u8>)> {
    let mut pack = OpenPack::new(dir)?;
    for (key, value) in entries {
        pack.append(&key, value)?;
    }
    pack.finish(dir)
}

/// A value at `location` of an open pack, if its checksum holds.
fn read_value(file: &File, location: &Location) -> Option<Vec<u8>> {
    let len = usize::try_from(location.len).ok()?;
    let mut data = vec![0; len];
    read_exact_at(file, location.offset, &mut data).ok()?;
    let (value, checksum) = data.split_at_checked(len.checked_sub(32)?)?;
    if blake3::hash(value).as_bytes() != checksum {
        return None;
    }
    data.truncate(len - 32);
    Some(data)
}

/// The pack files of `dir` (by extension; whether they are intact is not checked).
fn pack_paths(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().and_then(|e| e.to_str()) == Some(EXTENSION))
        .collect()
}

/// Reads the index of every intact pack in `dir`; anything unreadable is skipped.
fn load_index(dir: &Path) -> HashMap<Key, Location> {
    let packs: Vec<(Arc<PathBuf>, Vec<u8>)> = (pack_paths(dir).into_iter())
        .filter_map(|path| Some((Arc::new(path.clone()), read_index(&path)?)))
        .collect();
    let paths: Vec<Arc<PathBuf>> = packs.iter().map(|(p, _)| Arc::clone(p)).collect();
    let vouched = super::vouched::vouched(dir, &paths, |pack| {
        let index = packs
            .iter()
            .find(|(p, _)| p.as_path() == pack)
            .map(|(_, i)| i);
        index.is_some_and(|index| intact(pack, index))
    });
    let mut map = HashMap::new();
    for (path, index) in &packs {
        let trusted = vouched.contains(path);
        map.extend(records(path, index).map(|(key, location)| {
            let vouched = trusted;
            (
                key,
                Location {
                    vouched,
                    ..location
                },
            )
        }));
    }
    map
}

/// Whether every value `index` lists holds its checksum: the pack read whole, once.
fn intact(pack: &Path, index: &[u8]) -> bool {
    let Ok(bytes) = fs::read(pack) else {
        return false;
    };
    let pack = Arc::new(pack.to_path_buf());
    records(&pack, index).all(|(_, location)| {
        let (start, len) = (location.offset as usize, location.len as usize);
        let Some(value) = bytes.get(start..start.saturating_add(len)) else {
            return false;
        };
        let Some((value, checksum)) = value.split_at_checked(len.saturating_sub(32)) else {
            return false;
        };
        len >= 32 && blake3::hash(value).as_bytes() == checksum
    })
}

fn read_index(path: &Path) -> Option<Vec<u8>> {
    let mut file = File::open(path).ok()?;
    let size = file.metadata().ok()?.len();
    if size < HEAD.len() as u64 + TRAILER {
        return None;
    }
    let mut head = [0u8; 4];
    file.read_exact(&mut head).ok()?;
    let mut trailer = [0u8; TRAILER as usize];
    file.seek(SeekFrom::Start(size - TRAILER)).ok()?;
    file.read_exact(&mut trailer).ok()?;
    if head != *HEAD || trailer[40..] != *TAIL {
        return None;
    }
    let index_offset = ByteReader(&trailer).u64()?;
    let index_len = (size - TRAILER).checked_sub(index_offset)?;
    if index_offset < HEAD.len() as u64 || index_len < 8 {
        return None;
    }
    let mut index = vec![0; usize::try_from(index_len).ok()?];
    file.seek(SeekFrom::Start(index_offset)).ok()?;
    file.read_exact(&mut index).ok()?;
    if blake3::hash(&index).as_bytes()[..] != trailer[8..40] {
        return None;
    }
    let count = ByteReader(&index).u64()?;
    (count <= MAX_ENTRIES && index_len == 8 + count * 48).then_some(index)
}

fn insert_index(map: &mut HashMap<Key, Location>, pack: &Arc<PathBuf>, index: &[u8]) {
    map.extend(records(pack, index));
}

/// The entries an index lists, with where each lives in `pack`.
fn records<'a>(
    pack: &'a Arc<PathBuf>,
    index: &'a [u8],
) -> impl Iterator<Item = (Key, Location)> + 'a {
    index[8..].chunks_exact(48).filter_map(move |record| {
        let mut r = ByteReader(record);
        Some((
            r.array()?,
            Location {
                pack: Arc::clone(pack),
                offset: r.u64()?,
                len: r.u64()?,
                vouched: false,
            },
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pack_files(dir: &Path) -> Vec<PathBuf> {
        let mut files: Vec<PathBuf> = fs::read_dir(dir)
            .expect("read_dir")
            .map(|e| e.expect("entry").path())
            .collect();
        files.sort();
        files
    }

    #[test]
    fn batches_are_one_file_each_and_readable_by_a_fresh_reader() {
        let dir = tempfile::tempdir().expect("tempdir");
        let packs = Packs::new(dir.path().join("c"));
        assert_eq!(packs.get(&[1; 32]), None);
        packs
            .put_all(&[([1; 32], b"one".to_vec()), ([2; 32], b"two".to_vec())])
            .expect("put");
        packs.put_all(&[([3; 32], Vec::new())]).expect("put");
        assert_eq!(packs.get(&[1; 32]).as_deref(), Some(&b"one"[..]));
        assert_eq!(packs.get(&[3; 32]).as_deref(), Some(&b""[..]));
        let files = pack_files(packs.dir());
        assert_eq!(files.len(), 2, "{files:?}");
        assert!(
            files
                .iter()
                .all(|f| f.extension().is_some_and(|e| e == "lgp"))
        );
        let fresh = Packs::new(dir.path().join("c"));
        assert_eq!(fresh.get(&[2; 32]).as_deref(), Some(&b"two"[..]));
        assert_eq!(fresh.get(&[4; 32]), None);
    }

    #[test]
    fn many_packs_are_merged_into_one_keeping_every_intact_value() {
        let dir = tempfile::tempdir().expect("tempdir");
        let packs = Packs::new(dir.path().to_path_buf());
        assert_eq!(
            packs.get(&[0; 32]),
            None,
            "the index is loaded before any write"
        );
        // A foreign file with the extension counts towards the limit but is left alone.
        fs::write(dir.path().join("notes.lgp"), b"not a pack").expect("write");
        let keys = MAX_PACKS as u8 - 1;
        for k in 0..keys {
            packs.put_all(&[([k; 32], vec![k; 10])]).expect("put");
        }
        assert_eq!(pack_files(dir.path()).len(), MAX_PACKS, "no merge yet");
        // Damage the value of key 7: it is left out of the merge.
        let damaged = pack_files(dir.path())
            .into_iter()
            .find(|p| read_index(p).is_some_and(|i| i[8..40] == [7; 32]))
            .expect("the pack of key 7");
        let mut bytes = fs::read(&damaged).expect("read");
        bytes[HEAD.len()] ^= 0xff;
        fs::write(&damaged, &bytes).expect("write");

        packs
            .put_all(&[([200; 32], b"last".to_vec())])
            .expect("put");
        let files = pack_files(dir.path());
        assert_eq!(
            files.len(),
            2,
            "one merged pack and the foreign file: {files:?}"
        );
        assert!(dir.path().join("notes.lgp").exists());
        for reader in [&packs, &Packs::new(dir.path().to_path_buf())] {
            for k in (0..keys).filter(|k| *k != 7) {
                assert_eq!(reader.get(&[k; 32]), Some(vec![k; 10]), "key {k}");
            }
            assert_eq!(reader.get(&[7; 32]), None, "the damaged value");
            assert_eq!(reader.get(&[200; 32]).as_deref(), Some(&b"last"[..]));
        }
    }

    #[test]
    fn damage_is_a_miss() {
        let dir = tempfile::tempdir().expect("tempdir");
        let packs = Packs::new(dir.path().to_path_buf());
        packs
            .put_all(&[([1; 32], b"first".to_vec()), ([2; 32], b"second".to_vec())])
            .expect("put");
        let path = pack_files(dir.path()).remove(0);
        let good = fs::read(&path).expect("read");
        // A flipped byte inside the first value: that value misses, the other still hits.
        let mut bad = good.clone();
        bad[5] ^= 0xff;
        fs::write(&path, &bad).expect("write");
        let fresh = Packs::new(dir.path().to_path_buf());
        assert_eq!(fresh.get(&[1; 32]), None);
        assert_eq!(fresh.get(&[2; 32]).as_deref(), Some(&b"second"[..]));
        // Truncation loses the trailer: the whole pack is ignored.
        fs::write(&path, &good[..good.len() - 10]).expect("write");
        assert_eq!(Packs::new(dir.path().to_path_buf()).get(&[2; 32]), None);
        fs::write(&path, b"LGP1").expect("write");
        assert_eq!(Packs::new(dir.path().to_path_buf()).get(&[2; 32]), None);
        // A foreign file with our extension is ignored, and left alone.
        fs::write(dir.path().join("notes.lgp"), b"hello").expect("write");
        assert_eq!(Packs::new(dir.path().to_path_buf()).get(&[2; 32]), None);
        assert!(dir.path().join("notes.lgp").exists());
    }
}
