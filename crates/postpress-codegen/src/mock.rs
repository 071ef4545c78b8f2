//! `postpress-mock`'s rules: what each action does to a chat's state (the
//! spec's `x-effect`), and the operations the mock does not emulate, which
//! it answers with 501. The types are the mock's own (`crate::rules`).

use quote::quote;

use crate::Result;
use crate::spec::{Effect, Model};

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
    let tokens = quote! {
        use crate::rules::{Effect, Unemulated};

        /// Each action's effect on a chat (`x-effect`), in spec order.
        pub(crate) const EFFECTS: &[(&str, Effect)] = &[#(#effects)*];

        /// The spec's operations other than the chat action, which the mock
        /// answers with `501 errors/feature_not_implemented`.
        pub(crate) const UNEMULATED: &[Unemulated] = &[#(#others)*];
    };
    crate::unparse(tokens)
}
