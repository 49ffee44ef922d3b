//! Names of the groups a skills list is sorted into ("Databases", "Outils",
//! "编程语言"): category nouns of the technical field in English, German,
//! French, Spanish, Chinese and Japanese. A line that is only such a name
//! opens a group of the list; it is not a skill itself.

const GROUPS: &[&str] = &[
    // English
    "languages",
    "programming languages",
    "programming",
    "frameworks",
    "frameworks and libraries",
    "libraries",
    "tools",
    "tooling",
    "developer tools",
    "databases",
    "database",
    "data stores",
    "cloud",
    "cloud platforms",
    "platforms",
    "infrastructure",
    "devops",
    "operating systems",
    "methods",
    "methodologies",
    "practices",
    "frontend",
    "front-end",
    "backend",
    "back-end",
    "web",
    "mobile",
    "testing",
    "other",
    "others",
    "miscellaneous",
    "technologies",
    // German
    "programmiersprachen",
    "sprachen",
    "werkzeuge",
    "datenbanken",
    "betriebssysteme",
    "methoden",
    "bibliotheken",
    "plattformen",
    "sonstiges",
    "sonstige",
    "technologien",
    // French
    "langages",
    "langages de programmation",
    "outils",
    "bases de données",
    "base de données",
    "systèmes d'exploitation",
    "méthodes",
    "méthodologies",
    "bibliothèques",
    "plateformes",
    "autres",
    "technologies",
    // Spanish
    "lenguajes",
    "lenguajes de programación",
    "herramientas",
    "bases de datos",
    "nube",
    "sistemas operativos",
    "metodologías",
    "bibliotecas",
    "plataformas",
    "otros",
    "tecnologías",
    // Chinese
    "编程语言",
    "程序语言",
    "开发语言",
    "框架",
    "工具",
    "开发工具",
    "数据库",
    "云平台",
    "云服务",
    "操作系统",
    "前端",
    "后端",
    "其他",
    "其它",
    // Japanese
    "言語",
    "プログラミング言語",
    "フレームワーク",
    "ツール",
    "データベース",
    "クラウド",
    "インフラ",
    "その他",
];

/// Whether a cell is only the name of a group of skills.
pub fn is_skill_group(cell: &str) -> bool {
    let cell = cell
        .trim()
        .trim_end_matches([':', '：'])
        .trim()
        .to_lowercase();
    GROUPS.contains(&cell.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn group_names_in_six_languages_and_not_skills() {
        for g in [
            "Databases",
            "Outils:",
            "Bases de datos",
            "编程语言",
            "フレームワーク",
        ] {
            assert!(is_skill_group(g), "{g}");
        }
        for s in ["PostgreSQL", "Google Cloud", "Machine Learning", "Docker"] {
            assert!(!is_skill_group(s), "{s}");
        }
    }
}
