//! Property tests of the diff: a project compared with itself, its saved copy or its own
//! export has no change; applying one `Edit` gives exactly the change the edit describes.

mod strategies;

use std::collections::HashSet;

use proptest::prelude::*;
use serde_json::{Value, json};

use ppstudio::diff::{Version, diff, diff_versions};
use ppstudio::edit::{Edit, FieldProp, LocaleEdit, apply};
use ppstudio::loginradius;
use ppstudio::project::{
    CatalogEntry, Field, FieldOption, FieldType, Group, Options, Project, Scope, Step, TriggerKind,
    field_to_value,
};
use strategies::project;

/// Projects whose step names, field names within a step and catalog names are unique (as the
/// studio keeps them), so that every edit is meaningful.
fn unique_project() -> impl Strategy<Value = Project> {
    project().prop_map(|mut p| {
        let mut names = HashSet::new();
        p.steps.retain(|s| names.insert(s.name.clone()));
        for s in &mut p.steps {
            let mut names = HashSet::new();
            s.fields.retain(|f| names.insert(f.name.clone()));
        }
        let mut names = HashSet::new();
        p.catalog.retain(|c| names.insert(c.field.name.clone()));
        p
    })
}

/// An edit, by indices into the project it is made for, and values.
#[derive(Debug, Clone)]
enum Choice {
    AddStep(usize, String, Vec<usize>),
    RemoveStep(usize),
    MoveStep(usize, usize),
    RenameStep(usize, String),
    SetTrigger(usize, u8),
    SetScopes(usize, String),
    InsertField(usize, usize, usize),
    RemoveField(usize, usize),
    MoveField(usize, usize, usize, usize),
    FieldProp(usize, usize, Prop),
    CatalogProp(usize, Prop),
    AddCatalog(String),
    RemoveCatalog(usize),
    CatalogGroup(usize, usize),
    FlipAskOptional,
    ProjectName(String),
    ProjectKey(u8, String),
}

#[derive(Debug, Clone)]
enum Prop {
    Display(String),
    Rules(String),
    Type(usize),
    Permission(Option<String>),
    Placeholder(String),
    Options(Vec<(String, String)>),
    Name(String),
}

fn prop_choice() -> impl Strategy<Value = Prop> {
    let text = || "[a-z|\\[\\]0-9 ]{0,8}";
    prop_oneof![
        text().prop_map(Prop::Display),
        prop_oneof![
            text(),
            Just("required|min_length[3]".to_string()),
            Just("max_length[5]|alpha".to_string())
        ]
        .prop_map(Prop::Rules),
        (0usize..7).prop_map(Prop::Type),
        proptest::option::of("[rw]").prop_map(Prop::Permission),
        "[a-z ]{0,6}".prop_map(Prop::Placeholder),
        proptest::collection::vec(("[A-Z][a-z]{0,4}", "[a-z0-9]{1,3}"), 0..4)
            .prop_map(Prop::Options),
        "[a-z_]{1,8}".prop_map(Prop::Name),
    ]
}

fn choice() -> impl Strategy<Value = Choice> {
    let i = || 0usize..12;
    prop_oneof![
        1 => (i(), "[A-Z][a-z ]{0,8}", proptest::collection::vec(i(), 0..3))
            .prop_map(|(a, b, c)| Choice::AddStep(a, b, c)),
        1 => i().prop_map(Choice::RemoveStep),
        1 => (i(), i()).prop_map(|(a, b)| Choice::MoveStep(a, b)),
        1 => (i(), "[A-Z][a-z ]{0,8}").prop_map(|(a, b)| Choice::RenameStep(a, b)),
        1 => (i(), any::<u8>()).prop_map(|(a, b)| Choice::SetTrigger(a, b)),
        1 => (i(), "[a-z]{0,6}").prop_map(|(a, b)| Choice::SetScopes(a, b)),
        1 => (i(), i(), i()).prop_map(|(a, b, c)| Choice::InsertField(a, b, c)),
        1 => (i(), i()).prop_map(|(a, b)| Choice::RemoveField(a, b)),
        2 => (i(), i(), i(), i()).prop_map(|(a, b, c, d)| Choice::MoveField(a, b, c, d)),
        4 => (i(), i(), prop_choice()).prop_map(|(a, b, c)| Choice::FieldProp(a, b, c)),
        2 => (i(), prop_choice()).prop_map(|(a, b)| Choice::CatalogProp(a, b)),
        1 => "cf_[A-Z][a-z]{0,6}".prop_map(Choice::AddCatalog),
        1 => i().prop_map(Choice::RemoveCatalog),
        1 => (i(), 0usize..3).prop_map(|(a, b)| Choice::CatalogGroup(a, b)),
        1 => Just(Choice::FlipAskOptional),
        1 => "[A-Z][a-z]{0,8}".prop_map(Choice::ProjectName),
        1 => (any::<u8>(), "[a-z]{1,6}").prop_map(|(a, b)| Choice::ProjectKey(a, b)),
    ]
}

/// A list `pick` chooses from: a step's fields, or the project's steps or catalog.
trait List: std::ops::Index<usize> {
    fn count(&self) -> usize;
}

impl<T> List for Vec<T> {
    fn count(&self) -> usize {
        self.len()
    }
}

impl<T> List for ppstudio::project::SharedVec<T> {
    fn count(&self) -> usize {
        self.len()
    }
}

fn pick<L: List + ?Sized>(v: &L, i: usize) -> Option<(usize, &L::Output)> {
    if v.count() == 0 {
        None
    } else {
        let i = i % v.count();
        Some((i, &v[i]))
    }
}

/// What a change is about: (kind, step, field, key).
type Expect = (String, Option<String>, Option<String>, Option<String>);

fn ex(kind: &str, step: Option<&str>, field: Option<&str>, key: Option<&str>) -> Expect {
    (
        kind.to_string(),
        step.map(str::to_string),
        field.map(str::to_string),
        key.map(str::to_string),
    )
}

/// The keys of a field whose JSON (as the project file writes it) differs.
fn changed_keys(a: &Field, b: &Field) -> Vec<String> {
    let (Value::Object(x), Value::Object(y)) = (field_to_value(a), field_to_value(b)) else {
        return Vec::new();
    };
    let mut keys: Vec<String> = y
        .iter()
        .filter(|(k, v)| x.get(*k) != Some(*v))
        .map(|(k, _)| k.clone())
        .collect();
    keys.extend(x.keys().filter(|k| !y.contains_key(*k)).cloned());
    keys.retain(|k| k != "name");
    keys
}

fn field_prop(prop: &Prop) -> FieldProp {
    match prop {
        Prop::Display(s) => FieldProp::Display(s.clone()),
        Prop::Rules(s) => FieldProp::Rules(s.clone()),
        Prop::Type(t) => FieldProp::Type(FieldType::KNOWN[*t].clone()),
        Prop::Permission(v) => FieldProp::extra("permission", v.clone().map(Value::String)),
        Prop::Placeholder(s) => FieldProp::extra("placeholder", Some(Value::String(s.clone()))),
        Prop::Options(list) => FieldProp::Options(Options::List(
            list.iter().map(|(t, v)| FieldOption::new(t, v)).collect(),
        )),
        Prop::Name(s) => FieldProp::Name(s.clone()),
    }
}

/// The edit, and the changes a diff must report once it is applied (computed from the
/// edit's meaning, before and after).
enum Made {
    /// Exactly these changes.
    Exactly(Edit, Vec<Expect>),
    /// A reorder: one `step-moved` / `field-moved` change (which of two neighbours that
    /// swapped places is reported is a matter of choice).
    OneMove(Edit, &'static str, Option<String>),
}

fn make(p: &Project, c: &Choice) -> Option<Made> {
    use Made::Exactly;
    Some(match c {
        Choice::AddStep(index, name, fields) => {
            if p.steps.iter().any(|s| &s.name == name) {
                return None;
            }
            let mut step = Step::new(name.clone());
            for &ci in fields {
                if let Some((_, e)) = pick(&p.catalog, ci)
                    && step.field(&e.field.name).is_none()
                {
                    step.fields.push(e.field.duplicate());
                }
            }
            Exactly(
                Edit::AddStep {
                    index: *index,
                    step: Box::new(step),
                },
                vec![ex("step-added", Some(name), None, None)],
            )
        }
        Choice::RemoveStep(i) => {
            let (_, s) = pick(&p.steps, *i)?;
            Exactly(
                Edit::RemoveStep { step: s.id },
                vec![ex("step-removed", Some(&s.name), None, None)],
            )
        }
        Choice::MoveStep(i, to) => {
            let (_, s) = pick(&p.steps, *i)?;
            Made::OneMove(
                Edit::MoveStep {
                    step: s.id,
                    to: *to,
                },
                "step-moved",
                None,
            )
        }
        Choice::RenameStep(i, name) => {
            let (_, s) = pick(&p.steps, *i)?;
            let expect = if &s.name == name {
                vec![]
            } else {
                vec![ex("step-renamed", Some(name), None, Some("name"))]
            };
            Exactly(
                Edit::RenameStep {
                    step: s.id,
                    name: name.clone(),
                },
                expect,
            )
        }
        Choice::SetTrigger(i, k) => {
            let (_, s) = pick(&p.steps, *i)?;
            let trigger = match k % 5 {
                0 => TriggerKind::FirstLogin,
                1 => TriggerKind::LoginCount(i64::from(*k)),
                2 => TriggerKind::PageVisit(format!("/p{k}*")),
                3 => TriggerKind::CtaClick(format!("cta-{k}")),
                _ => TriggerKind::Manual,
            }
            .into();
            let expect = if s.trigger == trigger {
                vec![]
            } else {
                vec![ex("trigger-changed", Some(&s.name), None, Some("trigger"))]
            };
            Exactly(
                Edit::SetTrigger {
                    step: s.id,
                    trigger,
                },
                expect,
            )
        }
        Choice::SetScopes(i, provider) => {
            let (_, s) = pick(&p.steps, *i)?;
            let scopes = if provider.is_empty() {
                vec![]
            } else {
                vec![Some(Scope::new(provider.clone(), "email"))]
            };
            let expect = if s.scopes == scopes {
                vec![]
            } else {
                vec![ex("scopes-changed", Some(&s.name), None, Some("scopes"))]
            };
            Exactly(Edit::SetScopes { step: s.id, scopes }, expect)
        }
        Choice::InsertField(si, ci, index) => {
            let (_, s) = pick(&p.steps, *si)?;
            let (_, e) = pick(&p.catalog, *ci)?;
            Exactly(
                Edit::InsertField {
                    step: s.id,
                    index: *index,
                    field: Box::new(e.field.duplicate()),
                },
                vec![ex("field-added", Some(&s.name), Some(&e.field.name), None)],
            )
        }
        Choice::RemoveField(si, fi) => {
            let (_, s) = pick(&p.steps, *si)?;
            let (_, f) = pick(&s.fields, *fi)?;
            Exactly(
                Edit::RemoveField { field: f.id },
                vec![ex("field-removed", Some(&s.name), Some(&f.name), None)],
            )
        }
        Choice::MoveField(si, fi, ti, index) => {
            let (_, s) = pick(&p.steps, *si)?;
            let (_, f) = pick(&s.fields, *fi)?;
            let (_, t) = pick(&p.steps, *ti)?;
            let edit = Edit::MoveField {
                field: f.id,
                to_step: t.id,
                index: *index,
            };
            if s.id == t.id {
                Made::OneMove(edit, "field-moved", Some(s.name.clone()))
            } else {
                Exactly(
                    edit,
                    vec![ex(
                        "field-moved",
                        Some(&t.name),
                        Some(&f.name),
                        Some("step"),
                    )],
                )
            }
        }
        Choice::FieldProp(si, fi, prop) => {
            let (_, s) = pick(&p.steps, *si)?;
            let (_, f) = pick(&s.fields, *fi)?;
            let edit = Edit::SetField {
                field: f.id,
                prop: field_prop(prop),
            };
            let mut q = p.clone();
            apply(&mut q, edit.clone()).ok()?;
            let (si, fi) = q.field_position(f.id)?;
            let g = &q.steps[si].fields[fi];
            let mut expect = Vec::new();
            if g.name != f.name {
                expect.push(ex(
                    "field-renamed",
                    Some(&s.name),
                    Some(&g.name),
                    Some("name"),
                ));
            }
            for k in changed_keys(f, g) {
                expect.push(ex("field-changed", Some(&s.name), Some(&g.name), Some(&k)));
            }
            Exactly(edit, expect)
        }
        Choice::CatalogProp(ci, prop) => {
            let (_, e) = pick(&p.catalog, *ci)?;
            let edit = Edit::SetField {
                field: e.field.id,
                prop: field_prop(prop),
            };
            let mut q = p.clone();
            apply(&mut q, edit.clone()).ok()?;
            let g = &q.catalog[q.catalog_index(e.field.id)?].field;
            let mut expect = Vec::new();
            if g.name != e.field.name {
                expect.push(ex("catalog-renamed", None, Some(&g.name), Some("name")));
            }
            for k in changed_keys(&e.field, g) {
                expect.push(ex("catalog-changed", None, Some(&g.name), Some(&k)));
            }
            Exactly(edit, expect)
        }
        Choice::AddCatalog(name) => Exactly(
            Edit::AddCatalog {
                index: 0,
                entry: Box::new(CatalogEntry {
                    group: Group::Custom,
                    field: Field::new(name.clone(), "New", FieldType::String),
                }),
            },
            vec![ex("catalog-added", None, Some(name), None)],
        ),
        Choice::RemoveCatalog(ci) => {
            let (_, e) = pick(&p.catalog, *ci)?;
            Exactly(
                Edit::RemoveCatalog { field: e.field.id },
                vec![ex("catalog-removed", None, Some(&e.field.name), None)],
            )
        }
        Choice::CatalogGroup(ci, g) => {
            let (_, e) = pick(&p.catalog, *ci)?;
            let group = Group::ALL[*g];
            let expect = if e.group == group {
                vec![]
            } else {
                vec![ex(
                    "catalog-changed",
                    None,
                    Some(&e.field.name),
                    Some("group"),
                )]
            };
            Exactly(
                Edit::SetCatalogGroup {
                    field: e.field.id,
                    group,
                },
                expect,
            )
        }
        Choice::FlipAskOptional => {
            let mut s = p.settings.clone();
            s.ask_optional_fields = !s.ask_optional_fields;
            Exactly(
                Edit::SetSettings(s),
                vec![ex(
                    "setting-changed",
                    None,
                    None,
                    Some("askOptionalFieldsOnProgressiveSteps"),
                )],
            )
        }
        Choice::ProjectName(name) => {
            let expect = if &p.name == name {
                vec![]
            } else {
                vec![ex("project-renamed", None, None, Some("name"))]
            };
            Exactly(Edit::SetProjectName(name.clone()), expect)
        }
        Choice::ProjectKey(k, v) => {
            // The generated projects hold only `x_` keys: these are new.
            let (key, value, expect) = match k % 3 {
                0 => (
                    "locales",
                    json!({ "fr": { "labels": { "firstname": v } } }),
                    ex("locale-added", None, None, Some("fr")),
                ),
                1 => (
                    "journeys",
                    json!({ v.clone(): { "events": [] } }),
                    ex(
                        "project-key-changed",
                        None,
                        None,
                        Some(&format!("journeys.{v}")),
                    ),
                ),
                _ => (
                    "notes",
                    json!(v),
                    ex("project-key-changed", None, None, Some("notes")),
                ),
            };
            // Translations are typed: set through their own edit. The generated projects may
            // hold translations already; then "fr" is not simply added.
            if key == "locales" && !p.locales.list.is_empty() {
                return None;
            }
            // So are the kept journeys; the generated projects may keep some already.
            if key == "journeys" && p.journeys.is_some() {
                return None;
            }
            let edit = if key == "locales" {
                Edit::Locales(LocaleEdit::Replace(Box::new(
                    serde_json::from_value(value).expect("translations"),
                )))
            } else if key == "journeys" {
                Edit::SetJourneys(Some(serde_json::from_value(value).expect("journeys")))
            } else {
                Edit::SetProjectExtra {
                    key: key.into(),
                    value: Some(value),
                }
            };
            Exactly(edit, vec![expect])
        }
    })
}

fn reported(p: &Project, q: &Project) -> Vec<Expect> {
    diff(p, q)
        .changes
        .iter()
        .map(|c| {
            (
                c.kind.as_str().to_string(),
                c.step.clone(),
                c.field.clone(),
                c.key.clone(),
            )
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn a_project_has_no_change_with_itself_its_saved_copy_or_its_export(p in project()) {
        prop_assert!(diff(&p, &p).is_empty());
        let copy = Project::from_bytes(p.to_canonical().as_bytes()).expect("a saved project loads");
        prop_assert_eq!(reported(&p, &copy), Vec::<Expect>::new());
        let export = Version::from_bytes(loginradius::export_string(&p).as_bytes())
            .expect("an export reads");
        let d = diff_versions(&Version::project(p.clone()), &export);
        prop_assert!(d.is_empty(), "{:#?}", d.changes);
        let d = diff_versions(&export, &Version::project(p));
        prop_assert!(d.is_empty(), "{:#?}", d.changes);
    }

    #[test]
    fn any_two_projects_compare_without_panicking_and_print(p in project(), q in project()) {
        let d = diff(&p, &q);
        prop_assert_eq!(d.is_empty(), p == q || diff(&q, &p).is_empty());
        let text = ppstudio::diff::to_text(&d);
        prop_assert!(text.ends_with("change.\n") || text.ends_with("changes.\n"));
        let json = ppstudio::diff::to_json(&d);
        prop_assert_eq!(json["changes"].as_array().map(Vec::len), Some(d.changes.len()));
    }

    #[test]
    fn applying_an_edit_gives_exactly_the_change_it_describes(p in unique_project(), c in choice()) {
        let Some(made) = make(&p, &c) else { return Ok(()) };
        let mut q = p.clone();
        match made {
            Made::Exactly(edit, mut expect) => {
                if apply(&mut q, edit).is_err() {
                    prop_assert_eq!(&q, &p);
                    return Ok(());
                }
                let mut got = reported(&p, &q);
                got.sort();
                expect.sort();
                prop_assert_eq!(got, expect);
            }
            Made::OneMove(edit, kind, step) => {
                if apply(&mut q, edit).is_err() {
                    return Ok(());
                }
                let got = reported(&p, &q);
                if q == p || orders_equal(&p, &q) {
                    prop_assert_eq!(got, Vec::<Expect>::new());
                } else {
                    prop_assert_eq!(got.len(), 1, "{:?}", got);
                    prop_assert_eq!(&got[0].0, kind);
                    prop_assert_eq!(&got[0].1, &step.or_else(|| got[0].1.clone()));
                }
            }
        }
    }
}

/// Whether the steps and each step's fields are in the same order by name.
fn orders_equal(p: &Project, q: &Project) -> bool {
    let names = |p: &Project| -> Vec<(String, Vec<String>)> {
        p.steps
            .iter()
            .map(|s| {
                (
                    s.name.clone(),
                    s.fields.iter().map(|f| f.name.clone()).collect(),
                )
            })
            .collect()
    };
    names(p) == names(q)
}
