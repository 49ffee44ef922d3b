// The app's commands are declared once (src/commands.rs); tauri-build makes
// an `allow-<command>` permission for each, which a capability must grant
// before the webview may call it.
include!("src/command_names.rs");

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("tauri build script");
}
