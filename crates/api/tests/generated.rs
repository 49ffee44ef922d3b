//! Files generated from the method table stay current: the TypeScript
//! types the UI compiles against, the RBAC table and the OpenAPI document's
//! coverage. `UPDATE_GENERATED=1 cargo test -p ats-api` rewrites the files.

use std::path::PathBuf;

fn repo(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(path)
}

fn check(path: &str, generated: &str) {
    let file = repo(path);
    if std::env::var_os("UPDATE_GENERATED").is_some() {
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(&file, generated).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&file).unwrap_or_default();
    assert!(
        committed == generated,
        "{path} is stale: run `UPDATE_GENERATED=1 cargo test -p ats-api --test generated`"
    );
}

#[test]
fn typescript_types_are_current() {
    let ts = ats_api::typescript::declarations();
    for m in ats_api::METHODS {
        assert!(
            ts.contains(&format!("\"{}\":", m.name)),
            "{} missing",
            m.name
        );
    }
    check("ui/src/api/types.ts", &ts);
}

#[test]
fn rbac_table_is_current_and_complete() {
    let table = ats_api::rbac::matrix_markdown();
    for m in ats_api::METHODS {
        assert!(
            table.contains(&format!("| `{}` |", m.name)),
            "{} missing",
            m.name
        );
    }
    check("docs/rbac.md", &table);
}

#[test]
fn openapi_lists_every_method_with_resolvable_schemas() {
    let doc = ats_api::openapi::document();
    let text = doc.to_string();
    for m in ats_api::METHODS {
        assert!(
            doc["paths"][format!("/api/{}", m.name)]["post"].is_object(),
            "{}",
            m.name
        );
    }
    // Every reference points at a schema the document defines.
    let schemas = doc["components"]["schemas"].as_object().unwrap();
    for part in text.split("\"$ref\":\"#/components/schemas/").skip(1) {
        let name = &part[..part.find('"').unwrap()];
        assert!(schemas.contains_key(name), "dangling $ref {name}");
    }
}

#[test]
fn method_names_are_unique_and_dotted() {
    let mut names: Vec<&str> = ats_api::METHODS.iter().map(|m| m.name).collect();
    names.sort_unstable();
    let n = names.len();
    names.dedup();
    assert_eq!(names.len(), n, "duplicate method names");
    assert!(names.iter().all(|n| {
        n.split('.').count() == 2
            && n.chars()
                .all(|c| c.is_ascii_lowercase() || c == '.' || c == '_')
    }));
}

#[test]
fn every_type_the_methods_name_is_declared() {
    let ts = ats_api::typescript::declarations();
    for m in ats_api::METHODS {
        for name in [(m.input_ts)(), (m.output_ts)()] {
            for part in name.split(|c: char| !c.is_alphanumeric() && c != '_') {
                if part.is_empty()
                    || matches!(part, "Array" | "null" | "string" | "number" | "boolean")
                {
                    continue;
                }
                assert!(
                    ts.contains(&format!("export type {part} ")),
                    "{}: type {part} is not declared in types.ts",
                    m.name
                );
            }
        }
    }
    // JSON numbers, as the browser reads them: never `bigint`.
    assert!(!ts.contains("bigint"), "a bigint in types.ts");
}
