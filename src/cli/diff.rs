//! `ppstudio diff OLD NEW [--format text|json]`: what a deploy of NEW over OLD changes.

use std::path::Path;

use super::{Format, InputError, Outcome, read_input, write_output};
use crate::diff::{self, Version};

/// Reads one side: a project or platform JSON.
fn load(path: &Path) -> Result<Version, InputError> {
    let bytes = read_input(path)?;
    Version::from_bytes(&bytes).map_err(|e| InputError::at(path, &e))
}

/// Prints the changes; `Ok(false)` (exit 1) when there are some, `Ok(true)` (exit 0) when
/// none: a CI pipeline can gate on it.
pub fn run(old_path: &Path, new_path: &Path, format: Format) -> Outcome {
    let old = load(old_path)?;
    let new = load(new_path)?;
    if diff::Compared::between(old.kind, new.kind).nothing() {
        return Err(InputError(format!(
            "{} ({}) and {} ({}) have nothing in common to compare: a registration schema holds \
             only catalog fields, a ProfilingSteps document only steps",
            old_path.display(),
            old.kind.title(),
            new_path.display(),
            new.kind.title()
        )));
    }
    let d = diff::diff_versions(&old, &new);
    let text = match format {
        Format::Json => {
            let mut s = serde_json::to_string_pretty(&diff::to_json(&d)).unwrap_or_default();
            s.push('\n');
            s
        }
        Format::Text => format!(
            "Comparing {} ({}) with {} ({}).\n{}",
            old_path.display(),
            old.kind.title(),
            new_path.display(),
            new.kind.title(),
            diff::to_text(&d)
        ),
    };
    write_output(None, &text)?;
    Ok(d.is_empty())
}
