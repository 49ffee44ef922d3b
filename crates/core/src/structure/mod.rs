pub mod dates;
pub mod experience;
use crate::resume::JsonResume;
use chrono::NaiveDate;
pub fn structure(_text: &str, _reference: NaiveDate) -> JsonResume { JsonResume::default() }
