//! The life-cycle simulator: a consumer's journey (profile, logins, page visits, clicks) run
//! against a project's steps, as FORMATS.md "Journeys" specifies. What each step shows is the
//! platform's rule ([`crate::asked`]), with the journey's settings over the project's.
//!
//! Decisions where the specification is silent:
//! - A field the consumer submitted earlier counts as known by its name lower-cased (the
//!   platform's own identity: `City` and `city` are one attribute).
//! - `never_asked` keeps its identity: `cf_` names compared ignoring case ([`field_key`]), others
//!   exactly, listed with the spelling that appears first.
//! - A re-consent (a social consumer sent to the provider) counts as the step showing, for
//!   `never_fired`; it asks no field.
//! - A hidden field is part of a prompt like any other kept field (it is in the form the
//!   platform renders, just not drawn).
//! - A `login_count` below 1 and an unknown trigger never fire.

mod cache;
mod de;
mod pattern;
mod ser;
#[cfg(test)]
mod tests;
mod text;

use std::borrow::Cow;
use std::collections::HashSet;

use serde::Serialize;

use crate::asked::{Compiled, FieldState, Shows};
use crate::project::{Project, TriggerKind};

pub use crate::project::{
    Event, JOURNEYS_KEY, Journey, JourneySettings, KeptJourney, KeptJourneys,
};
pub use cache::SimulationCache;
pub use de::{keep_journey, named_in_project};
pub use pattern::matches_path;
pub use ser::{default_click_target, default_visit_path};
pub use text::{TimelineEvent, describe_event, reach, timeline, to_text};

/// The identity of a field name for knowledge and de-duplication: `cf_` names in lower case.
pub fn field_key(name: &str) -> Cow<'_, str> {
    if is_custom(name) {
        Cow::Owned(name.to_lowercase())
    } else {
        Cow::Borrowed(name)
    }
}

fn is_custom(name: &str) -> bool {
    crate::project::is_custom_name(name)
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

/// A step shown to the consumer: a form with some of its fields, or a re-consent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Prompt {
    /// The index of the event in the journey's `events`.
    pub event: usize,
    /// The step's name.
    pub step: String,
    /// The names of the fields shown, in the step's order (empty for a re-consent).
    pub fields: Vec<String>,
    /// A social consumer sent to the provider instead of a form.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub consent: Option<Consent>,
}

/// A re-consent: the matching `Scopes` entry's `Provider` as written and its `Scopes`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Consent {
    pub provider: String,
    pub scopes: String,
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
    let settings = journey.effective_settings(&project.settings);
    let compiled = Compiled::new(&project.steps);
    let profile = compiled.prepare(&journey.profile);
    let mut submitted = compiled.submitted();
    let mut decisions = Vec::new();
    let mut logins: u64 = 0;
    let mut step_shown = vec![false; project.steps.len()];
    let mut asked: HashSet<String> = HashSet::new();
    let mut prompts = Vec::new();
    for (index, event) in journey.events.iter().enumerate() {
        if let Event::Login { .. } = event {
            logins = logins.saturating_add(1);
        }
        if let Event::SignUp = event {
            for f in project.registration.iter().flatten() {
                compiled.submit_name(&mut submitted, &f.name);
            }
        }
        for (si, step) in project.steps.iter().enumerate() {
            if !fires(&step.trigger.kind, event, logins) {
                continue;
            }
            let shows = compiled.decide(si, &profile, &settings, Some(&submitted), &mut decisions);
            let prompt = match shows {
                Shows::Nothing(_) => continue,
                Shows::Consent(i) => {
                    let scope = step.scopes.get(i).and_then(Option::as_ref);
                    Prompt {
                        event: index,
                        step: step.name.clone(),
                        fields: Vec::new(),
                        consent: Some(Consent {
                            provider: scope.map(|s| s.provider.clone()).unwrap_or_default(),
                            scopes: scope.map(|s| s.scopes.clone()).unwrap_or_default(),
                        }),
                    }
                }
                Shows::Form(_) => {
                    let mut fields = Vec::new();
                    for (fi, d) in decisions.iter().enumerate() {
                        if d.state != FieldState::Kept {
                            continue;
                        }
                        let name = &step.fields[fi].name;
                        asked.insert(field_key(name).into_owned());
                        if !event.dismiss() {
                            compiled.submit(&mut submitted, si, fi);
                        }
                        fields.push(name.clone());
                    }
                    Prompt {
                        event: index,
                        step: step.name.clone(),
                        fields,
                        consent: None,
                    }
                }
            };
            step_shown[si] = true;
            prompts.push(prompt);
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
