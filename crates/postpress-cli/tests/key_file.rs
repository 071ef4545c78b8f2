//! The API key from a file or stdin, never from argv: `--api-key-file`,
//! `POSTPRESS_API_KEY_FILE`, `-` for stdin; a file other users can read is
//! refused; the key is never echoed.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use postpress_mock::{ChatKind, ChatState, MockServer, Provider};

const KEY: &str = "key-file-SECRET-4242";

async fn mock() -> MockServer {
    MockServer::builder()
        .api_key(KEY)
        .chat(ChatState::new("wa-chat", Provider::WhatsApp, ChatKind::OneToOne))
        .start()
        .await
        .expect("mock starts")
}

fn key_file(name: &str, contents: &str, mode: u32) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("postpress-cli-key-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let path = dir.join(name);
    std::fs::write(&path, contents).expect("write");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).expect("chmod");
    path
}

/// Runs `postpress` with no key in the environment unless `env` sets one.
async fn run(server: &MockServer, args: &[&str], env: &[(&str, &str)], stdin: Option<&str>) -> (i32, String) {
    let base = server.base_url();
    let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    let env: Vec<(String, String)> = env.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    let stdin = stdin.map(str::to_string);
    let (code, out) = tokio::task::spawn_blocking(move || {
        let mut cmd = Command::cargo_bin("postpress").expect("binary");
        cmd.env_remove("POSTPRESS_API_KEY")
            .env_remove("POSTPRESS_API_KEY_FILE")
            .env("POSTPRESS_BASE_URL", base)
            .envs(env)
            .args(&args);
        cmd.write_stdin(stdin.unwrap_or_default());
        let out = cmd.output().expect("runs");
        (
            out.status.code().unwrap_or(-1),
            format!(
                "{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            ),
        )
    })
    .await
    .expect("join");
    assert!(!out.contains("SECRET"), "the key was echoed: {out}");
    (code, out)
}

fn shown(path: &Path) -> String {
    path.display().to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_key_comes_from_a_private_file_or_stdin() {
    let server = mock().await;
    let file = key_file("private", &format!("{KEY}\n"), 0o600);
    let (code, out) = run(
        &server,
        &["--api-key-file", &shown(&file), "chat", "wa-chat", "read"],
        &[],
        None,
    )
    .await;
    assert_eq!(code, 0, "{out}");
    let (code, out) = run(
        &server,
        &["chat", "wa-chat", "mute"],
        &[("POSTPRESS_API_KEY_FILE", &shown(&file))],
        None,
    )
    .await;
    assert_eq!(code, 0, "POSTPRESS_API_KEY_FILE: {out}");
    let (code, out) = run(
        &server,
        &["--api-key-file", "-", "chat", "wa-chat", "archive"],
        &[],
        Some(&format!("{KEY}\r\n")),
    )
    .await;
    assert_eq!(code, 0, "stdin: {out}");
    // The file wins over a stale key in the environment.
    let (code, out) = run(
        &server,
        &["--api-key-file", &shown(&file), "chat", "wa-chat", "pin"],
        &[("POSTPRESS_API_KEY", "stale-key")],
        None,
    )
    .await;
    assert_eq!(code, 0, "{out}");
    assert_eq!(server.requests().len(), 4);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_file_other_users_can_read_is_refused() {
    let server = mock().await;
    for mode in [0o644, 0o640, 0o604, 0o660] {
        let file = key_file(&format!("open-{mode:o}"), KEY, mode);
        let (code, out) = run(
            &server,
            &["--api-key-file", &shown(&file), "chat", "wa-chat", "read"],
            &[],
            None,
        )
        .await;
        assert_eq!(code, 2, "mode {mode:o}: {out}");
        assert!(out.contains("chmod 600"), "{out}");
        assert!(out.contains(&format!("mode {mode:03o}")), "{out}");
    }
    assert!(
        server.requests().is_empty(),
        "nothing is sent with a refused key file"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn misuse_is_a_usage_error_and_a_wrong_key_is_not_echoed() {
    let server = mock().await;
    let file = shown(&key_file("both", KEY, 0o600));
    let empty = shown(&key_file("empty", "\n", 0o600));
    // (arguments, stdin, what the message must say): each is exit 2.
    let cases: [(&[&str], Option<&str>, &str); 4] = [
        (
            &[
                "--api-key",
                "x",
                "--api-key-file",
                &file,
                "chat",
                "wa-chat",
                "read",
            ],
            None,
            "use one",
        ),
        (
            &["--api-key-file", "-", "bulk", "read", "--from", "-"],
            Some("wa-chat\n"),
            "stdin cannot carry both",
        ),
        (
            &["--api-key-file", "/nonexistent/key", "chat", "wa-chat", "read"],
            None,
            "cannot open the API key file",
        ),
        (
            &["--api-key-file", &empty, "chat", "wa-chat", "read"],
            None,
            "is empty",
        ),
    ];
    for (args, stdin, says) in cases {
        let (code, out) = run(&server, args, &[], stdin).await;
        assert_eq!(code, 2, "{args:?}: {out}");
        assert!(out.contains(says), "{args:?}: {out}");
    }
    // A wrong key read from a file: 401, and neither key is printed.
    let wrong = key_file("wrong", "wrong-SECRET-key\n", 0o600);
    let (code, out) = run(
        &server,
        &["--api-key-file", &shown(&wrong), "chat", "wa-chat", "read"],
        &[],
        None,
    )
    .await;
    assert_eq!(code, 3, "{out}");
    assert!(
        server.requests().len() == 1,
        "only the wrong-key request went out"
    );
}

#[test]
fn help_says_why_to_prefer_the_file() {
    let out = Command::cargo_bin("postpress")
        .expect("binary")
        .arg("--help")
        .output()
        .expect("runs");
    let help = String::from_utf8_lossy(&out.stdout);
    assert!(help.contains("--api-key-file"), "{help}");
    assert!(help.contains("`ps`") && help.contains("shell history"), "{help}");
}
