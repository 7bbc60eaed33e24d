//! Re-checking after edits: the problems are kept per unit (the checks of several steps, each
//! step with its fields, the checks of the whole catalog, each catalog field), in one list in
//! the order of a full check, and an update recomputes only the units whose inputs changed.
//!
//! A unit's inputs, and how an update knows they changed:
//! - several steps (names, triggers, the registration form's own checks, the kept journeys):
//!   the steps' identities, names and triggers, the registration form, the settings and the
//!   kept journeys, compared;
//! - a step: the step itself ([`Touched`] names it), the site settings, the sample profile
//!   and the registration form (compared), and whether the catalog has each of its fields' names (the catalog's names
//!   are compared; a step is re-checked when one of its fields has a name that came or went);
//! - the translations: the locales (compared) and every step (re-checked when a step was
//!   touched or the steps changed);
//! - the whole catalog (names): the catalog's identities and names, compared;
//! - a catalog field: the field and its palette tab ([`Touched`] names it).
//!
//! A unit not seen before is computed; a unit whose identity appears twice (which no edit
//! makes) is computed every time. When the units are the same as last time, in the same order
//! (no step or catalog field added, removed, moved or renamed, the settings and the sample
//! profile as they were: typing, most edits), the units to recompute are spliced into the list
//! in their places and nothing else is moved; otherwise the list is rebuilt, unit by unit. The full check is the update where everything is touched,
//! so the studio and `ppstudio check` give the same problems by construction.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use serde_json::{Map, Value};

use super::{Checker, Location, Problem, Severity};
use crate::edit::Touched;
use crate::project::{
    CatalogEntry, Field, Id, KeptJourneys, Locales, Project, Settings, Step, TriggerKind,
};

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
    /// The units in the order of a full check: the steps' unit, each step, the translations,
    /// the catalog's unit, each catalog field.
    units: Vec<Unit>,
    /// Where each unit's problems start in `problems` (one more: the end).
    starts: Vec<usize>,
    /// The places in `units` of units whose identity appears twice (computed every time).
    twice: Vec<usize>,
    /// The inputs of the project-wide units, as last checked.
    steps: Vec<(Id, String, TriggerKind)>,
    catalog: Vec<(Id, String)>,
    catalog_names: HashSet<String>,
    settings: Option<Settings>,
    locales: Option<Locales>,
    sample_profile: Option<Option<Map<String, Value>>>,
    registration: Option<Option<Vec<Field>>>,
    journeys: Option<Option<KeptJourneys>>,
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

    /// Recomputes the units `touched` names, and those whose inputs changed; `false` when the
    /// problems are certainly the same as before (every unit recomputed found what it had).
    pub(super) fn update(
        &mut self,
        checker: &mut Checker,
        project: &Project,
        touched: &Touched,
    ) -> bool {
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
        // The steps' unit reads the registration form and the settings too.
        let mut steps_unit = steps_changed;
        if self.settings.as_ref() != Some(&project.settings) {
            self.settings = Some(project.settings.clone());
            every_step = true;
            steps_unit = true;
        }
        if self.registration.as_ref() != Some(&project.registration) {
            self.registration = Some(project.registration.clone());
            every_step = true;
            steps_unit = true;
        }
        if self.journeys.as_ref() != Some(&project.journeys) {
            self.journeys = Some(project.journeys.clone());
            steps_unit = true;
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

        let changes = Changes {
            steps: steps_unit,
            catalog: catalog_changed,
            every_step,
            locales: locales_changed,
            names: names_changed,
        };
        let same_units = self.checked
            && !steps_changed
            && !catalog_changed
            && self.units.len() == project.steps.len() + project.catalog.len() + 3;
        let changed = if same_units && !every_step {
            self.update_in_place(checker, project, touched, &changes)
        } else {
            self.rebuild(checker, project, touched, &changes);
            true
        };
        self.checked = true;
        changed
    }

    /// The problems of one unit, computed, at the end of `out`.
    fn compute(
        &self,
        checker: &mut Checker,
        project: &Project,
        source: Source<'_>,
        out: &mut Vec<Problem>,
    ) {
        match source {
            Source::Steps => checker.steps_unit(project, out),
            Source::Locales => Checker::locales_unit(project, out),
            Source::Catalog => Checker::catalog_unit(project, out),
            Source::Step(step) => checker.step_unit(project, &self.catalog_names, step, out),
            Source::CatalogField(entry) => checker.catalog_field_unit(entry, out),
        }
    }

    /// The common case (typing, most edits): the same units in the same order as last time.
    /// Only the units to recompute are, each spliced into the list in its place; the others'
    /// problems are not moved one by one. `false` when every unit recomputed found what it had.
    fn update_in_place(
        &mut self,
        checker: &mut Checker,
        project: &Project,
        touched: &Touched,
        changes: &Changes,
    ) -> bool {
        let n = project.steps.len();
        let mut dirty: Vec<usize> = self.twice.clone();
        // The steps' unit, when what it reads besides the steps changed (the kept journeys).
        if changes.steps {
            dirty.push(0);
        }
        if !touched.steps.is_empty() || !changes.names.is_empty() {
            for (i, step) in project.steps.iter().enumerate() {
                if touched.step(step.id)
                    || (!changes.names.is_empty()
                        && step.fields.iter().any(|f| changes.names.contains(&f.name)))
                {
                    dirty.push(1 + i);
                }
            }
        }
        if changes.locales {
            dirty.push(1 + n);
        }
        if !touched.catalog.is_empty() {
            for (j, entry) in project.catalog.iter().enumerate() {
                if touched.catalog_field(entry.field.id) {
                    dirty.push(3 + n + j);
                }
            }
        }
        dirty.sort_unstable();
        dirty.dedup();
        // From the last unit back, so that the places of the units before stay as they are.
        let mut fresh = Vec::new();
        let mut changed = false;
        for &k in dirty.iter().rev() {
            let source = match k {
                0 => Source::Steps,
                k if k <= n => Source::Step(&project.steps[k - 1]),
                k if k == n + 1 => Source::Locales,
                k if k == n + 2 => Source::Catalog,
                k => Source::CatalogField(&project.catalog[k - n - 3]),
            };
            fresh.clear();
            self.compute(checker, project, source, &mut fresh);
            let range = self.starts[k]..self.starts[k + 1];
            if self.problems[range.clone()] == fresh[..] {
                continue;
            }
            changed = true;
            let (old, new) = (range.len(), fresh.len());
            self.problems.splice(range, fresh.drain(..));
            if new != old {
                for start in &mut self.starts[k + 1..] {
                    *start = *start + new - old;
                }
            }
        }
        changed
    }

    /// Every unit in the order of a full check, each kept from last time when its inputs did
    /// not change, else computed.
    fn rebuild(
        &mut self,
        checker: &mut Checker,
        project: &Project,
        touched: &Touched,
        changes: &Changes,
    ) {
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
        // Where each unit's problems were (a unit seen twice last time was not kept).
        let old_twice: HashSet<usize> = self.twice.iter().copied().collect();
        let old_ranges: HashMap<Unit, Range<usize>> = self
            .units
            .iter()
            .enumerate()
            .filter(|(k, _)| !old_twice.contains(k))
            .map(|(k, u)| (*u, self.starts[k]..self.starts[k + 1]))
            .collect();
        let mut problems = Vec::with_capacity(old.len() + 8);
        let mut units = Vec::with_capacity(order.len());
        let mut starts = Vec::with_capacity(order.len() + 1);
        let mut twice_at = Vec::new();
        for (unit, source) in order {
            let dirty = match source {
                Source::Steps => changes.steps,
                Source::Locales => changes.locales,
                Source::Catalog => changes.catalog,
                Source::Step(step) => {
                    changes.every_step
                        || touched.step(step.id)
                        || (!changes.names.is_empty()
                            && step.fields.iter().any(|f| changes.names.contains(&f.name)))
                }
                Source::CatalogField(entry) => {
                    touched.everything || touched.catalog_field(entry.field.id)
                }
            };
            let is_twice = twice.contains(&unit);
            if is_twice {
                twice_at.push(units.len());
            }
            starts.push(problems.len());
            units.push(unit);
            match old_ranges.get(&unit).filter(|_| !dirty && !is_twice) {
                Some(range) => problems.extend(
                    old[range.clone()]
                        .iter_mut()
                        .map(|p| std::mem::replace(p, placeholder())),
                ),
                None => self.compute(checker, project, source, &mut problems),
            }
        }
        starts.push(problems.len());
        self.problems = problems;
        self.units = units;
        self.starts = starts;
        self.twice = twice_at;
    }
}

/// What an update found changed in the project-wide inputs.
struct Changes {
    /// The steps' identities, names or triggers.
    steps: bool,
    /// The catalog's identities or names.
    catalog: bool,
    /// The settings or the sample profile: every step is re-checked.
    every_step: bool,
    /// The translations (or anything they read).
    locales: bool,
    /// The names the catalog gained or lost.
    names: HashSet<String>,
}
