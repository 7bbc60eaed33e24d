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

/// The desktop entry's name (`ppstudio.desktop`): the window's Wayland app id and X11 class, so
/// that the desktop shows the entry's icon and groups the window under it.
pub const APP_ID: &str = "ppstudio";

/// The studio's icon, as the package installs it (packaging/icons, rendered from the SVG).
const ICON_PNG: &[u8] = include_bytes!("../../packaging/icons/hicolor/128x128/apps/ppstudio.png");

/// The window's icon; `None` (the window has none) if the embedded PNG cannot be decoded.
pub fn window_icon() -> Option<egui::IconData> {
    eframe::icon_data::from_png_bytes(ICON_PNG).ok()
}

/// Opens the studio window on `file` (a project, or platform JSON to import), or on the
/// embedded default project.
pub fn run_native(file: Option<PathBuf>) -> Result<(), String> {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title(APP_NAME)
            .with_inner_size([1400.0, 860.0])
            .with_min_inner_size([800.0, 500.0])
            .with_drag_and_drop(true)
            .with_app_id(APP_ID)
            .with_icon(window_icon().unwrap_or_default()),
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
