//! The command that goes on with an interrupted run: the same arguments
//! with `--resume`, never a secret.

/// The command that goes on with this run: the same arguments with
/// `--resume`, never the API key.
pub(super) fn resume_command() -> String {
    resume_command_of(std::env::args().skip(1))
}

/// [`resume_command`] of these arguments: `--api-key` and its value left
/// out, a Redis password shown as `***`.
fn resume_command_of(args: impl IntoIterator<Item = String>) -> String {
    let mut out = vec!["postpress".to_string()];
    let mut args = args.into_iter();
    let mut hidden = false;
    while let Some(a) = args.next() {
        if a == "--api-key" {
            args.next();
            continue;
        }
        if a.starts_with("--api-key=") || a == "--resume" {
            continue;
        }
        let shown = if a == "--redis" {
            out.push(a);
            match args.next() {
                Some(url) => hide_password(&url, &mut hidden),
                None => continue,
            }
        } else if let Some(url) = a.strip_prefix("--redis=") {
            format!("--redis={}", hide_password(url, &mut hidden))
        } else {
            a
        };
        out.push(shell_quote(&shown));
    }
    out.push("--resume".into());
    let mut command = out.join(" ");
    if hidden {
        command.push_str("   # put the Redis password back in place of ***, or set POSTPRESS_REDIS_URL");
    }
    command
}

/// `url` with its password shown as `***` (`postpress_util::redact`);
/// `hidden` is set when something was hidden.
fn hide_password(url: &str, hidden: &mut bool) -> String {
    let shown = postpress_util::redact::redact_url(url);
    if shown != url {
        *hidden = true;
    }
    shown.into_owned()
}

fn shell_quote(s: &str) -> String {
    let plain = !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"_-./:=@%+,".contains(&b));
    if plain {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(s: &str) -> Vec<String> {
        s.split(' ').map(String::from).collect()
    }

    #[test]
    fn the_resume_command_hides_secrets() {
        let c = resume_command_of(args(
            "--api-key sekrit-key bulk read --from b.txt --redis redis://:hunter22@h:6379/ --journal j --resume",
        ));
        assert!(!c.contains("sekrit") && !c.contains("hunter22"), "{c}");
        assert!(
            c.starts_with(
                "postpress bulk read --from b.txt --redis 'redis://:***@h:6379/' --journal j --resume"
            ),
            "{c}"
        );
        assert!(c.contains("put the Redis password back"), "{c}");
        let c = resume_command_of(args("--api-key=k1k1k1 bulk mute --from x --redis=redis://h/"));
        assert_eq!(c, "postpress bulk mute --from x --redis=redis://h/ --resume");
        let c = resume_command_of(vec!["bulk".into(), "label".into(), "it's mine".into()]);
        assert_eq!(c, r"postpress bulk label 'it'\''s mine' --resume");
    }
}
