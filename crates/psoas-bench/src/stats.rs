//! Medians over repeated runs, and timing of in-process work.

use std::hint::black_box;
use std::time::{Duration, Instant};

/// The median of some values (the mean of the middle two for an even count); NaN when empty.
pub fn median(values: &[f64]) -> f64 {
    let mut sorted: Vec<f64> = values.iter().copied().filter(|v| !v.is_nan()).collect();
    if sorted.is_empty() {
        return f64::NAN;
    }
    sorted.sort_by(f64::total_cmp);
    let mid = sorted.len() / 2;
    if sorted.len() % 2 == 1 {
        sorted[mid]
    } else {
        (sorted[mid - 1] + sorted[mid]) / 2.0
    }
}

/// Times `work` `runs` times, each run doing it `batch` times in a row, and gives the median
/// time of one call. Batching keeps the clock's own cost out of very short work.
pub fn time_per_call<T>(runs: usize, batch: usize, mut work: impl FnMut() -> T) -> Duration {
    black_box(work());
    let per_call: Vec<f64> = (0..runs)
        .map(|_| {
            let started = Instant::now();
            for _ in 0..batch {
                black_box(work());
            }
            started.elapsed().as_secs_f64() / batch as f64
        })
        .collect();
    Duration::from_secs_f64(median(&per_call))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_of_odd_and_even_counts() {
        assert_eq!(median(&[3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(&[4.0, 1.0, 3.0, 2.0]), 2.5);
        assert!(median(&[]).is_nan());
    }
}
