//! Re-checking after edits: the problems are kept per unit (the checks of several steps, each
//! step with its fields, the checks of the whole catalog, each catalog field), in one list in
//! the order of a full check, and an update recomputes only the units whose inputs changed.
//!
//! A unit's inputs, and how an update knows they changed:
//! - several steps (names, triggers): the steps' identities, names and triggers, compared;
//! - a step: the step itself ([`Touched`] names it), the site settings and the sample profile
//!   (compared), and whether the catalog has each of its fields' names (the catalog's names
//!   are compared; a step is re-checked when one of its fields has a name that came or went);
//! - the translations: the locales (compared) and every step (re-checked when a step was
//!   touched or the steps changed);
//! - the whole catalog (names): the catalog's identities and names, compared;
//! - a catalog field: the field and its palette tab ([`Touched`] names it).
//!
//! A unit not seen before is computed; a unit whose identity appears twice (which no edit
//! makes) is computed every time. The full check is the update where everything is touched,
//! so the studio and `ppstudio check` give the same problems by construction.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use serde_json::{Map, Value};

use super::{Checker, Location, Problem, Severity};
use crate::edit::Touched;
use crate::project::{CatalogEntry, Id, Locales, Project, Settings, Step, TriggerKind};

/// One group of checks whose problems are kept together.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Unit {
    Steps,
    Step(Id),
    Locales,
    Catalog,
    CatalogField(Id),
}

/// What a unit's checks read.
#[derive(Clone, Copy)]
enum Source<'a> {
    Steps,
    Step(&'a Step),
    Locales,
    Catalog,
    CatalogField(&'a CatalogEntry),
}

/// The problems of the project last checked, and what they were computed from.
#[derive(Debug, Default)]
pub(super) struct Units {
    /// Whether a project was checked.
    checked: bool,
    /// Every problem, in the order of a full check.
    problems: Vec<Problem>,
    /// Where each unit's problems are in `problems`.
    ranges: HashMap<Unit, Range<usize>>,
    /// The inputs of the project-wide units, as last checked.
    steps: Vec<(Id, String, TriggerKind)>,
    catalog: Vec<(Id, String)>,
    catalog_names: HashSet<String>,
    settings: Option<Settings>,
    locales: Option<Locales>,
    sample_profile: Option<Option<Map<String, Value>>>,
}

/// An empty problem, put in the place of one moved out (allocates nothing).
fn placeholder() -> Problem {
    Problem {
        severity: Severity::Info,
        code: "",
        location: Location::default(),
        message: String::new(),
        fix: None,
    }
}

impl Units {
    pub(super) fn problems(&self) -> &[Problem] {
        &self.problems
    }

    /// Recomputes the units `touched` names, and those whose inputs changed.
    pub(super) fn update(&mut self, checker: &mut Checker, project: &Project, touched: &Touched) {
        let everything = touched.everything || !self.checked;

        let steps_changed = everything
            || self.steps.len() != project.steps.len()
            || self
                .steps
                .iter()
                .zip(&project.steps)
                .any(|((id, name, kind), s)| {
                    *id != s.id || *name != s.name || *kind != s.trigger.kind
                });
        if steps_changed {
            self.steps = project
                .steps
                .iter()
                .map(|s| (s.id, s.name.clone(), s.trigger.kind.clone()))
                .collect();
        }

        let catalog_changed = everything
            || self.catalog.len() != project.catalog.len()
            || self
                .catalog
                .iter()
                .zip(&project.catalog)
                .any(|((id, name), c)| *id != c.field.id || *name != c.field.name);
        // The names the catalog gained or lost: the steps using one are re-checked.
        let mut names_changed = HashSet::new();
        if catalog_changed {
            self.catalog = project
                .catalog
                .iter()
                .map(|c| (c.field.id, c.field.name.clone()))
                .collect();
            let names: HashSet<String> = project
                .catalog
                .iter()
                .map(|c| c.field.name.clone())
                .collect();
            names_changed = names
                .symmetric_difference(&self.catalog_names)
                .cloned()
                .collect();
            self.catalog_names = names;
        }

        let mut every_step = everything;
        if self.settings.as_ref() != Some(&project.settings) {
            self.settings = Some(project.settings.clone());
            every_step = true;
        }
        let sample = project.sample_profile();
        if self.sample_profile.as_ref().map(Option::as_ref) != Some(sample) {
            self.sample_profile = Some(sample.cloned());
            every_step = true;
        }

        let mut locales_changed = everything || every_step || steps_changed;
        if self.locales.as_ref() != Some(&project.locales) {
            self.locales = Some(project.locales.clone());
            locales_changed = true;
        }
        // Any step's texts may be in a translation problem.
        locales_changed |= project.steps.iter().any(|s| touched.step(s.id));

        let mut order = Vec::with_capacity(project.steps.len() + project.catalog.len() + 3);
        order.push((Unit::Steps, Source::Steps));
        order.extend(
            project
                .steps
                .iter()
                .map(|s| (Unit::Step(s.id), Source::Step(s))),
        );
        order.push((Unit::Locales, Source::Locales));
        order.push((Unit::Catalog, Source::Catalog));
        order.extend(
            project
                .catalog
                .iter()
                .map(|c| (Unit::CatalogField(c.field.id), Source::CatalogField(c))),
        );
        let mut seen = HashSet::with_capacity(order.len());
        let twice: HashSet<Unit> = order
            .iter()
            .filter(|(u, _)| !seen.insert(*u))
            .map(|(u, _)| *u)
            .collect();

        let mut old = std::mem::take(&mut self.problems);
        let old_ranges = std::mem::take(&mut self.ranges);
        let mut problems = Vec::with_capacity(old.len() + 8);
        let mut ranges = HashMap::with_capacity(order.len());
        for (unit, source) in order {
            let start = problems.len();
            let dirty = match source {
                Source::Steps => steps_changed,
                Source::Locales => locales_changed,
                Source::Catalog => catalog_changed,
                Source::Step(step) => {
                    every_step
                        || touched.step(step.id)
                        || (!names_changed.is_empty()
                            && step.fields.iter().any(|f| names_changed.contains(&f.name)))
                }
                Source::CatalogField(entry) => everything || touched.catalog_field(entry.field.id),
            };
            let kept = old_ranges
                .get(&unit)
                .filter(|_| !dirty && !twice.contains(&unit));
            match (source, kept) {
                (_, Some(range)) => problems.extend(
                    old[range.clone()]
                        .iter_mut()
                        .map(|p| std::mem::replace(p, placeholder())),
                ),
                (Source::Steps, None) => Checker::steps_unit(project, &mut problems),
                (Source::Locales, None) => Checker::locales_unit(project, &mut problems),
                (Source::Catalog, None) => Checker::catalog_unit(project, &mut problems),
                (Source::Step(step), None) => {
                    checker.step_unit(project, &self.catalog_names, step, &mut problems);
                }
                (Source::CatalogField(entry), None) => {
                    checker.catalog_field_unit(entry, &mut problems);
                }
            }
            if !twice.contains(&unit) {
                ranges.insert(unit, start..problems.len());
            }
        }
        self.problems = problems;
        self.ranges = ranges;
        self.checked = true;
    }
}
