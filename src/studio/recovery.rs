//! The recovery copy: one per open document, owned by the studio that wrote it.
//!
//! Copies live in `STATE/recovery/`, three files per document: `KEY.ppstudio.json` (the
//! project), `KEY.origin` (the path of the file it is a copy of, empty for a new document)
//! and `KEY.lock` (who owns it: process id, that process's start time, and a token unique to
//! one studio). The key is a hash of the document's path, or `new-TOKEN` for a document never
//! saved. A studio writes and removes only copies whose lock is its own; a copy whose owner
//! is gone (a crash, a kill) is offered at the next start; a copy whose owner still runs is
//! left alone. Two studios on the same file each keep their own copy (the second one's key
//! adds its token).

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::project::{MAX_FILE_BYTES, Project};

/// The tokens of the studios alive in this process (tests run several in one process).
static LIVE: Mutex<Option<HashSet<String>>> = Mutex::new(None);

fn live_insert(token: &str) {
    if let Ok(mut l) = LIVE.lock() {
        l.get_or_insert_with(HashSet::new).insert(token.to_string());
    }
}

fn live_remove(token: &str) {
    if let Ok(mut l) = LIVE.lock()
        && let Some(set) = l.as_mut()
    {
        set.remove(token);
    }
}

fn live_here(token: &str) -> bool {
    LIVE.lock()
        .ok()
        .is_some_and(|l| l.as_ref().is_some_and(|s| s.contains(token)))
}

/// A process's start time (clock ticks since boot, `/proc/PID/stat` field 22): with the pid,
/// it tells a live owner from a new process that got the same pid.
/// A process that has exited but not yet been reaped (a zombie, state `Z` or `X`) has none:
/// a studio killed a moment ago is gone.
fn start_time(pid: u32) -> Option<u64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name (field 2) is in parentheses and may hold spaces.
    let rest = &stat[stat.rfind(')')? + 2..];
    let mut fields = rest.split_whitespace();
    if matches!(fields.next(), Some("Z" | "X" | "x")) {
        return None;
    }
    fields.nth(18)?.parse().ok()
}

/// FNV-1a: a stable hash of a path (the key must be the same from one run to the next).
fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Who owns a copy.
#[derive(Debug, Clone, PartialEq)]
struct Owner {
    pid: u32,
    started: Option<u64>,
    token: String,
}

impl Owner {
    fn parse(text: &str) -> Option<Owner> {
        let mut parts = text.split_whitespace();
        let pid = parts.next()?.parse().ok()?;
        let started = parts.next()?.parse().ok();
        let token = parts.next()?.to_string();
        Some(Owner {
            pid,
            started,
            token,
        })
    }

    fn text(&self) -> String {
        format!(
            "{} {} {}\n",
            self.pid,
            self.started
                .map_or_else(|| "-".to_string(), |s| s.to_string()),
            self.token
        )
    }

    /// Whether the studio that owns the copy still runs.
    fn alive(&self) -> bool {
        if self.pid == std::process::id() {
            return live_here(&self.token);
        }
        match (start_time(self.pid), self.started) {
            (Some(now), Some(then)) => now == then,
            (Some(_), None) => true,
            (None, _) => false,
        }
    }
}

/// A copy left by a studio that is gone.
#[derive(Debug, Clone)]
pub struct Found {
    pub key: String,
    pub project: Project,
    /// The file it is a copy of (`None`: a new document never saved).
    pub origin: Option<PathBuf>,
}

impl Found {
    /// The copy in words, for the recovery prompt: the file's name and folder, or "the
    /// unsaved new project".
    pub fn describe(&self) -> String {
        match &self.origin {
            Some(p) => match (p.file_name(), p.parent()) {
                (Some(name), Some(dir)) if !dir.as_os_str().is_empty() => {
                    format!("{} (in {})", name.to_string_lossy(), dir.display())
                }
                _ => p.display().to_string(),
            },
            None => "the unsaved new project".to_string(),
        }
    }
}

/// One studio's recovery copies.
#[derive(Debug)]
pub struct Recovery {
    dir: PathBuf,
    me: Owner,
    /// The key of the copy this studio has on disk, if any.
    written: Option<String>,
}

impl Drop for Recovery {
    fn drop(&mut self) {
        // The files stay: a studio that ends without clearing them (a crash) left work behind.
        live_remove(&self.me.token);
    }
}

impl Recovery {
    /// The recovery copies kept under the state folder `state_dir`.
    pub fn new(state_dir: &Path) -> Recovery {
        static NEXT: AtomicU64 = AtomicU64::new(0);
        let pid = std::process::id();
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let token = format!("{pid}-{nanos:x}-{}", NEXT.fetch_add(1, Ordering::Relaxed));
        live_insert(&token);
        Recovery {
            dir: folder(state_dir),
            me: Owner {
                pid,
                started: start_time(pid),
                token,
            },
            written: None,
        }
    }

    fn file(&self, key: &str, ext: &str) -> PathBuf {
        self.dir.join(format!("{key}.{ext}"))
    }

    fn owner(&self, key: &str) -> Option<Owner> {
        Owner::parse(&std::fs::read_to_string(self.file(key, "lock")).ok()?)
    }

    /// The key for a document at `origin`: the path's hash, unless another live studio owns
    /// that copy (then the hash and this studio's token).
    fn key_for(&self, origin: Option<&Path>) -> String {
        let Some(path) = origin else {
            return format!("new-{}", self.me.token);
        };
        let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        let key = format!("doc-{:016x}", fnv(path.as_os_str().as_encoded_bytes()));
        match self.owner(&key) {
            Some(o) if o.token != self.me.token && o.alive() => {
                format!("{key}-{}", self.me.token)
            }
            _ => key,
        }
    }

    /// Writes the copy of the open document (saved at `origin`, if it is).
    pub fn write(&mut self, project: &Project, origin: Option<&Path>) -> std::io::Result<()> {
        let key = match &self.written {
            // The same document keeps its key; another one (opened, saved elsewhere) moves.
            Some(k) if self.origin_of(k).as_deref() == origin => k.clone(),
            _ => self.key_for(origin),
        };
        if self.written.as_ref().is_some_and(|k| *k != key) {
            self.clear();
        }
        std::fs::create_dir_all(&self.dir)?;
        crate::io::write_atomic(&self.file(&key, "lock"), self.me.text().as_bytes())?;
        crate::io::write_atomic(
            &self.file(&key, "ppstudio.json"),
            project.to_canonical().as_bytes(),
        )?;
        let origin_text = origin.map(|p| p.display().to_string()).unwrap_or_default();
        crate::io::write_atomic(&self.file(&key, "origin"), origin_text.as_bytes())?;
        self.written = Some(key);
        Ok(())
    }

    fn origin_of(&self, key: &str) -> Option<PathBuf> {
        std::fs::read_to_string(self.file(key, "origin"))
            .ok()
            .filter(|s| !s.trim().is_empty())
            .map(|s| PathBuf::from(s.trim()))
    }

    /// Whether this studio has a copy on disk.
    pub fn has_copy(&self) -> bool {
        self.written.is_some()
    }

    /// Removes this studio's copy (after a save, an undo back to the saved state, a clean
    /// exit). Copies of other studios are never touched.
    pub fn clear(&mut self) {
        if let Some(key) = self.written.take()
            && self.owner(&key).is_none_or(|o| o.token == self.me.token)
        {
            self.remove(&key);
        }
    }

    fn remove(&self, key: &str) {
        for ext in ["ppstudio.json", "origin", "lock"] {
            let _ = std::fs::remove_file(self.file(key, ext));
        }
    }

    /// The copies whose studio is gone, newest first.
    pub fn orphans(&self) -> Vec<Found> {
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return Vec::new();
        };
        let mut found: Vec<(std::time::SystemTime, Found)> = entries
            .filter_map(Result::ok)
            .filter_map(|e| {
                let name = e.file_name().to_string_lossy().into_owned();
                let key = name.strip_suffix(".ppstudio.json")?.to_string();
                if self.owner(&key).is_some_and(|o| o.alive()) {
                    return None;
                }
                let bytes = crate::io::read_limited(&e.path(), MAX_FILE_BYTES).ok()?;
                let project = Project::from_bytes(&bytes).ok()?;
                let when = e.metadata().and_then(|m| m.modified()).ok()?;
                let origin = self.origin_of(&key);
                Some((
                    when,
                    Found {
                        key,
                        project,
                        origin,
                    },
                ))
            })
            .collect();
        found.sort_by_key(|f| std::cmp::Reverse(f.0));
        found.into_iter().map(|(_, f)| f).collect()
    }

    /// Takes over the copy `key` (a [`Found::key`]) whose studio is gone: its work is now
    /// this studio's open document.
    pub fn adopt(&mut self, key: &str) -> std::io::Result<()> {
        self.clear();
        crate::io::write_atomic(&self.file(key, "lock"), self.me.text().as_bytes())?;
        self.written = Some(key.to_string());
        Ok(())
    }

    /// Deletes the copy `key` (a [`Found::key`]) whose studio is gone (the user said to
    /// discard it).
    pub fn discard(&self, key: &str) {
        if self.owner(key).is_none_or(|o| !o.alive()) {
            self.remove(key);
        }
    }
}

/// Where the copies are kept under a state folder.
pub fn folder(state_dir: &Path) -> PathBuf {
    state_dir.join("recovery")
}

/// Every copy on disk under `state_dir`, whoever owns it (for tests and tools).
pub fn copies(state_dir: &Path) -> Vec<(Project, Option<PathBuf>)> {
    let dir = folder(state_dir);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    entries
        .filter_map(Result::ok)
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let key = name.strip_suffix(".ppstudio.json")?.to_string();
            let bytes = crate::io::read_limited(&e.path(), MAX_FILE_BYTES).ok()?;
            let project = Project::from_bytes(&bytes).ok()?;
            let origin = std::fs::read_to_string(dir.join(format!("{key}.origin")))
                .ok()
                .filter(|s| !s.trim().is_empty())
                .map(|s| PathBuf::from(s.trim()));
            Some((project, origin))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edited(n: usize) -> Project {
        let mut p = Project::default_project();
        p.steps.truncate(n);
        p
    }

    #[test]
    fn two_studios_keep_their_own_copies_and_never_touch_the_others() {
        let state = tempfile::tempdir().unwrap();
        let file = state.path().join("acme.ppstudio.json");
        std::fs::write(&file, Project::default_project().to_canonical()).unwrap();
        let mut a = Recovery::new(state.path());
        let mut b = Recovery::new(state.path());
        // Both on the same file, and B also on a new document later.
        a.write(&edited(1), Some(&file)).unwrap();
        b.write(&edited(2), Some(&file)).unwrap();
        assert_eq!(copies(state.path()).len(), 2, "one copy each");
        // While both run, neither offers the other's copy.
        let c = Recovery::new(state.path());
        assert!(c.orphans().is_empty());
        // A closes cleanly: its copy goes, B's stays.
        a.clear();
        drop(a);
        let left = copies(state.path());
        assert_eq!(left.len(), 1);
        assert_eq!(left[0].0.steps.len(), 2);
        // C cannot clear or discard B's copy while B runs.
        let mut c = c;
        c.clear();
        assert_eq!(copies(state.path()).len(), 1);
        // B dies without clearing (a crash): the next studio offers its copy, naming the file.
        drop(b);
        let found = c.orphans();
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].project.steps.len(), 2);
        assert_eq!(found[0].origin.as_deref(), Some(file.as_path()));
        assert!(found[0].describe().starts_with("acme.ppstudio.json (in "));
        c.adopt(&found[0].key).unwrap();
        assert!(c.orphans().is_empty(), "adopted: C owns it now");
        c.clear();
        assert!(copies(state.path()).is_empty());
    }

    #[test]
    fn a_new_document_has_its_own_copy_and_is_named_as_such() {
        let state = tempfile::tempdir().unwrap();
        let mut a = Recovery::new(state.path());
        let mut b = Recovery::new(state.path());
        a.write(&edited(1), None).unwrap();
        b.write(&edited(3), None).unwrap();
        assert_eq!(copies(state.path()).len(), 2);
        drop(a);
        let c = Recovery::new(state.path());
        let found = c.orphans();
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].describe(), "the unsaved new project");
        c.discard(&found[0].key);
        assert_eq!(copies(state.path()).len(), 1, "B's copy stays");
        b.clear();
        assert!(copies(state.path()).is_empty());
    }

    #[test]
    fn saving_elsewhere_moves_the_copy_to_the_new_key() {
        let state = tempfile::tempdir().unwrap();
        let mut a = Recovery::new(state.path());
        a.write(&edited(1), None).unwrap();
        let file = state.path().join("x.ppstudio.json");
        a.write(&edited(2), Some(&file)).unwrap();
        let all = copies(state.path());
        assert_eq!(all.len(), 1);
        assert_eq!(all[0].1.as_deref(), Some(file.as_path()));
    }

    #[test]
    fn an_owner_in_another_live_process_is_alive_and_a_dead_pid_is_not() {
        // PID 1 runs as long as the machine does; its start time is read from /proc.
        if start_time(1).is_none() {
            eprintln!("NOTICE: no /proc; liveness by start time not checked");
            return;
        }
        let init = Owner {
            pid: 1,
            started: start_time(1),
            token: "x".into(),
        };
        assert!(init.alive());
        let reused = Owner {
            started: init.started.map(|s| s + 1),
            ..init.clone()
        };
        assert!(
            !reused.alive(),
            "same pid, another start time: a new process"
        );
        let gone = Owner {
            pid: u32::MAX - 1,
            ..init
        };
        assert!(!gone.alive());
        assert_eq!(Owner::parse(&gone.text()), Some(gone));
    }

    #[test]
    fn a_killed_studio_not_yet_reaped_counts_as_gone() {
        let Ok(mut child) = std::process::Command::new("true").spawn() else {
            eprintln!("NOTICE: cannot run `true`; zombie case not checked");
            return;
        };
        let pid = child.id();
        // Not waited for: once it exits it is a zombie, its /proc entry still there.
        let start = std::time::Instant::now();
        while start_time(pid).is_some() && start.elapsed().as_secs() < 10 {
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        assert!(
            std::path::Path::new(&format!("/proc/{pid}")).exists(),
            "a zombie"
        );
        assert_eq!(start_time(pid), None);
        child.wait().unwrap();
    }
}
