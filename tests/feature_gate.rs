//! `cargo build --no-default-features` builds the command line with no GUI crate.

#[test]
fn the_cli_build_has_no_gui_crate() {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = std::process::Command::new(cargo)
        .args([
            "tree",
            "--no-default-features",
            "-e",
            "normal",
            "--prefix",
            "none",
            "--offline",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let tree = String::from_utf8_lossy(&out.stdout);
    assert!(tree.lines().count() > 10, "{tree}");
    for line in tree.lines() {
        let name = line.split_whitespace().next().unwrap_or("");
        for gui in ["egui", "eframe", "winit", "rfd", "wgpu", "glow"] {
            assert!(!name.starts_with(gui), "GUI crate {name} in the CLI build");
        }
    }
}
