//! One full studio frame on a large project: 200 steps of 25 fields, a catalog of 2,000 fields,
//! a step field selected (the inspector shows it), while the step list scrolls.
//! `cargo bench --bench frame`.
//!
//! Two figures, both headless (no GPU):
//! - `kittest frame`: one `Harness::step` of egui_kittest with the whole app, as the issue asks
//!   (it also builds the AccessKit tree every frame, which the real window does only when a
//!   screen reader is on);
//! - `egui pass + tessellate`: what the real window's CPU does for a frame before the GPU:
//!   the egui pass of the app, then tessellation of its shapes.

use std::time::{Duration, Instant};

use egui::{Event, MouseWheelSource, MouseWheelUnit, Pos2, RawInput, Rect, TouchPhase, vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use ppstudio::project::synthetic::large_project;
use ppstudio::studio::files::FakeDialogs;
use ppstudio::studio::panels::Selection;
use ppstudio::studio::{StudioApp, StudioOptions};

const FRAMES: usize = 400;
const SIZE: egui::Vec2 = vec2(1400.0, 860.0);

fn options(path: &std::path::Path) -> StudioOptions {
    StudioOptions {
        file: Some(path.to_path_buf()),
        state_dir: None,
        dialogs: Box::new(FakeDialogs::default()),
    }
}

fn wheel(down: bool) -> Event {
    Event::MouseWheel {
        unit: MouseWheelUnit::Point,
        delta: vec2(0.0, if down { -120.0 } else { 120.0 }),
        phase: TouchPhase::Move,
        source: MouseWheelSource::Wheel,
        modifiers: egui::Modifiers::NONE,
    }
}

/// Scrolls down for most of the run, then back up, so every frame draws new cards.
fn scroll_down(i: usize) -> bool {
    i % 200 < 150
}

fn stats(name: &str, mut t: Vec<Duration>) {
    t.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    let median = t[t.len() / 2];
    let p90 = t[t.len() * 9 / 10];
    let mean = t.iter().sum::<Duration>() / t.len() as u32;
    println!(
        "| {name:<26} | {:>8.3} | {:>8.3} | {:>8.3} | {:>6} |",
        ms(median),
        ms(p90),
        ms(mean),
        t.len()
    );
}

fn main() {
    let project = large_project(200, 25, 2000, 100);
    let fields: usize = project.steps.iter().map(|s| s.fields.len()).sum();
    let selected = project.steps[3].fields[4].id;
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("large.ppstudio.json");
    std::fs::write(&path, project.to_canonical()).expect("the large project written");
    println!(
        "project: {} steps, {fields} step fields, {} catalog fields, {} bytes; window {}x{}",
        project.steps.len(),
        project.catalog.len(),
        std::fs::metadata(&path).map_or(0, |m| m.len()),
        SIZE.x,
        SIZE.y
    );
    println!();
    println!("| frame                      | median ms | p90 ms | mean ms | frames |");
    println!("|----------------------------|----------:|-------:|--------:|-------:|");

    // 1. The egui_kittest harness, the whole app.
    let path2 = path.clone();
    let mut h = Harness::builder()
        .with_size(SIZE)
        .build_eframe(move |cc| StudioApp::new(cc, options(&path2)));
    h.run_steps(5);
    h.state_mut().select(Selection::Field(selected));
    h.hover_at(Pos2::new(700.0, 400.0));
    h.run_steps(20);
    assert!(h.state().error().is_none(), "{:?}", h.state().error());
    let first_card = |h: &Harness<'_, StudioApp>| {
        h.query_all_by_label_contains("Step Step ")
            .map(|n| n.accesskit_node().label().unwrap_or_default())
            .next()
            .unwrap_or_default()
    };
    let rows = h.query_all_by_label_contains(" in Step ").count();
    let before = first_card(&h);
    let mut times = Vec::with_capacity(FRAMES);
    for i in 0..FRAMES {
        h.event(wheel(scroll_down(i)));
        let start = Instant::now();
        h.step();
        times.push(start.elapsed());
    }
    assert_eq!(h.state().document().project().steps.len(), 200);
    let after = first_card(&h);
    assert_ne!(before, after, "the step list did not scroll");
    let note = format!(
        "kittest: {rows} field rows drawn per frame (of {fields}); the list scrolled from \
         {before:?} to {after:?}"
    );
    stats("kittest frame (scrolling)", times);

    // 2. A bare egui context: the app's pass and the tessellation, as eframe runs them.
    let ctx = egui::Context::default();
    let mut app = StudioApp::with_context(&ctx, options(&path));
    app.select(Selection::Field(selected));
    let screen = Rect::from_min_size(Pos2::ZERO, SIZE);
    let input = |events: Vec<Event>| RawInput {
        screen_rect: Some(screen),
        events,
        ..Default::default()
    };
    let mut pass = Vec::with_capacity(FRAMES);
    let mut tess = Vec::with_capacity(FRAMES);
    let mut total = Vec::with_capacity(FRAMES);
    let mut primitives = 0;
    for i in 0..FRAMES + 20 {
        let mut events = vec![Event::PointerMoved(Pos2::new(700.0, 400.0))];
        if i >= 20 {
            events.push(wheel(scroll_down(i)));
        }
        let start = Instant::now();
        let mut out = ctx.run_ui(input(events), |ui| app.frame_ui(ui));
        let mid = Instant::now();
        let shapes = std::mem::take(&mut out.shapes);
        let clipped = ctx.tessellate(shapes, out.pixels_per_point);
        out.drop_without_applying_deltas();
        let end = Instant::now();
        if i >= 20 {
            pass.push(mid - start);
            tess.push(end - mid);
            total.push(end - start);
            primitives = clipped.len();
        }
    }
    stats("egui pass (scrolling)", pass);
    stats("tessellate", tess);
    stats("egui pass + tessellate", total);
    println!();
    println!("{note}; {primitives} clipped primitives in the last frame.");
    println!("Goal: a frame under 4 ms.");
}
