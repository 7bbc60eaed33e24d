//! The platform's JSON: import of `ProfilingSteps` documents and registration schemas, export
//! of `ProfilingSteps`; the integration snippet ([`snippet`]).

mod console;
pub mod snippet;

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use crate::project::{
    CatalogEntry, Field, Group, LoadError, Project, Step, field_to_value, scope_to_value,
};

/// What an imported file held.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportKind {
    /// `{"ProfilingSteps": [...]}`.
    ProfilingSteps,
    /// An array of field objects, or `{"RegistrationFormSchema": [...]}`.
    RegistrationSchema,
    /// The Admin Console's registration field list, `{"data": [...]}` (or `Data`).
    ConsoleFieldList,
}

/// A platform document read into a project.
#[derive(Debug, Clone)]
pub struct Imported {
    pub kind: ImportKind,
    pub project: Project,
}

/// Reads a platform document. Steps get a manual trigger (the platform stores none); every
/// distinct step field also enters the catalog, so the palette offers it again.
pub fn import(bytes: &[u8]) -> Result<Imported, LoadError> {
    let text = crate::project::check_text(bytes)?;
    let mut de = serde_json::Deserializer::from_str(text);
    let imported = de.deserialize_any(DocVisitor)?;
    de.end()?;
    Ok(imported)
}

/// Adds to the catalog every step field whose name it lacks (`cf_` names as custom fields,
/// fields with a `Parent` as advanced ones).
pub fn fill_catalog_from_steps(project: &mut Project) {
    let mut seen: std::collections::HashSet<String> = project
        .catalog
        .iter()
        .map(|c| c.field.name.clone())
        .collect();
    let mut added = Vec::new();
    for step in &project.steps {
        for f in &step.fields {
            if seen.insert(f.name.clone()) {
                added.push(CatalogEntry {
                    group: group_for(f),
                    field: f.duplicate(),
                });
            }
        }
    }
    project.catalog.extend(added);
}

fn group_for(f: &Field) -> Group {
    if crate::project::is_custom_name(&f.name) {
        Group::Custom
    } else if f.extra_str("Parent").is_some_and(|p| !p.is_empty()) {
        Group::StandardAdvanced
    } else {
        Group::StandardBasic
    }
}

/// The platform's `ProfilingSteps` document for a project.
pub fn export(project: &Project) -> Value {
    let steps = project
        .steps
        .iter()
        .map(|s| {
            let mut m = Map::new();
            m.insert("Step".into(), s.name.clone().into());
            m.insert(
                "Schema".into(),
                Value::Array(s.fields.iter().map(field_to_value).collect()),
            );
            if s.scopes_present || !s.scopes.is_empty() {
                m.insert(
                    "Scopes".into(),
                    Value::Array(s.scopes.iter().map(scope_to_value).collect()),
                );
            }
            for (k, v) in &s.extra {
                if !m.contains_key(k) {
                    m.insert(k.clone(), v.clone());
                }
            }
            Value::Object(m)
        })
        .collect();
    let mut doc = Map::new();
    doc.insert("ProfilingSteps".into(), Value::Array(steps));
    for (k, v) in &project.platform {
        if !doc.contains_key(k) {
            doc.insert(k.clone(), v.clone());
        }
    }
    Value::Object(doc)
}

/// The exported document as text: two-space indent and a final newline.
pub fn export_string(project: &Project) -> String {
    let mut s = serde_json::to_string_pretty(&export(project)).unwrap_or_default();
    s.push('\n');
    s
}

/// The project key that remembers the shape of the registration document an import read
/// (`"array"`, `"RegistrationFormSchema"` or `"console"`), so that `export --registration`
/// writes the same shape back.
pub const REGISTRATION_SOURCE_KEY: &str = "registrationSource";

/// The registration form as the platform's JSON, in the shape it was imported from: an array
/// of field objects, or `{"RegistrationFormSchema": [...]}` with that document's other keys.
/// A form imported from the Admin Console's list is written as the platform's array (the
/// second value says so: the console's own list format is not written back). `None` when the
/// project has no registration form.
pub fn export_registration(project: &Project) -> Option<(Value, Option<&'static str>)> {
    let fields: Vec<Value> = project
        .registration
        .as_ref()?
        .iter()
        .map(field_to_value)
        .collect();
    let source = project
        .extra
        .get(REGISTRATION_SOURCE_KEY)
        .and_then(Value::as_str);
    Some(match source {
        Some("RegistrationFormSchema") => {
            let mut doc = Map::new();
            doc.insert("RegistrationFormSchema".into(), Value::Array(fields));
            for (k, v) in &project.platform {
                if !doc.contains_key(k) {
                    doc.insert(k.clone(), v.clone());
                }
            }
            (Value::Object(doc), None)
        }
        Some("console") => (
            Value::Array(fields),
            Some(
                "the registration form came from the Admin Console's field list; it is written \
                 as the platform's RegistrationFormSchema array (the console's own list format \
                 is not written back)",
            ),
        ),
        _ => (Value::Array(fields), None),
    })
}

struct DocVisitor;

/// A project holding a registration form: its fields are the form and fill the catalog.
fn registration_project(fields: Vec<Field>, source: &str) -> Project {
    let form: Vec<Field> = fields
        .iter()
        // The console lists every field; the form is its enabled ones.
        .filter(|f| source != "console" || f.extra.get("Enabled") != Some(&Value::Bool(false)))
        .cloned()
        .collect();
    let mut p = catalog_project(fields);
    p.registration = Some(form);
    p.extra
        .insert(REGISTRATION_SOURCE_KEY.into(), Value::String(source.into()));
    p
}

fn catalog_project(fields: Vec<Field>) -> Project {
    let mut p = Project {
        name: "Imported registration schema".into(),
        ..Project::default()
    };
    p.catalog = fields
        .into_iter()
        .map(|f| CatalogEntry {
            group: group_for(&f),
            field: f,
        })
        .collect();
    p
}

impl<'de> Visitor<'de> for DocVisitor {
    type Value = Imported;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(
            "a platform document: {\"ProfilingSteps\": [...]}, {\"RegistrationFormSchema\": [...]}, \
             the console's {\"data\": [...]} field list or an array of field objects",
        )
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Imported, A::Error> {
        let mut fields = Vec::new();
        while let Some(f) = seq.next_element::<Field>()? {
            fields.push(f);
        }
        Ok(Imported {
            kind: ImportKind::RegistrationSchema,
            project: registration_project(fields, "array"),
        })
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Imported, A::Error> {
        let mut steps: Option<Vec<Step>> = None;
        let mut schema: Option<Vec<Field>> = None;
        let mut console: Option<Vec<Field>> = None;
        let mut rest = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "ProfilingSteps" => steps = Some(map.next_value_seed(StepsSeed)?),
                "RegistrationFormSchema" => schema = Some(map.next_value()?),
                "data" | "Data" => {
                    // A second list would be kept as an unknown key, exported, and read as the
                    // list on the next import: refused, so that an import is never ambiguous.
                    if console.is_some() {
                        return Err(de::Error::custom(format_args!(
                            "the console's field list is here a second time (\"{key}\"; \
                             \"data\" and \"Data\" are the same list): keep one"
                        )));
                    }
                    console = Some(map.next_value_seed(console::FieldListSeed)?);
                }
                _ => {
                    let v: Value = map.next_value()?;
                    rest.insert(key, v);
                }
            }
        }
        // The console's list fills the catalog like a registration schema does.
        let schema = match (schema, console) {
            (Some(mut a), Some(b)) => {
                a.extend(b);
                Some((a, false))
            }
            (Some(a), None) => Some((a, false)),
            (None, Some(b)) => Some((b, true)),
            (None, None) => None,
        };
        match (steps, schema) {
            (Some(steps), schema) => {
                let mut project = Project {
                    name: "Imported steps".into(),
                    ..Project::default()
                };
                project.steps = steps.into();
                if let Some((fields, from_console)) = schema {
                    let source = if from_console {
                        "console"
                    } else {
                        "RegistrationFormSchema"
                    };
                    let with_form = registration_project(fields, source);
                    project.catalog = with_form.catalog;
                    project.registration = with_form.registration;
                    project.extra = with_form.extra;
                }
                fill_catalog_from_steps(&mut project);
                project.platform = rest;
                Ok(Imported {
                    kind: ImportKind::ProfilingSteps,
                    project,
                })
            }
            (None, Some((fields, from_console))) => {
                let source = if from_console {
                    "console"
                } else {
                    "RegistrationFormSchema"
                };
                let mut project = registration_project(fields, source);
                project.platform = rest;
                let kind = if from_console {
                    project.name = "Imported registration fields".into();
                    ImportKind::ConsoleFieldList
                } else {
                    ImportKind::RegistrationSchema
                };
                Ok(Imported { kind, project })
            }
            (None, None) => Err(de::Error::custom(
                "neither \"ProfilingSteps\", \"RegistrationFormSchema\" nor the console's \
                 \"data\" field list is in this object: it is not a platform document (a studio \
                 project opens with Open, not Import)",
            )),
        }
    }
}

struct StepsSeed;

impl<'de> DeserializeSeed<'de> for StepsSeed {
    type Value = Vec<Step>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Vec<Step>, D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for StepsSeed {
    type Value = Vec<Step>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of steps")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<Step>, A::Error> {
        let mut out = Vec::new();
        while let Some(step) = seq.next_element_seed(PlatformStep)? {
            out.push(step);
        }
        Ok(out)
    }
}

struct PlatformStep;

impl<'de> DeserializeSeed<'de> for PlatformStep {
    type Value = Step;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Step, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for PlatformStep {
    type Value = Step;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a step ({\"Step\": name, \"Schema\": [fields], \"Scopes\": [...]})")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Step, A::Error> {
        let mut name = None;
        let mut schema = None;
        let mut step = Step::new("");
        step.scopes_present = false;
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "Step" => name = Some(map.next_value::<String>()?),
                "Schema" => schema = Some(map.next_value::<Vec<Field>>()?),
                "Scopes" => {
                    step.scopes = map.next_value()?;
                    step.scopes_present = true;
                }
                _ => {
                    let v: Value = map.next_value()?;
                    step.extra.insert(key, v);
                }
            }
        }
        step.name =
            name.ok_or_else(|| de::Error::custom("a step is missing the required key `Step`"))?;
        step.fields = schema.ok_or_else(|| {
            de::Error::custom(format_args!(
                "the step \"{}\" is missing the required key `Schema`",
                step.name
            ))
        })?;
        Ok(step)
    }
}

#[cfg(test)]
mod tests;
