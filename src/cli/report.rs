//! `ppstudio report PROJECT [-o FILE.html] [--profiles FILE] [--against DEPLOYED.json]
//! [--css SITE.css]`: the review page.

use std::path::Path;

use super::{InputError, Outcome, load_project, read_input, write_output};
use crate::audience::{Audience, RunOptions};
use crate::diff::{Version, diff_against};
use crate::report::{Extras, page, today};

/// Every input is read and checked before anything is written: an unusable one is one line
/// naming it, exit 2, and no file.
pub fn run(
    project_path: &Path,
    output: Option<&Path>,
    profiles: Option<&Path>,
    against: Option<&Path>,
    css: Option<&Path>,
) -> Outcome {
    let project = load_project(project_path)?;
    let site_css = match css {
        Some(path) => {
            let bytes = read_input(path)?;
            Some(String::from_utf8(bytes).map_err(|_| {
                InputError(format!(
                    "{}: this stylesheet is not UTF-8 text, so it cannot be inlined",
                    path.display()
                ))
            })?)
        }
        None => None,
    };
    let deployed = match against {
        Some(path) => {
            let bytes = read_input(path)?;
            Some(Version::from_bytes(&bytes).map_err(|e| InputError::at(path, &e))?)
        }
        None => None,
    };
    let diff = deployed.as_ref().map(|v| diff_against(v, &project));
    let forecast = match profiles {
        Some(path) => {
            let name = path.display().to_string();
            let file = std::fs::File::open(path).map_err(|e| InputError::io(path, "read", e))?;
            let f = Audience::new(&project)
                .run(file, &RunOptions::default(), None)
                .map_err(|e| super::audience::input_error(e, &name))?;
            super::audience::unusable(&f, &name)?;
            Some(f)
        }
        None => None,
    };
    let file = project_path.file_name().map_or_else(
        || project_path.display().to_string(),
        |f| f.to_string_lossy().into_owned(),
    );
    let date = today();
    let profiles_name = profiles
        .map(|p| p.display().to_string())
        .unwrap_or_default();
    let against_name = against.map(|p| p.display().to_string()).unwrap_or_default();
    let extras = Extras {
        file: &file,
        date: &date,
        forecast: forecast.as_ref().map(|f| (f, profiles_name.as_str())),
        diff: diff.as_ref().map(|d| (d, against_name.as_str())),
        site_css: site_css.as_deref(),
    };
    write_output(output, &page(&project, &extras))?;
    Ok(true)
}
