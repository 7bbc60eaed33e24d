//! The canonical project file: two-space indent, known keys in the documented order, unknown
//! keys after them in their original order, a final newline. Written straight from the
//! document with `Serialize` (no intermediate JSON tree), which keeps saving a large project
//! fast.

use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use serde_json::{Map, Value};

use super::{
    CatalogEntry, FORMAT, Field, FieldOption, Options, Presence, Project, Scope, Step, Trigger,
    TriggerKind, VERSION, scalar_text,
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
    let mut s = serde_json::to_string_pretty(&ProjectSer(p)).unwrap_or_default();
    s.push('\n');
    s
}

/// A field object in the platform's shape (keys in canonical order).
pub fn field_to_value(f: &Field) -> Value {
    serde_json::to_value(FieldSer {
        group: None,
        field: f,
    })
    .unwrap_or_default()
}

/// A `Scopes` entry in the platform's shape (`None`: `null`).
pub fn scope_to_value(s: &Option<Scope>) -> Value {
    match s {
        Some(s) => serde_json::to_value(ScopeSer(s)).unwrap_or_default(),
        None => Value::Null,
    }
}

/// Writes the unknown keys that `known` did not already write.
fn extra_entries<M: SerializeMap>(
    m: &mut M,
    extra: &Map<String, Value>,
    known: &[&str],
) -> Result<(), M::Error> {
    for (k, v) in extra {
        if !known.contains(&k.as_str()) {
            m.serialize_entry(k, v)?;
        }
    }
    Ok(())
}

/// A list (a slice or a [`super::SharedVec`]), each item written as `.1` makes it.
struct Seq<'a, C: ?Sized, T, W>(&'a C, fn(&'a T) -> W);

impl<'a, C: ?Sized, T: 'a, W: Serialize> Serialize for Seq<'a, C, T, W>
where
    &'a C: IntoIterator<Item = &'a T, IntoIter: ExactSizeIterator>,
{
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let items = self.0.into_iter();
        let mut seq = s.serialize_seq(Some(items.len()))?;
        for item in items {
            seq.serialize_element(&(self.1)(item))?;
        }
        seq.end()
    }
}

struct ProjectSer<'a>(&'a Project);

pub const PROJECT_KEYS: [&str; 11] = [
    "format",
    "version",
    "name",
    "settings",
    "locales",
    "catalog",
    "registration",
    "steps",
    "platform",
    super::SAMPLE_PROFILE_KEY,
    super::JOURNEYS_KEY,
];

impl Serialize for ProjectSer<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let p = self.0;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("format", FORMAT)?;
        m.serialize_entry("version", &VERSION)?;
        m.serialize_entry("name", &p.name)?;
        m.serialize_entry("settings", &SettingsSer(p))?;
        if p.locales.written() {
            m.serialize_entry("locales", &super::locales::LocalesSer(&p.locales))?;
        }
        m.serialize_entry(
            "catalog",
            &Seq(&p.catalog, |c: &CatalogEntry| FieldSer {
                group: Some(c),
                field: &c.field,
            }),
        )?;
        if let Some(fields) = &p.registration {
            m.serialize_entry(
                "registration",
                &Seq(fields.as_slice(), |f: &Field| FieldSer {
                    group: None,
                    field: f,
                }),
            )?;
        }
        m.serialize_entry("steps", &Seq(&p.steps, StepSer))?;
        if !p.platform.is_empty() {
            m.serialize_entry("platform", &p.platform)?;
        }
        if let Some(profile) = &p.sample_profile {
            m.serialize_entry(super::SAMPLE_PROFILE_KEY, profile)?;
        }
        if let Some(journeys) = &p.journeys {
            m.serialize_entry(super::JOURNEYS_KEY, &journeys.to_json())?;
        }
        extra_entries(&mut m, &p.extra, &PROJECT_KEYS)?;
        m.end()
    }
}

struct SettingsSer<'a>(&'a Project);

impl Serialize for SettingsSer<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let settings = &self.0.settings;
        let mut m = s.serialize_map(None)?;
        for (key, value) in settings.file_entries() {
            m.serialize_entry(key, &value)?;
        }
        // Unknown keys never share a known option's name (those are read as options).
        extra_entries(&mut m, &settings.extra, &[])?;
        m.end()
    }
}

struct FieldSer<'a> {
    group: Option<&'a CatalogEntry>,
    field: &'a Field,
}

const FIELD_KEYS: [&str; 11] = [
    "group",
    "type",
    "name",
    "display",
    "rules",
    "options",
    "permission",
    "Checked",
    "Parent",
    "DataSource",
    "ParentDataSource",
];

fn presence_entry<M: SerializeMap>(
    m: &mut M,
    key: &str,
    value: &str,
    presence: Presence,
) -> Result<(), M::Error> {
    match (presence, value.is_empty()) {
        (Presence::Absent, true) => Ok(()),
        (Presence::Null, true) => m.serialize_entry(key, &()),
        _ => m.serialize_entry(key, value),
    }
}

impl Serialize for FieldSer<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let f = self.field;
        let mut m = s.serialize_map(None)?;
        if let Some(entry) = self.group {
            m.serialize_entry("group", entry.group.as_str())?;
        }
        m.serialize_entry("type", f.field_type.as_str())?;
        m.serialize_entry("name", &f.name)?;
        presence_entry(&mut m, "display", &f.display, f.display_presence)?;
        presence_entry(&mut m, "rules", &f.rules, f.rules_presence)?;
        match &f.options {
            Options::Absent => {}
            Options::Null => m.serialize_entry("options", &())?,
            Options::EmptyString => m.serialize_entry("options", "")?,
            Options::List(list) => m.serialize_entry("options", &Seq(list, OptionSer))?,
        }
        for key in FIELD_TAIL {
            if let Some(v) = f.extra.get(key) {
                m.serialize_entry(key, v)?;
            }
        }
        // A step field's own `group` key is unknown there and kept.
        let known: &[&str] = if self.group.is_some() {
            &FIELD_KEYS
        } else {
            &FIELD_KEYS[1..]
        };
        extra_entries(&mut m, &f.extra, known)?;
        m.end()
    }
}

/// An option's text or value: a number or boolean of the file goes back as such while it
/// still reads the same; otherwise the string.
struct AsWritten<'a>(&'a str, &'a Option<Value>);

impl Serialize for AsWritten<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.1 {
            Some(v) if scalar_text(v).as_deref() == Some(self.0) => v.serialize(s),
            _ => s.serialize_str(self.0),
        }
    }
}

struct OptionSer<'a>(&'a FieldOption);

impl Serialize for OptionSer<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let o = self.0;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("text", &AsWritten(&o.text, &o.written.text))?;
        m.serialize_entry("value", &AsWritten(&o.value, &o.written.value))?;
        extra_entries(&mut m, &o.extra, &["text", "value"])?;
        m.end()
    }
}

struct ScopeSer<'a>(&'a Scope);

impl Serialize for ScopeSer<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let sc = self.0;
        let mut m = s.serialize_map(None)?;
        presence_entry(&mut m, "Provider", &sc.provider, sc.provider_presence)?;
        presence_entry(&mut m, "Scopes", &sc.scopes, sc.scopes_presence)?;
        extra_entries(&mut m, &sc.extra, &["Provider", "Scopes"])?;
        m.end()
    }
}

struct TriggerSer<'a>(&'a Trigger);

impl Serialize for TriggerSer<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let t = self.0;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("on", t.kind.on())?;
        // Only the key the kind writes is skipped among the kept ones: a trigger of another
        // kind (one the studio does not know, a first login with a stray "count") keeps its
        // keys, so that the file loads back to the same project (found by fuzzing).
        let own = match &t.kind {
            TriggerKind::LoginCount(n) => {
                m.serialize_entry("count", n)?;
                "count"
            }
            TriggerKind::PageVisit(p) => {
                m.serialize_entry("path", p)?;
                "path"
            }
            TriggerKind::CtaClick(target) => {
                m.serialize_entry("target", target)?;
                "target"
            }
            _ => "on",
        };
        extra_entries(&mut m, &t.extra, &["on", own])?;
        m.end()
    }
}

struct StepSer<'a>(&'a Step);

impl Serialize for StepSer<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let st = self.0;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("name", &st.name)?;
        m.serialize_entry("trigger", &TriggerSer(&st.trigger))?;
        m.serialize_entry(
            "fields",
            &Seq(&st.fields, |f: &Field| FieldSer {
                group: None,
                field: f,
            }),
        )?;
        if st.scopes_present || !st.scopes.is_empty() {
            m.serialize_entry(
                "scopes",
                &Seq(&st.scopes, |s: &Option<Scope>| s.as_ref().map(ScopeSer)),
            )?;
        }
        extra_entries(&mut m, &st.extra, &["name", "trigger", "fields", "scopes"])?;
        m.end()
    }
}
