//! The real server on port 0 with a fresh data directory per test, and a
//! real HTTP client.

use ats_core::store::Store;
use reqwest::StatusCode;
use serde_json::{Value, json};

pub struct App {
    pub base: String,
    pub store: Store,
    pub client: reqwest::Client,
    _dir: tempfile::TempDir,
    _stop: tokio::sync::oneshot::Sender<()>,
}

pub const PASSWORD: &str = "a long enough password";

/// Limits no test reaches unless it means to.
const HIGH: ats_server::Limits = ats_server::Limits {
    per_user: 100_000,
    per_company: 100_000,
    anonymous: 100_000,
};

pub async fn spawn_app() -> App {
    spawn(HIGH, false, None).await
}

pub async fn spawn_with(limits: ats_server::Limits) -> App {
    spawn(limits, false, None).await
}

/// [`spawn_with_url`] serving the web UI built in `ui`.
pub async fn spawn_with_ui(ui: std::path::PathBuf) -> App {
    spawn(HIGH, true, Some(ui)).await
}

/// [`spawn_app`] whose public URL is its own address, so invitation links
/// (and e-mailed ones) are whole and open this server.
pub async fn spawn_with_url() -> App {
    spawn(HIGH, true, None).await
}

/// [`spawn_app`] whose API runs the watched drop folder, as the desktop
/// app's does.
pub async fn spawn_watching() -> App {
    spawn_api(HIGH, false, None, true).await
}

async fn spawn(limits: ats_server::Limits, public: bool, ui: Option<std::path::PathBuf>) -> App {
    spawn_api(limits, public, ui, false).await
}

async fn spawn_api(
    limits: ats_server::Limits,
    public: bool,
    ui: Option<std::path::PathBuf>,
    watching: bool,
) -> App {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).await.unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let config = ats_server::ServerConfig {
        limits,
        ui,
        ..Default::default()
    };
    let api = if public {
        ats_api::Api::with_public_url(store.clone(), &base)
    } else {
        ats_api::Api::new(store.clone())
    }
    .with_models(std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../models"));
    if watching {
        api.start_watching();
    }
    tokio::spawn(ats_server::serve(listener, api, config, async {
        let _ = stopped.await;
    }));
    App {
        base,
        store,
        client: reqwest::Client::new(),
        _dir: dir,
        _stop: stop,
    }
}

/// How a request is authenticated.
#[derive(Clone, Copy)]
pub enum As<'a> {
    Nobody,
    User(&'a str),
    Invite(&'a str),
}

impl App {
    pub async fn call(&self, who: As<'_>, method: &str, input: Value) -> (StatusCode, Value) {
        let mut request = self
            .client
            .post(format!("{}/api/{method}", self.base))
            .json(&input);
        request = match who {
            As::Nobody => request,
            As::User(token) => request.bearer_auth(token),
            As::Invite(token) => request.header("authorization", format!("Invite {token}")),
        };
        let response = request.send().await.unwrap();
        let status = response.status();
        let body = response.json::<Value>().await.unwrap_or(Value::Null);
        (status, body)
    }

    /// Call and expect success; the output.
    pub async fn ok(&self, who: As<'_>, method: &str, input: Value) -> Value {
        let (status, body) = self.call(who, method, input).await;
        assert_eq!(status, StatusCode::OK, "{method}: {body}");
        body
    }

    /// First-run setup; the administrator's session token.
    pub async fn setup(&self, company: &str) -> String {
        let out = self
            .ok(
                As::Nobody,
                "auth.setup",
                json!({"company": company, "email": format!("admin@{company}.test"),
                       "name": "Admin", "password": PASSWORD}),
            )
            .await;
        out["token"].as_str().unwrap().to_owned()
    }

    pub async fn sign_in(&self, email: &str) -> String {
        let out = self
            .ok(
                As::Nobody,
                "auth.sign_in",
                json!({"email": email, "password": PASSWORD}),
            )
            .await;
        out["token"].as_str().unwrap().to_owned()
    }

    /// A super admin, made on the machine as the owner does; their token.
    pub async fn super_admin(&self) -> String {
        ats_core::accounts::add_user(
            &self.store,
            "root@ops.test",
            "Root",
            ats_core::accounts::Role::SuperAdmin,
            PASSWORD,
        )
        .await
        .unwrap();
        self.sign_in("root@ops.test").await
    }

    /// A second company `name` made by super admin `root`; its admin's token.
    pub async fn company(&self, root: &str, name: &str) -> String {
        let email = format!("admin@{name}.test");
        self.ok(
            As::User(root),
            "companies.create",
            json!({"name": name, "admin_email": email, "admin_name": name,
                   "admin_password": PASSWORD}),
        )
        .await;
        self.sign_in(&email).await
    }

    /// A user of the admin's company with `role`; their session token and id.
    pub async fn user(&self, admin: &str, email: &str, role: &str) -> (String, String) {
        let out = self
            .ok(
                As::User(admin),
                "users.create",
                json!({"email": email, "name": role, "role": role, "password": PASSWORD}),
            )
            .await;
        (
            self.sign_in(email).await,
            out["id"].as_str().unwrap().to_owned(),
        )
    }
}

pub fn fixture(path: &str) -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures")
        .join(path)
}

/// A company's job, candidate and scheduled interview, made through the API.
pub struct Hiring {
    pub job: String,
    pub candidate: String,
    /// The candidate's resume file.
    pub resume: String,
    pub interview: String,
}

pub async fn hiring(app: &App, token: &str) -> Hiring {
    use base64::Engine;
    let posting = std::fs::read_to_string(fixture("jds/j01_compiler_senior_swe_2025.md")).unwrap();
    let job = app
        .ok(As::User(token), "jobs.create", json!({"text": posting}))
        .await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let resume = std::fs::read(fixture("resumes/r09_jsonresume_sample.json")).unwrap();
    let uploaded = app
        .ok(
            As::User(token),
            "candidates.upload",
            json!({"file_name": "resume.json",
                   "content_base64": base64::engine::general_purpose::STANDARD.encode(resume)}),
        )
        .await;
    let candidate = uploaded["candidate_id"].as_str().unwrap().to_owned();
    let resume = uploaded["resume_id"].as_str().unwrap().to_owned();
    let interview = app
        .ok(
            As::User(token),
            "interviews.create",
            json!({"job_id": job, "candidate_id": candidate}),
        )
        .await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    Hiring {
        job,
        candidate,
        resume,
        interview,
    }
}
