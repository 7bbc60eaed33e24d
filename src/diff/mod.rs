//! Comparing two versions of a project: what a deploy of NEW over OLD changes, by step and
//! field, in the studio's words, with what it means for consumers (FORMATS.md "Comparing two
//! versions"). No GUI type: the CLI (`ppstudio diff`) and the studio's Changes view both call
//! [`diff`] or [`diff_versions`].
//!
//! How things are matched:
//! - Steps by name; a step whose name is gone is matched with an added one by content (the
//!   share of field names they have in common, at least one half; two steps without fields
//!   match when trigger and scopes are equal): that pair is a rename. Among matched steps, the
//!   fewest steps that explain the new order are reported as moved (the others keep their
//!   relative order: a longest increasing subsequence).
//! - Fields by name within a matched step; a name that left one step and arrived in another
//!   is a move between steps; a field that left and one that arrived in the same step with the
//!   same content except the name is a rename; the fewest fields that explain the new order
//!   within a step are reported as moved. The fields of an added or removed step are part of
//!   that step's change, not listed one by one.
//! - Every key of a field (as the project file writes it) is compared; a changed `rules` string
//!   is also told rule by rule ([`rule_words`]) and with the values whose verdict changed.
//! - The catalog by name (its order is not compared); settings, translations (`locales`) and
//!   the project's other keys through the project serializer's JSON, key by key, so the diff
//!   follows whatever types those parts have in Rust. A documented setting that is absent
//!   counts as its default.
//! - Journey outcomes and prompts are compared as whole JSON values.
//!
//! A project compared with platform JSON: the platform's document holds only steps, their
//! fields and scopes (and its own top-level keys); triggers, the catalog, settings and
//! translations exist only in a project. Only what both sides can express is compared
//! ([`Compared`]), so a project and its own export differ in nothing. The project's kept
//! journeys run on both sides, the platform side taking the project side's settings and each
//! matched step's trigger.

mod journeys;
mod matching;
mod report;
mod rules;
mod values;

#[cfg(test)]
mod tests;

use std::borrow::Cow;

use serde_json::Value;

use crate::loginradius::{self, ImportKind};
use crate::project::{Id, LoadError, Project};

pub use report::{
    describe_value, prompt_change_words, prompt_words, to_json, to_text, value_words,
};
pub use rules::{LINT_EXAMPLES, refused_and_accepted, rule_words};

/// What changed, in the words of FORMATS.md (`kind` of `--format json`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ChangeKind {
    StepAdded,
    StepRemoved,
    StepRenamed,
    StepMoved,
    TriggerChanged,
    ScopesChanged,
    /// A key of the step the studio does not know.
    StepKeyChanged,
    FieldAdded,
    FieldRemoved,
    /// Within a step (`key` "position") or between steps (`key` "step").
    FieldMoved,
    FieldRenamed,
    /// One key of a field (`key`): `old` absent means the key was added, `new` absent removed.
    FieldChanged,
    CatalogAdded,
    CatalogRemoved,
    CatalogRenamed,
    CatalogChanged,
    ProjectRenamed,
    SettingChanged,
    LocaleAdded,
    LocaleRemoved,
    TranslationChanged,
    /// Another top-level key of the project (such as `journeys`), member by member.
    ProjectKeyChanged,
    /// A top-level key of the platform's document other than `ProfilingSteps`.
    PlatformKeyChanged,
}

impl ChangeKind {
    /// Every kind, in the order FORMATS.md lists them.
    pub const ALL: [ChangeKind; 23] = [
        ChangeKind::StepAdded,
        ChangeKind::StepRemoved,
        ChangeKind::StepRenamed,
        ChangeKind::StepMoved,
        ChangeKind::TriggerChanged,
        ChangeKind::ScopesChanged,
        ChangeKind::StepKeyChanged,
        ChangeKind::FieldAdded,
        ChangeKind::FieldRemoved,
        ChangeKind::FieldMoved,
        ChangeKind::FieldRenamed,
        ChangeKind::FieldChanged,
        ChangeKind::CatalogAdded,
        ChangeKind::CatalogRemoved,
        ChangeKind::CatalogRenamed,
        ChangeKind::CatalogChanged,
        ChangeKind::ProjectRenamed,
        ChangeKind::SettingChanged,
        ChangeKind::LocaleAdded,
        ChangeKind::LocaleRemoved,
        ChangeKind::TranslationChanged,
        ChangeKind::ProjectKeyChanged,
        ChangeKind::PlatformKeyChanged,
    ];

    /// The `kind` value of the JSON output.
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::StepAdded => "step-added",
            ChangeKind::StepRemoved => "step-removed",
            ChangeKind::StepRenamed => "step-renamed",
            ChangeKind::StepMoved => "step-moved",
            ChangeKind::TriggerChanged => "trigger-changed",
            ChangeKind::ScopesChanged => "scopes-changed",
            ChangeKind::StepKeyChanged => "step-key-changed",
            ChangeKind::FieldAdded => "field-added",
            ChangeKind::FieldRemoved => "field-removed",
            ChangeKind::FieldMoved => "field-moved",
            ChangeKind::FieldRenamed => "field-renamed",
            ChangeKind::FieldChanged => "field-changed",
            ChangeKind::CatalogAdded => "catalog-added",
            ChangeKind::CatalogRemoved => "catalog-removed",
            ChangeKind::CatalogRenamed => "catalog-renamed",
            ChangeKind::CatalogChanged => "catalog-changed",
            ChangeKind::ProjectRenamed => "project-renamed",
            ChangeKind::SettingChanged => "setting-changed",
            ChangeKind::LocaleAdded => "locale-added",
            ChangeKind::LocaleRemoved => "locale-removed",
            ChangeKind::TranslationChanged => "translation-changed",
            ChangeKind::ProjectKeyChanged => "project-key-changed",
            ChangeKind::PlatformKeyChanged => "platform-key-changed",
        }
    }

    /// `+` for what arrived, `-` for what left, `~` for the rest (the text output's marks).
    pub fn mark(self) -> char {
        match self {
            ChangeKind::StepAdded
            | ChangeKind::FieldAdded
            | ChangeKind::CatalogAdded
            | ChangeKind::LocaleAdded => '+',
            ChangeKind::StepRemoved
            | ChangeKind::FieldRemoved
            | ChangeKind::CatalogRemoved
            | ChangeKind::LocaleRemoved => '-',
            _ => '~',
        }
    }
}

/// What a change is about in the NEW version, for jumping there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Target {
    /// Nothing to show (a removed step, a setting).
    #[default]
    None,
    Step(Id),
    /// A field of a step.
    Field(Id),
    /// A field of the catalog.
    Catalog(Id),
}

/// How the browser judges one value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Judgement {
    Accepted,
    /// The first rule that failed and the browser's message.
    Refused {
        rule: String,
        message: String,
    },
    /// A regex ran past the time limit: the browser would freeze before answering.
    Unknown {
        rule: String,
    },
    /// The browser's validator throws at `rule`: validation breaks for the whole form.
    Throws {
        rule: String,
    },
}

/// Where a value judged for a rules change comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueSource {
    /// The empty value (nothing typed, `-- select --`).
    Empty,
    /// The field's `value` key, what the preview starts with (or a ticked checkbox).
    StartingValue,
    /// The field's `placeholder`.
    Placeholder,
    /// A value of the field's options.
    OptionValue,
    /// A value the rule lints quote (`valid_url`, `valid_phoneno`, `valid_base64`).
    LintExample,
    /// Just below, at and above a length rule's limit.
    LengthLimit,
    /// Just below, at and above a number rule's limit.
    NumberLimit,
}

impl ValueSource {
    /// The JSON and text word for it.
    pub fn as_str(self) -> &'static str {
        match self {
            ValueSource::Empty => "empty",
            ValueSource::StartingValue => "starting value",
            ValueSource::Placeholder => "placeholder",
            ValueSource::OptionValue => "option value",
            ValueSource::LintExample => "lint example",
            ValueSource::LengthLimit => "length limit",
            ValueSource::NumberLimit => "number limit",
        }
    }
}

/// A value whose verdict differs between the two rules strings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValueChange {
    pub value: String,
    pub source: ValueSource,
    pub old: Judgement,
    pub new: Judgement,
}

/// A prompt of a kept journey that differs: `old` only (no longer shown), `new` only (now
/// shown) or both (shown differently), as the simulator's JSON values.
#[derive(Debug, Clone, PartialEq)]
pub struct PromptChange {
    /// The journey's name in the project's `journeys`.
    pub journey: String,
    /// The index of the event in the journey.
    pub event: usize,
    pub old: Option<Value>,
    pub new: Option<Value>,
}

/// What a change means for consumers.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Impact {
    /// For a changed rules string: the values whose verdict changed.
    pub values: Vec<ValueChange>,
    /// The kept journeys' prompts of this change's step that differ.
    pub prompts: Vec<PromptChange>,
}

impl Impact {
    /// Whether there is nothing to say.
    pub fn is_empty(&self) -> bool {
        self.values.is_empty() && self.prompts.is_empty()
    }
}

/// One change.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub kind: ChangeKind,
    /// The step's name (in NEW; in OLD for a removed step).
    pub step: Option<String>,
    /// The field's name (in NEW; in OLD for a removed field).
    pub field: Option<String>,
    /// The key that changed (a field's key, a setting, `fr.labels.firstname`...).
    pub key: Option<String>,
    pub old: Option<Value>,
    pub new: Option<Value>,
    /// The change in one sentence.
    pub summary: String,
    /// More lines: a rules string rule by rule, options by value.
    pub details: Vec<String>,
    pub impact: Impact,
    /// What to select in NEW.
    pub target: Target,
    /// The index of the step pair this change is about (for journey prompts).
    pub(crate) pair: Option<usize>,
}

impl Change {
    pub(crate) fn new(kind: ChangeKind, summary: String) -> Change {
        Change {
            kind,
            step: None,
            field: None,
            key: None,
            old: None,
            new: None,
            summary,
            details: Vec::new(),
            impact: Impact::default(),
            target: Target::None,
            pair: None,
        }
    }
}

/// Which parts of the two versions were compared (the others were taken from the side that
/// has them, see the module notes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Compared {
    /// Steps, their fields, scopes and unknown keys.
    pub steps: bool,
    pub triggers: bool,
    pub catalog: bool,
    /// The palette tab of catalog fields.
    pub catalog_groups: bool,
    /// The project's name, settings, translations and other top-level keys.
    pub project: bool,
    /// The platform document's own top-level keys.
    pub platform_keys: bool,
}

impl Compared {
    /// Everything: two projects.
    pub const ALL: Compared = Compared {
        steps: true,
        triggers: true,
        catalog: true,
        catalog_groups: true,
        project: true,
        platform_keys: true,
    };

    /// What two versions of these kinds can both express.
    pub fn between(old: VersionKind, new: VersionKind) -> Compared {
        use VersionKind::{ProfilingSteps as S, Project as P, RegistrationSchema as R};
        let none = Compared {
            steps: false,
            triggers: false,
            catalog: false,
            catalog_groups: false,
            project: false,
            platform_keys: false,
        };
        match (old, new) {
            (P, P) => Compared::ALL,
            (P | S, P | S) => Compared {
                steps: true,
                platform_keys: true,
                ..none
            },
            (R, R) => Compared {
                catalog: true,
                platform_keys: true,
                ..none
            },
            (P | R, P | R) => Compared {
                catalog: true,
                ..none
            },
            _ => none,
        }
    }

    /// Whether the two versions have nothing in common to compare (a registration schema and
    /// a platform document of steps).
    pub fn nothing(&self) -> bool {
        !(self.steps || self.catalog || self.project || self.platform_keys)
    }

    /// The parts compared and not compared, in words; `None` when everything was.
    pub fn describe(&self) -> Option<String> {
        if *self == Compared::ALL {
            return None;
        }
        let parts = [
            (self.steps, "steps, their fields and scopes"),
            (self.triggers, "triggers"),
            (self.catalog, "the catalog"),
            (self.catalog_groups, "the catalog's palette tabs"),
            (
                self.project,
                "the project's name, settings, translations and other keys",
            ),
            (self.platform_keys, "the platform document's other keys"),
        ];
        let list = |on: bool| {
            parts
                .iter()
                .filter(|(c, _)| *c == on)
                .map(|(_, w)| *w)
                .collect::<Vec<_>>()
                .join(", ")
        };
        let compared = list(true);
        let not = list(false);
        Some(if compared.is_empty() {
            format!(
                "The two files have nothing in common to compare (a platform document of steps \
                 and a registration schema): not compared: {not}."
            )
        } else {
            format!(
                "Compared only what both files can express: {compared}. Not compared (not in \
                 both files): {not}."
            )
        })
    }
}

/// What a version's file held.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VersionKind {
    /// A studio project (`*.ppstudio.json`).
    Project,
    /// The platform's `{"ProfilingSteps": [...]}`.
    ProfilingSteps,
    /// A registration schema (the catalog only).
    RegistrationSchema,
}

impl VersionKind {
    /// Words for the kind ("project", "platform JSON").
    pub fn title(self) -> &'static str {
        match self {
            VersionKind::Project => "project",
            VersionKind::ProfilingSteps => "platform JSON",
            VersionKind::RegistrationSchema => "registration schema",
        }
    }
}

/// One side of a comparison: a project, or a platform document read as one.
#[derive(Debug, Clone)]
pub struct Version {
    pub project: Project,
    pub kind: VersionKind,
}

impl Version {
    /// A project.
    pub fn project(project: Project) -> Version {
        Version {
            project,
            kind: VersionKind::Project,
        }
    }

    /// Reads a project file or a platform JSON file. `Err` says where (line, column).
    pub fn from_bytes(bytes: &[u8]) -> Result<Version, LoadError> {
        let project_error = match Project::from_bytes(bytes) {
            Ok(project) => return Ok(Version::project(project)),
            Err(e) => e,
        };
        let first = bytes.iter().find(|b| !b.is_ascii_whitespace()).copied();
        let platform_shaped =
            first == Some(b'[') || project_error.message.starts_with("not a ppstudio project");
        if !platform_shaped {
            return Err(project_error);
        }
        match loginradius::import(bytes) {
            Ok(imported) => Ok(Version {
                project: imported.project,
                kind: match imported.kind {
                    ImportKind::ProfilingSteps => VersionKind::ProfilingSteps,
                    // The Admin Console's field list fills the catalog, as a schema does.
                    ImportKind::RegistrationSchema | ImportKind::ConsoleFieldList => {
                        VersionKind::RegistrationSchema
                    }
                },
            }),
            Err(e) if e.message.starts_with("neither") => Err(LoadError::at(
                e.line,
                e.column,
                "neither a ppstudio project (no \"format\": \"ppstudio-project\") nor platform \
                 JSON (no \"ProfilingSteps\" or \"RegistrationFormSchema\")",
            )),
            Err(e) => Err(e),
        }
    }
}

/// The result of a comparison.
#[derive(Debug, Clone, PartialEq)]
pub struct Diff {
    /// Steps (in NEW's order, removed ones last), settings, translations, catalog, the rest.
    pub changes: Vec<Change>,
    /// Kept journeys' prompts that differ and belong to no listed change.
    pub journeys: Vec<PromptChange>,
    /// What was compared.
    pub compared: Compared,
    /// What could not be done (a kept journey that does not read).
    pub notes: Vec<String>,
}

impl Diff {
    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }
}

/// Compares two projects, everything included.
pub fn diff(old: &Project, new: &Project) -> Diff {
    let (mut d, pairs) = diff_with(old, new, Compared::ALL);
    journeys::attach_prompts(old, new, &pairs, &mut d);
    d
}

/// Compares two versions (a project or platform JSON each), only in what both can express.
pub fn diff_versions(old: &Version, new: &Version) -> Diff {
    compare((&old.project, old.kind), (&new.project, new.kind))
}

/// Compares a version (a project or platform JSON) with a project: what deploying `new` over
/// `old` changes (the studio's "Compare with file…").
pub fn diff_against(old: &Version, new: &Project) -> Diff {
    compare((&old.project, old.kind), (new, VersionKind::Project))
}

/// A side of a comparison.
type Side<'a> = (&'a Project, VersionKind);

fn compare(old: Side<'_>, new: Side<'_>) -> Diff {
    let compared = Compared::between(old.1, new.1);
    let (mut d, pairs) = diff_with(old.0, new.0, compared);
    if compared.steps && journeys::any_kept(old.0, new.0) {
        let (o, n) = for_journeys(old, new, &compared);
        journeys::attach_prompts(&o, &n, &pairs, &mut d);
    }
    d
}

/// The two projects the kept journeys run on: a platform side takes the project side's
/// settings and kept journeys, and each matched step's trigger (what it cannot express).
fn for_journeys<'a>(
    old: Side<'a>,
    new: Side<'a>,
    c: &Compared,
) -> (Cow<'a, Project>, Cow<'a, Project>) {
    let mut o = Cow::Borrowed(old.0);
    let mut n = Cow::Borrowed(new.0);
    // The project side, else OLD.
    let from_old = old.1 == VersionKind::Project || new.1 != VersionKind::Project;
    if !c.project {
        let (src, dst) = sides(&mut o, &mut n, from_old);
        let d = dst.to_mut();
        d.settings = src.settings.clone();
        d.extra.clone_from(&src.extra);
    }
    if !c.triggers {
        let pairs = matching::match_steps(&o.steps, &n.steps);
        let (src, dst) = sides(&mut o, &mut n, from_old);
        let triggers: Vec<(usize, crate::project::Trigger)> = pairs
            .iter()
            .filter_map(|&(a, b)| {
                let (s, d) = if from_old { (a?, b?) } else { (b?, a?) };
                Some((d, src.steps[s].trigger.clone()))
            })
            .collect();
        let d = dst.to_mut();
        for (i, t) in triggers {
            d.steps[i].trigger = t;
        }
    }
    (o, n)
}

/// (source, destination) of an inherited part.
fn sides<'x, 'a>(
    o: &'x mut Cow<'a, Project>,
    n: &'x mut Cow<'a, Project>,
    from_old: bool,
) -> (&'x Project, &'x mut Cow<'a, Project>) {
    if from_old { (&**o, n) } else { (&**n, o) }
}

/// Compares the parts `compared` names (journeys aside); also returns the step pairs.
fn diff_with(old: &Project, new: &Project, compared: Compared) -> (Diff, Vec<matching::Pair>) {
    let mut changes = Vec::new();
    let mut notes = Vec::new();
    let pairs = if compared.steps {
        let pairs = matching::match_steps(&old.steps, &new.steps);
        let unjudged = matching::step_changes(old, new, &pairs, &compared, &mut changes);
        if unjudged > 0 {
            notes.push(format!(
                "{unjudged} rules changes are listed without the sample values whose verdict \
                 changed: judging took longer than {} s (a slow custom regex?).",
                rules::JUDGING_BUDGET.as_secs()
            ));
        }
        pairs
    } else {
        Vec::new()
    };
    let tops = compared
        .project
        .then(|| (values::top_level(old), values::top_level(new)));
    if let Some((o, n)) = &tops {
        values::settings_changes(o, n, &mut changes);
        values::locale_changes(o, n, &mut changes);
    }
    if compared.project {
        values::registration_changes(old, new, &mut changes);
    }
    if compared.catalog {
        matching::catalog_changes(old, new, &compared, &mut changes);
    }
    if let Some((o, n)) = &tops {
        values::project_changes(o, n, &mut changes);
    }
    if compared.platform_keys {
        values::platform_changes(old, new, &mut changes);
    }
    let diff = Diff {
        changes,
        journeys: Vec::new(),
        compared,
        notes,
    };
    (diff, pairs)
}
