//! A consumer profile edited as JSON: paste the platform's profile (`{"Provider": "Email",
//! "FirstName": ..., "Email": [{"Type", "Value"}], ...}`) or a flat object
//! (`{"firstname": "Ann"}`), or open it from a file. Shared by the preview and the journey
//! panels; the owner decides what "use" means (an undoable edit of the project's sample
//! profile, or the journey's profile).
//!
//! The text is a draft: nothing changes until "Use this profile", and a draft that is not a
//! JSON object says where it is wrong and changes nothing.

use egui::Ui;
use serde_json::{Map, Value};

use crate::asked::profile::parse_profile;

/// What the user asked the editor for.
#[derive(Debug, Clone, PartialEq)]
pub enum ProfileAction {
    /// Use this profile (parsed from the draft).
    Use(Map<String, Value>),
    /// Remove the profile (an empty profile: a consumer the platform knows nothing about).
    Clear,
    /// Open a profile file (the app shows the dialog and calls the owner back).
    OpenFile,
}

/// The draft text of a profile and its last error.
#[derive(Debug, Default)]
pub struct ProfileEditor {
    text: String,
    error: Option<String>,
    /// The draft differs from the profile in use.
    edited: bool,
}

/// A profile as the editor shows it: pretty JSON, keys in their order.
pub fn profile_text(profile: &Map<String, Value>) -> String {
    if profile.is_empty() {
        String::new()
    } else {
        serde_json::to_string_pretty(profile).unwrap_or_default()
    }
}

impl ProfileEditor {
    /// Replaces the draft with the profile in use (after a load, an undo, a new journey).
    pub fn show_profile(&mut self, profile: Option<&Map<String, Value>>) {
        self.text = profile.map(profile_text).unwrap_or_default();
        self.error = None;
        self.edited = false;
    }

    /// Whether the draft has changes not yet used.
    pub fn is_edited(&self) -> bool {
        self.edited
    }

    /// Shows an error about the profile (a file that could not be read).
    pub fn set_error(&mut self, message: String) {
        self.error = Some(message);
    }

    /// Draws the editor. `what` names the profile in labels ("Sample profile", "Journey
    /// profile"); the text box's accessible name is "`what` JSON".
    pub fn ui(&mut self, ui: &mut Ui, what: &str, salt: &str) -> Option<ProfileAction> {
        let mut action = None;
        let label = ui.label(format!("{what} JSON"));
        // A real profile is long: the box scrolls rather than pushing what follows away.
        let text = &mut self.text;
        let r = egui::ScrollArea::vertical()
            .id_salt((salt, "profile-json-scroll"))
            .max_height(150.0)
            .auto_shrink([false, true])
            .show(ui, |ui| {
                ui.add(
                    egui::TextEdit::multiline(text)
                        .id_salt((salt, "profile-json"))
                        .code_editor()
                        .desired_rows(4)
                        .desired_width(f32::INFINITY)
                        .hint_text(
                            "Paste the platform's profile JSON ({\"Provider\": \"Email\", \
                         \"FirstName\": \"Ann\", \"Email\": [{\"Type\": \"Primary\", \"Value\": \
                         \"ann@example.com\"}], ...}) or a flat object ({\"firstname\": \"Ann\"})",
                        ),
                )
            })
            .inner
            .labelled_by(label.id);
        if r.changed() {
            self.edited = true;
            self.error = None;
        }
        ui.horizontal_wrapped(|ui| {
            let use_it = ui
                .add_enabled(self.edited, egui::Button::new("Use this profile"))
                .on_hover_text("Read the JSON above as the consumer's profile")
                .on_disabled_hover_text("Paste or type a profile first");
            if use_it.clicked() {
                if self.text.trim().is_empty() {
                    action = Some(ProfileAction::Clear);
                    self.edited = false;
                } else {
                    match parse_profile(self.text.as_bytes()) {
                        Ok(map) => {
                            action = Some(ProfileAction::Use(map));
                            self.edited = false;
                            self.error = None;
                        }
                        Err(e) => {
                            self.error = Some(format!("Not used: {}", e.in_words()));
                        }
                    }
                }
            }
            if ui.button("Open profile file…").clicked() {
                action = Some(ProfileAction::OpenFile);
            }
            if ui
                .button("Clear profile")
                .on_hover_text("A consumer the platform knows nothing about")
                .clicked()
            {
                self.text.clear();
                self.edited = false;
                self.error = None;
                action = Some(ProfileAction::Clear);
            }
            if self.edited {
                ui.weak("(not used yet)");
            }
        });
        if let Some(e) = &self.error {
            ui.colored_label(ui.visuals().error_fg_color, e.as_str());
        }
        action
    }
}
