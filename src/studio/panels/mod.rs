//! The panels: one file each. A panel reads the project through [`PanelCx`] and pushes
//! [`Action`]s; the app applies them after drawing, so the project never changes mid-frame.
//!
//! The right side shows tabs ([`SideTab`]). Adding a tab (Preview, Journey) is one file that
//! implements [`SideTab`] plus one line in [`side_tabs`].

pub mod inspector;
pub mod palette;
pub mod problems;
pub mod steps;

use crate::edit::Edit;
use crate::lint::Severity;
use crate::project::{Id, Project};

use super::cache::Cache;
use super::commands::Command;

/// What is selected: it is what the inspector edits and what field commands act on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Selection {
    #[default]
    None,
    Step(Id),
    /// A field of a step.
    Field(Id),
    /// A field of the catalog.
    Catalog(Id),
}

/// What is being dragged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Payload {
    /// A catalog field (a drop inserts a copy).
    Catalog(Id),
    /// A field of a step (a drop moves it).
    Field(Id),
    /// A step, by its card's header (a drop reorders steps).
    Step(Id),
}

/// What a panel asks the app to do after drawing.
#[derive(Debug, Clone)]
pub enum Action {
    /// Apply an edit (with its default label).
    Edit(Edit),
    /// Apply an edit made by typing: consecutive ones into the same text field are one undo
    /// step.
    Typing(Edit),
    /// Apply an edit under a label of the panel's choosing.
    EditLabelled(Edit, String),
    /// Run a command of the table.
    Command(Command),
    /// Select something.
    Select(Selection),
    /// Delete a catalog field (asks first when steps use it).
    DeleteCatalog(Id),
    /// Show a short message in the status bar.
    Message(String),
}

/// What every panel may read.
pub struct PanelCx<'a> {
    pub project: &'a Project,
    pub cache: &'a Cache,
    pub selection: Selection,
    pub revision: u64,
    /// Put the keyboard focus on the selected step's name (Rename, Add step).
    pub focus_step_name: bool,
}

impl PanelCx<'_> {
    /// The worst problem of a field, if any.
    pub fn field_mark(&self, id: Id) -> Option<Severity> {
        self.cache.field_marks.get(&id).copied()
    }
}

/// A tab of the right-hand side.
pub trait SideTab {
    /// The tab's title.
    fn title(&self) -> &'static str;
    /// Draws the tab.
    fn ui(&mut self, ui: &mut egui::Ui, cx: &PanelCx<'_>, out: &mut Vec<Action>);
}

/// The tabs of the right-hand side, in order: one line per tab.
pub fn side_tabs() -> Vec<Box<dyn SideTab>> {
    vec![Box::new(inspector::Inspector::default())]
}

/// The mark drawn for a problem of that severity.
pub fn severity_mark(s: Severity) -> &'static str {
    match s {
        Severity::Error => "⛔",
        Severity::Warning => "⚠",
        Severity::Info => "ℹ",
    }
}

/// The colour of a severity's mark.
pub fn severity_color(ui: &egui::Ui, s: Severity) -> egui::Color32 {
    match s {
        Severity::Error => ui.visuals().error_fg_color,
        Severity::Warning => ui.visuals().warn_fg_color,
        Severity::Info => ui.visuals().weak_text_color(),
    }
}
