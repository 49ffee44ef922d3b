//! What a recruiter corrects of what the parser read (the parse review),
//! and the original document beside it. A correction changes the
//! candidate's current record (`candidates` and its `parsed_data`) and
//! keeps what the parser read: each file's `parsed_json` is never touched,
//! and the record's `x-ats.corrections` lists every change with the value
//! it replaced, who made it and when. A corrected field's confidence is 1.

use super::Store;
use super::tenancy::{CANDIDATE_VISIBLE, bind_scope};
use crate::error::StoreError;
use crate::resume::{Correction, JsonResume};
use crate::structure::dates::YearMonth;
use crate::structure::experience::total_months_of;
use sqlx::Row;

/// What a parse review corrects: the contact fields and the work
/// history's entries. `None` leaves a field as it is, an empty text clears
/// it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ParseCorrection {
    pub name: Option<String>,
    pub label: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub url: Option<String>,
    pub summary: Option<String>,
    pub work: Vec<WorkCorrection>,
}

/// One entry of the work history (`work[index]`) as corrected. Dates are
/// ISO 8601 as JSON Resume writes them (`YYYY-MM-DD`, `YYYY-MM`, `YYYY`);
/// no end date means the position is current.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct WorkCorrection {
    pub index: usize,
    /// The employer.
    pub name: Option<String>,
    pub position: Option<String>,
    pub start_date: Option<String>,
    pub end_date: Option<String>,
}

impl WorkCorrection {
    /// The dates are ISO 8601 and the end is not before the start; the
    /// reason otherwise.
    pub fn check(&self) -> Result<(), String> {
        let date = |field: &str, v: &Option<String>| -> Result<Option<YearMonth>, String> {
            match v.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
                None => Ok(None),
                Some(v) => iso_date(v).map(Some).ok_or_else(|| {
                    format!(
                        "work[{}].{field}: {v} is not a date (YYYY-MM-DD, YYYY-MM or YYYY)",
                        self.index
                    )
                }),
            }
        };
        let start = date("startDate", &self.start_date)?;
        let end = date("endDate", &self.end_date)?;
        if let (Some(s), Some(e)) = (start, end)
            && e.index(12) < s.index(1)
        {
            return Err(format!(
                "work[{}]: the end date is before the start date",
                self.index
            ));
        }
        Ok(())
    }
}

/// `YYYY-MM-DD`, `YYYY-MM` or `YYYY`, with a real month and day.
fn iso_date(v: &str) -> Option<YearMonth> {
    let parts: Vec<&str> = v.split('-').collect();
    let digits = |p: &str, n: usize| p.len() == n && p.bytes().all(|b| b.is_ascii_digit());
    match parts.as_slice() {
        [y] if digits(y, 4) => YearMonth::parse_iso(v),
        [y, m] if digits(y, 4) && digits(m, 2) => YearMonth::parse_iso(v),
        [y, m, d] if digits(y, 4) && digits(m, 2) && digits(d, 2) => {
            chrono::NaiveDate::parse_from_str(v, "%Y-%m-%d").ok()?;
            YearMonth::parse_iso(&v[..7])
        }
        _ => None,
    }
}

/// An original file with the text that was read from it.
#[derive(Debug, Clone)]
pub struct OriginalFile {
    pub original_name: String,
    pub detected_type: String,
    pub extracted_text: String,
    pub bytes: Vec<u8>,
}

/// Apply `fix` to `resume`; the paths changed (`basics.name`,
/// `work[0].startDate`, …), each recorded with its old value. A changed
/// date or a removed entry's dates recompute the total experience. Work
/// entries `fix` names beyond the history are an error.
pub fn apply_correction(
    resume: &mut JsonResume,
    fix: &ParseCorrection,
    by: &str,
    at: &str,
) -> Result<Vec<String>, String> {
    if let Some(w) = fix.work.iter().find(|w| w.index >= resume.work.len()) {
        return Err(format!(
            "work[{}]: the record has {} work entries",
            w.index,
            resume.work.len()
        ));
    }
    let b = &mut resume.basics;
    let mut fields: Vec<(String, &mut Option<String>, &Option<String>)> = vec![
        ("basics.name".into(), &mut b.name, &fix.name),
        ("basics.label".into(), &mut b.label, &fix.label),
        ("basics.email".into(), &mut b.email, &fix.email),
        ("basics.phone".into(), &mut b.phone, &fix.phone),
        ("basics.url".into(), &mut b.url, &fix.url),
        ("basics.summary".into(), &mut b.summary, &fix.summary),
    ];
    for (i, entry) in resume.work.iter_mut().enumerate() {
        // The last correction of an entry wins.
        let Some(w) = fix.work.iter().rev().find(|w| w.index == i) else {
            continue;
        };
        fields.extend([
            (format!("work[{i}].name"), &mut entry.name, &w.name),
            (
                format!("work[{i}].position"),
                &mut entry.position,
                &w.position,
            ),
            (
                format!("work[{i}].startDate"),
                &mut entry.start_date,
                &w.start_date,
            ),
            (
                format!("work[{i}].endDate"),
                &mut entry.end_date,
                &w.end_date,
            ),
        ]);
    }
    let mut changed = Vec::new();
    let mut records = Vec::new();
    for (path, field, new) in fields {
        let Some(new) = new else { continue };
        let new = Some(new.trim().to_owned()).filter(|s| !s.is_empty());
        if *field == new {
            continue;
        }
        records.push(Correction {
            path: path.clone(),
            from: field.take(),
            by: by.to_owned(),
            at: at.to_owned(),
        });
        *field = new;
        changed.push(path);
    }
    if !records.is_empty() {
        let dates = changed.iter().any(|p| p.ends_with("Date"));
        let reference = resume
            .x_ats
            .as_ref()
            .and_then(|x| chrono::NaiveDate::parse_from_str(&x.reference_date, "%Y-%m-%d").ok())
            .unwrap_or_else(|| chrono::Utc::now().date_naive());
        let total = total_months_of(&resume.work, reference);
        let ext = resume.x_ats.get_or_insert_with(Default::default);
        for r in &records {
            ext.confidence.insert(r.path.clone(), 1.0);
            // The span pointed at what the parser read, no longer the value.
            ext.spans.remove(&r.path);
        }
        ext.corrections.extend(records);
        if dates {
            ext.total_experience_months = total;
        }
    }
    Ok(changed)
}

impl Store {
    /// Correct a visible candidate's contact fields; the paths changed.
    pub async fn correct_candidate(
        &self,
        candidate_id: &str,
        fix: &ParseCorrection,
        by: &str,
    ) -> Result<Vec<String>, StoreError> {
        let mut tx = self.pool.begin().await?;
        let sql = format!(
            "SELECT c.parsed_data FROM candidates c WHERE c.id = ? AND {CANDIDATE_VISIBLE}"
        );
        let row = bind_scope(
            sqlx::query(sqlx::AssertSqlSafe(sql)).bind(candidate_id),
            self.scope(),
        )
        .fetch_optional(&mut *tx)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("candidate {candidate_id}")))?;
        let mut resume: JsonResume = serde_json::from_str(row.get::<&str, _>(0))
            .map_err(|e| StoreError::Malformed(e.to_string()))?;
        let at = super::now();
        let changed = apply_correction(&mut resume, fix, by, &at).map_err(StoreError::Conflict)?;
        if changed.is_empty() {
            return Ok(changed);
        }
        let b = &resume.basics;
        let months = resume
            .x_ats
            .as_ref()
            .and_then(|x| x.total_experience_months)
            .map(i64::from);
        sqlx::query(
            "UPDATE candidates SET name = ?, email = ?, phone = ?, total_experience_months = ?, \
             parsed_data = ?, updated_at = ? WHERE id = ?",
        )
        .bind(&b.name)
        .bind(&b.email)
        .bind(&b.phone)
        .bind(months)
        .bind(super::json_text(&resume)?)
        .bind(&at)
        .bind(candidate_id)
        .execute(&mut *tx)
        .await?;
        if changed.iter().any(|p| p == "basics.name") {
            super::candidate_search::rename(&mut tx, candidate_id, b.name.as_deref().unwrap_or(""))
                .await?;
        }
        tx.commit().await?;
        Ok(changed)
    }

    /// A visible candidate's original file, by the file's id.
    pub async fn original_file(&self, resume_id: &str) -> Result<OriginalFile, StoreError> {
        let sql = format!(
            "SELECT r.original_name, r.detected_type, r.extracted_text, r.stored_path \
             FROM resumes r JOIN candidates c ON c.id = r.candidate_id \
             WHERE r.id = ? AND {CANDIDATE_VISIBLE}"
        );
        let row = bind_scope(
            sqlx::query(sqlx::AssertSqlSafe(sql)).bind(resume_id),
            self.scope(),
        )
        .fetch_optional(self.pool())
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("resume file {resume_id}")))?;
        let path = self.data_dir().join(row.get::<&str, _>(3));
        let bytes = tokio::fs::read(&path).await.map_err(|e| {
            StoreError::Io(std::io::Error::new(
                e.kind(),
                format!("{}: {e}", path.display()),
            ))
        })?;
        Ok(OriginalFile {
            original_name: row.get(0),
            detected_type: row.get(1),
            extracted_text: row.get(2),
            bytes,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_correction_keeps_what_it_replaced_and_is_certain() {
        let mut r: JsonResume = serde_json::from_value(serde_json::json!({
            "basics": {"name": "Curriculum Vitae", "email": "grace@navy.mil"},
            "x-ats": {"parserVersion": "1", "sourceType": "pdf", "referenceDate": "2026-01-01",
                      "confidence": {"basics.name": 0.3}, "spans": {"basics.name": {"start": 0, "end": 16}}}
        }))
        .unwrap();
        let fix = ParseCorrection {
            name: Some("  Grace Hopper ".into()),
            email: Some("grace@navy.mil".into()),
            phone: Some("+1 555 0100".into()),
            summary: Some(String::new()),
            ..Default::default()
        };
        let changed =
            apply_correction(&mut r, &fix, "rita@acme.test", "2026-12-02T10:00:00Z").unwrap();
        assert_eq!(
            changed,
            ["basics.name", "basics.phone"],
            "an unchanged or already empty field is no change"
        );
        assert_eq!(r.basics.name.as_deref(), Some("Grace Hopper"));
        assert_eq!(r.basics.phone.as_deref(), Some("+1 555 0100"));
        let x = r.x_ats.as_ref().unwrap();
        assert_eq!(x.confidence["basics.name"], 1.0);
        assert!(!x.spans.contains_key("basics.name"));
        assert_eq!(x.corrections[0].from.as_deref(), Some("Curriculum Vitae"));
        assert_eq!(x.corrections[1].from, None);
        assert_eq!(x.corrections[0].by, "rita@acme.test");
        let again = apply_correction(&mut r, &fix, "rita@acme.test", "later").unwrap();
        assert!(
            again.is_empty(),
            "the same correction twice changes nothing"
        );
    }

    #[test]
    fn a_corrected_work_date_recomputes_the_total_experience() {
        let mut r: JsonResume = serde_json::from_value(serde_json::json!({
            "basics": {"name": "Grace Hopper"},
            "work": [
                {"name": "Navy", "position": "Officer", "startDate": "2020-01", "endDate": "2020-12"},
                {"name": "Remington Rand", "startDate": "1900-01", "endDate": "2021-12"}
            ],
            "x-ats": {"parserVersion": "1", "sourceType": "pdf", "referenceDate": "2026-01-01",
                      "totalExperienceMonths": 1464, "confidence": {"work[1].startDate": 0.0}}
        }))
        .unwrap();
        // The parser misread a year: the recruiter fixes it.
        let fix = ParseCorrection {
            work: vec![WorkCorrection {
                index: 1,
                start_date: Some("2021-01".into()),
                ..Default::default()
            }],
            ..Default::default()
        };
        let changed = apply_correction(&mut r, &fix, "rita@acme.test", "now").unwrap();
        assert_eq!(changed, ["work[1].startDate"]);
        let x = r.x_ats.as_ref().unwrap();
        assert_eq!(x.total_experience_months, Some(24), "2020 and 2021");
        assert_eq!(x.confidence["work[1].startDate"], 1.0);
        assert_eq!(x.corrections[0].from.as_deref(), Some("1900-01"));
        assert_eq!(
            r.work[1].name.as_deref(),
            Some("Remington Rand"),
            "untouched"
        );

        // An entry that is not there is an error, and changes nothing.
        let beyond = ParseCorrection {
            work: vec![WorkCorrection {
                index: 2,
                position: Some("CEO".into()),
                ..Default::default()
            }],
            ..Default::default()
        };
        assert!(apply_correction(&mut r, &beyond, "rita@acme.test", "now").is_err());
        assert_eq!(r.x_ats.as_ref().unwrap().corrections.len(), 1);
    }

    #[test]
    fn work_dates_are_iso_and_in_order() {
        let w = |s: &str, e: &str| WorkCorrection {
            index: 0,
            start_date: Some(s.into()),
            end_date: Some(e.into()),
            ..Default::default()
        };
        assert!(w("2020-01", "2020-12").check().is_ok());
        assert!(w("2020", "2020-03-31").check().is_ok());
        assert!(w("", "").check().is_ok(), "empty clears");
        assert!(w("2020-13", "").check().is_err());
        assert!(w("2020-02-30", "").check().is_err());
        assert!(w("March 2020", "").check().is_err());
        assert!(w("2021-01", "2020-12").check().is_err());
    }
}
