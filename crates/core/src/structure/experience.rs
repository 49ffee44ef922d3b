use crate::resume::Work;
use chrono::NaiveDate;
pub fn total_months_of(_work: &[Work], _reference: NaiveDate) -> Option<u32> { None }
