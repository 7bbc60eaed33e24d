//! The studio's file actions: New, Open, Save, Save As, Import, Export, the snippet and
//! journey files; the file dialogs (native, else the studio's own chooser), where they start,
//! and what happens to the answer.

use crate::studio::panels::Tab;
use std::path::{Path, PathBuf};

use egui::ViewportCommand;

use super::StudioApp;
use super::dialogs::{Dialog, Proceed, Template};
use crate::edit::{Edit, LocaleEdit};
use crate::loginradius;
use crate::project::Project;
use crate::studio::file_chooser::BuiltinChooser;
use crate::studio::files::{self, DialogAnswer, DialogKind, DialogRequest};
use crate::studio::panels::Selection;
use crate::studio::writer::{Done, Job};

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
                self.palette.show_project(self.doc.project());
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
            DialogKind::SaveAs if !base.to_ascii_lowercase().ends_with(".json") => {
                format!("{base}.ppstudio.json")
            }
            DialogKind::Snippet => format!("{stem}-triggers.js"),
            DialogKind::Review => format!("{stem}-review.html"),
            DialogKind::ExportRegistration => format!("{stem}-registration.json"),
            DialogKind::ExportTranslations => format!("{stem}-translations.csv"),
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
        self.poll_dialog();
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

    pub(super) fn poll_dialog(&mut self) {
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
            DialogAnswer::Picked(path) => self.finish_dialog(request.kind, Some(path)),
            DialogAnswer::Cancelled => self.finish_dialog(request.kind, None),
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
            self.finish_dialog(kind, answer);
        }
    }

    /// Does what the dialog was for, with the path chosen (`None`: cancelled).
    fn finish_dialog(&mut self, kind: DialogKind, path: Option<PathBuf>) {
        let Some(path) = path else {
            self.after_save = None;
            self.pending_journey = None;
            self.pending_profile = None;
            return;
        };
        match kind {
            DialogKind::Open | DialogKind::Import => self.open_path(&path),
            DialogKind::SaveAs => {
                let next = self.after_save.take();
                self.save_to(&path, next);
            }
            DialogKind::Export => {
                let text = loginradius::export_string(self.doc.project());
                self.write_file(&path, &text, "Exported to", "export to");
            }
            DialogKind::Snippet => {
                let text = loginradius::snippet::snippet(self.doc.project());
                self.write_file(&path, &text, "Trigger snippet written to", "write");
            }
            DialogKind::Review => {
                let file = files::display_name(self.doc.path.as_deref(), self.doc.project());
                let date = crate::report::today();
                // The Audience tab's last forecast, when it has one, goes on the page too.
                let audience = self
                    .audience_panel()
                    .and_then(|a| a.forecast().map(|f| (f.clone(), a.file_name())));
                let extras = crate::report::Extras {
                    file: &file,
                    date: &date,
                    forecast: audience.as_ref().map(|(f, name)| (f, name.as_str())),
                    diff: None,
                    site_css: None,
                };
                let text = crate::report::page(self.doc.project(), &extras);
                self.write_file(&path, &text, "Review page written to", "write");
            }
            DialogKind::ExportRegistration => {
                match loginradius::export_registration(self.doc.project()) {
                    Some((doc, note)) => {
                        let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
                        text.push('\n');
                        self.write_file(&path, &text, "Registration form written to", "write");
                        if let Some(note) = note {
                            let done = self.status.take().unwrap_or_default();
                            self.status = Some(format!("{done} ({note})"));
                        }
                    }
                    None => {
                        self.status = Some(
                            "⛔ The project has no registration form to export: import the \
                             site's registration schema, or drag catalog fields onto \"At \
                             sign-up\"."
                                .into(),
                        );
                    }
                }
            }
            DialogKind::ExportTranslations => {
                let text = crate::l10n::csv::export(self.doc.project());
                self.write_file(&path, &text, "Translations written to", "write");
            }
            DialogKind::ImportTranslations => self.import_translations(&path),
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
                self.show_tab(Tab::Changes);
            }
            DialogKind::OpenProfiles => {
                let project = self.doc.snapshot();
                match self.audience_panel() {
                    Some(panel) => {
                        panel.open(&path, &project);
                        self.status = Some(format!("Forecasting over {}", path.display()));
                    }
                    None => self.status = Some("⛔ the studio has no Audience tab".into()),
                }
                self.show_tab(Tab::Audience);
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
                self.show_tab(Tab::Journey);
            }
        }
    }

    /// Reads a translators' CSV into the project's translations (one undo step); a file that
    /// cannot be used says where, and changes nothing.
    pub(super) fn import_translations(&mut self, path: &Path) {
        let read = crate::io::read_limited(path, crate::project::MAX_FILE_BYTES)
            .map_err(|e| format!("{}: cannot read: {e}", path.display()))
            .and_then(|bytes| {
                crate::l10n::csv::import(self.doc.project(), &bytes)
                    .map_err(|e| format!("{}:{e}", path.display()))
            });
        match read {
            Ok(locales) if locales == self.doc.project().locales => {
                self.status = Some(format!(
                    "{}: the translations are already the project's",
                    path.display()
                ));
            }
            Ok(locales) => {
                let name = path.file_name().map_or_else(
                    || path.display().to_string(),
                    |n| n.to_string_lossy().into_owned(),
                );
                self.apply(
                    Edit::Locales(LocaleEdit::Replace(Box::new(locales))),
                    Some(format!("Import translations from {name}")),
                    false,
                );
                self.show_tab(Tab::Translations);
            }
            Err(e) => {
                self.status = Some(format!("⛔ Translations not imported: {e}"));
                self.dialog = Some(Dialog::Error(format!(
                    "The translations were not imported (the project is unchanged):\n{e}"
                )));
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
                self.palette.show_project(self.doc.project());
                self.selection = Selection::None;
                self.cache.invalidate();
            }
            Err(e) => self.dialog = Some(Dialog::Error(e)),
        }
    }

    /// Saves to the document's path, or asks for one; then does `next` once the save is done
    /// (never when it fails).
    pub(super) fn save(&mut self, ctx: &egui::Context, next: Option<Proceed>) {
        match self.doc.path.clone() {
            Some(p) => self.save_to(&p, next),
            None => {
                self.after_save = next;
                self.ask_path(ctx, DialogKind::SaveAs);
            }
        }
    }

    /// Starts saving the document to `path`: the writer thread serializes and writes a copy
    /// of the project; [`StudioApp::poll_writer`] takes the report.
    fn save_to(&mut self, path: &Path, next: Option<Proceed>) {
        // A project still called "Untitled project" takes its file's name (acme from
        // acme.ppstudio.json), in the same save: the snippet and the review page print it.
        if self.doc.project().name == Project::default().name
            && let Some(name) = files::name_from_file(path)
        {
            let label = format!("Name the project {name} after its file");
            if self
                .doc
                .apply_labelled(Edit::SetProjectName(name.clone()), label)
                .is_ok()
            {
                self.named_on_save = Some(name);
            }
        }
        self.writer.send(Job::Save {
            path: path.to_path_buf(),
            project: self.doc.snapshot(),
            state: self.doc.content_state(),
        });
        self.saves.push_back(next);
        self.status = Some(format!("Saving {}…", path.display()));
    }

    /// Takes the reports of the writer thread that are ready (never waits).
    pub(super) fn poll_writer(&mut self, ctx: &egui::Context) {
        while let Some(done) = self.writer.try_done() {
            self.writer_done(ctx, done);
        }
    }

    /// Whether a save or a recovery copy is still being written.
    pub fn files_busy(&self) -> bool {
        self.writer.busy()
    }

    /// Waits until every save and recovery copy asked so far is written, and takes their
    /// reports (tests, and anyone who must know the files are on disk).
    pub fn wait_for_files(&mut self) {
        let ctx = self.ctx.clone();
        while let Some(done) = self.writer.wait_done() {
            self.writer_done(&ctx, done);
        }
    }

    /// What a finished job means for the document and the status bar.
    fn writer_done(&mut self, ctx: &egui::Context, done: Done) {
        match done {
            Done::Saved {
                path,
                state,
                result,
            } => {
                let next = self.saves.pop_front().flatten();
                match result {
                    Ok(saved) => {
                        match self.doc.mark_saved_at(state, saved, Some(path.clone())) {
                            Ok(previous) | Err(previous) => {
                                self.writer.send(Job::Drop(previous));
                            }
                        }
                        self.status = Some(match self.named_on_save.take() {
                            Some(name) => format!(
                                "Saved {} and named the project \"{name}\" after the file",
                                path.display()
                            ),
                            None => format!("Saved {}", path.display()),
                        });
                        if !self.doc.is_dirty() {
                            self.recovery_clear();
                        }
                        if let Some(dir) = &self.state_dir {
                            files::push_recent(dir, &mut self.recent, &path);
                        }
                        if let Some(next) = next {
                            // Edits made while the save ran are unsaved: asked about again.
                            self.proceed_or_ask(ctx, next);
                        }
                    }
                    Err(e) => {
                        let kept = if next.is_some() {
                            " Nothing was closed or replaced: the changes are still unsaved."
                        } else {
                            ""
                        };
                        self.status =
                            Some(format!("⛔ Could not save {}: {e}.{kept}", path.display()));
                    }
                }
            }
            Done::RecoveryWritten(Err(e)) => {
                self.status = Some(format!("Could not write the recovery copy: {e}"));
            }
            Done::RecoveryAdopted(Err(e)) => {
                self.status = Some(format!("Could not keep the recovery copy: {e}"));
            }
            Done::RecoveryWritten(Ok(()))
            | Done::RecoveryAdopted(Ok(()))
            | Done::RecoveryRemoved => {}
        }
    }
}
