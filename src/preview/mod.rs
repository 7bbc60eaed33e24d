//! The logic behind the live preview: what a step shows to a sample consumer, each shown
//! field's verdict as the browser would give it, and the JSON a submit would post. No GUI.
//!
//! [`Preview`] keeps its caches between calls, so the panel calls [`Preview::compute`] after
//! every keystroke: rules strings are compiled once (keyed by the string), and a field whose
//! rules, label and value did not change keeps its verdict (unless its rules read other
//! fields, `matches[f]`, which are evaluated again every time).
//!
//! What is shown follows [`crate::journey::decide`] (the simulator's rule): a field already
//! in the profile is skipped; the step shows when fields remain and one is required, or when
//! optional fields are asked.
//!
//! Assumptions where the platform is not documented:
//! - A field's starting value is its `value` key (a string), else `""`.
//! - `multi` (checkbox): the value `true` (any ASCII case) is checked. A checked box validates
//!   as `"true"`, an unchecked one as `""` (so `required` fails), and posts a JSON boolean.
//! - The form holds every remaining field, hidden ones included (with their value), so
//!   `matches[f]` finds f only when f is in the form. Hidden fields are posted but not
//!   validated; read-only fields are drawn, validated and posted.
//! - The post holds the form's fields in step order, values as strings (an option's value as
//!   it is, `code|name` for countries), then `"CustomFields": {"X": value}` for the `cf_X`
//!   fields (omitted when there are none). Nothing is posted when the step is not shown.
//! - Regex matches run with [`PREVIEW_MATCH_TIMEOUT`]; a timed-out rule counts as failed and
//!   is flagged ([`FieldPreview::verdict`]'s `timed_out`, [`StepPreview::timed_out`]).

#[cfg(test)]
mod tests;

use std::collections::HashMap;
use std::time::Duration;

use serde_json::{Map, Value};

use crate::journey::{Known, Visibility, decide};
use crate::project::{Field, FieldType, Id, Step};
use crate::rules::{CompiledRules, Form, Verdict};

/// The time limit of one regex match in the preview: short, so a catastrophic pattern costs
/// one frame, not a freeze.
pub const PREVIEW_MATCH_TIMEOUT: Duration = Duration::from_millis(25);

/// Caches beyond this many entries are dropped and rebuilt (typing a rules string creates
/// one entry per keystroke).
const CACHE_LIMIT: usize = 1024;

/// Why a field is or is not in the consumer's form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldState {
    /// Drawn, validated and posted.
    Shown,
    /// A `hidden` field: in the form with its value and posted, not drawn, not validated.
    Hidden,
    /// Already in the profile: the platform drops it.
    Known,
    /// Not known, but the whole step is not shown (see [`StepPreview::visibility`]).
    StepNotShown,
}

impl FieldState {
    /// Whether the field is part of the rendered form (drawn or hidden).
    pub fn in_form(self) -> bool {
        matches!(self, FieldState::Shown | FieldState::Hidden)
    }

    /// Why the field is not drawn, in a product manager's words; `None` when it is drawn.
    pub fn why(self) -> Option<&'static str> {
        match self {
            FieldState::Shown => None,
            FieldState::Hidden => Some("hidden field: sent with its value, never drawn"),
            FieldState::Known => Some("already in the profile"),
            FieldState::StepNotShown => Some(
                "the step is not shown: no remaining field is required and optional fields \
                 are not asked",
            ),
        }
    }
}

/// Why a step shows or completes silently, in a product manager's words.
pub fn describe_visibility(v: Visibility) -> &'static str {
    match v {
        Visibility::Shown => "shown",
        Visibility::NothingLeft => {
            "not shown: every field is already in the profile, the step completes silently"
        }
        Visibility::OnlyOptional => {
            "not shown: no remaining field is required and askOptionalFieldsOnProgressiveSteps \
             is off, the step completes silently"
        }
    }
}

/// One field of the step, as the consumer meets it.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldPreview {
    /// The field's stable identity.
    pub id: Id,
    /// The field's name.
    pub name: String,
    /// Drawn, hidden or skipped, and why.
    pub state: FieldState,
    /// Drawn disabled (`permission` `"r"`).
    pub read_only: bool,
    /// The value validated and posted (`"true"`/`""` for a checkbox); `""` when not in the form.
    pub value: String,
    /// The browser's verdict, for drawn fields only.
    pub verdict: Option<Verdict>,
}

/// What a step shows to the sample consumer, and what a submit would send.
#[derive(Debug, Clone, PartialEq)]
pub struct StepPreview {
    /// Whether the step shows, and why not.
    pub visibility: Visibility,
    /// Every field of the step, in order.
    pub fields: Vec<FieldPreview>,
    /// The JSON a submit posts; `None` when the step is not shown.
    pub submit: Option<Value>,
    /// Whether a rule's regex ran out of time (that verdict is uncertain).
    pub timed_out: bool,
}

impl StepPreview {
    /// Whether the step is shown.
    pub fn shown(&self) -> bool {
        self.visibility == Visibility::Shown
    }

    /// Whether every drawn field is valid (a submit would go through).
    pub fn valid(&self) -> bool {
        self.fields
            .iter()
            .filter_map(|f| f.verdict.as_ref())
            .all(|v| v.valid)
    }

    /// The field named `name`.
    pub fn field(&self, name: &str) -> Option<&FieldPreview> {
        self.fields.iter().find(|f| f.name == name)
    }
}

/// A remembered verdict and what it was computed from.
#[derive(Debug, Clone)]
struct Memo {
    rules: String,
    display: String,
    value: String,
    verdict: Verdict,
}

/// The preview's engine, with its caches; keep one per panel.
#[derive(Debug)]
pub struct Preview {
    compiled: HashMap<String, CompiledRules>,
    memo: HashMap<Id, Memo>,
    timeout: Duration,
}

impl Default for Preview {
    fn default() -> Self {
        Preview::new()
    }
}

impl Preview {
    /// An engine with empty caches and [`PREVIEW_MATCH_TIMEOUT`].
    pub fn new() -> Preview {
        Preview::with_timeout(PREVIEW_MATCH_TIMEOUT)
    }

    /// An engine whose regex matches stop after `timeout`.
    pub fn with_timeout(timeout: Duration) -> Preview {
        Preview {
            compiled: HashMap::new(),
            memo: HashMap::new(),
            timeout,
        }
    }

    /// Computes the preview of `step` for a consumer whose profile makes `profile` known
    /// (see [`Known::from_strings`]), with `ask_optional_fields` and the form's current
    /// `values` (field name to value; a missing name has the field's starting value).
    pub fn compute(
        &mut self,
        step: &Step,
        profile: &Known,
        ask_optional_fields: bool,
        values: &HashMap<String, String>,
    ) -> StepPreview {
        let decision = decide(step, profile, ask_optional_fields);
        let shown = decision.shown();
        let mut fields: Vec<FieldPreview> = step
            .fields
            .iter()
            .map(|f| {
                let state = if profile.contains(&f.name) {
                    FieldState::Known
                } else if !shown {
                    FieldState::StepNotShown
                } else if f.field_type == FieldType::Hidden {
                    FieldState::Hidden
                } else {
                    FieldState::Shown
                };
                FieldPreview {
                    id: f.id,
                    name: f.name.clone(),
                    state,
                    read_only: f.is_read_only(),
                    value: if state.in_form() {
                        current_value(f, values)
                    } else {
                        String::new()
                    },
                    verdict: None,
                }
            })
            .collect();
        if !shown {
            return StepPreview {
                visibility: decision.visibility,
                fields,
                submit: None,
                timed_out: false,
            };
        }

        let mut form = Form::new();
        for (f, p) in step.fields.iter().zip(&fields) {
            if p.state.in_form() {
                form.insert(f.name.as_str(), p.value.as_str(), f.display.as_str());
            }
        }
        if self.compiled.len() > CACHE_LIMIT {
            self.compiled.clear();
        }
        if self.memo.len() > CACHE_LIMIT {
            self.memo.clear();
        }
        let mut timed_out = false;
        for (f, p) in step.fields.iter().zip(fields.iter_mut()) {
            if p.state != FieldState::Shown {
                continue;
            }
            let verdict = self.verdict(f, &p.value, &form);
            timed_out |= verdict.timed_out;
            p.verdict = Some(verdict);
        }
        let submit = Some(submit_json(step, &fields));
        StepPreview {
            visibility: decision.visibility,
            fields,
            submit,
            timed_out,
        }
    }

    fn verdict(&mut self, f: &Field, value: &str, form: &Form) -> Verdict {
        // `matches[f]` reads the rest of the form (and its message the other label).
        let reads_form = f.rules.contains("matches");
        if !reads_form
            && let Some(m) = self.memo.get(&f.id)
            && m.rules == f.rules
            && m.display == f.display
            && m.value == value
        {
            return m.verdict.clone();
        }
        let timeout = self.timeout;
        let compiled = self
            .compiled
            .entry(f.rules.clone())
            .or_insert_with(|| CompiledRules::new(&f.rules).with_timeout(timeout));
        let verdict = compiled.evaluate(&f.display, value, form);
        if !reads_form {
            self.memo.insert(
                f.id,
                Memo {
                    rules: f.rules.clone(),
                    display: f.display.clone(),
                    value: value.to_string(),
                    verdict: verdict.clone(),
                },
            );
        }
        verdict
    }
}

/// Whether a checkbox value means checked.
pub fn is_checked(value: &str) -> bool {
    value.eq_ignore_ascii_case("true")
}

/// The field's value in the form: the typed one, else its `value` key, else `""`; a checkbox
/// as `"true"` or `""`.
fn current_value(f: &Field, values: &HashMap<String, String>) -> String {
    let raw = values
        .get(&f.name)
        .map(String::as_str)
        .or_else(|| f.extra_str("value"))
        .unwrap_or("");
    if f.field_type == FieldType::Multi {
        if is_checked(raw) { "true" } else { "" }.to_string()
    } else {
        raw.to_string()
    }
}

/// The post of a shown step: form fields in order, then `CustomFields`.
fn submit_json(step: &Step, fields: &[FieldPreview]) -> Value {
    let mut post = Map::new();
    let mut custom = Map::new();
    for (f, p) in step.fields.iter().zip(fields) {
        if !p.state.in_form() {
            continue;
        }
        let value = if f.field_type == FieldType::Multi {
            Value::Bool(p.value == "true")
        } else {
            Value::String(p.value.clone())
        };
        match f.name.strip_prefix("cf_") {
            Some(key) => custom.insert(key.to_string(), value),
            None => post.insert(f.name.clone(), value),
        };
    }
    if !custom.is_empty() {
        post.insert("CustomFields".into(), Value::Object(custom));
    }
    Value::Object(post)
}
