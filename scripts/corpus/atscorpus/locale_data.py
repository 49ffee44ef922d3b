"""Words, headings and date vocabularies per document language.

Everything here was written for this project (CC0). University names are
real institutions (facts, not creative content); all people, companies,
e-mail addresses and phone numbers are invented.
"""

LANGS = ["en", "de", "fr", "es", "zh", "ja"]

HEADINGS = {
    "en": {
        "experience": ["Experience", "Work Experience", "Professional Experience", "Employment History"],
        "education": ["Education", "Education & Training", "Academic Background"],
        "skills": ["Skills", "Technical Skills", "Core Skills"],
        "languages": ["Languages", "Spoken Languages"],
        "summary": ["Summary", "Profile", "About Me"],
        "projects": ["Projects", "Selected Projects"],
        "certifications": ["Certifications", "Certificates"],
        "contact": ["Contact", "Contact Details"],
        "interests": ["Interests"],
    },
    "de": {
        "experience": ["Berufserfahrung", "Beruflicher Werdegang", "Praxiserfahrung"],
        "education": ["Ausbildung", "Bildungsweg", "Studium und Ausbildung"],
        "skills": ["Kenntnisse", "Fachkenntnisse", "IT-Kenntnisse"],
        "languages": ["Sprachen", "Sprachkenntnisse"],
        "summary": ["Profil", "Kurzprofil", "Über mich"],
        "projects": ["Projekte", "Ausgewählte Projekte"],
        "certifications": ["Zertifikate", "Weiterbildungen"],
        "contact": ["Kontakt", "Persönliche Daten"],
        "interests": ["Interessen", "Hobbys"],
    },
    "fr": {
        "experience": ["Expérience professionnelle", "Expériences", "Parcours professionnel"],
        "education": ["Formation", "Études", "Diplômes et formation"],
        "skills": ["Compétences", "Compétences techniques"],
        "languages": ["Langues"],
        "summary": ["Profil", "À propos"],
        "projects": ["Projets", "Projets personnels"],
        "certifications": ["Certifications"],
        "contact": ["Contact", "Coordonnées"],
        "interests": ["Centres d'intérêt", "Loisirs"],
    },
    "es": {
        "experience": ["Experiencia", "Experiencia profesional", "Experiencia laboral"],
        "education": ["Formación", "Educación", "Formación académica"],
        "skills": ["Habilidades", "Competencias", "Conocimientos técnicos"],
        "languages": ["Idiomas"],
        "summary": ["Perfil", "Sobre mí", "Resumen"],
        "projects": ["Proyectos"],
        "certifications": ["Certificaciones", "Cursos"],
        "contact": ["Contacto", "Datos personales"],
        "interests": ["Intereses", "Aficiones"],
    },
    "zh": {
        "experience": ["工作经历", "工作经验", "职业经历"],
        "education": ["教育背景", "教育经历"],
        "skills": ["专业技能", "技能特长", "技能"],
        "languages": ["语言能力", "语言"],
        "summary": ["个人简介", "自我评价"],
        "projects": ["项目经历", "项目经验"],
        "certifications": ["证书", "资格证书"],
        "contact": ["联系方式", "个人信息"],
        "interests": ["兴趣爱好"],
    },
    "ja": {
        "experience": ["職務経歴", "職歴", "経歴"],
        "education": ["学歴", "学歴・教育"],
        "skills": ["スキル", "技術スキル", "活かせる経験・知識・技術"],
        "languages": ["語学", "言語"],
        "summary": ["職務要約", "自己PR"],
        "projects": ["プロジェクト", "主なプロジェクト"],
        "certifications": ["資格", "免許・資格"],
        "contact": ["連絡先", "基本情報"],
        "interests": ["趣味"],
    },
}

MONTHS_FULL = {
    "en": ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"],
    "de": ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August",
           "September", "Oktober", "November", "Dezember"],
    "fr": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
           "septembre", "octobre", "novembre", "décembre"],
    "es": ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
           "septiembre", "octubre", "noviembre", "diciembre"],
}

MONTHS_ABBR = {
    # as people write them; English "Sep."/"Sept." both occur
    "en": ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
    "en_dot": ["Jan.", "Feb.", "Mar.", "Apr.", "May", "Jun.", "Jul.", "Aug.", "Sept.", "Oct.",
               "Nov.", "Dec."],
    "de": ["Jan.", "Feb.", "März", "Apr.", "Mai", "Juni", "Juli", "Aug.", "Sept.", "Okt.",
           "Nov.", "Dez."],
    "fr": ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.",
           "nov.", "déc."],
    "es": ["ene.", "feb.", "mar.", "abr.", "may.", "jun.", "jul.", "ago.", "sept.", "oct.",
           "nov.", "dic."],
    "es_nodot": ["Ene", "Feb", "Mar", "Abr", "May", "Jun", "Jul", "Ago", "Sep", "Oct", "Nov",
                 "Dic"],
}

# Date styles per language: name -> (precision, formatter key). The formatter
# itself lives in content.py.
DATE_STYLES = {
    "en": ["abbr", "abbr_dot", "full", "num_slash", "iso", "year"],
    "de": ["abbr", "full", "num_slash", "num_dot", "year"],
    "fr": ["abbr", "full", "num_slash", "year"],
    "es": ["abbr", "abbr_nodot", "full", "num_slash", "year"],
    "zh": ["cjk", "dot", "num_slash", "iso", "year"],
    "ja": ["cjk", "num_slash", "dot", "year_cjk"],
}

RANGE_SEPARATORS = {
    "en": [" – ", " - ", " — ", " to "],
    "de": [" – ", " - ", " bis "],
    "fr": [" – ", " - ", " à "],
    "es": [" – ", " - ", " a "],
    "zh": [" – ", " - ", "—", "～"],
    "ja": [" – ", "～", " - ", "〜"],
}

PRESENT = {
    "en": ["Present", "present", "Current", "Now"],
    "de": ["heute", "Heute", "aktuell"],
    "fr": ["présent", "Présent", "aujourd'hui", "ce jour"],
    "es": ["actualidad", "Actualidad", "presente", "la actualidad"],
    "zh": ["至今", "现在"],
    "ja": ["現在", "現在まで"],
}

# ---------------------------------------------------------------- people ---
# (display name, e-mail local part, scripts) — scripts: latin (ASCII),
# latin-ext (diacritics within T1/pdfLaTeX reach), latin-viet (beyond T1),
# han, kana, hangul, cyrillic, greek.
NAMES = {
    "en": [
        ("Emily Carter", "emily.carter", "latin"), ("Michael O'Brien", "michael.obrien", "latin"),
        ("Jasmine Patel", "jasmine.patel", "latin"), ("David Kim", "david.kim", "latin"),
        ("Olivia Nguyen", "olivia.nguyen", "latin"), ("Marcus Johnson", "marcus.johnson", "latin"),
        ("Hannah Schmidt-Rowe", "hannah.rowe", "latin"), ("Chen Wei", "wei.chen", "latin"),
        ("Priya Raghunathan", "priya.r", "latin"), ("Ahmed Al-Farsi", "ahmed.alfarsi", "latin"),
        ("Zoë Lindqvist", "zoe.lindqvist", "latin-ext"), ("José Álvarez", "jose.alvarez", "latin-ext"),
        ("Søren Østergaard", "soren.ostergaard", "latin-ext"), ("Łukasz Wójcik", "lukasz.wojcik", "latin-ext"),
        ("Chloé Dubois", "chloe.dubois", "latin-ext"), ("Ayşe Yılmaz", "ayse.yilmaz", "latin-ext"),
        ("Nguyễn Thị Lan", "lan.nguyen", "latin-viet"), ("Ольга Иванова", "olga.ivanova", "cyrillic"),
        ("Νίκος Παπαδόπουλος", "nikos.papadopoulos", "greek"), ("김민준", "minjun.kim", "hangul"),
        ("Samuel Adeyemi", "samuel.adeyemi", "latin"), ("Rachel Goldberg", "rachel.goldberg", "latin"),
        ("Tomás Ó Briain", "tomas.obriain", "latin-ext"), ("Mia Thompson", "mia.thompson", "latin"),
    ],
    "de": [
        ("Jonas Müller", "jonas.mueller", "latin-ext"), ("Lea Schäfer", "lea.schaefer", "latin-ext"),
        ("Maximilian Groß", "max.gross", "latin-ext"), ("Sophie Krüger", "sophie.krueger", "latin-ext"),
        ("Lukas Becker", "lukas.becker", "latin"), ("Anna-Lena Weiß", "annalena.weiss", "latin-ext"),
        ("Felix Hoffmann", "felix.hoffmann", "latin"), ("Emre Öztürk", "emre.oeztuerk", "latin-ext"),
        ("Katarzyna Nowak", "k.nowak", "latin"), ("Dr. Johanna Bäumer", "johanna.baeumer", "latin-ext"),
        ("Niklas von Ahlen", "niklas.vonahlen", "latin"), ("Marie Köhler", "marie.koehler", "latin-ext"),
    ],
    "fr": [
        ("Camille Lefèvre", "camille.lefevre", "latin-ext"), ("Hugo Moreau", "hugo.moreau", "latin"),
        ("Léa Girard", "lea.girard", "latin-ext"), ("Théo Rousseau", "theo.rousseau", "latin-ext"),
        ("Inès Benali", "ines.benali", "latin-ext"), ("Jean-Baptiste Faure", "jb.faure", "latin"),
        ("Manon Lemaître", "manon.lemaitre", "latin-ext"), ("Amélie Côté", "amelie.cote", "latin-ext"),
        ("François Nguyen", "francois.nguyen", "latin-ext"), ("Zoé Marchand", "zoe.marchand", "latin-ext"),
        ("Karim Haddad", "karim.haddad", "latin"), ("Élodie Perrin", "elodie.perrin", "latin-ext"),
    ],
    "es": [
        ("María José García", "mariajose.garcia", "latin-ext"), ("Alejandro Fernández", "a.fernandez", "latin-ext"),
        ("Lucía Martínez Ruiz", "lucia.martinez", "latin-ext"), ("Javier Núñez", "javier.nunez", "latin-ext"),
        ("Sofía Ramírez", "sofia.ramirez", "latin-ext"), ("Andrés Peña", "andres.pena", "latin-ext"),
        ("Valentina Castillo", "valentina.castillo", "latin"), ("Diego Ibáñez", "diego.ibanez", "latin-ext"),
        ("Camila Rodríguez", "camila.rodriguez", "latin-ext"), ("Joan Puigdemunt", "joan.puig", "latin"),
        ("Ximena Gutiérrez", "ximena.gutierrez", "latin-ext"), ("Pablo Sáenz", "pablo.saenz", "latin-ext"),
    ],
    "zh": [
        ("王芳", "wang.fang", "han"), ("李娜", "li.na", "han"), ("张伟", "zhang.wei", "han"),
        ("刘洋", "liu.yang", "han"), ("陈静", "chen.jing", "han"), ("杨磊", "yang.lei", "han"),
        ("赵敏", "zhao.min", "han"), ("黄晓明", "huang.xiaoming", "han"), ("周杰", "zhou.jie", "han"),
        ("欧阳雪", "ouyang.xue", "han"), ("孙浩然", "sun.haoran", "han"), ("吴思远", "wu.siyuan", "han"),
    ],
    "ja": [
        ("田中 太郎", "taro.tanaka", "han"), ("佐藤 花子", "hanako.sato", "han"),
        ("鈴木 一郎", "ichiro.suzuki", "han"), ("高橋 美咲", "misaki.takahashi", "han"),
        ("伊藤 健太", "kenta.ito", "han"), ("渡辺 さくら", "sakura.watanabe", "kana"),
        ("山本 翔", "sho.yamamoto", "han"), ("中村 愛", "ai.nakamura", "han"),
        ("小林 大輔", "daisuke.kobayashi", "han"), ("加藤 ゆい", "yui.kato", "kana"),
        ("吉田 直樹", "naoki.yoshida", "han"), ("松本 真由美", "mayumi.matsumoto", "han"),
    ],
}

EMAIL_DOMAINS = ["example.com", "example.org", "example.net", "mail.example.com",
                 "post.example.org", "example.de", "example.fr"]

LOCATIONS = {
    "en": ["San Francisco, CA", "London, UK", "Toronto, ON, Canada", "Austin, TX", "New York, NY",
           "Seattle, WA", "Dublin, Ireland", "Sydney, Australia", "Boston, MA", "Manchester, UK"],
    "de": ["Berlin", "München, Deutschland", "Hamburg", "Wien, Österreich", "Zürich, Schweiz",
           "Köln", "Frankfurt am Main", "Leipzig", "Stuttgart, Deutschland", "Düsseldorf"],
    "fr": ["Paris, France", "Lyon", "Bordeaux", "Montréal, QC", "Toulouse, France", "Nantes",
           "Lille", "Genève, Suisse", "Bruxelles, Belgique", "Marseille"],
    "es": ["Madrid, España", "Barcelona", "Ciudad de México, México", "Buenos Aires, Argentina",
           "Bogotá, Colombia", "Valencia, España", "Santiago, Chile", "Sevilla", "Lima, Perú"],
    "zh": ["北京", "上海", "深圳", "杭州市", "广州市天河区", "成都", "南京", "北京市海淀区"],
    "ja": ["東京都渋谷区", "大阪府大阪市", "横浜市", "東京都港区", "福岡市", "名古屋市", "京都府京都市"],
}

TITLES = {
    "en": ["Software Engineer", "Senior Software Engineer", "Data Scientist", "Product Manager",
           "DevOps Engineer", "Frontend Developer", "Machine Learning Engineer", "QA Engineer",
           "Engineering Manager", "Site Reliability Engineer", "Data Analyst", "UX Designer",
           "Backend Developer", "Research Assistant", "Marketing Manager", "Financial Analyst",
           "Mechanical Engineer", "Software Engineering Intern", "Technical Lead", "Solutions Architect"],
    "de": ["Softwareentwickler", "Senior Softwareentwicklerin", "Data Scientist", "Produktmanager",
           "Werkstudent Softwareentwicklung", "Teamleiter Backend", "IT-Berater", "Systemadministrator",
           "Projektleiterin", "Entwicklungsingenieur", "Wissenschaftlicher Mitarbeiter",
           "Fachinformatiker für Anwendungsentwicklung", "DevOps Engineer", "Frontend-Entwicklerin"],
    "fr": ["Ingénieur logiciel", "Développeuse full-stack", "Chef de projet", "Data scientist",
           "Consultant SI", "Administrateur systèmes", "Stagiaire en développement", "Responsable technique",
           "Ingénieure DevOps", "Développeur back-end", "Analyste de données", "Architecte logiciel"],
    "es": ["Ingeniero de software", "Desarrolladora backend", "Jefe de proyecto", "Científica de datos",
           "Analista programador", "Consultor TI", "Becario de desarrollo", "Arquitecto de soluciones",
           "Desarrollador full stack", "Ingeniera DevOps", "Responsable de sistemas", "Analista de datos"],
    "zh": ["软件工程师", "高级后端开发工程师", "数据分析师", "产品经理", "算法工程师", "前端开发工程师",
           "运维工程师", "技术经理", "测试工程师", "研发实习生", "大数据开发工程师", "架构师"],
    "ja": ["ソフトウェアエンジニア", "バックエンドエンジニア", "データサイエンティスト", "プロダクトマネージャー",
           "インフラエンジニア", "フロントエンドエンジニア", "プロジェクトリーダー", "システムエンジニア",
           "研究員", "テックリード", "機械学習エンジニア", "SRE"],
}

COMPANY_PARTS = {
    "en": (["Northwind", "Bluefin", "Granite", "Cobalt", "Lumen", "Harbor", "Redwood", "Silverline",
            "Brightpath", "Ironclad", "Maple", "Orbit", "Pioneer", "Summit", "Quill", "Beacon"],
           ["Analytics", "Robotics", "Systems", "Labs", "Software", "Health", "Logistics", "Capital",
            "Networks", "Media", "Dynamics", "Bank"],
           ["", "", " Inc.", " LLC", " Ltd", " Corp."]),
    "de": (["Rheinblick", "Nordlicht", "Alpenwerk", "Elbtal", "Spreewald", "Isartal", "Bodensee",
            "Schwarzwald", "Hanse", "Mainufer", "Weserberg", "Lindenhof"],
           ["Software", "Systeme", "Technik", "Digital", "Logistik", "Energie", "Medien", "Daten",
            "Versicherung", "Maschinenbau"],
           [" GmbH", " AG", " GmbH & Co. KG", " SE", " GmbH"]),
    "fr": (["Lumière", "Horizon", "Atlantique", "Mistral", "Provence", "Cèdre", "Bastille", "Loire",
            "Azur", "Vercors", "Garonne", "Étoile"],
           ["Informatique", "Systèmes", "Conseil", "Numérique", "Données", "Logiciels", "Énergie",
            "Assurances"],
           [" SAS", " SA", " SARL", ""]),
    "es": (["Soluciones", "Tecnologías", "Sistemas", "Servicios", "Consultores", "Datos", "Redes"],
           ["Andinas", "Ibéricas", "del Sur", "Mediterráneo", "Cóndor", "Aurora", "Quetzal", "del Plata",
            "Atlántico", "Sierra Nevada"],
           [" S.L.", " S.A.", " S.A. de C.V.", " SpA", ""]),
    "zh": (["北京", "上海", "深圳", "杭州", "成都", "广州", "南京"],
           ["星云", "华智", "云帆", "海川", "金桥", "飞鸿", "博远", "天衡", "新锐", "智联"],
           ["科技有限公司", "信息技术有限公司", "网络科技有限公司", "数据服务有限公司", "软件股份有限公司"]),
    "ja": (["サクラテック", "ミライデータ", "青空システムズ", "ひかりソフト", "富士ネットワークス", "東都システム",
            "みなとラボ", "大和ソリューションズ", "北斗情報", "ことりデジタル"],
           ["株式会社", "株式会社", "合同会社"],
           []),
}

INSTITUTIONS = {
    "en": ["University of Michigan", "Georgia Institute of Technology", "University of Edinburgh",
           "University of Toronto", "Imperial College London", "University of Texas at Austin",
           "Carnegie Mellon University", "Boston University", "University of Washington",
           "McGill University", "University of Manchester", "Purdue University"],
    "de": ["Technische Universität München", "Karlsruher Institut für Technologie",
           "Universität Heidelberg", "RWTH Aachen", "Humboldt-Universität zu Berlin", "Universität Wien",
           "ETH Zürich", "Hochschule München", "Universität Hamburg", "TU Dresden"],
    "fr": ["Université Paris-Saclay", "École polytechnique", "INSA Lyon", "Université de Bordeaux",
           "Sorbonne Université", "Université Grenoble Alpes", "Télécom Paris", "Université de Montréal",
           "Université de Lille", "IMT Atlantique"],
    "es": ["Universidad Complutense de Madrid", "Universitat Politècnica de Catalunya",
           "Universidad de Buenos Aires", "Universidad Nacional Autónoma de México",
           "Universidad de los Andes", "Universidad de Sevilla", "Universidad Politécnica de Madrid",
           "Pontificia Universidad Católica de Chile"],
    "zh": ["清华大学", "北京大学", "浙江大学", "复旦大学", "上海交通大学", "南京大学", "华中科技大学", "中山大学"],
    "ja": ["東京大学", "京都大学", "東京工業大学", "大阪大学", "早稲田大学", "慶應義塾大学", "東北大学", "名古屋大学"],
}

SCHOOLS = {  # (institution, degree) for a secondary-school entry
    "en": [("Lincoln High School", "High School Diploma")],
    "de": [("Goethe-Gymnasium Frankfurt", "Abitur"), ("Gymnasium am Rhein", "Abitur")],
    "fr": [("Lycée Victor Hugo", "Baccalauréat scientifique"), ("Lycée Jean Moulin", "Baccalauréat général")],
    "es": [("IES Cervantes", "Bachillerato"), ("Colegio San Ignacio", "Bachillerato")],
    "zh": [("北京市第四中学", "高中"), ("上海中学", "高中")],
    "ja": [("東京都立西高等学校", "高等学校卒業"), ("大阪府立北野高等学校", "高等学校卒業")],
}

DEGREES = {
    "en": {"bachelor": ["B.Sc. Computer Science", "B.A. Economics", "B.Eng. Mechanical Engineering",
                        "Bachelor of Science in Mathematics", "BS in Information Systems"],
           "master": ["M.Sc. Data Science", "MSc Computer Science", "Master of Business Administration",
                      "M.Eng. Electrical Engineering", "MS in Statistics"],
           "phd": ["PhD in Physics", "Ph.D. Computer Science"]},
    "de": {"bachelor": ["B.Sc. Informatik", "Bachelor of Arts Betriebswirtschaftslehre",
                        "B.Eng. Maschinenbau", "B.Sc. Wirtschaftsinformatik"],
           "master": ["M.Sc. Informatik", "Diplom-Ingenieur Elektrotechnik", "M.Sc. Data Science",
                      "Master of Science Physik"],
           "phd": ["Promotion (Dr. rer. nat.) Informatik"]},
    "fr": {"bachelor": ["Licence Informatique", "Licence de mathématiques", "DUT Informatique",
                        "BUT Réseaux et Télécommunications"],
           "master": ["Master Informatique", "Diplôme d'ingénieur", "Master Science des données",
                      "Master MIAGE"],
           "phd": ["Doctorat en informatique"]},
    "es": {"bachelor": ["Grado en Ingeniería Informática", "Licenciatura en Matemáticas",
                        "Grado en Administración de Empresas", "Ingeniería de Sistemas"],
           "master": ["Máster en Ciencia de Datos", "Máster Universitario en Ingeniería Informática",
                      "Maestría en Ciencias de la Computación"],
           "phd": ["Doctorado en Inteligencia Artificial"]},
    "zh": {"bachelor": ["计算机科学与技术 学士", "软件工程 本科", "信息管理与信息系统 学士", "电子信息工程 本科"],
           "master": ["计算机技术 硕士", "人工智能 硕士", "统计学 硕士"],
           "phd": ["计算机科学 博士"]},
    "ja": {"bachelor": ["情報工学 学士", "工学部 情報科学科 卒業", "経済学部 経済学科 卒業", "理学部 数学科 卒業"],
           "master": ["情報理工学 修士", "工学研究科 修士課程 修了", "数理科学 修士"],
           "phd": ["情報学 博士"]},
}

SKILLS = {
    "languages": ["Python", "Java", "Go", "Rust", "TypeScript", "JavaScript", "C++", "C#", "SQL",
                  "Kotlin", "Swift", "Scala", "Ruby", "PHP", "R"],
    "frameworks": ["React", "Vue.js", "Angular", "Node.js", "Django", "Flask", "Spring Boot",
                   "FastAPI", "TensorFlow", "PyTorch", "scikit-learn", "pandas", "Ruby on Rails", ".NET"],
    "tools": ["Docker", "Kubernetes", "Terraform", "Git", "Linux", "Jenkins", "GitHub Actions",
              "Ansible", "Jira", "Figma", "Tableau", "Power BI", "Grafana", "Prometheus"],
    "cloud": ["AWS", "Google Cloud", "Azure"],
    "databases": ["PostgreSQL", "MySQL", "MongoDB", "Redis", "Elasticsearch", "Kafka", "Snowflake"],
}

LOCAL_SKILLS = {
    "en": ["Project Management", "Agile Methods", "Stakeholder Management", "Data Visualization"],
    "de": ["Projektmanagement", "Anforderungsanalyse", "Agile Methoden", "Prozessoptimierung"],
    "fr": ["Gestion de projet", "Méthodes agiles", "Analyse fonctionnelle", "Conduite du changement"],
    "es": ["Gestión de proyectos", "Metodologías ágiles", "Análisis de datos", "Atención al cliente"],
    "zh": ["机器学习", "数据分析", "分布式系统", "项目管理", "微服务架构"],
    "ja": ["要件定義", "機械学習", "チームマネジメント", "基本設計", "データ分析"],
}

SKILL_GROUP_LABELS = {
    "en": {"languages": "Languages", "frameworks": "Frameworks", "tools": "Tools", "cloud": "Cloud",
           "databases": "Databases", "local": "Methods"},
    "de": {"languages": "Programmiersprachen", "frameworks": "Frameworks", "tools": "Werkzeuge",
           "cloud": "Cloud", "databases": "Datenbanken", "local": "Methoden"},
    "fr": {"languages": "Langages", "frameworks": "Frameworks", "tools": "Outils", "cloud": "Cloud",
           "databases": "Bases de données", "local": "Méthodes"},
    "es": {"languages": "Lenguajes", "frameworks": "Frameworks", "tools": "Herramientas",
           "cloud": "Nube", "databases": "Bases de datos", "local": "Metodologías"},
    "zh": {"languages": "编程语言", "frameworks": "框架", "tools": "工具", "cloud": "云平台",
           "databases": "数据库", "local": "其他"},
    "ja": {"languages": "言語", "frameworks": "フレームワーク", "tools": "ツール", "cloud": "クラウド",
           "databases": "データベース", "local": "その他"},
}

SPOKEN = {
    "en": [("English", ["Native", "Fluent"]), ("Spanish", ["Fluent", "Intermediate", "B2"]),
           ("German", ["B1", "Basic", "Conversational"]), ("French", ["Conversational", "A2", "Intermediate"]),
           ("Mandarin", ["Basic", "HSK 3"])],
    "de": [("Deutsch", ["Muttersprache", "C2"]), ("Englisch", ["verhandlungssicher", "C1", "fließend"]),
           ("Französisch", ["Grundkenntnisse", "B1"]), ("Spanisch", ["A2", "Grundkenntnisse"])],
    "fr": [("Français", ["langue maternelle", "natif"]), ("Anglais", ["courant", "C1", "professionnel"]),
           ("Espagnol", ["intermédiaire", "B1"]), ("Allemand", ["notions", "A2"])],
    "es": [("Español", ["nativo", "lengua materna"]), ("Inglés", ["avanzado", "C1", "fluido"]),
           ("Francés", ["intermedio", "B1"]), ("Portugués", ["básico", "A2"])],
    "zh": [("中文", ["母语"]), ("英语", ["CET-6", "流利", "熟练"]), ("日语", ["N2", "基础"])],
    "ja": [("日本語", ["ネイティブ", "母国語"]), ("英語", ["TOEIC 860点", "ビジネスレベル", "日常会話"]),
           ("中国語", ["HSK4級", "日常会話"])],
}

HIGHLIGHTS = {
    "en": ["Built {thing} in {skill}, cutting {metric} by {n}%",
           "Led a team of {k} engineers delivering {thing}",
           "Migrated {thing} to {skill}, saving {n}% in infrastructure costs",
           "Designed and maintained {thing} used by {k}00 customers",
           "Introduced code review and testing practices with {skill}",
           "Reduced {metric} from {k} days to {k2} hours by automating {thing}"],
    "de": ["Entwicklung von {thing} mit {skill}; {metric} um {n} % reduziert",
           "Leitung eines Teams von {k} Entwicklern für {thing}",
           "Migration von {thing} nach {skill}, Kostenersparnis {n} %",
           "Konzeption und Betrieb von {thing} für {k}00 Kunden",
           "Einführung von Code-Reviews und automatisierten Tests mit {skill}"],
    "fr": ["Développement de {thing} en {skill}, réduisant {metric} de {n} %",
           "Encadrement d'une équipe de {k} développeurs sur {thing}",
           "Migration de {thing} vers {skill} ({n} % d'économies)",
           "Conception et maintenance de {thing} pour {k}00 clients",
           "Mise en place de revues de code et de tests avec {skill}"],
    "es": ["Desarrollo de {thing} con {skill}, reduciendo {metric} un {n} %",
           "Dirección de un equipo de {k} desarrolladores para {thing}",
           "Migración de {thing} a {skill}, con un ahorro del {n} %",
           "Diseño y mantenimiento de {thing} para {k}00 clientes",
           "Implantación de revisiones de código y pruebas con {skill}"],
    "zh": ["使用{skill}开发{thing}，{metric}降低{n}%", "带领{k}人团队完成{thing}",
           "将{thing}迁移至{skill}，节省{n}%成本", "负责{thing}的设计与维护，服务{k}00家客户",
           "引入基于{skill}的代码评审与自动化测试"],
    "ja": ["{skill}を用いて{thing}を開発し、{metric}を{n}%削減", "{k}名のチームを率いて{thing}を担当",
           "{thing}を{skill}へ移行し、コストを{n}%削減", "{k}00社が利用する{thing}の設計・運用を担当",
           "{skill}によるコードレビューと自動テストを導入"],
}

THINGS = {
    "en": ["a payments API", "the data pipeline", "an internal analytics dashboard", "a recommendation service",
           "the mobile checkout", "a monitoring platform", "the search backend"],
    "de": ["einer Zahlungs-API", "der Datenpipeline", "eines Analyse-Dashboards", "eines Empfehlungsdienstes",
           "einer Monitoring-Plattform", "des Suchdienstes"],
    "fr": ["une API de paiement", "la chaîne de traitement des données", "un tableau de bord analytique",
           "un service de recommandation", "une plateforme de supervision"],
    "es": ["una API de pagos", "el flujo de datos", "un panel de análisis", "un servicio de recomendaciones",
           "una plataforma de monitorización"],
    "zh": ["支付接口", "数据管道", "内部分析平台", "推荐系统", "监控平台", "搜索服务"],
    "ja": ["決済API", "データパイプライン", "社内分析ダッシュボード", "レコメンドエンジン", "監視基盤", "検索システム"],
}

METRICS = {
    "en": ["latency", "build time", "error rate", "cloud spend"],
    "de": ["die Latenz", "die Build-Zeit", "die Fehlerquote"],
    "fr": ["la latence", "le temps de build", "le taux d'erreur"],
    "es": ["la latencia", "el tiempo de compilación", "la tasa de errores"],
    "zh": ["响应延迟", "构建时间", "错误率"],
    "ja": ["レイテンシ", "ビルド時間", "エラー率"],
}

SUMMARIES = {
    "en": ["{title} with {y} years of experience in {s1} and {s2}. I enjoy turning messy data into reliable products.",
           "Pragmatic {title} focused on {s1}, {s2} and mentoring. Looking for a team that ships often."],
    "de": ["{title} mit {y} Jahren Erfahrung in {s1} und {s2}. Ich arbeite gern an robusten, gut getesteten Systemen.",
           "Lösungsorientierte Persönlichkeit mit Schwerpunkt {s1} und {s2}."],
    "fr": ["{title} avec {y} ans d'expérience en {s1} et {s2}. J'aime concevoir des systèmes fiables et simples.",
           "Profil polyvalent orienté {s1} et {s2}, à l'aise en équipe agile."],
    "es": ["{title} con {y} años de experiencia en {s1} y {s2}. Me motiva construir productos fiables.",
           "Profesional orientado a resultados con foco en {s1} y {s2}."],
    "zh": ["{y}年{s1}与{s2}相关工作经验，熟悉大型系统的设计与开发，具备良好的沟通能力。",
           "热爱技术，专注于{s1}和{s2}，有团队管理经验。"],
    "ja": ["{s1}と{s2}を中心に{y}年の実務経験があります。大規模システムの設計から運用まで担当してきました。",
           "{s1}を強みとし、チームでの開発とメンバー育成に取り組んできました。"],
}

HEADLINES = {
    "en": ["{title}", "{title} | {s1} & {s2}", "{title} — {s1}"],
    "de": ["{title}", "{title} | {s1}"],
    "fr": ["{title}", "{title} — {s1}"],
    "es": ["{title}", "{title} | {s1}"],
    "zh": ["{title}", "求职意向：{title}"],
    "ja": ["{title}", "希望職種：{title}"],
}

PROJECTS = {
    "en": ["Open-source contributor: {skill} client library", "Hackathon winner: {thing}"],
    "de": ["Open-Source-Beitrag: {skill}-Bibliothek", "Hackathon: {thing}"],
    "fr": ["Contribution open source : bibliothèque {skill}", "Hackathon : {thing}"],
    "es": ["Contribución open source: librería de {skill}", "Hackathon: {thing}"],
    "zh": ["开源贡献：{skill}客户端库", "黑客马拉松：{thing}"],
    "ja": ["OSS貢献：{skill}クライアントライブラリ", "ハッカソン：{thing}"],
}

CERTS = ["AWS Certified Solutions Architect – Associate", "Certified Kubernetes Administrator (CKA)",
         "Professional Scrum Master I", "Google Professional Data Engineer", "ITIL 4 Foundation"]

INTERESTS = {
    "en": ["Climbing", "Chess", "Photography", "Cooking"],
    "de": ["Klettern", "Schach", "Fotografie", "Kochen"],
    "fr": ["Escalade", "Échecs", "Photographie", "Cuisine"],
    "es": ["Escalada", "Ajedrez", "Fotografía", "Cocina"],
    "zh": ["登山", "围棋", "摄影", "篮球"],
    "ja": ["登山", "将棋", "写真", "料理"],
}

# Words of the header field labels used by some templates ("E-Mail:", "电话：").
LABELS = {
    "en": {"email": "Email", "phone": "Phone", "location": "Address", "name": "Name"},
    "de": {"email": "E-Mail", "phone": "Telefon", "location": "Adresse", "name": "Name"},
    "fr": {"email": "E-mail", "phone": "Téléphone", "location": "Adresse", "name": "Nom"},
    "es": {"email": "Correo", "phone": "Teléfono", "location": "Dirección", "name": "Nombre"},
    "zh": {"email": "邮箱", "phone": "电话", "location": "现居地", "name": "姓名"},
    "ja": {"email": "メール", "phone": "電話", "location": "住所", "name": "氏名"},
}
