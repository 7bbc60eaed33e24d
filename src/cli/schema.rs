//! `ppstudio schema`

use super::{Outcome, write_output};

/// Prints the JSON Schema of the project file.
pub fn run() -> Outcome {
    write_output(None, &crate::project::schema::schema_string())?;
    Ok(true)
}
