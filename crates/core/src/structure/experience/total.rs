//! Total experience: months of work with overlapping positions merged.

use crate::resume::Work;
use crate::structure::dates::YearMonth;
use chrono::{Datelike, NaiveDate};

/// A date written as a bare year ("2005 – 2010") is taken as mid-year at
/// both ends: the unbiased guess, neither a year too long nor too short.
const MID_YEAR: u32 = 7;

/// Months of work with overlaps merged. An absent end date means the
/// position is current and runs to `reference`.
pub fn total_months_of(work: &[Work], reference: NaiveDate) -> Option<u32> {
    let now = i64::from(reference.year()) * 12 + i64::from(reference.month()) - 1;
    let mut intervals: Vec<(i64, i64)> = work
        .iter()
        .filter_map(|w| {
            let start = YearMonth::parse_iso(w.start_date.as_deref()?)?.index(MID_YEAR);
            let end = match w.end_date.as_deref() {
                None => now,
                Some(e) => YearMonth::parse_iso(e)?.index(MID_YEAR).min(now),
            };
            (end >= start).then_some((start, end + 1))
        })
        .collect();
    if intervals.is_empty() {
        return None;
    }
    intervals.sort_unstable();
    let mut total = 0;
    let (mut cur_start, mut cur_end) = intervals[0];
    for &(s, e) in &intervals[1..] {
        if s <= cur_end {
            cur_end = cur_end.max(e);
        } else {
            total += cur_end - cur_start;
            (cur_start, cur_end) = (s, e);
        }
    }
    total += cur_end - cur_start;
    u32::try_from(total).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn work(start: &str, end: Option<&str>) -> Work {
        Work {
            start_date: Some(start.into()),
            end_date: end.map(Into::into),
            ..Work::default()
        }
    }

    #[test]
    fn overlapping_positions_are_counted_once() {
        let reference = NaiveDate::from_ymd_opt(2024, 6, 15).unwrap();
        let jobs = [
            work("2020-01", Some("2020-12")),
            work("2020-06", Some("2021-05")),
            work("2023-01", None),
        ];
        // 2020-01..2021-05 = 17 months, 2023-01..2024-06 = 18 months
        assert_eq!(total_months_of(&jobs, reference), Some(35));
        // Bare years are mid-year at both ends: 2005-07..2010-07.
        assert_eq!(
            total_months_of(&[work("2005", Some("2010"))], reference),
            Some(61)
        );
    }
}
