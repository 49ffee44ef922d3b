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
use sqlx::Row;

/// The contact fields of a parse review; `None` leaves a field as it is,
/// an empty text clears it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ContactCorrection {
    pub name: Option<String>,
    pub label: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub url: Option<String>,
    pub summary: Option<String>,
}

/// An original file with the text that was read from it.
#[derive(Debug, Clone)]
pub struct OriginalFile {
    pub original_name: String,
    pub detected_type: String,
    pub extracted_text: String,
    pub bytes: Vec<u8>,
}

/// Apply `fix` to `resume`; the paths changed (`basics.name`, …), each
/// recorded with its old value.
pub fn apply_correction(
    resume: &mut JsonResume,
    fix: &ContactCorrection,
    by: &str,
    at: &str,
) -> Vec<String> {
    let b = &mut resume.basics;
    let fields: [(&str, &mut Option<String>, &Option<String>); 6] = [
        ("basics.name", &mut b.name, &fix.name),
        ("basics.label", &mut b.label, &fix.label),
        ("basics.email", &mut b.email, &fix.email),
        ("basics.phone", &mut b.phone, &fix.phone),
        ("basics.url", &mut b.url, &fix.url),
        ("basics.summary", &mut b.summary, &fix.summary),
    ];
    let mut changed = Vec::new();
    let mut records = Vec::new();
    for (path, field, new) in fields {
        let Some(new) = new else { continue };
        let new = Some(new.trim().to_owned()).filter(|s| !s.is_empty());
        if *field == new {
            continue;
        }
        records.push(Correction {
            path: path.to_owned(),
            from: field.take(),
            by: by.to_owned(),
            at: at.to_owned(),
        });
        *field = new;
        changed.push(path.to_owned());
    }
    if !records.is_empty() {
        let ext = resume.x_ats.get_or_insert_with(Default::default);
        for r in &records {
            ext.confidence.insert(r.path.clone(), 1.0);
            // The span pointed at what the parser read, no longer the value.
            ext.spans.remove(&r.path);
        }
        ext.corrections.extend(records);
    }
    changed
}

impl Store {
    /// Correct a visible candidate's contact fields; the paths changed.
    pub async fn correct_candidate(
        &self,
        candidate_id: &str,
        fix: &ContactCorrection,
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
        let changed = apply_correction(&mut resume, fix, by, &at);
        if changed.is_empty() {
            return Ok(changed);
        }
        let b = &resume.basics;
        sqlx::query(
            "UPDATE candidates SET name = ?, email = ?, phone = ?, parsed_data = ?, updated_at = ? \
             WHERE id = ?",
        )
        .bind(&b.name)
        .bind(&b.email)
        .bind(&b.phone)
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
        let fix = ContactCorrection {
            name: Some("  Grace Hopper ".into()),
            email: Some("grace@navy.mil".into()),
            phone: Some("+1 555 0100".into()),
            summary: Some(String::new()),
            ..Default::default()
        };
        let changed = apply_correction(&mut r, &fix, "rita@acme.test", "2026-12-02T10:00:00Z");
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
        let again = apply_correction(&mut r, &fix, "rita@acme.test", "later");
        assert!(
            again.is_empty(),
            "the same correction twice changes nothing"
        );
    }
}
