//! Contact entities: name, headline, email, phone (E.164 where the country
//! is knowable), links and profiles, location.

use super::lexicon::{self, letters, organisations, tokens};
use super::sections::{SectionKind, heading_of};
use super::{Line, Section, clean};
use crate::resume::{AtsExtension, Basics, JsonResume, Location, Profile};
use regex::Regex;
use std::sync::LazyLock;

static EMAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b[a-z0-9][a-z0-9._%+-]*@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}\b").unwrap()
});
static PHONE: LazyLock<Regex> =
    // Unicode hyphens (XeTeX's "70‐0349‐7668") count as the ASCII one.
    LazyLock::new(|| Regex::new(r"(?:\+|\b00)?\(?\d[\d\s().\-/‐‑]{5,}\d\b").unwrap());
static PHONE_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:tel|phone|mobile|mobil|handy|cell|telefon|téléphone|portable|fon)\b|☎|✆")
        .unwrap()
});
static URL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)\b(?:https?://|www\.)[^\s<>"'|,;]+|\b(?:linkedin\.com/in|github\.com|gitlab\.com|xing\.com/profile|twitter\.com|x\.com)/[^\s<>"'|,;]+"#).unwrap()
});
static BARE_DOMAIN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:[a-z0-9-]+\.)+(?:com|org|net|io|dev|me|de|fr|ch|at|uk|co|ai|app|info|page|site|tech|blog|eu|nl)(?:/[^\s]*)?$").unwrap()
});
static LABELLED_PROFILE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(linkedin|github|gitlab|xing|twitter|x|stackoverflow|stack overflow|medium|behance|dribbble|mastodon)\s*:\s*@?([\w.\-]+)$").unwrap()
});
static US_CITY_STATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^([A-Z][A-Za-z .'-]{1,40}),\s*(AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY)$").unwrap()
});
static STREET: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\p{Lu}[\p{L}.\- ]{2,40}\s\d{1,4}[a-z]?$|^\d{1,5}\s+\p{Lu}[\p{L}.\- ]{2,40}$")
        .unwrap()
});
static POSTCODE_CITY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[A-Z]{1,2}-)?(\d{4,5})\s+(\p{Lu}[\p{L}\- ]{1,40})$").unwrap()
});
static COUNTRY: &[(&str, &str)] = &[
    ("deutschland", "DE"),
    ("germany", "DE"),
    ("österreich", "AT"),
    ("austria", "AT"),
    ("schweiz", "CH"),
    ("switzerland", "CH"),
    ("france", "FR"),
    ("frankreich", "FR"),
    ("usa", "US"),
    ("united states", "US"),
    ("united kingdom", "GB"),
    ("uk", "GB"),
    ("india", "IN"),
    ("canada", "CA"),
    ("spain", "ES"),
    ("españa", "ES"),
    ("italy", "IT"),
    ("italia", "IT"),
    ("netherlands", "NL"),
    ("nederland", "NL"),
    ("belgium", "BE"),
    ("belgique", "BE"),
    ("suisse", "CH"),
    ("ireland", "IE"),
    ("poland", "PL"),
    ("polska", "PL"),
    ("sweden", "SE"),
    ("portugal", "PT"),
    ("australia", "AU"),
    ("brazil", "BR"),
    ("brasil", "BR"),
    ("mexico", "MX"),
    ("méxico", "MX"),
    ("japan", "JP"),
    ("china", "CN"),
    ("singapore", "SG"),
];

/// Words of contact fields and addresses, which a name never contains.
const FIELD_WORDS: &[&str] = &[
    // English
    "email",
    "e-mail",
    "phone",
    "tel",
    "mobile",
    "address",
    "street",
    "road",
    "avenue",
    "page",
    // German
    "telefon",
    "handy",
    "adresse",
    "anschrift",
    "straße",
    "strasse",
    "seite",
    // French
    "courriel",
    "téléphone",
    "portable",
    "rue",
];

/// Function words, which names do not contain (name particles such as
/// "de", "von", "van" are not among them).
const FUNCTION_WORDS: &[&str] = &[
    "the", "of", "and", "for", "with", "to", "und", "für", "mit", "et", "pour", "avec",
];

/// Whether a lower-cased word (dots dropped) rules out a name: a contact
/// field, a function word, a word of a letter (salutation, addressee,
/// document title), a country, a legal form, or an organisation noun of
/// six letters or more (shorter ones, such as "Park" or "Bank", are also
/// surnames).
fn not_in_names(word: &str) -> bool {
    FIELD_WORDS.contains(&word)
        || FUNCTION_WORDS.contains(&word)
        || letters::SALUTATIONS.contains(&word)
        || letters::ADDRESSEE.contains(&word)
        || letters::DOCUMENT_TITLES.contains(&word)
        || COUNTRY.iter().any(|(name, _)| *name == word)
        || organisations::is_legal_form(word)
        || (organisations::is_organisation_word(word) && word.chars().count() >= 6)
}

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

fn title_case(s: &str) -> String {
    s.split(' ')
        .map(|w| {
            let mut out = String::new();
            for (i, part) in w.split('-').enumerate() {
                if i > 0 {
                    out.push('-');
                }
                let mut chars = part.chars();
                if let Some(first) = chars.next() {
                    out.extend(first.to_uppercase());
                    // The string's lower case, which knows the Greek final
                    // sigma ("ΝΊΚΟΣ" → "Νίκος").
                    out.push_str(&chars.as_str().to_lowercase());
                }
            }
            out
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A cell that reads as a person's name.
fn as_name(cell: &str) -> Option<String> {
    let cell = clean(cell);
    let cell = cell
        .strip_prefix("Name:")
        .or_else(|| cell.strip_prefix("Name :"))
        .unwrap_or(cell)
        .trim();
    if cell.len() > 48 || heading_of(cell).is_some() {
        return None;
    }
    let words: Vec<&str> = cell.split_whitespace().collect();
    if !(2..=4).contains(&words.len()) {
        return None;
    }
    let honorific = tokens(words[0]);
    if honorific
        .first()
        .is_some_and(|h| letters::HONORIFICS.contains(&h.as_str()))
        || letters::is_closing(&cell.to_lowercase())
    {
        return None;
    }
    for (i, w) in words.iter().enumerate() {
        // Particles inside a name ("Niklas von Ahlen", "Ana de la Cruz").
        if i > 0 && i + 1 < words.len() && NAME_PARTICLES.contains(w) {
            continue;
        }
        if tokens(w).iter().any(|t| not_in_names(t)) {
            return None;
        }
        let first = w.chars().next()?;
        if !first.is_uppercase() {
            return None;
        }
        if !w
            .chars()
            .all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '’' | '.'))
        {
            return None;
        }
    }
    let letters: Vec<char> = cell.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.len() < 4 {
        return None;
    }
    let all_caps = letters.iter().all(|c| c.is_uppercase());
    Some(if all_caps {
        title_case(cell)
    } else {
        cell.to_owned()
    })
}

fn matches_email(name: &str, email: &str) -> bool {
    // Letters as an address writes them: "Søren Østergaard" is
    // soren.ostergaard, "Jürgen" juergen or jurgen.
    let local: String = deunicode::deunicode(email.split('@').next().unwrap_or_default())
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect::<String>()
        .to_lowercase();
    let words: Vec<String> = name
        .split_whitespace()
        .map(|w| {
            deunicode::deunicode(w)
                .chars()
                .filter(|c| c.is_alphabetic())
                .collect::<String>()
                .to_lowercase()
        })
        .filter(|w| w.len() > 1)
        .collect();
    let Some(last) = words.last() else {
        return false;
    };
    // jane.doe, janedoe, jdoe, doe.jane; or the first name alone.
    local.contains(last.as_str())
        || words
            .first()
            .is_some_and(|f| f.len() > 2 && local.contains(f.as_str()))
}

/// Lower-case particles of family names.
const NAME_PARTICLES: &[&str] = &[
    "von", "van", "vom", "zu", "der", "den", "de", "del", "della", "di", "da", "do", "dos", "du",
    "la", "le", "ter", "ten", "bin", "al", "y",
];

/// Labels a form puts before the name.
const NAME_LABELS: &[&str] = &[
    "氏名",
    "姓名",
    "名前",
    "お名前",
    "name",
    "full name",
    "nombre",
    "nombre completo",
    "nom",
    "nom complet",
];

/// A Chinese or Japanese name: two to eight characters of Han script or
/// kana with at least one Han character, in at most three parts ("田中 花子",
/// "张伟"), naming no organisation or role.
fn as_cjk_name(cell: &str) -> Option<String> {
    let cell = clean(cell);
    let letters: Vec<char> = cell.chars().filter(|c| !c.is_whitespace()).collect();
    let han = |c: &char| matches!(*c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF);
    let ok = (2..=8).contains(&letters.len())
        && cell.split_whitespace().count() <= 3
        && letters.iter().all(|c| lexicon::is_cjk(*c))
        && letters.iter().any(han)
        && heading_of(cell).is_none()
        // "東京都", "福岡市": a place, not a name.
        && !(cell.split_whitespace().count() == 1
            && cell.ends_with(['都', '道', '府', '県', '市', '区', '省']))
        && tokens(cell)
            .iter()
            .all(|t| !organisations::is_organisation_word(t) && !lexicon::titles::is_title_word(t));
    ok.then(|| cell.to_owned())
}

/// Whether a Chinese or Japanese name, read in Latin letters (deunicode:
/// pinyin for Han characters, romaji for kana), is what the e-mail
/// address's local part spells ("欧阳雪" / ouyangxue24@…): the whole
/// reading, or its last word of three or more letters (a given name in
/// kana: "加藤ゆい" / kato.yui@…).
fn reads_as_email(name: &str, email: &str) -> bool {
    let local: String = email
        .split('@')
        .next()
        .unwrap_or_default()
        .chars()
        .filter(char::is_ascii_alphabetic)
        .collect::<String>()
        .to_lowercase();
    let reading = deunicode::deunicode(name).to_lowercase();
    let words: Vec<String> = reading
        .split_whitespace()
        .map(|w| w.chars().filter(char::is_ascii_alphabetic).collect())
        .filter(|w: &String| !w.is_empty())
        .collect();
    let whole: String = words.concat();
    (words.len() >= 2 && whole.len() >= 4 && local.contains(&whole))
        || words
            .last()
            .is_some_and(|w| w.len() >= 3 && has_kana(name) && local.contains(w.as_str()))
}

/// Labels of the position a Chinese or Japanese resume applies for, set
/// on the line under the name ("希望職種：…", "求职意向：…").
const HEADLINE_LABELS: &[&str] = &[
    "希望職種",
    "志望職種",
    "応募職種",
    "求职意向",
    "应聘职位",
    "应聘岗位",
    "意向职位",
];

/// A Chinese or Japanese name found by how it is set, where no e-mail
/// reading confirms it (kanji have no reading without a dictionary): a
/// name alone on the line over the applied-for position ("佐藤花子" /
/// "希望職種：…"), or, near the top, a family and a given name of Han
/// characters parted by a space ("田中 太郎").
fn cjk_name_by_shape<'a>(lines: &[&'a Line<'a>]) -> Option<(String, &'a Line<'a>, f32)> {
    let alone = |line: &Line<'_>| match line.cells()[..] {
        [cell] => as_cjk_name(cell),
        _ => None,
    };
    let over_headline = lines.windows(2).take(80).find_map(|pair| {
        let next = clean(pair[1].text);
        HEADLINE_LABELS
            .iter()
            .any(|l| next.starts_with(l))
            .then(|| alone(pair[0]))
            .flatten()
            .map(|name| (name, pair[0], 0.7))
    });
    over_headline.or_else(|| {
        let han = |t: &str| {
            t.chars()
                .all(|c| matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF))
        };
        lines.iter().take(80).find_map(|line| {
            let name = alone(line)?;
            let parts: Vec<&str> = name.split_whitespace().collect();
            let shaped = matches!(parts.as_slice(), [family, given]
                if han(family) && han(given)
                    && (1..=2).contains(&family.chars().count())
                    && (1..=3).contains(&given.chars().count()));
            shaped.then_some((name, *line, 0.6))
        })
    })
}

fn has_kana(s: &str) -> bool {
    s.chars().any(|c| matches!(c as u32, 0x3040..=0x30FF))
}

/// The name a form gives after its label ("氏名 | 田中 花子", "氏名" over
/// the name, "Nombre: …").
fn labelled_name<'a>(lines: &[&'a Line<'a>]) -> Option<(String, &'a Line<'a>, f32)> {
    let is_label = |cell: &str| {
        let cell = clean(cell)
            .trim_end_matches([':', '：'])
            .trim()
            .to_lowercase();
        NAME_LABELS.contains(&cell.as_str())
    };
    let name = |cell: &str| as_cjk_name(cell).or_else(|| as_name(cell));
    for (i, line) in lines.iter().take(60).enumerate() {
        let cells = line.cells();
        let Some(first) = cells.first() else { continue };
        // "Name: Jane Doe" and "氏名：田中 花子" in one cell.
        let (label, rest) = match first.split_once([':', '：']) {
            Some((l, r)) if !r.trim().is_empty() => (l, Some(r)),
            _ => (*first, None),
        };
        if !is_label(label) {
            continue;
        }
        if let Some(found) = rest
            .and_then(name)
            .or_else(|| cells.get(1).and_then(|c| name(c)))
        {
            return Some((found, line, 0.9));
        }
        if let Some(next) = lines.get(i + 1)
            && let Some(found) = next.cells().first().and_then(|c| name(c))
        {
            return Some((found, next, 0.9));
        }
    }
    None
}

fn find_name<'a>(
    lines: &[&'a Line<'a>],
    email: Option<&str>,
) -> Option<(String, &'a Line<'a>, f32)> {
    if let Some(found) = labelled_name(lines) {
        return Some(found);
    }
    // A Chinese or Japanese name alone on the document's first line, or
    // on the line after a dated one ("最終更新 2025 年 6 月" over the name).
    let first = lines
        .iter()
        .take(2)
        .find(|l| !l.text.chars().any(|c| c.is_ascii_digit()));
    if let Some(first) = first
        && let [cell] = first.cells().as_slice()
        // An icon marks a contact detail (a place), never the name.
        && !cell.trim_start().starts_with(super::is_icon)
        && let Some(name) = as_cjk_name(cell)
    {
        return Some((name, first, 0.7));
    }
    // A Chinese or Japanese name elsewhere near the top whose reading is
    // the e-mail address's ("王芳" / wang.fang@…).
    if let Some(email) = email {
        for line in lines.iter().take(20) {
            for cell in line.cells() {
                if let Some(name) = as_cjk_name(cell).filter(|n| reads_as_email(n, email)) {
                    return Some((name, line, 0.9));
                }
            }
        }
    }
    let mut best: Option<(f32, String, &Line<'_>, f32)> = None;
    for (i, line) in lines.iter().take(60).enumerate() {
        for (c, cell) in line.cells().iter().enumerate() {
            let Some(name) = as_name(cell) else { continue };
            let mut score = 1.0 - i as f32 * 0.02 - c as f32 * 0.05;
            let mut confidence = 0.5;
            if email.is_some_and(|e| matches_email(&name, e)) {
                score += 3.0;
                confidence = 0.95;
            }
            if i == 0 {
                score += 1.0;
                confidence = f32::max(confidence, 0.8);
            }
            let repeats = lines.iter().filter(|l| l.text.contains(&name[..])).count() as f32;
            score += (repeats - 1.0).clamp(0.0, 2.0) * 0.5;
            if best.as_ref().is_none_or(|b| score > b.0) {
                best = Some((score, name, line, confidence));
            }
        }
    }
    best.map(|(_, name, line, confidence)| (name, line, confidence))
}

/// The headline right under the name ("Business Woman & Proud Geek").
fn read_label(
    lines: &[&Line<'_>],
    name_line: &Line<'_>,
    basics: &mut Basics,
    ext: &mut AtsExtension,
) {
    let Some(pos) = lines.iter().position(|l| l.start == name_line.start) else {
        return;
    };
    if name_line.cells().len() > 1 {
        return;
    }
    let Some(next) = lines.get(pos + 1) else {
        return;
    };
    let cells = next.cells();
    let [cell] = cells.as_slice() else { return };
    let cell = clean(cell);
    let words = cell.split_whitespace().count();
    if (2..=8).contains(&words)
        && !cell
            .chars()
            .any(|c| c.is_ascii_digit() || matches!(c, '@' | '/' | ':'))
        && !cell.contains('.')
        && cell.chars().next().is_some_and(char::is_uppercase)
        && (as_name(cell).is_none() || crate::structure::experience::title_score(cell) > 0)
    {
        basics.label = Some(cell.to_owned());
        ext.confidence.insert("basics.label".into(), 0.6);
    }
}

fn read_location(
    lines: &[&Line<'_>],
    name_line: Option<&Line<'_>>,
    basics: &mut Basics,
    ext: &mut AtsExtension,
) {
    // Search near the name first (the sender block of a letter), then the
    // whole contact area.
    let start = name_line
        .and_then(|n| lines.iter().position(|l| l.start == n.start))
        .unwrap_or(0);
    let order: Vec<&Line<'_>> = lines[start..]
        .iter()
        .take(8)
        .chain(lines.iter().take(15))
        .copied()
        .collect();
    for (i, line) in order.iter().enumerate() {
        for cell in line.cells() {
            let cell = without_place_label(clean(cell));
            if let Some(c) = US_CITY_STATE.captures(cell) {
                basics.location = Some(Location {
                    address: Some(cell.to_owned()),
                    city: Some(c[1].trim().to_owned()),
                    region: Some(c[2].to_owned()),
                    country_code: Some("US".into()),
                    ..Location::default()
                });
                ext.confidence.insert("basics.location".into(), 0.8);
                return;
            }
            // "Paris, France", "München, Deutschland"
            if let Some((city, country)) = cell.rsplit_once(", ") {
                let code = COUNTRY
                    .iter()
                    .find(|(n, _)| *n == country.trim().to_lowercase())
                    .map(|(_, c)| *c);
                let city_like = city.split_whitespace().count() <= 3
                    && city.chars().next().is_some_and(char::is_uppercase)
                    && !city.chars().any(|c| c.is_ascii_digit());
                if let (Some(code), true) = (code, city_like) {
                    basics.location = Some(Location {
                        address: Some(cell.to_owned()),
                        city: Some(city.trim().to_owned()),
                        country_code: Some(code.to_owned()),
                        ..Location::default()
                    });
                    ext.confidence.insert("basics.location".into(), 0.8);
                    return;
                }
            }
            if STREET.is_match(cell) {
                // street, then postcode + city, then maybe the country
                let next = |k: usize| {
                    order
                        .get(i + k)
                        .and_then(|l| l.cells().first().map(|c| clean(c).to_owned()))
                };
                if let Some(pc) = next(1).filter(|c| POSTCODE_CITY.is_match(c)) {
                    let caps = POSTCODE_CITY.captures(&pc).unwrap();
                    let mut parts = vec![cell.to_owned(), pc.clone()];
                    let mut country_code = None;
                    if let Some(country) = next(2).and_then(|c| {
                        COUNTRY
                            .iter()
                            .find(|(n, _)| *n == c.to_lowercase())
                            .map(|(_, code)| (c.clone(), *code))
                    }) {
                        parts.push(country.0);
                        country_code = Some(country.1.to_owned());
                    }
                    basics.location = Some(Location {
                        address: Some(parts.join(", ")),
                        postal_code: Some(caps[1].to_owned()),
                        city: Some(caps[2].trim().to_owned()),
                        country_code,
                        ..Location::default()
                    });
                    ext.confidence.insert("basics.location".into(), 0.8);
                    return;
                }
            }
        }
    }
    if let Some(address) = address_line(lines) {
        basics.location = Some(Location {
            address: Some(address),
            ..Location::default()
        });
        ext.confidence.insert("basics.location".into(), 0.6);
    }
}

/// A cell without its "Location:" / "Adresse :" label, in any case.
fn without_place_label(cell: &str) -> &str {
    const LABELS: &[&str] = &[
        "location",
        "address",
        "adresse",
        "anschrift",
        "wohnort",
        "ort",
        "lieu",
        "ubicación",
        "dirección",
    ];
    if let Some((label, rest)) = cell.split_once(':')
        && LABELS.contains(&label.trim().to_lowercase().as_str())
    {
        return rest.trim();
    }
    cell.trim()
}

/// Words of a street address, by language.
const STREET_WORDS: &[&str] = &[
    "street",
    "st",
    "avenue",
    "ave",
    "road",
    "rd",
    "lane",
    "drive",
    "boulevard",
    "blvd",
    "apt",
    "suite",
    "straße",
    "strasse",
    "str",
    "weg",
    "platz",
    "gasse",
    "allee",
    "rue",
    "boulevard",
    "chemin",
    "impasse",
    "calle",
    "avenida",
    "av",
    "carrera",
    "colonia",
    "plaza",
    "paseo",
    "camino",
    "via",
    "rua",
];

/// Labels before an address ("現住所", "Adresse:").
const ADDRESS_LABELS: &[&str] = &[
    "現住所",
    "住所",
    "地址",
    "address",
    "adresse",
    "anschrift",
    "dirección",
    "domicilio",
];

/// A postal address written on one line of the contact area: a street
/// word and a number ("17 Prime Avenue, Apt 37, Springfield, …",
/// "Avenida Alcanfores y San Juan, … 53150"), or a Japanese postal mark
/// ("〒150-0001", with the rest of the address on the next line when the
/// line holds nothing else); or a country named alone.
fn address_line(lines: &[&Line<'_>]) -> Option<String> {
    for (i, line) in lines.iter().take(15).enumerate() {
        // Icons (private-use glyphs) are not part of the address.
        let cells: Vec<&str> = line
            .cells()
            .into_iter()
            .map(clean)
            .filter(|c| c.chars().any(char::is_alphanumeric))
            .collect();
        let mut text = cells.join(", ");
        for label in ADDRESS_LABELS {
            if text.to_lowercase().starts_with(label) && text.is_char_boundary(label.len()) {
                text = text[label.len()..]
                    .trim_start_matches([':', '：', ' '])
                    .to_owned();
            }
        }
        if text.contains('@') || URL.is_match(&text) || PHONE_LABEL.is_match(&text) {
            continue;
        }
        if let Some(at) = text.find('〒') {
            let mut address = text[at..].trim().to_owned();
            let postal_only = address
                .chars()
                .skip(1)
                .all(|c| c.is_ascii_digit() || c == '-' || c == ' ');
            if postal_only
                && let Some(next) = lines
                    .get(i + 1)
                    .and_then(|l| l.cells().first().map(|c| clean(c).to_owned()))
            {
                address = format!("{address} {next}");
            }
            return Some(address);
        }
        let words = tokens(&text);
        let street = words.iter().any(|w| STREET_WORDS.contains(&w.as_str()));
        let numbered = text.chars().any(|c| c.is_ascii_digit());
        if street && numbered && text.len() <= 120 && words.len() >= 3 {
            return Some(text);
        }
        if let [one] = cells.as_slice()
            && COUNTRY.iter().any(|(name, _)| *name == one.to_lowercase())
        {
            return Some((*one).to_owned());
        }
    }
    None
}

fn find_phone(lines: &[&Line<'_>]) -> Option<(String, crate::resume::Span, bool)> {
    let mut fallback = None;
    for line in lines {
        for m in PHONE.find_iter(line.text) {
            let raw = m.as_str().trim();
            let digits = raw.chars().filter(char::is_ascii_digit).count();
            if !(7..=15).contains(&digits) || looks_like_dates(raw) {
                continue;
            }
            let span = crate::resume::Span {
                start: line.start + m.start(),
                end: line.start + m.end(),
            };
            let labelled = PHONE_LABEL.is_match(line.text) || raw.starts_with('+');
            if labelled {
                return Some((raw.to_owned(), span, true));
            }
            fallback.get_or_insert((raw.to_owned(), span, false));
        }
    }
    fallback
}

fn looks_like_dates(s: &str) -> bool {
    static RANGE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(?:\d{1,2}[/.])?(?:19|20)\d{2}\s*[-/–]\s*(?:\d{1,2}[/.])?(?:19|20)\d{2}$")
            .unwrap()
    });
    RANGE.is_match(s.trim())
}

fn country_hint(sections: &[Section<'_>], basics: &Basics) -> Option<phonenumber::country::Id> {
    use phonenumber::country::Id;
    if let Some(code) = basics
        .location
        .as_ref()
        .and_then(|l| l.country_code.as_deref())
    {
        return code.parse().ok();
    }
    let text: String = sections
        .iter()
        .flat_map(|s| std::iter::once(s.heading.as_str()).chain(s.lines.iter().map(|l| l.text)))
        .take(200)
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    let german = [
        "lebenslauf",
        " und ",
        "straße",
        "deutschland",
        "berufserfahrung",
        "kenntnisse",
    ]
    .iter()
    .filter(|w| text.contains(*w))
    .count();
    let french = [" et ", "expérience", "compétences", "formation", "langues"]
        .iter()
        .filter(|w| text.contains(*w))
        .count();
    if german >= 2 {
        Some(Id::DE)
    } else if french >= 3 {
        Some(Id::FR)
    } else {
        None
    }
}

/// E.164 when the number is valid for its (written or inferred) country;
/// otherwise the number exactly as written.
fn normalise_phone(raw: &str, country: Option<phonenumber::country::Id>) -> (String, bool) {
    let raw = raw.trim();
    let international = raw.starts_with('+') || raw.starts_with("00");
    let hint = if international { None } else { country };
    let ascii = raw.replace(['\u{2010}', '\u{2011}'], "-");
    if (international || hint.is_some())
        && let Ok(number) = phonenumber::parse(hint, &ascii)
        && phonenumber::is_valid(&number)
    {
        return (
            number.format().mode(phonenumber::Mode::E164).to_string(),
            true,
        );
    }
    (raw.to_owned(), false)
}

fn network_of(url: &str) -> Option<&'static str> {
    let lower = url.to_lowercase();
    [
        ("linkedin.com", "LinkedIn"),
        ("github.com", "GitHub"),
        ("gitlab.com", "GitLab"),
        ("xing.com", "XING"),
        ("twitter.com", "Twitter"),
        ("x.com/", "X"),
        ("stackoverflow.com", "Stack Overflow"),
        ("medium.com", "Medium"),
        ("behance.net", "Behance"),
        ("dribbble.com", "Dribbble"),
    ]
    .iter()
    .find(|(host, _)| lower.contains(host))
    .map(|(_, n)| *n)
}

fn username_of(url: &str) -> Option<String> {
    url.trim_end_matches('/')
        .rsplit('/')
        .next()
        .filter(|u| !u.is_empty() && !u.contains('.'))
        .map(|u| u.trim_start_matches('@').to_owned())
}

fn read_links(lines: &[&Line<'_>], annotation_links: &[String], basics: &mut Basics) {
    let mut urls: Vec<String> = Vec::new();
    for line in lines {
        for cell in line.cells() {
            let cell = clean(cell);
            if let Some(c) = LABELLED_PROFILE.captures(cell) {
                let network = match c[1].to_lowercase().as_str() {
                    "linkedin" => "LinkedIn",
                    "github" => "GitHub",
                    "gitlab" => "GitLab",
                    "xing" => "XING",
                    "twitter" | "x" => "Twitter",
                    "medium" => "Medium",
                    "behance" => "Behance",
                    "dribbble" => "Dribbble",
                    "mastodon" => "Mastodon",
                    _ => "Stack Overflow",
                };
                push_profile(basics, network, Some(c[2].to_owned()), None);
                continue;
            }
            for m in URL.find_iter(cell) {
                urls.push(m.as_str().trim_end_matches(['.', ')']).to_owned());
            }
            if !cell.contains('@') && BARE_DOMAIN.is_match(cell) {
                urls.push(cell.to_owned());
            }
        }
    }
    urls.extend(
        annotation_links
            .iter()
            .filter(|l| l.starts_with("http"))
            .cloned(),
    );
    for url in urls {
        let full = if url.starts_with("http") {
            url.clone()
        } else {
            format!("https://{url}")
        };
        if let Some(network) = network_of(&full) {
            let username = username_of(&full);
            push_profile(basics, network, username, Some(full));
        } else if basics.url.is_none() {
            basics.url = Some(full);
        }
    }
}

fn push_profile(basics: &mut Basics, network: &str, username: Option<String>, url: Option<String>) {
    if let Some(existing) = basics
        .profiles
        .iter_mut()
        .find(|p| p.network.as_deref() == Some(network))
    {
        if existing.url.is_none() {
            existing.url = url;
        }
        if existing.username.is_none() {
            existing.username = username;
        }
        return;
    }
    basics.profiles.push(Profile {
        network: Some(network.to_owned()),
        username,
        url,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<Line<'_>> {
        crate::structure::lines_for_test(text)
    }

    #[test]
    fn a_form_gives_the_name_after_its_label() {
        for (text, name) in [
            (
                "ふりがな   たなか はなこ\n氏名        3. 注記\n      田中 花子\n",
                "田中 花子",
            ),
            ("姓名：张伟\n电话：13800000000\n", "张伟"),
            ("Nombre:   José Arango\n", "José Arango"),
        ] {
            let all = lines(text);
            let refs: Vec<&Line<'_>> = all.iter().collect();
            let found = find_name(&refs, None).map(|f| f.0);
            assert_eq!(found.as_deref(), Some(name), "{text}");
        }
        // Without a label a short line of Han characters is not a name.
        let all = lines("東京都\n学歴\n");
        let refs: Vec<&Line<'_>> = all.iter().collect();
        assert!(find_name(&refs, None).is_none());
    }

    #[test]
    fn chinese_and_japanese_names_by_how_they_are_set() {
        for (text, name) in [
            (
                "基本情報\n横浜市\n趣味\n登山\n佐藤花子\n希望職種：エンジニア\n",
                "佐藤花子",
            ),
            ("語学\n日本語: 母国語\n田中 太郎\n経歴\n", "田中 太郎"),
        ] {
            let all = lines(text);
            let refs: Vec<&Line<'_>> = all.iter().collect();
            assert_eq!(
                cjk_name_by_shape(&refs).map(|f| f.0).as_deref(),
                Some(name),
                "{text}"
            );
        }
        // Two skills parted by a space are too long for a name; a place
        // alone is no name.
        let all = lines("技能\n机器学习 分布式系统\n深圳\n");
        let refs: Vec<&Line<'_>> = all.iter().collect();
        assert!(cjk_name_by_shape(&refs).is_none());
        // A Greek name in capitals keeps its final sigma.
        assert_eq!(
            as_name("ΝΊΚΟΣ ΠΑΠΑΔΌΠΟΥΛΟΣ").as_deref(),
            Some("Νίκος Παπαδόπουλος")
        );
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

    #[test]
    fn phones_with_unicode_hyphens() {
        let all = lines("電話：+81 70‐0349‐7668 メール：kenta.ito@example.com\n");
        let refs: Vec<&Line<'_>> = all.iter().collect();
        let (raw, _, _) = find_phone(&refs).expect("phone");
        assert_eq!(raw.trim(), "+81 70‐0349‐7668");
    }

    #[test]
    fn names_are_not_addressees_or_companies() {
        assert_eq!(as_name("JANE Q DOE").as_deref(), Some("Jane Q Doe"));
        assert_eq!(
            as_name("Jean-Luc O'Neill").as_deref(),
            Some("Jean-Luc O'Neill")
        );
        // Surnames that are also short organisation nouns stay names.
        assert_eq!(as_name("Grace Park").as_deref(), Some("Grace Park"));
        for not_a_name in [
            "Herr Dr. Max Beispiel",
            "Mme Claire Exemple",
            "Ms. Jane Roe",
            "Beispiel GmbH",
            "Exemple SARL",
            "Example University",
            "Dear Hiring Manager",
            "Sehr geehrte Damen",
            "Service Ressources Humaines",
            "Kind Regards",
            "Mit freundlichen Grüßen",
            "Curriculum Vitae",
            "Lettre de motivation",
        ] {
            assert_eq!(as_name(not_a_name), None, "{not_a_name}");
        }
        assert!(matches_email(
            "Erika Beispiel",
            "erika.beispiel@example.org"
        ));
        assert!(matches_email("John Roe", "jroe@example.com"));
        assert!(!matches_email("John Roe", "info@example.com"));
    }

    #[test]
    fn phones_normalise_only_when_the_country_is_known() {
        use phonenumber::country::Id;
        assert_eq!(
            normalise_phone("030 1234567", Some(Id::DE)).0,
            "+49301234567"
        );
        assert_eq!(
            normalise_phone("0151 23456789", Some(Id::DE)).0,
            "+4915123456789"
        );
        // Too short for a German mobile number: kept as written, not guessed.
        assert_eq!(
            normalise_phone("0151 234567", Some(Id::DE)),
            ("0151 234567".into(), false)
        );
        assert_eq!(normalise_phone("+1 (415) 555-2671", None).0, "+14155552671");
        assert_eq!(
            normalise_phone("000-000-0000", None),
            ("000-000-0000".into(), false)
        );
    }
}
