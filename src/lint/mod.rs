//! Problems in a project: one small function per check, each with its own test.
//!
//! `check(project)` runs them all; the problems list, the step cards and `ppstudio check`
//! show the result.

use std::collections::{HashMap, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::ops::Range;

use serde::Serialize;

use crate::asked::{self, FieldState, NothingReason, Path, Shows};
use crate::edit::Touched;
use crate::project::{
    CatalogEntry, Field, FieldType, Group, Id, Options, Project, Settings, Step, TriggerKind,
};
use crate::rules::{LintContext, RuleProblem};

mod incremental;
pub mod markup;
pub mod profile_page;
#[cfg(test)]
mod tests;
pub mod translations;

pub use crate::rules::Severity;

/// Where a problem is: a step, a field of a step, or a catalog field, and the key at fault.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Location {
    /// The step's name, when the problem is in a step.
    pub step: Option<String>,
    /// The field's name.
    pub field: Option<String>,
    /// The key at fault (`rules`, `options`, `trigger`, `name`...).
    pub key: Option<String>,
    /// True when the field is the catalog's.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub catalog: bool,
    /// The locale code, when the problem is in a translation.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
    #[serde(skip)]
    pub step_id: Option<Id>,
    #[serde(skip)]
    pub field_id: Option<Id>,
    /// Byte range in the rules string that the problem is about.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub span: Option<(usize, usize)>,
}

impl Location {
    fn step(step: &Step, key: &str) -> Self {
        Location {
            step: Some(step.name.clone()),
            step_id: Some(step.id),
            key: Some(key.into()),
            ..Location::default()
        }
    }

    fn step_field(step: &Step, field: &Field, key: &str) -> Self {
        Location {
            field: Some(field.name.clone()),
            field_id: Some(field.id),
            ..Location::step(step, key)
        }
    }

    fn catalog_field(field: &Field, key: &str) -> Self {
        Location {
            field: Some(field.name.clone()),
            field_id: Some(field.id),
            key: Some(key.into()),
            catalog: true,
            ..Location::default()
        }
    }

    /// "Third Login › gender › rules", or "catalog › cf_Team › name".
    pub fn describe(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        if self.catalog {
            parts.push("catalog".into());
        }
        if let Some(code) = &self.locale {
            parts.push(format!("translation {code}"));
        }
        parts.extend(self.step.iter().cloned());
        parts.extend(self.field.iter().cloned());
        parts.extend(self.key.iter().cloned());
        if parts.is_empty() {
            "project".into()
        } else {
            parts.join(" › ")
        }
    }
}

/// One problem, in words a product manager understands.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Problem {
    pub severity: Severity,
    /// A stable short name of the check, for scripts.
    pub code: &'static str,
    #[serde(flatten)]
    pub location: Location,
    pub message: String,
    /// The corrected value of `location.key`, when a fix exists.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<String>,
}

impl Problem {
    pub(crate) fn new(
        severity: Severity,
        code: &'static str,
        location: Location,
        message: String,
    ) -> Self {
        Problem {
            severity,
            code,
            location,
            message,
            fix: None,
        }
    }
}

/// All problems of a project, steps first (in order), then the catalog.
pub fn check(project: &Project) -> Vec<Problem> {
    Checker::default().check(project)
}

/// Runs the checks, remembering the rule lints of each distinct rules string between runs so
/// that re-checking a large project after one edit is cheap, and the problems of each step
/// and catalog field so that [`Checker::update`] re-checks only what an edit touched.
///
/// The checks are grouped in units, each computed by one function below: the checks of
/// several steps at once (names, triggers), one step with its fields, the checks of the whole
/// catalog (names), one catalog field. A full check computes every unit; an update computes
/// the units the edits touched, and the units whose inputs it finds changed (see
/// `incremental.rs`). A new check goes in the unit whose inputs it reads.
#[derive(Default)]
pub struct Checker {
    rule_cache: HashMap<RuleKey, Vec<RuleProblem>>,
    /// Whether every option value of a dropdown fails its rules, by (rules, own name when the
    /// rules read it, hash of the values).
    options_cache: HashMap<(String, Option<String>, u64), bool>,
    /// The problems of the project last checked, by unit.
    units: incremental::Units,
}

/// What a rules string's lints depend on.
#[derive(Hash, PartialEq, Eq)]
struct RuleKey {
    rules: String,
    field_type: String,
    display: String,
    /// The other fields of the step, only when the string can refer to them.
    fields: Vec<String>,
    /// The field's own name, only when the lints can use it.
    name: Option<String>,
    /// A hash of the other fields' labels (when a lint quotes a message) and of a dropdown's
    /// option values: hashed, so that re-checking a large project does not copy them.
    context: u64,
}

impl Checker {
    /// All problems of a project, steps first (in order), then the catalog: the same as
    /// [`Checker::update`] with everything touched, then [`Checker::problems`].
    pub fn check(&mut self, project: &Project) -> Vec<Problem> {
        self.update(project, &Touched::everything());
        self.problems().to_vec()
    }

    /// Brings [`Checker::problems`] up to date with `project`, which differs from the project
    /// of the previous check or update only where `touched` says (the project's own keys,
    /// such as the settings and the sample profile, and the order of the steps and of the
    /// catalog are compared here). The result is what [`check`] gives for `project`. Returns
    /// `false` when the problems are certainly the same as before the update.
    pub fn update(&mut self, project: &Project, touched: &Touched) -> bool {
        if self.rule_cache.len() > 50_000 {
            self.rule_cache.clear();
        }
        if self.options_cache.len() > 50_000 {
            self.options_cache.clear();
        }
        let mut units = std::mem::take(&mut self.units);
        let changed = units.update(self, project, touched);
        self.units = units;
        changed
    }

    /// The problems found by the last [`Checker::check`] or [`Checker::update`], steps first
    /// (in order), then the catalog.
    pub fn problems(&self) -> &[Problem] {
        self.units.problems()
    }

    /// The checks that read several steps at once (names, triggers).
    fn steps_unit(&mut self, project: &Project, out: &mut Vec<Problem>) {
        duplicate_step_names(project, out);
        same_trigger_twice(project, out);
        unreadable_kept_journeys(project, out);
        profile_page::registration_problems(project, out);
        // The registration form's fields: the checks of any field, and of its validation (a
        // `matches[f]` names another field of the form).
        if let Some(form) = &project.registration {
            for field in form {
                let loc = |key: &str| profile_page::in_registration(field, key);
                field_problems(field, &loc, out);
                self.rule_problems(field, Some(form.iter()), &loc, out);
            }
        }
    }

    /// The checks of one step and its fields. `catalog_names` are the catalog's field names.
    fn step_unit(
        &mut self,
        project: &Project,
        catalog_names: &HashSet<String>,
        step: &Step,
        out: &mut Vec<Problem>,
    ) {
        empty_step(step, out);
        invalid_trigger(step, out);
        duplicate_fields_in_step(step, out);
        sample_profile_sees_nothing(project, step, out);
        for field in &step.fields {
            missing_from_catalog(catalog_names, step, field, out);
            never_asked_under_the_options(&project.settings, step, field, out);
            profile_page::step_field_problems(project, step, field, out);
            markup::markup_problems(step, field, out);
            let loc = |key: &str| Location::step_field(step, field, key);
            field_problems(field, &loc, out);
            self.rule_problems(field, Some(step.fields.iter()), &loc, out);
        }
    }

    /// The checks that read the whole catalog (names).
    fn catalog_unit(project: &Project, out: &mut Vec<Problem>) {
        duplicate_catalog_names(project, out);
    }

    /// The checks of one catalog field.
    fn catalog_field_unit(&mut self, entry: &CatalogEntry, out: &mut Vec<Problem>) {
        custom_field_name(entry.group, &entry.field, out);
        let loc = |key: &str| Location::catalog_field(&entry.field, key);
        field_problems(&entry.field, &loc, out);
        // Notes (infos) are about what a consumer meets: a catalog field meets none until a
        // step uses it, and then the step's copy carries them. Errors and warnings stay: they
        // are mistakes wherever the field goes.
        let mut rules = Vec::new();
        self.rule_problems(
            &entry.field,
            None::<std::iter::Empty<&Field>>,
            &loc,
            &mut rules,
        );
        out.extend(rules.into_iter().filter(|p| p.severity != Severity::Info));
    }

    /// The translation checks: they read every locale and every step's texts.
    fn locales_unit(project: &Project, out: &mut Vec<Problem>) {
        translations::translation_problems(project, out);
    }

    /// The validation-language problems of a field (traps, misspellings, regex problems).
    /// `form` is the step's field names; `None` for a catalog field, whose `matches[f]` is
    /// judged where the field is used.
    fn rule_problems<'a>(
        &mut self,
        field: &Field,
        form: Option<impl Iterator<Item = &'a Field>>,
        loc: &dyn Fn(&str) -> Location,
        out: &mut Vec<Problem>,
    ) {
        if field.rules.is_empty() {
            return;
        }
        let in_step = form.is_some();
        // Only what the lints can use goes in the key, so that a large catalog whose fields
        // share a few rules strings is linted a few times, not once per field.
        let rules = &field.rules;
        let reads_fields = rules.contains("matches");
        // required-not-first quotes a message unless `required` is the first rule.
        let display_matters =
            rules.contains("required") && !(rules == "required" || rules.starts_with("required|"));
        // The dropdown lint needs the field's labels only when every option fails: decided
        // first (no message built), so that dropdowns with a good option share cache entries.
        let is_dropdown = field.field_type == FieldType::Option
            && !field.options.list().is_empty()
            && self.every_option_fails(field, reads_fields);
        // A lint that quotes the browser's message needs the labels it can show.
        let quotes = display_matters || is_dropdown;
        let others: Vec<&Field> = match form {
            Some(fields) if reads_fields || quotes => {
                fields.filter(|f| f.name != field.name).collect()
            }
            _ => Vec::new(),
        };
        // A quoted message shows another field's label only where a parameter names it, and
        // the field's own name only where a parameter names it or the label is empty: only
        // those go in the key, so that the copies of a catalog field share one entry.
        let named_in_rules = |name: &str| !name.is_empty() && rules.contains(name);
        let quoted: Vec<&Field> = if quotes {
            others
                .iter()
                .copied()
                .filter(|f| named_in_rules(&f.name))
                .collect()
        } else {
            Vec::new()
        };
        let name_matters =
            reads_fields || (quotes && (field.display.is_empty() || named_in_rules(&field.name)));
        let mut context = DefaultHasher::new();
        for f in &quoted {
            (&f.name, &f.display).hash(&mut context);
        }
        if is_dropdown {
            for o in field.options.list() {
                o.value.hash(&mut context);
            }
        }
        let key = RuleKey {
            rules: rules.clone(),
            field_type: if rules.contains("is_file_type") || is_dropdown {
                field.field_type.as_str().to_string()
            } else {
                String::new()
            },
            display: if quotes {
                field.display.clone()
            } else {
                String::new()
            },
            fields: if reads_fields {
                others.iter().map(|f| f.name.clone()).collect()
            } else {
                Vec::new()
            },
            name: name_matters.then(|| field.name.clone()),
            context: context.finish(),
        };
        let fields_of_context = || -> Vec<String> {
            if reads_fields {
                others.iter().map(|f| f.name.clone()).collect()
            } else {
                quoted.iter().map(|f| f.name.clone()).collect()
            }
        };
        let labels = || -> Vec<(String, String)> {
            quoted
                .iter()
                .map(|f| (f.name.clone(), f.display.clone()))
                .collect()
        };
        let options = || -> Option<Vec<String>> {
            is_dropdown.then(|| {
                field
                    .options
                    .list()
                    .iter()
                    .map(|o| o.value.clone())
                    .collect()
            })
        };
        let problems = self.rule_cache.entry(key).or_insert_with_key(|key| {
            let ctx = LintContext {
                fields: fields_of_context(),
                field_type: Some(key.field_type.clone()).filter(|t| !t.is_empty()),
                display: Some(key.display.clone()).filter(|_| quotes),
                name: key.name.clone(),
                labels: labels(),
                options: options(),
            };
            crate::rules::lint(&key.rules, &ctx)
        });
        for rp in problems.iter() {
            if !in_step && rp.code == "matches-field" {
                continue;
            }
            let mut location = loc("rules");
            location.span = rp.span.clone().map(|r: Range<usize>| (r.start, r.end));
            out.push(Problem {
                severity: rp.severity,
                code: rp.code,
                location,
                message: rp.message.clone(),
                fix: rp.fix.clone(),
            });
        }
    }
}

impl Checker {
    /// [`crate::rules::every_option_fails`] for a dropdown field, remembered.
    fn every_option_fails(&mut self, field: &Field, reads_fields: bool) -> bool {
        let mut h = DefaultHasher::new();
        for o in field.options.list() {
            o.value.hash(&mut h);
        }
        let key = (
            field.rules.clone(),
            reads_fields.then(|| field.name.clone()),
            h.finish(),
        );
        *self.options_cache.entry(key).or_insert_with(|| {
            let values: Vec<String> = field
                .options
                .list()
                .iter()
                .map(|o| o.value.clone())
                .collect();
            crate::rules::every_option_fails(
                &crate::rules::RuleSet::parse(&field.rules),
                reads_fields.then_some(field.name.as_str()),
                &values,
            )
        })
    }
}

/// Counts of each severity.
pub fn counts(problems: &[Problem]) -> (usize, usize, usize) {
    problems
        .iter()
        .fold((0, 0, 0), |(e, w, i), p| match p.severity {
            Severity::Error => (e + 1, w, i),
            Severity::Warning => (e, w + 1, i),
            Severity::Info => (e, w, i + 1),
        })
}

/// The checks that concern a field wherever it is.
fn field_problems(field: &Field, loc: &dyn Fn(&str) -> Location, out: &mut Vec<Problem>) {
    empty_field_name(field, loc, out);
    long_label(field, loc, out);
    unknown_type(field, loc, out);
    option_without_options(field, loc, out);
    duplicate_option_values(field, loc, out);
}

fn quoted_label(field: &Field) -> String {
    format!("\"{}\"", field.label())
}

fn duplicate_step_names(project: &Project, out: &mut Vec<Problem>) {
    let mut seen = HashSet::new();
    for step in &project.steps {
        if !seen.insert(step.name.as_str()) {
            out.push(Problem::new(
                Severity::Error,
                "duplicate-step-name",
                Location::step(step, "name"),
                format!(
                    "Two steps are named \"{}\": the site calls a step by its name, so only one \
                     of them could ever be shown. Rename one.",
                    step.name
                ),
            ));
        }
    }
    for step in project.steps.iter().filter(|s| s.name.trim().is_empty()) {
        out.push(Problem::new(
            Severity::Error,
            "empty-step-name",
            Location::step(step, "name"),
            "A step has no name: the site calls a step by its name. Give it one.".into(),
        ));
    }
}

fn empty_step(step: &Step, out: &mut Vec<Problem>) {
    if step.fields.is_empty() {
        out.push(Problem::new(
            Severity::Warning,
            "empty-step",
            Location::step(step, "fields"),
            format!(
                "The step \"{}\" has no fields: it would complete without showing anything. Drag \
                 fields from the palette into it.",
                step.name
            ),
        ));
    }
}

fn duplicate_fields_in_step(step: &Step, out: &mut Vec<Problem>) {
    let mut seen = HashSet::new();
    for field in &step.fields {
        if !seen.insert(field.name.as_str()) {
            out.push(Problem::new(
                Severity::Error,
                "duplicate-field",
                Location::step_field(step, field, "name"),
                format!(
                    "The field \"{}\" is in the step \"{}\" twice: the consumer would be asked \
                     the same thing twice. Remove one.",
                    field.name, step.name
                ),
            ));
        }
    }
}

fn missing_from_catalog(
    catalog_names: &HashSet<String>,
    step: &Step,
    field: &Field,
    out: &mut Vec<Problem>,
) {
    if !catalog_names.contains(&field.name) {
        out.push(Problem::new(
            Severity::Warning,
            "not-in-catalog",
            Location::step_field(step, field, "name"),
            format!(
                "The field \"{}\" is not in the catalog: the platform only fills profile \
                 attributes it knows. Add it to the catalog or check its name.",
                field.name
            ),
        ));
    }
}

/// SKIP.md R1, R6, R7: a password, PIN or email field the site's options keep from ever being
/// asked (or, for the email, asked only of consumers who have none).
fn never_asked_under_the_options(
    settings: &Settings,
    step: &Step,
    field: &Field,
    out: &mut Vec<Problem>,
) {
    let label = quoted_label(field);
    let (code, message) = match field.name.to_lowercase().as_str() {
        "password" | "confirmpassword"
            if !settings.prompt_password_on_social_login
                && !settings.prompt_password_on_first_login_for_social =>
        {
            (
                "password-never-asked",
                format!(
                    "The field {label} ({}) is never asked under this project's site options: \
                     the platform asks for a password only with promptPasswordOnSocialLogin or \
                     promptPasswordOnFirstLoginForSocial (and never when the consumer already \
                     has one). Turn one on in Project settings, or remove the field.",
                    field.name
                ),
            )
        }
        "pin" | "confirmpin" if !settings.is_pin_authentication => (
            "pin-never-asked",
            format!(
                "The field {label} ({}) is never asked under this project's site options: the \
                 platform asks for a PIN only with PIN authentication (isPINAuthentication). \
                 Turn it on in Project settings, or remove the field.",
                field.name
            ),
        ),
        "emailid" if !settings.ask_email_for_unverified_profile_always => (
            "email-rarely-asked",
            format!(
                "The field {label} ({}) is asked only of consumers who have no email address: a \
                 verified email counts as known, and an unverified one is never asked again \
                 unless askEmailForUnverifiedProfileAlways is on (Project settings).",
                field.name
            ),
        ),
        _ => return,
    };
    out.push(Problem::new(
        Severity::Warning,
        code,
        Location::step_field(step, field, "name"),
        message,
    ));
}

/// A journey kept in the project that does not read as a journey: the Journey tab cannot
/// load it, `simulate --journey` refuses it, and `diff` does not run it.
fn unreadable_kept_journeys(project: &Project, out: &mut Vec<Problem>) {
    for kept in project.kept_journeys() {
        let Err(why) = kept.journey() else {
            continue;
        };
        let name = kept.name();
        out.push(Problem::new(
            Severity::Warning,
            "kept-journey-unreadable",
            Location {
                key: Some(format!("{}.{name}", crate::project::JOURNEYS_KEY)),
                ..Location::default()
            },
            format!(
                "The kept journey \"{name}\" is not a journey the simulator can read ({why}), so \
                 the Journey tab cannot open it, `ppstudio simulate --journey` refuses it and \
                 `diff` does not run it. Fix it in the project file (`ppstudio simulate PROJECT --journey \
                 \"{name}\"` says where), or keep another journey under its name."
            ),
        ));
    }
}

/// A step that shows nothing to the project's sample profile because the platform already
/// knows every field (or never asks it).
fn sample_profile_sees_nothing(project: &Project, step: &Step, out: &mut Vec<Problem>) {
    let Some(profile) = project.sample_profile() else {
        return;
    };
    if step.fields.is_empty() {
        return;
    }
    let d = asked::decide_step(step, profile, &project.settings);
    if d.path != Path::Schema || d.shows != Shows::Nothing(NothingReason::NothingKept) {
        return;
    }
    let dropped = d.fields.iter().any(|f| f.state == FieldState::Dropped);
    out.push(Problem::new(
        Severity::Warning,
        "sample-profile-sees-nothing",
        Location::step(step, "fields"),
        format!(
            "For the sample profile, the platform already knows every field of \"{}\"{}: this \
             consumer would see nothing when it fires. The preview says why for each field.",
            step.name,
            if dropped { " or never asks it" } else { "" }
        ),
    ));
}

fn empty_field_name(field: &Field, loc: &dyn Fn(&str) -> Location, out: &mut Vec<Problem>) {
    if field.name.trim().is_empty() {
        out.push(Problem::new(
            Severity::Error,
            "empty-field-name",
            loc("name"),
            format!(
                "The field {} has no name: its value would not be saved to any profile attribute.",
                quoted_label(field)
            ),
        ));
    }
}

/// The longest label that still reads as a label (in characters).
pub const LONG_LABEL: usize = 120;

fn long_label(field: &Field, loc: &dyn Fn(&str) -> Location, out: &mut Vec<Problem>) {
    let n = field.display.chars().count();
    if n > LONG_LABEL {
        let start: String = field.display.chars().take(40).collect();
        out.push(Problem::new(
            Severity::Warning,
            "long-label",
            loc("display"),
            format!(
                "The label of {} (\"{}…\") is {n} characters long: the platform shows it whole \
                 above the box, so consumers read a paragraph where a label belongs. Keep it \
                 under {LONG_LABEL} characters.",
                field.name,
                start.trim_end()
            ),
        ));
    }
}

fn unknown_type(field: &Field, loc: &dyn Fn(&str) -> Location, out: &mut Vec<Problem>) {
    if let FieldType::Other(t) = &field.field_type {
        let checkbox = t.eq_ignore_ascii_case("checkbox");
        let mut p = Problem::new(
            Severity::Warning,
            "unknown-type",
            loc("type"),
            if checkbox {
                format!(
                    "The field {} has the type \"{t}\", which the platform does not know: the \
                     consumer gets a text box, not a checkbox (only multi is a checkbox). Use \
                     multi for a checkbox.",
                    quoted_label(field)
                )
            } else {
                format!(
                    "The field {} has the type \"{t}\", which the platform does not know: the \
                     consumer gets a plain text box. Use one of string, email, password, text, \
                     option, multi or hidden (a date is a string with callback_valid_date).",
                    quoted_label(field)
                )
            },
        );
        if checkbox {
            p.fix = Some("multi".into());
        }
        out.push(p);
    }
}

fn option_without_options(field: &Field, loc: &dyn Fn(&str) -> Location, out: &mut Vec<Problem>) {
    if field.field_type == FieldType::Option && field.options.list().is_empty() {
        out.push(Problem::new(
            Severity::Error,
            "no-options",
            loc("options"),
            format!(
                "The dropdown {} has no options: the consumer could only pick \"-- select --\". \
                 Add options in the inspector.",
                quoted_label(field)
            ),
        ));
    }
}

fn duplicate_option_values(field: &Field, loc: &dyn Fn(&str) -> Location, out: &mut Vec<Problem>) {
    let Options::List(list) = &field.options else {
        return;
    };
    let mut seen = HashSet::new();
    let mut reported = HashSet::new();
    for o in list {
        if !seen.insert(o.value.as_str()) && reported.insert(o.value.as_str()) {
            out.push(Problem::new(
                Severity::Error,
                "duplicate-option-value",
                loc("options"),
                format!(
                    "The dropdown {} has the value \"{}\" more than once: the saved profile could \
                     not tell those options apart. Give each option its own value.",
                    quoted_label(field),
                    o.value
                ),
            ));
        }
    }
}

fn duplicate_catalog_names(project: &Project, out: &mut Vec<Problem>) {
    let mut seen = HashSet::new();
    for entry in &project.catalog {
        if !seen.insert(entry.field.name.as_str()) {
            out.push(Problem::new(
                Severity::Error,
                "duplicate-catalog-name",
                Location::catalog_field(&entry.field, "name"),
                format!(
                    "The catalog has two fields named \"{}\": a profile attribute has one \
                     definition. Remove or rename one.",
                    entry.field.name
                ),
            ));
        }
    }
}

fn custom_field_name(group: Group, field: &Field, out: &mut Vec<Problem>) {
    let custom_name = crate::project::is_custom_name(&field.name);
    if group == Group::Custom && custom_name {
        // The same rule the studio's dialog and name box apply as the user types.
        if let Err(why) = crate::project::check_custom_name(&field.name) {
            out.push(Problem::new(
                Severity::Warning,
                "custom-field-key",
                Location::catalog_field(field, "name"),
                format!(
                    "The custom field \"{}\" has a key the studio would not accept: {why}",
                    field.name
                ),
            ));
        }
    } else if group == Group::Custom {
        out.push(Problem {
            fix: Some(format!("cf_{}", field.name)),
            ..Problem::new(
                Severity::Error,
                "custom-field-name",
                Location::catalog_field(field, "name"),
                format!(
                    "The custom field \"{}\" must be named cf_{}: the platform stores custom \
                     fields under CustomFields only when their name starts with cf_.",
                    field.name, field.name
                ),
            )
        });
    } else if group != Group::Custom && custom_name {
        out.push(Problem::new(
            Severity::Warning,
            "standard-field-cf-name",
            Location::catalog_field(field, "name"),
            format!(
                "The field \"{}\" is in {} but its name starts with cf_, which the platform \
                 treats as a custom field. Move it to Custom or rename it.",
                field.name,
                group.title()
            ),
        ));
    }
}

fn invalid_trigger(step: &Step, out: &mut Vec<Problem>) {
    let message = match &step.trigger.kind {
        TriggerKind::Unknown(on) => format!(
            "The step \"{}\" has the trigger \"{on}\", which the studio does not know. Use first \
             login, login count, page visit, CTA click or manual.",
            step.name
        ),
        TriggerKind::LoginCount(n) if *n < 1 => format!(
            "The step \"{}\" fires on login number {n}, which never happens: the count starts \
             at 1.",
            step.name
        ),
        TriggerKind::PageVisit(p) if p.trim().is_empty() => format!(
            "The step \"{}\" fires on a page visit but has no path. Enter a path such as \
             /pricing* .",
            step.name
        ),
        TriggerKind::CtaClick(t) if t.trim().is_empty() => format!(
            "The step \"{}\" fires on a click but has no target. Enter the element id or event \
             name, such as upgrade-cta.",
            step.name
        ),
        _ => return,
    };
    out.push(Problem::new(
        Severity::Error,
        "invalid-trigger",
        Location::step(step, "trigger"),
        message,
    ));
}

fn same_trigger_twice(project: &Project, out: &mut Vec<Problem>) {
    // login_count 1 is the same moment as first_login.
    let moment = |k: &TriggerKind| match k {
        TriggerKind::LoginCount(1) => TriggerKind::FirstLogin,
        k => k.clone(),
    };
    let mut first: HashMap<TriggerKind, &str> = HashMap::new();
    for step in &project.steps {
        let kind = moment(&step.trigger.kind);
        if kind == TriggerKind::Manual {
            continue;
        }
        if let Some(other) = first.get(&kind) {
            out.push(Problem::new(
                Severity::Warning,
                "same-trigger",
                Location::step(step, "trigger"),
                format!(
                    "The steps \"{other}\" and \"{}\" fire at the same moment ({}): the consumer \
                     would get both at once. Give one another trigger or merge them.",
                    step.name,
                    step.trigger.kind.describe().to_lowercase()
                ),
            ));
        } else {
            first.insert(kind, &step.name);
        }
    }
}
