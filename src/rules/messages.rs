//! Message templates as data: the platform's table, changed by a site's translation.
//!
//! A site translates its validation messages with the `validationMessages` list of the
//! platform's `setLocaleBasedInfo` hook, `[{"rule": "required", "message": "..."}]`. The
//! platform applies the entries to the validator's templates in order, then sets its own
//! `custom_validation` template; [`Messages`] holds the result:
//!
//! - an entry with a non-empty `rule` and a non-empty `message` sets the template of that rule
//!   (a later entry for the same key wins);
//! - `rule#fieldname` sets it for the field of that name only, and wins over the plain rule;
//! - `valid_date` and `callback_valid_date` both set the `valid_date` template (the last one
//!   wins); `callback_valid_date#f` and `callback_custom_validation` (plain or `#f`) set keys
//!   the validator never looks up, so they change nothing;
//! - a plain `custom_validation` entry is lost: the platform sets the default `The %s field is
//!   not valid.` after applying the entries. Only `custom_validation#fieldname` survives.
//!
//! The message is then built from the template exactly as from the platform's (`%s`, `$`
//! patterns, `###` parameters), and a `###message` inside a rule still wins over both.
//! Labels (`labels`) are the caller's part: pass the translated label as the field's
//! `display`, and the other fields' translated labels in the [`super::Form`].
//!
//! Build one [`Messages`] per locale and share it (it is `Send + Sync`; wrap it in an `Arc` to
//! share it between threads): looking a template up costs at most two hash probes and
//! allocates nothing, and happens only when a rule fails.

use std::collections::HashMap;

use serde_json::Value;

use super::names::{CUSTOM_VALIDATION_TEMPLATE, VALID_DATE_TEMPLATE, classify};

/// The validator's message templates: the platform's, changed by a site's `validationMessages`
/// entries (see the module notes). `Messages::default()` is the platform's table.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Messages {
    /// rule -> template, from entries without `#`.
    plain: HashMap<String, String>,
    /// field name -> rule -> template, from `rule#fieldname` entries.
    by_field: HashMap<String, HashMap<String, String>>,
}

impl Messages {
    /// The platform's own templates, untranslated.
    pub fn platform() -> Messages {
        Messages::default()
    }

    /// The platform's templates, shared (no allocation).
    pub fn platform_ref() -> &'static Messages {
        static PLATFORM: std::sync::LazyLock<Messages> =
            std::sync::LazyLock::new(Messages::default);
        &PLATFORM
    }

    /// Whether these are the platform's templates (no entry changed anything).
    pub fn is_platform(&self) -> bool {
        self.plain.is_empty() && self.by_field.is_empty()
    }

    /// The templates after applying `entries` (`(rule, message)` pairs, in order) as the
    /// platform does (see the module notes).
    pub fn from_entries<'a>(entries: impl IntoIterator<Item = (&'a str, &'a str)>) -> Messages {
        let mut messages = Messages::default();
        for (rule, message) in entries {
            messages.apply(rule, message);
        }
        messages
    }

    /// The templates of a `validationMessages` JSON list. An entry that is not an object, or
    /// whose `rule` or `message` is not a non-empty string, is skipped (the platform skips
    /// entries without a rule or a message). `Err` when `list` is neither an array nor `null`.
    pub fn from_json(list: &Value) -> Result<Messages, String> {
        let entries = match list {
            Value::Null => return Ok(Messages::default()),
            Value::Array(entries) => entries,
            other => {
                return Err(format!(
                    "`messages` must be a list of {{\"rule\", \"message\"}} objects, not {}",
                    json_kind(other)
                ));
            }
        };
        Ok(Messages::from_entries(entries.iter().filter_map(|e| {
            Some((e.get("rule")?.as_str()?, e.get("message")?.as_str()?))
        })))
    }

    /// Applies one entry (see [`Messages::from_entries`]).
    pub fn apply(&mut self, rule: &str, message: &str) {
        if entry_ignored(rule, message).is_some() {
            return;
        }
        if let Some((rule, field)) = rule.split_once('#') {
            self.by_field
                .entry(field.to_string())
                .or_default()
                .insert(rule.to_string(), message.to_string());
            return;
        }
        let key = if rule == "callback_valid_date" {
            "valid_date"
        } else {
            rule
        };
        self.plain.insert(key.to_string(), message.to_string());
    }

    /// The site's template for `rule` (the reported name: `valid_date`, `custom_validation`,
    /// `min_length`...) on the field named `field`, when an entry set one; `None` means the
    /// platform's.
    pub fn site_template(&self, rule: &str, field: Option<&str>) -> Option<&str> {
        if self.is_platform() {
            return None;
        }
        field
            .and_then(|f| self.by_field.get(f))
            .and_then(|m| m.get(rule))
            .or_else(|| self.plain.get(rule))
            .map(String::as_str)
    }

    /// The template the validator uses for `rule` on the field named `field`: the site's, else
    /// the platform's; `None` for a rule that has neither.
    pub fn template(&self, rule: &str, field: Option<&str>) -> Option<&str> {
        self.site_template(rule, field)
            .or_else(|| platform_template(rule))
    }
}

/// The platform's template of a reported rule name (`valid_date`, `custom_validation`, or a
/// built-in rule).
pub fn platform_template(rule: &str) -> Option<&'static str> {
    match rule {
        "valid_date" => Some(VALID_DATE_TEMPLATE),
        "custom_validation" => Some(CUSTOM_VALIDATION_TEMPLATE),
        _ => Some(classify(rule).2).filter(|t| !t.is_empty()),
    }
}

/// Why the platform ignores the entry `(rule, message)`, or `None` when it is applied (it may
/// still set a key that no rule looks up, such as `Required`).
pub fn entry_ignored(rule: &str, message: &str) -> Option<&'static str> {
    if rule.is_empty() {
        return Some("it has no rule");
    }
    if message.is_empty() {
        return Some("its message is empty");
    }
    if rule == "custom_validation" {
        return Some(
            "the platform sets its own custom_validation template after the site's; only \
             custom_validation#fieldname is kept",
        );
    }
    // Assigning a string to a plain object's `__proto__` changes nothing.
    if rule == "__proto__" {
        return Some("__proto__ is not a key a plain JavaScript object can hold");
    }
    None
}

/// The key the validator looks the template of `entry_rule` up under, split into the reported
/// rule and the field name (`None` for every field); `None` when the validator never looks it
/// up (`callback_custom_validation`, `callback_valid_date#f`).
pub fn entry_target(entry_rule: &str) -> Option<(&str, Option<&str>)> {
    let (rule, field) = match entry_rule.split_once('#') {
        Some((rule, field)) => (rule, Some(field)),
        None if entry_rule == "callback_valid_date" => ("valid_date", None),
        None => (entry_rule, None),
    };
    (!rule.starts_with("callback_")).then_some((rule, field))
}

fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::rules::{CompiledRules, Form, Subject};

    fn eval(rules: &str, name: &str, display: &str, value: &str, m: &Messages) -> Option<String> {
        CompiledRules::new(rules)
            .evaluate_field(&Subject::new(name, display, value), &Form::new(), m)
            .message()
            .map(str::to_string)
    }

    #[test]
    fn the_default_is_the_platforms_table() {
        let m = Messages::platform();
        assert!(m.is_platform());
        assert_eq!(
            m.template("required", Some("f")),
            Some("The %s field is required.")
        );
        assert_eq!(m.template("valid_date", None), Some(VALID_DATE_TEMPLATE));
        assert_eq!(m.template("hasOwnProperty", None), None);
        assert_eq!(m.site_template("required", None), None);
    }

    #[test]
    fn entries_apply_in_order_and_the_later_wins() {
        let m = Messages::from_entries([
            ("required", "A %s"),
            ("required", "B %s"),
            ("min_length", "C %s %s"),
        ]);
        assert_eq!(eval("required", "f", "F", "", &m).as_deref(), Some("B F"));
        assert_eq!(
            eval("min_length[3]", "f", "F", "ab", &m).as_deref(),
            Some("C F 3")
        );
        // Untouched rules keep the platform's template.
        assert_eq!(
            eval("alpha", "f", "F", "1", &m).as_deref(),
            Some("The F field must only contain alphabetical characters.")
        );
    }

    #[test]
    fn a_field_entry_wins_over_the_plain_rule_for_that_field_only() {
        let m = Messages::from_entries([("required#firstname", "One %s"), ("required", "All %s")]);
        assert_eq!(
            eval("required", "firstname", "First", "", &m).as_deref(),
            Some("One First")
        );
        assert_eq!(
            eval("required", "lastname", "Last", "", &m).as_deref(),
            Some("All Last")
        );
        // Without a name no field entry applies.
        let v = CompiledRules::new("required").evaluate_field(
            &Subject::unnamed("First", ""),
            &Form::new(),
            &m,
        );
        assert_eq!(v.message(), Some("All First"));
        // `required #firstname` (a space) is another key: it applies to no field.
        let m = Messages::from_entries([("required #firstname", "X")]);
        assert_eq!(
            eval("required", "firstname", "F", "", &m).as_deref(),
            Some("The F field is required.")
        );
    }

    #[test]
    fn valid_date_entries_the_last_one_wins() {
        let m = Messages::from_entries([("valid_date", "A %s"), ("callback_valid_date", "B %s")]);
        assert_eq!(
            eval("callback_valid_date", "f", "D", "13-01-2000", &m).as_deref(),
            Some("B D")
        );
        let m = Messages::from_entries([("callback_valid_date", "B %s"), ("valid_date", "A %s")]);
        assert_eq!(
            eval("callback_valid_date", "f", "D", "13-01-2000", &m).as_deref(),
            Some("A D")
        );
        // Per field: valid_date#f works, callback_valid_date#f sets a key nobody reads.
        let m = Messages::from_entries([("valid_date#f", "F %s"), ("callback_valid_date#g", "G")]);
        assert_eq!(
            eval("callback_valid_date", "f", "D", "13-01-2000", &m).as_deref(),
            Some("F D")
        );
        assert_eq!(
            eval("callback_valid_date", "g", "D", "13-01-2000", &m).as_deref(),
            Some("The D field must contain a valid date.")
        );
    }

    #[test]
    fn a_plain_custom_validation_entry_is_lost() {
        let m = Messages::from_entries([
            ("custom_validation", "Lost %s"),
            ("callback_custom_validation", "Lost too %s"),
        ]);
        assert_eq!(
            eval("custom_validation[^a$]", "f", "F", "b", &m).as_deref(),
            Some("The F field is not valid.")
        );
        let m = Messages::from_entries([("custom_validation#f", "Kept %s %s")]);
        assert_eq!(
            eval("custom_validation[^a$]", "f", "F", "b", &m).as_deref(),
            Some("Kept F ^a$")
        );
        // A ###message inside the rule still wins.
        assert_eq!(
            eval("custom_validation[^a$###Mine]", "f", "F", "b", &m).as_deref(),
            Some("Mine")
        );
    }

    #[test]
    fn empty_rules_or_messages_are_skipped() {
        let m = Messages::from_entries([("", "X"), ("required", "")]);
        assert!(m.is_platform());
        let m = Messages::from_json(&json!([
            {"rule": "required", "message": null},
            {"rule": "required"},
            5,
            {"rule": 3, "message": "x"},
            {"rule": "alpha", "message": "A %s", "extra": 1}
        ]))
        .unwrap();
        assert_eq!(
            m.template("required", None),
            Some("The %s field is required.")
        );
        assert_eq!(m.template("alpha", None), Some("A %s"));
        assert!(Messages::from_json(&json!(null)).unwrap().is_platform());
        assert!(Messages::from_json(&json!({"rule": "x"})).is_err());
    }

    #[test]
    fn templates_use_the_same_message_building() {
        // `$` patterns of the label, the second %s, ### parameters.
        let m = Messages::from_entries([("min_length", "%s / %s"), ("max_length", "x###y %s")]);
        assert_eq!(
            eval("min_length[3]", "f", "$&", "a", &m).as_deref(),
            Some("3 / %s")
        );
        assert_eq!(
            eval("min_length[3###Short]", "f", "F", "a", &m).as_deref(),
            Some("Short")
        );
        assert_eq!(
            eval("max_length[1]", "f", "F", "ab", &m).as_deref(),
            Some("x###y F")
        );
        // An empty label falls back to the name.
        assert_eq!(
            eval("min_length[3]", "f", "", "a", &m).as_deref(),
            Some("f / 3")
        );
    }

    #[test]
    fn a_template_for_a_prototype_member_rule_stops_the_throw() {
        let v = CompiledRules::new("hasOwnProperty").evaluate_field(
            &Subject::new("f", "F", "x"),
            &Form::new(),
            &Messages::platform(),
        );
        assert!(v.throws());
        let m = Messages::from_entries([("hasOwnProperty", "H %s")]);
        assert_eq!(
            eval("hasOwnProperty", "f", "F", "x", &m).as_deref(),
            Some("H F")
        );
        // __defineGetter__ throws when it is called, whatever the templates.
        let v = CompiledRules::new("__defineGetter__").evaluate_field(
            &Subject::new("f", "F", "x"),
            &Form::new(),
            &Messages::from_entries([("__defineGetter__", "G")]),
        );
        assert!(v.throws());
    }

    #[test]
    fn entry_targets() {
        assert_eq!(entry_target("required"), Some(("required", None)));
        assert_eq!(entry_target("required#f"), Some(("required", Some("f"))));
        assert_eq!(
            entry_target("callback_valid_date"),
            Some(("valid_date", None))
        );
        assert_eq!(entry_target("callback_valid_date#f"), None);
        assert_eq!(entry_target("callback_custom_validation"), None);
        assert!(entry_ignored("custom_validation", "x").is_some());
        assert!(entry_ignored("custom_validation#f", "x").is_none());
    }
}
