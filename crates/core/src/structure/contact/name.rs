//! The candidate's name and the headline under it: labelled in a form, first
//! at the top, spelled by the e-mail address, or set as Chinese and Japanese
//! resumes set it.

use super::*;
use crate::resume::{AtsExtension, Basics};
use crate::structure::lexicon::{self, letters, organisations, tokens};
use crate::structure::sections::heading_of;
use crate::structure::{Line, clean};

/// Words of contact fields and addresses, which a name never contains.
pub(super) const FIELD_WORDS: &[&str] = &[
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
pub(super) const FUNCTION_WORDS: &[&str] = &[
    "the", "of", "and", "for", "with", "to", "und", "für", "mit", "et", "pour", "avec",
];

/// Whether a lower-cased word (dots dropped) rules out a name: a contact
/// field, a function word, a word of a letter (salutation, addressee,
/// document title), a country, a legal form, or an organisation noun of
/// six letters or more (shorter ones, such as "Park" or "Bank", are also
/// surnames).
pub(super) fn not_in_names(word: &str) -> bool {
    FIELD_WORDS.contains(&word)
        || FUNCTION_WORDS.contains(&word)
        || letters::SALUTATIONS.contains(&word)
        || letters::ADDRESSEE.contains(&word)
        || letters::DOCUMENT_TITLES.contains(&word)
        || COUNTRY.iter().any(|(name, _)| *name == word)
        || organisations::is_legal_form(word)
        || (organisations::is_organisation_word(word) && word.chars().count() >= 6)
}

pub(super) fn title_case(s: &str) -> String {
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
pub(super) fn as_name(cell: &str) -> Option<String> {
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

pub(super) fn matches_email(name: &str, email: &str) -> bool {
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
pub(super) const NAME_PARTICLES: &[&str] = &[
    "von", "van", "vom", "zu", "der", "den", "de", "del", "della", "di", "da", "do", "dos", "du",
    "la", "le", "ter", "ten", "bin", "al", "y",
];

/// Labels a form puts before the name.
pub(super) const NAME_LABELS: &[&str] = &[
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
pub(super) fn as_cjk_name(cell: &str) -> Option<String> {
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
pub(super) fn reads_as_email(name: &str, email: &str) -> bool {
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
pub(super) const HEADLINE_LABELS: &[&str] = &[
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
pub(super) fn cjk_name_by_shape<'a>(lines: &[&'a Line<'a>]) -> Option<(String, &'a Line<'a>, f32)> {
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

pub(super) fn has_kana(s: &str) -> bool {
    s.chars().any(|c| matches!(c as u32, 0x3040..=0x30FF))
}

/// The name a form gives after its label ("氏名 | 田中 花子", "氏名" over
/// the name, "Nombre: …").
pub(super) fn labelled_name<'a>(lines: &[&'a Line<'a>]) -> Option<(String, &'a Line<'a>, f32)> {
    let is_label = |cell: &str| {
        let cell = clean(cell)
            .trim_end_matches([':', '：'])
            .trim()
            .to_lowercase();
        // A form may space the characters of its label ("氏 名").
        let unspaced: String = cell.chars().filter(|c| !c.is_whitespace()).collect();
        NAME_LABELS.contains(&cell.as_str())
            || unspaced.chars().all(lexicon::is_cjk) && NAME_LABELS.contains(&unspaced.as_str())
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

pub(super) fn find_name<'a>(
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
        && !cell.trim_start().starts_with(crate::structure::is_icon)
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
pub(super) fn read_label(
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
}
