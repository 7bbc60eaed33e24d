//! The public surface: [`Regex`], its matches and its captures, over UTF-8 (`&str`) and UTF-16 (`&[u16]`).

use std::borrow::Cow;
use std::fmt;
use std::ops::Range;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use super::compile::{self, Program};
use super::parse::{self, Node};
use super::units::{Text, Utf8, Utf16};
use super::{
    Edition, Error, Facts, Flags, MAX_RE2_COST, MatchError, UnicodeVersion, deep, default_match_timeout, dfa,
    on_a_deep_stack, read_with, shallow,
};

/// The value of a slot for a group that did not take part.
const UNSET: usize = usize::MAX;

/// A text the engine matches: `str` (UTF-8, the engine's own encoding) or `[u16]` (UTF-16, which may hold lone
/// surrogates). It is sealed: no other type can be one.
pub trait Haystack: sealed::Sealed + ToOwned {
    #[doc(hidden)]
    type Text: Text;
    #[doc(hidden)]
    fn units(&self) -> &[<Self::Text as Text>::Unit];
    #[doc(hidden)]
    fn piece(&self, from: usize, to: usize) -> Cow<'_, Self>;
    #[doc(hidden)]
    fn from_units(units: Vec<<Self::Text as Text>::Unit>) -> <Self as ToOwned>::Owned;
}

mod sealed {
    pub trait Sealed {}
    impl Sealed for str {}
    impl Sealed for [u16] {}
}

impl Haystack for str {
    type Text = Utf8;

    #[inline(always)]
    fn units(&self) -> &[u8] {
        self.as_bytes()
    }

    fn piece(&self, from: usize, to: usize) -> Cow<'_, str> {
        match self.get(from..to) {
            Some(s) => Cow::Borrowed(s),
            None => {
                let mut out = Vec::new();
                Utf8::push_lossy(&mut out, self.as_bytes(), from, to);
                Cow::Owned(String::from_utf8(out).expect("a lossy piece of UTF-8 is UTF-8"))
            }
        }
    }

    fn from_units(units: Vec<u8>) -> String {
        String::from_utf8(units).expect("what the engine writes from UTF-8 is UTF-8")
    }
}

impl Haystack for [u16] {
    type Text = Utf16;

    #[inline(always)]
    fn units(&self) -> &[u16] {
        self
    }

    fn piece(&self, from: usize, to: usize) -> Cow<'_, [u16]> {
        Cow::Borrowed(&self[from..to])
    }

    fn from_units(units: Vec<u16>) -> Vec<u16> {
        units
    }
}

/// A group name, and the groups that have it (more than one only in separate alternatives).
#[derive(Clone, Debug)]
pub(crate) struct GroupName {
    pub(crate) name: String,
    pub(crate) name16: Vec<u16>,
    pub(crate) groups: Vec<usize>,
}

/// What every match of a pattern shares: the number of groups and their names.
#[derive(Debug)]
pub(crate) struct GroupInfo {
    pub(crate) groups: usize,
    pub(crate) names: Vec<GroupName>,
}

impl GroupInfo {
    /// The groups that have the name.
    pub(crate) fn named<U: Copy + Into<u32>>(&self, name: &[U]) -> Option<&[usize]> {
        self.names
            .iter()
            .find(|n| {
                if size_of::<U>() == 1 {
                    n.name.len() == name.len() && n.name.bytes().zip(name).all(|(a, &b)| a as u32 == b.into())
                } else {
                    n.name16.len() == name.len() && n.name16.iter().zip(name).all(|(&a, &b)| a as u32 == b.into())
                }
            })
            .map(|n| &n.groups[..])
    }
}

/// The grammar of flags in an edition, under a version of Unicode. The grammar of ECMAScript 2020 has no `d` flag
/// (2022) and no `v` flag (2024), and refuses them as flags that are not valid.
fn syntax_of(flags: Flags, edition: Edition, unicode_version: UnicodeVersion) -> Result<parse::Syntax, Error> {
    if edition == Edition::Es2020 && (flags.has_indices || flags.unicode_sets) {
        return Err(Error::Flags(format!("the flags {flags} have d or v, which ECMAScript 2020 does not have")));
    }
    Ok(parse::Syntax { edition, unicode_version, ..flags.syntax() })
}

/// Compiles a pattern with settings beyond its flags: the match timeout, the edition of ECMA-262 whose grammar it is
/// read with and the version of Unicode whose tables it is read with, each independent of the others. What it does
/// not set is as [`Regex::new`] has it: the [`default_match_timeout`](crate::default_match_timeout), today's grammar
/// and V8's Unicode.
///
/// ```
/// use std::time::Duration;
/// use corvus_regex_ecma262::{Edition, RegexBuilder, UnicodeVersion};
///
/// // ECMAScript 2020 as its edition was published, with the Unicode of its year, as JSON Schema 2020-12 reads a
/// // pattern.
/// let re = RegexBuilder::new(r"^\p{Script=Greek}+$")
///     .flags("u")
///     .match_timeout(Some(Duration::from_secs(1)))
///     .edition(Edition::Es2020)
///     .unicode_version(UnicodeVersion::V13)
///     .build()
///     .unwrap();
/// assert!(re.is_match("αβγ").unwrap());
/// assert!(RegexBuilder::new("(?i:a)").edition(Edition::Es2020).build().is_err());
/// ```
#[derive(Clone, Debug)]
pub struct RegexBuilder {
    pattern: String,
    flags: Result<Flags, Error>,
    timeout: Option<Option<Duration>>,
    edition: Edition,
    unicode_version: UnicodeVersion,
    automata: bool,
}

impl RegexBuilder {
    /// A builder for the pattern, with no flags.
    pub fn new(pattern: &str) -> RegexBuilder {
        RegexBuilder {
            pattern: pattern.to_string(),
            flags: Ok(Flags::default()),
            timeout: None,
            edition: Edition::Current,
            unicode_version: UnicodeVersion::Default,
            automata: true,
        }
    }

    /// Whether the regex may build its automata (the anchored automaton and the window of the
    /// program, at compile; the automaton over ASCII text, on the first match): `true` by
    /// default. `false` compiles the backtracking program alone, which is much quicker for a
    /// pattern matched once or twice; every answer is the same, only slower to find on a long
    /// text, and a pattern that backtracks a lot meets its time limit where an automaton would
    /// have answered. (Patch of ppstudio, not in the published crate.)
    pub fn automata(&mut self, automata: bool) -> &mut RegexBuilder {
        self.automata = automata;
        self
    }

    /// The flags, as `new RegExp(pattern, flags)` takes them. Flags that are not valid are the error of
    /// [`RegexBuilder::build`].
    pub fn flags(&mut self, flags: &str) -> &mut RegexBuilder {
        self.flags = Flags::parse(flags);
        self
    }

    /// The flags, already read.
    pub fn with_flags(&mut self, flags: Flags) -> &mut RegexBuilder {
        self.flags = Ok(flags);
        self
    }

    /// The match timeout (see [`Regex::with_timeout`]): `None` (or zero) for no limit. Without it the pattern takes
    /// the [`default_match_timeout`](crate::default_match_timeout).
    pub fn match_timeout(&mut self, timeout: Option<Duration>) -> &mut RegexBuilder {
        self.timeout = Some(timeout);
        self
    }

    /// The edition of ECMA-262 whose grammar the pattern is read with.
    pub fn edition(&mut self, edition: Edition) -> &mut RegexBuilder {
        self.edition = edition;
        self
    }

    /// The version of Unicode whose tables the pattern is read with.
    pub fn unicode_version(&mut self, unicode_version: UnicodeVersion) -> &mut RegexBuilder {
        self.unicode_version = unicode_version;
        self
    }

    /// Compiles the pattern, with the errors of [`Regex::new`]. Under [`Edition::Es2020`] the `d` and `v` flags are
    /// [`Error::Flags`].
    pub fn build(&self) -> Result<Regex, Error> {
        let flags = self.flags.clone()?;
        let timeout = self.timeout.unwrap_or_else(default_match_timeout);
        Regex::build(&self.pattern, flags, timeout, self.edition, self.unicode_version, self.automata)
    }
}

/// A compiled ECMA-262 regular expression. It is immutable once compiled, and safe to share between threads; a
/// clone shares nothing that changes.
#[derive(Clone)]
pub struct Regex {
    pattern: Arc<str>,
    flags: Flags,
    /// The program for a match that needs no groups: it records only the groups some backreference names.
    prog: Program,
    /// The program that records every group, built the first time a match asks for the groups. A pattern whose
    /// every group is recorded by `prog` (one with no groups, above all) has none of its own.
    caps: OnceLock<Program>,
    info: Arc<GroupInfo>,
    /// The pattern needs no backtracking and is small enough to be tried for an automaton, and
    /// its automata are wanted (see [`RegexBuilder::automata`]).
    regular: bool,
    /// Whether the programs build their automata (see [`RegexBuilder::automata`]).
    automata: bool,
    /// The time a match may take before it is abandoned, which brings the cap on the memory of its backtracking with
    /// it; `None` for no limit.
    timeout: Option<Duration>,
    /// The edition of the grammar and the version of Unicode, resolved, the pattern was read with.
    edition: Edition,
    unicode_version: UnicodeVersion,
    /// The automaton of the pattern over ASCII text (see `dfa.rs`), built on the first match. `None` inside when
    /// the pattern has none.
    pub(crate) dfa: OnceLock<Option<dfa::Dfa>>,
    /// The size the parser counted for the pattern.
    #[cfg(test)]
    pub(crate) size: usize,
}

impl fmt::Debug for Regex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Regex(/{}/{})", self.pattern, self.flags)
    }
}

impl fmt::Display for Regex {
    /// The pattern as `RegExp.prototype.toString` writes it, with its flags: `/pattern/flags`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "/{}/{}", self.pattern, self.flags)
    }
}

impl std::str::FromStr for Regex {
    type Err = Error;

    /// A pattern with no flags.
    fn from_str(pattern: &str) -> Result<Regex, Error> {
        Regex::new(pattern, "")
    }
}

impl Regex {
    /// Compiles a pattern with the flags `new RegExp(pattern, flags)` takes, such as `""`, `"u"` or `"gimsuy"`, and
    /// the match timeout of [`default_match_timeout`](crate::default_match_timeout) (none unless the program set one).
    /// It returns [`Error::Invalid`] for a pattern that is not valid in the grammar of its flags, [`Error::Flags`] for
    /// flags that are not valid, and [`Error::TooLarge`] for a pattern over a limit of size (see
    /// [`MAX_SIZE`](crate::MAX_SIZE)), whether or not it is valid.
    ///
    /// ```
    /// use corvus_regex_ecma262::Regex;
    ///
    /// let re = Regex::new(r"(?<year>\d{4})-(?<month>\d{2})", "u").unwrap();
    /// let caps = re.captures("on 2026-10").unwrap().unwrap();
    /// assert_eq!(caps.name("year").unwrap().as_str(), "2026");
    /// ```
    pub fn new(pattern: &str, flags: &str) -> Result<Regex, Error> {
        Regex::with_flags(pattern, Flags::parse(flags)?)
    }

    /// [`Regex::new`] with the flags already read.
    pub fn with_flags(pattern: &str, flags: Flags) -> Result<Regex, Error> {
        Regex::with_timeout(pattern, flags, default_match_timeout())
    }

    /// [`Regex::with_flags`] with a match timeout: the time each match may take before it is abandoned with
    /// [`MatchError::Time`], `None` (or zero) for no limit. A match with a timeout is also abandoned, with
    /// [`MatchError::Memory`], when its backtracking stack reaches [`MAX_STACK`](crate::MAX_STACK) entries. The clock
    /// is read every 4,096 steps of the backtracking matcher, so a match can go past the timeout by the time those
    /// take, which is some tens of microseconds. A pattern without a backreference takes time in proportion to its
    /// size times the text, and the automaton is never stopped.
    ///
    /// Without a timeout a match has no limit of time or of memory: a pattern and a text that come from outside can
    /// then hold the thread, and take memory, for as long as the match takes. Give such a pattern a timeout, here or
    /// for every pattern with [`set_default_match_timeout`](crate::set_default_match_timeout).
    ///
    /// ```
    /// use std::time::Duration;
    /// use corvus_regex_ecma262::{Flags, MatchError, Regex};
    ///
    /// let re = Regex::with_timeout(r"^(?:(a+)\1*)+$", Flags::default(), Some(Duration::from_millis(50))).unwrap();
    /// assert_eq!(re.is_match(&("a".repeat(60) + "b")), Err(MatchError::Time));
    /// ```
    pub fn with_timeout(pattern: &str, flags: Flags, match_timeout: Option<Duration>) -> Result<Regex, Error> {
        Regex::build(pattern, flags, match_timeout, Edition::Current, UnicodeVersion::Default, true)
    }

    fn build(
        pattern: &str,
        flags: Flags,
        match_timeout: Option<Duration>,
        edition: Edition,
        unicode_version: UnicodeVersion,
        automata: bool,
    ) -> Result<Regex, Error> {
        let syntax = syntax_of(flags, edition, unicode_version)?;
        let timeout = match_timeout.filter(|t| !t.is_zero());
        on_a_deep_stack(pattern, flags.unicode_sets, || {
            let (root, facts, ps) = read_with(pattern, syntax)?;
            Ok(Regex::from_tree(pattern, flags, timeout, syntax, root, facts, &ps, automata))
        })
        .unwrap_or(Err(super::NO_DEEP_STACK))
    }

    /// Whether the pattern is valid with the flags, without compiling it.
    pub fn is_valid(pattern: &str, flags: &str) -> bool {
        let Ok(flags) = Flags::parse(flags) else { return false };
        Regex::is_valid_with(pattern, flags, Edition::Current, UnicodeVersion::Default)
    }

    /// Whether the pattern is valid with the flags in the grammar of an edition and under a version of Unicode,
    /// without compiling it.
    pub fn is_valid_with(pattern: &str, flags: Flags, edition: Edition, unicode_version: UnicodeVersion) -> bool {
        let Ok(syntax) = syntax_of(flags, edition, unicode_version) else { return false };
        on_a_deep_stack(pattern, flags.unicode_sets, || parse::parse_with(pattern, syntax).is_ok()).unwrap_or(false)
    }

    /// Whether the pattern is valid in the grammar of the flags, decided with nothing allocated (see
    /// [`Regex::is_valid_pattern_with`]). Unlike [`Regex::is_valid`], it does not apply the limits of size, so a
    /// pattern too large to compile is valid here.
    pub fn is_valid_pattern(pattern: &str, flags: &str) -> bool {
        let Ok(flags) = Flags::parse(flags) else { return false };
        Regex::is_valid_pattern_with(pattern, flags, Edition::Current, UnicodeVersion::Default)
    }

    /// Whether the pattern is valid in the grammar of ECMA-262 for the flags, of an edition and under a version of
    /// Unicode. It asks the grammar only: unlike [`Regex::is_valid_with`], which reads the pattern as compiling it
    /// would, it does not apply this engine's limits of size ([`MAX_PATTERN_LENGTH`](crate::MAX_PATTERN_LENGTH),
    /// [`MAX_NESTING`](crate::MAX_NESTING), [`MAX_SIZE`](crate::MAX_SIZE)), so a pattern too large to compile is valid
    /// here. It reads the pattern in place with stacks of its own, so no pattern can overflow the stack of the thread,
    /// its memory is in proportion to the pattern, and it allocates nothing unless the pattern's groups nest more than
    /// 64 deep, it has more than 63 groups, or it has more than 12 named groups. The u and v flags choose the grammar,
    /// and the others do not change it. It is `false` too when the flags and the edition are not valid together.
    ///
    /// ```
    /// use corvus_regex_ecma262::{Edition, Flags, Regex, UnicodeVersion};
    ///
    /// let u = Flags { unicode: true, ..Flags::default() };
    /// // Valid in the grammar, though over the limits of size, so `is_valid_with` says no.
    /// let deep = "(".repeat(5000) + &")".repeat(5000);
    /// assert!(Regex::is_valid_pattern_with(&deep, u, Edition::Current, UnicodeVersion::Default));
    /// assert!(!Regex::is_valid_with(&deep, u, Edition::Current, UnicodeVersion::Default));
    /// // ECMAScript 2020 has no modifier groups.
    /// assert!(!Regex::is_valid_pattern_with("(?i:a)", u, Edition::Es2020, UnicodeVersion::Default));
    /// ```
    pub fn is_valid_pattern_with(
        pattern: &str,
        flags: Flags,
        edition: Edition,
        unicode_version: UnicodeVersion,
    ) -> bool {
        let Ok(syntax) = syntax_of(flags, edition, unicode_version) else { return false };
        super::validate::is_valid(pattern, syntax)
    }

    pub(crate) fn from_tree(
        pattern: &str,
        flags: Flags,
        timeout: Option<Duration>,
        syntax: parse::Syntax,
        root: Node,
        facts: Facts,
        ps: &parse::Parser,
        automata: bool,
    ) -> Regex {
        let regular = automata && !facts.needs_backtracking && facts.re2_cost <= MAX_RE2_COST;
        let dfa = OnceLock::new();
        if regular && !shallow(pattern, flags.unicode_sets) {
            // The automaton is built from the syntax tree, so that of a pattern that nests deeply is built here
            // and not on the stack of the thread that first matches.
            let _ = dfa.set(dfa::build_dfa(&root));
        }
        let names = ps
            .group_names()
            .into_iter()
            .map(|(name, groups)| {
                let name: String = name.iter().map(|&r| char::from_u32(r as u32).unwrap_or('\u{FFFD}')).collect();
                GroupName { name16: name.encode_utf16().collect(), name, groups }
            })
            .collect();
        let info = Arc::new(GroupInfo { groups: ps.group_count(), names });
        let prog = compile::compile_program(root, flags.unicode || flags.unicode_sets, None, automata);
        let caps = OnceLock::new();
        Regex {
            pattern: pattern.into(),
            flags,
            prog,
            caps,
            info,
            regular,
            automata,
            timeout,
            edition: syntax.edition,
            unicode_version: syntax.unicode_version.resolve(),
            dfa,
            #[cfg(test)]
            size: facts.size,
        }
    }

    /// The source of the pattern.
    pub fn as_str(&self) -> &str {
        &self.pattern
    }

    /// The flags of the pattern.
    pub fn flags(&self) -> Flags {
        self.flags
    }

    /// The time each match may take before it is abandoned, or `None` for no limit (see [`Regex::with_timeout`]).
    pub fn match_timeout(&self) -> Option<Duration> {
        self.timeout
    }

    /// The edition of ECMA-262 whose grammar the pattern was read with (see [`RegexBuilder::edition`]).
    pub fn edition(&self) -> Edition {
        self.edition
    }

    /// The version of Unicode whose tables the pattern was read with, resolved: never
    /// [`UnicodeVersion::Default`] or [`UnicodeVersion::Latest`] (see [`RegexBuilder::unicode_version`]).
    pub fn unicode_version(&self) -> UnicodeVersion {
        self.unicode_version
    }

    /// The grammar the pattern was read with, to read it again.
    fn syntax(&self) -> parse::Syntax {
        parse::Syntax { edition: self.edition, unicode_version: self.unicode_version, ..self.flags.syntax() }
    }

    /// The number of groups of a match: one for the whole match, and one for each capturing group.
    pub fn captures_len(&self) -> usize {
        self.info.groups + 1
    }

    /// The names of the groups, in the order of the first group of each name.
    pub fn group_names(&self) -> impl Iterator<Item = &str> + '_ {
        self.info.names.iter().map(|n| n.name.as_str())
    }

    pub(crate) fn unicode(&self) -> bool {
        self.flags.unicode || self.flags.unicode_sets
    }

    /// The program that records every group.
    fn caps_program(&self) -> &Program {
        if self.prog.groups == self.info.groups {
            return &self.prog;
        }
        self.caps.get_or_init(|| {
            let build = || {
                let (root, _) = parse::parse_with(&self.pattern, self.syntax()).expect("the pattern was read");
                compile::compile_program(root, self.unicode(), Some(self.info.groups), self.automata)
            };
            if shallow(&self.pattern, self.flags.unicode_sets) {
                build()
            } else {
                deep(build).expect("a thread to read a deep pattern")
            }
        })
    }

    /// Builds the automaton of the pattern, which opens few groups (see `from_tree`).
    #[cold]
    fn build_dfa(&self) -> Option<dfa::Dfa> {
        let (root, _) = parse::parse_with(&self.pattern, self.syntax()).ok()?;
        dfa::build_dfa(&root)
    }

    /// Whether the pattern matches at or after `start`.
    fn test<T: Text>(&self, input: &[T::Unit], start: usize, limit: Option<Duration>) -> Result<bool, MatchError> {
        let sticky = self.flags.sticky;
        if start == 0
            && !sticky
            && self.regular
            && let Some(dfa) = self.dfa.get_or_init(|| self.build_dfa())
            && let Some(matched) = dfa.is_match(input)
        {
            return Ok(matched);
        }
        let start = T::normalize(input, start, self.unicode());
        Ok(self.prog.exec::<T>(input, start, sticky, limit, None)?.is_some())
    }

    /// The first match at or after `start` (at `start` alone with the y flag, or `sticky`), and when `slots` is
    /// given, what each group captured: the start and end of the match, then of each group, `usize::MAX` for a group
    /// that did not take part.
    pub(crate) fn exec<T: Text>(
        &self,
        input: &[T::Unit],
        start: usize,
        sticky: bool,
        limit: Option<Duration>,
        slots: Option<&mut [usize]>,
    ) -> Result<Option<(usize, usize)>, MatchError> {
        let start = T::normalize(input, start, self.unicode());
        match slots {
            None => self.prog.exec::<T>(input, start, sticky, limit, None),
            Some(slots) => {
                let found = self.caps_program().exec::<T>(input, start, sticky, limit, Some(&mut slots[2..]))?;
                if let Some((from, to)) = found {
                    (slots[0], slots[1]) = (from, to);
                }
                Ok(found)
            }
        }
    }

    /// The position a global search goes on from after a match `from..to`.
    pub(crate) fn next_start<T: Text>(&self, input: &[T::Unit], from: usize, to: usize) -> usize {
        if to == from { T::advance(input, to, self.unicode()) } else { to }
    }

    // -----------------------------------------------------------------------------------------------------------
    // UTF-8
    //
    // Every member that matches returns `Err` when a match reaches the pattern's timeout (see `with_timeout`), and
    // the members that end in `_within` give the match a limit of their own in its place.

    /// Whether the pattern matches anywhere in the text (at its start alone with the y flag). It allocates nothing
    /// once the thread's working memory has grown to what the pattern and the text need.
    ///
    /// ```
    /// use corvus_regex_ecma262::Regex;
    ///
    /// assert_eq!(Regex::new(r"^\p{Lu}", "u").unwrap().is_match("Été"), Ok(true));
    /// ```
    pub fn is_match(&self, text: &str) -> Result<bool, MatchError> {
        self.test::<Utf8>(text.as_bytes(), 0, self.timeout)
    }

    /// [`Regex::is_match`] from the position `start` (a byte offset), as `RegExp.prototype.test` with `lastIndex`
    /// set to it.
    pub fn is_match_at(&self, text: &str, start: usize) -> Result<bool, MatchError> {
        self.test::<Utf8>(text.as_bytes(), start, self.timeout)
    }

    /// [`Regex::is_match`] with a limit on the time the match may take in place of the pattern's timeout (none when
    /// it is zero). The limit brings the cap on the memory of the backtracking with it, as a timeout does.
    pub fn is_match_within(&self, text: &str, limit: Duration) -> Result<bool, MatchError> {
        self.test::<Utf8>(text.as_bytes(), 0, Some(limit))
    }

    /// The first match in the text (at its start alone with the y flag): `exec` with `lastIndex` 0.
    ///
    /// ```
    /// use corvus_regex_ecma262::Regex;
    ///
    /// let m = Regex::new(r"\d+", "").unwrap().find("abc 123 def").unwrap().unwrap();
    /// assert_eq!((m.start(), m.end(), m.as_str()), (4, 7, "123"));
    /// ```
    pub fn find<'t>(&self, text: &'t str) -> Result<Option<Match<'t>>, MatchError> {
        self.find_at(text, 0)
    }

    /// The first match at or after `start`, a byte offset: `exec` with `lastIndex` set to it.
    pub fn find_at<'t>(&self, text: &'t str, start: usize) -> Result<Option<Match<'t>>, MatchError> {
        self.find_generic(text, start, self.timeout)
    }

    /// [`Regex::find_at`] with a limit of its own (see [`Regex::is_match_within`]).
    pub fn find_at_within<'t>(
        &self,
        text: &'t str,
        start: usize,
        limit: Duration,
    ) -> Result<Option<Match<'t>>, MatchError> {
        self.find_generic(text, start, Some(limit))
    }

    /// Every match in the text, as a global search finds them (`matchAll`): after an empty match the search goes on
    /// one character later. With the y flag each match must start where the one before it ended. Nothing is
    /// allocated for each match. A match that reaches the timeout is given as an `Err`, and ends the search.
    ///
    /// ```
    /// use corvus_regex_ecma262::Regex;
    ///
    /// let re = Regex::new(r"\w+", "").unwrap();
    /// let words: Result<Vec<&str>, _> = re.find_iter("a bc def").map(|m| m.map(|m| m.as_str())).collect();
    /// assert_eq!(words.unwrap(), ["a", "bc", "def"]);
    /// ```
    pub fn find_iter<'r, 't>(&'r self, text: &'t str) -> Matches<'r, 't> {
        Matches { re: self, text, at: 0, done: false, session: super::search::new_session() }
    }

    /// The first match and what each group captured (`exec`).
    pub fn captures<'t>(&self, text: &'t str) -> Result<Option<Captures<'t>>, MatchError> {
        self.captures_at(text, 0)
    }

    /// [`Regex::captures`] from the position `start`, a byte offset.
    pub fn captures_at<'t>(&self, text: &'t str, start: usize) -> Result<Option<Captures<'t>>, MatchError> {
        self.captures_generic(text, start, self.flags.sticky, self.timeout)
    }

    /// [`Regex::captures_at`] with a limit of its own (see [`Regex::is_match_within`]).
    pub fn captures_at_within<'t>(
        &self,
        text: &'t str,
        start: usize,
        limit: Duration,
    ) -> Result<Option<Captures<'t>>, MatchError> {
        self.captures_generic(text, start, self.flags.sticky, Some(limit))
    }

    /// The captures of every match, as [`Regex::find_iter`] finds them.
    pub fn captures_iter<'r, 't>(&'r self, text: &'t str) -> CaptureMatches<'r, 't> {
        CaptureMatches { re: self, text, at: 0, done: false, session: super::search::new_session() }
    }

    /// A place to read the groups of a match into, for [`Regex::captures_read_at`], so that a loop over many
    /// matches allocates nothing for each.
    pub fn capture_locations(&self) -> CaptureLocations {
        CaptureLocations { slots: vec![UNSET; 2 * self.captures_len()] }
    }

    /// The first match at or after `start` (a byte offset), with what each group captured written into `locs`.
    pub fn captures_read_at<'t>(
        &self,
        locs: &mut CaptureLocations,
        text: &'t str,
        start: usize,
    ) -> Result<Option<Match<'t>>, MatchError> {
        self.read_generic(locs, text, start)
    }

    /// The text with the first match replaced, or every match with the g flag, as `String.prototype.replace`
    /// replaces them: the replacement is a template in which `$&` is the match, `` $` `` and `$'` the text before
    /// and after it, `$1` to `$99` a group, `$<name>` a named group, and `$$` a dollar sign (`GetSubstitution`).
    /// The timeout is for each match.
    ///
    /// ```
    /// use corvus_regex_ecma262::Regex;
    ///
    /// let re = Regex::new(r"(?<first>\w+) (?<last>\w+)", "").unwrap();
    /// assert_eq!(re.replace("Ada Lovelace", "$<last>, $1").unwrap(), "Lovelace, Ada");
    /// ```
    pub fn replace<'t>(&self, text: &'t str, replacement: &str) -> Result<Cow<'t, str>, MatchError> {
        super::replace::replace(self, text, replacement.as_bytes(), self.flags.global)
    }

    /// The text with every match replaced (`String.prototype.replaceAll`), whether or not the g flag is set.
    pub fn replace_all<'t>(&self, text: &'t str, replacement: &str) -> Result<Cow<'t, str>, MatchError> {
        super::replace::replace(self, text, replacement.as_bytes(), true)
    }

    /// The text with the first match replaced, or every match with the g flag, by what the function returns for
    /// its captures.
    pub fn replace_with<'t>(
        &self,
        text: &'t str,
        f: impl FnMut(&Captures<'t>) -> String,
    ) -> Result<Cow<'t, str>, MatchError> {
        super::replace::replace_with(self, text, self.flags.global, f)
    }

    /// The text split around the matches, as `String.prototype.split` splits it: what each group captured is
    /// spliced in after the piece before it, `None` for a group that did not take part, and an empty match at
    /// the start or the end of the text splits nothing. The timeout is for each match.
    ///
    /// ```
    /// use corvus_regex_ecma262::Regex;
    ///
    /// let parts = Regex::new(r"\s*(,)\s*", "").unwrap().split("a , b,c").unwrap();
    /// let parts: Vec<Option<&str>> = parts.iter().map(|p| p.as_deref()).collect();
    /// assert_eq!(parts, [Some("a"), Some(","), Some("b"), Some(","), Some("c")]);
    /// ```
    pub fn split<'t>(&self, text: &'t str) -> Result<Vec<Option<Cow<'t, str>>>, MatchError> {
        super::replace::split(self, text, u32::MAX as usize)
    }

    /// [`Regex::split`] with at most `limit` items, as `split(separator, limit)`.
    pub fn splitn<'t>(&self, text: &'t str, limit: usize) -> Result<Vec<Option<Cow<'t, str>>>, MatchError> {
        super::replace::split(self, text, limit)
    }

    // -----------------------------------------------------------------------------------------------------------
    // UTF-16

    /// [`Regex::is_match`] over UTF-16 text, which may hold lone surrogates.
    pub fn is_match_utf16(&self, text: &[u16]) -> Result<bool, MatchError> {
        self.test::<Utf16>(text, 0, self.timeout)
    }

    /// [`Regex::is_match_at`] over UTF-16 text; `start` is a code unit offset.
    pub fn is_match_at_utf16(&self, text: &[u16], start: usize) -> Result<bool, MatchError> {
        self.test::<Utf16>(text, start, self.timeout)
    }

    /// [`Regex::is_match_within`] over UTF-16 text.
    pub fn is_match_within_utf16(&self, text: &[u16], limit: Duration) -> Result<bool, MatchError> {
        self.test::<Utf16>(text, 0, Some(limit))
    }

    /// [`Regex::find`] over UTF-16 text.
    pub fn find_utf16<'t>(&self, text: &'t [u16]) -> Result<Option<Match<'t, [u16]>>, MatchError> {
        self.find_at_utf16(text, 0)
    }

    /// [`Regex::find_at`] over UTF-16 text; `start` is a code unit offset.
    pub fn find_at_utf16<'t>(&self, text: &'t [u16], start: usize) -> Result<Option<Match<'t, [u16]>>, MatchError> {
        self.find_generic(text, start, self.timeout)
    }

    /// [`Regex::find_at_within`] over UTF-16 text.
    pub fn find_at_within_utf16<'t>(
        &self,
        text: &'t [u16],
        start: usize,
        limit: Duration,
    ) -> Result<Option<Match<'t, [u16]>>, MatchError> {
        self.find_generic(text, start, Some(limit))
    }

    /// [`Regex::find_iter`] over UTF-16 text.
    pub fn find_iter_utf16<'r, 't>(&'r self, text: &'t [u16]) -> Matches<'r, 't, [u16]> {
        Matches { re: self, text, at: 0, done: false, session: super::search::new_session() }
    }

    /// [`Regex::captures`] over UTF-16 text.
    pub fn captures_utf16<'t>(&self, text: &'t [u16]) -> Result<Option<Captures<'t, [u16]>>, MatchError> {
        self.captures_at_utf16(text, 0)
    }

    /// [`Regex::captures_at`] over UTF-16 text.
    pub fn captures_at_utf16<'t>(
        &self,
        text: &'t [u16],
        start: usize,
    ) -> Result<Option<Captures<'t, [u16]>>, MatchError> {
        self.captures_generic(text, start, self.flags.sticky, self.timeout)
    }

    /// [`Regex::captures_at_within`] over UTF-16 text.
    pub fn captures_at_within_utf16<'t>(
        &self,
        text: &'t [u16],
        start: usize,
        limit: Duration,
    ) -> Result<Option<Captures<'t, [u16]>>, MatchError> {
        self.captures_generic(text, start, self.flags.sticky, Some(limit))
    }

    /// [`Regex::captures_iter`] over UTF-16 text.
    pub fn captures_iter_utf16<'r, 't>(&'r self, text: &'t [u16]) -> CaptureMatches<'r, 't, [u16]> {
        CaptureMatches { re: self, text, at: 0, done: false, session: super::search::new_session() }
    }

    /// [`Regex::captures_read_at`] over UTF-16 text.
    pub fn captures_read_at_utf16<'t>(
        &self,
        locs: &mut CaptureLocations,
        text: &'t [u16],
        start: usize,
    ) -> Result<Option<Match<'t, [u16]>>, MatchError> {
        self.read_generic(locs, text, start)
    }

    /// [`Regex::replace`] over UTF-16 text, with a UTF-16 template.
    pub fn replace_utf16<'t>(&self, text: &'t [u16], replacement: &[u16]) -> Result<Cow<'t, [u16]>, MatchError> {
        super::replace::replace(self, text, replacement, self.flags.global)
    }

    /// [`Regex::replace_all`] over UTF-16 text, with a UTF-16 template.
    pub fn replace_all_utf16<'t>(&self, text: &'t [u16], replacement: &[u16]) -> Result<Cow<'t, [u16]>, MatchError> {
        super::replace::replace(self, text, replacement, true)
    }

    /// [`Regex::split`] over UTF-16 text.
    pub fn split_utf16<'t>(&self, text: &'t [u16]) -> Result<Vec<Option<Cow<'t, [u16]>>>, MatchError> {
        super::replace::split(self, text, u32::MAX as usize)
    }

    /// [`Regex::splitn`] over UTF-16 text.
    pub fn splitn_utf16<'t>(&self, text: &'t [u16], limit: usize) -> Result<Vec<Option<Cow<'t, [u16]>>>, MatchError> {
        super::replace::split(self, text, limit)
    }

    fn find_generic<'t, H: Haystack + ?Sized>(
        &self,
        text: &'t H,
        start: usize,
        limit: Option<Duration>,
    ) -> Result<Option<Match<'t, H>>, MatchError> {
        let found = self.exec::<H::Text>(text.units(), start, self.flags.sticky, limit, None)?;
        Ok(found.map(|(from, to)| Match { text, start: from, end: to }))
    }

    fn read_generic<'t, H: Haystack + ?Sized>(
        &self,
        locs: &mut CaptureLocations,
        text: &'t H,
        start: usize,
    ) -> Result<Option<Match<'t, H>>, MatchError> {
        let slots = locs.prepare(self.captures_len());
        let found = self.exec::<H::Text>(text.units(), start, self.flags.sticky, self.timeout, Some(slots))?;
        Ok(found.map(|(from, to)| Match { text, start: from, end: to }))
    }

    /// The pattern's timeout, which a match is given unless it has a limit of its own.
    pub(crate) fn timeout(&self) -> Option<Duration> {
        self.timeout
    }

    pub(crate) fn captures_generic<'t, H: Haystack + ?Sized>(
        &self,
        text: &'t H,
        start: usize,
        sticky: bool,
        limit: Option<Duration>,
    ) -> Result<Option<Captures<'t, H>>, MatchError> {
        let mut slots = vec![UNSET; 2 * self.captures_len()];
        let found = self.exec::<H::Text>(text.units(), start, sticky, limit, Some(&mut slots))?;
        Ok(found.map(|_| Captures { text, slots, info: self.info.clone() }))
    }

    pub(crate) fn info(&self) -> &GroupInfo {
        &self.info
    }

    /// The backtracking matcher alone, which the tests use to compare it with the automaton.
    #[cfg(test)]
    pub(crate) fn match_backtrack(&self, text: &str, limit: Option<Duration>) -> Result<bool, MatchError> {
        Ok(self.prog.exec::<Utf8>(text.as_bytes(), 0, false, limit, None)?.is_some())
    }

    #[cfg(test)]
    pub(crate) fn match_limit(&self, text: &str, limit: Option<Duration>) -> Result<bool, MatchError> {
        self.test::<Utf8>(text.as_bytes(), 0, limit)
    }

    #[cfg(test)]
    pub(crate) fn program(&self) -> &Program {
        &self.prog
    }

    #[cfg(test)]
    pub(crate) fn is_regular(&self) -> bool {
        self.regular
    }
}

/// One match: where it starts and ends in the text, in the text's units (bytes of UTF-8, or UTF-16 code units).
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Match<'t, H: ?Sized = str> {
    text: &'t H,
    start: usize,
    end: usize,
}

impl<'t, H: ?Sized> Match<'t, H> {
    /// Where the match starts.
    pub fn start(&self) -> usize {
        self.start
    }

    /// Where the match ends.
    pub fn end(&self) -> usize {
        self.end
    }

    /// The range of the match.
    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }

    /// The length of the match, in units.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// Whether the match is empty.
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }
}

impl<'t> Match<'t, str> {
    /// The text of the match. Without the u or v flag a match can start or end between the two halves of a
    /// character beyond the Basic Multilingual Plane, which has no UTF-8 form; the half character is then left
    /// out ([`Match::as_cow`] writes it as U+FFFD, and [`Match::range`] is exact).
    pub fn as_str(&self) -> &'t str {
        let mut from = self.start;
        while !self.text.is_char_boundary(from) {
            from += 1;
        }
        let mut to = self.end.max(from);
        while !self.text.is_char_boundary(to) {
            to -= 1;
        }
        &self.text[from..to.max(from)]
    }

    /// The text of the match, with a half character at either end written as U+FFFD.
    pub fn as_cow(&self) -> Cow<'t, str> {
        self.text.piece(self.start, self.end)
    }
}

impl<'t> Match<'t, [u16]> {
    /// The code units of the match.
    pub fn as_slice(&self) -> &'t [u16] {
        &self.text[self.start..self.end]
    }
}

impl<H: ?Sized> fmt::Debug for Match<'_, H> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Match({}..{})", self.start, self.end)
    }
}

/// What a match captured: the match as group 0, then each capturing group, which may not have taken part.
#[derive(Clone)]
pub struct Captures<'t, H: ?Sized = str> {
    text: &'t H,
    slots: Vec<usize>,
    info: Arc<GroupInfo>,
}

impl<'t, H: ?Sized> Captures<'t, H> {
    /// The group `i` (0 is the whole match), or `None` when it did not take part or there is no such group.
    pub fn get(&self, i: usize) -> Option<Match<'t, H>> {
        let (from, to) = (*self.slots.get(2 * i)?, *self.slots.get(2 * i + 1)?);
        (from != UNSET).then_some(Match { text: self.text, start: from, end: to })
    }

    /// The group of the name that took part, or `None`.
    pub fn name(&self, name: &str) -> Option<Match<'t, H>> {
        self.info.named(name.as_bytes())?.iter().find_map(|&g| self.get(g))
    }

    /// The number of groups, the whole match among them.
    pub fn len(&self) -> usize {
        self.slots.len() / 2
    }

    /// Always false: a match has group 0.
    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }

    /// Every group in order, `None` for one that did not take part.
    pub fn iter(&self) -> impl Iterator<Item = Option<Match<'t, H>>> + '_ {
        (0..self.len()).map(|i| self.get(i))
    }

    /// The whole match.
    pub fn get_match(&self) -> Match<'t, H> {
        self.get(0).expect("a match has group 0")
    }
}

impl<H: ?Sized> fmt::Debug for Captures<'_, H> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// Where each group of a match is, read by [`Regex::captures_read_at`] without allocating.
#[derive(Clone, Debug)]
pub struct CaptureLocations {
    slots: Vec<usize>,
}

impl CaptureLocations {
    fn prepare(&mut self, groups: usize) -> &mut [usize] {
        self.slots.clear();
        self.slots.resize(2 * groups, UNSET);
        &mut self.slots
    }

    /// The start and end of the group `i` (0 is the whole match), or `None`.
    pub fn get(&self, i: usize) -> Option<(usize, usize)> {
        let (from, to) = (*self.slots.get(2 * i)?, *self.slots.get(2 * i + 1)?);
        (from != UNSET).then_some((from, to))
    }

    /// The number of groups, the whole match among them.
    pub fn len(&self) -> usize {
        self.slots.len() / 2
    }

    /// Whether there are no groups (only before a first match is read).
    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }
}

/// The matches of a global search (see [`Regex::find_iter`]).
pub struct Matches<'r, 't, H: ?Sized = str> {
    re: &'r Regex,
    text: &'t H,
    at: usize,
    done: bool,
    /// The global search this is, for what its searches keep between them (see `search::in_session`).
    session: u64,
}

impl<'t, H: Haystack + ?Sized> Iterator for Matches<'_, 't, H> {
    type Item = Result<Match<'t, H>, MatchError>;

    fn next(&mut self) -> Option<Result<Match<'t, H>, MatchError>> {
        if self.done {
            return None;
        }
        let input = self.text.units();
        let exec = || self.re.exec::<H::Text>(input, self.at, self.re.flags.sticky, self.re.timeout, None);
        // Only the UTF-16 searches keep anything between the searches of a global search.
        let found = if <H::Text as Text>::UTF8 { exec() } else { super::search::in_session(self.session, exec) };
        match found {
            Ok(Some((from, to))) => {
                self.at = self.re.next_start::<H::Text>(input, from, to);
                Some(Ok(Match { text: self.text, start: from, end: to }))
            }
            Ok(None) => {
                self.done = true;
                None
            }
            Err(e) => {
                self.done = true;
                Some(Err(e))
            }
        }
    }
}

impl<H: Haystack + ?Sized> Matches<'_, '_, H> {
    /// The next matches, as many as `spans` holds, written to its start as (start, end) in the units of the text, or
    /// as any type made from that pair: how many. Fewer than `spans.len()` only when the search has found every
    /// match, so 0 ends it. They are the matches `next` gives, a batch at a time, for a loop that wants very many of
    /// them (the C library's `cre_matches_next_batch`), in one loop over the batch. A match that reaches the timeout
    /// is an `Err`, and ends the search.
    ///
    /// ```
    /// use corvus_regex_ecma262::Regex;
    ///
    /// let re = Regex::new(r"\d+", "g").unwrap();
    /// let mut it = re.find_iter("1 22 333");
    /// let mut spans = [(0, 0); 2];
    /// assert_eq!(it.next_batch(&mut spans), Ok(2));
    /// assert_eq!(spans, [(0, 1), (2, 4)]);
    /// assert_eq!(it.next_batch(&mut spans), Ok(1));
    /// assert_eq!(spans[0], (5, 8));
    /// assert_eq!(it.next_batch(&mut spans), Ok(0));
    /// ```
    pub fn next_batch<S: From<(usize, usize)>>(&mut self, spans: &mut [S]) -> Result<usize, MatchError> {
        if self.done || spans.is_empty() {
            return Ok(0);
        }
        let input = self.text.units();
        let (re, at) = (self.re, self.at);
        let batch = |spans: &mut [S]| {
            re.prog.exec_batch::<H::Text, S>(input, at, re.unicode(), re.flags.sticky, re.timeout, spans)
        };
        // Only the UTF-16 searches keep anything between the searches of a global search.
        let found = if <H::Text as Text>::UTF8 {
            batch(spans)
        } else {
            super::search::in_session(self.session, || batch(spans))
        };
        match found {
            Ok((n, at, done)) => {
                (self.at, self.done) = (at, done);
                Ok(n)
            }
            Err(e) => {
                self.done = true;
                Err(e)
            }
        }
    }
}

impl<'t, H: Haystack + ?Sized> std::iter::FusedIterator for Matches<'_, 't, H> {}

/// The captures of the matches of a global search (see [`Regex::captures_iter`]).
pub struct CaptureMatches<'r, 't, H: ?Sized = str> {
    re: &'r Regex,
    text: &'t H,
    at: usize,
    done: bool,
    session: u64,
}

impl<'t, H: Haystack + ?Sized> Iterator for CaptureMatches<'_, 't, H> {
    type Item = Result<Captures<'t, H>, MatchError>;

    fn next(&mut self) -> Option<Result<Captures<'t, H>, MatchError>> {
        if self.done {
            return None;
        }
        let captures = || self.re.captures_generic(self.text, self.at, self.re.flags.sticky, self.re.timeout);
        let found =
            if <H::Text as Text>::UTF8 { captures() } else { super::search::in_session(self.session, captures) };
        match found {
            Ok(Some(caps)) => {
                let m = caps.get_match();
                self.at = self.re.next_start::<H::Text>(self.text.units(), m.start, m.end);
                Some(Ok(caps))
            }
            Ok(None) => {
                self.done = true;
                None
            }
            Err(e) => {
                self.done = true;
                Some(Err(e))
            }
        }
    }
}

impl<H: Haystack + ?Sized> CaptureMatches<'_, '_, H> {
    /// The next matches with what each group captured, as many as `groups` holds at `captures_len` entries a match
    /// (the match, then each group in order, `None` for a group that did not take part), written to its start as
    /// (start, end) in the units of the text, or as any type made from that: how many matches. Fewer than
    /// `groups.len() / captures_len` only when the search has found every match, so 0 ends it. They are the matches
    /// `next` gives, a batch at a time with no allocation, for a loop that wants very many of them (the C library's
    /// `cre_matches_next_captures_batch`). A match that reaches the timeout is an `Err`, and ends the search.
    ///
    /// ```
    /// use corvus_regex_ecma262::Regex;
    ///
    /// let re = Regex::new(r"(\d)(x)?", "g").unwrap();
    /// let mut it = re.captures_iter("1x 2");
    /// let mut groups = [None; 6];
    /// assert_eq!(it.next_batch(&mut groups), Ok(2));
    /// assert_eq!(groups, [Some((0, 2)), Some((0, 1)), Some((1, 2)), Some((3, 4)), Some((3, 4)), None]);
    /// assert_eq!(it.next_batch(&mut groups), Ok(0));
    /// ```
    pub fn next_batch<S: From<Option<(usize, usize)>>>(&mut self, groups: &mut [S]) -> Result<usize, MatchError> {
        let width = self.re.captures_len();
        if self.done || groups.len() < width {
            return Ok(0);
        }
        let input = self.text.units();
        let (re, at) = (self.re, self.at);
        let batch = |groups: &mut [S]| {
            let (unicode, sticky, timeout) = (re.unicode(), re.flags.sticky, re.timeout);
            re.caps_program().exec_batch_groups::<H::Text, S>(input, at, unicode, sticky, timeout, groups, width)
        };
        // Only the UTF-16 searches keep anything between the searches of a global search.
        let found = if <H::Text as Text>::UTF8 {
            batch(groups)
        } else {
            super::search::in_session(self.session, || batch(groups))
        };
        match found {
            Ok((n, at, done)) => {
                (self.at, self.done) = (at, done);
                Ok(n)
            }
            Err(e) => {
                self.done = true;
                Err(e)
            }
        }
    }
}

impl<'t, H: Haystack + ?Sized> std::iter::FusedIterator for CaptureMatches<'_, 't, H> {}
