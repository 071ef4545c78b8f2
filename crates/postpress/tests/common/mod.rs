//! Shared test support: the raw test server of `postpress-testkit`, plus the
//! key and a client builder pointed at a server.
#![allow(dead_code, unused_imports)]

pub use postpress_testkit::*;

/// The API key every test client sends (long and distinctive, so that a leak
/// is easy to spot in any output).
pub const KEY: &str = "pp_test_SECRET_key_0123456789";

/// `server.client()`: a builder with [`KEY`] and the server's base URL.
pub trait ClientFor {
    fn client(&self) -> postpress::ClientBuilder;
}

impl ClientFor for Server {
    fn client(&self) -> postpress::ClientBuilder {
        postpress::Client::builder().api_key(KEY).base_url(&self.base)
    }
}
