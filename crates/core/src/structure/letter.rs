//! Lines that belong to an application letter rather than to the CV: the
//! "Place, date" line that ends a letter or a signed CV page. Words are in
//! `lexicon::letters`, date forms in `dates`.

use super::dates::parse_day_date;
use super::lexicon::letters::DATE_LINE_ARTICLES;

/// "Musterstadt, 3. März 2025", "Paris, le 3 mars 2025", "London,
/// 3 March 2025", "Springfield, March 3, 2025", "Musterstadt, den
/// 03.03.2025": a place (one to four capitalised words) or an article, then
/// a day-precise date and nothing else. A bare date is not enough: CVs
/// carry those too.
pub fn is_date_line(cell: &str) -> bool {
    let cell = cell.trim().trim_end_matches('.');
    let (place, rest) = match cell.split_once(',') {
        // "February 12, 2026" has its comma inside the date.
        Some((place, rest)) if parse_day_date(cell).is_none() => (Some(place.trim()), rest.trim()),
        _ => (None, cell),
    };
    let place_ok = place.is_some_and(|p| {
        let words: Vec<&str> = p.split_whitespace().collect();
        (1..=4).contains(&words.len())
            && words[0].starts_with(char::is_uppercase)
            && p.chars()
                .all(|c| c.is_alphabetic() || matches!(c, ' ' | '-' | '.' | '\''))
    });
    let (article, date) = match rest.split_once(char::is_whitespace) {
        Some((a, d)) if DATE_LINE_ARTICLES.contains(&a.to_lowercase().as_str()) => (true, d),
        _ => (false, rest),
    };
    (place_ok || (place.is_none() && article)) && parse_day_date(date).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_lines_of_letters_in_three_languages() {
        for line in [
            "Musterstadt, 3. März 2025",
            "Musterstadt, den 03.03.2025",
            "Paris, le 1er avril 2024",
            "London, 3 March 2025",
            "Springfield, March 3, 2025",
            "New York, 2025-03-03",
            "le 12 mai 2023",
        ] {
            assert!(is_date_line(line), "{line}");
        }
        for line in [
            "March 3, 2025",
            "Springfield, IL",
            "Musterstadt, 2019 – 2021",
            "Acme Corp, 31. Februar 2025",
            "Ich freue mich, 3. März 2025 zu beginnen",
        ] {
            assert!(!is_date_line(line), "{line}");
        }
    }
}
