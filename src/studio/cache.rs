//! What the panels derive from the project, recomputed only when the document's revision
//! changes (never per frame).

use std::collections::HashMap;

use crate::lint::{self, Problem, Severity};
use crate::project::{Id, Project};

/// Problems and lookups for one revision of the project.
#[derive(Debug, Default)]
pub struct Cache {
    revision: Option<u64>,
    pub problems: Vec<Problem>,
    /// The worst problem of each step (including its fields).
    pub step_marks: HashMap<Id, Severity>,
    /// The worst problem of each field (steps and catalog).
    pub field_marks: HashMap<Id, Severity>,
    /// For each catalog name, the steps using a field of that name.
    pub used_in: HashMap<String, Vec<String>>,
    /// (errors, warnings, infos).
    pub counts: (usize, usize, usize),
}

fn worse(map: &mut HashMap<Id, Severity>, id: Id, s: Severity) {
    let e = map.entry(id).or_insert(s);
    if s < *e {
        *e = s;
    }
}

impl Cache {
    /// Recomputes when `revision` differs from the cached one; returns whether it did.
    pub fn refresh(&mut self, project: &Project, revision: u64) -> bool {
        if self.revision == Some(revision) {
            return false;
        }
        self.revision = Some(revision);
        self.problems = lint::check(project);
        self.counts = lint::counts(&self.problems);
        self.step_marks.clear();
        self.field_marks.clear();
        for p in &self.problems {
            if let Some(s) = p.location.step_id {
                worse(&mut self.step_marks, s, p.severity);
            }
            if let Some(f) = p.location.field_id {
                worse(&mut self.field_marks, f, p.severity);
            }
        }
        self.used_in.clear();
        for step in &project.steps {
            for f in &step.fields {
                self.used_in
                    .entry(f.name.clone())
                    .or_default()
                    .push(step.name.clone());
            }
        }
        true
    }

    /// Forces a recomputation at the next refresh.
    pub fn invalidate(&mut self) {
        self.revision = None;
    }
}
