//! Saving and the recovery copy off the UI thread: one worker thread serializes the project
//! and writes it (atomically, synced), in the order the studio asked, and reports each job
//! back. The frame that starts a save only hands over a copy of the project.
//!
//! The worker owns this studio's [`Recovery`], so every recovery file operation (write,
//! clear, adopt, discard) runs on it, in order: a clear asked after a write always comes
//! after that write. Dropping the [`Writer`] finishes the jobs asked (a studio that closes
//! still removes its recovery copy).

use std::collections::VecDeque;
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

use super::recovery::Recovery;
use crate::edit::ContentState;
use crate::project::Project;

/// What the worker is asked to do.
pub enum Job {
    /// Writes `project` (a [`crate::edit::Document::snapshot`]) to `path` as the document's
    /// content `state`.
    Save {
        path: PathBuf,
        project: Arc<Project>,
        state: ContentState,
    },
    /// Writes the recovery copy of `project` (a snapshot), a copy of the file at `origin` (if
    /// any).
    RecoveryWrite {
        project: Arc<Project>,
        origin: Option<PathBuf>,
    },
    /// Removes this studio's recovery copy.
    RecoveryClear,
    /// Takes over the recovery copy `key` left by a studio that is gone.
    RecoveryAdopt(String),
    /// Deletes the recovery copy `key` left by a studio that is gone.
    RecoveryDiscard(String),
    /// Drops a project (freeing a large one takes time too); reports nothing.
    Drop(Box<Project>),
}

/// What a job came to.
#[derive(Debug)]
pub enum Done {
    /// A save: the project written (the document's new baseline), or why it was not.
    Saved {
        path: PathBuf,
        state: ContentState,
        result: Result<Box<Project>, String>,
    },
    /// A recovery copy written, or why not.
    RecoveryWritten(Result<(), String>),
    /// A recovery copy adopted, or why not.
    RecoveryAdopted(Result<(), String>),
    /// A recovery copy cleared or discarded.
    RecoveryRemoved,
}

/// The snapshot's project as the worker's own: taken as it is when the document let it go,
/// else copied (the UI thread keeps the shared one).
fn own(project: Arc<Project>) -> Box<Project> {
    Box::new(Arc::try_unwrap(project).unwrap_or_else(|shared| Project::clone(&shared)))
}

/// Does one job; `None` for a job that reports nothing.
fn run(recovery: &mut Option<Recovery>, job: Job) -> Option<Done> {
    Some(match job {
        Job::Save {
            path,
            project,
            state,
        } => {
            // The copy that becomes the document's saved baseline, made here rather than on
            // the UI thread; the snapshot is let go first, so that an edit made meanwhile
            // need not copy the project.
            let project = own(project);
            let text = project.to_canonical();
            let result = crate::io::write_atomic(&path, text.as_bytes())
                .map(|()| project)
                .map_err(|e| e.to_string());
            Done::Saved {
                path,
                state,
                result,
            }
        }
        Job::RecoveryWrite { project, origin } => Done::RecoveryWritten(match recovery {
            Some(r) => {
                let project = own(project);
                let written = r.write(&project, origin.as_deref());
                drop(project);
                written.map_err(|e| e.to_string())
            }
            None => Ok(()),
        }),
        Job::RecoveryClear => {
            if let Some(r) = recovery {
                r.clear();
            }
            Done::RecoveryRemoved
        }
        Job::RecoveryAdopt(key) => Done::RecoveryAdopted(match recovery {
            Some(r) => r.adopt(&key).map_err(|e| e.to_string()),
            None => Ok(()),
        }),
        Job::RecoveryDiscard(key) => {
            if let Some(r) = recovery {
                r.discard(&key);
            }
            Done::RecoveryRemoved
        }
        Job::Drop(project) => {
            drop(project);
            return None;
        }
    })
}

/// Where the jobs run.
enum Worker {
    /// The worker thread.
    Thread {
        jobs: Option<Sender<Job>>,
        done: Receiver<Done>,
        handle: Option<JoinHandle<()>>,
    },
    /// No thread could be started: the jobs run when asked, on the caller's thread.
    Inline {
        recovery: Option<Recovery>,
        done: VecDeque<Done>,
    },
}

/// The studio's file writer.
pub struct Writer {
    worker: Worker,
    /// Jobs asked whose report has not been taken yet.
    pending: usize,
}

impl std::fmt::Debug for Writer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Writer")
            .field("pending", &self.pending)
            .finish_non_exhaustive()
    }
}

impl Writer {
    /// A writer owning `recovery`; `wake` is called on the worker thread after each job (the
    /// studio asks for a frame, which takes the report).
    pub fn new(recovery: Option<Recovery>, wake: impl Fn() + Send + 'static) -> Writer {
        let (jobs, job_rx) = channel::<Job>();
        let (done_tx, done) = channel::<Done>();
        // The recovery goes to the thread; if the thread cannot start, it stays here.
        let slot = Arc::new(Mutex::new(Some(recovery)));
        let thread_slot = Arc::clone(&slot);
        let take = |slot: &Mutex<Option<Option<Recovery>>>| {
            slot.lock().ok().and_then(|mut s| s.take()).flatten()
        };
        let started = std::thread::Builder::new()
            .name("ppstudio-writer".into())
            .spawn(move || {
                let mut recovery = take(&thread_slot);
                for job in job_rx {
                    if let Some(d) = run(&mut recovery, job) {
                        if done_tx.send(d).is_err() {
                            break;
                        }
                        wake();
                    }
                }
            });
        let worker = match started {
            Ok(handle) => Worker::Thread {
                jobs: Some(jobs),
                done,
                handle: Some(handle),
            },
            Err(_) => Worker::Inline {
                recovery: take(&slot),
                done: VecDeque::new(),
            },
        };
        Writer { worker, pending: 0 }
    }

    /// Asks for `job`, after every job asked before it.
    pub fn send(&mut self, job: Job) {
        let reports = !matches!(job, Job::Drop(_));
        match &mut self.worker {
            Worker::Thread { jobs, .. } => {
                let Some(tx) = jobs else { return };
                if tx.send(job).is_err() {
                    return;
                }
            }
            Worker::Inline { recovery, done } => done.extend(run(recovery, job)),
        }
        if reports {
            self.pending += 1;
        }
    }

    /// Whether some job has not reported yet.
    pub fn busy(&self) -> bool {
        self.pending > 0
    }

    /// The next report, if one is ready (never waits).
    pub fn try_done(&mut self) -> Option<Done> {
        let d = match &mut self.worker {
            Worker::Thread { done, .. } => done.try_recv().ok(),
            Worker::Inline { done, .. } => done.pop_front(),
        }?;
        self.pending = self.pending.saturating_sub(1);
        Some(d)
    }

    /// Waits for the next report (`None` when nothing is pending or the worker is gone).
    pub fn wait_done(&mut self) -> Option<Done> {
        if self.pending == 0 {
            return None;
        }
        let d = match &mut self.worker {
            Worker::Thread { done, .. } => done.recv().ok(),
            Worker::Inline { done, .. } => done.pop_front(),
        };
        match d {
            Some(d) => {
                self.pending -= 1;
                Some(d)
            }
            None => {
                self.pending = 0;
                None
            }
        }
    }
}

impl Drop for Writer {
    fn drop(&mut self) {
        // Finish what was asked (a save, the recovery copy's removal at a clean exit).
        if let Worker::Thread { jobs, handle, .. } = &mut self.worker {
            jobs.take();
            if let Some(h) = handle.take() {
                let _ = h.join();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state() -> ContentState {
        crate::edit::Document::new(Project::default_project(), None).content_state()
    }

    #[test]
    fn a_save_is_written_in_the_background_and_reported_with_its_content() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.ppstudio.json");
        let mut w = Writer::new(None, || {});
        let p = Project::default_project();
        let s = state();
        w.send(Job::Save {
            path: path.clone(),
            project: Arc::new(p.clone()),
            state: s,
        });
        assert!(w.busy());
        match w.wait_done() {
            Some(Done::Saved {
                path: at,
                state,
                result: Ok(saved),
            }) => {
                assert_eq!(at, path);
                assert_eq!(state, s);
                assert_eq!(*saved, p);
            }
            other => panic!("{other:?}"),
        }
        assert!(!w.busy());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), p.to_canonical());
    }

    #[test]
    fn a_failed_save_says_why_and_jobs_run_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("plain");
        std::fs::write(&file, "x").unwrap();
        let state_dir = dir.path().join("state");
        let mut w = Writer::new(Some(Recovery::new(&state_dir)), || {});
        // Into a "folder" that is a file: refused whoever runs it.
        w.send(Job::Save {
            path: file.join("a.ppstudio.json"),
            project: Arc::new(Project::default_project()),
            state: state(),
        });
        w.send(Job::RecoveryWrite {
            project: Arc::new(Project::default_project()),
            origin: None,
        });
        w.send(Job::Drop(Box::new(Project::default_project())));
        w.send(Job::RecoveryClear);
        let reports: Vec<Done> = std::iter::from_fn(|| w.wait_done()).collect();
        assert_eq!(reports.len(), 3, "{reports:?}");
        assert!(
            matches!(&reports[0], Done::Saved { result: Err(e), .. } if !e.is_empty()),
            "{reports:?}"
        );
        assert!(matches!(reports[1], Done::RecoveryWritten(Ok(()))));
        assert!(matches!(reports[2], Done::RecoveryRemoved));
        assert!(super::super::recovery::copies(&state_dir).is_empty());
        assert_eq!(std::fs::read_to_string(&file).unwrap(), "x");
    }

    #[test]
    fn dropping_the_writer_finishes_the_jobs_asked() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("late.ppstudio.json");
        let mut w = Writer::new(None, || {});
        w.send(Job::Save {
            path: path.clone(),
            project: Arc::new(Project::default_project()),
            state: state(),
        });
        drop(w);
        assert!(path.exists());
    }
}
