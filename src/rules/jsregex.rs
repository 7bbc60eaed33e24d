//! The one door to the JavaScript regex engine (`corvus-regex-ecma262`).
//!
//! Every regex that judges a rule goes through here: the built-in predicates and the
//! `custom_validation` patterns. Patterns are read with the grammar of ECMAScript 2020 in
//! non-Unicode mode (Annex B), matched over UTF-16 code units, and every match has a time limit.
//! Swapping the engine means rewriting this file only.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use corvus_regex_ecma262::{Edition, MatchError, RegexBuilder};

/// The time one match may take before it is abandoned (see [`MatchOutcome::TimedOut`]).
pub const DEFAULT_MATCH_TIMEOUT: Duration = Duration::from_millis(100);

/// How many distinct patterns [`compile_cached`] keeps; the cache is emptied when it is full.
pub const CACHE_CAPACITY: usize = 512;

/// How many tests of a regex run on the engine's backtracking program alone before the regex
/// is compiled again with its automata: building them costs far more than several matches
/// (most of the compile), so a pattern tested once or twice (a new pattern on each line of
/// `rules eval`) never pays for them.
const TESTS_BEFORE_AUTOMATON: u32 = 2;

/// A compiled JavaScript regex, cheap to clone and safe to share between threads.
#[derive(Clone, Debug)]
pub struct JsRegex {
    /// The pattern compiled to the backtracking program alone (no automata): quick to build,
    /// and the one that says whether the pattern compiles.
    cold: Arc<corvus_regex_ecma262::Regex>,
    /// The same pattern with its automata, compiled on the test after
    /// [`TESTS_BEFORE_AUTOMATON`] (shared by the clones).
    warm: Arc<OnceLock<corvus_regex_ecma262::Regex>>,
    /// The flags and time limit `warm` is compiled with.
    flags: Arc<str>,
    timeout: Duration,
    /// Tests run so far (shared by the clones).
    tests: Arc<AtomicU32>,
}

/// Why a pattern does not compile, as `new RegExp(pattern, flags)` would refuse it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompileError {
    /// The engine's reason, without its prefix (for example `nothing to repeat`).
    pub reason: String,
    /// Where the engine stopped, in UTF-16 code units of the pattern, when it says.
    pub offset: Option<usize>,
}

impl std::fmt::Display for CompileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.offset {
            Some(offset) => write!(f, "{} (at character {})", self.reason, offset + 1),
            None => f.write_str(&self.reason),
        }
    }
}

impl std::error::Error for CompileError {}

/// The answer of one match: a match, no match, or no answer within the time limit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MatchOutcome {
    /// The pattern matches somewhere in the text (or where it is anchored).
    Matched,
    /// The pattern does not match.
    NoMatch,
    /// The match was abandoned: it ran past its time limit or its backtracking memory cap.
    TimedOut,
}

impl JsRegex {
    /// Compiles `pattern` as `new RegExp(pattern, flags)` does in non-Unicode mode, with the
    /// default match timeout. `flags` may hold `g`, `i`, `m`, `s`, `y` (not `u`/`v`, which
    /// change the grammar, though they are accepted).
    pub fn new(pattern: &str, flags: &str) -> Result<JsRegex, CompileError> {
        JsRegex::with_timeout(pattern, flags, DEFAULT_MATCH_TIMEOUT)
    }

    /// [`JsRegex::new`] with a time limit of its own for each match.
    pub fn with_timeout(
        pattern: &str,
        flags: &str,
        timeout: Duration,
    ) -> Result<JsRegex, CompileError> {
        build(pattern, flags, timeout, false)
            .map(|re| JsRegex {
                cold: Arc::new(re),
                warm: Arc::new(OnceLock::new()),
                flags: flags.into(),
                timeout,
                tests: Arc::new(AtomicU32::new(0)),
            })
            .map_err(|e| compile_error(&e.to_string()))
    }

    /// `RegExp.prototype.test` on a fresh regex (lastIndex 0): whether it matches `text`.
    pub fn test(&self, text: &str) -> MatchOutcome {
        outcome(self.engine().is_match(text))
    }

    /// [`JsRegex::test`] with a time limit of its own, in place of the pattern's.
    pub fn test_within(&self, text: &str, limit: Duration) -> MatchOutcome {
        outcome(self.engine().is_match_within(text, limit))
    }

    /// The compiled regex this test runs on: the backtracking program alone for the first
    /// [`TESTS_BEFORE_AUTOMATON`] tests, then the regex with its automata (the answer is the
    /// same either way; the automata make a hot pattern fast).
    fn engine(&self) -> &corvus_regex_ecma262::Regex {
        if let Some(warm) = self.warm.get() {
            return warm;
        }
        if self.tests.fetch_add(1, Ordering::Relaxed) < TESTS_BEFORE_AUTOMATON {
            return &self.cold;
        }
        self.warm.get_or_init(|| {
            // It compiled once with the same pattern and flags: it compiles again.
            build(self.cold.as_str(), &self.flags, self.timeout, true)
                .unwrap_or_else(|_| (*self.cold).clone())
        })
    }

    /// The pattern's source text.
    pub fn as_str(&self) -> &str {
        self.cold.as_str()
    }
}

/// Compiles `pattern` as `new RegExp(pattern, flags)` in ECMAScript 2020, with or without
/// the engine's automata (see `RegexBuilder::automata`, the patch in `vendor/`).
fn build(
    pattern: &str,
    flags: &str,
    timeout: Duration,
    automata: bool,
) -> Result<corvus_regex_ecma262::Regex, corvus_regex_ecma262::Error> {
    RegexBuilder::new(pattern)
        .flags(flags)
        .edition(Edition::Es2020)
        .match_timeout(Some(timeout))
        .automata(automata)
        .build()
}

fn outcome(found: Result<bool, MatchError>) -> MatchOutcome {
    match found {
        Ok(true) => MatchOutcome::Matched,
        Ok(false) => MatchOutcome::NoMatch,
        Err(MatchError::Time | MatchError::Memory) => MatchOutcome::TimedOut,
    }
}

/// Reads the engine's error text `ecmaregex: REASON at offset N in "PATTERN"`.
fn compile_error(text: &str) -> CompileError {
    let text = text.strip_prefix("ecmaregex: ").unwrap_or(text);
    if let Some((reason, rest)) = text.split_once(" at offset ")
        && let Some((offset, _)) = rest.split_once(" in ")
        && let Ok(offset) = offset.parse::<usize>()
    {
        return CompileError {
            reason: reason.to_string(),
            offset: Some(offset),
        };
    }
    CompileError {
        reason: text.to_string(),
        offset: None,
    }
}

/// Converts an offset in UTF-16 code units of `s` into a byte offset (clamped to `s.len()`,
/// and to the start of a character cut in half).
pub fn utf16_offset_to_byte(s: &str, offset: usize) -> usize {
    let mut units = 0;
    for (byte, c) in s.char_indices() {
        if units + c.len_utf16() > offset {
            return byte;
        }
        units += c.len_utf16();
    }
    s.len()
}

type Cache = Mutex<HashMap<(String, String), Result<JsRegex, CompileError>>>;

static CACHE: std::sync::LazyLock<Cache> = std::sync::LazyLock::new(|| Mutex::new(HashMap::new()));

/// [`JsRegex::new`] through a process-wide cache of at most [`CACHE_CAPACITY`] patterns, so a
/// pattern is compiled once however often it is evaluated. Errors are cached too.
pub fn compile_cached(pattern: &str, flags: &str) -> Result<JsRegex, CompileError> {
    let key = (pattern.to_string(), flags.to_string());
    if let Ok(cache) = CACHE.lock()
        && let Some(hit) = cache.get(&key)
    {
        return hit.clone();
    }
    // Compile outside the lock: a large pattern must not stall other threads.
    let compiled = JsRegex::new(pattern, flags);
    if let Ok(mut cache) = CACHE.lock() {
        if cache.len() >= CACHE_CAPACITY {
            cache.clear();
        }
        cache.insert(key, compiled.clone());
    }
    compiled
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(pattern: &str, flags: &str, text: &str) -> bool {
        JsRegex::new(pattern, flags).map(|re| re.test(text)) == Ok(MatchOutcome::Matched)
    }

    #[test]
    fn javascript_semantics() {
        assert!(!t(r"^\w+$", "", "ſ"));
        assert!(!t("^[a-z]+$", "i", "ſ"));
        assert!(!t("^[a-z]+$", "i", "\u{212A}"));
        assert!(t("^[a-z]+$", "i", "K"));
        assert!(!t("^.$", "", "\r"));
        assert!(!t("^.$", "", "\u{2028}"));
        assert!(!t("^.$", "", "😀"));
        assert!(t("^..$", "", "😀"));
        assert!(t(r"^\s+$", "", "\u{FEFF}\u{A0}"));
        assert!(!t(r"^\s+$", "", "\u{85}"));
        assert!(t(r"^\p{L}$", "", "p{L}"));
        assert!(t("^a{,2}$", "", "a{,2}"));
        assert!(t("^[^]$", "", "\n"));
        assert!(t(r"(?<=@)x", "", "@x"));
        assert!(t(r"^(a)\1$", "", "aa"));
        assert!(t(r"^(?<n>a)\k<n>$", "", "aa"));
        assert!(t(r"\d{5}", "g", "a12345b"));
    }

    #[test]
    fn the_first_tests_and_the_automaton_give_the_same_answers() {
        let texts = [
            "",
            "a",
            "ab1",
            "AB12",
            "x@y.com",
            "ſ",
            "😀",
            "\r\n",
            "aaaaaaaaaaaab",
        ];
        for pattern in [
            r"^[A-Z]{2}[0-9]{2}$",
            r"\d{2}",
            r"^[a-z0-9._%+-]+@y\.com$",
            r"^(?:[a-z]+ ?){1,3}$",
            r"^.{1,3}$",
            r"^[^<>]+$",
            r"ab|b1",
            r"^(?=.*\d)(?=.*[a-z]).{3,}$",
            r"^(a)\1",
        ] {
            // A fresh regex answers its first test without the automaton; a warm one with it.
            let warm = JsRegex::new(pattern, "g").unwrap();
            for _ in 0..TESTS_BEFORE_AUTOMATON {
                warm.test("");
            }
            for text in texts {
                let fresh = JsRegex::new(pattern, "g").unwrap();
                assert_eq!(fresh.test(text), warm.test(text), "{pattern} on {text:?}");
                let fresh = JsRegex::new(pattern, "g").unwrap();
                assert_eq!(
                    fresh.test_within(text, DEFAULT_MATCH_TIMEOUT),
                    warm.test_within(text, DEFAULT_MATCH_TIMEOUT),
                    "{pattern} on {text:?}"
                );
            }
        }
    }

    #[test]
    fn errors_are_reported() {
        let err = JsRegex::new("(?i)abc", "").unwrap_err();
        assert!(err.offset.is_some(), "{err:?}");
        assert!(JsRegex::new("a(", "").is_err());
        assert!(JsRegex::new("*", "").is_err());
        // Es2020 has no modifier groups.
        assert!(JsRegex::new("(?i:a)", "").is_err());
        assert!(JsRegex::new("[", "").is_err());
        assert!(JsRegex::new("]", "").is_ok());
    }

    #[test]
    fn timeouts_are_reported() {
        let re = JsRegex::with_timeout(r"^(?:(a+)\1*)+$", "", Duration::from_millis(20)).unwrap();
        assert_eq!(re.test(&("a".repeat(60) + "b")), MatchOutcome::TimedOut);
    }

    #[test]
    fn cache_gives_the_same_answers() {
        assert_eq!(
            compile_cached("^a$", "").unwrap().test("a"),
            MatchOutcome::Matched
        );
        assert_eq!(
            compile_cached("^a$", "").unwrap().test("b"),
            MatchOutcome::NoMatch
        );
        assert!(compile_cached("(", "").is_err());
        assert!(compile_cached("(", "").is_err());
    }

    #[test]
    fn utf16_offsets() {
        assert_eq!(utf16_offset_to_byte("a😀b", 0), 0);
        assert_eq!(utf16_offset_to_byte("a😀b", 1), 1);
        assert_eq!(utf16_offset_to_byte("a😀b", 2), 1);
        assert_eq!(utf16_offset_to_byte("a😀b", 3), 5);
        assert_eq!(utf16_offset_to_byte("a😀b", 9), 6);
    }
}
