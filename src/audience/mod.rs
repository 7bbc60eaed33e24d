//! Who would be asked: a forecast over a file of real consumer profiles (FORMATS.md "Who would
//! be asked"). For every step, as if it fired now for each consumer, how many would see a form,
//! a re-consent or nothing, and how many would be asked each field; and at each consumer's next
//! login (their `NoOfLogins` plus one), which login steps would fire and what they would show.
//!
//! The decisions are the platform's rule ([`crate::asked`], the one implementation the preview
//! and the simulator use), read straight from the profiles' text ([`Compiled::scan`]): the
//! input is streamed in pieces of about a megabyte, decided on every core, and never held
//! whole, so ten million profiles take the memory of a few pieces.
//!
//! Decisions where the contract is silent:
//! - A line that is blank (white space only) is not a profile and not skipped: it is ignored.
//! - An input whose first character is `[` is one JSON array; an element that is valid JSON
//!   but not an object is skipped (named by its line and column), while an array that is not
//!   valid JSON cannot be used (its place is given). Anything else is JSON Lines, where each
//!   line stands alone: a line that is not JSON, or not an object, is skipped and the run goes
//!   on.
//! - A line or element longer than 8 MiB is skipped without being read into memory.
//! - Next login: the login count is `NoOfLogins` (any letter case; a whole number from 0), the
//!   next login is count + 1; the steps that fire then are the `first_login` steps (at 1) and the
//!   `login_count` steps of that count, in project order, decided one after the other as the
//!   simulator does (a field of a form shown earlier at the same login counts as submitted).

mod feed;
pub mod generate;
mod report;

use std::io::Read;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use crate::asked::raw::{RawProfile, RawSlots};
use crate::asked::{Compiled, FieldDecision, FieldState, Shows, Submitted};
use crate::project::{Project, Settings, TriggerKind};

pub use feed::{Layout, MAX_PROFILE};
pub use report::{percent, thousands, to_json, to_text};

#[cfg(test)]
mod tests;

/// How many skipped lines are named (all are counted).
pub const NAMED_SKIPS: usize = 100;

/// Why a forecast could not be made.
#[derive(Debug, thiserror::Error)]
pub enum AudienceError {
    /// The input could not be read.
    #[error("cannot read: {0}")]
    Read(std::io::Error),
    /// A JSON array that is not valid JSON: where and what is wrong.
    #[error("{line}:{column}: {message}")]
    Syntax {
        line: u64,
        column: u64,
        message: String,
    },
    /// The run was cancelled ([`Progress::cancel`]).
    #[error("cancelled")]
    Cancelled,
}

/// Counts of one step: what the consumers would see, and how many would be asked each field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepCounts {
    /// The step's name.
    pub step: String,
    /// Consumers who would see the form.
    pub form: u64,
    /// Consumers who would be sent to re-consent with a social provider.
    pub consent: u64,
    /// Consumers who would see nothing.
    pub nothing: u64,
    /// Each field of the step (in order) and how many consumers would be asked it.
    pub fields: Vec<(String, u64)>,
}

impl StepCounts {
    /// The consumers counted (form + consent + nothing).
    pub fn total(&self) -> u64 {
        self.form + self.consent + self.nothing
    }
}

/// A login step at the consumers' next login.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NextLoginStep {
    /// Consumers whose next login fires the step.
    pub fires: u64,
    /// What those consumers would see (`form + consent + nothing == fires`).
    pub counts: StepCounts,
}

/// What each consumer would get at their next login.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NextLogin {
    /// Profiles with a login count.
    pub profiles: u64,
    /// Profiles without a usable `NoOfLogins` (absent, or not a whole number from 0).
    pub without_login_count: u64,
    /// Profiles whose next login fires no step.
    pub no_step_fires: u64,
    /// Profiles whose next login fires steps that all show nothing.
    pub shown_nothing: u64,
    /// The steps with a login trigger (`first_login`, `login_count`), in project order.
    pub steps: Vec<NextLoginStep>,
}

/// A line (or array element) that is not a profile.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Skipped {
    /// 1-based line of the input.
    pub line: u64,
    /// 1-based column (bytes) of the fault.
    pub column: u64,
    /// What is wrong.
    pub message: String,
}

/// One field of the consumers' profile page (EDITOR.md) and how many consumers would see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageFieldCounts {
    /// The field's name.
    pub name: String,
    /// Consumers who could edit it (in the editable form).
    pub editable: u64,
    /// Consumers who would see it in the read-only list.
    pub read_only: u64,
}

/// The forecast.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Forecast {
    /// Each field of the profile page, in the platform's order; `None` when the project has no
    /// registration form and showInEditor is off (no page to count).
    pub profile_page: Option<Vec<PageFieldCounts>>,
    /// Profiles decided.
    pub profiles: u64,
    /// Lines (or elements) that are not profiles.
    pub skipped: u64,
    /// The first [`NAMED_SKIPS`] of them, in input order.
    pub skipped_lines: Vec<Skipped>,
    /// Every step, in project order, as if it fired now for each consumer.
    pub steps: Vec<StepCounts>,
    /// At each consumer's next login.
    pub next_login: NextLogin,
    /// JSON Lines or one array.
    pub layout: Layout,
    /// Bytes read.
    pub bytes: u64,
}

/// How far a run is, and a way to stop it; shared with the thread that shows progress.
#[derive(Debug, Default)]
pub struct Progress {
    bytes: AtomicU64,
    profiles: AtomicU64,
    cancel: AtomicBool,
}

impl Progress {
    /// Bytes read so far.
    pub fn bytes(&self) -> u64 {
        self.bytes.load(Ordering::Relaxed)
    }

    /// Profiles (and skipped lines) done so far.
    pub fn profiles(&self) -> u64 {
        self.profiles.load(Ordering::Relaxed)
    }

    /// Asks the run to stop; it returns [`AudienceError::Cancelled`] soon after.
    pub fn cancel(&self) {
        self.cancel.store(true, Ordering::Relaxed);
    }

    /// Whether the run was asked to stop.
    pub fn cancelled(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }
}

/// What a forecast depends on: each step's name, trigger, scopes and, per field, its name,
/// `Parent` and whether its rules mention `required`; and the settings. Two projects with the
/// same key have the same forecast on any profiles (a label or a placeholder does not count).
#[derive(Debug, Clone, PartialEq)]
pub struct Key {
    steps: Vec<StepKey>,
    settings: Settings,
    registration: Option<Vec<crate::project::Field>>,
}

#[derive(Debug, Clone, PartialEq)]
struct StepKey {
    name: String,
    trigger: TriggerKind,
    inputs: crate::asked::StepInputs,
}

impl Key {
    /// The key of a project.
    pub fn of(project: &Project) -> Key {
        Key {
            steps: project
                .steps
                .iter()
                .map(|s| StepKey {
                    name: s.name.clone(),
                    trigger: s.trigger.kind.clone(),
                    inputs: crate::asked::StepInputs::of(s),
                })
                .collect(),
            settings: project.settings.clone(),
            registration: project.registration.clone(),
        }
    }
}

/// The profile page's fields, compiled as one more step after the project's.
#[derive(Debug, Clone)]
struct Page {
    /// Its index among the compiled steps.
    step: usize,
    names: Vec<String>,
    /// Per field: in the editable form when shown; in the read-only list when shown.
    editable: Vec<bool>,
    listed: Vec<bool>,
}

/// A project compiled for forecasting: owns everything it needs (a background thread can take
/// it).
#[derive(Debug, Clone)]
pub struct Audience {
    compiled: Compiled,
    settings: Settings,
    names: Vec<String>,
    fields: Vec<Vec<String>>,
    /// Where each step's field counters start in a flat array.
    offsets: Vec<usize>,
    /// The steps with a login trigger, in project order.
    login_steps: Vec<usize>,
    /// Login count → the steps that fire at it, in project order (sorted by count).
    schedule: Vec<(u64, Vec<usize>)>,
    page: Option<Page>,
}

/// The options of a run.
#[derive(Debug, Clone, Default)]
pub struct RunOptions {
    /// Threads deciding profiles; 0: one per core.
    pub threads: usize,
}

impl Audience {
    /// Compiles the project's steps and settings.
    pub fn new(project: &Project) -> Audience {
        // The profile page, compiled as one more step, only when the project has one.
        let has_page = project.registration.is_some() || project.settings.show_in_editor;
        let (page, compiled) = if has_page {
            let steps: Vec<&crate::project::Step> = project.steps.iter().collect();
            let (list, _) = crate::asked::editor::page_list(
                project.registration.as_deref().unwrap_or_default(),
                &steps,
                project.settings.show_in_editor,
            );
            let page_step = crate::project::Step {
                fields: list.iter().map(|(_, f)| (*f).clone()).collect(),
                ..crate::project::Step::new("profile page")
            };
            let page = Page {
                step: project.steps.len(),
                names: list.iter().map(|(_, f)| f.name.clone()).collect(),
                editable: list
                    .iter()
                    .map(|(_, f)| crate::asked::editor::editable_name(&f.name))
                    .collect(),
                listed: list
                    .iter()
                    .map(|(_, f)| crate::asked::editor::in_read_only_list(f))
                    .collect(),
            };
            let compiled = Compiled::new(project.steps.iter().chain(std::iter::once(&page_step)));
            (Some(page), compiled)
        } else {
            (None, Compiled::new(&project.steps))
        };
        let mut offsets = Vec::with_capacity(project.steps.len());
        let mut at = 0;
        for s in &project.steps {
            offsets.push(at);
            at += s.fields.len();
        }
        let mut schedule: Vec<(u64, Vec<usize>)> = Vec::new();
        let mut login_steps = Vec::new();
        for (i, s) in project.steps.iter().enumerate() {
            let count = match s.trigger.kind {
                TriggerKind::FirstLogin => Some(1),
                TriggerKind::LoginCount(n) => u64::try_from(n).ok().filter(|n| *n >= 1),
                _ => None,
            };
            if let Some(n) = count {
                login_steps.push(i);
                match schedule.binary_search_by_key(&n, |(c, _)| *c) {
                    Ok(k) => schedule[k].1.push(i),
                    Err(k) => schedule.insert(k, (n, vec![i])),
                }
            }
        }
        Audience {
            compiled,
            settings: project.settings.clone(),
            names: project.steps.iter().map(|s| s.name.clone()).collect(),
            fields: project
                .steps
                .iter()
                .map(|s| s.fields.iter().map(|f| f.name.clone()).collect())
                .collect(),
            offsets,
            login_steps,
            schedule,
            page,
        }
    }

    /// The steps that fire at login number `count`, in project order.
    fn fires_at(&self, count: u64) -> &[usize] {
        self.schedule
            .binary_search_by_key(&count, |(c, _)| *c)
            .map_or(&[], |k| self.schedule[k].1.as_slice())
    }

    fn field_total(&self) -> usize {
        self.fields.iter().map(Vec::len).sum()
    }

    /// Reads every profile of `input` (JSON Lines, or one JSON array) and counts. `progress`
    /// is updated as the run goes and can cancel it.
    pub fn run(
        &self,
        input: impl Read + Send,
        options: &RunOptions,
        progress: Option<&Progress>,
    ) -> Result<Forecast, AudienceError> {
        let threads = match options.threads {
            0 => std::thread::available_parallelism().map_or(1, std::num::NonZero::get),
            n => n,
        }
        .clamp(1, 64);
        let feeder = Mutex::new(feed::Feeder::new(input));
        let failure: Mutex<Option<AudienceError>> = Mutex::new(None);
        let stop = AtomicBool::new(false);
        let tallies: Vec<Tally> = std::thread::scope(|s| {
            let workers: Vec<_> = (0..threads)
                .map(|_| s.spawn(|| self.work(&feeder, &failure, &stop, progress)))
                .collect();
            workers
                .into_iter()
                .map(|w| w.join().unwrap_or_else(|_| Tally::new(self)))
                .collect()
        });
        if let Some(e) = failure
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
        {
            return Err(e);
        }
        if progress.is_some_and(Progress::cancelled) {
            return Err(AudienceError::Cancelled);
        }
        let feeder = feeder
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let mut total = Tally::new(self);
        for t in &tallies {
            total.add(t);
        }
        Ok(self.forecast(
            total,
            feeder.layout().unwrap_or(Layout::Lines),
            feeder.bytes,
        ))
    }

    /// One thread's share: take a piece, decide its profiles, until the input ends.
    fn work<R: Read>(
        &self,
        feeder: &Mutex<feed::Feeder<R>>,
        failure: &Mutex<Option<AudienceError>>,
        stop: &AtomicBool,
        progress: Option<&Progress>,
    ) -> Tally {
        let mut tally = Tally::new(self);
        let mut scratch = Scratch::new(self);
        let mut buf = Vec::with_capacity(feed::CHUNK + 4096);
        let mut elements = Vec::new();
        loop {
            if stop.load(Ordering::Relaxed) || progress.is_some_and(Progress::cancelled) {
                break;
            }
            let (piece, bytes) = {
                let Ok(mut f) = feeder.lock() else { break };
                let before = f.bytes;
                let piece = f.next(&mut buf, &mut elements);
                (piece, f.bytes - before)
            };
            let before = tally.profiles + tally.skipped;
            let result = match piece {
                Ok(None) => break,
                Ok(Some(feed::Piece::Lines { first_line })) => {
                    self.lines(&buf, first_line, &mut tally, &mut scratch);
                    Ok(())
                }
                Ok(Some(feed::Piece::TooLong { line })) => {
                    tally.skip(line, 1, too_long());
                    Ok(())
                }
                Ok(Some(feed::Piece::Elements)) => {
                    self.elements(&buf, &elements, &mut tally, &mut scratch)
                }
                Err(e) => Err(e),
            };
            if let Some(p) = progress {
                p.bytes.fetch_add(bytes, Ordering::Relaxed);
                p.profiles
                    .fetch_add(tally.profiles + tally.skipped - before, Ordering::Relaxed);
            }
            if let Err(e) = result {
                stop.store(true, Ordering::Relaxed);
                if let Ok(mut f) = failure.lock() {
                    // The first error in the input wins (pieces are read in order, decided in
                    // any).
                    let earlier = match (&*f, &e) {
                        (
                            Some(AudienceError::Syntax {
                                line: a, column: c, ..
                            }),
                            AudienceError::Syntax {
                                line: b, column: d, ..
                            },
                        ) => (b, d) < (a, c),
                        (Some(_), _) => false,
                        (None, _) => true,
                    };
                    if earlier {
                        *f = Some(e);
                    }
                }
                break;
            }
        }
        tally
    }

    /// Decides the lines of a piece.
    fn lines(&self, buf: &[u8], first_line: u64, tally: &mut Tally, scratch: &mut Scratch) {
        // The whole piece checked as UTF-8 at once (a line ends at a newline, never inside a
        // character); a piece with a fault is checked line by line, to name the lines.
        let whole = std::str::from_utf8(buf).ok();
        let mut start = 0;
        let ends = memchr::memchr_iter(b'\n', buf).chain(std::iter::once(buf.len()));
        for (n, end) in (first_line..).zip(ends) {
            if start > buf.len() {
                break;
            }
            let line = start..end - usize::from(end > start && buf[end - 1] == b'\r');
            start = end + 1;
            let text = &buf[line.clone()];
            if text.iter().all(|b| matches!(b, b' ' | b'\t' | b'\r')) {
                continue;
            }
            let result = match whole.and_then(|all| all.get(line)) {
                Some(text) => self.one_str(text, tally, scratch),
                None => self.one(text, tally, scratch),
            };
            if let Err((column, message)) = result {
                tally.skip(n, column, message);
            }
        }
    }

    /// Decides the elements of a piece of an array. A broken element is an error of the
    /// whole input (the array is not JSON); one that is not an object is skipped.
    fn elements(
        &self,
        buf: &[u8],
        elements: &[feed::Element],
        tally: &mut Tally,
        scratch: &mut Scratch,
    ) -> Result<(), AudienceError> {
        for e in elements {
            if e.too_long {
                tally.skip(e.line, e.column, too_long());
                continue;
            }
            let text = &buf[e.start..e.end];
            match self.one(text, tally, scratch) {
                Ok(()) => {}
                Err((column, message)) if message.not_an_object => {
                    let _ = column;
                    tally.skip(e.line, e.column, message);
                }
                Err((column, message)) => {
                    // The place of the fault in the input.
                    let offset = usize::try_from(column - 1).unwrap_or(0).min(text.len());
                    let before = &text[..offset];
                    let newlines = memchr::memchr_iter(b'\n', before).count() as u64;
                    let column = match memchr::memrchr(b'\n', before) {
                        Some(nl) => (offset - nl) as u64,
                        None => e.column + offset as u64,
                    };
                    return Err(AudienceError::Syntax {
                        line: e.line + newlines,
                        column,
                        message: message.text,
                    });
                }
            }
        }
        Ok(())
    }

    /// Decides one profile's text; `Err((column, why))` when it is not a profile.
    fn one(&self, text: &[u8], tally: &mut Tally, scratch: &mut Scratch) -> Result<(), (u64, Why)> {
        let text = std::str::from_utf8(text).map_err(|e| {
            (
                e.valid_up_to() as u64 + 1,
                Why {
                    text: "not valid UTF-8".into(),
                    not_an_object: false,
                },
            )
        })?;
        self.one_str(text, tally, scratch)
    }

    /// [`Audience::one`] of a text known to be UTF-8.
    fn one_str(
        &self,
        text: &str,
        tally: &mut Tally,
        scratch: &mut Scratch,
    ) -> Result<(), (u64, Why)> {
        let profile = self.compiled.scan(text, &mut scratch.slots).map_err(|e| {
            (
                e.offset as u64 + 1,
                Why {
                    text: e.message.into_owned(),
                    not_an_object: e.not_an_object,
                },
            )
        })?;
        self.decide(&profile, tally, &mut scratch.rest);
        Ok(())
    }

    /// Every step for one profile, then its next login.
    fn decide(&self, profile: &RawProfile<'_, '_>, tally: &mut Tally, s: &mut Rest) {
        tally.profiles += 1;
        if let Some(page) = &self.page {
            self.compiled
                .walk_fields(page.step, profile, &self.settings, &mut s.decisions);
            for (i, d) in s.decisions.iter().enumerate() {
                if d.state != FieldState::Dropped {
                    tally.page_editable[i] += u64::from(page.editable[i]);
                    tally.page_listed[i] += u64::from(page.listed[i]);
                }
            }
        }
        s.shown.clear();
        for (si, &offset) in self.offsets.iter().enumerate() {
            let shows = self
                .compiled
                .decide(si, profile, &self.settings, None, &mut s.decisions);
            // On the social path there are no field decisions; the flags are read only for a
            // form.
            for (flag, d) in s.kept[offset..].iter_mut().zip(&s.decisions) {
                *flag = d.state == FieldState::Kept;
            }
            let fields = self.fields[si].len();
            count(
                &mut tally.now,
                si,
                offset,
                shows,
                &s.kept[offset..offset + fields],
            );
            s.shown.push(shows);
        }
        let Some(logins) = Compiled::login_count(profile) else {
            tally.without_login_count += 1;
            return;
        };
        let firing = self.fires_at(logins.saturating_add(1));
        if firing.is_empty() {
            tally.no_step_fires += 1;
            return;
        }
        if firing.len() > 1 {
            s.submitted.clear();
        }
        let mut anything = false;
        for (k, &si) in firing.iter().enumerate() {
            let offset = self.offsets[si];
            let fields = self.fields[si].len();
            let shows = if k == 0 {
                // Nothing is submitted yet at this login: the decision made above.
                s.shown[si]
            } else {
                let shows = self.compiled.decide(
                    si,
                    profile,
                    &self.settings,
                    Some(&s.submitted),
                    &mut s.decisions,
                );
                for (flag, d) in s.kept[offset..].iter_mut().zip(&s.decisions) {
                    *flag = d.state == FieldState::Kept;
                }
                shows
            };
            let kept = &s.kept[offset..offset + fields];
            tally.fires[si] += 1;
            count(&mut tally.next, si, offset, shows, kept);
            anything |= !matches!(shows, Shows::Nothing(_));
            if k + 1 < firing.len() && matches!(shows, Shows::Form(_)) {
                for (fi, _) in kept.iter().enumerate().filter(|(_, k)| **k) {
                    self.compiled.submit(&mut s.submitted, si, fi);
                }
            }
        }
        if !anything {
            tally.shown_nothing += 1;
        }
    }

    fn forecast(&self, t: Tally, layout: Layout, bytes: u64) -> Forecast {
        let step = |counts: &Counts, si: usize| {
            let [form, consent, nothing] = counts.shows[si];
            let offset = self.offsets[si];
            StepCounts {
                step: self.names[si].clone(),
                form,
                consent,
                nothing,
                fields: self.fields[si]
                    .iter()
                    .enumerate()
                    .map(|(fi, name)| (name.clone(), counts.fields[offset + fi]))
                    .collect(),
            }
        };
        let mut skipped_lines = t.named;
        skipped_lines.sort();
        skipped_lines.truncate(NAMED_SKIPS);
        let profile_page = self.page.as_ref().map(|page| {
            page.names
                .iter()
                .enumerate()
                .map(|(i, name)| PageFieldCounts {
                    name: name.clone(),
                    editable: t.page_editable[i],
                    read_only: t.page_listed[i],
                })
                .collect()
        });
        Forecast {
            profile_page,
            profiles: t.profiles,
            skipped: t.skipped,
            skipped_lines,
            steps: (0..self.names.len()).map(|si| step(&t.now, si)).collect(),
            next_login: NextLogin {
                profiles: t.profiles - t.without_login_count,
                without_login_count: t.without_login_count,
                no_step_fires: t.no_step_fires,
                shown_nothing: t.shown_nothing,
                steps: self
                    .login_steps
                    .iter()
                    .map(|&si| NextLoginStep {
                        fires: t.fires[si],
                        counts: step(&t.next, si),
                    })
                    .collect(),
            },
            layout,
            bytes,
        }
    }
}

/// What is wrong with a text that is not a profile.
struct Why {
    text: String,
    not_an_object: bool,
}

impl From<Why> for String {
    fn from(w: Why) -> String {
        w.text
    }
}

fn too_long() -> Why {
    Why {
        text: format!(
            "longer than {} MiB: not read as a profile",
            MAX_PROFILE >> 20
        ),
        not_an_object: false,
    }
}

/// Adds one decision to the counts of step `si` (`kept`: its fields asked, when a form).
#[inline]
fn count(c: &mut Counts, si: usize, offset: usize, shows: Shows, kept: &[bool]) {
    match shows {
        Shows::Form(_) => {
            c.shows[si][0] += 1;
            for (n, k) in c.fields[offset..].iter_mut().zip(kept) {
                *n += u64::from(*k);
            }
        }
        Shows::Consent(_) => c.shows[si][1] += 1,
        Shows::Nothing(_) => c.shows[si][2] += 1,
    }
}

/// Per-thread buffers, reused from profile to profile.
struct Scratch {
    slots: RawSlots,
    rest: Rest,
}

/// The buffers a decision uses (apart from the slots a profile borrows).
struct Rest {
    decisions: Vec<FieldDecision>,
    /// What each step shows to the profile being decided.
    shown: Vec<Shows>,
    /// Whether each field (flat, by step offset) is asked of it.
    kept: Vec<bool>,
    submitted: Submitted,
}

impl Scratch {
    fn new(a: &Audience) -> Scratch {
        Scratch {
            slots: RawSlots::default(),
            rest: Rest {
                decisions: Vec::with_capacity(16),
                shown: Vec::with_capacity(a.names.len()),
                kept: vec![false; a.field_total()],
                submitted: a.compiled.submitted(),
            },
        }
    }
}

/// Form / consent / nothing per step, and fields asked (flat, by step offset).
#[derive(Debug, Clone)]
struct Counts {
    shows: Vec<[u64; 3]>,
    fields: Vec<u64>,
}

impl Counts {
    fn new(a: &Audience) -> Counts {
        Counts {
            shows: vec![[0; 3]; a.names.len()],
            fields: vec![0; a.field_total()],
        }
    }

    fn add(&mut self, o: &Counts) {
        for (a, b) in self.shows.iter_mut().zip(&o.shows) {
            for (x, y) in a.iter_mut().zip(b) {
                *x += y;
            }
        }
        for (a, b) in self.fields.iter_mut().zip(&o.fields) {
            *a += b;
        }
    }
}

/// One thread's counts.
#[derive(Debug, Clone)]
struct Tally {
    profiles: u64,
    skipped: u64,
    named: Vec<Skipped>,
    now: Counts,
    next: Counts,
    fires: Vec<u64>,
    without_login_count: u64,
    no_step_fires: u64,
    shown_nothing: u64,
    /// Per profile-page field: consumers who could edit it, who see it read-only.
    page_editable: Vec<u64>,
    page_listed: Vec<u64>,
}

impl Tally {
    fn new(a: &Audience) -> Tally {
        Tally {
            profiles: 0,
            skipped: 0,
            named: Vec::new(),
            now: Counts::new(a),
            next: Counts::new(a),
            fires: vec![0; a.names.len()],
            without_login_count: 0,
            no_step_fires: 0,
            shown_nothing: 0,
            page_editable: vec![0; a.page.as_ref().map_or(0, |p| p.names.len())],
            page_listed: vec![0; a.page.as_ref().map_or(0, |p| p.names.len())],
        }
    }

    fn skip(&mut self, line: u64, column: u64, why: Why) {
        self.skipped += 1;
        // Keep the first ones of this thread: the first NAMED_SKIPS of the input are among
        // the threads' first NAMED_SKIPS each.
        if self.named.len() < NAMED_SKIPS {
            self.named.push(Skipped {
                line,
                column,
                message: why.text,
            });
        } else if let Some(last) = self.named.iter().max().cloned()
            && line < last.line
            && let Some(at) = self.named.iter().position(|s| *s == last)
        {
            self.named[at] = Skipped {
                line,
                column,
                message: why.text,
            };
        }
    }

    fn add(&mut self, o: &Tally) {
        self.profiles += o.profiles;
        self.skipped += o.skipped;
        self.named.extend(o.named.iter().cloned());
        self.now.add(&o.now);
        self.next.add(&o.next);
        for (a, b) in self.fires.iter_mut().zip(&o.fires) {
            *a += b;
        }
        self.without_login_count += o.without_login_count;
        self.no_step_fires += o.no_step_fires;
        self.shown_nothing += o.shown_nothing;
        for (a, b) in self.page_editable.iter_mut().zip(&o.page_editable) {
            *a += b;
        }
        for (a, b) in self.page_listed.iter_mut().zip(&o.page_listed) {
            *a += b;
        }
    }
}
