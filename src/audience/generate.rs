//! Realistic consumer profiles in the platform's shape, for benchmarks, memory measurements and
//! trying `ppstudio audience` by hand (`ppstudio synthetic-profiles`, hidden): the identity
//! API's PascalCase keys in its order, about 1 KB of JSON each, with the API's own odd values
//! (`Gender: "U"`, `City: "unknown"`, `IsEmailSubscribed: false`, `Country` as an object, a
//! string or `null`, year-less birth dates, empty `Addresses`...), social consumers with their
//! `Identities`, a few keys that differ only in letter case, and a few `\u` escapes.
//! Deterministic: the same seed gives the same bytes.

use std::fmt::Write as _;
use std::io::Write;

/// A small deterministic generator (xorshift64): the synthetic profiles', and the one the
/// tests and benchmarks that generate their own cases share, so that every run generates the
/// same ones. Not for anything that must be unpredictable.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed (any value).
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15 | 1)
    }

    /// A generator whose state is `state` as given (not zero), for a sequence that must stay
    /// the one a benchmark was first measured with.
    pub fn from_state(state: u64) -> Rng {
        Rng(state.max(1))
    }

    /// The next number.
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// A number below `n` (0 when `n` is 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }

    /// An index into a list of `len` items (0 when it is empty).
    pub fn index(&mut self, len: usize) -> usize {
        usize::try_from(self.below(len as u64)).unwrap_or(0)
    }

    /// One of `items` (not empty).
    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.index(items.len())]
    }

    /// True `percent` times in a hundred.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    /// `len` letters from a to z.
    pub fn word(&mut self, len: usize) -> String {
        self.chars(len, b'a', 26)
    }

    /// `len` letters from A to Z.
    pub fn upper(&mut self, len: usize) -> String {
        self.chars(len, b'A', 26)
    }

    /// `len` digits.
    pub fn digits(&mut self, len: usize) -> String {
        self.chars(len, b'0', 10)
    }

    fn chars(&mut self, len: usize, first: u8, count: u8) -> String {
        (0..len)
            .map(|_| {
                let offset = u8::try_from(self.below(u64::from(count))).unwrap_or(0);
                char::from(first + offset)
            })
            .collect()
    }
}

const FIRST: &[&str] = &[
    "Asha", "Ann", "Bo", "Chen", "Diego", "Emma", "Farah", "Gus", "Hana", "Ingrid", "Jon", "Kofi",
    "Lena", "Mateo", "Nia", "Omar", "Priya", "Quinn", "Rosa", "Sven",
];
const LAST: &[&str] = &[
    "Rao", "Lee", "Smith", "Berg", "Okafor", "Garcia", "Kim", "Novak", "Silva", "Tanaka",
];
const CITIES: &[&str] = &["Pune", "Toronto", "Lagos", "Berlin", "Austin", "Osaka"];
const COUNTRIES: &[(&str, &str)] = &[
    ("in", "India"),
    ("ca", "Canada"),
    ("ng", "Nigeria"),
    ("de", "Germany"),
    ("us", "United States"),
    ("jp", "Japan"),
];

/// Appends one profile (one line of JSON, no newline) for consumer number `i`.
pub fn profile(rng: &mut Rng, i: u64, out: &mut String) {
    let provider = match rng.below(100) {
        0..=57 => "Email",
        58..=62 => "RAAS",
        63..=79 => "facebook",
        80..=94 => "google",
        _ => "twitter",
    };
    let social = !matches!(provider, "Email" | "RAAS");
    let first = rng.pick(FIRST);
    let last = rng.pick(LAST);
    // Most consumers have logged in a few times; some many times; a few never since signing up.
    let logins = match rng.below(100) {
        0..=4 => 0,
        5..=29 => 1 + rng.below(2),
        30..=59 => 3 + rng.below(3),
        60..=89 => 6 + rng.below(20),
        _ => 26 + rng.below(400),
    };
    let o = out;
    let _ = write!(
        o,
        "{{\"Password\":null,\"EmailVerified\":{},\"IsActive\":true,\"IsDeleted\":false,\
         \"Uid\":\"{:016x}{:016x}\",",
        !social && rng.chance(80) || social && rng.chance(95),
        i.wrapping_mul(0x9E37_79B9_7F4A_7C15),
        rng.next_u64()
    );
    match rng.below(100) {
        0..=49 => o.push_str("\"CustomFields\":null,"),
        50..=84 => {
            let size = rng.pick(&["1-10", "11-50", "51-200", ""]);
            let _ = write!(
                o,
                "\"CustomFields\":{{\"CompanySize\":\"{size}\",\"UseCase\":\"{}\"}},",
                rng.pick(&["billing", "analytics", "unknown", ""])
            );
        }
        _ => {
            let _ = write!(
                o,
                "\"CustomFields\":{{\"companysize\":\"{}\",\"TeamSize\":\"{}\",\"PreferredContact\":\"{}\"}},",
                rng.pick(&["11-50", "1-10"]),
                1 + rng.below(40),
                rng.pick(&["email", "phone"])
            );
        }
    }
    let _ = write!(
        o,
        "\"IsEmailSubscribed\":{},\"UserName\":null,\"NoOfLogins\":{logins},\"PhoneId\":{},\
         \"PhoneIdVerified\":false,\"Roles\":null,\"RegistrationProvider\":\"{}\",\
         \"LastLoginLocation\":\"{}\",\"ID\":\"{:032x}\",\"Provider\":\"{provider}\",",
        rng.chance(25),
        if rng.chance(35) {
            format!("\"+1415555{:04}\"", rng.below(10_000))
        } else {
            "null".to_string()
        },
        if social && rng.chance(70) {
            provider
        } else {
            rng.pick(&["Email", "Email", "RAAS", ""])
        },
        rng.pick(&[
            "unknown",
            "Pune, Maharashtra, India",
            "Toronto, Ontario, Canada"
        ]),
        rng.next_u64()
    );
    if rng.chance(2) {
        // The API's names with an escape, as some exports write them.
        let _ = write!(o, "\"FirstName\":\"Andr\\u00e9\",");
    } else if rng.chance(4) {
        o.push_str("\"FirstName\":\"\",");
    } else {
        let _ = write!(o, "\"FirstName\":\"{first}\",");
    }
    let _ = write!(
        o,
        "\"MiddleName\":null,\"LastName\":{},\"FullName\":\"{first} {last}\",\"BirthDate\":{},\
         \"Gender\":\"{}\",\"Website\":{},",
        if rng.chance(10) {
            "null".to_string()
        } else {
            format!("\"{last}\"")
        },
        rng.pick(&[
            "\"01-15-1990\"",
            "\"1990-02-07\"",
            "\"07-04\"",
            "null",
            "null",
            "\"\"",
            "\"11-30-1984\""
        ]),
        rng.pick(&["U", "U", "F", "M"]),
        if rng.chance(20) {
            "\"https://acme.example\""
        } else {
            "null"
        }
    );
    match rng.below(100) {
        0..=9 if !social => o.push_str("\"Email\":[],"),
        0..=4 => o.push_str("\"Email\":null,"),
        _ => {
            let _ = write!(
                o,
                "\"Email\":[{{\"Type\":\"Primary\",\"Value\":\"{}.{}{i}@example.com\"}}],",
                first.to_ascii_lowercase(),
                last.to_ascii_lowercase()
            );
        }
    }
    let (code, name) = COUNTRIES[usize::try_from(rng.below(COUNTRIES.len() as u64)).unwrap_or(0)];
    match rng.below(100) {
        0..=44 => {
            let _ = write!(
                o,
                "\"Country\":{{\"Code\":\"{code}\",\"Name\":\"{name}\"}},"
            );
        }
        45..=49 => o.push_str("\"Country\":{\"Code\":\"\",\"Name\":\"unknown\"},"),
        50..=54 => o.push_str("\"Country\":\"Unknown\","),
        _ => o.push_str("\"Country\":null,"),
    }
    let city = if rng.chance(60) {
        "unknown"
    } else {
        rng.pick(CITIES)
    };
    let _ = write!(
        o,
        "\"ThumbnailImageUrl\":null,\"ImageUrl\":null,\"State\":null,\"City\":\"{city}\",\
         \"Industry\":{},\"Company\":{},\"JobTitle\":{},",
        if rng.chance(40) {
            "\"Software\""
        } else {
            "null"
        },
        if rng.chance(45) { "\"Acme\"" } else { "null" },
        if rng.chance(30) {
            "\"Engineer\""
        } else {
            "null"
        }
    );
    match rng.below(100) {
        0..=59 => o.push_str("\"Addresses\":null,"),
        60..=69 => o.push_str("\"Addresses\":[],"),
        _ => {
            let _ = write!(
                o,
                "\"Addresses\":[{{\"Type\":\"Home\",\"Address1\":\"{} Main St\",\"City\":\"{}\",\
                 \"Country\":\"{name}\",\"PostalCode\":\"{:05}\"}}],",
                1 + rng.below(999),
                if rng.chance(20) {
                    "unknown"
                } else {
                    rng.pick(CITIES)
                },
                rng.below(100_000)
            );
        }
    }
    if rng.chance(15) {
        let _ = write!(
            o,
            "\"PhoneNumbers\":[{{\"PhoneType\":\"Mobile\",\"PhoneNumber\":\"+91 98{:08}\"}}],",
            rng.below(100_000_000)
        );
    } else {
        o.push_str("\"PhoneNumbers\":null,");
    }
    let _ = write!(
        o,
        "\"CreatedDate\":\"2023-{:02}-14T09:12:44.120Z\",\"ModifiedDate\":\"2024-02-02T11:40:05.007Z\",\
         \"LocalCountry\":\"{name}\",\"FirstLogin\":{},\"Hireable\":false,\
         \"GravatarImageUrl\":\"http://s.gravatar.com/avatar/{:016x}{:016x}?d=identicon&r=x\",\
         \"LastLoginDate\":\"2024-05-{:02}T17:21:09.441Z\",",
        1 + rng.below(12),
        logins <= 1,
        rng.next_u64(),
        rng.next_u64(),
        1 + rng.below(28)
    );
    if social {
        let _ = write!(
            o,
            "\"Identities\":[{{\"ID\":\"{:016x}\",\"Provider\":\"{provider}\",\"FirstName\":\"{first}\",\
             \"LastName\":\"{last}\"}}],",
            rng.next_u64()
        );
    } else {
        o.push_str("\"Identities\":null,");
    }
    if rng.chance(3) {
        // Keys that differ only in case: the first one wins.
        o.push_str("\"firstname\":\"Other\",\"CITY\":\"Elsewhere\",");
    }
    o.push_str("\"PreviousUids\":null}");
}

/// Writes `count` profiles as JSON Lines. Returns the bytes written.
pub fn write_lines(count: u64, seed: u64, out: &mut impl Write) -> std::io::Result<u64> {
    let mut rng = Rng::new(seed);
    let mut text = String::with_capacity(1 << 20);
    let mut written = 0u64;
    for i in 0..count {
        profile(&mut rng, i, &mut text);
        text.push('\n');
        if text.len() >= (1 << 20) - 4096 {
            out.write_all(text.as_bytes())?;
            written += text.len() as u64;
            text.clear();
        }
    }
    out.write_all(text.as_bytes())?;
    written += text.len() as u64;
    out.flush()?;
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profiles_are_json_objects_of_about_a_kilobyte_and_deterministic() {
        let mut a = Vec::new();
        let bytes = write_lines(2000, 7, &mut a).unwrap();
        assert_eq!(bytes as usize, a.len());
        let mut b = Vec::new();
        write_lines(2000, 7, &mut b).unwrap();
        assert_eq!(a, b);
        let text = String::from_utf8(a).unwrap();
        let mut providers = std::collections::HashSet::new();
        for line in text.lines() {
            let v: serde_json::Value = serde_json::from_str(line).expect(line);
            providers.insert(v["Provider"].as_str().unwrap().to_string());
        }
        assert!(providers.len() >= 4, "{providers:?}");
        let mean = bytes / 2000;
        assert!((900..1400).contains(&mean), "{mean} bytes a profile");
    }
}
