//! Text whose columns are interleaved line by line (a sidebar at the
//! same heights as the main column, as `pdftotext -layout` writes it):
//! structuring reads it column by column, and never sets a value the
//! document does not state for an entry — a date range of the sidebar is
//! not an education entry's dates.

use crate::accuracy::{poppler_texts, score};
use crate::support;
use ats_core::ingest::{FileKind, ResumeParser};
use ats_core::resume::JsonResume;

fn parse(text: &str) -> JsonResume {
    let parser = ResumeParser::new(
        Default::default(),
        chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap(),
    );
    parser
        .parse_kind(FileKind::Text, text.as_bytes())
        .unwrap()
        .resume
}

/// Every field of every entry the interleaved text gives is the one the
/// truth gives, as for the same document's columns read apart.
#[test]
fn interleaved_columns_read_like_columns_read_apart() {
    let apart = poppler_texts();
    for id in ["r25_alta_typst", "r04_altacv_mmayer"] {
        let path = support::fixtures()
            .join("text")
            .join(format!("{id}.interleaved.txt"));
        let resume = parse(&std::fs::read_to_string(path).unwrap());
        let (truth, reference) = apart.iter().find(|(t, _)| t["id"] == id).unwrap();
        let got = score(&resume, truth);
        let want = score(&reference.resume, truth);
        for ((field, g), (_, w)) in got.fields().iter().zip(want.fields()) {
            println!("{id} {field:<10} interleaved {g:.2} apart {w:.2}");
            assert!(*g + 1e-9 >= w, "{id}: {field} {g} < {w}: {:?}", got.misses);
        }
    }
}

/// A sidebar's date range beside an education entry stays the sidebar's.
#[test]
fn a_sidebar_date_is_not_an_entrys_date() {
    let text = "Jane Roe\n\
        jane@example.com\n\
        Education                                Volunteering\n\
        Example University                       Food Bank Helper, City Food Bank\n\
        B.Sc. Physics                            2019 – 2021\n\
        Experience                               Skills\n\
        Backend Developer                        Rust, Go\n\
        Initech                                  Languages\n\
        2016 – 2019                              English (native)\n";
    let resume = parse(text);
    assert_eq!(resume.education.len(), 1, "{:?}", resume.education);
    let e = &resume.education[0];
    assert_eq!(e.institution.as_deref(), Some("Example University"));
    assert_eq!(
        (e.start_date.as_deref(), e.end_date.as_deref()),
        (None, None)
    );
    assert_eq!(resume.volunteer.len(), 1, "{:?}", resume.volunteer);
    assert_eq!(resume.volunteer[0].start_date.as_deref(), Some("2019"));
    assert_eq!(resume.work.len(), 1, "{:?}", resume.work);
    assert_eq!(resume.work[0].name.as_deref(), Some("Initech"));
    assert_eq!(resume.work[0].start_date.as_deref(), Some("2016"));
    assert_eq!(ats_core::structure::skills::listed(&resume), ["Rust", "Go"]);
}
