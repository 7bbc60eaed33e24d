//! The last simulation of a journey and what it read of the project, so that a later revision
//! is simulated again only when the outcome could differ: the journey itself, the settings,
//! the registration form's field names (a sign-up gives them), and each step's identity,
//! name, trigger and the platform rule's inputs ([`StepInputs`]). A label, a placeholder, an
//! option or the catalog change none of them.

use super::{Journey, Outcome, simulate};
use crate::asked::StepInputs;
use crate::edit::Touched;
use crate::project::{Id, Project, Settings, Step, TriggerKind};

/// What [`simulate`] reads of one step.
#[derive(Debug)]
struct StepKey {
    id: Id,
    name: String,
    trigger: TriggerKind,
    inputs: StepInputs,
}

impl StepKey {
    fn of(step: &Step) -> StepKey {
        StepKey {
            id: step.id,
            name: step.name.clone(),
            trigger: step.trigger.kind.clone(),
            inputs: StepInputs::of(step),
        }
    }

    fn matches(&self, step: &Step) -> bool {
        self.id == step.id
            && self.name == step.name
            && self.trigger == step.trigger.kind
            && self.inputs.matches(step)
    }
}

/// What a simulation read of a project.
#[derive(Debug)]
struct Inputs {
    settings: Settings,
    steps: Vec<StepKey>,
    /// The registration form's field names.
    registration: Option<Vec<String>>,
}

/// The registration form's field names.
fn registration_names(project: &Project) -> Option<Vec<String>> {
    project
        .registration
        .as_ref()
        .map(|r| r.iter().map(|f| f.name.clone()).collect())
}

impl Inputs {
    fn of(project: &Project) -> Inputs {
        Inputs {
            settings: project.settings.clone(),
            steps: project.steps.iter().map(StepKey::of).collect(),
            registration: registration_names(project),
        }
    }

    /// Whether `project` gives the simulation the same inputs; `touched` (when known) names
    /// the steps that may have changed since, the others being compared by identity only.
    fn same(&self, project: &Project, touched: Option<&Touched>) -> bool {
        self.settings == project.settings
            && self.registration == registration_names(project)
            && self.steps.len() == project.steps.len()
            && self.steps.iter().zip(&project.steps).all(|(key, step)| {
                if touched.is_none_or(|t| t.step(step.id)) {
                    key.matches(step)
                } else {
                    key.id == step.id
                }
            })
    }
}

/// The last simulation.
#[derive(Debug)]
struct Last {
    revision: u64,
    journey: Journey,
    inputs: Inputs,
    outcome: Outcome,
}

/// A journey's last simulation over a project's revision, run again only when what it reads
/// changed. Revisions are a document's: a later one may say what its changes touched.
#[derive(Debug, Default)]
pub struct SimulationCache {
    last: Option<Last>,
    runs: u64,
}

impl SimulationCache {
    /// The last outcome (`None` before the first simulation).
    pub fn outcome(&self) -> Option<&Outcome> {
        self.last.as_ref().map(|l| &l.outcome)
    }

    /// How many simulations ran: changes whenever [`SimulationCache::outcome`] may have.
    pub fn runs(&self) -> u64 {
        self.runs
    }

    /// Simulates `journey` over `project` at `revision` unless the last simulation read the
    /// same: the same journey, and the same revision or a project with the same inputs.
    /// `changes_since(r)` says what the changes after revision `r` touched (`None`: unknown,
    /// every step is compared); it is asked only for a later revision. True when it ran.
    pub fn update(
        &mut self,
        project: &Project,
        revision: u64,
        journey: &Journey,
        changes_since: impl FnOnce(u64) -> Option<Touched>,
    ) -> bool {
        if let Some(last) = &mut self.last
            && last.journey == *journey
        {
            if last.revision == revision {
                return false;
            }
            // A later revision of the same document, or another document: its changes say
            // which steps to compare (everything for another document or an earlier revision).
            let touched = if revision > last.revision {
                changes_since(last.revision)
            } else {
                None
            };
            if last.inputs.same(project, touched.as_ref()) {
                last.revision = revision;
                return false;
            }
        }
        self.runs += 1;
        self.last = Some(Last {
            revision,
            journey: journey.clone(),
            inputs: Inputs::of(project),
            outcome: simulate(project, journey),
        });
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::{Document, Edit, FieldProp};
    use crate::journey::Event;

    fn logins(n: usize) -> Journey {
        Journey {
            events: vec![Event::Login { dismiss: false }; n],
            ..Journey::default()
        }
    }

    #[test]
    fn the_same_revision_and_journey_never_simulate_again() {
        let project = Project::default_project();
        let mut cache = SimulationCache::default();
        assert!(cache.outcome().is_none());
        assert!(cache.update(&project, 1, &logins(1), |_| None));
        assert!(!cache.update(&project, 1, &logins(1), |_| None));
        assert_eq!(cache.runs(), 1);
        assert_eq!(cache.outcome(), Some(&simulate(&project, &logins(1))));
        // Another journey: simulated, whatever the revision.
        assert!(cache.update(&project, 1, &logins(3), |_| None));
        assert_eq!(cache.outcome(), Some(&simulate(&project, &logins(3))));
        assert_eq!(cache.runs(), 2);
    }

    #[test]
    fn a_revision_runs_it_again_only_when_what_the_simulation_reads_changed() {
        let mut doc = Document::new(Project::default_project(), None);
        let journey = logins(1);
        let mut cache = SimulationCache::default();
        let update = |cache: &mut SimulationCache, doc: &Document| {
            cache.update(doc.project(), doc.revision(), &journey, |r| {
                Some(doc.changes_since(r))
            });
            assert_eq!(cache.outcome(), Some(&simulate(doc.project(), &journey)));
            cache.runs()
        };
        let first = update(&mut cache, &doc);
        let si = doc
            .project()
            .steps
            .iter()
            .position(|s| s.trigger.kind == TriggerKind::FirstLogin)
            .expect("a first-login step");
        let step = doc.project().steps[si].id;
        let field = doc.project().steps[si].fields[0].id;

        // A label: the same inputs.
        doc.apply(Edit::SetField {
            field,
            prop: FieldProp::Display("Employer".into()),
        })
        .unwrap();
        assert_eq!(update(&mut cache, &doc), first);
        // The trigger, a field's name, the settings, undo: each runs it again.
        doc.apply(Edit::SetTrigger {
            step,
            trigger: TriggerKind::LoginCount(7).into(),
        })
        .unwrap();
        assert_eq!(update(&mut cache, &doc), first + 1);
        doc.undo();
        assert_eq!(update(&mut cache, &doc), first + 2);
        doc.apply(Edit::SetField {
            field,
            prop: FieldProp::Name("cf_Renamed".into()),
        })
        .unwrap();
        assert_eq!(update(&mut cache, &doc), first + 3);
        let mut settings = doc.project().settings.clone();
        settings.ask_optional_fields = !settings.ask_optional_fields;
        doc.apply(Edit::SetSettings(settings)).unwrap();
        assert_eq!(update(&mut cache, &doc), first + 4);
        // Another document with the same content: compared step by step, identities differ.
        doc.replace(Project::default_project(), None);
        assert_eq!(update(&mut cache, &doc), first + 5);
    }

    #[test]
    fn untouched_steps_are_compared_by_identity_only() {
        let mut project = Project::default_project();
        let journey = logins(1);
        let mut cache = SimulationCache::default();
        cache.update(&project, 1, &journey, |_| None);
        project.steps[0].trigger.kind = TriggerKind::LoginCount(9);
        // The changes say nothing touched the step: trusted, no simulation.
        assert!(!cache.update(&project, 2, &journey, |_| Some(Touched::default())));
        // Unknown changes: every step compared.
        assert!(cache.update(&project, 3, &journey, |_| None));
        // An earlier revision (another document): everything compared, `changes_since` unused.
        project.steps[0].name = "Renamed".into();
        assert!(cache.update(&project, 1, &journey, |_| panic!("not asked")));
    }

    #[test]
    fn a_new_registration_form_runs_it_again() {
        let mut project = Project::default_project();
        let journey = Journey {
            events: vec![Event::SignUp, Event::Login { dismiss: false }],
            ..Journey::default()
        };
        let mut cache = SimulationCache::default();
        cache.update(&project, 1, &journey, |_| None);
        let first = project.steps[0].fields[0].clone();
        project.registration = Some(vec![first]);
        assert!(cache.update(&project, 2, &journey, |_| None));
        assert_eq!(cache.outcome(), Some(&simulate(&project, &journey)));
    }
}
