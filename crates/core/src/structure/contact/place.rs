//! Where the candidate lives: a city and region, a postcode and city, a
//! street address, a country.

use super::*;
use crate::resume::{AtsExtension, Basics, Location};
use crate::structure::lexicon::tokens;
use crate::structure::{Line, clean};
use regex::Regex;
use std::sync::LazyLock;

pub(super) static US_CITY_STATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^([A-Z][A-Za-z .'-]{1,40}),\s*(AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY)$").unwrap()
});
pub(super) static STREET: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\p{Lu}[\p{L}.\- ]{2,40}\s\d{1,4}[a-z]?$|^\d{1,5}\s+\p{Lu}[\p{L}.\- ]{2,40}$")
        .unwrap()
});
pub(super) static POSTCODE_CITY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[A-Z]{1,2}-)?(\d{4,5})\s+(\p{Lu}[\p{L}\- ]{1,40})$").unwrap()
});
pub(super) static COUNTRY: &[(&str, &str)] = &[
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

pub(super) fn read_location(
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
pub(super) fn without_place_label(cell: &str) -> &str {
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
pub(super) const STREET_WORDS: &[&str] = &[
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
pub(super) const ADDRESS_LABELS: &[&str] = &[
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
pub(super) fn address_line(lines: &[&Line<'_>]) -> Option<String> {
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
