//! The studio window: an eframe application over a [`crate::edit::Document`].
//!
//! - [`app`]: the eframe `App`: draws the panels, then applies what they asked for.
//! - [`commands`]: the one table of commands (names, shortcuts) behind menus, shortcuts and
//!   the command palette.
//! - [`panels`]: one file per panel; each reads the project and returns [`panels::Action`]s.
//! - [`files`]: file dialogs behind a seam, recent files, the recovery copy.
//! - [`writer`]: saving and the recovery copy on a worker thread.
//! - [`widgets`], [`theme`]: small drawing helpers.

pub mod app;
pub mod cache;
pub mod commands;
pub mod file_chooser;
pub mod files;
pub mod layout;
pub mod panels;
pub mod recovery;
pub mod screenshots;
pub mod theme;
pub mod widgets;
pub mod writer;

use std::path::PathBuf;

pub use app::{StudioApp, StudioOptions};

/// The window title's fixed part.
pub const APP_NAME: &str = "Progressive Profiling Studio";

/// Opens the studio window on `file` (a project, or platform JSON to import), or on the
/// embedded default project.
pub fn run_native(file: Option<PathBuf>) -> Result<(), String> {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title(APP_NAME)
            .with_inner_size([1400.0, 860.0])
            .with_min_inner_size([800.0, 500.0])
            .with_drag_and_drop(true),
        ..Default::default()
    };
    let studio_options = StudioOptions {
        file,
        state_dir: files::default_state_dir(),
        dialogs: Box::new(file_chooser::NativeDialogs::new()),
    };
    eframe::run_native(
        APP_NAME,
        options,
        Box::new(move |cc| Ok(Box::new(StudioApp::new(cc, studio_options)))),
    )
    .map_err(|e| e.to_string())
}
