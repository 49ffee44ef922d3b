//! Which header piece of an entry is the title, which the organisation and
//! which the place. Pieces are scored with the job-title vocabulary and the
//! organisation-name shapes of `lexicon`.

use crate::structure::lexicon::organisations::{
    ends_in_legal_form, is_organisation_word, is_unit_word,
};
use crate::structure::lexicon::titles::is_title_word;
use crate::structure::lexicon::tokens;
use crate::structure::lexicon::{has_cjk, is_cjk};
use regex::Regex;
use std::sync::LazyLock;

/// Words that join a title to its organisation in one piece ("Engineer at
/// Acme", "Ingenieurin bei Beispiel GmbH", "Développeuse chez Exemple").
const AT: &[&str] = &[" at ", " @ ", " bei ", " chez "];

/// Separators between a title and an organisation written in one piece.
const SEPARATORS: &[&str] = &[" | ", " – ", " — ", " - ", ", "];

/// Positive for a title, negative for an organisation: two points for each
/// role word and minus two for each organisation word, and one more either
/// way for the word that heads the phrase — the last in English and German
/// ("Social Media Manager", "Beispiel Consulting"), the first in French
/// ("Chef de projet", "Société Exemple").
pub fn title_score(s: &str) -> i32 {
    let words = tokens(s);
    let weight = |w: &String| i32::from(is_title_word(w)) - i32::from(is_organisation_word(w));
    let body: i32 = words.iter().map(weight).sum::<i32>() * 2;
    let ends = match words.as_slice() {
        [] => 0,
        [one] => weight(one),
        [first, .., last] => weight(first) + weight(last),
    };
    body + ends.signum()
}

/// A piece with neither role, organisation nor unit words.
fn neutral(s: &str) -> bool {
    tokens(s)
        .iter()
        .all(|w| !is_title_word(w) && !is_organisation_word(w) && !is_unit_word(w))
}

/// Whether a piece names an organisation by its shape (a legal form or an
/// institution noun).
fn has_organisation_shape(s: &str) -> bool {
    tokens(s).iter().any(|w| is_organisation_word(w))
}

static LOCATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\p{Lu}[\p{L} .'-]{1,30}(?:,\s*\p{Lu}[\p{L} .'-]{0,30}){1,2}$|^(?:remote|hybrid|on-site)$")
        .unwrap()
});

/// Endings of Japanese and Chinese place names: prefecture, city, ward,
/// town, village, province ("東京都千代田区", "浙江省杭州市").
const CJK_PLACE_ENDS: &[char] = &['都', '道', '府', '県', '市', '区', '區', '町', '村', '省'];

/// "City, Region", "City, Region, Country", a Japanese or Chinese place
/// name, or a work mode, with no role, organisation or unit word.
pub fn is_location(s: &str) -> bool {
    if has_cjk(s) {
        let n = s.chars().count();
        return (2..=12).contains(&n)
            && s.chars().all(is_cjk)
            && s.ends_with(CJK_PLACE_ENDS)
            && neutral(s);
    }
    LOCATION.is_match(s) && s.split_whitespace().count() <= 6 && neutral(s)
}

/// "Acme Corp, Austin, TX" → ("Acme Corp", "Austin, TX"), "Alpha Firm,
/// Oakland, Ohio, USA" → ("Alpha Firm", "Oakland, Ohio, USA"); a single
/// trailing word ("Beispiel GmbH, Berlin") stays part of the name. A piece
/// that reads as a place as a whole ("Mountain View, California, USA") is
/// not split when another piece can name the organisation.
fn split_place(piece: &str, organisation_elsewhere: bool) -> Option<(String, String)> {
    let parts: Vec<&str> = piece.split(", ").collect();
    if parts.len() < 3 || (organisation_elsewhere && is_location(piece)) {
        return None;
    }
    (2..=3.min(parts.len() - 1)).rev().find_map(|n| {
        let place = parts[parts.len() - n..].join(", ");
        let name = parts[..parts.len() - n].join(", ");
        (is_location(&place) && !name.is_empty()).then_some((name, place))
    })
}

/// A place written after a name: one to three capitalised words per part
/// ("Nantes", "Madrid, España", "Boston, MA"), or a short Chinese or
/// Japanese place ("深圳", "福岡市"), with no role, organisation or unit
/// word.
pub fn place_like(s: &str) -> bool {
    if is_location(s) {
        return true;
    }
    if has_cjk(s) {
        return s.chars().all(is_cjk) && (2..=6).contains(&s.chars().count()) && neutral(s);
    }
    let parts: Vec<&str> = s.split(", ").collect();
    parts.len() <= 3
        && neutral(s)
        && s.split_whitespace().count() <= 5
        && parts.iter().all(|p| {
            let words: Vec<&str> = p.split_whitespace().collect();
            (1..=3).contains(&words.len())
                && words.iter().enumerate().all(|(i, w)| {
                    (w.starts_with(char::is_uppercase) || i > 0 && PLACE_PARTICLES.contains(w))
                        && w.chars()
                            .all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '.'))
                })
        })
}

/// Small words inside place names ("Frankfurt am Main", "Alcalá de
/// Henares", "Saint-Martin sur Mer").
const PLACE_PARTICLES: &[&str] = &[
    "am", "an", "der", "im", "ob", "de", "del", "la", "le", "sur", "en", "upon", "on", "di", "da",
];

/// "Azur Logiciels SARL, Nantes" → ("Azur Logiciels SARL", "Nantes"):
/// a legal form ends a company's name, so a place may follow it;
/// "Harbor Robotics Ltd – Seattle, WA" → ("Harbor Robotics Ltd",
/// "Seattle, WA"): a place set off by a dash. Without either mark a
/// trailing word stays part of the name ("Tierarzt-Praxis Dr. Hauser,
/// Berlin").
fn split_trailing_place(piece: &str) -> Option<(String, String)> {
    for dash in [" – ", " — ", " - "] {
        if let Some((name, place)) = piece.rsplit_once(dash)
            && !name.trim().is_empty()
            && (is_location(place.trim()) || ends_in_legal_form(name) && place_like(place.trim()))
        {
            return Some((name.trim().to_owned(), place.trim().to_owned()));
        }
    }
    let parts: Vec<&str> = piece.split(", ").collect();
    let ends = parts.iter().position(|p| ends_in_legal_form(p))?;
    let place = parts[ends + 1..].join(", ");
    (ends + 1 < parts.len() && place_like(&place)).then(|| (parts[..=ends].join(", "), place))
}

/// "Software Engineer, Equipo de Google Cloud" → "Software Engineer": a
/// title followed by the unit it was held in. Only where the entry names
/// its organisation in another piece.
fn without_unit(piece: &str) -> Option<String> {
    let parts: Vec<&str> = piece.split(", ").collect();
    let unit_at = parts
        .iter()
        .position(|p| tokens(p).iter().any(|t| is_unit_word(t)))?;
    let title = parts[..unit_at].join(", ");
    (unit_at > 0 && title_score(&title) > 0).then_some(title)
}

/// "Praktikum Beispiel-Klinikum, Musterstadt": a title followed, without a
/// separator, by a name with an organisation's shape. The title ends after
/// its last role word.
fn title_then_organisation(one: &str) -> Option<(String, String)> {
    let words: Vec<&str> = one.split_whitespace().collect();
    let last_title = words.iter().rposition(|w| title_score(w) > 0)?;
    let (title, rest) = (
        words[..=last_title].join(" "),
        words[last_title + 1..].join(" "),
    );
    let capitalised = rest.chars().next().is_some_and(char::is_uppercase);
    (capitalised && has_organisation_shape(&rest) && title_score(&rest) <= 0)
        .then_some((title, rest))
}

type Assigned = (Option<String>, Option<String>, Option<String>);

/// Title and organisation from a single piece.
fn assign_one(one: &str, location: Option<String>) -> Assigned {
    for sep in AT {
        if let Some((t, c)) = one.split_once(sep) {
            return (
                Some(t.trim().to_owned()),
                Some(c.trim().to_owned()),
                location,
            );
        }
    }
    // "Analista programador, Tecnologías Sierra Nevada – Barcelona": a
    // place after a dash, the title and the organisation before it.
    for dash in [" – ", " — ", " - "] {
        if location.is_none()
            && let Some((a, b)) = one.rsplit_once(dash)
            && a.contains(", ")
            && place_like(b.trim())
        {
            return assign_one(a.trim(), Some(b.trim().to_owned()));
        }
    }
    for sep in SEPARATORS {
        if let Some((a, b)) = one.split_once(sep) {
            let (sa, sb) = (title_score(a), title_score(b));
            if (sa > 0) != (sb > 0) {
                let (t, c) = if sa > sb { (a, b) } else { (b, a) };
                return (
                    Some(t.trim().to_owned()),
                    Some(c.trim().to_owned()),
                    location,
                );
            }
        }
    }
    if let Some((t, c)) = title_then_organisation(one) {
        return (Some(t), Some(c), location);
    }
    if title_score(one) > 0 {
        (Some(one.to_owned()), None, location)
    } else {
        (None, Some(one.to_owned()), location)
    }
}

/// Title, organisation and location from the header pieces of one entry.
pub fn assign(pieces: &[String]) -> Assigned {
    let mut places: Vec<String> = Vec::new();
    let pieces: Vec<String> = pieces
        .iter()
        .map(|p| match split_trailing_place(p) {
            Some((name, place)) => {
                places.push(place);
                name
            }
            None => p.clone(),
        })
        .collect();
    // "Weserberg Software AG, Senior Softwareentwicklerin" beside other
    // pieces: an organisation and a title in one piece.
    let pieces: Vec<String> = if pieces.len() > 1 {
        pieces
            .iter()
            .flat_map(|p| match p.split_once(", ") {
                Some((a, b))
                    if (title_score(a) > 0 && title_score(b) < 0)
                        || (title_score(a) < 0 && title_score(b) > 0)
                        || (title_score(a) > 0 && title_score(b) == 0 && !is_location(b)) =>
                {
                    vec![a.trim().to_owned(), b.trim().to_owned()]
                }
                _ => vec![p.clone()],
            })
            .collect()
    } else {
        pieces
    };
    let mut split: Vec<String> = Vec::new();
    for (i, p) in pieces.iter().enumerate() {
        let organisation_elsewhere = pieces
            .iter()
            .enumerate()
            .any(|(j, q)| j != i && !is_location(q) && title_score(q) <= 0);
        match split_place(p, organisation_elsewhere) {
            Some((name, place)) => {
                split.push(name);
                split.push(place);
            }
            None => split.push(p.clone()),
        }
    }
    let others = split.iter().filter(|p| !is_location(p)).count();
    if others >= 2 {
        for p in &mut split {
            if let Some(title) = without_unit(p) {
                *p = title;
            }
        }
    }
    let mut location = places.into_iter().next();
    let mut rest: Vec<String> = Vec::new();
    // A place first ("Madrid, España | 2019 – 2021" over the title and the
    // employer) is the location where another piece has an organisation's
    // shape; otherwise a first piece may be a company named like a place.
    let organisation_shaped = |i: usize| {
        split
            .iter()
            .enumerate()
            .any(|(j, q)| j != i && has_organisation_shape(q))
    };
    for (i, p) in split.iter().enumerate() {
        if (i > 0 || organisation_shaped(i))
            && location.is_none()
            && is_location(p)
            && split.len() > 1
        {
            location = Some(p.clone());
        } else {
            rest.push(p.clone());
        }
    }
    match rest.as_slice() {
        [] => (None, None, location),
        [one] => assign_one(one, location),
        _ => {
            // The most title-like piece is the title, the next the organisation.
            let title_at = (0..rest.len())
                .max_by_key(|&i| (title_score(&rest[i]), std::cmp::Reverse(i)))
                .unwrap();
            // The first other piece is the organisation, unless it only
            // reads as a place ("Leipzig") and another has an organisation's
            // shape ("Mainufer Logistik GmbH").
            let others: Vec<usize> = (0..rest.len()).filter(|&i| i != title_at).collect();
            let company_at = others
                .iter()
                .copied()
                .find(|&i| has_organisation_shape(&rest[i]))
                .unwrap_or(others[0]);
            if location.is_none() && company_at != others[0] && place_like(&rest[others[0]]) {
                location = Some(rest[others[0]].clone());
            }
            // A piece with no role word that reads as a place ("Acme SARL" /
            // "Lille") is not a title: the title is still to come.
            let score = title_score(&rest[title_at]);
            let title = (score > 0 || score == 0 && !place_like(&rest[title_at]))
                .then(|| rest[title_at].clone());
            (title, Some(rest[company_at].clone()), location)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn two(pieces: &[&str]) -> (Option<String>, Option<String>) {
        let pieces: Vec<String> = pieces.iter().map(|p| p.to_string()).collect();
        let (t, c, _) = assign(&pieces);
        (t, c)
    }

    fn some(t: &str, c: &str) -> (Option<String>, Option<String>) {
        (Some(t.into()), Some(c.into()))
    }

    #[test]
    fn titles_companies_and_places_are_told_apart() {
        let (t, c, l) = assign(&[
            "Initech".into(),
            "Springfield, IL".into(),
            "Backend Developer".into(),
        ]);
        assert_eq!(t.as_deref(), Some("Backend Developer"));
        assert_eq!(c.as_deref(), Some("Initech"));
        assert_eq!(l.as_deref(), Some("Springfield, IL"));
        assert_eq!(
            two(&["Lead Analyst at Globex Corp"]),
            some("Lead Analyst", "Globex Corp")
        );
        assert_eq!(
            two(&["Projektleiterin bei Beispiel AG"]),
            some("Projektleiterin", "Beispiel AG")
        );
    }

    #[test]
    fn the_head_word_decides_between_title_and_organisation() {
        // A domain word that is also an organisation noun does not make a
        // title an organisation.
        assert!(title_score("Social Media Manager") > 0);
        assert!(title_score("Example Media Group") < 0);
        assert!(title_score("Chef de projet") > 0);
        assert!(title_score("Kinderarzt-Praxis Dr. Beispiel") < 0);
    }

    #[test]
    fn a_unit_after_the_title_is_not_part_of_it() {
        let (t, c, l) = assign(&[
            "Google LLC".into(),
            "Mountain View, California, EUA".into(),
            "Software Engineer, Equipo de Google Cloud".into(),
        ]);
        assert_eq!(t.as_deref(), Some("Software Engineer"));
        assert_eq!(c.as_deref(), Some("Google LLC"));
        assert_eq!(l.as_deref(), Some("Mountain View, California, EUA"));
        assert_eq!(
            two(&[
                "Alpha Engineering Firm, Oakland, Ohio, USA",
                "Project Officer, Department of Meteorological Sciences",
            ]),
            some("Project Officer", "Alpha Engineering Firm")
        );
        assert_eq!(
            two(&[
                "Example University",
                "Asistente de investigación, Laboratorio HPCG"
            ]),
            some("Asistente de investigación", "Example University")
        );
        // Alone, a title keeps what follows it.
        assert_eq!(
            two(&["Researcher, Example Lab"]),
            some("Researcher", "Example Lab")
        );
    }

    #[test]
    fn a_place_after_a_legal_form_or_a_dash_is_the_location() {
        for (pieces, title, company, place) in [
            (
                vec!["Responsable technique, Azur Logiciels SARL, Nantes"],
                "Responsable technique",
                "Azur Logiciels SARL",
                "Nantes",
            ),
            (
                vec![
                    "Softwareentwickler",
                    "Hanse Daten GmbH & Co. KG, München, Deutschland",
                ],
                "Softwareentwickler",
                "Hanse Daten GmbH & Co. KG",
                "München, Deutschland",
            ),
            (
                vec![
                    "Entwicklungsingenieur",
                    "Nordlicht Software AG, Frankfurt am Main",
                ],
                "Entwicklungsingenieur",
                "Nordlicht Software AG",
                "Frankfurt am Main",
            ),
            (
                vec!["Consultant SI, Vercors Numérique SAS – Bordeaux"],
                "Consultant SI",
                "Vercors Numérique SAS",
                "Bordeaux",
            ),
            (
                vec!["Product Manager, Harbor Robotics Ltd – Seattle, WA"],
                "Product Manager",
                "Harbor Robotics Ltd",
                "Seattle, WA",
            ),
            (
                vec!["システムエンジニア", "株式会社青空システムズ, 福岡市"],
                "システムエンジニア",
                "株式会社青空システムズ",
                "福岡市",
            ),
        ] {
            let pieces: Vec<String> = pieces.iter().map(|p| p.to_string()).collect();
            let (t, c, l) = assign(&pieces);
            assert_eq!(
                (t.as_deref(), c.as_deref(), l.as_deref()),
                (Some(title), Some(company), Some(place)),
                "{pieces:?}"
            );
        }
        let (t, c, l) =
            assign(&["Analista programador, Tecnologías Sierra Nevada – Barcelona".into()]);
        assert_eq!(
            (t.as_deref(), c.as_deref(), l.as_deref()),
            (
                Some("Analista programador"),
                Some("Tecnologías Sierra Nevada"),
                Some("Barcelona")
            )
        );
        // Without a legal form or a dash the trailing word stays.
        assert_eq!(
            two(&["Tierarzt-Praxis Dr. Beispiel, Musterstadt"])
                .1
                .as_deref(),
            Some("Tierarzt-Praxis Dr. Beispiel, Musterstadt")
        );
    }

    #[test]
    fn japanese_and_chinese_places_titles_and_employers() {
        assert!(is_location("東京都千代田区"));
        assert!(is_location("浙江省杭州市"));
        assert!(!is_location("株式会社デジタルフロンティア"));
        assert_eq!(
            two(&["株式会社サンプル", "ソフトウェアエンジニア"]),
            some("ソフトウェアエンジニア", "株式会社サンプル")
        );
    }

    #[test]
    fn a_title_may_run_on_into_an_organisation_name() {
        assert_eq!(
            two(&["Praktikum Beispiel-Nationalpark, Exemplarien"]),
            some("Praktikum", "Beispiel-Nationalpark, Exemplarien")
        );
        assert_eq!(
            two(&["Volunteer Ranger Example National Park"]),
            some("Volunteer Ranger", "Example National Park")
        );
        assert_eq!(
            two(&["Stagiaire Exemple SARL"]),
            some("Stagiaire", "Exemple SARL")
        );
        // Without an organisation's shape the piece stays one title.
        assert_eq!(
            two(&["Director Business Development"]).0.as_deref(),
            Some("Director Business Development")
        );
    }
}
