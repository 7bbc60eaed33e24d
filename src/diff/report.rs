//! The diff as text (for people) and as JSON (for scripts, FORMATS.md).

use serde_json::{Map, Value, json};

use super::{Change, Diff, Judgement, PromptChange, ValueChange};
use crate::project::ordinal;

/// Values longer than this many characters are cut in text.
const MAX_VALUE_CHARS: usize = 100;
/// Value verdicts listed under one change in text before "and N more".
const MAX_VALUES_SHOWN: usize = 12;

/// A JSON value in text: strings quoted, the rest compact JSON, long ones cut.
pub fn describe_value(v: &Value) -> String {
    let s = serde_json::to_string(v).unwrap_or_default();
    if s.chars().count() <= MAX_VALUE_CHARS {
        return s;
    }
    let cut: String = s.chars().take(MAX_VALUE_CHARS).collect();
    format!("{cut}…")
}

fn judgement_words(j: &Judgement) -> String {
    match j {
        Judgement::Accepted => "accepted".into(),
        Judgement::Refused { message, .. } => format!("refused: \"{message}\""),
        Judgement::Unknown { rule } => {
            format!("unknown ({rule}: the regex ran past the time limit; the browser would freeze)")
        }
        Judgement::Throws { rule } => {
            format!("no verdict (the browser's validator throws at {rule})")
        }
    }
}

/// A sample value in text: quoted, a run of one character as `"a" × 41`.
fn sample_words(value: &str) -> String {
    let mut chars = value.chars();
    let n = value.chars().count();
    if let Some(c) = chars.next()
        && n > 8
        && chars.all(|x| x == c)
    {
        return format!("{} × {n}", describe_value(&Value::String(c.to_string())));
    }
    describe_value(&Value::String(value.to_string()))
}

/// One value's verdicts in words.
pub fn value_words(v: &ValueChange) -> String {
    let value = format!("{} ({})", sample_words(&v.value), v.source.as_str());
    match (&v.old, &v.new) {
        (Judgement::Accepted, Judgement::Refused { message, .. }) => {
            format!("now refused: {value}: \"{message}\"")
        }
        (Judgement::Refused { message, .. }, Judgement::Accepted) => {
            format!("now accepted: {value}, refused before: \"{message}\"")
        }
        (Judgement::Refused { message: a, .. }, Judgement::Refused { message: b, .. }) => {
            format!("another message for {value}: \"{a}\" became \"{b}\"")
        }
        (o, n) => format!(
            "{value}: {} before, {} now",
            judgement_words(o),
            judgement_words(n)
        ),
    }
}

/// A prompt (the simulator's JSON) in words: "Third Login asking gender, birthdate".
pub fn prompt_words(p: &Value) -> String {
    let step = p.get("step").and_then(Value::as_str).unwrap_or("?");
    let fields: Vec<&str> = p
        .get("fields")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let mut s = if fields.is_empty() {
        format!("\"{step}\"")
    } else {
        format!("\"{step}\" asking {}", fields.join(", "))
    };
    if let Some(m) = p.as_object() {
        for (k, v) in m {
            if !matches!(k.as_str(), "event" | "step" | "fields") {
                s.push_str(&format!(", {k} {}", describe_value(v)));
            }
        }
    }
    s
}

/// A differing prompt in words.
pub fn prompt_change_words(p: &PromptChange) -> String {
    let at = format!(
        "journey \"{}\", {} event",
        p.journey,
        ordinal(i64::try_from(p.event).unwrap_or(i64::MAX).saturating_add(1)),
    );
    match (&p.old, &p.new) {
        (Some(o), Some(n)) => format!("{at}: {} became {}", prompt_words(o), prompt_words(n)),
        (None, Some(n)) => format!("{at}: now shows {}", prompt_words(n)),
        (Some(o), None) => format!("{at}: no longer shows {}", prompt_words(o)),
        (None, None) => at,
    }
}

fn change_text(c: &Change, out: &mut String) {
    out.push_str(&format!("{} {}\n", c.kind.mark(), c.summary));
    for d in &c.details {
        out.push_str(&format!("    {d}\n"));
    }
    for v in c.impact.values.iter().take(MAX_VALUES_SHOWN) {
        out.push_str(&format!("    for consumers: {}\n", value_words(v)));
    }
    if c.impact.values.len() > MAX_VALUES_SHOWN {
        out.push_str(&format!(
            "    for consumers: and {} more values\n",
            c.impact.values.len() - MAX_VALUES_SHOWN
        ));
    }
    for p in &c.impact.prompts {
        out.push_str(&format!("    for consumers: {}\n", prompt_change_words(p)));
    }
}

/// The diff as text: what was compared (when not everything), one line per change with its
/// details and consumer impact indented beneath, then a count.
pub fn to_text(diff: &Diff) -> String {
    let mut out = String::new();
    if let Some(note) = diff.compared.describe() {
        out.push_str(&note);
        out.push('\n');
    }
    if !out.is_empty() && !diff.changes.is_empty() {
        out.push('\n');
    }
    for c in &diff.changes {
        change_text(c, &mut out);
    }
    if !diff.journeys.is_empty() {
        out.push_str("Kept journeys, prompts that differ:\n");
        for p in &diff.journeys {
            out.push_str(&format!("    {}\n", prompt_change_words(p)));
        }
    }
    for n in &diff.notes {
        out.push_str(&format!("note: {n}\n"));
    }
    match diff.changes.len() {
        0 => out.push_str("No changes.\n"),
        1 => out.push_str("1 change.\n"),
        n => out.push_str(&format!("{n} changes.\n")),
    }
    out
}

fn judgement_json(j: &Judgement) -> Value {
    match j {
        Judgement::Accepted => json!({ "valid": true }),
        Judgement::Refused { rule, message } => {
            json!({ "valid": false, "rule": rule, "message": message })
        }
        Judgement::Unknown { rule } => json!({ "valid": null, "rule": rule, "timed_out": true }),
        Judgement::Throws { rule } => json!({ "valid": null, "rule": rule, "throws": true }),
    }
}

fn prompt_json(p: &PromptChange) -> Value {
    let mut m = Map::new();
    m.insert("journey".into(), p.journey.clone().into());
    m.insert("event".into(), p.event.into());
    if let Some(o) = &p.old {
        m.insert("old".into(), o.clone());
    }
    if let Some(n) = &p.new {
        m.insert("new".into(), n.clone());
    }
    Value::Object(m)
}

fn change_json(c: &Change) -> Value {
    let mut m = Map::new();
    m.insert("kind".into(), c.kind.as_str().into());
    for (k, v) in [("step", &c.step), ("field", &c.field), ("key", &c.key)] {
        if let Some(v) = v {
            m.insert(k.into(), v.clone().into());
        }
    }
    if let Some(o) = &c.old {
        m.insert("old".into(), o.clone());
    }
    if let Some(n) = &c.new {
        m.insert("new".into(), n.clone());
    }
    m.insert("summary".into(), c.summary.clone().into());
    if !c.details.is_empty() {
        m.insert("details".into(), c.details.clone().into());
    }
    if !c.impact.is_empty() {
        let mut i = Map::new();
        if !c.impact.values.is_empty() {
            let values: Vec<Value> = c
                .impact
                .values
                .iter()
                .map(|v| {
                    json!({ "value": v.value, "source": v.source.as_str(),
                            "old": judgement_json(&v.old), "new": judgement_json(&v.new) })
                })
                .collect();
            i.insert("values".into(), values.into());
        }
        if !c.impact.prompts.is_empty() {
            let prompts: Vec<Value> = c.impact.prompts.iter().map(prompt_json).collect();
            i.insert("journeys".into(), prompts.into());
        }
        m.insert("impact".into(), Value::Object(i));
    }
    Value::Object(m)
}

/// The diff as FORMATS.md documents it: `{"changes": [...]}`, then (when there are any)
/// `journeys` (prompts tied to no change) and `notes`, and `compared`.
pub fn to_json(diff: &Diff) -> Value {
    let mut m = Map::new();
    m.insert(
        "changes".into(),
        Value::Array(diff.changes.iter().map(change_json).collect()),
    );
    if !diff.journeys.is_empty() {
        m.insert(
            "journeys".into(),
            Value::Array(diff.journeys.iter().map(prompt_json).collect()),
        );
    }
    if !diff.notes.is_empty() {
        m.insert("notes".into(), diff.notes.clone().into());
    }
    let c = &diff.compared;
    m.insert(
        "compared".into(),
        json!({ "steps": c.steps, "triggers": c.triggers, "catalog": c.catalog,
                "catalog_groups": c.catalog_groups, "project": c.project,
                "platform_keys": c.platform_keys }),
    );
    Value::Object(m)
}
