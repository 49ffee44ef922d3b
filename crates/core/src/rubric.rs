//! Interview rubrics generated from a job's requirements: named dimensions
//! (skill clusters; the soft skills the posting names, each a dimension
//! with the posting's words; communication and problem solving where the
//! role calls for them), weights summing to 1, and what strong and weak
//! answers show, and a behaviourally anchored scale per dimension (levels
//! with a score, a label and what an answer at that level shows; 1–5 by
//! default, any scale of 2–10 levels accepted, e.g. low / medium / high).
//! Rubrics are versioned: an edit stores a new version and scorecards
//! keep the version they were scored with. The JSON form (`{dimensions:
//! [{name, weight, description, levels: [{score, label, description}]}]}`,
//! other keys ignored) is the one every command reads and prints.

use crate::jobs::JobAnalysis;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Rubric {
    pub dimensions: Vec<RubricDimension>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct RubricDimension {
    pub name: String,
    pub weight: f32,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub strong: String,
    #[serde(default)]
    pub weak: String,
    /// The job's skills this dimension covers.
    #[serde(default)]
    pub skills: Vec<String>,
    /// The anchored scale, lowest first.
    #[serde(default)]
    pub levels: Vec<Level>,
}

/// One anchored level of a dimension's scale.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Level {
    pub score: u32,
    pub label: String,
    /// What an answer at this level shows.
    pub description: String,
}

/// Levels a scale has at least and at most.
pub const MIN_LEVELS: usize = 2;
pub const MAX_LEVELS: usize = 10;

impl RubricDimension {
    /// The default 1–5 scale, anchored on what strong and weak answers
    /// show.
    pub fn default_levels(&self) -> Vec<Level> {
        let weak = if self.weak.is_empty() {
            "Shows none of what the dimension asks for."
        } else {
            &self.weak
        };
        let strong = if self.strong.is_empty() {
            "Shows everything the dimension asks for, with concrete examples."
        } else {
            &self.strong
        };
        let level = |score, label: &str, description: String| Level {
            score,
            label: label.into(),
            description,
        };
        vec![
            level(1, "poor", weak.to_owned()),
            level(
                2,
                "limited",
                format!("Some relevant substance, but mostly as at level 1: {weak}"),
            ),
            level(
                3,
                "adequate",
                format!(
                    "Covers the basics{} with at least one concrete example of their own, without the depth or judgement of level 5.",
                    if self.description.is_empty() {
                        String::new()
                    } else {
                        format!(" ({})", self.description.trim_end_matches('.'))
                    }
                ),
            ),
            level(
                4,
                "good",
                format!("Most of level 5, with gaps in depth or evidence: {strong}"),
            ),
            level(5, "excellent", strong.to_owned()),
        ]
    }

    /// The scale in force: the dimension's own, else the default.
    pub fn scale(&self) -> Vec<Level> {
        if self.levels.is_empty() {
            self.default_levels()
        } else {
            self.levels.clone()
        }
    }
}

/// The scale of a rubric's dimension by name (empty when it has none).
pub fn scale_of(rubric: &Rubric, name: &str) -> Vec<Level> {
    rubric
        .dimensions
        .iter()
        .find(|d| d.name == name)
        .map(RubricDimension::scale)
        .unwrap_or_default()
}

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum RubricError {
    #[error("a rubric needs at least one dimension")]
    Empty,
    #[error("weights must be positive and sum to 1 (they sum to {0:.3})")]
    Weights(f32),
    #[error("dimension {0} has no name")]
    Unnamed(usize),
    #[error("dimension {dimension:?}: {why}")]
    Levels { dimension: String, why: String },
}

impl RubricError {
    pub fn code(&self) -> &'static str {
        "rubric.invalid"
    }
}

impl Rubric {
    pub fn validate(&self) -> Result<(), RubricError> {
        if self.dimensions.is_empty() {
            return Err(RubricError::Empty);
        }
        if let Some(i) = self
            .dimensions
            .iter()
            .position(|d| d.name.trim().is_empty())
        {
            return Err(RubricError::Unnamed(i));
        }
        let sum: f32 = self.dimensions.iter().map(|d| d.weight).sum();
        if (sum - 1.0).abs() > 1e-3 || self.dimensions.iter().any(|d| d.weight <= 0.0) {
            return Err(RubricError::Weights(sum));
        }
        for d in &self.dimensions {
            let bad = |why: String| RubricError::Levels {
                dimension: d.name.clone(),
                why,
            };
            // No levels: the default scale applies.
            if d.levels.is_empty() {
                continue;
            }
            if !(MIN_LEVELS..=MAX_LEVELS).contains(&d.levels.len()) {
                return Err(bad(format!(
                    "{} levels; a scale has {MIN_LEVELS} to {MAX_LEVELS}",
                    d.levels.len()
                )));
            }
            if d.levels.windows(2).any(|w| w[0].score >= w[1].score) {
                return Err(bad(
                    "level scores must rise from the first level to the last".into(),
                ));
            }
            if let Some(l) = d
                .levels
                .iter()
                .find(|l| l.label.trim().is_empty() || l.description.trim().is_empty())
            {
                return Err(bad(format!(
                    "level {} needs a label and a description",
                    l.score
                )));
            }
        }
        Ok(())
    }

    /// The rubric with every dimension's scale written out.
    pub fn anchored(mut self) -> Self {
        for d in &mut self.dimensions {
            if d.levels.is_empty() {
                d.levels = d.default_levels();
            }
        }
        self
    }
}

/// Which cluster a taxonomy skill belongs to.
pub(crate) fn cluster_of(skill: &str) -> &'static str {
    const CLUSTERS: &[(&str, &[&str])] = &[
        (
            "Programming languages",
            &[
                "Python",
                "Java",
                "JavaScript",
                "TypeScript",
                "Go",
                "Rust",
                "C",
                "C++",
                "C#",
                ".NET",
                "Kotlin",
                "Swift",
                "Objective-C",
                "Ruby",
                "PHP",
                "Scala",
                "R",
                "MATLAB",
                "Julia",
                "Perl",
                "Haskell",
                "Elixir",
                "Erlang",
                "Clojure",
                "Dart",
                "Bash",
            ],
        ),
        (
            "Web front end",
            &[
                "HTML",
                "CSS",
                "React",
                "Angular",
                "Vue.js",
                "Svelte",
                "Next.js",
                "jQuery",
                "Tailwind CSS",
                "Accessibility",
                "Internationalization",
                "Progressive enhancement",
                "Jinja",
                "Liquid",
                "Mustache",
                "Eleventy",
                "Jekyll",
                "Pelican",
                "Markdown",
            ],
        ),
        (
            "Back end and data stores",
            &[
                "Node.js",
                "Express",
                "Django",
                "Flask",
                "FastAPI",
                "Spring",
                "Ruby on Rails",
                "GraphQL",
                "REST APIs",
                "gRPC",
                "SQL",
                "PostgreSQL",
                "MySQL",
                "SQLite",
                "Microsoft SQL Server",
                "Oracle Database",
                "MongoDB",
                "Redis",
                "Elasticsearch",
                "Cassandra",
                "DynamoDB",
                "Kafka",
                "RabbitMQ",
                "Microservices",
                "Distributed systems",
            ],
        ),
        (
            "Cloud and infrastructure",
            &[
                "AWS",
                "Microsoft Azure",
                "Google Cloud Platform",
                "Docker",
                "Containers",
                "Kubernetes",
                "Terraform",
                "AWS CDK",
                "Infrastructure as Code",
                "Ansible",
                "Linux",
                "Security",
                "OAuth",
            ],
        ),
        (
            "Data and machine learning",
            &[
                "Spark",
                "Hadoop",
                "Airflow",
                "dbt",
                "Snowflake",
                "BigQuery",
                "Redshift",
                "Machine learning",
                "TensorFlow",
                "PyTorch",
                "scikit-learn",
                "pandas",
                "NumPy",
                "Natural language processing",
                "Computer vision",
                "Large language models",
                "Data analysis",
                "Statistics",
                "Tableau",
                "Power BI",
                "Excel",
            ],
        ),
        (
            "Engineering practices",
            &[
                "Git",
                "CI/CD",
                "Unit testing",
                "Selenium",
                "Agile",
                "Open source",
                "Technical writing",
            ],
        ),
        (
            "Product and design",
            &[
                "Product management",
                "Project management",
                "UX design",
                "Figma",
                "Jira",
            ],
        ),
        ("Mobile", &["Android", "iOS", "React Native", "Flutter"]),
    ];
    CLUSTERS
        .iter()
        .find(|(_, skills)| skills.contains(&skill))
        .map_or("Role-specific skills", |(name, _)| name)
}

/// What an interview looks for in each soft-skill dimension (the names
/// `jobs` gives soft skills): description, strong and weak answers.
fn soft_dimension(name: &str) -> (&'static str, &'static str, &'static str) {
    match name {
        "Communication" => (
            "Explains work clearly to the audience at hand.",
            "Structured, concise answers; adapts detail to the listener; checks understanding.",
            "Rambling or vague answers; jargon without explanation; misses the question.",
        ),
        "Teamwork and collaboration" => (
            "Works with others towards a shared result.",
            "Gives concrete examples of sharing work, asking for and giving help, and resolving disagreement with colleagues.",
            "Describes only solo work, blames others, or cannot say how the team decided.",
        ),
        "Leadership" => (
            "Sets direction and helps others do their best work.",
            "Describes leading people or projects: the goal they set, how they brought others along, and what changed.",
            "Equates leadership with a title, or gives no example of influencing an outcome.",
        ),
        "Problem solving" => (
            "Breaks down unfamiliar problems and reasons to a workable solution.",
            "Clarifies the problem, considers alternatives, tests assumptions, and explains why the chosen path works.",
            "Jumps to an answer, cannot adapt when constraints change, or cannot explain the reasoning.",
        ),
        "Attention to detail" => (
            "Gets the details right and checks their own work.",
            "Describes how they catch and prevent errors, with an example of a mistake found before it mattered.",
            "Cannot say how they check their work, or dismisses errors as unavoidable.",
        ),
        "Organisation and prioritisation" => (
            "Plans work and chooses what matters most when demands compete.",
            "Explains how they track work and decide priorities, with an example of a deadline met under competing demands.",
            "Works on whatever arrives first, or describes missed deadlines without what they learned.",
        ),
        "Adaptability" => (
            "Adjusts when plans, tools or needs change.",
            "Gives an example of a change they adapted to and how their approach changed as a result.",
            "Resists change or describes only stable situations.",
        ),
        "Initiative and independence" => (
            "Moves work forward without being told each step.",
            "Describes work they started or unblocked on their own and when they chose to ask for help.",
            "Waits for instructions, or cannot name anything they took on by themselves.",
        ),
        "Creativity" => (
            "Brings new ideas and tries them out.",
            "Describes an original idea, how they tested it, and what they kept or dropped.",
            "Repeats familiar solutions without considering alternatives.",
        ),
        "Attitude and integrity" => (
            "Learns, keeps going when things are hard, and can be trusted.",
            "Gives honest examples of setbacks, what they learned, and how they handled trust placed in them.",
            "Avoids talking about mistakes, or shows no interest in learning.",
        ),
        _ => (
            "A trait the posting asks for, judged from examples.",
            "Gives specific examples that show the trait, with their own part in them.",
            "Claims the trait without an example.",
        ),
    }
}

/// A first rubric for a job; recruiters edit it from there.
pub fn generate(job: &JobAnalysis, posting_text: &str) -> Rubric {
    // cluster → (weight points, skills)
    let mut clusters: Vec<(&'static str, f32, Vec<String>)> = Vec::new();
    let mut add = |skill: &str, points: f32| {
        let name = cluster_of(skill);
        match clusters.iter_mut().find(|c| c.0 == name) {
            Some(c) => {
                c.1 += points;
                if !c.2.iter().any(|s| s == skill) {
                    c.2.push(skill.to_owned());
                }
            }
            None => clusters.push((name, points, vec![skill.to_owned()])),
        }
    };
    for r in job.must_have.iter().filter(|r| r.kind == "taxonomy") {
        add(&r.skill, 2.0);
    }
    for r in job.nice_to_have.iter().filter(|r| r.kind == "taxonomy") {
        add(&r.skill, 1.0);
    }
    let text = posting_text.to_lowercase();
    let senior = matches!(
        job.seniority.as_deref(),
        Some("senior" | "staff" | "principal" | "lead" | "manager" | "director")
    );
    // Soft skills the posting names are interview dimensions, each with the
    // posting's words as its evidence; communication and problem solving
    // are asked of every role that calls for them.
    let mut soft: Vec<(String, Vec<String>)> = Vec::new();
    for r in &job.soft_skills {
        match soft.iter_mut().find(|d| d.0 == r.skill) {
            Some(d) => {
                if !d.1.contains(&r.evidence) {
                    d.1.push(r.evidence.clone());
                }
            }
            None => soft.push((r.skill.clone(), vec![r.evidence.clone()])),
        }
    }
    let communication = senior
        || [
            "communicat",
            "stakeholder",
            "collaborat",
            "present",
            "writing",
        ]
        .iter()
        .any(|w| text.contains(w));
    let problem_solving = !clusters.is_empty()
        || ["problem", "debug", "troubleshoot", "analy"]
            .iter()
            .any(|w| text.contains(w));
    for (name, wanted) in [
        ("Communication", communication),
        (
            "Problem solving",
            problem_solving || (clusters.is_empty() && soft.is_empty()),
        ),
    ] {
        if wanted && !soft.iter().any(|d| d.0 == name) {
            soft.push((name.to_owned(), Vec::new()));
        }
    }
    // Each soft dimension weighs 0.15, together at most 0.6 when the job
    // also has skill clusters.
    let per_soft = if clusters.is_empty() {
        0.15
    } else {
        0.15_f32.min(0.6 / soft.len().max(1) as f32)
    };
    let soft_share = per_soft * soft.len() as f32;
    let skill_points: f32 = clusters.iter().map(|c| c.1).sum();
    let skills_share = if clusters.is_empty() {
        0.0
    } else {
        1.0 - soft_share
    };
    let mut dims: Vec<RubricDimension> = Vec::new();
    for (name, points, skills) in &clusters {
        let list = skills.join(", ");
        dims.push(RubricDimension {
            name: (*name).to_owned(),
            weight: skills_share * points / skill_points,
            description: format!("Depth and judgement with {list}."),
            strong: format!(
                "Describes real work with {list}: what they built, the trade-offs they weighed and the results, and answers follow-ups in detail."
            ),
            weak: format!(
                "Names {list} without concrete examples, cannot explain choices, or describes only tutorials."
            ),
            skills: skills.clone(),
            levels: Vec::new(),
        });
    }
    for (name, evidence) in soft {
        let (description, strong, weak) = soft_dimension(&name);
        dims.push(RubricDimension {
            name,
            weight: per_soft,
            description: description.into(),
            strong: strong.into(),
            weak: weak.into(),
            skills: evidence,
            levels: Vec::new(),
        });
    }
    normalise(&mut dims);
    Rubric { dimensions: dims }.anchored()
}

/// Weights rounded to hundredths that sum to exactly 1.
fn normalise(dims: &mut [RubricDimension]) {
    let sum: f32 = dims.iter().map(|d| d.weight).sum();
    if sum <= 0.0 {
        let n = dims.len() as f32;
        dims.iter_mut().for_each(|d| d.weight = 1.0 / n);
    } else {
        dims.iter_mut().for_each(|d| d.weight /= sum);
    }
    let mut total = 0.0;
    for d in dims.iter_mut() {
        d.weight = ((d.weight * 100.0).round() / 100.0).max(0.01);
        total += d.weight;
    }
    if let Some(largest) = dims.iter_mut().max_by(|a, b| a.weight.total_cmp(&b.weight)) {
        largest.weight = ((largest.weight + 1.0 - total) * 100.0).round() / 100.0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rubric_for_a_posting_has_weights_summing_to_one() {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../tests/fixtures/jds/j01_compiler_senior_swe_2025.md"
        ))
        .unwrap();
        let job = crate::jobs::analyze(&text, crate::skills::SkillMatcher::builtin());
        let rubric = generate(&job, &text);
        rubric.validate().unwrap();
        let names: Vec<&str> = rubric.dimensions.iter().map(|d| d.name.as_str()).collect();
        assert!(names.contains(&"Web front end"), "{names:?}");
        assert!(names.contains(&"Communication") && names.contains(&"Problem solving"));
        let web = rubric
            .dimensions
            .iter()
            .find(|d| d.name == "Web front end")
            .unwrap();
        assert!(web.skills.iter().any(|s| s == "HTML"));
        assert!(web.strong.contains("HTML") && web.weak.contains("HTML"));
    }

    #[test]
    fn invalid_edits_are_refused() {
        let mut r = Rubric {
            dimensions: vec![RubricDimension {
                name: "A".into(),
                weight: 0.7,
                description: String::new(),
                strong: String::new(),
                weak: String::new(),
                skills: vec![],
                levels: vec![],
            }],
        };
        assert_eq!(r.validate(), Err(RubricError::Weights(0.7)));
        r.dimensions[0].weight = 1.0;
        assert_eq!(r.validate(), Ok(()));
        r.dimensions[0].name = " ".into();
        assert_eq!(r.validate(), Err(RubricError::Unnamed(0)));
        r.dimensions[0].name = "A".into();
        r.dimensions[0].levels = vec![Level {
            score: 1,
            label: "low".into(),
            description: "x".into(),
        }];
        assert!(
            matches!(r.validate(), Err(RubricError::Levels { .. })),
            "one level is no scale"
        );
        r.dimensions[0].levels.push(Level {
            score: 1,
            label: "high".into(),
            description: "y".into(),
        });
        assert!(
            matches!(r.validate(), Err(RubricError::Levels { .. })),
            "scores must rise"
        );
        r.dimensions[0].levels[1].score = 3;
        assert_eq!(r.validate(), Ok(()));
    }

    #[test]
    fn generated_rubrics_have_anchored_five_level_scales() {
        let text = "# Data Engineer\n\n## Requirements\n- Python\n- PostgreSQL\n- Clear communication with stakeholders\n";
        let job = crate::jobs::analyze(text, crate::skills::SkillMatcher::builtin());
        let rubric = generate(&job, text);
        rubric.validate().unwrap();
        for d in &rubric.dimensions {
            let scores: Vec<u32> = d.levels.iter().map(|l| l.score).collect();
            assert_eq!(scores, [1, 2, 3, 4, 5], "{}", d.name);
            assert_eq!(d.levels[0].description, d.weak);
            assert_eq!(d.levels[4].description, d.strong);
        }
    }

    #[test]
    fn rubric_files_in_the_shared_form_are_read() {
        // The form of `ats rubric show --json`, here a published
        // three-level rubric with keys of its own (`domain`).
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../tests/fixtures/rubrics/gd.json"
        ))
        .unwrap();
        let rubric: Rubric = serde_json::from_str(&text).unwrap();
        rubric.validate().unwrap();
        assert_eq!(rubric.dimensions.len(), 7);
        for d in &rubric.dimensions {
            let labels: Vec<&str> = d.levels.iter().map(|l| l.label.as_str()).collect();
            assert_eq!(labels, ["low", "medium", "high"], "{}", d.name);
        }
        // Printed and read again, it is the same rubric.
        let again: Rubric = serde_json::from_str(&serde_json::to_string(&rubric).unwrap()).unwrap();
        assert_eq!(again, rubric);
    }
}
