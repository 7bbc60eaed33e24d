//! `ppstudio simulate PROJECT (JOURNEY | --journey NAME)`

use std::path::Path;

use super::{InputError, Outcome, read_input, write_output};
use crate::journey::{self, Journey};
use crate::project::Project;

/// Prints the simulation's JSON. Never exits 1: a journey that shows nothing, or steps that
/// never fire, are the answer the user asked for, not errors of the command.
pub fn run(project_path: &Path, journey_path: Option<&Path>, named: Option<&str>) -> Outcome {
    let project_bytes = read_input(project_path)?;
    let project =
        Project::from_bytes(&project_bytes).map_err(|e| InputError::at(project_path, &e))?;
    let journey = match (journey_path, named) {
        (Some(path), _) => {
            let bytes = read_input(path)?;
            Journey::from_bytes(&bytes).map_err(|e| InputError::at(path, &e))?
        }
        (None, Some(name)) => journey::named_in_project(&project_bytes, name)
            .map_err(|e| InputError::at(project_path, &e))?,
        // clap requires one of the two; say so anyway rather than panic.
        (None, None) => {
            return Err(InputError(
                "simulate needs a journey file or --journey NAME".into(),
            ));
        }
    };
    let outcome = journey::simulate(&project, &journey);
    write_output(None, &outcome.to_json_string())?;
    Ok(true)
}
