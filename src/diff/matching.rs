//! Matching steps, fields and catalog entries between two versions, and the changes of each
//! matched pair (see the module notes of [`super`]).

use std::collections::{HashMap, HashSet};

use serde_json::{Map, Value};

use super::rules::{Judges, option_words, value_impact};
use super::{Change, ChangeKind, Compared, Target, describe_value, rule_words};
use crate::project::{Field, Project, SharedVec, Step, field_to_value, scope_to_value};

/// A matched, added (`None` old) or removed (`None` new) step, by index.
pub(crate) type Pair = (Option<usize>, Option<usize>);

/// Above this many (removed x added) step pairs, renames are not looked for (a comparison of
/// unrelated files).
const MAX_RENAME_CANDIDATES: usize = 250_000;

/// Pairs the steps: by name, then the remaining ones by content. New steps in order (with the
/// old step each is matched with), then the removed ones in old order.
pub(crate) fn match_steps(old: &SharedVec<Step>, new: &SharedVec<Step>) -> Vec<Pair> {
    fn names(s: &Step) -> HashSet<&str> {
        s.fields.iter().map(|f| f.name.as_str()).collect()
    }
    let mut by_name: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, s) in old.iter().enumerate().rev() {
        by_name.entry(s.name.as_str()).or_default().push(i);
    }
    let mut matched: Vec<Option<usize>> = new
        .iter()
        .map(|s| by_name.get_mut(s.name.as_str()).and_then(Vec::pop))
        .collect();
    let mut used = vec![false; old.len()];
    for o in matched.iter().flatten() {
        used[*o] = true;
    }
    let free_old: Vec<usize> = (0..old.len()).filter(|&i| !used[i]).collect();
    let free_new: Vec<usize> = (0..new.len()).filter(|&i| matched[i].is_none()).collect();
    if !free_old.is_empty()
        && !free_new.is_empty()
        && free_old.len() * free_new.len() <= MAX_RENAME_CANDIDATES
    {
        let old_names: Vec<HashSet<&str>> = free_old.iter().map(|&i| names(&old[i])).collect();
        let mut candidates: Vec<(f64, usize, usize)> = Vec::new();
        for &n in &free_new {
            let nn = names(&new[n]);
            for (k, &o) in free_old.iter().enumerate() {
                let score = similarity(&old[o], &old_names[k], &new[n], &nn);
                if score >= 0.5 {
                    candidates.push((score, o, n));
                }
            }
        }
        candidates.sort_by(|a, b| {
            b.0.total_cmp(&a.0)
                .then(a.1.abs_diff(a.2).cmp(&b.1.abs_diff(b.2)))
                .then(a.2.cmp(&b.2))
        });
        for (_, o, n) in candidates {
            if !used[o] && matched[n].is_none() {
                used[o] = true;
                matched[n] = Some(o);
            }
        }
    }
    let mut pairs: Vec<Pair> = matched
        .into_iter()
        .enumerate()
        .map(|(n, o)| (o, Some(n)))
        .collect();
    pairs.extend(
        (0..old.len())
            .filter(|&i| !used[i])
            .map(|i| (Some(i), None)),
    );
    pairs
}

/// How alike two steps are, 0 to 1: the share of field names in common; for two steps without
/// fields, 1 when trigger and scopes are equal.
fn similarity(a: &Step, an: &HashSet<&str>, b: &Step, bn: &HashSet<&str>) -> f64 {
    if an.is_empty() && bn.is_empty() {
        return if a.trigger == b.trigger && a.scopes == b.scopes {
            1.0
        } else {
            0.0
        };
    }
    let common = an.intersection(bn).count();
    let union = an.len() + bn.len() - common;
    common as f64 / union as f64
}

/// The positions (in `seq`) that stay: a longest strictly increasing subsequence. The others
/// are the fewest that must have moved.
pub(crate) fn longest_increasing(seq: &[usize]) -> Vec<bool> {
    // Patience sorting: tails[k] = index in seq of the smallest tail of a run of length k+1.
    let mut tails: Vec<usize> = Vec::new();
    let mut prev: Vec<Option<usize>> = vec![None; seq.len()];
    for (i, &v) in seq.iter().enumerate() {
        let k = tails.partition_point(|&t| seq[t] < v);
        if k > 0 {
            prev[i] = Some(tails[k - 1]);
        }
        if k == tails.len() {
            tails.push(i);
        } else {
            tails[k] = i;
        }
    }
    let mut keep = vec![false; seq.len()];
    let mut at = tails.last().copied();
    while let Some(i) = at {
        keep[i] = true;
        at = prev[i];
    }
    keep
}

/// How a field of a matched step's NEW version came to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Origin {
    /// The old field of the same name (index in the old step).
    Same(usize),
    /// An old field of this step with another name and the same content.
    Renamed(usize),
    /// An old field of another matched step (pair index, field index).
    MovedIn(usize, usize),
    Added,
}

/// "Gender (gender)", or "gender" when the label is the name.
pub(crate) fn field_words(f: &Field) -> String {
    if f.label() == f.name {
        f.name.clone()
    } else {
        format!("{} ({})", f.label(), f.name)
    }
}

fn quoted(s: &str) -> String {
    format!("\"{s}\"")
}

/// A step's JSON as the project file writes it.
pub(crate) fn step_value(step: &Step) -> Value {
    // The serializer writes the step without its fields (cheap), then the fields go in.
    let shell = Step {
        id: step.id,
        name: step.name.clone(),
        trigger: step.trigger.clone(),
        fields: Vec::new(),
        scopes: step.scopes.clone(),
        scopes_present: step.scopes_present,
        extra: step.extra.clone(),
    };
    let project = Project {
        steps: vec![shell].into(),
        ..Project::default()
    };
    let mut v = serde_json::from_str::<Value>(&project.to_canonical())
        .ok()
        .and_then(|v| v.get("steps")?.get(0).cloned())
        .unwrap_or(Value::Null);
    if let Some(fields) = v.get_mut("fields") {
        *fields = Value::Array(step.fields.iter().map(field_to_value).collect());
    }
    v
}

fn scopes_value(step: &Step) -> Value {
    Value::Array(step.scopes.iter().map(scope_to_value).collect())
}

fn scopes_words(step: &Step) -> String {
    if step.scopes.is_empty() {
        return "none".into();
    }
    step.scopes
        .iter()
        .map(|s| match s {
            Some(s) => format!("{} ({})", s.provider, s.scopes),
            None => "null".into(),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The changes of the steps, in the order of `pairs`. Returns how many rules changes were
/// left without their judged values (the judging budget ran out).
pub(crate) fn step_changes(
    old: &Project,
    new: &Project,
    pairs: &[Pair],
    c: &Compared,
    out: &mut Vec<Change>,
) -> usize {
    // Steps that moved: among matched pairs in new order, those off the longest run.
    let matched: Vec<usize> = (0..pairs.len())
        .filter(|&i| pairs[i].0.is_some() && pairs[i].1.is_some())
        .collect();
    let seq: Vec<usize> = matched.iter().filter_map(|&i| pairs[i].0).collect();
    let keep = longest_increasing(&seq);
    let mut step_moved = vec![false; pairs.len()];
    for (k, &i) in matched.iter().enumerate() {
        step_moved[i] = !keep[k];
    }

    // Fields by name within each matched step.
    let mut origins: Vec<Vec<Origin>> = vec![Vec::new(); pairs.len()];
    let mut old_used: Vec<Vec<bool>> = vec![Vec::new(); pairs.len()];
    for &i in &matched {
        let (Some(o), Some(n)) = pairs[i] else {
            continue;
        };
        let (os, ns) = (&old.steps[o], &new.steps[n]);
        let mut by_name: HashMap<&str, Vec<usize>> = HashMap::new();
        for (k, f) in os.fields.iter().enumerate().rev() {
            by_name.entry(f.name.as_str()).or_default().push(k);
        }
        let mut used = vec![false; os.fields.len()];
        origins[i] = ns
            .fields
            .iter()
            .map(
                |f| match by_name.get_mut(f.name.as_str()).and_then(Vec::pop) {
                    Some(k) => {
                        used[k] = true;
                        Origin::Same(k)
                    }
                    None => Origin::Added,
                },
            )
            .collect();
        old_used[i] = used;
    }
    // Names that left one step and arrived in another: moves between steps.
    let mut left: HashMap<&str, Vec<(usize, usize)>> = HashMap::new();
    for &i in &matched {
        let Some(o) = pairs[i].0 else { continue };
        for (k, f) in old.steps[o].fields.iter().enumerate() {
            if !old_used[i][k] {
                left.entry(f.name.as_str()).or_default().push((i, k));
            }
        }
    }
    if !left.is_empty() {
        for &i in &matched {
            let Some(n) = pairs[i].1 else { continue };
            for (k, f) in new.steps[n].fields.iter().enumerate() {
                if origins[i][k] != Origin::Added {
                    continue;
                }
                let Some(cands) = left.get_mut(f.name.as_str()) else {
                    continue;
                };
                let free = |&&(p, fk): &&(usize, usize)| !old_used[p][fk];
                let equal = cands
                    .iter()
                    .filter(free)
                    .find(|&&(p, fk)| pairs[p].0.is_some_and(|o| old.steps[o].fields[fk] == *f));
                let pick = equal.or_else(|| cands.iter().find(free)).copied();
                if let Some((p, fk)) = pick {
                    old_used[p][fk] = true;
                    origins[i][k] = Origin::MovedIn(p, fk);
                    cands.retain(|&x| x != (p, fk));
                }
            }
        }
    }
    // Renames: a field that left and one that arrived in the same step, alike but for the name.
    for &i in &matched {
        let (Some(o), Some(n)) = pairs[i] else {
            continue;
        };
        let (os, ns) = (&old.steps[o], &new.steps[n]);
        for (k, nf) in ns.fields.iter().enumerate() {
            if origins[i][k] != Origin::Added {
                continue;
            }
            let found = (0..os.fields.len())
                .find(|&fk| !old_used[i][fk] && Field::same_but_name(&os.fields[fk], nf));
            if let Some(fk) = found {
                old_used[i][fk] = true;
                origins[i][k] = Origin::Renamed(fk);
            }
        }
    }

    let mut judges = Judges::default();
    for (i, &(o, n)) in pairs.iter().enumerate() {
        match (o, n) {
            (None, Some(n)) => out.push(step_added(new, n, i, c)),
            (Some(o), None) => out.push(step_removed(&old.steps[o], i)),
            (Some(o), Some(n)) => {
                let ctx = PairCx {
                    old,
                    new,
                    pairs,
                    pair: i,
                    os: &old.steps[o],
                    ns: &new.steps[n],
                };
                ctx.step_level(o, n, step_moved[i], c, out);
                ctx.fields(&origins[i], &old_used[i], &mut judges, out);
            }
            (None, None) => {}
        }
    }
    judges.skipped
}

fn step_added(new: &Project, n: usize, pair: usize, c: &Compared) -> Change {
    let s = &new.steps[n];
    let fields: Vec<&str> = s.fields.iter().map(|f| f.name.as_str()).collect();
    let trigger = if c.triggers {
        format!(", {}", lower_first(&s.trigger.kind.describe()))
    } else {
        String::new()
    };
    let summary = format!(
        "Step {} added at position {}{trigger}, with {}{}",
        quoted(&s.name),
        n + 1,
        count(fields.len(), "field"),
        if fields.is_empty() {
            String::new()
        } else {
            format!(": {}", fields.join(", "))
        }
    );
    let mut ch = Change::new(ChangeKind::StepAdded, summary);
    ch.step = Some(s.name.clone());
    ch.new = Some(step_value(s));
    ch.target = Target::Step(s.id);
    ch.pair = Some(pair);
    ch
}

fn step_removed(s: &Step, pair: usize) -> Change {
    let summary = format!(
        "Step {} removed (it had {})",
        quoted(&s.name),
        count(s.fields.len(), "field")
    );
    let mut ch = Change::new(ChangeKind::StepRemoved, summary);
    ch.step = Some(s.name.clone());
    ch.old = Some(step_value(s));
    ch.pair = Some(pair);
    ch
}

fn count(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

/// A matched pair of steps and what its changes need.
struct PairCx<'a> {
    old: &'a Project,
    new: &'a Project,
    pairs: &'a [Pair],
    pair: usize,
    os: &'a Step,
    ns: &'a Step,
}

impl PairCx<'_> {
    fn change(&self, kind: ChangeKind, summary: String) -> Change {
        let mut ch = Change::new(kind, summary);
        ch.step = Some(self.ns.name.clone());
        ch.target = Target::Step(self.ns.id);
        ch.pair = Some(self.pair);
        ch
    }

    fn step_level(&self, o: usize, n: usize, moved: bool, c: &Compared, out: &mut Vec<Change>) {
        let (os, ns) = (self.os, self.ns);
        if os.name != ns.name {
            let mut ch = self.change(
                ChangeKind::StepRenamed,
                format!("Step {} renamed to {}", quoted(&os.name), quoted(&ns.name)),
            );
            ch.key = Some("name".into());
            ch.old = Some(os.name.clone().into());
            ch.new = Some(ns.name.clone().into());
            out.push(ch);
        }
        if moved {
            let mut ch = self.change(
                ChangeKind::StepMoved,
                format!(
                    "Step {} moved from position {} to {}",
                    quoted(&ns.name),
                    o + 1,
                    n + 1
                ),
            );
            ch.key = Some("position".into());
            ch.old = Some((o + 1).into());
            ch.new = Some((n + 1).into());
            out.push(ch);
        }
        if c.triggers && os.trigger != ns.trigger {
            let (ov, nv) = (step_value(os), step_value(ns));
            let mut ch = self.change(
                ChangeKind::TriggerChanged,
                format!(
                    "Trigger of {}: {} became {}",
                    quoted(&ns.name),
                    quoted(&os.trigger.kind.describe()),
                    quoted(&ns.trigger.kind.describe())
                ),
            );
            ch.key = Some("trigger".into());
            ch.old = ov.get("trigger").cloned();
            ch.new = nv.get("trigger").cloned();
            if os.trigger.kind == ns.trigger.kind {
                ch.details
                    .push("only keys the studio does not know changed".into());
            }
            out.push(ch);
        }
        if os.scopes != ns.scopes {
            let mut ch = self.change(
                ChangeKind::ScopesChanged,
                format!(
                    "Scopes of {}: {} became {}",
                    quoted(&ns.name),
                    scopes_words(os),
                    scopes_words(ns)
                ),
            );
            ch.key = Some("scopes".into());
            ch.old = Some(scopes_value(os));
            ch.new = Some(scopes_value(ns));
            out.push(ch);
        }
        for (key, ov, nv) in map_changes(&os.extra, &ns.extra) {
            let mut ch = self.change(
                ChangeKind::StepKeyChanged,
                format!(
                    "Step {}: {}",
                    quoted(&ns.name),
                    key_words(&key, ov.as_ref(), nv.as_ref())
                ),
            );
            ch.key = Some(key);
            ch.old = ov;
            ch.new = nv;
            out.push(ch);
        }
    }

    /// The field changes of this pair: in the new step's order, then the removed fields.
    fn fields(
        &self,
        origins: &[Origin],
        old_used: &[bool],
        judges: &mut Judges,
        out: &mut Vec<Change>,
    ) {
        let (os, ns) = (self.os, self.ns);
        // Moves within the step: among fields that stayed, those off the longest run.
        let stayed: Vec<usize> = (0..origins.len())
            .filter(|&k| matches!(origins[k], Origin::Same(_) | Origin::Renamed(_)))
            .collect();
        let seq: Vec<usize> = stayed
            .iter()
            .map(|&k| match origins[k] {
                Origin::Same(x) | Origin::Renamed(x) => x,
                _ => 0,
            })
            .collect();
        let keep = longest_increasing(&seq);
        let mut moved_within = vec![false; origins.len()];
        for (j, &k) in stayed.iter().enumerate() {
            moved_within[k] = !keep[j];
        }
        for (k, nf) in ns.fields.iter().enumerate() {
            let field_change = |kind: ChangeKind, summary: String| {
                let mut ch = self.change(kind, summary);
                ch.field = Some(nf.name.clone());
                ch.target = Target::Field(nf.id);
                ch
            };
            let old_field = match origins[k] {
                Origin::Added => {
                    let mut ch = field_change(
                        ChangeKind::FieldAdded,
                        format!(
                            "{} added to {} at position {}",
                            field_words(nf),
                            quoted(&ns.name),
                            k + 1
                        ),
                    );
                    ch.new = Some(field_to_value(nf));
                    out.push(ch);
                    continue;
                }
                Origin::MovedIn(p, fk) => {
                    let Some(from) = self.pairs[p].0.map(|o| &self.old.steps[o]) else {
                        continue;
                    };
                    // The step it left, by the name it has now.
                    let left = self.pairs[p]
                        .1
                        .map_or(&from.name, |n| &self.new.steps[n].name);
                    let mut ch = field_change(
                        ChangeKind::FieldMoved,
                        format!(
                            "{} moved from {} to {} (position {})",
                            field_words(nf),
                            quoted(left),
                            quoted(&ns.name),
                            k + 1
                        ),
                    );
                    ch.key = Some("step".into());
                    ch.old = Some(left.clone().into());
                    ch.new = Some(ns.name.clone().into());
                    out.push(ch);
                    (&from.fields[fk], from)
                }
                Origin::Same(fk) | Origin::Renamed(fk) => {
                    let of = &os.fields[fk];
                    if let Origin::Renamed(_) = origins[k] {
                        let mut ch = field_change(
                            ChangeKind::FieldRenamed,
                            format!(
                                "Field {} of {} renamed to {}",
                                of.name,
                                quoted(&ns.name),
                                nf.name
                            ),
                        );
                        ch.key = Some("name".into());
                        ch.old = Some(of.name.clone().into());
                        ch.new = Some(nf.name.clone().into());
                        out.push(ch);
                    }
                    if moved_within[k] {
                        let mut ch = field_change(
                            ChangeKind::FieldMoved,
                            format!(
                                "{} moved within {} from position {} to {}",
                                field_words(nf),
                                quoted(&ns.name),
                                fk + 1,
                                k + 1
                            ),
                        );
                        ch.key = Some("position".into());
                        ch.old = Some((fk + 1).into());
                        ch.new = Some((k + 1).into());
                        out.push(ch);
                    }
                    (of, os)
                }
            };
            let (of, from_step) = old_field;
            if of != nf {
                for mut ch in key_changes(of, nf, Some((from_step, ns, &mut *judges))) {
                    ch.step = Some(ns.name.clone());
                    ch.field = Some(nf.name.clone());
                    ch.target = Target::Field(nf.id);
                    ch.pair = Some(self.pair);
                    ch.summary = format!(
                        "{} in {}: {}",
                        field_words(nf),
                        quoted(&ns.name),
                        ch.summary
                    );
                    out.push(ch);
                }
            }
        }
        // Removed: not matched here, not moved to another step.
        for (fk, of) in os.fields.iter().enumerate() {
            if old_used.get(fk).copied().unwrap_or(false) {
                continue;
            }
            let mut ch = self.change(
                ChangeKind::FieldRemoved,
                format!("{} removed from {}", field_words(of), quoted(&ns.name)),
            );
            ch.field = Some(of.name.clone());
            ch.old = Some(field_to_value(of));
            out.push(ch);
        }
    }
}

/// The keys of two JSON objects that differ: (key, old, new), new's order then old-only keys.
pub(crate) fn map_changes(
    old: &Map<String, Value>,
    new: &Map<String, Value>,
) -> Vec<(String, Option<Value>, Option<Value>)> {
    let mut out = Vec::new();
    for (k, nv) in new {
        let ov = old.get(k);
        if ov != Some(nv) {
            out.push((k.clone(), ov.cloned(), Some(nv.clone())));
        }
    }
    for (k, ov) in old {
        if !new.contains_key(k) {
            out.push((k.clone(), Some(ov.clone()), None));
        }
    }
    out
}

/// "rules \"a\" became \"b\"", "placeholder set to \"x\"", "title removed (was \"y\")".
pub(crate) fn key_words(key: &str, old: Option<&Value>, new: Option<&Value>) -> String {
    match (old, new) {
        (Some(o), Some(n)) => format!("{key} {} became {}", describe_value(o), describe_value(n)),
        (None, Some(n)) => format!("{key} set to {}", describe_value(n)),
        (Some(o), None) => format!("{key} removed (was {})", describe_value(o)),
        (None, None) => key.to_string(),
    }
}

/// The changed keys of a field (its name excepted), each a [`ChangeKind::FieldChanged`]
/// change whose summary is the key's words. `steps`: the old and new step, for the consumer
/// impact of a rules change (none for the catalog).
fn key_changes(
    of: &Field,
    nf: &Field,
    mut steps: Option<(&Step, &Step, &mut Judges)>,
) -> Vec<Change> {
    // Options are long (a country list): serialized only when they differ.
    let (ov, nv) = if of.options == nf.options {
        (
            field_to_value(&without_options(of)),
            field_to_value(&without_options(nf)),
        )
    } else {
        (field_to_value(of), field_to_value(nf))
    };
    let (Value::Object(ov), Value::Object(nv)) = (ov, nv) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (key, o, n) in map_changes(&ov, &nv) {
        if key == "name" {
            continue;
        }
        let mut ch = Change::new(
            ChangeKind::FieldChanged,
            key_words(&key, o.as_ref(), n.as_ref()),
        );
        if key == "rules" {
            ch.details = rule_words(&of.rules, &nf.rules);
            if let Some((os, ns, judges)) = steps.as_mut()
                && of.rules != nf.rules
            {
                ch.impact.values = value_impact(of, os, nf, ns, judges);
            }
        }
        if key == "options" {
            ch.summary = format!(
                "options: {} became {}",
                options_count(o.as_ref()),
                options_count(n.as_ref())
            );
            ch.details = option_words(&of.options, &nf.options);
        }
        ch.key = Some(key);
        ch.old = o;
        ch.new = n;
        out.push(ch);
    }
    out
}

/// A copy of the field without its options (an exhaustive literal: a key Field gains must be
/// decided here).
fn without_options(f: &Field) -> Field {
    Field {
        options: crate::project::Options::Absent,
        ..f.clone()
    }
}

fn options_count(v: Option<&Value>) -> String {
    match v {
        None => "absent".into(),
        Some(Value::Array(a)) => match a.len() {
            1 => "1 choice".into(),
            n => format!("{n} choices"),
        },
        Some(v) => describe_value(v),
    }
}

/// The catalog's changes: by name, then renames by content; its order is not compared.
pub(crate) fn catalog_changes(old: &Project, new: &Project, c: &Compared, out: &mut Vec<Change>) {
    let mut by_name: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, e) in old.catalog.iter().enumerate().rev() {
        by_name.entry(e.field.name.as_str()).or_default().push(i);
    }
    let mut used = vec![false; old.catalog.len()];
    let mut origin: Vec<Option<(usize, bool)>> = new
        .catalog
        .iter()
        .map(|e| {
            let i = by_name.get_mut(e.field.name.as_str()).and_then(Vec::pop)?;
            used[i] = true;
            Some((i, false))
        })
        .collect();
    if origin.iter().any(Option::is_none) && used.iter().any(|u| !u) {
        for (k, e) in new.catalog.iter().enumerate() {
            if origin[k].is_some() {
                continue;
            }
            let found = (0..old.catalog.len()).find(|&i| {
                !used[i]
                    && old.catalog[i].group == e.group
                    && Field::same_but_name(&old.catalog[i].field, &e.field)
            });
            if let Some(i) = found {
                used[i] = true;
                origin[k] = Some((i, true));
            }
        }
    }
    for (k, e) in new.catalog.iter().enumerate() {
        let nf = &e.field;
        let change = |kind: ChangeKind, summary: String| {
            let mut ch = Change::new(kind, summary);
            ch.field = Some(nf.name.clone());
            ch.target = Target::Catalog(nf.id);
            ch
        };
        let Some((i, renamed)) = origin[k] else {
            let mut ch = change(
                ChangeKind::CatalogAdded,
                format!(
                    "Catalog field {} added ({})",
                    field_words(nf),
                    e.group.title()
                ),
            );
            ch.new = Some(field_to_value(nf));
            out.push(ch);
            continue;
        };
        let oe = &old.catalog[i];
        if renamed {
            let mut ch = change(
                ChangeKind::CatalogRenamed,
                format!("Catalog field {} renamed to {}", oe.field.name, nf.name),
            );
            ch.key = Some("name".into());
            ch.old = Some(oe.field.name.clone().into());
            ch.new = Some(nf.name.clone().into());
            out.push(ch);
        }
        if c.catalog_groups && oe.group != e.group {
            let mut ch = change(
                ChangeKind::CatalogChanged,
                format!(
                    "Catalog field {}: palette tab {} became {}",
                    field_words(nf),
                    oe.group.title(),
                    e.group.title()
                ),
            );
            ch.key = Some("group".into());
            ch.old = Some(oe.group.as_str().into());
            ch.new = Some(e.group.as_str().into());
            out.push(ch);
        }
        if oe.field != *nf {
            for mut ch in key_changes(&oe.field, nf, None) {
                ch.kind = ChangeKind::CatalogChanged;
                ch.field = Some(nf.name.clone());
                ch.target = Target::Catalog(nf.id);
                ch.summary = format!("Catalog field {}: {}", field_words(nf), ch.summary);
                out.push(ch);
            }
        }
    }
    for (i, oe) in old.catalog.iter().enumerate() {
        if !used[i] {
            let mut ch = Change::new(
                ChangeKind::CatalogRemoved,
                format!("Catalog field {} removed", field_words(&oe.field)),
            );
            ch.field = Some(oe.field.name.clone());
            ch.old = Some(field_to_value(&oe.field));
            out.push(ch);
        }
    }
}
