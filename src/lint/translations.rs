//! The translation checks of `check` and the problems list: one small function each.
//!
//! - [`missing_texts`]: a label, placeholder, message or button a step shows that a locale
//!   does not translate (the consumer reads it in the source language);
//! - [`ignored_custom_validation`]: a plain `custom_validation` message, which the platform
//!   drops (the fix: `custom_validation#field`);
//! - [`placeholder_count`]: a template whose `%s` count differs from the platform's;
//! - [`unknown_message_rule`]: a message for a rule the validator never looks up;
//! - [`message_for_absent_field`]: a `rule#field` message for a field no step has;
//! - [`message_in_rule`]: a `###message` written into a rule, which every language shows as
//!   written (it wins over every translation);
//! - [`sticky_texts`]: a label or placeholder translated for a step field that has none of its
//!   own, which a language switch on the page cannot take back (GLUE.md 9).

use std::collections::HashSet;

use super::{Location, Problem, Severity};
use crate::l10n::{message_keys, messages, rule_of, source_message, step_texts, translated};
use crate::project::{Locale, MessageEntry, Project, Step, TextKey, TextKind};
use crate::rules::messages::entry_ignored;

/// Every translation problem of the project, locale by locale.
pub fn translation_problems(project: &Project, out: &mut Vec<Problem>) {
    message_in_rule(project, out);
    for locale in &project.locales.list {
        for step in &project.steps {
            missing_texts(locale, step, out);
        }
        ignored_custom_validation(project, locale, out);
        placeholder_count(locale, out);
        unknown_message_rule(locale, out);
        message_for_absent_field(project, locale, out);
        for step in &project.steps {
            sticky_texts(locale, step, out);
        }
        label_markup(locale, out);
        select_stays_english(project, locale, out);
    }
}

/// A rule's own `###message` wins over every translation (DOMAIN.md: "Inside a regex rule, a
/// `###message` still wins"): once the project has locales, its consumers read it as written.
/// One warning a field, naming the locales.
pub fn message_in_rule(project: &Project, out: &mut Vec<Problem>) {
    if project.locales.list.is_empty() {
        return;
    }
    let codes: Vec<&str> = project.locales.codes().collect();
    for step in &project.steps {
        for f in &step.fields {
            let set = crate::rules::RuleSet::parse(&f.rules);
            let messages: Vec<(String, String)> = set
                .segments()
                .iter()
                .filter_map(|seg| {
                    let m = seg.custom_message().filter(|m| !m.is_empty())?;
                    let (name, _) = set.written(seg);
                    Some((name.trim_start_matches('!').to_string(), m.to_string()))
                })
                .collect();
            let Some((rule, message)) = messages.first() else {
                continue;
            };
            let more = match messages.len() {
                1 => String::new(),
                n => format!(" (and {} more of its rules)", n - 1),
            };
            out.push(Problem {
                severity: Severity::Warning,
                code: "translation-message-in-rule",
                location: Location {
                    step: Some(step.name.clone()),
                    step_id: Some(step.id),
                    field: Some(f.name.clone()),
                    field_id: Some(f.id),
                    key: Some("rules".into()),
                    ..Location::default()
                },
                message: format!(
                    "Consumers reading {} see \"{message}\" as written: the message is in {}'s \
                     {rule} rule{more} (###{message}), and a message written into a rule wins \
                     over every translation. To translate it, remove ###{message} from the rule \
                     and give {rule}#{} a message in each locale.",
                    list(&codes.iter().map(ToString::to_string).collect::<Vec<_>>()),
                    f.name,
                    f.name
                ),
                fix: None,
            });
        }
    }
}

/// A translated label the platform inserts as HTML, which then does not read as written
/// (`x<y` shows "x"): one warning a label.
pub fn label_markup(locale: &Locale, out: &mut Vec<Problem>) {
    for (name, text) in locale.labels.iter().flatten() {
        if let Some(shown) = super::markup::shown_label(text) {
            out.push(Problem::new(
                Severity::Warning,
                "translation-label-is-html",
                in_locale(locale, &format!("labels › {name}")),
                format!(
                    "The platform inserts the {} label of {name}, \"{text}\", as HTML: it \
                     {shown}. Write & as &amp; and < as &lt; to show them.",
                    locale.code
                ),
            ));
        }
    }
}

/// The dropdowns' first entry, "-- select --", is English in every language: the platform
/// never translates it.
pub fn select_stays_english(project: &Project, locale: &Locale, out: &mut Vec<Problem>) {
    let steps: Vec<String> = project
        .steps
        .iter()
        .filter(|s| {
            s.fields
                .iter()
                .any(|f| f.field_type == crate::project::FieldType::Option)
        })
        .map(|s| format!("\"{}\"", s.name))
        .collect();
    if steps.is_empty() {
        return;
    }
    out.push(Problem::new(
        Severity::Info,
        "translation-select-untranslated",
        in_locale(locale, "dropdowns"),
        format!(
            "The dropdowns of {} start with \"-- select --\" in {} too: the platform never \
             translates that first entry, and no translation can.",
            list(&steps),
            locale.code
        ),
    ));
}

/// A label or placeholder the locale translates for a field of `step` whose own is empty: the
/// platform keeps a text once given and ignores an empty one (GLUE.md 9), so after a page
/// switches from this locale to another language (`ppstudio.setLocale`) the field still shows
/// this locale's text. One note per locale and step.
pub fn sticky_texts(locale: &Locale, step: &Step, out: &mut Vec<Problem>) {
    let mut texts = Vec::new();
    for f in &step.fields {
        let label = TextKey::new(TextKind::Label, &f.name);
        if f.display.is_empty()
            && let Some(t) = translated(locale, &label)
        {
            texts.push(format!("the label of {} (\"{t}\")", f.name));
        }
        let placeholder = TextKey::new(TextKind::Placeholder, &f.name);
        let own = f.extra_str("placeholder").unwrap_or_default();
        if own.is_empty()
            && let Some(t) = translated(locale, &placeholder)
        {
            texts.push(format!("the placeholder of {} (\"{t}\")", f.name));
        }
    }
    if texts.is_empty() {
        return;
    }
    out.push(Problem::new(
        Severity::Info,
        "translation-sticky",
        in_step(locale, step),
        format!(
            "The translation {} gives {} in the step \"{}\", where the field has none of its \
             own: once a page has shown it in {}, a switch to another language \
             (ppstudio.setLocale) leaves it there, as the platform cannot clear a text. Give \
             the field a text of its own to switch back to exactly.",
            locale.code,
            list(&texts),
            step.name,
            locale.code
        ),
    ));
}

fn in_locale(locale: &Locale, key: &str) -> Location {
    Location {
        locale: Some(locale.code.clone()),
        key: Some(key.to_string()),
        ..Location::default()
    }
}

fn in_step(locale: &Locale, step: &Step) -> Location {
    Location {
        step: Some(step.name.clone()),
        step_id: Some(step.id),
        ..in_locale(locale, "locales")
    }
}

/// The entry of `validationMessages` the platform keeps for each rule (the last), in order.
fn effective_entries(locale: &Locale) -> Vec<&MessageEntry> {
    let entries: Vec<&MessageEntry> = locale.validation_messages.iter().flatten().collect();
    let mut seen = HashSet::new();
    let mut kept: Vec<&MessageEntry> = entries
        .iter()
        .rev()
        .filter(|e| seen.insert(e.rule.as_str()))
        .copied()
        .collect();
    kept.reverse();
    kept
}

fn list(words: &[String]) -> String {
    match words {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

fn counted(n: usize, one: &str, many: &str, names: &[String]) -> String {
    let what = if n == 1 { one } else { many };
    format!("{n} {what} ({})", list(names))
}

/// A text the step shows that the locale does not translate: one warning per locale and
/// step, naming them.
pub fn missing_texts(locale: &Locale, step: &Step, out: &mut Vec<Problem>) {
    let templates = messages(locale);
    let mut labels = Vec::new();
    let mut placeholders = Vec::new();
    let mut missing_messages = Vec::new();
    let mut button = false;
    for row in step_texts(step) {
        match row.key.kind {
            TextKind::Label if translated(locale, &row.key).is_none() => {
                labels.push(format!("\"{}\"", row.source));
            }
            TextKind::Placeholder if translated(locale, &row.key).is_none() => {
                placeholders.push(format!("\"{}\"", row.source));
            }
            TextKind::Button if translated(locale, &row.key).is_none() => button = true,
            _ => {}
        }
    }
    // A message is translated for a field when the platform finds a template of the site's
    // for that rule and field (`rule#field`, else the plain rule).
    for f in &step.fields {
        for key in message_keys(f) {
            let rule = rule_of(&key);
            let rule = if rule == "callback_valid_date" {
                "valid_date"
            } else {
                rule
            };
            if templates.site_template(rule, Some(&f.name)).is_none()
                && !missing_messages.contains(&key)
            {
                missing_messages.push(key);
            }
        }
    }
    let mut parts = Vec::new();
    if !labels.is_empty() {
        parts.push(counted(labels.len(), "label", "labels", &labels));
    }
    if !placeholders.is_empty() {
        parts.push(counted(
            placeholders.len(),
            "placeholder",
            "placeholders",
            &placeholders,
        ));
    }
    if !missing_messages.is_empty() {
        parts.push(counted(
            missing_messages.len(),
            "validation message",
            "validation messages",
            &missing_messages,
        ));
    }
    if button {
        parts.push("the submit button".into());
    }
    if parts.is_empty() {
        return;
    }
    out.push(Problem::new(
        Severity::Warning,
        "translation-missing",
        in_step(locale, step),
        format!(
            "The translation {} has no text for {} of the step \"{}\": a consumer who sees the \
             step in {} reads them in the source language. Fill them in the Translations view.",
            locale.code,
            list(&parts),
            step.name,
            locale.code
        ),
    ));
}

/// A translated plain `custom_validation` message: the platform sets its own template after
/// the site's, so only `custom_validation#fieldname` reaches the consumer.
pub fn ignored_custom_validation(project: &Project, locale: &Locale, out: &mut Vec<Problem>) {
    let Some(entry) = effective_entries(locale)
        .into_iter()
        .find(|e| e.rule == "custom_validation" && !e.message.is_empty())
    else {
        return;
    };
    let mut fields: Vec<String> = Vec::new();
    for f in project.steps.iter().flat_map(|s| &s.fields) {
        if message_keys(f)
            .iter()
            .any(|k| k.starts_with("custom_validation#"))
            && !fields.contains(&f.name)
        {
            fields.push(f.name.clone());
        }
    }
    let why = entry_ignored(&entry.rule, &entry.message).unwrap_or_default();
    let keys: Vec<String> = fields
        .iter()
        .map(|f| format!("custom_validation#{f}"))
        .collect();
    let fix = match keys.as_slice() {
        [] => "Set it per field, as custom_validation#fieldname.".to_string(),
        keys => format!("Set it per field instead: {}.", list(keys)),
    };
    out.push(Problem {
        fix: (keys.len() == 1).then(|| keys[0].clone()),
        ..Problem::new(
            Severity::Warning,
            "translation-custom-validation-ignored",
            in_locale(locale, "validationMessages › custom_validation"),
            format!(
                "The translation {} has a message for custom_validation (\"{}\") that the \
                 platform ignores: {why}. The consumer sees \"The %s field is not valid.\". {fix}",
                locale.code, entry.message
            ),
        )
    });
}

fn count_s(template: &str) -> usize {
    template.matches("%s").count()
}

/// A template whose `%s` count differs from the platform's template of its rule: the first
/// `%s` is the field's label, the second the rule's parameter; one short of them leaves that
/// out of the message, one more shows `%s` as is.
pub fn placeholder_count(locale: &Locale, out: &mut Vec<Problem>) {
    for e in effective_entries(locale) {
        if entry_ignored(&e.rule, &e.message).is_some() {
            continue;
        }
        let Some(source) = source_message(&e.rule) else {
            continue;
        };
        let (want, got) = (count_s(source), count_s(&e.message));
        if want == got {
            continue;
        }
        let consequence = if got < want {
            if got == 0 {
                "the consumer's message will not name the field"
            } else {
                "the consumer's message will not show the rule's value (such as the length)"
            }
        } else {
            "the extra %s will show as is"
        };
        out.push(Problem::new(
            Severity::Warning,
            "translation-placeholders",
            in_locale(locale, &format!("validationMessages › {}", e.rule)),
            format!(
                "The {} message of the translation {} has {got} %s where the platform's \
                 (\"{source}\") has {want}: {consequence}. The first %s is the field's label{}.",
                e.rule,
                locale.code,
                if want > 1 {
                    ", the second the rule's value"
                } else {
                    ""
                }
            ),
        ));
    }
}

/// The message rules the validator looks up: the built-in rules, `valid_date` (also written
/// `callback_valid_date`) and `custom_validation` (per field).
fn known_rule(rule: &str) -> bool {
    rule == "callback_valid_date" || source_message(rule).is_some()
}

fn candidates() -> impl Iterator<Item = &'static str> {
    crate::rules::eval::HOOKS
        .iter()
        .map(|(n, _, _)| *n)
        .chain(["valid_date", "custom_validation"])
}

/// The known rule closest to `rule`, when close enough to be a misspelling.
fn closest(rule: &str) -> Option<&'static str> {
    let norm = rule.trim().to_lowercase().replace(['-', ' '], "_");
    let (d, best) = candidates()
        .map(|c| (crate::rules::lint::distance(&norm, c), c))
        .min_by_key(|(d, _)| *d)?;
    let limit = if best.len() >= 6 { 2 } else { 1 };
    (d <= limit).then_some(best)
}

/// A message for a rule the validator never looks up: it is never shown.
pub fn unknown_message_rule(locale: &Locale, out: &mut Vec<Problem>) {
    for e in effective_entries(locale) {
        if e.rule.is_empty() || e.message.is_empty() {
            continue;
        }
        let (rule, field) = match e.rule.split_once('#') {
            Some((r, f)) => (r, Some(f)),
            None => (e.rule.as_str(), None),
        };
        let with_field = |r: &str| field.map_or_else(|| r.to_string(), |f| format!("{r}#{f}"));
        let (why, fix) = match rule {
            "callback_custom_validation" => (
                "the validator looks custom_validation up, never callback_custom_validation"
                    .to_string(),
                field.map(|f| format!("custom_validation#{f}")),
            ),
            "callback_valid_date" if field.is_some() => (
                "a message for one field is looked up as valid_date#field".to_string(),
                Some(with_field("valid_date")),
            ),
            r if known_rule(r) => continue,
            r => match closest(r) {
                Some(near) if near != r => (
                    format!("\"{r}\" is not a rule the validator knows. Did you mean \"{near}\"?"),
                    Some(with_field(near)).filter(|k| k != "custom_validation"),
                ),
                _ => (format!("\"{r}\" is not a rule the validator knows"), None),
            },
        };
        out.push(Problem {
            fix,
            ..Problem::new(
                Severity::Warning,
                "translation-unknown-rule",
                in_locale(locale, &format!("validationMessages › {}", e.rule)),
                format!(
                    "The translation {} has a message for \"{}\" that no consumer ever sees: {why}.",
                    locale.code, e.rule
                ),
            )
        });
    }
}

/// A `rule#field` message for a field that no step has: it is never shown.
pub fn message_for_absent_field(project: &Project, locale: &Locale, out: &mut Vec<Problem>) {
    for e in effective_entries(locale) {
        let Some((rule, field)) = e.rule.split_once('#') else {
            continue;
        };
        if !known_rule(rule) || e.message.is_empty() {
            continue;
        }
        let used = project
            .steps
            .iter()
            .any(|s| s.fields.iter().any(|f| f.name == field));
        if used {
            continue;
        }
        out.push(Problem::new(
            Severity::Info,
            "translation-absent-field",
            in_locale(locale, &format!("validationMessages › {}", e.rule)),
            format!(
                "The translation {} has a {rule} message for the field \"{field}\", which no step \
                 has: it is never shown. Check the field's name (names are case-sensitive).",
                locale.code
            ),
        ));
    }
}
