//! `ppstudio audience PROJECT PROFILES [--format text|json]`

use std::io::{IsTerminal, Read};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use super::{Format, InputError, Outcome, load_project, write_output};
use crate::audience::{Audience, AudienceError, Forecast, Progress, RunOptions, to_json, to_text};

/// Counts who would be asked. Exit 0 when the forecast was made (skipped lines are part of
/// it); 2 when the project or the profiles cannot be used: unreadable, a JSON array that is
/// not JSON, or not one line that is a profile.
pub fn run(project_path: &Path, profiles: &Path, format: Format, threads: usize) -> Outcome {
    let project = load_project(project_path)?;
    let audience = Audience::new(&project);
    let stdin = profiles == Path::new("-");
    let name = if stdin {
        "-".to_string()
    } else {
        profiles.display().to_string()
    };
    let (input, size): (Box<dyn Read + Send>, Option<u64>) = if stdin {
        (Box::new(std::io::stdin()), None)
    } else {
        let file =
            std::fs::File::open(profiles).map_err(|e| InputError::io(profiles, "read", e))?;
        let size = file.metadata().ok().map(|m| m.len());
        (Box::new(file), size)
    };
    let progress = Arc::new(Progress::default());
    let bar = std::io::stderr()
        .is_terminal()
        .then(|| show_progress(Arc::clone(&progress), size));
    let result = audience.run(input, &RunOptions { threads }, Some(&progress));
    if let Some((done, handle)) = bar {
        done.store(true, std::sync::atomic::Ordering::Relaxed);
        let _ = handle.join();
    }
    let forecast = result.map_err(|e| input_error(e, &name))?;
    unusable(&forecast, &name)?;
    let text = match format {
        Format::Json => {
            let mut s = serde_json::to_string_pretty(&to_json(&forecast)).unwrap_or_default();
            s.push('\n');
            s
        }
        Format::Text => to_text(&forecast, &name),
    };
    write_output(None, &text)?;
    Ok(true)
}

/// Not one profile but lines that are not: the file is not a file of profiles.
/// A forecast that could not be made, as the one line the command prints.
pub(super) fn input_error(e: AudienceError, name: &str) -> InputError {
    match e {
        AudienceError::Syntax {
            line,
            column,
            message,
        } => InputError(format!("{name}:{line}:{column}: {message}")),
        AudienceError::Read(e) => InputError(format!("{name}: cannot read: {e}")),
        AudienceError::Cancelled => InputError(format!("{name}: cancelled")),
    }
}

pub(super) fn unusable(f: &Forecast, name: &str) -> Result<(), InputError> {
    match f.skipped_lines.first() {
        Some(s) if f.profiles == 0 => Err(InputError(format!(
            "{name}:{}:{}: {} (no line is a profile)",
            s.line, s.column, s.message
        ))),
        _ => Ok(()),
    }
}

/// A progress bar on standard error, updated from `progress` until the returned flag is set.
fn show_progress(
    progress: Arc<Progress>,
    size: Option<u64>,
) -> (
    Arc<std::sync::atomic::AtomicBool>,
    std::thread::JoinHandle<()>,
) {
    use indicatif::{ProgressBar, ProgressStyle};
    let done = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let flag = Arc::clone(&done);
    let handle = std::thread::spawn(move || {
        let bar = match size {
            Some(n) => ProgressBar::new(n).with_style(
                ProgressStyle::with_template(
                    "{bar:40} {binary_bytes}/{binary_total_bytes} · {msg} · {eta} left",
                )
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
            ),
            None => ProgressBar::new_spinner().with_style(
                ProgressStyle::with_template("{spinner} {binary_bytes} · {msg}")
                    .unwrap_or_else(|_| ProgressStyle::default_spinner()),
            ),
        };
        // Short runs never show a bar.
        let start = std::time::Instant::now();
        while !flag.load(std::sync::atomic::Ordering::Relaxed) {
            std::thread::sleep(Duration::from_millis(100));
            if start.elapsed() < Duration::from_millis(500) {
                continue;
            }
            bar.set_position(progress.bytes());
            bar.set_message(format!(
                "{} profiles",
                crate::audience::thousands(progress.profiles())
            ));
        }
        bar.finish_and_clear();
    });
    (done, handle)
}

/// `ppstudio synthetic-profiles`: writes generated profiles (to a file atomically, or to
/// standard output).
pub fn synthetic(count: u64, seed: u64, output: Option<&Path>) -> Outcome {
    use crate::audience::generate::write_lines;
    match output {
        Some(path) => {
            crate::io::write_atomic_with(path, |w| write_lines(count, seed, w).map(|_| ()))
                .map_err(|e| InputError::io(path, "write", e))?;
        }
        None => {
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            // A closed pipe (`| head`) is not an error of ours.
            let _ = write_lines(count, seed, &mut out);
        }
    }
    Ok(true)
}
