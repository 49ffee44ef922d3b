//! Fixtures generated from known truth: PDFs drawn with printpdf (one and two
//! columns), DOCX written as zip + WordprocessingML, text in several encodings.

use printpdf::{
    BuiltinFont, Mm, Op, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, Point, Pt, TextItem,
};
use std::io::Write;
use std::path::PathBuf;

pub fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures")
}

/// The candidate every generated fixture describes.
pub struct Truth {
    pub name: &'static str,
    pub email: &'static str,
    pub phone: &'static str,
    pub location: &'static str,
    /// (title, company, location, dates as written, start, end or "present")
    pub jobs: [(
        &'static str,
        &'static str,
        &'static str,
        &'static str,
        &'static str,
        &'static str,
    ); 2],
    pub school: &'static str,
    pub degree: &'static str,
    pub school_dates: &'static str,
    pub skills: [&'static str; 4],
}

pub const TRUTH: Truth = Truth {
    name: "Jane Doe",
    email: "jane.doe@example.com",
    phone: "+1 415 555 2671",
    location: "Austin, TX",
    jobs: [
        (
            "Senior Software Engineer",
            "Acme Corp",
            "Austin, TX",
            "Jan 2020 - Present",
            "2020-01",
            "present",
        ),
        (
            "Software Engineer",
            "Globex GmbH",
            "Berlin, Germany",
            "03/2016 - 12/2019",
            "2016-03",
            "2019-12",
        ),
    ],
    school: "University of Texas at Austin",
    degree: "Master of Science in Computer Science",
    school_dates: "2014 - 2016",
    skills: ["Rust", "Python", "PostgreSQL", "Kubernetes"],
};

/// Text lines of the single-column resume; a tab separates a right-aligned cell.
pub fn lines(t: &Truth) -> Vec<String> {
    let mut l = vec![
        t.name.to_owned(),
        format!("{} | {} | {}", t.email, t.phone, t.location),
        "Experience".to_owned(),
    ];
    for (title, company, place, dates, _, _) in &t.jobs {
        l.push(format!("{title}\t{dates}"));
        l.push(format!("{company}\t{place}"));
        l.push("• Built and ran services used by millions of customers.".to_owned());
    }
    l.push("Education".to_owned());
    l.push(format!("{}\t{}", t.school, t.school_dates));
    l.push(t.degree.to_owned());
    l.push("Skills".to_owned());
    l.push(t.skills.join(", "));
    l
}

fn text_op(x: f32, y: f32, size: f32, bold: bool, text: &str) -> Vec<Op> {
    vec![
        Op::StartTextSection,
        Op::SetTextCursor {
            pos: Point { x: Pt(x), y: Pt(y) },
        },
        Op::SetFont {
            font: PdfFontHandle::Builtin(if bold {
                BuiltinFont::HelveticaBold
            } else {
                BuiltinFont::Helvetica
            }),
            size: Pt(size),
        },
        Op::ShowText {
            items: vec![TextItem::Text(text.to_owned())],
        },
        Op::EndTextSection,
    ]
}

fn save(ops: Vec<Op>) -> Vec<u8> {
    let mut doc = PdfDocument::new("resume");
    doc.with_pages(vec![PdfPage::new(Mm(210.0), Mm(297.0), ops)]);
    doc.save(&PdfSaveOptions::default(), &mut Vec::new())
}

/// One column; dates and places right-aligned on the title and company lines.
pub fn one_column_pdf(t: &Truth) -> Vec<u8> {
    let mut ops = Vec::new();
    let mut y = 800.0;
    for (i, line) in lines(t).iter().enumerate() {
        let heading = matches!(line.as_str(), "Experience" | "Education" | "Skills");
        if heading {
            y -= 8.0;
        }
        let size = if i == 0 {
            20.0
        } else if heading {
            13.0
        } else {
            10.0
        };
        let mut cells = line.split('\t');
        ops.extend(text_op(
            50.0,
            y,
            size,
            heading || i == 0,
            cells.next().unwrap(),
        ));
        if let Some(right) = cells.next() {
            ops.extend(text_op(430.0, y, size, false, right));
        }
        y -= size * 1.5;
    }
    save(ops)
}

/// A sidebar (name, contact, skills) left, the main column right. Lines are
/// written in alternating order, so content-stream order is not reading
/// order: only layout analysis recovers the columns.
pub fn two_column_pdf(t: &Truth) -> Vec<u8> {
    let side: Vec<(String, f32, bool)> = vec![
        (t.name.to_owned(), 16.0, true),
        (t.email.to_owned(), 9.0, false),
        (t.phone.to_owned(), 9.0, false),
        (t.location.to_owned(), 9.0, false),
        ("Skills".to_owned(), 12.0, true),
    ]
    .into_iter()
    .chain(t.skills.iter().map(|s| ((*s).to_owned(), 9.0, false)))
    .collect();
    let mut main: Vec<(String, f32, bool)> = vec![("Experience".to_owned(), 12.0, true)];
    for (title, company, place, dates, _, _) in &t.jobs {
        main.push(((*title).to_owned(), 10.0, true));
        main.push((format!("{company}, {place}"), 10.0, false));
        main.push(((*dates).to_owned(), 9.0, false));
        main.push((
            "• Designed, built and operated services for many customers".to_owned(),
            9.0,
            false,
        ));
        main.push((
            "  across several regions with a small team of engineers.".to_owned(),
            9.0,
            false,
        ));
    }
    main.push(("Education".to_owned(), 12.0, true));
    main.push((t.degree.to_owned(), 10.0, true));
    main.push((t.school.to_owned(), 10.0, false));
    main.push((t.school_dates.to_owned(), 9.0, false));
    let mut ops = Vec::new();
    let (mut ys, mut ym) = (790.0f32, 795.0f32);
    let n = side.len().max(main.len());
    for i in 0..n {
        if let Some((text, size, bold)) = main.get(i) {
            ops.extend(text_op(230.0, ym, *size, *bold, text));
            ym -= size * 1.6 + if *bold && *size > 11.0 { 6.0 } else { 0.0 };
        }
        if let Some((text, size, bold)) = side.get(i) {
            ops.extend(text_op(40.0, ys, *size, *bold, text));
            ys -= size * 1.9 + if *bold && *size > 11.0 { 6.0 } else { 0.0 };
        }
    }
    save(ops)
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn para(text: &str) -> String {
    let runs: Vec<String> = text
        .split('\t')
        .map(|t| format!(r#"<w:r><w:t xml:space="preserve">{}</w:t></w:r>"#, esc(t)))
        .collect();
    format!("<w:p>{}</w:p>", runs.join("<w:r><w:tab/></w:r>"))
}

fn zip_parts(parts: &[(&str, String)]) -> Vec<u8> {
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut buf);
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, body) in parts {
            z.start_file(*name, opts).unwrap();
            z.write_all(body.as_bytes()).unwrap();
        }
        z.finish().unwrap();
    }
    buf.into_inner()
}

const NS: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" xmlns:v="urn:schemas-microsoft-com:vml""#;

/// DOCX with the contact block in the page header and the work history in a
/// table (dates | title and company).
pub fn docx(t: &Truth) -> Vec<u8> {
    let header = format!(
        "<w:hdr {NS}>{}{}</w:hdr>",
        para(t.name),
        para(&format!("{} | {} | {}", t.email, t.phone, t.location))
    );
    let mut body = String::new();
    body.push_str(&para("Experience"));
    body.push_str("<w:tbl>");
    for (title, company, place, dates, _, _) in &t.jobs {
        body.push_str(&format!(
            "<w:tr><w:tc>{}</w:tc><w:tc>{}{}</w:tc></w:tr>",
            para(dates),
            para(&format!("{title}, {company}")),
            para(place)
        ));
    }
    body.push_str("</w:tbl>");
    body.push_str(&para("Education"));
    body.push_str(&para(&format!("{}\t{}", t.school, t.school_dates)));
    body.push_str(&para(t.degree));
    body.push_str(&para("Skills"));
    body.push_str(&para(&t.skills.join(", ")));
    // A text box, as Word writes it: the content once in mc:Choice and a
    // copy in mc:Fallback for old readers.
    let boxed = format!("{}{}", para("Languages"), para("English (native)"));
    body.push_str(&format!(
        r#"<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx><w:txbxContent>{boxed}</w:txbxContent></wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict><v:textbox><w:txbxContent>{boxed}</w:txbxContent></v:textbox></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>"#
    ));
    let document = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document {NS}><w:body>{body}</w:body></w:document>"
    );
    zip_parts(&[
        ("[Content_Types].xml", r#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>"#.to_owned()),
        ("word/document.xml", document),
        ("word/header1.xml", header),
    ])
}

/// A DOCX whose document part inflates far past the limit.
pub fn zip_bomb_docx() -> Vec<u8> {
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut buf);
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .large_file(false);
        z.start_file("word/document.xml", opts).unwrap();
        let chunk = vec![b' '; 1 << 20];
        for _ in 0..80 {
            z.write_all(&chunk).unwrap();
        }
        z.finish().unwrap();
    }
    buf.into_inner()
}

pub fn text(t: &Truth) -> String {
    lines(t).join("\n").replace('\t', "    ")
}

/// A PDF with one page that shows only an image: a scan without OCR.
pub fn image_only_pdf() -> Vec<u8> {
    use lopdf::{Document, Object, Stream, dictionary};
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let image = Stream::new(
        dictionary! {
            "Type" => "XObject", "Subtype" => "Image", "Width" => 2, "Height" => 2,
            "ColorSpace" => "DeviceGray", "BitsPerComponent" => 8,
        },
        vec![0, 255, 255, 0],
    );
    let image_id = doc.add_object(image);
    let content = Stream::new(
        dictionary! {},
        b"q 200 0 0 200 100 500 cm /Im1 Do Q".to_vec(),
    );
    let content_id = doc.add_object(content);
    let page_id = doc.add_object(dictionary! {
        "Type" => "Page", "Parent" => pages_id, "Contents" => content_id,
        "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        "Resources" => dictionary! { "XObject" => dictionary! { "Im1" => image_id } },
    });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages", "Kids" => vec![page_id.into()], "Count" => 1,
        }),
    );
    let catalog_id = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog_id);
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

/// Every real resume of `tests/fixtures/resumes` with its truth, parsed as
/// of the date the truth files were written, in file-name order.
pub fn real_resumes() -> Vec<(serde_json::Value, ats_core::ingest::ParsedResume)> {
    let dir = fixtures().join("resumes");
    let parser = ats_core::ingest::ResumeParser::new(
        Default::default(),
        chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap(),
    );
    let mut truths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(".truth.json"))
        .collect();
    truths.sort();
    truths
        .iter()
        .map(|path| {
            let truth: serde_json::Value =
                serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
            let file = dir.join(truth["file"].as_str().unwrap());
            let parsed = parser.parse_file(&file).unwrap();
            (truth, parsed)
        })
        .collect()
}
