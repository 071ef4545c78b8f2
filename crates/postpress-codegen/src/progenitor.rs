//! progenitor: the wire types and the low-level client.

use openapiv3::{OpenAPI, ReferenceOr};
use proc_macro2::TokenStream;
use quote::quote;

use crate::{CodegenError, Result};

/// The spec progenitor sees. progenitor 0.15 panics when an operation has both
/// a 2xx and a `default` response, and ranges (`4XX`) would shadow the
/// documented statuses in its generated match. So the `default` response is
/// left out of its input: the generated client decodes the documented
/// statuses and returns any other as `Error::UnexpectedResponse` with the
/// whole response. (The facade decodes every status itself.)
pub(crate) fn progenitor_input(spec: &OpenAPI) -> OpenAPI {
    let mut spec = spec.clone();
    for item in spec.paths.paths.values_mut() {
        let ReferenceOr::Item(item) = item else {
            continue;
        };
        let ops = [
            &mut item.get,
            &mut item.put,
            &mut item.post,
            &mut item.delete,
            &mut item.options,
            &mut item.head,
            &mut item.patch,
            &mut item.trace,
        ];
        for op in ops.into_iter().flatten() {
            op.responses.default = None;
        }
    }
    spec
}

pub(crate) fn progenitor_tokens(spec: &OpenAPI) -> Result<TokenStream> {
    let mut settings = progenitor::GenerationSettings::new();
    settings
        .with_interface(progenitor::InterfaceStyle::Builder)
        .with_tag(progenitor::TagStyle::Merged)
        .with_inner_type(quote!(crate::Credentials))
        .with_derive("PartialEq")
        .with_derive("schemars::JsonSchema");
    let mut generator = progenitor::Generator::new(&settings);
    // progenitor reports some spec problems by panicking; turn those into
    // errors without printing a backtrace from the build script.
    let prev = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| generator.generate_tokens(spec)));
    std::panic::set_hook(prev);
    match result {
        Ok(Ok(tokens)) => Ok(tokens),
        Ok(Err(e)) => Err(CodegenError::Progenitor(e.to_string())),
        Err(payload) => {
            let msg = payload
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_else(|| "panicked".to_string());
            Err(CodegenError::Progenitor(msg))
        }
    }
}
