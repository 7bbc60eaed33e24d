//! The eframe application: draws the panels from the document, then applies what they asked
//! for. The project changes only through [`Document`]'s `apply`, `undo` and `redo`.
//!
//! - [`dialogs`]: the dialog boxes (unsaved changes, new custom field, recovery, palette);
//! - [`file_actions`]: New, Open, Save, Import, Export and the file dialogs;
//! - [`commands_run`]: what each command of the table does;
//! - [`autosave`]: the recovery copy of unsaved work;
//! - [`side`]: the side tabs' panels, and what the journey and profile requests do.
//!
//! Saving and the recovery copy run on a worker thread ([`super::writer`]): a frame only
//! hands it a copy of the project, and a later frame takes its report.

mod autosave;
mod commands_run;
mod dialogs;
mod file_actions;
mod help;
mod side;

use std::path::PathBuf;
use std::sync::mpsc::Receiver;

use egui::{ThemePreference, Ui, ViewportCommand};

pub use autosave::{AUTOSAVE_PAUSE, AUTOSAVE_SECONDS};
use dialogs::Dialog;
use dialogs::Proceed;
pub use dialogs::Template;

use super::cache::Cache;
use super::commands::{self, COMMANDS, Command, Menu};
use super::file_chooser::BuiltinChooser;
use super::files::{self, DialogAnswer, DialogRequest, FileDialogs};
use super::layout::{self, PanelWants};
use super::panels::palette::Palette;
use super::panels::steps::{StepsPanel, payload_text};
use super::panels::{
    Action, JourneyMarks, PanelCx, Payload, ProfileTarget, Selection, SideTab, problems, side_tabs,
};
use super::recovery::Recovery;
use super::widgets::count;
use super::writer::Writer;
use super::{APP_NAME, theme};
use crate::edit::{Document, Edit};
use crate::project::Project;

/// How the studio starts.
pub struct StudioOptions {
    /// A file to open (a project, or platform JSON to import).
    pub file: Option<PathBuf>,
    /// Where the recent files, the theme and the recovery copies live; `None` keeps none.
    pub state_dir: Option<PathBuf>,
    /// The file dialogs (native, or a fake in tests).
    pub dialogs: Box<dyn FileDialogs>,
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
    /// Which side panels the user asked for (narrow windows fold one away).
    panels: PanelWants,
    dialogs: Box<dyn FileDialogs>,
    /// The file dialog waiting for its answer.
    pending: Option<(DialogRequest, Receiver<DialogAnswer>)>,
    /// The studio's own file chooser, open when no native dialog can be shown.
    builtin: Option<(DialogRequest, BuiltinChooser)>,
    /// Why no native file dialog can be shown here (found out at the first try).
    no_native: Option<String>,
    /// What to do after a Save As started by the unsaved-changes question.
    after_save: Option<Proceed>,
    dialog: Option<Dialog>,
    status: Option<String>,
    recent: Vec<PathBuf>,
    state_dir: Option<PathBuf>,
    theme: ThemePreference,
    title: String,
    last_focus: Option<egui::Id>,
    autosave: autosave::AutosaveClock,
    /// Writes saves and the recovery copies (which it owns) off the UI thread.
    writer: Writer,
    /// Whether this studio keeps recovery copies (it has a state folder).
    recovery_on: bool,
    /// Whether a recovery copy of this studio is on disk, or asked for.
    recovery_copy: bool,
    /// The saves asked and not yet reported, oldest first: what to do once each is done.
    saves: std::collections::VecDeque<Option<Proceed>>,
    /// The name an untitled project took from its file on the save being written, said in
    /// the status bar once it is done.
    named_on_save: Option<String>,
    /// The context the app draws on (a save's report may close the window).
    ctx: egui::Context,
    allow_close: bool,
    focus_step_name: bool,
    /// The text a pending Save journey dialog will write.
    pending_journey: Option<String>,
    /// Where the profile of a pending Open profile dialog goes.
    pending_profile: Option<ProfileTarget>,
    /// What the journey panel's journey never reached, and the simulation it came from.
    journey_marks: Option<JourneyMarks>,
    journey_simulation: Option<u64>,
    /// The document whose kept journey the journey panel edits ([`Document::identity`]).
    journey_document: Option<u64>,
    /// Whether the preview's consumer view is open (read off the preview panel each frame).
    consumer_view: bool,
    /// The width the panels had last frame (points).
    width: f32,
    /// Where each panel was drawn last frame (for layout tests).
    panel_rects: Vec<(&'static str, egui::Rect)>,
    /// The document's revision and the selection the last pass drew.
    drawn: (u64, Selection),
    theme_applied: bool,
}

impl StudioApp {
    /// The app, for eframe.
    pub fn new(cc: &eframe::CreationContext<'_>, options: StudioOptions) -> Self {
        Self::with_context(&cc.egui_ctx, options)
    }

    /// The app on an egui context (eframe or a test harness).
    pub fn with_context(ctx: &egui::Context, options: StudioOptions) -> Self {
        let dir = options.state_dir.as_deref();
        let theme = dir
            .and_then(files::load_theme)
            .unwrap_or(ThemePreference::System);
        theme::apply(ctx, theme);
        ctx.options_mut(|o| {
            o.zoom_with_keyboard = false;
            // A frame whose actions changed the document or the selection is drawn again at
            // once (see `frame_ui`); that pass may show a grid for the first time, whose sizing
            // pass egui draws once more: three passes, so that neither is what is painted.
            o.max_passes = std::num::NonZeroUsize::new(3).unwrap_or(std::num::NonZeroUsize::MIN);
        });
        let recent = dir.map(files::load_recent).unwrap_or_default();
        let recovery = dir.map(Recovery::new);
        let orphans = recovery.as_ref().map(Recovery::orphans).unwrap_or_default();
        let recovery_on = recovery.is_some();
        let waker = ctx.clone();
        let writer = Writer::new(recovery, move || waker.request_repaint());
        let mut app = StudioApp {
            doc: Document::new(Project::default_project(), None),
            selection: Selection::None,
            cache: Cache::default(),
            palette: Palette::default(),
            steps: StepsPanel::default(),
            tabs: side_tabs(),
            active_tab: 0,
            show_problems: true,
            panels: PanelWants::default(),
            dialogs: options.dialogs,
            pending: None,
            builtin: None,
            no_native: None,
            after_save: None,
            dialog: None,
            status: None,
            recent,
            state_dir: options.state_dir,
            theme,
            title: String::new(),
            last_focus: None,
            autosave: autosave::AutosaveClock::default(),
            writer,
            recovery_on,
            recovery_copy: false,
            saves: std::collections::VecDeque::new(),
            named_on_save: None,
            ctx: ctx.clone(),
            allow_close: false,
            focus_step_name: false,
            pending_journey: None,
            pending_profile: None,
            journey_marks: None,
            journey_simulation: None,
            journey_document: None,
            consumer_view: false,
            width: 1400.0,
            panel_rects: Vec::new(),
            drawn: (0, Selection::None),
            theme_applied: false,
        };
        if !orphans.is_empty() {
            app.dialog = Some(Dialog::Recover(orphans));
        }
        if let Some(path) = options.file {
            app.open_path(&path);
        }
        app
    }

    /// The document's revision the last pass drew its panels from: when it is the document's
    /// own, what the window shows is the document as it is.
    pub fn drawn_revision(&self) -> u64 {
        self.drawn.0
    }

    /// Where each panel (menu, status, problems, palette, side, steps) was drawn last frame.
    /// The next close request closes the window without asking about unsaved changes (the
    /// screenshot script's edits are not anyone's work).
    pub fn close_without_asking(&mut self) {
        self.allow_close = true;
    }

    pub fn panel_rects(&self) -> &[(&'static str, egui::Rect)] {
        &self.panel_rects
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
        if !std::mem::replace(&mut self.theme_applied, true) {
            // Once more at the first frame: whatever set a theme after the app was made (a
            // test harness does), the remembered one wins.
            theme::apply(ctx, self.theme);
        }
        self.cache.refresh(&self.doc);
        let focus = ctx.memory(egui::Memory::focused);
        if focus != self.last_focus {
            self.doc.seal_history();
            self.last_focus = focus;
        }
        if self.dialog.is_none() {
            actions.extend(commands::pressed(ctx).into_iter().map(Action::Command));
        }
        self.poll_dialog();
        self.poll_writer(ctx);
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
                self.recovery_clear();
            }
        }
        self.autosave(ctx);
        let title = self.window_title();
        if title != self.title {
            ctx.send_viewport_cmd(ViewportCommand::Title(title.clone()));
            self.title = title;
        }
        // The window's accessible name is its title (a screen reader announces it).
        let name = self.title.clone();
        ctx.accesskit_node_builder(egui::accesskit_root_id(), |node| node.set_label(name));
    }

    /// Which side panels show this frame, for a window `width` points wide.
    fn plan(&self, width: f32) -> layout::Plan {
        let mut plan = layout::plan(width, self.panels);
        if self.consumer_view {
            // The consumer view takes the palette's room: the form and its reasons need it
            // more than the catalog does. The side tabs stay where the window is wide enough
            // for both (to edit what the form shows), or when the user asked for them.
            plan.palette = None;
            if width < 1200.0 && self.panels.side != Some(true) {
                plan.side = None;
            }
        }
        plan
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
                        if ui
                            .add_enabled(self.can_run(c.command), button)
                            .on_hover_text(c.tooltip)
                            .clicked()
                        {
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
                        // Last, in the menu's own size: it appears once a chooser was asked
                        // for, and then moves no item of the menu.
                        if let Some(why) = &self.no_native {
                            ui.separator();
                            ui.add(
                                egui::Label::new(
                                    egui::RichText::new(format!(
                                        "No desktop file dialog here ({why}): the studio uses \
                                         its own chooser."
                                    ))
                                    .weak(),
                                )
                                .wrap(),
                            );
                        }
                    }
                });
            }
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                // Toggles for the side panels (a narrow window folds them away).
                let plan = self.plan(ui.ctx().content_rect().width());
                let side = plan.side.is_some();
                let tip = if side {
                    "Hide the side panel"
                } else {
                    "Show the side panel"
                };
                if ui
                    .selectable_label(side, "Side panel")
                    .on_hover_text(tip)
                    .clicked()
                {
                    actions.push(Action::Command(Command::ToggleSide));
                }
                let palette = plan.palette.is_some();
                let tip = if palette {
                    "Hide the fields palette"
                } else {
                    "Show the fields palette"
                };
                if ui
                    .selectable_label(palette, "Fields")
                    .on_hover_text(tip)
                    .clicked()
                {
                    actions.push(Action::Command(Command::TogglePalette));
                }
                if ui.available_width() > 120.0 {
                    ui.weak(format!("theme: {}", theme::name(self.theme)));
                }
            });
        });
    }

    fn status_ui(&self, ui: &mut Ui) {
        ui.horizontal(|ui| {
            let (e, w, _) = self.cache.counts;
            ui.weak(format!(
                "{} · {} · {}",
                count(self.doc.project().steps.len(), "step", "steps"),
                count(e, "error", "errors"),
                count(w, "warning", "warnings")
            ));
            ui.separator();
            if let Some(s) = &self.status {
                ui.add(egui::Label::new(s.as_str()).truncate());
            }
        });
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
            Action::Jump(s) => self.jump(s),
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
        // The history keeps where the user was: undo brings them back there.
        self.doc.set_place(self.selection.place());
        let result = match (label, typing) {
            (Some(l), false) => self.doc.apply_labelled(edit, l),
            (Some(l), true) => self.doc.apply_typing_labelled(edit, l),
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
            Selection::Field(id) => {
                p.field_position(id).is_some()
                    || p.registration.iter().flatten().any(|f| f.id == id)
            }
            Selection::Catalog(id) => p.catalog_index(id).is_some(),
        };
        if !exists {
            self.selection = Selection::None;
        }
    }

    // ----- side tabs and the journey -----

    /// Selects something from a side tab (the Changes list) and scrolls its step card into
    /// view, the tab staying in front.
    pub(super) fn jump(&mut self, s: Selection) {
        self.selection = s;
        let p = self.doc.project();
        match s {
            Selection::Step(id) => self.steps.scroll_to = Some(id),
            Selection::Field(id) => {
                self.steps.scroll_to = p.field_position(id).map(|(si, _)| p.steps[si].id);
            }
            Selection::Catalog(id) => {
                if let Some(i) = p.catalog_index(id) {
                    self.palette.tab = p.catalog[i].group;
                }
            }
            Selection::None => {}
        }
    }
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
        self.consumer_view = self
            .tabs
            .iter_mut()
            .find_map(|t| t.preview_panel())
            .is_some_and(|p| p.is_large());
        let mut rects = Vec::with_capacity(6);
        let r = egui::Panel::top("menu").show(ui, |ui| self.menu_ui(ui, &mut actions));
        rects.push(("menu", r.response.rect));
        let r = egui::Panel::bottom("status").show(ui, |ui| self.status_ui(ui));
        rects.push(("status", r.response.rect));
        self.refresh_journey_marks();
        self.drawn = (self.doc.revision(), self.selection);
        let cx = PanelCx {
            project: self.doc.project(),
            cache: &self.cache,
            selection: self.selection,
            revision: self.doc.revision(),
            focus_step_name: std::mem::take(&mut self.focus_step_name),
            // The step cards mark what the journey never reached only beside the journey.
            journey: self
                .journey_marks
                .as_ref()
                .filter(|_| self.journey_tab_shown()),
            baseline: super::panels::changes::Baseline {
                project: self.doc.saved_project(),
                generation: self.doc.saved_generation(),
                is_file: self.doc.saved_is_file(),
            },
        };
        if self.show_problems {
            // At most a third of the height, a fifth in a low window (three rows at 800x500,
            // however tall the window was before): the cards keep the rest. It starts at a
            // fifth, never more than 150 points.
            let height = ui.available_height();
            let most = if height < 700.0 {
                (height / 5.0).max(60.0)
            } else {
                (height / 3.0).max(60.0)
            };
            let first = (height / 5.0).clamp(60.0, 150.0).min(most);
            let r = egui::Panel::bottom("problems")
                .resizable(true)
                .default_size(first)
                .size_range(60.0_f32.min(most)..=most)
                .show(ui, |ui| problems::problems_ui(ui, &cx, &mut actions));
            rects.push(("problems", r.response.rect));
        }
        let width = ui.available_width();
        let plan = self.plan(width);
        let mut palette_width = 0.0;
        if let Some(range) = plan.palette {
            let r = egui::Panel::left("palette")
                .resizable(true)
                .default_size(layout::PALETTE.1.clamp(range.min, range.max))
                .size_range(range)
                .show(ui, |ui| {
                    super::widgets::within_width(ui, |ui| self.palette.ui(ui, &cx, &mut actions));
                });
            palette_width = r.response.rect.width();
            rects.push(("palette", r.response.rect));
        }
        let tabs = &mut self.tabs;
        let active = &mut self.active_tab;
        if let Some(range) = plan.side {
            let range = layout::side_after_palette(width, palette_width, range);
            let r = egui::Panel::right("side")
                .resizable(true)
                .default_size(layout::SIDE.1.clamp(range.min, range.max))
                .size_range(range)
                .show(ui, |ui| {
                    super::widgets::within_width(ui, |ui| {
                        // Wrapped: more tabs than fit take a second row, not a wider panel.
                        ui.horizontal_wrapped(|ui| {
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
                });
            rects.push(("side", r.response.rect));
        }
        let steps = &mut self.steps;
        let consumer_view = self
            .tabs
            .iter_mut()
            .find_map(|t| t.preview_panel())
            .filter(|p| p.is_large());
        let r = egui::CentralPanel::default().show(ui, |ui| match consumer_view {
            Some(preview) => {
                // Escape closes the consumer view when no text box has the keyboard.
                if ui.input(|i| i.key_pressed(egui::Key::Escape))
                    && ui.ctx().memory(|m| m.focused().is_none())
                {
                    preview.set_large(false);
                }
                let step = super::panels::preview_step(&cx);
                actions.extend(preview.ui_large(ui, cx.project, cx.revision, step));
            }
            None => steps.ui(ui, &cx, &mut actions),
        });
        rects.push(("steps", r.response.rect));
        self.panel_rects = rects;
        if let Some(p) = egui::DragAndDrop::payload::<Payload>(&ctx) {
            super::widgets::drag_ghost(&ctx, &payload_text(cx.project, *p));
        }
        self.width = width;
        self.dialog_ui(&ctx, &mut actions);
        self.builtin_ui(&ctx);
        for a in actions {
            self.handle(&ctx, a);
        }
        // The panels were drawn before this frame's actions were applied: when those changed
        // the document or the selection, egui draws the frame again at once (the second pass
        // is the one painted), so the window never shows a stale frame, such as a label typed
        // in the inspector but not yet on its step card.
        if self.drawn != (self.doc.revision(), self.selection) {
            ctx.request_discard("the document or the selection changed");
        }
    }
}
