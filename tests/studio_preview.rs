//! The live preview panel, driven through its UI as a product manager would.
#![cfg(feature = "gui")]

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use ppstudio::edit::{Edit, apply};
use ppstudio::project::{FieldType, Id, Project, SiteOption, Step};
use ppstudio::studio::panels::Action;
use ppstudio::studio::panels::preview::{PreviewPanel, SubmitResult};
use serde_json::{Value, json};

mod support;
use support::replace_in;

struct State {
    panel: PreviewPanel,
    project: Project,
    revision: u64,
    step: Option<Id>,
}

fn step_id(project: &Project, name: &str) -> Id {
    project
        .steps
        .iter()
        .find(|s| s.name == name)
        .map(|s| s.id)
        .expect("the step exists")
}

fn harness_for(project: Project, step: Option<Id>) -> Harness<'static, State> {
    let state = State {
        panel: PreviewPanel::default(),
        project,
        revision: 1,
        step,
    };
    Harness::builder()
        .with_size(egui::vec2(1400.0, 2400.0))
        .build_ui_state(
            |ui, s: &mut State| {
                // Apply the panel's edits as the app does: the project changes, its revision
                // moves on.
                for action in s.panel.ui(ui, &s.project, s.revision, s.step) {
                    if let Action::Edit(e) | Action::EditLabelled(e, _) = action {
                        apply(&mut s.project, e).expect("the panel's edit applies");
                        s.revision += 1;
                    }
                }
            },
            state,
        )
}

fn harness(step_name: &str) -> Harness<'static, State> {
    let project = Project::default_project();
    let id = step_id(&project, step_name);
    harness_for(project, Some(id))
}

fn type_into(h: &mut Harness<'_, State>, label: &str, text: &str) {
    h.get_by_label(label).focus();
    h.run();
    h.get_by_label(label).type_text(text);
    h.run();
}

/// Preview values are UI state: the project is exactly what it was.
fn assert_project_unchanged(h: &Harness<'_, State>, original: &Project) {
    assert_eq!(&h.state().project, original);
    assert_eq!(h.state().project.to_canonical(), original.to_canonical());
}

#[test]
fn without_a_step_it_asks_for_a_selection() {
    let mut h = harness_for(Project::default_project(), None);
    h.run();
    h.get_by_label("Select a step or a field to preview its step.");
}

#[test]
fn third_login_is_drawn_as_the_consumer_form() {
    let mut h = harness("Third Login");
    h.run();
    h.get_by_role_and_label(Role::ComboBox, "Gender");
    h.get_by_role_and_label(Role::TextInput, "Date of Birth");
    h.get_by_role_and_label(Role::ComboBox, "Country");
    h.get_by_role_and_label(Role::Button, "Progressive Profiling");
    // The date field says how it is typed.
    h.get_by_label_contains("typed as MM-DD-YYYY");
    // An option field starts on the empty entry.
    assert_eq!(
        h.get_by_role_and_label(Role::ComboBox, "Gender")
            .value()
            .as_deref(),
        Some("-- select --")
    );
    // No message before the consumer touches a field.
    assert!(h.query_by_label("The Gender field is required.").is_none());
}

#[test]
fn typing_an_invalid_date_shows_the_browser_message_under_the_field() {
    let original = Project::default_project();
    let mut h = harness_for(original.clone(), Some(step_id(&original, "Third Login")));
    h.run();
    type_into(&mut h, "Date of Birth", "13-01-2000");
    h.get_by_label("The Date of Birth field must contain a valid date.");
    // Only the touched field shows its message.
    assert!(h.query_by_label("The Gender field is required.").is_none());
    // Fixing it removes the message.
    replace_in(&mut h, "Date of Birth", "12-31-2000");
    assert_eq!(
        h.get_by_label("Date of Birth").value().as_deref(),
        Some("12-31-2000")
    );
    assert!(
        h.query_by_label("The Date of Birth field must contain a valid date.")
            .is_none()
    );
    assert_project_unchanged(&h, &original);
}

#[test]
fn matches_compares_with_the_other_field_of_the_form() {
    let mut project = Project::default_project();
    let mut step = Step::new("Security");
    for name in ["password", "confirmpassword"] {
        let field = project
            .catalog_field(name)
            .expect("in the default catalog")
            .field
            .duplicate();
        step.fields.push(field);
    }
    let id = step.id;
    project.steps.push(step);
    // The platform asks for passwords only with a password prompt option (SKIP.md R6).
    project.settings.prompt_password_on_social_login = true;
    let original = project.clone();
    let mut h = harness_for(project, Some(id));
    h.run();
    // Password fields are masked.
    h.get_by_role_and_label(Role::PasswordInput, "Password");
    type_into(&mut h, "Password", "secret1");
    type_into(&mut h, "Confirm Password", "secret2");
    h.get_by_label("The Confirm Password field does not match the Password field.");
    replace_in(&mut h, "Password", "secret2");
    assert!(
        h.query_by_label("The Confirm Password field does not match the Password field.")
            .is_none()
    );
    assert_project_unchanged(&h, &original);
}

/// Pastes `json` into the sample-profile box and uses it.
fn use_profile(h: &mut Harness<'_, State>, json: &str) {
    replace_in(h, "Sample profile JSON", json);
    h.get_by_label("Use this profile").click();
    h.run();
}

/// A consumer as the platform's identity API returns it (shortened).
const ASHA: &str = r#"{
  "Provider": "Email", "FirstName": "Asha", "LastName": "Rao",
  "Email": [{"Type": "Primary", "Value": "asha.rao@example.com"}], "EmailVerified": true,
  "Gender": "U", "BirthDate": "01-15", "Country": {"Code": "in", "Name": "India"},
  "City": "unknown", "PhoneId": null, "Password": null,
  "Addresses": [{"City": "Pune", "Address1": "unknown"}],
  "CustomFields": {"companysize": "11-50"}
}"#;

#[test]
fn a_pasted_platform_profile_gives_each_field_its_reason() {
    let original = Project::default_project();
    let mut h = harness_for(original.clone(), Some(step_id(&original, "Third Login")));
    h.run();
    use_profile(&mut h, ASHA);
    // The profile is the project's now (an edit), in the order it was pasted.
    let kept = h
        .state()
        .project
        .sample_profile()
        .expect("kept in the project")
        .clone();
    assert_eq!(kept.keys().next().map(String::as_str), Some("Provider"));
    assert_eq!(kept["Gender"], "U");
    h.get_by_label("Gender [gender] known: the profile has gender = \"U\"");
    h.get_by_label(
        "Date of Birth [birthdate] asked: the birth date \"01-15\" has no year (no third part \
         after - or /)",
    );
    h.get_by_label("Country [country] known: the profile's Country has the name \"India\"");
    // Gender is known: only the birth date is asked.
    assert!(
        h.query_by_role_and_label(Role::ComboBox, "Gender")
            .is_none()
    );
    h.get_by_role_and_label(Role::TextInput, "Date of Birth");
    h.get_by_label_contains("The form shows: Date of Birth is required");

    // First Login: the email and names are known, the phone is asked.
    let first = step_id(&h.state().project, "First Login");
    h.state_mut().step = Some(first);
    h.run();
    h.get_by_label("First Name [firstname] known: the profile has firstname = \"Asha\"");
    h.get_by_label("Phone Number [phoneid] asked: the profile has no phoneid");
    // A flat profile still works.
    use_profile(&mut h, r#"{"firstname": "Ann"}"#);
    h.get_by_label("First Name [firstname] known: the profile has firstname = \"Ann\"");
    h.get_by_label("Last Name [lastname] asked: the profile has no lastname");
    // Not JSON: where it is wrong, and the profile in use stays.
    replace_in(&mut h, "Sample profile JSON", "{\"firstname\": \"Bo\",\n }");
    h.get_by_label("Use this profile").click();
    h.run();
    h.get_by_label_contains(
        "Not used: JSON allows no comma before a closing ] or }: remove it (line 2, column 2).",
    );
    assert_eq!(
        h.state()
            .project
            .sample_profile()
            .map(|p| p["firstname"].clone()),
        Some(Value::String("Ann".into()))
    );
    // Undoing the edit is the app's: here the harness applies the inverse by hand.
    assert!(apply(&mut h.state_mut().project, Edit::SetSampleProfile(None)).is_ok());
}

#[test]
fn the_preview_follows_the_projects_site_options() {
    let original = Project::default_project();
    let mut h = harness_for(original.clone(), Some(step_id(&original, "First Login")));
    h.run();
    use_profile(&mut h, r#"{"FirstName": "Ann", "LastName": "Lee"}"#);
    // askOptionalFieldsOnProgressiveSteps is on in the project: the optional phone shows.
    h.get_by_role_and_label(Role::TextInput, "Phone Number");
    h.get_by_label_contains("Site options (on: askOptionalFieldsOnProgressiveSteps)");
    // The project's option changes (the settings view's edit): the preview follows.
    let s = h.state_mut();
    apply(
        &mut s.project,
        Edit::SetOption {
            option: SiteOption::AskOptionalFieldsOnProgressiveSteps,
            value: false,
        },
    )
    .expect("applies");
    s.revision += 1;
    h.run();
    h.get_by_label(
        "Nothing happens: no field left to ask is required, and \
         askOptionalFieldsOnProgressiveSteps is off.",
    );
    h.get_by_label(
        "Phone Number [phoneid] asked: the profile has no phoneid (would be asked, but the step \
         shows nothing)",
    );
    assert!(
        h.query_by_role_and_label(Role::TextInput, "Phone Number")
            .is_none()
    );
    assert!(h.query_by_label("Progressive Profiling").is_none());
    h.get_by_label_contains("Site options (every site option is off)");
}

#[test]
fn a_social_consumer_sees_the_re_consent_instead_of_the_form() {
    let original = Project::default_project();
    let mut h = harness_for(original.clone(), Some(step_id(&original, "Third Login")));
    h.run();
    use_profile(&mut h, r#"{"Provider": "Facebook", "FirstName": "Ann"}"#);
    h.get_by_label(
        "A social consumer: instead of the form, they are sent to facebook to re-consent, \
         granting: user_birthday.",
    );
    h.get_by_label("Re-consent with facebook");
    h.get_by_label("Scopes: user_birthday");
    assert!(h.query_by_label("Progressive Profiling").is_none());
    assert!(
        h.query_by_role_and_label(Role::ComboBox, "Gender")
            .is_none()
    );
    // A provider with no Scopes entry: nothing happens.
    let first = step_id(&h.state().project, "First Login");
    h.state_mut().step = Some(first);
    h.run();
    h.get_by_label_contains("Nothing happens: the consumer logged in with \"Facebook\"");
}

#[test]
fn submit_blocks_an_invalid_form_then_posts_json_with_custom_fields() {
    let original = Project::default_project();
    let mut h = harness_for(original.clone(), Some(step_id(&original, "Pricing Page")));
    h.run();
    // An empty form: the browser blocks it and every message shows.
    h.get_by_label("Progressive Profiling").click();
    h.run();
    h.get_by_label("Not submitted: the browser blocks the form.");
    h.get_by_label("The Company field is required.");
    h.get_by_label("The Industry field is required.");
    h.get_by_label("The Company Size field is required.");
    assert!(matches!(
        h.state().panel.last_submit(),
        Some(SubmitResult::Invalid(v)) if v.len() == 3
    ));

    type_into(&mut h, "Company", "Acme");
    h.get_by_role_and_label(Role::ComboBox, "Industry").click();
    h.run();
    h.get_by_label("Automotive").click();
    h.run();
    h.get_by_role_and_label(Role::ComboBox, "Company Size")
        .click();
    h.run();
    h.get_by_label("11-50 employees").click();
    h.run();
    assert!(h.query_by_label("The Company field is required.").is_none());
    h.get_by_label("Progressive Profiling").click();
    h.run();

    let posted = h
        .get_by_label("Posted JSON")
        .value()
        .expect("the JSON block has the text");
    let posted: Value = serde_json::from_str(&posted).expect("valid JSON");
    assert_eq!(
        posted,
        json!({
            "company": "Acme",
            "industry": "automotive",
            "jobtitle": "",
            "CustomFields": { "CompanySize": "11-50" }
        })
    );
    h.get_by_label("Copy JSON");
    assert_project_unchanged(&h, &original);
}

#[test]
fn reset_clears_values_and_the_submit_result_and_widths_change_the_form() {
    let original = Project::default_project();
    let mut h = harness_for(original.clone(), Some(step_id(&original, "Pricing Page")));
    h.run();
    h.get_by_label("Pricing Page form, 375 points wide");
    h.get_by_label("Desktop 1280").click();
    h.run();
    h.get_by_label("Pricing Page form, 1280 points wide");

    type_into(&mut h, "Company", "Acme");
    h.get_by_label("Progressive Profiling").click();
    h.run();
    assert!(h.state().panel.last_submit().is_some());
    h.get_by_label("Reset").click();
    h.run();
    assert_eq!(h.get_by_label("Company").value().as_deref(), Some(""));
    assert!(h.state().panel.last_submit().is_none());
    assert!(
        h.query_by_label("The Industry field is required.")
            .is_none()
    );
    assert_project_unchanged(&h, &original);
}

#[test]
fn read_only_fields_are_editable_as_on_the_site_and_hidden_ones_not_drawn() {
    let mut project = Project::default_project();
    let mut step = Step::new("Account");
    let email = project
        .catalog_field("emailid")
        .expect("in the catalog")
        .field
        .duplicate();
    step.fields.push(email);
    let mut hidden = ppstudio::project::Field::new("source", "Source", FieldType::Hidden);
    hidden
        .extra
        .insert("value".into(), Value::String("campaign-7".into()));
    step.fields.push(hidden);
    let id = step.id;
    project.steps.push(step);
    let mut h = harness_for(project, Some(id));
    h.run();
    // permission "r" changes nothing in a step's form (MARKUP.md): the box takes typing.
    let email = h.get_by_label("Email Address");
    assert!(!email.accesskit_node().is_disabled());
    h.get_by_label("permission \"r\" changes nothing here: the consumer can type in it");
    assert!(h.query_by_label("Source").is_none());
    h.get_by_label("Progressive Profiling").click();
    h.run();
    // The read-only email is empty and required: the browser blocks the form.
    h.get_by_label("The Email Address field is required.");
    h.get_by_label_contains(
        "Source [source] asked: the profile has no source (hidden field: sent with its value, \
         never drawn)",
    );
}

#[test]
fn a_regex_that_runs_too_long_is_checked_in_the_background_and_marked_as_a_freeze() {
    let mut project = Project::default_project();
    let mut step = Step::new("Slow");
    let mut f = ppstudio::project::Field::new("code", "Code", FieldType::String);
    f.rules = r"custom_validation[^(?:(a+)\1*)+$###Bad code]".into();
    f.extra
        .insert("value".into(), Value::String("a".repeat(60) + "b"));
    step.fields.push(f);
    let id = step.id;
    project.steps.push(step);
    let mut h = harness_for(project, Some(id));
    h.run();
    // The frame is drawn at once: the verdict is being checked in the background.
    h.get_by_label_contains("checking it in the background");
    h.get_by_label_contains("Checking… the custom_validation regex is slow on this value");
    assert!(h.state().panel.step_preview().is_some_and(|p| p.checking));
    // The background check answers (the full limit is one second): the page would freeze.
    let mut frozen = false;
    for _ in 0..100 {
        std::thread::sleep(std::time::Duration::from_millis(50));
        h.run();
        if h.query_by_label_contains("The consumer's page would freeze on this value")
            .is_some()
        {
            frozen = true;
            break;
        }
    }
    assert!(frozen, "the background check answered");
    let p = h.state().panel.step_preview().unwrap();
    assert!(p.timed_out && !p.checking);
    // Not a failure: no message, and Submit says the studio cannot tell.
    assert!(h.query_by_label("Bad code").is_none());
    h.get_by_label("Progressive Profiling").click();
    h.run();
    h.get_by_label("The studio cannot say what Submit does in the browser:");
    assert!(matches!(
        h.state().panel.last_submit(),
        Some(SubmitResult::Unknown(v)) if v.len() == 1
    ));
}

#[test]
fn a_rule_that_makes_the_validator_throw_is_marked_not_failed() {
    let mut project = Project::default_project();
    let mut step = Step::new("Throws");
    let mut f = ppstudio::project::Field::new("nickname", "Nickname", FieldType::String);
    f.rules = "required|hasOwnProperty".into();
    f.extra.insert("value".into(), Value::String("Nick".into()));
    step.fields.push(f);
    let id = step.id;
    project.steps.push(step);
    let mut h = harness_for(project, Some(id));
    h.run();
    h.get_by_label_contains("The browser's validator throws on this form");
    h.get_by_label_contains("throws at \"hasOwnProperty\" on this value");
    h.get_by_label("Progressive Profiling").click();
    h.run();
    assert!(matches!(
        h.state().panel.last_submit(),
        Some(SubmitResult::Unknown(_))
    ));
}

#[test]
fn a_submit_made_before_the_profile_changed_goes_away() {
    let original = Project::default_project();
    let mut h = harness_for(original.clone(), Some(step_id(&original, "Pricing Page")));
    h.run();
    h.get_by_label("Progressive Profiling").click();
    h.run();
    assert!(
        h.query_by_label("Not submitted: the browser blocks the form.")
            .is_some()
    );
    use_profile(&mut h, r#"{"Provider": "Email", "Company": "Acme"}"#);
    h.run();
    assert!(
        h.query_by_label("Not submitted: the browser blocks the form.")
            .is_none(),
        "the verdict was about another consumer"
    );
    assert!(h.state().panel.last_submit().is_none());
}

#[test]
fn required_fields_carry_the_platforms_lr_required_mark_and_the_form_comes_before_the_profile() {
    let mut h = harness("Pricing Page");
    h.run();
    // Company, Industry and Company Size ask for `required`; Job Title does not.
    let marks: Vec<f32> = h
        .query_all_by_label(ppstudio::studio::panels::preview::REQUIRED_MARK)
        .map(|n| n.rect().center().y)
        .collect();
    assert_eq!(marks.len(), 3, "{marks:?}");
    let job = h.get_by_role_and_label(Role::TextInput, "Job Title").rect();
    assert!(marks.iter().all(|y| (y - job.center().y).abs() > 10.0));
    // In the side panel the form is first: its Submit is above the sample profile.
    let submit = h.get_by_label("Progressive Profiling").rect();
    let profile = h.get_by_label("Sample profile JSON").rect();
    assert!(submit.max.y < profile.min.y, "{submit:?} {profile:?}");
}
