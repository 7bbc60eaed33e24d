//! Why a field is known, dropped or kept, and why a step shows what it shows: codes cheap to
//! copy in the hot path, turned into one sentence for product managers on demand.

use serde_json::Value;

use super::profile::{kind, member, show_value};
use super::{EMAIL, EMAIL_VERIFIED, IS_EMAIL_SUBSCRIBED, Prepared};
use crate::project::Step;

/// Why the field walk decided a field as it did (the rule that applied, and how).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Reason {
    /// Known: submitted earlier in the journey.
    Submitted,
    /// R1, known: `EmailVerified` is truthy.
    EmailVerified,
    /// R1, known: unverified, but verification is optional or disabled.
    EmailVerificationNotRequired,
    /// R1, dropped: unverified, and askEmailForUnverifiedProfileAlways is off.
    EmailUnverified,
    /// R1, kept: unverified, and askEmailForUnverifiedProfileAlways is on.
    EmailUnverifiedAskedAgain,
    /// R1 did not apply (no usable first Email entry) and R10 found no flat `emailid`: kept.
    NoUsableEmail,
    /// R2, known: the Country object has a name.
    CountryNamed,
    /// R2 did not apply because the field's Parent is not `""`: kept at R10.
    CountryParentNotEmpty,
    /// R3, known: `IsEmailSubscribed` is truthy.
    Subscribed,
    /// R3 did not apply and R10 found no flat `emailsubscription`: kept.
    NotSubscribed,
    /// R4, known: `PhoneId` is truthy.
    PhoneIdSet,
    /// R5, known: the birth date has a third piece.
    BirthDateWithYear,
    /// R5, kept: the birth date has no third piece.
    BirthDateWithoutYear,
    /// R6, dropped: `Password` is not null.
    HasPassword,
    /// R6, dropped: neither password prompt option is on.
    PasswordNotPrompted,
    /// R6, kept.
    PasswordPrompted,
    /// R7, dropped: `PIN.PIN` is set.
    HasPin,
    /// R7, dropped: isPINAuthentication is off.
    PinAuthenticationOff,
    /// R7, kept.
    PinAsked,
    /// R8, kept: the parent collection is missing or falsy.
    ParentMissing,
    /// R8, kept: the last element has exactly `"unknown"` for the sub-key.
    ParentLastUnknown,
    /// R8, known: the last element has a value for the sub-key.
    ParentLastHasValue,
    /// R8, known although nothing was found (any truthy parent counts).
    ParentNothingFound,
    /// R9, known: `CustomFields` has the key.
    CustomFieldSet,
    /// R10, kept: the field has no name.
    NoName,
    /// R10, known: the profile has a value for the name.
    AttributeSet,
    /// R10, kept: absent or null.
    AttributeMissing,
    /// R10, kept: `""`.
    AttributeEmpty,
    /// R10, kept: exactly `"unknown"`.
    AttributeUnknown,
    /// R10, kept: an object or an array.
    AttributeNotAValue,
}

/// Why a form shows (§2.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ShowReason {
    /// a: this field (an index in the step) is kept and its rules mention `required`.
    Required(usize),
    /// b: askOptionalFieldsOnRegistration, a first login after a non-email registration.
    FirstLoginAfterSocialSignup,
    /// c: askOptionalFieldsOnProgressiveSteps.
    OptionalFieldsAsked,
}

/// Why nothing happens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NothingReason {
    /// A social consumer, and no `Scopes` entry names the provider.
    NoScopeMatches,
    /// No field is left to ask.
    NothingKept,
    /// Fields are left but none is required and no "ask optional" option applies.
    OnlyOptional,
}

/// What a sentence may mention.
pub(super) struct Context<'a, 'p> {
    pub name: &'a str,
    pub parent: Option<&'a str>,
    pub sub: &'a str,
    pub custom_key: Option<&'a str>,
    /// `profile[n]`.
    pub value: Option<&'p Value>,
    /// `profile[lower(Parent)]`.
    pub parent_value: Option<&'p Value>,
    pub profile: &'a Prepared<'p>,
}

fn or_absent(v: Option<&Value>) -> String {
    v.map_or_else(|| "absent".to_string(), show_value)
}

impl Reason {
    /// The sentence after "known: ", "never asked: " or "asked: ".
    pub(super) fn sentence(self, c: &Context<'_, '_>) -> String {
        let name = c.name;
        let parent = c.parent.unwrap_or("its parent");
        let sub = c.sub;
        let value = or_absent(c.value);
        match self {
            Reason::Submitted => "the consumer submitted it earlier in this journey".into(),
            Reason::EmailVerified => format!(
                "the email is verified (EmailVerified is {})",
                or_absent(c.profile.get(EMAIL_VERIFIED))
            ),
            Reason::EmailVerificationNotRequired => "the email is not verified, but email \
                 verification is optional or disabled (optionalEmailVerification or \
                 disabledEmailVerification), so the platform takes it as it is"
                .into(),
            Reason::EmailUnverified => "the email is not verified, and an unverified email is \
                 asked only with askEmailForUnverifiedProfileAlways"
                .into(),
            Reason::EmailUnverifiedAskedAgain => {
                "the email is not verified and askEmailForUnverifiedProfileAlways is on".into()
            }
            Reason::NoUsableEmail => {
                let email = c.profile.get(EMAIL);
                let first = email.and_then(|e| member(e, "0"));
                let why = match (email, first) {
                    (None | Some(Value::Null), _) => "the profile has no Email".to_string(),
                    (Some(e @ Value::String(_)), _) => {
                        format!(
                            "the profile's Email is the string {}, not a list",
                            show_value(e)
                        )
                    }
                    (Some(Value::Array(a)), _) if a.is_empty() => {
                        "the profile's Email list is empty".into()
                    }
                    (_, None | Some(Value::Null)) => {
                        "the profile's Email has no first entry".into()
                    }
                    _ => "the first Email entry has no Value (later entries do not count)".into(),
                };
                format!("{why}, and there is no flat {name} either")
            }
            Reason::CountryNamed => format!(
                "the profile's Country has the name {}",
                or_absent(
                    c.profile
                        .get(super::COUNTRY)
                        .and_then(|v| member(v, "name"))
                )
            ),
            Reason::CountryParentNotEmpty => format!(
                "this {name} field's Parent is null or absent rather than \"\", so the platform \
                 ignores the profile's Country object"
            ),
            Reason::Subscribed => format!(
                "the consumer is subscribed (IsEmailSubscribed is {})",
                or_absent(c.profile.get(IS_EMAIL_SUBSCRIBED))
            ),
            Reason::NotSubscribed => format!(
                "IsEmailSubscribed is {}, so the subscription is asked on every step that has it",
                or_absent(c.profile.get(IS_EMAIL_SUBSCRIBED))
            ),
            Reason::PhoneIdSet => format!(
                "the profile has the phone id {}",
                or_absent(c.profile.get(super::PHONE_ID))
            ),
            Reason::BirthDateWithYear => format!(
                "the birth date {} has a year",
                or_absent(c.profile.get(super::BIRTH_DATE))
            ),
            Reason::BirthDateWithoutYear => format!(
                "the birth date {} has no year (no third part after - or /)",
                or_absent(c.profile.get(super::BIRTH_DATE))
            ),
            Reason::HasPassword => format!(
                "the consumer already has a password (Password is {}, not null)",
                or_absent(c.profile.get(super::PASSWORD))
            ),
            Reason::PasswordNotPrompted => "passwords are asked only with \
                 promptPasswordOnSocialLogin or promptPasswordOnFirstLoginForSocial"
                .into(),
            Reason::PasswordPrompted => "the consumer has no password, and \
                 promptPasswordOnSocialLogin or promptPasswordOnFirstLoginForSocial is on"
                .into(),
            Reason::HasPin => "the consumer already has a PIN".into(),
            Reason::PinAuthenticationOff => {
                "PINs are asked only with PIN authentication (isPINAuthentication)".into()
            }
            Reason::PinAsked => "the consumer has no PIN and PIN authentication is on".into(),
            Reason::ParentMissing => match c.parent_value {
                None | Some(Value::Null) => format!("the profile has no {parent}"),
                Some(v) => format!("the profile's {parent} is {}", show_value(v)),
            },
            Reason::ParentLastUnknown => {
                format!("the last entry of {parent} has \"unknown\" for {sub}")
            }
            Reason::ParentLastHasValue => {
                let v = c
                    .parent_value
                    .and_then(super::profile::last_element)
                    .and_then(|l| member(l, sub));
                format!("the last entry of {parent} has {sub} = {}", or_absent(v))
            }
            Reason::ParentNothingFound => {
                let what = match c.parent_value {
                    Some(Value::Array(a)) if a.is_empty() => "an empty list".to_string(),
                    Some(Value::Array(_)) => format!("a list whose last entry has no {sub}"),
                    Some(Value::Object(_)) => "an object rather than a list".to_string(),
                    Some(v) => show_value(v),
                    None => "absent".to_string(),
                };
                format!(
                    "the profile's {parent} is {what}; the platform counts any such value as \
                     filled, and asks only when its last entry has \"unknown\" for {sub}"
                )
            }
            Reason::CustomFieldSet => {
                let key = c.custom_key.unwrap_or_default();
                let v = c
                    .profile
                    .get(super::CUSTOM_FIELDS)
                    .and_then(|cf| member(cf, key));
                format!("CustomFields has {key} = {}", or_absent(v))
            }
            Reason::NoName => "the field has no name".into(),
            Reason::AttributeSet => format!("the profile has {name} = {value}"),
            Reason::AttributeMissing
            | Reason::AttributeEmpty
            | Reason::AttributeUnknown
            | Reason::AttributeNotAValue => {
                let flat = match self {
                    Reason::AttributeMissing => format!("the profile has no {name}"),
                    Reason::AttributeEmpty => format!("the profile's {name} is empty"),
                    Reason::AttributeUnknown => {
                        format!("the profile has \"unknown\" for {name}")
                    }
                    _ => format!(
                        "the profile's {name} is {}, not a single value",
                        c.value.map_or("absent", kind)
                    ),
                };
                match c.custom_key {
                    Some(key) => format!("CustomFields has no {key}, and {flat}"),
                    None if name.len() > 3 && name[..3].eq_ignore_ascii_case("cf_") => format!(
                        "only names that start with a lower-case cf_ are read from \
                         CustomFields, and {flat}"
                    ),
                    None => flat,
                }
            }
        }
    }
}

impl ShowReason {
    /// Why the form shows, in a sentence ("the form shows because ...").
    pub fn sentence(self, step: &Step) -> String {
        match self {
            ShowReason::Required(i) => {
                let label = step.fields.get(i).map_or("a field", |f| f.label());
                format!(
                    "{label} is required (its rules mention \"required\"), so every field left \
                     to ask is shown, optional ones included"
                )
            }
            ShowReason::FirstLoginAfterSocialSignup => "this is the consumer's first login \
                 after a registration that was not by email, and askOptionalFieldsOnRegistration \
                 is on"
                .into(),
            ShowReason::OptionalFieldsAsked => "askOptionalFieldsOnProgressiveSteps is on".into(),
        }
    }
}

impl NothingReason {
    /// Why nothing happens, in a sentence; `provider` is the consumer's `Provider`.
    pub fn sentence(self, provider: Option<&str>) -> String {
        match self {
            NothingReason::NoScopeMatches => format!(
                "the consumer logged in with \"{}\", a social provider, and no Scopes entry of \
                 the step names it (social consumers never see the form unless \
                 progressiveProfilingTraditional is on)",
                provider.unwrap_or_default()
            ),
            NothingReason::NothingKept => "every field is already known or never asked".into(),
            NothingReason::OnlyOptional => "no field left to ask is required, and \
                 askOptionalFieldsOnProgressiveSteps is off"
                .into(),
        }
    }
}
