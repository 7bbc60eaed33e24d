//! The side tabs' panels (found by their title), and what the journey panel's requests and
//! the profile files do.

use super::StudioApp;
use crate::studio::files::DialogKind;
use crate::studio::panels::Tab;
use crate::studio::panels::journey::JourneyRequest;
use crate::studio::panels::{Action, JourneyMarks, ProfileTarget};

impl StudioApp {
    /// Brings the side tab of that title to the front.
    pub(super) fn show_tab(&mut self, tab: Tab) {
        if self.plan(self.width).side.is_none() {
            self.panels.open(crate::studio::layout::Side::Tabs);
        }
        if let Some(i) = self.tabs.iter().position(|t| t.tab() == tab) {
            self.active_tab = i;
        }
    }

    /// The journey panel (its journey can be set from outside, as the screenshots do).
    pub fn journey_panel(&mut self) -> Option<&mut crate::studio::panels::journey::JourneyPanel> {
        self.tabs.iter_mut().find_map(|t| t.journey_panel())
    }

    /// The Changes panel.
    pub fn changes_panel(&mut self) -> Option<&mut crate::studio::panels::changes::ChangesPanel> {
        self.tabs.iter_mut().find_map(|t| t.changes_panel())
    }

    /// The Audience panel.
    pub fn audience_panel(
        &mut self,
    ) -> Option<&mut crate::studio::panels::audience::AudiencePanel> {
        self.tabs.iter_mut().find_map(|t| t.audience_panel())
    }

    /// The preview panel.
    pub fn preview_panel(&mut self) -> Option<&mut crate::studio::panels::preview::PreviewPanel> {
        self.tabs.iter_mut().find_map(|t| t.preview_panel())
    }

    /// The Translations panel.
    pub fn translations_panel(
        &mut self,
    ) -> Option<&mut crate::studio::panels::translations::TranslationsPanel> {
        self.tabs.iter_mut().find_map(|t| t.translations_panel())
    }

    pub(super) fn journey_request(&mut self, ctx: &egui::Context, request: JourneyRequest) {
        match request {
            JourneyRequest::OpenFile => self.ask_path(ctx, DialogKind::OpenJourney),
            JourneyRequest::OpenProfile => self.ask_profile(ctx, ProfileTarget::Journey),
            JourneyRequest::SaveFile(text) => {
                if self.pending.is_none() {
                    self.pending_journey = Some(text);
                    self.ask_path(ctx, DialogKind::SaveJourney);
                }
            }
            JourneyRequest::Edited {
                name,
                journey,
                label,
                typing,
            } => {
                let edit = crate::journey::keep_journey(self.doc.project(), &name, journey);
                self.apply(edit, Some(label), typing);
            }
            JourneyRequest::SaveToProject { name, journey } => {
                let edit = crate::journey::keep_journey(self.doc.project(), &name, journey);
                let label = format!("Keep journey \"{name}\" in the project");
                self.apply(edit, Some(label), false);
            }
        }
    }

    /// Asks for a consumer profile file for `target`.
    pub(super) fn ask_profile(&mut self, ctx: &egui::Context, target: ProfileTarget) {
        if self.pending.is_none() {
            self.pending_profile = Some(target);
            self.ask_path(ctx, DialogKind::OpenProfile);
        }
    }

    /// Reads a consumer profile file into the project's sample profile (an undoable edit) or
    /// the journey's profile; a file that is not a profile says where, and changes nothing.
    pub fn open_profile(&mut self, path: &std::path::Path, target: ProfileTarget) {
        let read = crate::io::read_limited(path, crate::project::MAX_FILE_BYTES)
            .map_err(|e| format!("{}: cannot read: {e}", path.display()))
            .and_then(|bytes| {
                crate::asked::profile::parse_profile(&bytes).map_err(|e| {
                    format!(
                        "{} ({}, line {}, column {}).",
                        e.message.trim_end_matches('.'),
                        path.display(),
                        e.line,
                        e.column
                    )
                })
            });
        match (read, target) {
            (Ok(profile), ProfileTarget::SampleProfile) => {
                if let Action::EditLabelled(edit, label) =
                    crate::studio::panels::preview::set_sample_profile(Some(profile))
                {
                    self.apply(edit, Some(label), false);
                }
                self.show_tab(Tab::Preview);
            }
            (Ok(profile), ProfileTarget::Journey) => {
                if let Some(panel) = self.journey_panel() {
                    panel.set_profile(profile);
                }
                self.status = Some(format!("Journey profile read from {}", path.display()));
                self.show_tab(Tab::Journey);
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

    /// Whether the Journey tab is in front: the step cards show its marks only then.
    pub(super) fn journey_tab_shown(&self) -> bool {
        self.plan(self.width).side.is_some()
            && self
                .tabs
                .get(self.active_tab)
                .is_some_and(|t| t.tab() == Tab::Journey)
    }

    /// Re-simulates the journey when the project or the journey changed, and refreshes what
    /// the step cards mark. Another document brings its own kept journey into the panel.
    pub(super) fn refresh_journey_marks(&mut self) {
        let revision = self.doc.revision();
        let identity = self.doc.identity();
        let Some(panel) = self.tabs.iter_mut().find_map(|t| t.journey_panel()) else {
            return;
        };
        let doc = &self.doc;
        if self.journey_document != Some(identity) {
            self.journey_document = Some(identity);
            panel.follow_document(doc.project());
        }
        panel.refresh_since(doc.project(), revision, |r| doc.changes_since(r));
        let simulation = panel.simulations();
        if self.journey_simulation != Some(simulation) {
            self.journey_simulation = Some(simulation);
            self.journey_marks = JourneyMarks::of(panel);
        }
    }
}
