//! What the consumer's profile page shows (`EDITOR.md`): the platform's profile editor builds
//! one list from the registration form and, with `showInEditor`, the steps' new fields; each
//! field is then pre-filled, empty or dropped by the same field walk as a step's (R1–R10 of
//! [`super::walk`], "known" is pre-filled, "kept" is empty), and two filters make the editable
//! form (a name without the substrings `emailid`/`phoneid`) and the read-only list (a truthy
//! `permission` other than `"h"`).

use serde_json::{Map, Value};

use super::profile::{member, truthy};
use super::{
    BIRTH_DATE, COUNTRY, CUSTOM_FIELDS, Compiled, EMAIL, FieldDecision, FieldState,
    IS_EMAIL_SUBSCRIBED, PHONE_ID, Parent, Prepared, Reason, Special, walk,
};
use crate::project::{Field, Project, Settings, Step};

/// The profile page of `project` for `profile`: its registration form, its steps and its
/// settings (`showInEditor` among them).
pub fn project_page(
    project: &Project,
    profile: &Map<String, Value>,
) -> Result<ProfilePage, PageError> {
    let steps: Vec<&Step> = project.steps.iter().collect();
    profile_page(
        project.registration.as_deref().unwrap_or_default(),
        &steps,
        project.settings.show_in_editor,
        profile,
        &project.settings,
    )
}

/// Where a field of the profile page comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// The registration form's field at this index.
    Registration(usize),
    /// Field `field` of step `step` (indices in the project).
    Step { step: usize, field: usize },
}

/// What the profile page does with a field.
#[derive(Debug, Clone, PartialEq)]
pub enum Fate {
    /// Shown with a value; `None` when the platform found none to write (EDITOR.md rule 7).
    Prefilled(Option<Value>),
    /// Shown with no value.
    Empty,
    /// Not shown anywhere (the walk dropped it).
    Dropped,
    /// Not on the page: a step field while `showInEditor` is off.
    EditorOff,
    /// Not on the page: a step field whose name an earlier field already has (the first
    /// definition wins); the index of that field in [`ProfilePage::fields`].
    Shadowed(usize),
}

/// One field of the registration form or of a step, and what the profile page does with it.
#[derive(Debug, Clone, PartialEq)]
pub struct PageField {
    pub name: String,
    pub origin: Origin,
    pub fate: Fate,
    /// In the editable form.
    pub in_editor: bool,
    /// In the read-only list.
    pub in_viewer: bool,
    /// One sentence for product managers: "pre-filled: the email is verified (...)".
    pub why: String,
}

/// The consumer's profile page.
#[derive(Debug, Clone, PartialEq)]
pub struct ProfilePage {
    /// Every field of the registration form, then of each step, in that order.
    pub fields: Vec<PageField>,
}

impl ProfilePage {
    /// The editable form, in the platform's order.
    pub fn editor(&self) -> impl Iterator<Item = &PageField> {
        self.fields.iter().filter(|f| f.in_editor)
    }

    /// The read-only list, in the platform's order.
    pub fn viewer(&self) -> impl Iterator<Item = &PageField> {
        self.fields.iter().filter(|f| f.in_viewer)
    }

    /// `{"editor": [{"name", "value"?}], "viewer": [names]}` as `ppstudio profile-editor`
    /// prints it (FORMATS.md).
    pub fn to_json(&self) -> Value {
        let editor: Vec<Value> = self
            .editor()
            .map(|f| {
                let mut m = Map::new();
                m.insert("name".into(), Value::String(f.name.clone()));
                if let Fate::Prefilled(Some(v)) = &f.fate {
                    m.insert("value".into(), v.clone());
                }
                Value::Object(m)
            })
            .collect();
        let viewer: Vec<Value> = self
            .viewer()
            .map(|f| Value::String(f.name.clone()))
            .collect();
        serde_json::json!({ "editor": editor, "viewer": viewer })
    }
}

/// Why the platform's library throws on these inputs and renders nothing (EDITOR.md rule 8).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageError(pub String);

impl std::fmt::Display for PageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The fields on a profile page, whatever the profile.
type PageList<'a> = Vec<(Origin, &'a Field)>;
/// The fields of the steps that are not on it, and why.
type Outside<'a> = Vec<(Origin, &'a Field, Fate)>;

/// EDITOR.md rule 1: the registration form as it is (a name twice stays twice), then, with
/// `showInEditor`, each step field whose exact name is not on the list yet (the first
/// definition wins). Also the step fields left out, with why.
pub fn page_list<'a>(
    registration: &'a [Field],
    steps: &[&'a Step],
    show_in_editor: bool,
) -> (PageList<'a>, Outside<'a>) {
    let mut list: PageList<'a> = registration
        .iter()
        .enumerate()
        .map(|(i, f)| (Origin::Registration(i), f))
        .collect();
    let mut outside: Outside<'a> = Vec::new();
    for (si, step) in steps.iter().enumerate() {
        for (fi, f) in step.fields.iter().enumerate() {
            let origin = Origin::Step {
                step: si,
                field: fi,
            };
            if !show_in_editor {
                outside.push((origin, f, Fate::EditorOff));
            } else if let Some(first) = list.iter().position(|(_, g)| g.name == f.name) {
                outside.push((origin, f, Fate::Shadowed(first)));
            } else {
                list.push((origin, f));
            }
        }
    }
    (list, outside)
}

/// Whether a field shown on the profile page is in the editable form (rule 4): a name, and
/// neither `emailid` nor `phoneid` in it (case-sensitive).
pub fn editable_name(name: &str) -> bool {
    !name.is_empty() && !name.contains("emailid") && !name.contains("phoneid")
}

/// Whether a field shown on the profile page is in the read-only list (rule 5).
pub fn in_read_only_list(field: &Field) -> bool {
    permission_visible(field.extra.get("permission"))
}

/// The profile page for `profile` (the platform's profile JSON, or a flat object), from the
/// registration form, the steps (with `showInEditor`) and the site's options.
pub fn profile_page(
    registration: &[Field],
    steps: &[&Step],
    show_in_editor: bool,
    profile: &Map<String, Value>,
    settings: &Settings,
) -> Result<ProfilePage, PageError> {
    let (list, outside) = page_list(registration, steps, show_in_editor);
    let merged = Step {
        fields: list.iter().map(|(_, f)| (*f).clone()).collect(),
        ..Step::new("profile page")
    };
    let compiled = Compiled::new(std::iter::once(&merged));
    let prepared = compiled.prepare(profile);
    let cfields = &compiled.steps[0].fields;
    check_inputs(&merged, cfields, &prepared)?;
    let mut fields = Vec::with_capacity(list.len() + outside.len());
    for (i, ((origin, f), cf)) in list.iter().zip(cfields).enumerate() {
        let d = walk(cf, &prepared, settings);
        let fate = match d.state {
            FieldState::Known => Fate::Prefilled(prefill(cf, d.reason, &prepared)),
            FieldState::Kept => Fate::Empty,
            FieldState::Dropped => Fate::Dropped,
        };
        let shown = fate != Fate::Dropped;
        let in_editor = shown && editable_name(&f.name);
        let in_viewer = shown && in_read_only_list(f);
        let why = sentence(&compiled, i, d, &fate, f, in_editor, in_viewer, &prepared);
        fields.push(PageField {
            name: f.name.clone(),
            origin: *origin,
            fate,
            in_editor,
            in_viewer,
            why,
        });
    }
    for (origin, f, fate) in outside {
        let why = match &fate {
            Fate::EditorOff => "absent: a step's field shows on the profile page only when \
                 showInEditor is on"
                .to_string(),
            Fate::Shadowed(first) => format!(
                "absent: {} comes first with this name (the first definition wins on the \
                 profile page, this copy is ignored)",
                describe(fields[*first].origin, steps)
            ),
            _ => String::new(),
        };
        fields.push(PageField {
            name: f.name.clone(),
            origin,
            fate,
            in_editor: false,
            in_viewer: false,
            why,
        });
    }
    Ok(ProfilePage { fields })
}

/// "the registration form's field" or "the step "X"'s field".
fn describe(origin: Origin, steps: &[&Step]) -> String {
    match origin {
        Origin::Registration(_) => "the registration form's field".into(),
        Origin::Step { step, .. } => format!(
            "the field of the step \"{}\"",
            steps.get(step).map_or("", |s| s.name.as_str())
        ),
    }
}

/// Rule 5: a truthy `permission` other than exactly `"h"`.
fn permission_visible(p: Option<&Value>) -> bool {
    truthy(p) && p.and_then(Value::as_str) != Some("h")
}

/// Rule 8: what the platform's library throws on.
fn check_inputs(
    merged: &Step,
    cfields: &[super::CompiledField],
    p: &Prepared<'_>,
) -> Result<(), PageError> {
    for (f, cf) in merged.fields.iter().zip(cfields) {
        if let Some(parent) = f.extra.get("Parent")
            && truthy(Some(parent))
            && !parent.is_string()
        {
            return Err(PageError(format!(
                "The platform's profile editor fails and shows nothing: the field \"{}\" has a \
                 Parent that is not text ({parent}).",
                f.name
            )));
        }
        let not_text = |slot: u16, what: &str| -> Result<(), PageError> {
            match p.get(slot) {
                Some(v) if truthy(Some(v)) && !v.is_string() => Err(PageError(format!(
                    "The platform's profile editor fails on this profile and shows nothing: \
                     its {what} is {v}, not text, and the page has a field \"{}\".",
                    f.name
                ))),
                _ => Ok(()),
            }
        };
        match cf.special {
            Special::BirthDate => not_text(BIRTH_DATE, "BirthDate")?,
            Special::PhoneId => not_text(PHONE_ID, "PhoneId")?,
            Special::Country if cf.parent == Parent::Empty => {
                if let Some(name) = p.get(COUNTRY).and_then(|c| member(c, "name"))
                    && !matches!(name, Value::Null | Value::String(_))
                    && truthy(Some(name))
                {
                    return Err(PageError(format!(
                        "The platform's profile editor fails on this profile and shows \
                         nothing: its Country's Name is {name}, not text, and the page has a \
                         field \"{}\".",
                        f.name
                    )));
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// A profile value as the editor receives it (rule 2): keys lower-cased at every depth (the
/// first of two colliding keys wins), arrays as objects keyed `"0"`, `"1"`...
pub fn lowered(v: &Value) -> Value {
    match v {
        Value::Object(m) => {
            let mut out = Map::new();
            for (k, x) in m {
                let k = k.to_lowercase();
                if !out.contains_key(&k) {
                    out.insert(k, lowered(x));
                }
            }
            Value::Object(out)
        }
        Value::Array(a) => Value::Object(
            a.iter()
                .enumerate()
                .map(|(i, x)| (i.to_string(), lowered(x)))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// A value as JavaScript's string concatenation writes it (the country's code).
fn js_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => match n.as_f64() {
            Some(x) if x.fract() == 0.0 && x.abs() < 1e21 => format!("{x:.0}"),
            _ => n.to_string(),
        },
        Value::Bool(b) => b.to_string(),
        Value::Null => "null".into(),
        Value::Array(_) | Value::Object(_) => "[object Object]".into(),
    }
}

/// `V[n]` for a value that is not an object: a string's `length` or character at an index.
fn index_text(s: &str, key: &str) -> Option<Value> {
    let units: Vec<u16> = s.encode_utf16().collect();
    if key == "length" {
        return Some(Value::from(units.len()));
    }
    let canonical =
        key == "0" || (!key.starts_with('0') && key.bytes().all(|b| b.is_ascii_digit()));
    let i: usize = key.parse().ok().filter(|_| canonical)?;
    units
        .get(i)
        .map(|u| Value::String(String::from_utf16_lossy(&[*u])))
}

/// The value the editor writes into a pre-filled field (rules 6 and 7); `None` when there is
/// none to write.
fn prefill(f: &super::CompiledField, reason: Reason, p: &Prepared<'_>) -> Option<Value> {
    match reason {
        Reason::EmailVerified | Reason::EmailVerificationNotRequired => p
            .get(EMAIL)
            .and_then(|e| member(e, "0"))
            .and_then(|e| member(e, "value"))
            .map(lowered),
        Reason::CountryNamed => {
            let country = p.get(COUNTRY)?;
            let name = js_text(member(country, "name")?);
            Some(Value::String(match member(country, "code") {
                Some(code) if truthy(Some(code)) => format!("{}|{name}", js_text(code)),
                _ => name,
            }))
        }
        Reason::Subscribed => p.get(IS_EMAIL_SUBSCRIBED).map(lowered),
        Reason::PhoneIdSet => {
            let v = p.get(PHONE_ID)?.as_str()?;
            Some(Value::String(v.replacen('+', "", 1)))
        }
        Reason::BirthDateWithYear => p.get(BIRTH_DATE).map(lowered),
        Reason::ParentLastHasValue => {
            let Parent::Named { slot, sub } = &f.parent else {
                return None;
            };
            let last = super::profile::last_element(p.get(*slot)?)?;
            member(last, sub).map(lowered)
        }
        Reason::ParentNothingFound => {
            let Parent::Named { slot, .. } = &f.parent else {
                return None;
            };
            let n = f.name.to_lowercase();
            match p.get(*slot)? {
                v @ (Value::Object(_) | Value::Array(_)) => member(v, &n).map(lowered),
                Value::String(s) => index_text(s, &n),
                _ => None,
            }
        }
        Reason::CustomFieldSet => {
            let k = f.custom_key.as_deref()?;
            member(p.get(CUSTOM_FIELDS)?, k).map(lowered)
        }
        Reason::AttributeSet => f.slot.and_then(|s| p.get(s)).map(lowered),
        _ => None,
    }
}

/// The one sentence of a field on the profile page.
#[allow(clippy::too_many_arguments)]
fn sentence(
    compiled: &Compiled,
    i: usize,
    d: FieldDecision,
    fate: &Fate,
    f: &Field,
    in_editor: bool,
    in_viewer: bool,
    p: &Prepared<'_>,
) -> String {
    let word = match fate {
        Fate::Prefilled(Some(v)) => format!("pre-filled with {}", super::profile::show_value(v)),
        Fate::Prefilled(None) => "shown with no value".into(),
        Fate::Empty => "empty".into(),
        _ => "absent".into(),
    };
    let because = match d.reason {
        Reason::EmailUnverified => "an unverified email is not shown unless \
             askEmailForUnverifiedProfileAlways is on"
            .to_string(),
        Reason::PasswordNotPrompted => "a password shows only with promptPasswordOnSocialLogin \
             or promptPasswordOnFirstLoginForSocial"
            .to_string(),
        Reason::PinAuthenticationOff => "a PIN shows only with isPINAuthentication".to_string(),
        _ => {
            let full = compiled.explain(0, i, d, p);
            full.split_once(": ")
                .map_or(full.clone(), |(_, s)| s.to_string())
        }
    };
    let mut s = format!("{word}: {because}");
    if *fate != Fate::Dropped {
        match (in_editor, in_viewer) {
            (true, true) => {}
            (true, false) => {
                s.push_str("; not in the read-only list (its permission is empty or \"h\")");
            }
            (false, true) => {
                if f.name.is_empty() {
                    s.push_str(
                        "; only in the read-only list (a field with no name is not editable)",
                    );
                } else {
                    s.push_str(&format!(
                        "; only in the read-only list (a name containing \"{}\" is never \
                         editable)",
                        if f.name.contains("emailid") {
                            "emailid"
                        } else {
                            "phoneid"
                        }
                    ));
                }
            }
            (false, false) => s.push_str(
                "; yet shown nowhere: not editable (its name) and not in the read-only list \
                 (its permission)",
            ),
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::project::FieldType;

    fn field(name: &str, permission: Value, parent: &str) -> Field {
        let mut f = Field::new(name, name, FieldType::String);
        f.extra.insert("permission".into(), permission);
        f.extra
            .insert("Parent".into(), Value::String(parent.into()));
        f
    }

    fn page(reg: Vec<Field>, steps: Vec<Vec<Field>>, show: bool, profile: Value) -> ProfilePage {
        let steps: Vec<Step> = steps
            .into_iter()
            .map(|fields| Step {
                fields,
                ..Step::new("S")
            })
            .collect();
        let refs: Vec<&Step> = steps.iter().collect();
        let profile = profile.as_object().cloned().unwrap_or_default();
        profile_page(&reg, &refs, show, &profile, &Settings::default()).unwrap()
    }

    fn names<'a>(it: impl Iterator<Item = &'a PageField>) -> Vec<&'a str> {
        it.map(|f| f.name.as_str()).collect()
    }

    #[test]
    fn rule_1_registration_then_new_step_names_first_definition_wins_case_sensitive() {
        let w = || json!("w");
        let p = page(
            vec![field("city", w(), ""), field("city", w(), "")],
            vec![vec![
                field("city", w(), ""),
                field("City", w(), ""),
                field("zip", w(), ""),
            ]],
            true,
            json!({}),
        );
        assert_eq!(names(p.editor()), ["city", "city", "City", "zip"]);
        assert_eq!(p.fields[4].fate, Fate::Shadowed(0));
        let off = page(vec![], vec![vec![field("zip", w(), "")]], false, json!({}));
        assert!(names(off.editor()).is_empty());
        assert_eq!(off.fields[0].fate, Fate::EditorOff);
    }

    #[test]
    fn rules_4_and_5_the_editor_filters_names_the_viewer_permissions() {
        let p = page(
            vec![
                field("emailid", json!("w"), ""),
                field("EmailId", json!("h"), ""),
                field("cf_phoneid2", json!("H"), ""),
                field("x", Value::Null, ""),
                field("", json!(" "), ""),
            ],
            vec![],
            false,
            json!({}),
        );
        assert_eq!(names(p.editor()), ["EmailId", "x"]);
        assert_eq!(names(p.viewer()), ["emailid", "cf_phoneid2", ""]);
    }

    #[test]
    fn rule_7_values_as_the_profile_holds_them_keys_lower_cased() {
        let w = || json!("w");
        let p = page(
            vec![
                field("country", w(), ""),
                field("phoneid", w(), ""),
                field("addresses_city", w(), "Addresses"),
                field("cf_Tags", w(), ""),
                field("birthdate", w(), ""),
            ],
            vec![],
            false,
            json!({ "Country": { "Code": 91, "Name": "India" }, "PhoneId": "+44+1",
                    "Addresses": { "addresses_city": null },
                    "CustomFields": { "tags": [ { "A": 1, "a": 2 } ] }, "BirthDate": "07-04" }),
        );
        let json = p.to_json();
        assert_eq!(
            json["editor"],
            json!([{ "name": "country", "value": "91|India" },
                   { "name": "addresses_city", "value": null },
                   { "name": "cf_Tags", "value": { "0": { "a": 1 } } },
                   { "name": "birthdate" }])
        );
        assert!(p.fields[1].why.starts_with("pre-filled with \"44+1\""));
    }

    #[test]
    fn rule_8_inputs_the_platform_throws_on_are_refused_in_words() {
        let reg = vec![field("birthdate", json!("w"), "")];
        let profile = json!({ "BirthDate": 19_900_101 });
        let err = profile_page(
            &reg,
            &[],
            false,
            profile.as_object().unwrap(),
            &Settings::default(),
        )
        .unwrap_err();
        assert!(
            err.0.contains("its BirthDate is 19900101, not text"),
            "{err}"
        );
        let mut bad_parent = field("x", json!("w"), "");
        bad_parent.extra.insert("Parent".into(), json!(1));
        assert!(
            profile_page(&[bad_parent], &[], false, &Map::new(), &Settings::default()).is_err()
        );
    }

    #[test]
    fn an_unverified_email_is_absent_and_says_why() {
        let p = page(
            vec![field("emailid", json!("w"), "")],
            vec![],
            false,
            json!({ "Email": [ { "Type": "Primary", "Value": "a@b.c" } ], "EmailVerified": false }),
        );
        assert_eq!(p.fields[0].fate, Fate::Dropped);
        assert_eq!(
            p.fields[0].why,
            "absent: an unverified email is not shown unless askEmailForUnverifiedProfileAlways is on"
        );
    }
}
