//! `ppstudio check PROJECT [--format text|json]`

use std::path::Path;

use super::{Format, Outcome, load_project, write_output};
use crate::lint::{self, Severity};

/// Lists the problems; `Ok(false)` when one is an error.
pub fn run(path: &Path, format: Format) -> Outcome {
    let project = load_project(path)?;
    let mut problems = lint::check(&project);
    // Errors first, then warnings, then infos: the one error must not hide as line 2 of 9.
    // The sort is stable, so within a severity the problems keep their place order.
    problems.sort_by_key(|p| p.severity);
    let (errors, warnings, infos) = lint::counts(&problems);
    let text = match format {
        Format::Json => {
            let doc = serde_json::json!({
                "file": path.display().to_string(),
                "problems": problems,
                "summary": { "error": errors, "warning": warnings, "info": infos },
            });
            let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
            s.push('\n');
            s
        }
        Format::Text => {
            let mut s = String::new();
            for p in &problems {
                s.push_str(&format!(
                    "{}: {}: {}\n",
                    p.severity.as_str(),
                    p.location.describe(),
                    p.message
                ));
                if let Some(fix) = &p.fix {
                    s.push_str(&format!("  fix: {fix}\n"));
                }
            }
            s.push_str(&format!(
                "{}: {errors} error{}, {warnings} warning{}, {infos} info\n",
                path.display(),
                plural(errors),
                plural(warnings)
            ));
            s
        }
    };
    write_output(None, &text)?;
    Ok(!problems.iter().any(|p| p.severity == Severity::Error))
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
