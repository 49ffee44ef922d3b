//! The earlier glyph source: pdf-extract's content-stream interpreter
//! (`vendor/pdf-extract`), kept to compare layers side by side
//! (`ats bench pdf`).

use super::MAX_GLYPHS;
use super::layout::Glyph;
use crate::error::ResumeError;
use pdf_extract::{MediaBox, OutputDev, OutputError, Transform};

#[derive(Default)]
pub(super) struct Collector {
    pub pages: Vec<Vec<Glyph>>,
    page_top: f64,
    glyphs: usize,
    pub too_many_glyphs: bool,
}

impl OutputDev for Collector {
    fn begin_page(
        &mut self,
        _page_num: u32,
        media_box: &MediaBox,
        _art_box: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        self.page_top = media_box.ury;
        self.pages.push(Vec::new());
        Ok(())
    }
    fn end_page(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        _spacing: f64,
        font_size: f64,
        text: &str,
    ) -> Result<(), OutputError> {
        let scale = (trm.m11 * trm.m22 - trm.m12 * trm.m21).abs().sqrt();
        let size = font_size * scale;
        if !(size.is_finite() && size > 0.5) || text.trim().is_empty() {
            return Ok(());
        }
        self.glyphs += 1;
        if self.glyphs > MAX_GLYPHS {
            self.too_many_glyphs = true;
            return Err(OutputError::PdfError(lopdf::Error::Unimplemented(
                "more glyphs than a resume has",
            )));
        }
        if self.glyphs.is_multiple_of(4096) {
            lopdf::limits::check().map_err(|e| OutputError::PdfError(lopdf::Error::Limit(e)))?;
        }
        let glyph = Glyph {
            x: trm.m31,
            y: self.page_top - trm.m32,
            advance: width * size,
            size,
            text: text.into(),
        };
        if let Some(page) = self.pages.last_mut() {
            page.push(glyph);
        }
        Ok(())
    }
    fn begin_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
}

/// Every page's glyphs, from an already loaded (and decrypted) document.
pub(super) fn glyphs(doc: &lopdf::Document) -> Result<Vec<Vec<Glyph>>, ResumeError> {
    let mut collector = Collector::default();
    let output = pdf_extract::output_doc(doc, &mut collector);
    if collector.too_many_glyphs {
        return Err(ResumeError::Inflated {
            limit: MAX_GLYPHS as u64,
        });
    }
    output.map_err(|e| match e {
        OutputError::PdfError(e) => super::map_load_error(e),
        other => ResumeError::Corrupt(other.to_string()),
    })?;
    Ok(collector.pages)
}
