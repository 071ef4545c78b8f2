//! Project tasks: `cargo xtask codegen [--check]`, `cargo xtask lint-spec`,
//! `cargo xtask bench`.
//!
//! This file only parses the command line; each command lives in its own
//! module (`codegen`, `lint`, `bench`).

use std::path::Path;
use std::process::ExitCode;

mod bench;
mod codegen;
mod lint;
mod snapshots;
mod surface;
mod util;

const USAGE: &str = "\
usage: cargo xtask <command>

commands:
  codegen           regenerate from openapi/postpress.yaml: write the shipped
                    generated files (crates/postpress-api/src/generated/), the
                    public API outline, and refresh the insta snapshots of the
                    schemas and wire JSON; prints what changed
  codegen --check   change nothing; fail with a diff when any of those is stale
  codegen --check --package DIR
                    only compare the generated files of an unpacked
                    postpress-api package in DIR with what its own spec
                    generates, byte for byte (.ci/package.sh)
  lint-spec         check the spec: parses, every action has providers, every
                    error status lists its types, every example validates
  bench --callgrind instructions per call under valgrind's callgrind (a count
                    noise cannot move): the facade's README path against a
                    careful prebuilt reqwest client, at concurrency 1 and 64;
                    writes target/bench/callgrind.md
  bench [--quick] [--node] [--no-bulk] [--no-pin] [--rounds N] [--requests N]
                    release-build the benchmark and compare the facade (perform
                    and chat().mark_read()) and the generated client with raw
                    reqwest (and the Node SDK) on one loopback server, server and
                    clients pinned to separate cores; then `postpress bulk`
                    against the rate-limited mock; writes target/bench/report.md
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("codegen") => match &args[1..] {
            [] => codegen::run(false),
            [flag] if flag == "--check" => codegen::run(true),
            [flag, package, dir] if flag == "--check" && package == "--package" => {
                codegen::check_package(Path::new(dir))
            }
            other => Err(anyhow::anyhow!(
                "codegen: unexpected arguments {other:?}\n\n{USAGE}"
            )),
        },
        Some("lint-spec") if args.len() == 1 => lint::run(&util::root()),
        Some("bench") => bench::run(&args[1..]),
        Some("-h" | "--help" | "help") => {
            print!("{USAGE}");
            Ok(true)
        }
        _ => Err(anyhow::anyhow!("{USAGE}")),
    };
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}
