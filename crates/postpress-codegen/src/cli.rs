//! `postpress-cli`'s verbs: the command-line name of every action
//! (`setReadStatus` → `set-read-status`) and of every helper the spec gives
//! one (`x-helpers[].cli`, such as `read` for `setReadStatus true`). The
//! `Verb` type is the CLI's own (`crate::verbs`).

use quote::quote;

use crate::Result;
use crate::spec::Model;

pub(crate) fn generate(model: &Model) -> Result<String> {
    let mut verbs = Vec::new();
    for a in &model.actions {
        let (action, name) = (&a.name, a.kebab());
        verbs.push(quote!(Verb { name: #name, action: #action, alias: false, fixed: None },));
        for h in &a.helpers {
            let Some(cli) = &h.cli else { continue };
            let fixed = match h.value {
                Some(b) => quote!(Some(#b)),
                None => quote!(None),
            };
            verbs.push(quote!(Verb { name: #cli, action: #action, alias: true, fixed: #fixed },));
        }
    }
    let tokens = quote! {
        use crate::verbs::Verb;

        /// Every command-line action name, in spec order: each action, then
        /// its short forms.
        pub const VERBS: &[Verb] = &[#(#verbs)*];
    };
    crate::unparse(tokens)
}
