//! Dates as resumes write them: "Jan 2020", "January 2020", "01/2020",
//! "2020-01", "2019", "Summer 2012", German and French month names, and
//! ranges such as "2019 – Present" or "Oct 2010 -- July 2012".

use chrono::NaiveDate;
use regex::Regex;
use std::sync::LazyLock;

/// A point in time with the precision the document gave it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct YearMonth {
    pub year: i32,
    /// `None` when only the year is written.
    pub month: Option<u32>,
}

impl YearMonth {
    /// ISO 8601 as JSON Resume wants it: `YYYY-MM` or `YYYY`.
    pub fn iso(self) -> String {
        match self.month {
            Some(m) => format!("{:04}-{:02}", self.year, m),
            None => format!("{:04}", self.year),
        }
    }

    /// Months since year 0, taking `default_month` when only the year is known.
    pub fn index(self, default_month: u32) -> i64 {
        i64::from(self.year) * 12 + i64::from(self.month.unwrap_or(default_month)) - 1
    }

    pub fn parse_iso(s: &str) -> Option<Self> {
        let mut parts = s.trim().split('-');
        let year: i32 = parts.next()?.parse().ok()?;
        let month = match parts.next() {
            Some(m) => Some(m.parse::<u32>().ok().filter(|m| (1..=12).contains(m))?),
            None => None,
        };
        Some(Self { year, month })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum End {
    Date(YearMonth),
    Present,
}

/// A date range found in a line, with where it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateRange {
    pub start: Option<YearMonth>,
    pub end: Option<End>,
    /// Byte range of the match in the line.
    pub span: (usize, usize),
    pub as_written: String,
}

const MONTHS: &[(&str, u32)] = &[
    ("january", 1),
    ("jan", 1),
    ("januar", 1),
    ("jänner", 1),
    ("janvier", 1),
    ("janv", 1),
    ("february", 2),
    ("feb", 2),
    ("februar", 2),
    ("février", 2),
    ("fevrier", 2),
    ("févr", 2),
    ("fev", 2),
    ("march", 3),
    ("mar", 3),
    ("märz", 3),
    ("mär", 3),
    ("maerz", 3),
    ("mars", 3),
    ("april", 4),
    ("apr", 4),
    ("avril", 4),
    ("avr", 4),
    ("may", 5),
    ("mai", 5),
    ("june", 6),
    ("jun", 6),
    ("juni", 6),
    ("juin", 6),
    ("july", 7),
    ("jul", 7),
    ("juli", 7),
    ("juillet", 7),
    ("juil", 7),
    ("august", 8),
    ("aug", 8),
    ("août", 8),
    ("aout", 8),
    ("september", 9),
    ("sept", 9),
    ("sep", 9),
    ("septembre", 9),
    ("october", 10),
    ("oct", 10),
    ("oktober", 10),
    ("okt", 10),
    ("octobre", 10),
    ("november", 11),
    ("nov", 11),
    ("novembre", 11),
    ("december", 12),
    ("dec", 12),
    ("dezember", 12),
    ("dez", 12),
    ("décembre", 12),
    ("decembre", 12),
    ("déc", 12),
];

const PRESENT: &str = r"present|current|currently|now|today|ongoing|date|heute|bis heute|aktuell|jetzt|derzeit|laufend|aujourd'hui|aujourd’hui|présent|actuel|en cours";

fn month_alternation() -> String {
    let mut names: Vec<&str> = MONTHS.iter().map(|(n, _)| *n).collect();
    names.sort_by_key(|n| std::cmp::Reverse(n.len()));
    names.join("|")
}

/// One date: month name + year, numeric month/year, ISO, season + year, or a year.
static DATE: LazyLock<String> = LazyLock::new(|| {
    let months = month_alternation();
    format!(
        r"(?:(?:\b(?:{months})\.?,?\s+(?:'?\d{{2}}\b|\d{{4}}))|(?:\b\d{{1,2}}\.\s*(?:{months})\.?\s+\d{{4}})|(?:\b(?:0?[1-9]|1[0-2])\s*[/.]\s*(?:19|20)\d{{2}})|(?:\b(?:19|20)\d{{2}}-(?:0[1-9]|1[0-2])\b)|(?:\b(?:spring|summer|fall|autumn|winter|sommer|frühling|herbst|winter|été|printemps|automne|hiver)\s+(?:19|20)\d{{2}})|(?:\b(?:19|20)\d{{2}}\b))"
    )
});

static RANGE: LazyLock<Regex> = LazyLock::new(|| {
    let date = &*DATE;
    Regex::new(&format!(
        r"(?i)(?:(?:since|seit|depuis)\s+(?P<since>{date}))|(?:(?:from|von|de|du)\s+)?(?P<start>{date})(?:\s*(?:-{{1,3}}|–|—|to|until|till|bis|à|au|a)\s*(?P<end>{date}|{PRESENT}))?"
    ))
    .expect("date regex")
});

static ONE_DATE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!("(?i)^{}$", &*DATE)).expect("date regex"));

fn month_of(name: &str) -> Option<u32> {
    let n = name.trim_end_matches('.').to_lowercase();
    MONTHS.iter().find(|(m, _)| *m == n).map(|(_, v)| *v)
}

/// Parse one date token. Seasons give no month and no date: "Summer 2012"
/// is not a range a parser may invent months for.
pub fn parse_date(s: &str) -> Option<YearMonth> {
    let s = s.trim();
    if !ONE_DATE.is_match(s) {
        return None;
    }
    let lower = s.to_lowercase();
    if lower
        .split_whitespace()
        .next()
        .is_some_and(|w| w.chars().all(char::is_alphabetic) && month_of(w).is_none())
    {
        return None; // a season
    }
    let digits: Vec<&str> = lower
        .split(|c: char| !c.is_ascii_digit())
        .filter(|p| !p.is_empty())
        .collect();
    let year_of = |p: &str| -> Option<i32> {
        match p.len() {
            4 => p.parse().ok(),
            2 => p
                .parse::<i32>()
                .ok()
                .map(|y| if y < 50 { 2000 + y } else { 1900 + y }),
            _ => None,
        }
    };
    // Month name?
    if let Some(month) = lower
        .split(|c: char| c.is_whitespace() || c == ',' || c == '.')
        .find_map(|w| (!w.is_empty()).then(|| month_of(w)).flatten())
    {
        let year = year_of(digits.last()?)?;
        return Some(YearMonth {
            year,
            month: Some(month),
        });
    }
    match digits.as_slice() {
        [y] => Some(YearMonth {
            year: year_of(y)?,
            month: None,
        }),
        [a, b] if a.len() == 4 => Some(YearMonth {
            year: a.parse().ok()?,
            month: Some(b.parse().ok()?),
        }),
        [a, b] => Some(YearMonth {
            year: year_of(b)?,
            month: Some(a.parse().ok()?),
        }),
        _ => None,
    }
}

/// A day-precise date, as letters date themselves: "12. Februar 2026",
/// "12 février 2026", "1er mars 2026", "February 12, 2026", "12th of
/// February 2026", "12.02.2026", "12/02/2026", "2026-02-12". Numeric forms
/// are read day first, then month first.
pub fn parse_day_date(s: &str) -> Option<NaiveDate> {
    static NAMED: LazyLock<Regex> = LazyLock::new(|| {
        let months = month_alternation();
        Regex::new(&format!(
            r"(?i)^(?:(?P<d1>\d{{1,2}})(?:\.|er|st|nd|rd|th)?\s*(?:of\s+)?(?P<m1>{months})\.?,?\s+(?P<y1>\d{{4}})|(?P<m2>{months})\.?\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y2>\d{{4}}))$"
        ))
        .expect("day date regex")
    });
    static NUMERIC: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(?:(\d{1,2})[./](\d{1,2})[./](\d{4})|(\d{4})-(\d{2})-(\d{2}))$").unwrap()
    });
    let s = s.trim();
    let num = |m: Option<regex::Match<'_>>| m.and_then(|m| m.as_str().parse::<u32>().ok());
    if let Some(c) = NAMED.captures(s) {
        let day = num(c.name("d1").or(c.name("d2")))?;
        let month = month_of(c.name("m1").or(c.name("m2"))?.as_str())?;
        let year = i32::try_from(num(c.name("y1").or(c.name("y2")))?).ok()?;
        return NaiveDate::from_ymd_opt(year, month, day);
    }
    let c = NUMERIC.captures(s)?;
    if c.get(4).is_some() {
        let year = i32::try_from(num(c.get(4))?).ok()?;
        return NaiveDate::from_ymd_opt(year, num(c.get(5))?, num(c.get(6))?);
    }
    let (a, b) = (num(c.get(1))?, num(c.get(2))?);
    let year = i32::try_from(num(c.get(3))?).ok()?;
    NaiveDate::from_ymd_opt(year, b, a).or_else(|| NaiveDate::from_ymd_opt(year, a, b))
}

/// Whether a word or phrase says "until now" ("present", "heute",
/// "aujourd'hui").
pub fn is_present(s: &str) -> bool {
    let s = s.trim().to_lowercase();
    PRESENT.split('|').any(|p| p == s)
}

/// Every date range (or lone date) in a line, left to right.
pub fn find_ranges(line: &str) -> Vec<DateRange> {
    RANGE
        .captures_iter(line)
        .map(|c| {
            let whole = c.get(0).unwrap();
            if let Some(since) = c.name("since") {
                return DateRange {
                    start: parse_date(since.as_str()),
                    end: Some(End::Present),
                    span: (whole.start(), whole.end()),
                    as_written: whole.as_str().to_owned(),
                };
            }
            let start = c.name("start").map(|m| m.as_str()).unwrap_or_default();
            let end = c.name("end").map(|m| {
                if is_present(m.as_str()) {
                    Some(End::Present)
                } else {
                    parse_date(m.as_str()).map(End::Date)
                }
            });
            DateRange {
                start: parse_date(start),
                end: end.flatten(),
                span: (whole.start(), whole.end()),
                as_written: whole.as_str().to_owned(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ym(year: i32, month: u32) -> YearMonth {
        YearMonth {
            year,
            month: Some(month),
        }
    }

    #[test]
    fn parses_the_forms_resumes_use() {
        let cases: &[(&str, Option<YearMonth>, Option<End>)] = &[
            ("Jan 2020 - Present", Some(ym(2020, 1)), Some(End::Present)),
            (
                "01/2020 – 03/2021",
                Some(ym(2020, 1)),
                Some(End::Date(ym(2021, 3))),
            ),
            (
                "Nov. 2017 -- Present",
                Some(ym(2017, 11)),
                Some(End::Present),
            ),
            ("Aug 2011 – Ongoing", Some(ym(2011, 8)), Some(End::Present)),
            (
                "2020-01 to 2021-06",
                Some(ym(2020, 1)),
                Some(End::Date(ym(2021, 6))),
            ),
            ("März 2019 bis heute", Some(ym(2019, 3)), Some(End::Present)),
            (
                "seit 2019",
                Some(YearMonth {
                    year: 2019,
                    month: None,
                }),
                Some(End::Present),
            ),
            (
                "janvier 2018 – juin 2019",
                Some(ym(2018, 1)),
                Some(End::Date(ym(2019, 6))),
            ),
            (
                "2005 – 2010",
                Some(YearMonth {
                    year: 2005,
                    month: None,
                }),
                Some(End::Date(YearMonth {
                    year: 2010,
                    month: None,
                })),
            ),
        ];
        for (text, start, end) in cases {
            let found = find_ranges(text);
            assert_eq!(found.len(), 1, "{text}: {found:?}");
            assert_eq!(found[0].start, *start, "{text}");
            assert_eq!(found[0].end, *end, "{text}");
        }
    }

    #[test]
    fn seasons_are_not_turned_into_months() {
        let found = find_ranges("Spring 2019 and 2020");
        assert_eq!(found[0].start, None);
    }

    #[test]
    fn day_precise_dates_in_three_languages() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
        for (text, expected) in [
            ("3. März 2025", day(2025, 3, 3)),
            ("1er avril 2024", day(2024, 4, 1)),
            ("12 février 2026", day(2026, 2, 12)),
            ("March 3, 2025", day(2025, 3, 3)),
            ("3rd of March 2025", day(2025, 3, 3)),
            ("03.03.2025", day(2025, 3, 3)),
            ("12/31/2024", day(2024, 12, 31)),
            ("2025-03-03", day(2025, 3, 3)),
            ("31. Februar 2025", None),
            ("März 2025", None),
            ("2019 – 2021", None),
        ] {
            assert_eq!(parse_day_date(text), expected, "{text}");
        }
    }
}
