//! The dialog boxes on top of the window: unsaved changes, a file that could not be opened,
//! deleting a used catalog field, a new custom field, recovering unsaved work, and the
//! command palette.

use std::path::PathBuf;

use egui::{Key, Modal};

use super::StudioApp;
use super::help::HelpPage;
use crate::edit::catalog;
use crate::edit::names;
use crate::lint::Severity;
use crate::project::{FieldType, Id};
use crate::studio::commands::{self};
use crate::studio::files;
use crate::studio::panels::{Action, Selection};
use crate::studio::recovery::Found;
use crate::studio::widgets::combo::labelled_combo;
use crate::studio::writer::Job;

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

/// The New custom field dialog's form.
#[derive(Debug, Clone, PartialEq)]
pub struct NewCustomField {
    pub key: String,
    pub label: String,
    pub kind: FieldType,
    /// Whether the user typed the key (else it follows the label).
    pub key_typed: bool,
    /// The step being edited when the dialog opened, and whether the new field goes into it
    /// too (on by default: the user was building that step).
    pub step: Option<(Id, bool)>,
    /// Frames until the label box takes the keyboard (the dialog's first frame only measures
    /// it): the user types the label at once.
    pub focus_in: u8,
}

/// The dialog box on top of the window, if any.
pub enum Dialog {
    Unsaved(Proceed),
    Error(String),
    DeleteCatalog {
        id: Id,
        name: String,
        used_in: Vec<String>,
    },
    NewCustomField(NewCustomField),
    /// Copies of unsaved work left by studios that are gone, newest first.
    Recover(Vec<Found>),
    Palette {
        query: String,
        selected: usize,
    },
    /// Export platform JSON of a project with error-level problems: how many, and the first.
    ExportWithErrors {
        count: usize,
        first: String,
    },
    /// A window of the Help menu.
    Help(HelpPage),
}

impl StudioApp {
    /// Export platform JSON: at once when the project has no error, else after the user says
    /// so in a dialog that names the first error.
    pub(super) fn export_or_ask(&mut self, ctx: &egui::Context) {
        self.cache.refresh(&self.doc);
        let mut errors = self
            .cache
            .problems()
            .iter()
            .filter(|p| p.severity == Severity::Error);
        match errors.next() {
            None => self.ask_path(ctx, files::DialogKind::Export),
            Some(first) => {
                let first = format!("{}: {}", first.location.describe(), first.message);
                let count = 1 + errors.count();
                self.dialog = Some(Dialog::ExportWithErrors { count, first });
            }
        }
    }

    pub(super) fn dialog_ui(&mut self, ctx: &egui::Context, actions: &mut Vec<Action>) {
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
                            // What was asked happens once the save is done.
                            self.save(ctx, Some(next.clone()));
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
                            if let Some((edit, label)) =
                                catalog::delete_everywhere(self.doc.project(), *id)
                            {
                                actions.push(Action::EditLabelled(edit, label));
                            }
                        }
                        if ui.button("Cancel").clicked() {
                            keep = false;
                        }
                    });
                }
                Dialog::NewCustomField(form) => {
                    keep = self.new_custom_field_ui(ui, form, actions);
                }
                Dialog::Recover(found) => {
                    keep = self.recover_ui(ui, found);
                }
                Dialog::Palette { query, selected } => {
                    keep = self.palette_ui(ui, query, selected, actions);
                }
                Dialog::Help(page) => {
                    keep = Self::help_ui(ui, *page);
                }
                Dialog::ExportWithErrors { count, first } => {
                    ui.heading(if *count == 1 {
                        "The project has an error".to_string()
                    } else {
                        format!("The project has {count} errors")
                    });
                    ui.label(format!("The first: {first}"));
                    ui.label(
                        "The platform would get steps that do not work as designed. The \
                         Problems list shows every error.",
                    );
                    ui.horizontal(|ui| {
                        if ui.button("Export anyway").clicked() {
                            keep = false;
                            self.ask_path(ctx, files::DialogKind::Export);
                        }
                        if ui.button("Cancel").clicked() {
                            keep = false;
                        }
                    });
                }
            }
        });
        let dismissable = !matches!(dialog, Dialog::Recover(_) | Dialog::Unsaved(_));
        if modal.should_close() && dismissable {
            keep = false;
        }
        if keep && self.dialog.is_none() {
            self.dialog = Some(dialog);
        }
    }

    /// The New custom field dialog: the key follows the label ("Favorite team" gives
    /// `cf_FavoriteTeam`) until the user types one; both are checked as typed. False when done.
    fn new_custom_field_ui(
        &mut self,
        ui: &mut egui::Ui,
        form: &mut NewCustomField,
        actions: &mut Vec<Action>,
    ) -> bool {
        let NewCustomField {
            key,
            label,
            kind,
            key_typed,
            step,
            focus_in,
        } = form;
        let p = self.doc.project();
        let mut keep = true;
        ui.heading("New custom field");
        egui::Grid::new("new-custom")
            .num_columns(2)
            .spacing([8.0, 6.0])
            .show(ui, |ui| {
                let l = ui.label("Field label");
                let r = ui
                    .add(egui::TextEdit::singleline(label).desired_width(260.0))
                    .labelled_by(l.id);
                match *focus_in {
                    0 => {}
                    1 => {
                        r.request_focus();
                        *focus_in = 0;
                    }
                    _ => *focus_in -= 1,
                }
                if r.changed() && !*key_typed {
                    *key = names::unique_custom_key(p, label);
                }
                ui.end_row();
                let l = ui.label("Key");
                ui.vertical(|ui| {
                    ui.horizontal(|ui| {
                        ui.monospace(names::CUSTOM_PREFIX);
                        let r = ui
                            .add(egui::TextEdit::singleline(key).desired_width(220.0))
                            .labelled_by(l.id)
                            .on_hover_text("Made from the label; type to choose another");
                        if r.changed() {
                            // Cleared: the key follows the label again.
                            *key_typed = !key.is_empty();
                            if key.is_empty() {
                                *key = names::unique_custom_key(p, label);
                            }
                        }
                    });
                    let (text, color) = match &names::check_new_custom_key(p, key) {
                        Ok(name) => (
                            format!("The profile attribute will be {name}."),
                            ui.visuals().weak_text_color(),
                        ),
                        // Nothing typed yet is not a mistake: say what to do, not what is wrong.
                        Err(_) if key.is_empty() && label.trim().is_empty() => (
                            "Type a label: the key is made from it.".to_string(),
                            ui.visuals().weak_text_color(),
                        ),
                        Err(e) => (e.clone(), ui.visuals().error_fg_color),
                    };
                    ui.add(
                        egui::Label::new(egui::RichText::new(text).color(color).size(12.0))
                            .truncate(),
                    );
                });
                ui.end_row();
                let title = kind.title().to_string();
                labelled_combo(ui, "Field type", "new-custom-type", &title, |ui| {
                    for t in FieldType::KNOWN {
                        let title = t.title().to_string();
                        ui.selectable_value(kind, t, title);
                    }
                });
                ui.end_row();
            });
        let target = step.and_then(|(id, _)| p.step(id));
        if let (Some(s), Some((_, add))) = (target, step.as_mut()) {
            ui.checkbox(add, format!("Add it to {} too", s.name));
        }
        let into = target.filter(|_| step.is_some_and(|(_, add)| add));
        let edit = names::new_custom_field(p, key, label, kind);
        ui.horizontal(|ui| {
            let create = ui.add_enabled(edit.is_ok(), egui::Button::new("Create"));
            if create.clicked()
                && let Ok(edit) = &edit
            {
                keep = false;
                let field = match edit {
                    crate::edit::Edit::AddCatalog { entry, .. } => Some(entry.field.clone()),
                    _ => None,
                };
                match (field, into) {
                    (Some(field), Some(s)) => {
                        // One undo step: the catalog field and its copy in the step.
                        let copy = crate::edit::Edit::append_copy(s, &field);
                        let copy_id = match &copy {
                            crate::edit::Edit::InsertField { field, .. } => field.id,
                            _ => field.id,
                        };
                        actions.push(Action::EditLabelled(
                            crate::edit::Edit::Batch(vec![edit.clone(), copy]),
                            format!("Add custom field {} to {}", field.label(), s.name),
                        ));
                        actions.push(Action::Select(Selection::Field(copy_id)));
                    }
                    (field, _) => {
                        actions.push(Action::Edit(edit.clone()));
                        if let Some(f) = field {
                            actions.push(Action::Select(Selection::Catalog(f.id)));
                        }
                    }
                }
            }
            if ui.button("Cancel").clicked() {
                keep = false;
            }
        });
        keep
    }

    /// The offer of unsaved work left behind, naming each copy's file. False when done.
    fn recover_ui(&mut self, ui: &mut egui::Ui, found: &mut Vec<Found>) -> bool {
        let mut keep = true;
        ui.heading("Recover unsaved work?");
        let one = found.len() == 1;
        if one {
            ui.label(format!(
                "A studio closed without saving {}. Recover it?",
                found[0].describe()
            ));
        } else {
            ui.label(format!(
                "Studios closed without saving {} documents. Recover one (the others stay \
                 for the next start), or discard them.",
                found.len()
            ));
        }
        let mut chosen = None;
        let mut discarded = None;
        for (i, f) in found.iter().enumerate() {
            ui.horizontal_wrapped(|ui| {
                if !one {
                    ui.label(format!(
                        "{} ({}, {}):",
                        f.describe(),
                        f.project.name,
                        crate::studio::widgets::count(f.project.steps.len(), "step", "steps")
                    ));
                }
                let (recover, discard) = if one {
                    ("Recover".to_string(), "Discard it".to_string())
                } else {
                    (
                        format!("Recover {}", f.describe()),
                        format!("Discard {}", f.describe()),
                    )
                };
                if ui.button(recover).clicked() {
                    chosen = Some(i);
                }
                if ui.button(discard).clicked() {
                    discarded = Some(i);
                }
            });
        }
        if let Some(i) = chosen {
            keep = false;
            let f = found.remove(i);
            if self.recovery_on {
                self.writer.send(Job::RecoveryAdopt(f.key.clone()));
                self.recovery_copy = true;
            }
            let what = f.describe();
            let origin = f.origin.clone();
            self.doc.replace(f.project, f.origin);
            self.doc.mark_unsaved();
            // The Changes tab shows what the recovered work changed in its file.
            let on_disk = origin.as_deref().map(crate::studio::files::open_file);
            self.status = Some(match on_disk {
                Some(Ok(opened)) if opened.is_project => {
                    self.doc.compare_with_file(opened.project);
                    format!(
                        "Recovered the unsaved copy of {what}: the Changes tab shows what it \
                         changed in the file."
                    )
                }
                Some(_) => format!(
                    "Recovered the unsaved copy of {what}; its file cannot be read now, so the \
                     Changes tab has nothing to compare it with."
                ),
                None => format!("Recovered the unsaved copy of {what}."),
            });
            self.palette.show_project(self.doc.project());
            self.selection = Selection::None;
            self.cache.invalidate();
        } else if let Some(i) = discarded {
            let f = found.remove(i);
            if self.recovery_on {
                self.writer.send(Job::RecoveryDiscard(f.key.clone()));
            }
            keep = !found.is_empty();
        }
        keep
    }

    /// The command palette: type words, arrows to choose, Enter to run. False when done.
    fn palette_ui(
        &mut self,
        ui: &mut egui::Ui,
        query: &mut String,
        selected: &mut usize,
        actions: &mut Vec<Action>,
    ) -> bool {
        let mut keep = true;
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
                if found.is_empty() {
                    ui.weak(format!("No command matches \"{}\".", query.trim()));
                }
                for (i, c) in found.iter().enumerate() {
                    let shortcut = c
                        .shortcuts
                        .first()
                        .map(|s| ui.ctx().format_shortcut(s))
                        .unwrap_or_default();
                    let b =
                        egui::Button::selectable(i == *selected, c.name).shortcut_text(shortcut);
                    if ui
                        .add_enabled(self.can_run(c.command), b)
                        .on_hover_text(c.tooltip)
                        .clicked()
                    {
                        keep = false;
                        actions.push(Action::Command(c.command));
                    }
                }
            });
        if enter && let Some(c) = found.get(*selected) {
            keep = false;
            actions.push(Action::Command(c.command));
        }
        keep
    }
}
