//! Progressive Profiling Studio: the library behind the `ppstudio` binary.
//!
//! Everything here except `studio` builds without any GUI crate.

// The library and the binary never unwrap (clippy.toml allows it in their unit tests);
// integration tests and benches may, a failed step being a failed test.
#![warn(clippy::unwrap_used)]
// One room holds `unsafe`: the profile scanner's block classifiers (asked/raw/index.rs, its
// invariants in asked/raw/mod.rs).
#![deny(unsafe_code)]

pub mod asked;
pub mod audience;
pub mod cli;
pub mod diff;
pub mod edit;
pub mod io;
pub mod journey;
pub mod l10n;
pub mod lint;
pub mod loginradius;
pub mod preview;
pub mod project;
pub mod report;
pub mod rules;
#[cfg(feature = "gui")]
pub mod studio;
