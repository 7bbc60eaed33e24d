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
}

impl From<serde_json::Error> for LoadError {
    fn from(e: serde_json::Error) -> Self {
        // serde_json appends " at line L column C"; we print the place ourselves.
        let text = e.to_string();
        let message = match text.rfind(" at line ") {
            Some(i) => text[..i].to_string(),
            None => text,
        };
        let message = if message.contains("recursion limit exceeded") {
            "the JSON is nested too deeply (more than 128 levels)".to_string()
        } else {
            message
        };
        LoadError {
            line: e.line().max(1),
            column: e.column().max(1),
            message,
        }
    }
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
