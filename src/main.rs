//! `ppstudio`: with no subcommand it opens the studio; subcommands run headless.
#![warn(clippy::unwrap_used)]

use std::process::ExitCode;

use clap::Parser;
use ppstudio::cli::{Cli, run};

fn main() -> ExitCode {
    run(Cli::parse())
}
