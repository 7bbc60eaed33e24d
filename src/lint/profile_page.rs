//! The checks that follow from what the profile page shows (`EDITOR.md`) and from the
//! registration form: one small function each.
//!
//! - [`editor_name`]: a name that is `emailid`/`phoneid` in another letter case (editable on
//!   the profile page, where the real ones never are), or that contains `emailid`/`phoneid`
//!   (silently absent from the editable form);
//! - [`password_on_page`]: a password field every consumer without a password sees, empty, on
//!   the profile page under the password prompt options;
//! - [`differs_from_registration`]: a step field whose copy differs from the registration
//!   form's (the profile page shows the first definition);
//! - [`required_at_sign_up`]: a step field the registration form already requires;
//! - [`registration_twice`]: a name twice in the registration form.

use super::{Location, Problem, Severity};
use crate::project::{Field, Project, Settings, Step};

/// Where a registration field's problem is.
pub(super) fn in_registration(field: &Field, key: &str) -> Location {
    Location {
        step: Some("Registration form".into()),
        field: Some(field.name.clone()),
        field_id: Some(field.id),
        key: Some(key.into()),
        ..Location::default()
    }
}

/// The registration form's own checks (the "several steps" unit runs them).
pub(super) fn registration_problems(project: &Project, out: &mut Vec<Problem>) {
    let Some(form) = &project.registration else {
        return;
    };
    registration_twice(form, out);
    for f in form {
        editor_name(f, in_registration(f, "name"), out);
        password_on_page(&project.settings, f, in_registration(f, "name"), out);
    }
}

/// The checks of a step field against the registration form and the profile page.
pub(super) fn step_field_problems(
    project: &Project,
    step: &Step,
    field: &Field,
    out: &mut Vec<Problem>,
) {
    let registered = project
        .registration
        .iter()
        .flatten()
        .find(|r| r.name == field.name);
    if let Some(r) = registered {
        differs_from_registration(&project.settings, step, field, r, out);
        required_at_sign_up(step, field, r, out);
        return;
    }
    if project.settings.show_in_editor {
        // Only the first step that has the name puts it on the profile page.
        let first = project
            .steps
            .iter()
            .find(|s| s.fields.iter().any(|f| f.name == field.name))
            .is_some_and(|s| s.id == step.id);
        if first {
            editor_name(field, Location::step_field(step, field, "name"), out);
            password_on_page(
                &project.settings,
                field,
                Location::step_field(step, field, "name"),
                out,
            );
        }
    }
}

/// EDITOR.md rule 4: only the exact lower-case substrings keep a field out of the editor.
pub fn editor_name(f: &Field, at: Location, out: &mut Vec<Problem>) {
    let lower = f.name.to_lowercase();
    for word in ["emailid", "phoneid"] {
        if f.name.contains(word) {
            if f.name != word {
                out.push(Problem::new(
                    Severity::Warning,
                    "profile-page-name-hidden",
                    at.clone(),
                    format!(
                        "The field \"{}\" contains \"{word}\" in its name, so the platform leaves \
                         it out of the profile page's editable form: consumers can never change \
                         it there. Rename it if it should be editable.",
                        f.name
                    ),
                ));
            }
        } else if lower == word {
            let mut p = Problem::new(
                Severity::Warning,
                "profile-page-name-case",
                at.clone(),
                format!(
                    "The field \"{}\" is {word} in another letter case: the platform reads it as \
                     the consumer's {} but shows it as an editable input on the profile page, \
                     where {word} itself is never editable. Name it \"{word}\" unless consumers \
                     should edit it there.",
                    f.name,
                    if word == "emailid" {
                        "email"
                    } else {
                        "phone number"
                    }
                ),
            );
            p.fix = Some(word.to_string());
            out.push(p);
        }
    }
}

/// EDITOR.md R6: with either password prompt option on, a password field shows, empty, for
/// every consumer whose profile has `Password: null` (the API's usual value).
pub fn password_on_page(settings: &Settings, f: &Field, at: Location, out: &mut Vec<Problem>) {
    let lower = f.name.to_lowercase();
    let prompted = settings.prompt_password_on_social_login
        || settings.prompt_password_on_first_login_for_social;
    if (lower == "password" || lower == "confirmpassword") && prompted {
        out.push(Problem::new(
            Severity::Warning,
            "profile-page-password",
            at,
            format!(
                "With promptPasswordOnSocialLogin or promptPasswordOnFirstLoginForSocial on, the \
                 profile page shows the field \"{}\" empty to every consumer whose profile has no \
                 password (Password: null, the API's usual value for social consumers).",
                f.name
            ),
        ));
    }
}

/// EDITOR.md rule 1: the first definition of a name wins on the profile page.
pub fn differs_from_registration(
    settings: &Settings,
    step: &Step,
    field: &Field,
    registered: &Field,
    out: &mut Vec<Problem>,
) {
    if !settings.show_in_editor || field == registered {
        return;
    }
    let mut what = Vec::new();
    if field.display != registered.display {
        what.push("label");
    }
    if field.field_type != registered.field_type {
        what.push("type");
    }
    if field.rules != registered.rules {
        what.push("rules");
    }
    if field.options != registered.options {
        what.push("options");
    }
    if field.extra != registered.extra {
        what.push("other keys (permission, Parent...)");
    }
    out.push(Problem::new(
        Severity::Warning,
        "profile-page-first-definition",
        Location::step_field(step, field, "name"),
        format!(
            "The field \"{}\" differs from the registration form's ({}): on the profile page the \
             registration form's definition wins and this step's copy is ignored. Make them the \
             same.",
            field.name,
            what.join(", ")
        ),
    ));
}

/// A step field the registration form requires: every consumer who signed up with the form
/// gave it.
pub fn required_at_sign_up(step: &Step, field: &Field, registered: &Field, out: &mut Vec<Problem>) {
    if !registered.mentions_required() {
        return;
    }
    out.push(Problem::new(
        Severity::Info,
        "asked-at-sign-up",
        Location::step_field(step, field, "name"),
        format!(
            "The registration form already requires \"{}\": every consumer who signed up with \
             the form has it, so this step asks it only of those who signed up another way \
             (social login, an older form).",
            field.name
        ),
    ));
}

/// A name twice in the registration form: the platform shows both copies.
pub fn registration_twice(form: &[Field], out: &mut Vec<Problem>) {
    for (i, f) in form.iter().enumerate() {
        if form[..i].iter().any(|g| g.name == f.name) {
            out.push(Problem::new(
                Severity::Warning,
                "registration-twice",
                in_registration(f, "name"),
                format!(
                    "The registration form has the field \"{}\" twice: the sign-up form and the \
                     profile page show it twice. Remove one.",
                    f.name
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::project::FieldType;

    fn project_with(registration: Vec<Field>, step_fields: Vec<Field>, show: bool) -> Project {
        let mut p = Project::default();
        p.settings.show_in_editor = show;
        p.registration = Some(registration);
        let mut s = Step::new("S");
        s.fields = step_fields;
        p.steps.push(s);
        p
    }

    fn codes(p: &Project) -> Vec<&'static str> {
        let mut out = Vec::new();
        registration_problems(p, &mut out);
        for s in &p.steps {
            for f in &s.fields {
                step_field_problems(p, s, f, &mut out);
            }
        }
        out.iter().map(|p| p.code).collect()
    }

    #[test]
    fn emailid_in_another_case_is_editable_and_a_substring_hides_a_field() {
        let p = project_with(
            vec![
                Field::new("EmailId", "Email", FieldType::Email),
                Field::new("cf_emailid2", "Other email", FieldType::String),
                Field::new("emailid", "Email", FieldType::Email),
            ],
            vec![],
            false,
        );
        assert_eq!(
            codes(&p),
            ["profile-page-name-case", "profile-page-name-hidden"]
        );
    }

    #[test]
    fn step_copies_that_differ_from_the_registration_form_are_named_when_the_editor_shows_them() {
        let reg = Field::new("company", "Company", FieldType::String);
        let mut copy = reg.duplicate();
        copy.display = "Employer".into();
        let p = project_with(vec![reg.clone()], vec![copy.clone()], true);
        assert_eq!(codes(&p), ["profile-page-first-definition"]);
        let p = project_with(vec![reg.clone()], vec![copy], false);
        assert!(codes(&p).is_empty());
        let same = project_with(vec![reg.clone()], vec![reg.duplicate()], true);
        assert!(codes(&same).is_empty());
    }

    #[test]
    fn a_field_required_at_sign_up_is_noted_on_the_step() {
        let mut reg = Field::new("firstname", "First Name", FieldType::String);
        reg.rules = "required".into();
        let p = project_with(vec![reg.clone()], vec![reg.duplicate()], false);
        assert_eq!(codes(&p), ["asked-at-sign-up"]);
    }

    #[test]
    fn passwords_show_empty_under_the_prompt_options() {
        let mut p = project_with(
            vec![Field::new("password", "Password", FieldType::Password)],
            vec![],
            false,
        );
        assert!(codes(&p).is_empty());
        p.settings.prompt_password_on_social_login = true;
        assert_eq!(codes(&p), ["profile-page-password"]);
    }

    #[test]
    fn a_name_twice_in_the_registration_form_is_a_warning() {
        let f = Field::new("city", "City", FieldType::String);
        let p = project_with(vec![f.clone(), f.duplicate()], vec![], false);
        assert_eq!(codes(&p), ["registration-twice"]);
    }
}
