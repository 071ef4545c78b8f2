//! Derives that only some users need, moved behind a feature of the crate
//! that compiles the generated code: `schemars::JsonSchema` (progenitor
//! emits it unconditionally) becomes
//! `#[cfg_attr(feature = "schemars", derive(::schemars::JsonSchema))]`, so
//! a consumer without the feature compiles neither schemars nor its derive.

use syn::punctuated::Punctuated;
use syn::visit_mut::VisitMut;
use syn::{Attribute, Path, Token, parse_quote};

/// The feature that turns the JSON Schema derives on.
pub const SCHEMARS_FEATURE: &str = "schemars";

/// Rewrites every `JsonSchema` derive (and `#[schemars(..)]` helper) in
/// `file` behind [`SCHEMARS_FEATURE`].
pub(crate) fn gate_schemars(file: &mut syn::File) {
    Gate.visit_file_mut(file);
}

struct Gate;

impl VisitMut for Gate {
    fn visit_item_struct_mut(&mut self, item: &mut syn::ItemStruct) {
        gate(&mut item.attrs);
        syn::visit_mut::visit_item_struct_mut(self, item);
    }

    fn visit_item_enum_mut(&mut self, item: &mut syn::ItemEnum) {
        gate(&mut item.attrs);
        syn::visit_mut::visit_item_enum_mut(self, item);
    }
}

fn is_json_schema(path: &Path) -> bool {
    path.segments.last().is_some_and(|s| s.ident == "JsonSchema")
}

fn gate(attrs: &mut Vec<Attribute>) {
    let mut gated = false;
    let mut out = Vec::with_capacity(attrs.len() + 1);
    for attr in attrs.drain(..) {
        if attr.path().is_ident("derive") {
            let Ok(paths) = attr.parse_args_with(Punctuated::<Path, Token![,]>::parse_terminated) else {
                out.push(attr);
                continue;
            };
            if !paths.iter().any(is_json_schema) {
                out.push(attr);
                continue;
            }
            gated = true;
            let kept: Vec<&Path> = paths.iter().filter(|p| !is_json_schema(p)).collect();
            if !kept.is_empty() {
                out.push(parse_quote!(#[derive(#(#kept),*)]));
            }
        } else if attr.path().is_ident("schemars") {
            let meta = match &attr.meta {
                syn::Meta::List(list) => list.tokens.clone(),
                _ => {
                    out.push(attr);
                    continue;
                }
            };
            out.push(parse_quote!(#[cfg_attr(feature = #SCHEMARS_FEATURE, schemars(#meta))]));
        } else {
            out.push(attr);
        }
    }
    if gated {
        // Right after the doc comments, where the derive was.
        let at = out.iter().take_while(|a| a.path().is_ident("doc")).count();
        out.insert(
            at,
            parse_quote!(#[cfg_attr(feature = #SCHEMARS_FEATURE, derive(::schemars::JsonSchema))]),
        );
    }
    *attrs = out;
}
