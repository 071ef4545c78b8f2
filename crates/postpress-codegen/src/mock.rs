//! `postpress-mock`'s rules: what each action does to a chat's state (the
//! spec's `x-effect`), and the operations the mock does not emulate, which
//! it answers with 501. The types are the mock's own (`crate::rules`).

use quote::{format_ident, quote};

use crate::spec::{Effect, Model};
use crate::{Result, schema};

pub(crate) fn generate(model: &Model) -> Result<String> {
    let effects = model.actions.iter().map(|a| {
        let name = &a.name;
        let effect = match &a.effect {
            Effect::Set(f) => quote!(Effect::Set(#f)),
            Effect::Add(f) => quote!(Effect::Add(#f)),
            Effect::Remove(f) => quote!(Effect::Remove(#f)),
            Effect::Assign(f) => quote!(Effect::Assign(#f)),
            Effect::None => quote!(Effect::None),
        };
        quote!((#name, #effect),)
    });
    let others = model.other_operations().map(|o| {
        let (id, method, path) = (&o.id, &o.method, &o.path);
        quote!(Unemulated { operation_id: #id, method: #method, path: #path },)
    });
    let other_types = &model.other_types;
    let o_consts: Vec<_> = other_types
        .iter()
        .map(|t| format_ident!("{}", t.const_name()))
        .collect();
    let o_wires: Vec<_> = other_types.iter().map(|t| t.type_name.as_str()).collect();
    let o_statuses: Vec<_> = other_types.iter().map(|t| t.status).collect();
    let o_descs: Vec<_> = other_types.iter().map(|t| t.description.trim()).collect();
    let o_docs: Vec<_> = other_types
        .iter()
        .map(|t| format!("`{}` ({}): {}", t.type_name, t.status, t.description.trim()))
        .collect();
    // JSON Schemas of the component schemas, for the mock's validation.
    let names: Vec<&String> = model
        .spec
        .components
        .as_ref()
        .map(|c| c.schemas.keys().collect())
        .unwrap_or_default();
    let schema_json: Vec<String> = names
        .iter()
        .map(|n| schema::json_schema(&model.spec, n).map(|v| v.to_string()))
        .collect::<Result<_>>()?;
    let schema_names: Vec<&str> = names.iter().map(|n| n.as_str()).collect();
    let tokens = quote! {
        use crate::rules::{Effect, OtherErrorType, Unemulated};

        /// Error types the API family uses beyond the documented list (the
        /// spec's `x-other-types` on the `default` response), with the
        /// status each comes with: what the mock answers for bad bodies,
        /// wrong methods and rate limits.
        pub(crate) mod other_error_types {
            use super::OtherErrorType;
            #(
                #[doc = #o_docs]
                #[allow(dead_code)]
                pub(crate) const #o_consts: OtherErrorType = OtherErrorType {
                    type_name: #o_wires,
                    status: #o_statuses,
                    description: #o_descs,
                };
            )*
        }

        /// Every type of [`other_error_types`], in spec order.
        pub(crate) const OTHER_ERROR_TYPES: &[OtherErrorType] = &[#(other_error_types::#o_consts),*];

        /// Each component schema of the spec as a standalone JSON Schema
        /// document (`$ref`s point into its `definitions`): `(name, json)`.
        pub(crate) const JSON_SCHEMAS: &[(&str, &str)] = &[#( (#schema_names, #schema_json) ),*];

        /// Each action's effect on a chat (`x-effect`), in spec order.
        pub(crate) const EFFECTS: &[(&str, Effect)] = &[#(#effects)*];

        /// The spec's operations other than the chat action, which the mock
        /// answers with `501 errors/feature_not_implemented`.
        pub(crate) const UNEMULATED: &[Unemulated] = &[#(#others)*];
    };
    crate::unparse(tokens)
}
