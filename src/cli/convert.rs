//! `export`, `import` and `fmt`.

use std::path::Path;

use super::{InputError, Outcome, load_project, read_input, write_output};
use crate::loginradius;

/// `ppstudio export PROJECT [-o FILE]`
pub fn export(project: &Path, output: Option<&Path>, registration: bool) -> Outcome {
    let p = load_project(project)?;
    if !registration {
        write_output(output, &loginradius::export_string(&p))?;
        // Export's contract is to write (exit 1 belongs to check); the errors are said, one
        // line each, so a script's log shows what the platform got.
        let problems = crate::lint::check(&p);
        let errors: Vec<_> = problems
            .iter()
            .filter(|e| e.severity == crate::lint::Severity::Error)
            .collect();
        for e in &errors {
            eprintln!(
                "warning: exported with {} error{}: {}: {}",
                errors.len(),
                if errors.len() == 1 { "" } else { "s" },
                e.location.describe(),
                e.message
            );
        }
        return Ok(true);
    }
    let Some((doc, note)) = loginradius::export_registration(&p) else {
        return Err(InputError(format!(
            "{}: the project has no registration form to export (import a registration \
             schema, or add one in the studio's \"At sign-up\" card)",
            project.display()
        )));
    };
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    text.push('\n');
    write_output(output, &text)?;
    if let Some(note) = note {
        eprintln!("note: {note}");
    }
    Ok(true)
}

/// `ppstudio import FILE [-o PROJECT]`
pub fn import(file: &Path, output: Option<&Path>) -> Outcome {
    let bytes = read_input(file)?;
    let imported = loginradius::import(&bytes).map_err(|e| InputError::at(file, &e))?;
    let mut project = imported.project;
    if let Some(stem) = file.file_stem().and_then(|s| s.to_str()) {
        project.name = stem.to_string();
    }
    write_output(output, &project.to_canonical())?;
    Ok(true)
}

/// `ppstudio fmt PROJECT [--check]`
pub fn fmt(project: &Path, check: bool) -> Outcome {
    let bytes = read_input(project)?;
    let p = crate::project::Project::from_bytes(&bytes).map_err(|e| InputError::at(project, &e))?;
    let canonical = p.to_canonical();
    if canonical.as_bytes() == bytes.as_slice() {
        return Ok(true);
    }
    if check {
        eprintln!(
            "{}: not in canonical form (run ppstudio fmt)",
            project.display()
        );
        return Ok(false);
    }
    write_output(Some(project), &canonical)?;
    Ok(true)
}
