//! Every command has a permission and every permission a command; the
//! commands answer through the IPC (the mock runtime: no window).

use ats_app_lib::{COMMANDS, handler};
use tauri::Manager;
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{INVOKE_KEY, get_ipc_response, mock_builder, mock_context, noop_assets};
use tauri::webview::InvokeRequest;

fn kebab(command: &str) -> String {
    command.replace('_', "-")
}

#[test]
fn every_command_is_granted_and_every_grant_is_a_command() {
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("capabilities/default.json"),
    )
    .unwrap();
    let capability: serde_json::Value = serde_json::from_str(&text).unwrap();
    let granted: Vec<String> = capability["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p.as_str())
        .filter(|p| !p.contains(':'))
        .map(str::to_owned)
        .collect();
    for command in COMMANDS {
        let permission = format!("allow-{}", kebab(command));
        assert!(granted.contains(&permission), "{command}: no {permission}");
    }
    for permission in &granted {
        let command = permission.trim_start_matches("allow-");
        assert!(
            COMMANDS.iter().any(|c| kebab(c) == command),
            "{permission} grants no command"
        );
    }
}

fn invoke(
    webview: &tauri::WebviewWindow<tauri::test::MockRuntime>,
    cmd: &str,
    body: serde_json::Value,
) -> Result<serde_json::Value, serde_json::Value> {
    get_ipc_response(
        webview,
        InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: "tauri://localhost".parse().unwrap(),
            body: InvokeBody::Json(body),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        },
    )
    .map(|b| b.deserialize::<serde_json::Value>().unwrap())
}

#[test]
fn the_method_table_answers_through_the_ipc() {
    let dir = tempfile::tempdir().unwrap();
    let app = mock_builder()
        .invoke_handler(handler())
        .build(mock_context(noop_assets()))
        .unwrap();
    let store = tauri::async_runtime::block_on(ats_core::store::Store::open(dir.path())).unwrap();
    app.manage(ats_api::Api::new(store));
    let webview = tauri::WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .unwrap();

    // The owner of the device may do what the table allows a super admin.
    let job = invoke(
        &webview,
        "call",
        serde_json::json!({"method": "jobs.create", "input": {
            "text": "Senior Rust engineer. Must have: Rust, PostgreSQL. 5+ years.",
            "title": null
        }}),
    )
    .unwrap();
    assert!(job["id"].as_str().is_some(), "{job}");
    let jobs = invoke(
        &webview,
        "call",
        serde_json::json!({"method": "jobs.list", "input": {}}),
    )
    .unwrap();
    assert_eq!(jobs.as_array().unwrap().len(), 1, "{jobs}");
    // Errors cross as {code, message}.
    let missing = invoke(
        &webview,
        "call",
        serde_json::json!({"method": "jobs.get", "input": {"id": "nope"}}),
    )
    .unwrap_err();
    assert_eq!(missing["code"], "not_found", "{missing}");
    let unknown = invoke(
        &webview,
        "call",
        serde_json::json!({"method": "no.such", "input": {}}),
    )
    .unwrap_err();
    assert_eq!(unknown["code"], "not_found", "{unknown}");
    // A candidate's method is not the owner's.
    let forbidden = invoke(
        &webview,
        "call",
        serde_json::json!({"method": "candidate.interview", "input": {}}),
    )
    .unwrap_err();
    assert_eq!(forbidden["code"], "auth.forbidden", "{forbidden}");

    let info = invoke(&webview, "app_info", serde_json::json!({})).unwrap();
    assert_eq!(info["data_dir"], dir.path().to_str().unwrap());
}
