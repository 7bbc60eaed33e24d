//! Cutting the input into pieces of whole profiles, read by one thread at a time (under a
//! lock) and decided by all of them: lines of JSON Lines, or the elements of one JSON array.
//! Memory stays bounded: a piece is about [`CHUNK`] bytes, and a line or element longer than
//! [`MAX_PROFILE`] is counted as skipped without being held.

use std::io::Read;

use super::AudienceError;

/// The bytes read for one piece (more when a line is longer).
pub const CHUNK: usize = 1 << 20;
/// A profile longer than this is not held in memory: its line is counted as skipped.
pub const MAX_PROFILE: usize = 8 << 20;

/// How the input holds its profiles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// One profile a line.
    Lines,
    /// One JSON array of profiles (its first character is `[`).
    Array,
}

/// What a piece holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Piece {
    /// Whole lines, the first being line `first_line` (1-based).
    Lines { first_line: u64 },
    /// Array elements, listed apart.
    Elements,
    /// A line longer than [`MAX_PROFILE`], not held.
    TooLong { line: u64 },
}

/// One element of the array: its span in the piece and where it starts in the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Element {
    pub start: usize,
    pub end: usize,
    pub line: u64,
    pub column: u64,
    /// Longer than [`MAX_PROFILE`]: not held (the span is empty).
    pub too_long: bool,
}

/// Reads `input` into `buf` until it holds `want` more bytes or the input ends; true at the end.
/// (`read_to_end` fills the spare capacity without zeroing it first.)
fn read_more(input: &mut impl Read, buf: &mut Vec<u8>, want: usize) -> std::io::Result<bool> {
    buf.reserve(want);
    let got = input.by_ref().take(want as u64).read_to_end(buf)?;
    Ok(got < want)
}

/// The input and what is left over between pieces.
pub struct Feeder<R> {
    input: R,
    /// The start of the next piece: a line or element not finished yet.
    carry: Vec<u8>,
    /// Where the splitter resumes in `carry` (array layout).
    resume: usize,
    layout: Option<Layout>,
    eof: bool,
    /// The number of the first line of the next piece (lines layout).
    next_line: u64,
    /// Dropping the rest of a line longer than [`MAX_PROFILE`].
    discarding: bool,
    splitter: Splitter,
    /// Bytes read so far.
    pub bytes: u64,
}

impl<R: Read> Feeder<R> {
    pub fn new(input: R) -> Self {
        Feeder {
            input,
            carry: Vec::new(),
            resume: 0,
            layout: None,
            eof: false,
            next_line: 1,
            discarding: false,
            splitter: Splitter::default(),
            bytes: 0,
        }
    }

    /// The layout, once the first character is read.
    pub fn layout(&self) -> Option<Layout> {
        self.layout
    }

    fn read(&mut self, buf: &mut Vec<u8>, want: usize) -> Result<(), AudienceError> {
        let before = buf.len();
        if !self.eof {
            self.eof = read_more(&mut self.input, buf, want).map_err(AudienceError::Read)?;
        }
        self.bytes += (buf.len() - before) as u64;
        Ok(())
    }

    /// Reads up to the first character that is not white space, and decides the layout.
    fn decide_layout(&mut self) -> Result<Layout, AudienceError> {
        let mut head = std::mem::take(&mut self.carry);
        loop {
            let first = head.iter().position(|b| !b.is_ascii_whitespace());
            if let Some(at) = first {
                // A byte-order mark is not a profile's: read past it.
                if head[at..].starts_with(&[0xEF, 0xBB, 0xBF]) {
                    head.drain(at..at + 3);
                    continue;
                }
                let layout = if head[at] == b'[' {
                    Layout::Array
                } else {
                    Layout::Lines
                };
                self.carry = head;
                return Ok(layout);
            }
            if self.eof {
                self.carry = head;
                return Ok(Layout::Lines);
            }
            self.read(&mut head, 64 * 1024)?;
            if self.eof && head.len() >= 3 && head.starts_with(&[0xEF, 0xBB, 0xBF]) {
                continue;
            }
        }
    }

    /// Fills `buf` (and `elements`, for an array) with the next piece; `Ok(None)` at the end.
    pub fn next(
        &mut self,
        buf: &mut Vec<u8>,
        elements: &mut Vec<Element>,
    ) -> Result<Option<Piece>, AudienceError> {
        let layout = match self.layout {
            Some(l) => l,
            None => {
                let l = self.decide_layout()?;
                self.layout = Some(l);
                l
            }
        };
        match layout {
            Layout::Lines => self.next_lines(buf),
            Layout::Array => self.next_elements(buf, elements),
        }
    }

    fn next_lines(&mut self, buf: &mut Vec<u8>) -> Result<Option<Piece>, AudienceError> {
        loop {
            buf.clear();
            buf.append(&mut self.carry);
            if self.discarding {
                self.read(buf, CHUNK)?;
                match memchr::memchr(b'\n', buf) {
                    Some(p) => {
                        buf.drain(..=p);
                        self.discarding = false;
                    }
                    None => {
                        if self.eof {
                            self.discarding = false;
                            return Ok(None);
                        }
                        continue;
                    }
                }
                self.carry.append(buf);
                continue;
            }
            // The carry may hold whole lines (read ahead to find the layout, or left after a
            // line too long): search it too.
            let mut searched = 0;
            loop {
                self.read(buf, CHUNK)?;
                if let Some(p) = memchr::memrchr(b'\n', &buf[searched..]).map(|p| p + searched) {
                    self.carry.extend_from_slice(&buf[p + 1..]);
                    buf.truncate(p + 1);
                    break;
                }
                searched = buf.len();
                if self.eof {
                    break;
                }
                if buf.len() > MAX_PROFILE {
                    let line = self.next_line;
                    self.next_line += 1;
                    self.discarding = true;
                    buf.clear();
                    return Ok(Some(Piece::TooLong { line }));
                }
            }
            if buf.is_empty() {
                if self.eof && self.carry.is_empty() {
                    return Ok(None);
                }
                continue;
            }
            let first_line = self.next_line;
            let mut lines = memchr::memchr_iter(b'\n', buf).count() as u64;
            if buf.last() != Some(&b'\n') {
                lines += 1;
            }
            self.next_line += lines;
            return Ok(Some(Piece::Lines { first_line }));
        }
    }

    fn next_elements(
        &mut self,
        buf: &mut Vec<u8>,
        elements: &mut Vec<Element>,
    ) -> Result<Option<Piece>, AudienceError> {
        loop {
            elements.clear();
            buf.clear();
            buf.append(&mut self.carry);
            let resume = std::mem::take(&mut self.resume);
            if self.eof && resume == buf.len() {
                // Everything read was looked at: the array must be closed.
                self.splitter.finish()?;
                return Ok(None);
            }
            self.read(buf, CHUNK)?;
            let keep = self.splitter.split(buf, resume, elements)?;
            let keep = match keep {
                Some(at) if buf.len() - at > MAX_PROFILE => {
                    self.splitter.too_long(elements);
                    buf.len()
                }
                Some(at) => at,
                None => buf.len(),
            };
            self.carry.extend_from_slice(&buf[keep..]);
            self.resume = buf.len() - keep;
            self.splitter.rebase(keep);
            if !elements.is_empty() {
                return Ok(Some(Piece::Elements));
            }
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Stage {
    /// Before the array's `[`.
    #[default]
    Open,
    /// Inside the array.
    Items,
    /// After its `]`.
    Done,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Expect {
    /// Right after `[`: an element or `]`.
    #[default]
    FirstOrEnd,
    /// After a comma: an element.
    Item,
}

/// Finds the elements of one JSON array across pieces: brackets and strings are followed so
/// that a comma or `]` outside every element ends one; the elements themselves are checked
/// when they are read.
#[derive(Debug, Clone)]
struct Splitter {
    stage: Stage,
    expect: Expect,
    depth: u32,
    in_string: bool,
    escape: bool,
    line: u64,
    column: u64,
    /// The element being read: its start in the piece, line and column.
    start: Option<(usize, u64, u64)>,
    /// The element being read is too long and is not kept.
    long: bool,
}

impl Default for Splitter {
    fn default() -> Self {
        Splitter {
            stage: Stage::Open,
            expect: Expect::FirstOrEnd,
            depth: 0,
            in_string: false,
            escape: false,
            line: 1,
            column: 1,
            start: None,
            long: false,
        }
    }
}

fn syntax(line: u64, column: u64, message: &str) -> AudienceError {
    AudienceError::Syntax {
        line,
        column,
        message: message.to_string(),
    }
}

impl Splitter {
    /// Reads `buf` from `from`, listing the elements that end in it; the start of an element
    /// that does not end yet (to keep for the next piece), if any.
    fn split(
        &mut self,
        buf: &[u8],
        from: usize,
        elements: &mut Vec<Element>,
    ) -> Result<Option<usize>, AudienceError> {
        let mut i = from;
        while i < buf.len() {
            if self.in_string {
                if self.escape {
                    self.escape = false;
                } else {
                    let j = crate::asked::raw::find_special_at(buf, i);
                    self.column += (j - i) as u64;
                    i = j;
                    let Some(&c) = buf.get(i) else { break };
                    match c {
                        b'\\' => self.escape = true,
                        b'"' => self.in_string = false,
                        b'\n' => {
                            self.line += 1;
                            self.column = 0;
                        }
                        _ => {}
                    }
                }
                i += 1;
                self.column += 1;
                continue;
            }
            let c = buf[i];
            match self.stage {
                Stage::Open => match c {
                    b'[' => self.stage = Stage::Items,
                    c if c.is_ascii_whitespace() => {}
                    _ => return Err(syntax(self.line, self.column, "expected `[`")),
                },
                Stage::Done => {
                    if !c.is_ascii_whitespace() {
                        return Err(syntax(
                            self.line,
                            self.column,
                            "trailing characters after the array",
                        ));
                    }
                }
                Stage::Items => {
                    let inside = self.start.is_some() || self.long;
                    if self.depth == 0 && (c == b',' || c == b']') {
                        if inside {
                            self.end(i, elements);
                            self.expect = Expect::Item;
                        } else if c == b',' || self.expect == Expect::Item {
                            return Err(syntax(self.line, self.column, "expected value"));
                        }
                        if c == b']' {
                            self.stage = Stage::Done;
                        }
                    } else if !inside && c.is_ascii_whitespace() {
                    } else {
                        if !inside {
                            self.start = Some((i, self.line, self.column));
                        }
                        match c {
                            b'"' => self.in_string = true,
                            b'[' | b'{' => self.depth += 1,
                            b']' | b'}' => self.depth = self.depth.saturating_sub(1),
                            _ => {}
                        }
                    }
                }
            }
            if c == b'\n' {
                self.line += 1;
                self.column = 1;
            } else {
                self.column += 1;
            }
            i += 1;
        }
        Ok(self.start.map(|(s, _, _)| s))
    }

    fn end(&mut self, at: usize, elements: &mut Vec<Element>) {
        if let Some((start, line, column)) = self.start.take() {
            elements.push(Element {
                start,
                end: at,
                line,
                column,
                too_long: false,
            });
        }
        self.long = false;
    }

    /// The element being read is too long: it is listed as such, and its bytes are dropped.
    fn too_long(&mut self, elements: &mut Vec<Element>) {
        if let Some((_, line, column)) = self.start.take() {
            elements.push(Element {
                start: 0,
                end: 0,
                line,
                column,
                too_long: true,
            });
            self.long = true;
        }
    }

    /// The piece's bytes before `keep` are gone: the element being read now starts at 0.
    fn rebase(&mut self, keep: usize) {
        if let Some((s, _, _)) = &mut self.start {
            *s -= keep;
        }
    }

    /// At the end of the input: the array must be closed.
    fn finish(&self) -> Result<(), AudienceError> {
        match self.stage {
            Stage::Done => Ok(()),
            Stage::Open => Err(syntax(self.line, self.column, "EOF while parsing a value")),
            Stage::Items => Err(syntax(self.line, self.column, "EOF while parsing a list")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every piece's profiles as text, with their first line (lines) or place (elements).
    fn pieces(input: &[u8]) -> Result<Vec<(String, u64, u64)>, AudienceError> {
        let mut f = Feeder::new(input);
        let mut buf = Vec::new();
        let mut elements = Vec::new();
        let mut out = Vec::new();
        while let Some(piece) = f.next(&mut buf, &mut elements)? {
            match piece {
                Piece::Lines { first_line } => {
                    for (k, line) in buf.split(|&b| b == b'\n').enumerate() {
                        if !line.iter().all(u8::is_ascii_whitespace) {
                            out.push((
                                String::from_utf8_lossy(line).into_owned(),
                                first_line + k as u64,
                                1,
                            ));
                        }
                    }
                }
                Piece::Elements => {
                    for e in &elements {
                        let text = if e.too_long {
                            "<too long>".to_string()
                        } else {
                            String::from_utf8_lossy(&buf[e.start..e.end]).into_owned()
                        };
                        out.push((text.trim().to_string(), e.line, e.column));
                    }
                }
                Piece::TooLong { line } => out.push(("<too long>".into(), line, 1)),
            }
        }
        Ok(out)
    }

    #[test]
    fn lines_keep_their_numbers_across_pieces() {
        let mut input = Vec::new();
        for i in 0..50_000 {
            input.extend_from_slice(format!("{{\"i\": {i}}}\n").as_bytes());
            if i % 1000 == 0 {
                input.push(b'\n');
            }
        }
        let got = pieces(&input).unwrap();
        assert_eq!(got.len(), 50_000);
        // Line of profile i: i + 1 plus the blank lines before it.
        for (i, (text, line, _)) in got.iter().enumerate() {
            assert_eq!(text, &format!("{{\"i\": {i}}}"));
            assert_eq!(*line, i as u64 + 1 + (i as u64).div_ceil(1000), "{i}");
        }
        let got = pieces(b"{\"a\":1}\n{\"b\":2}").unwrap();
        assert_eq!(
            got[1],
            ("{\"b\":2}".into(), 2, 1),
            "a last line without newline"
        );
        assert!(pieces(b"").unwrap().is_empty());
        assert!(pieces(b"\n\n  \n").unwrap().is_empty());
    }

    #[test]
    fn a_line_too_long_is_named_and_not_held() {
        let mut input = b"{\"a\":1}\n".to_vec();
        input.extend(std::iter::repeat_n(b'x', MAX_PROFILE + 3 * CHUNK));
        input.extend_from_slice(b"\n{\"b\":2}\n");
        let got = pieces(&input).unwrap();
        assert_eq!(got.len(), 3);
        assert_eq!(got[1], ("<too long>".into(), 2, 1));
        assert_eq!(got[2], ("{\"b\":2}".into(), 3, 1));
    }

    #[test]
    fn array_elements_are_found_with_their_places() {
        let input =
            b"\xEF\xBB\xBF\n [\n  {\"a\": \"x,]\\\"\"},\n  [1, {\"b\": [2]}] ,\"s\" , 3\n]\n  ";
        let got = pieces(input).unwrap();
        let texts: Vec<&str> = got.iter().map(|(t, _, _)| t.as_str()).collect();
        assert_eq!(
            texts,
            ["{\"a\": \"x,]\\\"\"}", "[1, {\"b\": [2]}]", "\"s\"", "3"]
        );
        assert_eq!((got[0].1, got[0].2), (3, 3));
        assert_eq!((got[1].1, got[1].2), (4, 3));
        assert_eq!((got[2].1, got[2].2), (4, 20));
        assert!(pieces(b"[]").unwrap().is_empty());
        assert!(pieces(b" [ ] ").unwrap().is_empty());
    }

    #[test]
    fn a_broken_array_says_where() {
        let place = |input: &[u8]| match pieces(input) {
            Err(AudienceError::Syntax {
                line,
                column,
                message,
            }) => (line, column, message),
            other => panic!("{other:?}"),
        };
        assert_eq!(place(b"[{\"a\":1},\n]").2, "expected value");
        assert_eq!(place(b"[,{}]").0, 1);
        assert_eq!(place(b"[{}, {}").2, "EOF while parsing a list");
        assert_eq!(place(b"[{}]\n x").0, 2);
        assert_eq!(place(b"[{}]\n x").2, "trailing characters after the array");
    }

    #[test]
    fn array_elements_across_many_pieces() {
        let mut input = b"[".to_vec();
        let n = 30_000;
        for i in 0..n {
            if i > 0 {
                input.extend_from_slice(b",\n");
            }
            input.extend_from_slice(
                format!("{{\"i\": {i}, \"pad\": \"{}\"}}", "p".repeat(i % 97)).as_bytes(),
            );
        }
        input.extend_from_slice(b"]\n");
        let got = pieces(&input).unwrap();
        assert_eq!(got.len(), n);
        for (i, (text, line, column)) in got.iter().enumerate() {
            assert!(text.starts_with(&format!("{{\"i\": {i},")), "{i}: {text}");
            assert_eq!((*line, *column), (i as u64 + 1, if i == 0 { 2 } else { 1 }));
        }
    }
}
