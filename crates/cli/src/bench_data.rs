//! Generated inputs the benchmarks share.

/// Synthetic resume `i` of the ranking benchmark: varied skills and dates.
pub fn synthetic_resume(i: usize) -> String {
    const SKILLS: &[&str] = &[
        "Python",
        "JavaScript",
        "Rust",
        "Go",
        "PostgreSQL",
        "Kubernetes",
        "Docker",
        "AWS",
        "React",
        "HTML",
        "CSS",
        "Terraform",
        "Kafka",
        "Java",
        "TypeScript",
        "GraphQL",
    ];
    let pick: Vec<&str> = (0..6)
        .map(|k| SKILLS[(i * 7 + k * 5 + k * k) % SKILLS.len()])
        .collect();
    const DUTIES: &[&str] = &[
        "Mentored three junior engineers",
        "Ran the weekly design review for the platform team",
        "Wrote the on-call runbooks and led incident reviews",
        "Worked with product managers to plan quarterly roadmaps",
        "Presented the architecture to customers and executives",
        "Cut cloud costs by 30% through capacity planning",
        "Migrated a monolith to event-driven microservices",
        "Built CI/CD pipelines that deploy fifty times a day",
        "Designed a distributed cache for low-latency reads",
        "Improved test coverage from 40% to 85%",
        "Interviewed and hired six engineers",
        "Owned the payments integration end to end",
        "Profiled and optimised hot paths in the query engine",
        "Wrote technical documentation and onboarding guides",
        "Automated infrastructure provisioning with code",
        "Led a team of five engineers across two time zones",
    ];
    let start = 2005 + (i % 15);
    let duties: String = (0..6)
        .map(|k| {
            format!(
                "• {}.\n",
                DUTIES[(i * 3 + k * 7 + k * k * 5) % DUTIES.len()]
            )
        })
        .collect();
    format!(
        "Candidate {i}\ncandidate{i}@example.com\n\nExperience\nSoftware Engineer, Company {i}\tJan {start} - Present\n\
         • Built services with {} and {}.\n• Operated {} on {}.\n{duties}\nSkills\n{}\n",
        pick[0],
        pick[1],
        pick[2],
        pick[3],
        pick.join(", ")
    )
}
