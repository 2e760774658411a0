//! The simulator's in-memory account as plain data: records (`records`), id counters, the
//! clock, the seeded random numbers, and the account behind its lock with the results
//! derived from it (`store`). Imports nothing of the crate but its own submodules.
//!
//! Records are plain structs shaped for behaviour (ids, enums, timestamps), not for the wire;
//! `render` turns them into the generated response models. Every lock is a
//! `std::sync::Mutex` taken and released inside one synchronous function, never across an
//! `.await`; a poisoned lock is recovered with `into_inner`, since a panicking test must not
//! take the simulator down for the next one.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};

mod records;
mod store;

pub(crate) use records::*;
pub(crate) use store::{DataGuard, ListKey, Rendered, Store};

/// Takes a lock, recovering it if a thread panicked while holding it.
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// The simulated clock: real time plus an offset that tests can push forward.
#[derive(Debug)]
pub(crate) struct Clock {
    started: Instant,
    started_utc: DateTime<Utc>,
    offset_ms: AtomicU64,
}

impl Clock {
    pub(crate) fn new() -> Self {
        Self {
            started: Instant::now(),
            started_utc: Utc::now(),
            offset_ms: AtomicU64::new(0),
        }
    }

    /// The simulated wall-clock time (monotonic: never goes backwards).
    pub(crate) fn now(&self) -> DateTime<Utc> {
        let elapsed = self
            .started
            .elapsed()
            .saturating_add(Duration::from_millis(self.offset_ms()));
        // Time moved that far ahead ends at the last instant chrono can represent.
        chrono::Duration::from_std(elapsed)
            .ok()
            .and_then(|elapsed| self.started_utc.checked_add_signed(elapsed))
            .unwrap_or(DateTime::<Utc>::MAX_UTC)
    }

    fn offset_ms(&self) -> u64 {
        self.offset_ms.load(Ordering::Relaxed)
    }

    pub(crate) fn advance(&self, by: Duration) {
        let ms = u64::try_from(by.as_millis()).unwrap_or(u64::MAX);
        // Saturating: the simulated clock never wraps around to the past.
        let _ = self
            .offset_ms
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |old| {
                Some(old.saturating_add(ms))
            });
    }
}

/// A small deterministic PRNG (SplitMix64): the same seed gives the same account on every
/// platform and every version of `rand`.
#[derive(Clone, Debug)]
pub(crate) struct Rng(u64);

impl Rng {
    pub(crate) fn new(seed: u64) -> Self {
        Self(seed ^ 0x9E37_79B9_7F4A_7C15)
    }

    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (0 when `n` is 0).
    pub(crate) fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            return 0;
        }
        (self.next_u64() % n as u64) as usize
    }

    /// Uniform in `[0, 1)`.
    pub(crate) fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    pub(crate) fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    pub(crate) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Id counters, one per kind of resource, in disjoint ranges so that an id of the wrong kind
/// is a 404 rather than a silent hit.
#[derive(Debug)]
pub(crate) struct Ids {
    next: HashMap<&'static str, i64>,
}

impl Ids {
    pub(crate) fn new() -> Self {
        Self {
            next: HashMap::new(),
        }
    }

    pub(crate) fn next(&mut self, kind: &'static str) -> i64 {
        let start = match kind {
            "mailbox" => 1,
            "folder" => 100,
            "field" => 200,
            "option" => 400,
            "user" => 1_000,
            "savedReply" => 3_000,
            "team" => 5_000,
            "tag" => 7_000,
            "workflow" => 8_000,
            "webhook" => 9_000,
            "organization" => 50_000,
            "orgProperty" => 55_000,
            "rating" => 60_000,
            "customer" => 100_000,
            "conversation" => 1_000_000,
            "number" => 1,
            "thread" => 10_000_000,
            "attachment" => 50_000_000,
            _ => 200_000_000, // customer entries
        };
        let slot = self.next.entry(kind).or_insert(start);
        let id = *slot;
        *slot += 1;
        id
    }
}

/// A URL slug: lower case, words joined by `-`.
pub(crate) fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    let mut dash = false;
    for ch in text.chars() {
        if ch.is_alphanumeric() {
            if dash && !slug.is_empty() {
                slug.push('-');
            }
            dash = false;
            slug.extend(ch.to_lowercase());
        } else {
            dash = true;
        }
    }
    slug
}
