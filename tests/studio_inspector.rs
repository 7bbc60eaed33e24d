//! The inspector shows the problems the checker found: for every field, the problems it
//! lists are exactly the problems list's rows of that field (one source of truth), and the
//! list's rows are `ppstudio check`'s problems (`lint::check`).
#![cfg(feature = "gui")]

mod support;

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use ppstudio::edit::{Edit, FieldProp};
use ppstudio::project::{Id, Project};
use ppstudio::studio::StudioApp;
use ppstudio::studio::panels::Selection;
use ppstudio::studio::panels::problems::severity_word;
use support::{project, studio};

const SEVERITIES: [&str; 3] = ["Error", "Warning", "Note"];

/// The accessible names of the nodes of `role` that read as a problem ("Error: ...").
fn problem_names(h: &Harness<'_, StudioApp>, role: Role) -> Vec<String> {
    h.get_all_by_role(role)
        .filter_map(|n| n.accesskit_node().label())
        .filter(|l| SEVERITIES.iter().any(|s| l.starts_with(&format!("{s}: "))))
        .collect()
}

/// Every field of the project with where the problems list says it is: "Step › name" for
/// a step's field, "catalog › name" for the catalog's.
fn fields(p: &Project) -> Vec<(Id, String)> {
    let mut out = Vec::new();
    for s in &p.steps {
        for f in &s.fields {
            out.push((f.id, format!("{} › {}", s.name, f.name)));
        }
    }
    for e in &p.catalog {
        out.push((e.field.id, format!("catalog › {}", e.field.name)));
    }
    out
}

/// The problems list's rows of the field at `place`, as the inspector names them
/// ("Severity: message"): a row reads "Severity: place › key: message".
fn rows_of(rows: &[String], place: &str) -> Vec<String> {
    let mut out = Vec::new();
    for row in rows {
        for s in SEVERITIES {
            let Some(rest) = row.strip_prefix(&format!("{s}: {place} › ")) else {
                continue;
            };
            let (_key, message) = rest.split_once(": ").expect("key: message");
            out.push(format!("{s}: {message}"));
        }
    }
    out.sort();
    out
}

/// The problems of `lint::check` as the problems list names its rows.
fn checked(p: &Project) -> Vec<String> {
    ppstudio::lint::check(p)
        .iter()
        .map(|p| {
            format!(
                "{}: {}: {}",
                severity_word(p.severity),
                p.location.describe(),
                p.message
            )
        })
        .collect()
}

/// Selects every field in turn and compares what the inspector lists with the problems list;
/// returns how many fields had problems.
fn inspector_agrees_with_the_list(h: &mut Harness<'_, StudioApp>) -> usize {
    h.state_mut().select(Selection::None);
    h.run_steps(2);
    // The list draws the rows it has room for: those are the checker's, in its order; the
    // checker's are the whole list.
    let visible = problem_names(h, Role::Button);
    let rows = checked(&project(h));
    assert!(!visible.is_empty());
    assert_eq!(visible[..], rows[..visible.len()]);
    let fields = fields(&project(h));
    let mut with_problems = 0;
    let mut shown = 0;
    for (id, place) in &fields {
        h.state_mut().select(Selection::Field(*id));
        h.run_steps(2);
        let mut inspector = problem_names(h, Role::Label);
        inspector.sort();
        let expected = rows_of(&rows, place);
        assert_eq!(inspector, expected, "the inspector of {place}");
        with_problems += usize::from(!expected.is_empty());
        shown += expected.len();
    }
    // Every row of a field was shown by that field's inspector.
    let field_rows = rows
        .iter()
        .filter(|r| {
            fields
                .iter()
                .any(|(_, place)| r.contains(&format!(" {place} › ")))
        })
        .count();
    assert_eq!(shown, field_rows);
    with_problems
}

#[test]
fn the_inspector_lists_the_checkers_problems_of_every_field_of_the_default_project() {
    let mut h = studio();
    let with_problems = inspector_agrees_with_the_list(&mut h);
    // The default project has notes on two step fields (`ppstudio check`), all in view: the
    // phone number's and the website's loose checks (their catalog fields, used by no
    // consumer, carry none).
    assert_eq!(with_problems, 2);
    h.state_mut().select(Selection::None);
    h.run_steps(2);
    assert_eq!(problem_names(&h, Role::Button), checked(&project(&h)));
}

#[test]
fn the_inspector_follows_the_checker_on_fields_with_errors_and_warnings() {
    let mut h = studio();
    let p = project(&h);
    let first = &p.steps[0];
    let rules = |field: Id, rules: &str| Edit::SetField {
        field,
        prop: FieldProp::Rules(rules.into()),
    };
    let edits = vec![
        // A regex that does not compile, a misspelt rule, a trap of `required`.
        rules(first.fields[0].id, "custom_validation[^(a$]"),
        rules(first.fields[1].id, "requird|min_lenght[2]"),
        rules(p.catalog[0].field.id, "max_length[5]|required"),
        // An empty option list on a dropdown.
        Edit::SetField {
            field: first.fields[0].id,
            prop: FieldProp::Type(ppstudio::project::FieldType::Option),
        },
    ];
    for e in edits {
        h.state_mut().apply_edit(e);
    }
    h.run_steps(2);
    let with_problems = inspector_agrees_with_the_list(&mut h);
    // The three fields edited, the catalog's one included (its warning is kept), and the
    // default project's notes.
    assert!(with_problems >= 4, "{with_problems} fields with problems");
    // The marks of the first field's validation are the checker's: an error.
    h.state_mut().select(Selection::Field(first.fields[0].id));
    h.run_steps(2);
    assert!(
        problem_names(&h, Role::Label)
            .iter()
            .any(|n| n.starts_with("Error: ")),
        "{:?}",
        problem_names(&h, Role::Label)
    );
}

#[test]
fn a_custom_field_named_without_cf_is_renamed_from_the_inspector() {
    let mut h = studio();
    let p = project(&h);
    let website = p
        .catalog
        .iter()
        .find(|e| e.field.name == "website")
        .expect("the default catalog has website")
        .field
        .id;
    h.state_mut().apply_edit(Edit::SetCatalogGroup {
        field: website,
        group: ppstudio::project::Group::Custom,
    });
    h.state_mut().select(Selection::Field(website));
    h.run_steps(2);
    let error = problem_names(&h, Role::Label)
        .into_iter()
        .find(|n| n.starts_with("Error: "))
        .expect("the checker's error is in the inspector");
    assert!(error.contains("must be named cf_website"), "{error}");
    h.get_by_label("Rename it cf_website").click();
    h.run_steps(3);
    let p = project(&h);
    let renamed = p.catalog.iter().find(|e| e.field.id == website).unwrap();
    assert_eq!(renamed.field.name, "cf_website");
    // The step using it follows, and the error is gone.
    assert!(
        p.steps
            .iter()
            .flat_map(|s| &s.fields)
            .any(|f| f.name == "cf_website")
    );
    assert!(
        !problem_names(&h, Role::Label)
            .iter()
            .any(|n| n.starts_with("Error: ")),
    );
}
