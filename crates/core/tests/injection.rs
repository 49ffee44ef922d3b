//! Untrusted text is data, never instructions: every case of the red-team
//! set (`tests/injection/cases.toml`) stays inside one data block that it
//! cannot close, under a system prompt that says such blocks are never to
//! be obeyed, in every template that carries untrusted text.

use ats_core::llm::Role;
use ats_core::llm::prompt::{DATA_RULES, PromptTemplate};
use serde::Deserialize;

#[derive(Deserialize)]
struct Cases {
    case: Vec<Case>,
}

#[derive(Deserialize)]
struct Case {
    name: String,
    text: String,
}

fn cases() -> Vec<Case> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/injection/cases.toml"
    );
    toml::from_str::<Cases>(&std::fs::read_to_string(path).unwrap())
        .unwrap()
        .case
}

#[test]
fn injections_stay_inside_their_data_block() {
    let templates = [("resume.summary", "resume")];
    let cases = cases();
    assert!(cases.len() >= 7);
    for (id, var) in templates {
        let t = PromptTemplate::builtin(id).unwrap();
        for case in &cases {
            let messages = t.render(&serde_json::json!({ var: case.text })).unwrap();
            let system = &messages[0];
            assert_eq!(system.role, Role::System);
            assert!(system.content.contains(DATA_RULES), "{id}");
            assert!(!system.content.contains(&case.text), "{id}/{}", case.name);
            let user = &messages.last().unwrap().content;
            // Exactly one block, opened once and closed at the very end.
            assert_eq!(
                user.matches("<data name=").count(),
                1,
                "{id}/{}: {user}",
                case.name
            );
            assert_eq!(
                user.matches("</data>").count(),
                1,
                "{id}/{}: {user}",
                case.name
            );
            let open = user.find("<data name=").unwrap();
            let close = user.rfind("</data>").unwrap();
            assert!(user[close..].trim() == "</data>", "{id}/{}", case.name);
            // The attack's words are all inside the block.
            let inside = &user[open..close];
            for word in case
                .text
                .split_whitespace()
                .filter(|w| w.len() > 6 && !w.to_lowercase().contains("data"))
            {
                assert!(
                    inside.contains(word),
                    "{id}/{}: {word:?} outside the block",
                    case.name
                );
                assert!(!user[..open].contains(word), "{id}/{}", case.name);
            }
        }
    }
}
