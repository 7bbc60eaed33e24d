//! The project's kept journeys run on both versions: the prompts that differ, compared as
//! whole JSON values (whatever the simulator's prompts hold), each put under the first change
//! of its step.

use std::collections::HashMap;

use serde_json::Value;

use super::matching::Pair;
use super::{Change, ChangeKind, Diff, PromptChange};
use crate::journey::{self, KeptJourney};
use crate::project::Project;

/// Above this many (old x new) prompts, prompts are aligned by position only.
const MAX_ALIGN: usize = 4_000_000;

/// The kept journeys of both versions by name: NEW's in order, then those only OLD has.
fn kept<'a>(old: &'a Project, new: &'a Project) -> Vec<&'a KeptJourney> {
    let mut out: Vec<&'a KeptJourney> = Vec::new();
    for p in [new, old] {
        for k in p.kept_journeys() {
            if !out.iter().any(|o| o.name() == k.name()) {
                out.push(k);
            }
        }
    }
    out
}

/// Whether either version keeps journeys.
pub(crate) fn any_kept(old: &Project, new: &Project) -> bool {
    [old, new]
        .iter()
        .any(|p| p.journeys.as_ref().is_some_and(|j| !j.is_empty()))
}

/// The index pairs of a longest common subsequence of `a` and `b`.
fn common(a: &[Value], b: &[Value]) -> Vec<(usize, usize)> {
    if a.len().saturating_mul(b.len()) > MAX_ALIGN {
        return (0..a.len().min(b.len()))
            .filter(|&i| a[i] == b[i])
            .map(|i| (i, i))
            .collect();
    }
    let (n, m) = (a.len(), b.len());
    let mut t = vec![0u32; (n + 1) * (m + 1)];
    let at = |i: usize, j: usize| i * (m + 1) + j;
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            t[at(i, j)] = if a[i] == b[j] {
                t[at(i + 1, j + 1)] + 1
            } else {
                t[at(i + 1, j)].max(t[at(i, j + 1)])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut out = Vec::new();
    while i < n && j < m {
        if a[i] == b[j] {
            out.push((i, j));
            i += 1;
            j += 1;
        } else if t[at(i + 1, j)] >= t[at(i, j + 1)] {
            i += 1;
        } else {
            j += 1;
        }
    }
    out
}

fn event_of(p: &Value) -> usize {
    p.get("event")
        .and_then(Value::as_u64)
        .and_then(|e| usize::try_from(e).ok())
        .unwrap_or(0)
}

fn step_of(p: &Value) -> Option<&str> {
    p.get("step").and_then(Value::as_str)
}

/// Simulates every kept journey on both versions and files the prompts that differ under
/// the first change of their step (the rest in [`Diff::journeys`]).
pub(crate) fn attach_prompts(old: &Project, new: &Project, pairs: &[Pair], diff: &mut Diff) {
    let journeys = kept(old, new);
    if journeys.is_empty() {
        return;
    }
    let mut by_old: HashMap<&str, usize> = HashMap::new();
    let mut by_new: HashMap<&str, usize> = HashMap::new();
    for (i, &(o, n)) in pairs.iter().enumerate() {
        if let Some(o) = o {
            by_old.entry(old.steps[o].name.as_str()).or_insert(i);
        }
        if let Some(n) = n {
            by_new.entry(new.steps[n].name.as_str()).or_insert(i);
        }
    }
    for kept in journeys {
        let name = kept.name();
        let journey = match kept.journey() {
            Ok(j) => j,
            Err(e) => {
                diff.notes.push(format!(
                    "The kept journey \"{name}\" could not be read ({e}): its prompts were not \
                     compared."
                ));
                continue;
            }
        };
        let prompts = |p: &Project| -> Vec<Value> {
            journey::simulate(p, journey)
                .prompts
                .iter()
                .filter_map(|x| serde_json::to_value(x).ok())
                .collect()
        };
        let (a, b) = (prompts(old), prompts(new));
        // OLD's prompts under the names their steps have in NEW: a renamed step shows the
        // consumer the same form.
        let renamed: Vec<Value> = a
            .iter()
            .map(|p| {
                let mut p = p.clone();
                let to = step_of(&p)
                    .and_then(|s| by_old.get(s))
                    .and_then(|&i| pairs[i].1)
                    .map(|n| new.steps[n].name.clone());
                if let (Some(to), Some(m)) = (to, p.as_object_mut()) {
                    m.insert("step".into(), Value::String(to));
                }
                p
            })
            .collect();
        if renamed == b {
            continue;
        }
        let same = common(&renamed, &b);
        let mut a_left = vec![true; a.len()];
        let mut b_left = vec![true; b.len()];
        for &(i, j) in &same {
            a_left[i] = false;
            b_left[j] = false;
        }
        let pair_of_old = |p: &Value| step_of(p).and_then(|s| by_old.get(s).copied());
        let pair_of_new = |p: &Value| step_of(p).and_then(|s| by_new.get(s).copied());
        let mut found: Vec<(Option<usize>, PromptChange)> = Vec::new();
        for (j, pb) in b.iter().enumerate() {
            if !b_left[j] {
                continue;
            }
            let pair = pair_of_new(pb);
            // The same event and step in OLD, shown differently.
            let before = (0..a.len()).find(|&i| {
                a_left[i]
                    && event_of(&a[i]) == event_of(pb)
                    && pair.is_some()
                    && pair_of_old(&a[i]) == pair
            });
            if let Some(i) = before {
                a_left[i] = false;
            }
            found.push((
                pair,
                PromptChange {
                    journey: name.to_string(),
                    event: event_of(pb),
                    old: before.map(|i| a[i].clone()),
                    new: Some(pb.clone()),
                },
            ));
        }
        for (i, pa) in a.iter().enumerate() {
            if a_left[i] {
                found.push((
                    pair_of_old(pa),
                    PromptChange {
                        journey: name.to_string(),
                        event: event_of(pa),
                        old: Some(pa.clone()),
                        new: None,
                    },
                ));
            }
        }
        found.sort_by_key(|(_, p)| p.event);
        for (pair, prompt) in found {
            match cause(&diff.changes, pair, &prompt) {
                Some(i) => diff.changes[i].impact.prompts.push(prompt),
                None => diff.journeys.push(prompt),
            }
        }
    }
}

fn fields_of(p: Option<&Value>) -> Vec<&str> {
    p.and_then(|p| p.get("fields"))
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}

/// The change a differing prompt is filed under: a change of a field the prompt gained or
/// lost (of its step first), else the step's own change that decides when and whether it
/// shows, else the step's first change, else a settings change.
fn cause(changes: &[Change], pair: Option<usize>, prompt: &PromptChange) -> Option<usize> {
    let (old, new) = (
        fields_of(prompt.old.as_ref()),
        fields_of(prompt.new.as_ref()),
    );
    let delta: Vec<&str> = if prompt.old.is_some() && prompt.new.is_some() {
        old.iter()
            .filter(|f| !new.contains(f))
            .chain(new.iter().filter(|f| !old.contains(f)))
            .copied()
            .collect()
    } else {
        Vec::new()
    };
    let about_delta = |c: &Change| c.field.as_deref().is_some_and(|f| delta.contains(&f));
    let is_field_kind = |c: &Change| {
        matches!(
            c.kind,
            ChangeKind::FieldAdded
                | ChangeKind::FieldRemoved
                | ChangeKind::FieldMoved
                | ChangeKind::FieldRenamed
        )
    };
    let in_pair = |c: &Change| pair.is_some() && c.pair == pair;
    let by = |f: &dyn Fn(&Change) -> bool| changes.iter().position(f);
    by(&|c| in_pair(c) && about_delta(c))
        .or_else(|| by(&|c| about_delta(c) && is_field_kind(c)))
        .or_else(|| by(&about_delta))
        .or_else(|| {
            const DECIDING: [ChangeKind; 5] = [
                ChangeKind::TriggerChanged,
                ChangeKind::StepAdded,
                ChangeKind::StepRemoved,
                ChangeKind::StepMoved,
                ChangeKind::ScopesChanged,
            ];
            DECIDING
                .iter()
                .find_map(|k| by(&|c| in_pair(c) && c.kind == *k))
        })
        .or_else(|| by(&in_pair))
        .or_else(|| by(&|c| c.kind == ChangeKind::SettingChanged))
}
