//! `ppstudio screenshots [DIR]`: runs the real window (a display is needed; Xvfb will do),
//! drives it through a few states with synthetic pointer events, writes one PNG per state
//! from the rendered frame (`Context::request_screenshot`) and exits.

use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use egui::{Event, PointerButton, Pos2, ViewportCommand, vec2};

use super::APP_NAME;
use super::app::{StudioApp, StudioOptions};
use super::commands::Command;
use super::files::FakeDialogs;
use super::panels::Selection;
use crate::edit::Edit;
use crate::project::{Id, Project};

/// Where the pointer goes, found from the last frame's widget rectangles.
#[derive(Debug, Clone)]
enum Target {
    /// A palette row, by field name.
    Palette(&'static str),
    /// A step field's row, by step and field name; `dy` from the row's centre.
    StepField(&'static str, &'static str, f32),
    /// An empty spot of the step list.
    Nowhere,
    /// The preview's Submit button.
    PreviewSubmit,
    /// The middle of the side panel.
    Side,
}

#[derive(Debug, Clone)]
enum Scene {
    Wait(u32),
    Command(Command),
    SelectField(&'static str, &'static str),
    Move(Target),
    Press,
    Release,
    /// Clicks the preview's Submit (wherever the preview draws it), then moves the pointer
    /// away so that no hover shows.
    ClickSubmit,
    Capture(&'static str),
    /// Sets the journey panel's journey (JSON text of a journey file).
    Journey(&'static str),
    /// Sets the validation string of a step's field.
    Rules(&'static str, &'static str, &'static str),
    /// Applies an edit made from the project (as a panel would, with undo).
    Apply(fn(&Project) -> Option<Edit>),
    /// Writes the project, with the screenshot journey kept in it, into the driver's scratch
    /// folder and drops that file on the window (it opens: the saved state of the Changes tab).
    OpenFromScratch,
    /// Resizes the window (points).
    Resize(f32, f32),
    /// Presses a key.
    Key(egui::Key),
    /// Selects a step by name.
    SelectStep(&'static str),
    /// The next file dialog cannot be shown (a machine with no portal and no zenity).
    NoNativeDialog,
    /// Sets the project's sample profile (JSON text of a profile; `""`: none), as the preview's
    /// "Use this profile" does.
    SampleProfile(&'static str),
    /// Turns the mouse wheel by this many points (negative: the content moves up).
    Scroll(f32),
    /// Shows the preview in a locale (`""`: the source language), as its Language picker does.
    PreviewLocale(&'static str),
    /// Writes that many generated profiles into the scratch folder and opens them in the
    /// Audience tab.
    AudienceProfiles(u64),
    /// Waits until the Audience tab's forecast is done.
    AudienceDone,
    Exit,
}

/// The French translation of the translation screenshots: the first step's labels, one
/// placeholder, two rules' templates (one for one field), the button; the phone's label and
/// the other templates left to translate.
const FRENCH: &str = r#"{ "fr": {
  "labels": { "firstname": "Prénom", "lastname": "Nom de famille", "emailid": "Adresse e-mail" },
  "placeholders": { "firstname": "Votre prénom" },
  "validationMessages": [
    { "rule": "required", "message": "Le champ %s est obligatoire." },
    { "rule": "max_length", "message": "Le champ %s ne doit pas dépasser %s caractères." },
    { "rule": "required#lastname", "message": "Merci d'indiquer votre nom de famille." } ],
  "buttonsName": { "progressiveprofiling": "Envoyer" } } }"#;

/// The edit that gives the project the screenshot's French translation.
fn french(_: &Project) -> Option<Edit> {
    let locales = serde_json::from_str(FRENCH).ok()?;
    Some(Edit::Locales(crate::edit::LocaleEdit::Replace(Box::new(
        locales,
    ))))
}

/// The registration form of the profile-page screenshot: the catalog's email, password,
/// names and country.
fn sign_up_form(p: &Project) -> Option<Edit> {
    let fields = [
        "emailid",
        "password",
        "confirmpassword",
        "firstname",
        "lastname",
        "country",
    ]
    .iter()
    .filter_map(|n| p.catalog_field(n).map(|c| c.field.duplicate()))
    .collect();
    Some(Edit::SetRegistration {
        fields: Some(fields),
        label: "Set the registration form".into(),
    })
}

/// A consumer as the platform's identity API returns it, for the preview screenshots.
const PROFILE: &str = r#"{ "Provider": "Email", "Uid": "57437e65bb3369f3b0f80b2b616f9229",
  "FirstName": "Asha", "LastName": "Rao", "FullName": "Asha Rao",
  "Email": [ { "Type": "Primary", "Value": "asha.rao@example.com" } ], "EmailVerified": true,
  "Password": null, "PhoneId": null, "Gender": "U", "BirthDate": "01-15",
  "Country": { "Code": "in", "Name": "India" }, "City": "unknown", "IsEmailSubscribed": false,
  "CustomFields": { "companysize": "11-50" }, "Addresses": [ { "City": "Pune" } ],
  "FirstLogin": false, "RegistrationProvider": "Email", "NoOfLogins": 18 }"#;

/// The same consumer after a Facebook login.
const SOCIAL_PROFILE: &str = r#"{ "Provider": "facebook", "FirstName": "Asha", "LastName": "Rao",
  "Email": [ { "Type": "Primary", "Value": "asha.rao@example.com" } ], "EmailVerified": true }"#;

/// The journey of the journey screenshot: three logins and a pricing visit, no upgrade click.
const JOURNEY: &str = r#"{ "profile": { "firstname": "Ann", "phoneid": "+1 555 0100" },
  "events": [ { "type": "login" }, { "type": "login" }, { "type": "login", "dismiss": true },
              { "type": "visit", "path": "/pricing/teams" }, { "type": "login" } ] }"#;

/// A file the script drops on the window.
#[derive(Debug)]
struct Dropped(PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &Path {
        &self.0
    }
    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

/// The driver: the studio plus a script.
struct Driver {
    app: StudioApp,
    script: VecDeque<Scene>,
    dir: PathBuf,
    events: Vec<Event>,
    pointer: Pos2,
    shot: Arc<Mutex<Option<Arc<egui::ColorImage>>>>,
    waiting_for: Option<&'static str>,
    wait: u32,
    result: Arc<Mutex<Result<Vec<PathBuf>, String>>>,
    /// The app's file dialogs (a fake: no real dialog opens while the script runs).
    dialogs: FakeDialogs,
    /// A temporary folder for the project the script opens.
    scratch: PathBuf,
    /// Files to drop on the window in the next frame.
    dropped: Vec<PathBuf>,
}

fn script() -> VecDeque<Scene> {
    use Scene::*;
    VecDeque::from(vec![
        Command(super::commands::Command::ThemeDark),
        Wait(20),
        Capture("studio-default-dark"),
        Resize(800.0, 500.0),
        Wait(20),
        SelectStep("Third Login"),
        Wait(10),
        Capture("studio-800x500"),
        Resize(1920.0, 1080.0),
        Wait(20),
        SelectField("Pricing Page", "cf_CompanySize"),
        Wait(10),
        Capture("studio-1920x1080"),
        Resize(1400.0, 860.0),
        Wait(20),
        SelectField("Third Login", "gender"),
        Wait(10),
        Capture("studio-field-selected"),
        Move(Target::Palette("company")),
        Wait(3),
        Press,
        Wait(3),
        Move(Target::StepField("First Login", "lastname", -ROW_HALF)),
        Wait(6),
        Move(Target::StepField(
            "First Login",
            "lastname",
            -ROW_HALF + 1.0,
        )),
        Wait(6),
        Capture("studio-drag-in-progress"),
        Move(Target::StepField("Third Login", "country", 0.0)),
        Wait(4),
        Move(Target::StepField("Pricing Page", "company", 2.0)),
        Wait(6),
        Capture("studio-drag-refused"),
        Move(Target::Palette("emailid")),
        Wait(3),
        Release,
        Wait(6),
        SelectField("Pricing Page", "company"),
        Command(super::commands::Command::ShowPreview),
        Wait(10),
        ClickSubmit,
        Wait(10),
        Capture("studio-preview"),
        // The consumer view: the same form at full size, Submit pressed, the reasons beside.
        Command(super::commands::Command::ConsumerView),
        Wait(10),
        ClickSubmit,
        Wait(10),
        Capture("studio-consumer-view"),
        Command(super::commands::Command::ConsumerView),
        Wait(5),
        Command(super::commands::Command::ShowJourney),
        Journey(JOURNEY),
        Wait(10),
        Capture("studio-journey"),
        SampleProfile(PROFILE),
        SelectField("Third Login", "gender"),
        Command(super::commands::Command::ShowPreview),
        Wait(10),
        Capture("studio-preview-reasons"),
        SampleProfile(SOCIAL_PROFILE),
        Wait(10),
        Capture("studio-preview-consent"),
        // Both sample profiles undone: back to the opened state, so that opening the scratch
        // project later does not ask about unsaved changes.
        Command(super::commands::Command::Undo),
        Command(super::commands::Command::Undo),
        // The consumer's profile page: a registration form, the sample consumer, showInEditor.
        Apply(sign_up_form),
        SampleProfile(PROFILE),
        Apply(|_| {
            Some(Edit::SetOption {
                option: crate::project::SiteOption::ShowInEditor,
                value: true,
            })
        }),
        Command(super::commands::Command::ShowProfilePage),
        Move(Target::Nowhere),
        Wait(10),
        Capture("studio-profile-page"),
        Command(super::commands::Command::Undo),
        Command(super::commands::Command::Undo),
        Command(super::commands::Command::Undo),
        Command(super::commands::Command::ProjectSettings),
        Wait(10),
        Capture("studio-settings"),
        // Translations: a French locale, the first step's texts, then its form in French.
        Apply(french),
        SelectStep("First Login"),
        Command(super::commands::Command::ShowTranslations),
        Move(Target::Nowhere),
        Wait(10),
        Capture("studio-translations"),
        Command(super::commands::Command::ShowPreview),
        PreviewLocale("fr"),
        Wait(10),
        // The form is below the sample profile: scrolled into view, as a hand would.
        Move(Target::Side),
        Wait(3),
        Scroll(-420.0),
        Wait(60),
        // Aimed twice: the smooth scroll may still move the button after the first aim.
        Move(Target::PreviewSubmit),
        Wait(10),
        ClickSubmit,
        Wait(10),
        Capture("studio-preview-fr"),
        PreviewLocale(""),
        Command(super::commands::Command::Undo),
        // Who would be asked, over generated profiles.
        AudienceProfiles(50_000),
        Wait(2),
        AudienceDone,
        Move(Target::Nowhere),
        Wait(10),
        Capture("studio-audience"),
        Command(super::commands::Command::ShowInspector),
        Rules(
            "Pricing Page",
            "company",
            "required|min_lenght[3]|custom_validation[^([A-Za-z]+ ?)+$###Letters only]",
        ),
        SelectField("Pricing Page", "company"),
        Wait(10),
        Capture("studio-rules-problems"),
        Command(super::commands::Command::Undo),
        Command(super::commands::Command::ThemeLight),
        Move(Target::Nowhere),
        Wait(10),
        Capture("studio-field-selected-light"),
        Command(super::commands::Command::ThemeDark),
        NoNativeDialog,
        Command(super::commands::Command::SaveAs),
        Wait(10),
        Capture("studio-own-file-chooser"),
        Key(egui::Key::Escape),
        Wait(4),
        // The Changes tab: the journey kept and the project saved, then a deploy's edits.
        OpenFromScratch,
        Wait(3),
        Apply(|p| {
            Some(Edit::SetField {
                field: step_field(p, "Pricing Page", "company")?,
                prop: crate::edit::FieldProp::Rules(
                    "required|min_length[3]|max_length[100]".into(),
                ),
            })
        }),
        Apply(|p| {
            Some(Edit::SetTrigger {
                step: p.steps.iter().find(|s| s.name == "Third Login")?.id,
                trigger: crate::project::TriggerKind::LoginCount(2).into(),
            })
        }),
        Apply(|p| {
            Some(Edit::MoveField {
                field: step_field(p, "Pricing Page", "jobtitle")?,
                to_step: p.steps.iter().find(|s| s.name == "First Login")?.id,
                index: usize::MAX,
            })
        }),
        Command(super::commands::Command::ShowChanges),
        SelectField("Pricing Page", "company"),
        Move(Target::Nowhere),
        Wait(10),
        Capture("studio-changes"),
        // Back to the saved state, so that closing does not ask about unsaved changes.
        Command(super::commands::Command::Undo),
        Command(super::commands::Command::Undo),
        Command(super::commands::Command::Undo),
        Exit,
    ])
}

/// The identity of a step's field.
fn step_field(p: &Project, step: &str, name: &str) -> Option<Id> {
    p.steps
        .iter()
        .find(|s| s.name == step)?
        .field(name)
        .map(|f| f.id)
}

const ROW_HALF: f32 = super::widgets::ROW_HEIGHT / 2.0;

impl Driver {
    fn field_id(&self, step: &str, name: &str) -> Option<Id> {
        let p = self.app.document().project();
        p.steps
            .iter()
            .find(|s| s.name == step)?
            .field(name)
            .map(|f| f.id)
    }

    fn target(&mut self, ctx: &egui::Context, t: &Target) -> Option<Pos2> {
        let p = self.app.document().project();
        let (id, dy) = match t {
            Target::Palette(name) => (
                egui::Id::unique(("palette-row", p.catalog_field(name)?.field.id.0)),
                0.0,
            ),
            Target::Nowhere => return Some(Pos2::new(720.0, 43.0)),
            Target::Side => {
                let side = self.app.panel_rects().iter().find(|(n, _)| *n == "side");
                return side.map(|(_, r)| r.center());
            }
            Target::PreviewSubmit => {
                return self.app.preview_panel()?.submit_rect().map(|r| r.center());
            }
            Target::StepField(step, name, dy) => (
                egui::Id::unique(("step-field", self.field_id(step, name)?.0)),
                *dy,
            ),
        };
        let rect = ctx.read_response(id)?.rect;
        Some(rect.left_center() + vec2(70.0, dy))
    }

    fn step(&mut self, ctx: &egui::Context) {
        ctx.request_repaint();
        if let Some(name) = self.waiting_for {
            let img = self.shot.lock().ok().and_then(|mut s| s.take());
            if let Some(img) = img {
                self.waiting_for = None;
                let path = self.dir.join(format!("{name}.png"));
                if let Err(e) = save_png(&path, &img)
                    && let Ok(mut r) = self.result.lock()
                {
                    *r = Err(e);
                } else if let Ok(mut r) = self.result.lock()
                    && let Ok(list) = r.as_mut()
                {
                    list.push(path);
                }
            }
            return;
        }
        if self.wait > 0 {
            self.wait -= 1;
            return;
        }
        let Some(scene) = self.script.pop_front() else {
            return;
        };
        match scene {
            Scene::Wait(n) => self.wait = n,
            Scene::Command(c) => self.app.run(ctx, c),
            Scene::SelectField(step, name) => {
                if let Some(id) = self.field_id(step, name) {
                    self.app.select(Selection::Field(id));
                }
            }
            Scene::Move(t) => {
                if let Some(to) = self.target(ctx, &t) {
                    // Move in a few steps, as a hand would.
                    for i in 1..=4 {
                        let p = self.pointer.lerp(to, i as f32 / 4.0);
                        self.events.push(Event::PointerMoved(p));
                    }
                    self.pointer = to;
                }
            }
            Scene::Press | Scene::Release => self.events.push(Event::PointerButton {
                pos: self.pointer,
                button: PointerButton::Primary,
                pressed: matches!(scene, Scene::Press),
                modifiers: egui::Modifiers::NONE,
            }),
            Scene::Capture(name) => {
                let slot = self.shot.clone();
                ctx.request_screenshot(move |img| {
                    if let Ok(mut s) = slot.lock() {
                        *s = Some(img);
                    }
                });
                self.waiting_for = Some(name);
            }
            Scene::Rules(step, name, rules) => {
                if let Some(id) = self.field_id(step, name) {
                    self.app.apply_edit(crate::edit::Edit::SetField {
                        field: id,
                        prop: crate::edit::FieldProp::Rules(rules.to_string()),
                    });
                }
            }
            Scene::OpenFromScratch => {
                let mut p = self.app.document().project().clone();
                let journey = serde_json::from_str(JOURNEY).unwrap_or_default();
                let kept = p.journeys.clone().unwrap_or_default();
                p.journeys = Some(kept.with("Returning customer", journey));
                let path = self.scratch.join("acme.ppstudio.json");
                match crate::io::write_atomic(&path, p.to_canonical().as_bytes()) {
                    Ok(()) => self.dropped.push(path),
                    Err(e) => {
                        if let Ok(mut r) = self.result.lock() {
                            *r = Err(format!("{}: {e}", path.display()));
                        }
                    }
                }
            }
            Scene::Apply(make) => {
                if let Some(edit) = make(self.app.document().project()) {
                    self.app.apply_edit(edit);
                }
            }
            Scene::Journey(text) => {
                if let Some(panel) = self.app.journey_panel()
                    && let Err(e) = panel.load(text.as_bytes())
                    && let Ok(mut r) = self.result.lock()
                {
                    *r = Err(format!("the screenshot journey: {e}"));
                }
            }
            Scene::Resize(w, h) => {
                ctx.send_viewport_cmd(ViewportCommand::InnerSize(vec2(w, h)));
            }
            Scene::Key(key) => self.events.push(Event::Key {
                key,
                physical_key: None,
                pressed: true,
                repeat: false,
                modifiers: egui::Modifiers::NONE,
            }),
            Scene::SelectStep(name) => {
                let id = self
                    .app
                    .document()
                    .project()
                    .steps
                    .iter()
                    .find(|s| s.name == name)
                    .map(|s| s.id);
                if let Some(id) = id {
                    self.app.select(Selection::Step(id));
                }
            }
            Scene::NoNativeDialog => {
                self.dialogs
                    .answer_with(crate::studio::files::DialogAnswer::Unavailable(
                        "zenity is not installed and there is no D-Bus session bus (so no desktop \
                     portal)"
                            .into(),
                    ));
            }
            Scene::SampleProfile(text) => {
                let profile = if text.is_empty() {
                    Ok(None)
                } else {
                    crate::asked::profile::parse_profile(text.as_bytes()).map(Some)
                };
                match profile {
                    Ok(profile) => {
                        if let super::panels::Action::EditLabelled(edit, _) =
                            super::panels::preview::set_sample_profile(profile)
                        {
                            self.app.apply_edit(edit);
                        }
                    }
                    Err(e) => {
                        if let Ok(mut r) = self.result.lock() {
                            *r = Err(format!("the screenshot profile: {e}"));
                        }
                    }
                }
            }
            Scene::Scroll(dy) => self.events.push(Event::MouseWheel {
                unit: egui::MouseWheelUnit::Point,
                delta: vec2(0.0, dy),
                phase: egui::TouchPhase::Move,
                source: egui::MouseWheelSource::Unknown,
                modifiers: egui::Modifiers::NONE,
            }),
            Scene::PreviewLocale(code) => {
                if let Some(panel) = self.app.preview_panel() {
                    panel.set_locale((!code.is_empty()).then(|| code.to_string()));
                }
            }
            Scene::AudienceProfiles(count) => {
                let path = self.scratch.join("profiles.jsonl");
                let written = std::fs::File::create(&path).and_then(|mut f| {
                    crate::audience::generate::write_lines(count, 1, &mut f).map(|_| ())
                });
                match written {
                    Ok(()) => {
                        // As the profiles dialog's answer does (the fake dialogs may be
                        // replaced by the studio's own chooser by then).
                        self.app.run(ctx, Command::ShowAudience);
                        let project = self.app.document().project().clone();
                        if let Some(panel) = self.app.audience_panel() {
                            panel.open(&path, &project);
                        }
                    }
                    Err(e) => {
                        if let Ok(mut r) = self.result.lock() {
                            *r = Err(format!("{}: {e}", path.display()));
                        }
                    }
                }
            }
            Scene::ClickSubmit => {
                use Scene::{Move, Press, Release, Wait};
                // Pushed to the front in reverse: Move, Wait 3, Press, Wait 2, Release, Move.
                for s in [
                    Move(Target::Nowhere),
                    Release,
                    Wait(2),
                    Press,
                    Wait(3),
                    Move(Target::PreviewSubmit),
                ] {
                    self.script.push_front(s);
                }
            }
            Scene::AudienceDone => {
                if self.app.audience_panel().is_some_and(|p| p.is_running()) {
                    self.script.push_front(Scene::AudienceDone);
                } else {
                    // Read: the generated file is not needed any more (tens of MB).
                    let _ = std::fs::remove_file(self.scratch.join("profiles.jsonl"));
                }
            }
            Scene::Exit => {
                // Removed here too: closing the window may end the process before `run`
                // gets its turn.
                let _ = std::fs::remove_dir_all(&self.scratch);
                // The script's edits (a kept journey among them) are not the user's work.
                self.app.close_without_asking();
                ctx.send_viewport_cmd(ViewportCommand::Close);
            }
        }
    }
}

impl eframe::App for Driver {
    fn raw_input_hook(&mut self, _ctx: &egui::Context, raw_input: &mut egui::RawInput) {
        // The real pointer must not disturb the scenes.
        raw_input.events.retain(|e| {
            !matches!(
                e,
                Event::PointerMoved(_) | Event::PointerButton { .. } | Event::PointerGone
            )
        });
        raw_input.events.append(&mut self.events);
        raw_input.dropped_files.extend(
            self.dropped
                .drain(..)
                .map(|path| Arc::new(Dropped(path)) as Arc<dyn egui::DroppedFile + Send + Sync>),
        );
    }

    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        self.app.frame_ui(ui);
        self.step(&ctx);
    }
}

fn save_png(path: &Path, img: &egui::ColorImage) -> Result<(), String> {
    let [w, h] = img.size;
    let mut rgba = Vec::with_capacity(w * h * 4);
    for c in &img.pixels {
        let [r, g, b, _] = c.to_srgba_unmultiplied();
        rgba.extend_from_slice(&[r, g, b, 255]);
    }
    image::save_buffer(
        path,
        &rgba,
        w as u32,
        h as u32,
        image::ExtendedColorType::Rgba8,
    )
    .map_err(|e| format!("{}: {e}", path.display()))
}

/// Runs the window through the scenes and writes the PNGs into `dir`; returns their paths.
pub fn run(dir: &Path) -> Result<Vec<PathBuf>, String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let result = Arc::new(Mutex::new(Ok(Vec::new())));
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title(APP_NAME)
            .with_inner_size([1400.0, 860.0])
            .with_position([0.0, 0.0]),
        ..Default::default()
    };
    let dir_buf = dir.to_path_buf();
    let result2 = result.clone();
    // The Changes scenes open a project written here, not into `dir`; removed after.
    let scratch = std::env::temp_dir().join(format!("ppstudio-screenshots-{}", std::process::id()));
    std::fs::create_dir_all(&scratch).map_err(|e| format!("{}: {e}", scratch.display()))?;
    let scratch_path = scratch.clone();
    let ran = eframe::run_native(
        APP_NAME,
        options,
        Box::new(move |cc| {
            let dialogs = FakeDialogs::default();
            let app = StudioApp::new(
                cc,
                StudioOptions {
                    file: None,
                    state_dir: None,
                    dialogs: Box::new(dialogs.clone()),
                },
            );
            Ok(Box::new(Driver {
                app,
                script: script(),
                dir: dir_buf,
                events: Vec::new(),
                pointer: Pos2::new(700.0, 400.0),
                shot: Arc::new(Mutex::new(None)),
                waiting_for: None,
                wait: 0,
                result: result2,
                dialogs,
                scratch: scratch_path,
                dropped: Vec::new(),
            }))
        }),
    )
    .map_err(|e| e.to_string());
    let _ = std::fs::remove_dir_all(&scratch);
    ran?;
    result
        .lock()
        .map_err(|_| "the screenshot driver panicked".to_string())?
        .clone()
}
