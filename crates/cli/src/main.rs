use ats_core::ingest::ResumeParser;
fn main() {
    let p = std::env::args().nth(2).unwrap();
    let parsed = ResumeParser::default().parse_file(std::path::Path::new(&p));
    match parsed { Ok(p) => println!("{}", p.text), Err(e) => eprintln!("{} {}", e.code(), e) }
}
