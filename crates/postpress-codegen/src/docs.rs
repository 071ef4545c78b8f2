//! Documentation for every public item progenitor emits without any, so the
//! generated crate passes `-D missing_docs`: the spec's own words where it
//! has them (an action's description for its request variant), a plain
//! statement of what the item is otherwise.

use std::collections::BTreeMap;

use syn::visit_mut::VisitMut;
use syn::{Attribute, Fields, ImplItem, Item, Visibility, parse_quote};

/// Adds a doc comment to each undocumented public item, variant and field
/// of `file`. `variant_docs` maps `Enum::Variant` to the spec's text.
pub(crate) fn fill(file: &mut syn::File, variant_docs: &BTreeMap<String, String>) {
    let mut filler = Filler {
        variant_docs,
        module: Vec::new(),
    };
    filler.visit_file_mut(file);
}

struct Filler<'a> {
    variant_docs: &'a BTreeMap<String, String>,
    module: Vec<String>,
}

fn has_doc(attrs: &[Attribute]) -> bool {
    attrs.iter().any(|a| a.path().is_ident("doc"))
}

fn add_doc(attrs: &mut Vec<Attribute>, text: &str) {
    if !has_doc(attrs) {
        attrs.insert(0, parse_quote!(#[doc = #text]));
    }
}

fn is_pub(vis: &Visibility) -> bool {
    matches!(vis, Visibility::Public(_))
}

fn fields(fields: &mut Fields, owner: &str) {
    for f in fields.iter_mut() {
        if let Some(name) = &f.ident
            && is_pub(&f.vis)
        {
            let name = name.to_string();
            let name = name.trim_end_matches('_');
            add_doc(&mut f.attrs, &format!("The `{name}` field of `{owner}`."));
        }
    }
}

impl VisitMut for Filler<'_> {
    fn visit_item_mut(&mut self, item: &mut Item) {
        let in_builder = self.module.last().is_some_and(|m| m == "builder");
        match item {
            Item::Mod(m) if is_pub(&m.vis) => {
                let name = m.ident.to_string();
                add_doc(&mut m.attrs, &format!("Generated `{name}` items."));
                self.module.push(name);
                syn::visit_mut::visit_item_mut(self, item);
                self.module.pop();
                return;
            }
            Item::Struct(s) if is_pub(&s.vis) => {
                let name = s.ident.to_string();
                let text = if in_builder {
                    format!("A builder for [`super::{name}`].")
                } else {
                    format!("`{name}`, as the spec describes it.")
                };
                add_doc(&mut s.attrs, &text);
                fields(&mut s.fields, &name);
            }
            Item::Enum(e) if is_pub(&e.vis) => {
                let name = e.ident.to_string();
                add_doc(&mut e.attrs, &format!("`{name}`, as the spec describes it."));
                for v in &mut e.variants {
                    let key = format!("{name}::{}", v.ident);
                    let text = self
                        .variant_docs
                        .get(&key)
                        .cloned()
                        .unwrap_or_else(|| format!("The `{}` value.", v.ident));
                    add_doc(&mut v.attrs, &text);
                    fields(&mut v.fields, &key);
                }
            }
            Item::Impl(i) => {
                let ty = &i.self_ty;
                let owner = quote::quote!(#ty).to_string().replace(' ', "");
                for it in &mut i.items {
                    let ImplItem::Fn(f) = it else { continue };
                    if !is_pub(&f.vis) {
                        continue;
                    }
                    let name = f.sig.ident.to_string();
                    let text = match name.as_str() {
                        "builder" => format!("A builder for `{owner}`."),
                        "new" => format!("A new `{owner}`."),
                        // What progenitor leaves undocumented otherwise are
                        // the setters of builders.
                        _ => format!("Sets `{}`.", name.trim_end_matches('_')),
                    };
                    add_doc(&mut f.attrs, &text);
                }
            }
            _ => {}
        }
        syn::visit_mut::visit_item_mut(self, item);
    }
}
