//! The project settings view: the project's name and the site's nine LoginRadius options
//! (FORMATS.md `settings`), each with a one-line explanation. Every change is an edit of the
//! project (undoable); the preview, the journey simulator and `check` follow them.

use egui::{RichText, Ui};

use super::{Action, PanelCx, SideTab};
use crate::edit::Edit;
use crate::project::{Settings, SiteOption};

/// The settings tab. It keeps no state of its own: it draws the project.
#[derive(Debug, Default)]
pub struct SettingsPanel;

impl SettingsPanel {
    /// Draws the view of `cx.project`'s name and options; changes are pushed as edits.
    pub fn settings_ui(ui: &mut Ui, cx: &PanelCx<'_>, out: &mut Vec<Action>) {
        let project = cx.project;
        egui::ScrollArea::vertical()
            .id_salt("settings-panel-scroll")
            .auto_shrink([false, true])
            .show(ui, |ui| {
                ui.heading("Project settings");
                ui.horizontal(|ui| {
                    let label = ui.label("Project name");
                    let mut name = project.name.clone();
                    let r = ui
                        .add(
                            egui::TextEdit::singleline(&mut name)
                                .id_salt("settings-project-name")
                                .desired_width(f32::INFINITY),
                        )
                        .labelled_by(label.id);
                    if r.changed() {
                        out.push(Action::Typing(Edit::SetProjectName(name)));
                    }
                });
                ui.separator();
                ui.strong("Site options");
                ui.weak(
                    "The LoginRadius JavaScript options of the site. They decide which fields a \
                     returning consumer is asked (the preview, the journey simulator and check \
                     follow them); a journey can override them.",
                );
                ui.add_space(4.0);
                for option in SiteOption::ALL {
                    option_ui(ui, &project.settings, option, out);
                }
                ui.add_space(4.0);
                let defaults = Settings {
                    extra: project.settings.extra.clone(),
                    ..Settings::default()
                };
                if ui
                    .add_enabled(
                        project.settings != defaults,
                        egui::Button::new("Reset the options to the defaults"),
                    )
                    .on_hover_text("askOptionalFieldsOnProgressiveSteps on, every other option off")
                    .clicked()
                {
                    out.push(Action::EditLabelled(
                        Edit::SetSettings(defaults),
                        "Reset the site options".into(),
                    ));
                }
                if !project.settings.extra.is_empty() {
                    let keys: Vec<&str> =
                        project.settings.extra.keys().map(String::as_str).collect();
                    ui.weak(format!(
                        "Other keys kept as they are in the file: {}",
                        keys.join(", ")
                    ));
                }
            });
    }
}

/// One option: a checkbox named by its JavaScript name, its explanation, its default.
fn option_ui(ui: &mut Ui, settings: &Settings, option: SiteOption, out: &mut Vec<Action>) {
    let mut value = settings.get(option);
    let r = ui.checkbox(&mut value, RichText::new(option.key()).monospace());
    if r.changed() {
        out.push(Action::Edit(Edit::SetOption { option, value }));
    }
    ui.indent(("settings-option", option.key()), |ui| {
        let default = if option.default_value() { "on" } else { "off" };
        ui.weak(format!("{} Default: {default}.", option.explanation()));
    });
}

impl SideTab for SettingsPanel {
    fn tab(&self) -> super::Tab {
        super::Tab::Settings
    }

    fn ui(&mut self, ui: &mut Ui, cx: &PanelCx<'_>, out: &mut Vec<Action>) {
        SettingsPanel::settings_ui(ui, cx, out);
    }
}
