//! The egui application (being written).

pub mod panels;

use std::path::PathBuf;

/// Opens the studio window.
pub fn run_native(_file: Option<PathBuf>) -> Result<(), String> {
    Err("the studio window is not built yet".into())
}
