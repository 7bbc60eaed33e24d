//! Evaluating a validation string on a value, exactly as the consumer's browser does.

use std::collections::HashMap;
use std::sync::LazyLock;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::js;
use super::jsregex::{self, CompileError, JsRegex, MatchOutcome};
use super::messages::Messages;
use super::parse::{RuleSet, Segment};

/// Another field of the same form, as `matches[f]` and messages see it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormField {
    /// The field's current value.
    #[serde(default)]
    pub value: String,
    /// The field's label (`display`); empty means the field's name, as the validator registers
    /// it.
    #[serde(default)]
    pub display: String,
}

/// The other fields of the same form, by field name.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Form {
    fields: HashMap<String, FormField>,
}

impl Form {
    /// An empty form.
    pub fn new() -> Form {
        Form::default()
    }

    /// Adds (or replaces) the field `name`.
    pub fn insert(
        &mut self,
        name: impl Into<String>,
        value: impl Into<String>,
        display: impl Into<String>,
    ) {
        self.fields.insert(
            name.into(),
            FormField {
                value: value.into(),
                display: display.into(),
            },
        );
    }

    /// [`Form::insert`], by value.
    pub fn with(
        mut self,
        name: impl Into<String>,
        value: impl Into<String>,
        display: impl Into<String>,
    ) -> Form {
        self.insert(name, value, display);
        self
    }

    /// The field `name`, when the form has it.
    pub fn get(&self, name: &str) -> Option<&FormField> {
        self.fields.get(name)
    }

    /// How many fields the form has.
    pub fn len(&self) -> usize {
        self.fields.len()
    }

    /// Whether the form has no field.
    pub fn is_empty(&self) -> bool {
        self.fields.is_empty()
    }
}

/// The field under test, as the validator registers it: its name (the profile attribute), its
/// label and its value. The caller passes the label the consumer sees: a locale's `labels`
/// entry replaces `display` (and the other fields' labels in the [`Form`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Subject<'a> {
    /// The field's `name`; `None` when it is not known (`rules eval` without `name`), and then
    /// the field is not registered: an empty label stays empty and no `rule#name` template
    /// applies.
    pub name: Option<&'a str>,
    /// The field's label (`display`).
    pub display: &'a str,
    /// The value to validate.
    pub value: &'a str,
}

impl<'a> Subject<'a> {
    /// The field `name` labelled `display`, holding `value`.
    pub fn new(name: &'a str, display: &'a str, value: &'a str) -> Subject<'a> {
        Subject {
            name: Some(name),
            display,
            value,
        }
    }

    /// A field whose name is not known.
    pub fn unnamed(display: &'a str, value: &'a str) -> Subject<'a> {
        Subject {
            name: None,
            display,
            value,
        }
    }

    /// The label the validator uses: `display`, or the name when `display` is empty
    /// (`field.display || name`).
    pub fn label(&self) -> &'a str {
        match self.name {
            Some(name) if self.display.is_empty() => name,
            _ => self.display,
        }
    }
}

/// What the validator's `fields[name]` finds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Registered<'a> {
    /// A field of the form (or the field under test): its label (name when empty) and value.
    Field { label: &'a str, value: &'a str },
    /// A member of `Object.prototype`: a function (or the prototype), whose `display` is
    /// `undefined`.
    Member,
    /// Nothing.
    Missing,
}

/// `fields[name]`: the field under test first (it is registered too), then the form, then
/// `Object.prototype`.
fn registered<'a>(subject: &Subject<'a>, form: &'a Form, name: &'a str) -> Registered<'a> {
    if subject.name == Some(name) {
        return Registered::Field {
            label: subject.label(),
            value: subject.value,
        };
    }
    if let Some(f) = (!form.is_empty()).then(|| form.get(name)).flatten() {
        return Registered::Field {
            label: if f.display.is_empty() {
                name
            } else {
                &f.display
            },
            value: &f.value,
        };
    }
    if is_object_prototype_member(name) {
        Registered::Member
    } else {
        Registered::Missing
    }
}

/// The outcome of validating one value, as the consumer's browser would end: valid, the first
/// rule that failed with its message, or no verdict (a match past the time limit, or a rule that
/// makes the browser's validator throw).
///
/// It serializes as `rules eval` prints it, keys in this order: `{"valid":true,"rule":null,
/// "message":null}`, `{"valid":false,"rule":..,"message":..}`, `{"valid":null,"rule":..,
/// "message":null,"timed_out":true}` or `{"valid":null,"rule":..,"message":null,
/// "throws":true}`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Verdict {
    /// Every rule passed.
    #[default]
    Valid,
    /// `rule` (without `!` and `callback_`) failed, and the browser shows `message`.
    Invalid {
        /// The rule that failed.
        rule: &'static str,
        /// The message the browser shows, character for character.
        message: String,
    },
    /// A regex match of `rule` ran past the time limit: the studio does not know the verdict;
    /// it knows the consumer's page would freeze on this value (the browser has no limit).
    TimedOut {
        /// The rule whose match was abandoned.
        rule: &'static str,
    },
    /// The browser's validator throws at `rule` (a rule named like an `Object.prototype`
    /// member, a `custom_validation` without `[...]`): validation breaks for the whole form.
    Throws {
        /// The rule at which the validator throws.
        rule: &'static str,
    },
}

impl Verdict {
    /// Whether every rule passed.
    pub fn is_valid(&self) -> bool {
        matches!(self, Verdict::Valid)
    }

    /// Whether a rule certainly failed (the browser blocks the value with a message).
    pub fn is_invalid(&self) -> bool {
        matches!(self, Verdict::Invalid { .. })
    }

    /// `Some(true)` valid, `Some(false)` invalid, `None` when there is no verdict.
    pub fn valid(&self) -> Option<bool> {
        match self {
            Verdict::Valid => Some(true),
            Verdict::Invalid { .. } => Some(false),
            Verdict::TimedOut { .. } | Verdict::Throws { .. } => None,
        }
    }

    /// Whether a regex match ran past the time limit (no verdict).
    pub fn timed_out(&self) -> bool {
        matches!(self, Verdict::TimedOut { .. })
    }

    /// Whether the browser's validator throws (no verdict).
    pub fn throws(&self) -> bool {
        matches!(self, Verdict::Throws { .. })
    }

    /// The rule that failed, timed out or throws; `None` when valid.
    pub fn rule(&self) -> Option<&str> {
        match self {
            Verdict::Valid => None,
            Verdict::Invalid { rule, .. }
            | Verdict::TimedOut { rule }
            | Verdict::Throws { rule } => Some(rule),
        }
    }

    /// The message the browser shows, when a rule failed.
    pub fn message(&self) -> Option<&str> {
        match self {
            Verdict::Invalid { message, .. } => Some(message),
            _ => None,
        }
    }

    /// Why there is no verdict, in a product manager's words; `None` when there is one.
    pub fn no_verdict_reason(&self) -> Option<String> {
        match self {
            Verdict::TimedOut { rule } => Some(format!(
                "the {rule} regex ran past the time limit: the consumer's page would freeze on \
                 this value (the browser has no limit, and answers only after a long freeze)"
            )),
            Verdict::Throws { rule } => Some(format!(
                "the browser's validator throws at the rule \"{rule}\": validation breaks for the \
                 whole form"
            )),
            _ => None,
        }
    }
}

impl Serialize for Verdict {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let extra = matches!(self, Verdict::TimedOut { .. } | Verdict::Throws { .. });
        let mut map = serializer.serialize_map(Some(if extra { 4 } else { 3 }))?;
        map.serialize_entry("valid", &self.valid())?;
        map.serialize_entry("rule", &self.rule())?;
        map.serialize_entry("message", &self.message())?;
        match self {
            Verdict::TimedOut { .. } => map.serialize_entry("timed_out", &true)?,
            Verdict::Throws { .. } => map.serialize_entry("throws", &true)?,
            _ => {}
        }
        map.end()
    }
}

pub use super::names::*;

/// The time limit of one regex match past which the studio says the consumer's page would
/// freeze: `rules eval`'s default (`--match-timeout-ms`) and the preview's background check.
pub const FULL_MATCH_TIMEOUT: Duration = Duration::from_millis(1000);

fn builtin(pattern: &str, flags: &str) -> Option<JsRegex> {
    JsRegex::new(pattern, flags).ok()
}

macro_rules! builtin_regex {
    ($name:ident, $pattern:expr, $flags:expr) => {
        static $name: LazyLock<Option<JsRegex>> = LazyLock::new(|| builtin($pattern, $flags));
    };
}

builtin_regex!(NUMERIC, r"^[0-9]+$", "");
builtin_regex!(INTEGER, r"^\-?[0-9]+$", "");
builtin_regex!(DECIMAL, r"^\-?[0-9]*\.?[0-9]+$", "");
builtin_regex!(COMPARABLE, r"^-?[0-9]*\.?[0-9]+$", "");
builtin_regex!(
    EMAIL,
    r#"^(([^<>()[\]\\.,;:\s@\"]+(\.[^<>()[\]\\.,;:\s@\"]+)*)|(\".+\"))@((\[[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\])|(([a-zA-Z\-0-9]+\.)+[a-zA-Z]{2,}))$"#,
    ""
);
builtin_regex!(ALPHA, r"^[a-z]+$", "i");
builtin_regex!(ALPHA_NUMERIC, r"^[a-z0-9]+$", "i");
builtin_regex!(ALPHA_DASH, r"^[a-z0-9_\-]+$", "i");
builtin_regex!(
    ALPHA_NUMERIC_DASH_COMBO,
    r"^(?=.*[a-zA-Z])(?=.*\d)(?=.*[-])[A-Za-z\d][A-Za-z\d-]+$",
    "i"
);
builtin_regex!(
    ALPHANUMERIC_COMBO,
    r"^(?=.*[0-9])(?=.*[a-zA-Z])([a-zA-Z0-9]+)$",
    ""
);
builtin_regex!(NATURAL, r"^[0-9]+$", "i");
builtin_regex!(NATURAL_NO_ZERO, r"^[1-9][0-9]*$", "i");
builtin_regex!(
    IP,
    r"^((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[0-9]{1,2})\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[0-9]{1,2})$",
    ""
);
builtin_regex!(BASE64_INVERTED, r"[^a-zA-Z0-9\/\+=]", "i");
builtin_regex!(NUMERIC_DASH, r"^[\d\-\s]+$", "");
builtin_regex!(
    URL,
    r"^((http|https):\/\/(\w+:{0,1}\w*@)?(\S+)|)(:[0-9]+)?(\/|\/([\w#!:.?+=&%@!\-\/]))?$",
    ""
);
builtin_regex!(
    CA_ZIP,
    r"^[ABCEGHJKLMNPRSTVXY]{1}\d{1}[A-Z]{1} *\d{1}[A-Z]{1}\d{1}$",
    ""
);
builtin_regex!(
    PHONE,
    r"^(\\+)|(9[976]\d|8[987530]\d|6[987]\d|5[90]\d|42\d|3[875]\d|2[98654321]\d|9[8543210]|8[6421]|6[6543210]|5[87654321]|4[987654310]|3[9643210]|2[70]|7|1)\d{1,14}$",
    ""
);

/// Every built-in regex, for a test that they all compile.
#[cfg(test)]
fn all_builtins() -> Vec<&'static LazyLock<Option<JsRegex>>> {
    vec![
        &NUMERIC,
        &INTEGER,
        &DECIMAL,
        &COMPARABLE,
        &EMAIL,
        &ALPHA,
        &ALPHA_NUMERIC,
        &ALPHA_DASH,
        &ALPHA_NUMERIC_DASH_COMBO,
        &ALPHANUMERIC_COMBO,
        &NATURAL,
        &NATURAL_NO_ZERO,
        &IP,
        &BASE64_INVERTED,
        &NUMERIC_DASH,
        &URL,
        &CA_ZIP,
        &PHONE,
    ]
}

/// The result of one predicate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Outcome {
    Pass,
    Fail,
    /// A regex ran out of time: no verdict.
    TimedOut,
    /// The browser's validator throws here.
    Throws,
}

impl Outcome {
    fn of(pass: bool) -> Outcome {
        if pass { Outcome::Pass } else { Outcome::Fail }
    }
}

fn test(re: &LazyLock<Option<JsRegex>>, text: &str, limit: Duration) -> Outcome {
    match re.as_ref() {
        Some(re) => match re.test_within(text, limit) {
            MatchOutcome::Matched => Outcome::Pass,
            MatchOutcome::NoMatch => Outcome::Fail,
            MatchOutcome::TimedOut => Outcome::TimedOut,
        },
        None => Outcome::Fail,
    }
}

/// One segment ready to run.
#[derive(Clone, Debug)]
struct Step {
    kind: RuleKind,
    rule: &'static str,
    /// The platform's template; `None` for a rule that has none (an `Object.prototype`
    /// member).
    template: Option<&'static str>,
    /// The whole (renamed) parameter.
    param: Option<String>,
    /// The segment contains `!callback_`.
    forced: bool,
    /// `Some(n)` when the parameter is ASCII digits only: the length parameters' `parseInt`.
    length: Option<f64>,
    /// `parseFloat` of the parameter (greater_than / less_than).
    number: f64,
    /// The compiled custom regex (custom_validation with a parameter).
    regex: Option<Result<JsRegex, CompileError>>,
}

/// A validation string parsed and compiled once, to evaluate many values quickly.
#[derive(Clone, Debug)]
pub struct CompiledRules {
    steps: Vec<Step>,
    mentions_required: bool,
    timeout: Duration,
}

/// The custom_validation pattern of a parameter: the text before the first `###`, with every
/// lower-case `or` replaced by `|`.
pub fn custom_pattern(param: &str) -> String {
    param
        .split("###")
        .next()
        .unwrap_or(param)
        .replace("or", "|")
}

impl CompiledRules {
    /// Parses and compiles `rules` (custom regexes through the shared cache).
    pub fn new(rules: &str) -> CompiledRules {
        CompiledRules::from_rule_set(&RuleSet::parse(rules))
    }

    /// Compiles an already parsed rule set.
    pub fn from_rule_set(set: &RuleSet) -> CompiledRules {
        let steps = set
            .segments()
            .iter()
            .filter(|s| !s.is_empty())
            .filter_map(step)
            .collect();
        CompiledRules {
            steps,
            mentions_required: set.mentions_required(),
            timeout: jsregex::DEFAULT_MATCH_TIMEOUT,
        }
    }

    /// Sets the time limit of each regex match (default [`jsregex::DEFAULT_MATCH_TIMEOUT`]).
    /// A zero limit is raised to one microsecond: a match always has a limit.
    pub fn with_timeout(mut self, timeout: Duration) -> CompiledRules {
        self.timeout = timeout.max(Duration::from_micros(1));
        self
    }

    /// The time limit of each regex match.
    pub fn timeout(&self) -> Duration {
        self.timeout
    }

    /// Validates `value` of a field labelled `display` whose name is not known, with the other
    /// fields of `form` and the platform's templates. See [`CompiledRules::evaluate_field`].
    pub fn evaluate(&self, display: &str, value: &str, form: &Form) -> Verdict {
        self.evaluate_field(
            &Subject::unnamed(display, value),
            form,
            Messages::platform_ref(),
        )
    }

    /// Validates the field `subject` as the browser does: the validator registers every field
    /// of `form` and the subject itself under their names; `messages` are the templates
    /// (the platform's, or a site's translation).
    pub fn evaluate_field(
        &self,
        subject: &Subject<'_>,
        form: &Form,
        messages: &Messages,
    ) -> Verdict {
        let Some((step, outcome)) = self.first_stop(subject, form) else {
            return Verdict::Valid;
        };
        let rule = step.rule;
        match outcome {
            Outcome::Fail => match template(step, subject, messages) {
                Some(template) => Verdict::Invalid {
                    rule,
                    message: message(step, template, subject, form),
                },
                None => Verdict::Throws { rule },
            },
            Outcome::TimedOut => Verdict::TimedOut { rule },
            Outcome::Throws => Verdict::Throws { rule },
            // `first_stop` never stops at a pass.
            Outcome::Pass => Verdict::Valid,
        }
    }

    /// [`CompiledRules::evaluate_field`]'s [`Verdict::valid`], without building the message:
    /// `Some(true)` valid, `Some(false)` invalid, `None` no verdict.
    pub fn validity(
        &self,
        subject: &Subject<'_>,
        form: &Form,
        messages: &Messages,
    ) -> Option<bool> {
        match self.first_stop(subject, form) {
            None => Some(true),
            Some((step, Outcome::Fail)) => template(step, subject, messages).map(|_| false),
            Some(_) => None,
        }
    }

    /// The first step that does not pass, and how it ends; `None` when every rule passes.
    fn first_stop(&self, subject: &Subject<'_>, form: &Form) -> Option<(&Step, Outcome)> {
        let empty = subject.value.is_empty();
        for step in &self.steps {
            if empty && !self.mentions_required && !step.forced {
                continue;
            }
            match self.run(step, subject, form) {
                Outcome::Pass => {}
                other => return Some((step, other)),
            }
        }
        None
    }

    fn run(&self, step: &Step, subject: &Subject<'_>, form: &Form) -> Outcome {
        let limit = self.timeout;
        let value = subject.value;
        match step.kind {
            RuleKind::Hook(hook) => run_hook(hook, step, subject, form, limit),
            RuleKind::ValidDate => Outcome::of(valid_date(value)),
            RuleKind::CustomValidation => match &step.regex {
                // The handler reads its parameter: without one it throws.
                None => Outcome::Throws,
                Some(Err(_)) => Outcome::Fail,
                Some(Ok(re)) => match re.test_within(value, limit) {
                    MatchOutcome::Matched => Outcome::Pass,
                    MatchOutcome::NoMatch => Outcome::Fail,
                    MatchOutcome::TimedOut => Outcome::TimedOut,
                },
            },
            RuleKind::Member(MemberCall::Fails) => Outcome::Fail,
            RuleKind::Member(MemberCall::Throws) => Outcome::Throws,
            RuleKind::Unknown => Outcome::Pass,
        }
    }
}

fn step(segment: &Segment) -> Option<Step> {
    let (kind, rule, template) = classify(&segment.name);
    if kind == RuleKind::Unknown {
        return None;
    }
    let param = segment.param.clone();
    let length = param
        .as_deref()
        .filter(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
        .map(js::parse_int);
    let number = param.as_deref().map_or(f64::NAN, js::parse_float);
    let regex = match kind {
        RuleKind::CustomValidation => param
            .as_deref()
            .map(|p| jsregex::compile_cached(&custom_pattern(p), "g")),
        _ => None,
    };
    Some(Step {
        kind,
        rule,
        template: (!template.is_empty()).then_some(template),
        param,
        forced: segment.forces_run_on_empty(),
        length,
        number,
        regex,
    })
}

fn run_hook(
    hook: Hook,
    step: &Step,
    subject: &Subject<'_>,
    form: &Form,
    limit: Duration,
) -> Outcome {
    let value = subject.value;
    let len = || js::utf16_len(value) as f64;
    match hook {
        Hook::Required => Outcome::of(!js::trim(value).is_empty()),
        Hook::Default => Outcome::of(step.param.as_deref().is_none_or(|p| value != p)),
        // An `Object.prototype` member has no `value` (undefined never equals a string).
        Hook::Matches => Outcome::of(step.param.as_deref().is_some_and(|p| {
            matches!(registered(subject, form, p), Registered::Field { value: other, .. } if other == value)
        })),
        Hook::ValidEmail => test(&EMAIL, value, limit),
        Hook::ValidEmails => {
            for part in value.split(',') {
                match test(&EMAIL, part, limit) {
                    Outcome::Pass => {}
                    other => return other,
                }
            }
            Outcome::Pass
        }
        Hook::MinLength => Outcome::of(step.length.is_some_and(|n| len() >= n)),
        Hook::MaxLength => Outcome::of(step.length.is_some_and(|n| len() <= n)),
        Hook::ExactLength => Outcome::of(step.length.is_some_and(|n| len() == n)),
        Hook::GreaterThan | Hook::LessThan => match test(&COMPARABLE, value, limit) {
            Outcome::Pass => {
                let v = js::parse_float(value);
                Outcome::of(if hook == Hook::GreaterThan {
                    v > step.number
                } else {
                    v < step.number
                })
            }
            other => other,
        },
        Hook::Alpha => test(&ALPHA, value, limit),
        Hook::AlphaNumeric => test(&ALPHA_NUMERIC, value, limit),
        Hook::AlphaDash => test(&ALPHA_DASH, value, limit),
        Hook::AlphaNumericDashCombo => test(&ALPHA_NUMERIC_DASH_COMBO, value, limit),
        Hook::AlphanumericCombo => test(&ALPHANUMERIC_COMBO, value, limit),
        Hook::Numeric => test(&NUMERIC, value, limit),
        Hook::Integer => test(&INTEGER, value, limit),
        Hook::Decimal => test(&DECIMAL, value, limit),
        Hook::IsNatural => test(&NATURAL, value, limit),
        Hook::IsNaturalNoZero => test(&NATURAL_NO_ZERO, value, limit),
        Hook::ValidIp => test(&IP, value, limit),
        Hook::ValidBase64 => test(&BASE64_INVERTED, value, limit),
        Hook::ValidCreditCard => match test(&NUMERIC_DASH, value, limit) {
            Outcome::Pass => Outcome::of(luhn(value)),
            other => other,
        },
        Hook::IsFileType => Outcome::Pass,
        Hook::ValidUrl => test(&URL, value, limit),
        Hook::ValidCaZip => test(&CA_ZIP, value, limit),
        Hook::ValidPhoneno => test(&PHONE, value, limit),
    }
}

/// The Luhn checksum of the ASCII digits of `value` is a multiple of 10 (no digit sums to 0).
pub fn luhn(value: &str) -> bool {
    let mut sum = 0u64;
    for (i, d) in value
        .bytes()
        .rev()
        .filter(u8::is_ascii_digit)
        .map(|b| u64::from(b - b'0'))
        .enumerate()
    {
        let d = if i % 2 == 1 {
            let twice = d * 2;
            if twice > 9 { twice - 9 } else { twice }
        } else {
            d
        };
        sum += d;
    }
    sum.is_multiple_of(10)
}

/// The `callback_valid_date` handler: `MM-DD-YYYY` (or with `/`), read with `parseInt`.
pub fn valid_date(value: &str) -> bool {
    let separator = if value.contains('-') { '-' } else { '/' };
    let mut parts = value.split(separator);
    let mut next = || parts.next().map_or(f64::NAN, js::parse_int);
    let (month, day, year) = (next(), next(), next());
    // NaN compares false, so a missing year passes this check: no `contains` here.
    #[allow(clippy::manual_range_contains)]
    let year_out_of_range = year < 1000.0 || year > 3000.0;
    if year_out_of_range || month == 0.0 || month > 12.0 {
        return false;
    }
    // `monthLength[month - 1]` is undefined (so the comparison is false) unless month is
    // 1..=12; parseInt gives an integer.
    if !(1.0..=12.0).contains(&month) {
        return false;
    }
    let leap = year % 400.0 == 0.0 || (year % 100.0 != 0.0 && year % 4.0 == 0.0);
    let feb = if leap { 29.0 } else { 28.0 };
    let days = [
        31.0, feb, 31.0, 30.0, 31.0, 30.0, 31.0, 31.0, 30.0, 31.0, 30.0, 31.0,
    ][month as usize - 1];
    day > 0.0 && day <= days
}

/// The template of a failed step: the site's, else the platform's. `None` means the lookup
/// found `Object.prototype`'s function of that name, and `.replace` on it throws.
fn template<'m>(step: &Step, subject: &Subject<'_>, messages: &'m Messages) -> Option<&'m str> {
    messages
        .site_template(step.rule, subject.name)
        .or(step.template)
}

/// Builds the browser's message for a failed step from its template.
fn message(step: &Step, template: &str, subject: &Subject<'_>, form: &Form) -> String {
    let message = js::replace_first(template, "%s", subject.label());
    let Some(param) = step.param.as_deref() else {
        return message;
    };
    if let Some((_, rest)) = param.split_once("###") {
        let custom = rest.split("###").next().unwrap_or("");
        return if custom.is_empty() {
            message
        } else {
            custom.to_string()
        };
    }
    let replacement = match registered(subject, form, param) {
        Registered::Field { label, .. } => label,
        Registered::Member => "undefined",
        Registered::Missing => param,
    };
    js::replace_first(&message, "%s", replacement)
}

/// Validates `value` (of the field labelled `display`) against `rules`, with the other fields
/// of the same form, as the browser does. Parses `rules` every time: use [`CompiledRules`] to
/// evaluate many values.
pub fn evaluate(rules: &str, display: &str, value: &str, form: &Form) -> Verdict {
    CompiledRules::new(rules).evaluate(display, value, form)
}

#[cfg(test)]
mod tests;
