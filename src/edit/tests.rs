use proptest::prelude::*;
use serde_json::Value;

use super::*;
use crate::project::{FieldOption, TriggerKind};

fn project() -> Project {
    Project::default_project()
}

fn catalog_copy(p: &Project, name: &str) -> Box<Field> {
    Box::new(p.catalog_field(name).unwrap().field.duplicate())
}

fn names(p: &Project, step: Id) -> Vec<String> {
    p.step(step)
        .unwrap()
        .fields
        .iter()
        .map(|f| f.name.clone())
        .collect()
}

#[test]
fn insert_field_then_undo_and_redo() {
    let mut doc = Document::new(project(), None);
    let original = doc.project().clone();
    let third = doc.project().steps[0].id;
    let field = catalog_copy(doc.project(), "country");
    doc.apply(Edit::InsertField {
        step: third,
        index: 0,
        field,
    })
    .unwrap();
    assert_eq!(names(doc.project(), third)[0], "country");
    assert!(doc.is_dirty());
    let label = doc.history().undo_label().unwrap().to_string();
    assert!(label.starts_with("Add Country to "), "{label}");
    assert_eq!(doc.undo().as_deref(), Some(label.as_str()));
    assert_eq!(doc.project(), &original);
    assert!(!doc.is_dirty());
    doc.redo().unwrap();
    assert_eq!(names(doc.project(), third)[0], "country");
    assert!(doc.is_dirty());
}

#[test]
fn a_duplicate_field_in_a_step_is_refused_and_changes_nothing() {
    let mut doc = Document::new(project(), None);
    let step = &doc.project().steps[0];
    let (sid, existing) = (step.id, step.fields[0].name.clone());
    let before = doc.project().clone();
    let e = doc
        .apply(Edit::InsertField {
            step: sid,
            index: 0,
            field: catalog_copy(doc.project(), &existing),
        })
        .unwrap_err();
    assert!(e.0.contains("already has the field"), "{e}");
    assert_eq!(doc.project(), &before);
    assert_eq!(doc.history().undo_len(), 0);
    assert!(!doc.is_dirty());
}

#[test]
fn moving_a_field_between_steps_refuses_a_name_the_target_has() {
    let mut p = Project::default();
    let mut a = Step::new("A");
    let mut b = Step::new("B");
    a.fields.push(Field::new("x", "X", FieldType::String));
    b.fields.push(Field::new("x", "X", FieldType::String));
    b.fields.push(Field::new("y", "Y", FieldType::String));
    let (aid, bid, y) = (a.id, b.id, b.fields[1].id);
    let ax = a.fields[0].id;
    p.steps = vec![a, b].into();
    assert!(
        apply(
            &mut p,
            Edit::MoveField {
                field: ax,
                to_step: bid,
                index: 0
            }
        )
        .is_err()
    );
    let inv = apply(
        &mut p,
        Edit::MoveField {
            field: y,
            to_step: aid,
            index: 0,
        },
    )
    .unwrap();
    assert_eq!(names(&p, aid), ["y", "x"]);
    apply(&mut p, inv).unwrap();
    assert_eq!(names(&p, bid), ["x", "y"]);
    // Within one step, a field may move anywhere.
    apply(
        &mut p,
        Edit::MoveField {
            field: y,
            to_step: bid,
            index: 0,
        },
    )
    .unwrap();
    assert_eq!(names(&p, bid), ["y", "x"]);
}

#[test]
fn typing_into_one_field_is_one_undo_step_until_sealed() {
    let mut doc = Document::new(project(), None);
    let original = doc.project().clone();
    let f = doc.project().steps[0].fields[0].id;
    for s in ["F", "Fi", "Fir"] {
        doc.apply_typing(Edit::SetField {
            field: f,
            prop: FieldProp::Display(s.into()),
        })
        .unwrap();
    }
    assert_eq!(doc.history().undo_len(), 1);
    doc.seal_history();
    doc.apply_typing(Edit::SetField {
        field: f,
        prop: FieldProp::Display("First!".into()),
    })
    .unwrap();
    assert_eq!(doc.history().undo_len(), 2);
    doc.undo();
    assert_eq!(find_field(doc.project(), f).unwrap().0.display, "Fir");
    doc.undo();
    assert_eq!(doc.project(), &original);
    doc.redo();
    assert_eq!(find_field(doc.project(), f).unwrap().0.display, "Fir");
}

#[test]
fn rules_of_another_field_do_not_coalesce() {
    let mut doc = Document::new(project(), None);
    let f0 = doc.project().steps[0].fields[0].id;
    let f1 = doc.project().steps[0].fields[1].id;
    for f in [f0, f1, f0] {
        doc.apply_typing(Edit::SetField {
            field: f,
            prop: FieldProp::Rules("required".into()),
        })
        .unwrap();
    }
    assert_eq!(doc.history().undo_len(), 3);
}

#[test]
fn extra_keys_come_back_in_place() {
    let mut p = project();
    let f = p.steps[0].fields[0].id;
    let before = p.to_canonical();
    let inv = apply(
        &mut p,
        Edit::SetField {
            field: f,
            prop: FieldProp::extra("permission", None),
        },
    )
    .unwrap();
    assert!(
        find_field(&p, f)
            .unwrap()
            .0
            .extra_str("permission")
            .is_none()
    );
    apply(&mut p, inv).unwrap();
    assert_eq!(p.to_canonical(), before);
}

#[test]
fn step_operations_and_their_labels() {
    let mut doc = Document::new(project(), None);
    let original = doc.project().clone();
    let first = doc.project().steps[0].clone();
    let copy = duplicate_step(&first, unique_step_name(doc.project(), &first.name));
    assert_ne!(copy.name, first.name);
    doc.apply(Edit::AddStep {
        index: 1,
        step: Box::new(copy.clone()),
    })
    .unwrap();
    doc.apply(Edit::MoveStep {
        step: copy.id,
        to: 0,
    })
    .unwrap();
    assert_eq!(doc.project().steps[0].name, copy.name);
    let e = doc
        .apply(Edit::RenameStep {
            step: copy.id,
            name: first.name.clone(),
        })
        .unwrap_err();
    assert!(e.0.contains("already exists"));
    doc.apply(Edit::SetTrigger {
        step: copy.id,
        trigger: TriggerKind::LoginCount(3).into(),
    })
    .unwrap();
    assert_eq!(
        doc.history().undo_label(),
        Some(format!("Change trigger of {}", copy.name).as_str())
    );
    doc.apply(Edit::RemoveStep { step: copy.id }).unwrap();
    while doc.undo().is_some() {}
    assert_eq!(doc.project(), &original);
}

#[test]
fn catalog_add_edit_delete() {
    let mut doc = Document::new(project(), None);
    let original = doc.project().clone();
    let entry = CatalogEntry {
        group: Group::Custom,
        field: Field::new("cf_Pet", "Pet", FieldType::Option),
    };
    let id = entry.field.id;
    doc.apply(Edit::AddCatalog {
        index: usize::MAX,
        entry: Box::new(entry.clone()),
    })
    .unwrap();
    let again = CatalogEntry {
        field: entry.field.duplicate(),
        ..entry
    };
    assert!(
        doc.apply(Edit::AddCatalog {
            index: 0,
            entry: Box::new(again)
        })
        .is_err()
    );
    doc.apply(Edit::SetField {
        field: id,
        prop: FieldProp::Options(Options::List(vec![FieldOption::new("Cat", "cat")])),
    })
    .unwrap();
    let e = doc.apply(Edit::SetField {
        field: id,
        prop: FieldProp::Name("firstname".into()),
    });
    assert!(e.is_err());
    doc.apply(Edit::RemoveCatalog { field: id }).unwrap();
    assert!(doc.project().catalog_field("cf_Pet").is_none());
    while doc.undo().is_some() {}
    assert_eq!(doc.project(), &original);
}

#[test]
fn a_refused_batch_changes_nothing() {
    let mut p = project();
    let before = p.clone();
    let s = p.steps[0].id;
    let r = apply(
        &mut p,
        Edit::Batch(vec![
            Edit::RenameStep {
                step: s,
                name: "Zed".into(),
            },
            Edit::RemoveStep { step: Id(u64::MAX) },
        ]),
    );
    assert!(r.is_err());
    assert_eq!(p, before);
}

#[test]
fn saving_then_undoing_marks_dirty_and_redo_back_clean() {
    let mut doc = Document::new(project(), None);
    let s = doc.project().steps[0].id;
    doc.apply(Edit::SetTrigger {
        step: s,
        trigger: TriggerKind::Manual.into(),
    })
    .unwrap();
    doc.mark_saved(None);
    assert!(!doc.is_dirty());
    doc.undo();
    assert!(doc.is_dirty());
    doc.redo();
    assert!(!doc.is_dirty());
    let r = doc.revision();
    assert_eq!(r, 3);
}

/// An edit intent, made concrete against the project at the time it is applied (shared with
/// the property test of the incremental checker, `lint::tests`).
#[derive(Debug, Clone)]
pub(crate) enum Op {
    AddStep(usize),
    RemoveStep(usize),
    MoveStep(usize, usize),
    Rename(usize, String),
    Trigger(usize, u8),
    Insert(usize, usize, usize),
    RemoveField(usize, usize),
    MoveField(usize, usize, usize, usize),
    Display(usize, usize, String),
    Rules(usize, usize, String),
    Type(usize, u8),
    Extra(usize, usize, Option<String>),
    Options(usize, usize),
    ProjectExtra(usize, Option<String>),
    AddLocale(usize),
    RemoveLocale(usize),
    Translate(usize, u8, usize, Option<String>),
    SiteOption(usize, bool),
    ProjectName(String),
    Seal,
    Batch(usize, usize),
    FieldName(usize, usize, String),
    CatalogName(usize, String),
    CatalogRules(usize, String),
    CatalogDisplay(usize, String),
    CatalogGroup(usize, u8),
    AddCatalog(usize, String),
    RemoveCatalog(usize),
    Scopes(usize, u8),
    SampleProfile(u8),
}

pub(crate) fn op() -> impl Strategy<Value = Op> {
    let i = || 0usize..40;
    let text = || "[a-z|\\[\\]0-9 ]{0,6}";
    prop_oneof![
        i().prop_map(Op::AddStep),
        i().prop_map(Op::RemoveStep),
        (i(), i()).prop_map(|(a, b)| Op::MoveStep(a, b)),
        (i(), text()).prop_map(|(a, b)| Op::Rename(a, b)),
        (i(), any::<u8>()).prop_map(|(a, b)| Op::Trigger(a, b)),
        (i(), i(), i()).prop_map(|(a, b, c)| Op::Insert(a, b, c)),
        (i(), i()).prop_map(|(a, b)| Op::RemoveField(a, b)),
        (i(), i(), i(), i()).prop_map(|(a, b, c, d)| Op::MoveField(a, b, c, d)),
        (i(), i(), text()).prop_map(|(a, b, c)| Op::Display(a, b, c)),
        (i(), i(), text()).prop_map(|(a, b, c)| Op::Rules(a, b, c)),
        (i(), any::<u8>()).prop_map(|(a, b)| Op::Type(a, b)),
        (i(), i(), proptest::option::of(text())).prop_map(|(a, b, c)| Op::Extra(a, b, c)),
        (i(), i()).prop_map(|(a, b)| Op::Options(a, b)),
        (i(), proptest::option::of(text())).prop_map(|(a, b)| Op::ProjectExtra(a, b)),
        i().prop_map(Op::AddLocale),
        i().prop_map(Op::RemoveLocale),
        (i(), any::<u8>(), i(), proptest::option::of(text()))
            .prop_map(|(a, b, c, d)| Op::Translate(a, b, c, d)),
        (i(), any::<bool>()).prop_map(|(a, b)| Op::SiteOption(a, b)),
        text().prop_map(Op::ProjectName),
        Just(Op::Seal),
        (i(), i()).prop_map(|(a, b)| Op::Batch(a, b)),
        (i(), i(), "(cf_)?[a-z]{0,3}").prop_map(|(a, b, c)| Op::FieldName(a, b, c)),
        (i(), "(cf_)?[a-z]{0,3}").prop_map(|(a, b)| Op::CatalogName(a, b)),
        (i(), text()).prop_map(|(a, b)| Op::CatalogRules(a, b)),
        (i(), text()).prop_map(|(a, b)| Op::CatalogDisplay(a, b)),
        (i(), any::<u8>()).prop_map(|(a, b)| Op::CatalogGroup(a, b)),
        (i(), "(cf_)?[a-z]{0,3}").prop_map(|(a, b)| Op::AddCatalog(a, b)),
        i().prop_map(Op::RemoveCatalog),
        (i(), any::<u8>()).prop_map(|(a, b)| Op::Scopes(a, b)),
        any::<u8>().prop_map(Op::SampleProfile),
    ]
}

/// [`pick`] for the project's steps and catalog.
fn pick_shared<T>(v: &crate::project::SharedVec<T>, i: usize) -> Option<&T> {
    if v.is_empty() {
        None
    } else {
        v.get(i % v.len())
    }
}

fn pick<T>(v: &[T], i: usize) -> Option<&T> {
    if v.is_empty() {
        None
    } else {
        v.get(i % v.len())
    }
}

fn field_at(p: &Project, s: usize, f: usize) -> Option<Id> {
    pick(pick_shared(&p.steps, s)?.fields.as_slice(), f).map(|f| f.id)
}

/// The edit `op` means for `p`; `None` for [`Op::Seal`] or when there is nothing to edit.
pub(crate) fn make(p: &Project, op: &Op) -> Option<Edit> {
    Some(match op {
        Op::AddStep(i) => Edit::AddStep {
            index: *i,
            step: Box::new(Step::new(format!("Step {i}"))),
        },
        Op::RemoveStep(i) => Edit::RemoveStep {
            step: pick_shared(&p.steps, *i)?.id,
        },
        Op::MoveStep(a, b) => Edit::MoveStep {
            step: pick_shared(&p.steps, *a)?.id,
            to: *b,
        },
        Op::Rename(a, n) => Edit::RenameStep {
            step: pick_shared(&p.steps, *a)?.id,
            name: n.clone(),
        },
        Op::Trigger(a, k) => Edit::SetTrigger {
            step: pick_shared(&p.steps, *a)?.id,
            trigger: match k % 4 {
                0 => TriggerKind::FirstLogin,
                1 => TriggerKind::LoginCount(i64::from(*k)),
                2 => TriggerKind::PageVisit(format!("/p{k}*")),
                _ => TriggerKind::Manual,
            }
            .into(),
        },
        Op::Insert(s, c, i) => Edit::InsertField {
            step: pick_shared(&p.steps, *s)?.id,
            index: *i,
            field: Box::new(pick_shared(&p.catalog, *c)?.field.duplicate()),
        },
        Op::RemoveField(s, f) => Edit::RemoveField {
            field: field_at(p, *s, *f)?,
        },
        Op::MoveField(s, f, t, i) => Edit::MoveField {
            field: field_at(p, *s, *f)?,
            to_step: pick_shared(&p.steps, *t)?.id,
            index: *i,
        },
        Op::Display(s, f, t) => Edit::SetField {
            field: field_at(p, *s, *f)?,
            prop: FieldProp::Display(t.clone()),
        },
        Op::Rules(s, f, t) => Edit::SetField {
            field: field_at(p, *s, *f)?,
            prop: FieldProp::Rules(t.clone()),
        },
        Op::Type(c, t) => Edit::SetField {
            field: pick_shared(&p.catalog, *c)?.field.id,
            prop: FieldProp::Type(FieldType::KNOWN[usize::from(*t) % 7].clone()),
        },
        Op::Extra(s, f, v) => Edit::SetField {
            field: field_at(p, *s, *f)?,
            prop: FieldProp::extra(
                if v.as_ref().is_some_and(|v| v.len() % 2 == 0) {
                    "placeholder"
                } else {
                    "permission"
                },
                v.clone().map(Value::String),
            ),
        },
        Op::Options(s, f) => Edit::SetField {
            field: field_at(p, *s, *f)?,
            prop: FieldProp::Options(Options::List(vec![FieldOption::new("A", format!("{s}"))])),
        },
        Op::ProjectExtra(k, v) => Edit::SetProjectExtra {
            key: ["journeys", "notes", "settings"][k % 3].to_string(),
            value: v.clone().map(Value::String),
        },
        Op::AddLocale(i) => Edit::Locales(LocaleEdit::Add {
            index: *i,
            locale: Box::new(crate::project::Locale::new(["fr", "de", "pt-BR"][i % 3])),
        }),
        Op::RemoveLocale(i) => Edit::Locales(LocaleEdit::Remove {
            code: pick(&p.locales.list, *i)?.code.clone(),
        }),
        Op::Translate(l, kind, k, text) => {
            let kind = crate::project::TextKind::ALL[usize::from(*kind) % 4];
            let key = [
                "firstname",
                "required",
                "required#firstname",
                "progressiveprofiling",
            ][k % 4];
            Edit::Locales(LocaleEdit::SetText {
                code: pick(&p.locales.list, *l)?.code.clone(),
                key: crate::project::TextKey::new(kind, key),
                text: text.clone(),
            })
        }
        Op::SiteOption(o, value) => Edit::SetOption {
            option: crate::project::SiteOption::ALL[o % 9],
            value: *value,
        },
        Op::ProjectName(n) => Edit::SetProjectName(n.clone()),
        Op::Seal => return None,
        Op::Batch(a, b) => Edit::Batch(vec![
            make(p, &Op::RemoveField(*a, *b))?,
            make(p, &Op::AddStep(*b))?,
        ]),
        Op::FieldName(s, f, n) => Edit::SetField {
            field: field_at(p, *s, *f)?,
            prop: FieldProp::Name(n.clone()),
        },
        Op::CatalogName(c, n) => Edit::SetField {
            field: pick_shared(&p.catalog, *c)?.field.id,
            prop: FieldProp::Name(n.clone()),
        },
        Op::CatalogRules(c, r) => Edit::SetField {
            field: pick_shared(&p.catalog, *c)?.field.id,
            prop: FieldProp::Rules(r.clone()),
        },
        Op::CatalogDisplay(c, d) => Edit::SetField {
            field: pick_shared(&p.catalog, *c)?.field.id,
            prop: FieldProp::Display(d.clone()),
        },
        Op::CatalogGroup(c, g) => Edit::SetCatalogGroup {
            field: pick_shared(&p.catalog, *c)?.field.id,
            group: Group::ALL[usize::from(*g) % 3],
        },
        Op::AddCatalog(i, n) => Edit::AddCatalog {
            index: *i,
            entry: Box::new(CatalogEntry {
                group: Group::for_name(n),
                field: Field::new(n.clone(), n.to_uppercase(), FieldType::String),
            }),
        },
        Op::RemoveCatalog(c) => Edit::RemoveCatalog {
            field: pick_shared(&p.catalog, *c)?.field.id,
        },
        Op::Scopes(s, k) => Edit::SetScopes {
            step: pick_shared(&p.steps, *s)?.id,
            scopes: match k % 3 {
                0 => Vec::new(),
                1 => vec![Some(Scope::new("facebook", "user_birthday"))],
                _ => vec![None, Some(Scope::new("google", format!("s{k}")))],
            },
        },
        Op::SampleProfile(k) => Edit::SetSampleProfile(match k % 5 {
            0 => None,
            1 => serde_json::from_value(serde_json::json!({
                "firstname": "Ann", "lastname": "Lee", "phoneid": "+15550100",
                "company": "Acme", "gender": "F", "birthdate": "01-02-1990",
                "country": "in", "industry": "Retail", "jobtitle": "PM"
            }))
            .ok(),
            2 => serde_json::from_value(
                serde_json::json!({ "Provider": "facebook", "FirstName": "Ann" }),
            )
            .ok(),
            3 => {
                // A kept journey changes too (the journey panel's edit).
                // One that does not read (a problem of `check`) every other time.
                let journey = if k % 2 == 0 {
                    serde_json::json!({"events": 3})
                } else {
                    serde_json::json!({"events": [{"type": "login"}]})
                };
                return Some(crate::journey::keep_journey(
                    p,
                    &format!("J{}", k % 3),
                    journey,
                ));
            }
            _ => Some(serde_json::Map::new()),
        }),
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Any sequence of edits followed by as many undos gives back the original project, and as
    /// many redos give back the edited one.
    #[test]
    fn undo_all_restores_and_redo_all_replays(ops in proptest::collection::vec(op(), 0..30)) {
        let mut doc = Document::new(project(), None);
        let original = doc.project().clone();
        let original_text = original.to_canonical();
        for op in &ops {
            match make(doc.project(), op) {
                Some(e) => {
                    let before = doc.project().clone();
                    let typing = matches!(
                        e,
                        Edit::SetField { .. } | Edit::RenameStep { .. } | Edit::SetProjectName(_)
                    );
                    let r = if typing { doc.apply_typing(e) } else { doc.apply(e) };
                    if r.is_err() {
                        prop_assert_eq!(doc.project(), &before);
                    }
                }
                None => doc.seal_history(),
            }
        }
        let edited = doc.project().clone();
        let edited_text = edited.to_canonical();
        let steps = doc.history().undo_len();
        for _ in 0..steps {
            prop_assert!(doc.undo().is_some());
        }
        prop_assert!(doc.undo().is_none());
        prop_assert_eq!(doc.project(), &original);
        prop_assert_eq!(doc.project().to_canonical(), original_text);
        prop_assert!(!doc.is_dirty());
        for _ in 0..steps {
            prop_assert!(doc.redo().is_some());
        }
        prop_assert_eq!(doc.project(), &edited);
        prop_assert_eq!(doc.project().to_canonical(), edited_text);
    }
}

#[test]
fn project_extra_keys_are_set_removed_and_undone_in_place() {
    let mut p = Project::default_project();
    p.extra.insert("a".into(), Value::from(1));
    p.extra.insert("b".into(), Value::from(2));
    let original = p.to_canonical();
    let inv = apply(
        &mut p,
        Edit::SetProjectExtra {
            key: "a".into(),
            value: Some(Value::from(3)),
        },
    )
    .unwrap();
    assert_eq!(p.extra.keys().collect::<Vec<_>>(), ["a", "b"]);
    apply(&mut p, inv).unwrap();
    assert_eq!(p.to_canonical(), original);
    // The project's typed parts have edits of their own: not through this one.
    for key in ["journeys", "sampleProfile"] {
        let refused = apply(
            &mut p,
            Edit::SetProjectExtra {
                key: key.into(),
                value: Some(serde_json::json!({"x": {"events": []}})),
            },
        );
        assert!(refused.is_err(), "{key}");
    }
    assert_eq!(p.to_canonical(), original);
    let refused = apply(
        &mut p,
        Edit::SetProjectExtra {
            key: "steps".into(),
            value: None,
        },
    );
    assert!(refused.is_err());
    assert_eq!(p.to_canonical(), original);
}

#[test]
fn a_save_reported_after_more_edits_marks_only_the_content_it_wrote_saved() {
    let mut doc = Document::new(Project::default_project(), None);
    doc.apply(Edit::SetProjectName("A".into())).unwrap();
    // A save starts: it takes the content and a copy of the project.
    let state = doc.content_state();
    let copy = Box::new(doc.project().clone());
    doc.apply(Edit::SetProjectName("B".into())).unwrap();
    // It finishes after the second edit: that edit is still unsaved.
    let previous = doc
        .mark_saved_at(state, copy, Some("a.ppstudio.json".into()))
        .expect("a content of this document");
    assert_eq!(*previous, Project::default_project(), "the old baseline");
    assert!(doc.is_dirty());
    assert_eq!(
        doc.path.as_deref(),
        Some(std::path::Path::new("a.ppstudio.json"))
    );
    doc.undo();
    assert_eq!(doc.project().name, "A");
    assert!(!doc.is_dirty(), "back to what was written");
    // A save of a document since replaced changes nothing.
    let old = doc.content_state();
    doc.replace(Project::default_project(), None);
    doc.apply(Edit::SetProjectName("C".into())).unwrap();
    let refused = doc.mark_saved_at(old, Box::new(Project::empty()), None);
    assert!(refused.is_err());
    assert!(doc.is_dirty());
    assert_eq!(doc.path, None);
}

#[test]
fn a_snapshot_is_shared_until_an_edit_and_never_sees_a_later_one() {
    let mut doc = Document::new(project(), None);
    let field = doc.project().steps[0].fields[0].id;
    let before = doc.project().steps[0].fields[0].display.clone();
    let snap = doc.snapshot();
    // A pointer copy: the same project, not a deep copy.
    assert!(std::ptr::eq(&*snap, doc.project()));
    doc.apply_typing(Edit::SetField {
        field,
        prop: FieldProp::Display("Employer".into()),
    })
    .unwrap();
    assert_eq!(snap.steps[0].fields[0].display, before);
    assert_eq!(doc.project().steps[0].fields[0].display, "Employer");
    drop(snap);
    // No snapshot held: the edit changes the project in place.
    let at = std::ptr::from_ref(doc.project());
    doc.undo();
    assert_eq!(std::ptr::from_ref(doc.project()), at);
    assert_eq!(doc.project().steps[0].fields[0].display, before);
}

/// Undo gives back a name that the rules for new names refuse, when the project held it
/// (a catalog field added with an empty name, a step with two fields of one name written by
/// hand): the rename is undone and redone, and the history is kept (proptest found the
/// first: undo failed and the history was dropped).
#[test]
fn undo_gives_back_names_the_rules_refuse_for_new_names() {
    let mut doc = Document::new(project(), None);
    let original = doc.project().clone();
    let mut entry = doc.project().catalog[0].clone();
    entry.field = Field::new(String::new(), String::new(), FieldType::String);
    let id = entry.field.id;
    doc.apply(Edit::AddCatalog {
        index: 10,
        entry: Box::new(entry),
    })
    .unwrap();
    doc.apply_typing(Edit::SetField {
        field: id,
        prop: FieldProp::Name("a".into()),
    })
    .unwrap();
    let renamed = doc.project().clone();
    assert!(doc.undo().is_some());
    assert_eq!(
        doc.project().catalog_field("").map(|c| c.field.id),
        Some(id)
    );
    assert!(doc.undo().is_some());
    assert_eq!(doc.project(), &original);
    assert!(doc.redo().is_some() && doc.redo().is_some());
    assert_eq!(doc.project(), &renamed);
    // A new name is still checked.
    assert!(
        doc.apply(Edit::SetField {
            field: id,
            prop: FieldProp::Name(String::new()),
        })
        .is_err()
    );

    let mut p = project();
    let twin = p.steps[0].fields[0].name.clone();
    p.steps[0].fields[1].name = twin.clone();
    let second = p.steps[0].fields[1].id;
    let mut doc = Document::new(p.clone(), None);
    doc.apply(Edit::SetField {
        field: second,
        prop: FieldProp::Name("x".into()),
    })
    .unwrap();
    assert!(doc.undo().is_some());
    assert_eq!(doc.project(), &p);
    assert_eq!(doc.history().redo_len(), 1);
    assert!(
        doc.apply(Edit::SetField {
            field: second,
            prop: FieldProp::Name(twin),
        })
        .is_err(),
        "a clash made anew is refused"
    );
}

#[test]
fn undo_and_redo_say_where_the_step_was_made() {
    let p = Project::default_project();
    let first = p.steps[0].fields[0].id;
    let third = p.steps[1].id;
    let mut doc = Document::new(p, None);
    doc.set_place(Place::Field(first));
    doc.apply(Edit::SetField {
        field: first,
        prop: FieldProp::Display("Given name".into()),
    })
    .unwrap();
    doc.set_place(Place::Step(third));
    doc.apply(Edit::RenameStep {
        step: third,
        name: "Third visit".into(),
    })
    .unwrap();
    doc.set_place(Place::Nowhere);
    doc.undo().unwrap();
    assert_eq!(doc.last_place(), Place::Step(third));
    doc.undo().unwrap();
    assert_eq!(doc.last_place(), Place::Field(first));
    doc.redo().unwrap();
    assert_eq!(doc.last_place(), Place::Field(first));
    doc.redo().unwrap();
    assert_eq!(doc.last_place(), Place::Step(third));
}

#[test]
fn a_field_made_a_dropdown_gets_a_list() {
    let p = Project::default_project();
    let f = p.steps[0].fields[0].id;
    let Some(Edit::Batch(edits)) = Edit::set_type(&p, f, FieldType::Option) else {
        panic!("a batch");
    };
    assert_eq!(edits.len(), 2);
    assert!(
        Edit::set_type(&p, f, FieldType::String).is_none(),
        "no change"
    );
}

#[test]
fn a_finished_name_draft_renames_what_it_names() {
    let p = Project::default_project();
    let size = p
        .catalog
        .iter()
        .find(|c| c.field.name == "cf_CompanySize")
        .unwrap()
        .field
        .id;
    let (_, label) = catalog::rename(&p, size, "cf_Headcount", false, false)
        .unwrap()
        .unwrap();
    assert_eq!(
        label.as_deref(),
        Some("Rename field cf_CompanySize to cf_Headcount in the catalog and 1 step")
    );
    let (_, label) = catalog::rename(&p, size, "cf_Headcount", false, true)
        .unwrap()
        .unwrap();
    assert_eq!(
        label.as_deref(),
        Some("Rename field cf_CompanySize to cf_Headcount")
    );
    assert!(
        catalog::rename(&p, size, "cf_CompanySize", false, false)
            .unwrap()
            .is_none()
    );
    let step = p.steps[0].id;
    let (edit, label) = catalog::rename(&p, step, "Welcome", true, false)
        .unwrap()
        .unwrap();
    assert_eq!(label, None);
    assert!(matches!(edit, Edit::RenameStep { .. }));
    assert!(
        catalog::rename(&p, step, "Third Login", true, false).is_err(),
        "taken"
    );
}
