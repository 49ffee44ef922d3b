use super::doc;
use crate::dto::*;
use crate::{ApiError, Ctx, Progress};
use ats_core::ingest::FileKind;
use ats_core::store::{ParseCorrection, WorkCorrection};
use base64::Engine;

pub async fn list(ctx: Ctx, input: CandidatePageInput) -> Result<CandidatePage, ApiError> {
    let limit = input.limit.unwrap_or(50).clamp(1, 500);
    if input.after.as_deref().is_some_and(|a| !a.contains('|')) {
        return Err(ApiError::Invalid(
            "after: the `next` of a previous page".into(),
        ));
    }
    let rows = ctx
        .store
        .candidates_page(limit, input.after.as_deref())
        .await?;
    let next = (rows.len() == limit as usize)
        .then(|| rows.last().map(|c| c.cursor()))
        .flatten();
    Ok(CandidatePage {
        items: rows.into_iter().map(Into::into).collect(),
        next,
    })
}

pub async fn search(ctx: Ctx, input: SearchInput) -> Result<Vec<SearchHit>, ApiError> {
    if input.query.len() > 500 {
        return Err(ApiError::Invalid("a search of at most 500 bytes".into()));
    }
    let limit = input.limit.unwrap_or(20).clamp(1, 200);
    match input.mode.as_deref().unwrap_or("words") {
        "words" => Ok(ctx
            .store
            .search_candidates(&input.query, limit)
            .await?
            .into_iter()
            .map(|(c, score, snippet)| SearchHit {
                candidate: c.into(),
                score,
                snippet,
            })
            .collect()),
        "meaning" => by_meaning(ctx, &input.query, limit as usize).await,
        other => Err(ApiError::Invalid(format!(
            "search mode {other:?}: words or meaning"
        ))),
    }
}

async fn by_meaning(ctx: Ctx, query: &str, limit: usize) -> Result<Vec<SearchHit>, ApiError> {
    if query.trim().is_empty() {
        return Ok(Vec::new());
    }
    let Some(encoder) = ctx.api.encoder() else {
        return Err(ApiError::Core {
            code: "embed.model_missing",
            message: "search by meaning needs the sentence model (models/fetch.sh)".into(),
        });
    };
    let api = ctx.api.clone();
    let company_id = ctx.store.scope().company_id.clone();
    let hits =
        ats_core::search::by_meaning(&ctx.store, encoder, query, limit, move |done, total| {
            api.report(Progress {
                company_id: company_id.clone(),
                method: "candidates.search",
                done: done as u64,
                total: total as u64,
                note: "embedding".into(),
            });
        })
        .await?;
    Ok(hits
        .into_iter()
        .map(|h| SearchHit {
            candidate: h.candidate.into(),
            score: f64::from(h.score),
            snippet: h.phrase,
        })
        .collect())
}

pub async fn get(ctx: Ctx, input: ById) -> Result<CandidateDetailDto, ApiError> {
    let detail = ctx.store.get_candidate(&input.id).await?;
    Ok(CandidateDetailDto {
        candidate: detail.summary.into(),
        resume: doc(detail.resume)?,
        files: detail
            .files
            .into_iter()
            .map(|f| ResumeFileDto {
                id: f.id,
                sha256: f.sha256,
                original_name: f.original_name,
                detected_type: f.detected_type,
                size_bytes: f.size_bytes,
                created_at: f.created_at,
            })
            .collect(),
    })
}

pub async fn upload(ctx: Ctx, input: Upload) -> Result<Uploaded, ApiError> {
    let parser = ats_core::ingest::ResumeParser::default();
    // Base64 is 4/3 of the bytes: refuse before decoding what is too big.
    parser.check_size(input.content_base64.len() as u64 / 4 * 3)?;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(input.content_base64.trim())
        .map_err(|e| ApiError::Invalid(format!("content_base64: {e}")))?;
    let name: String = input
        .file_name
        .chars()
        .filter(|c| !c.is_control() && !matches!(c, '/' | '\\'))
        .take(255)
        .collect();
    let importer = ats_core::import::Importer::new(parser, ctx.store.clone());
    Ok(match importer.import_bytes(&name, bytes).await? {
        ats_core::store::StoreOutcome::Imported {
            candidate_id,
            resume_id,
        } => Uploaded {
            candidate_id,
            resume_id,
            duplicate: false,
        },
        ats_core::store::StoreOutcome::Duplicate {
            candidate_id,
            resume_id,
        } => Uploaded {
            candidate_id,
            resume_id,
            duplicate: true,
        },
    })
}

/// Text a person may type into a contact field: no control characters,
/// at most `max` characters.
fn field(
    name: &str,
    value: Option<String>,
    max: usize,
    multiline: bool,
) -> Result<Option<String>, ApiError> {
    let Some(v) = value else { return Ok(None) };
    if v.chars().count() > max {
        return Err(ApiError::Invalid(format!(
            "{name}: at most {max} characters"
        )));
    }
    if v.chars()
        .any(|c| c.is_control() && !(multiline && (c == '\n' || c == '\t')))
    {
        return Err(ApiError::Invalid(format!("{name}: no control characters")));
    }
    Ok(Some(v))
}

pub async fn update(ctx: Ctx, input: CandidateCorrection) -> Result<CandidateDetailDto, ApiError> {
    let email = field("email", input.email, 254, false)?;
    if let Some(e) = email.as_deref().map(str::trim).filter(|e| !e.is_empty()) {
        let ok = e.split_once('@').is_some_and(|(user, host)| {
            !user.is_empty() && host.contains('.') && !host.starts_with('.') && !host.ends_with('.')
        }) && !e.contains(char::is_whitespace);
        if !ok {
            return Err(ApiError::Invalid(format!(
                "email: {e} is not an e-mail address"
            )));
        }
    }
    let phone = field("phone", input.phone, 40, false)?;
    if let Some(p) = phone.as_deref()
        && !p
            .chars()
            .all(|c| c.is_ascii_digit() || " +-()./".contains(c) || c.is_alphabetic())
    {
        return Err(ApiError::Invalid(format!(
            "phone: {p} is not a phone number"
        )));
    }
    let url = field("url", input.url, 2048, false)?;
    if let Some(u) = url.as_deref().map(str::trim).filter(|u| !u.is_empty())
        && !(u.starts_with("https://") || u.starts_with("http://"))
    {
        return Err(ApiError::Invalid("url: an http or https address".into()));
    }
    let work = input.work.unwrap_or_default();
    if work.len() > 500 {
        return Err(ApiError::Invalid(
            "work: at most 500 entries at once".into(),
        ));
    }
    let work = work
        .into_iter()
        .map(|w| {
            let at = |f: &str| format!("work[{}].{f}", w.index);
            let fix = WorkCorrection {
                index: w.index as usize,
                name: field(&at("name"), w.name, 200, false)?,
                position: field(&at("position"), w.position, 200, false)?,
                start_date: field(&at("startDate"), w.start_date, 10, false)?,
                end_date: field(&at("endDate"), w.end_date, 10, false)?,
            };
            fix.check().map_err(ApiError::Invalid)?;
            Ok(fix)
        })
        .collect::<Result<Vec<_>, ApiError>>()?;
    let fix = ParseCorrection {
        name: field("name", input.name, 200, false)?,
        label: field("label", input.label, 200, false)?,
        email,
        phone,
        url,
        summary: field("summary", input.summary, 10_000, true)?,
        work,
    };
    let by = match &ctx.who {
        crate::Principal::User(a) => a.email.clone(),
        _ => "unknown".into(),
    };
    ctx.store.correct_candidate(&input.id, &fix, &by).await?;
    get(ctx, ById { id: input.id }).await
}

pub async fn original(ctx: Ctx, input: ById) -> Result<OriginalDto, ApiError> {
    let f = ctx.store.original_file(&input.id).await?;
    let content_type =
        FileKind::parse(&f.detected_type).map_or("application/octet-stream", FileKind::media_type);
    let file = super::file(f.original_name, content_type, &f.bytes);
    Ok(OriginalDto {
        file_name: file.name,
        content_type: file.content_type,
        detected_type: f.detected_type,
        text: f.extracted_text,
        content_base64: file.content_base64,
    })
}
