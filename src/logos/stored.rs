//! Where a processed logo's bytes live until the site is written: in memory, or where the
//! logo cache stored them. Held in memory, the CNCF landscape's processed logos were 34 MB
//! of a cold build's peak, and a rebuild read them all from the cache only to keep them.

use std::borrow::Cow;
use std::fmt;
use std::fs::File;
use std::io;
use std::sync::Arc;

/// A place in an open file. The file stays readable while this lives, even after a
/// merge of the cache's packs deleted it.
#[derive(Clone)]
pub(super) struct Span {
    pub file: Arc<File>,
    pub offset: u64,
}

/// A processed logo's bytes.
#[derive(Clone)]
pub(super) enum LogoBytes {
    Held(Vec<u8>),
    Stored { at: Span, len: usize },
}

impl LogoBytes {
    /// The bytes, checked against `hash` when read back from a file (a mismatch is an
    /// error, never wrong output).
    pub fn get(&self, hash: &blake3::Hash) -> io::Result<Cow<'_, [u8]>> {
        match self {
            LogoBytes::Held(bytes) => Ok(Cow::Borrowed(bytes)),
            LogoBytes::Stored { at, len } => {
                let mut bytes = vec![0; *len];
                read_exact_at(&at.file, at.offset, &mut bytes)?;
                if blake3::hash(&bytes) != *hash {
                    return Err(io::Error::other(
                        "the processed logo changed in the logo cache while the site was built",
                    ));
                }
                Ok(Cow::Owned(bytes))
            }
        }
    }
}

impl fmt::Debug for LogoBytes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LogoBytes::Held(bytes) => write!(f, "Held({} bytes)", bytes.len()),
            LogoBytes::Stored { at, len } => write!(f, "Stored({len} bytes at {})", at.offset),
        }
    }
}

/// Fills `buf` from `offset` without moving the file's cursor, so threads can share one
/// open file.
pub(super) fn read_exact_at(file: &File, offset: u64, buf: &mut [u8]) -> io::Result<()> {
    #[cfg(unix)]
    {
        std::os::unix::fs::FileExt::read_exact_at(file, buf, offset)
    }
    #[cfg(windows)]
    {
        let (mut offset, mut buf) = (offset, buf);
        while !buf.is_empty() {
            match std::os::windows::fs::FileExt::seek_read(file, buf, offset)? {
                0 => return Err(io::ErrorKind::UnexpectedEof.into()),
                n => {
                    buf = &mut buf[n..];
                    offset += n as u64;
                }
            }
        }
        Ok(())
    }
}
