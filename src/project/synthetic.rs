//! Large, realistic projects made up for benchmarks and scale tests.

use super::{
    CatalogEntry, Field, FieldOption, FieldType, Group, Options, Project, Step, Trigger,
    TriggerKind,
};

const RULES: [&str; 8] = [
    "required|max_length[50]",
    "required|min_length[2]|max_length[100]",
    "required|valid_email",
    "numeric|greater_than[0]",
    "callback_custom_validation[^[A-Z]{2}[0-9]{4}$###Looks like AB1234]",
    "required|callback_valid_date",
    "callback_custom_validation[^[0-9]{5}(-[0-9]{4})?$###A US ZIP code]|required",
    "",
];

/// A project with `steps` steps of `fields_per_step` fields each and a catalog of `catalog`
/// fields; one field in ten is a dropdown with `options` choices. Deterministic.
pub fn large_project(
    steps: usize,
    fields_per_step: usize,
    catalog: usize,
    options: usize,
) -> Project {
    let mut p = Project {
        name: format!("Synthetic {steps}x{fields_per_step}"),
        ..Project::default()
    };
    p.catalog = (0..catalog)
        .map(|i| {
            let custom = i % 4 == 3;
            let name = if custom {
                format!("cf_Custom{i}")
            } else {
                format!("attribute{i}")
            };
            let (t, opts) = if i % 10 == 0 {
                let list = (0..options)
                    .map(|o| {
                        FieldOption::new(format!("Choice number {o}"), format!("c{o}|Choice {o}"))
                    })
                    .collect();
                (FieldType::Option, Options::List(list))
            } else {
                (FieldType::String, Options::Null)
            };
            let mut f = Field::new(name, format!("Attribute {i}"), t);
            f.options = opts;
            f.rules = RULES[i % RULES.len()].to_string();
            let group = if custom {
                Group::Custom
            } else if i % 2 == 0 {
                Group::StandardBasic
            } else {
                Group::StandardAdvanced
            };
            CatalogEntry { group, field: f }
        })
        .collect();
    p.steps = (0..steps)
        .map(|s| {
            let mut step = Step::new(format!("Step {s}"));
            step.trigger = Trigger::from(match s % 4 {
                0 => TriggerKind::LoginCount(s as i64 + 1),
                1 => TriggerKind::PageVisit(format!("/page{s}/*")),
                2 => TriggerKind::CtaClick(format!("cta-{s}")),
                _ => TriggerKind::Manual,
            });
            step.fields = (0..fields_per_step)
                .map(|f| {
                    p.catalog[(s * 7 + f * 13) % catalog.max(1)]
                        .field
                        .duplicate()
                })
                .collect();
            step
        })
        .collect();
    p
}
