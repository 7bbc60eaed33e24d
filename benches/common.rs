//! What the benchmarks share (each bench includes this file with `#[path]`).
#![allow(dead_code)] // each bench uses its own part

use std::time::{Duration, Instant};

/// The median of `runs` timings of `f`.
pub fn median(runs: usize, mut f: impl FnMut()) -> Duration {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    median_of(&mut times)
}

/// The median of timings already taken.
pub fn median_of(times: &mut [Duration]) -> Duration {
    times.sort();
    times[times.len() / 2]
}
