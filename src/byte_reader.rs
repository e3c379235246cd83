//! Reading the binary caches back: fields taken in order from a byte slice, `None` as soon
//! as the bytes run out (a truncated cache file is a miss, never a panic).

/// The bytes not read yet.
pub(crate) struct ByteReader<'a>(pub &'a [u8]);

impl<'a> ByteReader<'a> {
    /// The next `n` bytes.
    pub fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let (head, rest) = self.0.split_at_checked(n)?;
        self.0 = rest;
        Some(head)
    }

    /// The next `N` bytes, as an array (for `from_le_bytes` and hashes).
    pub fn array<const N: usize>(&mut self) -> Option<[u8; N]> {
        self.take(N)?.try_into().ok()
    }

    /// The next 8 bytes as a little-endian `u64`.
    pub fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.array()?))
    }

    /// The next 8 bytes as a little-endian length that fits this machine's `usize`.
    pub fn length(&mut self) -> Option<usize> {
        usize::try_from(self.u64()?).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_in_order_and_stops_at_the_end() {
        let mut r = ByteReader(&[1, 0, 0, 0, 0, 0, 0, 0, 7, 8]);
        assert_eq!(r.length(), Some(1));
        assert_eq!(r.take(1), Some(&[7][..]));
        assert_eq!(r.u64(), None);
        assert_eq!(r.array::<2>(), None);
        assert_eq!(r.take(1), Some(&[8][..]));
        assert_eq!(r.take(1), None);
    }
}
