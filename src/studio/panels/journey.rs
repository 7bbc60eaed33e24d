//! The journey panel: edit a sample consumer's journey (profile, events, per-journey site
//! options), see the timeline of prompts the simulator gives (forms and re-consents), and the
//! steps and fields the journey never reaches.
//!
//! The journey being edited belongs to the project: it is kept in the project's `journeys`
//! object under its name, so Ctrl+S saves it with the project, and every change of it is an
//! edit of the document (undo, redo, the unsaved mark) that the panel asks the app for
//! ([`JourneyRequest::Edited`]). The panel holds a working copy that follows the project: when
//! the revision moves (undo, redo) it takes the kept journey of its name back, and another
//! document ([`JourneyPanel::follow_document`]) brings that project's first kept journey, or a
//! new empty one. The panel opens no file dialog and never edits the project itself.
//!
//! The [`Outcome`] comes from a [`SimulationCache`]: simulated again only when the journey or
//! what the simulation reads of the project changed.
//!
//! Choices where the issue is silent:
//! - The profile is edited as JSON (the platform's profile or a flat object), as a draft that
//!   is used with "Use this profile".
//! - Events are numbered from 1 on screen; the journey file and `simulate` keep 0-based
//!   indices.
//! - A new visit event starts with the first `page_visit` pattern of the project (its `*`
//!   removed), a new click with the first `cta_click` target, so that one click makes a
//!   useful event; both are editable.
//! - A project with no kept journey gets "Journey 1" (or the first free "Journey N"), kept at
//!   the first change: opening the tab alone does not change the project.

use egui::{RichText, Ui};
use serde_json::{Map, Value};

use super::profile::{ProfileAction, ProfileEditor};
use crate::edit::Touched;
use crate::journey::{Event, Journey, JourneySettings, KeptJourney, Outcome, SimulationCache};
use crate::project::{Project, SiteOption, TriggerKind};

/// What the journey panel asks the app to do.
#[derive(Debug, Clone, PartialEq)]
pub enum JourneyRequest {
    /// Show an open dialog, then hand the file's bytes to [`JourneyPanel::load`].
    OpenFile,
    /// Show a save dialog and write this journey JSON text.
    SaveFile(String),
    /// Keep this journey in the project's `journeys` object under `name` (replacing one of
    /// that name): an edit of the project, with undo.
    SaveToProject {
        /// The journey's name in the project.
        name: String,
        /// The journey, as its file would hold it.
        journey: Value,
    },
    /// The journey being edited changed: keep it in the project under `name`, an edit with
    /// undo labelled `label`; `typing` edits into one text box are one undo step.
    Edited {
        /// The journey's name in the project.
        name: String,
        /// The journey, as its file would hold it.
        journey: Value,
        /// What changed, for the undo menu ("Add login to journey "Journey 1"").
        label: String,
        /// Typed into a text box.
        typing: bool,
    },
    /// Show an open dialog for a consumer profile, then hand it to [`JourneyPanel::set_profile`].
    OpenProfile,
}

/// A message about the last load or save.
#[derive(Debug, Clone, PartialEq)]
enum Status {
    Info(String),
    Error(String),
}

/// A change of the working copy not yet handed to the project.
#[derive(Debug, Clone, PartialEq)]
struct Unkept {
    label: String,
    typing: bool,
}

/// The journey kept in `project` under `name`: `None` when there is none, `Some(Err)` when it
/// cannot be read (with the reader's words).
fn kept(project: &Project, name: &str) -> Option<Result<Journey, String>> {
    let k = project.kept_journey(name)?;
    Some(k.journey().cloned().map_err(str::to_string))
}

/// The name a new journey of `project` gets: "Journey 1", or the first free "Journey N".
fn fresh_name(project: &Project) -> String {
    let names = project.journey_names();
    (1..)
        .map(|n| format!("Journey {n}"))
        .find(|n| !names.contains(n))
        .unwrap_or_default()
}

/// The journey panel. UI state only; see the module notes.
#[derive(Debug)]
pub struct JourneyPanel {
    /// The journey's profile draft.
    profile_editor: ProfileEditor,
    /// The working copy: profile, events, settings override and unknown keys.
    journey: Journey,
    /// The name the journey is kept under in the project.
    name: String,
    /// The name under which "Save to project" keeps a copy.
    save_name: String,
    status: Option<Status>,
    /// The working copy changed since it was last handed to the project.
    unkept: Option<Unkept>,
    /// The revision whose kept journey the working copy last followed.
    followed: Option<u64>,
    cache: SimulationCache,
}

impl Default for JourneyPanel {
    fn default() -> Self {
        JourneyPanel {
            profile_editor: ProfileEditor::default(),
            journey: Journey::default(),
            name: "Journey 1".into(),
            save_name: "Journey 1".into(),
            status: None,
            unkept: None,
            followed: None,
            cache: SimulationCache::default(),
        }
    }
}

impl JourneyPanel {
    /// Draws the panel; returns what the app should do (open or save a file, keep the journey
    /// in the project).
    pub fn ui(&mut self, ui: &mut Ui, project: &Project, revision: u64) -> Vec<JourneyRequest> {
        let mut requests = Vec::new();
        self.refresh(project, revision);
        egui::ScrollArea::vertical()
            .id_salt("journey-panel-scroll")
            .auto_shrink([false, true])
            .show(ui, |ui| {
                ui.heading("Journey");
                self.files_ui(ui, project, &mut requests);
                ui.separator();
                self.settings_ui(ui, project);
                ui.separator();
                self.profile_ui(ui, &mut requests);
                ui.separator();
                self.events_ui(ui, project);
                ui.separator();
                self.outcome_ui(ui, project);
            });
        if let Some(unkept) = self.unkept.take() {
            requests.push(JourneyRequest::Edited {
                name: self.name.clone(),
                journey: self.journey.to_json(),
                label: unkept.label,
                typing: unkept.typing,
            });
            // The timeline drawn is one edit behind: draw again with a fresh simulation.
            ui.ctx().request_repaint();
        }
        requests
    }

    /// Loads a journey from a file's bytes (after the app's open dialog) into the journey
    /// being edited (kept in the project at the next frame). `Err` says where (line, column)
    /// and what is wrong; the panel shows it too, and keeps its journey.
    pub fn load(&mut self, bytes: &[u8]) -> Result<(), String> {
        match Journey::from_bytes(bytes) {
            Ok(journey) => {
                self.set_journey(journey);
                self.status = Some(Status::Info("Journey loaded from the file.".into()));
                Ok(())
            }
            Err(e) => {
                let message = format!("The journey file could not be read: {}", e.in_words());
                self.status = Some(Status::Error(message.clone()));
                Err(message)
            }
        }
    }

    /// Replaces the journey being edited (kept in the project at the next frame).
    pub fn set_journey(&mut self, journey: Journey) {
        self.profile_editor.show_profile(Some(&journey.profile));
        self.journey = journey;
        self.edited("Replace", false);
    }

    /// Replaces the journey's profile (a profile file the app opened).
    pub fn set_profile(&mut self, profile: Map<String, Value>) {
        self.profile_editor.show_profile(Some(&profile));
        self.journey.profile = profile;
        self.edited("Use a profile file in", false);
    }

    /// Shows an error about a profile file in the profile box.
    pub fn profile_error(&mut self, message: String) {
        self.profile_editor.set_error(message);
    }

    /// The journey being edited, as the simulator reads it.
    pub fn journey(&self) -> Journey {
        self.journey.clone()
    }

    /// The name the journey being edited is kept under in the project.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Takes up another document: its first kept journey that can be read, else a new empty
    /// one under a free name. The app calls it whenever the document is replaced (new, open,
    /// import, recovery).
    pub fn follow_document(&mut self, project: &Project) {
        self.take_first(project);
        self.status = None;
        self.unkept = None;
        self.followed = None;
    }

    /// Edits the project's first kept journey that can be read, else a new empty one under a
    /// free name.
    fn take_first(&mut self, project: &Project) {
        let first = project
            .journey_names()
            .into_iter()
            .find_map(|n| kept(project, &n).and_then(Result::ok).map(|j| (n, j)));
        let (name, journey) = first.unwrap_or_else(|| (fresh_name(project), Journey::default()));
        self.adopt(journey);
        self.save_name.clone_from(&name);
        self.name = name;
    }

    /// Takes `journey` as the working copy without asking to keep it (it is the project's).
    fn adopt(&mut self, journey: Journey) {
        self.profile_editor.show_profile(Some(&journey.profile));
        self.journey = journey;
    }

    /// When the revision moved and no change of the panel is on its way to the project: the
    /// working copy becomes the project's journey of its name again (undo, redo), or, when
    /// the project no longer keeps it (its first change or its "Save to project" undone),
    /// the first one the project keeps, else a new empty one.
    fn follow(&mut self, project: &Project, revision: u64) {
        if self.followed == Some(revision) {
            return;
        }
        self.followed = Some(revision);
        if self.unkept.is_some() {
            return;
        }
        match kept(project, &self.name) {
            Some(Ok(journey)) => {
                if journey != self.journey {
                    self.adopt(journey);
                }
            }
            // Said when loaded by name; the working copy stays.
            Some(Err(_)) => {}
            None => self.take_first(project),
        }
    }

    /// The last simulation, if the panel ran one (see [`JourneyPanel::refresh`]).
    pub fn outcome(&self) -> Option<&Outcome> {
        self.cache.outcome()
    }

    /// For the step cards: the steps that never showed and the fields never asked, in the last
    /// simulation (`None` before the first one or right after a load).
    pub fn highlights(&self) -> Option<(&[String], &[String])> {
        self.outcome()
            .map(|o| (o.never_fired.as_slice(), o.never_asked.as_slice()))
    }

    /// How many simulations the panel ran: changes whenever [`JourneyPanel::outcome`] does.
    pub fn simulations(&self) -> u64 {
        self.cache.runs()
    }

    /// Follows the project's kept journey, and runs the simulation again if the journey, or
    /// what the simulation reads of the project, changed since the last run (every step
    /// compared when the revision moved). [`JourneyPanel::ui`] calls it; call
    /// [`JourneyPanel::refresh_since`] when the panel is hidden and
    /// [`JourneyPanel::highlights`] should follow the project.
    pub fn refresh(&mut self, project: &Project, revision: u64) {
        self.follow(project, revision);
        self.cache
            .update(project, revision, &self.journey, |_| None);
    }

    /// [`JourneyPanel::refresh`], `changes_since` saying what the changes after a revision
    /// touched ([`crate::edit::Document::changes_since`]): only the steps it names are
    /// compared with what the last simulation read.
    pub fn refresh_since(
        &mut self,
        project: &Project,
        revision: u64,
        changes_since: impl FnOnce(u64) -> Touched,
    ) {
        self.follow(project, revision);
        self.cache
            .update(project, revision, &self.journey, |r| Some(changes_since(r)));
    }

    /// Records a change of the working copy: `what` starts the undo label ("Add login to").
    fn edited(&mut self, what: &str, typing: bool) {
        self.unkept = Some(Unkept {
            label: format!("{what} journey \"{}\"", self.name),
            typing,
        });
    }

    fn files_ui(&mut self, ui: &mut Ui, project: &Project, requests: &mut Vec<JourneyRequest>) {
        // The kept journeys as the project holds them, read once at load: no names copied
        // and no journey looked up again each frame.
        let kept = project.kept_journeys();
        if project.kept_journey(&self.name).is_some() {
            ui.label(format!(
                "Editing \"{}\", kept in the project: saved with it (Ctrl+S); every change \
                 can be undone.",
                self.name
            ));
        } else {
            ui.weak(format!(
                "Editing \"{}\": your first change keeps it in the project, saved with it \
                 (Ctrl+S).",
                self.name
            ));
        }
        ui.horizontal_wrapped(|ui| {
            if ui.button("Open journey file…").clicked() {
                requests.push(JourneyRequest::OpenFile);
            }
            if ui.button("Save journey to file…").clicked() {
                requests.push(JourneyRequest::SaveFile(self.journey().to_text()));
            }
        });

        let others: Vec<&KeptJourney> = kept.filter(|k| k.name() != self.name).collect();
        if !others.is_empty() {
            ui.horizontal_wrapped(|ui| {
                ui.label("Other journeys kept in the project:");
                for k in others {
                    let name = k.name();
                    let hover = match k.journey() {
                        Err(why) => format!(
                            "⚠ This journey does not read ({why}); fix it in the project file"
                        ),
                        Ok(_) => "Edit this journey instead (both stay in the project)".to_string(),
                    };
                    if ui
                        .button(format!("Load \"{name}\""))
                        .on_hover_text(hover)
                        .clicked()
                    {
                        self.load_named(project, name);
                    }
                }
            });
        }
        ui.horizontal_wrapped(|ui| {
            let label = ui.label("Journey name");
            ui.add(
                egui::TextEdit::singleline(&mut self.save_name)
                    .id_salt("journey-save-name")
                    .hint_text("e.g. Returning visitor")
                    .desired_width(160.0),
            )
            .labelled_by(label.id);
            let name = self.save_name.trim().to_string();
            let save = ui
                .add_enabled(
                    !name.is_empty() && name != self.name,
                    egui::Button::new("Save to project"),
                )
                .on_hover_text("Keep a copy of this journey under this name, and edit that one")
                .on_disabled_hover_text(if name.is_empty() {
                    "Give the journey a name first"
                } else {
                    "Already kept under this name: every change is"
                });
            if save.clicked() {
                requests.push(JourneyRequest::SaveToProject {
                    name: name.clone(),
                    journey: self.journey().to_json(),
                });
                self.name.clone_from(&name);
                self.status = Some(Status::Info(format!(
                    "Journey \"{name}\" kept in the project."
                )));
            }
        });
        // A line of its own, drawn empty too, so that a name that clashes while being typed
        // moves nothing below it.
        let name = self.save_name.trim();
        let note = if name != self.name && project.kept_journey(name).is_some() {
            format!("Save to project overwrites the kept journey \"{name}\".")
        } else {
            " ".to_string()
        };
        // One line whatever its length (the whole of it on hover).
        ui.add(egui::Label::new(egui::RichText::new(note.as_str()).weak()).truncate())
            .on_hover_text(note);
        match &self.status {
            Some(Status::Info(m)) => {
                ui.label(m.as_str());
            }
            Some(Status::Error(m)) => {
                ui.colored_label(ui.visuals().error_fg_color, m.as_str());
            }
            None => {}
        }
    }

    /// Edits the journey `name` of the project's `journeys` object instead.
    fn load_named(&mut self, project: &Project, name: &str) {
        match kept(project, name) {
            None => {
                self.status = Some(Status::Error(format!(
                    "The project has no journey named \"{name}\"."
                )));
            }
            Some(Ok(journey)) => {
                self.adopt(journey);
                self.name = name.to_string();
                self.save_name = name.to_string();
                self.status = Some(Status::Info(format!(
                    "Journey \"{name}\" loaded from the project."
                )));
            }
            Some(Err(e)) => {
                self.status = Some(Status::Error(format!(
                    "The project's journey \"{name}\" could not be read: {e}"
                )));
            }
        }
    }

    fn settings_ui(&mut self, ui: &mut Ui, project: &Project) {
        let set = SiteOption::ALL
            .into_iter()
            .filter(|o| {
                self.journey
                    .settings
                    .as_ref()
                    .is_some_and(|s| s.get(*o).is_some())
            })
            .count();
        let mut changed = false;
        egui::CollapsingHeader::new(format!("Site options for this journey ({set} set here)"))
            .id_salt("journey-options-header")
            .default_open(false)
            .show(ui, |ui| {
                ui.weak("Each option follows the project's settings unless this journey sets it.");
                egui::Grid::new("journey-options")
                    .num_columns(4)
                    .spacing([6.0, 2.0])
                    .show(ui, |ui| {
                        for option in SiteOption::ALL {
                            changed |= self.option_row_ui(ui, project, option);
                            ui.end_row();
                        }
                    });
            });
        if changed {
            self.edited("Change a site option of", false);
        }
    }

    /// One option's row: its name, then the project's value, on, off. True when changed.
    fn option_row_ui(&mut self, ui: &mut Ui, project: &Project, option: SiteOption) -> bool {
        let key = option.key();
        let project_value = project.settings.get(option);
        let current = self.journey.settings.as_ref().and_then(|s| s.get(option));
        let mut choice = current;
        ui.monospace(key).on_hover_text(option.explanation());
        ui.selectable_value(
            &mut choice,
            None,
            format!("Project's ({})", if project_value { "on" } else { "off" }),
        )
        .accessible_name(format!("{key}: the project's"));
        ui.selectable_value(&mut choice, Some(true), "On")
            .accessible_name(format!("{key}: on"));
        ui.selectable_value(&mut choice, Some(false), "Off")
            .accessible_name(format!("{key}: off"));
        if choice == current {
            return false;
        }
        let settings = self
            .journey
            .settings
            .get_or_insert_with(JourneySettings::default);
        settings.set(option, choice);
        if settings.is_empty() {
            self.journey.settings = None;
        }
        true
    }

    fn profile_ui(&mut self, ui: &mut Ui, requests: &mut Vec<JourneyRequest>) {
        ui.strong("Profile at the start");
        ui.weak(
            "The consumer as the platform returns the profile (or a flat object); with no \
             Provider, an email consumer. Fields submitted during the journey count as known.",
        );
        match self.profile_editor.ui(ui, "Journey profile", "journey") {
            Some(ProfileAction::Use(map)) => {
                self.journey.profile = map;
                self.edited("Use a profile in", false);
            }
            Some(ProfileAction::Clear) => {
                self.journey.profile = Map::new();
                self.edited("Clear the profile of", false);
            }
            Some(ProfileAction::OpenFile) => requests.push(JourneyRequest::OpenProfile),
            None => {}
        }
    }

    fn events_ui(&mut self, ui: &mut Ui, project: &Project) {
        ui.strong("Events");
        let mut action: Option<(usize, RowAction)> = None;
        let mut typed = false;
        let mut what: Option<String> = None;
        // The Add buttons come before the events: a click adds a row below them, so the next
        // click finds its button where it was.
        ui.horizontal_wrapped(|ui| {
            if project.registration.is_some() && ui.button("Add sign-up").clicked() {
                self.journey.events.push(Event::SignUp);
                what = Some("Add sign-up to".into());
            }
            if ui.button("Add login").clicked() {
                self.journey.events.push(Event::Login { dismiss: false });
                what = Some("Add login to".into());
            }
            if ui.button("Add visit").clicked() {
                self.journey.events.push(Event::Visit {
                    path: crate::journey::default_visit_path(project),
                    dismiss: false,
                });
                what = Some("Add visit to".into());
            }
            if ui.button("Add click").clicked() {
                self.journey.events.push(Event::Click {
                    target: crate::journey::default_click_target(project),
                    dismiss: false,
                });
                what = Some("Add click to".into());
            }
        });
        let hints = trigger_hints(project);
        if !hints.is_empty() {
            ui.weak(format!("This project's steps fire on: {hints}"));
        }
        if self.journey.events.is_empty() {
            ui.weak("No events yet: add a login, a page visit or a click.");
        }
        let count = self.journey.events.len();
        for (i, event) in self.journey.events.iter_mut().enumerate() {
            // On screen events count from 1; the file keeps 0-based indices.
            let n = i + 1;
            ui.horizontal_wrapped(|ui| {
                ui.monospace(format!("#{n}"));
                match event {
                    Event::Login { .. } => {
                        ui.label("Login");
                    }
                    Event::Visit { path, .. } => {
                        let label = ui.label("Visit");
                        typed |= ui
                            .add(
                                egui::TextEdit::singleline(path)
                                    .id_salt(("journey-event-path", i))
                                    .hint_text("/pricing/teams")
                                    .desired_width(140.0),
                            )
                            .labelled_by(label.id)
                            .accessible_name(format!("Path of event #{n}"))
                            .changed();
                    }
                    Event::SignUp => {
                        ui.label("Sign-up through the registration form");
                    }
                    Event::Click { target, .. } => {
                        let label = ui.label("Click");
                        typed |= ui
                            .add(
                                egui::TextEdit::singleline(target)
                                    .id_salt(("journey-event-target", i))
                                    .hint_text("upgrade-cta")
                                    .desired_width(140.0),
                            )
                            .labelled_by(label.id)
                            .accessible_name(format!("Target of event #{n}"))
                            .changed();
                    }
                }
                let dismiss = match event {
                    Event::Login { dismiss }
                    | Event::Visit { dismiss, .. }
                    | Event::Click { dismiss, .. } => Some(dismiss),
                    Event::SignUp => None,
                };
                if let Some(dismiss) = dismiss
                    && ui
                        .checkbox(dismiss, "dismiss")
                        .on_hover_text(
                            "The consumer closes what this event shows without submitting",
                        )
                        .accessible_name(format!("Dismiss event #{n}"))
                        .changed()
                {
                    what = Some(format!("Change dismiss of event #{n} in"));
                }
                if ui
                    .add_enabled(i > 0, egui::Button::new("Up"))
                    .accessible_name(format!("Move event #{n} up"))
                    .clicked()
                {
                    action = Some((i, RowAction::Up));
                }
                if ui
                    .add_enabled(i + 1 < count, egui::Button::new("Down"))
                    .accessible_name(format!("Move event #{n} down"))
                    .clicked()
                {
                    action = Some((i, RowAction::Down));
                }
                if ui
                    .button("Remove")
                    .accessible_name(format!("Remove event #{n}"))
                    .clicked()
                {
                    action = Some((i, RowAction::Remove));
                }
            });
        }
        match action {
            Some((i, RowAction::Up)) if i > 0 => {
                self.journey.events.swap(i - 1, i);
                what = Some(format!("Move event #{} up in", i + 1));
            }
            Some((i, RowAction::Down)) if i + 1 < count => {
                self.journey.events.swap(i, i + 1);
                what = Some(format!("Move event #{} down in", i + 1));
            }
            Some((i, RowAction::Remove)) if i < count => {
                self.journey.events.remove(i);
                what = Some(format!("Remove event #{} from", i + 1));
            }
            _ => {}
        }

        if let Some(what) = what {
            self.edited(&what, false);
        } else if typed {
            self.edited("Edit", true);
        }
    }

    fn outcome_ui(&self, ui: &mut Ui, project: &Project) {
        let Some(outcome) = self.cache.outcome() else {
            return;
        };
        ui.strong("Timeline");
        // The sentences are the core's: `ppstudio simulate --format text` says the same.
        for (i, event) in crate::journey::timeline(project, &self.journey, outcome)
            .into_iter()
            .enumerate()
        {
            ui.label(RichText::new(event.head).strong());
            ui.indent(("journey-timeline", i), |ui| {
                if event.shown.is_empty() {
                    ui.weak("nothing shown");
                }
                for line in event.shown {
                    ui.label(line);
                }
            });
        }
        let reach = crate::journey::reach(project, &self.journey, outcome);
        if !self.journey.events.is_empty() && !project.steps.is_empty() {
            ui.add_space(6.0);
        }
        for (line, warn) in reach {
            if warn {
                ui.colored_label(ui.visuals().warn_fg_color, line);
            } else if self.journey.events.is_empty() || project.steps.is_empty() {
                // Nothing happened yet: no problem of the project, a hint.
                ui.weak(line);
            } else {
                ui.label(line);
            }
        }
    }
}

/// A row button of the events list.
#[derive(Debug, Clone, Copy)]
enum RowAction {
    Up,
    Down,
    Remove,
}

/// The triggers of the project in a few words: "login 1, login 3, visit /pricing*, click
/// upgrade-cta".
fn trigger_hints(project: &Project) -> String {
    let mut hints: Vec<String> = Vec::new();
    for s in &project.steps {
        let hint = match &s.trigger.kind {
            TriggerKind::FirstLogin => "login 1".to_string(),
            TriggerKind::LoginCount(n) => format!("login {n}"),
            TriggerKind::PageVisit(p) => format!("visit {p}"),
            TriggerKind::CtaClick(t) => format!("click {t}"),
            TriggerKind::Manual | TriggerKind::Unknown(_) => continue,
        };
        if !hints.contains(&hint) {
            hints.push(hint);
        }
    }
    hints.join(", ")
}

#[cfg(test)]
mod tests {
    use egui_kittest::Harness;

    use super::*;

    #[test]
    fn the_simulation_runs_when_inputs_change_not_per_frame() {
        let project = Project::default_project();
        let mut h = Harness::new_ui_state(
            |ui, (panel, revision): &mut (JourneyPanel, u64)| {
                panel.ui(ui, &project, *revision);
            },
            (JourneyPanel::default(), 1),
        );
        h.run_steps(10);
        assert_eq!(h.state().0.simulations(), 1);
        // A new revision that changed nothing the simulation reads keeps the outcome.
        h.state_mut().1 = 2;
        h.run_steps(10);
        assert_eq!(h.state().0.simulations(), 1);
        h.state_mut().0.set_journey(Journey {
            events: vec![Event::Login { dismiss: false }],
            ..Journey::default()
        });
        h.run_steps(10);
        assert_eq!(h.state().0.simulations(), 2);
    }

    /// The working copy follows the project's kept journey when the revision moves (undo),
    /// and another document brings its own.
    #[test]
    fn the_working_copy_follows_the_project() {
        use crate::edit::Document;
        let mut doc = Document::new(Project::default_project(), None);
        let mut panel = JourneyPanel::default();
        panel.follow_document(doc.project());
        assert_eq!(panel.name(), "Journey 1");
        panel.refresh(doc.project(), doc.revision());
        // A change: kept through the app, as `ui` asks.
        panel.journey.events.push(Event::Login { dismiss: false });
        panel.edited("Add login to", false);
        let edit =
            crate::journey::keep_journey(doc.project(), "Journey 1", panel.journey.to_json());
        panel.unkept = None;
        doc.apply(edit).unwrap();
        panel.refresh(doc.project(), doc.revision());
        assert_eq!(panel.journey().events.len(), 1);
        // Undo: the project no longer keeps it, the working copy is empty again.
        doc.undo();
        panel.refresh(doc.project(), doc.revision());
        assert_eq!(panel.journey(), Journey::default());
        doc.redo();
        panel.refresh(doc.project(), doc.revision());
        assert_eq!(panel.journey().events.len(), 1);
        // Another project with kept journeys: its first readable one.
        let mut other = Project::default_project();
        other.journeys = serde_json::from_value(serde_json::json!({
            "Broken": {"events": 3},
            "Two logins": {"events": [{"type": "login"}, {"type": "login"}]},
        }))
        .ok();
        panel.follow_document(&other);
        assert_eq!(panel.name(), "Two logins");
        assert_eq!(panel.journey().events.len(), 2);
        // A project whose "Journey 1" is taken: the next free name.
        let mut taken = Project::default_project();
        taken.journeys = serde_json::from_value(serde_json::json!({"Journey 1": 1})).ok();
        panel.follow_document(&taken);
        assert_eq!(panel.name(), "Journey 2");
        assert_eq!(panel.journey(), Journey::default());
    }
}
