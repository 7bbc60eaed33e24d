//! `ppstudio translations export PROJECT [-o FILE.csv]` and
//! `ppstudio translations import PROJECT FILE.csv [-o PROJECT]` (the CSV is described in
//! `crate::l10n::csv`).

use std::path::Path;

use super::{InputError, Outcome, load_project, read_input, write_output};
use crate::l10n::csv;

/// Writes the project's texts as CSV (atomically when `-o` is given).
pub fn export(project: &Path, output: Option<&Path>) -> Outcome {
    let p = load_project(project)?;
    write_output(output, &csv::export(&p))?;
    Ok(true)
}

/// Reads the CSV into the project's translations and writes the project (standard output
/// without `-o`). A malformed CSV writes nothing.
pub fn import(project: &Path, file: &Path, output: Option<&Path>) -> Outcome {
    let mut p = load_project(project)?;
    let bytes = read_input(file)?;
    p.locales = csv::import(&p, &bytes).map_err(|e| InputError::at(file, &e))?;
    write_output(output, &p.to_canonical())?;
    Ok(true)
}
