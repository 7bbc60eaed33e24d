//! The top-level keys the rules read, matched straight against a profile's keys as the scan
//! meets them, with no copy: a key written in plain ASCII (no escape) is read as two words, its
//! first eight bytes and its last eight (the second zero when it has at most eight). A first
//! test by length and first letter turns most keys the rules do not read away; the others are
//! hashed with every byte's `0x20` bit set (so that letter case cannot move them) and compared
//! lower-cased with the table's places from the one they land on (open addressing; a key
//! longer than 16 bytes is then compared whole, ignoring ASCII case). The table's keys are lower case already. ASCII
//! lower-casing is exact for such a key (JavaScript's `toLowerCase` changes only `A`-`Z` in
//! ASCII text), so only the lower-cased keys that are ASCII can match one; any other key
//! (escaped, or not ASCII) goes to the full index ([`crate::asked::Compiled`]'s).

/// Keys up to this long are told apart by their two words and length alone; longer ones are
/// compared whole once their words match.
const SHORT: usize = 16;
const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = ONES * 0x80;

/// Eight bytes with their ASCII capitals lower-cased (any other byte unchanged).
#[inline(always)]
fn lower(w: u64) -> u64 {
    let seven = w & !HIGH;
    // The high bit of each byte: at least `A`, above `Z` (no carry leaves a byte).
    let from_a = seven + ONES * (0x80 - u64::from(b'A'));
    let past_z = seven + ONES * (0x80 - u64::from(b'Z') - 1);
    let capital = from_a & !past_z & !w & HIGH;
    w | (capital >> 2)
}

/// The low `len` bytes of `w` (all of them from eight on).
#[inline(always)]
fn low_bytes(w: u64, len: usize) -> u64 {
    if len >= 8 {
        w
    } else {
        w & ((1u64 << (8 * len)) - 1)
    }
}

/// A key's two words: its first eight bytes (zero-padded), and its last eight when it is longer
/// than eight (else zero). With the length, they tell apart any two keys of at most
/// [`SHORT`] bytes.
#[inline(always)]
fn words(k: &[u8]) -> (u64, u64) {
    let mut first = [0u8; 8];
    let n = k.len().min(8);
    first[..n].copy_from_slice(&k[..n]);
    let hi = match k.last_chunk::<8>() {
        Some(last) if k.len() > 8 => u64::from_le_bytes(*last),
        _ => 0,
    };
    (u64::from_le_bytes(first), hi)
}

/// Where a key's words land (the same for every letter case of the key).
#[inline(always)]
fn hash(len: usize, lo: u64, hi: u64) -> u64 {
    const CASE: u64 = ONES * 0x20;
    ((lo | CASE) ^ (hi | CASE).rotate_left(29) ^ len as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

/// A key of the table (lower-cased words); `len == u32::MAX` is an empty place.
#[derive(Debug, Clone, Copy)]
struct Place {
    len: u32,
    slot: u16,
    /// For a key longer than [`SHORT`]: its index in [`AsciiKeys::long`].
    long: u16,
    lo: u64,
    hi: u64,
}

const EMPTY: Place = Place {
    len: u32::MAX,
    slot: 0,
    long: 0,
    lo: 0,
    hi: 0,
};

#[derive(Debug, Clone, Default)]
pub(crate) struct AsciiKeys {
    /// Open addressing (a power of two places, at most a quarter used).
    table: Vec<Place>,
    /// The top bits of a hash that pick its place.
    shift: u32,
    /// The keys longer than [`SHORT`], whole.
    long: Vec<Box<[u8]>>,
    /// A first test, before the hash: for each length (modulo 32), a bit per first byte
    /// (`| 0x20`, modulo 64) of the table's keys. Most keys the rules do not read fail it.
    filter: [u64; 32],
}

/// The bit of [`AsciiKeys::filter`] for a key of `len` bytes whose words start with `lo`.
#[inline(always)]
fn filter_bit(len: usize, lo: u64) -> (usize, u64) {
    (len % 32, 1u64 << ((lo as u8 | 0x20) % 64))
}

/// `Provider`, as the scan matches it (exactly, by its words).
const PROVIDER: u64 = u64::from_le_bytes(*b"Provider");

impl AsciiKeys {
    /// The table of the lower-cased keys given (the ones that are not ASCII are left out: no
    /// ASCII key lower-cases to them).
    pub(crate) fn new<'k>(keys: impl IntoIterator<Item = (&'k str, u16)>) -> AsciiKeys {
        let keys: Vec<(&str, u16)> = keys.into_iter().filter(|(k, _)| k.is_ascii()).collect();
        let places = (keys.len() * 4).next_power_of_two().max(16);
        let shift = 64 - places.trailing_zeros();
        let mut table = vec![EMPTY; places];
        let mut long: Vec<Box<[u8]>> = Vec::new();
        let mut filter = [0u64; 32];
        for (k, slot) in keys {
            let (lo, hi) = words(k.as_bytes());
            let (row, bit) = filter_bit(k.len(), lo);
            filter[row] |= bit;
            let (lo, hi) = (lower(lo), lower(hi));
            let len = k.len() as u32;
            let mut at = (hash(k.len(), lo, hi) >> shift) as usize;
            let mut taken = false;
            while table[at].len != u32::MAX {
                let t = table[at];
                if (t.len, t.lo, t.hi) == (len, lo, hi)
                    && (k.len() <= SHORT || *long[usize::from(t.long)] == *k.as_bytes())
                {
                    taken = true; // The same key twice: the first slot stays.
                    break;
                }
                at = (at + 1) & (places - 1);
            }
            if !taken {
                let index = if k.len() > SHORT {
                    long.push(k.as_bytes().into());
                    u16::try_from(long.len() - 1).unwrap_or(u16::MAX)
                } else {
                    0
                };
                table[at] = Place {
                    len,
                    slot,
                    long: index,
                    lo,
                    hi,
                };
            }
        }
        AsciiKeys {
            table,
            shift,
            long,
            filter,
        }
    }

    /// The slot of `key`, an ASCII key as written (compared lower-cased).
    #[cfg(test)]
    pub(crate) fn get(&self, key: &[u8]) -> Option<u16> {
        self.probe(key).and_then(|(slot, _)| slot)
    }

    /// A key as written (no escape): `None` when it is not ASCII (for the full index);
    /// else its slot (compared lower-cased) and whether it is exactly `Provider`.
    pub(crate) fn probe(&self, key: &[u8]) -> Option<(Option<u16>, bool)> {
        if !key.is_ascii() {
            return None;
        }
        let (lo, hi) = words(key);
        Some(self.find(key, lo, hi))
    }

    /// [`AsciiKeys::probe`] of the key `b[start..end]`, read in place; `ascii`: the caller
    /// knows every byte of it is ASCII.
    #[inline(always)]
    pub(crate) fn probe_in(
        &self,
        b: &[u8],
        start: usize,
        end: usize,
        ascii: bool,
    ) -> Option<(Option<u16>, bool)> {
        let len = end.wrapping_sub(start);
        let (Some(key), Some(first)) = (
            b.get(start..end),
            b.get(start..).and_then(<[u8]>::first_chunk::<8>),
        ) else {
            // Near the end of a short text.
            return self.probe(b.get(start..end).unwrap_or_default());
        };
        // Eight bytes ending at the key's end (`end >= 8`: the text has eight bytes from
        // `start`), the key's last eight when it has more than eight.
        let last = b
            .get(end.max(8) - 8..)
            .and_then(<[u8]>::first_chunk::<8>)
            .map_or(0, |l| u64::from_le_bytes(*l));
        let lo = low_bytes(u64::from_le_bytes(*first), len);
        let hi = if len > 8 { last } else { 0 };
        if !ascii
            && (if len > SHORT {
                !key.is_ascii()
            } else {
                (lo | hi) & HIGH != 0
            })
        {
            return None;
        }
        Some(self.find(key, lo, hi))
    }

    /// The slot of an ASCII key given with its words, and whether it is exactly `Provider`.
    #[inline(always)]
    fn find(&self, key: &[u8], lo: u64, hi: u64) -> (Option<u16>, bool) {
        let provider = key.len() == 8 && lo == PROVIDER;
        let (row, bit) = filter_bit(key.len(), lo);
        if self.filter[row] & bit == 0 {
            return (None, provider);
        }
        let places = self.table.len() - 1;
        let mut at = (hash(key.len(), lo, hi) >> self.shift) as usize;
        let len = key.len() as u32;
        let mut place = self.table.get(at & places).copied().unwrap_or(EMPTY);
        if place.len == u32::MAX {
            // Most keys the rules do not read stop here, never lower-cased.
            return (None, provider);
        }
        let (lo, hi) = (lower(lo), lower(hi));
        loop {
            if place.len == len
                && place.lo == lo
                && place.hi == hi
                && (key.len() <= SHORT
                    || self
                        .long
                        .get(usize::from(place.long))
                        .is_some_and(|k| key.eq_ignore_ascii_case(k)))
            {
                return (Some(place.slot), provider);
            }
            at = (at + 1) & places;
            place = self.table.get(at).copied().unwrap_or(EMPTY);
            if place.len == u32::MAX {
                return (None, provider);
            }
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
    #[test]
    fn keys_read_in_place_are_found_as_keys_given_alone() {
        let long = "registrationprovider";
        let keys = [
            "email",
            "id",
            "",
            "nooflogins",
            "firstname",
            long,
            "phoneid",
            "k",
            "abcdefgh",
        ];
        let table = AsciiKeys::new(keys.iter().enumerate().map(|(i, k)| (*k, i as u16)));
        let words = [
            "Email",
            "ID",
            "",
            "NoOfLogins",
            "FIRSTNAME",
            "RegistrationProvider",
            "RegistrationProvideR",
            "RegistrationProvidex",
            "Provider",
            "provider",
            "PhoneId",
            "K",
            "AbcdefgH",
            "abcdefg",
            "abcdefghi",
            "émail",
            "Kelvin\u{212A}",
            "LastLoginLocation",
            "RegistraXionProvider",
        ];
        for key in words {
            for before in ["", "{\"", "{\"x\":1,\"", "{\"\u{e9}\":1,\""] {
                for after in ["", "\":1}", "\":1,\"zzzzzzzzzz\":2}"] {
                    let text = format!("{before}{key}{after}");
                    let b = text.as_bytes();
                    let (s, e) = (before.len(), before.len() + key.len());
                    let alone = table.probe(key.as_bytes());
                    assert_eq!(table.probe_in(b, s, e, false), alone, "{text:?}");
                    if text.is_ascii() {
                        assert_eq!(table.probe_in(b, s, e, true), alone, "{text:?}");
                    }
                }
            }
        }
        assert_eq!(table.get(b"REGISTRATIONPROVIDER"), Some(5));
        assert_eq!(table.get(b"registrationprovidex"), None);
        // The same first and last eight bytes, another middle.
        assert_eq!(table.get(b"RegistraXionProvider"), None);
        assert_eq!(table.get(b"RegistrationXProvider"), None);
        assert_eq!(table.get(b"Email"), Some(0));
        assert_eq!(table.get(b"emai"), None);
        assert_eq!(table.get(b""), Some(2));
    }
}
