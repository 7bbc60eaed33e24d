//! The house rules a change keeps (docs/ARCHITECTURE.md): no two source files import each
//! other (a module may use its parent's items; siblings depend one way), and no source file
//! is over 900 lines.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The most lines a source file may have.
const MOST_LINES: usize = 900;

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// `src/a/b.rs` and `src/a/b/mod.rs` are the module `a::b`; `src/lib.rs` is the crate.
fn module_of(root: &Path, file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(root).unwrap().with_extension("");
    let mut parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if matches!(
        parts.last().map(String::as_str),
        Some("mod" | "lib" | "main")
    ) {
        parts.pop();
    }
    parts
}

/// The text without comments and without the inline `#[cfg(test)] mod tests { ... }` (tests
/// may use what they test from anywhere).
fn code(text: &str) -> String {
    let text = match text.find("#[cfg(test)]\nmod tests {") {
        Some(i) => &text[..i],
        None => text,
    };
    text.lines()
        .map(|l| match l.find("//") {
            Some(i) => &l[..i],
            None => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every path that starts with `crate`, `super` or `self`, as segments, with each item of a
/// `use x::{a, b::c}` group spelled out.
fn paths(code: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let bytes = code.as_bytes();
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let mut i = 0;
    while i < bytes.len() {
        let starts = ["crate::", "super::", "self::"]
            .iter()
            .any(|p| bytes[i..].starts_with(p.as_bytes()))
            && (i == 0 || !word(bytes[i - 1]));
        if !starts {
            i += 1;
            continue;
        }
        let mut segs = Vec::new();
        let mut j = i;
        loop {
            let s = j;
            while j < bytes.len() && word(bytes[j]) {
                j += 1;
            }
            segs.push(code[s..j].to_string());
            if bytes[j..].starts_with(b"::") {
                j += 2;
                if bytes.get(j) == Some(&b'{') {
                    let end = code[j..].find('}').map_or(bytes.len(), |e| j + e);
                    for item in code[j + 1..end].split(',') {
                        let first = item.trim().split("::").next().unwrap_or("").trim();
                        let first = first.split_whitespace().next().unwrap_or("");
                        if !first.is_empty() && first != "self" {
                            let mut p = segs.clone();
                            p.push(first.to_string());
                            out.push(p);
                        }
                    }
                    j = end;
                    break;
                }
                continue;
            }
            break;
        }
        out.push(segs);
        i = j.max(i + 1);
    }
    out
}

/// The module a path names, as the longest of its prefixes that is a module of the crate.
fn resolve(
    current: &[String],
    path: &[String],
    modules: &BTreeSet<Vec<String>>,
) -> Option<Vec<String>> {
    let mut base: Vec<String> = Vec::new();
    let mut rest = path;
    match path.first().map(String::as_str) {
        Some("crate") => rest = &path[1..],
        Some("self") => {
            base = current.to_vec();
            rest = &path[1..];
        }
        Some("super") => {
            base = current.to_vec();
            while rest.first().map(String::as_str) == Some("super") {
                base.pop();
                rest = &rest[1..];
            }
        }
        _ => return None,
    }
    let full: Vec<String> = base.into_iter().chain(rest.iter().cloned()).collect();
    (1..=full.len())
        .rev()
        .map(|n| full[..n].to_vec())
        .find(|m| modules.contains(m))
}

#[test]
fn no_two_source_files_import_each_other() {
    let root = Path::new("src");
    let mut files = Vec::new();
    rust_files(root, &mut files);
    let texts: BTreeMap<Vec<String>, String> = files
        .iter()
        .map(|f| (module_of(root, f), std::fs::read_to_string(f).unwrap()))
        .collect();
    let modules: BTreeSet<Vec<String>> = texts.keys().cloned().collect();
    let mut deps: BTreeMap<&Vec<String>, BTreeSet<Vec<String>>> = BTreeMap::new();
    for (module, text) in &texts {
        let uses = deps.entry(module).or_default();
        for path in paths(&code(text)) {
            if let Some(target) = resolve(module, &path, &modules)
                && &target != module
                // A module may use its ancestors' items (they declare it).
                && !module.starts_with(&target)
            {
                uses.insert(target);
            }
        }
    }
    let mut circles = Vec::new();
    for (a, uses) in &deps {
        for b in uses {
            if a < &b && deps.get(b).is_some_and(|u| u.contains(*a)) {
                circles.push(format!("{} <-> {}", a.join("::"), b.join("::")));
            }
        }
    }
    assert!(
        circles.is_empty(),
        "files that import each other: {circles:#?}"
    );
}

#[test]
fn the_detector_sees_a_circle_in_a_group_import() {
    let p = paths("use super::{file_actions::Proceed, dialogs};\nlet x = crate::lint::check(p);");
    assert!(p.contains(&vec!["super".into(), "file_actions".into()]));
    assert!(p.contains(&vec!["super".into(), "dialogs".into()]));
    assert!(p.contains(&vec!["crate".into(), "lint".into(), "check".into()]));
}

#[test]
fn no_source_file_is_over_900_lines() {
    let mut files = Vec::new();
    for dir in ["src", "tests", "benches"] {
        rust_files(Path::new(dir), &mut files);
    }
    let long: Vec<String> = files
        .iter()
        .filter(|f| !f.starts_with("tests/data"))
        .filter_map(|f| {
            let n = std::fs::read_to_string(f).ok()?.lines().count();
            (n > MOST_LINES).then(|| format!("{} ({n} lines)", f.display()))
        })
        .collect();
    assert!(long.is_empty(), "over {MOST_LINES} lines: {long:#?}");
}
