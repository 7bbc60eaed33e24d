//! The project document: catalog, steps, fields and triggers, and its canonical JSON form.
//!
//! Every object keeps the keys it does not know (`extra`), in their original order, so a file
//! goes through the studio without losing anything.

mod custom;
pub(crate) mod de;
pub mod error;
pub mod journeys;
mod locales;
pub mod schema;
mod ser;
mod settings;
mod shared_vec;
pub mod synthetic;

use std::sync::atomic::{AtomicU64, Ordering};

use serde_json::{Map, Value};

pub use custom::{CUSTOM_PREFIX, check_custom_key, check_custom_name, custom_key, is_custom_name};
pub use de::kind_of as value_kind;
pub use error::{LoadError, check_text, line_col};
pub use journeys::{Event, JOURNEYS_KEY, Journey, JourneySettings, KeptJourney, KeptJourneys};
pub use locales::{
    Locale, Locales, MessageEntry, SECTIONS as LOCALE_SECTIONS, STEP_BUTTON, TextKey, TextKind,
    TextMap,
};
pub use ser::{PROJECT_KEYS as RESERVED_KEYS, field_to_value, scope_to_value, to_canonical_string};
pub use settings::{Settings, SettingsOverride, SiteOption, option_value};
pub use shared_vec::SharedVec;

/// The `format` value of a project file.
pub const FORMAT: &str = "ppstudio-project";
/// The project-file version this studio reads and writes.
pub const VERSION: u64 = 1;
/// Files larger than this are refused before parsing.
pub const MAX_FILE_BYTES: usize = 64 * 1024 * 1024;

/// A stable identity for a step or a field: survives reorder and rename, never saved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Id(pub u64);

impl Id {
    /// A new identity, unique within this process.
    pub fn fresh() -> Self {
        static NEXT: AtomicU64 = AtomicU64::new(1);
        Id(NEXT.fetch_add(1, Ordering::Relaxed))
    }
}

/// The whole document.
#[derive(Debug, Clone)]
pub struct Project {
    pub name: String,
    pub settings: Settings,
    /// Translations by locale code (`locales`).
    pub locales: Locales,
    pub catalog: SharedVec<CatalogEntry>,
    /// The site's registration form (`registration`): platform field objects in the order the
    /// form shows them, a name possibly twice (the platform allows it). `None` when the file
    /// has none. It decides what a new consumer gives at sign-up and, with `showInEditor`, the
    /// profile page (`EDITOR.md`).
    pub registration: Option<Vec<Field>>,
    pub steps: SharedVec<Step>,
    /// Top-level keys of an imported platform document other than `ProfilingSteps`, kept for export.
    pub platform: Map<String, Value>,
    /// The preview's sample consumer (`sampleProfile`): a profile as the platform returns it,
    /// or a flat object of attribute names, with its key order. In the project (not UI state)
    /// so that `check` sees it.
    pub sample_profile: Option<Map<String, Value>>,
    /// The journeys kept for the simulator (`journeys`); `None` when the file has no such key.
    pub journeys: Option<KeptJourneys>,
    /// Top-level keys the studio does not know, in their original order.
    pub extra: Map<String, Value>,
}

impl PartialEq for Project {
    fn eq(&self, o: &Self) -> bool {
        self.name == o.name
            && self.settings == o.settings
            && self.locales == o.locales
            && self.catalog == o.catalog
            && self.registration == o.registration
            && self.steps == o.steps
            && self.platform == o.platform
            && self.sample_profile == o.sample_profile
            && self.journeys == o.journeys
            && self.extra == o.extra
    }
}

impl Default for Project {
    fn default() -> Self {
        Project {
            name: "Untitled project".into(),
            settings: Settings::default(),
            locales: Locales::default(),
            catalog: SharedVec::new(),
            registration: None,
            steps: SharedVec::new(),
            platform: Map::new(),
            sample_profile: None,
            journeys: None,
            extra: Map::new(),
        }
    }
}

/// Which palette tab a catalog field belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Group {
    StandardBasic,
    StandardAdvanced,
    Custom,
}

impl Group {
    /// All groups in palette order.
    pub const ALL: [Group; 3] = [Group::StandardBasic, Group::StandardAdvanced, Group::Custom];

    /// The file's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Group::StandardBasic => "standard-basic",
            Group::StandardAdvanced => "standard-advanced",
            Group::Custom => "custom",
        }
    }

    /// Parses the file's spelling.
    pub fn parse(s: &str) -> Option<Group> {
        Group::ALL.into_iter().find(|g| g.as_str() == s)
    }

    /// The palette's words for it.
    pub fn title(self) -> &'static str {
        match self {
            Group::StandardBasic => "Standard (Basic)",
            Group::StandardAdvanced => "Standard (Advanced)",
            Group::Custom => "Custom",
        }
    }

    /// The group a name belongs to when a file does not say: `cf_` names are custom.
    pub fn for_name(name: &str) -> Group {
        if is_custom_name(name) {
            Group::Custom
        } else {
            Group::StandardBasic
        }
    }
}

/// A field of the catalog: a platform field plus its palette group.
#[derive(Debug, Clone, PartialEq)]
pub struct CatalogEntry {
    pub group: Group,
    pub field: Field,
}

/// The platform's field types.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum FieldType {
    String,
    Email,
    Password,
    Text,
    Option,
    Multi,
    Hidden,
    /// A type the platform does not know; kept as written and reported by the checker.
    Other(String),
}

impl FieldType {
    /// The known types, in the order the inspector offers them.
    pub const KNOWN: [FieldType; 7] = [
        FieldType::String,
        FieldType::Email,
        FieldType::Password,
        FieldType::Text,
        FieldType::Option,
        FieldType::Multi,
        FieldType::Hidden,
    ];

    /// Reads a type; an unknown one (`checkbox` too) is kept as written.
    pub fn parse(s: &str) -> FieldType {
        match s {
            "string" => FieldType::String,
            "email" => FieldType::Email,
            "password" => FieldType::Password,
            "text" => FieldType::Text,
            "option" => FieldType::Option,
            "multi" => FieldType::Multi,
            "hidden" => FieldType::Hidden,
            // `checkbox` too: the platform renders it as a text box, not a checkbox
            // (MARKUP.md), so it is kept as written and the checker says so.
            s => FieldType::Other(s.to_string()),
        }
    }

    /// The file's spelling.
    pub fn as_str(&self) -> &str {
        match self {
            FieldType::String => "string",
            FieldType::Email => "email",
            FieldType::Password => "password",
            FieldType::Text => "text",
            FieldType::Option => "option",
            FieldType::Multi => "multi",
            FieldType::Hidden => "hidden",
            FieldType::Other(s) => s,
        }
    }

    /// How the console names the type.
    pub fn title(&self) -> &str {
        match self {
            FieldType::String => "Text input",
            FieldType::Email => "Email",
            FieldType::Password => "Password",
            FieldType::Text => "Text area",
            FieldType::Option => "Dropdown",
            FieldType::Multi => "Checkbox",
            FieldType::Hidden => "Hidden",
            FieldType::Other(s) => s,
        }
    }
}

/// The `options` of a field, as the file had them.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Options {
    /// The key was not in the file.
    Absent,
    /// `null`.
    #[default]
    Null,
    /// `""`.
    EmptyString,
    /// A list of choices.
    List(Vec<FieldOption>),
}

impl Options {
    /// The choices, empty unless a list.
    pub fn list(&self) -> &[FieldOption] {
        match self {
            Options::List(l) => l,
            _ => &[],
        }
    }
}

/// One choice of an `option` field.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldOption {
    pub text: String,
    pub value: String,
    pub extra: Map<String, Value>,
    /// How `text` and `value` were written when the file had a number or a boolean there
    /// (hand-written schemas do): written back as such while the text still reads the same.
    pub written: OptionWritten,
}

/// The JSON number or boolean an option's text or value was read from, if it was not a string.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct OptionWritten {
    pub text: Option<Value>,
    pub value: Option<Value>,
}

impl FieldOption {
    /// A choice read from a file: its text and value, each with the JSON number or boolean it
    /// was written as (if it was not a string), and its other keys.
    pub fn read(
        (text, text_json): (String, Option<Value>),
        (value, value_json): (String, Option<Value>),
        extra: Map<String, Value>,
    ) -> Self {
        FieldOption {
            text,
            value,
            extra,
            written: OptionWritten {
                text: text_json,
                value: value_json,
            },
        }
    }

    /// A choice with no extra keys.
    pub fn new(text: impl Into<String>, value: impl Into<String>) -> Self {
        FieldOption {
            text: text.into(),
            value: value.into(),
            extra: Map::new(),
            written: OptionWritten::default(),
        }
    }

    /// The options of pasted `value|text` lines (a line without `|` is both its value and its
    /// text); blank lines are skipped, each side is trimmed.
    pub fn parse_lines(text: &str) -> Vec<FieldOption> {
        text.lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(|l| match l.split_once('|') {
                Some((v, t)) => FieldOption::new(t.trim(), v.trim()),
                None => FieldOption::new(l, l),
            })
            .collect()
    }
}

/// The text a JSON number or boolean is read as (and a string as itself).
pub fn scalar_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// How a string key was written in the file, so that export gives back the same values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Presence {
    #[default]
    Present,
    Absent,
    Null,
}

/// A platform field object (in the catalog or in a step).
#[derive(Debug, Clone)]
pub struct Field {
    pub id: Id,
    pub field_type: FieldType,
    pub name: String,
    pub display: String,
    pub rules: String,
    pub options: Options,
    /// Every other key (`permission`, `Checked`, `Parent`, `placeholder`, unknown ones), in order.
    pub extra: Map<String, Value>,
    /// How `display` and `rules` were written, while they are still empty.
    pub display_presence: Presence,
    pub rules_presence: Presence,
}

/// One property of a field in which two fields can differ (its name and identity aside).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldPart<'a> {
    Type,
    Display,
    Rules,
    Options,
    /// A key of `extra` (`permission`, `placeholder`...), in the first field's order, then
    /// the keys only the second has.
    Extra(&'a str),
    /// How an empty `display` or `rules` was written (absent, null or "").
    Presence,
}

impl Field {
    /// The properties in which `self` and `other` differ, their names and identities aside:
    /// the one list of what a field holds (equality, the catalog's differences and its
    /// update, the diff's matching all read it).
    pub fn differing<'a>(&'a self, other: &'a Field) -> Vec<FieldPart<'a>> {
        let mut out = Vec::new();
        if self.field_type != other.field_type {
            out.push(FieldPart::Type);
        }
        if self.display != other.display {
            out.push(FieldPart::Display);
        }
        if self.rules != other.rules {
            out.push(FieldPart::Rules);
        }
        if self.options != other.options {
            out.push(FieldPart::Options);
        }
        if self.extra != other.extra {
            let keys = self
                .extra
                .keys()
                .chain(other.extra.keys().filter(|k| !self.extra.contains_key(*k)));
            for key in keys {
                if self.extra.get(key) != other.extra.get(key) {
                    out.push(FieldPart::Extra(key));
                }
            }
        }
        if self.display_presence != other.display_presence
            || self.rules_presence != other.rules_presence
        {
            out.push(FieldPart::Presence);
        }
        out
    }

    /// Whether the two fields are the same but for their names (and identities).
    pub fn same_but_name(&self, other: &Field) -> bool {
        self.differing(other).is_empty()
    }
}

impl PartialEq for Field {
    fn eq(&self, o: &Self) -> bool {
        self.name == o.name && self.same_but_name(o)
    }
}

impl Field {
    /// What people call the field: its display label, or its name when it has none.
    pub fn label(&self) -> &str {
        if self.display.is_empty() {
            &self.name
        } else {
            &self.display
        }
    }

    /// A field as the console creates it: editable, checked, flat.
    pub fn new(name: impl Into<String>, display: impl Into<String>, field_type: FieldType) -> Self {
        let mut extra = Map::new();
        extra.insert("permission".into(), Value::String("w".into()));
        extra.insert("Checked".into(), Value::Bool(true));
        extra.insert("Parent".into(), Value::String(String::new()));
        extra.insert("DataSource".into(), Value::Null);
        extra.insert("ParentDataSource".into(), Value::Null);
        let options = if field_type == FieldType::Option {
            Options::List(Vec::new())
        } else {
            Options::Null
        };
        Field {
            id: Id::fresh(),
            field_type,
            name: name.into(),
            display: display.into(),
            rules: String::new(),
            options,
            extra,
            display_presence: Presence::Present,
            rules_presence: Presence::Present,
        }
    }

    /// A copy with a new identity (what a drop from the palette inserts).
    pub fn duplicate(&self) -> Field {
        Field {
            id: Id::fresh(),
            ..self.clone()
        }
    }

    /// A string-valued extra key such as `permission` or `placeholder`.
    pub fn extra_str(&self, key: &str) -> Option<&str> {
        self.extra.get(key).and_then(Value::as_str)
    }

    /// `"r"` makes the field read-only; anything else is editable.
    pub fn is_read_only(&self) -> bool {
        self.extra_str("permission") == Some("r")
    }

    /// Whether the rules string names `required` anywhere (as the platform tests it).
    pub fn mentions_required(&self) -> bool {
        self.rules.contains("required")
    }
}

/// A social-login scope pair of a step (`{"Provider", "Scopes"}`).
#[derive(Debug, Clone, PartialEq)]
pub struct Scope {
    pub provider: String,
    pub scopes: String,
    pub extra: Map<String, Value>,
    /// How `Provider` and `Scopes` were written, while they are still empty (a `null` or
    /// absent one goes back out the same way).
    pub provider_presence: Presence,
    pub scopes_presence: Presence,
}

impl Scope {
    /// A pair with no other keys.
    pub fn new(provider: impl Into<String>, scopes: impl Into<String>) -> Scope {
        Scope {
            provider: provider.into(),
            scopes: scopes.into(),
            extra: Map::new(),
            provider_presence: Presence::Present,
            scopes_presence: Presence::Present,
        }
    }
}

/// When a step is shown.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum TriggerKind {
    FirstLogin,
    LoginCount(i64),
    PageVisit(String),
    CtaClick(String),
    Manual,
    /// An `on` value the studio does not know; kept and reported.
    Unknown(String),
}

/// A step's trigger, with any keys the studio does not know.
#[derive(Debug, Clone, PartialEq)]
pub struct Trigger {
    pub kind: TriggerKind,
    pub extra: Map<String, Value>,
}

impl Default for Trigger {
    fn default() -> Self {
        Trigger {
            kind: TriggerKind::Manual,
            extra: Map::new(),
        }
    }
}

impl From<TriggerKind> for Trigger {
    fn from(kind: TriggerKind) -> Self {
        Trigger {
            kind,
            extra: Map::new(),
        }
    }
}

impl TriggerKind {
    /// The file's `on` value.
    pub fn on(&self) -> &str {
        match self {
            TriggerKind::FirstLogin => "first_login",
            TriggerKind::LoginCount(_) => "login_count",
            TriggerKind::PageVisit(_) => "page_visit",
            TriggerKind::CtaClick(_) => "cta_click",
            TriggerKind::Manual => "manual",
            TriggerKind::Unknown(s) => s,
        }
    }

    /// The kind's name in a list of kinds ("Login count").
    pub fn title(&self) -> &'static str {
        match self {
            TriggerKind::FirstLogin => "First login",
            TriggerKind::LoginCount(_) => "Login count",
            TriggerKind::PageVisit(_) => "Page visit",
            TriggerKind::CtaClick(_) => "CTA click",
            TriggerKind::Manual => "Manual",
            TriggerKind::Unknown(_) => "Unknown",
        }
    }

    /// The kinds a step with trigger `self` can switch to, in the order they are offered: the
    /// current kind keeps its parameter, the others come with a sensible default (the 3rd
    /// login, `/pricing*`, `upgrade-cta`).
    pub fn choices(&self) -> [TriggerKind; 5] {
        [
            TriggerKind::FirstLogin,
            TriggerKind::LoginCount(match self {
                TriggerKind::LoginCount(n) => *n,
                _ => 3,
            }),
            TriggerKind::PageVisit(match self {
                TriggerKind::PageVisit(p) => p.clone(),
                _ => "/pricing*".into(),
            }),
            TriggerKind::CtaClick(match self {
                TriggerKind::CtaClick(t) => t.clone(),
                _ => "upgrade-cta".into(),
            }),
            TriggerKind::Manual,
        ]
    }

    /// Whether `self` and `other` are the same kind, whatever their parameters.
    pub fn same_kind(&self, other: &TriggerKind) -> bool {
        std::mem::discriminant(self) == std::mem::discriminant(other)
    }

    /// The trigger in words, as a product manager reads it.
    pub fn describe(&self) -> String {
        match self {
            TriggerKind::FirstLogin => "On the first login".into(),
            TriggerKind::LoginCount(n) => format!("On the {} login", ordinal(*n)),
            TriggerKind::PageVisit(p) => format!("When {p} is visited"),
            TriggerKind::CtaClick(t) => format!("When {t} is clicked"),
            TriggerKind::Manual => "Called by the site (manual)".into(),
            TriggerKind::Unknown(s) => format!("Unknown trigger \"{s}\""),
        }
    }
}

/// `1st`, `2nd`, `3rd`, `11th`, `22nd`...
pub fn ordinal(n: i64) -> String {
    let suffix = match (n.rem_euclid(100), n.rem_euclid(10)) {
        (11..=13, _) => "th",
        (_, 1) => "st",
        (_, 2) => "nd",
        (_, 3) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// A progressive-profiling step.
#[derive(Debug, Clone)]
pub struct Step {
    pub id: Id,
    pub name: String,
    pub trigger: Trigger,
    pub fields: Vec<Field>,
    /// The platform's `Scopes` entries in order; `None` is a `null` entry (the platform skips
    /// it; kept so that it goes back out).
    pub scopes: Vec<Option<Scope>>,
    /// Whether `scopes`/`Scopes` was in the file (absent stays absent on export).
    pub scopes_present: bool,
    pub extra: Map<String, Value>,
}

impl PartialEq for Step {
    fn eq(&self, o: &Self) -> bool {
        self.name == o.name
            && self.trigger == o.trigger
            && self.fields == o.fields
            && self.scopes == o.scopes
            && self.scopes_present == o.scopes_present
            && self.extra == o.extra
    }
}

impl Step {
    /// An empty step with a manual trigger.
    pub fn new(name: impl Into<String>) -> Self {
        Step {
            id: Id::fresh(),
            name: name.into(),
            trigger: Trigger::default(),
            fields: Vec::new(),
            scopes: Vec::new(),
            scopes_present: true,
            extra: Map::new(),
        }
    }

    /// The field of this step with that name.
    pub fn field(&self, name: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.name == name)
    }
}

impl Project {
    /// Loads a project file's bytes. `Err` says where (line, column) and what is wrong.
    pub fn from_bytes(bytes: &[u8]) -> Result<Project, LoadError> {
        let text = error::check_text(bytes)?;
        de::project_from_str(text)
    }

    /// The canonical file text.
    pub fn to_canonical(&self) -> String {
        to_canonical_string(self)
    }

    /// The catalog entry with that name.
    pub fn catalog_field(&self, name: &str) -> Option<&CatalogEntry> {
        self.catalog.iter().find(|c| c.field.name == name)
    }

    /// The step with that identity.
    pub fn step(&self, id: Id) -> Option<&Step> {
        self.steps.iter().find(|s| s.id == id)
    }

    /// The index of the step with that identity.
    pub fn step_index(&self, id: Id) -> Option<usize> {
        self.steps.iter().position(|s| s.id == id)
    }

    /// The (step index, field index) of the step field with that identity.
    pub fn field_position(&self, id: Id) -> Option<(usize, usize)> {
        self.steps
            .iter()
            .enumerate()
            .find_map(|(si, s)| s.fields.iter().position(|f| f.id == id).map(|fi| (si, fi)))
    }

    /// The catalog index of the catalog field with that identity.
    pub fn catalog_index(&self, id: Id) -> Option<usize> {
        self.catalog.iter().position(|c| c.field.id == id)
    }

    /// A new, empty project: the platform's standard fields of the embedded default catalog,
    /// no steps and no custom fields.
    pub fn empty() -> Project {
        let mut p = Project::default_project();
        p.catalog.retain(|c| c.group != Group::Custom);
        p.steps.clear();
        p.extra.clear();
        p.sample_profile = None;
        p.journeys = None;
        p.locales = Locales::default();
        p.name = "Untitled project".into();
        p
    }

    /// The preview's sample profile kept in the project (its `sampleProfile` object), if any.
    pub fn sample_profile(&self) -> Option<&Map<String, Value>> {
        self.sample_profile.as_ref()
    }

    /// The kept journeys, in file order.
    pub fn kept_journeys(&self) -> impl Iterator<Item = &KeptJourney> {
        self.journeys.iter().flat_map(KeptJourneys::iter)
    }

    /// The names of the kept journeys, in file order.
    pub fn journey_names(&self) -> Vec<String> {
        self.kept_journeys().map(|k| k.name().to_string()).collect()
    }

    /// The journey kept under `name`, if any.
    pub fn kept_journey(&self, name: &str) -> Option<&KeptJourney> {
        self.journeys.as_ref()?.get(name)
    }

    /// The embedded default project.
    pub fn default_project() -> Project {
        #[allow(clippy::expect_used)]
        Project::from_bytes(DEFAULT_PROJECT.as_bytes())
            .expect("the embedded default project is valid (tested)")
    }
}

/// The project key holding the preview's sample profile: a consumer profile as the platform
/// returns it, or a flat object (so that `check` sees it too).
pub const SAMPLE_PROFILE_KEY: &str = "sampleProfile";

/// The embedded default project's file text.
pub const DEFAULT_PROJECT: &str = include_str!("../../assets/default-project.json");

#[cfg(test)]
mod tests;
