//! `ppstudio package-files DIR` (hidden): the manual pages and shell completions that the Debian
//! package installs, made from [`Cli`]'s definition, so that a new subcommand or option is in
//! them with no other change. `scripts/deb.sh` runs it before `cargo deb`; `tests/package.rs`
//! checks what it writes.
//!
//! - `DIR/man/ppstudio.1`, and `ppstudio-SUB.1` for each visible subcommand at every level
//!   (clap_mangen);
//! - `DIR/completions/ppstudio.bash`, `_ppstudio` (zsh), `ppstudio.fish` (clap_complete).

use std::path::{Path, PathBuf};

use clap::{Command, CommandFactory};
use clap_complete::Shell;

use super::{Cli, InputError, Outcome};

/// The completion files, by shell.
pub const COMPLETIONS: [(Shell, &str); 3] = [
    (Shell::Bash, "ppstudio.bash"),
    (Shell::Zsh, "_ppstudio"),
    (Shell::Fish, "ppstudio.fish"),
];

/// Writes the files and prints their paths, one a line.
pub fn run(dir: &Path) -> Outcome {
    for path in write(dir)? {
        println!("{}", path.display());
    }
    Ok(true)
}

/// Writes the manual pages and the completions into `dir`; returns the paths written.
pub fn write(dir: &Path) -> Result<Vec<PathBuf>, InputError> {
    let man = dir.join("man");
    let completions = dir.join("completions");
    for d in [&man, &completions] {
        std::fs::create_dir_all(d).map_err(|e| InputError::io(d, "create the folder", e))?;
    }
    // Pages of a subcommand that no longer exists would be packaged (the package takes
    // `man/*.1`): remove the pages written before.
    let old = std::fs::read_dir(&man).map_err(|e| InputError::io(&man, "read the folder", e))?;
    for entry in old.flatten() {
        let path = entry.path();
        if path.extension().is_some_and(|x| x == "1") {
            std::fs::remove_file(&path).map_err(|e| InputError::io(&path, "remove", e))?;
        }
    }
    let mut cli = Cli::command().disable_help_subcommand(true);
    cli.build();
    let source = format!("ppstudio {}", cli.get_version().unwrap_or_default());
    man_pages(&cli, &source, &man)
        .map_err(|e| InputError::io(&man, "write the manual pages into", e))?;
    let mut written: Vec<PathBuf> = std::fs::read_dir(&man)
        .map_err(|e| InputError::io(&man, "read the folder", e))?
        .flatten()
        .map(|entry| entry.path())
        .filter(|p| p.extension().is_some_and(|x| x == "1"))
        .collect();
    written.sort();

    for (shell, name) in COMPLETIONS {
        // zsh completes only the first of two optional words: with FILE before the
        // subcommands, `ppstudio <Tab>` would offer files and never a subcommand. Its script
        // leaves FILE out (bash and fish offer both).
        let mut cmd = without_hidden(&Cli::command(), shell != Shell::Zsh);
        let mut script = Vec::new();
        clap_complete::generate(shell, &mut cmd, "ppstudio", &mut script);
        let path = completions.join(name);
        crate::io::write_atomic(&path, &script).map_err(|e| InputError::io(&path, "write", e))?;
        written.push(path);
    }
    Ok(written)
}

/// The page of `cmd` (built) and of each of its visible subcommands, each footed with the
/// package's name and version (clap_mangen's `generate_to` puts the subcommand's bare name).
fn man_pages(cmd: &Command, source: &str, dir: &Path) -> std::io::Result<()> {
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        man_pages(sub, source, dir)?;
    }
    clap_mangen::Man::new(cmd.clone())
        .source(source)
        .manual("Progressive Profiling Studio")
        .generate_to(dir)?;
    Ok(())
}

/// `cmd` without its hidden subcommands and options, at every level: clap_complete offers
/// them otherwise (the manual pages leave them out by themselves). Without its own positional
/// arguments too unless `positionals` (those of the subcommands stay).
fn without_hidden(cmd: &Command, positionals: bool) -> Command {
    let mut copy = Command::new(cmd.get_name().to_owned())
        .args(
            cmd.get_arguments()
                .filter(|a| !a.is_hide_set() && (positionals || !a.is_positional()))
                .cloned(),
        )
        .subcommands(
            cmd.get_subcommands()
                .filter(|s| !s.is_hide_set())
                .map(|s| without_hidden(s, true)),
        )
        .visible_aliases(cmd.get_visible_aliases().map(str::to_owned))
        .args_conflicts_with_subcommands(cmd.is_args_conflicts_with_subcommands_set());
    if let Some(about) = cmd.get_about() {
        copy = copy.about(about.clone());
    }
    if let Some(version) = cmd.get_version() {
        copy = copy.version(version.to_owned());
    }
    copy
}
