//! The JSON Schema of the project file, generated from these descriptions with schemars.
//! The types here exist only to describe the file; the document types read it.

#![allow(dead_code)]

use schemars::{JsonSchema, schema_for};

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
    version: u32,
    /// The project's name.
    name: Option<String>,
    /// Site options that change what a step shows.
    settings: Option<SettingsFile>,
    /// The palette: every field a step may use. Names are unique.
    catalog: Option<Vec<CatalogField>>,
    /// The steps, in order. Names are unique.
    steps: Option<Vec<StepFile>>,
    /// Top-level keys of an imported platform document, given back on export.
    platform: Option<serde_json::Map<String, serde_json::Value>>,
}

/// Site options.
#[derive(JsonSchema)]
#[schemars(extend("additionalProperties" = true))]
struct SettingsFile {
    /// Show a step's optional fields even when none of its remaining fields is required
    /// (the platform's default: true).
    #[serde(rename = "askOptionalFieldsOnProgressiveSteps")]
    ask_optional_fields_on_progressive_steps: Option<bool>,
}

/// Which palette tab the field belongs to.
#[derive(JsonSchema)]
#[serde(rename_all = "kebab-case")]
enum GroupFile {
    StandardBasic,
    StandardAdvanced,
    Custom,
}

/// A catalog field: a platform field object plus its palette group.
#[derive(JsonSchema)]
#[schemars(extend("additionalProperties" = true))]
struct CatalogField {
    /// standard-basic, standard-advanced or custom (custom names start with cf_).
    group: Option<GroupFile>,
    #[serde(flatten)]
    field: FieldFile,
}

/// The platform's field types; `checkbox` is read as `multi`.
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
    /// What the consumer reads.
    text: String,
    /// What is saved (countries: "code|name").
    value: String,
}

/// A step.
#[derive(JsonSchema)]
#[schemars(extend("additionalProperties" = true))]
struct StepFile {
    /// The name the site passes to execStep.
    name: String,
    /// When the step is shown; manual when absent.
    trigger: Option<TriggerFile>,
    /// The step's fields, in order; a name at most once.
    fields: Option<Vec<FieldFile>>,
    /// Social-login scopes.
    scopes: Option<Vec<ScopeFile>>,
}

/// When a step is shown.
#[derive(JsonSchema)]
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
    Manual,
}

/// A social-login scope pair.
#[derive(JsonSchema)]
#[schemars(extend("additionalProperties" = true))]
struct ScopeFile {
    #[serde(rename = "Provider")]
    provider: String,
    #[serde(rename = "Scopes")]
    scopes: String,
}

/// The schema as pretty JSON with a final newline (what `ppstudio schema` prints).
pub fn schema_string() -> String {
    let mut s = serde_json::to_string_pretty(&schema_for!(ProjectFile)).unwrap_or_default();
    s.push('\n');
    s
}
