//! What the panels derive from the project, recomputed only when the document's revision
//! changes (never per frame), and then only for what the changes touched.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};

use crate::edit::{Document, Touched};
use crate::lint::{self, Checker, Problem, Severity};
use crate::project::{Id, Project};

/// Problems and lookups for one revision of the project.
#[derive(Default)]
pub struct Cache {
    revision: Option<u64>,
    /// The one checker (the same as `ppstudio check`), kept up to date edit by edit.
    checker: Checker,
    /// The worst problem of each step (including its fields).
    pub step_marks: HashMap<Id, Severity>,
    /// The worst problem of each field (steps and catalog).
    pub field_marks: HashMap<Id, Severity>,
    /// The places in [`Cache::problems`] of each field's problems, in order.
    by_field: HashMap<Id, Vec<usize>>,
    /// For each catalog name, the steps using a field of that name.
    pub used_in: HashMap<String, Vec<String>>,
    /// What `used_in` was computed from: the steps in order, each with a hash of its name and
    /// its fields' names.
    used_in_from: Vec<(Id, u64)>,
    /// (errors, warnings, infos).
    pub counts: (usize, usize, usize),
    /// The places in [`Cache::problems`] in the order the problems list shows them: errors
    /// first, then warnings, then notes, each in the project's order (as `ppstudio check`).
    by_severity: Vec<usize>,
}

impl std::fmt::Debug for Cache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Cache")
            .field("revision", &self.revision)
            .field("problems", &self.problems().len())
            .field("counts", &self.counts)
            .finish_non_exhaustive()
    }
}

fn worse(map: &mut HashMap<Id, Severity>, id: Id, s: Severity) {
    let e = map.entry(id).or_insert(s);
    if s < *e {
        *e = s;
    }
}

/// A hash of what `used_in` reads of a step.
fn names_hash(step: &crate::project::Step) -> u64 {
    let mut h = DefaultHasher::new();
    step.name.hash(&mut h);
    for f in &step.fields {
        f.name.hash(&mut h);
    }
    h.finish()
}

impl Cache {
    /// Every problem of the project, steps first (in order), then the catalog.
    pub fn problems(&self) -> &[Problem] {
        self.checker.problems()
    }

    /// Every problem, errors first, then warnings, then notes (each in the project's order).
    pub fn problems_by_severity(&self) -> impl ExactSizeIterator<Item = &Problem> + Clone {
        let problems = self.problems();
        self.by_severity.iter().map(move |&i| &problems[i])
    }

    /// The problems of one field (of a step or of the catalog), in the order of [`Cache::problems`].
    pub fn field_problems(&self, field: Id) -> impl Iterator<Item = &Problem> {
        let problems = self.problems();
        self.by_field
            .get(&field)
            .into_iter()
            .flatten()
            .filter_map(|&i| problems.get(i))
    }

    /// Brings the cache up to the document's revision, re-checking only what the changes
    /// since the cached revision touched; returns whether anything was recomputed.
    pub fn refresh(&mut self, doc: &Document) -> bool {
        let revision = doc.revision();
        if self.revision == Some(revision) {
            return false;
        }
        let touched = match self.revision {
            Some(r) => doc.changes_since(r),
            None => Touched::everything(),
        };
        self.revision = Some(revision);
        self.update(doc.project(), &touched);
        true
    }

    /// Recomputes for `project`, which differs from the last one only where `touched` says.
    fn update(&mut self, project: &Project, touched: &Touched) {
        // The marks and places are read off the problems: only when those changed (a label
        // typed rarely changes them).
        if self.checker.update(project, touched) {
            let problems = self.checker.problems();
            self.counts = lint::counts(problems);
            self.step_marks.clear();
            self.field_marks.clear();
            self.by_field.clear();
            self.by_severity = (0..problems.len()).collect();
            self.by_severity.sort_by_key(|&i| problems[i].severity);
            for (i, p) in problems.iter().enumerate() {
                if let Some(s) = p.location.step_id {
                    worse(&mut self.step_marks, s, p.severity);
                }
                if let Some(f) = p.location.field_id {
                    worse(&mut self.field_marks, f, p.severity);
                    self.by_field.entry(f).or_default().push(i);
                }
            }
        }
        // `used_in` reads the steps' names and their fields' names: typing a label leaves it.
        let same_steps = !touched.everything
            && self.used_in_from.len() == project.steps.len()
            && self
                .used_in_from
                .iter()
                .zip(&project.steps)
                .all(|((id, hash), s)| {
                    *id == s.id && (!touched.step(s.id) || *hash == names_hash(s))
                });
        if !same_steps {
            self.used_in_from = project
                .steps
                .iter()
                .map(|s| (s.id, names_hash(s)))
                .collect();
            self.used_in.clear();
            for step in &project.steps {
                for f in &step.fields {
                    self.used_in
                        .entry(f.name.clone())
                        .or_default()
                        .push(step.name.clone());
                }
            }
        }
    }

    /// Forces a full recomputation at the next refresh.
    pub fn invalidate(&mut self) {
        self.revision = None;
    }
}
