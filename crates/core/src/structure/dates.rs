//! Dates as resumes write them: "Jan 2020", "Sep. 2023", "January 2020",
//! "01/2020", "2020-01", "2015.04", "2019", "Summer 2012", German, French,
//! Spanish, Italian and Portuguese month names ("janv. 2018", "enero de
//! 2018"), Japanese and Chinese dates ("2015年4月", era years such as
//! "平成27年"), full-width digits, and ranges such as "2019 – Present",
//! "Oct 2010 -- July 2012", "Jan.–Mar. 2020", "2015年4月～2018年3月" or
//! "2018.03-至今". A range left open ("2019 –", "2018年04月〜") runs to the
//! present unless its end follows on a later line (see `experience::rows`).

use super::lexicon::dates::{ERAS, MONTHS, PRESENT};
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
    /// Written with a connector and no end ("2019 –", "2018年04月〜"):
    /// `end` is `Present` unless a later line completes the range.
    pub open: bool,
}

/// Connectors between the two ends of a range.
const CONNECTORS: &str = r"-{1,3}|–|—|―|‐|−|~|〜|to|until|till|bis|à|au|a|al|hasta|até|至";

fn month_alternation() -> String {
    let mut names: Vec<&str> = MONTHS.iter().map(|(n, _)| *n).collect();
    names.sort_by_key(|n| std::cmp::Reverse(n.len()));
    names.join("|")
}

/// One date: month name + year, day + month name + year, numeric
/// month/year, ISO year-month, year.month, a Japanese or Chinese year with
/// an optional month, season + year, or a year.
static DATE: LazyLock<String> = LazyLock::new(|| {
    let months = month_alternation();
    let eras = ERAS.iter().map(|e| e.0).collect::<Vec<_>>().join("|");
    [
        format!(r"\b\d{{1,2}}\.?\s*(?:de\s+)?(?:{months})\.?(?:\s+de)?\s+\d{{4}}\b"),
        format!(r"\b(?:{months})(?:\.\s*|\.?,?\s+)(?:de\s+)?(?:'?\d{{2}}\b|\d{{4}}\b)"),
        r"\b(?:0?[1-9]|1[0-2])\s*[/.]\s*(?:19|20)\d{2}\b".to_owned(),
        r"\b(?:19|20)\d{2}-(?:0[1-9]|1[0-2])\b".to_owned(),
        r"\b(?:19|20)\d{2}[./](?:0[1-9]|1[0-2]|[1-9])\b".to_owned(),
        format!(r"(?:(?:{eras})\s*(?:元|\d{{1,2}})|(?:19|20)\d{{2}})\s*年(?:\s*(?:0?[1-9]|1[0-2])\s*月)?"),
        r"(?:\b(?:spring|summer|fall|autumn|winter|sommer|frühling|herbst|printemps|automne|hiver|primavera|verano|otoño|invierno)|été)\s+(?:19|20)\d{2}\b".to_owned(),
        r"\b(?:19|20)\d{2}\b".to_owned(),
    ]
    .iter()
    .map(|alt| format!("(?:{alt})"))
    .collect::<Vec<_>>()
    .join("|")
    .replace(r"\b", ASCII_EDGE)
});

/// The word boundaries of the date patterns are ASCII ones: every one sits
/// beside a digit or an ASCII letter of a month name, so they differ from
/// Unicode boundaries only beside a non-ASCII letter, where a date glued to
/// a Han character ("于2019年", "2019届") is still a date. They also keep
/// the fast engines on lines with bullets, dashes or accents, which
/// Unicode boundaries send to the backtracker.
const ASCII_EDGE: &str = r"(?-u:\b)";

static RANGE: LazyLock<Regex> = LazyLock::new(|| {
    let date = &*DATE;
    let months = month_alternation();
    let mut present: Vec<&str> = PRESENT.split('|').collect();
    present.sort_by_key(|p| std::cmp::Reverse(p.len()));
    let present = present.join("|");
    Regex::new(&format!(
        r"(?i)(?:(?:since|seit|depuis|desde)\s+(?P<since>{date}))|(?:{ASCII_EDGE}(?P<mstart>{months})\.?\s*(?:-{{1,3}}|–|—|―|‐|−|~|〜|to|bis|à|au|a|al|hasta)\s*(?P<mend>{date}))|(?:(?:from|von|de|du|del)\s+)?(?P<start>{date})(?:\s*(?:{CONNECTORS})\s*(?P<end>{date}|{present})|\s*(?P<now>至今|迄今|現在に至る))?"
    ))
    .expect("date regex")
});

static ONE_DATE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!("(?i)^(?:{})$", &*DATE)).expect("date regex"));

/// A connector with nothing after it: the range is left open.
static OPEN_END: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*(?:-{1,3}|–|—|―|‐|−|~|〜)\s*$").expect("open end regex"));

/// Full-width forms (digits, Latin letters, punctuation), Unicode hyphens,
/// the ideographic space and the wave dash read as their ASCII counterparts, with the byte
/// offset in the original of every byte of the result (and of its end).
pub fn normalise_width(text: &str) -> (String, Vec<usize>) {
    let mut out = String::with_capacity(text.len());
    let mut at = Vec::with_capacity(text.len() + 1);
    for (i, c) in text.char_indices() {
        let mapped = match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            // Hyphen and non-breaking hyphen ("2022‐08", XeTeX's hyphen).
            '\u{2010}' | '\u{2011}' => '-',
            // The tilde operator, which some Japanese forms use for 〜
            // ("2018年04月∼").
            '\u{223C}' => '~',
            _ => c,
        };
        let before = out.len();
        out.push(mapped);
        at.extend(std::iter::repeat_n(i, out.len() - before));
    }
    at.push(text.len());
    (out, at)
}

fn month_of(name: &str) -> Option<u32> {
    let n = name.trim_end_matches('.').to_lowercase();
    MONTHS.iter().find(|(m, _)| *m == n).map(|(_, v)| *v)
}

/// A Japanese or Chinese date: "2015年4月", "2015年", "平成27年4月",
/// "令和元年5月".
fn parse_cjk(s: &str) -> Option<YearMonth> {
    let (year_part, rest) = s.split_once('年')?;
    let year_part = year_part.trim();
    let year = match ERAS.iter().find(|(era, _)| year_part.starts_with(era)) {
        Some((era, base)) => {
            let n = year_part[era.len()..].trim();
            base + if n == "元" {
                1
            } else {
                n.parse::<i32>().ok()?
            }
        }
        None => year_part.parse().ok()?,
    };
    let month = match rest.trim().strip_suffix('月') {
        Some(m) => Some(
            m.trim()
                .parse::<u32>()
                .ok()
                .filter(|m| (1..=12).contains(m))?,
        ),
        None if rest.trim().is_empty() => None,
        None => return None,
    };
    Some(YearMonth { year, month })
}

/// Parse one date token. Seasons give no month and no date: "Summer 2012"
/// is not a range a parser may invent months for.
pub fn parse_date(s: &str) -> Option<YearMonth> {
    let (normal, _) = normalise_width(s.trim());
    let s = normal.as_str();
    if !ONE_DATE.is_match(s) {
        return None;
    }
    if s.contains('年') {
        return parse_cjk(s);
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
    let month = |m: &str| m.parse::<u32>().ok().filter(|m| (1..=12).contains(m));
    match digits.as_slice() {
        [y] => Some(YearMonth {
            year: year_of(y)?,
            month: None,
        }),
        [a, b] if a.len() == 4 => Some(YearMonth {
            year: a.parse().ok()?,
            month: Some(month(b)?),
        }),
        [a, b] => Some(YearMonth {
            year: year_of(b)?,
            month: Some(month(a)?),
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

/// Whether a word is a month's name or abbreviation ("Februar", "Sept.").
pub fn is_month(word: &str) -> bool {
    month_of(word).is_some()
}

/// Whether a word or phrase says "until now" ("present", "heute",
/// "aujourd'hui", "actualidad", "現在", "至今").
pub fn is_present(s: &str) -> bool {
    let (normal, _) = normalise_width(s.trim());
    let s = normal.to_lowercase();
    PRESENT.split('|').any(|p| p == s)
}

/// Every date range (or lone date) in a line, left to right. Spans and the
/// text as written are the original's, full-width digits included.
pub fn find_ranges(line: &str) -> Vec<DateRange> {
    // Every date has a digit (full-width ones included) but the first
    // year of a Japanese era ("令和元年"); most lines have neither, and the
    // range pattern's Unicode word boundaries make it slow to run.
    if !line
        .chars()
        .any(|c| c.is_ascii_digit() || ('０'..='９').contains(&c) || c == '元')
    {
        return Vec::new();
    }
    thread_local! {
        static SEEN: super::memo::Memo<Vec<DateRange>> = Default::default();
    }
    SEEN.with(|seen| seen.get_or(line, match_ranges))
}

fn match_ranges(line: &str) -> Vec<DateRange> {
    let (normal, at) = normalise_width(line);
    // Whether there is a match at all is answered by the faster engines;
    // the captures are read only where there is one.
    if !RANGE.is_match(&normal) {
        return Vec::new();
    }
    RANGE
        .captures_iter(&normal)
        .map(|c| {
            let whole = c.get(0).unwrap();
            let span = (at[whole.start()], at[whole.end()]);
            let mut range = DateRange {
                start: None,
                end: None,
                span,
                as_written: line[span.0..span.1].to_owned(),
                open: false,
            };
            if let Some(since) = c.name("since") {
                range.start = parse_date(since.as_str());
                range.end = Some(End::Present);
                return range;
            }
            if let (Some(first), Some(last)) = (c.name("mstart"), c.name("mend")) {
                // "Jan.–Mar. 2020": the first month takes the year of the end.
                let end = parse_date(last.as_str());
                range.start = end.and_then(|e| {
                    Some(YearMonth {
                        year: e.year,
                        month: Some(month_of(first.as_str())?),
                    })
                });
                range.end = end.map(End::Date);
                return range;
            }
            range.start = c.name("start").and_then(|m| parse_date(m.as_str()));
            range.end = if c.name("now").is_some() {
                Some(End::Present)
            } else {
                c.name("end").and_then(|m| {
                    if is_present(m.as_str()) {
                        Some(End::Present)
                    } else {
                        parse_date(m.as_str()).map(End::Date)
                    }
                })
            };
            if range.end.is_none() && OPEN_END.is_match(&normal[whole.end()..]) {
                range.open = true;
                range.end = Some(End::Present);
                range.span.1 = line.len();
                range.as_written = line[span.0..].trim_end().to_owned();
            }
            range
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

    fn one_range(text: &str) -> DateRange {
        let found = find_ranges(text);
        assert_eq!(found.len(), 1, "{text}: {found:?}");
        found.into_iter().next().unwrap()
    }

    #[test]
    fn abbreviated_months_with_periods_are_one_range() {
        for (text, start, end) in [
            ("Sep. 2023 - Mar. 2024", ym(2023, 9), ym(2024, 3)),
            ("Sept. 2019 – Feb. 2021", ym(2019, 9), ym(2021, 2)),
            ("janv. 2018 – déc. 2019", ym(2018, 1), ym(2019, 12)),
            ("févr. 2017 à avr. 2018", ym(2017, 2), ym(2018, 4)),
            ("Jan.–Mar. 2020", ym(2020, 1), ym(2020, 3)),
            ("Okt. 2015 – Mrz. 2016", ym(2015, 10), ym(2016, 3)),
            ("Sep.2023 - Mar.2024", ym(2023, 9), ym(2024, 3)),
        ] {
            let r = one_range(text);
            assert_eq!(r.start, Some(start), "{text}");
            assert_eq!(r.end, Some(End::Date(end)), "{text}");
            assert_eq!(r.as_written, text);
        }
    }

    #[test]
    fn spanish_italian_and_portuguese_months() {
        for (text, start, end) in [
            (
                "enero de 2018 – marzo de 2020",
                ym(2018, 1),
                End::Date(ym(2020, 3)),
            ),
            (
                "ene. 2018 - dic. 2019",
                ym(2018, 1),
                End::Date(ym(2019, 12)),
            ),
            ("Marzo 2020 - presente", ym(2020, 3), End::Present),
            (
                "Agosto 2017 - Feb 2021",
                ym(2017, 8),
                End::Date(ym(2021, 2)),
            ),
            ("septiembre 2011 a la actualidad", ym(2011, 9), End::Present),
            ("desde abril de 2019", ym(2019, 4), End::Present),
            ("gennaio 2019 - oggi", ym(2019, 1), End::Present),
            (
                "março de 2015 até dezembro de 2016",
                ym(2015, 3),
                End::Date(ym(2016, 12)),
            ),
        ] {
            let r = one_range(text);
            assert_eq!(r.start, Some(start), "{text}");
            assert_eq!(r.end, Some(end), "{text}");
        }
    }

    #[test]
    fn seasons_and_accented_neighbours() {
        for text in ["Summer 2012", "été 2012", "Été 2012", "otoño 2012"] {
            let found = find_ranges(text);
            assert_eq!(found.len(), 1, "{text}");
            assert_eq!(found[0].as_written, text);
        }
        // Bullets and accents around a range keep it whole.
        let found = find_ranges("• Ingénieure · janv. 2018 – déc. 2020 · Lyon");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].start, Some(ym(2018, 1)));
        assert_eq!(found[0].end, Some(End::Date(ym(2020, 12))));
    }

    #[test]
    fn japanese_and_chinese_dates() {
        let y = |year| YearMonth { year, month: None };
        for (text, start, end) in [
            (
                "2015年4月～2018年3月",
                ym(2015, 4),
                Some(End::Date(ym(2018, 3))),
            ),
            (
                "2015年4月〜2018年3月",
                ym(2015, 4),
                Some(End::Date(ym(2018, 3))),
            ),
            ("2018年04月〜現在", ym(2018, 4), Some(End::Present)),
            ("2018年04月∼現在", ym(2018, 4), Some(End::Present)),
            ("2015年4月 - 至今", ym(2015, 4), Some(End::Present)),
            ("2015年4月至今", ym(2015, 4), Some(End::Present)),
            (
                "2015年4月至2018年3月",
                ym(2015, 4),
                Some(End::Date(ym(2018, 3))),
            ),
            (
                "2015.04 - 2018.03",
                ym(2015, 4),
                Some(End::Date(ym(2018, 3))),
            ),
            ("2018/03-至今", ym(2018, 3), Some(End::Present)),
            (
                "２０１５年４月～２０１８年３月",
                ym(2015, 4),
                Some(End::Date(ym(2018, 3))),
            ),
            ("平成27年4月", ym(2015, 4), None),
            ("令和元年5月～現在", ym(2019, 5), Some(End::Present)),
            ("昭和60年", y(1985), None),
            ("2014年", y(2014), None),
            // Years glued to Han characters on either side.
            ("2016至2019", y(2016), Some(End::Date(y(2019)))),
            ("2016至今", y(2016), Some(End::Present)),
        ] {
            let r = one_range(text);
            assert_eq!(r.start, Some(start), "{text}");
            assert_eq!(r.end, end, "{text}");
            assert_eq!(r.as_written, text, "{text}");
        }
        let glued = find_ranges("于2016至2019任职");
        assert_eq!(glued.len(), 1);
        assert_eq!(glued[0].as_written, "2016至2019");
        // Spans are the original's, in bytes, full-width digits included.
        let line = "期間：２０１５年４月～現在　東京";
        let r = one_range(line);
        assert_eq!(&line[r.span.0..r.span.1], "２０１５年４月～現在");
    }

    #[test]
    fn a_range_left_open_runs_to_the_present_and_says_so() {
        for text in [
            "2019-",
            "2019 –",
            "2018年04月〜",
            "2018年04月∼",
            "Jan 2020 –",
        ] {
            let r = one_range(text);
            assert!(r.open, "{text}");
            assert_eq!(r.end, Some(End::Present), "{text}");
            assert_eq!(r.as_written, text.trim_end());
        }
        // A connector followed by more text is not an open range.
        assert!(!find_ranges("2019 - Berlin")[0].open);
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
