//! The Audience tab: who would be asked, over a file of real consumer profiles (JSON Lines or
//! a JSON array, opened through the dialog seam). The forecast is [`crate::audience`], the
//! engine of `ppstudio audience`, so the numbers are the CLI's. It runs on a background thread
//! (the window keeps drawing; progress and Cancel are shown) and runs again when the document
//! changes in a way that matters (a step's fields, names, parents, rules' `required`, scopes,
//! triggers, or the settings: [`Key`]), cancelling the stale run.
//!
//! Charts are drawn with egui's painter: per step a stacked bar of form / re-consent /
//! nothing, per field a bar of how many would be asked; each bar has an accessible label with
//! its numbers, and a tooltip.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, TryRecvError, channel};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use egui::{Color32, RichText, Role, Sense, Ui, WidgetInfo, vec2};

use super::{Action, PanelCx, SideTab};
use crate::audience::{
    Audience, AudienceError, Forecast, Key, Progress, RunOptions, StepCounts, percent, thousands,
};
use crate::project::Project;
use crate::studio::commands::Command;

/// Why a run was started: what the tab says while it runs beside the last forecast.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Why {
    /// A profiles file was opened.
    Opened,
    /// "Run again": the same file read again.
    Again,
    /// The project changed in a way that matters.
    Edited,
}

/// What a run's thread sends back: the forecast, and how long the run took on its thread
/// (the one time the tab and the status bar both give).
type Answer = (Result<Forecast, AudienceError>, Duration);

/// A run on its thread.
struct Running {
    why: Why,
    key: Key,
    progress: Arc<Progress>,
    rx: Receiver<Answer>,
    size: Option<u64>,
    started: Instant,
}

impl Running {
    /// Started by the user (Open, Run again): its end is said in the status bar. A run after
    /// an edit ends quietly (the tab shows it), not to cover the edit's own message.
    fn announce(&self) -> bool {
        self.why != Why::Edited
    }
}

/// The last finished forecast.
struct Done {
    key: Key,
    forecast: Forecast,
    took: Duration,
}

impl Done {
    /// "3,000 profiles in 0.4 s; 2 lines skipped (not a profile)": the tab's heading and the
    /// status bar's message, so that both give one time for one run.
    fn summary(&self) -> String {
        let f = &self.forecast;
        let mut summary = format!(
            "{} profiles in {:.1} s",
            thousands(f.profiles),
            self.took.as_secs_f64()
        );
        if f.skipped > 0 {
            summary.push_str(&format!(
                "; {} skipped (not a profile)",
                match f.skipped {
                    1 => "1 line".to_string(),
                    n => format!("{} lines", thousands(n)),
                }
            ));
        }
        summary
    }
}

/// The Audience tab. UI state only: nothing here enters the project.
#[derive(Default)]
pub struct AudiencePanel {
    file: Option<PathBuf>,
    running: Option<Running>,
    done: Option<Done>,
    /// Why the last run gave no forecast (the file cannot be used, or it was cancelled).
    problem: Option<String>,
    /// The document revision the key was last computed at, and the key.
    seen: Option<(u64, Key)>,
    /// Runs started (tests check that a frame does not start one).
    runs: u64,
    /// The window's context once the tab was drawn: a run that ends asks it for a frame, so
    /// its result shows at once however rarely the progress is drawn.
    waker: Arc<Mutex<Option<egui::Context>>>,
}

impl std::fmt::Debug for AudiencePanel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AudiencePanel")
            .field("file", &self.file)
            .field("running", &self.running.is_some())
            .field("runs", &self.runs)
            .finish_non_exhaustive()
    }
}

/// The colours of form / re-consent / nothing.
fn colours(ui: &Ui) -> [Color32; 3] {
    let dark = ui.visuals().dark_mode;
    if dark {
        [
            Color32::from_rgb(86, 156, 214),
            Color32::from_rgb(220, 160, 60),
            Color32::from_gray(90),
        ]
    } else {
        [
            Color32::from_rgb(40, 110, 190),
            Color32::from_rgb(200, 130, 20),
            Color32::from_gray(190),
        ]
    }
}

impl AudiencePanel {
    /// Forecasts over the profiles in `path` for `project`, on a background thread; a run in
    /// progress is cancelled.
    pub fn open(&mut self, path: &Path, project: &crate::project::Project) {
        self.file = Some(path.to_path_buf());
        self.done = None;
        self.start(project, Why::Opened);
    }

    /// Whether a run is in progress.
    pub fn is_running(&self) -> bool {
        self.running.is_some()
    }

    /// How many runs were started.
    pub fn runs(&self) -> u64 {
        self.runs
    }

    /// The last finished forecast.
    pub fn forecast(&self) -> Option<&Forecast> {
        self.done.as_ref().map(|d| &d.forecast)
    }

    /// Why the last run gave no forecast.
    pub fn problem(&self) -> Option<&str> {
        self.problem.as_deref()
    }

    /// Stops the run in progress (the last forecast stays).
    pub fn cancel(&mut self) {
        if let Some(r) = self.running.take() {
            r.progress.cancel();
            self.problem = Some("Cancelled.".into());
        }
    }

    fn start(&mut self, project: &crate::project::Project, why: Why) {
        if let Some(r) = self.running.take() {
            // The stale run stops soon; its answer goes nowhere.
            r.progress.cancel();
        }
        let Some(path) = self.file.clone() else {
            return;
        };
        self.problem = None;
        let key = Key::of(project);
        let audience = Audience::new(project);
        let progress = Arc::new(Progress::default());
        let (tx, rx) = channel();
        let size = std::fs::metadata(&path).ok().map(|m| m.len());
        let p = Arc::clone(&progress);
        let waker = Arc::clone(&self.waker);
        let spawned = std::thread::Builder::new()
            .name("audience".into())
            .spawn(move || {
                let started = Instant::now();
                let result = std::fs::File::open(&path)
                    .map_err(AudienceError::Read)
                    .and_then(|f| audience.run(f, &RunOptions::default(), Some(&p)));
                let _ = tx.send((result, started.elapsed()));
                let ctx = waker.lock().ok().and_then(|w| w.clone());
                if let Some(ctx) = ctx {
                    ctx.request_repaint();
                }
            });
        if let Err(e) = spawned {
            self.problem = Some(format!("Could not start the forecast: {e}"));
            return;
        }
        self.runs += 1;
        self.running = Some(Running {
            why,
            key,
            progress,
            rx,
            size,
            started: Instant::now(),
        });
    }

    /// Takes the answer of the run, and starts a new one when the document changed.
    fn poll(&mut self, cx: &PanelCx<'_>, out: &mut Vec<Action>) {
        if let Some(r) = &self.running {
            match r.rx.try_recv() {
                Ok((result, took)) => {
                    let Some(r) = self.running.take() else { return };
                    let name = self.file_name();
                    match result {
                        Ok(forecast) if forecast.profiles == 0 && forecast.skipped > 0 => {
                            let first = &forecast.skipped_lines[0];
                            self.problem = Some(format!(
                                "⛔ {name}:{}:{}: {} (no line is a profile)",
                                first.line, first.column, first.message
                            ));
                        }
                        Ok(forecast) => {
                            self.done = Some(Done {
                                key: r.key.clone(),
                                forecast,
                                took,
                            });
                        }
                        Err(AudienceError::Syntax {
                            line,
                            column,
                            message,
                        }) => self.problem = Some(format!("⛔ {name}:{line}:{column}: {message}")),
                        Err(AudienceError::Read(e)) => {
                            self.problem = Some(format!("⛔ {name}: cannot read: {e}"));
                        }
                        Err(AudienceError::Cancelled) => {
                            self.problem = Some("Cancelled.".into());
                        }
                    }
                    if r.announce() {
                        out.push(Action::Message(match (&self.problem, &self.done) {
                            (Some(p), _) => format!("Forecast over {name}: {p}"),
                            (None, Some(d)) => {
                                format!("Forecast over {name}: {} (Audience tab)", d.summary())
                            }
                            (None, None) => format!("Forecast over {name}: done"),
                        }));
                    }
                }
                Err(TryRecvError::Empty) => {}
                Err(TryRecvError::Disconnected) => {
                    self.running = None;
                    self.problem = Some("⛔ The forecast stopped unexpectedly.".into());
                }
            }
        }
        // The document's forecast key, computed again only when the document changed.
        if self
            .seen
            .as_ref()
            .is_none_or(|(rev, _)| *rev != cx.revision)
        {
            self.seen = Some((cx.revision, Key::of(cx.project)));
        }
        let Some((_, key)) = &self.seen else { return };
        let current = match (&self.running, &self.done) {
            (Some(r), _) => Some(&r.key),
            (None, Some(d)) => Some(&d.key),
            (None, None) => None,
        };
        let cancelled = self.problem.is_some() && self.running.is_none();
        if self.file.is_some() && current.is_some_and(|k| k != key) && !cancelled {
            self.start(cx.project, Why::Edited);
        }
    }

    /// The name of the profiles file the forecast read.
    pub fn file_name(&self) -> String {
        self.file
            .as_ref()
            .map(|p| p.display().to_string())
            .unwrap_or_default()
    }

    fn header_ui(&mut self, ui: &mut Ui, cx: &PanelCx<'_>, out: &mut Vec<Action>) {
        ui.heading("Who would be asked");
        ui.weak(
            "Over a file of your consumers' profiles (JSON Lines or a JSON array, as the \
             platform returns them): for each step, as if it fired now, how many would see the \
             form, be sent to re-consent, or see nothing — the platform's own rule, with the \
             project's settings. Same numbers as `ppstudio audience`.",
        );
        ui.horizontal_wrapped(|ui| {
            if ui
                .button("Open profiles…")
                .on_hover_text("Choose a JSON Lines file (one profile a line) or a JSON array")
                .clicked()
            {
                out.push(Action::Command(Command::OpenAudienceProfiles));
            }
            if self.file.is_some()
                && self.running.is_none()
                && ui
                    .button("Run again")
                    .on_hover_text("Read the file again (it may have changed)")
                    .clicked()
            {
                self.start(cx.project, Why::Again);
            }
            if let Some(f) = &self.file {
                ui.label(format!("Profiles: {}", f.display()));
            }
        });
        if let Some(r) = &self.running {
            let mut cancel = false;
            ui.horizontal(|ui| {
                let bytes = r.progress.bytes();
                let fraction = r.size.filter(|s| *s > 0).map_or(0.0, |s| {
                    #[allow(clippy::cast_precision_loss)]
                    let f = bytes as f32 / s as f32;
                    f.clamp(0.0, 1.0)
                });
                let text = format!(
                    "{} profiles read ({:.0}%)",
                    thousands(r.progress.profiles()),
                    fraction * 100.0
                );
                ui.add(
                    egui::ProgressBar::new(fraction)
                        .desired_width(240.0)
                        .text(text),
                );
                cancel = ui
                    .button("Cancel")
                    .on_hover_text("Stop this forecast")
                    .clicked();
            });
            // The bar moves four times a second at first, then once a second: a frame drawn
            // in software (a virtual machine, a remote desktop: a whole frame of the window
            // costs the processor about 0.1 s there) would otherwise take a core from the
            // forecast. The run's end asks for a frame itself (`waker`).
            let every = if r.started.elapsed() < Duration::from_secs(1) {
                Duration::from_millis(250)
            } else {
                Duration::from_secs(1)
            };
            ui.ctx().request_repaint_after(every);
            if cancel {
                self.cancel();
                // This frame drew the bar and Cancel: the painted one must not.
                ui.ctx().request_discard("the forecast was cancelled");
                let name = self.file_name();
                out.push(Action::Message(if self.done.is_some() {
                    format!("Forecast over {name} cancelled (the tab shows the last one finished)")
                } else {
                    format!("Forecast over {name} cancelled")
                }));
            }
        }
        if let Some(p) = &self.problem {
            ui.label(p);
        }
    }
}

/// A horizontal bar of segments (value, colour) scaled to `whole`, with an accessible label.
fn bar(ui: &mut Ui, width: f32, whole: u64, segments: &[(u64, Color32)], label: &str) {
    let (rect, resp) = ui.allocate_exact_size(vec2(width, 14.0), Sense::hover());
    let painter = ui.painter_at(rect);
    painter.rect_filled(rect, 2.0, ui.visuals().extreme_bg_color);
    let mut x = rect.left();
    for &(n, colour) in segments {
        if whole == 0 || n == 0 {
            continue;
        }
        #[allow(clippy::cast_precision_loss)]
        let w = rect.width() * (n as f32 / whole as f32);
        let seg = egui::Rect::from_min_size(egui::pos2(x, rect.top()), vec2(w, rect.height()));
        painter.rect_filled(seg, 0.0, colour);
        x += w;
    }
    let label = label.to_string();
    resp.widget_info(|| WidgetInfo::labeled(Role::Meter, true, &label));
    resp.on_hover_text(label);
}

/// How one step's numbers are drawn.
struct StepView<'a> {
    /// Before the step's name in headings and labels ("Next login: ").
    prefix: &'a str,
    /// What the percentages are of, after the counts ("of all 3,000 profiles").
    base: String,
    /// A line under the step's name ("Fires for 120 of 2,000 (6.0%)").
    subtitle: Option<String>,
}

/// The label the consumer reads for field `name` of step `step` (its name when the project
/// no longer has it: the forecast may be of an earlier revision).
fn field_label<'a>(project: &'a Project, step: &str, name: &'a str) -> &'a str {
    project
        .steps
        .iter()
        .find(|s| s.name == step)
        .and_then(|s| s.field(name))
        .map(|f| f.display.as_str())
        .filter(|d| !d.trim().is_empty())
        .unwrap_or(name)
}

/// One step's stacked bar and its fields' bars.
fn step_ui(ui: &mut Ui, c: &StepCounts, whole: u64, view: &StepView<'_>, project: &Project) {
    let [form, consent, nothing] = colours(ui);
    let prefix = view.prefix;
    ui.label(RichText::new(format!("{prefix}{}", c.step)).strong());
    if let Some(subtitle) = &view.subtitle {
        ui.weak(subtitle);
    }
    let label = format!(
        "{prefix}{}: form {} ({}), re-consent {} ({}), nothing {} ({})",
        c.step,
        thousands(c.form),
        percent(c.form, whole),
        thousands(c.consent),
        percent(c.consent, whole),
        thousands(c.nothing),
        percent(c.nothing, whole)
    );
    let width = ui.available_width().clamp(120.0, 520.0);
    bar(
        ui,
        width,
        whole,
        &[(c.form, form), (c.consent, consent), (c.nothing, nothing)],
        &label,
    );
    ui.add(
        egui::Label::new(
            RichText::new(format!(
                "form {} ({}) · re-consent {} ({}) · nothing {} ({}), {}",
                thousands(c.form),
                percent(c.form, whole),
                thousands(c.consent),
                percent(c.consent, whole),
                thousands(c.nothing),
                percent(c.nothing, whole),
                view.base
            ))
            .weak(),
        )
        .wrap(),
    );
    if c.fields.is_empty() {
        return;
    }
    let labels: Vec<&str> = c
        .fields
        .iter()
        .map(|(name, _)| field_label(project, &c.step, name))
        .collect();
    let values: Vec<String> = c
        .fields
        .iter()
        .map(|(_, n)| format!("{} ({})", thousands(*n), percent(*n, whole)))
        .collect();
    // The fields' bars take what the names and numbers leave of the width, so that the grid
    // is never wider than the panel (a bar sized from the panel's width alone made the grid
    // wider, the panel then grew to hold it, and the bars with it).
    let body = egui::TextStyle::Body.resolve(ui.style());
    let width_of = |t: &str| {
        ui.painter()
            .layout_no_wrap(t.to_owned(), body.clone(), Color32::WHITE)
            .size()
            .x
    };
    let names = labels.iter().map(|l| width_of(l)).fold(0.0, f32::max);
    let numbers = values.iter().map(|v| width_of(v)).fold(0.0, f32::max);
    let field_bar = (width - names - numbers - 2.0 * 8.0 - 4.0).clamp(40.0, 320.0);
    egui::Grid::new(("audience-fields", prefix, &c.step))
        .num_columns(3)
        .spacing(vec2(8.0, 2.0))
        .show(ui, |ui| {
            for (((name, n), value), shown) in c.fields.iter().zip(&values).zip(&labels) {
                ui.label(*shown).on_hover_text(format!("The field {name}"));
                let label = format!(
                    "{prefix}{}: {shown} asked of {} ({})",
                    c.step,
                    thousands(*n),
                    percent(*n, whole)
                );
                bar(ui, field_bar, whole, &[(*n, form)], &label);
                ui.label(value);
                ui.end_row();
            }
        });
    ui.add_space(6.0);
}

fn legend(ui: &mut Ui) {
    let [form, consent, nothing] = colours(ui);
    ui.horizontal_wrapped(|ui| {
        for (colour, text) in [
            (form, "form"),
            (consent, "re-consent"),
            (nothing, "nothing"),
        ] {
            let (rect, _) = ui.allocate_exact_size(vec2(12.0, 12.0), Sense::hover());
            ui.painter().rect_filled(rect, 2.0, colour);
            ui.label(text);
        }
    });
}

fn forecast_ui(ui: &mut Ui, d: &Done, project: &Project) {
    let f = &d.forecast;
    ui.label(RichText::new(d.summary()).strong());
    legend(ui);
    ui.separator();
    ui.label(RichText::new("Each step, as if it fired now for every consumer").strong());
    ui.weak(format!(
        "Percentages are of all {} profiles.",
        thousands(f.profiles)
    ));
    let all = StepView {
        prefix: "",
        base: format!("of all {}", thousands(f.profiles)),
        subtitle: None,
    };
    for c in &f.steps {
        step_ui(ui, c, f.profiles, &all, project);
    }
    ui.separator();
    let n = &f.next_login;
    ui.label(RichText::new("At each consumer's next login (NoOfLogins + 1)").strong());
    if n.steps.is_empty() {
        ui.weak("No step has a login trigger.");
    } else {
        ui.weak(format!(
            "Of the {} profiles with a login count; each step's percentages are of the \
             consumers whose next login fires it.",
            thousands(n.profiles)
        ));
    }
    for s in &n.steps {
        let view = StepView {
            prefix: "Next login: ",
            base: format!("of the {} it fires for", thousands(s.fires)),
            subtitle: Some(format!(
                "Fires for {} of {} ({})",
                thousands(s.fires),
                thousands(n.profiles),
                percent(s.fires, n.profiles)
            )),
        };
        step_ui(ui, &s.counts, s.fires, &view, project);
    }
    ui.weak(format!(
        "No step fires: {} · steps fire but show nothing: {} · no login count: {}",
        thousands(n.no_step_fires),
        thousands(n.shown_nothing),
        thousands(n.without_login_count)
    ));
    if f.skipped > 0 {
        ui.separator();
        ui.label(RichText::new("Skipped lines").strong());
        for s in f.skipped_lines.iter().take(20) {
            ui.weak(format!(
                "{} (line {}, column {}).",
                s.message.trim_end_matches('.'),
                s.line,
                s.column
            ));
        }
        if f.skipped > 20 {
            ui.weak("… `ppstudio audience` names the first 100.");
        }
    }
}

impl SideTab for AudiencePanel {
    fn tab(&self) -> super::Tab {
        super::Tab::Audience
    }

    fn ui(&mut self, ui: &mut Ui, cx: &PanelCx<'_>, out: &mut Vec<Action>) {
        if let Ok(mut w) = self.waker.lock()
            && w.is_none()
        {
            *w = Some(ui.ctx().clone());
        }
        self.poll(cx, out);
        egui::ScrollArea::vertical()
            .id_salt("audience-scroll")
            .auto_shrink([false, false])
            .show(ui, |ui| {
                self.header_ui(ui, cx, out);
                if let Some(d) = &self.done {
                    match self.running.as_ref().map(|r| r.why) {
                        Some(Why::Edited) => {
                            ui.weak("Updating for the edited project…");
                        }
                        Some(Why::Again) => {
                            ui.weak("Reading the file again…");
                        }
                        Some(Why::Opened) | None => {}
                    }
                    ui.separator();
                    forecast_ui(ui, d, cx.project);
                } else if self.file.is_none() {
                    ui.add_space(8.0);
                    ui.weak("Open a profiles file to see who would be asked.");
                }
            });
    }

    fn audience_panel(&mut self) -> Option<&mut AudiencePanel> {
        Some(self)
    }
}
