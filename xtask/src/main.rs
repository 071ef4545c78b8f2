//! Project tasks: `cargo xtask codegen [--check]`, `cargo xtask lint-spec`,
//! `cargo xtask bench`.
//!
//! This file only parses the command line; each command lives in its own
//! module (`codegen`, `lint`, `bench`).

use std::path::Path;
use std::process::ExitCode;

mod bench;
mod benchdoc;
mod codegen;
mod lint;
mod snapshots;
mod surface;
mod util;

const USAGE: &str = "\
usage: cargo xtask <command>

commands:
  codegen           regenerate from openapi/postpress.yaml: write the shipped
                    generated files (src/generated/ of postpress-api, postpress,
                    postpress-mock and postpress-cli), the public API outline,
                    and refresh the insta snapshots of the schemas and wire
                    JSON; prints what changed
  codegen --check   change nothing; fail with a diff when any of those is stale
  codegen --check --package DIR
                    only compare the generated files of an unpacked package in
                    DIR (postpress-api, postpress, postpress-mock or
                    postpress-cli) with what its own spec generates, byte for
                    byte (.ci/package.sh)
  lint-spec         check the spec: parses, every action has providers, every
                    error status lists its types, every example validates
  bench --callgrind instructions per call under valgrind's callgrind (a count
                    noise cannot move): the facade's README path against a
                    careful prebuilt reqwest client, at concurrency 1 and 64
  bench [--quick] [--node] [--no-bulk] [--no-fleet] [--no-pin] [--rounds N] [--requests N]
                    release-build the benchmark and compare the facade (perform
                    and chat().mark_read()) and the generated client with raw
                    reqwest (and the Node SDK) on one loopback server, server and
                    clients pinned to separate cores; then `postpress bulk`
                    against the rate-limited mock; then the fleet scenarios
  bench --fleet     only the fleet scenarios: 4 `postpress bulk` processes
                    sharing one limit through Redis, and jobs in Redis
  bench --journal-cost
                    what a journal costs per chat (callgrind, paired rounds)

Every bench writes its sections of docs/benchmarks.md (with the command,
commit, date and machine) and its report under target/bench/.
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
