//! The page-flow engine of the PDF report: text shaped into runs per font
//! face, wrapped (at spaces, after hyphens, around CJK characters; a run
//! with no break wider than a line is cut), flowed over A4 pages, and the
//! marks turned into printpdf operations with each face's subset embedded.
//! Bold is drawn as fill + a thin stroke of the same face, so one face per
//! script serves both weights. Coordinates: layout measures from the top of
//! the page, marks hold PDF's (from the bottom).
//!
//! Not done: bidirectional reordering and shaping. Hebrew and Arabic come
//! out in logical order with isolated letter forms, Indic scripts without
//! their conjuncts; the text layer (copy, search, `pdftotext`) is right.

use super::ReportError;
use super::fonts::FontSet;
use printpdf::{
    Color, FontId, Line, LinePoint, Mm, Op, PaintMode, ParsedFont, PdfDocument, PdfFontHandle,
    PdfPage, PdfSaveOptions, Point, Pt, Rect, Rgb, TextItem, TextRenderingMode,
};
use std::collections::BTreeSet;

const PAGE_W: f32 = 595.276;
pub(super) const PAGE_H: f32 = 841.89;
pub(super) const MARGIN: f32 = 50.0;
const TOP: f32 = 50.0;
const BOTTOM: f32 = 60.0;
pub(super) const CONTENT_W: f32 = PAGE_W - 2.0 * MARGIN;
pub(super) const BODY: f32 = 10.0;
pub(super) const LABEL_W: f32 = 130.0;

pub(super) type Rgb3 = (f32, f32, f32);
pub(super) const INK: Rgb3 = (0.10, 0.11, 0.13);
pub(super) const GREY: Rgb3 = (0.42, 0.45, 0.50);
pub(super) const ACCENT: Rgb3 = (0.13, 0.33, 0.58);
pub(super) const TRACK: Rgb3 = (0.92, 0.93, 0.95);
const RULE: Rgb3 = (0.80, 0.82, 0.85);

#[derive(Clone, Copy)]
pub(super) struct Style {
    size: f32,
    bold: bool,
    color: Rgb3,
}

pub(super) const fn style(size: f32, bold: bool, color: Rgb3) -> Style {
    Style { size, bold, color }
}

pub(super) const BODY_STYLE: Style = style(BODY, false, INK);
pub(super) const LABEL_STYLE: Style = style(BODY, true, INK);
pub(super) const NOTE_STYLE: Style = style(9.0, false, GREY);

/// What is drawn on a page; `y` is PDF's (from the bottom).
pub(super) enum Mark {
    Text {
        x: f32,
        y: f32,
        style: Style,
        face: usize,
        text: String,
    },
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        color: Rgb3,
    },
    Line {
        from: (f32, f32),
        to: (f32, f32),
        width: f32,
        color: Rgb3,
    },
}

/// A character to draw: its face and advance in ems.
#[derive(Clone, Copy)]
pub(super) struct Glyph {
    c: char,
    face: usize,
    advance: f32,
}

pub(super) struct Layout<'f> {
    fonts: &'f mut FontSet,
    pub(super) pages: Vec<Vec<Mark>>,
    /// The page drawn on.
    current: usize,
    /// Characters drawn, per face.
    pub(super) used: Vec<BTreeSet<char>>,
    /// Distance of the next line's top from the page's top.
    pub(super) y: f32,
}

impl<'f> Layout<'f> {
    pub(super) fn new(fonts: &'f mut FontSet) -> Self {
        Self {
            fonts,
            pages: vec![Vec::new()],
            current: 0,
            used: Vec::new(),
            y: TOP,
        }
    }

    pub(super) fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.current = self.pages.len() - 1;
        self.y = TOP;
    }

    /// Start a new page unless `h` more points fit on this one.
    pub(super) fn ensure(&mut self, h: f32) {
        if self.y + h > PAGE_H - BOTTOM && self.y > TOP {
            self.new_page();
        }
    }

    pub(super) fn mark(&mut self, m: Mark) {
        if let Some(p) = self.pages.get_mut(self.current) {
            p.push(m);
        }
    }

    /// The drawable characters of `text`: tabs as spaces; control, invisible
    /// and bidi-formatting characters and those no face has left out.
    /// Arabic letters take their joined forms when the fonts have them.
    pub(super) fn glyphs(&mut self, text: &str) -> Vec<Glyph> {
        let shaped = super::bidi::shape(text);
        let drawable = |fonts: &mut FontSet, c: char| {
            c.is_control() || invisible(c) || fonts.face_for(c).is_some()
        };
        let text = if shaped.chars().all(|c| drawable(self.fonts, c)) {
            shaped.as_ref()
        } else {
            text
        };
        let mut out = Vec::with_capacity(text.len());
        for c in text.chars() {
            let c = if c == '\t' { ' ' } else { c };
            if c.is_control() || invisible(c) {
                continue;
            }
            if let Some(face) = self.fonts.face_for(c) {
                out.push(Glyph {
                    c,
                    face,
                    advance: self.fonts.face(face).advance(c),
                });
            }
        }
        out
    }

    pub(super) fn width(glyphs: &[Glyph], size: f32) -> f32 {
        glyphs.iter().map(|g| g.advance * size).sum()
    }

    /// Draw glyphs on one line, run by run per face; `top` from the page
    /// top. Right-to-left text is put in visual order.
    pub(super) fn draw(&mut self, x: f32, top: f32, glyphs: &[Glyph], st: Style) {
        self.draw_line(x, top, glyphs, st, None);
    }

    /// [`Self::draw`] for a line of a paragraph whose direction is `rtl`.
    fn draw_line(&mut self, x: f32, top: f32, glyphs: &[Glyph], st: Style, rtl: Option<bool>) {
        let order = super::bidi::visual_order(glyphs, |g| g.c, rtl);
        let glyphs: Vec<Glyph> = order.into_iter().map(|i| glyphs[i]).collect();
        let baseline = PAGE_H - top - st.size;
        let mut x = x;
        let mut i = 0;
        while i < glyphs.len() {
            let face = glyphs[i].face;
            let mut j = i;
            let mut text = String::new();
            let mut w = 0.0;
            while j < glyphs.len() && glyphs[j].face == face {
                text.push(glyphs[j].c);
                w += glyphs[j].advance * st.size;
                j += 1;
            }
            if self.used.len() <= face {
                self.used.resize_with(face + 1, BTreeSet::new);
            }
            self.used[face].extend(text.chars());
            self.mark(Mark::Text {
                x,
                y: baseline,
                style: st,
                face,
                text,
            });
            x += w;
            i = j;
        }
    }

    /// Text wrapped to `width` from `x`, flowing over pages; every line
    /// break in the text starts a new line.
    pub(super) fn block(&mut self, text: &str, st: Style, x: f32, width: f32) {
        let lh = st.size * 1.38;
        let text = text.replace("\r\n", "\n").replace('\r', "\n");
        for para in text.split('\n') {
            let glyphs = self.glyphs(para);
            // A right-to-left paragraph is set flush right.
            let rtl = super::bidi::paragraph_is_rtl(para);
            for line in wrap(&glyphs, st.size, width) {
                self.ensure(lh);
                let line = &glyphs[line];
                let at = if rtl {
                    x + width - Self::width(line, st.size)
                } else {
                    x
                };
                self.draw_line(at, self.y, line, st, Some(rtl));
                self.y += lh;
            }
        }
    }

    pub(super) fn para(&mut self, text: &str, st: Style) {
        self.block(text, st, MARGIN, CONTENT_W);
    }

    pub(super) fn gap(&mut self, h: f32) {
        self.y += h;
    }

    pub(super) fn heading(&mut self, text: &str, size: f32) {
        self.gap(size * 0.6);
        self.ensure(size * 1.4 + 4.0 * BODY * 1.38);
        self.para(text, style(size, true, ACCENT));
        let y = PAGE_H - self.y;
        self.mark(Mark::Line {
            from: (MARGIN, y),
            to: (MARGIN + CONTENT_W, y),
            width: 0.5,
            color: RULE,
        });
        self.gap(4.0);
    }

    /// A label and its value beside it (the value wraps under itself).
    pub(super) fn field(&mut self, label: &str, value: &str) {
        self.ensure(BODY * 1.38);
        let label = self.glyphs(label);
        let label = truncate(&label, BODY, LABEL_W - 8.0, self.ellipsis());
        self.draw(MARGIN, self.y, &label, LABEL_STYLE);
        self.block(value, BODY_STYLE, MARGIN + LABEL_W, CONTENT_W - LABEL_W);
    }

    pub(super) fn bullet(&mut self, text: &str, st: Style) {
        self.ensure(st.size * 1.38);
        let dot = self.glyphs("\u{2022}");
        self.draw(MARGIN + 4.0, self.y, &dot, st);
        self.block(text, st, MARGIN + 16.0, CONTENT_W - 16.0);
    }

    pub(super) fn ellipsis(&mut self) -> Vec<Glyph> {
        self.glyphs("\u{2026}")
    }

    /// A rule and "name — job · page i of n" at the foot of every page.
    pub(super) fn footers(&mut self, text: &str) {
        let n = self.pages.len();
        let ellipsis = self.ellipsis();
        let name = self.glyphs(text);
        let name = truncate(&name, 8.0, CONTENT_W - 90.0, ellipsis);
        let st = style(8.0, false, GREY);
        for i in 0..n {
            let number = self.glyphs(&format!("page {} of {n}", i + 1));
            let w = Self::width(&number, 8.0);
            self.current = i;
            let top = PAGE_H - BOTTOM + 24.0;
            self.mark(Mark::Line {
                from: (MARGIN, PAGE_H - top + 4.0),
                to: (MARGIN + CONTENT_W, PAGE_H - top + 4.0),
                width: 0.5,
                color: RULE,
            });
            self.draw(MARGIN, top, &name, st);
            self.draw(MARGIN + CONTENT_W - w, top, &number, st);
        }
    }
}

/// Zero-width, bidi-formatting and annotation characters: drawn as nothing
/// (right-to-left lines are reordered by `bidi.rs`, not by marks).
fn invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{206F}'
            | '\u{FEFF}'
            | '\u{FFF9}'..='\u{FFFB}'
    )
}

/// Line ranges of `glyphs` wrapped to `width` at `size`: breaks after
/// spaces, after hyphens and slashes, and around CJK characters; a run
/// with no break that is wider than a line is cut; spaces at a break are
/// dropped.
fn wrap(glyphs: &[Glyph], size: f32, width: f32) -> Vec<std::ops::Range<usize>> {
    let mut lines = Vec::new();
    let (mut start, mut i, mut w) = (0, 0, 0.0f32);
    let mut brk: Option<usize> = None;
    while i < glyphs.len() {
        let c = glyphs[i].c;
        if i > start && breakable(glyphs[i - 1].c, c) {
            brk = Some(i);
        }
        let adv = glyphs[i].advance * size;
        if w + adv > width && i > start && c != ' ' {
            let end = brk.filter(|&b| b > start).unwrap_or(i);
            lines.push(trim(glyphs, start, end));
            start = end;
            while start < glyphs.len() && glyphs[start].c == ' ' {
                start += 1;
            }
            (i, w, brk) = (start, 0.0, None);
            continue;
        }
        w += adv;
        i += 1;
    }
    if start < glyphs.len() || lines.is_empty() {
        lines.push(trim(glyphs, start, glyphs.len()));
    }
    lines
}

fn trim(glyphs: &[Glyph], start: usize, mut end: usize) -> std::ops::Range<usize> {
    while end > start && glyphs[end - 1].c == ' ' {
        end -= 1;
    }
    start..end
}

fn breakable(prev: char, next: char) -> bool {
    prev == ' '
        || (matches!(prev, '-' | '/' | '\u{2013}' | '\u{2014}') && next != ' ')
        || wide(prev)
        || wide(next)
}

/// CJK characters: a line may break before or after any of them.
fn wide(c: char) -> bool {
    matches!(
        c,
        '\u{1100}'..='\u{11FF}'
            | '\u{2E80}'..='\u{9FFF}'
            | '\u{A960}'..='\u{A97F}'
            | '\u{AC00}'..='\u{D7FF}'
            | '\u{F900}'..='\u{FAFF}'
            | '\u{FE30}'..='\u{FE4F}'
            | '\u{FF00}'..='\u{FFEF}'
            | '\u{20000}'..='\u{3FFFF}'
    )
}

/// The glyphs that fit `width`, with an ellipsis when cut.
pub(super) fn truncate(
    glyphs: &[Glyph],
    size: f32,
    width: f32,
    ellipsis: Vec<Glyph>,
) -> Vec<Glyph> {
    if Layout::width(glyphs, size) <= width {
        return glyphs.to_vec();
    }
    let room = width - Layout::width(&ellipsis, size);
    let mut w = 0.0;
    let mut out: Vec<Glyph> = glyphs
        .iter()
        .take_while(|g| {
            w += g.advance * size;
            w <= room
        })
        .copied()
        .collect();
    out.extend(ellipsis);
    out
}

fn color(c: Rgb3) -> Color {
    Color::Rgb(Rgb {
        r: c.0,
        g: c.1,
        b: c.2,
        icc_profile: None,
    })
}

/// Embed each face's subset and turn the marks into printpdf pages.
pub(super) fn write(
    fonts: &FontSet,
    pages: Vec<Vec<Mark>>,
    used: &[BTreeSet<char>],
) -> Result<Vec<u8>, ReportError> {
    let mut doc = PdfDocument::new("Interview scorecard");
    let mut warnings = Vec::new();
    let mut ids: Vec<Option<FontId>> = Vec::with_capacity(fonts.count());
    let mut all_subset = true;
    for i in 0..fonts.count() {
        let face = fonts.face(i);
        let chars = used.get(i).filter(|c| !c.is_empty());
        // A face that cannot be embedded loses its text, not the report.
        let parsed = chars.and_then(|chars| {
            let subset = face.subset(chars);
            if let Err(e) = &subset {
                all_subset = false;
                tracing::warn!(face = %face.name, error = %e, "font not subset; embedding it whole");
            }
            std::panic::catch_unwind(|| {
                subset
                    .ok()
                    .and_then(|bytes| ParsedFont::from_bytes(&bytes, 0, &mut Vec::new()))
                    .or_else(|| {
                        let (bytes, index) = face.program();
                        ParsedFont::from_bytes(bytes, index, &mut Vec::new())
                    })
            })
            .ok()
            .flatten()
        });
        ids.push(parsed.map(|p| doc.add_font(&p)));
    }
    let pages = pages
        .into_iter()
        .map(|marks| PdfPage::new(Mm(210.0), Mm(297.0), ops(marks, &ids)))
        .collect();
    doc.with_pages(pages);
    let bytes = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        doc.save(&PdfSaveOptions::default(), &mut warnings)
    }))
    .map_err(|_| ReportError::Pdf("printpdf panicked while writing".into()))?;
    for w in &warnings {
        tracing::debug!(warning = %w.msg, "printpdf");
    }
    Ok(if all_subset {
        super::fonts::tag_subsets(bytes)
    } else {
        bytes
    })
}

/// The drawing operations of a page, setting colours, fonts and the text
/// mode only when they change.
fn ops(marks: Vec<Mark>, ids: &[Option<FontId>]) -> Vec<Op> {
    let mut out = Vec::with_capacity(marks.len() * 4);
    let mut fill: Option<Rgb3> = None;
    let mut stroke: Option<(Rgb3, f32)> = None;
    let mut font: Option<(usize, f32)> = None;
    let mut bold: Option<bool> = None;
    let mut set_fill = |out: &mut Vec<Op>, c: Rgb3| {
        if fill != Some(c) {
            out.push(Op::SetFillColor { col: color(c) });
            fill = Some(c);
        }
    };
    let mut set_stroke = |out: &mut Vec<Op>, c: Rgb3, w: f32| {
        if stroke != Some((c, w)) {
            out.push(Op::SetOutlineColor { col: color(c) });
            out.push(Op::SetOutlineThickness { pt: Pt(w) });
            stroke = Some((c, w));
        }
    };
    for m in marks {
        match m {
            Mark::Text {
                x,
                y,
                style,
                face,
                text,
            } => {
                let Some(Some(id)) = ids.get(face) else {
                    continue;
                };
                set_fill(&mut out, style.color);
                if style.bold {
                    set_stroke(&mut out, style.color, style.size * 0.035);
                }
                out.push(Op::StartTextSection);
                if font != Some((face, style.size)) {
                    out.push(Op::SetFont {
                        font: PdfFontHandle::External(id.clone()),
                        size: Pt(style.size),
                    });
                    font = Some((face, style.size));
                }
                if bold != Some(style.bold) {
                    out.push(Op::SetTextRenderingMode {
                        mode: if style.bold {
                            TextRenderingMode::FillStroke
                        } else {
                            TextRenderingMode::Fill
                        },
                    });
                    bold = Some(style.bold);
                }
                out.push(Op::SetTextCursor {
                    pos: Point { x: Pt(x), y: Pt(y) },
                });
                out.push(Op::ShowText {
                    items: vec![TextItem::Text(text)],
                });
                out.push(Op::EndTextSection);
            }
            Mark::Rect { x, y, w, h, color } => {
                set_fill(&mut out, color);
                out.push(Op::DrawRectangle {
                    rectangle: Rect {
                        x: Pt(x),
                        y: Pt(y),
                        width: Pt(w),
                        height: Pt(h),
                        mode: Some(PaintMode::Fill),
                        winding_order: None,
                    },
                });
            }
            Mark::Line {
                from,
                to,
                width,
                color,
            } => {
                set_stroke(&mut out, color, width);
                let point = |(x, y): (f32, f32)| LinePoint {
                    p: Point { x: Pt(x), y: Pt(y) },
                    bezier: false,
                };
                out.push(Op::DrawLine {
                    line: Line {
                        points: vec![point(from), point(to)],
                        is_closed: false,
                    },
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn glyphs(text: &str) -> Vec<Glyph> {
        text.chars()
            .map(|c| Glyph {
                c,
                face: 0,
                advance: if wide(c) { 1.0 } else { 0.5 },
            })
            .collect()
    }

    fn lines(text: &str, width: f32) -> Vec<String> {
        let g = glyphs(text);
        wrap(&g, 10.0, width)
            .into_iter()
            .map(|r| g[r].iter().map(|g| g.c).collect())
            .collect()
    }

    #[test]
    fn lines_break_at_spaces_around_cjk_and_cut_what_cannot_break() {
        // 5 pt a character, 30 pt a line: six characters.
        assert_eq!(lines("aaa bbb ccc", 30.0), ["aaa", "bbb", "ccc"]);
        assert_eq!(lines("aaaaaaaaaaaaaa", 30.0), ["aaaaaa", "aaaaaa", "aa"]);
        assert_eq!(lines("ab-cdefg", 30.0), ["ab-", "cdefg"]);
        // 10 pt each: three a line, no spaces needed.
        assert_eq!(lines("王小明王小明王", 30.0), ["王小明", "王小明", "王"]);
        assert_eq!(lines("ab 王小明", 30.0), ["ab 王", "小明"]);
        assert_eq!(lines("", 30.0), [""]);
        assert_eq!(lines("   ", 30.0), [""]);
        // A line narrower than one character still progresses.
        assert_eq!(lines("王小", 1.0), ["王", "小"]);
    }
}
