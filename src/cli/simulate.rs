//! `ppstudio simulate PROJECT (JOURNEY | --journey NAME)`

use std::path::Path;

use super::{Format, InputError, Outcome, read_input, write_output};
use crate::journey::{self, Journey};
use crate::project::Project;

/// What `simulate` without a journey says; `--help` says the same of JOURNEY.
const NEEDS_A_JOURNEY: &str =
    "simulate needs a journey: give a journey file, or --journey NAME for one kept in the project";

/// A name the project keeps no journey under, said in words with the names it does keep (a
/// line and column would point at the end of the file, which means nothing to the user).
fn no_such_journey(name: &str, kept: &[String]) -> String {
    match kept {
        [] => format!(
            "the project keeps no journeys, so none named \"{name}\"; give a journey file instead"
        ),
        _ => format!(
            "the project keeps no journey named \"{name}\"; it keeps {}",
            kept.iter()
                .map(|n| format!("\"{n}\""))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// Prints the simulation's JSON. Never exits 1: a journey that shows nothing, or steps that
/// never fire, are the answer the user asked for, not errors of the command.
pub fn run(
    project_path: &Path,
    journey_path: Option<&Path>,
    named: Option<&str>,
    format: Format,
) -> Outcome {
    let project_bytes = read_input(project_path)?;
    let project =
        Project::from_bytes(&project_bytes).map_err(|e| InputError::at(project_path, &e))?;
    let journey = match (journey_path, named) {
        (Some(path), _) => {
            let bytes = read_input(path)?;
            Journey::from_bytes(&bytes).map_err(|e| InputError::at(path, &e))?
        }
        (None, Some(name)) => {
            let Some(kept) = project.kept_journey(name) else {
                return Err(InputError(format!(
                    "{}: {}",
                    project_path.display(),
                    no_such_journey(name, &project.journey_names())
                )));
            };
            match kept.journey() {
                Ok(j) => j.clone(),
                // Read again in the file, for the place of what is wrong.
                Err(_) => journey::named_in_project(&project_bytes, name)
                    .map_err(|e| InputError::at(project_path, &e))?,
            }
        }
        (None, None) => return Err(InputError(NEEDS_A_JOURNEY.into())),
    };
    let outcome = journey::simulate(&project, &journey);
    let text = match format {
        Format::Json => outcome.to_json_string(),
        Format::Text => journey::to_text(&project, &journey, &outcome),
    };
    write_output(None, &text)?;
    Ok(true)
}
