//! What a real consumer is asked: the platform's own rule (`SKIP.md`, the same in
//! LoginRadiusV2.js 3.18.0 and 3.28.0), the one implementation behind the preview, the
//! simulator, the lints and `ppstudio audience`.
//!
//! Use: compile the steps once ([`Compiled::new`]), prepare each profile once
//! ([`Compiled::prepare`]: one pass over its top-level keys, nothing copied), then decide any
//! number of steps on it ([`Compiled::decide`]), writing the per-field decisions into a buffer
//! the caller reuses. [`decide_step`] does all three for one step.
//!
//! - The path (§2.0): the profile's `Provider` (exact key) lower-cased, not trimmed; `email`,
//!   `raas` or `progressiveProfilingTraditional` take the Schema path (the field walk and the
//!   show rule), every other provider the social path (the first `Scopes` entry whose
//!   `Provider` lower-cases to it, `null` entries skipped, gives a re-consent).
//! - The field walk (§2.2): rules R1–R10 in order, the first that applies decides; each
//!   decision carries a [`Reason`] that [`Compiled::explain`] turns into one sentence.
//! - The show rule (§2.3).
//!
//! Decisions where `SKIP.md` is silent (the browser would often throw on these):
//! - A profile with no `Provider`, or one that is not a string (`null`, a number...), is an
//!   email consumer (DOMAIN.md §4).
//! - A `BirthDate` that is truthy but not a string: a number is read as its decimal text,
//!   `true` as `"true"`, an array or object has no year.
//! - `profile.country.name` that is not a string: any value other than `null` and `""`
//!   counts as a name.
//! - A `RegistrationProvider` that is not a string counts as "not email".
//! - A field `Parent` that is neither a string nor `null`/absent (a number, `true`) is treated
//!   like `null`: not `""` for R2, not a parent for R8.
//! - A `Scopes` entry whose `Provider` is `null` or absent never matches.
//! - A field the consumer submitted earlier in a journey ([`Submitted`]) is known before any
//!   rule is tried (the platform has the value now).

pub mod editor;
pub mod json;
pub mod profile;
pub mod raw;
mod reason;
#[cfg(test)]
mod tests;

use std::collections::HashMap;

use serde_json::{Map, Value};

use crate::project::{Field, Settings, Step};
use json::{JsonValue, Kind, ProfileView, is_str, truthy};
use profile::{KeyIndex, eq_lower};

pub use reason::{NothingReason, Reason, ShowReason};

/// What the platform's rule reads of a step: each field's name, `Parent` and whether its rules
/// mention `required`, and the scopes. Two steps with equal inputs get the same decision for
/// the same profile and options, so a cached decision is kept while they stay equal.
#[derive(Debug, Clone, PartialEq)]
pub struct StepInputs {
    pub fields: Vec<(String, Option<Value>, bool)>,
    pub scopes: Vec<Option<crate::project::Scope>>,
}

impl StepInputs {
    /// The inputs of `step`.
    pub fn of(step: &Step) -> StepInputs {
        StepInputs {
            fields: step
                .fields
                .iter()
                .map(|f| {
                    (
                        f.name.clone(),
                        f.extra.get("Parent").cloned(),
                        f.mentions_required(),
                    )
                })
                .collect(),
            scopes: step.scopes.clone(),
        }
    }

    /// Whether these are the inputs of `step` (without building them).
    pub fn matches(&self, step: &Step) -> bool {
        self.fields.len() == step.fields.len()
            && self.fields.iter().zip(&step.fields).all(|((n, p, r), f)| {
                *n == f.name && p.as_ref() == f.extra.get("Parent") && *r == f.mentions_required()
            })
            && self.scopes == step.scopes
    }
}

/// What the field walk decides for a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FieldState {
    /// Not asked: the library pre-fills it.
    Known,
    /// Not asked, not pre-filled.
    Dropped,
    /// A candidate for the form (shown when the show rule says so).
    Kept,
}

impl FieldState {
    /// The word a product manager reads before the reason: "known", "never asked", "asked".
    pub fn word(self) -> &'static str {
        match self {
            FieldState::Known => "known",
            FieldState::Dropped => "never asked",
            FieldState::Kept => "asked",
        }
    }
}

/// One field's decision and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldDecision {
    pub state: FieldState,
    pub reason: Reason,
}

/// Which way the consumer goes (§2.0).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Path {
    /// Email or RAAS consumer, or `progressiveProfilingTraditional`: the field walk.
    Schema,
    /// Any other provider: a re-consent when a `Scopes` entry matches, else nothing.
    Social,
}

/// What the consumer sees when the step runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shows {
    /// The form, with every kept field (in Schema order), and why it shows.
    Form(ShowReason),
    /// The consumer is sent to the social provider: the index of the matching entry in the
    /// step's `scopes` (report its `Provider` as written and its `Scopes`).
    Consent(usize),
    /// Nothing happens, and why.
    Nothing(NothingReason),
}

impl Shows {
    /// `"form"`, `"consent"` or `"nothing"`, as the example files write it.
    pub fn kind(self) -> &'static str {
        match self {
            Shows::Form(_) => "form",
            Shows::Consent(_) => "consent",
            Shows::Nothing(_) => "nothing",
        }
    }
}

/// The rules R1–R7 that look at a field's name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Special {
    EmailId,
    Country,
    EmailSubscription,
    PhoneId,
    BirthDate,
    Password,
    Pin,
    None,
}

/// A field's `Parent`, as R2 and R8 read it.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Parent {
    /// `""`: a flat field.
    Empty,
    /// `null`, absent, or not a string.
    Missing,
    /// A non-empty string: R8 reads `profile[slot]` and its last element's `sub`.
    Named { slot: u16, sub: Box<str> },
}

/// A step field, compiled: everything the walk needs, lower-cased once.
#[derive(Debug, Clone)]
struct CompiledField {
    /// The name as written (for explanations).
    name: Box<str>,
    /// The Parent as written, when it is a non-empty string (for explanations).
    parent_written: Option<Box<str>>,
    special: Special,
    parent: Parent,
    /// R9's key: the name without `cf_`, lower-cased (names that start with `cf_` exactly).
    custom_key: Option<Box<str>>,
    /// R10's `profile[n]`; `None` when the name is empty.
    slot: Option<u16>,
    /// The rules string contains `required` (case-sensitive, anywhere).
    required: bool,
    /// The field's identity for [`Submitted`]: one per distinct lower-cased name.
    name_id: u32,
}

/// A step, compiled.
#[derive(Debug, Clone)]
struct CompiledStep {
    fields: Vec<CompiledField>,
    /// Each `Scopes` entry's `Provider`, lower-cased; `None` for a `null` entry or a missing
    /// provider (never matches).
    scopes: Vec<Option<Box<str>>>,
}

/// Fixed slots of the top-level index: the keys the rules read whatever the fields.
const EMAIL: u16 = 0;
const EMAIL_VERIFIED: u16 = 1;
const COUNTRY: u16 = 2;
const IS_EMAIL_SUBSCRIBED: u16 = 3;
const PHONE_ID: u16 = 4;
const BIRTH_DATE: u16 = 5;
const PASSWORD: u16 = 6;
const PIN: u16 = 7;
const CUSTOM_FIELDS: u16 = 8;
const FIRST_LOGIN: u16 = 9;
const REGISTRATION_PROVIDER: u16 = 10;
const NO_OF_LOGINS: u16 = 11;
const FIXED_KEYS: [&str; 12] = [
    "email",
    "emailverified",
    "country",
    "isemailsubscribed",
    "phoneid",
    "birthdate",
    "password",
    "pin",
    "customfields",
    "firstlogin",
    "registrationprovider",
    "nooflogins",
];

/// Steps compiled for deciding many profiles: lower-cased names, sub-keys, "mentions
/// required", and the index of every top-level profile key the rules can read.
#[derive(Debug, Clone)]
pub struct Compiled {
    /// Lower-cased top-level key to slot, while compiling.
    keys: HashMap<Box<str>, u16>,
    /// The same, for lookups with keys as written.
    index: KeyIndex,
    /// The ASCII ones, for the scan's direct match of plain ASCII keys.
    ascii: raw::AsciiKeys,
    /// A cheap first test before the index: for each byte length up to 64, the (lower-cased
    /// first byte & 63) bits of the keys read, and the same for the last byte. An ASCII
    /// profile key that fails either is not read.
    filter: [u64; 65],
    filter_last: [u64; 65],
    /// Some key read is longer than 64 bytes (ASCII keys that long skip the filter).
    long_keys: bool,
    steps: Vec<CompiledStep>,
    /// Distinct lower-cased field names (the size of a [`Submitted`]).
    names: u32,
    /// Each distinct lower-cased field name's identity in a [`Submitted`].
    name_ids: HashMap<String, u32>,
}

/// A profile prepared for [`Compiled::decide`]: the first value of each top-level key the
/// rules read (by lower-cased key) and the `Provider`. Borrows the profile.
#[derive(Debug, Clone)]
pub struct Prepared<'p> {
    slots: Vec<Option<&'p Value>>,
    provider: Option<&'p str>,
    /// No provider, or `email`/`raas` in any case.
    email: bool,
}

impl<'p> Prepared<'p> {
    fn get(&self, slot: u16) -> Option<&'p Value> {
        self.slots.get(usize::from(slot)).copied().flatten()
    }

    /// The `Provider` value when it is a string (as written).
    pub fn provider(&self) -> Option<&'p str> {
        self.provider
    }
}

impl<'p> ProfileView<'p> for Prepared<'p> {
    type Value = &'p Value;

    fn get(&self, slot: u16) -> Option<&'p Value> {
        Prepared::get(self, slot)
    }

    fn provider(&self) -> Option<&str> {
        self.provider
    }

    fn email(&self) -> bool {
        self.email
    }
}

/// The fields a consumer submitted earlier in a journey: they count as known.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Submitted {
    names: Vec<bool>,
}

impl Submitted {
    /// Whether the field with that identity was submitted.
    fn contains(&self, name_id: u32) -> bool {
        self.names.get(name_id as usize).copied().unwrap_or(false)
    }

    /// Forgets every submitted field (to reuse the set for another consumer).
    pub fn clear(&mut self) {
        self.names.fill(false);
    }
}

impl Compiled {
    /// Compiles `steps` (index `i` of [`Compiled::decide`] is the `i`-th step given).
    pub fn new<'s>(steps: impl IntoIterator<Item = &'s Step>) -> Compiled {
        let mut c = Compiled {
            keys: HashMap::default(),
            index: KeyIndex::default(),
            ascii: raw::AsciiKeys::default(),
            filter: [0; 65],
            filter_last: [0; 65],
            long_keys: false,
            steps: Vec::new(),
            names: 0,
            name_ids: HashMap::new(),
        };
        for k in FIXED_KEYS {
            c.slot_of(k);
        }
        let mut names: HashMap<String, u32> = HashMap::new();
        for step in steps {
            let fields = step
                .fields
                .iter()
                .map(|f| c.compile_field(f, &mut names))
                .collect();
            let scopes = step
                .scopes
                .iter()
                .map(|s| {
                    s.as_ref()
                        .filter(|s| s.provider_presence == crate::project::Presence::Present)
                        .map(|s| s.provider.to_lowercase().into_boxed_str())
                })
                .collect();
            c.steps.push(CompiledStep { fields, scopes });
        }
        c.names = u32::try_from(names.len()).unwrap_or(u32::MAX);
        c.name_ids = names;
        c.index = KeyIndex::new(c.keys.iter().map(|(k, s)| (k.clone(), *s)));
        c.ascii = raw::AsciiKeys::new(c.keys.iter().map(|(k, s)| (&**k, *s)));
        c
    }

    /// The slot of a lower-cased top-level key, added when new.
    fn slot_of(&mut self, lower: &str) -> u16 {
        if let Some(s) = self.keys.get(lower) {
            return *s;
        }
        let s = u16::try_from(self.keys.len()).unwrap_or(u16::MAX);
        self.keys.insert(lower.into(), s);
        match (lower.as_bytes().first(), lower.as_bytes().last()) {
            (Some(b), Some(l)) if lower.len() <= 64 => {
                self.filter[lower.len()] |= 1 << (b & 63);
                self.filter_last[lower.len()] |= 1 << (l & 63);
            }
            (Some(_), _) => self.long_keys = true,
            _ => self.filter[0] |= 1,
        }
        s
    }

    /// Whether the rules can read the top-level profile key `key` (as written): the keys that
    /// lower-case to one the compiled steps read, and `Provider`. A reader of many profiles
    /// can skip the values of all other keys ([`Compiled::scan`] does).
    pub fn reads(&self, key: &str) -> bool {
        key == "Provider" || self.slot_for(key).is_some()
    }

    /// The slot of a profile key as written, if the rules read it.
    fn slot_for(&self, key: &str) -> Option<u16> {
        let b = key.as_bytes();
        let ascii = b.is_ascii();
        if ascii {
            let len = b.len();
            let pass = match (b.first(), b.last()) {
                (Some(first), Some(last)) if len <= 64 => {
                    self.filter[len] & (1 << (first.to_ascii_lowercase() & 63)) != 0
                        && self.filter_last[len] & (1 << (last.to_ascii_lowercase() & 63)) != 0
                }
                (Some(_), _) => self.long_keys,
                _ => self.filter[0] & 1 != 0,
            };
            if !pass {
                return None;
            }
        }
        self.index.get_known_ascii(key, ascii)
    }

    fn compile_field(&mut self, f: &Field, names: &mut HashMap<String, u32>) -> CompiledField {
        let lower = f.name.to_lowercase();
        let special = match lower.as_str() {
            "emailid" => Special::EmailId,
            "country" => Special::Country,
            "emailsubscription" => Special::EmailSubscription,
            "phoneid" => Special::PhoneId,
            "birthdate" => Special::BirthDate,
            "password" | "confirmpassword" => Special::Password,
            "pin" | "confirmpin" => Special::Pin,
            _ => Special::None,
        };
        let (parent, parent_written) = match f.extra.get("Parent") {
            Some(Value::String(p)) if p.is_empty() => (Parent::Empty, None),
            Some(Value::String(p)) => {
                let slot = self.slot_of(&p.to_lowercase());
                let sub = match f.name.split_once('_') {
                    Some((_, rest)) => rest.split('_').next().unwrap_or(""),
                    None => f.name.as_str(),
                };
                (
                    Parent::Named {
                        slot,
                        sub: sub.to_lowercase().into_boxed_str(),
                    },
                    Some(p.clone().into_boxed_str()),
                )
            }
            _ => (Parent::Missing, None),
        };
        let custom_key = f
            .name
            .strip_prefix("cf_")
            .map(|k| k.to_lowercase().into_boxed_str());
        let slot = (!lower.is_empty()).then(|| self.slot_of(&lower));
        let next = u32::try_from(names.len()).unwrap_or(u32::MAX);
        let name_id = *names.entry(lower).or_insert(next);
        CompiledField {
            name: f.name.clone().into_boxed_str(),
            parent_written,
            special,
            parent,
            custom_key,
            slot,
            required: f.mentions_required(),
            name_id,
        }
    }

    /// How many steps were compiled.
    pub fn len(&self) -> usize {
        self.steps.len()
    }

    /// Whether no step was compiled.
    pub fn is_empty(&self) -> bool {
        self.steps.is_empty()
    }

    /// Prepares a profile (one pass over its top-level keys; nested values are read in place).
    pub fn prepare<'p>(&self, profile: &'p Map<String, Value>) -> Prepared<'p> {
        let mut slots = vec![None; self.keys.len()];
        let mut provider = None;
        for (k, v) in profile {
            if k == "Provider" {
                provider = v.as_str();
            }
            if let Some(slot) = self.slot_for(k) {
                let entry = &mut slots[usize::from(slot)];
                if entry.is_none() {
                    *entry = Some(v);
                }
            }
        }
        let email = provider.is_none_or(|p| eq_lower(p, "email") || eq_lower(p, "raas"));
        Prepared {
            slots,
            provider,
            email,
        }
    }

    /// The consumer's number of logins so far, from the profile's `NoOfLogins` (the key in any
    /// letter case, the first of colliding keys winning, as every key the rules read): a
    /// number that is a whole number from 0 to 2^53. `None` when absent or anything else.
    pub fn login_count<'p>(profile: &impl ProfileView<'p>) -> Option<u64> {
        let n = profile.get(NO_OF_LOGINS)?.as_f64()?;
        // 2^53: beyond it a double no longer counts one by one.
        let whole = n >= 0.0 && n.fract() == 0.0 && n <= 9_007_199_254_740_992.0;
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        whole.then_some(n as u64)
    }

    /// An empty set of submitted fields for these steps.
    pub fn submitted(&self) -> Submitted {
        Submitted {
            names: vec![false; self.names as usize],
        }
    }

    /// Records that the consumer submitted field `field` of step `step`.
    pub fn submit(&self, submitted: &mut Submitted, step: usize, field: usize) {
        if let Some(f) = self.steps.get(step).and_then(|s| s.fields.get(field)) {
            let i = f.name_id as usize;
            if i >= submitted.names.len() {
                submitted.names.resize(i + 1, false);
            }
            submitted.names[i] = true;
        }
    }

    /// Records that the consumer gave the field named `name` (any step field of that name,
    /// compared lower-cased, counts as known): a sign-up through the registration form.
    pub fn submit_name(&self, submitted: &mut Submitted, name: &str) {
        if let Some(&i) = self.name_ids.get(&name.to_lowercase()) {
            let i = i as usize;
            if i >= submitted.names.len() {
                submitted.names.resize(i + 1, false);
            }
            submitted.names[i] = true;
        }
    }

    /// The path a prepared profile takes under `settings`.
    pub fn path<'p>(profile: &impl ProfileView<'p>, settings: &Settings) -> Path {
        if profile.email() || settings.progressive_profiling_traditional {
            Path::Schema
        } else {
            Path::Social
        }
    }

    /// Decides step `step` for a prepared profile: what the consumer sees. `fields` receives
    /// one decision per field of the step, in order (empty on the social path, which never
    /// looks at the Schema). `submitted`: fields the consumer gave earlier in a journey.
    pub fn decide<'p>(
        &self,
        step: usize,
        profile: &impl ProfileView<'p>,
        settings: &Settings,
        submitted: Option<&Submitted>,
        fields: &mut Vec<FieldDecision>,
    ) -> Shows {
        fields.clear();
        let Some(st) = self.steps.get(step) else {
            return Shows::Nothing(NothingReason::NothingKept);
        };
        if Compiled::path(profile, settings) == Path::Social {
            // Social consumers have a provider string (else they are email consumers).
            let p = profile.provider().unwrap_or_default();
            return st
                .scopes
                .iter()
                .position(|s| s.as_deref().is_some_and(|s| eq_lower(p, s)))
                .map_or(
                    Shows::Nothing(NothingReason::NoScopeMatches),
                    Shows::Consent,
                );
        }
        let mut any_kept = false;
        let mut required = None;
        for (i, f) in st.fields.iter().enumerate() {
            let d = if submitted.is_some_and(|s| s.contains(f.name_id)) {
                FieldDecision {
                    state: FieldState::Known,
                    reason: Reason::Submitted,
                }
            } else {
                walk(f, profile, settings)
            };
            if d.state == FieldState::Kept {
                any_kept = true;
                if f.required && required.is_none() {
                    required = Some(i);
                }
            }
            fields.push(d);
        }
        if !any_kept {
            return Shows::Nothing(NothingReason::NothingKept);
        }
        if let Some(field) = required {
            return Shows::Form(ShowReason::Required(field));
        }
        if settings.ask_optional_fields_on_registration
            && profile.get(FIRST_LOGIN).is_some_and(JsonValue::is_true)
            && !profile
                .get(REGISTRATION_PROVIDER)
                .and_then(JsonValue::str)
                .is_some_and(|r| eq_lower(&r, "email"))
        {
            return Shows::Form(ShowReason::FirstLoginAfterSocialSignup);
        }
        if settings.ask_optional_fields {
            return Shows::Form(ShowReason::OptionalFieldsAsked);
        }
        Shows::Nothing(NothingReason::OnlyOptional)
    }

    /// The field walk alone (R1–R10) over every field of step `step`, whatever the path: what
    /// the profile page decides for each field (EDITOR.md: known is pre-filled, kept empty).
    pub fn walk_fields<'p>(
        &self,
        step: usize,
        profile: &impl ProfileView<'p>,
        settings: &Settings,
        out: &mut Vec<FieldDecision>,
    ) {
        out.clear();
        if let Some(st) = self.steps.get(step) {
            out.extend(st.fields.iter().map(|f| walk(f, profile, settings)));
        }
    }

    /// The one-sentence explanation of field `field` of step `step`'s decision, for product
    /// managers: "known: the email is verified".
    pub fn explain(
        &self,
        step: usize,
        field: usize,
        decision: FieldDecision,
        profile: &Prepared<'_>,
    ) -> String {
        let Some(f) = self.steps.get(step).and_then(|s| s.fields.get(field)) else {
            return decision.state.word().to_string();
        };
        let ctx = reason::Context {
            name: &f.name,
            parent: f.parent_written.as_deref(),
            sub: match &f.parent {
                Parent::Named { sub, .. } => sub,
                _ => "",
            },
            custom_key: f.custom_key.as_deref(),
            value: f.slot.and_then(|s| profile.get(s)),
            parent_value: match &f.parent {
                Parent::Named { slot, .. } => profile.get(*slot),
                _ => None,
            },
            profile,
        };
        format!(
            "{}: {}",
            decision.state.word(),
            decision.reason.sentence(&ctx)
        )
    }
}

fn known(reason: Reason) -> FieldDecision {
    FieldDecision {
        state: FieldState::Known,
        reason,
    }
}

fn dropped(reason: Reason) -> FieldDecision {
    FieldDecision {
        state: FieldState::Dropped,
        reason,
    }
}

fn kept(reason: Reason) -> FieldDecision {
    FieldDecision {
        state: FieldState::Kept,
        reason,
    }
}

/// The field walk: the first of R1–R10 that applies decides.
fn walk<'p, P: ProfileView<'p>>(f: &CompiledField, p: &P, s: &Settings) -> FieldDecision {
    // R1 - emailid, with a usable first Email entry.
    if f.special == Special::EmailId {
        let email = p.get(EMAIL);
        let first = email.and_then(|e| e.member("0"));
        let value = first.and_then(|e| e.member("value"));
        if truthy(email) && truthy(first) && truthy(value) {
            let ask_always = s.ask_email_for_unverified_profile_always;
            return if truthy(p.get(EMAIL_VERIFIED)) {
                known(Reason::EmailVerified)
            } else if (s.disabled_email_verification || s.optional_email_verification)
                && !ask_always
            {
                known(Reason::EmailVerificationNotRequired)
            } else if !ask_always {
                dropped(Reason::EmailUnverified)
            } else {
                kept(Reason::EmailUnverifiedAskedAgain)
            };
        }
    }
    // R2 - a flat country with a Country object that has a name.
    if f.special == Special::Country && f.parent == Parent::Empty {
        let country = p.get(COUNTRY);
        if truthy(country) {
            let name = country.and_then(|c| c.member("name"));
            let named = match name {
                None => false,
                Some(n) => match n.kind() {
                    Kind::Null => false,
                    Kind::String => n
                        .str()
                        .is_some_and(|n| !n.is_empty() && !eq_lower(&n, "unknown")),
                    _ => true,
                },
            };
            if named {
                return known(Reason::CountryNamed);
            }
        }
    }
    // R3 - subscribed.
    if f.special == Special::EmailSubscription && truthy(p.get(IS_EMAIL_SUBSCRIBED)) {
        return known(Reason::Subscribed);
    }
    // R4 - a phone id.
    if f.special == Special::PhoneId && truthy(p.get(PHONE_ID)) {
        return known(Reason::PhoneIdSet);
    }
    // R5 - a birth date: known with a third piece (a year), else kept; decided here.
    if f.special == Special::BirthDate {
        let bd = p.get(BIRTH_DATE);
        if truthy(bd) {
            return if bd.is_some_and(has_year) {
                known(Reason::BirthDateWithYear)
            } else {
                kept(Reason::BirthDateWithoutYear)
            };
        }
    }
    // R6 - passwords: decided here.
    if f.special == Special::Password {
        return if p.get(PASSWORD).is_some_and(|v| v.kind() != Kind::Null) {
            dropped(Reason::HasPassword)
        } else if !s.prompt_password_on_social_login && !s.prompt_password_on_first_login_for_social
        {
            dropped(Reason::PasswordNotPrompted)
        } else {
            kept(Reason::PasswordPrompted)
        };
    }
    // R7 - PINs: decided here.
    if f.special == Special::Pin {
        let pin = p.get(PIN);
        return if truthy(pin) && truthy(pin.and_then(|v| v.member("pin"))) {
            dropped(Reason::HasPin)
        } else if !s.is_pin_authentication {
            dropped(Reason::PinAuthenticationOff)
        } else {
            kept(Reason::PinAsked)
        };
    }
    // R8 - a field with a Parent: decided here.
    if let Parent::Named { slot, sub } = &f.parent {
        let v = p.get(*slot);
        if !truthy(v) {
            return kept(Reason::ParentMissing);
        }
        let last = v
            .filter(|v| matches!(v.kind(), Kind::Array | Kind::Object))
            .and_then(JsonValue::last_element);
        if truthy(last) {
            let value = last.and_then(|l| l.member(sub));
            if truthy(value) {
                return if is_str(value, "unknown") {
                    kept(Reason::ParentLastUnknown)
                } else {
                    known(Reason::ParentLastHasValue)
                };
            }
        }
        return known(Reason::ParentNothingFound);
    }
    // R9 - custom fields read from CustomFields.
    if let Some(k) = &f.custom_key {
        let cf = p.get(CUSTOM_FIELDS);
        if truthy(cf) && truthy(cf.and_then(|c| c.member(k))) {
            return known(Reason::CustomFieldSet);
        }
    }
    // R10 - the plain attribute.
    let Some(slot) = f.slot else {
        return kept(Reason::NoName);
    };
    let v = p.get(slot);
    let kind = v.map(JsonValue::kind);
    let text = match kind {
        Some(Kind::Bool | Kind::Number) => return known(Reason::AttributeSet),
        Some(Kind::String) => v.and_then(JsonValue::str),
        _ => None,
    };
    if text
        .as_deref()
        .is_some_and(|t| !t.is_empty() && t != "unknown")
    {
        return known(Reason::AttributeSet);
    }
    kept(match f.special {
        Special::EmailId => Reason::NoUsableEmail,
        Special::Country if f.parent != Parent::Empty && truthy(p.get(COUNTRY)) => {
            Reason::CountryParentNotEmpty
        }
        Special::EmailSubscription => Reason::NotSubscribed,
        _ => match (kind, text.as_deref()) {
            (None | Some(Kind::Null), _) => Reason::AttributeMissing,
            (_, Some("")) => Reason::AttributeEmpty,
            (_, Some(_)) => Reason::AttributeUnknown,
            _ => Reason::AttributeNotAValue,
        },
    })
}

/// R5's test: the first two `-` become `/`, then a non-empty third piece after splitting on `/`.
fn has_year<'p>(v: impl JsonValue<'p>) -> bool {
    let text: std::borrow::Cow<'_, str> = match v.kind() {
        Kind::String => match v.str() {
            Some(s) => s,
            None => return false,
        },
        Kind::Number => match v.number_text() {
            Some(n) => n.into(),
            None => return false,
        },
        Kind::Bool => if v.is_true() { "true" } else { "false" }.into(),
        _ => return false,
    };
    let replaced = text.replacen('-', "/", 2);
    replaced.split('/').nth(2).is_some_and(|y| !y.is_empty())
}

/// One step's decision for one profile, owned (the preview, the simulator's callers and the
/// example files use it; [`Compiled`] is the fast path for many profiles).
#[derive(Debug, Clone, PartialEq)]
pub struct StepDecision {
    /// What the consumer sees.
    pub shows: Shows,
    /// Each field's decision, in the step's order (empty on the social path).
    pub fields: Vec<FieldDecision>,
    /// Each field's explanation, in the same order.
    pub reasons: Vec<String>,
    /// The path taken.
    pub path: Path,
}

impl StepDecision {
    /// The indices of the fields the form shows (empty unless [`Shows::Form`]).
    pub fn form_fields(&self) -> Vec<usize> {
        if !matches!(self.shows, Shows::Form(_)) {
            return Vec::new();
        }
        self.fields
            .iter()
            .enumerate()
            .filter(|(_, d)| d.state == FieldState::Kept)
            .map(|(i, _)| i)
            .collect()
    }
}

/// Decides one step for one profile, with the explanations.
pub fn decide_step(step: &Step, profile: &Map<String, Value>, settings: &Settings) -> StepDecision {
    let compiled = Compiled::new(std::iter::once(step));
    let prepared = compiled.prepare(profile);
    let mut fields = Vec::with_capacity(step.fields.len());
    let shows = compiled.decide(0, &prepared, settings, None, &mut fields);
    let reasons = fields
        .iter()
        .enumerate()
        .map(|(i, d)| compiled.explain(0, i, *d, &prepared))
        .collect();
    StepDecision {
        shows,
        fields,
        reasons,
        path: Compiled::path(&prepared, settings),
    }
}
