//! The command line: one file per subcommand. Exit codes: 0 success, 1 the command ran and
//! found errors, 2 the input could not be used (one line on stderr).

mod audience;
mod check;
mod convert;
mod diff;
mod package_files;
mod profile_editor;
mod report;
mod rules_eval;
mod schema;
mod simulate;
mod snippet;
mod translations;

use std::fmt::Display;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::project::{LoadError, MAX_FILE_BYTES, Project};

/// Progressive Profiling Studio: design, preview and test progressive-profiling steps offline.
///
/// With no subcommand, opens the studio on FILE (a project, or platform JSON to import), or on
/// the embedded default project.
#[derive(Debug, Parser)]
#[command(
    name = "ppstudio",
    version = env!("PPSTUDIO_VERSION"),
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    /// A project (*.ppstudio.json) or platform JSON to open in the studio.
    pub file: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The headless subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// List a project's problems (errors, warnings, infos); exit 1 when there are errors.
    Check {
        /// The project file.
        project: PathBuf,
        /// Output as readable text or as JSON.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Who would be asked: over a file of consumer profiles as the platform returns them
    /// (JSON Lines or one JSON array; `-` for standard input), per step how many consumers
    /// would see the form, a re-consent or nothing, and how many would be asked each field;
    /// and which steps each consumer would get at their next login (NoOfLogins + 1).
    ///
    /// A line that is not a profile is counted as skipped and named; the run goes on. Exit 0
    /// when the forecast was made, 2 when an input cannot be used.
    Audience {
        /// The project file.
        project: PathBuf,
        /// The profiles (JSON Lines or a JSON array); `-` for standard input.
        profiles: PathBuf,
        /// Output as readable text or as JSON.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Threads deciding profiles (0: one per core).
        #[arg(long, default_value_t = 0, hide = true)]
        threads: usize,
    },
    /// Write realistic consumer profiles as JSON Lines (for benchmarks and trying audience).
    #[command(hide = true)]
    SyntheticProfiles {
        /// How many.
        #[arg(long, default_value_t = 1_000_000)]
        count: u64,
        /// The generator's seed (the same seed writes the same bytes).
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Where to write (standard output when absent).
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// What a deploy of NEW over OLD changes: steps, triggers, fields, rules, catalog,
    /// settings, translations, with the consequences for consumers.
    ///
    /// OLD and NEW are each a project or platform JSON (only what both can express is
    /// compared). Exit 0 when nothing changed, 1 when something did, 2 when an input cannot
    /// be used.
    Diff {
        /// The version deployed now (a project or platform JSON).
        old: PathBuf,
        /// The version to deploy.
        new: PathBuf,
        /// Output as readable text or as JSON.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Write the platform's ProfilingSteps JSON of a project (or, with --registration, its
    /// registration form).
    Export {
        /// The project file.
        project: PathBuf,
        /// Write the registration form instead, in the shape it was imported from (an array
        /// of field objects, or {"RegistrationFormSchema": [...]} with its other keys).
        #[arg(long)]
        registration: bool,
        /// Where to write (standard output when absent).
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Read a ProfilingSteps document or a registration schema and write a project.
    Import {
        /// The platform JSON file.
        file: PathBuf,
        /// Where to write the project (standard output when absent).
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Rewrite a project file in canonical form.
    Fmt {
        /// The project file.
        project: PathBuf,
        /// Do not write; exit 1 when the file is not canonical.
        #[arg(long)]
        check: bool,
    },
    /// Print the JSON Schema of the project file.
    Schema,
    /// Write PNGs of the real studio window into DIR (default `screenshots`); needs a display
    /// (Xvfb will do).
    #[cfg(feature = "gui")]
    Screenshots {
        /// The folder to write into.
        #[arg(default_value = "screenshots")]
        dir: PathBuf,
    },
    /// What the consumer's profile page shows: the editable form (with the values the
    /// platform pre-fills) and the read-only list, from the registration form, the steps
    /// (with showInEditor) and the settings, for a profile.
    ///
    /// JSON: {"editor": [{"name", "value"?}], "viewer": [names]}. The text says why each field
    /// is pre-filled, empty or absent. Exit 0 when shown, 2 when an input cannot be used or the
    /// platform's editor would fail on it (said in words).
    ProfileEditor {
        /// The project file.
        project: PathBuf,
        /// The consumer's profile as the platform returns it (else the project's sample
        /// profile).
        #[arg(long, value_name = "FILE")]
        profile: Option<PathBuf>,
        /// Output as readable text or as JSON.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Write the review page: one self-contained HTML file (nothing fetched, no script) that
    /// anyone can open, print or save as PDF: the consumer's life, each step's form exactly as
    /// the platform renders it in every locale, its fields and rules in words, the problems,
    /// the translations; with --profiles the forecast, with --against what a deploy changes.
    ///
    /// Exit 0 when written; 2 when an input cannot be used (one line naming it, nothing
    /// written).
    Report {
        /// The project file.
        project: PathBuf,
        /// Where to write the page (standard output when absent).
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Consumer profiles (JSON Lines or a JSON array) for the forecast's charts.
        #[arg(long, value_name = "FILE")]
        profiles: Option<PathBuf>,
        /// The JSON deployed now (a project or platform JSON): the page lists what a deploy
        /// over it changes.
        #[arg(long, value_name = "DEPLOYED")]
        against: Option<PathBuf>,
        /// The site's stylesheet, inlined so that the forms look as on the site.
        #[arg(long, value_name = "SITE.css")]
        css: Option<PathBuf>,
    },
    /// Write the JavaScript that shows each step at its trigger (calls execStep).
    Snippet {
        /// The project file.
        project: PathBuf,
        /// Where to write (standard output when absent).
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Run a consumer's journey against the project's steps and print what was shown.
    ///
    /// Prints {"prompts", "never_fired", "never_asked"} as JSON. Exit 0 when the simulation
    /// ran (steps never shown are a result, not an error); 2 when an input cannot be used.
    Simulate {
        /// The project file.
        project: PathBuf,
        /// The journey file ({"profile", "settings", "events"}). simulate needs a journey:
        /// give a journey file, or --journey NAME for one kept in the project.
        #[arg(value_name = "JOURNEY")]
        journey_file: Option<PathBuf>,
        /// Simulate the journey of that name in the project's "journeys" object instead.
        #[arg(long = "journey", value_name = "NAME", conflicts_with = "journey_file")]
        named: Option<String>,
        /// json: the documented {"prompts", "never_fired", "never_asked"} (events counted
        /// from 0); text: the studio's timeline, in words (events counted from 1).
        #[arg(long, value_enum, default_value_t = Format::Json)]
        format: Format,
    },
    /// Write the Debian package's manual pages (DIR/man) and shell completions
    /// (DIR/completions), made from this command line's definition.
    #[command(hide = true)]
    PackageFiles {
        /// The folder to write into.
        dir: PathBuf,
    },
    /// Write a large synthetic project (for benchmarks and memory measurements).
    #[command(hide = true)]
    Synthetic {
        /// Steps.
        #[arg(long, default_value_t = 200)]
        steps: usize,
        /// Fields per step.
        #[arg(long, default_value_t = 25)]
        fields: usize,
        /// Catalog fields.
        #[arg(long, default_value_t = 2000)]
        catalog: usize,
        /// Options of each option field.
        #[arg(long, default_value_t = 100)]
        options: usize,
        /// Where to write.
        #[arg(short, long)]
        output: PathBuf,
    },
    /// The validation language.
    Rules {
        #[command(subcommand)]
        command: RulesCommand,
    },
    /// Translations for translators: a CSV with one row per text (kind, key, source, one
    /// column per locale).
    Translations {
        #[command(subcommand)]
        command: TranslationsCommand,
    },
}

/// `ppstudio translations ...`
#[derive(Debug, Subcommand)]
pub enum TranslationsCommand {
    /// Write every text of the project as CSV: kind, key, source, then one column per locale.
    Export {
        /// The project file.
        project: PathBuf,
        /// Where to write the CSV (standard output when absent).
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Read a CSV of translations into the project and write the project.
    ///
    /// Each locale column sets the texts of its rows (an empty cell removes a translation); a
    /// column for a new locale adds it; what the CSV does not mention stays. A malformed CSV
    /// is refused (exit 2) and nothing is written.
    Import {
        /// The project file.
        project: PathBuf,
        /// The CSV file.
        csv: PathBuf,
        /// Where to write the project (standard output when absent; may be PROJECT itself).
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
}

/// `ppstudio rules ...`
#[derive(Debug, Subcommand)]
pub enum RulesCommand {
    /// Evaluate JSON Lines cases from standard input, one verdict per line on standard output.
    ///
    /// A case: {"rules", "display", "value", "name"?, "form"?, "messages"?}. A verdict:
    /// {"valid", "rule", "message"}; when there is none, "valid" is null and the line says
    /// why: "timed_out": true (a regex match ran past the limit: the consumer's page would
    /// freeze) or "throws": true (the browser's validator throws: validation breaks for the
    /// whole form).
    Eval {
        /// The time limit of one regex match, in milliseconds (at least 1).
        #[arg(long, value_name = "N", default_value_t = 1000,
              value_parser = clap::value_parser!(u64).range(1..))]
        match_timeout_ms: u64,
    },
}

/// Output format of `check` and `diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
}

/// Why a command could not use its input: printed as one line, exit code 2.
#[derive(Debug)]
pub struct InputError(pub String);

impl InputError {
    /// A parse error at a place in a file.
    pub fn at(path: &Path, e: &LoadError) -> Self {
        InputError(format!(
            "{}:{}:{}: {}",
            path.display(),
            e.line,
            e.column,
            e.message
        ))
    }

    /// A file that could not be read or written.
    pub fn io(path: &Path, what: &str, e: impl Display) -> Self {
        InputError(format!("{}: cannot {what}: {e}", path.display()))
    }
}

/// What a command returns: `Ok(true)` success, `Ok(false)` ran and found errors.
pub type Outcome = Result<bool, InputError>;

/// Runs the parsed command line.
pub fn run(cli: Cli) -> ExitCode {
    let outcome = match cli.command {
        Some(Command::Check { project, format }) => check::run(&project, format),
        Some(Command::Audience {
            project,
            profiles,
            format,
            threads,
        }) => audience::run(&project, &profiles, format, threads),
        Some(Command::SyntheticProfiles {
            count,
            seed,
            output,
        }) => audience::synthetic(count, seed, output.as_deref()),
        Some(Command::Diff { old, new, format }) => diff::run(&old, &new, format),
        Some(Command::Export {
            project,
            output,
            registration,
        }) => convert::export(&project, output.as_deref(), registration),
        Some(Command::Import { file, output }) => convert::import(&file, output.as_deref()),
        Some(Command::Fmt { project, check }) => convert::fmt(&project, check),
        Some(Command::Schema) => schema::run(),
        #[cfg(feature = "gui")]
        Some(Command::Screenshots { dir }) => crate::studio::screenshots::run(&dir)
            .map(|written| {
                for p in written {
                    println!("{}", p.display());
                }
                true
            })
            .map_err(|e| InputError(format!("screenshots: {e}"))),
        Some(Command::ProfileEditor {
            project,
            profile,
            format,
        }) => profile_editor::run(&project, profile.as_deref(), format),
        Some(Command::Report {
            project,
            output,
            profiles,
            against,
            css,
        }) => report::run(
            &project,
            output.as_deref(),
            profiles.as_deref(),
            against.as_deref(),
            css.as_deref(),
        ),
        Some(Command::Snippet { project, output }) => snippet::run(&project, output.as_deref()),
        Some(Command::Simulate {
            project,
            journey_file,
            named,
            format,
        }) => simulate::run(&project, journey_file.as_deref(), named.as_deref(), format),
        Some(Command::Rules {
            command: RulesCommand::Eval { match_timeout_ms },
        }) => rules_eval::run(std::time::Duration::from_millis(match_timeout_ms)),
        Some(Command::Translations { command }) => match command {
            TranslationsCommand::Export { project, output } => {
                translations::export(&project, output.as_deref())
            }
            TranslationsCommand::Import {
                project,
                csv,
                output,
            } => translations::import(&project, &csv, output.as_deref()),
        },
        Some(Command::PackageFiles { dir }) => package_files::run(&dir),
        Some(Command::Synthetic {
            steps,
            fields,
            catalog,
            options,
            output,
        }) => {
            let p = crate::project::synthetic::large_project(steps, fields, catalog, options);
            crate::io::write_atomic(&output, p.to_canonical().as_bytes())
                .map(|()| true)
                .map_err(|e| InputError(format!("{}: {e}", output.display())))
        }
        None => open_studio(cli.file),
    };
    match outcome {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(InputError(message)) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

#[cfg(feature = "gui")]
fn open_studio(file: Option<PathBuf>) -> Outcome {
    crate::studio::run_native(file)
        .map_err(|e| InputError(format!("the studio could not start: {e}")))?;
    Ok(true)
}

#[cfg(not(feature = "gui"))]
fn open_studio(_file: Option<PathBuf>) -> Outcome {
    Err(InputError(
        "this ppstudio was built without the studio window (feature `gui`); use a subcommand, \
         see ppstudio --help"
            .into(),
    ))
}

/// Reads a file with the size limit, as bytes.
pub fn read_input(path: &Path) -> Result<Vec<u8>, InputError> {
    crate::io::read_limited(path, MAX_FILE_BYTES).map_err(|e| InputError::io(path, "read", e))
}

/// Loads a project file.
pub fn load_project(path: &Path) -> Result<Project, InputError> {
    let bytes = read_input(path)?;
    Project::from_bytes(&bytes).map_err(|e| InputError::at(path, &e))
}

/// Writes text to a file atomically, or to standard output.
pub fn write_output(output: Option<&Path>, text: &str) -> Result<(), InputError> {
    match output {
        Some(path) => crate::io::write_atomic(path, text.as_bytes())
            .map_err(|e| InputError::io(path, "write", e)),
        None => {
            let mut out = std::io::stdout().lock();
            // A closed pipe (`| head`) is not an error of ours.
            let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
            Ok(())
        }
    }
}
