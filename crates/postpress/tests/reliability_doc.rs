//! Keeps `docs/reliability.md` true: it is generated from the `matrix:`
//! comments of the hostile-server and bad-input tests and the property tests.
//! Regenerate with `POSTPRESS_UPDATE_DOCS=1 cargo test -p postpress --test reliability_doc`.

const HOSTILE: &str = include_str!("hostile.rs");
const BAD_INPUTS: &str = include_str!("bad_inputs.rs");
const PROPERTIES: &str = include_str!("properties.rs");
/// The command line's bad input files (bounded memory, excerpts, shards).
const BAD_FILES: &str = include_str!("../../postpress-cli/tests/bounded.rs");
const DOC_PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/reliability.md");

/// `(test name, case, outcome)` for each `matrix:` comment.
fn cases(source: &str) -> Vec<(String, String, String)> {
    let lines: Vec<&str> = source.lines().collect();
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let t = line.trim_start();
        let Some(text) = t
            .strip_prefix("/// matrix:")
            .or_else(|| t.strip_prefix("// matrix:"))
        else {
            continue;
        };
        let (case, outcome) = text
            .split_once("=>")
            .unwrap_or_else(|| panic!("no `=>` in: {line}"));
        // The test follows: `fn name`, `async fn name`, or `macro!(name, ...`
        // (rustfmt may put the name on the line after `macro!(`).
        let code: String = lines[i + 1..]
            .iter()
            .map(|l| l.trim())
            .filter(|l| !l.starts_with('#') && !l.starts_with("//"))
            .take(2)
            .collect::<Vec<_>>()
            .join(" ");
        let rest = code
            .strip_prefix("async fn ")
            .or_else(|| code.strip_prefix("fn "))
            .or_else(|| code.split_once("!(").map(|(_, rest)| rest.trim_start()))
            .unwrap_or_else(|| panic!("no test follows: {line}"));
        let name: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        assert!(!name.is_empty(), "no test name after: {line}");
        out.push((name, case.trim().to_string(), outcome.trim().to_string()));
    }
    out
}

fn properties() -> Vec<(String, String)> {
    let lines: Vec<&str> = PROPERTIES.lines().collect();
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let Some(rest) = line.trim().strip_prefix("fn ") else {
            continue;
        };
        if !lines[..i].iter().rev().take(3).any(|l| l.trim() == "#[test]") {
            continue;
        }
        let name = rest.split('(').next().unwrap_or_default().to_string();
        let doc: Vec<&str> = lines[..i]
            .iter()
            .rev()
            .skip_while(|l| l.trim() == "#[test]")
            .take_while(|l| l.trim().starts_with("///"))
            .map(|l| l.trim().trim_start_matches("///").trim())
            .collect();
        let doc = doc.into_iter().rev().collect::<Vec<_>>().join(" ");
        out.push((name, doc));
    }
    out
}

fn render() -> String {
    let escape = |s: &str| s.replace('|', "\\|");
    let table = |rows: &[(String, String, String)]| {
        let mut t = String::from("| test | case | outcome |\n|---|---|---|\n");
        for (name, case, outcome) in rows {
            t.push_str(&format!(
                "| `{name}` | {} | {} |\n",
                escape(case),
                escape(outcome)
            ));
        }
        t
    };
    let hostile = cases(HOSTILE);
    let bad = cases(BAD_INPUTS);
    let props = properties();
    let cases_per_property = PROPERTIES
        .lines()
        .find_map(|l| {
            l.trim()
                .strip_prefix("const CASES: u32 = ")?
                .strip_suffix(';')?
                .parse::<usize>()
                .ok()
        })
        .expect("const CASES");
    let mut doc = String::new();
    doc.push_str("# Reliability matrix\n\n");
    doc.push_str(
        "Generated from the tests in `crates/postpress/tests/` (`hostile.rs`, `bad_inputs.rs`, \
         `properties.rs`); do not edit by hand. Regenerate with\n\
         `POSTPRESS_UPDATE_DOCS=1 cargo test -p postpress --test reliability_doc`; the same test fails \
         when this file and the tests disagree.\n\n",
    );
    doc.push_str(&format!(
        "## Hostile servers ({} cases)\n\nEach case runs against a raw TCP server on 127.0.0.1 that misbehaves \
         on purpose, under a TRACE-level tracing subscriber, with a 1 s attempt timeout and a 10 s bound on the \
         whole call. Every case also asserts that the API key appears in no `Debug` or `Display` output of the \
         client and the result (error sources included) and in none of the captured tracing output.\n\n",
        hostile.len()
    ));
    doc.push_str(&table(&hostile));
    doc.push_str(&format!(
        "\n## Bad inputs ({} cases)\n\nA typed error naming the field, sent nothing; or exactly one request to the \
         right path with the right JSON.\n\n",
        bad.len()
    ));
    doc.push_str(&table(&bad));
    let files = cases(BAD_FILES);
    doc.push_str(&format!(
        "\n## Bad input files ({} cases, `crates/postpress-cli/tests/bounded.rs`)\n\nWhat a user or a crash can put \
         in a file costs memory in proportion to its chats, never to one line: chat id lines (at most 1,024 bytes \
         an id) and journal lines (a few hundred bytes) are read in bounded pieces, the rest of a longer line \
         skipped without being kept. Output repeats at most the first 64 bytes of a bad input, escaped, with its \
         length. Peak RSS is read from `/proc/<pid>/status` (VmHWM) while the `postpress` binary runs.\n\n",
        files.len()
    ));
    doc.push_str(&table(&files));
    doc.push_str(&format!(
        "\n## Properties ({} properties, {cases_per_property} generated inputs each, {} in all)\n\n| property | what it checks |\n|---|---|\n",
        props.len(),
        props.len() * cases_per_property
    ));
    for (name, what) in &props {
        doc.push_str(&format!("| `{name}` | {} |\n", escape(what)));
    }
    doc
}

#[test]
fn reliability_doc() {
    let fresh = render();
    assert!(
        cases(HOSTILE).len() >= 30,
        "the hostile-server matrix needs at least 30 cases"
    );
    assert!(
        cases(BAD_INPUTS).len() >= 30,
        "the bad-input matrix needs at least 30 cases"
    );
    if std::env::var_os("POSTPRESS_UPDATE_DOCS").is_some() {
        std::fs::write(DOC_PATH, &fresh).expect("write docs/reliability.md");
        return;
    }
    let current = std::fs::read_to_string(DOC_PATH).unwrap_or_default();
    assert!(
        current == fresh,
        "docs/reliability.md is out of date: run `POSTPRESS_UPDATE_DOCS=1 cargo test -p postpress --test reliability_doc`"
    );
}

#[test]
fn every_test_has_a_matrix_line() {
    for (file, source) in [
        ("hostile.rs", HOSTILE),
        ("bad_inputs.rs", BAD_INPUTS),
        ("bounded.rs", BAD_FILES),
    ] {
        let documented: Vec<String> = cases(source).into_iter().map(|(n, _, _)| n).collect();
        let lines: Vec<&str> = source.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            let is_test = matches!(line.trim(), "#[tokio::test]" | "#[test]")
                && !lines[i.saturating_sub(3)..i]
                    .iter()
                    .any(|l| l.contains("macro_rules!") || l.contains("=> {"));
            if !is_test {
                continue;
            }
            let Some(name) = lines[i + 1..].iter().find_map(|l| {
                let l = l.trim();
                l.strip_prefix("async fn ")
                    .or_else(|| l.strip_prefix("fn "))?
                    .split('(')
                    .next()
                    .map(str::to_string)
            }) else {
                continue;
            };
            if name.starts_with('$') {
                continue;
            }
            assert!(
                documented.contains(&name),
                "{file}: test `{name}` has no `matrix:` line"
            );
        }
    }
}
