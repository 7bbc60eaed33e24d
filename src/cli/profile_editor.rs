//! `ppstudio profile-editor PROJECT [--profile FILE] [--format text|json]`: what the
//! consumer's profile page shows (`EDITOR.md`).

use std::fmt::Write;
use std::path::Path;

use super::{Format, InputError, Outcome, load_project, read_input, write_output};
use crate::asked::editor::{Fate, Origin, project_page};
use crate::asked::profile::parse_profile;

/// Prints the profile page for the profile in `profile_path`, or the project's sample
/// profile (an empty profile when it has none).
pub fn run(project_path: &Path, profile_path: Option<&Path>, format: Format) -> Outcome {
    let project = load_project(project_path)?;
    let (profile, from) = match profile_path {
        Some(path) => {
            let bytes = read_input(path)?;
            let profile = parse_profile(&bytes).map_err(|e| InputError::at(path, &e))?;
            (profile, path.display().to_string())
        }
        None => (
            project.sample_profile().cloned().unwrap_or_default(),
            "the project's sample profile".to_string(),
        ),
    };
    let page = project_page(&project, &profile).map_err(|e| {
        InputError(format!(
            "{}: {e}",
            profile_path.unwrap_or(project_path).display()
        ))
    })?;
    let text = match format {
        Format::Json => {
            let mut s = serde_json::to_string_pretty(&page.to_json()).unwrap_or_default();
            s.push('\n');
            s
        }
        Format::Text => {
            let mut s = String::new();
            let _ = writeln!(
                s,
                "The profile page of {} for {from} (showInEditor {}):",
                project_path.display(),
                if project.settings.show_in_editor {
                    "on"
                } else {
                    "off"
                }
            );
            let editor: Vec<String> = page
                .editor()
                .map(|f| match &f.fate {
                    Fate::Prefilled(Some(v)) => format!("{} = {v}", f.name),
                    _ => f.name.clone(),
                })
                .collect();
            let viewer: Vec<&str> = page.viewer().map(|f| f.name.as_str()).collect();
            let list = |v: &[String]| {
                if v.is_empty() {
                    "(none)".to_string()
                } else {
                    v.join(", ")
                }
            };
            let _ = writeln!(s, "Editable form: {}", list(&editor));
            let viewer: Vec<String> = viewer.iter().map(|n| (*n).to_string()).collect();
            let _ = writeln!(s, "Read-only list: {}", list(&viewer));
            for f in &page.fields {
                let place = match f.origin {
                    Origin::Registration(_) => "registration form".to_string(),
                    Origin::Step { step, .. } => project
                        .steps
                        .get(step)
                        .map_or_else(String::new, |st| format!("step \"{}\"", st.name)),
                };
                let _ = writeln!(s, "  {} ({place}): {}", f.name, f.why);
            }
            s
        }
    };
    write_output(None, &text)?;
    Ok(true)
}
