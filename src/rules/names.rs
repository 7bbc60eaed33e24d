//! Rule names: what each name runs in the browser (a built-in hook, an `Object.prototype`
//! member, a callback, nothing), its reported name and its message template.

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
