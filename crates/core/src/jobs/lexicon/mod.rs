//! Word lists of job postings, apart from the logic that reads them. Each
//! list names the class of text it stands for, in English, German, French
//! and Spanish; none holds a phrase because one posting used it. Entries
//! are lower case and matched as substrings of a lower-cased heading or
//! line unless a list says otherwise.
//!
//! `headings` names the parts of a posting; `requirements` the words of
//! what a posting asks for; `boilerplate` perks and notices; `soft_skills`
//! traits by interview dimension; `titles` the lines around a title.

mod boilerplate;
mod headings;
mod requirements;
mod soft_skills;
mod titles;

pub use boilerplate::{BENEFIT_CUES, BOILERPLATE_CUES};
pub use headings::{
    BOILERPLATE_HEADINGS, PREFERRED_HEADINGS, REQUIRED_HEADINGS, RESPONSIBILITY_HEADINGS,
};
pub use requirements::{NICE_CUES, NOT_A_SKILL, REQUIREMENT_CUES};
pub use soft_skills::{SOFT_FILLERS, SOFT_SKILLS};
pub use titles::{NOT_A_TITLE, TITLE_LABELS};
