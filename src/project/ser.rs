//! The canonical project file: two-space indent, known keys in the documented order, unknown
//! keys after them in their original order, a final newline.

use serde_json::{Map, Value};

use super::{
    CatalogEntry, FORMAT, Field, FieldOption, Options, Presence, Project, Scope, Step, Trigger,
    TriggerKind, VERSION,
};

/// Keys of a field that come right after `options`, in this order, when present.
const FIELD_TAIL: [&str; 5] = [
    "permission",
    "Checked",
    "Parent",
    "DataSource",
    "ParentDataSource",
];

/// The canonical text of a project.
pub fn to_canonical_string(p: &Project) -> String {
    let mut s = serde_json::to_string_pretty(&project_to_value(p)).unwrap_or_default();
    s.push('\n');
    s
}

fn project_to_value(p: &Project) -> Value {
    let mut m = Map::new();
    m.insert("format".into(), FORMAT.into());
    m.insert("version".into(), VERSION.into());
    m.insert("name".into(), p.name.clone().into());
    let mut settings = Map::new();
    settings.insert(
        "askOptionalFieldsOnProgressiveSteps".into(),
        p.settings.ask_optional_fields.into(),
    );
    append_extra(&mut settings, &p.settings.extra);
    m.insert("settings".into(), Value::Object(settings));
    m.insert(
        "catalog".into(),
        Value::Array(p.catalog.iter().map(catalog_entry_to_value).collect()),
    );
    m.insert(
        "steps".into(),
        Value::Array(p.steps.iter().map(step_to_value).collect()),
    );
    if !p.platform.is_empty() {
        m.insert("platform".into(), Value::Object(p.platform.clone()));
    }
    append_extra(&mut m, &p.extra);
    Value::Object(m)
}

fn append_extra(m: &mut Map<String, Value>, extra: &Map<String, Value>) {
    for (k, v) in extra {
        if !m.contains_key(k) {
            m.insert(k.clone(), v.clone());
        }
    }
}

fn catalog_entry_to_value(c: &CatalogEntry) -> Value {
    let mut m = Map::new();
    m.insert("group".into(), c.group.as_str().into());
    write_field(&mut m, &c.field);
    Value::Object(m)
}

/// A field object in the platform's shape (keys in canonical order).
pub fn field_to_value(f: &Field) -> Value {
    let mut m = Map::new();
    write_field(&mut m, f);
    Value::Object(m)
}

fn presence_string(m: &mut Map<String, Value>, key: &str, value: &str, presence: Presence) {
    match (presence, value.is_empty()) {
        (Presence::Absent, true) => {}
        (Presence::Null, true) => {
            m.insert(key.into(), Value::Null);
        }
        _ => {
            m.insert(key.into(), value.into());
        }
    }
}

fn write_field(m: &mut Map<String, Value>, f: &Field) {
    m.insert("type".into(), f.field_type.as_str().into());
    m.insert("name".into(), f.name.clone().into());
    presence_string(m, "display", &f.display, f.display_presence);
    presence_string(m, "rules", &f.rules, f.rules_presence);
    match &f.options {
        Options::Absent => {}
        Options::Null => {
            m.insert("options".into(), Value::Null);
        }
        Options::EmptyString => {
            m.insert("options".into(), "".into());
        }
        Options::List(list) => {
            m.insert(
                "options".into(),
                Value::Array(list.iter().map(option_to_value).collect()),
            );
        }
    }
    for key in FIELD_TAIL {
        if let Some(v) = f.extra.get(key) {
            m.insert(key.into(), v.clone());
        }
    }
    append_extra(m, &f.extra);
}

fn option_to_value(o: &FieldOption) -> Value {
    let mut m = Map::new();
    m.insert("text".into(), o.text.clone().into());
    m.insert("value".into(), o.value.clone().into());
    append_extra(&mut m, &o.extra);
    Value::Object(m)
}

/// A scope pair in the platform's shape.
pub fn scope_to_value(s: &Scope) -> Value {
    let mut m = Map::new();
    m.insert("Provider".into(), s.provider.clone().into());
    m.insert("Scopes".into(), s.scopes.clone().into());
    append_extra(&mut m, &s.extra);
    Value::Object(m)
}

fn trigger_to_value(t: &Trigger) -> Value {
    let mut m = Map::new();
    m.insert("on".into(), t.kind.on().into());
    match &t.kind {
        TriggerKind::LoginCount(n) => {
            m.insert("count".into(), (*n).into());
        }
        TriggerKind::PageVisit(p) => {
            m.insert("path".into(), p.clone().into());
        }
        TriggerKind::CtaClick(t) => {
            m.insert("target".into(), t.clone().into());
        }
        _ => {}
    }
    append_extra(&mut m, &t.extra);
    Value::Object(m)
}

fn step_to_value(s: &Step) -> Value {
    let mut m = Map::new();
    m.insert("name".into(), s.name.clone().into());
    m.insert("trigger".into(), trigger_to_value(&s.trigger));
    m.insert(
        "fields".into(),
        Value::Array(s.fields.iter().map(field_to_value).collect()),
    );
    if s.scopes_present || !s.scopes.is_empty() {
        m.insert(
            "scopes".into(),
            Value::Array(s.scopes.iter().map(scope_to_value).collect()),
        );
    }
    append_extra(&mut m, &s.extra);
    Value::Object(m)
}
