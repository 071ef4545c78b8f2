//! A one-line-per-item outline of generated source, so that `cargo xtask
//! codegen` can say what changed in the generated surface.

use std::fmt::Write as _;

use quote::quote;

type Result<T> = std::result::Result<T, syn::Error>;

/// A one-line-per-item outline of the public surface of generated source:
/// used by `cargo xtask codegen` to say what changed.
pub fn surface(source: &str) -> Result<Vec<String>> {
    let file: syn::File = syn::parse_file(source)?;
    let mut out = Vec::new();
    outline_items(&file.items, "", &mut out);
    Ok(out)
}

fn outline_items(items: &[syn::Item], prefix: &str, out: &mut Vec<String>) {
    for item in items {
        match item {
            syn::Item::Struct(s) => {
                let fields: Vec<String> = s
                    .fields
                    .iter()
                    .map(|f| {
                        let name = f.ident.as_ref().map(|i| format!("{i}: ")).unwrap_or_default();
                        let ty = &f.ty;
                        format!("{name}{}", quote!(#ty))
                    })
                    .collect();
                out.push(format!("struct {prefix}{} {{ {} }}", s.ident, fields.join(", ")));
            }
            syn::Item::Enum(e) => {
                for v in &e.variants {
                    let fields = &v.fields;
                    let mut line = String::new();
                    let _ = write!(line, "enum {prefix}{}::{}", e.ident, v.ident);
                    if !fields.is_empty() {
                        let _ = write!(line, "{}", quote!(#fields));
                    }
                    out.push(line);
                }
            }
            syn::Item::Const(c) => {
                let ty = &c.ty;
                out.push(format!("const {prefix}{}: {}", c.ident, quote!(#ty)));
            }
            syn::Item::Impl(i) => {
                let ty = &i.self_ty;
                let trait_ = i
                    .trait_
                    .as_ref()
                    .map(|(_, p)| format!("{} for ", quote!(#p)))
                    .unwrap_or_default();
                for it in &i.items {
                    if let syn::ImplItem::Fn(f) = it
                        && matches!(f.vis, syn::Visibility::Public(_))
                    {
                        let sig = &f.sig;
                        out.push(format!("impl {trait_}{}: {}", quote!(#ty), quote!(#sig)));
                    }
                }
            }
            syn::Item::Mod(m) => {
                if let Some((_, items)) = &m.content {
                    outline_items(items, &format!("{prefix}{}::", m.ident), out);
                }
            }
            _ => {}
        }
    }
}
