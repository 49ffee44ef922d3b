//! The prototype sentences `Meaning` compares text with: headings by the
//! part of a posting they open, list items and paragraphs by the part they
//! belong to, traits by interview dimension, and skills. Each is written
//! for the class of text it stands for, not taken from any posting.

use crate::jobs::Part;

/// Headings, by the part they open.
pub(super) const HEADINGS: &[(Part, &[&str])] = &[
    (
        Part::Required,
        &[
            "Requirements",
            "Minimum qualifications",
            "Required skills and experience",
            "What you bring to the team",
            "What we are looking for in you",
            "Who you are",
            "You have",
            "Our ideal candidate",
            "Must haves",
            "Your profile",
            "About you",
            "What you need to succeed",
            "You might be a good fit if",
            "Skills and experience we need",
        ],
    ),
    (
        Part::Preferred,
        &[
            "Nice to have",
            "Preferred qualifications",
            "Bonus points",
            "It would be great if you also have",
            "Desirable skills",
            "Extra credit",
        ],
    ),
    (
        Part::Responsibilities,
        &[
            "Responsibilities",
            "What you will do",
            "Your day to day",
            "Key duties",
            "In this role you will",
            "What you will work on",
            "Main tasks of the job",
            "Your impact",
        ],
    ),
    (
        Part::Boilerplate,
        &[
            "About us",
            "About the company",
            "Benefits and perks",
            "What we offer",
            "Compensation and salary range",
            "Equal employment opportunity",
            "How to apply",
            "Security responsibilities",
            "Privacy notice",
            "Reasonable accommodations",
            "Working hours and location",
            "Our commitment to diversity and inclusion",
            "Application process",
            "Why join us",
            "Vaccination policy",
        ],
    ),
    (
        Part::Other,
        &[
            "About the role",
            "Role summary",
            "Overview",
            "The team",
            "About the project",
            "Position summary",
            "Introduction",
        ],
    ),
];

/// List items and paragraphs, by the part they belong to.
pub(super) const ITEMS: &[(Part, &[&str])] = &[
    (
        Part::Required,
        &[
            "5+ years of experience in software development",
            "Bachelor's degree in accounting or a related field",
            "Proficiency in Excel and financial modelling",
            "Strong knowledge of SQL and relational databases",
            "Experience managing a sales pipeline",
            "A current, unrestricted nursing license",
            "Familiarity with cloud platforms such as AWS",
            "Fluent in English and Spanish",
            "Certified in first aid and CPR",
        ],
    ),
    (
        Part::Responsibilities,
        &[
            "Design and build new features for our web application",
            "Manage the monthly budget and prepare financial reports",
            "Coordinate with stakeholders to gather requirements",
            "Provide direct patient care and administer medications",
            "Lead weekly planning meetings with the team",
            "Develop marketing campaigns for new products",
            "Answer customer questions by phone and email",
        ],
    ),
    (
        Part::Boilerplate,
        &[
            "We are an equal opportunity employer and do not discriminate on the basis of race, religion, gender or disability.",
            "If you need an accommodation during the hiring process, please contact us.",
            "To apply, send your resume and a short cover letter by email.",
            "All employees must follow security policies and protect sensitive information.",
            "Health, dental and vision insurance",
            "Paid time off and parental leave",
            "We value diversity and encourage everyone to apply even if you do not meet every qualification.",
            "Employees are required to be vaccinated unless an exemption applies.",
            "Qualified applicants may be placed in a pool for future vacancies.",
            "We are a fast-growing company founded in 2010 with offices in three countries.",
        ],
    ),
];

/// Traits (soft skills), by interview dimension.
pub(super) const TRAITS: &[(&str, &[&str])] = &[
    (
        "Communication",
        &[
            "Excellent written and verbal communication skills",
            "You listen carefully and explain ideas clearly",
        ],
    ),
    (
        "Teamwork and collaboration",
        &[
            "A collaborative team player who works well with others",
            "You share knowledge openly and ask for help when you need it",
        ],
    ),
    (
        "Leadership",
        &["Strong leadership skills and the ability to inspire others"],
    ),
    (
        "Problem solving",
        &["Strong problem-solving and critical thinking skills"],
    ),
    (
        "Attention to detail",
        &["Detail-oriented and meticulous in your work"],
    ),
    (
        "Organisation and prioritisation",
        &["Highly organized and able to juggle competing priorities"],
    ),
    (
        "Adaptability",
        &[
            "Comfortable with ambiguity and change",
            "You thrive when plans shift and adapt quickly",
        ],
    ),
    (
        "Initiative and independence",
        &["A self-starter who takes initiative and works independently"],
    ),
    (
        "Creativity",
        &["Creative and curious, always trying new ideas"],
    ),
    (
        "Attitude and integrity",
        &[
            "A positive attitude and a willingness to learn",
            "You are not afraid of making mistakes and keep going when things get hard",
            "Honest, humble and reliable",
            "You care about the people you serve",
        ],
    ),
];

/// Skills, knowledge and experience: what a resume can show.
pub(super) const SKILLS: &[&str] = &[
    "Experience with Python and SQL",
    "Knowledge of accounting principles",
    "Proficiency in Adobe Photoshop and Illustrator",
    "A valid nursing license",
    "Bachelor's degree in engineering",
    "Experience managing budgets and forecasts",
    "Experience writing clear documentation for technical products",
    "Experience with CRM software",
    "Fluent in French",
    "Experience leading a team of five engineers",
];
