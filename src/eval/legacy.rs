//! Calls in the shape of SOF's older argument lists.
//!
//! SOF's topology guide still shows `PIPELINE_PCM_ADD` and `DAI_ADD` with a
//! `frames` argument that SOF has since removed. Read with today's list, such
//! a call would silently shift every argument after it (frames as period,
//! deadline as priority, …), so it is refused with an explanation instead.

use super::signature::Signature;
use crate::parse::ast::{Call, ExprKind};

/// Whether the arguments from the 9th on are sample rates and the 6th a
/// period with a priority after it: today's `PIPELINE_PCM_ADD` list with
/// arguments missing, not the old one.
fn has_rates(int_at: &dyn Fn(usize) -> Option<i64>, n: usize) -> bool {
    let rate = |v: Option<i64>| v.is_some_and(|r| r >= 8000);
    let period_then_priority = match (int_at(5), int_at(6)) {
        (Some(period), Some(priority)) => !(priority >= 100 && period < priority),
        _ => false,
    };
    period_then_priority && (8..n).all(|i| rate(int_at(i)))
}

/// An explanation when `c` looks like the old argument list of its statement.
pub(super) fn check(sig: &Signature, c: &Call) -> Option<String> {
    if c.args.iter().any(|a| a.name.is_some()) {
        return None; // named arguments are never in the old shape
    }
    let n = c.args.len();
    let int_at = |i: usize| match c.args.get(i).map(|a| &a.value.kind) {
        Some(ExprKind::Int(v)) => Some(*v),
        Some(ExprKind::Hex(h)) => super::value::parse_int(h),
        _ => None,
    };
    match sig.name.as_str() {
        // old: pipeline, pipe id, pcm, max channels, format, frames, deadline, priority, core [, time domain]
        // new: pipeline, pipe id, pcm, max channels, format, period, priority, core, pcm_min_rate, pcm_max_rate, pipeline_rate [, …]
        // Told apart by the values' kinds: the old list has frames (a few
        // dozen) before a deadline in µs (hundreds or more), and no rates;
        // today's list with a rate left out has a period, then a priority,
        // and rates (thousands of Hz) from the 9th argument on.
        "PIPELINE_PCM_ADD" if (n == 9 || n == 10) && !has_rates(&int_at, n) => Some(format!(
            "SOF dropped `frames` (the 6th argument): the list is now pipeline, id, pcm, channels, format, period, priority, core, pcm_min_rate, pcm_max_rate, rate [, time_domain, sched_comp, dynamic]; remove `frames`{} and add the three rates, e.g. `…, {}, {}, {}, 48000, 48000, 48000)`",
            int_at(5).map(|f| format!(" ({f})")).unwrap_or_default(),
            int_at(6).map_or("1000".into(), |v| v.to_string()),
            int_at(7).map_or("0".into(), |v| v.to_string()),
            int_at(8).map_or("0".into(), |v| v.to_string()),
        )),
        // old: pipeline, pipe id, dai type, dai index, dai be, buffer, periods, format, frames, deadline, priority, core
        // new: …, format, period, priority, core, time_domain
        // Both have 12 arguments: the old one has a deadline in µs where
        // the priority now goes, and frames (fewer) before it.
        "DAI_ADD" if n == 12 => {
            let (frames, deadline) = (int_at(8)?, int_at(9)?);
            (deadline >= 100 && frames < deadline).then(|| {
                format!(
                    "SOF dropped `frames` (the 9th argument, {frames} here) and added `time_domain` at the end: the list is now pipeline, id, dai_type, dai_index, dai_be, buffer, periods, format, period, priority, core, time_domain; write `…, {deadline}, {}, {}, SCHEDULE_TIME_DOMAIN_TIMER)`",
                    int_at(10).unwrap_or(0),
                    int_at(11).unwrap_or(0)
                )
            })
        }
        _ => None,
    }
}
