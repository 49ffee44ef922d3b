//! Invitation e-mail through a real SMTP server on loopback (aiosmtpd,
//! `tests/fixtures/smtp/server.py`, which needs `pip install aiosmtpd`):
//! the link in the mail opens the interview, the SMTP password is never
//! read back, a mail waits in the outbox while the SMTP server is down and
//! is retried, a refused one fails at once, and one that never goes
//! through (or whose invitation is revoked) is given up.

use crate::support::{App, As, hiring, spawn_app, spawn_with_url};
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::time::{Duration, Instant};

const SMTP_USER: &str = "mailer";
const SMTP_PASSWORD: &str = "smtp-secret-7f3a";

/// aiosmtpd in a child process, writing what it accepts to a directory.
struct Smtp {
    child: std::process::Child,
    dir: tempfile::TempDir,
    port: u16,
}

impl Smtp {
    /// Listening on `port` (see [`Smtp::free_port`]); AUTH as
    /// [`SMTP_USER`] required.
    async fn start(port: u16) -> Smtp {
        Self::start_with(port, &[]).await
    }

    /// [`Smtp::start`] with more of `server.py`'s options (TLS).
    async fn start_with(port: u16, options: &[&std::ffi::OsStr]) -> Smtp {
        let dir = tempfile::tempdir().unwrap();
        let script = crate::support::fixture("smtp/server.py");
        let mut child = std::process::Command::new("python3")
            .arg(script)
            .args(["--port", &port.to_string(), "--dir"])
            .arg(dir.path())
            .args(["--user", SMTP_USER, "--password", SMTP_PASSWORD])
            .args(options)
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .spawn()
            .expect("python3");
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Some(status) = child.try_wait().unwrap() {
                panic!(
                    "the SMTP test server exited ({status}): is aiosmtpd installed \
                     (`pip install aiosmtpd`, scripts/setup.sh)?"
                );
            }
            if tokio::net::TcpStream::connect(("127.0.0.1", port))
                .await
                .is_ok()
            {
                break;
            }
            assert!(
                Instant::now() < deadline,
                "the SMTP test server did not listen"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        Smtp { child, dir, port }
    }

    /// A port nothing listens on (now).
    fn free_port() -> u16 {
        std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port()
    }

    /// The accepted mails (envelope, headers, decoded text body), in order.
    fn received(&self) -> Vec<Value> {
        let mut names: Vec<_> = std::fs::read_dir(self.dir.path())
            .unwrap()
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        names.sort();
        names
            .iter()
            .map(|p| serde_json::from_slice(&std::fs::read(p).unwrap()).unwrap())
            .collect()
    }

    /// Wait (up to 20 s) for `n` mails.
    async fn wait_for(&self, n: usize) -> Vec<Value> {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let mails = self.received();
            if mails.len() >= n {
                return mails;
            }
            assert!(
                Instant::now() < deadline,
                "{} of {n} mails arrived",
                mails.len()
            );
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }
}

impl Drop for Smtp {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn smtp_settings(port: u16) -> Value {
    json!({"host": "127.0.0.1", "port": port, "username": SMTP_USER, "password": SMTP_PASSWORD,
           "from": "Acme Hiring <jobs@acme.test>", "security": "none"})
}

/// The outbox row `id` once `done` holds for it (up to 20 s).
async fn outbox_row(app: &App, admin: &str, id: &str, done: impl Fn(&Value) -> bool) -> Value {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let rows = app.ok(As::User(admin), "mail.outbox", json!({})).await;
        let row = rows
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == id)
            .cloned()
            .unwrap_or(Value::Null);
        if done(&row) {
            return row;
        }
        assert!(Instant::now() < deadline, "outbox row {id}: {row}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// The token of the link to `base` in a mail's body.
fn token_in(body: &str, base: &str) -> String {
    let prefix = format!("{base}/i/");
    let start = body
        .find(&prefix)
        .unwrap_or_else(|| panic!("no link in {body}"))
        + prefix.len();
    let token: String = body[start..]
        .chars()
        .take_while(char::is_ascii_hexdigit)
        .collect();
    assert_eq!(token.len(), 64, "{body}");
    token
}

async fn deliver(app: &App, now: chrono::DateTime<chrono::Utc>) -> ats_core::mail::DeliveryReport {
    ats_core::mail::deliver_pending(&app.store, now)
        .await
        .unwrap()
}

#[tokio::test]
async fn an_emailed_link_arrives_and_opens_the_interview() {
    let smtp = Smtp::start(Smtp::free_port()).await;
    let app = spawn_with_url().await;
    let admin = app.setup("acme").await;
    let h = hiring(&app, &admin).await;
    let (recruiter, _) = app.user(&admin, "r@acme.test", "recruiter").await;
    let email = json!({"interview_id": h.interview, "to": "ada@example.test", "valid_hours": 48});

    // No SMTP settings yet: refused, and no invitation is made.
    let (status, body) = app
        .call(As::User(&recruiter), "invitations.email", email.clone())
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::BAD_REQUEST, Some("mail.not_configured")),
        "{body}"
    );
    let listed = app
        .ok(
            As::User(&admin),
            "invitations.list",
            json!({"interview_id": h.interview}),
        )
        .await;
    assert_eq!(listed, json!([]));

    // The password goes in and never comes out.
    let set = app
        .ok(
            As::User(&admin),
            "settings.smtp_set",
            smtp_settings(smtp.port),
        )
        .await;
    let got = app
        .ok(As::User(&admin), "settings.smtp_get", json!({}))
        .await;
    for view in [&set, &got] {
        assert!(view.get("password").is_none(), "{view}");
        assert!(!view.to_string().contains(SMTP_PASSWORD), "{view}");
        assert_eq!(view["password_set"], true);
        assert_eq!(view["username"], SMTP_USER);
        assert_eq!(view["port"], smtp.port);
        assert_eq!(view["security"], "none");
    }
    // Changing the sender without the password keeps it.
    let mut again = smtp_settings(smtp.port);
    again.as_object_mut().unwrap().remove("password");
    let kept = app.ok(As::User(&admin), "settings.smtp_set", again).await;
    assert_eq!(kept["password_set"], true);
    // A recruiter sends invitations but does not see the settings.
    let (status, _) = app
        .call(As::User(&recruiter), "settings.smtp_get", json!({}))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    let out = app
        .ok(As::User(&recruiter), "invitations.email", email)
        .await;
    assert!(
        out.get("token").is_none() && !out.to_string().contains("/i/"),
        "{out}"
    );
    let mail_id = out["queued_mail_id"].as_str().unwrap().to_owned();

    // The server's own worker delivers it.
    let mails = smtp.wait_for(1).await;
    let mail = &mails[0];
    assert_eq!(mail["rcpt_tos"], json!(["ada@example.test"]));
    assert_eq!(mail["mail_from"], "jobs@acme.test");
    assert_eq!(
        mail["login"], SMTP_USER,
        "signed in with the stored password"
    );
    assert_eq!(mail["content_type"], "text/plain");
    assert_eq!(mail["multipart"], false, "plain text only");
    assert!(mail["message_id"].as_str().unwrap().contains(&mail_id));
    let job = app
        .ok(
            As::User(&admin),
            "interviews.get",
            json!({"id": h.interview}),
        )
        .await;
    let title = job["job_title"].as_str().unwrap();
    assert!(mail["subject"].as_str().unwrap().contains(title), "{mail}");
    let body = mail["body"].as_str().unwrap();
    assert!(body.contains(title));
    let expires = out["invitation"]["expires_at"].as_str().unwrap();
    assert!(body.contains(&expires[..10]), "the expiry date: {body}");

    // The link in the mail opens the interview, and nothing else.
    let token = token_in(body, &app.base);
    let own = app
        .ok(As::Invite(&token), "candidate.interview", json!({}))
        .await;
    assert_eq!(own["interview_id"], h.interview);
    let opened = app
        .client
        .get(format!("{}/i/{token}", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(opened.status(), StatusCode::OK);
    let (status, _) = app
        .call(
            As::Invite(&token),
            "interviews.get",
            json!({"id": h.interview}),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // Sent once accepted; the outbox shows no body and no token.
    let row = outbox_row(&app, &admin, &mail_id, |r| r["status"] == "sent").await;
    assert_eq!(row["attempts"], 1);
    assert_eq!(row["last_error"], Value::Null);
    assert!(row["sent_at"].is_string());
    assert_eq!(row["invitation_id"], out["invitation"]["id"]);
    assert_eq!(row["to"], "ada@example.test");
    let outbox = app.ok(As::User(&admin), "mail.outbox", json!({})).await;
    assert!(row.get("body").is_none() && !outbox.to_string().contains(&token));

    let root = app.super_admin().await;
    let admin_b = app.company(&root, "b").await;
    let smtp_b = app
        .ok(As::User(&admin_b), "settings.smtp_get", json!({}))
        .await;
    assert_eq!(smtp_b, Value::Null);
    let outbox_b = app.ok(As::User(&admin_b), "mail.outbox", json!({})).await;
    assert_eq!(outbox_b, json!([]));
    assert_eq!(smtp.received().len(), 1, "sent once");
}

/// An app whose company sends through SMTP on `port`, with one invitation
/// e-mailed to Ada: (app, admin token, hiring, mail id).
async fn emailed(port: u16) -> (App, String, crate::support::Hiring, String) {
    let app = spawn_with_url().await;
    let admin = app.setup("acme").await;
    let h = hiring(&app, &admin).await;
    app.ok(As::User(&admin), "settings.smtp_set", smtp_settings(port))
        .await;
    let out = app
        .ok(
            As::User(&admin),
            "invitations.email",
            json!({"interview_id": h.interview, "to": "ada@example.test"}),
        )
        .await;
    let mail_id = out["queued_mail_id"].as_str().unwrap().to_owned();
    (app, admin, h, mail_id)
}

#[tokio::test]
async fn a_mail_waits_for_the_smtp_server_and_is_retried() {
    let port = Smtp::free_port();
    let (app, admin, h, mail_id) = emailed(port).await;
    let mail_id = mail_id.as_str();

    // Nothing listens: the server's worker tries, records why, waits.
    let row = outbox_row(&app, &admin, mail_id, |r| {
        r["attempts"] == 1 && r["last_error"].is_string()
    })
    .await;
    assert_eq!(row["status"], "queued", "{row}");
    assert!(
        row["last_error"].as_str().is_some_and(|e| !e.is_empty()),
        "{row}"
    );
    let now = chrono::Utc::now();
    let next =
        chrono::DateTime::parse_from_rfc3339(row["next_attempt_at"].as_str().unwrap()).unwrap();
    assert!(
        next > now + chrono::Duration::seconds(30),
        "backed off: {row}"
    );
    // Not due yet: a run now leaves it.
    assert_eq!(deliver(&app, now).await, Default::default());

    // The SMTP server comes up; the retry (run at the time it is due) delivers.
    let smtp = Smtp::start(port).await;
    let report = deliver(&app, now + chrono::Duration::hours(1)).await;
    assert_eq!(report.sent, 1, "{report:?}");
    let mails = smtp.wait_for(1).await;
    let token = token_in(mails[0]["body"].as_str().unwrap(), &app.base);
    let own = app
        .ok(As::Invite(&token), "candidate.interview", json!({}))
        .await;
    assert_eq!(own["interview_id"], h.interview);
    let row = outbox_row(&app, &admin, mail_id, |r| r["status"] == "sent").await;
    assert_eq!(row["attempts"], 2);
    assert_eq!(row["last_error"], Value::Null);
}

#[tokio::test]
async fn a_mail_is_given_up_after_five_attempts() {
    let (app, admin, h, mail_id) = emailed(Smtp::free_port()).await;
    let mail_id = mail_id.as_str();
    let mut now = chrono::Utc::now();
    for _ in 0..20 {
        now += chrono::Duration::hours(2);
        deliver(&app, now).await;
        let row = outbox_row(&app, &admin, mail_id, |_| true).await;
        if row["status"] != "queued" {
            break;
        }
    }
    let row = outbox_row(&app, &admin, mail_id, |_| true).await;
    assert_eq!(row["status"], "failed", "{row}");
    assert_eq!(row["attempts"], ats_core::mail::MAX_ATTEMPTS);
    assert!(row["last_error"].is_string());
    // Given up: later runs leave it.
    deliver(&app, now + chrono::Duration::days(1)).await;
    let later = outbox_row(&app, &admin, mail_id, |_| true).await;
    assert_eq!(later, row);

    // A mail whose invitation is revoked before it goes out is given up.
    let out = app
        .ok(
            As::User(&admin),
            "invitations.email",
            json!({"interview_id": h.interview, "to": "bob@example.test"}),
        )
        .await;
    app.ok(
        As::User(&admin),
        "invitations.revoke",
        json!({"id": out["invitation"]["id"]}),
    )
    .await;
    let report = deliver(&app, now + chrono::Duration::days(2)).await;
    assert_eq!(report.failed, 1, "{report:?}");
    let row = outbox_row(
        &app,
        &admin,
        out["queued_mail_id"].as_str().unwrap(),
        |_| true,
    )
    .await;
    assert_eq!(row["status"], "failed");
    assert!(
        row["last_error"].as_str().unwrap().contains("revoked"),
        "{row}"
    );
}

#[tokio::test]
async fn refused_mail_fails_at_once_and_bad_settings_are_refused() {
    let smtp = Smtp::start(Smtp::free_port()).await;
    let app = spawn_with_url().await;
    let admin = app.setup("acme").await;
    let h = hiring(&app, &admin).await;
    let good = smtp_settings(smtp.port);
    for (key, value) in [
        ("host", json!("smtp.example.test")), // the password in clear to another machine
        ("host", json!("a b")),
        ("from", json!("nobody")),
        ("security", json!("ssl")),
        ("port", json!(0)),
    ] {
        let mut bad = good.clone();
        bad[key] = value.clone();
        let (status, body) = app.call(As::User(&admin), "settings.smtp_set", bad).await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{key} {value}: {body}"
        );
        assert_eq!(body["code"], "validation.invalid");
    }
    // Without credentials this server refuses the mail (530): failed at once.
    let mut anonymous = good.clone();
    anonymous["username"] = Value::Null;
    anonymous["password"] = Value::Null;
    let set = app
        .ok(As::User(&admin), "settings.smtp_set", anonymous)
        .await;
    assert_eq!(set["password_set"], false);
    for to in [
        "Ada <ada@example.test>",
        "ada@example.test\r\nBcc: eve@example.test",
        "a, b",
    ] {
        let (status, body) = app
            .call(
                As::User(&admin),
                "invitations.email",
                json!({"interview_id": h.interview, "to": to}),
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{to}: {body}");
    }
    let out = app
        .ok(
            As::User(&admin),
            "invitations.email",
            json!({"interview_id": h.interview, "to": "ada@example.test"}),
        )
        .await;
    let mail_id = out["queued_mail_id"].as_str().unwrap();
    let row = outbox_row(&app, &admin, mail_id, |r| r["status"] == "failed").await;
    assert_eq!(
        row["attempts"], 1,
        "a permanent refusal is not retried: {row}"
    );
    assert!(row["last_error"].as_str().unwrap().contains("530"), "{row}");
    assert!(smtp.received().is_empty());

    // A server without a public address cannot mail a whole link.
    let plain = spawn_app().await;
    let admin = plain.setup("acme").await;
    let h = hiring(&plain, &admin).await;
    plain
        .ok(
            As::User(&admin),
            "settings.smtp_set",
            smtp_settings(smtp.port),
        )
        .await;
    let (status, body) = plain
        .call(
            As::User(&admin),
            "invitations.email",
            json!({"interview_id": h.interview, "to": "ada@example.test"}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(
        body["message"].as_str().unwrap().contains("public"),
        "{body}"
    );
}

/// TLS to the SMTP server is real: STARTTLS and TLS from the first byte
/// each deliver (signed in over TLS only) with the company's own CA
/// certificate trusted, and a certificate nobody vouches for is refused.
#[tokio::test]
async fn mail_goes_over_verified_tls() {
    let certs = tempfile::tempdir().unwrap();
    let cert = rcgen::generate_simple_self_signed(vec!["127.0.0.1".into()]).unwrap();
    let (cert_pem, key_pem) = (certs.path().join("cert.pem"), certs.path().join("key.pem"));
    std::fs::write(&cert_pem, cert.cert.pem()).unwrap();
    std::fs::write(&key_pem, cert.signing_key.serialize_pem()).unwrap();
    let tls_options = [
        std::ffi::OsStr::new("--cert"),
        cert_pem.as_os_str(),
        std::ffi::OsStr::new("--key"),
        key_pem.as_os_str(),
    ];
    let starttls = Smtp::start_with(Smtp::free_port(), &tls_options).await;
    let app = spawn_with_url().await;
    let admin = app.setup("acme").await;
    let h = hiring(&app, &admin).await;
    let settings = |port: u16, security: &str, ca: Option<String>| {
        json!({"host": "127.0.0.1", "port": port, "username": SMTP_USER,
               "password": SMTP_PASSWORD, "from": "jobs@acme.test", "security": security,
               "ca_certificate": ca})
    };
    let email = || {
        app.ok(
            As::User(&admin),
            "invitations.email",
            json!({"interview_id": h.interview, "to": "ada@example.test"}),
        )
    };

    // The system's roots do not vouch for this certificate: not sent.
    app.ok(
        As::User(&admin),
        "settings.smtp_set",
        settings(starttls.port, "starttls", None),
    )
    .await;
    let first = email().await["queued_mail_id"].as_str().unwrap().to_owned();
    let row = outbox_row(&app, &admin, &first, |r| r["last_error"].is_string()).await;
    let error = row["last_error"].as_str().unwrap().to_lowercase();
    assert!(
        error.contains("certificate") || error.contains("issuer"),
        "{row}"
    );
    assert!(starttls.received().is_empty());

    // The company's CA certificate trusted: the retry goes over STARTTLS.
    let view = app
        .ok(
            As::User(&admin),
            "settings.smtp_set",
            settings(starttls.port, "starttls", Some(cert.cert.pem())),
        )
        .await;
    assert_eq!(view["ca_certificate"], cert.cert.pem().trim());
    let report = deliver(&app, chrono::Utc::now() + chrono::Duration::hours(2)).await;
    assert_eq!(report.sent, 1, "{report:?}");
    let mails = starttls.wait_for(1).await;
    assert_eq!(mails[0]["login"], SMTP_USER, "signed in over TLS");
    outbox_row(&app, &admin, &first, |r| r["status"] == "sent").await;

    // TLS from the first byte (port 465 style).
    let implicit = [&tls_options[..], &[std::ffi::OsStr::new("--implicit-tls")]].concat();
    let wrapped = Smtp::start_with(Smtp::free_port(), &implicit).await;
    app.ok(
        As::User(&admin),
        "settings.smtp_set",
        settings(wrapped.port, "tls", Some(cert.cert.pem())),
    )
    .await;
    let second = email().await["queued_mail_id"].as_str().unwrap().to_owned();
    let mails = wrapped.wait_for(1).await;
    assert_eq!(mails[0]["login"], SMTP_USER);
    outbox_row(&app, &admin, &second, |r| r["status"] == "sent").await;

    // A CA certificate is refused where it cannot be used or is not one.
    for bad in [
        settings(wrapped.port, "none", Some(cert.cert.pem())),
        settings(
            wrapped.port,
            "tls",
            Some("-----BEGIN CERTIFICATE-----\nnope".into()),
        ),
    ] {
        let (status, body) = app.call(As::User(&admin), "settings.smtp_set", bad).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    }
}
