//! Evaluating a validation string on a value, exactly as the consumer's browser does.

use std::collections::HashMap;
use std::sync::LazyLock;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::js;
use super::jsregex::{self, CompileError, JsRegex, MatchOutcome};
use super::parse::{RuleSet, Segment};

/// Another field of the same form, as `matches[f]` and messages see it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormField {
    /// The field's current value.
    #[serde(default)]
    pub value: String,
    /// The field's label (`display`).
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
}

/// The outcome of validating one value: valid, or the first rule that failed and its message.
/// It serializes as `{"valid":..,"rule":..,"message":..}`, in that order.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Verdict {
    /// Whether every rule passed.
    pub valid: bool,
    /// The rule that failed (without `!` and `callback_`), or `None` when valid.
    pub rule: Option<String>,
    /// The message the browser shows, or `None` when valid.
    pub message: Option<String>,
    /// Whether a regex match ran past its time limit; that rule then counts as failed. The
    /// browser would have kept trying, so the verdict is uncertain. Not serialized.
    #[serde(skip)]
    pub timed_out: bool,
}

impl Verdict {
    /// The verdict of a value that passes every rule.
    pub fn pass() -> Verdict {
        Verdict {
            valid: true,
            rule: None,
            message: None,
            timed_out: false,
        }
    }
}

/// What a rule name runs in the browser.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RuleKind {
    /// A built-in rule (a "hook"), such as `required` or `min_length`.
    Hook(Hook),
    /// The `callback_valid_date` handler.
    ValidDate,
    /// The `callback_custom_validation` handler.
    CustomValidation,
    /// A name that runs nothing: it always passes.
    Unknown,
}

/// The built-in rules of the browser's validator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum Hook {
    Required,
    Default,
    Matches,
    ValidEmail,
    ValidEmails,
    MinLength,
    MaxLength,
    ExactLength,
    GreaterThan,
    LessThan,
    Alpha,
    AlphaNumeric,
    AlphaDash,
    AlphaNumericDashCombo,
    AlphanumericCombo,
    Numeric,
    Integer,
    Decimal,
    IsNatural,
    IsNaturalNoZero,
    ValidIp,
    ValidBase64,
    ValidCreditCard,
    IsFileType,
    ValidUrl,
    ValidCaZip,
    ValidPhoneno,
}

/// Every built-in rule with its name and message template.
pub const HOOKS: &[(&str, Hook, &str)] = &[
    ("required", Hook::Required, "The %s field is required."),
    (
        "matches",
        Hook::Matches,
        "The %s field does not match the %s field.",
    ),
    (
        "default",
        Hook::Default,
        "The %s field is still set to default, please change.",
    ),
    (
        "valid_email",
        Hook::ValidEmail,
        "The %s field must contain a valid email address.",
    ),
    (
        "valid_emails",
        Hook::ValidEmails,
        "The %s field must contain all valid email addresses.",
    ),
    (
        "min_length",
        Hook::MinLength,
        "The %s field must be at least %s characters in length.",
    ),
    (
        "max_length",
        Hook::MaxLength,
        "The %s field must not exceed %s characters in length.",
    ),
    (
        "exact_length",
        Hook::ExactLength,
        "The %s field must be exactly %s characters in length.",
    ),
    (
        "greater_than",
        Hook::GreaterThan,
        "The %s field must contain a number greater than %s.",
    ),
    (
        "less_than",
        Hook::LessThan,
        "The %s field must contain a number less than %s.",
    ),
    (
        "alpha",
        Hook::Alpha,
        "The %s field must only contain alphabetical characters.",
    ),
    (
        "alpha_numeric",
        Hook::AlphaNumeric,
        "The %s field must only contain alpha-numeric characters.",
    ),
    (
        "alpha_dash",
        Hook::AlphaDash,
        "The %s field must only contain alpha-numeric characters, underscores, and dashes.",
    ),
    (
        "alpha_numeric_dash_combo",
        Hook::AlphaNumericDashCombo,
        "The %s field must contain only combination of alpha-numeric characters and dashes.",
    ),
    (
        "alphanumeric_combo",
        Hook::AlphanumericCombo,
        "The %s field must contain only combination of alpha-numeric characters.",
    ),
    (
        "numeric",
        Hook::Numeric,
        "The %s field must contain only numbers.",
    ),
    (
        "integer",
        Hook::Integer,
        "The %s field must contain an integer.",
    ),
    (
        "decimal",
        Hook::Decimal,
        "The %s field must contain a decimal number.",
    ),
    (
        "is_natural",
        Hook::IsNatural,
        "The %s field must contain only positive numbers.",
    ),
    (
        "is_natural_no_zero",
        Hook::IsNaturalNoZero,
        "The %s field must contain a number greater than zero.",
    ),
    (
        "valid_ip",
        Hook::ValidIp,
        "The %s field must contain a valid IP.",
    ),
    (
        "valid_base64",
        Hook::ValidBase64,
        "The %s field must contain a base64 string.",
    ),
    (
        "valid_credit_card",
        Hook::ValidCreditCard,
        "The %s field must contain a valid credit card number.",
    ),
    (
        "is_file_type",
        Hook::IsFileType,
        "The %s field must contain only %s files.",
    ),
    (
        "valid_url",
        Hook::ValidUrl,
        "The %s field must contain a valid URL.",
    ),
    (
        "valid_ca_zip",
        Hook::ValidCaZip,
        "The %s field must contain a valid Postal Code.",
    ),
    (
        "valid_phoneno",
        Hook::ValidPhoneno,
        "The %s field is not valid.",
    ),
];

/// The message template of `valid_date`.
pub const VALID_DATE_TEMPLATE: &str = "The %s field must contain a valid date.";
/// The message template of `custom_validation`.
pub const CUSTOM_VALIDATION_TEMPLATE: &str = "The %s field is not valid.";

/// What the (renamed, `!`-stripped) rule name `name` runs, its reported name and its template.
pub fn classify(name: &str) -> (RuleKind, &'static str, &'static str) {
    if let Some(&(rule, hook, template)) = HOOKS.iter().find(|(n, _, _)| *n == name) {
        return (RuleKind::Hook(hook), rule, template);
    }
    match name {
        "callback_valid_date" => (RuleKind::ValidDate, "valid_date", VALID_DATE_TEMPLATE),
        "callback_custom_validation" => (
            RuleKind::CustomValidation,
            "custom_validation",
            CUSTOM_VALIDATION_TEMPLATE,
        ),
        _ => (RuleKind::Unknown, "", ""),
    }
}

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
    /// A regex ran out of time: counts as a failure, flagged.
    TimedOut,
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
    template: &'static str,
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
    pub fn with_timeout(mut self, timeout: Duration) -> CompiledRules {
        self.timeout = timeout;
        self
    }

    /// Validates `value` of the field labelled `display`, with the other fields of `form`.
    pub fn evaluate(&self, display: &str, value: &str, form: &Form) -> Verdict {
        let empty = value.is_empty();
        for step in &self.steps {
            if empty && !self.mentions_required && !step.forced {
                continue;
            }
            let outcome = self.run(step, value, form);
            if outcome != Outcome::Pass {
                return Verdict {
                    valid: false,
                    rule: Some(step.rule.to_string()),
                    message: Some(message(step, display, form)),
                    timed_out: outcome == Outcome::TimedOut,
                };
            }
        }
        Verdict::pass()
    }

    fn run(&self, step: &Step, value: &str, form: &Form) -> Outcome {
        let limit = self.timeout;
        match step.kind {
            RuleKind::Hook(hook) => run_hook(hook, step, value, form, limit),
            RuleKind::ValidDate => Outcome::of(valid_date(value)),
            RuleKind::CustomValidation => match &step.regex {
                // No parameter: nothing to test against (documented choice).
                None => Outcome::Pass,
                Some(Err(_)) => Outcome::Fail,
                Some(Ok(re)) => match re.test_within(value, limit) {
                    MatchOutcome::Matched => Outcome::Pass,
                    MatchOutcome::NoMatch => Outcome::Fail,
                    MatchOutcome::TimedOut => Outcome::TimedOut,
                },
            },
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
        template,
        param,
        forced: segment.forces_run_on_empty(),
        length,
        number,
        regex,
    })
}

fn run_hook(hook: Hook, step: &Step, value: &str, form: &Form, limit: Duration) -> Outcome {
    let len = || js::utf16_len(value) as f64;
    match hook {
        Hook::Required => Outcome::of(!js::trim(value).is_empty()),
        Hook::Default => Outcome::of(step.param.as_deref().is_none_or(|p| value != p)),
        Hook::Matches => Outcome::of(
            step.param
                .as_deref()
                .and_then(|p| form.get(p))
                .is_some_and(|other| other.value == value),
        ),
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

/// Builds the browser's message for a failed step.
fn message(step: &Step, display: &str, form: &Form) -> String {
    let message = js::replace_first(step.template, "%s", display);
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
    let replacement = form
        .get(param)
        .map_or(param, |other| other.display.as_str());
    js::replace_first(&message, "%s", replacement)
}

/// Validates `value` (of the field labelled `display`) against `rules`, with the other fields
/// of the same form, as the browser does. Parses `rules` every time: use [`CompiledRules`] to
/// evaluate many values.
pub fn evaluate(rules: &str, display: &str, value: &str, form: &Form) -> Verdict {
    CompiledRules::new(rules).evaluate(display, value, form)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(rules: &str, display: &str, value: &str) -> (bool, Option<String>, Option<String>) {
        let v = evaluate(rules, display, value, &Form::new());
        (v.valid, v.rule, v.message)
    }

    fn fails(rules: &str, value: &str) -> Option<String> {
        evaluate(rules, "F", value, &Form::new()).message
    }

    #[test]
    fn builtins_compile() {
        for re in all_builtins() {
            assert!(re.is_some());
        }
    }

    #[test]
    fn messages() {
        assert_eq!(
            fails("min_length[6]", "abc").as_deref(),
            Some("The F field must be at least 6 characters in length.")
        );
        assert_eq!(
            fails("min_length[6###]", "abc").as_deref(),
            Some("The F field must be at least %s characters in length.")
        );
        assert_eq!(
            fails("min_length", "abc").as_deref(),
            Some("The F field must be at least %s characters in length.")
        );
        assert_eq!(
            fails("min_length[6###Short###x]", "abc").as_deref(),
            Some("Short")
        );
        let v = evaluate("min_length[6]", "A $& %s", "abc", &Form::new());
        assert_eq!(
            v.message.as_deref(),
            Some("The A 6 %s field must be at least %s characters in length.")
        );
        let v = evaluate("min_length[6]", "$'", "abc", &Form::new());
        assert_eq!(
            v.message.as_deref(),
            Some(
                "The  field must be at least 6 characters in length. field must be at least %s characters in length."
            )
        );
        let form = Form::new().with("password", "x", "Pass $$");
        let v = evaluate("matches[password]", "Confirm", "y", &form);
        assert_eq!(
            v.message.as_deref(),
            Some("The Confirm field does not match the Pass $ field.")
        );
        let v = evaluate("matches[nope]", "Confirm", "y", &form);
        assert_eq!(
            v.message.as_deref(),
            Some("The Confirm field does not match the nope field.")
        );
    }

    #[test]
    fn empty_values() {
        assert_eq!(check("alpha", "F", ""), (true, None, None));
        assert!(!check("alpha|not_required", "F", "").0);
        assert!(!check("alpha|x[###required]", "F", "").0);
        assert!(!check("!callback_valid_date", "F", "").0);
        assert!(!check("!custom_validation[^a$]", "F", "").0);
        assert!(check("callback_valid_date", "F", "").0);
        assert!(!check("required", "F", " \u{FEFF}").0);
        assert!(check("required", "F", "\u{200B}").0);
        assert!(check("required", "F", "\u{0085}").0);
    }

    #[test]
    fn lengths_and_numbers() {
        assert!(!check("min_length[ 6]", "F", "abcdefgh").0);
        assert!(check("max_length[2]", "F", "😀").0);
        assert!(!check("max_length[1]", "F", "😀").0);
        assert!(check("greater_than[5abc]", "F", "6").0);
        assert!(!check("greater_than[abc]", "F", "6").0);
        assert!(check("less_than[1,000]", "F", "0.5").0);
        assert!(!check("less_than[1,000]", "F", "5").0);
        assert!(check("greater_than[-Infinity]", "F", "-.5").0);
        assert!(!check("greater_than", "F", "5").0);
    }

    #[test]
    fn dates() {
        assert!(valid_date("02-29-2000"));
        assert!(!valid_date("02-29-1900"));
        assert!(valid_date("02-29-2024"));
        assert!(!valid_date("02-30-2024"));
        assert!(valid_date("12-31"));
        assert!(valid_date("12-31-abc"));
        assert!(!valid_date("00-10-2000"));
        assert!(!valid_date("13-10-2000"));
        assert!(!valid_date("-1-10-2000"));
        assert!(!valid_date("x-10-2000"));
        assert!(!valid_date("01-00-2000"));
        assert!(!valid_date("01-10-999"));
        assert!(!valid_date("01-10-3001"));
        assert!(valid_date("01-10-3000"));
        assert!(valid_date("1/2/2000/junk"));
        assert!(!valid_date(""));
    }

    #[test]
    fn luhn_sums() {
        assert!(luhn("4111 1111 1111 1111"));
        assert!(luhn("18"));
        assert!(!luhn("1"));
        assert!(luhn("---"));
    }

    #[test]
    fn custom_validation_quirks() {
        assert_eq!(custom_pattern("colororcolour###x"), "col||colour");
        assert!(check("custom_validation[^(colororcolour)$]", "F", "").0);
        assert!(check("custom_validation[^(colororcolour)$]", "F", "col").0);
        assert!(check("callback_custom_validation", "F", "x").0);
        assert!(
            check(
                "custom_validation[a]|callback_custom_validation[b]",
                "F",
                "b"
            )
            .0
        );
        assert!(!check("custom_validation[(]", "F", "x").0);
        assert!(!check("custom_validation[^[a-z]+$]", "F", "ſ").0);
        assert!(check("custom_validation[^[^]$]", "F", "\n").0);
    }

    #[test]
    fn timeouts_are_flagged() {
        let rules = CompiledRules::new(r"custom_validation[^(?:(a+)\1*)+$###Bad]")
            .with_timeout(Duration::from_millis(20));
        let v = rules.evaluate("F", &("a".repeat(60) + "b"), &Form::new());
        assert!(!v.valid);
        assert!(v.timed_out);
        assert_eq!(v.message.as_deref(), Some("Bad"));
        assert_eq!(
            serde_json::to_string(&v).unwrap(),
            r#"{"valid":false,"rule":"custom_validation","message":"Bad"}"#
        );
    }
}
