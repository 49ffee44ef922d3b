//! Links and profiles (LinkedIn, GitHub, …), from the text and from the
//! PDF's link annotations.

use crate::resume::{Basics, Profile};
use crate::structure::{Line, clean};
use regex::Regex;
use std::sync::LazyLock;

pub(super) static URL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)\b(?:https?://|www\.)[^\s<>"'|,;]+|\b(?:linkedin\.com/in|github\.com|gitlab\.com|xing\.com/profile|twitter\.com|x\.com)/[^\s<>"'|,;]+"#).unwrap()
});
pub(super) static BARE_DOMAIN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:[a-z0-9-]+\.)+(?:com|org|net|io|dev|me|de|fr|ch|at|uk|co|ai|app|info|page|site|tech|blog|eu|nl)(?:/[^\s]*)?$").unwrap()
});
pub(super) static LABELLED_PROFILE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(linkedin|github|gitlab|xing|twitter|x|stackoverflow|stack overflow|medium|behance|dribbble|mastodon)\s*:\s*@?([\w.\-]+)$").unwrap()
});
pub(super) fn network_of(url: &str) -> Option<&'static str> {
    let lower = url.to_lowercase();
    [
        ("linkedin.com", "LinkedIn"),
        ("github.com", "GitHub"),
        ("gitlab.com", "GitLab"),
        ("xing.com", "XING"),
        ("twitter.com", "Twitter"),
        ("x.com/", "X"),
        ("stackoverflow.com", "Stack Overflow"),
        ("medium.com", "Medium"),
        ("behance.net", "Behance"),
        ("dribbble.com", "Dribbble"),
    ]
    .iter()
    .find(|(host, _)| lower.contains(host))
    .map(|(_, n)| *n)
}

pub(super) fn username_of(url: &str) -> Option<String> {
    url.trim_end_matches('/')
        .rsplit('/')
        .next()
        .filter(|u| !u.is_empty() && !u.contains('.'))
        .map(|u| u.trim_start_matches('@').to_owned())
}

pub(super) fn read_links(lines: &[&Line<'_>], annotation_links: &[String], basics: &mut Basics) {
    let mut urls: Vec<String> = Vec::new();
    for line in lines {
        for cell in line.cells() {
            let cell = clean(cell);
            if let Some(c) = LABELLED_PROFILE.captures(cell) {
                let network = match c[1].to_lowercase().as_str() {
                    "linkedin" => "LinkedIn",
                    "github" => "GitHub",
                    "gitlab" => "GitLab",
                    "xing" => "XING",
                    "twitter" | "x" => "Twitter",
                    "medium" => "Medium",
                    "behance" => "Behance",
                    "dribbble" => "Dribbble",
                    "mastodon" => "Mastodon",
                    _ => "Stack Overflow",
                };
                push_profile(basics, network, Some(c[2].to_owned()), None);
                continue;
            }
            for m in URL.find_iter(cell) {
                urls.push(m.as_str().trim_end_matches(['.', ')']).to_owned());
            }
            if !cell.contains('@') && BARE_DOMAIN.is_match(cell) {
                urls.push(cell.to_owned());
            }
        }
    }
    urls.extend(
        annotation_links
            .iter()
            .filter(|l| l.starts_with("http"))
            .cloned(),
    );
    for url in urls {
        let full = if url.starts_with("http") {
            url.clone()
        } else {
            format!("https://{url}")
        };
        if let Some(network) = network_of(&full) {
            let username = username_of(&full);
            push_profile(basics, network, username, Some(full));
        } else if basics.url.is_none() {
            basics.url = Some(full);
        }
    }
}

pub(super) fn push_profile(
    basics: &mut Basics,
    network: &str,
    username: Option<String>,
    url: Option<String>,
) {
    if let Some(existing) = basics
        .profiles
        .iter_mut()
        .find(|p| p.network.as_deref() == Some(network))
    {
        if existing.url.is_none() {
            existing.url = url;
        }
        if existing.username.is_none() {
            existing.username = username;
        }
        return;
    }
    basics.profiles.push(Profile {
        network: Some(network.to_owned()),
        username,
        url,
    });
}
