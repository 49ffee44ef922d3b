//! The offline question generator: questions from templates per
//! requirement family (what building with a language, running a platform,
//! working with data or following a practice is asked about), STAR
//! questions per interview dimension, situational questions from the
//! posting's responsibilities, and deep-dives into the candidate's own
//! positions and projects. Used with no model, in offline mode without a
//! local model, and to cover what a model's plan left out; every question
//! it makes is labelled `offline`.

use super::{Difficulty, Language, Question, QuestionKind, QuestionSource, Scope};
use crate::jobs::{JobAnalysis, Requirement};
use crate::resume::JsonResume;
use crate::rubric::Rubric;

pub const GENERATOR: &str = "offline templates v1";

/// What a requirement's questions ask about, by the family of its skill.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Family {
    /// Languages, front and back ends, mobile: things one builds with.
    Build,
    /// Cloud, infrastructure: things one runs systems on.
    Operate,
    /// Data and machine learning.
    Data,
    /// Practices, product work, and requirement phrases.
    Practice,
}

fn family(cluster: &str) -> Family {
    match cluster {
        "Programming languages" | "Web front end" | "Back end and data stores" | "Mobile" => {
            Family::Build
        }
        "Cloud and infrastructure" => Family::Operate,
        "Data and machine learning" => Family::Data,
        _ => Family::Practice,
    }
}

/// The difficulty the job's seniority calls for.
pub fn difficulty(job: &JobAnalysis) -> Difficulty {
    match job.seniority.as_deref() {
        Some("senior" | "staff" | "principal" | "lead" | "manager" | "director") => {
            Difficulty::Hard
        }
        Some("junior" | "intern" | "entry" | "graduate") => Difficulty::Easy,
        _ => Difficulty::Medium,
    }
}

/// The rubric dimension a requirement is scored on: the one listing its
/// skill, else the one named after its family, else the heaviest.
pub fn dimension_of(rubric: &Rubric, requirement: &Requirement) -> String {
    let cluster = crate::rubric::cluster_of(&requirement.skill);
    rubric
        .dimensions
        .iter()
        .find(|d| d.skills.iter().any(|s| s == &requirement.skill))
        .or_else(|| rubric.dimensions.iter().find(|d| d.name == cluster))
        .or_else(|| {
            rubric
                .dimensions
                .iter()
                .find(|d| d.name == "Role-specific skills")
        })
        .or_else(|| {
            rubric
                .dimensions
                .iter()
                .max_by(|a, b| a.weight.total_cmp(&b.weight))
        })
        .map_or_else(|| "Technical skills".to_owned(), |d| d.name.clone())
}

fn question(
    job: &JobAnalysis,
    kind: QuestionKind,
    scope: Scope,
    dimension: &str,
    text: String,
    key_points: Vec<String>,
    time_limit_secs: u32,
) -> Question {
    Question {
        id: uuid::Uuid::new_v4().to_string(),
        kind,
        difficulty: difficulty(job),
        dimension: dimension.to_owned(),
        requirements: Vec::new(),
        text,
        key_points,
        time_limit_secs,
        source: QuestionSource::Offline,
        scope,
    }
}

/// Must-have (or nice-to-have) requirements asked about in one question:
/// known skills of one rubric dimension, and requirement phrases that name
/// one of them or stand alone.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Group {
    pub dimension: String,
    pub skills: Vec<String>,
    pub phrases: Vec<String>,
}

/// Skills per question at most, and phrases per question without a skill.
const SKILLS_PER_QUESTION: usize = 3;
const PHRASES_PER_QUESTION: usize = 2;

/// A requirement phrase without the connective the posting's list left on
/// it ("or familiarity with …", "und …").
fn bare(phrase: &str) -> &str {
    let mut p = phrase.trim();
    for lead in ["or ", "and ", "oder ", "und ", "ou ", "et ", "and/or "] {
        if p.len() > lead.len() && p[..lead.len()].eq_ignore_ascii_case(lead) {
            p = p[lead.len()..].trim_start();
        }
    }
    p.trim_end_matches(['.', ';', ','])
}

fn names_word(text: &str, word: &str) -> bool {
    let t = text.to_lowercase();
    let w = word.to_lowercase();
    t.match_indices(&w).any(|(i, _)| {
        !t[..i]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric)
            && !t[i + w.len()..]
                .chars()
                .next()
                .is_some_and(char::is_alphanumeric)
    })
}

/// Group requirements into questions: skills by rubric dimension (at most
/// three a question), each phrase with the first group whose skill it
/// names, the other phrases two a question; a phrase contained in another
/// goes with it.
pub fn groups(rubric: &Rubric, requirements: &[&Requirement]) -> Vec<Group> {
    let mut out: Vec<Group> = Vec::new();
    for r in requirements.iter().filter(|r| r.kind == "taxonomy") {
        let dim = dimension_of(rubric, r);
        match out
            .iter_mut()
            .find(|g| g.dimension == dim && g.skills.len() < SKILLS_PER_QUESTION)
        {
            Some(g) => g.skills.push(r.skill.clone()),
            None => out.push(Group {
                dimension: dim,
                skills: vec![r.skill.clone()],
                phrases: Vec::new(),
            }),
        }
    }
    let phrases: Vec<&Requirement> = requirements
        .iter()
        .copied()
        .filter(|r| r.kind == "phrase")
        .collect();
    let mut alone: Vec<&Requirement> = Vec::new();
    for r in &phrases {
        let text = bare(&r.skill);
        let host = out
            .iter_mut()
            .find(|g| g.skills.iter().any(|s| names_word(text, s)));
        if let Some(g) = host {
            g.phrases.push(r.skill.clone());
        } else if let Some(g) = out.iter_mut().find(|g| {
            g.phrases
                .iter()
                .any(|p| bare(p).contains(text) || text.contains(bare(p)))
        }) {
            g.phrases.push(r.skill.clone());
        } else {
            alone.push(r);
        }
    }
    let mut practice: Vec<Group> = Vec::new();
    for r in alone {
        let text = bare(&r.skill);
        if let Some(g) = practice.iter_mut().find(|g| {
            g.phrases
                .iter()
                .any(|p| bare(p).contains(text) || text.contains(bare(p)))
        }) {
            g.phrases.push(r.skill.clone());
            continue;
        }
        match practice.last_mut() {
            Some(g) if g.phrases.len() < PHRASES_PER_QUESTION => g.phrases.push(r.skill.clone()),
            _ => practice.push(Group {
                dimension: dimension_of(rubric, r),
                skills: Vec::new(),
                phrases: vec![r.skill.clone()],
            }),
        }
    }
    out.extend(practice);
    out
}

fn join_list(lang: Language, items: &[&str]) -> String {
    let and = match lang {
        Language::En => " and ",
        Language::De => " und ",
        Language::Fr => " et ",
    };
    match items {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [rest @ .., last] => format!("{}{and}{last}", rest.join(", ")),
    }
}

/// Cut a text to about `max` characters at a word boundary.
fn short(text: &str, max: usize) -> String {
    let t = text.trim();
    if t.chars().count() <= max {
        return t.to_owned();
    }
    let cut: String = t.chars().take(max).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    format!("{}…", cut.trim_end_matches([',', ';', ':']))
}

/// A technical question on a group of requirements.
pub fn technical(
    job: &JobAnalysis,
    group: &Group,
    lang: Language,
    time_limit_secs: u32,
) -> Question {
    let skills: Vec<&str> = group.skills.iter().map(|s| s.trim()).collect();
    let phrases: Vec<String> = group.phrases.iter().map(|p| short(bare(p), 110)).collect();
    let (skill, fam) = match skills.first() {
        Some(first) => (
            join_list(lang, &skills),
            family(crate::rubric::cluster_of(first)),
        ),
        None => {
            let refs: Vec<&str> = phrases.iter().map(String::as_str).collect();
            (refs.join("; "), Family::Practice)
        }
    };
    let skill = skill.as_str();
    let (text, points): (String, [String; 3]) = match (lang, fam) {
        (Language::En, Family::Build) => (
            format!(
                "Walk us through a substantial piece of work you built with {skill}: what it did, how you structured it, and which trade-offs you made."
            ),
            [
                format!("A concrete piece of work built with {skill}"),
                "How it was structured, and why".into(),
                "Trade-offs, pitfalls or testing and what was learned".into(),
            ],
        ),
        (Language::En, Family::Operate) => (
            format!(
                "Describe how you have used {skill} to deploy or run a system: how it was set up, how you kept it reliable, and a problem you had to fix."
            ),
            [
                format!("A real system deployed or run with {skill}"),
                "How reliability, security or cost were handled".into(),
                "A concrete incident or problem and its fix".into(),
            ],
        ),
        (Language::En, Family::Data) => (
            format!(
                "Tell us about a data or machine-learning task where you used {skill}: the data, your approach, and how you checked the result was right."
            ),
            [
                format!("A concrete task that used {skill}"),
                "The approach and why it suited the data".into(),
                "How the result was validated or measured".into(),
            ],
        ),
        (Language::En, Family::Practice) => (
            format!(
                "The role asks for {skill}. Describe a concrete piece of your work where you applied it: the problem, your approach, and the outcome."
            ),
            [
                format!("A concrete example of {skill} in their own work"),
                "Their approach and the reasons for it".into(),
                "The outcome, with a measure or what they learned".into(),
            ],
        ),
        (Language::De, Family::Build) => (
            format!(
                "Beschreiben Sie eine größere Arbeit, die Sie mit {skill} gebaut haben: was sie tat, wie Sie sie strukturiert haben und welche Abwägungen Sie getroffen haben."
            ),
            [
                format!("Eine konkrete, mit {skill} gebaute Arbeit"),
                "Wie sie aufgebaut war und warum".into(),
                "Abwägungen, Fallstricke oder Tests und was daraus gelernt wurde".into(),
            ],
        ),
        (Language::De, Family::Operate) => (
            format!(
                "Beschreiben Sie, wie Sie {skill} genutzt haben, um ein System bereitzustellen oder zu betreiben: den Aufbau, wie Sie es zuverlässig hielten, und ein Problem, das Sie lösen mussten."
            ),
            [
                format!("Ein echtes, mit {skill} betriebenes System"),
                "Wie Zuverlässigkeit, Sicherheit oder Kosten behandelt wurden".into(),
                "Ein konkreter Vorfall und seine Lösung".into(),
            ],
        ),
        (Language::De, Family::Data) => (
            format!(
                "Erzählen Sie von einer Daten- oder Machine-Learning-Aufgabe, bei der Sie {skill} eingesetzt haben: die Daten, Ihr Vorgehen und wie Sie das Ergebnis geprüft haben."
            ),
            [
                format!("Eine konkrete Aufgabe mit {skill}"),
                "Das Vorgehen und warum es zu den Daten passte".into(),
                "Wie das Ergebnis geprüft oder gemessen wurde".into(),
            ],
        ),
        (Language::De, Family::Practice) => (
            format!(
                "Die Stelle verlangt {skill}. Beschreiben Sie eine konkrete Arbeit, in der Sie das angewandt haben: das Problem, Ihr Vorgehen und das Ergebnis."
            ),
            [
                format!("Ein konkretes Beispiel für {skill} aus der eigenen Arbeit"),
                "Das eigene Vorgehen und seine Gründe".into(),
                "Das Ergebnis, mit einer Messgröße oder dem Gelernten".into(),
            ],
        ),
        (Language::Fr, Family::Build) => (
            format!(
                "Présentez un travail conséquent que vous avez réalisé avec {skill} : ce qu'il faisait, comment vous l'avez structuré et quels compromis vous avez faits."
            ),
            [
                format!("Un travail concret réalisé avec {skill}"),
                "Sa structure et ses raisons".into(),
                "Compromis, pièges ou tests et ce qui en a été appris".into(),
            ],
        ),
        (Language::Fr, Family::Operate) => (
            format!(
                "Décrivez comment vous avez utilisé {skill} pour déployer ou exploiter un système : sa mise en place, sa fiabilité, et un problème que vous avez dû résoudre."
            ),
            [
                format!("Un système réel déployé ou exploité avec {skill}"),
                "La gestion de la fiabilité, de la sécurité ou des coûts".into(),
                "Un incident concret et sa résolution".into(),
            ],
        ),
        (Language::Fr, Family::Data) => (
            format!(
                "Parlez-nous d'une tâche de données ou d'apprentissage automatique où vous avez utilisé {skill} : les données, votre démarche et la vérification du résultat."
            ),
            [
                format!("Une tâche concrète utilisant {skill}"),
                "La démarche et pourquoi elle convenait aux données".into(),
                "Comment le résultat a été validé ou mesuré".into(),
            ],
        ),
        (Language::Fr, Family::Practice) => (
            format!(
                "Le poste demande {skill}. Décrivez un travail concret où vous l'avez appliqué : le problème, votre démarche et le résultat."
            ),
            [
                format!("Un exemple concret de {skill} dans son propre travail"),
                "Sa démarche et ses raisons".into(),
                "Le résultat, mesuré, ou ce qui a été appris".into(),
            ],
        ),
    };
    let mut points: Vec<String> = points.into();
    if skills.is_empty() && phrases.len() > 1 {
        // One point per phrase instead of their joined list.
        points.splice(
            0..1,
            phrases.iter().map(|p| match lang {
                Language::En => format!("A concrete example of {p}"),
                Language::De => format!("Ein konkretes Beispiel für {p}"),
                Language::Fr => format!("Un exemple concret de {p}"),
            }),
        );
    }
    Question {
        requirements: group.skills.iter().chain(&group.phrases).cloned().collect(),
        ..question(
            job,
            QuestionKind::Technical,
            Scope::Job,
            &group.dimension,
            text,
            points,
            time_limit_secs,
        )
    }
}

/// A STAR question on one interview dimension (soft skills first).
pub fn behavioural(
    job: &JobAnalysis,
    dimension: &str,
    lang: Language,
    time_limit_secs: u32,
) -> Question {
    let topic = dimension.to_lowercase();
    let (text, points): (String, [&str; 4]) = match lang {
        Language::En => (
            format!(
                "Tell us about a specific time your {topic} made a difference at work. What was the situation, what was your task, what did you do yourself, and what was the result?"
            ),
            [
                "The situation and its stakes",
                "Their own task and responsibility",
                "The actions they took themselves",
                "A result, ideally measured, and what they learned",
            ],
        ),
        Language::De => (
            format!(
                "Erzählen Sie von einer konkreten Situation, in der es bei der Arbeit auf Ihre Fähigkeiten in {dimension} ankam. Was war die Lage, was Ihre Aufgabe, was haben Sie selbst getan, und was war das Ergebnis?"
            ),
            [
                "Die Situation und was auf dem Spiel stand",
                "Die eigene Aufgabe und Verantwortung",
                "Was die Person selbst getan hat",
                "Ein Ergebnis, möglichst gemessen, und das Gelernte",
            ],
        ),
        Language::Fr => (
            format!(
                "Racontez une situation précise où vos compétences en {topic} ont fait la différence au travail. Quel était le contexte, votre tâche, qu'avez-vous fait vous-même, et quel a été le résultat ?"
            ),
            [
                "Le contexte et ses enjeux",
                "Sa propre tâche et responsabilité",
                "Les actions menées soi-même",
                "Un résultat, mesuré si possible, et ce qui a été appris",
            ],
        ),
    };
    question(
        job,
        QuestionKind::Behavioural,
        Scope::Job,
        dimension,
        text,
        points.iter().map(|p| (*p).to_owned()).collect(),
        time_limit_secs,
    )
}

/// A hypothetical built on one of the posting's responsibilities.
pub fn situational(
    job: &JobAnalysis,
    dimension: &str,
    responsibility: &str,
    lang: Language,
    time_limit_secs: u32,
) -> Question {
    let duty = responsibility
        .trim()
        .trim_end_matches(['.', ';', ','])
        .trim_start_matches(['-', '•', '*', ' ']);
    let (text, points): (String, [&str; 4]) = match lang {
        Language::En => (
            format!(
                "Suppose that in your first weeks in this role you are responsible for this: \"{duty}\". How would you go about it, step by step, and how would you know it went well?"
            ),
            [
                "Clarifies goals, constraints and stakeholders first",
                "A concrete plan with ordered steps",
                "Risks and how they would handle them",
                "How success would be measured",
            ],
        ),
        Language::De => (
            format!(
                "Angenommen, Sie sind in Ihren ersten Wochen in dieser Rolle hierfür verantwortlich: „{duty}“. Wie würden Sie Schritt für Schritt vorgehen, und woran würden Sie erkennen, dass es gut lief?"
            ),
            [
                "Klärt zuerst Ziele, Rahmen und Beteiligte",
                "Ein konkreter Plan mit geordneten Schritten",
                "Risiken und der Umgang damit",
                "Wie der Erfolg gemessen würde",
            ],
        ),
        Language::Fr => (
            format!(
                "Supposons que, dans vos premières semaines à ce poste, vous soyez responsable de ceci : « {duty} ». Comment vous y prendriez-vous, étape par étape, et comment sauriez-vous que c'est réussi ?"
            ),
            [
                "Clarifie d'abord les objectifs, contraintes et parties prenantes",
                "Un plan concret aux étapes ordonnées",
                "Les risques et leur traitement",
                "La mesure du succès",
            ],
        ),
    };
    question(
        job,
        QuestionKind::Situational,
        Scope::Job,
        dimension,
        text,
        points.iter().map(|p| (*p).to_owned()).collect(),
        time_limit_secs,
    )
}

/// Deep-dives into the candidate's own positions and projects, most
/// recent first, with the resume's highlights as key points.
pub fn deep_dives(
    job: &JobAnalysis,
    resume: &JsonResume,
    dimension: &str,
    lang: Language,
    time_limit_secs: u32,
) -> Vec<Question> {
    let mut out = Vec::new();
    for w in &resume.work {
        let (Some(title), org) = (w.position.as_deref(), w.name.as_deref()) else {
            continue;
        };
        let what = match (lang, org) {
            (Language::En, Some(o)) => format!("the position {title} at {o}"),
            (Language::En, None) => format!("the position {title}"),
            (Language::De, Some(o)) => format!("die Position {title} bei {o}"),
            (Language::De, None) => format!("die Position {title}"),
            (Language::Fr, Some(o)) => format!("le poste {title} chez {o}"),
            (Language::Fr, None) => format!("le poste {title}"),
        };
        out.push(deep_dive(
            job,
            &what,
            &w.highlights,
            dimension,
            lang,
            time_limit_secs,
        ));
    }
    for p in &resume.projects {
        let Some(name) = p.name.as_deref() else {
            continue;
        };
        let what = match lang {
            Language::En => format!("the project {name}"),
            Language::De => format!("das Projekt {name}"),
            Language::Fr => format!("le projet {name}"),
        };
        out.push(deep_dive(
            job,
            &what,
            &p.highlights,
            dimension,
            lang,
            time_limit_secs,
        ));
    }
    out
}

fn deep_dive(
    job: &JobAnalysis,
    what: &str,
    highlights: &[String],
    dimension: &str,
    lang: Language,
    time_limit_secs: u32,
) -> Question {
    let text = match lang {
        Language::En => format!(
            "Your resume lists {what}. What was the most demanding piece of work you did there, what was your own part in it, and what came of it?"
        ),
        Language::De => format!(
            "Ihr Lebenslauf nennt {what}. Was war die anspruchsvollste Arbeit, die Sie dort geleistet haben, was war Ihr eigener Anteil, und was kam dabei heraus?"
        ),
        Language::Fr => format!(
            "Votre CV mentionne {what}. Quel a été le travail le plus exigeant que vous y avez mené, quelle était votre propre part, et qu'en est-il ressorti ?"
        ),
    };
    let mut points: Vec<String> = highlights
        .iter()
        .take(2)
        .map(|h| format!("{}: {}", own_part(lang), short(h, 80)))
        .collect();
    points.extend(
        match lang {
            Language::En => [
                "Their own part, distinct from the team's",
                "A concrete outcome or what they learned",
            ],
            Language::De => [
                "Der eigene Anteil, vom Team unterschieden",
                "Ein konkretes Ergebnis oder das Gelernte",
            ],
            Language::Fr => [
                "Sa propre part, distincte de celle de l'équipe",
                "Un résultat concret ou ce qui a été appris",
            ],
        }
        .map(str::to_owned),
    );
    question(
        job,
        QuestionKind::ResumeDeepDive,
        Scope::Candidate,
        dimension,
        text,
        points,
        time_limit_secs,
    )
}

/// How a deep-dive's key point from the resume is put.
fn own_part(lang: Language) -> &'static str {
    match lang {
        Language::En => "Their own part in",
        Language::De => "Der eigene Anteil an",
        Language::Fr => "Sa propre part dans",
    }
}

/// The rubric's soft dimensions (those without job skills), heaviest first.
pub fn soft_dimensions(rubric: &Rubric) -> Vec<String> {
    let mut dims: Vec<_> = rubric
        .dimensions
        .iter()
        .filter(|d| d.skills.is_empty())
        .collect();
    dims.sort_by(|a, b| b.weight.total_cmp(&a.weight));
    dims.into_iter().map(|d| d.name.clone()).collect()
}
