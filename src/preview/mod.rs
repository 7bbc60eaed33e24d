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
//! - Each field is validated as the validator registers it: under its name, labelled by its
//!   display (its name when the display is empty), with the form's other fields.
//! - Time: the browser has no limit, the studio must never freeze. A field's rules run first on
//!   the calling (UI) thread with a short budget per regex match ([`PREVIEW_MATCH_TIMEOUT`]).
//!   When a match runs past it, the field shows [`Verdict::TimedOut`] with
//!   [`FieldPreview::checking`] set, and a background thread ([`worker`]) runs the same
//!   evaluation again with the full limit ([`FULL_MATCH_TIMEOUT`], as `rules eval`). Its answer
//!   replaces the verdict at the next [`Preview::compute`] (call [`Preview::poll`] each frame,
//!   and [`Preview::set_waker`] to be woken); an answer that is still [`Verdict::TimedOut`]
//!   means the consumer's page would freeze on this value ([`StepPreview::timed_out`]). So a
//!   catastrophic pattern costs at most one short budget per edit on the UI thread.

#[cfg(test)]
mod tests;
pub mod worker;

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::Arc;
use std::time::Duration;

use serde_json::{Map, Value};

use crate::journey::{Known, Visibility, decide};
use crate::project::{Field, FieldType, Id, Step};
use crate::rules::eval::FULL_MATCH_TIMEOUT;
use crate::rules::{CompiledRules, Form, Messages, Subject, Verdict};
use worker::{Job, Waker, Worker};

/// The budget of one regex match on the UI thread: short, so a catastrophic pattern costs a
/// few milliseconds of one frame; past it the match is finished in the background.
pub const PREVIEW_MATCH_TIMEOUT: Duration = Duration::from_millis(5);

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
    /// The verdict is [`Verdict::TimedOut`] for the UI thread's short budget and a background
    /// check with the full limit is running: the answer is not known yet.
    pub checking: bool,
}

impl FieldPreview {
    /// Whether the consumer's page would freeze on this value: a regex ran past the full limit.
    pub fn would_freeze(&self) -> bool {
        !self.checking && self.verdict.as_ref().is_some_and(Verdict::timed_out)
    }
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
    /// Whether a field's regex ran past the full limit: the consumer's page would freeze on its
    /// value, and the studio has no verdict for it.
    pub timed_out: bool,
    /// Whether a background check is still running for a field (its verdict is not known yet).
    pub checking: bool,
    /// Whether a field's rules make the browser's validator throw (validation breaks for the
    /// whole form).
    pub throws: bool,
}

impl StepPreview {
    /// Whether the step is shown.
    pub fn shown(&self) -> bool {
        self.visibility == Visibility::Shown
    }

    /// Whether every drawn field is certainly valid (a submit would go through).
    pub fn valid(&self) -> bool {
        self.fields
            .iter()
            .filter_map(|f| f.verdict.as_ref())
            .all(Verdict::is_valid)
    }

    /// Whether a drawn field certainly fails (the browser blocks the form).
    pub fn blocked(&self) -> bool {
        self.fields
            .iter()
            .filter_map(|f| f.verdict.as_ref())
            .any(Verdict::is_invalid)
    }

    /// The field named `name`.
    pub fn field(&self, name: &str) -> Option<&FieldPreview> {
        self.fields.iter().find(|f| f.name == name)
    }
}

/// A remembered verdict and what it was computed from (a hash of the rules, the field's name,
/// label and value, and what the rules read of the form).
#[derive(Debug, Clone)]
struct Memo {
    key: u64,
    verdict: Verdict,
    /// A background check with the full limit is running for this key.
    checking: bool,
}

/// The preview's engine, with its caches; keep one per panel.
#[derive(Debug)]
pub struct Preview {
    compiled: HashMap<String, Arc<CompiledRules>>,
    memo: HashMap<Id, Memo>,
    timeout: Duration,
    full_timeout: Duration,
    messages: Arc<Messages>,
    worker: Worker,
    waker: Option<WakerSlot>,
}

/// The waker, with a `Debug` that says nothing about it.
#[derive(Clone)]
struct WakerSlot(Waker);

impl std::fmt::Debug for WakerSlot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Waker")
    }
}

impl Default for Preview {
    fn default() -> Self {
        Preview::new()
    }
}

impl Preview {
    /// An engine with empty caches, [`PREVIEW_MATCH_TIMEOUT`] on the calling thread and
    /// [`FULL_MATCH_TIMEOUT`] in the background.
    pub fn new() -> Preview {
        Preview::with_timeouts(PREVIEW_MATCH_TIMEOUT, FULL_MATCH_TIMEOUT)
    }

    /// An engine whose regex matches stop after `timeout` on the calling thread (and after
    /// [`FULL_MATCH_TIMEOUT`] in the background).
    pub fn with_timeout(timeout: Duration) -> Preview {
        Preview::with_timeouts(timeout, FULL_MATCH_TIMEOUT)
    }

    /// An engine whose regex matches stop after `budget` on the calling thread, and after
    /// `full` in the background check of a field that ran past the budget.
    pub fn with_timeouts(budget: Duration, full: Duration) -> Preview {
        Preview {
            compiled: HashMap::new(),
            memo: HashMap::new(),
            timeout: budget,
            full_timeout: full.max(budget),
            messages: Arc::new(Messages::platform()),
            worker: Worker::default(),
            waker: None,
        }
    }

    /// Uses `messages` as the validator's templates (a locale's translation); the platform's
    /// by default. Verdicts are computed again.
    pub fn set_messages(&mut self, messages: Arc<Messages>) {
        if *messages != *self.messages {
            self.messages = messages;
            self.memo.clear();
        }
    }

    /// Calls `wake` (from the background thread) whenever a background check answered, so the
    /// caller can draw again (the studio asks egui for a repaint).
    pub fn set_waker(&mut self, wake: impl Fn() + Send + Sync + 'static) {
        self.waker = Some(WakerSlot(Arc::new(wake)));
    }

    /// Whether a waker is set.
    pub fn has_waker(&self) -> bool {
        self.waker.is_some()
    }

    /// Takes the answers of the background checks that are ready; `true` when one changed a
    /// remembered verdict (then [`Preview::compute`] gives a new preview). Never blocks.
    pub fn poll(&mut self) -> bool {
        let done = self.worker.collect();
        self.accept(done)
    }

    /// Waits up to `max` for the background checks to answer (tests and scripts; blocks, so
    /// not for a UI thread); `true` when one changed a remembered verdict.
    pub fn wait_for_checks(&mut self, max: Duration) -> bool {
        let done = self.worker.wait(max);
        self.accept(done)
    }

    /// Whether a background check is still running.
    pub fn checking(&self) -> bool {
        self.worker.busy()
    }

    fn accept(&mut self, done: Vec<worker::Done>) -> bool {
        let mut changed = false;
        for d in done {
            if let Some(m) = self.memo.get_mut(&d.field)
                && m.key == d.key
                && m.checking
            {
                m.verdict = d.verdict;
                m.checking = false;
                changed = true;
            }
        }
        changed
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
                    checking: false,
                }
            })
            .collect();
        if !shown {
            return StepPreview {
                visibility: decision.visibility,
                fields,
                submit: None,
                timed_out: false,
                checking: false,
                throws: false,
            };
        }

        self.poll();
        let mut form = Form::new();
        // What the rules can read of the form: every label (a parameter naming a field shows
        // its label) and, for `matches`, every value.
        let mut labels = DefaultHasher::new();
        let mut values = DefaultHasher::new();
        for (f, p) in step.fields.iter().zip(&fields) {
            if p.state.in_form() {
                form.insert(f.name.as_str(), p.value.as_str(), f.display.as_str());
                (&f.name, &f.display).hash(&mut labels);
                (&f.name, &p.value).hash(&mut values);
            }
        }
        let form_labels = labels.finish();
        let form_values = values.finish();
        let form = Arc::new(form);
        if self.compiled.len() > CACHE_LIMIT {
            self.compiled.clear();
        }
        if self.memo.len() > CACHE_LIMIT {
            self.memo.retain(|_, m| m.checking);
        }
        for (f, p) in step.fields.iter().zip(fields.iter_mut()) {
            if p.state != FieldState::Shown {
                continue;
            }
            let reads_values = f.rules.contains("matches");
            let form_key = if reads_values {
                form_labels ^ form_values.rotate_left(1)
            } else {
                form_labels
            };
            let memo = self.verdict(f, &p.value, &form, form_key);
            p.verdict = Some(memo.verdict);
            p.checking = memo.checking;
        }
        let submit = Some(submit_json(step, &fields));
        let verdicts = || fields.iter().filter(|p| p.verdict.is_some());
        StepPreview {
            visibility: decision.visibility,
            timed_out: verdicts().any(FieldPreview::would_freeze),
            checking: verdicts().any(|p| p.checking),
            throws: verdicts().any(|p| p.verdict.as_ref().is_some_and(Verdict::throws)),
            fields,
            submit,
        }
    }

    /// The field's verdict: remembered, or computed with the short budget (and sent to the
    /// background when a match ran past it).
    fn verdict(&mut self, f: &Field, value: &str, form: &Arc<Form>, form_key: u64) -> Memo {
        let mut h = DefaultHasher::new();
        (&f.rules, &f.name, &f.display, value, form_key).hash(&mut h);
        let key = h.finish();
        if let Some(m) = self.memo.get(&f.id)
            && m.key == key
        {
            return m.clone();
        }
        let timeout = self.timeout;
        let compiled = self
            .compiled
            .entry(f.rules.clone())
            .or_insert_with(|| Arc::new(CompiledRules::new(&f.rules).with_timeout(timeout)))
            .clone();
        let subject = Subject::new(&f.name, &f.display, value);
        let verdict = compiled.evaluate_field(&subject, form, &self.messages);
        let checking = verdict.timed_out() && self.full_timeout > self.timeout;
        if checking {
            let full = (*compiled).clone().with_timeout(self.full_timeout);
            self.worker.submit(Job {
                field: f.id,
                key,
                rules: Arc::new(full),
                name: f.name.clone(),
                display: f.display.clone(),
                value: value.to_string(),
                form: Arc::clone(form),
                messages: Arc::clone(&self.messages),
                waker: self.waker.as_ref().map(|w| Arc::clone(&w.0)),
            });
        }
        let memo = Memo {
            key,
            verdict,
            checking,
        };
        self.memo.insert(f.id, memo.clone());
        memo
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
