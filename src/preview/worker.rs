//! The preview's background check: a verdict whose regex ran past the short budget of the UI
//! thread is computed again here with the full limit ([`crate::rules::eval::FULL_MATCH_TIMEOUT`]),
//! so the studio never blocks a frame and still learns the answer (or that the consumer's page
//! would freeze).
//!
//! One thread, started at the first job and ended when the [`Worker`] is dropped. Jobs are keyed
//! by field: a newer job for a field replaces one still waiting, so typing into a field with a
//! catastrophic regex queues at most one check per field. A job already running cannot be
//! stopped; its answer is dropped by the preview when the field changed meanwhile.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender, TryRecvError};
use std::time::{Duration, Instant};

use crate::project::Id;
use crate::rules::{CompiledRules, Form, Messages, Subject, Verdict};

/// Called from the worker thread when an answer is ready (the studio asks for a repaint).
pub type Waker = Arc<dyn Fn() + Send + Sync>;

/// One verdict to compute with the full limit.
pub(crate) struct Job {
    pub field: Id,
    /// What the answer is valid for (the preview compares it with the field's current state).
    pub key: u64,
    pub rules: Arc<CompiledRules>,
    pub name: String,
    pub display: String,
    pub value: String,
    pub form: Arc<Form>,
    pub messages: Arc<Messages>,
    pub waker: Option<Waker>,
}

/// One answer.
pub(crate) struct Done {
    pub field: Id,
    pub key: u64,
    pub verdict: Verdict,
}

/// The background thread and its channels.
#[derive(Default)]
pub(crate) struct Worker {
    channels: Option<(Sender<Job>, Receiver<Done>)>,
    /// Jobs sent and not answered yet, by field: the key of the latest.
    in_flight: HashMap<Id, u64>,
}

impl std::fmt::Debug for Worker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Worker")
            .field("running", &self.channels.is_some())
            .field("in_flight", &self.in_flight.len())
            .finish()
    }
}

impl Worker {
    /// Queues `job`; starts the thread at the first job.
    pub fn submit(&mut self, job: Job) {
        self.in_flight.insert(job.field, job.key);
        if self.channels.is_none() {
            let (jobs, inbox) = mpsc::channel::<Job>();
            let (outbox, done) = mpsc::channel::<Done>();
            let spawned = std::thread::Builder::new()
                .name("ppstudio-preview-check".into())
                .spawn(move || run(&inbox, &outbox));
            if spawned.is_err() {
                // No thread: the verdict stays "timed out" (no answer), which is honest.
                self.in_flight.clear();
                return;
            }
            self.channels = Some((jobs, done));
        }
        let sent = self
            .channels
            .as_ref()
            .is_some_and(|(jobs, _)| jobs.send(job).is_ok());
        if !sent {
            self.channels = None;
            self.in_flight.clear();
        }
    }

    /// Whether a check is still running or waiting.
    pub fn busy(&self) -> bool {
        !self.in_flight.is_empty()
    }

    /// The answers ready now, without waiting.
    pub fn collect(&mut self) -> Vec<Done> {
        let mut out = Vec::new();
        let mut dead = false;
        if let Some((_, done)) = &self.channels {
            loop {
                match done.try_recv() {
                    Ok(d) => out.push(d),
                    Err(TryRecvError::Empty) => break,
                    Err(TryRecvError::Disconnected) => {
                        dead = true;
                        break;
                    }
                }
            }
        }
        self.forget(&out, dead);
        out
    }

    /// Waits up to `max` for every check to answer; the answers. Blocks: not for a UI thread.
    pub fn wait(&mut self, max: Duration) -> Vec<Done> {
        let deadline = Instant::now() + max;
        let mut out = self.collect();
        while self.busy() {
            let Some((_, done)) = &self.channels else {
                break;
            };
            let left = deadline.saturating_duration_since(Instant::now());
            match done.recv_timeout(left) {
                Ok(d) => {
                    self.forget(std::slice::from_ref(&d), false);
                    out.push(d);
                }
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => {
                    self.forget(&[], true);
                    break;
                }
            }
        }
        out
    }

    fn forget(&mut self, answered: &[Done], dead: bool) {
        for d in answered {
            if self.in_flight.get(&d.field) == Some(&d.key) {
                self.in_flight.remove(&d.field);
            }
        }
        if dead {
            self.channels = None;
            self.in_flight.clear();
        }
    }
}

/// The thread: take the oldest waiting job (newer jobs of the same field replace older ones),
/// answer it, wake the studio.
fn run(inbox: &Receiver<Job>, outbox: &Sender<Done>) {
    let mut waiting: Vec<Job> = Vec::new();
    loop {
        if waiting.is_empty() {
            match inbox.recv() {
                Ok(job) => waiting.push(job),
                Err(_) => return,
            }
        }
        while let Ok(job) = inbox.try_recv() {
            match waiting.iter_mut().find(|j| j.field == job.field) {
                Some(old) => *old = job,
                None => waiting.push(job),
            }
        }
        let job = waiting.remove(0);
        let subject = Subject::new(&job.name, &job.display, &job.value);
        let verdict = job.rules.evaluate_field(&subject, &job.form, &job.messages);
        let done = Done {
            field: job.field,
            key: job.key,
            verdict,
        };
        if outbox.send(done).is_err() {
            return;
        }
        if let Some(wake) = &job.waker {
            wake();
        }
    }
}
