//! The relative links of `README.md` and `docs/*.md` lead somewhere.
//!
//! Every Markdown link and image `[..](target)` (and reference definition
//! `[..]: target`) outside code blocks and code spans whose target is not
//! a URL (`http:`, `https:`, `mailto:`, ...) must name a file or directory
//! that exists, relative to the page. A `#anchor` into a `.md` file (or
//! into the page itself) must be the GitHub slug of one of its headings:
//! lowercase, spaces as `-`, punctuation other than `-` and `_` dropped,
//! `-1`, `-2`, ... after repeats.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the workspace root")
        .to_path_buf()
}

/// README.md and every docs/*.md, relative to the root.
fn pages() -> Vec<PathBuf> {
    let mut pages = vec![PathBuf::from("README.md")];
    let mut docs: Vec<PathBuf> = std::fs::read_dir(root().join("docs"))
        .expect("docs/")
        .filter_map(|e| e.ok())
        .map(|e| Path::new("docs").join(e.file_name()))
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    docs.sort();
    pages.extend(docs);
    pages
}

/// `line` with the contents of its code spans blanked out.
fn without_code_spans(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len());
    let mut i = 0;
    while i < chars.len() {
        if chars[i] != '`' {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        let run = chars[i..].iter().take_while(|&&c| c == '`').count();
        // The closing run: the same number of backticks, no more.
        let mut j = i + run;
        let mut close = None;
        while j < chars.len() {
            if chars[j] == '`' {
                let n = chars[j..].iter().take_while(|&&c| c == '`').count();
                if n == run {
                    close = Some(j);
                    break;
                }
                j += n;
            } else {
                j += 1;
            }
        }
        match close {
            Some(j) => {
                out.push_str(" code ");
                i = j + run;
            }
            None => {
                out.extend(&chars[i..i + run]);
                i += run;
            }
        }
    }
    out
}

/// The link targets of one line of prose: `](target)` and `[label]: target`.
fn targets(line: &str) -> Vec<String> {
    let line = without_code_spans(line);
    let mut out = Vec::new();
    let trimmed = line.trim_start();
    if trimmed.starts_with('[')
        && let Some(end) = trimmed.find("]:")
        && let Some(target) = trimmed[end + 2..].split_whitespace().next()
    {
        out.push(target.to_string());
    }
    let mut rest = line.as_str();
    while let Some(at) = rest.find("](") {
        let after = &rest[at + 2..];
        let mut depth = 0usize;
        let mut end = after.len();
        for (i, c) in after.char_indices() {
            match c {
                '(' => depth += 1,
                ')' if depth == 0 => {
                    end = i;
                    break;
                }
                ')' => depth -= 1,
                _ => {}
            }
        }
        let inside = after[..end].trim();
        let target = match inside.strip_prefix('<') {
            Some(t) => t.split('>').next().unwrap_or(""),
            None => inside.split_whitespace().next().unwrap_or(""),
        };
        out.push(target.to_string());
        rest = &after[end.min(after.len())..];
    }
    out
}

fn is_url(target: &str) -> bool {
    let scheme = target.split(':').next().unwrap_or("");
    target.contains(':')
        && !scheme.is_empty()
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
}

/// GitHub's anchor for a heading's text.
fn slug(heading: &str) -> String {
    // A link in a heading counts by its text.
    let mut text = String::new();
    let mut rest = heading;
    while let Some(at) = rest.find("](") {
        text.push_str(&rest[..at]);
        let after = &rest[at + 2..];
        rest = after.find(')').map_or("", |end| &after[end + 1..]);
    }
    text.push_str(rest);
    text.to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            '-' | '_' => Some(c),
            c if c.is_alphanumeric() => Some(c),
            _ => None,
        })
        .collect()
}

/// The anchors of a Markdown file's headings.
fn anchors(text: &str) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    for (_, line) in postpress_testkit::markdown::parse(text).prose {
        let hashes = line.chars().take_while(|&c| c == '#').count();
        if !(1..=6).contains(&hashes) || !line[hashes..].starts_with(' ') {
            continue;
        }
        let heading = line[hashes..].trim().trim_end_matches('#').trim();
        let base = slug(heading);
        let mut anchor = base.clone();
        let mut n = 0;
        while seen.contains(&anchor) {
            n += 1;
            anchor = format!("{base}-{n}");
        }
        seen.insert(anchor);
    }
    seen
}

#[test]
fn relative_links_and_anchors_of_the_docs_resolve() {
    let root = root();
    let mut checked = 0;
    let mut broken = Vec::new();
    for page in pages() {
        let text = std::fs::read_to_string(root.join(&page)).expect("a page");
        let dir = page.parent().unwrap_or(Path::new(""));
        for (n, line) in postpress_testkit::markdown::parse(&text).prose {
            for target in targets(line) {
                if is_url(&target) {
                    continue;
                }
                checked += 1;
                let (file, anchor) = match target.split_once('#') {
                    Some((f, a)) => (f, Some(a)),
                    None => (target.as_str(), None),
                };
                let where_ = format!("{}:{n}: ({target})", page.display());
                let resolved = if file.is_empty() {
                    page.clone()
                } else {
                    normalize(&dir.join(file))
                };
                let full = root.join(&resolved);
                if !full.exists() {
                    broken.push(format!("{where_}: {} does not exist", resolved.display()));
                    continue;
                }
                let Some(anchor) = anchor else { continue };
                if full.extension().is_some_and(|x| x == "md") {
                    let target_text = std::fs::read_to_string(&full).expect("a linked page");
                    if !anchors(&target_text).contains(anchor) {
                        broken.push(format!(
                            "{where_}: {} has no heading whose anchor is #{anchor}",
                            resolved.display()
                        ));
                    }
                }
            }
        }
    }
    assert!(checked > 0, "no relative link found: is the scanner broken?");
    assert!(
        broken.is_empty(),
        "{} broken link(s):\n{}",
        broken.len(),
        broken.join("\n")
    );
}

/// `a/../b` as `b` (lexically; the files need not exist).
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

#[test]
fn the_scanner_finds_links_and_slugs_as_github_does() {
    assert_eq!(
        targets("see [jobs](jobs.md#the-guarantee), ![x](inspector.png \"t\") and `[no](code.md)`"),
        ["jobs.md#the-guarantee", "inspector.png"]
    );
    assert_eq!(targets("[ref]: ../CHANGELOG.md"), ["../CHANGELOG.md"]);
    assert_eq!(targets("[a](<with space.md>)"), ["with space.md"]);
    assert_eq!(slug("The `postpress` command line"), "the-postpress-command-line");
    assert_eq!(
        slug("Sync code: `postpress::blocking`"),
        "sync-code-postpressblocking"
    );
    assert_eq!(
        slug("Retries and timeouts (RetryPolicy)"),
        "retries-and-timeouts-retrypolicy"
    );
    assert_eq!(slug("The `x-` extensions"), "the-x--extensions");
    let a = anchors("# T\n## Set-up\n```\n# not a heading\n```\n## Set-up\n");
    assert_eq!(
        a,
        ["t", "set-up", "set-up-1"]
            .into_iter()
            .map(String::from)
            .collect()
    );
    assert!(is_url("https://example.com") && is_url("mailto:a@b.c"));
    assert!(!is_url("jobs.md#x") && !is_url("../crates/postpress-mock/src/control.md"));
}
