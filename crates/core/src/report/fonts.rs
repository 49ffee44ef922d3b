//! Fonts for reports: which face draws each character, how wide it is, and
//! the subset of each face a report embeds.
//!
//! Faces are tried in order, the first with a glyph wins:
//! 1. every `.ttf`/`.otf`/`.ttc` in `ATS_FONT_DIR` (first face of each,
//!    by file name), when the variable is set;
//! 2. the bundled Noto Sans subset (`crates/core/fonts/`, OFL-1.1: Latin,
//!    Greek, Cyrillic, punctuation), so a report renders on any machine;
//! 3. system fonts from a list of known paths, loaded only when a character
//!    needs them: DejaVu Sans and Noto Sans (other Latin, Hebrew, Arabic, …),
//!    then CJK faces (Noto Sans CJK, Droid Sans Fallback, AR PL, WenQuanYi;
//!    macOS and Windows equivalents). Han characters are drawn with the
//!    Japanese face of Noto Sans CJK when the report contains kana, the
//!    Korean one when it contains Hangul, else the Simplified Chinese one.
//!
//! A character no face has is left out (never an error, never a box).
//! Fonts are parsed and subset with allsorts; a panic in a font parser
//! (a corrupt file in `ATS_FONT_DIR`) skips that face.

use super::ReportError;
use allsorts::binary::read::ReadScope;
use allsorts::font_data::FontData;
use allsorts::subset::{CmapTarget, SubsetProfile};
use allsorts::tables::cmap::Cmap;
use allsorts::tables::{FontTableProvider, HeadTable, HheaTable, HmtxTable, MaxpTable};
use allsorts::tag;
use std::collections::{BTreeSet, HashMap, VecDeque};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Noto Sans Regular, subset to Latin, Greek, Cyrillic and punctuation.
static BUNDLED: &[u8] = include_bytes!("../../fonts/NotoSans-Regular-subset.ttf");

/// Latin, Cyrillic and other scripts beyond the bundled subset.
const SYSTEM_TEXT: &[&str] = &[
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/TTF/DejaVuSans.ttf",
    "/usr/share/fonts/dejavu-sans-fonts/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
    "/usr/share/fonts/noto/NotoSans-Regular.ttf",
    "/System/Library/Fonts/Supplemental/Arial Unicode.ttf",
    "/Library/Fonts/Arial Unicode.ttf",
    "C:\\Windows\\Fonts\\arial.ttf",
];

/// Noto Sans CJK collections; faces JP 0, KR 1, SC 2, TC 3.
const NOTO_CJK: &[&str] = &[
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto-cjk/NotoSansCJK-Regular.ttc",
];

/// Other CJK fonts, first face.
const OTHER_CJK: &[&str] = &[
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "/usr/share/fonts/google-droid-sans-fonts/DroidSansFallbackFull.ttf",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
    "/usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf",
    "/usr/share/fonts/truetype/arphic-bsmi00lp/bsmi00lp.ttf",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/System/Library/Fonts/Hiragino Sans GB.ttc",
    "/System/Library/Fonts/STHeiti Light.ttc",
    "C:\\Windows\\Fonts\\msyh.ttc",
    "C:\\Windows\\Fonts\\meiryo.ttc",
    "C:\\Windows\\Fonts\\malgun.ttf",
];

/// Which face of a CJK collection draws Han characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CjkStyle {
    Japanese,
    Korean,
    SimplifiedChinese,
}

impl CjkStyle {
    /// From the text a report holds: kana → Japanese, Hangul → Korean.
    pub fn of(text: &str) -> Self {
        let mut korean = false;
        for c in text.chars() {
            match c {
                '\u{3040}'..='\u{30FF}' | '\u{31F0}'..='\u{31FF}' | '\u{FF66}'..='\u{FF9F}' => {
                    return Self::Japanese;
                }
                '\u{AC00}'..='\u{D7AF}' | '\u{1100}'..='\u{11FF}' | '\u{3130}'..='\u{318F}' => {
                    korean = true
                }
                _ => {}
            }
        }
        if korean {
            Self::Korean
        } else {
            Self::SimplifiedChinese
        }
    }

    fn noto_index(self) -> usize {
        match self {
            Self::Japanese => 0,
            Self::Korean => 1,
            Self::SimplifiedChinese => 2,
        }
    }
}

/// One parsed face: its cmap and advances; the bytes stay for subsetting.
pub struct Face {
    pub name: String,
    bytes: Arc<Vec<u8>>,
    index: usize,
    cmap: HashMap<u32, u16>,
    advances: Vec<u16>,
    units_per_em: f32,
}

impl Face {
    fn parse(name: String, bytes: Arc<Vec<u8>>, index: usize) -> Option<Self> {
        let parsed = std::panic::catch_unwind(|| Self::parse_tables(&bytes, index));
        let (cmap, advances, upm) = parsed.ok().flatten()?;
        (upm > 0 && !cmap.is_empty()).then(|| Self {
            name,
            bytes,
            index,
            cmap,
            advances,
            units_per_em: f32::from(upm),
        })
    }

    fn parse_tables(bytes: &[u8], index: usize) -> Option<(HashMap<u32, u16>, Vec<u16>, u16)> {
        let file = ReadScope::new(bytes).read::<FontData<'_>>().ok()?;
        let provider = file.table_provider(index).ok()?;
        let table = |t| provider.read_table_data(t).ok();
        let head = table(tag::HEAD)?;
        let head = ReadScope::new(&head).read::<HeadTable>().ok()?;
        let maxp = table(tag::MAXP)?;
        let maxp = ReadScope::new(&maxp).read::<MaxpTable>().ok()?;
        let hhea = table(tag::HHEA)?;
        let hhea = ReadScope::new(&hhea).read::<HheaTable>().ok()?;
        let hmtx = table(tag::HMTX)?;
        let hmtx = ReadScope::new(&hmtx)
            .read_dep::<HmtxTable<'_>>((
                usize::from(maxp.num_glyphs),
                usize::from(hhea.num_h_metrics),
            ))
            .ok()?;
        let advances = (0..maxp.num_glyphs)
            .map(|g| hmtx.horizontal_advance(g).unwrap_or(0))
            .collect();
        let cmap_data = table(tag::CMAP)?;
        let cmap = ReadScope::new(&cmap_data).read::<Cmap<'_>>().ok()?;
        let (_, sub) = allsorts::font::read_cmap_subtable(&cmap).ok()??;
        let mut map = HashMap::new();
        sub.mappings_fn(|cp, gid| {
            if gid != 0 && gid < maxp.num_glyphs {
                map.insert(cp, gid);
            }
        })
        .ok()?;
        Some((map, advances, head.units_per_em))
    }

    pub fn glyph(&self, c: char) -> Option<u16> {
        self.cmap.get(&u32::from(c)).copied()
    }

    /// Advance of a character in ems (0 when the face lacks it).
    pub fn advance(&self, c: char) -> f32 {
        self.glyph(c)
            .and_then(|g| self.advances.get(usize::from(g)))
            .map_or(0.0, |&a| f32::from(a) / self.units_per_em)
    }

    /// The whole font program and the face's index in it.
    pub fn program(&self) -> (&[u8], usize) {
        (&self.bytes, self.index)
    }

    /// A standalone font with only the glyphs of `chars` (and .notdef),
    /// its cmap mapping them to the renumbered glyphs.
    pub fn subset(&self, chars: &BTreeSet<char>) -> Result<Vec<u8>, String> {
        let mut ids: Vec<u16> = vec![0];
        let glyphs: BTreeSet<u16> = chars.iter().filter_map(|&c| self.glyph(c)).collect();
        ids.extend(glyphs);
        let run = || -> Result<Vec<u8>, String> {
            let file = ReadScope::new(&self.bytes)
                .read::<FontData<'_>>()
                .map_err(|e| e.to_string())?;
            let provider = file.table_provider(self.index).map_err(|e| e.to_string())?;
            allsorts::subset::subset(&provider, &ids, &SubsetProfile::Pdf, CmapTarget::Unicode)
                .map_err(|e| e.to_string())
        };
        std::panic::catch_unwind(run).unwrap_or_else(|_| Err("the font subsetter panicked".into()))
    }
}

enum Source {
    Bundled,
    File(PathBuf, usize),
}

/// The faces of one report, loaded as characters need them.
pub struct FontSet {
    faces: Vec<Face>,
    pending: VecDeque<Source>,
    chosen: HashMap<char, Option<usize>>,
}

impl FontSet {
    /// The faces for a report whose text decides the CJK style.
    pub fn new(style: CjkStyle) -> Result<Self, ReportError> {
        let mut pending = VecDeque::new();
        if let Some(dir) = std::env::var_os("ATS_FONT_DIR").filter(|d| !d.is_empty()) {
            for path in font_files(Path::new(&dir))? {
                pending.push_back(Source::File(path, 0));
            }
        }
        pending.push_back(Source::Bundled);
        for p in SYSTEM_TEXT {
            pending.push_back(Source::File(p.into(), 0));
        }
        for p in NOTO_CJK {
            pending.push_back(Source::File(p.into(), style.noto_index()));
        }
        for p in OTHER_CJK {
            pending.push_back(Source::File(p.into(), 0));
        }
        let mut set = Self {
            faces: Vec::new(),
            pending,
            chosen: HashMap::new(),
        };
        // The configured faces and the bundled one at once.
        while let Some(source) = set.pending.pop_front() {
            let bundled = matches!(source, Source::Bundled);
            match load(source) {
                Some(face) => set.faces.push(face),
                None if bundled => {
                    return Err(ReportError::Font(
                        "the bundled font could not be read".into(),
                    ));
                }
                None => {}
            }
            if bundled {
                break;
            }
        }
        Ok(set)
    }

    /// Load the next pending face that exists and parses; false when none is
    /// left.
    fn load_next(&mut self) -> bool {
        while let Some(source) = self.pending.pop_front() {
            if let Some(face) = load(source) {
                self.faces.push(face);
                return true;
            }
        }
        false
    }

    /// The face that draws `c`, loading fallbacks as needed; `None` when no
    /// face has it.
    pub fn face_for(&mut self, c: char) -> Option<usize> {
        if let Some(&known) = self.chosen.get(&c) {
            return known;
        }
        let mut found = self.faces.iter().position(|f| f.glyph(c).is_some());
        while found.is_none() && self.load_next() {
            let last = self.faces.len() - 1;
            found = self.faces[last].glyph(c).map(|_| last);
        }
        self.chosen.insert(c, found);
        found
    }

    pub fn face(&self, i: usize) -> &Face {
        &self.faces[i]
    }

    pub fn count(&self) -> usize {
        self.faces.len()
    }
}

fn load(source: Source) -> Option<Face> {
    match source {
        Source::Bundled => Face::parse("NotoSans".into(), Arc::new(BUNDLED.to_vec()), 0),
        Source::File(path, index) => {
            let bytes = std::fs::read(&path).ok()?;
            let name = path
                .file_stem()
                .map(|s| {
                    s.to_string_lossy()
                        .replace(|c: char| !c.is_ascii_alphanumeric(), "")
                })
                .unwrap_or_default();
            let face = Face::parse(name, Arc::new(bytes), index);
            if face.is_none() {
                tracing::warn!(path = %path.display(), "report font skipped: not a readable font");
            }
            face
        }
    }
}

/// The font files of a directory, by name.
fn font_files(dir: &Path) -> Result<Vec<PathBuf>, ReportError> {
    let entries = std::fs::read_dir(dir)
        .map_err(|e| ReportError::Io(format!("ATS_FONT_DIR {}: {e}", dir.display())))?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| matches!(e.to_ascii_lowercase().as_str(), "ttf" | "otf" | "ttc"))
        })
        .collect();
    files.sort();
    Ok(files)
}

/// Mark the embedded font programs as subsets (ISO 32000-1, 9.6.4): the
/// descriptor's /FontName and the fonts' /BaseFont take a tag of six
/// capital letters and a plus sign, so a reader (and `pdffonts`) knows the
/// program holds only the report's glyphs. The tag comes from the name and
/// the object number: the same report gets the same tags. Called only when
/// every face was subset; on any failure the PDF is returned unchanged.
pub(super) fn tag_subsets(pdf: Vec<u8>) -> Vec<u8> {
    use lopdf::Object;
    let Ok(mut doc) = lopdf::Document::load_mem(&pdf) else {
        return pdf;
    };
    let is = |dict: &lopdf::Dictionary, kind: &[u8]| {
        dict.get(b"Type").and_then(Object::as_name).ok() == Some(kind)
    };
    let mut renamed: HashMap<Vec<u8>, Vec<u8>> = HashMap::new();
    for (id, object) in &mut doc.objects {
        let Ok(dict) = object.as_dict_mut() else {
            continue;
        };
        if !is(dict, b"FontDescriptor")
            || ![&b"FontFile"[..], b"FontFile2", b"FontFile3"]
                .iter()
                .any(|k| dict.has(k))
        {
            continue;
        }
        let Ok(name) = dict.get(b"FontName").and_then(Object::as_name) else {
            continue;
        };
        if name.get(6) == Some(&b'+') {
            continue;
        }
        let digest = crate::digest::sha256_hex(
            format!("{}{}", String::from_utf8_lossy(name), id.0).as_bytes(),
        );
        let mut tagged: Vec<u8> = digest.bytes().take(6).map(|b| b'A' + b % 26).collect();
        tagged.push(b'+');
        tagged.extend_from_slice(name);
        renamed.insert(name.to_vec(), tagged.clone());
        dict.set("FontName", Object::Name(tagged));
    }
    for object in doc.objects.values_mut() {
        let Ok(dict) = object.as_dict_mut() else {
            continue;
        };
        if !is(dict, b"Font") {
            continue;
        }
        let tagged = dict
            .get(b"BaseFont")
            .and_then(Object::as_name)
            .ok()
            .and_then(|n| renamed.get(n))
            .cloned();
        if let Some(tagged) = tagged {
            dict.set("BaseFont", Object::Name(tagged));
        }
    }
    let mut out = Vec::with_capacity(pdf.len());
    match doc.save_to(&mut out) {
        Ok(()) => out,
        Err(e) => {
            tracing::warn!("font subset tags not written: {e}");
            pdf
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_face_draws_latin_and_cyrillic() {
        let mut fonts = FontSet::new(CjkStyle::SimplifiedChinese).unwrap();
        for c in "Aé Ж ω “”".chars() {
            assert!(fonts.face_for(c).is_some(), "{c:?}");
        }
        assert!(fonts.face(0).advance('M') > 0.5);
        let subset = fonts.face(0).subset(&"Ольга".chars().collect()).unwrap();
        assert!(subset.len() < 20_000, "{} bytes", subset.len());
    }

    #[test]
    fn kana_and_hangul_choose_the_cjk_face() {
        assert_eq!(CjkStyle::of("王小明"), CjkStyle::SimplifiedChinese);
        assert_eq!(CjkStyle::of("山田 たろう"), CjkStyle::Japanese);
        assert_eq!(CjkStyle::of("김민준"), CjkStyle::Korean);
    }
}
