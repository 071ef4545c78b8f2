//! Fenced code blocks and the prose around them in a Markdown page, for
//! the tests that run the docs' examples and check their links.

/// One fenced code block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fence {
    /// The line of its opening fence (1-based).
    pub line: usize,
    /// The first word of the info string (`sh`, `rust`, ...; may be empty).
    pub lang: String,
    /// Its contents, each line ending in `\n`.
    pub text: String,
}

/// A page split into its fenced code blocks and its other lines.
#[derive(Debug, Default)]
pub struct Page<'a> {
    pub fences: Vec<Fence>,
    /// The lines outside fences, with their numbers (1-based).
    pub prose: Vec<(usize, &'a str)>,
    /// The line of a fence never closed, if any.
    pub unclosed: Option<usize>,
}

/// Splits `text` (backtick or tilde fences of 3 or more; a fence closes on
/// a run of the same character at least as long, with nothing after it).
pub fn parse(text: &str) -> Page<'_> {
    let mut page = Page::default();
    let mut open: Option<(char, usize, Fence)> = None;
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        let marker = trimmed.chars().next().filter(|c| *c == '`' || *c == '~');
        let run = marker.map_or(0, |m| trimmed.chars().take_while(|&c| c == m).count());
        match (&mut open, marker) {
            (None, Some(m)) if run >= 3 => {
                let lang = trimmed[run..]
                    .trim()
                    .split(|c: char| c == ',' || c.is_whitespace())
                    .next()
                    .unwrap_or("")
                    .to_string();
                open = Some((
                    m,
                    run,
                    Fence {
                        line: i + 1,
                        lang,
                        text: String::new(),
                    },
                ));
            }
            (None, _) => page.prose.push((i + 1, line)),
            (Some((m, n, _)), Some(c)) if c == *m && run >= *n && trimmed[run..].trim().is_empty() => {
                if let Some((_, _, fence)) = open.take() {
                    page.fences.push(fence);
                }
            }
            (Some((_, _, fence)), _) => {
                fence.text.push_str(line);
                fence.text.push('\n');
            }
        }
    }
    page.unclosed = open.map(|(_, _, fence)| fence.line);
    page
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fences_and_prose() {
        let page = parse("a\n```sh,ignore\nx\n````\nb\n~~~\n```\n~~~\n```rust\n");
        assert_eq!(
            page.fences,
            [
                Fence {
                    line: 2,
                    lang: "sh".into(),
                    text: "x\n".into()
                },
                Fence {
                    line: 6,
                    lang: String::new(),
                    text: "```\n".into()
                },
            ]
        );
        assert_eq!(page.prose, [(1, "a"), (5, "b")]);
        assert_eq!(page.unclosed, Some(9));
    }
}
