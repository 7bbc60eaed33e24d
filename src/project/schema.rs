//! The JSON Schema of the project file, generated from these descriptions with schemars.
//! The types here exist only to describe the file; the document types read it.

#![allow(dead_code)]

use schemars::JsonSchema;
use schemars::generate::SchemaSettings;

/// A Progressive Profiling Studio project (`*.ppstudio.json`). Unknown keys are allowed at
/// every level and kept.
#[derive(JsonSchema)]
#[schemars(title = "ppstudio project", extend("additionalProperties" = true))]
struct ProjectFile {
    /// Always "ppstudio-project".
    #[schemars(extend("const" = "ppstudio-project"))]
    format: String,
    /// The file format's version: 1.
    #[schemars(extend("const" = 1))]
    version: i64,
    /// The project's name.
    #[serde(default)]
    name: String,
    /// Site options that change what a step shows.
    #[serde(default)]
    settings: SettingsFile,
    /// Translations by locale code (`fr`, `pt-BR`), each in the shape of the platform's
    /// setLocaleBasedInfo hook.
    #[serde(default)]
    locales: std::collections::BTreeMap<String, LocaleFile>,
    /// The palette: every field a step may use. Names are unique.
    #[serde(default)]
    catalog: Vec<CatalogField>,
    /// The site's registration form: platform field objects in the order the form shows them
    /// (a name may appear twice, as the platform allows).
    #[serde(default)]
    registration: Option<Vec<FieldFile>>,
    /// The steps, in order. Names are unique.
    #[serde(default)]
    steps: Vec<StepFile>,
    /// Top-level keys of an imported platform document, given back on export.
    #[serde(default)]
    platform: serde_json::Map<String, serde_json::Value>,
    /// The preview's sample profile: a consumer profile as the platform returns it
    /// (`{"Provider": "Email", "FirstName": ..., "Email": [{"Type", "Value"}], ...}`) or a flat
    /// object of attribute names. `check` reads it too.
    #[serde(rename = "sampleProfile", default)]
    sample_profile: Option<serde_json::Map<String, serde_json::Value>>,
    /// Journeys kept for the simulator, by name (FORMATS.md "Journeys"). A kept journey that
    /// does not read is kept as written and said when it is simulated.
    #[serde(default)]
    journeys: Option<std::collections::BTreeMap<String, JourneyFile>>,
}

/// A consumer's journey, for the simulator.
#[derive(JsonSchema)]
#[schemars(extend("additionalProperties" = true))]
struct JourneyFile {
    /// The consumer's profile at the start, as the platform returns it or a flat object of
    /// attribute names.
    #[serde(default)]
    profile: Option<serde_json::Map<String, serde_json::Value>>,
    /// Overrides of the project's settings, key by key (`null` removes an override).
    #[serde(default)]
    settings: Option<serde_json::Map<String, serde_json::Value>>,
    /// What the consumer does, in order.
    events: Vec<EventFile>,
}

/// One thing the consumer does; `dismiss: true` closes what it shows without submitting.
#[derive(JsonSchema)]
#[serde(tag = "type", rename_all = "snake_case")]
enum EventFile {
    /// A login: the count goes up by one.
    Login {
        #[serde(default)]
        dismiss: Option<bool>,
    },
    /// A page load.
    Visit {
        path: String,
        #[serde(default)]
        dismiss: Option<bool>,
    },
    /// A click on an element id, or an event.
    Click {
        target: String,
        #[serde(default)]
        dismiss: Option<bool>,
    },
    /// A sign-up through the registration form.
    #[serde(rename = "signup")]
    SignUp,
}

/// The site's LoginRadius JavaScript options that decide what a step shows. Absent means the
/// default; `null` too.
#[derive(JsonSchema, Default)]
#[schemars(extend("additionalProperties" = true))]
struct SettingsFile {
    /// Show a step's optional fields even when none of the fields left to ask is required
    /// (the platform's default: true).
    #[serde(rename = "askOptionalFieldsOnProgressiveSteps", default = "yes")]
    ask_optional_fields_on_progressive_steps: Option<bool>,
    /// Show social-login consumers the step's form instead of sending them back to the
    /// provider for more scopes (default false).
    #[serde(rename = "progressiveProfilingTraditional", default = "no")]
    progressive_profiling_traditional: Option<bool>,
    /// Ask for the email again when it is not verified; otherwise an unverified email is
    /// never asked (default false).
    #[serde(rename = "askEmailForUnverifiedProfileAlways", default = "no")]
    ask_email_for_unverified_profile_always: Option<bool>,
    /// Email verification is disabled: an unverified email counts as known (default false).
    #[serde(rename = "disabledEmailVerification", default = "no")]
    disabled_email_verification: Option<bool>,
    /// Email verification is optional: an unverified email counts as known (default false).
    #[serde(rename = "optionalEmailVerification", default = "no")]
    optional_email_verification: Option<bool>,
    /// Lets a step ask for a password when the consumer has none (default false).
    #[serde(rename = "promptPasswordOnSocialLogin", default = "no")]
    prompt_password_on_social_login: Option<bool>,
    /// Lets a step ask for a password when the consumer has none (default false).
    #[serde(rename = "promptPasswordOnFirstLoginForSocial", default = "no")]
    prompt_password_on_first_login_for_social: Option<bool>,
    /// PIN authentication: lets a step ask for a PIN when the consumer has none (default
    /// false).
    #[serde(rename = "isPINAuthentication", default = "no")]
    is_pin_authentication: Option<bool>,
    /// On a first login after a registration that was not by email, show the step's optional
    /// fields too (default false).
    #[serde(rename = "askOptionalFieldsOnRegistration", default = "no")]
    ask_optional_fields_on_registration: Option<bool>,
    /// LRObject.progressiveProfiling.showInEditor: the consumer's profile page also shows the
    /// steps' fields (default false).
    #[serde(rename = "showInEditor", default = "no")]
    show_in_editor: Option<bool>,
}

/// One locale's texts, as the platform's setLocaleBasedInfo hook takes them. Unknown keys
/// (such as errorMessages) are kept.
#[derive(JsonSchema)]
#[schemars(extend("additionalProperties" = true))]
struct LocaleFile {
    /// Field name to label: replaces the field's display everywhere, in messages too.
    #[serde(default)]
    labels: std::collections::BTreeMap<String, String>,
    /// Field name to placeholder.
    #[serde(default)]
    placeholders: std::collections::BTreeMap<String, String>,
    /// Message templates in order (a later entry for the same rule wins); "rule#fieldname"
    /// sets one field's.
    #[serde(default, rename = "validationMessages")]
    validation_messages: Vec<MessageEntryFile>,
    /// Button to text; "progressiveprofiling" is the step form's submit button.
    #[serde(default, rename = "buttonsName")]
    buttons_name: std::collections::BTreeMap<String, String>,
}

/// One validationMessages entry.
#[derive(JsonSchema)]
#[schemars(extend("additionalProperties" = true))]
struct MessageEntryFile {
    /// The rule (required, min_length, ...), or "rule#fieldname" for one field only.
    rule: String,
    /// The template: the first %s is the field's label, a second one the rule's parameter.
    message: String,
}

/// Which palette tab the field belongs to.
#[derive(JsonSchema, Default)]
#[serde(rename_all = "kebab-case")]
enum GroupFile {
    #[default]
    StandardBasic,
    StandardAdvanced,
    Custom,
}

/// A catalog field: a platform field object plus its palette group.
#[derive(JsonSchema)]
#[schemars(extend("additionalProperties" = true))]
struct CatalogField {
    /// standard-basic, standard-advanced or custom (custom names start with cf_).
    #[serde(default)]
    group: GroupFile,
    #[serde(flatten)]
    field: FieldFile,
}

/// The platform's field types; an unknown one (such as `checkbox`, which the platform renders
/// as a text box) is kept as written.
#[derive(JsonSchema)]
#[serde(rename_all = "lowercase")]
enum FieldTypeFile {
    String,
    Email,
    Password,
    Text,
    Option,
    Multi,
    Checkbox,
    Hidden,
}

/// A platform field object.
#[derive(JsonSchema)]
#[schemars(extend("additionalProperties" = true))]
struct FieldFile {
    /// How the field is rendered.
    #[serde(rename = "type")]
    field_type: FieldTypeFile,
    /// The profile attribute; custom fields are cf_<Key>.
    name: String,
    /// The label.
    display: Option<String>,
    /// The validation string, e.g. "required|max_length[50]".
    rules: Option<String>,
    /// The choices of an option field; otherwise null or "".
    options: Option<OptionsFile>,
    /// "w" editable, "r" read-only.
    permission: Option<String>,
}

/// Choices, or null, or "".
#[derive(JsonSchema)]
#[serde(untagged)]
enum OptionsFile {
    List(Vec<OptionFile>),
    Empty(String),
}

/// One choice of an option field.
#[derive(JsonSchema)]
#[schemars(extend("additionalProperties" = true))]
struct OptionFile {
    /// What the consumer reads (a number or boolean is read as its text).
    text: Scalar,
    /// What is saved (countries: "code|name"; a number or boolean is read as its text).
    value: Scalar,
}

/// A string; a number or boolean is kept as written.
#[derive(JsonSchema)]
#[serde(untagged)]
enum Scalar {
    String(String),
    Number(f64),
    Boolean(bool),
}

/// A step.
#[derive(JsonSchema)]
#[schemars(extend("additionalProperties" = true))]
struct StepFile {
    /// The name the site passes to execStep.
    name: String,
    /// When the step is shown; manual when absent.
    #[serde(default)]
    trigger: TriggerFile,
    /// The step's fields, in order; a name at most once.
    #[serde(default)]
    fields: Vec<FieldFile>,
    /// Social-login scopes: a social consumer is sent to re-consent with the first entry whose
    /// Provider matches theirs; `null` entries are skipped.
    #[serde(default)]
    scopes: Vec<Option<ScopeFile>>,
}

/// When a step is shown.
#[derive(JsonSchema, Default)]
#[serde(tag = "on", rename_all = "snake_case")]
enum TriggerFile {
    /// On the consumer's first login.
    FirstLogin,
    /// On the consumer's Nth login (N >= 1).
    LoginCount {
        #[schemars(range(min = 1))]
        count: i64,
    },
    /// When a page whose path matches is visited; `*` matches any run of characters.
    PageVisit { path: String },
    /// When the element id or event name is clicked.
    CtaClick { target: String },
    /// The site calls the step itself.
    #[default]
    Manual,
}

/// A social-login scope pair.
#[derive(JsonSchema)]
#[schemars(extend("additionalProperties" = true))]
struct ScopeFile {
    /// The social provider, compared ignoring letter case (`facebook`, `google`...).
    #[serde(rename = "Provider", default)]
    provider: Option<String>,
    /// The scopes to ask for, as the provider spells them.
    #[serde(rename = "Scopes", default)]
    scopes: Option<String>,
}

fn yes() -> Option<bool> {
    Some(true)
}

fn no() -> Option<bool> {
    Some(false)
}

/// The schema as pretty JSON with a final newline (what `ppstudio schema` prints).
pub fn schema_string() -> String {
    let generator = SchemaSettings::draft2020_12().into_generator();
    let schema = generator.into_root_schema_for::<ProjectFile>();
    let mut s = serde_json::to_string_pretty(&schema).unwrap_or_default();
    s.push('\n');
    s
}
