//! The panels: one file each. A panel reads the project through [`PanelCx`] and pushes
//! [`Action`]s; the app applies them after drawing, so the project never changes mid-frame.
//!
//! The right side shows tabs ([`SideTab`]). Adding a tab (Preview, Journey) is one file that
//! implements [`SideTab`] plus one line in [`side_tabs`].

pub mod audience;
pub mod changes;
pub mod inspector;
pub mod journey;
pub mod palette;
pub mod preview;
pub mod problems;
pub mod profile;
pub mod profile_page;
pub mod settings;
pub mod steps;
pub mod translations;

use std::collections::HashSet;

use changes::{Baseline, ChangesPanel};
use journey::{JourneyPanel, JourneyRequest};
use preview::PreviewPanel;
use translations::TranslationsPanel;

use crate::edit::Edit;
use crate::journey::field_key;
use crate::lint::Severity;
use crate::project::{Id, Project, Step};

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

impl Selection {
    /// The selection as the document's history records it.
    pub fn place(self) -> crate::edit::Place {
        use crate::edit::Place;
        match self {
            Selection::None => Place::Nowhere,
            Selection::Step(id) => Place::Step(id),
            Selection::Field(id) => Place::Field(id),
            Selection::Catalog(id) => Place::Catalog(id),
        }
    }

    /// The selection a place of the history stands for.
    pub fn of_place(place: crate::edit::Place) -> Selection {
        use crate::edit::Place;
        match place {
            Place::Nowhere => Selection::None,
            Place::Step(id) => Selection::Step(id),
            Place::Field(id) => Selection::Field(id),
            Place::Catalog(id) => Selection::Catalog(id),
        }
    }
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
    /// Carry out what the journey panel asked (file dialogs, keeping a journey in the project).
    Journey(JourneyRequest),
    /// Select something and bring its step card into view, keeping the side tab in front.
    Jump(Selection),
    /// Show an open dialog for a consumer profile, for the preview's sample profile (an edit
    /// of the project) or the journey's profile.
    OpenProfile(ProfileTarget),
}

/// Where an opened consumer profile goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProfileTarget {
    /// The project's sample profile (the preview's; `check` sees it).
    SampleProfile,
    /// The journey panel's profile.
    Journey,
}

/// What the journey being simulated never reached, for the step cards.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct JourneyMarks {
    /// The names of the steps no event showed.
    pub steps: HashSet<String>,
    /// The field identities ([`field_key`]) no prompt asked.
    pub fields: HashSet<String>,
}

impl JourneyMarks {
    /// The marks of a journey panel's last simulation (`None`: no journey to show).
    pub fn of(panel: &JourneyPanel) -> Option<JourneyMarks> {
        if panel.journey().events.is_empty() {
            return None;
        }
        let (steps, fields) = panel.highlights()?;
        Some(JourneyMarks {
            steps: steps.iter().cloned().collect(),
            fields: fields.iter().map(|f| field_key(f).into_owned()).collect(),
        })
    }

    /// Whether the journey never showed the step named `name`.
    pub fn never_fired(&self, name: &str) -> bool {
        self.steps.contains(name)
    }

    /// Whether the journey never asked the field named `name`.
    pub fn never_asked(&self, name: &str) -> bool {
        self.fields.contains(field_key(name).as_ref())
    }
}

/// What every panel may read.
pub struct PanelCx<'a> {
    pub project: &'a Project,
    pub cache: &'a Cache,
    pub selection: Selection,
    pub revision: u64,
    /// Put the keyboard focus on the selected step's name (Rename, Add step).
    pub focus_step_name: bool,
    /// What the journey panel's journey never reached (`None`: no journey yet).
    pub journey: Option<&'a JourneyMarks>,
    /// The project as last saved (the Changes tab compares with it).
    pub baseline: Baseline<'a>,
}

impl PanelCx<'_> {
    /// The worst problem of a field, if any.
    pub fn field_mark(&self, id: Id) -> Option<Severity> {
        self.cache.field_marks.get(&id).copied()
    }
}

/// A tab of the right-hand side.
/// The side tabs, in their order on screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, strum::EnumIter)]
pub enum Tab {
    Inspector,
    Preview,
    Journey,
    Changes,
    Translations,
    Audience,
    ProfilePage,
    Settings,
}

impl Tab {
    /// The tab's title on screen.
    pub fn title(self) -> &'static str {
        match self {
            Tab::Inspector => "Inspector",
            Tab::Preview => "Preview",
            Tab::Journey => "Journey",
            Tab::Changes => "Changes",
            Tab::Translations => "Translations",
            Tab::Audience => "Audience",
            Tab::ProfilePage => "Profile page",
            Tab::Settings => "Settings",
        }
    }
}

pub trait SideTab {
    /// Which tab this is.
    fn tab(&self) -> Tab;
    /// The tab's title.
    fn title(&self) -> &'static str {
        self.tab().title()
    }
    /// Draws the tab.
    fn ui(&mut self, ui: &mut egui::Ui, cx: &PanelCx<'_>, out: &mut Vec<Action>);
    /// Whether the tab stays in front when the user selects something (the preview follows
    /// the selected step); otherwise selecting shows the inspector.
    fn follows_selection(&self) -> bool {
        false
    }
    /// The journey panel, if this tab is it (its file requests come back to it, and the step
    /// cards show what its journey never reached).
    fn journey_panel(&mut self) -> Option<&mut JourneyPanel> {
        None
    }
    /// The preview panel, if this tab is it.
    fn preview_panel(&mut self) -> Option<&mut PreviewPanel> {
        None
    }
    /// The Changes panel, if this tab is it ("Compare with file…" hands it the file).
    fn changes_panel(&mut self) -> Option<&mut ChangesPanel> {
        None
    }
    /// The Translations panel, if this tab is it.
    fn translations_panel(&mut self) -> Option<&mut TranslationsPanel> {
        None
    }
    /// The Audience panel, if this tab is it (the profiles file chosen comes back to it).
    fn audience_panel(&mut self) -> Option<&mut audience::AudiencePanel> {
        None
    }
    /// Finishes what is being typed as a draft (a name), before a command runs.
    fn settle(&mut self, _project: &Project) -> Vec<Action> {
        Vec::new()
    }
}

/// The tabs of the right-hand side, in order: one line per tab.
pub fn side_tabs() -> Vec<Box<dyn SideTab>> {
    use strum::IntoEnumIterator;
    Tab::iter().map(panel).collect()
}

/// The panel of a tab (exhaustive: a tab without its panel does not compile).
fn panel(tab: Tab) -> Box<dyn SideTab> {
    match tab {
        Tab::Inspector => Box::new(inspector::Inspector::default()),
        Tab::Preview => Box::new(PreviewPanel::default()),
        Tab::Journey => Box::new(JourneyPanel::default()),
        Tab::Changes => Box::new(ChangesPanel::default()),
        Tab::Translations => Box::new(TranslationsPanel::default()),
        Tab::Audience => Box::new(audience::AudiencePanel::default()),
        Tab::ProfilePage => Box::new(profile_page::ProfilePagePanel::default()),
        Tab::Settings => Box::new(settings::SettingsPanel),
    }
}

/// The step the preview shows: the selected step, the step of the selected field, else the
/// first step.
pub fn preview_step(cx: &PanelCx<'_>) -> Option<Id> {
    let p = cx.project;
    match cx.selection {
        Selection::Step(id) if p.step(id).is_some() => Some(id),
        Selection::Field(id) => p.field_position(id).map(|(si, _)| p.steps[si].id),
        _ => None,
    }
    .or_else(|| p.steps.first().map(|s| s.id))
}

impl SideTab for PreviewPanel {
    fn tab(&self) -> Tab {
        Tab::Preview
    }

    fn ui(&mut self, ui: &mut egui::Ui, cx: &PanelCx<'_>, out: &mut Vec<Action>) {
        let step = preview_step(cx);
        out.extend(PreviewPanel::ui(self, ui, cx.project, cx.revision, step));
    }

    fn follows_selection(&self) -> bool {
        true
    }

    fn preview_panel(&mut self) -> Option<&mut PreviewPanel> {
        Some(self)
    }
}

impl SideTab for JourneyPanel {
    fn tab(&self) -> Tab {
        Tab::Journey
    }

    fn ui(&mut self, ui: &mut egui::Ui, cx: &PanelCx<'_>, out: &mut Vec<Action>) {
        let requests = JourneyPanel::ui(self, ui, cx.project, cx.revision);
        out.extend(requests.into_iter().map(Action::Journey));
    }

    fn journey_panel(&mut self) -> Option<&mut JourneyPanel> {
        Some(self)
    }
}

/// A button that puts the field named `field` into `step` (add, move, duplicate): disabled,
/// saying why, when the step already has a field of that name. True when clicked.
pub fn step_target_button(ui: &mut egui::Ui, step: &Step, field: &str, text: &str) -> bool {
    let taken = step.field(field).is_some();
    let resp = ui.add_enabled(!taken, egui::Button::new(text));
    if taken {
        resp.on_disabled_hover_text(format!("{} already has {field}", step.name));
        false
    } else {
        resp.clicked()
    }
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
