//! The live preview: the selected step as the consumer's form, validated as the browser
//! validates it, for the project's sample profile and site options, with the JSON a submit
//! would post.
//!
//! The sample profile (the platform's profile JSON, or a flat object) is the project's
//! (`sampleProfile`, so that `check` sees it): using a pasted or opened profile is an edit,
//! undoable. The options are the project settings'. Typed values, the width and the touched
//! state are UI state: they never enter the project. The [`StepPreview`] is computed by
//! [`Preview`] only when the project revision, the step or this panel's inputs change (a
//! generation counter bumped on every edit), never per frame.
//!
//! For every field the panel says what the platform decides (known, never asked, asked) and
//! why, in one sentence; a social consumer's path shows the re-consent (provider and scopes)
//! instead of the form, or that nothing happens.
//!
//! Choices where the issue is silent:
//! - Typed values are kept per step: selecting another step starts a fresh form.
//! - A message shows under a field once the field was changed or left, and under every field
//!   after Submit, as browsers do.
//! - A date field (`string` with `callback_valid_date`) is a text input hinted `MM-DD-YYYY`;
//!   the UI says so next to it.
//! - A field of a type the platform does not know is drawn as a text input, with a note.
//! - In a locale (the Language picker), the step is drawn as `crate::l10n` localizes it: the
//!   locale's labels and placeholders on the fields, its templates in the engine, its button.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use egui::{RichText, Ui};
use serde_json::Value;

use super::profile::{ProfileAction, ProfileEditor};
use super::{Action, ProfileTarget};
use crate::edit::Edit;
pub use crate::preview::SubmitResult;
use crate::preview::{
    FieldPreview, FieldState, Preview, StepPreview, is_checked, label_text, no_verdict_mark,
    submit_result,
};
use crate::project::{Field, FieldType, Id, Project, SiteOption, Step};
use crate::rules::eval::FULL_MATCH_TIMEOUT;

/// The options a product manager reads in the preview's header: those that are on.
fn options_on(project: &Project) -> String {
    let on: Vec<&str> = SiteOption::ALL
        .into_iter()
        .filter(|o| project.settings.get(*o))
        .map(SiteOption::key)
        .collect();
    if on.is_empty() {
        "every site option is off".to_string()
    } else {
        format!("on: {}", on.join(", "))
    }
}

/// The edit that makes `profile` the project's sample profile (`None`: no sample profile).
pub fn set_sample_profile(profile: Option<serde_json::Map<String, Value>>) -> Action {
    let label = if profile.is_some() {
        "Set the sample profile"
    } else {
        "Clear the sample profile"
    };
    Action::EditLabelled(Edit::SetSampleProfile(profile), label.to_string())
}

/// The logical widths the form is drawn at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum WidthPreset {
    /// 375 points.
    #[default]
    Phone,
    /// 768 points.
    Tablet,
    /// 1280 points.
    Desktop,
}

impl WidthPreset {
    /// Every preset, narrowest first.
    pub const ALL: [WidthPreset; 3] = [
        WidthPreset::Phone,
        WidthPreset::Tablet,
        WidthPreset::Desktop,
    ];

    /// The form's logical width.
    pub fn width(self) -> f32 {
        match self {
            WidthPreset::Phone => 375.0,
            WidthPreset::Tablet => 768.0,
            WidthPreset::Desktop => 1280.0,
        }
    }

    /// The button's words.
    pub fn title(self) -> &'static str {
        match self {
            WidthPreset::Phone => "Phone 375",
            WidthPreset::Tablet => "Tablet 768",
            WidthPreset::Desktop => "Desktop 1280",
        }
    }
}

/// The form's state for the step being previewed.
#[derive(Debug, Default)]
struct FormState {
    /// Field name to typed value (a name not here has the field's starting value).
    values: HashMap<String, String>,
    /// Fields the user changed or left: their messages show.
    touched: HashSet<String>,
    /// Submit was pressed: every message shows.
    submitted: bool,
    /// The last submit, the generation and the project revision it was made at.
    last_submit: Option<(SubmitResult, u64, u64)>,
}

/// The preview computed for a (revision, step, generation).
#[derive(Debug)]
struct Cached {
    revision: u64,
    step: Id,
    generation: u64,
    preview: StepPreview,
}

/// The step and the templates in the chosen locale, for a (revision, step, locale).
#[derive(Debug)]
struct Localized {
    revision: u64,
    step: Id,
    code: String,
    shown: Arc<Step>,
    button: String,
}

/// The live preview panel. UI state only; see the module notes.
#[derive(Debug, Default)]
pub struct PreviewPanel {
    /// The locale the form is shown in (`None`: the source language).
    locale: Option<String>,
    localized: Option<Localized>,
    engine: Preview,
    /// The step whose values `form` holds.
    form_step: Option<Id>,
    form: FormState,
    /// The sample profile's draft.
    profile: ProfileEditor,
    /// The revision the draft was last shown from.
    profile_revision: Option<u64>,
    width: WidthPreset,
    /// Bumped on every edit of this panel's inputs.
    generation: u64,
    cached: Option<Cached>,
    /// How many times the cache was filled (tests check it is not per frame).
    computations: u64,
    /// Where the Submit button was drawn last (the screenshot driver clicks it).
    submit_rect: Option<egui::Rect>,
    /// Whether the consumer view is open: the form at full size in the middle of the window,
    /// the reasons beside it (the side tab then only says so).
    large: bool,
}

impl PreviewPanel {
    /// Where the Submit button was drawn in the last frame, if it was.
    pub fn submit_rect(&self) -> Option<egui::Rect> {
        self.submit_rect
    }

    /// Whether the consumer view (the preview at full size in the middle) is open.
    pub fn is_large(&self) -> bool {
        self.large
    }

    /// Opens or closes the consumer view.
    pub fn set_large(&mut self, large: bool) {
        self.large = large;
    }

    /// Shows an error about a profile file in the sample-profile box.
    pub fn profile_error(&mut self, message: String) {
        self.profile.set_error(message);
    }

    /// Draws the preview of the step `step` of `project` (`None`: asks for a selection).
    /// `revision` changes whenever the project changes; the preview is recomputed only then,
    /// when the step changes, or when the user edits something here. Returns the edits the
    /// user asked for (the sample profile) and the requests for the app (open a profile file,
    /// show the project settings).
    pub fn ui(
        &mut self,
        ui: &mut Ui,
        project: &Project,
        revision: u64,
        step: Option<Id>,
    ) -> Vec<Action> {
        if self.large {
            ui.label("The consumer view is open in the middle of the window.");
            if ui.button("Back to the steps").clicked() {
                self.large = false;
            }
            return Vec::new();
        }
        self.draw(ui, project, revision, step, false)
    }

    /// Draws the consumer view: the form at the chosen device width with what Submit did
    /// right under it, and beside it why each field is asked, the site options and the
    /// sample profile.
    pub fn ui_large(
        &mut self,
        ui: &mut Ui,
        project: &Project,
        revision: u64,
        step: Option<Id>,
    ) -> Vec<Action> {
        self.draw(ui, project, revision, step, true)
    }

    fn draw(
        &mut self,
        ui: &mut Ui,
        project: &Project,
        revision: u64,
        step: Option<Id>,
        large: bool,
    ) -> Vec<Action> {
        let mut actions = Vec::new();
        if self.profile_revision != Some(revision) && !self.profile.is_edited() {
            self.profile.show_profile(project.sample_profile());
            self.profile_revision = Some(revision);
        }
        let Some(step) = step.and_then(|id| project.step(id)) else {
            ui.label("Select a step or a field to preview its step.");
            return actions;
        };
        if self.form_step != Some(step.id) {
            self.form_step = Some(step.id);
            self.form = FormState::default();
            self.generation += 1;
        }
        let shown = self.localize(project, revision, step);
        let step: &Step = shown.as_deref().unwrap_or(step);
        if !self.engine.has_waker() {
            // A background check that answers asks for a frame (see `Preview`).
            let ctx = ui.ctx().clone();
            self.engine.set_waker(move || ctx.request_repaint());
        }
        if self.engine.poll() {
            self.generation += 1;
        }
        self.refresh(project, step, revision);

        // A submit made before the project or the sample profile changed says nothing of
        // the form now: it goes.
        if self
            .form
            .last_submit
            .as_ref()
            .is_some_and(|(_, _, r)| *r != revision)
        {
            self.form.last_submit = None;
        }
        let generation_before = self.generation;
        let mut submit_clicked = false;
        if large {
            let full = ui.available_rect_before_wrap();
            // The form gets its device width where the window allows, the reasons the rest
            // (at least 300 points).
            let form_w = (self.width.width() + 40.0)
                .min(full.width() - 300.0)
                .max(320.0);
            let left = egui::Rect::from_min_size(full.min, egui::vec2(form_w, full.height()));
            let right =
                egui::Rect::from_min_max(egui::pos2(left.max.x + 12.0, full.min.y), full.max);
            ui.scope_builder(egui::UiBuilder::new().max_rect(left), |ui| {
                egui::ScrollArea::both()
                    .id_salt("consumer-view-form")
                    .auto_shrink([false, false])
                    .show(ui, |ui| {
                        submit_clicked = self.form_ui(ui, step);
                        self.submit_result_ui(ui);
                    });
            });
            ui.scope_builder(egui::UiBuilder::new().max_rect(right), |ui| {
                egui::ScrollArea::vertical()
                    .id_salt("consumer-view-reasons")
                    .auto_shrink([false, false])
                    .show(ui, |ui| {
                        self.header_ui(ui, project, step, &mut actions);
                        ui.separator();
                        self.decisions_ui(ui, step);
                        ui.separator();
                        self.profile_ui(ui, &mut actions);
                    });
            });
            ui.advance_cursor_after_rect(full);
        } else {
            // The form comes first after the header: at 800x500 it is in sight, and what
            // Submit did is right under its button.
            egui::ScrollArea::vertical()
                .id_salt("preview-panel-scroll")
                .auto_shrink([false, true])
                .show(ui, |ui| {
                    self.header_ui(ui, project, step, &mut actions);
                    ui.separator();
                    submit_clicked = self.form_ui(ui, step);
                    self.submit_result_ui(ui);
                    ui.separator();
                    self.decisions_ui(ui, step);
                    ui.separator();
                    self.profile_ui(ui, &mut actions);
                });
        }

        if submit_clicked {
            // Submit sees the values typed in this very frame.
            self.refresh(project, step, revision);
            self.form.submitted = true;
            if let Some(cached) = &self.cached {
                let result = submit_result(step, &cached.preview);
                self.form.last_submit = Some((result, self.generation, revision));
            }
            ui.ctx().request_repaint();
        }
        if self.generation != generation_before {
            // The verdicts shown are one edit behind: draw again with fresh ones.
            ui.ctx().request_repaint();
        }
        actions
    }

    /// The locale the form is shown in (`None`: the source language).
    pub fn locale(&self) -> Option<&str> {
        self.locale.as_deref()
    }

    /// Shows the form in the locale `code` (`None`: the source language).
    pub fn set_locale(&mut self, code: Option<String>) {
        if self.locale != code {
            self.locale = code;
            self.generation += 1;
        }
    }

    /// The step in the chosen locale (`None`: the source language, or a locale the project
    /// no longer has), remembered per revision; the engine takes the locale's templates.
    fn localize(&mut self, project: &Project, revision: u64, step: &Step) -> Option<Arc<Step>> {
        let locale = self.locale.as_deref().and_then(|c| project.locales.get(c));
        let Some(locale) = locale else {
            if self.localized.take().is_some() {
                self.engine
                    .set_messages(Arc::new(crate::rules::Messages::platform()));
                self.generation += 1;
            }
            return None;
        };
        let fresh = self
            .localized
            .as_ref()
            .is_some_and(|l| l.revision == revision && l.step == step.id && l.code == locale.code);
        if !fresh {
            self.engine
                .set_messages(Arc::new(crate::l10n::messages(locale)));
            self.localized = Some(Localized {
                revision,
                step: step.id,
                code: locale.code.clone(),
                shown: Arc::new(crate::l10n::localized_step(step, locale)),
                button: crate::l10n::button_text(Some(locale)).to_string(),
            });
            self.generation += 1;
        }
        self.localized.as_ref().map(|l| Arc::clone(&l.shown))
    }

    /// The submit button's text in the chosen locale.
    fn button(&self) -> &str {
        self.localized
            .as_ref()
            .map_or(crate::l10n::SOURCE_BUTTON, |l| l.button.as_str())
    }

    /// The result of the last Submit, if any (cleared by Reset and by selecting another step).
    pub fn last_submit(&self) -> Option<&SubmitResult> {
        self.form.last_submit.as_ref().map(|(r, _, _)| r)
    }

    /// The preview drawn last, if any.
    pub fn step_preview(&self) -> Option<&StepPreview> {
        self.cached.as_ref().map(|c| &c.preview)
    }

    /// Recomputes the preview when its inputs changed since the last computation.
    fn refresh(&mut self, project: &Project, step: &Step, revision: u64) {
        let fresh = self.cached.as_ref().is_some_and(|c| {
            c.revision == revision && c.step == step.id && c.generation == self.generation
        });
        if fresh {
            return;
        }
        let empty = serde_json::Map::new();
        let profile = project.sample_profile().unwrap_or(&empty);
        let preview = self
            .engine
            .compute(step, profile, &project.settings, &self.form.values);
        self.computations += 1;
        self.cached = Some(Cached {
            revision,
            step: step.id,
            generation: self.generation,
            preview,
        });
    }

    fn header_ui(&mut self, ui: &mut Ui, project: &Project, step: &Step, out: &mut Vec<Action>) {
        ui.horizontal(|ui| {
            if self.large {
                if ui
                    .button("Back to the steps")
                    .on_hover_text("Close the consumer view (Escape)")
                    .clicked()
                {
                    self.large = false;
                }
            } else if ui
                .button("Consumer view")
                .on_hover_text(
                    "The form at full size in the middle of the window, the reasons beside it",
                )
                .clicked()
            {
                self.large = true;
            }
            ui.add(
                egui::Label::new(RichText::new(format!("Preview: {}", step.name)).heading())
                    .truncate(),
            );
        });
        ui.weak(step.trigger.kind.describe());
        ui.horizontal_wrapped(|ui| {
            ui.label("Width:");
            // Width is presentation only: it does not touch the preview.
            for preset in WidthPreset::ALL {
                ui.selectable_value(&mut self.width, preset, preset.title());
            }
            if ui
                .button("Reset")
                .on_hover_text("Clear the typed values, the touched state and the submit result")
                .clicked()
            {
                self.form = FormState::default();
                self.generation += 1;
            }
        });
        ui.horizontal_wrapped(|ui| {
            // The button first: it stays in place whatever the options' text.
            if ui
                .button("Project settings…")
                .on_hover_text("The preview follows the project's site options")
                .clicked()
            {
                out.push(Action::Command(
                    super::super::commands::Command::ProjectSettings,
                ));
            }
            ui.label(format!("Site options ({}).", options_on(project)));
        });
        self.locale_ui(ui, project);
    }

    /// The Language picker: the source language or one of the project's locales.
    fn locale_ui(&mut self, ui: &mut Ui, project: &Project) {
        ui.horizontal_wrapped(|ui| {
            let label = ui.label("Language:");
            let mut chosen = self.locale.clone();
            let current = chosen.as_deref().unwrap_or("Source language").to_string();
            crate::studio::widgets::combo::combo(
                ui,
                label.id,
                "preview-locale",
                &current,
                Some(140.0),
                |ui| {
                    ui.selectable_value(&mut chosen, None, "Source language");
                    for code in project.locales.codes() {
                        ui.selectable_value(&mut chosen, Some(code.to_string()), code);
                    }
                },
            );
            self.set_locale(chosen);
            if project.locales.is_empty() {
                ui.weak("(no translations yet: add a locale in the Translations tab)");
            }
        });
    }

    fn profile_ui(&mut self, ui: &mut Ui, out: &mut Vec<Action>) {
        ui.strong("Sample profile");
        ui.weak(
            "The consumer the preview is for, as the platform returns the profile (kept in the \
             project, so check sees it too). With no Provider, an email consumer.",
        );
        match self.profile.ui(ui, "Sample profile", "preview") {
            Some(ProfileAction::Use(map)) => out.push(set_sample_profile(Some(map))),
            Some(ProfileAction::Clear) => out.push(set_sample_profile(None)),
            Some(ProfileAction::OpenFile) => {
                out.push(Action::OpenProfile(ProfileTarget::SampleProfile));
            }
            None => {}
        }
    }

    /// What the platform decides for each field of the step, and why.
    fn decisions_ui(&self, ui: &mut Ui, step: &Step) {
        let Some(cached) = &self.cached else {
            return;
        };
        let preview = &cached.preview;
        ui.strong("What this consumer gets");
        ui.label(preview.summary.as_str());
        if let Some(consent) = &preview.consent {
            egui::Frame::group(ui.style()).show(ui, |ui| {
                ui.label(RichText::new(format!("Re-consent with {}", consent.provider)).strong());
                if consent.scopes.is_empty() {
                    ui.label("Scopes: (none)");
                } else {
                    ui.label(format!("Scopes: {}", consent.scopes));
                }
            });
        }
        if preview.fields.iter().any(|f| !f.reason.is_empty()) {
            for (f, p) in step.fields.iter().zip(&preview.fields) {
                let note = match p.state {
                    FieldState::Hidden | FieldState::StepNotShown => {
                        format!(" ({})", p.state.why().unwrap_or_default())
                    }
                    _ => String::new(),
                };
                let text = format!("{} [{}] {}{note}", label_text(f), f.name, p.reason);
                let rich = match p.state {
                    FieldState::Shown | FieldState::Hidden => RichText::new(text),
                    _ => RichText::new(text).weak(),
                };
                ui.label(rich);
            }
        }
    }

    /// Draws the form; returns whether Submit was clicked.
    fn form_ui(&mut self, ui: &mut Ui, step: &Step) -> bool {
        let Some(cached) = &self.cached else {
            return false;
        };
        let preview = &cached.preview;
        if preview.timed_out {
            ui.colored_label(
                ui.visuals().error_fg_color,
                format!(
                    "The consumer's page would freeze on a value of this form: a validation \
                     regex ran past {} ms and was stopped (the browser has no limit and keeps \
                     going). The studio has no verdict for that field. Simplify the \
                     custom_validation pattern.",
                    FULL_MATCH_TIMEOUT.as_millis()
                ),
            );
        }
        if preview.checking {
            ui.colored_label(
                ui.visuals().warn_fg_color,
                "A validation regex is slow on a value of this form: checking it in the \
                 background…",
            );
        }
        if preview.throws {
            ui.colored_label(
                ui.visuals().error_fg_color,
                "The browser's validator throws on this form: validation breaks for the whole \
                 form. See the field's rules.",
            );
        }
        if !preview.shown() {
            ui.weak("No form: the consumer is not shown this step's fields.");
            return false;
        }

        let width = self.width.width();
        let button_text = self.button().to_string();
        let form = &mut self.form;
        let generation = &mut self.generation;
        let mut submit = false;
        egui::ScrollArea::horizontal()
            .id_salt("preview-form-scroll")
            .auto_shrink([false, true])
            .show(ui, |ui| {
                egui::Frame::group(ui.style()).show(ui, |ui| {
                    let inner = width - 2.0 * ui.spacing().item_spacing.x;
                    ui.set_width(inner.max(100.0));
                    ui.weak(format!("{} form, {} points wide", step.name, width));
                    for (f, p) in step.fields.iter().zip(&preview.fields) {
                        if p.state == FieldState::Shown {
                            *generation += u64::from(field_ui(ui, f, p, form));
                            ui.add_space(4.0);
                        }
                    }
                    let button = ui.button(button_text.as_str());
                    self.submit_rect = Some(button.rect);
                    submit = button.clicked();
                });
            });
        submit
    }

    fn submit_result_ui(&self, ui: &mut Ui) {
        let Some((result, at, _)) = &self.form.last_submit else {
            return;
        };
        ui.separator();
        match result {
            SubmitResult::Posted(json) => {
                ui.horizontal(|ui| {
                    ui.strong("Submit would post:");
                    if ui.button("Copy JSON").clicked() {
                        ui.ctx().copy_text(json.clone());
                    }
                });
                let label = ui.label("Posted JSON");
                let mut text = json.as_str();
                ui.add(
                    egui::TextEdit::multiline(&mut text)
                        .id_salt("preview-posted-json")
                        .code_editor()
                        .desired_width(f32::INFINITY),
                )
                .labelled_by(label.id);
            }
            SubmitResult::Invalid(problems) => {
                ui.colored_label(
                    ui.visuals().error_fg_color,
                    "Not submitted: the browser blocks the form.",
                );
                for (display, message) in problems {
                    ui.label(format!("{display}: {message}"));
                }
            }
            SubmitResult::Unknown(fields) => {
                ui.colored_label(
                    ui.visuals().warn_fg_color,
                    "The studio cannot say what Submit does in the browser:",
                );
                for (display, why) in fields {
                    ui.label(format!("{display}: {why}"));
                }
            }
        }
        if *at != self.generation {
            ui.weak("(the form changed since this submit)");
        }
    }
}

/// The text of the mark beside a field the platform marks `lr-required`.
pub const REQUIRED_MARK: &str = "*";

/// The mark's explanation: the platform adds a class, the site's style sheet decides.
const REQUIRED_HOVER: &str = "The platform gives this field the class lr-required (its rules \
    contain \"required\"): whether consumers see a mark is up to the site's style sheet.";

/// Draws a field's label, with the required mark when the platform marks it `lr-required`.
fn field_label(ui: &mut Ui, f: &Field) -> egui::Response {
    ui.horizontal(|ui| {
        let label = ui.label(label_text(f));
        required_mark(ui, f);
        label
    })
    .inner
}

/// The required mark, when the field's rules contain `required` (MARKUP.md's class rule).
fn required_mark(ui: &mut Ui, f: &Field) {
    if f.rules.contains("required") {
        ui.colored_label(ui.visuals().warn_fg_color, REQUIRED_MARK)
            .on_hover_text(REQUIRED_HOVER);
    }
}

/// Draws one shown field with its message; returns whether its value changed.
fn field_ui(ui: &mut Ui, f: &Field, p: &FieldPreview, form: &mut FormState) -> bool {
    let mut value = p.value.clone();
    let mut touched = false;
    // `permission` "r" changes nothing in a step's form (MARKUP.md): the field stays editable.
    let enabled = true;
    let placeholder = f.extra_str("placeholder").unwrap_or("");
    let is_date = f.field_type == FieldType::String && f.rules.contains("callback_valid_date");
    let id = f.id;

    let response = match &f.field_type {
        FieldType::Multi => {
            let mut checked = is_checked(&value);
            let r = ui
                .horizontal(|ui| {
                    let r =
                        ui.add_enabled(enabled, egui::Checkbox::new(&mut checked, label_text(f)));
                    required_mark(ui, f);
                    r
                })
                .inner;
            value = if checked { "true" } else { "" }.to_string();
            r
        }
        FieldType::Option => {
            let label = field_label(ui, f);
            // The choices as the platform renders them (a country's value is value|text; a
            // DataSource empties the list).
            let options = crate::report::markup::option_choices(f);
            let selected = if value.is_empty() {
                "-- select --".to_string()
            } else {
                options
                    .iter()
                    .find(|(v, _)| *v == value)
                    .map_or_else(|| value.clone(), |(_, t)| t.clone())
            };
            let inner = ui.add_enabled_ui(enabled, |ui| {
                egui::ComboBox::from_id_salt(("preview-option", id))
                    .selected_text(selected)
                    .width(ui.available_width().min(400.0))
                    .show_ui(ui, |ui| {
                        let mut changed = ui
                            .selectable_value(&mut value, String::new(), "-- select --")
                            .changed();
                        for (v, t) in &options {
                            changed |= ui
                                .selectable_value(&mut value, v.clone(), t.as_str())
                                .changed();
                        }
                        changed
                    })
            });
            let r = inner.inner.response.labelled_by(label.id);
            touched |= inner.inner.inner.unwrap_or(false);
            r
        }
        other => {
            let label = field_label(ui, f);
            let mut edit = if *other == FieldType::Text {
                egui::TextEdit::multiline(&mut value).desired_rows(3)
            } else {
                egui::TextEdit::singleline(&mut value)
            }
            .id_salt(("preview-field", id))
            .desired_width(f32::INFINITY)
            .password(*other == FieldType::Password);
            let hint = if placeholder.is_empty() && is_date {
                "MM-DD-YYYY"
            } else {
                placeholder
            };
            if !hint.is_empty() {
                edit = edit.hint_text(hint);
            }
            let r = ui.add_enabled(enabled, edit).labelled_by(label.id);
            if is_date {
                ui.weak("Date: typed as MM-DD-YYYY, month first (the platform's date check).");
            }
            if let FieldType::Other(t) = other {
                ui.weak(format!(
                    "Unknown type \"{t}\": the platform renders it as a plain text box."
                ));
            }
            r
        }
    };
    let response = match f.extra_str("title") {
        Some(title) if !title.is_empty() => response.on_hover_text(title),
        _ => response,
    };
    if p.read_only {
        ui.weak("permission \"r\" changes nothing here: the consumer can type in it");
    }
    touched |= response.changed() || response.lost_focus();
    let changed = value != p.value;
    if changed {
        form.values.insert(f.name.clone(), value);
    }
    if touched || changed {
        form.touched.insert(f.name.clone());
    }

    if let Some(verdict) = &p.verdict {
        // The message's room is kept while the value is invalid, shown or not yet: leaving
        // the field (a click on Submit) shows it without moving what is below.
        let shown = form.submitted || form.touched.contains(&f.name);
        if let Some(message) = verdict.message() {
            let color = ui.visuals().error_fg_color;
            ui.add_visible(shown, egui::Label::new(RichText::new(message).color(color)));
        }
        // No verdict is shown at once: it is not a message the consumer would see.
        if let Some(mark) = no_verdict_mark(p, verdict) {
            ui.colored_label(
                if p.checking {
                    ui.visuals().warn_fg_color
                } else {
                    ui.visuals().error_fg_color
                },
                mark,
            );
        }
    }
    changed
}

#[cfg(test)]
mod tests {
    use egui_kittest::Harness;

    use super::*;

    #[test]
    fn the_preview_is_computed_when_inputs_change_not_per_frame() {
        let project = Project::default_project();
        let step = project.steps.first().map(|s| s.id);
        let mut h = Harness::new_ui_state(
            |ui, (panel, revision): &mut (PreviewPanel, u64)| {
                panel.ui(ui, &project, *revision, step);
            },
            (PreviewPanel::default(), 1),
        );
        h.run_steps(10);
        assert_eq!(h.state().0.computations, 1);
        h.state_mut().1 = 2;
        h.run_steps(10);
        assert_eq!(h.state().0.computations, 2);
        h.state_mut().0.width = WidthPreset::Desktop;
        h.run_steps(10);
        assert_eq!(
            h.state().0.computations,
            2,
            "a display toggle recomputes nothing"
        );
    }
}
