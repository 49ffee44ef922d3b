//! Write a benchmark corpus of resume PDFs: generated one- and two-column
//! resumes with varied content, plus the real resumes of the fixtures.
//!
//! `cargo run -p ats-core --example make_corpus -- DIR [COUNT]`

#[path = "../tests/ingest/support.rs"]
#[allow(dead_code)]
mod support;

use support::{TRUTH, Truth};

fn leak(s: String) -> &'static str {
    Box::leak(s.into_boxed_str())
}

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let dir = std::path::PathBuf::from(args.next().expect("usage: make_corpus DIR [COUNT]"));
    let count: usize = args.next().map_or(96, |c| c.parse().expect("COUNT"));
    std::fs::create_dir_all(&dir)?;
    let first = [
        "Jane", "Omar", "Mei", "Lukas", "Aisha", "Carlos", "Priya", "Tomás",
    ];
    let last = [
        "Doe",
        "Haddad",
        "Chen",
        "Becker",
        "Okafor",
        "Romero",
        "Natarajan",
        "Silva",
    ];
    let titles = [
        "Backend Engineer",
        "Data Scientist",
        "Product Manager",
        "DevOps Engineer",
    ];
    let companies = ["Acme Corp", "Globex GmbH", "Initech LLC", "Umbrella Labs"];
    for i in 0..count {
        let (f, l) = (first[i % first.len()], last[(i / first.len()) % last.len()]);
        let year = 2008 + (i % 10) as i32;
        let truth = Truth {
            name: leak(format!("{f} {l}")),
            email: leak(format!(
                "{}.{}{i}@example.com",
                f.to_lowercase(),
                l.to_lowercase()
            )),
            jobs: [
                (
                    titles[i % 4],
                    companies[(i + 1) % 4],
                    "Austin, TX",
                    leak(format!("Mar {} - Present", year + 5)),
                    "",
                    "",
                ),
                (
                    titles[(i + 2) % 4],
                    companies[(i + 3) % 4],
                    "Berlin, Germany",
                    leak(format!("01/{year} - 02/{}", year + 5)),
                    "",
                    "",
                ),
            ],
            ..TRUTH
        };
        let bytes = if i % 2 == 0 {
            support::one_column_pdf(&truth)
        } else {
            support::two_column_pdf(&truth)
        };
        std::fs::write(dir.join(format!("generated_{i:03}.pdf")), bytes)?;
    }
    let real = support::fixtures().join("resumes");
    for entry in std::fs::read_dir(&real)? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "pdf") {
            std::fs::copy(&path, dir.join(path.file_name().unwrap()))?;
        }
    }
    println!(
        "wrote {count} generated and the real resume PDFs to {}",
        dir.display()
    );
    Ok(())
}
