//! Where every field came from and how sure the reader is: after the
//! readers have run, each field they set gets a source span (bytes of the
//! text it was read from) and a confidence, unless the reader already gave
//! it one. A field is found in the text as written, ignoring case and runs
//! of white space (a summary joined from several lines, a name in capitals
//! written in title case); a date by the dates as its entry writes them. A
//! value the text does not hold verbatim (a phone in E.164, a profile from
//! a link annotation) keeps its confidence and has no span.

use crate::fold::lower_in_place;
use crate::resume::{AtsExtension, JsonResume, Span};

/// The text folded to lower case with white space squeezed to one space,
/// and the original byte offset of each of its bytes (and of its end).
struct Haystack<'a> {
    original: &'a str,
    text: String,
    at: Vec<usize>,
}

fn squeezed(text: &str) -> (String, Vec<usize>) {
    let lower = lower_in_place(text);
    let mut out = String::with_capacity(lower.len());
    let mut at = Vec::with_capacity(lower.len() + 1);
    let mut space = false;
    for (i, c) in lower.char_indices() {
        if c.is_whitespace() {
            if !space && !out.is_empty() {
                out.push(' ');
                at.push(i);
            }
            space = true;
            continue;
        }
        space = false;
        let before = out.len();
        out.push(c);
        at.extend(std::iter::repeat_n(i, out.len() - before));
    }
    at.push(text.len());
    (out, at)
}

/// Bytes of folded text searched either side of a field's anchor first.
const WINDOW: usize = 2048;

impl<'a> Haystack<'a> {
    /// How far from the anchor (in original bytes) the window reaches on
    /// its nearer side: a match within that distance is the nearest of all.
    fn window_reach(&self, from: usize, to: usize, anchor: usize) -> usize {
        let left = if from == 0 {
            usize::MAX
        } else {
            anchor.saturating_sub(self.at[from])
        };
        let right = if to == self.text.len() {
            usize::MAX
        } else {
            self.at[to].saturating_sub(anchor)
        };
        left.min(right)
    }

    fn new(original: &'a str) -> Self {
        let (text, at) = squeezed(original);
        Self { original, text, at }
    }

    /// Where `value` is written, the occurrence nearest `near` first.
    fn locate(&self, value: &str, near: Option<Span>) -> Option<Span> {
        let (needle, _) = squeezed(value.trim());
        let needle = needle.trim();
        if needle.is_empty() {
            return None;
        }
        let anchor = near.map_or(0, |s| s.start);
        let nearest = |from: usize, to: usize| {
            self.text[from..to]
                .match_indices(needle)
                .map(|(i, m)| (self.at[from + i], self.at[from + i + m.len() - 1]))
                .min_by_key(|(start, _)| start.abs_diff(anchor))
        };
        // An occurrence within a window round the anchor is nearer than any
        // outside it: most fields are found there without reading the rest.
        let centre = self.at.partition_point(|&o| o < anchor);
        let (mut from, mut to) = (
            centre.saturating_sub(WINDOW),
            (centre + WINDOW).min(self.text.len()),
        );
        while !self.text.is_char_boundary(from) {
            from -= 1;
        }
        while !self.text.is_char_boundary(to) {
            to += 1;
        }
        // A match that starts inside the window may end past it.
        let mut past = (to + needle.len()).min(self.text.len());
        while !self.text.is_char_boundary(past) {
            past += 1;
        }
        let found = nearest(from, past)
            .filter(|(start, _)| start.abs_diff(anchor) <= self.window_reach(from, to, anchor))
            .or_else(|| nearest(0, self.text.len()))?;
        // The end is the end of the last byte's character.
        let mut end = found.1 + 1;
        while !self.original.is_char_boundary(end) {
            end += 1;
        }
        Some(Span {
            start: found.0,
            end,
        })
    }
}

/// One field a reader set: its path, the text to find, the entry it
/// belongs to, the confidence to give it when the reader gave none.
struct Field {
    path: String,
    value: String,
    near: Option<Span>,
    confidence: f32,
}

/// Every field of the resume with a value, by its JSON Resume path.
fn fields(resume: &JsonResume, ext: &AtsExtension) -> Vec<Field> {
    let mut out = Vec::new();
    let mut push = |path: String, value: Option<&str>, near: Option<Span>, confidence: f32| {
        if let Some(value) = value.filter(|v| !v.trim().is_empty()) {
            out.push(Field {
                path,
                value: value.to_owned(),
                near,
                confidence,
            });
        }
    };
    let b = &resume.basics;
    push("basics.name".into(), b.name.as_deref(), None, 0.6);
    push("basics.label".into(), b.label.as_deref(), None, 0.6);
    push("basics.email".into(), b.email.as_deref(), None, 0.9);
    let phone = ext.phone_as_written.as_deref().or(b.phone.as_deref());
    push("basics.phone".into(), phone, None, 0.7);
    push("basics.url".into(), b.url.as_deref(), None, 0.7);
    push("basics.summary".into(), b.summary.as_deref(), None, 0.6);
    if let Some(l) = &b.location {
        let written = l.address.as_deref().or(l.city.as_deref());
        push("basics.location".into(), written, None, 0.6);
    }
    for (i, p) in b.profiles.iter().enumerate() {
        push(
            format!("basics.profiles[{i}].username"),
            p.username.as_deref(),
            None,
            0.7,
        );
        push(
            format!("basics.profiles[{i}].url"),
            p.url.as_deref(),
            None,
            0.7,
        );
    }
    for (i, w) in resume.work.iter().enumerate() {
        let near = ext.spans.get(&format!("work[{i}]")).copied();
        let c = ext
            .confidence
            .get(&format!("work[{i}].position"))
            .copied()
            .unwrap_or(0.6);
        push(format!("work[{i}].name"), w.name.as_deref(), near, c);
        push(
            format!("work[{i}].position"),
            w.position.as_deref(),
            near,
            c,
        );
        push(
            format!("work[{i}].location"),
            w.location.as_deref(),
            near,
            0.6,
        );
        let written = ext.work.get(i).and_then(|x| x.dates_as_written.as_deref());
        let current = ext.work.get(i).is_some_and(|x| x.current);
        if w.start_date.is_some() {
            push(format!("work[{i}].startDate"), written, near, 0.8);
        }
        if w.end_date.is_some() || current {
            push(format!("work[{i}].endDate"), written, near, 0.8);
        }
        for (k, h) in w.highlights.iter().enumerate() {
            push(format!("work[{i}].highlights[{k}]"), Some(h), near, 0.6);
        }
    }
    for (i, v) in resume.volunteer.iter().enumerate() {
        let near = ext.spans.get(&format!("volunteer[{i}]")).copied();
        push(
            format!("volunteer[{i}].organization"),
            v.organization.as_deref(),
            near,
            0.6,
        );
        push(
            format!("volunteer[{i}].position"),
            v.position.as_deref(),
            near,
            0.6,
        );
        for (k, date) in [("startDate", &v.start_date), ("endDate", &v.end_date)] {
            let year = date.as_deref().map(|d| &d[..d.len().min(4)]);
            push(format!("volunteer[{i}].{k}"), year, near, 0.7);
        }
    }
    for (i, e) in resume.education.iter().enumerate() {
        let near = ext.spans.get(&format!("education[{i}]")).copied();
        push(
            format!("education[{i}].institution"),
            e.institution.as_deref(),
            near,
            0.7,
        );
        push(
            format!("education[{i}].studyType"),
            e.study_type.as_deref(),
            near,
            0.6,
        );
        push(format!("education[{i}].area"), e.area.as_deref(), near, 0.6);
        push(
            format!("education[{i}].score"),
            e.score.as_deref(),
            near,
            0.6,
        );
        for (k, date) in [("startDate", &e.start_date), ("endDate", &e.end_date)] {
            let year = date.as_deref().map(|d| &d[..d.len().min(4)]);
            push(format!("education[{i}].{k}"), year, near, 0.7);
        }
    }
    for (i, s) in resume.skills.iter().enumerate() {
        push(format!("skills[{i}].name"), s.name.as_deref(), None, 0.6);
        for (k, kw) in s.keywords.iter().enumerate() {
            push(format!("skills[{i}].keywords[{k}]"), Some(kw), None, 0.8);
        }
    }
    for (i, l) in resume.languages.iter().enumerate() {
        push(
            format!("languages[{i}].language"),
            l.language.as_deref(),
            None,
            0.8,
        );
        push(
            format!("languages[{i}].fluency"),
            l.fluency.as_deref(),
            None,
            0.6,
        );
    }
    for (i, x) in resume.interests.iter().enumerate() {
        push(format!("interests[{i}].name"), x.name.as_deref(), None, 0.7);
    }
    for (i, x) in resume.certificates.iter().enumerate() {
        push(
            format!("certificates[{i}].name"),
            x.name.as_deref(),
            None,
            0.6,
        );
    }
    for (i, x) in resume.publications.iter().enumerate() {
        push(
            format!("publications[{i}].name"),
            x.name.as_deref(),
            None,
            0.6,
        );
    }
    for (i, x) in resume.awards.iter().enumerate() {
        push(format!("awards[{i}].title"), x.title.as_deref(), None, 0.6);
    }
    for (i, x) in resume.references.iter().enumerate() {
        push(
            format!("references[{i}].reference"),
            x.reference.as_deref(),
            None,
            0.6,
        );
    }
    for (i, x) in resume.projects.iter().enumerate() {
        push(format!("projects[{i}].name"), x.name.as_deref(), None, 0.6);
        push(
            format!("projects[{i}].description"),
            x.description.as_deref(),
            None,
            0.5,
        );
    }
    out
}

/// The JSON Resume paths of every field with a value, with the text a span
/// of it must hold (the dates as written for a date, the year for a bare
/// date): what [`fill`] gives a confidence and, where the text holds it, a
/// span.
pub fn field_paths(resume: &JsonResume, ext: &AtsExtension) -> Vec<(String, String)> {
    fields(resume, ext)
        .into_iter()
        .map(|f| (f.path, f.value))
        .collect()
}

/// Gives every field a confidence and, where the text holds it, a span.
pub fn fill(text: &str, resume: &JsonResume, ext: &mut AtsExtension) {
    let haystack = Haystack::new(text);
    for f in fields(resume, ext) {
        if !ext.spans.contains_key(&f.path)
            && let Some(span) = haystack.locate(&f.value, f.near)
        {
            ext.spans.insert(f.path.clone(), span);
        }
        ext.confidence.entry(f.path).or_insert(f.confidence);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_found_ignoring_case_and_white_space() {
        let text = "JANE  ROE\nBackend developer who\n  builds things.\n東京都　港区";
        let h = Haystack::new(text);
        let at = |v: &str| h.locate(v, None).map(|s| &text[s.start..s.end]);
        assert_eq!(at("Jane Roe"), Some("JANE  ROE"));
        assert_eq!(
            at("Backend developer who builds things."),
            Some("Backend developer who\n  builds things.")
        );
        assert_eq!(at("東京都 港区"), Some("東京都　港区"));
        assert_eq!(at("Acme"), None);
    }

    #[test]
    fn the_occurrence_nearest_the_entry_wins() {
        let text = "Google\n2019\n\nGoogle\n2021";
        let h = Haystack::new(text);
        let near = Span { start: 13, end: 24 };
        assert_eq!(h.locate("Google", Some(near)).map(|s| s.start), Some(13));
    }
}
