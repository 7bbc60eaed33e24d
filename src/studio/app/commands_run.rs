//! What each command of the table (`crate::studio::commands`) does in the studio.

use crate::studio::panels::Tab;
use egui::ThemePreference;

use super::StudioApp;
use super::dialogs::{Dialog, NewCustomField};
use super::dialogs::{Proceed, Template};
use super::help::HelpPage;
use crate::edit::{Edit, duplicate_step, unique_step_name};
use crate::project::{FieldType, Id, Step};
use crate::studio::commands::Command;
use crate::studio::files::{self, DialogKind};
use crate::studio::layout;
use crate::studio::panels::{Action, Selection};
use crate::studio::theme;

impl StudioApp {
    /// The selected step field: its id, its step and its index there.
    pub(super) fn selected_step_field(&self) -> Option<(Id, &Step, usize)> {
        let Selection::Field(id) = self.selection else {
            return None;
        };
        let p = self.doc.project();
        let (si, fi) = p.field_position(id)?;
        Some((id, &p.steps[si], fi))
    }

    /// The step the selection is in.
    pub(super) fn selected_step(&self) -> Option<&Step> {
        let p = self.doc.project();
        match self.selection {
            Selection::Step(id) => p.step(id),
            Selection::Field(id) => p.field_position(id).map(|(si, _)| &p.steps[si]),
            _ => None,
        }
    }

    pub(super) fn can_run(&self, c: Command) -> bool {
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
        if c != Command::Undo && c != Command::Redo {
            // A name being typed is finished before any command (Save writes it).
            let p = self.doc.project();
            let settled: Vec<Action> = self.tabs.iter_mut().flat_map(|t| t.settle(p)).collect();
            for a in settled {
                self.handle(ctx, a);
            }
        }
        match c {
            Command::New => self.proceed_or_ask(ctx, Proceed::New(Template::Empty)),
            Command::NewSample => self.proceed_or_ask(ctx, Proceed::New(Template::Sample)),
            Command::Open => self.proceed_or_ask(ctx, Proceed::OpenDialog),
            Command::Import => self.proceed_or_ask(ctx, Proceed::ImportDialog),
            Command::Quit => self.proceed_or_ask(ctx, Proceed::Close),
            Command::Save => self.save(ctx, None),
            Command::SaveAs => self.ask_path(ctx, DialogKind::SaveAs),
            Command::Export => self.export_or_ask(ctx),
            Command::Snippet => self.ask_path(ctx, DialogKind::Snippet),
            Command::ExportReview => self.ask_path(ctx, DialogKind::Review),
            Command::ExportRegistration => {
                if self.doc.project().registration.is_some() {
                    self.ask_path(ctx, DialogKind::ExportRegistration);
                } else {
                    self.status = Some(
                        "⛔ The project has no registration form to export: import the site's \
                         registration schema, or drag catalog fields onto \"At sign-up\"."
                            .into(),
                    );
                }
            }
            Command::GettingStarted => self.dialog = Some(Dialog::Help(HelpPage::GettingStarted)),
            Command::KeyboardShortcuts => {
                self.dialog = Some(Dialog::Help(HelpPage::KeyboardShortcuts));
            }
            Command::About => self.dialog = Some(Dialog::Help(HelpPage::About)),
            Command::ShowInspector => self.show_tab(Tab::Inspector),
            Command::ShowPreview => self.show_tab(Tab::Preview),
            Command::ShowJourney => self.show_tab(Tab::Journey),
            Command::ShowChanges => self.show_tab(Tab::Changes),
            Command::ShowTranslations => self.show_tab(Tab::Translations),
            Command::ExportTranslations => self.ask_path(ctx, DialogKind::ExportTranslations),
            Command::ImportTranslations => self.ask_path(ctx, DialogKind::ImportTranslations),
            Command::ShowAudience => self.show_tab(Tab::Audience),
            Command::ShowProfilePage => self.show_tab(Tab::ProfilePage),
            Command::ConsumerView => {
                if let Some(p) = self.preview_panel() {
                    let open = !p.is_large();
                    p.set_large(open);
                }
            }
            Command::OpenAudienceProfiles => self.ask_path(ctx, DialogKind::OpenProfiles),
            Command::ProjectSettings => self.show_tab(Tab::Settings),
            Command::CompareWithFile => self.ask_path(ctx, DialogKind::CompareWith),
            Command::TogglePalette | Command::ToggleSide => {
                let plan = self.plan(ctx.content_rect().width());
                if c == Command::TogglePalette {
                    self.panels
                        .toggle(layout::Side::Palette, plan.palette.is_some());
                } else {
                    self.panels.toggle(layout::Side::Tabs, plan.side.is_some());
                }
            }
            // Undo and redo bring the user back where the step was made: its selection, its
            // card scrolled into view.
            Command::Undo => {
                if let Some(l) = self.doc.undo() {
                    self.status = Some(format!("Undid: {l}"));
                    let place = self.doc.last_place();
                    if place != crate::edit::Place::Nowhere {
                        self.jump(Selection::of_place(place));
                    }
                }
                self.fix_selection();
            }
            Command::Redo => {
                if let Some(l) = self.doc.redo() {
                    self.status = Some(format!("Redid: {l}"));
                    let place = self.doc.last_place();
                    if place != crate::edit::Place::Nowhere {
                        self.jump(Selection::of_place(place));
                    }
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
                // The name box must be in sight, or the name typed next is lost.
                self.show_tab(Tab::Inspector);
            }
            Command::RenameStep => {
                if let Some(s) = self.selected_step() {
                    self.selection = Selection::Step(s.id);
                    self.focus_step_name = true;
                    self.show_tab(Tab::Inspector);
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
                self.dialog = Some(Dialog::NewCustomField(NewCustomField {
                    key: String::new(),
                    label: String::new(),
                    kind: FieldType::String,
                    key_typed: false,
                    step: self.selected_step().map(|s| (s.id, true)),
                    focus_in: 2,
                }));
            }
            Command::RemoveField | Command::MoveFieldUp | Command::MoveFieldDown
                if self.registration_command(c) => {}
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
                let Some((id, _, _)) = self.selected_step_field() else {
                    return;
                };
                let up = c == Command::MoveFieldUp;
                if let Some(edit) = crate::edit::moves::step_field(self.doc.project(), id, up) {
                    self.apply(edit, None, false);
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
                if let Some(dir) = &self.state_dir
                    && let Err(e) = files::save_theme(dir, self.theme)
                {
                    self.status = Some(format!("Could not remember the theme: {e}"));
                }
            }
            Command::ZoomIn => egui::gui_zoom::zoom_in(ctx),
            Command::ZoomOut => egui::gui_zoom::zoom_out(ctx),
            Command::ZoomReset => ctx.set_zoom_factor(1.0),
        }
    }
}

impl StudioApp {
    /// Remove, move up and move down on a field of the registration form (the "At sign-up"
    /// card): one undoable edit of the form. `false` when the selection is not such a field.
    fn registration_command(&mut self, c: Command) -> bool {
        let Selection::Field(id) = self.selection else {
            return false;
        };
        let project = self.doc.project();
        let Some(form) = &project.registration else {
            return false;
        };
        let Some(i) = form.iter().position(|f| f.id == id) else {
            return false;
        };
        let mut fields = form.clone();
        let label = fields[i].label().to_string();
        let (words, next) = match c {
            Command::RemoveField => {
                fields.remove(i);
                let next = fields
                    .get(i)
                    .or_else(|| i.checked_sub(1).and_then(|j| fields.get(j)))
                    .map_or(Selection::None, |f| Selection::Field(f.id));
                (format!("Remove {label} from the registration form"), next)
            }
            Command::MoveFieldUp if i > 0 => {
                fields.swap(i - 1, i);
                (
                    format!("Move {label} up in the registration form"),
                    self.selection,
                )
            }
            Command::MoveFieldDown if i + 1 < fields.len() => {
                fields.swap(i, i + 1);
                (
                    format!("Move {label} down in the registration form"),
                    self.selection,
                )
            }
            // Already first or last: nothing to do, and nothing else either.
            _ => return true,
        };
        self.apply(
            Edit::SetRegistration {
                fields: Some(fields),
                label: words,
            },
            None,
            false,
        );
        self.selection = next;
        true
    }
}
