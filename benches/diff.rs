//! Diffing two versions of the large project (200 steps of 25 fields, a catalog of 2,000
//! fields with options): `cargo bench --bench diff` prints a table of medians.
//!
//! The second version is the first with a realistic deploy's worth of edits, made through
//! `Edit` as the studio makes them: rules changed in 40 fields (with their consumer impact),
//! 10 fields moved between steps, 10 steps renamed, 10 triggers changed, 5 steps reordered,
//! 5 steps removed and 5 added, a setting and a translation. A third row compares a version
//! where every field's rules changed (the worst case for the consumer impact: each change
//! judges its sample values, a dropdown's 100 option values among them), a fourth the project
//! with its own export (platform JSON: the steps only). The goal (under 100 ms) is for
//! comparing two versions; the worst case has none.

#[path = "common.rs"]
mod common;

use std::hint::black_box;
use std::time::Duration;

use common::median;

use ppstudio::diff::{Version, diff, diff_versions};
use ppstudio::edit::{Edit, FieldProp, LocaleEdit, apply};
use ppstudio::loginradius;
use ppstudio::project::synthetic::large_project;
use ppstudio::project::{Project, Step, TriggerKind};
use serde_json::json;

fn edit(p: &mut Project, e: Edit) {
    apply(p, e).expect("the benchmark's edits apply");
}

/// A deploy's worth of edits.
fn edited(base: &Project) -> Project {
    let mut p = base.clone();
    for i in 0..40 {
        let s = (i * 5) % p.steps.len();
        let f = p.steps[s].fields[i % 25].id;
        let rules = format!("required|min_length[{}]|max_length[60]", 2 + i % 3);
        edit(
            &mut p,
            Edit::SetField {
                field: f,
                prop: FieldProp::Rules(rules),
            },
        );
    }
    for i in 0..10 {
        let from = 1 + i * 17;
        let to = p.steps[2 + i * 17].id;
        let Some(f) = p.steps[from]
            .fields
            .iter()
            .find(|f| p.steps[2 + i * 17].field(&f.name).is_none())
            .map(|f| f.id)
        else {
            continue;
        };
        edit(
            &mut p,
            Edit::MoveField {
                field: f,
                to_step: to,
                index: 0,
            },
        );
    }
    for i in 0..10 {
        let id = p.steps[3 + i * 19].id;
        edit(
            &mut p,
            Edit::RenameStep {
                step: id,
                name: format!("Renamed step {i}"),
            },
        );
        let id = p.steps[4 + i * 19].id;
        edit(
            &mut p,
            Edit::SetTrigger {
                step: id,
                trigger: TriggerKind::LoginCount(99 + i as i64).into(),
            },
        );
    }
    for i in 0..5 {
        let id = p.steps[10 + i * 30].id;
        edit(
            &mut p,
            Edit::MoveStep {
                step: id,
                to: i * 7,
            },
        );
    }
    for i in 0..5 {
        let id = p.steps[50 + i * 20].id;
        edit(&mut p, Edit::RemoveStep { step: id });
        let mut s = Step::new(format!("New step {i}"));
        s.fields = p.steps[i]
            .fields
            .iter()
            .take(5)
            .map(ppstudio::project::Field::duplicate)
            .collect();
        edit(
            &mut p,
            Edit::AddStep {
                index: 100,
                step: Box::new(s),
            },
        );
    }
    let mut settings = p.settings.clone();
    settings.ask_optional_fields = false;
    edit(&mut p, Edit::SetSettings(settings));
    edit(
        &mut p,
        Edit::Locales(LocaleEdit::Replace(Box::new(
            serde_json::from_value(json!({ "fr": { "labels": { "attribute0": "Attribut 0" } } }))
                .expect("translations"),
        ))),
    );
    p
}

fn every_rules_changed(base: &Project) -> Project {
    let mut p = base.clone();
    for s in &mut p.steps {
        for f in &mut s.fields {
            f.rules = format!("{}|max_length[30]", f.rules);
        }
    }
    p
}

fn main() {
    let base = large_project(200, 25, 2000, 100);
    let deploy = edited(&base);
    let all_rules = every_rules_changed(&base);
    let export = Version::from_bytes(loginradius::export_string(&base).as_bytes())
        .expect("the export reads back");
    let base_version = Version::project(base.clone());

    let d = diff(&base, &deploy);
    let d_all = diff(&base, &all_rules);
    let d_export = diff_versions(&base_version, &export);
    assert!(
        d_export.is_empty(),
        "a project and its export differ in nothing"
    );

    println!(
        "| {:<62} | {:>10} | {:>8} | {:<9} |",
        "diff, 200 steps x 25 fields (median of 9)", "time", "changes", "goal"
    );
    println!(
        "|{}|{}|{}|{}|",
        "-".repeat(64),
        "-".repeat(12),
        "-".repeat(10),
        "-".repeat(11)
    );
    let row = |name: &str, t: Duration, changes: usize, goal: bool| {
        let ms = t.as_secs_f64() * 1e3;
        let verdict = if !goal {
            String::new()
        } else if ms < 100.0 {
            "< 100 met".into()
        } else {
            "< 100 MISS".into()
        };
        println!("| {name:<62} | {ms:>7.1} ms | {changes:>8} | {verdict:<9} |");
    };
    row(
        "a deploy's worth of edits (impact of 40 rules changes)",
        median(9, || {
            black_box(diff(black_box(&base), black_box(&deploy)));
        }),
        d.changes.len(),
        true,
    );
    row(
        "worst case: all 5,000 step fields' rules changed (no goal)",
        median(9, || {
            black_box(diff(black_box(&base), black_box(&all_rules)));
        }),
        d_all.changes.len(),
        false,
    );
    row(
        "the project with its own export (platform JSON)",
        median(9, || {
            black_box(diff_versions(black_box(&base_version), black_box(&export)));
        }),
        d_export.changes.len(),
        true,
    );
    row(
        "the project with itself",
        median(9, || {
            black_box(diff(black_box(&base), black_box(&base)));
        }),
        0,
        false,
    );
}
