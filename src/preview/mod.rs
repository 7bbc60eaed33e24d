//! The logic behind the live preview: what a step shows to a sample consumer, each shown
//! field's verdict as the browser would give it, and the JSON a submit would post. No GUI.
//!
//! [`Preview`] keeps its caches between calls, so the panel calls [`Preview::compute`] after
//! every keystroke: rules strings are compiled once (keyed by the string), and a field whose
//! rules, label and value did not change keeps its verdict (unless its rules read other
//! fields, `matches[f]`, which are evaluated again every time).
//!
//! What is shown is the platform's rule ([`crate::asked`]), on the sample profile (the
//! platform's profile JSON or a flat object) and the site's options: each field is known,
//! never asked or asked, with the reason in one sentence; a social consumer is sent to
//! re-consent instead of seeing the form (or nothing happens).
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

mod submit;
#[cfg(test)]
mod tests;
pub mod worker;

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::Arc;
use std::time::Duration;

use serde_json::{Map, Value};

use crate::asked::{self, FieldState as Asked, Path, Shows};
use crate::project::{Field, FieldType, Id, Settings, Step};
use crate::rules::eval::FULL_MATCH_TIMEOUT;
use crate::rules::{CompiledRules, Form, Messages, Subject, Verdict};
pub use submit::{SubmitResult, label_text, no_verdict_mark, submit_result};
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
    /// Known to the platform: not asked, pre-filled.
    Known,
    /// Never asked, not pre-filled (a password, PIN or unverified email the options keep out).
    Dropped,
    /// Would be asked, but the step shows nothing (see [`StepPreview::summary`]).
    StepNotShown,
    /// A social consumer: the step never shows its form (re-consent or nothing).
    NotOnThisPath,
}

impl FieldState {
    /// Whether the field is part of the rendered form (drawn or hidden).
    pub fn in_form(self) -> bool {
        matches!(self, FieldState::Shown | FieldState::Hidden)
    }

    /// Why the field is not drawn, in a product manager's words; `None` when it is drawn (the
    /// field's own reason is [`FieldPreview::reason`]).
    pub fn why(self) -> Option<&'static str> {
        match self {
            FieldState::Shown => None,
            FieldState::Hidden => Some("hidden field: sent with its value, never drawn"),
            FieldState::Known => Some("known to the platform"),
            FieldState::Dropped => Some("never asked"),
            FieldState::StepNotShown => Some("would be asked, but the step shows nothing"),
            FieldState::NotOnThisPath => Some("a social consumer never sees this step's form"),
        }
    }
}

/// A re-consent: the matching `Scopes` entry's `Provider` as written, and its `Scopes`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Consent {
    pub provider: String,
    pub scopes: String,
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
    /// The platform's decision for the field in one sentence ("known: the email is verified");
    /// empty on the social path, which never looks at the fields.
    pub reason: String,
    /// Marked read-only (`permission` `"r"`), which a step's form ignores (MARKUP.md): the
    /// field is drawn editable, with a note.
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
    /// Form, re-consent or nothing, and why.
    pub shows: Shows,
    /// Schema or social path.
    pub path: Path,
    /// The re-consent, when [`Shows::Consent`].
    pub consent: Option<Consent>,
    /// What the step does for this consumer and why, in one sentence.
    pub summary: String,
    /// Every field of the step, in order.
    pub fields: Vec<FieldPreview>,
    /// The JSON a submit posts; `None` when the form is not shown.
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
    /// Whether the form is shown.
    pub fn shown(&self) -> bool {
        matches!(self.shows, Shows::Form(_))
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

/// What a step does for a consumer, in one sentence: "The form shows because ...",
/// "The consumer is sent to facebook to grant: user_birthday", "Nothing happens: ...".
pub fn summarize(step: &Step, shows: Shows, provider: Option<&str>) -> String {
    match shows {
        Shows::Form(why) => format!("The form shows: {}.", why.sentence(step)),
        Shows::Consent(i) => {
            let scope = step.scopes.get(i).and_then(Option::as_ref);
            let provider = scope.map_or("", |s| s.provider.as_str());
            let scopes = scope.map_or("", |s| s.scopes.as_str());
            if scopes.is_empty() {
                format!(
                    "A social consumer: instead of the form, they are sent to {provider} to \
                     re-consent (the Scopes entry asks for no scope)."
                )
            } else {
                format!(
                    "A social consumer: instead of the form, they are sent to {provider} to \
                     re-consent, granting: {scopes}."
                )
            }
        }
        Shows::Nothing(why) => format!("Nothing happens: {}.", why.sentence(provider)),
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
    /// The platform's decision for the step last computed, and what it was decided from: a
    /// keystroke changes only the typed values, so it is decided again only when the step's
    /// names, parents, rules or scopes, the profile or the settings change.
    decided: Option<(DecisionKey, asked::StepDecision)>,
}

/// The waker, with a `Debug` that says nothing about it.
#[derive(Clone)]
struct WakerSlot(Waker);

impl std::fmt::Debug for WakerSlot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Waker")
    }
}

/// What the platform's decision for a step depends on.
#[derive(Debug, Clone, PartialEq)]
struct DecisionKey {
    step: asked::StepInputs,
    profile: Map<String, Value>,
    settings: Settings,
}

impl DecisionKey {
    fn of(step: &Step, profile: &Map<String, Value>, settings: &Settings) -> DecisionKey {
        DecisionKey {
            step: asked::StepInputs::of(step),
            profile: profile.clone(),
            settings: settings.clone(),
        }
    }

    /// Whether this key is the one of `step`, `profile` and `settings` (without building it).
    fn matches(&self, step: &Step, profile: &Map<String, Value>, settings: &Settings) -> bool {
        self.step.matches(step) && self.settings == *settings && self.profile == *profile
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
            decided: None,
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

    /// Computes the preview of `step` for a consumer with `profile` (the platform's profile
    /// JSON, or a flat object) under `settings`, with the form's current `values` (field name
    /// to value; a missing name has the field's starting value).
    pub fn compute(
        &mut self,
        step: &Step,
        profile: &Map<String, Value>,
        settings: &Settings,
        values: &HashMap<String, String>,
    ) -> StepPreview {
        let decision = match &self.decided {
            Some((key, d)) if key.matches(step, profile, settings) => d.clone(),
            _ => {
                let d = asked::decide_step(step, profile, settings);
                self.decided = Some((DecisionKey::of(step, profile, settings), d.clone()));
                d
            }
        };
        let shown = matches!(decision.shows, Shows::Form(_));
        let consent = match decision.shows {
            Shows::Consent(i) => step
                .scopes
                .get(i)
                .and_then(Option::as_ref)
                .map(|s| Consent {
                    provider: s.provider.clone(),
                    scopes: s.scopes.clone(),
                }),
            _ => None,
        };
        let provider = profile.get("Provider").and_then(Value::as_str);
        let summary = summarize(step, decision.shows, provider);
        let mut fields: Vec<FieldPreview> = step
            .fields
            .iter()
            .enumerate()
            .map(|(i, f)| {
                let d = decision.fields.get(i);
                let state = match d.map(|d| d.state) {
                    None => FieldState::NotOnThisPath,
                    Some(Asked::Known) => FieldState::Known,
                    Some(Asked::Dropped) => FieldState::Dropped,
                    Some(Asked::Kept) if !shown => FieldState::StepNotShown,
                    Some(Asked::Kept) if f.field_type == FieldType::Hidden => FieldState::Hidden,
                    Some(Asked::Kept) => FieldState::Shown,
                };
                FieldPreview {
                    id: f.id,
                    name: f.name.clone(),
                    state,
                    reason: decision.reasons.get(i).cloned().unwrap_or_default(),
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
                shows: decision.shows,
                path: decision.path,
                consent,
                summary,
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
            shows: decision.shows,
            path: decision.path,
            consent,
            summary,
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
