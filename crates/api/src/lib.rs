//! The one API of the product. Every operation a shell offers is a
//! [`Method`] in [`METHODS`]: a name (`jobs.list`), an input and an output
//! DTO (serialised here and nowhere else), the [`Permission`] it needs and
//! one handler over `ats_core`. The HTTP server mounts the table as
//! `POST /api/<name>`, the desktop app as Tauri commands, and neither holds
//! handler logic of its own.
//!
//! Start at [`Api::call`]: it checks the caller's permission, scopes the
//! store to the caller's company (tenancy is enforced by the store, see
//! `ats_core::store::Scope`), decodes the input and runs the handler.

mod audit;
pub mod dto;
mod error;
mod handlers;
pub mod openapi;
pub mod rbac;
mod table;
pub mod typescript;
pub mod watch;

pub use error::{ApiError, ErrorBody};
pub use rbac::Permission;
pub use table::{METHODS, Method, method};

use ats_core::accounts::{Account, Role};
use ats_core::store::{Scope, Store};
use std::path::PathBuf;
use std::sync::Arc;

/// Who is calling.
#[derive(Debug, Clone)]
pub enum Principal {
    /// No session: only public methods (setup, sign-in, health).
    Anonymous,
    /// A signed-in user of a company (or a super admin of none).
    User(Account),
    /// A candidate holding an invitation link: one interview, nothing else.
    Candidate {
        interview_id: String,
        company_id: Option<String>,
    },
}

impl Principal {
    /// The person at the machine of a single-user shell (the desktop app):
    /// the installation's owner, like the terminal. Not an account in the
    /// store; the server never hands it out.
    pub fn owner() -> Self {
        Principal::User(Account {
            id: "owner".into(),
            company_id: None,
            email: "owner@this-device".into(),
            name: Some("Owner".into()),
            role: Role::SuperAdmin,
            created_at: "1970-01-01T00:00:00.000Z".into(),
        })
    }

    pub fn role(&self) -> Option<Role> {
        match self {
            Principal::Anonymous => None,
            Principal::User(a) => Some(a.role),
            Principal::Candidate { .. } => Some(Role::Candidate),
        }
    }

    /// The store as this caller may see it.
    fn scope(&self) -> Scope {
        match self {
            Principal::Anonymous => Scope {
                // Public methods read nothing of a tenant's; a company no
                // row has keeps it so.
                company_id: Some(String::new()),
                assigned_to: None,
            },
            Principal::User(a) if a.role == Role::SuperAdmin => Scope::default(),
            Principal::User(a) => Scope {
                company_id: Some(a.company_id.clone().unwrap_or_default()),
                assigned_to: (a.role == Role::HiringManager).then(|| a.id.clone()),
            },
            Principal::Candidate { company_id, .. } => Scope {
                company_id: Some(company_id.clone().unwrap_or_default()),
                assigned_to: None,
            },
        }
    }
}

/// Long work's progress, for the shells to forward (the server's event
/// WebSocket, the app's event channel).
#[derive(Debug, Clone, serde::Serialize)]
pub struct Progress {
    /// Whose work it is: only that company's users hear it.
    #[serde(skip)]
    pub company_id: Option<String>,
    pub method: &'static str,
    pub done: u64,
    pub total: u64,
    pub note: String,
}

/// The state every method runs against; cheap to clone.
#[derive(Debug, Clone)]
pub struct Api {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    store: Store,
    data_dir: PathBuf,
    progress: tokio::sync::broadcast::Sender<Progress>,
    /// Where candidates reach the server (`https://ats.example.com`), for
    /// invitation links; unknown in the desktop app.
    public_url: Option<String>,
    /// Where the models are (`models/`, or the app's resources).
    models_dir: PathBuf,
    /// Record views logged lately, so a screen that refreshes is one entry.
    recent_views: audit::RecentViews,
    /// The watched drop folder, in a shell that runs one.
    watch: std::sync::Mutex<watch::WatchState>,
}

/// What a handler gets: the API, the caller and the store scoped to them.
#[derive(Debug, Clone)]
pub struct Ctx {
    pub api: Api,
    pub who: Principal,
    pub store: Store,
    /// The session token of the call, if it came with one.
    pub session: Option<String>,
}

impl Api {
    pub fn new(store: Store) -> Self {
        let data_dir = store.data_dir().to_path_buf();
        Self {
            inner: Arc::new(Inner {
                store,
                data_dir,
                progress: tokio::sync::broadcast::channel(256).0,
                public_url: None,
                models_dir: ats_core::paths::models_dir(),
                recent_views: audit::RecentViews::default(),
                watch: Default::default(),
            }),
        }
    }

    /// The API of a server reachable at `url` (invitation links use it).
    pub fn with_public_url(store: Store, url: &str) -> Self {
        let mut api = Self::new(store);
        if let Some(inner) = Arc::get_mut(&mut api.inner) {
            inner.public_url = Some(url.trim_end_matches('/').to_owned());
        }
        api
    }

    /// Read the models from `dir` (before the API is shared).
    pub fn with_models(mut self, dir: PathBuf) -> Self {
        if let Some(inner) = Arc::get_mut(&mut self.inner) {
            inner.models_dir = dir;
        }
        self
    }

    pub fn models_dir(&self) -> &std::path::Path {
        &self.inner.models_dir
    }

    /// The sentence model from [`Self::models_dir`], when installed.
    pub fn encoder(&self) -> Option<Arc<ats_core::embed::SentenceEncoder>> {
        ats_core::embed::SentenceEncoder::shared(
            &self.models_dir().join(ats_core::embed::MODEL_NAME),
        )
        .ok()
    }

    /// The scoring service over the whole store (the queue is the
    /// installation's), with `llm` or the offline scorer: what a shell's
    /// background worker runs.
    pub fn scoring_service(
        &self,
        llm: Option<Arc<ats_core::llm::LlmService>>,
    ) -> ats_core::scoring::ScoringService {
        let mut service = ats_core::scoring::ScoringService::new(self.store().clone(), llm);
        service.encoder = self.encoder();
        service
    }

    pub fn public_url(&self) -> Option<&str> {
        self.inner.public_url.as_deref()
    }

    /// The unscoped store (the shell's own use: sessions, health).
    pub fn store(&self) -> &Store {
        &self.inner.store
    }

    pub fn data_dir(&self) -> &std::path::Path {
        &self.inner.data_dir
    }

    pub fn progress(&self) -> tokio::sync::broadcast::Receiver<Progress> {
        self.inner.progress.subscribe()
    }

    pub(crate) fn report(&self, progress: Progress) {
        let _ = self.inner.progress.send(progress);
    }

    /// Report `done` of `total` steps of `method` for the caller's company.
    pub(crate) fn step(&self, ctx: &Ctx, method: &'static str, done: u64, total: u64, note: &str) {
        self.report(Progress {
            company_id: ctx.store.scope().company_id.clone(),
            method,
            done,
            total,
            note: note.to_owned(),
        });
    }

    /// Run method `name` for `who` with a JSON input.
    pub async fn call(
        &self,
        who: Principal,
        name: &str,
        input: serde_json::Value,
    ) -> Result<serde_json::Value, ApiError> {
        self.call_in_session(who, None, name, input).await
    }

    /// [`Self::call`] from a signed-in session whose token the shell holds
    /// (`auth.sign_out` ends it).
    pub async fn call_in_session(
        &self,
        who: Principal,
        session: Option<String>,
        name: &str,
        input: serde_json::Value,
    ) -> Result<serde_json::Value, ApiError> {
        let audit = audit::Pending::start(name, &input);
        let result = match permitted(&who, name) {
            Ok(method) => {
                let ctx = Ctx {
                    api: self.clone(),
                    store: self.inner.store.scoped(who.scope()),
                    who: who.clone(),
                    session,
                };
                (method.call)(ctx, input).await
            }
            Err(e) => Err(e),
        };
        audit.finish(self, &who, &result).await;
        result
    }
}

/// The method `name` if `who` may call it: a shell checks this before it
/// reads a large body for the method (a streamed upload).
pub fn permitted(who: &Principal, name: &str) -> Result<&'static Method, ApiError> {
    let method = method(name).ok_or_else(|| ApiError::NotFound(format!("method {name}")))?;
    if !rbac::allows(who.role(), method.permission) {
        return Err(match who {
            Principal::Anonymous => ApiError::Unauthenticated,
            _ => ApiError::Forbidden(name.to_owned()),
        });
    }
    Ok(method)
}
