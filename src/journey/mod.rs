//! The life-cycle simulator: a consumer's journey (profile, logins, page visits, clicks) run
//! against a project's steps, as FORMATS.md "Journeys" specifies.
//!
//! Also the one place that decides what a step shows to a consumer ([`Known`],
//! [`decide`]), shared with the live preview.
//!
//! Decisions where the specification is silent:
//! - Only a non-empty JSON string makes a profile attribute known: numbers, booleans, null,
//!   arrays and objects do not (the platform's profile values the filter reads are strings).
//!   A string of spaces is non-empty, as in the rule engine (only `""` is empty).
//! - A field whose name starts with `cf_` is known when some profile key equals its name
//!   ignoring case (Unicode lower case, as JavaScript's `toLowerCase`), or when the profile's
//!   `CustomFields` object (the platform's own shape) has the key `X` of `cf_X`, ignoring case.
//!   Other names are compared exactly.
//! - `country` is not known when its value is `unknown` in any case (Unicode lower case).
//! - The same identity decides `never_asked`: `cf_Team` and `cf_team` are one field there,
//!   listed with the spelling that appears first.
//! - A hidden field is part of a prompt like any other remaining field (it is in the form the
//!   platform renders, just not drawn).
//! - A `login_count` below 1 and an unknown trigger never fire.

mod de;
mod pattern;
#[cfg(test)]
mod tests;

use std::borrow::Cow;
use std::collections::HashSet;

use serde::Serialize;
use serde_json::{Map, Value};

use crate::project::{LoadError, Project, Settings, Step, TriggerKind};

pub use de::{JOURNEYS_KEY, journey_names, keep_journey, named_in_project};
pub use pattern::matches_path;

/// A consumer's journey, read from a journey file or from a project's `journeys`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Journey {
    /// The consumer's profile at the start: attribute name to value, as written.
    pub profile: Map<String, Value>,
    /// Overrides of the project's settings, when the journey has `settings`.
    pub settings: Option<JourneySettings>,
    /// What the consumer does, in order.
    pub events: Vec<Event>,
    /// Top-level keys the simulator does not know, in their original order.
    pub extra: Map<String, Value>,
}

/// A journey's `settings`: each key present overrides the project's.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct JourneySettings {
    /// `askOptionalFieldsOnProgressiveSteps`, when present.
    pub ask_optional_fields: Option<bool>,
    /// Other keys, in their original order.
    pub extra: Map<String, Value>,
}

/// One thing the consumer does. `dismiss: true` closes whatever the event shows without
/// submitting it. Unknown keys of an event are ignored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// `{"type": "login"}`: the login count goes up by one.
    Login {
        /// The consumer closes the prompts without submitting.
        dismiss: bool,
    },
    /// `{"type": "visit", "path": "/pricing/teams"}`: a page load.
    Visit {
        /// The page's path.
        path: String,
        /// The consumer closes the prompts without submitting.
        dismiss: bool,
    },
    /// `{"type": "click", "target": "upgrade-cta"}`: a click on an element id, or an event.
    Click {
        /// The element id or event name.
        target: String,
        /// The consumer closes the prompts without submitting.
        dismiss: bool,
    },
}

impl Event {
    /// Whether the consumer closes the prompts of this event without submitting them.
    pub fn dismiss(&self) -> bool {
        match self {
            Event::Login { dismiss }
            | Event::Visit { dismiss, .. }
            | Event::Click { dismiss, .. } => *dismiss,
        }
    }
}

impl Journey {
    /// Reads a journey file's bytes. `Err` says where (line, column) and what is wrong.
    pub fn from_bytes(bytes: &[u8]) -> Result<Journey, LoadError> {
        let text = crate::project::check_text(bytes)?;
        de::journey_from_str(text)
    }

    /// The effective `askOptionalFieldsOnProgressiveSteps`: the journey's, else the project's.
    pub fn ask_optional_fields(&self, project: &Settings) -> bool {
        self.settings
            .as_ref()
            .and_then(|s| s.ask_optional_fields)
            .unwrap_or(project.ask_optional_fields)
    }
}

/// The identity of a field name for knowledge and de-duplication: `cf_` names in lower case.
pub fn field_key(name: &str) -> Cow<'_, str> {
    if is_custom(name) {
        Cow::Owned(name.to_lowercase())
    } else {
        Cow::Borrowed(name)
    }
}

fn is_custom(name: &str) -> bool {
    name.starts_with("cf_")
}

/// What the platform already knows about a consumer: the fields it will not ask again.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Known {
    /// Field keys (see [`field_key`]).
    keys: HashSet<String>,
}

impl Known {
    /// Nothing known.
    pub fn new() -> Known {
        Known::default()
    }

    /// What a journey's profile makes known (see the module's notes for the exact rule).
    pub fn from_profile(profile: &Map<String, Value>) -> Known {
        let mut known = Known::new();
        for (name, value) in profile {
            if let Value::String(s) = value {
                known.add_value(name, s);
            }
        }
        if let Some(Value::Object(custom)) = profile.get("CustomFields") {
            for (key, value) in custom {
                if let Value::String(s) = value {
                    known.add_value(&format!("cf_{key}"), s);
                }
            }
        }
        known
    }

    /// What a profile of attribute name to string value makes known.
    pub fn from_strings<'a>(profile: impl IntoIterator<Item = (&'a str, &'a str)>) -> Known {
        let mut known = Known::new();
        for (name, value) in profile {
            known.add_value(name, value);
        }
        known
    }

    fn add_value(&mut self, name: &str, value: &str) {
        if holds_value(name, value) {
            // A profile key compares with field names ignoring case when it is a custom one,
            // whatever case its own `cf_` prefix has.
            let key = name.to_lowercase();
            if key.starts_with("cf_") {
                self.keys.insert(key);
            } else {
                self.keys.insert(name.to_string());
            }
        }
    }

    /// Whether the field `name` is known (the platform drops it from a step).
    pub fn contains(&self, name: &str) -> bool {
        self.keys.contains(field_key(name).as_ref())
    }

    /// Records that the consumer submitted the field `name`.
    pub fn learn(&mut self, name: &str) {
        self.keys.insert(field_key(name).into_owned());
    }
}

/// Whether a profile value counts as a value for that attribute.
pub fn holds_value(name: &str, value: &str) -> bool {
    let unknown_country = name == "country" && value.to_lowercase() == "unknown";
    !value.is_empty() && !unknown_country
}

/// Whether a step shows, and why not when it does not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Visibility {
    /// The remaining fields are shown.
    Shown,
    /// Every field is already known: the step completes silently.
    NothingLeft,
    /// No remaining field mentions `required`, and optional fields are not asked.
    OnlyOptional,
}

/// What a step shows to a consumer who knows `known`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    /// Indices (in `step.fields`) of the fields not yet known, in order.
    pub remaining: Vec<usize>,
    /// Whether those are shown.
    pub visibility: Visibility,
}

impl Decision {
    /// Whether the step shows its remaining fields.
    pub fn shown(&self) -> bool {
        self.visibility == Visibility::Shown
    }
}

/// Decides what `step` shows: its fields minus the known ones; shown when one of them has
/// `required` in its rules string (a substring test, as the platform does) or when
/// `ask_optional_fields` is true.
pub fn decide(step: &Step, known: &Known, ask_optional_fields: bool) -> Decision {
    let remaining: Vec<usize> = step
        .fields
        .iter()
        .enumerate()
        .filter(|(_, f)| !known.contains(&f.name))
        .map(|(i, _)| i)
        .collect();
    let visibility = if remaining.is_empty() {
        Visibility::NothingLeft
    } else if ask_optional_fields
        || remaining
            .iter()
            .any(|&i| step.fields[i].mentions_required())
    {
        Visibility::Shown
    } else {
        Visibility::OnlyOptional
    };
    Decision {
        remaining,
        visibility,
    }
}

/// Whether a step with trigger `kind` fires on `event`, `logins` being the login count after
/// the event.
pub fn fires(kind: &TriggerKind, event: &Event, logins: u64) -> bool {
    match (kind, event) {
        (TriggerKind::FirstLogin, Event::Login { .. }) => logins == 1,
        (TriggerKind::LoginCount(n), Event::Login { .. }) => u64::try_from(*n) == Ok(logins),
        (TriggerKind::PageVisit(pattern), Event::Visit { path, .. }) => matches_path(pattern, path),
        (TriggerKind::CtaClick(t), Event::Click { target, .. }) => t == target,
        _ => false,
    }
}

/// A step shown to the consumer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Prompt {
    /// The index of the event in the journey's `events`.
    pub event: usize,
    /// The step's name.
    pub step: String,
    /// The names of the fields shown, in the step's order.
    pub fields: Vec<String>,
}

/// What a journey showed. Serializes as FORMATS.md documents, keys in this order.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Outcome {
    /// Every step shown, in the order shown.
    pub prompts: Vec<Prompt>,
    /// The names of the steps no event showed, in project order.
    pub never_fired: Vec<String>,
    /// The step fields no prompt showed: first appearance order (steps, then fields), each
    /// field once.
    pub never_asked: Vec<String>,
}

impl Outcome {
    /// The documented JSON: pretty (two spaces), with a final newline.
    pub fn to_json_string(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).unwrap_or_default();
        s.push('\n');
        s
    }
}

/// Runs `journey` against `project`'s steps, event by event.
pub fn simulate(project: &Project, journey: &Journey) -> Outcome {
    let ask_optional = journey.ask_optional_fields(&project.settings);
    let mut known = Known::from_profile(&journey.profile);
    let mut logins: u64 = 0;
    let mut step_shown = vec![false; project.steps.len()];
    let mut asked: HashSet<String> = HashSet::new();
    let mut prompts = Vec::new();
    for (index, event) in journey.events.iter().enumerate() {
        if let Event::Login { .. } = event {
            logins = logins.saturating_add(1);
        }
        for (si, step) in project.steps.iter().enumerate() {
            if !fires(&step.trigger.kind, event, logins) {
                continue;
            }
            let decision = decide(step, &known, ask_optional);
            if !decision.shown() {
                continue;
            }
            step_shown[si] = true;
            let fields: Vec<String> = decision
                .remaining
                .iter()
                .map(|&fi| step.fields[fi].name.clone())
                .collect();
            for name in &fields {
                asked.insert(field_key(name).into_owned());
                if !event.dismiss() {
                    known.learn(name);
                }
            }
            prompts.push(Prompt {
                event: index,
                step: step.name.clone(),
                fields,
            });
        }
    }
    let never_fired = project
        .steps
        .iter()
        .zip(&step_shown)
        .filter(|(_, shown)| !**shown)
        .map(|(s, _)| s.name.clone())
        .collect();
    let mut listed = HashSet::new();
    let never_asked = project
        .steps
        .iter()
        .flat_map(|s| &s.fields)
        .filter(|f| {
            let key = field_key(&f.name);
            !asked.contains(key.as_ref()) && listed.insert(key.into_owned())
        })
        .map(|f| f.name.clone())
        .collect();
    Outcome {
        prompts,
        never_fired,
        never_asked,
    }
}
