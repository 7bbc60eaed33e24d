//! The translators' file: one row per text, `kind,key,source,<one column per locale>`, UTF-8.
//!
//! - `kind` is `label`, `placeholder`, `message` or `button`; `key` the field name, the rule
//!   (`required`, `required#firstname`) or the button (`progressiveprofiling`); `source` what
//!   the consumer reads without a translation (for information: import ignores it).
//! - Export writes every text of the project ([`super::project_texts`]): what the steps show,
//!   then every other text a locale has, with each locale's text as written.
//! - Import changes only what the file says: each locale column sets the texts of its rows
//!   (an empty cell means no translation: the text is removed, unless it was an empty text
//!   already); a column whose locale the project lacks adds the locale; locales without a
//!   column, and the locales' other keys (`errorMessages`...), stay as they are. So importing
//!   a project's own export changes nothing.
//! - A malformed file (not UTF-8, a header that is not `kind,key,source,...`, a row with more
//!   or fewer cells than the header, an unknown kind, a text listed twice, a quote never
//!   closed) is refused with its line and column, and nothing is changed.

use std::collections::HashMap;

use crate::project::{LoadError, Locale, Locales, Project, TextKey, TextKind, line_col};

/// The first three columns.
pub const FIXED_COLUMNS: [&str; 3] = ["kind", "key", "source"];

/// The CSV of a project's texts (see the module notes).
pub fn export(project: &Project) -> String {
    let mut w = ::csv::WriterBuilder::new().from_writer(Vec::new());
    let codes: Vec<&str> = project.locales.codes().collect();
    let mut header: Vec<&str> = FIXED_COLUMNS.to_vec();
    header.extend(&codes);
    // Writing into memory cannot fail.
    let _ = w.write_record(&header);
    for row in super::project_texts(project) {
        let mut record = vec![
            row.key.kind.as_str().to_string(),
            row.key.key.clone(),
            row.source.clone(),
        ];
        for l in &project.locales.list {
            record.push(l.text(&row.key).unwrap_or_default().to_string());
        }
        let _ = w.write_record(&record);
    }
    let bytes = w.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

/// The translations of `project` after importing `bytes` (see the module notes); `Err` names
/// the line and column of the first problem, and nothing is changed.
pub fn import(project: &Project, bytes: &[u8]) -> Result<Locales, LoadError> {
    // A spreadsheet's "CSV UTF-8" starts with a byte-order mark.
    let bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let (line, column) = line_col(bytes, e.valid_up_to());
        LoadError::at(
            line,
            column,
            "the file is not valid UTF-8: save it as CSV UTF-8",
        )
    })?;
    let at = |offset: usize, message: String| {
        let (line, column) = line_col(bytes, offset);
        LoadError::at(line, column, message)
    };
    if let Some(open) = unclosed_quote(text) {
        return Err(at(
            open,
            "this quoted cell is never closed: a \" is missing".into(),
        ));
    }
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let header = match records.next() {
        None => {
            return Err(LoadError::at(
                1,
                1,
                "the file is empty: expected the header kind,key,source followed by one column \
                 per locale",
            ));
        }
        Some(r) => r.map_err(|e| csv_error(bytes, &e))?,
    };
    let header_start = record_start(&header);
    let (header_cells, _) = scan_record(text, header_start);
    for (i, want) in FIXED_COLUMNS.iter().enumerate() {
        let got = header.get(i);
        if !got.is_some_and(|g| g.trim().eq_ignore_ascii_case(want)) {
            let offset = header_cells.get(i).copied().unwrap_or(header_start);
            return Err(at(
                offset,
                format!(
                    "the header must start with kind,key,source; column {} is {}",
                    i + 1,
                    got.map_or_else(|| "missing".to_string(), |g| format!("\"{g}\""))
                ),
            ));
        }
    }
    let codes: Vec<String> = header.iter().skip(3).map(str::to_string).collect();
    for (i, code) in codes.iter().enumerate() {
        let offset = header_cells.get(i + 3).copied().unwrap_or(header_start);
        if code.trim().is_empty() {
            return Err(at(
                offset,
                format!("column {} of the header has no locale code", i + 4),
            ));
        }
        if code.trim() != code {
            return Err(at(
                offset,
                format!("the locale code \"{code}\" starts or ends with a space"),
            ));
        }
        if codes[..i].contains(code) {
            return Err(at(offset, format!("the locale {code} has two columns")));
        }
    }

    let mut locales = project.locales.clone();
    for code in &codes {
        if locales.get(code).is_none() {
            locales.list.push(Locale::new(code.clone()));
            locales.present = true;
        }
    }
    let mut seen: HashMap<TextKey, usize> = HashMap::new();
    for record in records {
        let record = record.map_err(|e| csv_error(bytes, &e))?;
        let start = record_start(&record);
        if record.len() == 1 && record.get(0).is_some_and(str::is_empty) {
            continue;
        }
        let (cells, end) = scan_record(text, start);
        let (line, _) = line_col(bytes, start);
        if record.len() != header.len() {
            let offset = if record.len() > header.len() {
                cells.get(header.len()).copied().unwrap_or(start)
            } else {
                end
            };
            return Err(at(
                offset,
                format!(
                    "this row has {} cells where the header has {} ({})",
                    record.len(),
                    header.len(),
                    header.iter().collect::<Vec<_>>().join(",")
                ),
            ));
        }
        let kind_text = record.get(0).unwrap_or_default();
        let Some(kind) = TextKind::parse(kind_text.trim()) else {
            return Err(at(
                cells[0],
                format!(
                    "unknown kind \"{kind_text}\": expected label, placeholder, message or button"
                ),
            ));
        };
        let key = TextKey::new(kind, record.get(1).unwrap_or_default());
        if let Some(first) = seen.insert(key.clone(), line) {
            return Err(at(
                cells[0],
                format!("{} is already on line {first}", key.describe()),
            ));
        }
        for (i, code) in codes.iter().enumerate() {
            let cell = record.get(i + 3).unwrap_or_default();
            let Some(l) = locales.get_mut(code) else {
                continue;
            };
            if !cell.is_empty() {
                if l.text(&key) != Some(cell) {
                    l.set_text(&key, Some(cell.to_string()));
                }
            } else if l.text(&key).is_some_and(|t| !t.is_empty()) {
                l.set_text(&key, None);
            }
        }
    }
    Ok(locales)
}

fn record_start(r: &::csv::StringRecord) -> usize {
    r.position()
        .and_then(|p| usize::try_from(p.byte()).ok())
        .unwrap_or(0)
}

fn csv_error(bytes: &[u8], e: &::csv::Error) -> LoadError {
    let offset = e
        .position()
        .and_then(|p| usize::try_from(p.byte()).ok())
        .unwrap_or(0);
    let (line, column) = line_col(bytes, offset);
    LoadError::at(line, column, format!("not a CSV file: {e}"))
}

/// Where each cell of the record starting at `start` begins, and where the record ends
/// (bytes), as the CSV reader splits it: a cell ends at a `,` or a line break outside quotes,
/// and `""` inside quotes is a quote.
fn scan_record(text: &str, start: usize) -> (Vec<usize>, usize) {
    let b = text.as_bytes();
    let mut cells = vec![start];
    let mut i = start;
    let mut quoted = false;
    while i < b.len() {
        match b[i] {
            b'"' if quoted && b.get(i + 1) == Some(&b'"') => i += 1,
            b'"' if quoted => quoted = false,
            b'"' if cells.last() == Some(&i) => quoted = true,
            b',' if !quoted => cells.push(i + 1),
            b'\n' | b'\r' if !quoted => return (cells, i),
            _ => {}
        }
        i += 1;
    }
    (cells, b.len())
}

/// The start of a quoted cell that is never closed, if any.
fn unclosed_quote(text: &str) -> Option<usize> {
    let b = text.as_bytes();
    let mut cell_start = 0;
    let mut open: Option<usize> = None;
    let mut i = 0;
    while i < b.len() {
        match (b[i], open) {
            (b'"', Some(_)) if b.get(i + 1) == Some(&b'"') => i += 1,
            (b'"', Some(_)) => open = None,
            (b'"', None) if i == cell_start => open = Some(i),
            (b',' | b'\n' | b'\r', None) => cell_start = i + 1,
            _ => {}
        }
        i += 1;
    }
    open
}
