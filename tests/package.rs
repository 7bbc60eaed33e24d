//! The Debian package, checked from the repository without building it: every asset of
//! `[package.metadata.deb]` in Cargo.toml is a file of the repository or one that the build
//! makes, and lands where the desktop looks for it; the desktop entry, the MIME type and the
//! icons are what a desktop reads; the manual pages and completions that `ppstudio
//! package-files` makes name every subcommand and option; `--version` names the commit.
//!
//! `desktop-file-validate` (desktop-file-utils) and `update-mime-database` (shared-mime-info)
//! check the desktop entry and the MIME type when they are installed (CI installs them);
//! without them those two checks are skipped with a notice on the terminal.

mod cli_support;

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use clap::CommandFactory;
use cli_support::{run, stderr, stdout};
use serde_json::Value;

/// The icon sizes desktops use (hicolor `NxN/apps`), besides the SVG.
const ICON_SIZES: [u32; 9] = [16, 22, 24, 32, 48, 64, 128, 256, 512];

/// The project files' MIME type.
const MIME_TYPE: &str = "application/x-ppstudio-project";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Straight to the terminal (the test harness captures print! and eprint!).
fn notice(text: &str) {
    let _ = writeln!(std::io::stderr().lock(), "NOTICE: {text}");
}

/// A tool on the PATH, if it is there.
fn tool(name: &str) -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join(name))
            .find(|p| p.is_file())
    })
}

/// `[package.metadata.deb]`, as cargo reads Cargo.toml.
fn deb_metadata() -> Value {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(cargo)
        .args([
            "metadata",
            "--format-version",
            "1",
            "--no-deps",
            "--offline",
        ])
        .current_dir(root())
        .output()
        .expect("cargo runs");
    assert!(out.status.success(), "{}", stderr(&out));
    let meta: Value = serde_json::from_slice(&out.stdout).expect("cargo metadata is JSON");
    let package = meta["packages"]
        .as_array()
        .and_then(|ps| ps.iter().find(|p| p["name"] == "ppstudio"))
        .expect("the ppstudio package");
    package["metadata"]["deb"].clone()
}

/// The files `ppstudio package-files` writes, in a temporary folder.
fn package_files() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let o = run(&["package-files".as_ref(), dir.path().as_os_str()]);
    assert!(o.status.success(), "package-files failed: {}", stderr(&o));
    dir
}

/// Whether `name` matches `pattern`, where `*` stands for any run of characters.
fn wildcard(pattern: &str, name: &str) -> bool {
    match pattern.split_once('*') {
        None => pattern == name,
        Some((head, rest)) => {
            let Some(tail) = name.strip_prefix(head) else {
                return false;
            };
            (0..=tail.len())
                .filter(|&i| tail.is_char_boundary(i))
                .any(|i| wildcard(rest, &tail[i..]))
        }
    }
}

/// The files under `base` that `pattern` (relative, `*` within components) matches, relative
/// to `base`.
fn glob(base: &Path, pattern: &str) -> Vec<PathBuf> {
    let mut found = vec![PathBuf::new()];
    for part in pattern.split('/') {
        let mut next = Vec::new();
        for rel in found {
            let dir = base.join(&rel);
            if part.contains('*') {
                let Ok(entries) = std::fs::read_dir(&dir) else {
                    continue;
                };
                for entry in entries.flatten() {
                    let name = entry.file_name().to_string_lossy().into_owned();
                    if wildcard(part, &name) {
                        next.push(rel.join(name));
                    }
                }
            } else if dir.join(part).exists() {
                next.push(rel.join(part));
            }
        }
        found = next;
    }
    found.retain(|rel| base.join(rel).is_file());
    found.sort();
    found
}

/// Where cargo-deb installs `file` (matched by `source`) for the asset's `dest`: into a folder
/// when `dest` ends with `/`, keeping the part of the path from the first wildcard folder on.
fn installed_path(source: &str, dest: &str, file: &Path) -> String {
    if !dest.ends_with('/') {
        return dest.to_string();
    }
    let parts: Vec<&str> = source.split('/').collect();
    let first_wild_dir = parts[..parts.len() - 1]
        .iter()
        .position(|p| p.contains('*'));
    let file_parts: Vec<String> = file
        .iter()
        .map(|c| c.to_string_lossy().into_owned())
        .collect();
    let kept = match first_wild_dir {
        Some(i) => file_parts[i..].join("/"),
        None => file_parts.last().cloned().unwrap_or_default(),
    };
    format!("{dest}{kept}")
}

/// Every asset resolved as cargo-deb resolves it: (installed path, file it comes from, mode).
/// Fails when an asset matches no file.
fn resolved_assets(generated: &Path) -> Vec<(String, PathBuf, String)> {
    let deb = deb_metadata();
    let assets = deb["assets"]
        .as_array()
        .expect("assets in [package.metadata.deb]");
    let mut out = Vec::new();
    for asset in assets {
        let [source, dest, mode] = [0, 1, 2].map(|i| {
            asset[i]
                .as_str()
                .unwrap_or_else(|| panic!("asset {asset}: three strings"))
                .to_string()
        });
        let files: Vec<(PathBuf, PathBuf)> =
            if let Some(bin) = source.strip_prefix("target/release/") {
                // Built by cargo: a binary target of this package.
                let built = PathBuf::from(env!("CARGO_BIN_EXE_ppstudio"));
                assert_eq!(
                    built.file_name().and_then(|n| n.to_str()),
                    Some(bin),
                    "asset {source}: not a binary of this package"
                );
                vec![(PathBuf::from(&source), built)]
            } else if let Some(made) = source.strip_prefix("target/deb-files/") {
                glob(generated, made)
                    .into_iter()
                    .map(|rel| {
                        (
                            Path::new("target/deb-files").join(&rel),
                            generated.join(rel),
                        )
                    })
                    .collect()
            } else {
                glob(&root(), &source)
                    .into_iter()
                    .map(|rel| (rel.clone(), root().join(rel)))
                    .collect()
            };
        assert!(
            !files.is_empty(),
            "asset {source}: no such file in the repository, nor one the build makes"
        );
        for (rel, file) in files {
            out.push((installed_path(&source, &dest, &rel), file, mode.clone()));
        }
    }
    out
}

/// The visible subcommands at every level, as paths of names (`["rules", "eval"]`).
fn visible_subcommands() -> Vec<Vec<String>> {
    fn walk(cmd: &clap::Command, path: &[String], out: &mut Vec<Vec<String>>) {
        for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
            let mut p = path.to_vec();
            p.push(sub.get_name().to_string());
            out.push(p.clone());
            walk(sub, &p, out);
        }
    }
    let mut out = Vec::new();
    walk(&ppstudio::cli::Cli::command(), &[], &mut out);
    out
}

/// The hidden subcommands and options (names and long flags).
fn hidden_names() -> Vec<String> {
    fn walk(cmd: &clap::Command, out: &mut Vec<String>) {
        for a in cmd.get_arguments().filter(|a| a.is_hide_set()) {
            out.extend(a.get_long().map(str::to_string));
        }
        for sub in cmd.get_subcommands() {
            if sub.is_hide_set() {
                out.push(sub.get_name().to_string());
            } else {
                walk(sub, out);
            }
        }
    }
    let mut out = Vec::new();
    walk(&ppstudio::cli::Cli::command(), &mut out);
    out
}

/// The visible long options of the command and its visible subcommands.
fn visible_longs() -> BTreeSet<String> {
    fn walk(cmd: &clap::Command, out: &mut BTreeSet<String>) {
        for a in cmd.get_arguments().filter(|a| !a.is_hide_set()) {
            out.extend(a.get_long().map(str::to_string));
        }
        for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
            walk(sub, out);
        }
    }
    let mut out = BTreeSet::new();
    walk(&ppstudio::cli::Cli::command(), &mut out);
    out
}

/// The words of a script: runs of letters, digits, `_` and `-`.
fn words(text: &str) -> BTreeSet<&str> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
        .filter(|w| !w.is_empty())
        .map(|w| w.trim_start_matches('-'))
        .collect()
}

/// The `Key=value` lines of the desktop entry's `[Desktop Entry]` group.
fn desktop_entry() -> Vec<(String, String)> {
    let text = read(&root().join("packaging/ppstudio.desktop"));
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("[Desktop Entry]"), "the first line");
    lines
        .take_while(|l| !l.starts_with('['))
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| {
            let (k, v) = l
                .split_once('=')
                .unwrap_or_else(|| panic!("not Key=value: {l}"));
            (k.to_string(), v.to_string())
        })
        .collect()
}

fn key<'a>(entry: &'a [(String, String)], name: &str) -> &'a str {
    entry
        .iter()
        .find(|(k, _)| k == name)
        .unwrap_or_else(|| panic!("the desktop entry has no {name}"))
        .1
        .as_str()
}

/// Width and height of a PNG, from its IHDR chunk.
fn png_size(path: &Path) -> (u32, u32) {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert!(
        bytes.len() > 24 && bytes.starts_with(b"\x89PNG\r\n\x1a\n") && &bytes[12..16] == b"IHDR",
        "{}: not a PNG",
        path.display()
    );
    let be = |i: usize| u32::from_be_bytes([bytes[i], bytes[i + 1], bytes[i + 2], bytes[i + 3]]);
    (be(16), be(20))
}

#[test]
fn every_asset_is_a_file_of_the_repository_or_of_the_build_and_lands_where_desktops_look() {
    let generated = package_files();
    let assets = resolved_assets(generated.path());
    let installed: BTreeSet<&str> = assets.iter().map(|(to, _, _)| to.as_str()).collect();
    assert_eq!(
        installed.len(),
        assets.len(),
        "two assets install one path: {assets:?}"
    );

    let mut expected = vec![
        "usr/bin/ppstudio".to_string(),
        "usr/share/applications/ppstudio.desktop".into(),
        "usr/share/mime/packages/ppstudio.xml".into(),
        "usr/share/icons/hicolor/scalable/apps/ppstudio.svg".into(),
        "usr/share/man/man1/ppstudio.1".into(),
        "usr/share/bash-completion/completions/ppstudio".into(),
        "usr/share/zsh/vendor-completions/_ppstudio".into(),
        "usr/share/fish/vendor_completions.d/ppstudio.fish".into(),
    ];
    for n in ICON_SIZES {
        expected.push(format!("usr/share/icons/hicolor/{n}x{n}/apps/ppstudio.png"));
    }
    for sub in visible_subcommands() {
        expected.push(format!("usr/share/man/man1/ppstudio-{}.1", sub.join("-")));
    }
    for path in &expected {
        assert!(
            installed.contains(path.as_str()),
            "the package lacks {path}: {installed:#?}"
        );
    }
    for (to, from, mode) in &assets {
        let want = if to.starts_with("usr/bin/") {
            "755"
        } else {
            "644"
        };
        assert_eq!(mode, want, "{to} (from {})", from.display());
        assert!(
            !to.starts_with("usr/share/icons/")
                || to.ends_with("/apps/ppstudio.png")
                || to.ends_with("/apps/ppstudio.svg"),
            "{to}: not an application icon"
        );
    }
    // The binary's dependencies: what `$auto` finds, and the window's libraries.
    let deb = deb_metadata();
    let depends = deb["depends"].as_str().unwrap_or("");
    for lib in [
        "$auto",
        "libx11-xcb1",
        "libxkbcommon-x11-0",
        "libvulkan1",
        "libegl1",
        "libgl1",
    ] {
        assert!(
            depends.split(',').any(|d| d.trim() == lib),
            "depends lacks {lib}: {depends}"
        );
    }
    assert_eq!(deb["recommends"], "zenity", "the desktop's file dialogs");
}

/// The package's one-line description is Cargo.toml's `description` (cargo-deb cuts a longer one
/// into two lines, the second then read as the first of the long description).
#[test]
fn the_package_synopsis_fits_one_line() {
    let synopsis = env!("CARGO_PKG_DESCRIPTION");
    assert!(!synopsis.is_empty() && synopsis.len() <= 79, "{synopsis}");
}

#[test]
fn the_desktop_entry_opens_files_in_the_studio_and_is_valid() {
    let entry = desktop_entry();
    assert_eq!(key(&entry, "Type"), "Application");
    assert_eq!(key(&entry, "Name"), "Progressive Profiling Studio");
    assert_eq!(key(&entry, "Icon"), "ppstudio");
    assert_eq!(key(&entry, "Exec"), "ppstudio %f");
    assert_eq!(key(&entry, "Terminal"), "false");
    assert_eq!(key(&entry, "StartupWMClass"), "ppstudio");
    let types: Vec<&str> = key(&entry, "MimeType").split_terminator(';').collect();
    assert!(types.contains(&MIME_TYPE), "{types:?}");
    assert!(
        types.contains(&"application/json"),
        "platform JSON opens with: {types:?}"
    );

    match tool("desktop-file-validate") {
        Some(validate) => {
            let o = Command::new(validate)
                .arg(root().join("packaging/ppstudio.desktop"))
                .output()
                .expect("desktop-file-validate runs");
            let said = format!("{}{}", stdout(&o), stderr(&o));
            assert!(o.status.success() && said.trim().is_empty(), "{said}");
        }
        None => notice(
            "desktop-file-validate is not installed (apt-get install desktop-file-utils): the \
             desktop entry's validation was SKIPPED",
        ),
    }
}

#[test]
fn the_mime_type_is_well_formed_and_takes_project_files() {
    let text = read(&root().join("packaging/ppstudio.xml"));
    let doc = roxmltree::Document::parse(&text).expect("well-formed XML");
    let ns = "http://www.freedesktop.org/standards/shared-mime-info";
    let info = doc.root_element();
    assert_eq!(info.tag_name().name(), "mime-info");
    assert_eq!(info.tag_name().namespace(), Some(ns));
    let types: Vec<_> = info
        .children()
        .filter(|n| n.has_tag_name((ns, "mime-type")))
        .collect();
    assert_eq!(types.len(), 1);
    let t = types[0];
    assert_eq!(t.attribute("type"), Some(MIME_TYPE));
    let child = |name: &str, attr: &str| -> Vec<String> {
        t.children()
            .filter(|n| n.has_tag_name((ns, name)))
            .filter_map(|n| n.attribute(attr).map(str::to_string))
            .collect()
    };
    assert_eq!(child("glob", "pattern"), ["*.ppstudio.json"]);
    assert_eq!(child("sub-class-of", "type"), ["application/json"]);
    assert_eq!(child("icon", "name"), ["ppstudio"]);
    assert!(t.children().any(|n| n.has_tag_name((ns, "comment"))));

    // The real tool: a database of this file alone finds the glob.
    match tool("update-mime-database") {
        Some(update) => {
            // DATA/mime, DATA being the user's data folder (so the tool warns of nothing else).
            let data = tempfile::tempdir().expect("a temporary folder");
            let db = data.path().join("mime");
            std::fs::create_dir_all(db.join("packages")).expect("packages/");
            std::fs::write(db.join("packages/ppstudio.xml"), &text).expect("written");
            let o = Command::new(update)
                .arg(&db)
                .env("XDG_DATA_HOME", data.path())
                .env("PKGSYSTEM_ENABLE_FSYNC", "0")
                .output()
                .expect("update-mime-database runs");
            assert!(o.status.success(), "{}", stderr(&o));
            assert!(stderr(&o).trim().is_empty(), "{}", stderr(&o));
            let globs = read(&db.join("globs2"));
            assert!(
                globs
                    .lines()
                    .any(|l| l == format!("60:{MIME_TYPE}:*.ppstudio.json")),
                "{globs}"
            );
        }
        None => notice(
            "update-mime-database is not installed (apt-get install shared-mime-info): the MIME \
             database check was SKIPPED",
        ),
    }
}

#[test]
fn the_icons_are_at_their_stated_sizes() {
    let icons = root().join("packaging/icons/hicolor");
    for n in ICON_SIZES {
        let png = icons.join(format!("{n}x{n}/apps/ppstudio.png"));
        assert_eq!(png_size(&png), (n, n), "{}", png.display());
    }
    // No other size folder (a PNG whose folder says another size than the file).
    for entry in std::fs::read_dir(&icons)
        .expect("the icons' folder")
        .flatten()
    {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name == "scalable" {
            continue;
        }
        let n: u32 = name
            .split_once('x')
            .filter(|(a, b)| a == b)
            .and_then(|(a, _)| a.parse().ok())
            .unwrap_or_else(|| panic!("{name}: not an NxN folder"));
        assert!(
            ICON_SIZES.contains(&n),
            "{name}: a size the test does not know"
        );
    }
    let svg = read(&icons.join("scalable/apps/ppstudio.svg"));
    let doc = roxmltree::Document::parse(&svg).expect("well-formed SVG");
    let el = doc.root_element();
    assert_eq!(el.tag_name().name(), "svg");
    assert_eq!(
        el.tag_name().namespace(),
        Some("http://www.w3.org/2000/svg")
    );
    assert_eq!(
        el.attribute("viewBox"),
        Some("0 0 256 256"),
        "a square icon"
    );
}

#[test]
fn man_pages_and_completions_name_every_subcommand_and_option() {
    let dir = package_files();
    let subs = visible_subcommands();
    assert!(subs.len() >= 10, "{subs:?}");

    let man = dir.path().join("man");
    let mut pages: Vec<String> = std::fs::read_dir(&man)
        .expect("man/")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    pages.sort();
    let mut want: Vec<String> = subs
        .iter()
        .map(|s| format!("ppstudio-{}.1", s.join("-")))
        .collect();
    want.push("ppstudio.1".into());
    want.sort();
    assert_eq!(
        pages, want,
        "one page for the command and one per visible subcommand"
    );
    for page in &pages {
        let text = read(&man.join(page));
        let title = page.trim_end_matches(".1");
        assert!(text.starts_with(".ie \\n(.g .ds Aq"), "{page}: not roff");
        assert!(
            text.contains(&format!(".TH {title} 1 ")),
            "{page}: no title {title}"
        );
    }
    let main = read(&man.join("ppstudio.1"));
    for sub in subs.iter().filter(|s| s.len() == 1) {
        assert!(
            // roff writes every hyphen as \- (profile-editor: profile\-editor).
            main.contains(&format!("ppstudio\\-{}(1)", sub[0].replace('-', "\\-"))),
            "ppstudio.1 lacks {sub:?}"
        );
    }

    let hidden = hidden_names();
    assert!(hidden.iter().any(|h| h == "synthetic"), "{hidden:?}");
    for (shell, file) in [
        ("bash", "ppstudio.bash"),
        ("zsh", "_ppstudio"),
        ("fish", "ppstudio.fish"),
    ] {
        let text = read(&dir.path().join("completions").join(file));
        let w = words(&text);
        for sub in &subs {
            let name = sub.last().expect("a name");
            assert!(
                w.contains(name.as_str()),
                "{shell} completion lacks {sub:?}"
            );
        }
        for long in visible_longs() {
            assert!(
                w.contains(long.as_str()),
                "{shell} completion lacks --{long}"
            );
        }
        for h in &hidden {
            assert!(
                !w.contains(h.as_str()),
                "{shell} completion offers the hidden {h}"
            );
        }
    }
    // zsh completes only the first optional word: the subcommands, not FILE before them.
    let zsh = read(&dir.path().join("completions/_ppstudio"));
    let top = zsh
        .split_once("_ppstudio() {")
        .and_then(|(_, rest)| rest.split_once("case $state in"))
        .expect("the zsh script's top-level _arguments")
        .0;
    assert!(top.contains(":_ppstudio_commands"), "{top}");
    assert!(
        !top.contains(":_files"),
        "zsh would offer files before subcommands: {top}"
    );
}

#[test]
fn package_files_says_in_plain_words_when_it_cannot_write() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let file = dir.path().join("a-file");
    std::fs::write(&file, "").expect("written");
    let o = run(&["package-files".as_ref(), file.as_os_str()]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.starts_with("error: ") && err.contains("cannot create the folder"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
}

#[test]
fn version_names_the_commit_it_was_built_from() {
    let o = run(&["--version"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let line = stdout(&o);
    let version = env!("CARGO_PKG_VERSION");
    let commit = Command::new("git")
        .args(["rev-parse", "--short", "HEAD"])
        .current_dir(root())
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| stdout(&o).trim().to_string());
    match commit {
        Some(c) => assert_eq!(line, format!("ppstudio {version} ({c})\n")),
        None => {
            notice("not a git checkout: --version is checked without a commit");
            assert_eq!(line, format!("ppstudio {version}\n"));
        }
    }
}

/// The window's icon is the packaged one, and the window says it is the desktop entry's.
#[cfg(feature = "gui")]
#[test]
fn the_window_has_the_icon_and_the_id_of_the_desktop_entry() {
    let icon = ppstudio::studio::window_icon().expect("the embedded icon decodes");
    assert_eq!((icon.width, icon.height), (128, 128));
    assert_eq!(icon.rgba.len(), 128 * 128 * 4);
    assert!(
        icon.rgba.chunks(4).any(|px| px[3] == 255),
        "not transparent"
    );
    assert_eq!(
        ppstudio::studio::APP_ID,
        key(&desktop_entry(), "StartupWMClass")
    );
    assert!(
        root()
            .join(format!("packaging/{}.desktop", ppstudio::studio::APP_ID))
            .is_file()
    );
}
