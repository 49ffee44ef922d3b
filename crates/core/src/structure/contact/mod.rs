//! Contact entities: name, headline, email, phone (E.164 where the country
//! is knowable), links and profiles, location.

use super::sections::SectionKind;
use super::{Line, Section, clean};
use crate::resume::{AtsExtension, JsonResume};
use regex::Regex;
use std::sync::LazyLock;

mod links;
mod name;
mod phone;
mod place;

use links::*;
use name::*;
use phone::*;
use place::*;

static EMAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b[a-z0-9][a-z0-9._%+-]*@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}\b").unwrap()
});
pub fn read(
    sections: &[Section<'_>],
    links: &[String],
    resume: &mut JsonResume,
    ext: &mut AtsExtension,
) {
    let contact_lines: Vec<&Line<'_>> = sections
        .iter()
        .filter(|s| matches!(s.kind, SectionKind::Header | SectionKind::Contact))
        .flat_map(|s| s.lines.iter())
        .collect();
    let trusted_lines: Vec<&Line<'_>> = sections
        .iter()
        .filter(|s| {
            !matches!(
                s.kind,
                SectionKind::References | SectionKind::Publications | SectionKind::Other
            )
        })
        .flat_map(|s| s.lines.iter())
        .collect();
    let basics = &mut resume.basics;

    // Email: contact area first, then anywhere but references/publications,
    // then the PDF's mailto: links.
    let email = wrapped_email(&contact_lines)
        .or_else(|| first_match(&contact_lines, &EMAIL))
        .or_else(|| wrapped_email(&trusted_lines))
        .or_else(|| first_match(&trusted_lines, &EMAIL))
        .map(|(m, span)| (m.to_lowercase(), Some(span)))
        .or_else(|| {
            links
                .iter()
                .find_map(|l| l.strip_prefix("mailto:"))
                .map(|m| (m.split('?').next().unwrap_or(m).to_lowercase(), None))
        });
    if let Some((email, span)) = email {
        ext.confidence.insert("basics.email".into(), 0.95);
        if let Some(span) = span {
            ext.spans.insert("basics.email".into(), span);
        }
        basics.email = Some(email);
    }

    // Name: in the contact area; failing that, anywhere near the top when
    // it matches the e-mail (a sidebar read after the main column).
    let all_lines: Vec<&Line<'_>> = sections.iter().flat_map(|s| s.lines.iter()).collect();
    let found = find_name(&contact_lines, basics.email.as_deref())
        .or_else(|| {
            let email = basics.email.as_deref()?;
            all_lines.iter().take(80).find_map(|line| {
                let [cell] = line.cells()[..] else {
                    return None;
                };
                let name = as_name(cell)
                    .filter(|n| matches_email(n, email))
                    .or_else(|| as_cjk_name(cell).filter(|n| reads_as_email(n, email)))?;
                Some((name, *line, 0.8))
            })
        })
        .or_else(|| cjk_name_by_shape(&all_lines));
    if let Some((name, line, confidence)) = found {
        ext.confidence.insert("basics.name".into(), confidence);
        basics.name = Some(name);
        read_label(&contact_lines, line, basics, ext);
        read_location(&contact_lines, Some(line), basics, ext);
    } else {
        read_location(&contact_lines, None, basics, ext);
    }

    // Phone.
    let country = country_hint(sections, basics);
    if let Some((raw, span, labelled)) = find_phone(&contact_lines)
        .or_else(|| {
            links
                .iter()
                .find_map(|l| l.strip_prefix("tel:"))
                .map(|t| (t.to_owned(), crate::resume::Span::default(), true))
        })
        .or_else(|| {
            // A sidebar's "About" block read as a summary: a line near the
            // top that is nothing but a phone number.
            let alone: Vec<&Line<'_>> = sections
                .iter()
                .flat_map(|s| s.lines.iter())
                .take(60)
                .filter(|l| {
                    let text = clean(l.text);
                    PHONE
                        .find(text)
                        .is_some_and(|m| m.start() == 0 && m.end() == text.len())
                })
                .collect();
            find_phone(&alone)
        })
    {
        let (phone, normalised) = normalise_phone(&raw, country);
        ext.confidence.insert(
            "basics.phone".into(),
            match (labelled, normalised) {
                (true, true) => 0.95,
                (true, false) | (false, true) => 0.8,
                (false, false) => 0.6,
            },
        );
        if span.end > 0 {
            ext.spans.insert("basics.phone".into(), span);
        }
        if normalised && phone != raw {
            ext.phone_as_written = Some(raw.trim().to_owned());
        }
        basics.phone = Some(phone);
    }

    read_links(&contact_lines, links, basics);
}

fn first_match(lines: &[&Line<'_>], re: &Regex) -> Option<(String, crate::resume::Span)> {
    lines.iter().find_map(|l| {
        re.find(l.text).map(|m| {
            (
                m.as_str().to_owned(),
                crate::resume::Span {
                    start: l.start + m.start(),
                    end: l.start + m.end(),
                },
            )
        })
    })
}

/// Top-level domains an address may end with; a narrow cell that wraps
/// an address leaves a first line ending short of one ("…@example." /
/// "org", "…@mail.exampl" / "e.com").
const TOP_LEVEL_DOMAINS: &[&str] = &[
    "com", "org", "net", "edu", "gov", "io", "dev", "ai", "app", "info", "me", "co", "uk", "de",
    "fr", "es", "it", "nl", "be", "ch", "at", "se", "no", "dk", "fi", "pl", "pt", "ie", "eu", "us",
    "ca", "mx", "ar", "br", "cl", "jp", "cn", "kr", "in", "au", "nz", "ru", "tw", "hk", "sg",
];

/// An e-mail address wrapped at the end of a cell onto the next line's
/// cell in the same place, with its span over both.
fn wrapped_email(lines: &[&Line<'_>]) -> Option<(String, crate::resume::Span)> {
    static START: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?i)[a-z0-9][a-z0-9._%+-]*@[a-z0-9.-]*$").unwrap());
    static REST: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)^[a-z0-9.-]{1,24}$").unwrap());
    let tld = |address: &str| {
        let domain = address.rsplit_once('@').map_or("", |(_, d)| d);
        domain.contains('.')
            && TOP_LEVEL_DOMAINS.contains(
                &domain
                    .rsplit('.')
                    .next()
                    .unwrap_or_default()
                    .to_lowercase()
                    .as_str(),
            )
    };
    for pair in lines.windows(2) {
        let (cells, next) = (pair[0].cells(), pair[1].cells());
        for (i, cell) in cells.iter().enumerate() {
            let Some(m) = START.find(cell) else { continue };
            let Some(rest) = next.get(i).or(next.first()).filter(|c| REST.is_match(c)) else {
                continue;
            };
            let head = m.as_str();
            let joined = format!("{head}{rest}");
            let whole = EMAIL.find(&joined).is_some_and(|e| e.len() == joined.len());
            if whole && tld(&joined) && (!tld(head) || head.ends_with('.')) {
                let start = pair[0].start
                    + (cell.as_ptr() as usize - pair[0].text.as_ptr() as usize)
                    + m.start();
                let end = pair[1].start
                    + (rest.as_ptr() as usize - pair[1].text.as_ptr() as usize)
                    + rest.len();
                return Some((joined, crate::resume::Span { start, end }));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<Line<'_>> {
        crate::structure::lines_for_test(text)
    }

    #[test]
    fn e_mail_addresses_wrapped_in_a_narrow_cell() {
        for (text, address) in [
            (
                "niklas.vonahlen@example.\t0664 7586705\norg\n",
                "niklas.vonahlen@example.org",
            ),
            (
                "taro.tanaka@mail.exampl\ne.com\n",
                "taro.tanaka@mail.example.com",
            ),
            ("soren@post.example.or\ng\n", "soren@post.example.org"),
        ] {
            let all = lines(text);
            let refs: Vec<&Line<'_>> = all.iter().collect();
            let (found, span) = wrapped_email(&refs).expect(text);
            assert_eq!(found, address);
            assert_eq!(&text[span.start..span.start + 5], &address[..5]);
        }
        // A whole address before another line is not extended.
        let all = lines("jane@example.com\ngithub\n");
        let refs: Vec<&Line<'_>> = all.iter().collect();
        assert!(wrapped_email(&refs).is_none());
    }
}
