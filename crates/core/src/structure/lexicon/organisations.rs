//! Organisation-name shapes: a legal form ("Beispiel GmbH", "Exemple SARL",
//! "Example Ltd") or an institution noun ("Example National Park",
//! "Beispiel-Klinikum", "Parc national de …", "University of …"). Lower
//! case, dots dropped (see `tokens`).

use super::{german_compound_of, has_cjk};

/// Legal forms of companies and associations, by country.
const LEGAL_FORMS: &[&str] = &[
    // English-speaking countries
    "inc",
    "incorporated",
    "llc",
    "llp",
    "lp",
    "ltd",
    "limited",
    "plc",
    "corp",
    "corporation",
    "co",
    "pty", // German-speaking countries
    "gmbh",
    "mbh",
    "ag",
    "kg",
    "kgaa",
    "ohg",
    "gbr",
    "ug",
    "ev",
    "se", // French-speaking countries
    "sa",
    "sas",
    "sasu",
    "sarl",
    "eurl",
    "sci",
    "scop",
    "sàrl", // elsewhere in Europe
    "bv",
    "nv",
    "spa",
    "srl",
    "oy",
    "sl",
    "slu",
    "sapi",
    "cv",
    "ltda",
];

/// Nouns that name a kind of organisation or institution.
const INSTITUTIONS_EN: &[&str] = &[
    "company",
    "group",
    "holding",
    "holdings",
    "partners",
    "associates",
    "university",
    "college",
    "institute",
    "school",
    "academy",
    "hospital",
    "clinic",
    "laboratory",
    "laboratories",
    "lab",
    "labs",
    "bank",
    "foundation",
    "trust",
    "association",
    "society",
    "council",
    "ministry",
    "agency",
    "authority",
    "commission",
    "bureau",
    "museum",
    "gallery",
    "library",
    "zoo",
    "park",
    "reserve",
    "theatre",
    "theater",
    "church",
    "army",
    "navy",
    "federation",
    "union",
    "studio",
    "studios",
    "media",
    "consulting",
    "consultancy",
    "solutions",
    "systems",
    "technologies",
    "industries",
    "enterprises",
    "ventures",
    "capital",
    "center",
    "centre",
    "firm",
    "hotel",
    "restaurant",
];

/// German institution nouns; also compound heads ("Nationalpark",
/// "Kreiskrankenhaus", "Stadtverwaltung").
const INSTITUTIONS_DE: &[&str] = &[
    "firma",
    "unternehmen",
    "gruppe",
    "konzern",
    "gesellschaft",
    "genossenschaft",
    "universität",
    "hochschule",
    "fachhochschule",
    "institut",
    "schule",
    "gymnasium",
    "akademie",
    "krankenhaus",
    "klinik",
    "klinikum",
    "praxis",
    "kanzlei",
    "bank",
    "sparkasse",
    "kasse",
    "stiftung",
    "verein",
    "verband",
    "ministerium",
    "behörde",
    "verwaltung",
    "agentur",
    "museum",
    "bibliothek",
    "park",
    "theater",
    "kirche",
    "gemeinde",
    "labor",
    "zentrum",
    "werke",
    "büro",
    "betrieb",
    "amt",
];

const INSTITUTIONS_FR: &[&str] = &[
    "société",
    "compagnie",
    "entreprise",
    "groupe",
    "université",
    "école",
    "institut",
    "lycée",
    "collège",
    "académie",
    "hôpital",
    "clinique",
    "cabinet",
    "banque",
    "caisse",
    "fondation",
    "association",
    "ministère",
    "agence",
    "mairie",
    "musée",
    "bibliothèque",
    "parc",
    "centre",
    "laboratoire",
    "chu",
];

const INSTITUTIONS_ES: &[&str] = &[
    "empresa",
    "compañía",
    "corporación",
    "sociedad",
    "grupo",
    "universidad",
    "instituto",
    "escuela",
    "colegio",
    "academia",
    "hospital",
    "clínica",
    "banco",
    "fundación",
    "asociación",
    "ministerio",
    "secretaría",
    "agencia",
    "ayuntamiento",
    "museo",
    "biblioteca",
    "centro",
    "consultora",
];

/// Japanese and Chinese organisation markers: legal forms and institution
/// nouns, found anywhere in a name written without spaces
/// ("株式会社デジタルフロンティア", "テックイノベーション株式会社").
const CJK_ORGANISATIONS: &[&str] = &[
    "株式会社",
    "有限会社",
    "合同会社",
    "合資会社",
    "(株)",
    "（株）",
    "㈱",
    "公司",
    "集团",
    "集團",
    "大学",
    "大學",
    "学院",
    "學院",
    "学校",
    "學校",
    "研究所",
    "研究院",
    "研究室",
    "銀行",
    "银行",
    "病院",
    "医院",
    "醫院",
    "協会",
    "协会",
    "協會",
    "財団",
    "法人",
    "事務所",
    "工作室",
    "製作所",
    "商事",
    "庁",
    "委员会",
    "委員会",
];

/// Whether a lower-cased token is a legal form or an institution noun, or
/// a German compound headed by one ("Freizeitpark", "Universitätsklinikum")
/// or a hyphenated one ("Beispiel-Krankenhaus").
pub fn is_organisation_word(token: &str) -> bool {
    if has_cjk(token) {
        return CJK_ORGANISATIONS.iter().any(|o| token.contains(o));
    }
    let head = token.rsplit('-').next().unwrap_or(token);
    static LISTED: std::sync::LazyLock<std::collections::HashSet<&'static str>> =
        std::sync::LazyLock::new(|| {
            [
                LEGAL_FORMS,
                INSTITUTIONS_EN,
                INSTITUTIONS_DE,
                INSTITUTIONS_FR,
                INSTITUTIONS_ES,
            ]
            .concat()
            .into_iter()
            .collect()
        });
    LISTED.contains(token) || LISTED.contains(head) || german_compound_of(head, INSTITUTIONS_DE)
}

/// Nouns of a unit inside an organisation: a department, a team, a
/// faculty ("Software Engineer, Equipo de Google Cloud", "Research
/// Student, Science Department"). Written after a title, they say where in
/// the organisation the role was, not what the role was.
const UNITS: &[&str] = &[
    // English
    "department",
    "dept",
    "division",
    "team",
    "unit",
    "faculty",
    "directorate",
    // German
    "abteilung",
    "bereich",
    "lehrstuhl",
    "fachbereich",
    "arbeitsgruppe",
    "referat",
    // French
    "département",
    "équipe",
    "pôle",
    "faculté",
    "unité",
    // Spanish
    "departamento",
    "depto",
    "equipo",
    "laboratorio",
    "facultad",
    "jefatura",
    "división",
    "unidad",
    "gerencia",
    "coordinación",
];

/// Whether a lower-cased token names a unit inside an organisation.
pub fn is_unit_word(token: &str) -> bool {
    UNITS.contains(&token) || german_compound_of(token, &["abteilung", "bereich"])
}

/// Legal forms of Japanese and Chinese companies, written anywhere in the
/// name ("株式会社例", "例株式会社", "深圳示例软件股份有限公司").
const CJK_LEGAL_FORMS: &[&str] = &["株式会社", "有限会社", "合同会社", "合資会社", "㈱", "公司"];

/// Whether a name ends where its legal form is: a Latin name whose last
/// word is a legal form ("Azur Logiciels SARL", "Beispiel GmbH & Co. KG"),
/// or a Chinese or Japanese name with one.
pub fn ends_in_legal_form(name: &str) -> bool {
    if has_cjk(name) {
        return CJK_LEGAL_FORMS.iter().any(|f| name.contains(f));
    }
    crate::structure::lexicon::tokens(name)
        .last()
        .is_some_and(|t| is_legal_form(t))
}

/// Whether a lower-cased token is a legal form.
pub fn is_legal_form(token: &str) -> bool {
    LEGAL_FORMS.contains(&token)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::structure::lexicon::tokens;

    fn organisation(s: &str) -> bool {
        tokens(s).iter().any(|t| is_organisation_word(t))
    }

    #[test]
    fn organisation_shapes_in_three_languages() {
        for name in [
            "Example Robotics Ltd.",
            "Beispielwerk GmbH",
            "Beispiel e.V.",
            "Exemple SARL",
            "Yellowstone National Park",
            "Waldsee-Nationalpark",
            "Parc national des Exemples",
            "Kreiskrankenhaus Musterstadt",
            "Kinderarzt-Praxis Dr. Beispiel",
            "Université de Exemple",
            "Universidad de Ejemplo",
            "株式会社デジタルフロンティア",
            "テックイノベーション株式会社",
            "北京示例科技有限公司",
        ] {
            assert!(organisation(name), "{name}");
        }
        for name in [
            "Senior Engineer",
            "Jane Doe",
            "Springfield, IL",
            "Netzwerktechnik",
        ] {
            assert!(!organisation(name), "{name}");
        }
    }
}
