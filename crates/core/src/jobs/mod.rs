//! Job postings → structured requirements: title, seniority, minimum
//! years, must-have and nice-to-have skills (each with its evidence span),
//! soft skills (interview dimensions, not keywords), responsibilities,
//! location, remote.
//!
//! A posting is cut into headings and paragraphs (`lines`); each heading
//! is read as one part of a posting — requirements, preferences, duties,
//! boilerplate (about us, benefits, pay, equal opportunity, accommodation,
//! security duties, how to apply) or other — by its words
//! ([`lexicon`], English, German, French, Spanish) and, when a sentence
//! model is given ([`analyze_with`]), by its meaning against prototypes of
//! each part. Lists without a heading are read by their items; prose after
//! a requirement list that reads as boilerplate ends it. Requirements come
//! from list items and the phrases triggers introduce in prose
//! (`requirements`); a phrase that is only a soft skill goes to
//! `soft_skills` (`soft`), with list items that read as traits.
//! Rules alone ([`analyze`]) work offline without a model.

mod lexicon;
mod lines;
#[cfg(feature = "embed")]
mod meaning;
mod requirements;
mod soft;
mod title;

use crate::resume::Span;
use crate::skills::SkillMatcher;
use lines::{Kind, Line, Paragraph};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct JobAnalysis {
    pub title: Option<String>,
    pub seniority: Option<String>,
    pub min_years: Option<u32>,
    pub must_have: Vec<Requirement>,
    pub nice_to_have: Vec<Requirement>,
    /// Traits the posting asks for ("communication", "team player"), each
    /// under the interview dimension it belongs to (`skill`), with kind
    /// `soft`. They are judged in the interview, never required of a
    /// resume's words.
    #[serde(default)]
    pub soft_skills: Vec<Requirement>,
    pub responsibilities: Vec<String>,
    pub location: Option<String>,
    pub remote: Option<bool>,
    /// Headings recognised as boilerplate and skipped.
    pub boilerplate: Vec<String>,
}

/// One requirement: a taxonomy skill, a requirement phrase or a soft
/// skill, with the text it was read from.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Requirement {
    pub skill: String,
    /// `taxonomy` (a known skill), `phrase` (what the posting asks for) or
    /// `soft` (a trait; `skill` names its interview dimension).
    pub kind: String,
    pub evidence: String,
    pub span: Span,
}

/// The parts of a posting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Part {
    Intro,
    Required,
    Preferred,
    Responsibilities,
    Boilerplate,
    Other,
}

/// The part a heading names by its words, if it names one.
pub(crate) fn part_of_heading(heading: &str) -> Option<Part> {
    let h = heading.to_lowercase().replace('’', "'");
    let has = |words: &[&str]| {
        words
            .iter()
            .any(|w| h.contains(&w.to_lowercase().replace('’', "'")))
    };
    if has(lexicon::BOILERPLATE_HEADINGS) {
        Some(Part::Boilerplate)
    } else if has(lexicon::PREFERRED_HEADINGS) {
        Some(Part::Preferred)
    } else if has(lexicon::REQUIRED_HEADINGS) {
        Some(Part::Required)
    } else if has(lexicon::RESPONSIBILITY_HEADINGS) {
        Some(Part::Responsibilities)
    } else {
        None
    }
}

/// What a sentence model adds to the rules: the part a heading or list
/// reads as, whether prose reads as boilerplate, whether a requirement
/// reads as a trait. Each answer is `None`/`false` where the meaning is
/// not clear, and the rules decide.
pub(crate) trait Judge {
    /// The part each heading reads as; when the heading alone is unclear,
    /// by the items of the list under it (`items`, maybe empty).
    fn headings(&self, headings: &[&str], items: &[Vec<&str>]) -> Vec<Option<Part>>;
    /// The part each list reads as, by its items.
    fn lists(&self, lists: &[Vec<&str>]) -> Vec<Option<Part>>;
    fn boilerplate(&self, paragraphs: &[&str]) -> Vec<bool>;
    /// For each requirement item, the soft-skill dimension it reads as,
    /// when it reads as a trait rather than a skill.
    fn traits(&self, items: &[&str]) -> Vec<Option<&'static str>>;
}

/// Analyse a posting by rules only.
pub fn analyze(text: &str, matcher: &SkillMatcher) -> JobAnalysis {
    run(text, matcher, None)
}

/// Analyse a posting, reading headings, unheaded lists and requirement
/// items also by their meaning when `encoder` is given. Without one (or if
/// the model fails) this is [`analyze`].
#[cfg(feature = "embed")]
pub fn analyze_with(
    text: &str,
    matcher: &SkillMatcher,
    encoder: Option<&crate::embed::SentenceEncoder>,
) -> JobAnalysis {
    let judge = encoder.and_then(|e| match meaning::Meaning::new(e) {
        Ok(m) => Some(m),
        Err(err) => {
            tracing::warn!("job analysis by rules only: {err}");
            None
        }
    });
    run(text, matcher, judge.as_ref().map(|j| j as &dyn Judge))
}

/// Analyse a posting the way the product does: by meaning as well as by
/// words when the bundled sentence model is installed, by rules otherwise.
/// Loads the model (once per process): call it off the async workers.
pub fn analyze_posting(text: &str) -> JobAnalysis {
    let matcher = SkillMatcher::builtin();
    #[cfg(feature = "embed")]
    {
        let encoder =
            crate::embed::SentenceEncoder::shared(&crate::embed::default_model_dir()).ok();
        analyze_with(text, matcher, encoder.as_deref())
    }
    #[cfg(not(feature = "embed"))]
    analyze(text, matcher)
}

const SENIORITY: &[(&str, &str)] = &[
    ("intern", "intern"),
    ("internship", "intern"),
    ("stagiaire", "intern"),
    ("praktikum", "intern"),
    ("praktikant", "intern"),
    ("praktikantin", "intern"),
    ("werkstudent", "intern"),
    ("werkstudentin", "intern"),
    ("junior", "junior"),
    ("jr", "junior"),
    ("entry level", "junior"),
    ("principal", "principal"),
    ("staff", "staff"),
    ("senior", "senior"),
    ("sr", "senior"),
    ("lead", "lead"),
    ("team lead", "lead"),
    ("responsable d équipe", "lead"),
    ("chef d équipe", "lead"),
    ("teamleiter", "lead"),
    ("teamleiterin", "lead"),
    ("teamleitung", "lead"),
    ("jefe de equipo", "lead"),
    ("director", "director"),
    ("directrice", "director"),
    ("directeur", "director"),
    ("direktor", "director"),
    ("direktorin", "director"),
    ("head of", "director"),
    ("manager", "manager"),
];

/// A requirement found in a requirement part, before it is placed.
struct Found {
    req: Requirement,
    /// Index of the line it was read from.
    line: usize,
    part: Part,
    /// From a list item rather than prose.
    list: bool,
    /// The line calls it welcome, not required ("is an asset").
    nice: bool,
}

fn lower_has(text: &str, words: &[&str]) -> bool {
    let t = text.to_lowercase().replace('’', "'");
    words
        .iter()
        .any(|w| t.contains(&w.to_lowercase().replace('’', "'")))
}

fn run(text: &str, matcher: &SkillMatcher, judge: Option<&dyn Judge>) -> JobAnalysis {
    let mut analysis = JobAnalysis {
        title: None,
        seniority: None,
        min_years: None,
        must_have: Vec::new(),
        nice_to_have: Vec::new(),
        soft_skills: Vec::new(),
        responsibilities: Vec::new(),
        location: None,
        remote: None,
        boilerplate: Vec::new(),
    };
    let front = lines::front_matter(text);
    let field = |key: &str| {
        front.as_ref().and_then(|f| {
            f.fields
                .iter()
                .find(|(k, v)| k == key && !v.is_empty())
                .map(|(_, v)| v.clone())
        })
    };
    analysis.location = field("location");
    let lines = lines::lines(text, front.as_ref().map_or(0, |f| f.lines));
    let paragraphs = lines::paragraphs(&lines);

    // Headings: by their words, then by their meaning.
    let mut parts: Vec<Option<Part>> = lines
        .iter()
        .map(|l| match &l.kind {
            Kind::Heading(h) => part_of_heading(h),
            _ => None,
        })
        .collect();
    if let Some(judge) = judge {
        let unknown: Vec<usize> = (0..lines.len())
            .filter(|&i| parts[i].is_none() && matches!(lines[i].kind, Kind::Heading(_)))
            .collect();
        let texts: Vec<&str> = unknown
            .iter()
            .map(|&i| match &lines[i].kind {
                Kind::Heading(h) => h.as_str(),
                _ => "",
            })
            .collect();
        // The first items of the first list under each heading.
        let items: Vec<Vec<&str>> = unknown
            .iter()
            .map(|&h| {
                paragraphs
                    .iter()
                    .filter(|p| p.heading == Some(h))
                    .find(|p| p.list)
                    .map(|p| p.lines.iter().take(4).map(|&l| lines[l].item().1).collect())
                    .unwrap_or_default()
            })
            .collect();
        for (i, p) in unknown.iter().zip(judge.headings(&texts, &items)) {
            parts[*i] = p;
        }
    }
    let first_section = (0..lines.len())
        .find(|&i| parts[i].is_some())
        .unwrap_or(lines.len());
    analysis.title = title::title_of(field("title").as_deref(), &lines, first_section);
    for (i, l) in lines.iter().enumerate() {
        if let (Kind::Heading(h), Some(Part::Boilerplate)) = (&l.kind, parts[i]) {
            analysis.boilerplate.push(h.clone());
        }
    }

    let para_parts = paragraph_parts(&lines, &paragraphs, &parts, judge);

    // Requirements, soft skills, responsibilities.
    let mut found: Vec<Found> = Vec::new();
    for (p, part) in paragraphs.iter().zip(&para_parts) {
        match part {
            Part::Required | Part::Preferred => {
                for &i in &p.lines {
                    let line = &lines[i];
                    let raw = line.raw;
                    if lower_has(raw, lexicon::NOT_A_SKILL) {
                        continue;
                    }
                    if *part == Part::Required
                        && let Some(n) = requirements::years_in(raw)
                    {
                        analysis.min_years = Some(analysis.min_years.map_or(n, |m| m.max(n)));
                    }
                    for s in soft::find(raw, line.start) {
                        if !analysis.soft_skills.iter().any(|r| {
                            r.span == s.span || (r.skill == s.skill && r.evidence == s.evidence)
                        }) {
                            analysis.soft_skills.push(s);
                        }
                    }
                    let (item_at, _) = line.item();
                    let nice = lower_has(raw, lexicon::NICE_CUES);
                    let reqs =
                        requirements::requirements_of(raw, line.start, item_at, p.list, matcher);
                    for req in reqs {
                        found.push(Found {
                            req,
                            line: i,
                            part: *part,
                            list: p.list,
                            nice,
                        });
                    }
                }
            }
            Part::Responsibilities => {
                for &i in &p.lines {
                    let (_, item) = lines[i].item();
                    let item = item
                        .trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c == ')')
                        .trim()
                        .trim_matches(['*', '_'])
                        .trim();
                    if !item.is_empty() {
                        analysis.responsibilities.push(item.to_owned());
                    }
                }
            }
            _ => {}
        }
    }

    // List items that read as traits are soft skills, not requirements:
    // asked of the model when an item names no requirement (experience,
    // knowledge, skills, an ability, a degree) and no skill of the
    // taxonomy.
    let mut trait_lines: Vec<(usize, &'static str)> = Vec::new();
    if let Some(judge) = judge {
        let mut asked: Vec<usize> = found.iter().filter(|f| f.list).map(|f| f.line).collect();
        asked.dedup();
        asked.retain(|&l| {
            let item = lines[l].item().1;
            let hard_skill = found.iter().any(|f| {
                f.line == l && f.req.kind == "taxonomy" && !soft::is_soft_requirement(&f.req)
            });
            !hard_skill && !soft::is_soft(item) && !lower_has(item, lexicon::REQUIREMENT_CUES)
        });
        let items: Vec<&str> = asked.iter().map(|&l| lines[l].item().1).collect();
        for (&l, t) in asked.iter().zip(judge.traits(&items)) {
            if let Some(dimension) = t {
                trait_lines.push((l, dimension));
            }
        }
    }
    for &(l, dimension) in &trait_lines {
        let (at, item) = lines[l].item();
        let item = item.trim_end_matches(['.', ';', ',', ' ', '*', '_']);
        let lead = item.len() - item.trim_start_matches(['*', '_', ' ']).len();
        let start = lines[l].start + at + lead;
        analysis.soft_skills.push(Requirement {
            skill: dimension.to_owned(),
            kind: "soft".into(),
            evidence: item[lead..].to_owned(),
            span: Span {
                start,
                end: start + item.len() - lead,
            },
        });
    }
    // Prose in a requirement part describes; when the posting lists its
    // requirements, what prose names is welcome rather than required.
    let listed = found.iter().any(|f| {
        f.list && f.part == Part::Required && !f.nice && !soft::is_soft_requirement(&f.req)
    });
    for f in found {
        if trait_lines.iter().any(|&(l, _)| l == f.line) && f.req.kind == "phrase" {
            continue;
        }
        if soft::is_soft_requirement(&f.req) {
            // A taxonomy soft skill ("communication skills") the word lists
            // did not already record.
            let recorded = analysis
                .soft_skills
                .iter()
                .any(|s| s.span.start < f.req.span.end && f.req.span.start < s.span.end);
            if let (false, Some(dimension)) = (recorded, soft::dimension_named(&f.req.skill)) {
                analysis.soft_skills.push(Requirement {
                    skill: dimension.to_owned(),
                    kind: "soft".into(),
                    ..f.req
                });
            }
            continue;
        }
        let must = f.part == Part::Required && !f.nice && (f.list || !listed);
        let target = if must {
            &mut analysis.must_have
        } else {
            &mut analysis.nice_to_have
        };
        if !target.iter().any(|t| t.skill == f.req.skill) {
            target.push(f.req);
        }
    }
    // A skill both required and welcome is required.
    let must: Vec<String> = analysis.must_have.iter().map(|r| r.skill.clone()).collect();
    analysis.nice_to_have.retain(|r| !must.contains(&r.skill));

    // Location and remote work, wherever stated.
    for l in &lines {
        let line = l.trimmed();
        if analysis.location.is_none()
            && let Some(rest) = [
                "**location:**",
                "location:",
                "standort:",
                "lieu :",
                "lieu:",
                "ubicación:",
            ]
            .iter()
            .find_map(|p| crate::fold::strip_prefix_ignore_ascii_case(line, p))
        {
            analysis.location = Some(rest.trim().trim_matches(['*', ' ']).to_owned());
        }
        let lower = line.to_lowercase();
        if analysis.remote.is_none()
            && [
                "remote",
                "télétravail",
                "homeoffice",
                "home office",
                "remoto",
            ]
            .iter()
            .any(|w| lower.contains(w))
            && !lower.contains("not remote")
        {
            analysis.remote = Some(true);
        }
    }
    analysis.seniority = seniority(analysis.title.as_deref(), analysis.min_years);
    analysis
}

/// The part of each paragraph: its heading's, except that prose reading as
/// boilerplate ends a requirement part, and a list with no heading (or an
/// unknown one) is read by its items.
fn paragraph_parts(
    lines: &[Line<'_>],
    paragraphs: &[Paragraph],
    heading_parts: &[Option<Part>],
    judge: Option<&dyn Judge>,
) -> Vec<Part> {
    let text_of = |p: &Paragraph| -> String {
        p.lines
            .iter()
            .map(|&i| lines[i].trimmed())
            .collect::<Vec<_>>()
            .join(" ")
    };
    let mut out: Vec<Part> = paragraphs
        .iter()
        .map(|p| match p.heading {
            None => Part::Intro,
            Some(h) => heading_parts[h].unwrap_or(Part::Other),
        })
        .collect();

    // Unheaded lists (or lists under headings of no known part).
    let open: Vec<usize> = (0..paragraphs.len())
        .filter(|&i| paragraphs[i].list && matches!(out[i], Part::Intro | Part::Other))
        .collect();
    let mut undecided = Vec::new();
    for &i in &open {
        let items: Vec<&str> = paragraphs[i]
            .lines
            .iter()
            .map(|&l| lines[l].item().1)
            .collect();
        let cued = items
            .iter()
            .filter(|t| lower_has(t, lexicon::REQUIREMENT_CUES))
            .count();
        let perks = items
            .iter()
            .filter(|t| lower_has(t, lexicon::BENEFIT_CUES))
            .count();
        if cued * 2 > items.len() && perks * 2 < items.len() {
            out[i] = Part::Required;
        } else {
            undecided.push(i);
        }
    }
    if let Some(judge) = judge
        && !undecided.is_empty()
    {
        let lists: Vec<Vec<&str>> = undecided
            .iter()
            .map(|&i| {
                paragraphs[i]
                    .lines
                    .iter()
                    .map(|&l| lines[l].item().1)
                    .collect()
            })
            .collect();
        for (&i, part) in undecided.iter().zip(judge.lists(&lists)) {
            if let Some(part) = part {
                out[i] = part;
            }
        }
    }

    // Prose after a requirement list: boilerplate (equal opportunity,
    // accommodation, how to apply) or anything without a requirement in it
    // ends the part.
    let prose: Vec<usize> = (0..paragraphs.len())
        .filter(|&i| !paragraphs[i].list && matches!(out[i], Part::Required | Part::Preferred))
        .collect();
    let texts: Vec<String> = prose.iter().map(|&i| text_of(&paragraphs[i])).collect();
    let judged: Vec<bool> = match judge {
        Some(j) if !texts.is_empty() => {
            j.boilerplate(&texts.iter().map(String::as_str).collect::<Vec<_>>())
        }
        _ => vec![false; texts.len()],
    };
    let mut ended: Option<usize> = None; // the heading whose part has ended
    for i in 0..paragraphs.len() {
        let heading = paragraphs[i].heading;
        if ended.is_some() && ended == heading {
            out[i] = Part::Other;
            continue;
        }
        if let Some(k) = prose.iter().position(|&p| p == i) {
            let text = &texts[k];
            let after_list = (0..i)
                .rev()
                .take_while(|&j| paragraphs[j].heading == heading)
                .any(|j| paragraphs[j].list);
            let cues = lower_has(text, lexicon::REQUIREMENT_CUES);
            let words = text.split_whitespace().count();
            if judged[k]
                || lower_has(text, lexicon::BOILERPLATE_CUES)
                || (after_list && !cues && words >= 20)
            {
                out[i] = Part::Other;
                ended = heading;
            }
        }
    }
    out
}

fn seniority(title: Option<&str>, min_years: Option<u32>) -> Option<String> {
    let words: Vec<String> = title
        .unwrap_or_default()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let title = format!(" {} ", words.join(" "));
    SENIORITY
        .iter()
        .find(|(w, _)| title.contains(&format!(" {w} ")))
        .map(|(_, s)| (*s).to_owned())
        .or_else(|| {
            min_years.map(|y| {
                match y {
                    0..=1 => "junior",
                    2..=4 => "mid",
                    _ => "senior",
                }
                .to_owned()
            })
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m() -> &'static SkillMatcher {
        SkillMatcher::builtin()
    }

    #[test]
    fn requirement_headings_outside_the_old_dictionary() {
        for heading in [
            "Our Ideal Candidate Has",
            "What you bring",
            "You have",
            "Who you are",
            "Must haves",
            "Ihr Profil",
            "Das bringst du mit",
            "Profil recherché",
            "Le candidat idéal",
            "Requisitos",
            "Lo que buscamos",
        ] {
            let text = format!("# Data Analyst\n\n## {heading}\n\n- 3+ years of SQL\n- Tableau\n");
            let a = analyze(&text, m());
            assert!(
                a.must_have.iter().any(|r| r.skill == "SQL"),
                "{heading}: {:?}",
                a.must_have
            );
            assert_eq!(a.min_years, Some(3), "{heading}");
        }
    }

    #[test]
    fn an_unheaded_list_of_requirements_after_the_summary() {
        let text = "Warehouse Operations Lead\n\nWe run three sites and need someone to lead the night shift.\n\n- 5 years of experience in warehouse operations\n- Forklift certification\n- Knowledge of inventory management systems\n\nWe offer a pension and 30 days of holiday.\n";
        let a = analyze(text, m());
        assert_eq!(a.title.as_deref(), Some("Warehouse Operations Lead"));
        assert_eq!(a.min_years, Some(5));
        let got: Vec<&str> = a.must_have.iter().map(|r| r.evidence.as_str()).collect();
        assert!(
            got.iter().any(|e| e.contains("warehouse operations")),
            "{got:?}"
        );
        assert!(got.iter().any(|e| e.contains("Forklift")), "{got:?}");
        assert!(
            got.iter().any(|e| e.contains("inventory management")),
            "{got:?}"
        );
    }

    #[test]
    fn boilerplate_is_never_mined() {
        let text = "# Nurse\n\n## Requirements\n\n- Current RN license\n\n## Security Responsibilities\n\n- Protect patient data and follow HIPAA policies\n- Experience with nothing\n\n## Equal Employment Opportunity\n\nWe do not discriminate. Experience with diverse teams is valued.\n\n## Benefits\n\n- Experience with our 401(k) plan\n";
        let a = analyze(text, m());
        assert!(
            a.boilerplate
                .iter()
                .any(|h| h == "Security Responsibilities")
        );
        assert!(a.boilerplate.iter().any(|h| h == "Benefits"));
        assert!(a.responsibilities.is_empty(), "{:?}", a.responsibilities);
        assert_eq!(a.must_have.len(), 1, "{:?}", a.must_have);
        assert!(a.must_have[0].evidence.contains("RN license"));
        assert!(a.nice_to_have.is_empty());
    }

    #[test]
    fn prose_after_a_requirement_list_ends_it() {
        let text = "## What you bring\n\n- Experience with budgeting\n\nWe recognize that not everyone checks every box and we welcome people of every background to join our growing team.\n\nCOVID-19 Policy\nAll employees of the organisation are required to attest to their status under the policy described on our site.\n";
        let a = analyze(text, m());
        assert_eq!(a.must_have.len(), 1, "{:?}", a.must_have);
    }

    #[test]
    fn soft_skills_are_recorded_apart() {
        let text = "# Account Executive\n\n## Requirements\n\n- Excellent communication skills\n- Team player\n- Attention to detail\n- 3+ years of B2B sales experience\n- Experience with Salesforce\n";
        let a = analyze(text, m());
        let soft: Vec<&str> = a.soft_skills.iter().map(|r| r.skill.as_str()).collect();
        assert!(soft.contains(&"Communication"), "{soft:?}");
        assert!(soft.contains(&"Teamwork and collaboration"), "{soft:?}");
        assert!(soft.contains(&"Attention to detail"), "{soft:?}");
        assert!(a.soft_skills.iter().all(|r| r.kind == "soft"));
        for r in &a.soft_skills {
            assert_eq!(&text[r.span.start..r.span.end], r.evidence);
        }
        let must: Vec<&str> = a.must_have.iter().map(|r| r.evidence.as_str()).collect();
        assert!(
            must.iter().all(|e| !e.contains("communication")
                && !e.contains("Team player")
                && !e.contains("detail")),
            "{must:?}"
        );
        assert!(must.iter().any(|e| e.contains("Salesforce")), "{must:?}");
    }

    #[test]
    fn welcome_not_required() {
        let text = "## You are an excellent candidate if\n\n- You have experience in payroll\n- Knowledge of SAP is a strong asset\n";
        let a = analyze(text, m());
        assert!(a.must_have.iter().any(|r| r.evidence.contains("payroll")));
        assert!(
            a.nice_to_have.iter().any(|r| r.evidence.contains("SAP")),
            "{a:?}"
        );
        assert!(!a.must_have.iter().any(|r| r.evidence.contains("SAP")));
    }
}
