//! Question plans: the model writes job-level questions (cached per job and
//! reused for the next candidate while the job, rubric, language, mix and
//! model are unchanged) and candidate-level deep-dives (never shared), both
//! through a JSON Schema; code then checks every question, removes
//! near-duplicates, covers every must-have requirement the model missed
//! with an offline question, and fits the mix. Without a model the whole
//! plan comes from the offline generator.

use super::offline::{self, GENERATOR};
use super::{
    InterviewError, Language, Plan, PlanSettings, Question, QuestionKind, QuestionSource, Scope,
};
use crate::jobs::JobAnalysis;
use crate::llm::prompt::PromptTemplate;
use crate::llm::service::Call;
use crate::llm::{CancellationToken, LlmService};
use crate::resume::JsonResume;
use crate::rubric::Rubric;
use crate::store::Store;
use futures_util::StreamExt;
use serde_json::{Value, json};
use std::sync::Arc;

const PROMPT: &str = "interview.questions";

/// What a plan is made from.
#[derive(Debug, Clone, Copy)]
pub struct PlanInput<'a> {
    pub jd_id: &'a str,
    pub job_title: &'a str,
    pub job: &'a JobAnalysis,
    pub rubric: &'a Rubric,
    pub resume: &'a JsonResume,
    pub candidate_name: Option<&'a str>,
    pub language: Language,
    pub settings: &'a PlanSettings,
}

/// Makes plans; the model and the sentence encoder are optional.
pub struct Generator {
    pub llm: Option<Arc<LlmService>>,
    pub store: Store,
    #[cfg(feature = "embed")]
    pub encoder: Option<Arc<crate::embed::SentenceEncoder>>,
}

/// What the model returns for one question.
fn schema() -> Value {
    json!({
        "title": "interview_question",
        "type": "object",
        "properties": {
            "text": {"type": "string", "minLength": 20, "maxLength": 300},
            "key_points": {
                "type": "array",
                "items": {"type": "string", "minLength": 3, "maxLength": 120},
                "minItems": 2,
                "maxItems": 3
            }
        },
        "required": ["text", "key_points"],
        "additionalProperties": false
    })
}

fn eq_ci(a: &str, b: &str) -> bool {
    a.trim().eq_ignore_ascii_case(b.trim()) || a.trim().to_lowercase() == b.trim().to_lowercase()
}

/// Whether a question covers a requirement: it names it among its
/// requirements, or (for a known skill) its text names the skill.
fn covers(q: &Question, skill: &str, kind: &str) -> bool {
    q.requirements.iter().any(|r| eq_ci(r, skill))
        || (kind == "taxonomy" && {
            let text = q.text.to_lowercase();
            let s = skill.to_lowercase();
            text.match_indices(&s).any(|(i, _)| {
                let before = text[..i].chars().next_back();
                let after = text[i + s.len()..].chars().next();
                !before.is_some_and(char::is_alphanumeric)
                    && !after.is_some_and(char::is_alphanumeric)
            })
        })
}

/// Two questions about different requirements are different questions,
/// however alike their wording (the offline templates share theirs).
fn distinct_requirements(a: &Question, b: &Question) -> bool {
    !a.requirements.is_empty()
        && !b.requirements.is_empty()
        && !a
            .requirements
            .iter()
            .any(|r| b.requirements.iter().any(|s| eq_ci(r, s)))
}

/// The model's version of a slot's question, checked: one question of
/// 20–300 characters with two or three key points, no markup, and — for a
/// question on known skills — naming at least one of them.
fn checked(doc: &Value, slot: &Question, job: &JobAnalysis) -> Option<Question> {
    let text = doc["text"].as_str()?.trim().to_owned();
    let n = text.chars().count();
    if !(20..=300).contains(&n)
        || text.contains(['<', '>', '{', '}', '`', '|'])
        || !text.contains('?') && !text.ends_with('.')
    {
        return None;
    }
    let key_points: Vec<String> = doc["key_points"]
        .as_array()?
        .iter()
        .filter_map(Value::as_str)
        .map(str::trim)
        .filter(|p| (3..=120).contains(&p.chars().count()) && !p.contains(['<', '>']))
        .map(str::to_owned)
        .take(3)
        .collect();
    if key_points.len() < 2 {
        return None;
    }
    let skills: Vec<&String> = slot
        .requirements
        .iter()
        .filter(|r| {
            job.must_have
                .iter()
                .chain(&job.nice_to_have)
                .any(|j| &j.skill == *r && j.kind == "taxonomy")
        })
        .collect();
    if !skills.is_empty()
        && !skills.iter().any(|s| {
            covers(
                &Question {
                    text: text.clone(),
                    requirements: Vec::new(),
                    ..slot.clone()
                },
                s,
                "taxonomy",
            )
        })
    {
        return None;
    }
    Some(Question {
        id: uuid::Uuid::new_v4().to_string(),
        text,
        key_points,
        source: QuestionSource::Llm,
        ..slot.clone()
    })
}

fn kind_guidance(kind: QuestionKind) -> &'static str {
    match kind {
        QuestionKind::Technical => {
            "a technical question that asks how the candidate did or would do concrete work"
        }
        QuestionKind::Behavioural => {
            "a behavioural question about one real past situation, answered as situation, task, action and result"
        }
        QuestionKind::Situational => {
            "a situational question: a realistic hypothetical from the role and what the candidate would do"
        }
        QuestionKind::ResumeDeepDive => {
            "a question about the candidate's own experience named below: what they did themselves and what came of it"
        }
    }
}

/// Questions at once per plan (a cloud model answers them in parallel).
const CONCURRENT_CALLS: usize = 10;

impl Generator {
    pub fn new(store: Store, llm: Option<Arc<LlmService>>) -> Self {
        Self {
            llm,
            store,
            #[cfg(feature = "embed")]
            encoder: None,
        }
    }

    /// A plan for one interview: code chooses what is asked (every
    /// must-have covered, the mix, no duplicates) and the model, when
    /// there is one, writes each question and its key points; a question
    /// the model fails on stays as the offline generator wrote it.
    pub async fn generate(&self, input: PlanInput<'_>) -> Result<Plan, InterviewError> {
        let offline = self.assemble(&input, GENERATOR.into());
        let Some(llm) = &self.llm else {
            return Ok(offline);
        };
        let template = PromptTemplate::builtin(PROMPT).map_err(InterviewError::Llm)?;
        let generator = format!("{}/{}", llm.provider().name(), llm.provider().model());
        let key = crate::digest::sha256_hex(
            json!({
                "prompt": [PROMPT, template.version],
                "generator": generator,
                "language": input.language,
                "settings": input.settings,
                "job": input.job,
                "rubric": input.rubric,
                "slots": offline.questions.iter().filter(|q| q.scope == Scope::Job).map(|q| &q.text).collect::<Vec<_>>(),
            })
            .to_string()
            .as_bytes(),
        );
        let cached = self.store.job_questions(input.jd_id, &key).await?;
        let hit = cached.is_some();
        let mut cached = cached.unwrap_or_default().into_iter();
        let cancel = CancellationToken::new();
        let mut notes = Vec::new();
        // Each slot: a cached job question, or the model's, or the offline one.
        let jobs: Vec<_> = offline
            .questions
            .iter()
            .map(|slot| {
                let reuse = (slot.scope == Scope::Job && hit)
                    .then(|| cached.next())
                    .flatten();
                let (template, cancel) = (&template, &cancel);
                async move {
                    if let Some(q) = reuse {
                        return (
                            Question {
                                id: uuid::Uuid::new_v4().to_string(),
                                ..q
                            },
                            None,
                        );
                    }
                    match self.write(llm, template, &input, slot, cancel).await {
                        Ok(q) => (q, None),
                        Err(e) => (slot.clone(), Some(e)),
                    }
                }
            })
            .collect();
        let written: Vec<(Question, Option<String>)> = futures_util::stream::iter(jobs)
            .buffered(CONCURRENT_CALLS)
            .collect()
            .await;
        let mut questions = Vec::with_capacity(written.len());
        for (q, failure) in written {
            if let Some(f) = failure {
                notes.push(format!(
                    "question {} from the offline generator: {f}",
                    questions.len() + 1
                ));
            }
            questions.push(q);
        }
        // A model question too like an earlier one gives way to its slot's
        // offline question, whose subject is its own.
        let texts: Vec<Question> =
            self.without_duplicates(questions.clone(), input.settings.duplicate_similarity);
        for (i, q) in questions.iter_mut().enumerate() {
            if !texts.iter().any(|t| t.id == q.id) && q.source == QuestionSource::Llm {
                notes.push(format!(
                    "question {} was a near-duplicate; the offline one is kept",
                    i + 1
                ));
                *q = offline.questions[i].clone();
            }
        }
        if !hit
            && questions
                .iter()
                .any(|q| q.scope == Scope::Job && q.source == QuestionSource::Llm)
        {
            let job_qs: Vec<Question> = questions
                .iter()
                .filter(|q| q.scope == Scope::Job)
                .cloned()
                .collect();
            self.store
                .save_job_questions(input.jd_id, &key, &job_qs)
                .await?;
        }
        let generator = if questions
            .iter()
            .all(|q| q.source == QuestionSource::Offline)
        {
            GENERATOR.to_owned()
        } else if questions
            .iter()
            .any(|q| q.source == QuestionSource::Offline)
        {
            format!("{generator} + {GENERATOR}")
        } else {
            generator
        };
        Ok(Plan {
            questions,
            generator,
            prompts: vec![format!("{PROMPT}@{}", template.version)],
            job_cache_hit: hit,
            notes,
            ..offline
        })
    }

    /// The model's question for one slot.
    async fn write(
        &self,
        llm: &LlmService,
        template: &PromptTemplate,
        input: &PlanInput<'_>,
        slot: &Question,
        cancel: &CancellationToken,
    ) -> Result<Question, String> {
        let mut call = Call::new(
            template.clone(),
            json!({
                "language": input.language.english_name(),
                "kind": kind_guidance(slot.kind),
                "title": input.job_title,
                "seniority": input.job.seniority.as_deref().unwrap_or("not stated"),
                "dimension": slot.dimension,
                "draft": slot.text,
            }),
        );
        call.schema = Some(schema());
        call.max_tokens = 220;
        call.temperature = 0.3;
        call.seed = Some(5);
        if slot.scope == Scope::Job {
            // The design's semantic cache: a near-identical slot of another
            // job reuses the answer.
            call.semantic_cache = Some(0.97);
        } else {
            call = call.about(input.candidate_name);
        }
        let reply = llm
            .run(&call, None, cancel)
            .await
            .map_err(|e| format!("{}: {e}", e.code()))?;
        reply
            .json
            .as_ref()
            .and_then(|doc| checked(doc, slot, input.job))
            .ok_or_else(|| "the model's question did not pass the checks".to_owned())
    }

    /// The offline plan: what is asked, in order.
    fn assemble(&self, input: &PlanInput<'_>, generator: String) -> Plan {
        let s = input.settings;
        let lang = input.language;
        let t = s.time_limit_secs;
        let soft = offline::soft_dimensions(input.rubric);
        let soft_or = |i: usize| {
            soft.get(i % soft.len().max(1))
                .cloned()
                .unwrap_or_else(|| "Problem solving".into())
        };
        let mut pool: Vec<Question> = Vec::new();
        // Must-haves, grouped into questions.
        let uncovered: Vec<&crate::jobs::Requirement> = input
            .job
            .must_have
            .iter()
            .filter(|r| r.kind != "soft" && !pool.iter().any(|q| covers(q, &r.skill, &r.kind)))
            .collect();
        for g in offline::groups(input.rubric, &uncovered) {
            pool.push(offline::technical(input.job, &g, lang, t));
        }
        let nice: Vec<&crate::jobs::Requirement> = input.job.nice_to_have.iter().collect();
        for g in offline::groups(input.rubric, &nice) {
            pool.push(offline::technical(input.job, &g, lang, t));
        }
        for (i, resp) in input
            .job
            .responsibilities
            .iter()
            .enumerate()
            .take(s.situational.max(1) * 2)
        {
            pool.push(offline::situational(
                input.job,
                &soft_or(i + 1),
                resp,
                lang,
                t,
            ));
        }
        for i in 0..s.behavioural.max(1) * 2 {
            pool.push(offline::behavioural(input.job, &soft_or(i), lang, t));
        }
        let dim = soft
            .first()
            .cloned()
            .unwrap_or_else(|| "Communication".into());
        pool.extend(offline::deep_dives(input.job, input.resume, &dim, lang, t));
        let pool = self.without_duplicates(pool, s.duplicate_similarity);

        // Must-haves first: each covered by the first question that covers it.
        let mut chosen: Vec<Question> = Vec::new();
        for r in input.job.must_have.iter().filter(|r| r.kind != "soft") {
            if chosen.iter().any(|q| covers(q, &r.skill, &r.kind)) {
                continue;
            }
            if let Some(q) = pool
                .iter()
                .find(|q| q.kind == QuestionKind::Technical && covers(q, &r.skill, &r.kind))
            {
                chosen.push(q.clone());
            }
        }
        let want = |k: QuestionKind| match k {
            QuestionKind::Technical => s.technical,
            QuestionKind::Behavioural => s.behavioural,
            QuestionKind::Situational => s.situational,
            QuestionKind::ResumeDeepDive => s.resume_deep_dive,
        };
        for q in &pool {
            let have = chosen.iter().filter(|c| c.kind == q.kind).count();
            if have < want(q.kind) && !chosen.iter().any(|c| c.id == q.id) {
                chosen.push(q.clone());
            }
        }
        let order = |k: QuestionKind| match k {
            QuestionKind::ResumeDeepDive => 0,
            QuestionKind::Technical => 1,
            QuestionKind::Situational => 2,
            QuestionKind::Behavioural => 3,
        };
        chosen.sort_by_key(|q| order(q.kind));
        Plan {
            language: lang,
            questions: chosen,
            generator,
            prompts: Vec::new(),
            job_cache_hit: false,
            notes: Vec::new(),
        }
    }

    /// Drop each question too similar to an earlier one.
    fn without_duplicates(&self, pool: Vec<Question>, threshold: f32) -> Vec<Question> {
        #[cfg(feature = "embed")]
        if let Some(enc) = &self.encoder {
            let texts: Vec<&str> = pool.iter().map(|q| q.text.as_str()).collect();
            if let Ok(vecs) = enc.encode(&texts) {
                let mut keep: Vec<usize> = Vec::new();
                for i in 0..pool.len() {
                    if !keep.iter().any(|&j| {
                        crate::embed::cosine(&vecs[i], &vecs[j]) >= threshold
                            && !distinct_requirements(&pool[i], &pool[j])
                    }) {
                        keep.push(i);
                    }
                }
                return keep.into_iter().map(|i| pool[i].clone()).collect();
            }
        }
        let _ = threshold;
        let sets: Vec<std::collections::HashSet<String>> = pool
            .iter()
            .map(|q| {
                q.text
                    .split(|c: char| !c.is_alphanumeric())
                    .filter(|w| w.chars().count() >= 3)
                    .map(str::to_lowercase)
                    .collect()
            })
            .collect();
        let mut keep: Vec<usize> = Vec::new();
        for i in 0..pool.len() {
            let dup = keep.iter().any(|&j| {
                let inter = sets[i].intersection(&sets[j]).count() as f32;
                let union = sets[i].union(&sets[j]).count().max(1) as f32;
                inter / union >= 0.75 && !distinct_requirements(&pool[i], &pool[j])
            });
            if !dup {
                keep.push(i);
            }
        }
        keep.into_iter().map(|i| pool[i].clone()).collect()
    }
}

/// A recruiter's edit of a plan: questions may be edited, reordered, added
/// and removed; each is checked, and added ones get an id.
pub fn checked_edit(mut plan: Plan, rubric: &Rubric) -> Result<Plan, InterviewError> {
    if plan.questions.is_empty() {
        return Err(InterviewError::Invalid(
            "a plan needs at least one question".into(),
        ));
    }
    let mut seen = std::collections::HashSet::new();
    for (i, q) in plan.questions.iter_mut().enumerate() {
        if q.text.trim().is_empty() {
            return Err(InterviewError::Invalid(format!(
                "question {} has no text",
                i + 1
            )));
        }
        if q.id.trim().is_empty() || !seen.insert(q.id.clone()) {
            q.id = uuid::Uuid::new_v4().to_string();
        }
        if !rubric.dimensions.iter().any(|d| d.name == q.dimension) {
            return Err(InterviewError::Invalid(format!(
                "question {} names dimension {:?}, which the rubric does not have ({})",
                i + 1,
                q.dimension,
                rubric
                    .dimensions
                    .iter()
                    .map(|d| d.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )));
        }
        if !(30..=3600).contains(&q.time_limit_secs) {
            return Err(InterviewError::Invalid(format!(
                "question {} has a time limit of {} s (30–3600 allowed)",
                i + 1,
                q.time_limit_secs
            )));
        }
    }
    Ok(plan)
}
