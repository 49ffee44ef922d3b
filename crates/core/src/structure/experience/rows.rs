//! Rows of a section: cells of one visual line, with a date range broken
//! over two lines joined; which cells are dates, and which rows can head an
//! entry.

use crate::structure::dates::{DateRange, find_ranges, is_month, is_present};
use crate::structure::lexicon::is_cjk;
use crate::structure::lexicon::organisations::is_legal_form;
use crate::structure::{Line, clean, column_label, is_bullet};

/// Words that continue a date range on the next line ("2003 – 2004 and" /
/// "2006 – 2012", "Jan 2020 to" / "Present"): English, German, French,
/// Spanish.
const CONTINUATIONS: &[&str] = &[
    "and", "und", "et", "y", "to", "bis", "au", "à", "a", "hasta",
];

/// Labels and joining words a date cell may carry besides its dates
/// ("Date: 2019 – 2021", "2003 – 2005 und 2007", "seit 2019").
const DATE_LABELS: &[&str] = &[
    "date", "dates", "zeitraum", "période", "periode", "period", "fecha", "periodo", "期間", "时间",
];
const DATE_JOINERS: &[&str] = &["and", "und", "et", "y", "since", "seit", "depuis", "desde"];

/// One visual row of a section: its cells, already cleaned.
#[derive(Debug, Clone)]
pub struct Row<'a> {
    pub cells: Vec<String>,
    pub bullet: bool,
    pub line: Line<'a>,
}

impl Row<'_> {
    /// The row's cells, cleaned and joined by spaces.
    pub fn text(&self) -> String {
        self.cells
            .iter()
            .map(|c| clean(c))
            .filter(|c| !c.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// Whether a cell ends with a range's connector or joining word, so the
/// range goes on in the next cell or line.
fn continues(cell: &str) -> bool {
    let c = cell.trim_end();
    c.ends_with(['–', '-', '—', '&', '~', '〜', '～', '∼', '至'])
        || c.rsplit_once(' ')
            .is_some_and(|(_, last)| CONTINUATIONS.contains(&last.to_lowercase().as_str()))
        || broken_after_month(c)
}

/// A range cut after the month of its end ("Januar 2022 bis Februar" /
/// "2024"): the year is on the next line.
fn broken_after_month(cell: &str) -> bool {
    let Some((head, last)) = cell.rsplit_once(' ') else {
        return false;
    };
    is_month(last) && !find_ranges(head).is_empty()
}

/// Words that join the parts of a date or a range ("diciembre de 2019 a
/// junio de 2021", "Jan 2020 to", "2019 –").
const DATE_LINKS: &[&str] = &[
    "a", "à", "au", "al", "to", "bis", "hasta", "y", "und", "et", "and", "de", "del", "of", "du",
    "des", "-", "–", "—",
];

/// A piece of a date or range and nothing else: months, years, day
/// numbers, joining words, "present".
fn date_fragment(cell: &str) -> bool {
    let cell = cell.trim();
    !cell.is_empty()
        && (is_present(cell)
            || cell.split_whitespace().all(|w| {
                let w = w.trim_end_matches([',', '.']);
                is_month(w)
                    || (1..=4).contains(&w.len()) && w.chars().all(|c| c.is_ascii_digit())
                    || DATE_LINKS.contains(&w.to_lowercase().as_str())
                    || is_present(w)
            }))
}

/// A cell whose ranges all have an end.
fn closed(cell: &str) -> bool {
    date_cell(cell).is_some_and(|r| !r.is_empty() && r.iter().all(|r| r.end.is_some() && !r.open))
}

/// The first or the last word of a cell, in lower case.
fn edge_word(cell: &str, last: bool) -> String {
    let mut words = cell.split_whitespace();
    let word = if last {
        words.next_back()
    } else {
        words.next()
    };
    word.unwrap_or_default().to_lowercase()
}

fn open_at_end(cell: &str) -> bool {
    let last = edge_word(cell, true);
    continues(cell) || DATE_LINKS.contains(&last.as_str()) || is_month(&last)
}

fn opens_with_connector(cell: &str) -> bool {
    let first = edge_word(cell, false);
    DATE_LINKS.contains(&first.as_str())
        && !["de", "del", "of", "du", "des"].contains(&first.as_str())
        || is_present(cell)
}

fn is_end(cell: &str) -> bool {
    date_cell(cell).is_some_and(|r| !r.is_empty()) || is_present(cell)
}

/// Joins the two parts of a range, without a space between Chinese or
/// Japanese text ("2018年04月〜" + "現在").
fn joined(first: &str, second: &str) -> String {
    let first = first.trim_end();
    let cjk = first
        .chars()
        .last()
        .is_some_and(|c| is_cjk(c) || c == '〜' || c == '～')
        && second.chars().next().is_some_and(is_cjk);
    format!("{first}{}{second}", if cjk { "" } else { " " })
}

fn column_of(line: &Line<'_>, cell: &str) -> Option<usize> {
    let at = line.text.find(cell)?;
    Some(line.text[..at].chars().count())
}

/// "mars 2023 – Ingénieure DevOps" → ("mars 2023 –", "Ingénieure
/// DevOps"): a cell that opens with a date and a dash, then a capitalised
/// text that is not a date.
fn open_range_then_text(cell: &str) -> Option<(&str, &str)> {
    let ranges = find_ranges(cell);
    let first = ranges.first()?;
    if first.span.0 != 0 {
        return None;
    }
    let after = cell[first.span.1..].trim_start();
    // A complete range is set off from the text by a separator ("May 2024
    // - actualidad – Datos Ibéricas S.L., Madrid"); a bare date or an open
    // range by a dash or a word space.
    let complete = first.end.is_some() && !first.open;
    let rest = if first.open {
        after
    } else if complete {
        after.strip_prefix(['–', '—', '|', '·', '•'])?.trim_start()
    } else {
        after.strip_prefix(['–', '—', '-'])?.trim_start()
    };
    let dates_end = if complete {
        first.span.1
    } else {
        cell.len() - rest.len()
    };
    (rest.starts_with(|c: char| c.is_uppercase() || is_cjk(c)) && find_ranges(rest).is_empty())
        .then(|| (cell[..dates_end].trim_end(), rest))
}

/// "décembre 2022 Azur Informatique SARL" → ("décembre 2022", "Azur
/// Informatique SARL"): one date, then capitalised text.
fn date_then_text(cell: &str) -> Option<(&str, &str)> {
    let ranges = find_ranges(cell);
    let first = ranges.first()?;
    if first.span.0 != 0 || first.end.is_some() {
        return None;
    }
    let rest = cell[first.span.1..].trim_start();
    rest.starts_with(char::is_uppercase)
        .then(|| (cell[..first.span.1].trim_end(), rest))
}

/// Rows of a section, with a date range broken over two lines joined
/// ("2003 – 2004 und" + "2006 – 2012", "Jan 2020 –" + "Present"), also when
/// the end sits lower in a date column beside the entry's bullets
/// ("2018年04月〜" / "• …" / "現在"), and a connector set as a cell of its
/// own ("Sep. 2023 | – | Mar. 2024") joined to its dates.
pub fn rows_of<'a>(lines: &[Line<'a>]) -> Vec<Row<'a>> {
    let mut rows: Vec<Row<'a>> = Vec::new();
    let mut taken = vec![false; lines.len()];
    for (n, line) in lines.iter().enumerate() {
        if taken[n] {
            continue;
        }
        let mut cells: Vec<String> = line.cells().iter().map(|c| c.to_string()).collect();
        // "mars 2023 – Ingénieure DevOps" over "Présent | Étoile SAS": a
        // left date column set a word space from the title; the open range
        // is a cell of its own, so its end on the next line can join it.
        if let Some(first) = cells.first()
            && let Some((dates, rest)) = open_range_then_text(first)
        {
            let (dates, rest) = (dates.to_owned(), rest.to_owned());
            cells.splice(0..1, [dates, rest]);
        }
        // "Sep. 2023" | "–" | "Mar. 2024" is one range.
        let mut i = 0;
        while i + 2 < cells.len() {
            let dash = matches!(
                cells[i + 1].as_str(),
                "-" | "–" | "—" | "--" | "~" | "〜" | "to" | "bis"
            );
            if dash && date_cell(&cells[i]).is_some() && is_end(&cells[i + 2]) {
                let second = cells.remove(i + 2);
                let dash = cells.remove(i + 1);
                cells[i] = format!("{} {dash} {second}", cells[i]);
            }
            i += 1;
        }
        // "2022 年 10 月—2024 年 12" over "月 | • …": the unit of the end
        // date wrapped to the next line of a narrow date column, on the
        // left or on the right.
        if let Some(prev) = rows.last_mut() {
            let unit = |c: &String| matches!(c.trim(), "月" | "日" | "年");
            let open_end = |c: &String| {
                c.trim_end().ends_with(|ch: char| ch.is_ascii_digit()) && date_cell(c).is_some()
            };
            let left = cells.first().is_some_and(unit) && prev.cells.first().is_some_and(open_end);
            let right = cells.len() > 1
                && cells.last().is_some_and(unit)
                && prev.cells.last().is_some_and(open_end);
            let at = match (left, right) {
                (true, _) => Some((0, 0)),
                (_, true) => Some((cells.len() - 1, prev.cells.len() - 1)),
                _ => None,
            };
            if let Some((here, there)) = at {
                let unit = cells.remove(here);
                prev.cells[there] = format!("{}{}", prev.cells[there].trim_end(), unit.trim());
                if cells.is_empty() {
                    continue;
                }
            }
        }
        // A left date column too narrow for its range, wrapped over three
        // lines ("julio de 2021" / "a noviembre" / "de 2024", "novembre" /
        // "2024 -" / "aujourd'hui"): pieces of a date joined while the
        // range is not closed.
        // The row holding the date column may be a few highlight rows up.
        let holder = rows.len().checked_sub(1).and_then(|last| {
            (last.saturating_sub(2)..=last).rev().find(|&k| {
                rows[k].cells.len() > 1
                    && rows[k + 1..].iter().all(|r| r.cells.len() == 1)
                    && rows[k]
                        .cells
                        .first()
                        .is_some_and(|c| date_fragment(c) && !closed(c))
            })
        });
        if let Some(k) = holder
            && let Some(after) = cells.first()
            && date_fragment(after)
            && (open_at_end(&rows[k].cells[0]) || opens_with_connector(after))
        {
            rows[k].cells[0] = joined(&rows[k].cells[0], after);
            cells.remove(0);
            if cells.is_empty() {
                continue;
            }
            rows.push(Row {
                bullet: is_bullet(&cells[0]),
                cells,
                line: line.clone(),
            });
            continue;
        }
        if let Some(prev) = rows.last_mut() {
            let joins = prev.cells.iter().position(|c| continues(c));
            if let (Some(i), [only]) = (joins, cells.as_slice())
                && is_end(only)
            {
                prev.cells[i] = joined(&prev.cells[i], only);
                continue;
            }
            // A date column on the left whose range goes on in the next
            // row's first cell ("Aug. 2023 bis | Teamleiter …" / "heute |
            // ○ Migration …", moderncv).
            // The end may be set a word space from the text beside it
            // ("décembre 2022 Azur Informatique SARL").
            if joins == Some(0)
                && prev.cells.len() > 1
                && !is_end(&cells[0])
                && let Some((date, rest)) = date_then_text(&cells[0])
            {
                let (date, rest) = (date.to_owned(), rest.to_owned());
                cells.splice(0..1, [date, rest]);
            }
            if joins == Some(0) && prev.cells.len() > 1 && cells.len() > 1 && is_end(&cells[0]) {
                let first = cells.remove(0);
                prev.cells[0] = joined(&prev.cells[0], &first);
                rows.push(Row {
                    bullet: is_bullet(&cells[0]),
                    cells,
                    line: line.clone(),
                });
                continue;
            }
            // The end of a date column's range in the next row's date
            // column, beside that row's text.
            if let (Some(i), Some(last)) = (joins, cells.last())
                && i + 1 == prev.cells.len()
                && cells.len() > 1
                && broken_after_month(&prev.cells[i])
                && is_end(last)
            {
                let last = cells.pop().unwrap_or_default();
                prev.cells[i] = joined(&prev.cells[i], &last);
            }
        }
        // An open range whose end is lower in the same column, past lines
        // of another column (up to three).
        if let Some(i) = cells
            .iter()
            .position(|c| continues(c) && date_cell(c).is_some_and(|r| r.iter().any(|r| r.open)))
        {
            let column = column_of(line, cells[i].trim());
            for (m, later) in lines.iter().enumerate().skip(n + 1).take(3) {
                let later_cells = later.cells();
                let same_column = column.is_some()
                    && later_cells.first().and_then(|c| column_of(later, c)) == column;
                if let ([only], true) = (later_cells.as_slice(), same_column)
                    && is_end(only)
                {
                    cells[i] = joined(&cells[i], only);
                    taken[m] = true;
                    break;
                }
                if same_column {
                    break;
                }
            }
        }
        rows.push(Row {
            bullet: is_bullet(line.text),
            cells,
            line: line.clone(),
        });
    }
    rows
}

/// A length of time written beside a range ("3 years 4 months", "(1 yr
/// 2 mos)", "2 Jahre", "1 an 3 mois", "1 año 8 meses", "3年4ヶ月",
/// "2年3个月"): not part of the dates, and no reason to doubt them.
static DURATION: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(
        r"(?i)[(·•|,]?\s*(?:\d+(?:[.,]\d+)?\s*(?:years?|yrs?|months?|mos?|jahre?n?|monate?n?|ans?|années?|mois|años?|meses|mes|ヶ月|か月|カ月|个月|個月|年)\.?\s*)+\)?",
    )
    .expect("duration regex")
});

/// The date ranges of a cell that is essentially a date (labels such as
/// "Date:" and joining words aside). Seasons ("Summer 2012") make the dates
/// unknown rather than invented: they return an empty list.
pub fn date_cell(cell: &str) -> Option<Vec<DateRange>> {
    let ranges = find_ranges(cell);
    if ranges.is_empty() {
        return None;
    }
    let mut rest = String::new();
    let mut last = 0;
    for r in &ranges {
        rest.push_str(&cell[last..r.span.0]);
        last = r.span.1;
    }
    rest.push_str(&cell[last..]);
    let rest = DURATION.replace_all(&rest, " ").to_lowercase();
    let rest = rest.replace('：', ":");
    let rest = match rest.trim_start().split_once(':') {
        Some((label, after)) if DATE_LABELS.contains(&label.trim()) => after,
        _ => &rest,
    };
    let leftover: String = rest.chars().filter(|c| c.is_alphabetic()).collect();
    if !(leftover.is_empty() || DATE_JOINERS.contains(&leftover.as_str())) {
        return None;
    }
    if ranges.iter().any(|r| r.start.is_none()) {
        return Some(Vec::new());
    }
    Some(ranges)
}

/// A date range at the end of a heading cell: "Engineer, June 2018 –
/// Present", "Microsoft — Engineer II (2014 - 2018)". Returns the text before
/// it and the ranges.
pub fn trailing_dates(cell: &str) -> Option<(String, Vec<DateRange>)> {
    let ranges = find_ranges(cell);
    let last = ranges.last()?;
    let after = cell[last.span.1..].trim();
    if !(after.is_empty() || after == ")") {
        return None;
    }
    // Ranges listed one after another at the end ("… Agosto 2015 - Mayo
    // 2016, Agosto 2016 - Mayo 2017") all belong to the entry.
    let mut first = ranges.len() - 1;
    while first > 0 {
        let between = &cell[ranges[first - 1].span.1..ranges[first].span.0];
        let joiner = between
            .trim()
            .trim_matches([',', ';'])
            .trim()
            .to_lowercase();
        if !(joiner.is_empty() || DATE_JOINERS.contains(&joiner.as_str())) {
            break;
        }
        first -= 1;
    }
    let head = cell[..ranges[first].span.0].trim_end();
    let before = head
        .trim_end_matches(['(', ',', '–', '—', '-', '|', ':', ';'])
        .trim();
    // The dates must be set off ("Engineer, 2019 – 2021", "(2014 - 2018)",
    // "Assistant, Lab Agosto 2015 - Mayo 2016, Agosto 2016 - Mayo 2017"),
    // not run on in a sentence ("revenue in 2015").
    let set_off = before.len() < head.len() || first + 1 < ranges.len();
    let words = before.split_whitespace().count();
    if !set_off
        || words == 0
        || words > 12
        || before.ends_with('.')
        || !before.starts_with(|c: char| c.is_uppercase())
    {
        return None;
    }
    let ranges = date_cell(&cell[ranges[first].span.0..last.span.1])?;
    Some((before.to_owned(), ranges))
}

/// Whether a cell ends like a sentence or a lead-in (":", ",", "."), not
/// with an abbreviation ("Umbrella Corp.", "Beispiel e.V.", "Dr.").
fn ends_as_sentence(cell: &str) -> bool {
    let cell = cell.trim_end();
    if cell.ends_with([':', ',']) {
        return true;
    }
    let Some(body) = cell.strip_suffix('.') else {
        return false;
    };
    let last = body.rsplit([' ', '\u{a0}']).next().unwrap_or(body);
    let bare: String = last.chars().filter(|c| *c != '.').collect();
    let abbreviation = bare.chars().next().is_some_and(char::is_uppercase)
        && bare.chars().count() <= 4
        && bare.chars().all(char::is_alphabetic);
    !(abbreviation || is_legal_form(&bare.to_lowercase()))
}

/// A row that can name a position: short, not a sentence.
pub fn header_like(row: &Row<'_>) -> bool {
    if row.bullet && row.cells.len() < 2 {
        // "• Acme | Springfield, IL" heads an entry; "• Wrote reports" does not.
        return false;
    }
    if row.cells.last().is_some_and(|c| ends_as_sentence(c)) {
        return false;
    }
    let text: Vec<&str> = row.cells.iter().map(|c| clean(c)).collect();
    let words: usize = text.iter().map(|c| c.split_whitespace().count()).sum();
    let first = text.first().and_then(|c| c.chars().next());
    !text.is_empty()
        && text.iter().all(|c| c.len() <= 80)
        && words <= if row.bullet { 6 } else { 12 }
        && !text.last().is_some_and(|c| ends_as_sentence(c))
        && first.is_some_and(|c| {
            c.is_uppercase() || c.is_ascii_digit() || is_cjk(c) || c == '„' || c == '"'
        })
        && !text.iter().all(|c| column_label(c))
        && !text.iter().any(|c| cjk_clause(c) || latin_clause(c))
}

/// Lower-case function words of English, German, French and Spanish
/// (articles, prepositions, conjunctions).
const FUNCTION_WORDS: &[&str] = &[
    "a", "an", "the", "of", "and", "with", "for", "to", "in", "on", "by", "from", "von", "und",
    "mit", "für", "der", "die", "das", "des", "dem", "den", "ein", "eine", "eines", "einer", "zur",
    "zum", "im", "de", "du", "la", "le", "les", "et", "avec", "pour", "sur", "un", "une", "d'une",
    "d'un", "y", "con", "para", "del", "el", "los", "las", "una", "en", "por",
];

/// Latin text that is a clause, not a name or a title: seven words or more
/// (six with a number), two of them function words ("Led a team of 7
/// engineers delivering…", "Einführung von Code-Reviews und
/// automatisierten Tests mit Python").
fn latin_clause(cell: &str) -> bool {
    let words: Vec<&str> = cell.split_whitespace().collect();
    let function = words
        .iter()
        .filter(|w| FUNCTION_WORDS.contains(&w.to_lowercase().as_str()))
        .count();
    let number = cell.chars().any(|c| c.is_ascii_digit());
    function >= 2 && (words.len() >= 7 || words.len() >= 6 && number)
}

/// Chinese or Japanese text that is a clause, not a name: it has the
/// particles or punctuation of a sentence ("…をJenkinsへ移行し、コストを55%削減").
fn cjk_clause(cell: &str) -> bool {
    cell.chars().any(is_cjk)
        && (cell.contains(['、', '。', '，', '；', '%', '％'])
            || cell.chars().any(|c| matches!(c, 'を' | 'が' | 'へ' | 'に')))
}

/// A row that describes rather than names ("事業内容：…", "Industry:
/// Software"): a short label, a colon, a value.
pub fn labelled(row: &Row<'_>) -> bool {
    let [cell] = row.cells.as_slice() else {
        return false;
    };
    let cell = cell.replace('：', ":");
    cell.split_once(':').is_some_and(|(label, value)| {
        !value.trim().is_empty()
            && (label.chars().all(is_cjk) && label.chars().count() <= 6
                || label.split_whitespace().count() <= 2 && !label.chars().any(is_cjk))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_date_unit_wrapped_to_the_next_line_rejoins_it() {
        let lines = crate::structure::lines_for_test(
            "2022 年 10 月—2024 年 12\t大数据开发工程师, 杭州星云信息技术有限公司\n月 • 负责推荐系统的设计与维护\n",
        );
        let rows = rows_of(&lines);
        assert_eq!(rows[0].cells[0], "2022 年 10 月—2024 年 12月");
        assert_eq!(rows[1].cells, ["负责推荐系统的设计与维护"]);
    }

    #[test]
    fn a_range_wrapped_over_three_lines_of_a_date_column_is_joined() {
        let lines = crate::structure::lines_for_test(
            "julio de 2021\tDesarrolladora backend, Redes Cóndor S.A.\n\
             a noviembre\t○ Implantación de revisiones\nde 2024\t○ Dirección de un equipo\n\
             diciembre de\tIngeniera DevOps, Consultores Sierra Nevada S.A.\n\
             2019 a junio\t○ Migración de un servicio\nde 2021\n",
        );
        let rows = rows_of(&lines);
        let firsts: Vec<&str> = rows
            .iter()
            .filter_map(|r| r.cells.first().map(String::as_str))
            .collect();
        assert_eq!(
            firsts,
            [
                "julio de 2021 a noviembre de 2024",
                "○ Implantación de revisiones",
                "○ Dirección de un equipo",
                "diciembre de 2019 a junio de 2021",
                "○ Migración de un servicio"
            ]
        );
    }

    #[test]
    fn a_left_date_column_set_a_word_space_from_the_text() {
        assert_eq!(
            open_range_then_text("mars 2023 – Ingénieure DevOps"),
            Some(("mars 2023 –", "Ingénieure DevOps"))
        );
        assert_eq!(open_range_then_text("2019 – 2021 Acme"), None);
        assert_eq!(
            open_range_then_text("May 2024 - actualidad – Datos Ibéricas S.L., Madrid"),
            Some(("May 2024 - actualidad", "Datos Ibéricas S.L., Madrid"))
        );
        assert_eq!(
            date_then_text("décembre 2022 Azur Informatique SARL"),
            Some(("décembre 2022", "Azur Informatique SARL"))
        );
        assert_eq!(date_then_text("Engineer since 2019"), None);
    }

    #[test]
    fn sentences_are_not_names_or_titles() {
        for clause in [
            "Led a team of 7 engineers delivering the mobile checkout",
            "Einführung von Code-Reviews und automatisierten Tests mit Python",
            "Migration de un tableau de bord analytique vers Java (17 % d'économies)",
        ] {
            assert!(latin_clause(clause), "{clause}");
        }
        for header in [
            "Head of Research and Development",
            "Fachinformatiker für Anwendungsentwicklung",
            "Project Officer, Department of Meteorological Sciences, Research & Development Division",
            "Universidad Nacional Autónoma de México",
        ] {
            assert!(!latin_clause(header), "{header}");
        }
    }

    fn lines(text: &str) -> Vec<Line<'_>> {
        crate::structure::lines_for_test(text)
    }

    #[test]
    fn a_range_broken_after_a_joining_word_is_one_cell() {
        for text in [
            "2010 – 2012 and\t2014 – 2016",
            "2010 – 2012 und\t2014 – 2016",
            "2010 – 2012 et\t2014 – 2016",
            "janvier 2019 à\taujourd'hui",
        ] {
            let text = text.replace('\t', "\n");
            let rows = rows_of(&lines(&text));
            assert_eq!(rows.len(), 1, "{text}: {rows:?}");
        }
    }

    #[test]
    fn an_open_range_takes_its_end_from_lower_in_its_column() {
        let text = "2018年04月〜\n                   • 設計と実装\n現在\n                   • 開発";
        let rows = rows_of(&lines(text));
        assert_eq!(rows.len(), 3, "{rows:?}");
        assert_eq!(rows[0].cells, ["2018年04月〜現在"]);
        let text = "Jan 2020 –\n    • Built things\n    • More\n    • And more\nMar 2021";
        let rows = rows_of(&lines(text));
        // Too far down: the range stays open.
        assert_eq!(rows[0].cells, ["Jan 2020 –"]);
    }

    #[test]
    fn a_range_cut_after_its_end_month_takes_the_year_below() {
        let rows = rows_of(&lines(
            "• Built a platform\tJanuar 2022 bis Februar\n• Migrated a service\t2024",
        ));
        assert_eq!(rows[0].cells[1], "Januar 2022 bis Februar 2024");
        assert_eq!(rows[1].cells, ["• Migrated a service"]);
    }

    #[test]
    fn a_connector_in_a_cell_of_its_own_joins_its_dates() {
        let rows = rows_of(&lines("Engineer\tSep. 2023\t–\tMar. 2024"));
        assert_eq!(rows[0].cells, ["Engineer", "Sep. 2023 – Mar. 2024"]);
    }

    #[test]
    fn a_name_ending_in_an_abbreviation_is_not_a_sentence() {
        for (cell, sentence) in [
            ("Umbrella Corp.", false),
            ("Beispiel e.V.", false),
            ("Wrote the billing service.", true),
            ("Responsibilities:", true),
        ] {
            assert_eq!(ends_as_sentence(cell), sentence, "{cell}");
        }
    }

    #[test]
    fn ranges_listed_at_the_end_of_a_header_all_count() {
        let (before, ranges) = trailing_dates(
            "Ayudante de profesor, Depto de Física Agosto 2015 - Mayo 2016, Agosto 2016 - Mayo 2017",
        )
        .unwrap();
        assert_eq!(before, "Ayudante de profesor, Depto de Física");
        assert_eq!(ranges.len(), 2);
        assert!(trailing_dates("Revenue grew in 2015").is_none());
    }

    #[test]
    fn date_cells_may_carry_a_label_or_a_joining_word() {
        for cell in [
            "Dates: 2019 – 2021",
            "Zeitraum: 2019 – 2021",
            "Période : 2019 – 2021",
            "2010 – 2012 et 2014 – 2016",
            "depuis 2019",
        ] {
            assert!(date_cell(cell).is_some_and(|r| !r.is_empty()), "{cell}");
        }
        assert!(date_cell("Revenue grew in 2019").is_none());
    }
}
