/// Every command the app registers; the build script makes a permission
/// for each, `capabilities/default.json` grants them, and a test checks
/// that the three agree.
pub const COMMANDS: &[&str] = &["call", "app_info"];
