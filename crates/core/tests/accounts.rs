//! Accounts and tenancy in the store: first-run setup adopts the rows the
//! terminal stored, a scoped handle sees one company only, sign-in locks an
//! account after repeated failures, invitation tokens expire and revoke.

use ats_core::accounts::{self, AuthError, Role};
use ats_core::store::{Scope, Store};

fn analysis() -> serde_json::Value {
    serde_json::to_value(ats_core::jobs::analyze_posting(
        "Backend engineer. Must have: Rust, SQL.",
    ))
    .unwrap()
}

async fn store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).await.unwrap();
    (dir, store)
}

#[tokio::test]
async fn setup_adopts_local_rows_and_runs_once() {
    let (_dir, store) = store().await;
    let local = store
        .add_job("Local job", "text", &analysis())
        .await
        .unwrap();
    assert!(!store.has_accounts().await.unwrap());
    let (company, admin) = accounts::set_up(
        &store,
        "Acme",
        "Admin@Acme.test",
        "Ada",
        "correct horse battery",
    )
    .await
    .unwrap();
    assert_eq!(admin.role, Role::CompanyAdmin);
    assert_eq!(admin.email, "admin@acme.test");
    let acme = store.scoped(Scope::company(&company.id));
    assert_eq!(acme.list_jobs().await.unwrap()[0].id, local);
    let again = accounts::set_up(&store, "Evil", "e@evil.test", "E", "another long password").await;
    assert!(matches!(again, Err(AuthError::AlreadySetUp)), "{again:?}");
}

#[tokio::test]
async fn a_scoped_store_sees_one_company() {
    let (_dir, store) = store().await;
    let a = store.create_company("A").await.unwrap();
    let b = store.create_company("B").await.unwrap();
    let (sa, sb) = (
        store.scoped(Scope::company(&a.id)),
        store.scoped(Scope::company(&b.id)),
    );
    let job = sa.add_job("A's job", "", &analysis()).await.unwrap();
    assert_eq!(sa.list_jobs().await.unwrap().len(), 1);
    assert!(sb.list_jobs().await.unwrap().is_empty());
    let err = sb.get_job(Some(&job)).await.unwrap_err();
    assert_eq!(err.code(), "store.not_found");
    let err = sb.job_interview_settings(&job).await.unwrap_err();
    assert_eq!(err.code(), "store.not_found");
    assert!(sb.latest_rubric(&job).await.is_err());
    // A company handle cannot make companies; the owner's handle sees all.
    assert!(sa.create_company("C").await.is_err());
    assert_eq!(store.list_jobs().await.unwrap().len(), 1);
}

#[tokio::test]
async fn hiring_managers_see_assigned_jobs_only() {
    let (_dir, store) = store().await;
    let (company, _) =
        accounts::set_up(&store, "Acme", "a@acme.test", "A", "correct horse battery")
            .await
            .unwrap();
    let acme = store.scoped(Scope::company(&company.id));
    let manager = accounts::add_user(
        &acme,
        "m@acme.test",
        "M",
        Role::HiringManager,
        "manager password 1",
    )
    .await
    .unwrap();
    let recruiter = accounts::add_user(
        &acme,
        "r@acme.test",
        "R",
        Role::Recruiter,
        "recruiter password 1",
    )
    .await
    .unwrap();
    let one = acme.add_job("One", "", &analysis()).await.unwrap();
    let _two = acme.add_job("Two", "", &analysis()).await.unwrap();
    let as_manager = store.scoped(Scope {
        company_id: Some(company.id.clone()),
        assigned_to: Some(manager.id.clone()),
    });
    assert!(as_manager.list_jobs().await.unwrap().is_empty());
    acme.assign_job(&one, &manager.id).await.unwrap();
    let seen = as_manager.list_jobs().await.unwrap();
    assert_eq!(
        seen.iter().map(|j| j.id.as_str()).collect::<Vec<_>>(),
        [one.as_str()]
    );
    // Only hiring managers are assigned.
    assert_eq!(
        acme.assign_job(&one, &recruiter.id)
            .await
            .unwrap_err()
            .code(),
        "store.conflict"
    );
    assert_eq!(acme.list_users().await.unwrap().len(), 3);
}

#[tokio::test]
async fn sign_in_locks_after_repeated_failures() {
    let (_dir, store) = store().await;
    accounts::set_up(&store, "Acme", "a@acme.test", "A", "correct horse battery")
        .await
        .unwrap();
    let (token, account) = accounts::sign_in(&store, "A@acme.test ", "correct horse battery")
        .await
        .unwrap();
    assert_eq!(
        accounts::session(&store, &token).await.unwrap().unwrap().id,
        account.id
    );
    accounts::sign_out(&store, &token).await.unwrap();
    assert!(accounts::session(&store, &token).await.unwrap().is_none());
    assert!(matches!(
        accounts::sign_in(&store, "nobody@acme.test", "whatever it is").await,
        Err(AuthError::BadCredentials)
    ));
    for attempt in 1..=accounts::LOCK_AFTER {
        let err = accounts::sign_in(&store, "a@acme.test", "wrong password!")
            .await
            .unwrap_err();
        let locked = matches!(err, AuthError::Locked(_));
        assert_eq!(
            locked,
            attempt == accounts::LOCK_AFTER,
            "attempt {attempt}: {err}"
        );
    }
    // Locked: even the right password fails now.
    let err = accounts::sign_in(&store, "a@acme.test", "correct horse battery")
        .await
        .unwrap_err();
    assert_eq!(err.code(), "auth.locked");
    assert!(matches!(
        accounts::hash_password("short"),
        Err(AuthError::WeakPassword)
    ));
}
