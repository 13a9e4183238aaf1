//! The held top of a series of angles: the running median that cleans the series and the
//! search for the highest steady window, shared by the phone inclinometer and the camera's
//! marker recording so that both call the same stretch of a lift "held".

use std::collections::VecDeque;

use crate::inclinometer::{HOLD_BAND_DEG, HOLD_MS, MEDIAN_WINDOW};

/// Centred running median of [`MEDIAN_WINDOW`] values (fewer at the ends; the mean of the middle
/// two for an even count).
pub(crate) fn running_median(values: &[f64]) -> Vec<f64> {
    let half = MEDIAN_WINDOW / 2;
    let mut window = Vec::with_capacity(MEDIAN_WINDOW);
    (0..values.len())
        .map(|i| {
            window.clear();
            window.extend_from_slice(
                &values[i.saturating_sub(half)..(i + half + 1).min(values.len())],
            );
            window.sort_by(f64::total_cmp);
            let m = window.len() / 2;
            if window.len() % 2 == 1 {
                window[m]
            } else {
                (window[m - 1] + window[m]) / 2.0
            }
        })
        .collect()
}

/// The held top: its level and the first and last reading of the stretch held around it.
pub(crate) struct Hold {
    /// The mean of the window found.
    pub level: f64,
    /// The first reading of the hold, widened to the neighbours within the band.
    pub first: usize,
    /// The last reading of the hold, widened likewise.
    pub last: usize,
    /// The first and last reading of the window `level` is the mean of, before widening: other
    /// series averaged over these readings add up as the angles do.
    pub window: (usize, usize),
}

/// The highest window of at least [`HOLD_MS`] whose readings all lie within ±[`HOLD_BAND_DEG`]
/// of its mean, among those at or above `floor`; then widened to every neighbouring reading
/// within the band of that level. Sliding minimum and maximum keep it linear in the readings.
pub(crate) fn highest_hold(t: &[f64], angle: &[f64], floor: f64) -> Option<Hold> {
    let n = t.len();
    let mut prefix = Vec::with_capacity(n + 1);
    prefix.push(0.0);
    for a in angle {
        prefix.push(prefix[prefix.len() - 1] + a);
    }
    let (mut highs, mut lows) = (VecDeque::new(), VecDeque::new());
    let mut end = 0; // readings before `end` have entered the window
    let mut best: Option<(f64, usize, usize)> = None;
    for i in 0..n {
        while end < n && (end <= i || t[end - 1] - t[i] < HOLD_MS) {
            while highs.back().is_some_and(|&k| angle[k] <= angle[end]) {
                highs.pop_back();
            }
            highs.push_back(end);
            while lows.back().is_some_and(|&k| angle[k] >= angle[end]) {
                lows.pop_back();
            }
            lows.push_back(end);
            end += 1;
        }
        if t[end - 1] - t[i] < HOLD_MS {
            break;
        }
        while highs.front().is_some_and(|&k| k < i) {
            highs.pop_front();
        }
        while lows.front().is_some_and(|&k| k < i) {
            lows.pop_front();
        }
        let (hi, lo) = (angle[highs[0]], angle[lows[0]]);
        let level = (prefix[end] - prefix[i]) / (end - i) as f64;
        let steady = hi - level <= HOLD_BAND_DEG && level - lo <= HOLD_BAND_DEG;
        if steady && level >= floor && best.is_none_or(|(b, _, _)| level > b) {
            best = Some((level, i, end - 1));
        }
    }
    let (level, mut first, mut last) = best?;
    let within = |k: usize| (angle[k] - level).abs() <= HOLD_BAND_DEG;
    let window = (first, last);
    while first > 0 && within(first - 1) {
        first -= 1;
    }
    while last + 1 < n && within(last + 1) {
        last += 1;
    }
    Some(Hold {
        level,
        first,
        last,
        window,
    })
}
