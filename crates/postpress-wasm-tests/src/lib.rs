//! The `postpress` client on `wasm32-unknown-unknown`, tested in a real
//! browser: `tests/browser.rs` runs under `wasm-bindgen-test` in headless
//! Chromium against a `postpress-mock --cors` started beforehand, whose
//! base URL the build reads from `POSTPRESS_WASM_MOCK_URL`.
//!
//! `.ci/wasm.sh` does it all: it builds the mock, starts it on a free
//! port, installs `wasm-bindgen-cli` at the version `Cargo.lock` pins, and
//! runs `cargo test -p postpress-wasm-tests --target wasm32-unknown-unknown`
//! with `wasm-bindgen-test-runner` and Debian's `chromedriver`. On any
//! other target the tests compile to nothing.
