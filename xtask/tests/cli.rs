//! The `xtask` binary's command line. (Also what makes `cargo test
//! --workspace` build the binary itself, with the workspace's features, so
//! CI runs it without a second build of its dependencies.)

use std::process::Command;

fn xtask(args: &[&str]) -> (Option<i32>, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .output()
        .expect("xtask runs");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn help_lists_every_command() {
    let (code, stdout, _) = xtask(&["--help"]);
    assert_eq!(code, Some(0));
    for command in [
        "codegen ",
        "codegen --check",
        "lint-spec",
        "bench --callgrind",
        "bench --fleet",
        "bench --journal-cost",
        "docs/benchmarks.md",
    ] {
        assert!(stdout.contains(command), "{command:?} missing from:\n{stdout}");
    }
}

#[test]
fn an_unknown_command_fails_with_the_usage() {
    let (code, _, stderr) = xtask(&["frobnicate"]);
    assert_eq!(code, Some(1));
    assert!(stderr.contains("usage: cargo xtask <command>"), "{stderr}");
    let (code, _, stderr) = xtask(&["codegen", "--chek"]);
    assert_eq!(code, Some(1));
    assert!(stderr.contains("unexpected arguments"), "{stderr}");
}
