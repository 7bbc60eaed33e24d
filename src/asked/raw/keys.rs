//! The top-level keys the rules read, matched straight against a profile's keys as the scan
//! meets them: a key written in plain ASCII (no escape) of at most 16 bytes is read as two
//! words, lower-cased eight bytes at a time, hashed and compared word by word (the table's keys
//! are lower case already), with no copy; a longer one is compared byte by byte ignoring ASCII
//! case. ASCII lower-casing is exact for such a key (JavaScript's `toLowerCase` changes only
//! `A`-`Z` in ASCII text), so only the lower-cased keys that are ASCII can match one; any other
//! key (escaped, or not ASCII) goes to the full index ([`crate::asked::Compiled`]'s).

/// Keys up to this long are found by hashing (their bytes fit in two words); longer ones are
/// compared one by one.
const SHORT: usize = 16;

/// Eight bytes with their ASCII capitals lower-cased (any other byte unchanged).
#[inline(always)]
fn lower(w: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = ONES * 0x80;
    let seven = w & !HIGH;
    // The high bit of each byte: at least `A`, above `Z` (no carry leaves a byte).
    let from_a = seven + ONES * (0x80 - u64::from(b'A'));
    let past_z = seven + ONES * (0x80 - u64::from(b'Z') - 1);
    let capital = from_a & !past_z & !w & HIGH;
    w | (capital >> 2)
}

/// A key of at most [`SHORT`] bytes as two words that, with its length, tell it from any
/// other: the first and last eight bytes (overlapping when shorter than 16), or its bytes in
/// one word when shorter than 8.
#[inline(always)]
fn words(k: &[u8]) -> (u64, u64) {
    if let (Some(first), Some(last)) = (k.first_chunk::<8>(), k.last_chunk::<8>()) {
        (u64::from_le_bytes(*first), u64::from_le_bytes(*last))
    } else if let (Some(first), Some(last)) = (k.first_chunk::<4>(), k.last_chunk::<4>()) {
        let first = u64::from(u32::from_le_bytes(*first));
        let last = u64::from(u32::from_le_bytes(*last));
        (first | (last << 32), 0)
    } else {
        let w = k
            .iter()
            .enumerate()
            .fold(0u64, |w, (i, &c)| w | (u64::from(c) << (8 * i)));
        (w, 0)
    }
}

#[inline(always)]
fn hash(len: usize, lo: u64, hi: u64) -> u64 {
    (lo ^ hi.rotate_left(29) ^ len as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

/// A short key of the table (lower-cased words); `len == u32::MAX` is an empty place.
#[derive(Debug, Clone, Copy)]
struct Short {
    len: u32,
    slot: u16,
    lo: u64,
    hi: u64,
}

const EMPTY: Short = Short {
    len: u32::MAX,
    slot: 0,
    lo: 0,
    hi: 0,
};

#[derive(Debug, Clone, Default)]
pub(crate) struct AsciiKeys {
    /// Open addressing (a power of two places, at most a quarter used).
    table: Vec<Short>,
    /// The top bits of a hash that pick its place.
    shift: u32,
    /// The keys longer than [`SHORT`].
    long: Vec<(Box<[u8]>, u16)>,
}

/// `Provider`, as the scan matches it (exactly, by its words).
const PROVIDER: u64 = u64::from_le_bytes(*b"Provider");

impl AsciiKeys {
    /// The table of the lower-cased keys given (the ones that are not ASCII are left out: no
    /// ASCII key lower-cases to them).
    pub(crate) fn new<'k>(keys: impl IntoIterator<Item = (&'k str, u16)>) -> AsciiKeys {
        let mut short = Vec::new();
        let mut long = Vec::new();
        for (k, slot) in keys {
            if !k.is_ascii() {
                continue;
            }
            if k.len() > SHORT {
                long.push((k.as_bytes().into(), slot));
            } else {
                let (lo, hi) = words(k.as_bytes());
                short.push(Short {
                    len: k.len() as u32,
                    slot,
                    lo: lower(lo),
                    hi: lower(hi),
                });
            }
        }
        let places = (short.len() * 4).next_power_of_two().max(16);
        let shift = 64 - places.trailing_zeros();
        let mut table = vec![EMPTY; places];
        for k in short {
            let mut at = (hash(k.len as usize, k.lo, k.hi) >> shift) as usize;
            while table[at].len != u32::MAX {
                if (table[at].len, table[at].lo, table[at].hi) == (k.len, k.lo, k.hi) {
                    break; // The same key twice: the first slot stays.
                }
                at = (at + 1) & (places - 1);
            }
            if table[at].len == u32::MAX {
                table[at] = k;
            }
        }
        AsciiKeys { table, shift, long }
    }

    /// The slot of `key`, an ASCII key as written (compared lower-cased).
    #[cfg(test)]
    pub(crate) fn get(&self, key: &[u8]) -> Option<u16> {
        self.probe(key).and_then(|(slot, _)| slot)
    }

    /// A key as written (no escape): `None` when it is not ASCII (for the full index);
    /// else its slot (compared lower-cased) and whether it is exactly `Provider`.
    #[inline(always)]
    pub(crate) fn probe(&self, key: &[u8]) -> Option<(Option<u16>, bool)> {
        const HIGH: u64 = 0x8080_8080_8080_8080;
        if key.len() > SHORT {
            if !key.is_ascii() {
                return None;
            }
            let slot = self
                .long
                .iter()
                .find(|(k, _)| key.eq_ignore_ascii_case(k))
                .map(|(_, slot)| *slot);
            return Some((slot, false));
        }
        let (lo, hi) = words(key);
        if (lo | hi) & HIGH != 0 {
            return None;
        }
        let provider = key.len() == 8 && lo == PROVIDER;
        if self.table.is_empty() {
            return Some((None, provider));
        }
        let (lo, hi) = (lower(lo), lower(hi));
        let len = key.len() as u32;
        let places = self.table.len() - 1;
        let mut at = (hash(key.len(), lo, hi) >> self.shift) as usize;
        loop {
            let k = self.table.get(at)?;
            if k.len == len && k.lo == lo && k.hi == hi {
                return Some((Some(k.slot), provider));
            }
            if k.len == u32::MAX {
                return Some((None, provider));
            }
            at = (at + 1) & places;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_keys_are_found_in_any_letter_case_and_nothing_else_is() {
        let long = "x".repeat(SHORT + 5);
        let keys = [
            "firstname",
            "fax",
            "f",
            "",
            "émail",
            long.as_str(),
            "2fa",
            "phoneid",
            "k",
        ];
        let table = AsciiKeys::new(keys.iter().enumerate().map(|(i, k)| (*k, i as u16)));
        for (i, k) in keys.iter().enumerate() {
            let found = table.get(k.to_uppercase().as_bytes());
            if k.is_ascii() {
                assert_eq!(found, Some(i as u16), "{k}");
                assert_eq!(table.get(k.as_bytes()), Some(i as u16), "{k}");
            } else {
                assert_eq!(found, None, "{k}: not ASCII, for the full index");
            }
        }
        for miss in ["firstnam", "firstnamex", "Fix", "g", "2FB", "xx", "PHONEIE"] {
            assert_eq!(table.get(miss.as_bytes()), None, "{miss}");
        }
        assert_eq!(AsciiKeys::default().get(b"firstname"), None);
    }

    #[test]
    fn every_length_is_told_apart_and_provider_is_matched_exactly() {
        let keys: Vec<String> = (0..=SHORT + 3)
            .map(|n| (0..n).map(|i| char::from(b'a' + (i % 26) as u8)).collect())
            .collect();
        let table = AsciiKeys::new(keys.iter().enumerate().map(|(i, k)| (k.as_str(), i as u16)));
        for (i, k) in keys.iter().enumerate() {
            assert_eq!(
                table.get(k.to_uppercase().as_bytes()),
                Some(i as u16),
                "{k}"
            );
            // One byte changed anywhere: no match.
            for at in 0..k.len() {
                let mut other = k.clone().into_bytes();
                other[at] = b'#';
                assert_eq!(table.get(&other), None, "{k} at {at}");
            }
        }
        assert_eq!(table.probe("Provider".as_bytes()), Some((None, true)));
        assert_eq!(table.probe("provider".as_bytes()), Some((None, false)));
        assert_eq!(table.probe("abcé".as_bytes()), None);
        assert_eq!(table.probe("abcdefghijklmnopé".as_bytes()), None);
    }

    #[test]
    fn lower_casing_changes_capitals_only() {
        for c in 0u8..=255 {
            for at in 0..8 {
                let w = u64::from(c) << (8 * at) | 0x4141_0000_0000_0000 >> (8 * (7 - at.min(7)));
                let bytes = w.to_le_bytes().map(|b| b.to_ascii_lowercase());
                assert_eq!(lower(w), u64::from_le_bytes(bytes), "{c:#x} at {at}");
            }
        }
    }
}
