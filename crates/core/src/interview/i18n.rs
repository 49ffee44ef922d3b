//! The conductor's own words in each interview language: the AI notice,
//! the closing messages, and the follow-ups and clarifications it falls
//! back on when no model gives one.

use super::protocol::EndReason;
use super::{Language, QuestionKind};

/// The notice shown before the first question; consent is asked after it.
pub fn notice(lang: Language, job_title: &str, questions: usize, minutes: u64) -> String {
    match lang {
        Language::En => format!(
            "This interview for the position \"{job_title}\" is conducted by an AI interviewer, not a person. \
             You will be asked {questions} questions, in writing, with a time limit for each and {minutes} minutes in all. \
             Your answers, their timing and what your device reports about how they were typed (pasting, focus) are recorded. \
             They are used only to assess your application for this position; a person reviews the assessment and makes every decision. \
             Do you agree to be interviewed by the AI? If not, you can ask for another process instead, with no disadvantage."
        ),
        Language::De => format!(
            "Dieses Interview für die Stelle „{job_title}“ führt ein KI-Interviewer, kein Mensch. \
             Sie erhalten {questions} Fragen in Textform, jeweils mit einem Zeitlimit, insgesamt {minutes} Minuten. \
             Aufgezeichnet werden Ihre Antworten, deren Zeitpunkte und was Ihr Gerät über die Eingabe meldet (Einfügen, Fokus). \
             Sie dienen nur der Beurteilung Ihrer Bewerbung für diese Stelle; ein Mensch prüft die Beurteilung und trifft jede Entscheidung. \
             Sind Sie einverstanden, von der KI interviewt zu werden? Andernfalls können Sie ohne Nachteil ein anderes Verfahren verlangen."
        ),
        Language::Fr => format!(
            "Cet entretien pour le poste « {job_title} » est mené par un intervieweur IA, et non par une personne. \
             Vous recevrez {questions} questions écrites, chacune avec une limite de temps, {minutes} minutes au total. \
             Vos réponses, leur chronologie et ce que votre appareil signale de leur saisie (collage, perte de focus) sont enregistrés. \
             Ils servent uniquement à évaluer votre candidature à ce poste ; une personne examine l'évaluation et prend chaque décision. \
             Acceptez-vous d'être interviewé par l'IA ? Sinon, vous pouvez demander un autre processus, sans aucun désavantage."
        ),
    }
}

pub fn end_message(lang: Language, reason: EndReason) -> &'static str {
    use EndReason::*;
    match (lang, reason) {
        (Language::En, Finished) => {
            "Thank you, that was the last question. Your answers are saved; the recruiting team will be in touch."
        }
        (Language::En, TimeUp) => {
            "The time for this interview is over. Your answers so far are saved; the recruiting team will be in touch."
        }
        (Language::En, ConsentDeclined) => {
            "Understood: no AI interview. The recruiting team will contact you about another process."
        }
        (Language::En, Left) => "You have left the interview. Your answers so far are saved.",
        (Language::En, InvitationExpired) => {
            "This invitation has expired. Please contact the recruiting team for a new one."
        }
        (Language::De, Finished) => {
            "Vielen Dank, das war die letzte Frage. Ihre Antworten sind gespeichert; das Recruiting-Team meldet sich bei Ihnen."
        }
        (Language::De, TimeUp) => {
            "Die Zeit für dieses Interview ist abgelaufen. Ihre bisherigen Antworten sind gespeichert; das Recruiting-Team meldet sich."
        }
        (Language::De, ConsentDeclined) => {
            "Verstanden: kein KI-Interview. Das Recruiting-Team meldet sich wegen eines anderen Verfahrens bei Ihnen."
        }
        (Language::De, Left) => {
            "Sie haben das Interview verlassen. Ihre bisherigen Antworten sind gespeichert."
        }
        (Language::De, InvitationExpired) => {
            "Diese Einladung ist abgelaufen. Bitte wenden Sie sich für eine neue an das Recruiting-Team."
        }
        (Language::Fr, Finished) => {
            "Merci, c'était la dernière question. Vos réponses sont enregistrées ; l'équipe de recrutement reviendra vers vous."
        }
        (Language::Fr, TimeUp) => {
            "Le temps de cet entretien est écoulé. Vos réponses sont enregistrées ; l'équipe de recrutement reviendra vers vous."
        }
        (Language::Fr, ConsentDeclined) => {
            "Entendu : pas d'entretien par l'IA. L'équipe de recrutement vous contactera pour un autre processus."
        }
        (Language::Fr, Left) => {
            "Vous avez quitté l'entretien. Vos réponses jusqu'ici sont enregistrées."
        }
        (Language::Fr, InvitationExpired) => {
            "Cette invitation a expiré. Veuillez contacter l'équipe de recrutement pour en obtenir une nouvelle."
        }
    }
}

/// A follow-up asking for a key point the answer left out.
pub fn follow_up(lang: Language, key_point: &str) -> String {
    let point = key_point.trim().trim_end_matches('.');
    match lang {
        Language::En => format!(
            "Thank you. Could you say more about this point: {point}? A concrete example from your own work helps."
        ),
        Language::De => format!(
            "Danke. Können Sie mehr zu diesem Punkt sagen: {point}? Ein konkretes Beispiel aus Ihrer eigenen Arbeit hilft."
        ),
        Language::Fr => format!(
            "Merci. Pouvez-vous en dire plus sur ce point : {point} ? Un exemple concret tiré de votre propre travail aide."
        ),
    }
}

/// A follow-up for an answer too short to judge.
pub fn follow_up_more(lang: Language) -> &'static str {
    match lang {
        Language::En => {
            "Could you go into more detail? Describe a concrete case: what you did, how, and what came of it."
        }
        Language::De => {
            "Können Sie das genauer ausführen? Beschreiben Sie einen konkreten Fall: was Sie getan haben, wie, und mit welchem Ergebnis."
        }
        Language::Fr => {
            "Pouvez-vous entrer dans le détail ? Décrivez un cas concret : ce que vous avez fait, comment, et avec quel résultat."
        }
    }
}

/// What a kind of question asks for, as the clarification says it.
pub fn clarification(lang: Language, kind: QuestionKind, dimension: &str) -> String {
    let how = match (lang, kind) {
        (Language::En, QuestionKind::Technical) => {
            "explain how you would do it or how it works, with the concrete tools and trade-offs you know from practice"
        }
        (Language::En, QuestionKind::Behavioural) => {
            "describe one real situation: the situation, your task, what you did yourself, and the result"
        }
        (Language::En, QuestionKind::Situational) => {
            "say what you would do in that situation, step by step, and why"
        }
        (Language::En, QuestionKind::ResumeDeepDive) => {
            "tell us more about that part of your own experience: what you did, how, and what came of it"
        }
        (Language::De, QuestionKind::Technical) => {
            "erklären Sie, wie Sie vorgehen würden oder wie es funktioniert, mit den konkreten Werkzeugen und Abwägungen aus Ihrer Praxis"
        }
        (Language::De, QuestionKind::Behavioural) => {
            "beschreiben Sie eine echte Situation: die Lage, Ihre Aufgabe, was Sie selbst getan haben, und das Ergebnis"
        }
        (Language::De, QuestionKind::Situational) => {
            "sagen Sie Schritt für Schritt, was Sie in dieser Situation tun würden, und warum"
        }
        (Language::De, QuestionKind::ResumeDeepDive) => {
            "erzählen Sie mehr über diesen Teil Ihrer Erfahrung: was Sie getan haben, wie, und mit welchem Ergebnis"
        }
        (Language::Fr, QuestionKind::Technical) => {
            "expliquez comment vous procéderiez ou comment cela fonctionne, avec les outils et compromis concrets que vous connaissez"
        }
        (Language::Fr, QuestionKind::Behavioural) => {
            "décrivez une situation réelle : le contexte, votre tâche, ce que vous avez fait vous-même et le résultat"
        }
        (Language::Fr, QuestionKind::Situational) => {
            "dites ce que vous feriez dans cette situation, étape par étape, et pourquoi"
        }
        (Language::Fr, QuestionKind::ResumeDeepDive) => {
            "parlez-nous davantage de cette partie de votre expérience : ce que vous avez fait, comment et avec quel résultat"
        }
    };
    match lang {
        Language::En => format!(
            "This question is about {dimension}. In your answer, {how}. There is no single right answer; your time limit is unchanged."
        ),
        Language::De => format!(
            "Diese Frage betrifft {dimension}. In Ihrer Antwort {how}. Es gibt nicht die eine richtige Antwort; Ihr Zeitlimit bleibt unverändert."
        ),
        Language::Fr => format!(
            "Cette question porte sur {dimension}. Dans votre réponse, {how}. Il n'y a pas de réponse unique ; votre limite de temps reste inchangée."
        ),
    }
}

/// Messages of `error` events, by code.
pub fn error_message(lang: Language, code: &str) -> &'static str {
    match (lang, code) {
        (Language::De, "interview.consent_required") => {
            "Bitte stimmen Sie zuerst dem KI-Interview zu oder verlangen Sie ein anderes Verfahren."
        }
        (Language::Fr, "interview.consent_required") => {
            "Veuillez d'abord accepter l'entretien par l'IA ou demander un autre processus."
        }
        (_, "interview.consent_required") => {
            "Please first agree to the AI interview or ask for another process."
        }
        (Language::De, "interview.not_asking") => "Gerade ist keine Frage offen.",
        (Language::Fr, "interview.not_asking") => "Aucune question n'est en cours.",
        (_, "interview.not_asking") => "No question is open right now.",
        (Language::De, "interview.empty_answer") => "Die Antwort ist leer.",
        (Language::Fr, "interview.empty_answer") => "La réponse est vide.",
        (_, "interview.empty_answer") => "The answer is empty.",
        (Language::De, "interview.too_many_clarifications") => {
            "Zu dieser Frage gibt es keine weiteren Erläuterungen; bitte antworten Sie, so gut Sie können."
        }
        (Language::Fr, "interview.too_many_clarifications") => {
            "Il n'y a plus de précisions pour cette question ; répondez du mieux que vous pouvez."
        }
        (_, "interview.too_many_clarifications") => {
            "There are no more clarifications for this question; please answer as best you can."
        }
        (Language::De, "interview.answer_too_long") => {
            "Die Antwort ist zu lang (höchstens 20 000 Zeichen)."
        }
        (Language::Fr, "interview.answer_too_long") => {
            "La réponse est trop longue (20 000 caractères au plus)."
        }
        (_, "interview.answer_too_long") => "The answer is too long (20,000 characters at most).",
        (Language::De, "interview.ended") => "Das Interview ist beendet.",
        (Language::Fr, "interview.ended") => "L'entretien est terminé.",
        (_, "interview.ended") => "The interview is over.",
        (Language::De, "interview.too_late") => {
            "Diese Antwort kam nach Ablauf der Zeit für die Frage; sie wurde nicht gespeichert."
        }
        (Language::Fr, "interview.too_late") => {
            "Cette réponse est arrivée après la fin du temps de la question ; elle n'a pas été enregistrée."
        }
        (_, "interview.too_late") => {
            "This answer came after the question's time ran out; it was not saved."
        }
        (Language::De, _) => "Die Nachricht konnte nicht verarbeitet werden.",
        (Language::Fr, _) => "Le message n'a pas pu être traité.",
        (_, _) => "The message could not be used.",
    }
}
