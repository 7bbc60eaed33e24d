//! Errors of reading a JSON file, always with a line and a column.

use super::MAX_FILE_BYTES;

/// What is wrong with a file, and where (1-based line and column).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{line}:{column}: {message}")]
pub struct LoadError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl LoadError {
    /// An error at a place.
    pub fn at(line: usize, column: usize, message: impl Into<String>) -> Self {
        LoadError {
            line,
            column,
            message: message.into(),
        }
    }

    /// The words first, then the place: "This file is not JSON (line 1, column 1)." (the
    /// command line keeps its `FILE:LINE:COLUMN: what` line).
    pub fn in_words(&self) -> String {
        format!(
            "{} (line {}, column {}).",
            self.message.trim_end_matches('.'),
            self.line,
            self.column
        )
    }
}

impl From<serde_json::Error> for LoadError {
    fn from(e: serde_json::Error) -> Self {
        LoadError::from(&e)
    }
}

/// The words for a lone surrogate escape: JSON that `JSON.parse` reads, that no reader of the
/// studio can hold (its text is UTF-8).
pub const LONE_SURROGATE: &str = "This text has a \\u escape of half a character (a lone \
     surrogate, such as \\udADD): JavaScript reads it, but the studio cannot hold it; write \
     the whole pair (\\ud83d\\ude00) or the character itself";

/// The words for a number past a double's range: `JSON.parse` reads it as Infinity, which no
/// reader of the studio can hold.
pub const TOO_LARGE: &str = "This number is too large: JavaScript reads it as Infinity, but the \
     studio cannot hold it; write a number within 1.8e308";

/// Whether a message is one of the two refusals of JSON that the platform's `JSON.parse`
/// accepts (every reader of a profile gives them in the same words).
pub fn beyond_a_value(message: &str) -> bool {
    message == LONE_SURROGATE || message == TOO_LARGE
}

impl From<&serde_json::Error> for LoadError {
    fn from(e: &serde_json::Error) -> Self {
        // serde_json appends " at line L column C"; we print the place ourselves.
        let text = e.to_string();
        let message = match text.rfind(" at line ") {
            Some(i) => text[..i].to_string(),
            None => text,
        };
        let message = if message.contains("recursion limit exceeded") {
            "the JSON is nested too deeply (more than 128 levels)".to_string()
        } else {
            plain_words(&message, e.line(), e.column())
        };
        LoadError {
            line: e.line().max(1),
            column: e.column().max(1),
            message,
        }
    }
}

/// The parser's message (serde's and serde_json's words: "expected value", "invalid type:
/// integer `1`, expected ...") said in plain words for the person who wrote the file; the
/// place is the error's line and column. A message of ours (`custom`) is kept as it is.
fn plain_words(message: &str, line: usize, column: usize) -> String {
    let syntax = match message {
        // Nothing JSON could start with at the file's first character: not JSON at all.
        "expected value" | "expected ident" if line <= 1 && column <= 2 => "This file is not JSON",
        "expected value" => {
            "A value is needed here: a text in double quotes, a number, true, false, null, a \
             list [...] or an object {...}"
        }
        "expected ident" => "This is not JSON: only true, false and null go without quotes",
        "EOF while parsing a value" => "The file ends where a value is needed",
        "EOF while parsing a list" => "The file ends before this list is closed with ]",
        "EOF while parsing an object" => "The file ends before this object is closed with }",
        "EOF while parsing a string" => "The file ends inside a text: a closing \" is missing",
        "expected `:`" => "A colon (:) is needed after the key here",
        "expected `,` or `]`" => "A comma or the closing ] of the list is missing here",
        "expected `,` or `}`" => "A comma or the closing } of the object is missing here",
        "trailing comma" => "JSON allows no comma before a closing ] or }: remove it",
        "trailing characters" => "There is more after the end of the JSON: remove it",
        "key must be a string" => "A key must be a text in double quotes",
        "invalid number" => "This number is not written as JSON writes numbers",
        "number out of range" => TOO_LARGE,
        "lone leading surrogate in hex escape" | "unexpected end of hex escape" => LONE_SURROGATE,
        "invalid escape" => {
            "A backslash in a text must be followed by \", \\, /, b, f, n, r, t or u and four \
             hex digits"
        }
        m if m.starts_with("control character") => {
            "A text holds a line break or a tab: write it as \\n or \\t"
        }
        _ => "",
    };
    if !syntax.is_empty() {
        return syntax.to_string();
    }
    for kind in ["invalid type: ", "invalid value: "] {
        if let Some((found, expected)) = message
            .strip_prefix(kind)
            .and_then(|rest| rest.split_once(", expected "))
        {
            return wrong_value(found, expected);
        }
    }
    if let Some(key) = message
        .strip_prefix("missing field `")
        .and_then(|k| k.strip_suffix('`'))
    {
        return format!("The key \"{key}\" is missing here");
    }
    message.to_string()
}

/// "A field must be an object (...), not a number (1)" from serde's found and expected.
fn wrong_value(found: &str, expected: &str) -> String {
    let found = found_in_words(found);
    let primitive = match expected {
        "a boolean" => Some("true or false"),
        "a string" | "a borrowed string" => Some("a text in double quotes"),
        "a sequence" => Some("a list [...]"),
        "a map" => Some("an object {...}"),
        e if e.starts_with('u') || e.starts_with('i') || e == "an integer" => {
            Some("a whole number")
        }
        e if e.starts_with('f') => Some("a number"),
        _ => None,
    };
    if let Some(words) = primitive {
        return format!("Expected {words} here, not {found}");
    }
    // "a field object ({...})": a field must be an object.
    for article in ["a ", "an "] {
        if let Some((what, shape)) = expected
            .strip_prefix(article)
            .and_then(|rest| rest.split_once(" object"))
            .filter(|(what, _)| !what.is_empty() && !what.contains(' '))
        {
            return format!(
                "{} must be an object{shape}, not {found}",
                capitalized(&format!("{article}{what}"))
            );
        }
    }
    // "\"x\" of the translation \"fr\" as a text", "event 1 to be an object (...)".
    for verb in [" to be ", " as "] {
        if let Some((what, shape)) = expected.split_once(verb) {
            return format!("{} must be {shape}, not {found}", capitalized(what));
        }
    }
    format!("{} is needed here, not {found}", capitalized(expected))
}

/// serde's name of what it found ("integer `1`", "sequence") in the words of the file.
fn found_in_words(found: &str) -> String {
    let quoted = |prefix: &str| {
        found
            .strip_prefix(prefix)
            .map(|v| v.trim_matches('`').to_string())
    };
    if let Some(n) = quoted("integer ").or_else(|| quoted("floating point ")) {
        return format!("a number ({n})");
    }
    if let Some(b) = quoted("boolean ") {
        return b;
    }
    if let Some(s) = found.strip_prefix("string ") {
        return format!("a text ({s})");
    }
    match found {
        "sequence" => "a list".to_string(),
        "map" => "an object".to_string(),
        "unit value" => "null".to_string(),
        other => other.to_string(),
    }
}

fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |c| {
        c.to_uppercase().chain(chars).collect::<String>()
    })
}

/// Checks what must hold before parsing: size, not empty, no BOM, valid UTF-8.
pub fn check_text(bytes: &[u8]) -> Result<&str, LoadError> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(LoadError::at(
            1,
            1,
            format!(
                "the file is {:.1} MB; the studio opens files up to {} MB",
                bytes.len() as f64 / 1e6,
                MAX_FILE_BYTES / (1024 * 1024)
            ),
        ));
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(LoadError::at(
            1,
            1,
            "the file is empty: expected a JSON object",
        ));
    }
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        return Err(LoadError::at(
            1,
            1,
            "the file starts with a byte-order mark (BOM); save it as UTF-8 without BOM",
        ));
    }
    std::str::from_utf8(bytes).map_err(|e| {
        let (line, column) = line_col(bytes, e.valid_up_to());
        LoadError::at(line, column, "the file is not valid UTF-8")
    })
}

/// The 1-based line and column (in characters) of a byte offset.
pub fn line_col(bytes: &[u8], offset: usize) -> (usize, usize) {
    let before = &bytes[..offset.min(bytes.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let column = String::from_utf8_lossy(&before[start..]).chars().count() + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::LoadError;

    fn err(text: &str) -> LoadError {
        serde_json::from_str::<Vec<std::collections::BTreeMap<String, u8>>>(text)
            .map(|_| ())
            .map_err(LoadError::from)
            .unwrap_err()
    }

    #[test]
    fn the_parsers_words_become_plain_sentences_with_the_place_kept() {
        let cases = [
            ("hello", (1, 1), "This file is not JSON"),
            (
                "[{}, nx]",
                (1, 7),
                "This is not JSON: only true, false and null go without quotes",
            ),
            (
                "[\n{\"a\": }]",
                (2, 7),
                "A value is needed here: a text in double quotes, a number, true, false, null, a list [...] or an object {...}",
            ),
            (
                "[{}",
                (1, 3),
                "The file ends before this list is closed with ]",
            ),
            (
                "[{}] x",
                (1, 6),
                "There is more after the end of the JSON: remove it",
            ),
            (
                "[{},]",
                (1, 5),
                "JSON allows no comma before a closing ] or }: remove it",
            ),
            (
                "[{\"a\" 1}]",
                (1, 7),
                "A colon (:) is needed after the key here",
            ),
            (
                "[{\"a\": \"x\"}]",
                (1, 10),
                "Expected a whole number here, not a text (\"x\")",
            ),
            (
                "[1]",
                (1, 2),
                "Expected an object {...} here, not a number (1)",
            ),
            ("{}", (1, 1), "Expected a list [...] here, not an object"),
        ];
        for (text, place, message) in cases {
            let e = err(text);
            assert_eq!(e.message, message, "{text}");
            assert_eq!((e.line, e.column), place, "{text}: {e}");
        }
    }
}
