//! The eframe application: draws the panels from the document, then applies what they asked
//! for. The project changes only through [`Document`]'s `apply`, `undo` and `redo`.

use std::path::{Path, PathBuf};
use std::sync::mpsc::Receiver;

use egui::{Key, Modal, ThemePreference, Ui, ViewportCommand};

use super::cache::Cache;
use super::commands::{self, COMMANDS, Command, Menu};
use super::files::{self, DialogKind, FileDialogs};
use super::panels::journey::JourneyRequest;
use super::panels::palette::Palette;
use super::panels::steps::{StepsPanel, payload_text};
use super::panels::{
    Action, JourneyMarks, PanelCx, Payload, ProfileTarget, Selection, SideTab, problems, side_tabs,
};
use super::{APP_NAME, theme};
use crate::edit::{Document, Edit, duplicate_step, find_field, unique_step_name};
use crate::loginradius;
use crate::project::{CatalogEntry, Field, FieldType, Group, Id, Project, Step};

/// How the studio starts.
pub struct StudioOptions {
    /// A file to open (a project, or platform JSON to import).
    pub file: Option<PathBuf>,
    /// Where the recent-files list and the recovery copy live; `None` keeps neither.
    pub state_dir: Option<PathBuf>,
    /// The file dialogs (native, or a fake in tests).
    pub dialogs: Box<dyn FileDialogs>,
}

/// What to do once unsaved changes are dealt with.
#[derive(Debug, Clone, PartialEq)]
enum Proceed {
    New,
    OpenDialog,
    ImportDialog,
    OpenPath(PathBuf),
    Close,
}

/// The dialog box on top of the window, if any.
enum Dialog {
    Unsaved(Proceed),
    Error(String),
    DeleteCatalog {
        id: Id,
        name: String,
        used_in: Vec<String>,
    },
    NewCustomField {
        key: String,
        display: String,
        kind: FieldType,
        error: Option<String>,
    },
    Recover {
        project: Box<Project>,
        origin: Option<PathBuf>,
    },
    Palette {
        query: String,
        selected: usize,
    },
}

/// The studio.
pub struct StudioApp {
    doc: Document,
    selection: Selection,
    cache: Cache,
    palette: Palette,
    steps: StepsPanel,
    tabs: Vec<Box<dyn SideTab>>,
    active_tab: usize,
    show_problems: bool,
    dialogs: Box<dyn FileDialogs>,
    pending: Option<(DialogKind, Receiver<Option<PathBuf>>)>,
    /// What to do after a Save As started by the unsaved-changes question.
    after_save: Option<Proceed>,
    dialog: Option<Dialog>,
    status: Option<String>,
    recent: Vec<PathBuf>,
    state_dir: Option<PathBuf>,
    theme: ThemePreference,
    title: String,
    last_focus: Option<egui::Id>,
    last_autosave: f64,
    autosaved_revision: u64,
    /// The revision seen last frame, and when it changed (for the autosave pause).
    seen_revision: u64,
    changed_at: f64,
    /// Whether a recovery copy of this session's unsaved work is on disk.
    recovery_written: bool,
    allow_close: bool,
    focus_step_name: bool,
    /// The text a pending Save journey dialog will write.
    pending_journey: Option<String>,
    /// Where the profile of a pending Open profile dialog goes.
    pending_profile: Option<ProfileTarget>,
    /// What the journey panel's journey never reached, and the simulation it came from.
    journey_marks: Option<JourneyMarks>,
    journey_simulation: Option<u64>,
}

/// Seconds after the last change before the recovery copy is written.
pub const AUTOSAVE_PAUSE: f64 = 1.5;
/// At most this many seconds between recovery copies while changes keep coming.
pub const AUTOSAVE_SECONDS: f64 = 20.0;

impl StudioApp {
    /// The app, for eframe.
    pub fn new(cc: &eframe::CreationContext<'_>, options: StudioOptions) -> Self {
        Self::with_context(&cc.egui_ctx, options)
    }

    /// The app on an egui context (eframe or a test harness).
    pub fn with_context(ctx: &egui::Context, options: StudioOptions) -> Self {
        theme::apply(ctx, ThemePreference::System);
        ctx.options_mut(|o| o.zoom_with_keyboard = false);
        let recent = options
            .state_dir
            .as_deref()
            .map(files::load_recent)
            .unwrap_or_default();
        let mut app = StudioApp {
            doc: Document::new(Project::default_project(), None),
            selection: Selection::None,
            cache: Cache::default(),
            palette: Palette::default(),
            steps: StepsPanel::default(),
            tabs: side_tabs(),
            active_tab: 0,
            show_problems: true,
            dialogs: options.dialogs,
            pending: None,
            after_save: None,
            dialog: None,
            status: None,
            recent,
            state_dir: options.state_dir,
            theme: ThemePreference::System,
            title: String::new(),
            last_focus: None,
            last_autosave: 0.0,
            autosaved_revision: 0,
            seen_revision: 0,
            changed_at: 0.0,
            recovery_written: false,
            allow_close: false,
            focus_step_name: false,
            pending_journey: None,
            pending_profile: None,
            journey_marks: None,
            journey_simulation: None,
        };
        if let Some((project, origin)) = app.state_dir.as_deref().and_then(files::find_recovery) {
            app.dialog = Some(Dialog::Recover {
                project: Box::new(project),
                origin,
            });
        }
        if let Some(path) = options.file {
            app.open_path(&path);
        }
        app
    }

    /// The open document.
    pub fn document(&self) -> &Document {
        &self.doc
    }

    /// The current selection.
    pub fn selection(&self) -> Selection {
        self.selection
    }

    /// The status bar's message.
    pub fn status(&self) -> Option<&str> {
        self.status.as_deref()
    }

    /// The error shown in a dialog box, if any.
    pub fn error(&self) -> Option<&str> {
        match &self.dialog {
            Some(Dialog::Error(e)) => Some(e),
            _ => None,
        }
    }

    /// The window title as it should be.
    pub fn window_title(&self) -> String {
        let name = files::display_name(self.doc.path.as_deref(), self.doc.project());
        let star = if self.doc.is_dirty() { " *" } else { "" };
        format!("{APP_NAME} — {name}{star}")
    }

    /// Selects something (used by the screenshot driver).
    pub fn select(&mut self, selection: Selection) {
        self.selection = selection;
    }

    /// Applies an edit as a panel's would be (with undo), as the screenshot driver does.
    pub fn apply_edit(&mut self, edit: Edit) {
        self.apply(edit, None, false);
    }

    // ----- the frame -----

    fn before_ui(&mut self, ctx: &egui::Context, actions: &mut Vec<Action>) {
        self.cache.refresh(self.doc.project(), self.doc.revision());
        let focus = ctx.memory(|m| m.focused());
        if focus != self.last_focus {
            self.doc.seal_history();
            self.last_focus = focus;
        }
        if self.dialog.is_none() {
            actions.extend(commands::pressed(ctx).into_iter().map(Action::Command));
        }
        self.poll_dialog(ctx);
        let dropped: Vec<PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .collect()
        });
        if let Some(path) = dropped.into_iter().next() {
            self.proceed_or_ask(ctx, Proceed::OpenPath(path));
        }
        if ctx.input(|i| i.viewport().close_requested()) && !self.allow_close {
            if self.doc.is_dirty() {
                ctx.send_viewport_cmd(ViewportCommand::CancelClose);
                self.dialog = Some(Dialog::Unsaved(Proceed::Close));
            } else {
                self.clear_recovery();
            }
        }
        self.autosave(ctx);
        let title = self.window_title();
        if title != self.title {
            ctx.send_viewport_cmd(ViewportCommand::Title(title.clone()));
            self.title = title;
        }
    }

    /// Writes the recovery copy once the user pauses ([`AUTOSAVE_PAUSE`] after the last change,
    /// so a large project's write never interrupts typing), or every [`AUTOSAVE_SECONDS`]
    /// during long runs of changes.
    fn autosave(&mut self, ctx: &egui::Context) {
        let Some(dir) = &self.state_dir else { return };
        let now = ctx.input(|i| i.time);
        if self.seen_revision != self.doc.revision() {
            self.seen_revision = self.doc.revision();
            self.changed_at = now;
        }
        if !self.doc.is_dirty() {
            // Undone back to the saved state: the copy no longer holds unsaved work.
            if std::mem::take(&mut self.recovery_written) {
                files::clear_recovery(dir);
            }
            return;
        }
        if self.autosaved_revision != self.doc.revision()
            && (now - self.changed_at >= AUTOSAVE_PAUSE
                || now - self.last_autosave >= AUTOSAVE_SECONDS)
        {
            self.last_autosave = now;
            self.autosaved_revision = self.doc.revision();
            match files::write_recovery(dir, self.doc.project(), self.doc.path.as_deref()) {
                Ok(()) => self.recovery_written = true,
                Err(e) => self.status = Some(format!("Could not write the recovery copy: {e}")),
            }
        }
        if self.autosaved_revision != self.doc.revision() {
            ctx.request_repaint_after(std::time::Duration::from_secs_f64(AUTOSAVE_PAUSE));
        }
    }

    fn clear_recovery(&self) {
        if let Some(dir) = &self.state_dir {
            files::clear_recovery(dir);
        }
    }

    fn menu_ui(&mut self, ui: &mut Ui, actions: &mut Vec<Action>) {
        egui::MenuBar::new().ui(ui, |ui| {
            for menu in Menu::ALL {
                ui.menu_button(menu.title(), |ui| {
                    for c in COMMANDS.iter().filter(|c| c.menu == menu) {
                        let mut name = c.name.to_string();
                        if c.command == Command::Undo
                            && let Some(l) = self.doc.history().undo_label()
                        {
                            name = format!("Undo {l}");
                        }
                        if c.command == Command::Redo
                            && let Some(l) = self.doc.history().redo_label()
                        {
                            name = format!("Redo {l}");
                        }
                        let mut button = egui::Button::new(name);
                        if let Some(s) = c.shortcuts.first() {
                            button = button.shortcut_text(ui.ctx().format_shortcut(s));
                        }
                        if ui.add_enabled(self.can_run(c.command), button).clicked() {
                            actions.push(Action::Command(c.command));
                            ui.close();
                        }
                    }
                    if menu == Menu::File {
                        ui.separator();
                        ui.menu_button("Open recent", |ui| {
                            if self.recent.is_empty() {
                                ui.weak("No recent files");
                            }
                            for p in self.recent.clone() {
                                if ui.button(p.display().to_string()).clicked() {
                                    self.proceed_or_ask(ui.ctx(), Proceed::OpenPath(p));
                                    ui.close();
                                }
                            }
                        });
                    }
                });
            }
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                ui.weak(format!("theme: {}", theme::name(self.theme)));
            });
        });
    }

    fn status_ui(&self, ui: &mut Ui) {
        ui.horizontal(|ui| {
            let (e, w, _) = self.cache.counts;
            ui.weak(format!(
                "{} steps · {e} errors · {w} warnings",
                self.doc.project().steps.len()
            ));
            ui.separator();
            if let Some(s) = &self.status {
                ui.label(s);
            }
        });
    }

    // ----- dialogs -----

    fn dialog_ui(&mut self, ctx: &egui::Context, actions: &mut Vec<Action>) {
        let Some(mut dialog) = self.dialog.take() else {
            return;
        };
        let mut keep = true;
        let modal = Modal::new(egui::Id::unique("studio-dialog")).show(ctx, |ui| {
            ui.set_max_width(520.0);
            match &mut dialog {
                Dialog::Unsaved(next) => {
                    ui.heading("Unsaved changes");
                    ui.label(format!(
                        "Save the changes to {} first?",
                        files::display_name(self.doc.path.as_deref(), self.doc.project())
                    ));
                    ui.horizontal(|ui| {
                        if ui.button("Save").clicked() {
                            keep = false;
                            let next = next.clone();
                            if self.save(ctx) {
                                self.proceed(ctx, next);
                            } else if self.pending.is_some() {
                                self.after_save = Some(next);
                            }
                        }
                        if ui.button("Don't save").clicked() {
                            keep = false;
                            self.proceed(ctx, next.clone());
                        }
                        if ui.button("Cancel").clicked() {
                            keep = false;
                        }
                    });
                }
                Dialog::Error(message) => {
                    ui.heading("Could not open the file");
                    ui.label(message.as_str());
                    ui.weak("The document was left as it was.");
                    if ui.button("OK").clicked() {
                        keep = false;
                    }
                }
                Dialog::DeleteCatalog { id, name, used_in } => {
                    ui.heading(format!("Delete {name}?"));
                    ui.label(format!(
                        "{name} is used in: {}.\nDelete it from the catalog and from those steps?",
                        used_in.join(", ")
                    ));
                    ui.horizontal(|ui| {
                        if ui.button("Delete everywhere").clicked() {
                            keep = false;
                            actions.push(delete_catalog_everywhere(self.doc.project(), *id));
                        }
                        if ui.button("Cancel").clicked() {
                            keep = false;
                        }
                    });
                }
                Dialog::NewCustomField {
                    key,
                    display,
                    kind,
                    error,
                } => {
                    ui.heading("New custom field");
                    egui::Grid::new("new-custom").num_columns(2).show(ui, |ui| {
                        let l = ui.label("Key");
                        ui.horizontal(|ui| {
                            ui.monospace("cf_");
                            ui.add(egui::TextEdit::singleline(key)).labelled_by(l.id);
                        });
                        ui.end_row();
                        let l = ui.label("Field label");
                        ui.add(egui::TextEdit::singleline(display))
                            .labelled_by(l.id);
                        ui.end_row();
                        let l = ui.label("Field type");
                        egui::ComboBox::from_id_salt("new-custom-type")
                            .selected_text(kind.title().to_string())
                            .show_ui(ui, |ui| {
                                for t in FieldType::KNOWN {
                                    let title = t.title().to_string();
                                    ui.selectable_value(kind, t, title);
                                }
                            })
                            .response
                            .labelled_by(l.id);
                        ui.end_row();
                    });
                    if let Some(e) = error {
                        ui.colored_label(ui.visuals().error_fg_color, e.as_str());
                    }
                    ui.horizontal(|ui| {
                        if ui.button("Create").clicked() {
                            match new_custom_field(self.doc.project(), key, display, kind) {
                                Ok(entry) => {
                                    keep = false;
                                    let id = entry.field.id;
                                    actions.push(Action::Edit(Edit::AddCatalog {
                                        index: usize::MAX,
                                        entry: Box::new(entry),
                                    }));
                                    actions.push(Action::Select(Selection::Catalog(id)));
                                }
                                Err(e) => *error = Some(e),
                            }
                        }
                        if ui.button("Cancel").clicked() {
                            keep = false;
                        }
                    });
                }
                Dialog::Recover { project, origin } => {
                    ui.heading("Recover unsaved work?");
                    ui.label(format!(
                        "The studio closed without saving \"{}\"{}. Recover it?",
                        project.name,
                        origin
                            .as_ref()
                            .map(|p| format!(" ({})", p.display()))
                            .unwrap_or_default()
                    ));
                    ui.horizontal(|ui| {
                        if ui.button("Recover").clicked() {
                            keep = false;
                            self.doc.replace((**project).clone(), origin.clone());
                            self.doc.mark_unsaved();
                            self.selection = Selection::None;
                            self.status = Some("Recovered the unsaved copy.".into());
                        }
                        if ui.button("Discard it").clicked() {
                            keep = false;
                            self.clear_recovery();
                        }
                    });
                }
                Dialog::Palette { query, selected } => {
                    ui.heading("Command palette");
                    let l = ui.label("Command");
                    let r = ui
                        .add(
                            egui::TextEdit::singleline(query)
                                .hint_text("type to find a command")
                                .desired_width(f32::INFINITY),
                        )
                        .labelled_by(l.id);
                    r.request_focus();
                    let found = commands::search(query);
                    let (down, up, enter) = ui.input(|i| {
                        (
                            i.key_pressed(Key::ArrowDown),
                            i.key_pressed(Key::ArrowUp),
                            i.key_pressed(Key::Enter),
                        )
                    });
                    if down {
                        *selected = (*selected + 1).min(found.len().saturating_sub(1));
                    }
                    if up {
                        *selected = selected.saturating_sub(1);
                    }
                    *selected = (*selected).min(found.len().saturating_sub(1));
                    egui::ScrollArea::vertical()
                        .max_height(300.0)
                        .show(ui, |ui| {
                            for (i, c) in found.iter().enumerate() {
                                let shortcut = c
                                    .shortcuts
                                    .first()
                                    .map(|s| ui.ctx().format_shortcut(s))
                                    .unwrap_or_default();
                                let b = egui::Button::selectable(i == *selected, c.name)
                                    .shortcut_text(shortcut);
                                if ui.add_enabled(self.can_run(c.command), b).clicked() {
                                    keep = false;
                                    actions.push(Action::Command(c.command));
                                }
                            }
                        });
                    if enter && let Some(c) = found.get(*selected) {
                        keep = false;
                        actions.push(Action::Command(c.command));
                    }
                }
            }
        });
        let dismissable = !matches!(dialog, Dialog::Recover { .. } | Dialog::Unsaved(_));
        if modal.should_close() && dismissable {
            keep = false;
        }
        if keep && self.dialog.is_none() {
            self.dialog = Some(dialog);
        }
    }

    // ----- actions -----

    fn handle(&mut self, ctx: &egui::Context, action: Action) {
        match action {
            Action::Edit(edit) => self.apply(edit, None, false),
            Action::Typing(edit) => self.apply(edit, None, true),
            Action::EditLabelled(edit, label) => self.apply(edit, Some(label), false),
            Action::Command(c) => self.run(ctx, c),
            Action::Select(s) => {
                self.selection = s;
                if let Selection::Field(id) | Selection::Catalog(id) = s
                    && self.doc.project().catalog_index(id).is_some()
                {
                    let group = self.doc.project().catalog
                        [self.doc.project().catalog_index(id).unwrap_or(0)]
                    .group;
                    self.palette.tab = group;
                }
                if !self
                    .tabs
                    .get(self.active_tab)
                    .is_some_and(|t| t.follows_selection())
                {
                    self.active_tab = 0;
                }
            }
            Action::Journey(request) => self.journey_request(ctx, request),
            Action::OpenProfile(target) => self.ask_profile(ctx, target),
            Action::DeleteCatalog(id) => {
                let p = self.doc.project();
                let Some(ci) = p.catalog_index(id) else {
                    return;
                };
                let name = p.catalog[ci].field.name.clone();
                let used_in = self.cache.used_in.get(&name).cloned().unwrap_or_default();
                if used_in.is_empty() {
                    self.apply(Edit::RemoveCatalog { field: id }, None, false);
                } else {
                    self.dialog = Some(Dialog::DeleteCatalog { id, name, used_in });
                }
            }
            Action::Message(m) => self.status = Some(m),
        }
    }

    fn apply(&mut self, edit: Edit, label: Option<String>, typing: bool) {
        let result = match (label, typing) {
            (Some(l), _) => self.doc.apply_labelled(edit, l),
            (None, true) => self.doc.apply_typing(edit),
            (None, false) => self.doc.apply(edit),
        };
        match result {
            Ok(()) => {
                if !typing {
                    self.status = self.doc.history().undo_label().map(str::to_string);
                }
            }
            Err(e) => self.status = Some(format!("⛔ {e}")),
        }
        self.fix_selection();
    }

    fn fix_selection(&mut self) {
        let p = self.doc.project();
        let exists = match self.selection {
            Selection::None => true,
            Selection::Step(id) => p.step(id).is_some(),
            Selection::Field(id) => p.field_position(id).is_some(),
            Selection::Catalog(id) => p.catalog_index(id).is_some(),
        };
        if !exists {
            self.selection = Selection::None;
        }
    }

    /// The selected step field: its id, its step and its index there.
    fn selected_step_field(&self) -> Option<(Id, &Step, usize)> {
        let Selection::Field(id) = self.selection else {
            return None;
        };
        let p = self.doc.project();
        let (si, fi) = p.field_position(id)?;
        Some((id, &p.steps[si], fi))
    }

    /// The step the selection is in.
    fn selected_step(&self) -> Option<&Step> {
        let p = self.doc.project();
        match self.selection {
            Selection::Step(id) => p.step(id),
            Selection::Field(id) => p.field_position(id).map(|(si, _)| &p.steps[si]),
            _ => None,
        }
    }

    fn can_run(&self, c: Command) -> bool {
        match c {
            Command::Undo => self.doc.history().undo_len() > 0,
            Command::Redo => self.doc.history().redo_len() > 0,
            Command::RenameStep
            | Command::DuplicateStep
            | Command::DeleteStep
            | Command::MoveStepUp
            | Command::MoveStepDown => self.selected_step().is_some(),
            Command::RemoveField | Command::MoveFieldUp | Command::MoveFieldDown => {
                matches!(self.selection, Selection::Field(_))
            }
            _ => true,
        }
    }

    /// Runs a command of the table.
    pub fn run(&mut self, ctx: &egui::Context, c: Command) {
        if !self.can_run(c) {
            return;
        }
        match c {
            Command::New => self.proceed_or_ask(ctx, Proceed::New),
            Command::Open => self.proceed_or_ask(ctx, Proceed::OpenDialog),
            Command::Import => self.proceed_or_ask(ctx, Proceed::ImportDialog),
            Command::Quit => self.proceed_or_ask(ctx, Proceed::Close),
            Command::Save => {
                self.save(ctx);
            }
            Command::SaveAs => self.ask_path(ctx, DialogKind::SaveAs),
            Command::Export => self.ask_path(ctx, DialogKind::Export),
            Command::Snippet => self.ask_path(ctx, DialogKind::Snippet),
            Command::ShowInspector => self.show_tab("Inspector"),
            Command::ShowPreview => self.show_tab("Preview"),
            Command::ShowJourney => self.show_tab("Journey"),
            Command::ProjectSettings => self.show_tab("Settings"),
            Command::Undo => {
                if let Some(l) = self.doc.undo() {
                    self.status = Some(format!("Undid: {l}"));
                }
                self.fix_selection();
            }
            Command::Redo => {
                if let Some(l) = self.doc.redo() {
                    self.status = Some(format!("Redid: {l}"));
                }
                self.fix_selection();
            }
            Command::AddStep => {
                let p = self.doc.project();
                let index = self
                    .selected_step()
                    .and_then(|s| p.step_index(s.id))
                    .map_or(p.steps.len(), |i| i + 1);
                let step = Step::new(unique_step_name(p, "New step"));
                let id = step.id;
                self.apply(
                    Edit::AddStep {
                        index,
                        step: Box::new(step),
                    },
                    None,
                    false,
                );
                self.selection = Selection::Step(id);
                self.steps.scroll_to = Some(id);
                self.focus_step_name = true;
            }
            Command::RenameStep => {
                if let Some(s) = self.selected_step() {
                    self.selection = Selection::Step(s.id);
                    self.focus_step_name = true;
                    self.active_tab = 0;
                }
            }
            Command::DuplicateStep => {
                let Some(s) = self.selected_step() else {
                    return;
                };
                let p = self.doc.project();
                let copy = duplicate_step(s, unique_step_name(p, &format!("{} copy", s.name)));
                let label = format!("Duplicate step {}", s.name);
                let index = p.step_index(s.id).map_or(p.steps.len(), |i| i + 1);
                let id = copy.id;
                self.apply(
                    Edit::AddStep {
                        index,
                        step: Box::new(copy),
                    },
                    Some(label),
                    false,
                );
                self.selection = Selection::Step(id);
                self.steps.scroll_to = Some(id);
            }
            Command::DeleteStep => {
                let Some(s) = self.selected_step() else {
                    return;
                };
                let id = s.id;
                self.apply(Edit::RemoveStep { step: id }, None, false);
            }
            Command::MoveStepUp | Command::MoveStepDown => {
                let Some(s) = self.selected_step() else {
                    return;
                };
                let p = self.doc.project();
                let Some(i) = p.step_index(s.id) else { return };
                let to = if c == Command::MoveStepUp {
                    i.checked_sub(1)
                } else {
                    (i + 1 < p.steps.len()).then_some(i + 1)
                };
                if let Some(to) = to {
                    let id = s.id;
                    self.apply(Edit::MoveStep { step: id, to }, None, false);
                }
            }
            Command::NewCustomField => {
                self.dialog = Some(Dialog::NewCustomField {
                    key: String::new(),
                    display: String::new(),
                    kind: FieldType::String,
                    error: None,
                });
            }
            Command::RemoveField => {
                let Some((id, step, fi)) = self.selected_step_field() else {
                    return;
                };
                let next = step
                    .fields
                    .get(fi + 1)
                    .or_else(|| fi.checked_sub(1).and_then(|j| step.fields.get(j)))
                    .map_or(Selection::Step(step.id), |f| Selection::Field(f.id));
                self.apply(Edit::RemoveField { field: id }, None, false);
                self.selection = next;
            }
            Command::MoveFieldUp | Command::MoveFieldDown => {
                let Some((id, step, fi)) = self.selected_step_field() else {
                    return;
                };
                let to = if c == Command::MoveFieldUp {
                    fi.checked_sub(1)
                } else {
                    (fi + 1 < step.fields.len()).then_some(fi + 1)
                };
                if let Some(index) = to {
                    let to_step = step.id;
                    self.apply(
                        Edit::MoveField {
                            field: id,
                            to_step,
                            index,
                        },
                        None,
                        false,
                    );
                }
            }
            Command::CommandPalette => {
                self.dialog = Some(Dialog::Palette {
                    query: String::new(),
                    selected: 0,
                });
            }
            Command::ToggleProblems => self.show_problems = !self.show_problems,
            Command::ThemeSystem | Command::ThemeDark | Command::ThemeLight => {
                self.theme = match c {
                    Command::ThemeDark => ThemePreference::Dark,
                    Command::ThemeLight => ThemePreference::Light,
                    _ => ThemePreference::System,
                };
                theme::apply(ctx, self.theme);
            }
            Command::ZoomIn => egui::gui_zoom::zoom_in(ctx),
            Command::ZoomOut => egui::gui_zoom::zoom_out(ctx),
            Command::ZoomReset => ctx.set_zoom_factor(1.0),
        }
    }

    // ----- files -----

    fn proceed_or_ask(&mut self, ctx: &egui::Context, next: Proceed) {
        if self.doc.is_dirty() {
            self.dialog = Some(Dialog::Unsaved(next));
        } else {
            self.proceed(ctx, next);
        }
    }

    fn proceed(&mut self, ctx: &egui::Context, next: Proceed) {
        match next {
            Proceed::New => {
                let mut p = Project::default_project();
                p.steps.clear();
                p.name = "Untitled project".into();
                self.doc.replace(p, None);
                self.selection = Selection::None;
                self.status = Some("New project.".into());
            }
            Proceed::OpenDialog => self.ask_path(ctx, DialogKind::Open),
            Proceed::ImportDialog => self.ask_path(ctx, DialogKind::Import),
            Proceed::OpenPath(p) => self.open_path(&p),
            Proceed::Close => {
                self.allow_close = true;
                self.clear_recovery();
                ctx.send_viewport_cmd(ViewportCommand::Close);
            }
        }
    }

    fn ask_path(&mut self, ctx: &egui::Context, kind: DialogKind) {
        if self.pending.is_some() {
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
        let rx = self.dialogs.request(kind, &suggested, ctx);
        self.pending = Some((kind, rx));
        self.poll_dialog(ctx);
    }

    fn poll_dialog(&mut self, ctx: &egui::Context) {
        let Some((kind, rx)) = &self.pending else {
            return;
        };
        let kind = *kind;
        let answer = match rx.try_recv() {
            Ok(a) => a,
            Err(std::sync::mpsc::TryRecvError::Empty) => return,
            Err(std::sync::mpsc::TryRecvError::Disconnected) => None,
        };
        self.pending = None;
        let Some(path) = answer else {
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

    // ----- side tabs and the journey -----

    /// Brings the side tab of that title to the front.
    fn show_tab(&mut self, title: &str) {
        if let Some(i) = self.tabs.iter().position(|t| t.title() == title) {
            self.active_tab = i;
        }
    }

    /// The journey panel (its journey can be set from outside, as the screenshots do).
    pub fn journey_panel(&mut self) -> Option<&mut super::panels::journey::JourneyPanel> {
        self.tabs.iter_mut().find_map(|t| t.journey_panel())
    }

    /// The preview panel.
    pub fn preview_panel(&mut self) -> Option<&mut super::panels::preview::PreviewPanel> {
        self.tabs.iter_mut().find_map(|t| t.preview_panel())
    }

    fn journey_request(&mut self, ctx: &egui::Context, request: JourneyRequest) {
        match request {
            JourneyRequest::OpenFile => self.ask_path(ctx, DialogKind::OpenJourney),
            JourneyRequest::OpenProfile => self.ask_profile(ctx, ProfileTarget::Journey),
            JourneyRequest::SaveFile(text) => {
                if self.pending.is_none() {
                    self.pending_journey = Some(text);
                    self.ask_path(ctx, DialogKind::SaveJourney);
                }
            }
            JourneyRequest::SaveToProject { name, journey } => {
                match crate::journey::keep_journey(self.doc.project(), &name, journey) {
                    Ok(edit) => self.apply(
                        edit,
                        Some(format!("Keep journey \"{name}\" in the project")),
                        false,
                    ),
                    Err(e) => self.status = Some(format!("⛔ Could not keep the journey: {e}.")),
                }
            }
        }
    }

    /// Asks for a consumer profile file for `target`.
    fn ask_profile(&mut self, ctx: &egui::Context, target: ProfileTarget) {
        if self.pending.is_none() {
            self.pending_profile = Some(target);
            self.ask_path(ctx, DialogKind::OpenProfile);
        }
    }

    /// Reads a consumer profile file into the project's sample profile (an undoable edit) or
    /// the journey's profile; a file that is not a profile says where, and changes nothing.
    pub fn open_profile(&mut self, path: &Path, target: ProfileTarget) {
        let read = crate::io::read_limited(path, crate::project::MAX_FILE_BYTES)
            .map_err(|e| format!("{}: cannot read: {e}", path.display()))
            .and_then(|bytes| {
                crate::asked::profile::parse_profile(&bytes).map_err(|e| {
                    format!("{}:{}:{}: {}", path.display(), e.line, e.column, e.message)
                })
            });
        match (read, target) {
            (Ok(profile), ProfileTarget::SampleProfile) => {
                if let Action::EditLabelled(edit, label) =
                    super::panels::preview::set_sample_profile(Some(profile))
                {
                    self.apply(edit, Some(label), false);
                }
                self.show_tab("Preview");
            }
            (Ok(profile), ProfileTarget::Journey) => {
                if let Some(panel) = self.journey_panel() {
                    panel.set_profile(profile);
                }
                self.status = Some(format!("Journey profile read from {}", path.display()));
                self.show_tab("Journey");
            }
            (Err(e), target) => {
                self.status = Some(format!("⛔ Not a profile: {e}"));
                match target {
                    ProfileTarget::SampleProfile => {
                        if let Some(p) = self.preview_panel() {
                            p.profile_error(e);
                        }
                    }
                    ProfileTarget::Journey => {
                        if let Some(p) = self.journey_panel() {
                            p.profile_error(e);
                        }
                    }
                }
            }
        }
    }

    /// Re-simulates the journey when the project or the journey changed, and refreshes what
    /// the step cards mark.
    fn refresh_journey_marks(&mut self) {
        let revision = self.doc.revision();
        let Some(panel) = self.tabs.iter_mut().find_map(|t| t.journey_panel()) else {
            return;
        };
        panel.refresh(self.doc.project(), revision);
        let simulation = panel.simulations();
        if self.journey_simulation != Some(simulation) {
            self.journey_simulation = Some(simulation);
            self.journey_marks = JourneyMarks::of(panel);
        }
    }

    /// Opens a file into a new document; on error shows it and leaves the document alone.
    fn open_path(&mut self, path: &Path) {
        match files::open_file(path) {
            Ok(opened) => {
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
    fn save(&mut self, ctx: &egui::Context) -> bool {
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
                self.clear_recovery();
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

/// A custom field from the dialog's inputs, or why not.
fn new_custom_field(
    p: &Project,
    key: &str,
    display: &str,
    kind: &FieldType,
) -> Result<CatalogEntry, String> {
    let key = key.trim();
    if key.is_empty() {
        return Err("Give the field a key (letters, digits, underscores).".into());
    }
    if !key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return Err("A key has only letters, digits and underscores.".into());
    }
    let name = format!("cf_{key}");
    if p.catalog_field(&name).is_some() {
        return Err(format!("The catalog already has {name}."));
    }
    let display = if display.trim().is_empty() {
        key
    } else {
        display.trim()
    };
    Ok(CatalogEntry {
        group: Group::Custom,
        field: Field::new(name, display, kind.clone()),
    })
}

/// Deleting a catalog field and every step field of that name, as one undo step.
fn delete_catalog_everywhere(p: &Project, id: Id) -> Action {
    let name = find_field(p, id)
        .map(|(f, _)| f.name.clone())
        .unwrap_or_default();
    let mut edits: Vec<Edit> = p
        .steps
        .iter()
        .flat_map(|s| {
            s.fields
                .iter()
                .filter(|f| f.name == name)
                .map(|f| Edit::RemoveField { field: f.id })
        })
        .collect();
    edits.push(Edit::RemoveCatalog { field: id });
    Action::EditLabelled(Edit::Batch(edits), format!("Delete field {name}"))
}

impl eframe::App for StudioApp {
    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        self.frame_ui(ui);
    }
}

impl StudioApp {
    /// Draws one frame and applies what it produced (eframe and tests call this).
    pub fn frame_ui(&mut self, ui: &mut Ui) {
        let ctx = ui.ctx().clone();
        let mut actions = Vec::new();
        self.before_ui(&ctx, &mut actions);
        egui::Panel::top("menu").show(ui, |ui| self.menu_ui(ui, &mut actions));
        egui::Panel::bottom("status").show(ui, |ui| self.status_ui(ui));
        self.refresh_journey_marks();
        let cx = PanelCx {
            project: self.doc.project(),
            cache: &self.cache,
            selection: self.selection,
            revision: self.doc.revision(),
            focus_step_name: std::mem::take(&mut self.focus_step_name),
            journey: self.journey_marks.as_ref(),
        };
        if self.show_problems {
            egui::Panel::bottom("problems")
                .resizable(true)
                .default_size(150.0)
                .show(ui, |ui| problems::problems_ui(ui, &cx, &mut actions));
        }
        egui::Panel::left("palette")
            .resizable(true)
            .default_size(320.0)
            .show(ui, |ui| self.palette.ui(ui, &cx, &mut actions));
        let tabs = &mut self.tabs;
        let active = &mut self.active_tab;
        egui::Panel::right("side")
            .resizable(true)
            .default_size(420.0)
            .show(ui, |ui| {
                ui.horizontal(|ui| {
                    for (i, tab) in tabs.iter().enumerate() {
                        if ui.selectable_label(*active == i, tab.title()).clicked() {
                            *active = i;
                        }
                    }
                });
                ui.separator();
                if let Some(tab) = tabs.get_mut(*active) {
                    tab.ui(ui, &cx, &mut actions);
                }
            });
        let steps = &mut self.steps;
        egui::CentralPanel::default().show(ui, |ui| steps.ui(ui, &cx, &mut actions));
        if let Some(p) = egui::DragAndDrop::payload::<Payload>(&ctx) {
            super::widgets::drag_ghost(&ctx, &payload_text(cx.project, *p));
        }
        self.dialog_ui(&ctx, &mut actions);
        for a in actions {
            self.handle(&ctx, a);
        }
    }
}
