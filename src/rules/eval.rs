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

/// The members of JavaScript's `Object.prototype`. The validator looks fields, rules and
/// templates up in plain objects, so each of these names finds something there although no
/// field, rule or template has that name.
pub const OBJECT_PROTOTYPE_MEMBERS: &[&str] = &[
    "constructor",
    "__defineGetter__",
    "__defineSetter__",
    "hasOwnProperty",
    "__lookupGetter__",
    "__lookupSetter__",
    "isPrototypeOf",
    "propertyIsEnumerable",
    "toString",
    "valueOf",
    "__proto__",
    "toLocaleString",
];

/// Whether `name` is a member of `Object.prototype` (see [`OBJECT_PROTOTYPE_MEMBERS`]).
pub fn is_object_prototype_member(name: &str) -> bool {
    // A `match` on the text: compiled to a switch on the length, cheaper than a scan.
    matches!(
        name,
        "constructor"
            | "__defineGetter__"
            | "__defineSetter__"
            | "hasOwnProperty"
            | "__lookupGetter__"
            | "__lookupSetter__"
            | "isPrototypeOf"
            | "propertyIsEnumerable"
            | "toString"
            | "valueOf"
            | "__proto__"
            | "toLocaleString"
    )
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

/// What a rule name runs in the browser.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RuleKind {
    /// A built-in rule (a "hook"), such as `required` or `min_length`.
    Hook(Hook),
    /// The `callback_valid_date` handler.
    ValidDate,
    /// The `callback_custom_validation` handler.
    CustomValidation,
    /// A member of `Object.prototype` that the validator finds among its rules and calls
    /// (`hasOwnProperty`, `isPrototypeOf`, `propertyIsEnumerable`, `__lookupGetter__`,
    /// `__lookupSetter__`, `__defineGetter__`, `__defineSetter__`): the browser's validator
    /// throws (see [`MemberCall`]).
    Member(MemberCall),
    /// A name that runs nothing: it always passes (the other `Object.prototype` members among
    /// them: `toString`, `valueOf`, `constructor` and `toLocaleString` answer something truthy,
    /// `__proto__` is not a function).
    Unknown,
}

/// What calling an `Object.prototype` member as a rule does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MemberCall {
    /// It answers false, so the rule fails; the message lookup then finds the inherited function
    /// instead of a template, and calling `.replace` on it throws, unless the site set a
    /// template of that name (`validationMessages`).
    Fails,
    /// `__defineGetter__` / `__defineSetter__`: the call itself throws (its parameter is not a
    /// function).
    Throws,
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

/// The time limit of one regex match past which the studio says the consumer's page would
/// freeze: `rules eval`'s default (`--match-timeout-ms`) and the preview's background check.
pub const FULL_MATCH_TIMEOUT: Duration = Duration::from_millis(1000);

/// The message template of `valid_date`.
pub const VALID_DATE_TEMPLATE: &str = "The %s field must contain a valid date.";
/// The message template of `custom_validation`.
pub const CUSTOM_VALIDATION_TEMPLATE: &str = "The %s field is not valid.";

/// What the (renamed, `!`-stripped) rule name `name` runs, its reported name and its template
/// (`""` for a name without one).
pub fn classify(name: &str) -> (RuleKind, &'static str, &'static str) {
    if let Some(&(rule, hook, template)) = HOOKS.iter().find(|(n, _, _)| *n == name) {
        return (RuleKind::Hook(hook), rule, template);
    }
    if let Some(&member) = OBJECT_PROTOTYPE_MEMBERS.iter().find(|m| **m == name) {
        let call = match member {
            "hasOwnProperty"
            | "isPrototypeOf"
            | "propertyIsEnumerable"
            | "__lookupGetter__"
            | "__lookupSetter__" => MemberCall::Fails,
            "__defineGetter__" | "__defineSetter__" => MemberCall::Throws,
            _ => return (RuleKind::Unknown, "", ""),
        };
        return (RuleKind::Member(call), member, "");
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
mod tests {
    use super::*;

    fn check(rules: &str, display: &str, value: &str) -> (bool, Option<String>, Option<String>) {
        let v = evaluate(rules, display, value, &Form::new());
        (
            v.is_valid(),
            v.rule().map(str::to_string),
            v.message().map(str::to_string),
        )
    }

    fn fails(rules: &str, value: &str) -> Option<String> {
        evaluate(rules, "F", value, &Form::new())
            .message()
            .map(str::to_string)
    }

    /// The verdict of the field `name` labelled `display`, with `form` and the platform's
    /// templates.
    fn named(rules: &str, name: &str, display: &str, value: &str, form: &Form) -> Verdict {
        CompiledRules::new(rules).evaluate_field(
            &Subject::new(name, display, value),
            form,
            &Messages::platform(),
        )
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
            v.message(),
            Some("The A 6 %s field must be at least %s characters in length.")
        );
        let v = evaluate("min_length[6]", "$'", "abc", &Form::new());
        assert_eq!(
            v.message(),
            Some(
                "The  field must be at least 6 characters in length. field must be at least %s characters in length."
            )
        );
        let form = Form::new().with("password", "x", "Pass $$");
        let v = evaluate("matches[password]", "Confirm", "y", &form);
        assert_eq!(
            v.message(),
            Some("The Confirm field does not match the Pass $ field.")
        );
        let v = evaluate("matches[nope]", "Confirm", "y", &form);
        assert_eq!(
            v.message(),
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
        // Without a parameter the handler throws (see `bare_custom_validation_throws`).
        assert!(evaluate("callback_custom_validation", "F", "x", &Form::new()).throws());
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
    fn a_timed_out_match_has_no_verdict() {
        let rules = CompiledRules::new(r"custom_validation[^(?:(a+)\1*)+$###Bad]")
            .with_timeout(Duration::from_millis(20));
        let v = rules.evaluate("F", &("a".repeat(60) + "b"), &Form::new());
        assert_eq!(
            v,
            Verdict::TimedOut {
                rule: "custom_validation"
            }
        );
        assert_eq!(v.valid(), None);
        assert!(!v.is_invalid() && !v.is_valid());
        assert_eq!(v.message(), None);
        assert!(v.no_verdict_reason().unwrap().contains("would freeze"));
        assert_eq!(
            serde_json::to_string(&v).unwrap(),
            r#"{"valid":null,"rule":"custom_validation","message":null,"timed_out":true}"#
        );
        // The issue's case: `or` makes it `...$|!`, which the browser passes after a freeze.
        let rules = CompiledRules::new(r"custom_validation[^(?:(a+)\1*)+$or!]")
            .with_timeout(Duration::from_millis(10));
        assert!(
            rules
                .evaluate("F", &("a".repeat(30) + "!"), &Form::new())
                .timed_out()
        );
        // Rules before the slow one still fail first.
        let rules = CompiledRules::new(r"numeric|custom_validation[^(?:(a+)\1*)+$]")
            .with_timeout(Duration::from_millis(10));
        assert!(
            rules
                .evaluate("F", &("a".repeat(30) + "!"), &Form::new())
                .is_invalid()
        );
    }

    #[test]
    fn verdicts_serialize_in_the_contracts_key_order() {
        assert_eq!(
            serde_json::to_string(&Verdict::Valid).unwrap(),
            r#"{"valid":true,"rule":null,"message":null}"#
        );
        let v = Verdict::Invalid {
            rule: "required",
            message: "M".into(),
        };
        assert_eq!(
            serde_json::to_string(&v).unwrap(),
            r#"{"valid":false,"rule":"required","message":"M"}"#
        );
        let v = Verdict::Throws {
            rule: "hasOwnProperty",
        };
        assert_eq!(
            serde_json::to_string(&v).unwrap(),
            r#"{"valid":null,"rule":"hasOwnProperty","message":null,"throws":true}"#
        );
    }

    #[test]
    fn the_field_under_test_is_registered_under_its_name() {
        let none = Form::new();
        // An empty label falls back to the name, only when a name is known.
        assert_eq!(
            named("required", "firstname", "", "", &none).message(),
            Some("The firstname field is required.")
        );
        assert_eq!(
            evaluate("required", "", "", &none).message(),
            Some("The  field is required.")
        );
        // matches[own name] compares the field with itself.
        assert!(named("matches[firstname]", "firstname", "F", "x", &none).is_valid());
        assert!(named("matches[firstname]", "firstname", "F", "", &none).is_valid());
        assert!(!evaluate("matches[firstname]", "F", "x", &none).is_valid());
        // A parameter naming the field shows its label, or its name when the label is empty.
        assert_eq!(
            named(
                "min_length[firstname]",
                "firstname",
                "First Name",
                "x",
                &none
            )
            .message(),
            Some("The First Name field must be at least First Name characters in length.")
        );
        assert_eq!(
            named("max_length[firstname]", "firstname", "", "xx", &none).message(),
            Some("The firstname field must not exceed firstname characters in length.")
        );
        // `$` patterns of the label apply in both replacements.
        assert_eq!(
            named("max_length[f]", "f", "Zip $& Code", "\u{b}", &none).message(),
            Some("The Zip Zip %s Code Code field must not exceed %s characters in length.")
        );
        // The field under test wins over a form field of the same name.
        let form = Form::new().with("f", "other", "Other");
        assert!(named("matches[f]", "f", "F", "x", &form).is_valid());
    }

    #[test]
    fn form_fields_fall_back_to_their_name() {
        let form = Form::new().with("password", "p", "");
        assert_eq!(
            named("matches[password]", "c", "Confirm", "x", &form).message(),
            Some("The Confirm field does not match the password field.")
        );
        let form = Form::new().with("password", "p", "Pass");
        assert_eq!(
            named("min_length[password]", "c", "C", "x", &form).message(),
            Some("The C field must be at least Pass characters in length.")
        );
    }

    #[test]
    fn prototype_member_parameters_are_undefined_fields() {
        let none = Form::new();
        for member in OBJECT_PROTOTYPE_MEMBERS {
            assert_eq!(
                named(&format!("greater_than[{member}]"), "f", "F", "5", &none).message(),
                Some("The F field must contain a number greater than undefined."),
                "{member}"
            );
            // matches[member] always fails (the member has no value).
            assert_eq!(
                named(&format!("matches[{member}]"), "f", "F", "undefined", &none).message(),
                Some("The F field does not match the undefined field."),
                "{member}"
            );
        }
        // Without a name the lookup is the same.
        assert_eq!(
            evaluate("less_than[valueOf]", "F", "1", &none).message(),
            Some("The F field must contain a number less than undefined.")
        );
        // A field of the form or the field itself named like a member is a field.
        let form = Form::new().with("toString", "x", "T");
        assert_eq!(
            named("min_length[toString]", "f", "F", "x", &form).message(),
            Some("The F field must be at least T characters in length.")
        );
        assert_eq!(
            named("min_length[constructor]", "constructor", "", "x", &none).message(),
            Some("The constructor field must be at least constructor characters in length.")
        );
        // With ### the parameter is not looked up.
        assert_eq!(
            named("matches[hasOwnProperty###]", "f", "F", "x", &none).message(),
            Some("The F field does not match the %s field.")
        );
    }

    #[test]
    fn the_member_test_and_the_member_list_agree() {
        for m in OBJECT_PROTOTYPE_MEMBERS {
            assert!(is_object_prototype_member(m), "{m}");
        }
        assert_eq!(OBJECT_PROTOTYPE_MEMBERS.len(), 12);
        for other in [
            "",
            "toSource",
            "Constructor",
            "__proto",
            "field",
            "hasownproperty",
        ] {
            assert!(!is_object_prototype_member(other), "{other}");
        }
    }

    #[test]
    fn rule_names_that_make_the_validator_throw() {
        let none = Form::new();
        for name in [
            "hasOwnProperty",
            "isPrototypeOf",
            "propertyIsEnumerable",
            "__defineGetter__",
            "__defineSetter__",
            "__lookupGetter__",
            "__lookupSetter__",
        ] {
            for rules in [name.to_string(), format!("!{name}"), format!("{name}[3]")] {
                let v = named(&rules, "f", "F", "x", &none);
                assert_eq!(v, Verdict::Throws { rule: name }, "{rules}");
            }
            // Skipped on an empty value unless `required` appears.
            assert!(named(name, "f", "F", "", &none).is_valid(), "{name}");
            assert!(named(&format!("{name}|not_required"), "f", "F", "", &none).throws());
            // An earlier failure stops first.
            assert!(named(&format!("numeric|{name}"), "f", "F", "x", &none).is_invalid());
        }
        // The other members answer something truthy (or are no function): they pass.
        for name in [
            "toString",
            "valueOf",
            "constructor",
            "toLocaleString",
            "__proto__",
        ] {
            assert!(named(name, "f", "F", "x", &none).is_valid(), "{name}");
        }
        // A callback_ name runs a handler, and only two exist.
        assert!(named("callback_hasOwnProperty", "f", "F", "x", &none).is_valid());
    }

    #[test]
    fn bare_custom_validation_throws() {
        let none = Form::new();
        let throws = Verdict::Throws {
            rule: "custom_validation",
        };
        assert_eq!(named("custom_validation", "f", "F", "x", &none), throws);
        assert_eq!(
            named("callback_custom_validation", "f", "F", "x", &none),
            throws
        );
        assert_eq!(
            named("required|custom_validation", "f", "F", "x", &none),
            throws
        );
        // Skipped on an empty value, unless forced or `required` appears.
        assert!(named("custom_validation", "f", "F", "", &none).is_valid());
        assert_eq!(named("!custom_validation", "f", "F", "", &none), throws);
        // With the callback_ form present, a plain custom_validation is an unknown name.
        assert!(
            named(
                "custom_validation|callback_custom_validation[x]",
                "f",
                "F",
                "x",
                &none
            )
            .is_valid()
        );
        // `custom_validation[]` does not parse: an unknown name.
        assert!(named("custom_validation[]", "f", "F", "x", &none).is_valid());
    }
}
