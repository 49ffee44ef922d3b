use crate::support::{self, TRUTH};
use ats_core::ingest::{FileKind, ParsedResume, ResumeParser};
use ats_core::resume::JsonResume;
use chrono::NaiveDate;

fn parser() -> ResumeParser {
    ResumeParser::new(
        Default::default(),
        NaiveDate::from_ymd_opt(2025, 6, 30).unwrap(),
    )
}

/// (title, company, start, end) of a position, for whole-list asserts.
type Position<'a> = (
    Option<&'a str>,
    Option<&'a str>,
    Option<&'a str>,
    Option<&'a str>,
);

fn positions(r: &JsonResume) -> Vec<Position<'_>> {
    r.work
        .iter()
        .map(|w| {
            (
                w.position.as_deref(),
                w.name.as_deref(),
                w.start_date.as_deref(),
                w.end_date.as_deref(),
            )
        })
        .collect()
}

fn digits(s: &str) -> String {
    s.chars().filter(char::is_ascii_digit).collect()
}

/// Every generated fixture must give back exactly the truth it was made from.
fn check(parsed: &ParsedResume, expect_kind: FileKind) {
    assert_eq!(parsed.kind, expect_kind);
    let r: &JsonResume = &parsed.resume;
    let t = &TRUTH;
    assert_eq!(r.basics.name.as_deref(), Some(t.name), "{}", parsed.text);
    assert_eq!(r.basics.email.as_deref(), Some(t.email));
    assert_eq!(
        digits(r.basics.phone.as_deref().unwrap_or_default()),
        digits(t.phone)
    );
    assert_eq!(r.work.len(), 2, "{:#?}\n{}", r.work, parsed.text);
    let ext = r.x_ats.as_ref().unwrap();
    for (i, (title, company, _, _, start, end)) in t.jobs.iter().enumerate() {
        let w = &r.work[i];
        assert_eq!(w.position.as_deref(), Some(*title), "{w:?}");
        assert_eq!(w.name.as_deref(), Some(*company), "{w:?}");
        assert_eq!(w.start_date.as_deref(), Some(*start), "{w:?}");
        if *end == "present" {
            assert!(ext.work[i].current && w.end_date.is_none(), "{w:?}");
        } else {
            assert_eq!(w.end_date.as_deref(), Some(*end));
        }
    }
    // 2016-03..2019-12 (46 months) + 2020-01..2025-06 (66 months)
    assert_eq!(ext.total_experience_months, Some(112));
    assert_eq!(r.education.len(), 1, "{:#?}", r.education);
    assert_eq!(r.education[0].institution.as_deref(), Some(t.school));
    assert_eq!(r.education[0].start_date.as_deref(), Some("2014"));
    assert_eq!(r.education[0].end_date.as_deref(), Some("2016"));
    let skills = ats_core::structure::skills::listed(r);
    assert_eq!(skills, t.skills.to_vec());
    // Spans point at the text the values were read from.
    let span = ext.spans["basics.name"];
    assert!(parsed.text[span.start..span.end].contains(t.name));
    let span = ext.spans["work[0]"];
    assert!(
        parsed.text[span.start..span.end].contains(t.jobs[0].0),
        "{span:?}"
    );
}

#[test]
fn one_column_pdf() {
    let bytes = support::one_column_pdf(&TRUTH);
    check(&parser().parse(&bytes).unwrap(), FileKind::Pdf);
}

#[test]
fn two_column_pdf_is_read_column_by_column() {
    let bytes = support::two_column_pdf(&TRUTH);
    let parsed = parser().parse(&bytes).unwrap();
    // The sidebar comes out whole, not interleaved with the main column.
    let text = &parsed.text;
    let sidebar = [
        "Jane Doe",
        "jane.doe@example.com",
        "Skills",
        "Rust",
        "Kubernetes",
    ];
    let positions: Vec<usize> = sidebar.iter().map(|s| text.find(s).unwrap()).collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{text}");
    let main_start = text.find("Experience").unwrap();
    assert!(
        main_start > positions[4] || main_start < positions[0],
        "{text}"
    );
    check(&parsed, FileKind::Pdf);
}

#[test]
fn docx_with_header_table_and_text_box() {
    let parsed = parser().parse(&support::docx(&TRUTH)).unwrap();
    check(&parsed, FileKind::Docx);
    // The text box is read once: its mc:Fallback copy is skipped.
    let languages = &parsed.resume.languages;
    assert_eq!(languages.len(), 1, "{languages:?}\n{}", parsed.text);
    assert_eq!(languages[0].language.as_deref(), Some("English"));
    assert_eq!(languages[0].fluency.as_deref(), Some("native"));
}

#[test]
fn text_in_utf8_utf16_and_latin1() {
    let text = support::text(&TRUTH);
    check(&parser().parse(text.as_bytes()).unwrap(), FileKind::Text);

    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    check(&parser().parse(&utf16).unwrap(), FileKind::Text);

    let mut utf16be = vec![0xFE, 0xFF];
    utf16be.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
    check(&parser().parse(&utf16be).unwrap(), FileKind::Text);

    let latin1: Vec<u8> = text.replace('•', "-").chars().map(|c| c as u8).collect();
    check(&parser().parse(&latin1).unwrap(), FileKind::Text);
}

#[test]
fn german_resume_in_text() {
    let text = "Max Müller\nE-Mail: max.mueller@example.de\nTelefon: 030 1234567\n\nBerufserfahrung\n\
                03/2018 – heute\tSoftwareentwicklerin, Beispiel GmbH\n\
                10/2015 – 02/2018\tWerkstudent bei Muster AG\n\nAusbildung\n\
                2012 – 2015\tTechnische Universität München\nBachelor of Science Informatik\n\n\
                Kenntnisse\nRust, Go, SQL\n";
    let r = parser().parse(text.as_bytes()).unwrap().resume;
    assert_eq!(r.basics.name.as_deref(), Some("Max Müller"));
    assert_eq!(r.basics.phone.as_deref(), Some("+49301234567"));
    assert_eq!(r.work.len(), 2, "{:#?}", r.work);
    assert_eq!(r.work[0].name.as_deref(), Some("Beispiel GmbH"));
    assert_eq!(r.work[0].start_date.as_deref(), Some("2018-03"));
    assert!(r.x_ats.as_ref().unwrap().work[0].current);
    assert_eq!(r.work[1].position.as_deref(), Some("Werkstudent"));
    assert_eq!(r.work[1].name.as_deref(), Some("Muster AG"));
    assert_eq!(
        r.education[0].institution.as_deref(),
        Some("Technische Universität München")
    );
    assert_eq!(
        ats_core::structure::skills::listed(&r),
        ["Rust", "Go", "SQL"]
    );
}

#[test]
fn absent_fields_stay_absent() {
    // No email, phone, dates or skills: nothing may be invented.
    let r = parser()
        .parse(b"Alex Smith\n\nExperience\nBarista\tBlue Bottle Coffee\n")
        .unwrap()
        .resume;
    assert_eq!(r.basics.name.as_deref(), Some("Alex Smith"));
    assert!(r.basics.email.is_none() && r.basics.phone.is_none() && r.basics.location.is_none());
    assert!(r.skills.is_empty() && r.education.is_empty());
    assert!(
        r.work
            .iter()
            .all(|w| w.start_date.is_none() && w.end_date.is_none())
    );
    let ext = r.x_ats.unwrap();
    assert_eq!(ext.total_experience_months, None);
}

#[test]
fn json_resume_v1_and_pre_1_0() {
    let v1 = std::fs::read(support::fixtures().join("resumes/r09_jsonresume_sample.json")).unwrap();
    let r = parser().parse(&v1).unwrap();
    assert_eq!(r.kind, FileKind::JsonResume);
    assert_eq!(r.resume.basics.name.as_deref(), Some("Richard Hendriks"));
    assert_eq!(r.resume.work[0].name.as_deref(), Some("Pied Piper"));

    let old = br#"{"basics": {"name": "Ada Old", "website": "https://ada.example"},
        "work": [{"company": "Engines Ltd", "position": "Analyst", "website": "https://e.example",
                  "startDate": "2010-01-01", "endDate": "2012-01-01"}],
        "education": [{"institution": "Uni", "gpa": 3.9}]}"#;
    let r = parser().parse(old).unwrap().resume;
    assert_eq!(r.basics.url.as_deref(), Some("https://ada.example"));
    assert_eq!(r.work[0].name.as_deref(), Some("Engines Ltd"));
    assert_eq!(r.work[0].url.as_deref(), Some("https://e.example"));
    assert_eq!(r.education[0].score.as_deref(), Some("3.9"));
    assert_eq!(r.x_ats.unwrap().total_experience_months, Some(25));
}

#[test]
fn us_style_text_with_inline_dates_and_pipes() {
    let path = support::fixtures().join("us_style.txt");
    let parser = ResumeParser::new(
        Default::default(),
        NaiveDate::from_ymd_opt(2026, 11, 25).unwrap(),
    );
    let r = parser.parse_file(&path).unwrap().resume;
    assert_eq!(r.basics.name.as_deref(), Some("John Smith"));
    assert_eq!(r.basics.phone.as_deref(), Some("+12065550142"));
    assert_eq!(
        r.basics.location.as_ref().and_then(|l| l.city.as_deref()),
        Some("Seattle")
    );
    assert_eq!(r.basics.profiles[0].username.as_deref(), Some("johnsmith"));
    assert!(
        r.basics
            .summary
            .as_deref()
            .unwrap()
            .starts_with("Backend engineer")
    );
    let jobs = positions(&r);
    assert_eq!(
        jobs,
        [
            (
                Some("Senior Software Development Engineer"),
                Some("Amazon Web Services"),
                Some("2018-06"),
                None
            ),
            (
                Some("Software Engineer II"),
                Some("Microsoft"),
                Some("2014"),
                Some("2018")
            ),
        ]
    );
    assert_eq!(r.work[0].location.as_deref(), Some("Seattle, WA"));
    assert_eq!(
        r.x_ats.as_ref().unwrap().work[0]
            .dates_as_written
            .as_deref(),
        Some("June 2018 – Present")
    );
    assert_eq!(
        r.education[0].institution.as_deref(),
        Some("University of Washington")
    );
    assert_eq!(r.education[0].end_date.as_deref(), Some("2014"));
    assert_eq!(r.skills.len(), 2);
    assert_eq!(r.skills[1].name.as_deref(), Some("Tools"));
    assert_eq!(r.skills[1].keywords, ["Docker", "Kubernetes"]);
    assert_eq!(r.certificates[0].date.as_deref(), Some("2019"));
}

#[test]
fn french_text_resume() {
    let path = support::fixtures().join("french.txt");
    let r = parser().parse_file(&path).unwrap().resume;
    assert_eq!(r.basics.name.as_deref(), Some("Marie Dupont"));
    assert_eq!(r.basics.phone.as_deref(), Some("+33612345678"));
    assert_eq!(
        r.basics
            .location
            .as_ref()
            .and_then(|l| l.country_code.as_deref()),
        Some("FR")
    );
    let jobs = positions(&r);
    assert_eq!(
        jobs,
        [
            (
                Some("Ingénieure logicielle"),
                Some("Société Générale"),
                Some("2019-01"),
                None
            ),
            (
                Some("Développeuse web"),
                Some("Capgemini"),
                Some("2016-09"),
                Some("2018-12")
            ),
        ]
    );
    assert_eq!(
        r.education[0].institution.as_deref(),
        Some("Université Paris-Saclay")
    );
    assert_eq!(r.languages.len(), 2);
    assert_eq!(r.languages[1].fluency.as_deref(), Some("courant"));
}
