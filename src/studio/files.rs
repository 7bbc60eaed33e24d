//! Files: the dialog seam, opening (project or platform JSON), recent files, the remembered
//! theme and the names shown for a document.

use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, channel};
use std::sync::{Arc, Mutex};

use crate::loginradius;
use crate::project::{LoadError, MAX_FILE_BYTES, Project};

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
    /// A project or platform JSON to compare the document with.
    CompareWith,
    /// The translators' CSV, written and read back.
    ExportTranslations,
    ImportTranslations,
    /// A file of consumer profiles (JSON Lines or a JSON array) for the Audience tab.
    OpenProfiles,
    /// The review page (HTML).
    Review,
    /// The registration form, in the shape it was imported from.
    ExportRegistration,
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
            DialogKind::CompareWith => "Compare with file",
            DialogKind::ExportTranslations => "Export translations (CSV)",
            DialogKind::ImportTranslations => "Import translations (CSV)",
            DialogKind::OpenProfiles => "Open consumer profiles (JSON Lines or a JSON array)",
            DialogKind::Review => "Export review page",
            DialogKind::ExportRegistration => "Export registration form",
        }
    }

    /// Whether the dialog asks where to write (rather than what to read).
    pub fn saves(self) -> bool {
        matches!(
            self,
            DialogKind::SaveAs
                | DialogKind::Export
                | DialogKind::SaveJourney
                | DialogKind::Snippet
                | DialogKind::ExportTranslations
                | DialogKind::Review
                | DialogKind::ExportRegistration
        )
    }

    /// The file filter's name and extensions.
    pub fn filter(self) -> (&'static str, &'static [&'static str]) {
        match self {
            DialogKind::Snippet => ("JavaScript", &["js"]),
            DialogKind::Review => ("HTML", &["html"]),
            DialogKind::ExportTranslations | DialogKind::ImportTranslations => ("CSV", &["csv"]),
            DialogKind::OpenProfiles => ("JSON Lines or JSON", &["jsonl", "ndjson", "json"]),
            _ => ("JSON", &["json"]),
        }
    }
}

/// What the studio asks a file dialog.
#[derive(Debug, Clone, PartialEq)]
pub struct DialogRequest {
    pub kind: DialogKind,
    /// A file name for save dialogs.
    pub suggested: String,
    /// The folder the dialog starts in: the project's folder (or the last one used).
    pub start_dir: Option<PathBuf>,
}

/// What a file dialog answered.
#[derive(Debug, Clone, PartialEq)]
pub enum DialogAnswer {
    /// The user chose this path.
    Picked(PathBuf),
    /// The user closed the dialog without choosing.
    Cancelled,
    /// No dialog could be shown on this machine, for this reason: the studio offers its own.
    Unavailable(String),
}

impl From<Option<PathBuf>> for DialogAnswer {
    fn from(path: Option<PathBuf>) -> Self {
        path.map_or(DialogAnswer::Cancelled, DialogAnswer::Picked)
    }
}

/// The seam between the studio and file dialogs: the answer arrives on the channel, so the
/// UI never waits. [`super::file_chooser::NativeDialogs`] shows the desktop's; tests plug in
/// [`FakeDialogs`].
pub trait FileDialogs {
    /// Asks the user for a path.
    fn request(&mut self, request: &DialogRequest, ctx: &egui::Context) -> Receiver<DialogAnswer>;
}

/// Dialogs for tests: answers queued in advance, the requests recorded.
#[derive(Clone, Default)]
pub struct FakeDialogs {
    pub answers: Arc<Mutex<VecDeque<DialogAnswer>>>,
    pub asked: Arc<Mutex<Vec<DialogKind>>>,
    /// Every request in full (its suggested name and start folder).
    pub requests: Arc<Mutex<Vec<DialogRequest>>>,
}

impl FakeDialogs {
    /// Queues the answer of the next dialog: a path, or a cancel (`None`).
    pub fn answer(&self, path: Option<PathBuf>) {
        self.answer_with(path.into());
    }

    /// Queues any answer, such as [`DialogAnswer::Unavailable`] (a machine with no portal).
    pub fn answer_with(&self, answer: DialogAnswer) {
        if let Ok(mut a) = self.answers.lock() {
            a.push_back(answer);
        }
    }
}

impl FileDialogs for FakeDialogs {
    fn request(&mut self, request: &DialogRequest, _ctx: &egui::Context) -> Receiver<DialogAnswer> {
        let (tx, rx) = channel();
        if let Ok(mut asked) = self.asked.lock() {
            asked.push(request.kind);
        }
        if let Ok(mut all) = self.requests.lock() {
            all.push(request.clone());
        }
        let answer = self
            .answers
            .lock()
            .ok()
            .and_then(|mut a| a.pop_front())
            .unwrap_or(DialogAnswer::Cancelled);
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
    open_bytes(&bytes).map_err(|e| format!("{}\nIn {}", e.in_words(), path.display()))
}

/// Reads bytes as a project or platform JSON.
pub fn open_bytes(bytes: &[u8]) -> Result<Opened, LoadError> {
    let looks_platform = match serde_json::from_slice::<serde_json::Value>(bytes) {
        Ok(serde_json::Value::Array(_)) => true,
        Ok(serde_json::Value::Object(m)) => {
            !m.contains_key("format")
                && (m.contains_key("ProfilingSteps") || m.contains_key("RegistrationFormSchema"))
        }
        _ => false,
    };
    if looks_platform {
        let imported = loginradius::import(bytes)?;
        Ok(Opened {
            project: imported.project,
            is_project: false,
        })
    } else {
        let project = Project::from_bytes(bytes)?;
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

/// The theme remembered across restarts (`theme.txt` in the state folder).
pub fn load_theme(dir: &Path) -> Option<egui::ThemePreference> {
    match std::fs::read_to_string(dir.join("theme.txt")).ok()?.trim() {
        "dark" => Some(egui::ThemePreference::Dark),
        "light" => Some(egui::ThemePreference::Light),
        "system" => Some(egui::ThemePreference::System),
        _ => None,
    }
}

/// Remembers the theme for the next start.
pub fn save_theme(dir: &Path, theme: egui::ThemePreference) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    crate::io::write_atomic(&dir.join("theme.txt"), super::theme::name(theme).as_bytes())
}

/// The project name a file gives: its name without `.ppstudio.json` or `.json` (`acme`).
pub fn name_from_file(path: &Path) -> Option<String> {
    let file = path.file_name()?.to_string_lossy();
    let lower = file.to_ascii_lowercase();
    let stem = [".ppstudio.json", ".json"]
        .iter()
        .find(|ext| lower.ends_with(*ext))
        .map_or(&file[..], |ext| &file[..file.len() - ext.len()]);
    let stem = stem.trim();
    (!stem.is_empty()).then(|| stem.to_string())
}

/// The file name shown in the title: the file's name, or the project's name for a new document.
pub fn display_name(path: Option<&Path>, project: &Project) -> String {
    path.and_then(Path::file_name).map_or_else(
        || project.name.clone(),
        |n| n.to_string_lossy().into_owned(),
    )
}
