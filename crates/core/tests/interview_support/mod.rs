//! Shared by `interview.rs`, `interview_protocol.rs` (offline) and
//! `interview_flow.rs` (with the fake model): a store holding a posting
//! (analysed, with its rubric) and imported resumes, made through the real
//! import paths; client messages; helpers to read the event stream.
#![allow(dead_code)]

use ats_core::import::{ImportedPosting, Importer, import_posting};
use ats_core::ingest::ResumeParser;
use ats_core::interview::plan::Generator;
use ats_core::interview::protocol::EndReason;
use ats_core::interview::{
    self, ClientMessage, Envelope, InterviewSettings, Language, Plan, PlanSettings, Question,
    ServerEvent, Signals,
};
use ats_core::llm::openai::OpenAi;
use ats_core::llm::{LlmService, Reliable, RetryPolicy};
use ats_core::store::{Store, StoreOutcome};
use chrono::{DateTime, Utc};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

pub const J01: &str = "j01_compiler_senior_swe_2025";
pub const R09: &str = "r09_jsonresume_sample.json";
pub const R02: &str = "r02_sb2nov.pdf";

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

pub struct World {
    pub dir: tempfile::TempDir,
    pub store: Store,
    pub job: ImportedPosting,
    pub candidates: Vec<String>,
}

/// A fresh store with one posting and these resumes, imported as the
/// product imports them.
pub async fn world(posting: &str, resumes: &[&str]) -> World {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).await.unwrap();
    let path = root()
        .join("tests/fixtures/jds")
        .join(format!("{posting}.md"));
    let job = import_posting(&store, std::fs::read_to_string(path).unwrap(), posting)
        .await
        .unwrap();
    let importer = Importer::new(ResumeParser::default(), store.clone());
    let mut candidates = Vec::new();
    for r in resumes {
        let path = root().join("tests/fixtures/resumes").join(r);
        match importer.import_file(&path).await.unwrap() {
            StoreOutcome::Imported { candidate_id, .. } => candidates.push(candidate_id),
            other => panic!("{r}: {other:?}"),
        }
    }
    World {
        dir,
        store,
        job,
        candidates,
    }
}

impl World {
    /// An interview of candidate `cand` with a plan from `generator`.
    pub async fn interview(
        &self,
        generator: &Generator,
        cand: usize,
        lang: Language,
        settings: &InterviewSettings,
    ) -> (String, Plan) {
        interview::create(
            generator,
            &self.job.job_id,
            &self.candidates[cand],
            lang,
            &PlanSettings::default(),
            settings,
            None,
        )
        .await
        .unwrap()
    }

    /// An interview with the offline generator.
    pub async fn offline(&self, cand: usize, settings: &InterviewSettings) -> (String, Plan) {
        let g = Generator::new(self.store.clone(), None);
        self.interview(&g, cand, Language::En, settings).await
    }
}

/// A retry policy fast enough for tests.
pub fn quick() -> RetryPolicy {
    RetryPolicy {
        timeout: Duration::from_secs(10),
        max_retries: 2,
        base_delay: Duration::from_millis(5),
        max_delay: Duration::from_millis(50),
        breaker_threshold: 1000,
        breaker_cooldown: Duration::from_secs(60),
    }
}

/// The service the product builds for a cloud model, pointed at `base_url`.
pub fn service(store: &Store, base_url: &str) -> Arc<LlmService> {
    let p = OpenAi::new("openai", base_url, "fake-model", Some("sk-test".into()));
    let p = Reliable::new(Arc::new(p), quick());
    Arc::new(LlmService::new(Arc::new(p), Some(store.clone())))
}

pub fn hello(last_seq: Option<u64>) -> ClientMessage {
    ClientMessage::Hello { last_seq }
}

pub fn consent(given: bool) -> ClientMessage {
    ClientMessage::Consent {
        client_msg_id: "consent".into(),
        given,
    }
}

/// An answer to whatever is open.
pub fn answer(id: &str, text: &str) -> ClientMessage {
    ClientMessage::Answer {
        client_msg_id: id.into(),
        question_id: None,
        text: text.into(),
        signals: Signals::default(),
    }
}

/// An answer that names the question it answers.
pub fn answer_to(id: &str, question_id: &str, text: &str) -> ClientMessage {
    ClientMessage::Answer {
        client_msg_id: id.into(),
        question_id: Some(question_id.into()),
        text: text.into(),
        signals: Signals::default(),
    }
}

pub fn kinds(envs: &[Envelope]) -> Vec<&'static str> {
    envs.iter().map(|e| e.event.kind()).collect()
}

/// An answer that states every key point of the question.
pub fn thorough(q: &Question) -> String {
    let points: Vec<String> = q.key_points.iter().map(|p| format!("{p}.")).collect();
    format!(
        "Here is a concrete case from my own work. {} That is the whole story.",
        points.join(" ")
    )
}

pub fn time(rfc3339: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(rfc3339)
        .unwrap()
        .with_timezone(&Utc)
}

/// The question or follow-up an envelope asks: (question id, text, deadline).
pub fn asked(e: &Envelope) -> (String, String, String) {
    match &e.event {
        ServerEvent::Question {
            question_id,
            text,
            deadline,
            ..
        }
        | ServerEvent::FollowUp {
            question_id,
            text,
            deadline,
            ..
        } => (question_id.clone(), text.clone(), deadline.clone()),
        other => panic!("not a question: {other:?}"),
    }
}

pub fn end_reason(e: &Envelope) -> EndReason {
    match &e.event {
        ServerEvent::Complete { reason, .. } => *reason,
        other => panic!("not the end: {other:?}"),
    }
}

pub fn error_code(e: &Envelope) -> &str {
    match &e.event {
        ServerEvent::Error { code, .. } => code,
        other => panic!("not an error: {other:?}"),
    }
}

/// The answers and judgements of the recruiter's log.
pub async fn private_log(store: &Store, id: &str) -> (Vec<ServerEvent>, Vec<ServerEvent>) {
    let all = store.interview_events(id, 0, true).await.unwrap();
    let pick = |k: &str| {
        all.iter()
            .filter(|e| e.event.kind() == k)
            .map(|e| e.event.clone())
            .collect::<Vec<_>>()
    };
    (pick("answer"), pick("judgement"))
}

/// Outbox events of a type that name this interview.
pub async fn outbox(store: &Store, kind: &str, id: &str) -> Vec<serde_json::Value> {
    store
        .events_of_type(kind)
        .await
        .unwrap()
        .into_iter()
        .map(|(_, d)| d)
        .filter(|d| d["interview_id"] == id)
        .collect()
}

#[derive(serde::Deserialize)]
struct Cases {
    case: Vec<Case>,
}

#[derive(serde::Deserialize)]
pub struct Case {
    pub name: String,
    pub text: String,
}

/// The red-team set of `tests/injection/cases.toml`.
pub fn injection_cases() -> Vec<Case> {
    let path = root().join("tests/injection/cases.toml");
    toml::from_str::<Cases>(&std::fs::read_to_string(path).unwrap())
        .unwrap()
        .case
}
