//! The parse review through the API: a recruiter corrects what the parser
//! read, the record and the search follow, what was read and each change
//! are kept; the original file comes back byte for byte with its text.

use crate::support::{As, fixture, hiring, spawn_app};
use base64::Engine;
use serde_json::json;

#[tokio::test]
async fn a_correction_is_kept_with_what_it_replaced() {
    let app = spawn_app().await;
    let admin = app.setup("acme").await;
    let (recruiter, _) = app.user(&admin, "rita@acme.test", "recruiter").await;
    let h = hiring(&app, &recruiter).await;
    let before = app
        .ok(
            As::User(&recruiter),
            "candidates.get",
            json!({"id": h.candidate}),
        )
        .await;
    let old_name = before["candidate"]["name"].as_str().unwrap().to_owned();

    let after = app
        .ok(
            As::User(&recruiter),
            "candidates.update",
            json!({"id": h.candidate, "name": "Ada Quokkaworth", "phone": "+44 20 7946 0958",
                   "email": null}),
        )
        .await;
    assert_eq!(after["candidate"]["name"], "Ada Quokkaworth");
    assert_eq!(after["candidate"]["phone"], "+44 20 7946 0958");
    assert_eq!(
        after["candidate"]["email"], before["candidate"]["email"],
        "absent: unchanged"
    );
    let x = &after["resume"]["x-ats"];
    assert_eq!(x["confidence"]["basics.name"], 1.0);
    let fixes = x["corrections"].as_array().unwrap();
    assert_eq!(fixes.len(), 2, "{x}");
    assert_eq!(fixes[0]["path"], "basics.name");
    assert_eq!(fixes[0]["from"], old_name.as_str());
    assert_eq!(fixes[0]["by"], "rita@acme.test");

    // The search reads the corrected name; the old one no longer finds it.
    let hits = app
        .ok(
            As::User(&recruiter),
            "candidates.search",
            json!({"query": "Quokkaworth"}),
        )
        .await;
    assert_eq!(hits[0]["candidate"]["id"], h.candidate.as_str(), "{hits}");

    for bad in [
        json!({"id": h.candidate, "email": "not an address"}),
        json!({"id": h.candidate, "phone": "call me maybe; DROP TABLE"}),
        json!({"id": h.candidate, "name": "Ada\u{0007}"}),
        json!({"id": h.candidate, "url": "javascript:alert(1)"}),
        json!({"id": h.candidate, "summary": "x".repeat(10_001)}),
    ] {
        let (status, body) = app
            .call(As::User(&recruiter), "candidates.update", bad.clone())
            .await;
        assert_eq!(status.as_u16(), 422, "{bad}: {body}");
    }
    let (status, _) = app
        .call(
            As::User(&recruiter),
            "candidates.update",
            json!({"id": "00000000-0000-0000-0000-000000000000", "name": "X"}),
        )
        .await;
    assert_eq!(status.as_u16(), 404);

    let log = app.ok(As::User(&admin), "audit.list", json!({})).await;
    assert!(
        log["entries"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["action"] == "candidates.update"
                && e["subject"] == h.candidate.as_str()
                && e["actor"] == "rita@acme.test"),
        "{log}"
    );
}

#[tokio::test]
async fn the_original_file_comes_back_with_its_text() {
    let app = spawn_app().await;
    let admin = app.setup("acme").await;
    let bytes = std::fs::read(fixture("resumes/r02_sb2nov.pdf")).unwrap();
    let up = app
        .ok(
            As::User(&admin),
            "candidates.upload",
            json!({"file_name": "cv.pdf",
                   "content_base64": base64::engine::general_purpose::STANDARD.encode(&bytes)}),
        )
        .await;
    let original = app
        .ok(
            As::User(&admin),
            "candidates.original",
            json!({"id": up["resume_id"]}),
        )
        .await;
    assert_eq!(original["file_name"], "cv.pdf");
    assert_eq!(original["content_type"], "application/pdf");
    assert_eq!(original["detected_type"], "pdf");
    let back = base64::engine::general_purpose::STANDARD
        .decode(original["content_base64"].as_str().unwrap())
        .unwrap();
    assert_eq!(back, bytes, "byte for byte");
    let detail = app
        .ok(
            As::User(&admin),
            "candidates.get",
            json!({"id": up["candidate_id"]}),
        )
        .await;
    let squash = |s: &str| {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    let name = squash(detail["candidate"]["name"].as_str().unwrap());
    let text = squash(original["text"].as_str().unwrap());
    assert!(
        !name.is_empty() && text.contains(&name),
        "the text read holds the name {name}"
    );
}

#[tokio::test]
async fn a_corrected_work_date_moves_the_experience_the_ranking_reads() {
    let app = spawn_app().await;
    let admin = app.setup("acme").await;
    let h = hiring(&app, &admin).await;
    let months =
        |detail: &serde_json::Value| detail["candidate"]["total_experience_months"].clone();
    let before = app
        .ok(
            As::User(&admin),
            "candidates.get",
            json!({"id": h.candidate}),
        )
        .await;
    // One position, December 2013 to December 2014.
    assert_eq!(months(&before), 13, "{}", before["resume"]["work"]);

    let after = app
        .ok(
            As::User(&admin),
            "candidates.update",
            json!({"id": h.candidate,
                   "work": [{"index": 0, "name": null, "position": "CTO",
                             "start_date": "2010-01", "end_date": null}]}),
        )
        .await;
    assert_eq!(months(&after), 60, "January 2010 to December 2014");
    assert_eq!(after["resume"]["work"][0]["startDate"], "2010-01");
    assert_eq!(after["resume"]["work"][0]["position"], "CTO");
    assert_eq!(
        after["resume"]["work"][0]["name"], "Pied Piper",
        "untouched"
    );
    let x = &after["resume"]["x-ats"];
    assert_eq!(x["totalExperienceMonths"], 60);
    let paths: Vec<&str> = x["corrections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, ["work[0].position", "work[0].startDate"]);
    assert_eq!(x["corrections"][1]["from"], "2013-12-01");

    for (bad, code) in [
        (json!({"index": 0, "start_date": "Jan 2010"}), 422),
        (json!({"index": 0, "start_date": "2010-02-30"}), 422),
        (
            json!({"index": 0, "start_date": "2015-01", "end_date": "2014-12"}),
            422,
        ),
        (json!({"index": 1, "position": "Intern"}), 409),
    ] {
        let (status, body) = app
            .call(
                As::User(&admin),
                "candidates.update",
                json!({"id": h.candidate, "work": [bad]}),
            )
            .await;
        assert_eq!(status.as_u16(), code, "{bad}: {body}");
    }
    let unchanged = app
        .ok(
            As::User(&admin),
            "candidates.get",
            json!({"id": h.candidate}),
        )
        .await;
    assert_eq!(
        months(&unchanged),
        60,
        "a refused correction changes nothing"
    );
}
