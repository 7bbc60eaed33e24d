//! The site's LoginRadius options that decide what a step shows (`SKIP.md`) and what the
//! profile page shows (`showInEditor`, `EDITOR.md`), as one
//! typed value: [`Settings`] for a project, [`SettingsOverride`] for a journey (each key
//! present overrides the project's).

use serde_json::{Map, Value};

/// One of the site's LoginRadius JavaScript options that change what `execStep` shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SiteOption {
    AskOptionalFieldsOnProgressiveSteps,
    ProgressiveProfilingTraditional,
    AskEmailForUnverifiedProfileAlways,
    DisabledEmailVerification,
    OptionalEmailVerification,
    PromptPasswordOnSocialLogin,
    PromptPasswordOnFirstLoginForSocial,
    IsPinAuthentication,
    AskOptionalFieldsOnRegistration,
    /// `LRObject.progressiveProfiling.showInEditor`: the profile page shows the steps' fields.
    ShowInEditor,
}

impl SiteOption {
    /// Every option, in the file's canonical order.
    pub const ALL: [SiteOption; 10] = [
        SiteOption::AskOptionalFieldsOnProgressiveSteps,
        SiteOption::ProgressiveProfilingTraditional,
        SiteOption::AskEmailForUnverifiedProfileAlways,
        SiteOption::DisabledEmailVerification,
        SiteOption::OptionalEmailVerification,
        SiteOption::PromptPasswordOnSocialLogin,
        SiteOption::PromptPasswordOnFirstLoginForSocial,
        SiteOption::IsPinAuthentication,
        SiteOption::AskOptionalFieldsOnRegistration,
        SiteOption::ShowInEditor,
    ];

    /// The option's JavaScript name, as the file and the site spell it.
    pub fn key(self) -> &'static str {
        match self {
            SiteOption::AskOptionalFieldsOnProgressiveSteps => {
                "askOptionalFieldsOnProgressiveSteps"
            }
            SiteOption::ProgressiveProfilingTraditional => "progressiveProfilingTraditional",
            SiteOption::AskEmailForUnverifiedProfileAlways => "askEmailForUnverifiedProfileAlways",
            SiteOption::DisabledEmailVerification => "disabledEmailVerification",
            SiteOption::OptionalEmailVerification => "optionalEmailVerification",
            SiteOption::PromptPasswordOnSocialLogin => "promptPasswordOnSocialLogin",
            SiteOption::PromptPasswordOnFirstLoginForSocial => {
                "promptPasswordOnFirstLoginForSocial"
            }
            SiteOption::IsPinAuthentication => "isPINAuthentication",
            SiteOption::AskOptionalFieldsOnRegistration => "askOptionalFieldsOnRegistration",
            SiteOption::ShowInEditor => "showInEditor",
        }
    }

    /// The option of that JavaScript name (exact spelling).
    pub fn parse(key: &str) -> Option<SiteOption> {
        SiteOption::ALL.into_iter().find(|o| o.key() == key)
    }

    /// The value when the file does not say: only askOptionalFieldsOnProgressiveSteps is on
    /// (the library's own default).
    pub fn default_value(self) -> bool {
        self == SiteOption::AskOptionalFieldsOnProgressiveSteps
    }

    /// What the option does, in one line for a product manager.
    pub fn explanation(self) -> &'static str {
        match self {
            SiteOption::AskOptionalFieldsOnProgressiveSteps => {
                "Show a step's optional fields even when none of the fields left to ask is required."
            }
            SiteOption::ProgressiveProfilingTraditional => {
                "Show social-login consumers the step's form instead of sending them back to the provider for more scopes."
            }
            SiteOption::AskEmailForUnverifiedProfileAlways => {
                "Ask for the email again when the consumer's email is not verified (otherwise it is never asked)."
            }
            SiteOption::DisabledEmailVerification => {
                "Email verification is off: an unverified email counts as known (unless the option above is on)."
            }
            SiteOption::OptionalEmailVerification => {
                "Email verification is optional: an unverified email counts as known (unless the ask-again option is on)."
            }
            SiteOption::PromptPasswordOnSocialLogin => {
                "Ask for a password in a step when the consumer has none (passwords are otherwise never asked)."
            }
            SiteOption::PromptPasswordOnFirstLoginForSocial => {
                "Also lets a step ask for a password when the consumer has none."
            }
            SiteOption::IsPinAuthentication => {
                "PIN authentication is on: a step may ask for a PIN when the consumer has none (otherwise never)."
            }
            SiteOption::AskOptionalFieldsOnRegistration => {
                "On a consumer's first login after a non-email registration, show the step's optional fields too."
            }
            SiteOption::ShowInEditor => {
                "The consumer's profile page also shows the steps' fields, to edit what they gave (LRObject.progressiveProfiling.showInEditor)."
            }
        }
    }
}

/// The site's options, as a project holds them. Absent in the file means the default
/// ([`SiteOption::default_value`]); unknown keys are kept in order.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// `askOptionalFieldsOnProgressiveSteps` (default true).
    pub ask_optional_fields: bool,
    /// `progressiveProfilingTraditional`.
    pub progressive_profiling_traditional: bool,
    /// `askEmailForUnverifiedProfileAlways`.
    pub ask_email_for_unverified_profile_always: bool,
    /// `disabledEmailVerification`.
    pub disabled_email_verification: bool,
    /// `optionalEmailVerification`.
    pub optional_email_verification: bool,
    /// `promptPasswordOnSocialLogin`.
    pub prompt_password_on_social_login: bool,
    /// `promptPasswordOnFirstLoginForSocial`.
    pub prompt_password_on_first_login_for_social: bool,
    /// `isPINAuthentication`.
    pub is_pin_authentication: bool,
    /// `askOptionalFieldsOnRegistration`.
    pub ask_optional_fields_on_registration: bool,
    /// `showInEditor` (`LRObject.progressiveProfiling.showInEditor`).
    pub show_in_editor: bool,
    /// Keys the studio does not know, in their original order.
    pub extra: Map<String, Value>,
}

impl Default for Settings {
    fn default() -> Self {
        let mut s = Settings::all_off();
        s.ask_optional_fields = true;
        s
    }
}

impl Settings {
    /// Every option off (what a case of `skip-examples.jsonl` means by an empty `options`).
    pub fn all_off() -> Settings {
        Settings {
            ask_optional_fields: false,
            progressive_profiling_traditional: false,
            ask_email_for_unverified_profile_always: false,
            disabled_email_verification: false,
            optional_email_verification: false,
            prompt_password_on_social_login: false,
            prompt_password_on_first_login_for_social: false,
            is_pin_authentication: false,
            ask_optional_fields_on_registration: false,
            show_in_editor: false,
            extra: Map::new(),
        }
    }

    fn slot(&mut self, o: SiteOption) -> &mut bool {
        match o {
            SiteOption::AskOptionalFieldsOnProgressiveSteps => &mut self.ask_optional_fields,
            SiteOption::ProgressiveProfilingTraditional => {
                &mut self.progressive_profiling_traditional
            }
            SiteOption::AskEmailForUnverifiedProfileAlways => {
                &mut self.ask_email_for_unverified_profile_always
            }
            SiteOption::DisabledEmailVerification => &mut self.disabled_email_verification,
            SiteOption::OptionalEmailVerification => &mut self.optional_email_verification,
            SiteOption::PromptPasswordOnSocialLogin => &mut self.prompt_password_on_social_login,
            SiteOption::PromptPasswordOnFirstLoginForSocial => {
                &mut self.prompt_password_on_first_login_for_social
            }
            SiteOption::IsPinAuthentication => &mut self.is_pin_authentication,
            SiteOption::AskOptionalFieldsOnRegistration => {
                &mut self.ask_optional_fields_on_registration
            }
            SiteOption::ShowInEditor => &mut self.show_in_editor,
        }
    }

    /// The option's value.
    pub fn get(&self, o: SiteOption) -> bool {
        match o {
            SiteOption::AskOptionalFieldsOnProgressiveSteps => self.ask_optional_fields,
            SiteOption::ProgressiveProfilingTraditional => self.progressive_profiling_traditional,
            SiteOption::AskEmailForUnverifiedProfileAlways => {
                self.ask_email_for_unverified_profile_always
            }
            SiteOption::DisabledEmailVerification => self.disabled_email_verification,
            SiteOption::OptionalEmailVerification => self.optional_email_verification,
            SiteOption::PromptPasswordOnSocialLogin => self.prompt_password_on_social_login,
            SiteOption::PromptPasswordOnFirstLoginForSocial => {
                self.prompt_password_on_first_login_for_social
            }
            SiteOption::IsPinAuthentication => self.is_pin_authentication,
            SiteOption::AskOptionalFieldsOnRegistration => self.ask_optional_fields_on_registration,
            SiteOption::ShowInEditor => self.show_in_editor,
        }
    }

    /// Sets the option; returns the value it had.
    pub fn set(&mut self, o: SiteOption, value: bool) -> bool {
        std::mem::replace(self.slot(o), value)
    }

    /// These settings with a journey's overrides applied, key by key (unknown keys of the
    /// override are added after the project's).
    pub fn with_override(&self, o: &SettingsOverride) -> Settings {
        let mut s = self.clone();
        for option in SiteOption::ALL {
            if let Some(v) = o.get(option) {
                s.set(option, v);
            }
        }
        for (k, v) in &o.extra {
            s.extra.insert(k.clone(), v.clone());
        }
        s
    }

    /// Reads one key of a `settings` object: a known option (a boolean; `null` is the
    /// default) or an unknown key, kept. `Err` says what is wrong with the value.
    pub fn read_key(&mut self, key: String, value: Value) -> Result<(), String> {
        match SiteOption::parse(&key) {
            Some(o) => {
                let v = option_value(o, &value)?;
                self.set(o, v.unwrap_or(o.default_value()));
            }
            None => {
                self.extra.insert(key, value);
            }
        }
        Ok(())
    }

    /// The options as the file writes them, in canonical order:
    /// `askOptionalFieldsOnProgressiveSteps` always, every other option when it is on (off is
    /// the default, so it is left out), then the unknown keys.
    pub fn file_entries(&self) -> impl Iterator<Item = (&str, bool)> {
        SiteOption::ALL
            .into_iter()
            .filter(|o| *o == SiteOption::AskOptionalFieldsOnProgressiveSteps || self.get(*o))
            .map(|o| (o.key(), self.get(o)))
    }
}

/// A boolean option's value: `true`/`false`, `null` for "not set"; anything else is refused.
pub fn option_value(o: SiteOption, v: &Value) -> Result<Option<bool>, String> {
    match v {
        Value::Bool(b) => Ok(Some(*b)),
        Value::Null => Ok(None),
        other => Err(format!(
            "the setting \"{}\" must be true or false, found {}",
            o.key(),
            super::de::kind_of(other)
        )),
    }
}

/// A journey's `settings`: each option present overrides the project's; unknown keys kept.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SettingsOverride {
    values: [Option<bool>; 10],
    /// Other keys, in their original order.
    pub extra: Map<String, Value>,
}

impl SettingsOverride {
    /// The override of that option, if the journey sets it.
    pub fn get(&self, o: SiteOption) -> Option<bool> {
        self.values[o as usize]
    }

    /// Sets (`Some`) or removes (`None`) the override of an option.
    pub fn set(&mut self, o: SiteOption, value: Option<bool>) {
        self.values[o as usize] = value;
    }

    /// Whether it overrides nothing and holds no other key.
    pub fn is_empty(&self) -> bool {
        self.values.iter().all(Option::is_none) && self.extra.is_empty()
    }

    /// Reads one key of a journey's `settings` object (`null` removes the override).
    pub fn read_key(&mut self, key: String, value: Value) -> Result<(), String> {
        match SiteOption::parse(&key) {
            Some(o) => self.set(o, option_value(o, &value)?),
            None => {
                self.extra.insert(key, value);
            }
        }
        Ok(())
    }

    /// The JSON object a journey file holds: the overridden options in canonical order, then
    /// the unknown keys.
    pub fn to_json(&self) -> Map<String, Value> {
        let mut m = Map::new();
        for o in SiteOption::ALL {
            if let Some(v) = self.get(o) {
                m.insert(o.key().into(), Value::Bool(v));
            }
        }
        for (k, v) in &self.extra {
            m.entry(k.clone()).or_insert_with(|| v.clone());
        }
        m
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn every_option_has_one_key_and_reads_back() {
        for o in SiteOption::ALL {
            assert_eq!(SiteOption::parse(o.key()), Some(o));
            assert!(!o.explanation().is_empty());
            let mut s = Settings::all_off();
            assert!(!s.set(o, true));
            assert!(s.get(o));
            assert_eq!(
                SiteOption::ALL.iter().filter(|x| s.get(**x)).count(),
                1,
                "{o:?} sets only itself"
            );
        }
        assert_eq!(SiteOption::parse("ispinauthentication"), None);
    }

    #[test]
    fn absent_is_the_default_and_only_ask_optional_is_on_by_default() {
        let s = Settings::default();
        for o in SiteOption::ALL {
            assert_eq!(s.get(o), o.default_value());
        }
        assert!(s.ask_optional_fields);
        let entries: Vec<_> = s.file_entries().collect();
        assert_eq!(entries, [("askOptionalFieldsOnProgressiveSteps", true)]);
    }

    #[test]
    fn null_reads_as_the_default_and_other_values_are_refused() {
        let mut s = Settings::all_off();
        s.read_key("askOptionalFieldsOnProgressiveSteps".into(), Value::Null)
            .unwrap();
        assert!(s.ask_optional_fields);
        let e = s
            .read_key("isPINAuthentication".into(), json!("yes"))
            .unwrap_err();
        assert_eq!(
            e,
            "the setting \"isPINAuthentication\" must be true or false, found a string"
        );
        s.read_key("zz".into(), json!([1])).unwrap();
        assert_eq!(s.extra["zz"], json!([1]));
    }

    #[test]
    fn an_override_changes_only_the_keys_it_has() {
        let mut o = SettingsOverride::default();
        assert!(o.is_empty());
        o.read_key("isPINAuthentication".into(), json!(true))
            .unwrap();
        o.read_key("askOptionalFieldsOnProgressiveSteps".into(), json!(false))
            .unwrap();
        o.read_key("note".into(), json!("x")).unwrap();
        let s = Settings::default().with_override(&o);
        assert!(s.is_pin_authentication);
        assert!(!s.ask_optional_fields);
        assert!(!s.progressive_profiling_traditional);
        assert_eq!(s.extra["note"], "x");
        assert_eq!(
            Value::Object(o.to_json()),
            json!({"askOptionalFieldsOnProgressiveSteps": false, "isPINAuthentication": true,
                   "note": "x"})
        );
        o.read_key("isPINAuthentication".into(), Value::Null)
            .unwrap();
        assert_eq!(o.get(SiteOption::IsPinAuthentication), None);
    }
}
