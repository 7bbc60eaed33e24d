//! `ppstudio snippet PROJECT [-o FILE]`

use std::path::Path;

use super::{Outcome, load_project, write_output};
use crate::loginradius::snippet;

/// Writes the integration snippet (atomically when `-o` is given).
pub fn run(project: &Path, output: Option<&Path>) -> Outcome {
    let p = load_project(project)?;
    write_output(output, &snippet::snippet(&p))?;
    Ok(true)
}
