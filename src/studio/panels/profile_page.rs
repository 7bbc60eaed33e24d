//! The consumer's profile page (`EDITOR.md`), beside the preview: for the project's sample
//! profile (or one pasted here, which becomes the sample profile), the editable form with the
//! values the platform pre-fills, the read-only list, and for every field of the registration
//! form and of the steps one sentence saying why it is there, pre-filled, empty or absent.
//! The `showInEditor` setting is switched here too (an undoable edit, as in the settings).
//! Everything shown comes from [`crate::asked::editor`], the one implementation behind
//! `ppstudio profile-editor`.

use egui::{RichText, Ui};
use serde_json::Value;

use super::profile::{ProfileAction, ProfileEditor};
use super::{Action, PanelCx, ProfileTarget, SideTab};
use crate::asked::editor::{Fate, Origin, PageError, ProfilePage, project_page};
use crate::edit::Edit;
use crate::project::{Field, Project, SiteOption};

/// UI state only: the profile draft and the page computed for a revision.
#[derive(Debug, Default)]
pub struct ProfilePagePanel {
    profile: ProfileEditor,
    profile_revision: Option<u64>,
    page: Option<(u64, Result<ProfilePage, PageError>)>,
}

/// The field a page entry stands for.
fn field_of(project: &Project, origin: Origin) -> Option<&Field> {
    match origin {
        Origin::Registration(i) => project.registration.as_ref()?.get(i),
        Origin::Step { step, field } => project.steps.get(step)?.fields.get(field),
    }
}

fn origin_words(project: &Project, origin: Origin) -> String {
    match origin {
        Origin::Registration(_) => "At sign-up".into(),
        Origin::Step { step, .. } => project
            .steps
            .get(step)
            .map_or_else(String::new, |s| s.name.clone()),
    }
}

/// A pre-filled value as the input shows it.
fn shown_value(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

impl ProfilePagePanel {
    fn page(&mut self, project: &Project, revision: u64) -> &Result<ProfilePage, PageError> {
        if self.page.as_ref().is_none_or(|(r, _)| *r != revision) {
            let profile = project.sample_profile().cloned().unwrap_or_default();
            self.page = Some((revision, project_page(project, &profile)));
        }
        &self.page.as_ref().expect("computed above").1
    }

    fn panel_ui(&mut self, ui: &mut Ui, cx: &PanelCx<'_>, out: &mut Vec<Action>) {
        let project = cx.project;
        if self.profile_revision != Some(cx.revision) && !self.profile.is_edited() {
            self.profile.show_profile(project.sample_profile());
            self.profile_revision = Some(cx.revision);
        }
        egui::ScrollArea::vertical()
            .id_salt("profile-page-scroll")
            .auto_shrink([false, false])
            .show(ui, |ui| {
                ui.heading("The consumer's profile page");
                ui.weak(
                    "What LoginRadius's profile editor shows this consumer: the registration \
                     form's fields and, with showInEditor, the steps' fields.",
                );
                let mut on = project.settings.show_in_editor;
                if ui
                    .checkbox(
                        &mut on,
                        RichText::new(
                            "showInEditor: the steps' fields are on the profile page too",
                        ),
                    )
                    .changed()
                {
                    out.push(Action::Edit(Edit::SetOption {
                        option: SiteOption::ShowInEditor,
                        value: on,
                    }));
                }
                if project.registration.is_none() {
                    ui.weak(
                        "The project has no registration form: import the site's registration \
                         schema (File › Import) to see its fields here.",
                    );
                }
                ui.separator();
                match self.profile.ui(ui, "Sample profile", "profile-page") {
                    Some(ProfileAction::Use(p)) => {
                        out.push(super::preview::set_sample_profile(Some(p)));
                    }
                    Some(ProfileAction::Clear) => {
                        out.push(super::preview::set_sample_profile(None));
                    }
                    Some(ProfileAction::OpenFile) => {
                        out.push(Action::OpenProfile(ProfileTarget::SampleProfile));
                    }
                    None => {}
                }
                ui.separator();
                // Drawn from the page computed for this revision (never recomputed or copied
                // per frame).
                let page = match self.page(project, cx.revision) {
                    Ok(page) => page,
                    Err(e) => {
                        ui.colored_label(ui.visuals().error_fg_color, e.to_string());
                        return;
                    }
                };
                editor_ui(ui, project, page);
                ui.add_space(6.0);
                viewer_ui(ui, project, page);
                ui.add_space(6.0);
                reasons_ui(ui, project, page);
            });
    }
}

/// The editable form, as the consumer sees it: each field's label and its pre-filled value.
fn editor_ui(ui: &mut Ui, project: &Project, page: &ProfilePage) {
    ui.strong("Editable form");
    let editor: Vec<_> = page.editor().collect();
    if editor.is_empty() {
        ui.weak("No field: the consumer has nothing to edit.");
        return;
    }
    egui::Frame::group(ui.style()).show(ui, |ui| {
        for (i, f) in editor.iter().enumerate() {
            let label = field_of(project, f.origin)
                .map_or_else(|| f.name.clone(), |x| x.label().to_string());
            let l = ui.label(label);
            let mut text = match &f.fate {
                Fate::Prefilled(Some(v)) => shown_value(v),
                _ => String::new(),
            };
            ui.add_enabled(
                false,
                egui::TextEdit::singleline(&mut text)
                    .id_salt(("profile-page-input", i))
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(l.id);
        }
    });
}

/// The read-only list handed to the site's renderProfileEditorHook.
fn viewer_ui(ui: &mut Ui, project: &Project, page: &ProfilePage) {
    ui.strong("Read-only list");
    let viewer: Vec<_> = page.viewer().collect();
    if viewer.is_empty() {
        ui.weak("No field.");
        return;
    }
    for f in viewer {
        let label = field_of(project, f.origin).map_or("", |x| x.label());
        let value = match &f.fate {
            Fate::Prefilled(Some(v)) => shown_value(v),
            _ => "—".into(),
        };
        ui.label(format!("{label} ({}): {value}", f.name));
    }
}

/// One sentence a field: why it is there, pre-filled, empty or absent.
fn reasons_ui(ui: &mut Ui, project: &Project, page: &ProfilePage) {
    ui.strong("Why each field is there");
    for f in &page.fields {
        ui.horizontal_wrapped(|ui| {
            let name = if f.name.is_empty() {
                "(no name)"
            } else {
                &f.name
            };
            ui.label(RichText::new(name).monospace());
            ui.weak(format!("({})", origin_words(project, f.origin)));
            ui.label(&f.why);
        });
    }
}

impl SideTab for ProfilePagePanel {
    fn tab(&self) -> super::Tab {
        super::Tab::ProfilePage
    }

    fn ui(&mut self, ui: &mut Ui, cx: &PanelCx<'_>, out: &mut Vec<Action>) {
        self.panel_ui(ui, cx, out);
    }
}
