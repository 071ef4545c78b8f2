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
                let fields = field_list(s.fields.iter());
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
                let trait_ = trait_prefix(i);
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

/// The public API of a crate's sources, one line per item, sorted: every
/// `pub` item (not `pub(crate)`), with `#[non_exhaustive]` marked, pub
/// fields, enum variants, public methods, `pub use` re-exports, and the
/// types made by macros (`validated_string!`). Files are `(name, source)`.
pub fn public_api(files: &[(String, String)]) -> Result<Vec<String>> {
    let parsed: Vec<syn::File> = files
        .iter()
        .map(|(_, source)| syn::parse_file(source))
        .collect::<Result<_>>()?;
    // Trait impls count only for public types.
    let mut public_types = std::collections::BTreeSet::new();
    for file in &parsed {
        for item in &file.items {
            match item {
                syn::Item::Struct(s) if is_pub(&s.vis) => {
                    public_types.insert(s.ident.to_string());
                }
                syn::Item::Enum(e) if is_pub(&e.vis) => {
                    public_types.insert(e.ident.to_string());
                }
                // A crate-private trait's impls are not public API.
                syn::Item::Trait(t) if !is_pub(&t.vis) => {
                    public_types.insert(format!("!trait {}", t.ident));
                }
                _ => {}
            }
        }
    }
    let mut out = Vec::new();
    for file in &parsed {
        public_items(&file.items, &public_types, &mut out);
    }
    out.sort();
    out.dedup();
    Ok(out)
}

/// `Trait for ` of a trait impl, empty for an inherent one.
fn trait_prefix(i: &syn::ItemImpl) -> String {
    i.trait_
        .as_ref()
        .map(|(p, _)| format!("{} for ", quote!(#p)))
        .unwrap_or_default()
}

/// `name: Type` (or just `Type` for tuple fields), without attributes.
fn field_list<'a>(fields: impl Iterator<Item = &'a syn::Field>) -> Vec<String> {
    fields
        .map(|f| {
            let name = f.ident.as_ref().map(|i| format!("{i}: ")).unwrap_or_default();
            let ty = &f.ty;
            format!("{name}{}", quote!(#ty))
        })
        .collect()
}

fn is_pub(vis: &syn::Visibility) -> bool {
    matches!(vis, syn::Visibility::Public(_))
}

fn non_exhaustive(attrs: &[syn::Attribute]) -> &'static str {
    if attrs.iter().any(|a| a.path().is_ident("non_exhaustive")) {
        "#[non_exhaustive] "
    } else {
        ""
    }
}

fn public_items(
    items: &[syn::Item],
    public_types: &std::collections::BTreeSet<String>,
    out: &mut Vec<String>,
) {
    for item in items {
        match item {
            syn::Item::Struct(s) if is_pub(&s.vis) => {
                let fields = field_list(s.fields.iter().filter(|f| is_pub(&f.vis)));
                let hidden = s.fields.iter().any(|f| !is_pub(&f.vis));
                let body = match (fields.is_empty(), hidden) {
                    (true, true) => "{ .. }".to_string(),
                    (true, false) => "{}".to_string(),
                    (false, true) => format!("{{ {}, .. }}", fields.join(", ")),
                    (false, false) => format!("{{ {} }}", fields.join(", ")),
                };
                let generics = &s.generics;
                out.push(format!(
                    "{}pub struct {}{} {body}",
                    non_exhaustive(&s.attrs),
                    s.ident,
                    quote!(#generics)
                ));
            }
            syn::Item::Enum(e) if is_pub(&e.vis) => {
                out.push(format!("{}pub enum {}", non_exhaustive(&e.attrs), e.ident));
                for v in &e.variants {
                    // Names and types only: no attributes or docs.
                    let fields: Vec<String> = v
                        .fields
                        .iter()
                        .map(|f| {
                            let ty = &f.ty;
                            match &f.ident {
                                Some(name) => format!("{name}: {}", quote!(#ty)),
                                None => quote!(#ty).to_string(),
                            }
                        })
                        .collect();
                    let shape = match &v.fields {
                        syn::Fields::Named(_) => format!(" {{ {} }}", fields.join(", ")),
                        syn::Fields::Unnamed(_) => format!("({})", fields.join(", ")),
                        syn::Fields::Unit => String::new(),
                    };
                    out.push(format!("pub enum {}::{}{shape}", e.ident, v.ident));
                }
            }
            syn::Item::Const(c) if is_pub(&c.vis) => {
                let ty = &c.ty;
                out.push(format!("pub const {}: {}", c.ident, quote!(#ty)));
            }
            syn::Item::Fn(f) if is_pub(&f.vis) => {
                let sig = &f.sig;
                out.push(format!("pub {}", quote!(#sig)));
            }
            syn::Item::Use(u) if is_pub(&u.vis) => {
                let tree = &u.tree;
                out.push(format!("pub use {}", quote!(#tree)));
            }
            syn::Item::Type(t) if is_pub(&t.vis) => {
                let ty = &t.ty;
                let generics = &t.generics;
                out.push(format!(
                    "pub type {}{} = {}",
                    t.ident,
                    quote!(#generics),
                    quote!(#ty)
                ));
            }
            syn::Item::Trait(t) if is_pub(&t.vis) => out.push(format!("pub trait {}", t.ident)),
            syn::Item::Impl(i) => {
                let ty = &i.self_ty;
                let trait_ = trait_prefix(i);
                let type_name = match &**ty {
                    syn::Type::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()),
                    _ => None,
                };
                let private_trait = i.trait_.as_ref().is_some_and(|(p, _)| {
                    p.segments
                        .last()
                        .is_some_and(|s| public_types.contains(&format!("!trait {}", s.ident)))
                });
                if !trait_.is_empty()
                    && !private_trait
                    && type_name.is_some_and(|n| public_types.contains(&n))
                {
                    out.push(format!("impl {trait_}{}", quote!(#ty)));
                }
                for it in &i.items {
                    match it {
                        syn::ImplItem::Fn(f) if is_pub(&f.vis) => {
                            let sig = &f.sig;
                            out.push(format!("impl {}: pub {}", quote!(#ty), quote!(#sig)));
                        }
                        syn::ImplItem::Const(c) if is_pub(&c.vis) => {
                            let cty = &c.ty;
                            out.push(format!(
                                "impl {}: pub const {}: {}",
                                quote!(#ty),
                                c.ident,
                                quote!(#cty)
                            ));
                        }
                        _ => {}
                    }
                }
            }
            syn::Item::Macro(m) => {
                // A type-defining macro such as `validated_string!(... Name, "field")`.
                let tokens = m.mac.tokens.to_string();
                let name = m
                    .mac
                    .path
                    .segments
                    .last()
                    .map(|s| s.ident.to_string())
                    .unwrap_or_default();
                if name == "validated_string"
                    && let Some(ty) = tokens
                        .rsplit_once(',')
                        .and_then(|(head, _)| head.split_whitespace().last())
                {
                    out.push(format!("pub struct {ty}(..) (validated string)"));
                }
            }
            syn::Item::Mod(m) => {
                if let Some((_, items)) = &m.content
                    && is_pub(&m.vis)
                {
                    public_items(items, public_types, out);
                }
            }
            _ => {}
        }
    }
}
