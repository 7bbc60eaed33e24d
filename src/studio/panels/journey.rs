//! The journey panel: edit a sample consumer's journey (profile, events, per-journey site
//! options), see the timeline of prompts the simulator gives (forms and re-consents), and the
//! steps and fields the journey never reaches.
//!
//! The panel opens no file dialog and never edits the project: opening, saving and keeping a
//! journey in the project, and opening a profile file, are [`JourneyRequest`]s the app carries
//! out. The [`Outcome`] is computed by [`simulate`] only when the journey (a generation
//! counter bumped on every edit) or what the simulation reads of the project changes: each
//! step's identity, name, trigger and the platform rule's inputs ([`StepInputs`]), and the
//! settings. An edit that changes none of them (a label, a placeholder, an option, the
//! catalog) keeps the outcome; the app says which steps changed ([`Touched`]) so that only
//! those are compared.
//!
//! Choices where the issue is silent:
//! - The profile is edited as JSON (the platform's profile or a flat object), as a draft that
//!   is used with "Use this profile".
//! - Events are numbered from 1 on screen; the journey file and `simulate` keep 0-based
//!   indices.
//! - A new visit event starts with the first `page_visit` pattern of the project (its `*`
//!   removed), a new click with the first `cta_click` target, so that one click makes a
//!   useful event; both are editable.

use egui::{RichText, Ui};
use serde_json::{Map, Value};

use super::profile::{ProfileAction, ProfileEditor};
use crate::asked::StepInputs;
use crate::edit::Touched;
use crate::journey::{
    Event, JOURNEYS_KEY, Journey, JourneySettings, Outcome, journey_names, simulate,
};
use crate::project::{Id, Project, Settings, SiteOption, Step, TriggerKind};

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
    /// Show an open dialog for a consumer profile, then hand it to [`JourneyPanel::set_profile`].
    OpenProfile,
}

/// What [`simulate`] reads of one step.
#[derive(Debug)]
struct StepKey {
    id: Id,
    name: String,
    trigger: TriggerKind,
    inputs: StepInputs,
}

impl StepKey {
    fn of(step: &Step) -> StepKey {
        StepKey {
            id: step.id,
            name: step.name.clone(),
            trigger: step.trigger.kind.clone(),
            inputs: StepInputs::of(step),
        }
    }

    fn matches(&self, step: &Step) -> bool {
        self.id == step.id
            && self.name == step.name
            && self.trigger == step.trigger.kind
            && self.inputs.matches(step)
    }
}

/// The last simulation and what it was computed from.
#[derive(Debug)]
struct Cached {
    revision: u64,
    generation: u64,
    settings: Settings,
    steps: Vec<StepKey>,
    /// The registration form's field names (a sign-up gives them).
    registration: Option<Vec<String>>,
    outcome: Outcome,
}

/// The registration form's field names.
fn registration_names(project: &Project) -> Option<Vec<String>> {
    project
        .registration
        .as_ref()
        .map(|r| r.iter().map(|f| f.name.clone()).collect())
}

impl Cached {
    /// Whether `project` gives the simulation the same inputs; `touched` (when known) names
    /// the steps that may have changed since the cached revision, the others being compared
    /// by identity only.
    fn same_inputs(&self, project: &Project, touched: Option<&Touched>) -> bool {
        self.settings == project.settings
            && self.registration == registration_names(project)
            && self.steps.len() == project.steps.len()
            && self.steps.iter().zip(&project.steps).all(|(key, step)| {
                if touched.is_none_or(|t| t.step(step.id)) {
                    key.matches(step)
                } else {
                    key.id == step.id
                }
            })
    }
}

/// A message about the last load or save.
#[derive(Debug, Clone, PartialEq)]
enum Status {
    Info(String),
    Error(String),
}

/// The journey panel. UI state only; see the module notes.
#[derive(Debug, Default)]
pub struct JourneyPanel {
    /// The journey's profile draft.
    profile_editor: ProfileEditor,
    /// Profile, events, settings override and unknown keys.
    journey: Journey,
    /// The name under which "Save to project" keeps the journey.
    save_name: String,
    status: Option<Status>,
    /// Bumped on every edit of the journey.
    generation: u64,
    cached: Option<Cached>,
    /// How many times the cache was filled (tests check it is not per frame).
    computations: u64,
}

impl JourneyPanel {
    /// Draws the panel; returns what the app should do (open or save a file, keep the journey
    /// in the project).
    pub fn ui(&mut self, ui: &mut Ui, project: &Project, revision: u64) -> Vec<JourneyRequest> {
        let mut requests = Vec::new();
        self.refresh(project, revision);
        let generation_before = self.generation;
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
        if self.generation != generation_before {
            // The timeline drawn is one edit behind: draw again with a fresh simulation.
            ui.ctx().request_repaint();
        }
        requests
    }

    /// Loads a journey from a file's bytes (after the app's open dialog). `Err` says where
    /// (line, column) and what is wrong; the panel shows it too, and keeps its journey.
    pub fn load(&mut self, bytes: &[u8]) -> Result<(), String> {
        match Journey::from_bytes(bytes) {
            Ok(journey) => {
                self.set_journey(journey);
                self.status = Some(Status::Info("Journey loaded from the file.".into()));
                Ok(())
            }
            Err(e) => {
                let message = format!(
                    "The journey file could not be read: line {}, column {}: {}",
                    e.line, e.column, e.message
                );
                self.status = Some(Status::Error(message.clone()));
                Err(message)
            }
        }
    }

    /// Replaces the journey being edited.
    pub fn set_journey(&mut self, journey: Journey) {
        self.profile_editor.show_profile(Some(&journey.profile));
        self.journey = journey;
        self.edited();
    }

    /// Replaces the journey's profile (a profile file the app opened).
    pub fn set_profile(&mut self, profile: Map<String, Value>) {
        self.profile_editor.show_profile(Some(&profile));
        self.journey.profile = profile;
        self.edited();
    }

    /// Shows an error about a profile file in the profile box.
    pub fn profile_error(&mut self, message: String) {
        self.profile_editor.set_error(message);
    }

    /// The journey being edited, as the simulator reads it.
    pub fn journey(&self) -> Journey {
        self.journey.clone()
    }

    /// The last simulation, if the panel ran one (see [`JourneyPanel::refresh`]).
    pub fn outcome(&self) -> Option<&Outcome> {
        self.cached.as_ref().map(|c| &c.outcome)
    }

    /// For the step cards: the steps that never showed and the fields never asked, in the last
    /// simulation (`None` before the first one or right after a load).
    pub fn highlights(&self) -> Option<(&[String], &[String])> {
        self.outcome()
            .map(|o| (o.never_fired.as_slice(), o.never_asked.as_slice()))
    }

    /// How many simulations the panel ran: changes whenever [`JourneyPanel::outcome`] does.
    pub fn simulations(&self) -> u64 {
        self.computations
    }

    /// Runs the simulation again if the journey, or what the simulation reads of the project,
    /// changed since the last run (every step compared when the revision moved).
    /// [`JourneyPanel::ui`] calls it; call [`JourneyPanel::refresh_since`] when the panel is
    /// hidden and [`JourneyPanel::highlights`] should follow the project.
    pub fn refresh(&mut self, project: &Project, revision: u64) {
        self.refresh_with(project, revision, |_| None);
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
        self.refresh_with(project, revision, |r| Some(changes_since(r)));
    }

    fn refresh_with(
        &mut self,
        project: &Project,
        revision: u64,
        changes_since: impl FnOnce(u64) -> Option<Touched>,
    ) {
        if let Some(c) = &mut self.cached
            && c.generation == self.generation
        {
            if c.revision == revision {
                return;
            }
            // A later revision of the same document, or another document: its changes say
            // which steps to compare (everything for another document).
            let touched = if revision > c.revision {
                changes_since(c.revision)
            } else {
                None
            };
            if c.same_inputs(project, touched.as_ref()) {
                c.revision = revision;
                return;
            }
        }
        let outcome = simulate(project, &self.journey());
        self.computations += 1;
        self.cached = Some(Cached {
            revision,
            generation: self.generation,
            settings: project.settings.clone(),
            steps: project.steps.iter().map(StepKey::of).collect(),
            registration: registration_names(project),
            outcome,
        });
    }

    fn edited(&mut self) {
        self.generation += 1;
    }

    fn files_ui(&mut self, ui: &mut Ui, project: &Project, requests: &mut Vec<JourneyRequest>) {
        ui.horizontal_wrapped(|ui| {
            if ui.button("Open journey file…").clicked() {
                requests.push(JourneyRequest::OpenFile);
            }
            if ui.button("Save journey to file…").clicked() {
                requests.push(JourneyRequest::SaveFile(self.journey().to_text()));
            }
        });

        let names = journey_names(project);
        ui.horizontal_wrapped(|ui| {
            ui.label("Journeys kept in the project:");
            if names.is_empty() {
                ui.weak("none yet");
            }
            for name in &names {
                if ui
                    .button(format!("Load \"{name}\""))
                    .on_hover_text("Replace the journey being edited with this one")
                    .clicked()
                {
                    self.load_named(project, name);
                }
            }
        });
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
                .add_enabled(!name.is_empty(), egui::Button::new("Save to project"))
                .on_disabled_hover_text("Give the journey a name first");
            if save.clicked() {
                requests.push(JourneyRequest::SaveToProject {
                    name: name.clone(),
                    journey: self.journey().to_json(),
                });
                self.status = Some(Status::Info(format!(
                    "Journey \"{name}\" kept in the project."
                )));
            }
            if names.contains(&name) {
                ui.weak("(replaces the journey of that name)");
            }
        });
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

    /// Loads the journey `name` of the project's `journeys` object.
    fn load_named(&mut self, project: &Project, name: &str) {
        let value = project
            .extra
            .get(JOURNEYS_KEY)
            .and_then(Value::as_object)
            .and_then(|m| m.get(name));
        let Some(value) = value else {
            self.status = Some(Status::Error(format!(
                "The project has no journey named \"{name}\"."
            )));
            return;
        };
        let text = serde_json::to_string_pretty(value).unwrap_or_default();
        match Journey::from_bytes(text.as_bytes()) {
            Ok(journey) => {
                self.set_journey(journey);
                self.save_name = name.to_string();
                self.status = Some(Status::Info(format!(
                    "Journey \"{name}\" loaded from the project."
                )));
            }
            Err(e) => {
                self.status = Some(Status::Error(format!(
                    "The project's journey \"{name}\" could not be read: {} (line {}, column {} \
                     of that journey)",
                    e.message, e.line, e.column
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
            self.edited();
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
                self.edited();
            }
            Some(ProfileAction::Clear) => {
                self.journey.profile = Map::new();
                self.edited();
            }
            Some(ProfileAction::OpenFile) => requests.push(JourneyRequest::OpenProfile),
            None => {}
        }
    }

    fn events_ui(&mut self, ui: &mut Ui, project: &Project) {
        ui.strong("Events");
        if self.journey.events.is_empty() {
            ui.weak("No events yet: add a login, a page visit or a click.");
        }
        let mut action: Option<(usize, RowAction)> = None;
        let mut changed = false;
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
                        changed |= ui
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
                        changed |= ui
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
                if let Some(dismiss) = dismiss {
                    changed |= ui
                        .checkbox(dismiss, "dismiss")
                        .on_hover_text(
                            "The consumer closes what this event shows without submitting",
                        )
                        .accessible_name(format!("Dismiss event #{n}"))
                        .changed();
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
            Some((i, RowAction::Up)) if i > 0 => self.journey.events.swap(i - 1, i),
            Some((i, RowAction::Down)) if i + 1 < count => self.journey.events.swap(i, i + 1),
            Some((i, RowAction::Remove)) if i < count => {
                self.journey.events.remove(i);
            }
            _ => {}
        }
        changed |= action.is_some();

        ui.horizontal_wrapped(|ui| {
            if project.registration.is_some() && ui.button("Add sign-up").clicked() {
                self.journey.events.push(Event::SignUp);
                changed = true;
            }
            if ui.button("Add login").clicked() {
                self.journey.events.push(Event::Login { dismiss: false });
                changed = true;
            }
            if ui.button("Add visit").clicked() {
                self.journey.events.push(Event::Visit {
                    path: crate::journey::default_visit_path(project),
                    dismiss: false,
                });
                changed = true;
            }
            if ui.button("Add click").clicked() {
                self.journey.events.push(Event::Click {
                    target: crate::journey::default_click_target(project),
                    dismiss: false,
                });
                changed = true;
            }
        });
        let hints = trigger_hints(project);
        if !hints.is_empty() {
            ui.weak(format!("This project's steps fire on: {hints}"));
        }
        if changed {
            self.edited();
        }
    }

    fn outcome_ui(&self, ui: &mut Ui, project: &Project) {
        let Some(cached) = &self.cached else {
            return;
        };
        let outcome = &cached.outcome;
        ui.strong("Timeline");
        let mut logins = 0u64;
        for (i, event) in self.journey.events.iter().enumerate() {
            if let Event::Login { .. } = event {
                logins += 1;
            }
            let mut head = format!("#{} {}", i + 1, describe_event(event, logins));
            if event.dismiss() {
                head.push_str(" (dismissed)");
            }
            ui.label(RichText::new(head).strong());
            ui.indent(("journey-timeline", i), |ui| {
                self.prompts_ui(ui, project, outcome, i);
            });
        }
        if self.journey.events.is_empty() {
            ui.weak("Add events to see what the consumer is shown.");
        }
        ui.add_space(6.0);
        if outcome.never_fired.is_empty() {
            ui.label("Every step shows at least once.");
        } else {
            ui.colored_label(
                ui.visuals().warn_fg_color,
                format!("Steps that never show: {}", outcome.never_fired.join(", ")),
            );
        }
        if outcome.never_asked.is_empty() {
            ui.label("Every field is asked at least once.");
        } else {
            ui.colored_label(
                ui.visuals().warn_fg_color,
                format!("Fields never asked: {}", outcome.never_asked.join(", ")),
            );
        }
    }

    /// The steps event `i` showed: forms with their fields' labels and names, re-consents
    /// with the provider and scopes. Steps due at one event show one after the other, as the
    /// snippet shows them: each after the previous one ends.
    fn prompts_ui(&self, ui: &mut Ui, project: &Project, outcome: &Outcome, i: usize) {
        let mut previous: Option<&str> = None;
        for prompt in outcome.prompts.iter().filter(|p| p.event == i) {
            let then = previous.map_or(String::new(), |p| format!("then, once \"{p}\" ends, "));
            previous = Some(&prompt.step);
            if let Some(consent) = &prompt.consent {
                let scopes = if consent.scopes.is_empty() {
                    "no scope".to_string()
                } else {
                    consent.scopes.clone()
                };
                ui.label(format!(
                    "{then}\"{}\" sends the consumer to {} to re-consent ({scopes})",
                    prompt.step, consent.provider
                ));
                continue;
            }
            let step = project.steps.iter().find(|s| s.name == prompt.step);
            let fields: Vec<String> = prompt
                .fields
                .iter()
                .map(|name| {
                    match step
                        .and_then(|s| s.field(name))
                        .map(|f| f.display.as_str())
                        .filter(|d| !d.is_empty())
                    {
                        Some(display) => format!("{display} ({name})"),
                        None => name.clone(),
                    }
                })
                .collect();
            ui.label(format!(
                "{then}shows \"{}\": {}",
                prompt.step,
                fields.join(", ")
            ));
        }
        if previous.is_none() {
            ui.weak("nothing shown");
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

/// What an event is, in the timeline's words: "Login #3", "Visit /pricing/teams",
/// "Click upgrade-cta" (`logins` is the login count after the event).
pub fn describe_event(event: &Event, logins: u64) -> String {
    match event {
        Event::Login { .. } => format!("Login #{logins}"),
        Event::Visit { path, .. } => format!("Visit {path}"),
        Event::Click { target, .. } => format!("Click {target}"),
        Event::SignUp => "Sign-up through the registration form".into(),
    }
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
        assert_eq!(h.state().0.computations, 1);
        // A new revision that changed nothing the simulation reads keeps the outcome.
        h.state_mut().1 = 2;
        h.run_steps(10);
        assert_eq!(h.state().0.computations, 1);
        h.state_mut().0.set_journey(Journey::default());
        h.run_steps(10);
        assert_eq!(h.state().0.computations, 2);
    }

    /// The marks follow every edit the simulation can see, and only those rerun it.
    #[test]
    fn an_edit_reruns_the_simulation_only_when_it_changes_what_the_journey_reads() {
        use crate::edit::{Document, Edit, FieldProp};
        let mut doc = Document::new(Project::default_project(), None);
        let mut panel = JourneyPanel::default();
        let journey = Journey {
            events: vec![Event::Login { dismiss: false }],
            ..Journey::default()
        };
        panel.set_journey(journey.clone());
        let refresh = |panel: &mut JourneyPanel, doc: &Document| {
            panel.refresh_since(doc.project(), doc.revision(), |r| doc.changes_since(r));
            assert_eq!(
                panel.outcome(),
                Some(&simulate(doc.project(), &journey)),
                "the cached outcome is the simulation's"
            );
            panel.simulations()
        };
        let first = refresh(&mut panel, &doc);
        let si = doc
            .project()
            .steps
            .iter()
            .position(|s| s.trigger.kind == TriggerKind::FirstLogin)
            .expect("a first-login step");
        let step = doc.project().steps[si].id;
        let field = doc.project().steps[si].fields[0].id;
        let name = doc.project().steps[si].name.clone();
        assert!(!panel.outcome().unwrap().never_fired.contains(&name));

        // A label, a placeholder-like edit: the same inputs, no new simulation.
        doc.apply_typing(Edit::SetField {
            field,
            prop: FieldProp::Display("Employer".into()),
        })
        .unwrap();
        assert_eq!(refresh(&mut panel, &doc), first);

        // The trigger: the step no longer fires on the first login.
        doc.apply(Edit::SetTrigger {
            step,
            trigger: TriggerKind::LoginCount(7).into(),
        })
        .unwrap();
        let second = refresh(&mut panel, &doc);
        assert_eq!(second, first + 1);
        assert!(panel.outcome().unwrap().never_fired.contains(&name));

        // Undo puts the mark back.
        doc.undo();
        assert_eq!(refresh(&mut panel, &doc), second + 1);
        assert!(!panel.outcome().unwrap().never_fired.contains(&name));

        // A field's name (what is asked) and the settings rerun it too.
        doc.apply(Edit::SetField {
            field,
            prop: FieldProp::Name("cf_Renamed".into()),
        })
        .unwrap();
        assert_eq!(refresh(&mut panel, &doc), second + 2);
        let mut settings = doc.project().settings.clone();
        settings.ask_optional_fields = !settings.ask_optional_fields;
        doc.apply(Edit::SetSettings(settings)).unwrap();
        assert_eq!(refresh(&mut panel, &doc), second + 3);

        // Another document: everything compared.
        doc.replace(Project::default_project(), None);
        assert_eq!(refresh(&mut panel, &doc), second + 4);
    }
}
