//! The project's own parts compared through the project serializer's JSON, key by key: its
//! name, settings, translations (`locales`), other top-level keys (`journeys`...) and the
//! platform document's keys. Whatever Rust types those parts have, their canonical JSON is
//! what is compared.

use serde_json::{Map, Value};

use super::matching::field_words;
use super::matching::{key_words, map_changes};
use super::{Change, ChangeKind, describe_value};
use crate::asked::editor::project_page;
use crate::journey::JOURNEYS_KEY;
use crate::project::{Field, Project, SharedVec, field_to_value};

/// The documented site options and their defaults (FORMATS.md): absent means the default.
pub const SETTING_DEFAULTS: [(&str, bool); 10] = [
    ("askOptionalFieldsOnProgressiveSteps", true),
    ("progressiveProfilingTraditional", false),
    ("askEmailForUnverifiedProfileAlways", false),
    ("disabledEmailVerification", false),
    ("optionalEmailVerification", false),
    ("promptPasswordOnSocialLogin", false),
    ("promptPasswordOnFirstLoginForSocial", false),
    ("isPINAuthentication", false),
    ("askOptionalFieldsOnRegistration", false),
    ("showInEditor", false),
];

/// The key of translations in the project file.
pub const LOCALES_KEY: &str = "locales";

/// Top-level keys that are not compared here (steps and catalog have their own comparison).
const STRUCTURAL: [&str; 5] = ["format", "version", "catalog", "steps", "platform"];

/// The project's top-level JSON as the serializer writes it, without steps and catalog.
pub(crate) fn top_level(p: &Project) -> Map<String, Value> {
    // An exhaustive literal, so that a part Project gains (typed translations, say) must be
    // copied here, and is then compared through its JSON like the others; the two large
    // lists are left out rather than cloned.
    let shell = Project {
        name: p.name.clone(),
        settings: p.settings.clone(),
        locales: p.locales.clone(),
        catalog: SharedVec::new(),
        registration: p.registration.clone(),
        steps: SharedVec::new(),
        platform: p.platform.clone(),
        sample_profile: p.sample_profile.clone(),
        journeys: p.journeys.clone(),
        extra: p.extra.clone(),
    };
    match serde_json::from_str::<Value>(&shell.to_canonical()) {
        Ok(Value::Object(m)) => m,
        _ => Map::new(),
    }
}

fn object(v: Option<&Value>) -> Map<String, Value> {
    match v {
        Some(Value::Object(m)) => m.clone(),
        _ => Map::new(),
    }
}

fn on_off(v: &Value) -> String {
    match v {
        Value::Bool(true) => "on".into(),
        Value::Bool(false) => "off".into(),
        v => describe_value(v),
    }
}

/// The settings, key by key; a documented option that is absent is its default.
pub(crate) fn settings_changes(
    old: &Map<String, Value>,
    new: &Map<String, Value>,
    out: &mut Vec<Change>,
) {
    let (o, n) = (object(old.get("settings")), object(new.get("settings")));
    let default = |k: &str| {
        SETTING_DEFAULTS
            .iter()
            .find(|(name, _)| *name == k)
            .map(|(_, d)| Value::Bool(*d))
    };
    let mut keys: Vec<String> = SETTING_DEFAULTS
        .iter()
        .map(|(k, _)| k.to_string())
        .collect();
    for k in n.keys().chain(o.keys()) {
        if !keys.contains(k) {
            keys.push(k.clone());
        }
    }
    for k in keys {
        let ov = o.get(&k).cloned().or_else(|| default(&k));
        let nv = n.get(&k).cloned().or_else(|| default(&k));
        if ov == nv {
            continue;
        }
        let words = |v: &Option<Value>, present: bool| match v {
            Some(v) if present => on_off(v),
            Some(v) => format!("{} (the default)", on_off(v)),
            None => "absent".into(),
        };
        let summary = format!(
            "Setting {k}: {} became {}",
            words(&ov, o.contains_key(&k)),
            words(&nv, n.contains_key(&k))
        );
        let mut ch = Change::new(ChangeKind::SettingChanged, summary);
        ch.key = Some(k);
        ch.old = ov;
        ch.new = nv;
        out.push(ch);
    }
}

/// The entries of a `validationMessages` list by rule (a later entry for a rule wins, as the
/// platform applies them); an entry without a rule string keeps its place number.
fn messages_by_rule(v: &Value) -> Option<Map<String, Value>> {
    let list = v.as_array()?;
    let mut m = Map::new();
    for (i, e) in list.iter().enumerate() {
        let key = match e.get("rule").and_then(Value::as_str) {
            Some(r) => r.to_string(),
            None => format!("#{i}"),
        };
        m.insert(key, e.get("message").cloned().unwrap_or_else(|| e.clone()));
    }
    Some(m)
}

/// Translations: locales added and removed, then each changed text of a locale, keyed
/// `CODE.SECTION.ENTRY` (`fr.labels.firstname`, `fr.validationMessages.required`).
pub(crate) fn locale_changes(
    old: &Map<String, Value>,
    new: &Map<String, Value>,
    out: &mut Vec<Change>,
) {
    let (ol, nl) = (old.get(LOCALES_KEY), new.get(LOCALES_KEY));
    if ol == nl {
        return;
    }
    let is_object = |v: Option<&Value>| matches!(v, Some(Value::Object(_)) | None);
    if !is_object(ol) || !is_object(nl) {
        // Not objects: compared whole.
        out.push(project_key_change(LOCALES_KEY, ol.cloned(), nl.cloned()));
        return;
    }
    let (o, n) = (object(ol), object(nl));
    for (code, ov, nv) in map_changes(&o, &n) {
        match (ov, nv) {
            (None, Some(nv)) => {
                let mut ch = Change::new(
                    ChangeKind::LocaleAdded,
                    format!("Translation \"{code}\" added{}", sections_words(&nv)),
                );
                ch.key = Some(code);
                ch.new = Some(nv);
                out.push(ch);
            }
            (Some(ov), None) => {
                let mut ch = Change::new(
                    ChangeKind::LocaleRemoved,
                    format!("Translation \"{code}\" removed"),
                );
                ch.key = Some(code);
                ch.old = Some(ov);
                out.push(ch);
            }
            (Some(Value::Object(os)), Some(Value::Object(ns))) => {
                for (section, sv_o, sv_n) in map_changes(&os, &ns) {
                    section_changes(&code, &section, sv_o.as_ref(), sv_n.as_ref(), out);
                }
            }
            (ov, nv) => out.push(translation_change(code, ov, nv)),
        }
    }
}

/// "with labels, validationMessages" for a locale object.
fn sections_words(v: &Value) -> String {
    match v.as_object() {
        Some(m) if !m.is_empty() => format!(
            " ({})",
            m.iter()
                .map(|(k, v)| match v {
                    Value::Object(e) => format!("{k}: {}", e.len()),
                    Value::Array(e) => format!("{k}: {}", e.len()),
                    _ => k.clone(),
                })
                .collect::<Vec<_>>()
                .join(", ")
        ),
        _ => String::new(),
    }
}

fn section_changes(
    code: &str,
    section: &str,
    ov: Option<&Value>,
    nv: Option<&Value>,
    out: &mut Vec<Change>,
) {
    let keyed = |v: Option<&Value>| -> Option<Map<String, Value>> {
        match v {
            None => Some(Map::new()),
            Some(Value::Object(m)) => Some(m.clone()),
            Some(v @ Value::Array(_)) => messages_by_rule(v),
            Some(_) => None,
        }
    };
    let arrays =
        matches!(ov, Some(Value::Array(_)) | None) && matches!(nv, Some(Value::Array(_)) | None);
    let objects =
        matches!(ov, Some(Value::Object(_)) | None) && matches!(nv, Some(Value::Object(_)) | None);
    match (keyed(ov), keyed(nv)) {
        (Some(o), Some(n)) if arrays || objects => {
            let entries = map_changes(&o, &n);
            if entries.is_empty() {
                // Same texts, another order or shape of the list.
                out.push(translation_change(
                    format!("{code}.{section}"),
                    ov.cloned(),
                    nv.cloned(),
                ));
            }
            for (entry, eo, en) in entries {
                out.push(translation_change(
                    format!("{code}.{section}.{entry}"),
                    eo,
                    en,
                ));
            }
        }
        _ => out.push(translation_change(
            format!("{code}.{section}"),
            ov.cloned(),
            nv.cloned(),
        )),
    }
}

fn translation_change(key: String, old: Option<Value>, new: Option<Value>) -> Change {
    let summary = format!(
        "Translation {}",
        key_words(&key.replace('.', " › "), old.as_ref(), new.as_ref())
    );
    let mut ch = Change::new(ChangeKind::TranslationChanged, summary);
    ch.key = Some(key);
    ch.old = old;
    ch.new = new;
    ch
}

fn project_key_change(key: &str, old: Option<Value>, new: Option<Value>) -> Change {
    let summary = match key
        .strip_prefix(JOURNEYS_KEY)
        .and_then(|k| k.strip_prefix('.'))
    {
        Some(name) => match (&old, &new) {
            (None, Some(_)) => format!("Journey \"{name}\" kept in the project"),
            (Some(_), None) => format!("Journey \"{name}\" removed from the project"),
            _ => format!("Journey \"{name}\" changed"),
        },
        None => format!("Project {}", key_words(key, old.as_ref(), new.as_ref())),
    };
    let mut ch = Change::new(ChangeKind::ProjectKeyChanged, summary);
    ch.key = Some(key.to_string());
    ch.old = old;
    ch.new = new;
    ch
}

/// The project's name and its other top-level keys (an object member by member).
pub(crate) fn project_changes(
    old: &Map<String, Value>,
    new: &Map<String, Value>,
    out: &mut Vec<Change>,
) {
    for (key, ov, nv) in map_changes(old, new) {
        if STRUCTURAL.contains(&key.as_str())
            || key == "settings"
            || key == LOCALES_KEY
            || key == "registration"
        {
            continue;
        }
        if key == "name" {
            let mut ch = Change::new(
                ChangeKind::ProjectRenamed,
                format!(
                    "Project renamed from {} to {}",
                    ov.as_ref().map_or("(none)".into(), describe_value),
                    nv.as_ref().map_or("(none)".into(), describe_value)
                ),
            );
            ch.key = Some(key);
            ch.old = ov;
            ch.new = nv;
            out.push(ch);
            continue;
        }
        match (&ov, &nv) {
            (Some(Value::Object(om)), Some(Value::Object(nm))) => {
                for (member, mo, mn) in map_changes(om, nm) {
                    out.push(project_key_change(&format!("{key}.{member}"), mo, mn));
                }
            }
            (None, Some(Value::Object(nm))) if key == JOURNEYS_KEY => {
                for (member, v) in nm {
                    out.push(project_key_change(
                        &format!("{key}.{member}"),
                        None,
                        Some(v.clone()),
                    ));
                }
            }
            (Some(Value::Object(om)), None) if key == JOURNEYS_KEY => {
                for (member, v) in om {
                    out.push(project_key_change(
                        &format!("{key}.{member}"),
                        Some(v.clone()),
                        None,
                    ));
                }
            }
            _ => out.push(project_key_change(&key, ov, nv)),
        }
    }
}

/// The platform document's own top-level keys.
pub(crate) fn platform_changes(old: &Project, new: &Project, out: &mut Vec<Change>) {
    if old.platform == new.platform {
        return;
    }
    for (key, ov, nv) in map_changes(&old.platform, &new.platform) {
        let summary = format!(
            "Platform document {}",
            key_words(&key, ov.as_ref(), nv.as_ref())
        );
        let mut ch = Change::new(ChangeKind::PlatformKeyChanged, summary);
        ch.key = Some(key);
        ch.old = ov;
        ch.new = nv;
        out.push(ch);
    }
}

/// The registration form's changes, field by field (matched by name; the first of a name
/// twice), and what they and `showInEditor` change on the consumer's profile page for the
/// new version's sample profile (EDITOR.md). Reported as changes of the project key
/// `registration`.
pub(crate) fn registration_changes(old: &Project, new: &Project, out: &mut Vec<Change>) {
    let empty = Vec::new();
    let (of, nf) = (
        old.registration.as_ref().unwrap_or(&empty),
        new.registration.as_ref().unwrap_or(&empty),
    );
    let position = |list: &[Field], name: &str| list.iter().position(|f| f.name == name);
    let mut push = |summary: String, field: &str, o: Option<Value>, n: Option<Value>| {
        let mut ch = Change::new(ChangeKind::ProjectKeyChanged, summary);
        ch.key = Some("registration".into());
        ch.field = Some(field.to_string());
        ch.old = o;
        ch.new = n;
        out.push(ch);
    };
    if old.registration.is_none() != new.registration.is_none() {
        let words = if new.registration.is_some() {
            format!("Registration form added ({} fields)", nf.len())
        } else {
            format!("Registration form removed ({} fields)", of.len())
        };
        push(words, "", None, None);
    }
    for (i, f) in of.iter().enumerate() {
        if position(of, &f.name) == Some(i) && position(nf, &f.name).is_none() {
            push(
                format!("Registration form: {} removed", field_words(f)),
                &f.name,
                Some(field_to_value(f)),
                None,
            );
        }
    }
    for (i, f) in nf.iter().enumerate() {
        if position(nf, &f.name) != Some(i) {
            continue;
        }
        match position(of, &f.name) {
            None => push(
                format!(
                    "Registration form: {} added at position {}",
                    field_words(f),
                    i + 1
                ),
                &f.name,
                None,
                Some(field_to_value(f)),
            ),
            Some(j) => {
                let (ov, nv) = (field_to_value(&of[j]), field_to_value(f));
                if let (Value::Object(om), Value::Object(nm)) = (&ov, &nv) {
                    for (key, a, b) in map_changes(om, nm) {
                        push(
                            format!(
                                "Registration form: {} {}",
                                field_words(f),
                                key_words(&key, a.as_ref(), b.as_ref())
                            ),
                            &f.name,
                            a,
                            b,
                        );
                    }
                }
                if j != i {
                    push(
                        format!(
                            "Registration form: {} moved from position {} to {}",
                            field_words(f),
                            j + 1,
                            i + 1
                        ),
                        &f.name,
                        Some((j + 1).into()),
                        Some((i + 1).into()),
                    );
                }
            }
        }
    }
    profile_page_impact(old, new, out);
}

/// What the consumer's profile page gains and loses, for the new version's sample profile.
fn profile_page_impact(old: &Project, new: &Project, out: &mut [Change]) {
    let affected = out.iter().any(|c| {
        c.key.as_deref() == Some("registration")
            || (c.kind == ChangeKind::SettingChanged && c.key.as_deref() == Some("showInEditor"))
    });
    if !affected {
        return;
    }
    let profile = new.sample_profile().cloned().unwrap_or_default();
    let (Ok(a), Ok(b)) = (project_page(old, &profile), project_page(new, &profile)) else {
        return;
    };
    let names = |p: &crate::asked::editor::ProfilePage, editor: bool| -> Vec<String> {
        let it: Box<dyn Iterator<Item = _>> = if editor {
            Box::new(p.editor())
        } else {
            Box::new(p.viewer())
        };
        it.map(|f| f.name.clone()).collect()
    };
    let mut words = Vec::new();
    for (editor, what) in [(true, "editable form"), (false, "read-only list")] {
        let (before, after) = (names(&a, editor), names(&b, editor));
        let gained: Vec<&str> = after
            .iter()
            .filter(|n| !before.contains(n))
            .map(String::as_str)
            .collect();
        let lost: Vec<&str> = before
            .iter()
            .filter(|n| !after.contains(n))
            .map(String::as_str)
            .collect();
        if !gained.is_empty() {
            words.push(format!(
                "for consumers: the profile page's {what} now shows {}",
                gained.join(", ")
            ));
        }
        if !lost.is_empty() {
            words.push(format!(
                "for consumers: the profile page's {what} no longer shows {}",
                lost.join(", ")
            ));
        }
    }
    if words.is_empty() {
        words.push("for consumers: the profile page shows the same fields".into());
    }
    if let Some(last) = out.iter_mut().rev().find(|c| {
        c.key.as_deref() == Some("registration") || c.key.as_deref() == Some("showInEditor")
    }) {
        last.details.extend(words);
    }
}
