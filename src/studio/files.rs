//! Files: the dialog seam, opening (project or platform JSON), recent files and the recovery
//! copy.

use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, channel};
use std::sync::{Arc, Mutex};

use crate::loginradius;
use crate::project::{MAX_FILE_BYTES, Project};

/// What a file dialog is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DialogKind {
    Open,
    SaveAs,
    Import,
    Export,
    /// A journey file for the journey panel.
    OpenJourney,
    SaveJourney,
    /// A consumer profile (platform profile JSON) for the preview or a journey.
    OpenProfile,
    /// The trigger snippet (JavaScript).
    Snippet,
}

impl DialogKind {
    /// The dialog's title.
    pub fn title(self) -> &'static str {
        match self {
            DialogKind::Open => "Open project",
            DialogKind::SaveAs => "Save project as",
            DialogKind::Import => "Import platform JSON",
            DialogKind::Export => "Export platform JSON",
            DialogKind::OpenJourney => "Open journey",
            DialogKind::SaveJourney => "Save journey",
            DialogKind::OpenProfile => "Open consumer profile",
            DialogKind::Snippet => "Save trigger snippet",
        }
    }

    /// Whether the dialog asks where to write (rather than what to read).
    pub fn saves(self) -> bool {
        matches!(
            self,
            DialogKind::SaveAs | DialogKind::Export | DialogKind::SaveJourney | DialogKind::Snippet
        )
    }

    /// The file filter's name and extension.
    pub fn filter(self) -> (&'static str, &'static str) {
        match self {
            DialogKind::Snippet => ("JavaScript", "js"),
            _ => ("JSON", "json"),
        }
    }
}

/// The seam between the studio and native file dialogs: the answer arrives on the channel,
/// so the UI never waits. Tests plug in [`FakeDialogs`].
pub trait FileDialogs {
    /// Asks the user for a path; `suggested` is a file name for save dialogs.
    fn request(
        &mut self,
        kind: DialogKind,
        suggested: &str,
        ctx: &egui::Context,
    ) -> Receiver<Option<PathBuf>>;
}

/// Native dialogs (rfd), each on its own thread.
pub struct NativeDialogs;

impl FileDialogs for NativeDialogs {
    fn request(
        &mut self,
        kind: DialogKind,
        suggested: &str,
        ctx: &egui::Context,
    ) -> Receiver<Option<PathBuf>> {
        let (tx, rx) = channel();
        let ctx = ctx.clone();
        let suggested = suggested.to_string();
        std::thread::spawn(move || {
            let dialog = rfd::FileDialog::new()
                .set_title(kind.title())
                .add_filter(kind.filter().0, &[kind.filter().1])
                .add_filter("All files", &["*"]);
            let path = if kind.saves() {
                dialog.set_file_name(suggested).save_file()
            } else {
                dialog.pick_file()
            };
            let _ = tx.send(path);
            ctx.request_repaint();
        });
        rx
    }
}

/// Dialogs for tests: answers queued in advance, the requests recorded.
#[derive(Clone, Default)]
pub struct FakeDialogs {
    pub answers: Arc<Mutex<VecDeque<Option<PathBuf>>>>,
    pub asked: Arc<Mutex<Vec<DialogKind>>>,
}

impl FakeDialogs {
    /// Queues the answer of the next dialog.
    pub fn answer(&self, path: Option<PathBuf>) {
        if let Ok(mut a) = self.answers.lock() {
            a.push_back(path);
        }
    }
}

impl FileDialogs for FakeDialogs {
    fn request(
        &mut self,
        kind: DialogKind,
        _suggested: &str,
        _ctx: &egui::Context,
    ) -> Receiver<Option<PathBuf>> {
        let (tx, rx) = channel();
        if let Ok(mut asked) = self.asked.lock() {
            asked.push(kind);
        }
        let answer = self
            .answers
            .lock()
            .ok()
            .and_then(|mut a| a.pop_front())
            .flatten();
        let _ = tx.send(answer);
        rx
    }
}

/// A file read into a project: what it was.
#[derive(Debug)]
pub struct Opened {
    pub project: Project,
    /// False for platform JSON (imported: it has no project path).
    pub is_project: bool,
}

/// Reads a project file or a platform JSON file. The error names the file, line and column.
pub fn open_file(path: &Path) -> Result<Opened, String> {
    let bytes = crate::io::read_limited(path, MAX_FILE_BYTES)
        .map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
    open_bytes(&bytes).map_err(|e| format!("{}:{e}", path.display()))
}

/// Reads bytes as a project or platform JSON; the error is `LINE:COLUMN: message`.
pub fn open_bytes(bytes: &[u8]) -> Result<Opened, String> {
    let looks_platform = match serde_json::from_slice::<serde_json::Value>(bytes) {
        Ok(serde_json::Value::Array(_)) => true,
        Ok(serde_json::Value::Object(m)) => {
            !m.contains_key("format")
                && (m.contains_key("ProfilingSteps") || m.contains_key("RegistrationFormSchema"))
        }
        _ => false,
    };
    if looks_platform {
        let imported = loginradius::import(bytes).map_err(|e| e.to_string())?;
        Ok(Opened {
            project: imported.project,
            is_project: false,
        })
    } else {
        let project = Project::from_bytes(bytes).map_err(|e| e.to_string())?;
        Ok(Opened {
            project,
            is_project: true,
        })
    }
}

/// Where the studio keeps its recent-files list and recovery copy:
/// `$XDG_STATE_HOME/ppstudio`, else `~/.local/state/ppstudio`.
pub fn default_state_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("XDG_STATE_HOME").filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(dir).join("ppstudio"));
    }
    let home = std::env::var_os("HOME").filter(|d| !d.is_empty())?;
    Some(PathBuf::from(home).join(".local/state/ppstudio"))
}

/// How many recent files are remembered.
pub const MAX_RECENT: usize = 10;

/// The recent files, newest first.
pub fn load_recent(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_to_string(dir.join("recent.txt"))
        .map(|s| {
            s.lines()
                .filter(|l| !l.is_empty())
                .map(PathBuf::from)
                .take(MAX_RECENT)
                .collect()
        })
        .unwrap_or_default()
}

/// Puts `path` first in the recent files and saves the list.
pub fn push_recent(dir: &Path, recent: &mut Vec<PathBuf>, path: &Path) {
    let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    recent.retain(|p| *p != path);
    recent.insert(0, path);
    recent.truncate(MAX_RECENT);
    let text: String = recent
        .iter()
        .map(|p| format!("{}\n", p.display()))
        .collect();
    if std::fs::create_dir_all(dir).is_ok() {
        let _ = crate::io::write_atomic(&dir.join("recent.txt"), text.as_bytes());
    }
}

/// The recovery copy's path.
pub fn recovery_path(dir: &Path) -> PathBuf {
    dir.join("recovery.ppstudio.json")
}

/// Writes the recovery copy (with the document's own path, if any, on the first line of a
/// side file so the recovered document can be saved back there).
pub fn write_recovery(
    dir: &Path,
    project: &Project,
    original: Option<&Path>,
) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    crate::io::write_atomic(&recovery_path(dir), project.to_canonical().as_bytes())?;
    let origin = original
        .map(|p| p.display().to_string())
        .unwrap_or_default();
    crate::io::write_atomic(&dir.join("recovery-origin.txt"), origin.as_bytes())
}

/// Removes the recovery copy (after a save, or a clean exit).
pub fn clear_recovery(dir: &Path) {
    let _ = std::fs::remove_file(recovery_path(dir));
    let _ = std::fs::remove_file(dir.join("recovery-origin.txt"));
}

/// The recovery copy left by a crash, with the path of the file it was a copy of.
pub fn find_recovery(dir: &Path) -> Option<(Project, Option<PathBuf>)> {
    let bytes = crate::io::read_limited(&recovery_path(dir), MAX_FILE_BYTES).ok()?;
    let project = Project::from_bytes(&bytes).ok()?;
    let origin = std::fs::read_to_string(dir.join("recovery-origin.txt"))
        .ok()
        .filter(|s| !s.trim().is_empty())
        .map(|s| PathBuf::from(s.trim()));
    Some((project, origin))
}

/// The file name shown in the title: the file's name, or the project's name for a new document.
pub fn display_name(path: Option<&Path>, project: &Project) -> String {
    path.and_then(Path::file_name)
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| project.name.clone())
}
