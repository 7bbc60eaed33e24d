//! The studio's file actions: New, Open, Save, Save As, Import, Export, the snippet and
//! journey files; the file dialogs (native, else the studio's own chooser), where they start,
//! and what happens to the answer.

use std::path::{Path, PathBuf};

use egui::ViewportCommand;

use super::StudioApp;
use super::dialogs::Dialog;
use crate::loginradius;
use crate::project::Project;
use crate::studio::file_chooser::BuiltinChooser;
use crate::studio::files::{self, DialogAnswer, DialogKind, DialogRequest};
use crate::studio::panels::Selection;

/// What a new document starts from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Template {
    /// The platform's standard fields, no steps, no custom fields.
    Empty,
    /// The embedded sample: standard and custom fields, four steps.
    Sample,
}

/// What to do once unsaved changes are dealt with.
#[derive(Debug, Clone, PartialEq)]
pub enum Proceed {
    New(Template),
    OpenDialog,
    ImportDialog,
    OpenPath(PathBuf),
    Close,
}

impl StudioApp {
    pub(super) fn proceed_or_ask(&mut self, ctx: &egui::Context, next: Proceed) {
        if self.doc.is_dirty() {
            self.dialog = Some(Dialog::Unsaved(next));
        } else {
            self.proceed(ctx, next);
        }
    }

    pub(super) fn proceed(&mut self, ctx: &egui::Context, next: Proceed) {
        match next {
            Proceed::New(template) => {
                let (p, what) = match template {
                    Template::Empty => (
                        Project::empty(),
                        "New empty project: the platform's standard fields, no steps.",
                    ),
                    Template::Sample => (
                        Project::default_project(),
                        "New project from the sample: four steps, one per trigger.",
                    ),
                };
                self.recovery_clear();
                self.doc.replace(p, None);
                self.selection = Selection::None;
                self.cache.invalidate();
                self.status = Some(what.into());
            }
            Proceed::OpenDialog => self.ask_path(ctx, DialogKind::Open),
            Proceed::ImportDialog => self.ask_path(ctx, DialogKind::Import),
            Proceed::OpenPath(p) => self.open_path(&p),
            Proceed::Close => {
                self.allow_close = true;
                self.recovery_clear();
                ctx.send_viewport_cmd(ViewportCommand::Close);
            }
        }
    }

    /// The folder file dialogs start in: the project's, else the last file's, else the
    /// working folder.
    pub fn dialog_folder(&self) -> Option<PathBuf> {
        let parent = |p: &Path| {
            p.parent()
                .filter(|d| !d.as_os_str().is_empty() && d.is_dir())
                .map(Path::to_path_buf)
        };
        self.doc
            .path
            .as_deref()
            .and_then(parent)
            .or_else(|| self.recent.first().and_then(|p| parent(p)))
            .or_else(|| std::env::current_dir().ok())
    }

    pub(super) fn ask_path(&mut self, ctx: &egui::Context, kind: DialogKind) {
        if self.pending.is_some() || self.builtin.is_some() {
            return;
        }
        let base = files::display_name(self.doc.path.as_deref(), self.doc.project());
        let stem = base.trim_end_matches(".json").trim_end_matches(".ppstudio");
        let suggested = match kind {
            DialogKind::Export => format!("{stem}-platform.json"),
            DialogKind::SaveAs if !base.ends_with(".json") => format!("{base}.ppstudio.json"),
            DialogKind::Snippet => format!("{stem}-triggers.js"),
            DialogKind::SaveJourney => "journey.json".to_string(),
            _ => base,
        };
        let request = DialogRequest {
            kind,
            suggested,
            start_dir: self.dialog_folder(),
        };
        if let Some(why) = self.no_native.clone() {
            // Known already: no native dialog here, straight to the studio's own.
            self.open_builtin(request, &why, false);
            return;
        }
        let rx = self.dialogs.request(&request, ctx);
        self.pending = Some((request, rx));
        self.poll_dialog(ctx);
    }

    fn open_builtin(&mut self, request: DialogRequest, why: &str, first: bool) {
        self.status = Some(if first {
            format!(
                "No file dialog of the desktop could be shown: {why}. The studio's own file \
                 chooser is open instead (install zenity for the desktop's dialogs)."
            )
        } else {
            format!("The studio's own file chooser (no desktop file dialog: {why}).")
        });
        let chooser = BuiltinChooser::open(&request);
        self.builtin = Some((request, chooser));
    }

    /// Whether the studio's own file chooser is open.
    pub fn builtin_chooser_open(&self) -> bool {
        self.builtin.is_some()
    }

    /// Why native file dialogs cannot be shown here, once the studio found out.
    pub fn native_dialogs_unavailable(&self) -> Option<&str> {
        self.no_native.as_deref()
    }

    pub(super) fn poll_dialog(&mut self, ctx: &egui::Context) {
        let Some((_, rx)) = &self.pending else {
            return;
        };
        let answer = match rx.try_recv() {
            Ok(a) => a,
            Err(std::sync::mpsc::TryRecvError::Empty) => return,
            Err(std::sync::mpsc::TryRecvError::Disconnected) => DialogAnswer::Cancelled,
        };
        let Some((request, _)) = self.pending.take() else {
            return;
        };
        match answer {
            DialogAnswer::Picked(path) => self.finish_dialog(ctx, request.kind, Some(path)),
            DialogAnswer::Cancelled => self.finish_dialog(ctx, request.kind, None),
            DialogAnswer::Unavailable(why) => {
                self.no_native = Some(why.clone());
                self.open_builtin(request, &why, true);
            }
        }
    }

    /// Draws the studio's own chooser when it is open, and takes its answer.
    pub(super) fn builtin_ui(&mut self, ctx: &egui::Context) {
        let Some((request, chooser)) = &mut self.builtin else {
            return;
        };
        let kind = request.kind;
        if let Some(answer) = chooser.ui(ctx) {
            self.builtin = None;
            self.finish_dialog(ctx, kind, answer);
        }
    }

    /// Does what the dialog was for, with the path chosen (`None`: cancelled).
    fn finish_dialog(&mut self, ctx: &egui::Context, kind: DialogKind, path: Option<PathBuf>) {
        let Some(path) = path else {
            self.after_save = None;
            self.pending_journey = None;
            self.pending_profile = None;
            return;
        };
        match kind {
            DialogKind::Open | DialogKind::Import => self.open_path(&path),
            DialogKind::SaveAs => {
                if self.save_to(&path)
                    && let Some(next) = self.after_save.take()
                {
                    self.proceed(ctx, next);
                }
            }
            DialogKind::Export => {
                let text = loginradius::export_string(self.doc.project());
                self.write_file(&path, &text, "Exported to", "export to");
            }
            DialogKind::Snippet => {
                let text = loginradius::snippet::snippet(self.doc.project());
                self.write_file(&path, &text, "Trigger snippet written to", "write");
            }
            DialogKind::SaveJourney => {
                if let Some(text) = self.pending_journey.take() {
                    self.write_file(&path, &text, "Journey saved to", "save");
                }
            }
            DialogKind::OpenProfile => {
                if let Some(target) = self.pending_profile.take() {
                    self.open_profile(&path, target);
                }
            }
            DialogKind::CompareWith => {
                let loaded = match self.changes_panel() {
                    Some(panel) => panel.compare_with(&path),
                    None => Err("the studio has no Changes tab".into()),
                };
                self.status = Some(match loaded {
                    Ok(()) => format!("Comparing with {}", path.display()),
                    Err(e) => format!("⛔ {e}"),
                });
                self.show_tab("Changes");
            }
            DialogKind::OpenProfiles => {
                let project = self.doc.project().clone();
                match self.audience_panel() {
                    Some(panel) => {
                        panel.open(&path, &project);
                        self.status = Some(format!("Forecasting over {}", path.display()));
                    }
                    None => self.status = Some("⛔ the studio has no Audience tab".into()),
                }
                self.show_tab("Audience");
            }
            DialogKind::OpenJourney => {
                let loaded = crate::io::read_limited(&path, crate::project::MAX_FILE_BYTES)
                    .map_err(|e| format!("cannot read: {e}"))
                    .and_then(|bytes| match self.journey_panel() {
                        Some(panel) => panel.load(&bytes),
                        None => Err("the studio has no journey panel".into()),
                    });
                self.status = Some(match loaded {
                    Ok(()) => format!("Journey loaded from {}", path.display()),
                    Err(e) => format!("⛔ {}: {e}", path.display()),
                });
                self.show_tab("Journey");
            }
        }
    }

    /// Writes a file atomically and says so in the status bar.
    fn write_file(&mut self, path: &Path, text: &str, done: &str, verb: &str) {
        self.status = Some(match crate::io::write_atomic(path, text.as_bytes()) {
            Ok(()) => format!("{done} {}", path.display()),
            Err(e) => format!("⛔ Could not {verb} {}: {e}", path.display()),
        });
    }

    /// Opens a file into a new document; on error shows it and leaves the document alone.
    pub(super) fn open_path(&mut self, path: &Path) {
        match files::open_file(path) {
            Ok(opened) => {
                self.recovery_clear();
                if opened.is_project {
                    self.doc.replace(opened.project, Some(path.to_path_buf()));
                    self.status = Some(format!("Opened {}", path.display()));
                    if let Some(dir) = &self.state_dir {
                        files::push_recent(dir, &mut self.recent, path);
                    }
                } else {
                    self.doc.replace(opened.project, None);
                    self.doc.mark_unsaved();
                    self.status = Some(format!(
                        "Imported {}; save it as a project to keep it.",
                        path.display()
                    ));
                }
                self.selection = Selection::None;
                self.cache.invalidate();
            }
            Err(e) => self.dialog = Some(Dialog::Error(e)),
        }
    }

    /// Saves to the document's path, or asks for one. True when saved now.
    pub(super) fn save(&mut self, ctx: &egui::Context) -> bool {
        match self.doc.path.clone() {
            Some(p) => self.save_to(&p),
            None => {
                self.ask_path(ctx, DialogKind::SaveAs);
                false
            }
        }
    }

    fn save_to(&mut self, path: &Path) -> bool {
        let text = self.doc.project().to_canonical();
        match crate::io::write_atomic(path, text.as_bytes()) {
            Ok(()) => {
                self.doc.mark_saved(Some(path.to_path_buf()));
                self.status = Some(format!("Saved {}", path.display()));
                self.recovery_clear();
                if let Some(dir) = &self.state_dir {
                    files::push_recent(dir, &mut self.recent, path);
                }
                true
            }
            Err(e) => {
                self.status = Some(format!("⛔ Could not save {}: {e}", path.display()));
                false
            }
        }
    }
}
