//! A light reading of a JavaScript regex's structure, for lints only (never to judge a value).
//!
//! It is tolerant: any string gives a tree, however malformed, and it never recurses deeper
//! than [`MAX_DEPTH`] groups.

use std::ops::Range;

/// Groups nested deeper than this are not analysed.
pub const MAX_DEPTH: usize = 128;

/// One element of a sequence, with its quantifier.
#[derive(Clone, Debug)]
pub struct Elem {
    pub kind: Kind,
    /// Bytes of the pattern, quantifier included.
    pub span: Range<usize>,
    pub min: u32,
    /// `None`: unbounded.
    pub max: Option<u32>,
}

/// What an element is.
#[derive(Clone, Debug)]
pub enum Kind {
    Literal(char),
    /// `.`, a class or a class escape: matches one of several characters.
    Set,
    Backref,
    Start,
    End,
    /// A zero-width assertion other than `^`/`$` (`\b`, `\B`, lookaround).
    Assertion,
    Group(Vec<Vec<Elem>>),
}

impl Elem {
    /// Whether the element repeats a variable number of times (`+`, `*`, `{2,3}`...).
    pub fn varies(&self) -> bool {
        self.max.is_none_or(|max| max > self.min)
    }

    fn consumes(&self) -> bool {
        !matches!(self.kind, Kind::Start | Kind::End | Kind::Assertion)
    }
}

/// Reads `pattern` into top-level alternatives, or `None` when it nests too deep.
pub fn read(pattern: &str) -> Option<Vec<Vec<Elem>>> {
    let mut reader = Reader {
        chars: pattern.char_indices().collect(),
        len: pattern.len(),
        i: 0,
        too_deep: false,
    };
    let mut alts = reader.alts(0);
    // A stray `)` at the top: keep reading after it.
    while reader.i < reader.chars.len() {
        reader.i += 1;
        let more = reader.alts(0);
        if let (Some(last), Some(first)) = (alts.last_mut(), more.first()) {
            last.extend(first.iter().cloned());
            alts.extend(more.into_iter().skip(1));
        }
    }
    (!reader.too_deep).then_some(alts)
}

struct Reader {
    chars: Vec<(usize, char)>,
    len: usize,
    i: usize,
    too_deep: bool,
}

impl Reader {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.i).map(|&(_, c)| c)
    }

    fn peek_at(&self, k: usize) -> Option<char> {
        self.chars.get(self.i + k).map(|&(_, c)| c)
    }

    fn pos(&self) -> usize {
        self.chars.get(self.i).map_or(self.len, |&(p, _)| p)
    }

    fn alts(&mut self, depth: usize) -> Vec<Vec<Elem>> {
        let mut alts = vec![self.seq(depth)];
        while self.peek() == Some('|') {
            self.i += 1;
            alts.push(self.seq(depth));
        }
        alts
    }

    fn seq(&mut self, depth: usize) -> Vec<Elem> {
        let mut seq = Vec::new();
        while let Some(c) = self.peek() {
            if c == '|' || c == ')' {
                break;
            }
            let start = self.pos();
            let kind = self.atom(depth);
            let (min, max) = self.quantifier();
            seq.push(Elem {
                kind,
                span: start..self.pos(),
                min,
                max,
            });
        }
        seq
    }

    fn atom(&mut self, depth: usize) -> Kind {
        let Some(c) = self.peek() else {
            return Kind::Assertion;
        };
        self.i += 1;
        match c {
            '\\' => self.escape(),
            '[' => {
                if self.peek() == Some('^') {
                    self.i += 1;
                }
                while let Some(c) = self.peek() {
                    self.i += 1;
                    match c {
                        '\\' => self.i += 1,
                        ']' => break,
                        _ => {}
                    }
                }
                Kind::Set
            }
            '(' => {
                let mut look = false;
                if self.peek() == Some('?') {
                    match (self.peek_at(1), self.peek_at(2)) {
                        (Some(':'), _) => self.i += 2,
                        (Some('=' | '!'), _) => {
                            look = true;
                            self.i += 2;
                        }
                        (Some('<'), Some('=' | '!')) => {
                            look = true;
                            self.i += 3;
                        }
                        (Some('<'), _) => {
                            while let Some(c) = self.peek() {
                                self.i += 1;
                                if c == '>' {
                                    break;
                                }
                            }
                        }
                        _ => self.i += 1,
                    }
                }
                if depth >= MAX_DEPTH {
                    self.too_deep = true;
                    self.i = self.chars.len();
                    return Kind::Assertion;
                }
                let alts = self.alts(depth + 1);
                if self.peek() == Some(')') {
                    self.i += 1;
                }
                if look {
                    Kind::Assertion
                } else {
                    Kind::Group(alts)
                }
            }
            '^' => Kind::Start,
            '$' => Kind::End,
            '.' => Kind::Set,
            c => Kind::Literal(c),
        }
    }

    fn escape(&mut self) -> Kind {
        let Some(c) = self.peek() else {
            return Kind::Literal('\\');
        };
        self.i += 1;
        match c {
            '1'..='9' => {
                while self.peek().is_some_and(|c| c.is_ascii_digit()) {
                    self.i += 1;
                }
                Kind::Backref
            }
            'k' if self.peek() == Some('<') => {
                while let Some(c) = self.peek() {
                    self.i += 1;
                    if c == '>' {
                        break;
                    }
                }
                Kind::Backref
            }
            'b' | 'B' => Kind::Assertion,
            'd' | 'D' | 'w' | 'W' | 's' | 'S' => Kind::Set,
            'x' => {
                self.skip_hex(2);
                Kind::Set
            }
            'u' => {
                self.skip_hex(4);
                Kind::Set
            }
            'c' => {
                if self.peek().is_some_and(|c| c.is_ascii_alphabetic()) {
                    self.i += 1;
                }
                Kind::Set
            }
            c => Kind::Literal(c),
        }
    }

    fn skip_hex(&mut self, n: usize) {
        for _ in 0..n {
            if self.peek().is_some_and(|c| c.is_ascii_hexdigit()) {
                self.i += 1;
            }
        }
    }

    fn quantifier(&mut self) -> (u32, Option<u32>) {
        let q = match self.peek() {
            Some('*') => {
                self.i += 1;
                (0, None)
            }
            Some('+') => {
                self.i += 1;
                (1, None)
            }
            Some('?') => {
                self.i += 1;
                (0, Some(1))
            }
            Some('{') => match self.braces() {
                Some(q) => q,
                None => return (1, Some(1)),
            },
            _ => return (1, Some(1)),
        };
        if self.peek() == Some('?') {
            self.i += 1;
        }
        q
    }

    /// `{n}`, `{n,}` or `{n,m}`; anything else is a literal `{` (Annex B).
    fn braces(&mut self) -> Option<(u32, Option<u32>)> {
        let save = self.i;
        self.i += 1;
        let min = self.number();
        let result = match (min, self.peek()) {
            (Some(min), Some('}')) => Some((min, Some(min))),
            (Some(min), Some(',')) => {
                self.i += 1;
                let max = self.number();
                (self.peek() == Some('}')).then_some((min, max))
            }
            _ => None,
        };
        match result {
            Some(q) => {
                self.i += 1;
                Some(q)
            }
            None => {
                self.i = save;
                None
            }
        }
    }

    fn number(&mut self) -> Option<u32> {
        let start = self.i;
        let mut n: u32 = 0;
        while let Some(d) = self.peek().and_then(|c| c.to_digit(10)) {
            n = n.saturating_mul(10).saturating_add(d);
            self.i += 1;
        }
        (self.i > start).then_some(n)
    }
}

/// Whether every top-level alternative starts with `^`, and whether every one ends with `$`.
pub fn anchors(alts: &[Vec<Elem>]) -> (bool, bool) {
    let starts = alts
        .iter()
        .all(|seq| matches!(seq.first().map(|e| &e.kind), Some(Kind::Start)));
    let ends = alts
        .iter()
        .all(|seq| matches!(seq.last().map(|e| &e.kind), Some(Kind::End)));
    (starts, ends)
}

/// Whether every top-level alternative starts with `^` and ends with `$`.
#[cfg(test)]
pub fn anchored(alts: &[Vec<Elem>]) -> bool {
    anchors(alts) == (true, true)
}

/// The span of the first repetition whose body can match the same text in more than one way
/// (`(a+)+`, `(a|a)*`, `(.*)*`, `(\w+\s?)*`): the shape that makes a backtracking engine, such
/// as the browser's, take exponential time on a value that almost matches.
pub fn nested_repetition(pattern: &str, alts: &[Vec<Elem>]) -> Option<Range<usize>> {
    for seq in alts {
        for elem in seq {
            if let Kind::Group(inner) = &elem.kind {
                if elem.varies() && elem.max != Some(1) && ambiguous(pattern, inner) {
                    return Some(elem.span.clone());
                }
                if let Some(found) = nested_repetition(pattern, inner) {
                    return Some(found);
                }
            }
        }
    }
    None
}

fn ambiguous(pattern: &str, alts: &[Vec<Elem>]) -> bool {
    (alts.len() > 1 && overlapping(pattern, alts))
        || alts.iter().any(|seq| seq_varies(pattern, seq))
}

/// A sequence that, repeated, can split the same text in several ways: its only mandatory
/// consuming element repeats a variable number of times (or is a group that does), or it has
/// no mandatory element but a repeating one.
fn seq_varies(pattern: &str, seq: &[Elem]) -> bool {
    let mandatory: Vec<&Elem> = seq.iter().filter(|e| e.min >= 1 && e.consumes()).collect();
    match mandatory.as_slice() {
        [] => seq
            .iter()
            .any(|e| e.consumes() && e.varies() && e.max != Some(1)),
        [only] => {
            only.varies() || matches!(&only.kind, Kind::Group(inner) if ambiguous(pattern, inner))
        }
        _ => false,
    }
}

/// Two alternatives can start the same way: identical text, the same first literal, or a
/// first `.`.
fn overlapping(pattern: &str, alts: &[Vec<Elem>]) -> bool {
    let text = |seq: &[Elem]| match (seq.first(), seq.last()) {
        (Some(a), Some(b)) => pattern.get(a.span.start..b.span.end).unwrap_or(""),
        _ => "",
    };
    let first = |seq: &[Elem]| seq.iter().find(|e| e.consumes()).map(|e| e.kind.clone());
    for (i, a) in alts.iter().enumerate() {
        for b in &alts[i + 1..] {
            if !a.is_empty() && text(a) == text(b) {
                return true;
            }
            match (first(a), first(b)) {
                (Some(Kind::Literal(x)), Some(Kind::Literal(y))) if x == y => return true,
                (Some(Kind::Set), Some(_)) | (Some(_), Some(Kind::Set))
                    if text(a).starts_with('.') || text(b).starts_with('.') =>
                {
                    return true;
                }
                _ => {}
            }
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slow(p: &str) -> Option<&str> {
        let alts = read(p)?;
        nested_repetition(p, &alts).map(|r| &p[r])
    }

    #[test]
    fn finds_nested_repetitions() {
        assert_eq!(slow("^(a+)+$"), Some("(a+)+"));
        assert_eq!(slow("(a|a)*"), Some("(a|a)*"));
        assert_eq!(slow("^(.*)*x"), Some("(.*)*"));
        assert_eq!(slow(r"^(\w+\s?)*$"), Some(r"(\w+\s?)*"));
        assert_eq!(slow("^(?:(a+))+$"), Some("(?:(a+))+"));
        assert_eq!(slow("^(a|ab)*c"), Some("(a|ab)*"));
        assert_eq!(slow(r"^x((\d+)+)y$"), Some(r"(\d+)+"));
    }

    #[test]
    fn leaves_safe_patterns_alone() {
        assert_eq!(slow(r"^([a-z]+\.)+[a-z]{2,}$"), None);
        assert_eq!(slow(r"^(\d{3})+$"), None);
        assert_eq!(slow(r"^(\d+,)*\d+$"), None);
        assert_eq!(slow(r"^(a+){3}$"), None);
        assert_eq!(slow(r"^(cat|dog)+$"), None);
        assert_eq!(slow(r"^[(a+)+]$"), None);
        assert_eq!(slow(r"^\(a+\)+$"), None);
        assert_eq!(slow(r"a{,2}"), None);
    }

    #[test]
    fn anchors() {
        assert!(anchored(&read("^a$").unwrap()));
        assert!(anchored(&read("^a$|^b$").unwrap()));
        assert!(!anchored(&read("^a|b$").unwrap()));
        assert!(!anchored(&read("a").unwrap()));
        assert!(!anchored(&read(r"^a\$").unwrap()));
        assert!(anchored(&read(r"^(?=.*\d).*$").unwrap()));
    }

    #[test]
    fn tolerates_anything() {
        for p in [
            "(", ")", "((", "a)|b(", "[", "\\", "{", "a{1,", "(?<", "(?", "x{2}{3}", "😀+",
        ] {
            let _ = read(p).map(|alts| nested_repetition(p, &alts));
        }
        assert!(read(&"(".repeat(500)).is_none());
    }
}
