//! Lines and columns from positioned glyphs: glyphs on one baseline become
//! runs (a wide gap starts a new run), and a recursive XY-cut orders them:
//! a vertical gutter that runs the whole height of a region splits it into
//! columns, otherwise the region is cut into horizontal bands and the bands
//! that share a gutter are grouped and cut again. Runs of one line are
//! joined by a tab.

#[derive(Debug, Clone)]
pub(super) struct Glyph {
    pub x: f64,
    /// Baseline, measured down from the top of the page.
    pub y: f64,
    pub advance: f64,
    pub size: f64,
    /// One character mostly: kept inline, no allocation per glyph.
    pub text: compact_str::CompactString,
}

/// Glyphs on one baseline with no wide gap between them.
#[derive(Debug, Clone)]
pub(super) struct Run {
    x0: f64,
    x1: f64,
    y: f64,
    size: f64,
    text: String,
    /// Baseline and size of the run's last glyph.
    tail_y: f64,
    tail_size: f64,
}

impl Run {
    fn top(&self) -> f64 {
        self.y - self.size * 0.8
    }
    fn bottom(&self) -> f64 {
        self.y + self.size * 0.25
    }
}

/// Running headers and footers: the same line (page numbers aside) at the
/// top or bottom of two or more pages.
pub(super) fn running_lines(pages: &[Vec<String>]) -> std::collections::HashSet<String> {
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for page in pages {
        let n = page.len();
        let mut edge: Vec<String> = page
            .iter()
            .enumerate()
            .filter(|(i, _)| *i < 2 || *i + 2 >= n)
            .map(|(_, l)| page_key(l))
            .collect();
        edge.sort();
        edge.dedup();
        for key in edge {
            *seen.entry(key).or_default() += 1;
        }
    }
    seen.into_iter()
        .filter(|(k, count)| *count >= 2 && (k.len() >= 20 || k.contains('#')))
        .map(|(k, _)| k)
        .collect()
}

pub(super) fn page_key(line: &str) -> String {
    line.chars()
        .map(|c| if c.is_ascii_digit() { '#' } else { c })
        .collect()
}

pub(super) fn runs_of(mut glyphs: Vec<Glyph>) -> Vec<Run> {
    glyphs.sort_by(|a, b| a.y.total_cmp(&b.y));
    // Cluster glyphs into lines by baseline: a line's baseline is that of
    // its largest glyph so far, so raised and lowered small glyphs (the A
    // and E of the TeX logos, superscripts) join the line they belong to
    // instead of starting one.
    let mut lines: Vec<(f64, f64, Vec<Glyph>)> = Vec::new(); // (baseline, size, glyphs)
    for g in glyphs {
        match lines.last_mut() {
            Some((baseline, size, line)) if (g.y - *baseline).abs() < size.min(g.size) * 0.4 => {
                if g.size > *size * 1.05 {
                    (*baseline, *size) = (g.y, g.size);
                }
                line.push(g);
            }
            _ => lines.push((g.y, g.size, vec![g])),
        }
    }
    let mut lines: Vec<Vec<Glyph>> = lines.into_iter().map(|(_, _, line)| line).collect();
    for line in &mut lines {
        line.sort_by(|a, b| a.x.total_cmp(&b.x));
    }
    let starts = column_starts(&lines);
    let mut runs = Vec::new();
    for line in lines {
        let mut current: Option<Run> = None;
        // Letters and digits in the current run so far.
        let mut letters = 0usize;
        for g in line {
            if let Some(run) = current.as_mut() {
                let gap = g.x - run.x1;
                let size = run.size.max(g.size);
                // Text set on its own baseline after more than a word space
                // is another block (a date column beside a bullet), even
                // when the gutter is narrow; glyphs of one run share their
                // baseline to a hair. A lone symbol (a bullet, an icon) is
                // often raised: it stays with the text after it.
                let words = letters > 1;
                let other_baseline =
                    words && (g.y - run.tail_y).abs() > size * 0.08 && gap > size * 0.3;
                // A change of size behind a gap wider than a word space is a
                // label beside its content (a heading in a label column).
                let (small, large) = (run.tail_size.min(g.size), run.tail_size.max(g.size));
                let other_size = words && large > small * 1.15 && gap > small * 0.5;
                // A narrower gap before the left edge of a column that other
                // lines start at too (a right-aligned date column beside the
                // entries, moderncv's): another block.
                let column = words && gap > size * NARROW_GUTTER && starts.contains(&x_key(g.x));
                if gap > size * 1.2 || other_baseline || other_size || column {
                    runs.push(current.take().unwrap());
                } else {
                    if gap > size * 0.15 && !run.text.ends_with(' ') {
                        run.text.push(' ');
                    }
                    letters += g.text.chars().filter(|c| c.is_alphanumeric()).count();
                    run.text.push_str(&g.text);
                    run.x1 = run.x1.max(g.x + g.advance);
                    (run.tail_y, run.tail_size) = (g.y, g.size);
                    continue;
                }
            }
            letters = g.text.chars().filter(|c| c.is_alphanumeric()).count();
            current = Some(Run {
                x0: g.x,
                x1: g.x + g.advance,
                y: g.y,
                size: g.size,
                text: g.text.into_string(),
                tail_y: g.y,
                tail_size: g.size,
            });
        }
        runs.extend(current);
    }
    runs
}

/// Han, kana and the CJK punctuation and full-width forms.
pub(super) fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3000..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF)
}

/// A gap of this many font sizes, wider than any word space of set text,
/// splits a line where the text after it starts at a shared column edge.
const NARROW_GUTTER: f64 = 0.6;

/// Lines that must start text at the same left edge behind such a gap for
/// the edge to be a column's.
const COLUMN_LINES: usize = 3;

fn x_key(x: f64) -> i64 {
    (x * 2.0).round() as i64
}

/// Left edges (in half points) where, on at least [`COLUMN_LINES`] lines,
/// text starts behind a gap wider than [`NARROW_GUTTER`] font sizes: the
/// edge of a column the lines share. Justified text puts its wide spaces at
/// varying places, so they do not line up.
fn column_starts(lines: &[Vec<Glyph>]) -> std::collections::HashSet<i64> {
    let mut seen: std::collections::HashMap<i64, usize> = std::collections::HashMap::new();
    for line in lines {
        let mut keys: Vec<i64> = line
            .windows(2)
            .filter(|w| {
                let gap = w[1].x - (w[0].x + w[0].advance);
                let size = w[0].size.max(w[1].size);
                gap > size * NARROW_GUTTER && gap <= size * 1.2
            })
            .map(|w| x_key(w[1].x))
            .collect();
        keys.dedup();
        for key in keys {
            // Glyph positions differ by rounding: an edge counts for its
            // neighbours within half a point.
            for k in key - 1..=key + 1 {
                *seen.entry(k).or_default() += 1;
            }
        }
    }
    seen.into_iter()
        .filter(|(_, n)| *n >= COLUMN_LINES)
        .map(|(k, _)| k)
        .collect()
}

pub(super) fn layout(runs: Vec<Run>) -> Vec<String> {
    if runs.is_empty() {
        return Vec::new();
    }
    if let Some(x) = gutter(&runs) {
        let (left, right): (Vec<Run>, Vec<Run>) = runs.into_iter().partition(|r| r.x1 <= x);
        let mut lines = layout(left);
        lines.extend(layout(right));
        return lines;
    }
    let bands = bands_of(runs);
    if bands.len() == 1 {
        return lines_of(bands.into_iter().next().unwrap());
    }
    let mut lines = Vec::new();
    let mut i = 0;
    while i < bands.len() {
        // The longest run of bands starting at i that shares one gutter.
        // Bands of one column ahead of the first two-column band (a title
        // and dates above a sidebar's top) join it when they sit in one of
        // its columns.
        let mut end = i;
        let mut union: Vec<Run> = bands[i].clone();
        let mut grown = union.clone();
        for (j, band) in bands.iter().enumerate().skip(i + 1) {
            grown.extend(band.iter().cloned());
            if gutter(&grown).is_some() {
                union.clone_from(&grown);
                end = j;
            } else if !(end == i && j - i < LEAD_BANDS && gaps(&grown).is_empty()) {
                break;
            }
        }
        if end == i {
            // A band alone may still hold two columns.
            lines.extend(layout(bands[i].clone()));
        } else {
            lines.extend(layout(union));
        }
        i = end + 1;
    }
    lines
}

/// Horizontal bands separated by vertical white space.
fn bands_of(mut runs: Vec<Run>) -> Vec<Vec<Run>> {
    runs.sort_by(|a, b| a.top().total_cmp(&b.top()));
    let mut bands: Vec<Vec<Run>> = Vec::new();
    let mut bottom = f64::NEG_INFINITY;
    for r in runs {
        let gap_needed = r.size * 0.6;
        if bands.is_empty() || r.top() > bottom + gap_needed {
            bottom = r.bottom();
            bands.push(vec![r]);
        } else {
            bottom = bottom.max(r.bottom());
            bands.last_mut().unwrap().push(r);
        }
    }
    bands
}

/// The narrowest gutter, in median font sizes, that parts two columns.
const GUTTER: f64 = 1.2;

/// A narrower gutter parts a main column from a narrower sidebar on its
/// right (set an em from the main column's right-aligned dates); a label
/// column on the left needs the full [`GUTTER`].
const SIDEBAR_GUTTER: f64 = 1.0;

/// How many one-column bands may lead into a two-column stretch.
const LEAD_BANDS: usize = 8;

fn median_size(runs: &[Run]) -> f64 {
    let mut sizes: Vec<f64> = runs.iter().map(|r| r.size).collect();
    sizes.sort_by(f64::total_cmp);
    sizes.get(sizes.len() / 2).copied().unwrap_or(0.0)
}

/// Vertical white gaps no run crosses, at least [`SIDEBAR_GUTTER`] wide:
/// (width, x of the middle).
fn gaps(runs: &[Run]) -> Vec<(f64, f64)> {
    let mut spans: Vec<(f64, f64)> = runs.iter().map(|r| (r.x0, r.x1)).collect();
    spans.sort_by(|a, b| a.0.total_cmp(&b.0));
    let min_gap = median_size(runs) * SIDEBAR_GUTTER;
    let mut out = Vec::new();
    let Some(&(_, mut reach)) = spans.first() else {
        return out;
    };
    for &(x0, x1) in &spans[1..] {
        if x0 - reach >= min_gap {
            out.push((x0 - reach, (reach + x0) / 2.0));
        }
        reach = reach.max(x1);
    }
    out
}

/// The x of a vertical gutter that splits these runs into two real columns.
fn gutter(runs: &[Run]) -> Option<f64> {
    if runs.len() < 4 {
        return None;
    }
    let median = median_size(runs);
    // Every gutter wide enough that parts real columns; of these the one
    // whose right side shares the fewest baselines with its left: a column
    // of its own keeps its own baselines, while a gutter that only sets off
    // the dates beside their titles does not (the dates then stay with the
    // main column and a narrower gutter parts it from the sidebar).
    let mut candidates = gaps(runs);
    candidates.sort_by(|a, b| b.0.total_cmp(&a.0));
    candidates
        .into_iter()
        .filter(|&(width, x)| {
            parts_columns(runs, x)
                && (width >= median * GUTTER || sidebar_right(runs, x))
                && !date_column_right(runs, x)
        })
        .map(|(_, x)| (shared_baselines(runs, x), x))
        .min_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, x)| x)
}

/// Whether the runs right of `x` are the entries' places and dates set
/// flush right beside them (a range wrapped over two lines gives the
/// column baselines of its own): a narrow side where half the runs or more
/// hold a year. It stays with the entries.
fn date_column_right(runs: &[Run], x: f64) -> bool {
    let right: Vec<&Run> = runs.iter().filter(|r| r.x1 > x).collect();
    let year = |t: &str| {
        t.as_bytes().windows(4).any(|w| {
            w.iter().all(u8::is_ascii_digit) && (w.starts_with(b"19") || w.starts_with(b"20"))
        })
    };
    let dated = right.iter().filter(|r| year(&r.text)).count();
    right.len() >= 3 && dated * 2 >= right.len() && sidebar_right(runs, x)
}

/// Whether the runs right of `x` span less than half the width of those
/// left of it.
fn sidebar_right(runs: &[Run], x: f64) -> bool {
    let (left, right): (Vec<&Run>, Vec<&Run>) = runs.iter().partition(|r| r.x1 <= x);
    width(&right) < width(&left) * 0.5
}

fn width(side: &[&Run]) -> f64 {
    let x0 = side.iter().map(|r| r.x0).fold(f64::INFINITY, f64::min);
    let x1 = side.iter().map(|r| r.x1).fold(f64::NEG_INFINITY, f64::max);
    x1 - x0
}

fn share_baseline(a: &Run, b: &Run) -> bool {
    (a.y - b.y).abs() < a.size.min(b.size) * 0.3
}

/// The share of the runs right of `x` that sit on the baseline of a run
/// left of it.
fn shared_baselines(runs: &[Run], x: f64) -> f64 {
    let (left, right): (Vec<&Run>, Vec<&Run>) = runs.iter().partition(|r| r.x1 <= x);
    let shared = right
        .iter()
        .filter(|r| left.iter().any(|l| share_baseline(l, r)))
        .count();
    shared as f64 / right.len().max(1) as f64
}

/// Whether the gutter at `x` parts two real columns.
fn parts_columns(runs: &[Run], x: f64) -> bool {
    let (left, right): (Vec<&Run>, Vec<&Run>) = runs.iter().partition(|r| r.x1 <= x);
    if left.len() < 2 || right.len() < 2 {
        return false;
    }
    // A real column has its own baselines; a right-aligned date next to
    // each title shares them, and must stay on the title's line.
    // Likewise a label column ("2019 – 2021 | Acme", "Sprachen | Englisch")
    // is a table whose every label sits on a content line.
    let right_aligned = right
        .iter()
        .filter(|r| left.iter().any(|l| share_baseline(l, r)))
        .count();
    let left_aligned = left
        .iter()
        .filter(|l| right.iter().any(|r| share_baseline(l, r)))
        .count();
    // A left side whose lines follow one another at line pitch is a column
    // of text (a sidebar set on the main column's grid), not labels.
    let text = runs_on(&left);
    if right_aligned * 20 >= right.len() * 17 || left_aligned * 20 >= left.len() * 17 && !text {
        return false;
    }
    // A narrow label column where most labels sit on a content line is a
    // table too (headings in the label column lower the share).
    text || !(width(&left) < width(&right) * 0.5 && left_aligned * 2 >= left.len())
}

/// Whether most of these runs sit in stretches of three or more lines at
/// line pitch: running text, as labels of a label column are not (each
/// sits beside an entry of several lines; a date range broken over two
/// lines makes a pair, not a stretch).
fn runs_on(side: &[&Run]) -> bool {
    let mut ys: Vec<(f64, f64)> = side.iter().map(|r| (r.y, r.size)).collect();
    ys.sort_by(|a, b| a.0.total_cmp(&b.0));
    ys.dedup_by(|b, a| (b.0 - a.0).abs() < a.1.min(b.1) * 0.3);
    if ys.len() < 6 {
        return false;
    }
    let mut in_stretches = 0;
    let mut stretch = 1;
    for i in 1..=ys.len() {
        let next = ys
            .get(i)
            .filter(|b| b.0 - ys[i - 1].0 < ys[i - 1].1.max(b.1) * 1.8);
        if next.is_some() {
            stretch += 1;
        } else {
            if stretch >= 3 {
                in_stretches += stretch;
            }
            stretch = 1;
        }
    }
    in_stretches * 10 >= ys.len() * 8
}

fn lines_of(mut runs: Vec<Run>) -> Vec<String> {
    runs.sort_by(|a, b| a.y.total_cmp(&b.y));
    let mut lines: Vec<Vec<Run>> = Vec::new();
    for r in runs {
        match lines.last_mut() {
            Some(line) if (r.y - line[0].y).abs() < line[0].size.min(r.size) * 0.4 => line.push(r),
            _ => lines.push(vec![r]),
        }
    }
    lines
        .into_iter()
        .map(|mut line| {
            line.sort_by(|a, b| a.x0.total_cmp(&b.x0));
            line.iter()
                .map(|r| r.text.trim())
                .collect::<Vec<_>>()
                .join("\t")
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(x0: f64, x1: f64, y: f64, text: &str) -> Run {
        Run {
            x0,
            x1,
            y,
            size: 10.0,
            text: text.to_owned(),
            tail_y: y,
            tail_size: 10.0,
        }
    }

    /// A sidebar set on the main column's line grid (a word-processor
    /// table): most of its lines share a baseline with a main-column line,
    /// as a label column's would, but they follow one another at line
    /// pitch, so they are a column of their own.
    #[test]
    fn a_sidebar_on_the_main_columns_grid_is_a_column() {
        let mut runs = Vec::new();
        let side = [
            "Contact",
            "ana@example.org",
            "+34 600 000 000",
            "Madrid",
            "Skills",
            "Rust, SQL",
            "Languages",
            "Spanish",
        ];
        for (i, t) in side.iter().enumerate() {
            runs.push(run(40.0, 180.0, 60.0 + 16.0 * i as f64, t));
        }
        // The main column's first lines share the sidebar's baselines; a
        // heading's extra space then moves the rest off them.
        let main = [
            "Experience",
            "Engineer",
            "2020 - 2024 – Acme S.L.",
            "Built things",
            "Analyst",
            "2018 - 2020 – Beta SA",
            "Wrote reports",
            "Education",
            "BSc",
            "University",
            "2014 - 2018",
        ];
        for (i, t) in main.iter().enumerate() {
            let shift = if i < 4 { 0.0 } else { 8.0 };
            runs.push(run(226.0, 520.0, 60.5 + 16.0 * i as f64 + shift, t));
        }
        // Below the table, a block spanning both columns.
        runs.push(run(
            40.0,
            400.0,
            290.0,
            "Projects: a library used across both columns",
        ));
        runs.push(run(40.0, 300.0, 306.0, "Another project line"));
        let lines = layout(runs);
        let at = |t: &str| {
            lines
                .iter()
                .position(|l| l == t)
                .unwrap_or_else(|| panic!("{t} in {lines:?}"))
        };
        assert_eq!(at("Spanish") + 1, at("Experience"), "{lines:?}");
        assert!(lines.iter().all(|l| !l.contains('\t')), "{lines:?}");
    }

    /// Labels beside entries of several lines are a label column: each
    /// label stays on its entry's first line.
    #[test]
    fn a_label_column_stays_beside_its_entries() {
        let mut runs = Vec::new();
        for e in 0..4 {
            let top = 60.0 + 64.0 * e as f64;
            runs.push(run(40.0, 110.0, top, &format!("201{e} – 201{}", e + 1)));
            for l in 0..4 {
                runs.push(run(
                    140.0,
                    520.0,
                    top + 16.0 * l as f64,
                    &format!("entry {e} line {l}"),
                ));
            }
        }
        let lines = layout(runs);
        assert!(
            lines.contains(&"2010 – 2011\tentry 0 line 0".to_owned()),
            "{lines:?}"
        );
    }

    /// A date range broken over two lines of a label column is still a
    /// label, not running text.
    #[test]
    fn a_label_column_of_two_line_ranges_stays_beside_its_entries() {
        let mut runs = Vec::new();
        for e in 0..4 {
            let top = 60.0 + 80.0 * e as f64;
            runs.push(run(40.0, 110.0, top, &format!("201{e} –")));
            runs.push(run(40.0, 110.0, top + 16.0, &format!("201{}", e + 1)));
            for l in 0..5 {
                runs.push(run(
                    140.0,
                    520.0,
                    top + 16.0 * l as f64,
                    &format!("entry {e} line {l}"),
                ));
            }
        }
        let lines = layout(runs);
        assert!(
            lines.contains(&"2010 –\tentry 0 line 0".to_owned()),
            "{lines:?}"
        );
        assert!(
            lines.contains(&"2011\tentry 0 line 1".to_owned()),
            "{lines:?}"
        );
    }

    /// Places and dates set flush right beside the entries, a range
    /// wrapped over two lines, stay with the entries: not a column.
    #[test]
    fn dates_flush_right_stay_with_their_entries() {
        let mut runs = Vec::new();
        for e in 0..3 {
            let top = 60.0 + 80.0 * e as f64;
            runs.push(run(40.0, 300.0, top, &format!("Acme {e}, Engineer")));
            runs.push(run(470.0, 520.0, top, "Lyon"));
            for l in 1..4 {
                runs.push(run(
                    40.0,
                    400.0,
                    top + 16.0 * l as f64,
                    &format!("• did thing {e}.{l}"),
                ));
            }
            runs.push(run(
                430.0,
                520.0,
                top + 24.0,
                &format!("avril 201{e} à mai"),
            ));
            runs.push(run(490.0, 520.0, top + 40.0, &format!("201{}", e + 1)));
        }
        let lines = layout(runs);
        let at = |t: &str| {
            lines
                .iter()
                .position(|l| l.contains(t))
                .unwrap_or_else(|| panic!("{t} in {lines:?}"))
        };
        assert!(at("avril 2011") < at("Acme 2"), "{lines:?}");
        assert!(at("avril 2011") > at("Acme 1"), "{lines:?}");
    }

    /// A title above a sidebar's top is read with its column, not apart
    /// from the entry it opens.
    #[test]
    fn one_column_lines_above_a_sidebar_join_their_column() {
        let mut runs = vec![
            run(226.0, 400.0, 60.0, "Jane Doe"),
            run(226.0, 400.0, 90.0, "Experience"),
            run(226.0, 400.0, 110.0, "Engineer"),
        ];
        for i in 0..8 {
            let y = 130.0 + 16.0 * i as f64;
            runs.push(run(40.0, 180.0, y, &format!("side {i}")));
            runs.push(run(226.0, 520.0, y + 7.0, &format!("main {i}")));
        }
        let lines = layout(runs);
        let at = |t: &str| {
            lines
                .iter()
                .position(|l| l == t)
                .unwrap_or_else(|| panic!("{t} in {lines:?}"))
        };
        assert_eq!(at("Engineer") + 1, at("main 0"), "{lines:?}");
    }
}
