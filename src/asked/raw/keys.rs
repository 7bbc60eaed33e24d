//! The top-level keys the rules read, matched straight against a profile's keys as the scan
//! meets them: a key written in plain ASCII (no escape) is looked up by its length and its
//! lower-cased first byte, then compared byte by byte ignoring ASCII case (the table's keys are
//! lower case already), with no hash and no copy. ASCII lower-casing is exact for such a key (JavaScript's `toLowerCase` changes only
//! `A`-`Z` in ASCII text), so only the lower-cased keys that are ASCII can match one; any other
//! key (escaped, or not ASCII) goes to the full index ([`crate::asked::Compiled`]'s).

/// Keys up to this long are bucketed by length; longer ones are compared one by one.
const LONGEST: usize = 40;

/// The buckets: one per (length, lower-cased first byte & 31).
const BUCKETS: usize = (LONGEST + 1) * 32;

#[derive(Debug, Clone, Default)]
pub(crate) struct AsciiKeys {
    /// Bucket `b` is `keys[starts[b]..starts[b + 1]]`.
    starts: Vec<u16>,
    /// Lower-cased ASCII keys and their slots, by bucket.
    keys: Vec<(Box<[u8]>, u16)>,
    /// The keys longer than [`LONGEST`].
    long: Vec<(Box<[u8]>, u16)>,
}

fn bucket(key: &[u8]) -> usize {
    let first = key
        .first()
        .map_or(0, |b| usize::from(b.to_ascii_lowercase() & 31));
    key.len() * 32 + first
}

impl AsciiKeys {
    /// The table of the lower-cased keys given (the ones that are not ASCII are left out: no
    /// ASCII key lower-cases to them).
    pub(crate) fn new<'k>(keys: impl IntoIterator<Item = (&'k str, u16)>) -> AsciiKeys {
        let mut short: Vec<(usize, Box<[u8]>, u16)> = Vec::new();
        let mut long = Vec::new();
        for (k, slot) in keys {
            if !k.is_ascii() {
                continue;
            }
            let bytes: Box<[u8]> = k.as_bytes().into();
            if k.len() > LONGEST {
                long.push((bytes, slot));
            } else {
                short.push((bucket(&bytes), bytes, slot));
            }
        }
        short.sort_by_key(|(b, _, _)| *b);
        let mut starts = vec![0u16; BUCKETS + 1];
        for (b, _, _) in &short {
            starts[b + 1] += 1;
        }
        for b in 0..BUCKETS {
            starts[b + 1] += starts[b];
        }
        AsciiKeys {
            starts,
            keys: short.into_iter().map(|(_, k, s)| (k, s)).collect(),
            long,
        }
    }

    /// The slot of `key`, an ASCII key as written (compared lower-cased).
    #[inline]
    pub(crate) fn get(&self, key: &[u8]) -> Option<u16> {
        let candidates = if key.len() > LONGEST {
            self.long.as_slice()
        } else {
            let b = bucket(key);
            let (Some(&s), Some(&e)) = (self.starts.get(b), self.starts.get(b + 1)) else {
                return None;
            };
            self.keys.get(usize::from(s)..usize::from(e))?
        };
        candidates
            .iter()
            .find(|(k, _)| k.len() == key.len() && key.eq_ignore_ascii_case(k))
            .map(|(_, slot)| *slot)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_keys_are_found_in_any_letter_case_and_nothing_else_is() {
        let long = "x".repeat(LONGEST + 5);
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
}
