//! The Audience tab, driven through the studio's UI (egui_kittest, no GPU, no display): a
//! profiles file opened through the dialog seam, the forecast in the background (the window
//! keeps drawing), the CLI's numbers in the charts' accessible labels, re-running when the
//! project changes, Cancel, and a file that cannot be used.
#![cfg(feature = "gui")]

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use ppstudio::audience::{Audience, RunOptions, generate, percent, thousands};
use ppstudio::edit::{Edit, FieldProp};
use ppstudio::project::Project;
use ppstudio::studio::StudioApp;
use ppstudio::studio::files::FakeDialogs;

mod support;

use support::studio_with as studio;

fn opened(dir: &Path, dialogs: FakeDialogs) -> Harness<'static, StudioApp> {
    let path = dir.join("acme.ppstudio.json");
    std::fs::write(&path, Project::default_project().to_canonical()).unwrap();
    studio(dialogs, Some(path))
}

/// Draws frames until the forecast is done (the window draws all along).
fn until_done(h: &mut Harness<'_, StudioApp>) -> u32 {
    let start = Instant::now();
    let mut frames = 0;
    while h.state_mut().audience_panel().unwrap().is_running() {
        assert!(
            start.elapsed() < Duration::from_secs(120),
            "the forecast never ended"
        );
        h.run_steps(1);
        frames += 1;
        std::thread::sleep(Duration::from_millis(5));
    }
    h.run_steps(2);
    frames
}

fn profiles_file(dir: &Path, count: u64) -> PathBuf {
    let path = dir.join("profiles.jsonl");
    let mut f = std::fs::File::create(&path).unwrap();
    generate::write_lines(count, 9, &mut f).unwrap();
    path
}

fn open_profiles(h: &mut Harness<'_, StudioApp>) {
    h.key_press_modifiers(Modifiers::COMMAND, Key::Num6);
    h.run_steps(2);
    h.get_by_label("Open profiles…").click();
    h.run_steps(2);
}

#[test]
fn the_forecast_shows_the_clis_numbers_and_follows_edits() {
    let dir = tempfile::tempdir().unwrap();
    let file = profiles_file(dir.path(), 3000);
    let dialogs = FakeDialogs::default();
    dialogs.answer(Some(file.clone()));
    let mut h = opened(dir.path(), dialogs.clone());
    open_profiles(&mut h);
    assert_eq!(
        dialogs.asked.lock().unwrap().last(),
        Some(&ppstudio::studio::files::DialogKind::OpenProfiles)
    );
    until_done(&mut h);
    let project = h.state().document().project().clone();
    let want = Audience::new(&project)
        .run(
            std::fs::File::open(&file).unwrap(),
            &RunOptions::default(),
            None,
        )
        .unwrap();
    assert_eq!(
        h.state_mut().audience_panel().unwrap().forecast(),
        Some(&want)
    );
    // Each step's stacked bar and each field's bar say their numbers.
    for c in &want.steps {
        let label = format!(
            "{}: form {} ({}), re-consent {} ({}), nothing {} ({})",
            c.step,
            thousands(c.form),
            percent(c.form, want.profiles),
            thousands(c.consent),
            percent(c.consent, want.profiles),
            thousands(c.nothing),
            percent(c.nothing, want.profiles)
        );
        h.get_by_role_and_label(egui::accesskit::Role::Meter, &label);
        let step = project.steps.iter().find(|s| s.name == c.step).unwrap();
        for (name, n) in &c.fields {
            // The field's label, as the consumer reads it (Company Size, not cf_CompanySize).
            let shown = &step.field(name).unwrap().display;
            let label = format!(
                "{}: {shown} asked of {} ({})",
                c.step,
                thousands(*n),
                percent(*n, want.profiles)
            );
            h.get_by_role_and_label(egui::accesskit::Role::Meter, &label);
        }
    }
    // In the tab, and in the status bar (the user opened the file).
    let said: Vec<String> = h
        .query_all_by_label_contains("3,000 profiles in")
        .filter_map(|n| {
            let a = n.accesskit_node();
            a.label().or_else(|| a.value())
        })
        .collect();
    assert!(
        said.iter().any(|l| l.starts_with("3,000 profiles in"))
            && said.iter().any(|l| l.starts_with("Forecast over ")),
        "{said:?}"
    );
    let runs = h.state_mut().audience_panel().unwrap().runs();
    h.run_steps(5);
    assert_eq!(
        h.state_mut().audience_panel().unwrap().runs(),
        runs,
        "frames start no run"
    );

    // An edit that matters: the forecast runs again, on the edited project.
    let company = project.steps[2].field("company").unwrap().id;
    h.state_mut().apply_edit(Edit::SetField {
        field: company,
        prop: FieldProp::Name("gender".into()),
    });
    h.run_steps(2);
    assert_eq!(h.state_mut().audience_panel().unwrap().runs(), runs + 1);
    until_done(&mut h);
    let edited = h.state().document().project().clone();
    let f = h
        .state_mut()
        .audience_panel()
        .unwrap()
        .forecast()
        .cloned()
        .unwrap();
    assert_eq!(f.steps[2].fields[0].0, "gender");
    // Whatever the run, the tab says why it runs only when it runs for an edit.
    assert!(
        h.query_by_label("Updating for the edited project…")
            .is_none()
    );
    assert_eq!(
        f.steps[2].fields[0].1, 0,
        "Gender \"U\" is a value: never asked"
    );
    assert_ne!(f, want);
    assert_eq!(
        f,
        Audience::new(&edited)
            .run(
                std::fs::File::open(&file).unwrap(),
                &RunOptions::default(),
                None
            )
            .unwrap()
    );
    // An edit that does not matter (a label) starts nothing.
    h.state_mut().apply_edit(Edit::SetField {
        field: company,
        prop: FieldProp::Display("Gender please".into()),
    });
    h.run_steps(3);
    assert_eq!(h.state_mut().audience_panel().unwrap().runs(), runs + 1);
}

#[test]
fn a_long_run_keeps_the_window_drawing_and_can_be_cancelled() {
    let dir = tempfile::tempdir().unwrap();
    let file = profiles_file(dir.path(), 150_000);
    let dialogs = FakeDialogs::default();
    dialogs.answer(Some(file));
    let mut h = opened(dir.path(), dialogs);
    open_profiles(&mut h);
    assert!(h.state_mut().audience_panel().unwrap().is_running());
    // Frames go on while the forecast runs; the progress bar and Cancel are shown.
    for _ in 0..3 {
        h.run_steps(1);
    }
    h.get_by_label("Cancel").click();
    h.run_steps(1);
    // The frame that says "Cancelled." shows no progress and no Cancel beside it.
    h.get_by_label("Cancelled.");
    assert!(h.query_by_label("Cancel").is_none());
    assert!(
        h.query_by_role(egui::accesskit::Role::ProgressIndicator)
            .is_none()
    );
    h.run_steps(1);
    let panel = h.state_mut().audience_panel().unwrap();
    assert!(!panel.is_running());
    assert_eq!(panel.problem(), Some("Cancelled."));
    assert!(panel.forecast().is_none());
    h.get_by_label("Cancelled.");
    let status = h.state().status().unwrap_or_default().to_string();
    assert!(
        status.starts_with("Forecast over ") && status.ends_with(" cancelled"),
        "{status}"
    );
}

#[test]
fn a_file_that_is_not_profiles_says_where_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, "[\n {\"Provider\": \"Email\"},\n {\"a\": tru}\n]").unwrap();
    let dialogs = FakeDialogs::default();
    dialogs.answer(Some(bad.clone()));
    let mut h = opened(dir.path(), dialogs);
    let before = h.state().document().project().clone();
    open_profiles(&mut h);
    until_done(&mut h);
    let problem = h
        .state_mut()
        .audience_panel()
        .unwrap()
        .problem()
        .unwrap()
        .to_string();
    assert!(
        problem.starts_with(&format!("⛔ {}:3:8: ", bad.display())),
        "{problem}"
    );
    h.get_by_label(&problem);
    assert_eq!(h.state().document().project(), &before);
}

/// The studio in a window of `size`, on a saved copy of the default project.
fn opened_at(dir: &Path, dialogs: FakeDialogs, size: egui::Vec2) -> Harness<'static, StudioApp> {
    let path = dir.join("acme.ppstudio.json");
    std::fs::write(&path, Project::default_project().to_canonical()).unwrap();
    let mut h = Harness::builder().with_size(size).build_eframe(move |cc| {
        StudioApp::new(
            cc,
            ppstudio::studio::StudioOptions {
                file: Some(path),
                state_dir: None,
                dialogs: Box::new(dialogs),
            },
        )
    });
    h.run_steps(3);
    h
}

fn panel(h: &Harness<'_, StudioApp>, name: &str) -> egui::Rect {
    h.state()
        .panel_rects()
        .iter()
        .find(|(n, _)| *n == name)
        .unwrap_or_else(|| panic!("no {name} panel in {:?}", h.state().panel_rects()))
        .1
}

#[test]
fn the_charts_fit_the_side_panel_and_the_panel_keeps_its_width() {
    for size in [egui::vec2(800.0, 500.0), egui::vec2(1920.0, 1080.0)] {
        let dir = tempfile::tempdir().unwrap();
        let file = profiles_file(dir.path(), 2000);
        let dialogs = FakeDialogs::default();
        dialogs.answer(Some(file));
        let mut h = opened_at(dir.path(), dialogs, size);
        h.key_press_modifiers(Modifiers::COMMAND, Key::Num6);
        h.run_steps(3);
        let before = panel(&h, "side");
        open_profiles(&mut h);
        until_done(&mut h);
        // Long enough for a panel that grows with its content to show it.
        h.run_steps(12);
        let side = panel(&h, "side");
        let steps = panel(&h, "steps");
        assert!(
            (side.width() - before.width()).abs() < 1.0,
            "{size:?}: the side panel went from {} to {} wide",
            before.width(),
            side.width()
        );
        let i = side.intersect(steps);
        assert!(
            i.width() <= 1.0 || i.height() <= 1.0,
            "{size:?}: the side panel {side:?} covers the step cards {steps:?}"
        );
        let mut meters = 0;
        for node in h.root().children_recursive() {
            if node.accesskit_node().role() != egui::accesskit::Role::Meter {
                continue;
            }
            let r = node.rect();
            assert!(
                r.left() >= side.left() - 1.0 && r.right() <= side.right() + 1.0,
                "{size:?}: a bar {r:?} leaves the side panel {side:?}: {:?}",
                node.accesskit_node().label()
            );
            meters += 1;
        }
        assert!(meters >= 4, "{size:?}: only {meters} bars");
        assert_eq!(
            h.state().status().map(|s| s.starts_with("Forecast over ")),
            Some(true),
            "{size:?}: {:?}",
            h.state().status()
        );
    }
}

/// Finding 9: "Run again" says what it does, one run has one time, each step's numbers are
/// counts and percentages with their base, under the step they are of, in the consumer's
/// words.
#[test]
fn the_numbers_say_what_they_count_and_whose_they_are() {
    let dir = tempfile::tempdir().unwrap();
    let file = profiles_file(dir.path(), 3000);
    let dialogs = FakeDialogs::default();
    dialogs.answer(Some(file));
    let mut h = opened(dir.path(), dialogs);
    open_profiles(&mut h);
    until_done(&mut h);
    let f = h
        .state_mut()
        .audience_panel()
        .unwrap()
        .forecast()
        .cloned()
        .unwrap();

    // One time for one run: the tab's summary is the status bar's.
    let summary = h
        .query_all_by_label_contains("3,000 profiles in")
        .filter_map(|n| {
            let a = n.accesskit_node();
            a.label().or_else(|| a.value())
        })
        .find(|l| l.starts_with("3,000 profiles in"))
        .expect("the tab's summary");
    let status = h.state().status().unwrap_or_default().to_string();
    assert!(
        status.ends_with(&format!(": {summary} (Audience tab)")),
        "{status} / {summary}"
    );

    // Counts beside the percentages, and what the percentages are of.
    h.get_by_label("Percentages are of all 3,000 profiles.");
    let c = &f.steps[0];
    h.get_by_label(&format!(
        "form {} ({}) · re-consent {} ({}) · nothing {} ({}), of all 3,000",
        thousands(c.form),
        percent(c.form, 3000),
        thousands(c.consent),
        percent(c.consent, 3000),
        thousands(c.nothing),
        percent(c.nothing, 3000)
    ));
    h.get_by_label_contains(
        "each step's percentages are of the consumers whose next login fires it",
    );

    // Labels, not internal names.
    assert!(h.query_by_label("cf_CompanySize").is_none());
    assert!(h.query_all_by_label("Company Size").count() >= 1);

    // "Fires for" sits under its own step's name, above that step's bar.
    let n = &f.next_login;
    assert!(n.steps.len() >= 2);
    for s in &n.steps {
        let name = &s.counts.step;
        let heading = h.get_by_label(&format!("Next login: {name}")).rect();
        let fires = h
            .get_by_label(&format!(
                "Fires for {} of {} ({})",
                thousands(s.fires),
                thousands(n.profiles),
                percent(s.fires, n.profiles)
            ))
            .rect();
        let meter = h
            .get_by_label_contains(&format!("Next login: {name}: form "))
            .rect();
        assert!(
            heading.bottom() <= fires.top() + 1.0 && fires.bottom() <= meter.top() + 1.0,
            "{name}: {heading:?} {fires:?} {meter:?}"
        );
        h.get_by_label_contains(&format!("of the {} it fires for", thousands(s.fires)));
    }

    // Run again, with no edit: it says it reads the file again, not that the project changed.
    h.get_by_label("Run again").click();
    h.run_steps(1);
    assert!(h.state_mut().audience_panel().unwrap().is_running());
    h.get_by_label("Reading the file again…");
    assert!(
        h.query_by_label("Updating for the edited project…")
            .is_none()
    );
    until_done(&mut h);
    assert!(h.query_by_label("Reading the file again…").is_none());
}
