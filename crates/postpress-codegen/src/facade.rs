//! The facade's action layer: `ChatAction`, the validated value types, one
//! method per action (and its helpers) on `Chat`, and one provider-typed
//! chat handle per provider. Included by the `postpress` crate.
//!
//! The generated code names facade items by full path (`crate::Chat`,
//! `crate::action::...`), so it depends on nothing the including module
//! imports.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::Result;
use crate::spec::{self, Action, Model, Provider, ValueKind};

/// The bodies of the facade's three generated files as formatted Rust,
/// without the header ([`crate::generate_files`] adds it): `actions.rs`
/// (the action layer: `ChatAction`, the validated value types),
/// `handles.rs` (the client layer: one method per action on `Chat`, the
/// provider-typed handles) and `blocking.rs` (the same for the blocking
/// client).
pub fn generate(model: &Model) -> Result<[String; 3]> {
    let Generated {
        actions,
        handles,
        blocking,
    } = tokens(model)?;
    Ok([
        crate::unparse(actions)?,
        crate::unparse(handles)?,
        crate::unparse(blocking)?,
    ])
}

fn tokens(model: &Model) -> Result<Generated> {
    let Model {
        actions,
        providers,
        value_types,
        wire,
        ..
    } = model;

    let enum_doc = format!(
        "One action on a chat: the request body of `{} {}`.\n\n\
         Generated from the `oneOf` branches of `ChatActionRequest` in `openapi/postpress.yaml`: \
         one variant per action, with the right value type for each. Serializes to exactly the \
         documented wire JSON, such as `{{\"action\":\"{}\"{}}}`.",
        wire.method,
        wire.path_template,
        actions.first().map_or("", |a| a.name.as_str()),
        match actions.first().map(|a| a.value) {
            Some(ValueKind::Boolean) => ",\"value\":true",
            Some(ValueKind::String) => ",\"value\":\"...\"",
            _ => "",
        }
    );

    let variants: Vec<TokenStream> = actions.iter().map(variant).collect();
    let idents: Vec<_> = actions.iter().map(|a| format_ident!("{}", a.variant())).collect();
    let names: Vec<&str> = actions.iter().map(|a| a.name.as_str()).collect();
    let patterns: Vec<TokenStream> = actions
        .iter()
        .zip(&idents)
        .map(|(a, v)| match a.value {
            ValueKind::None => quote!(Self::#v),
            _ => quote!(Self::#v(..)),
        })
        .collect();
    let indexes: Vec<usize> = (0..actions.len()).collect();

    // The precomputed wire bytes of every action without a string value.
    let mut static_arms = Vec::new();
    for (a, v) in actions.iter().zip(&idents) {
        match a.value {
            ValueKind::Boolean => {
                for b in [true, false] {
                    let bytes = wire_bytes(&a.name, Some(serde_json::Value::Bool(b)));
                    let lit = proc_macro2::Literal::byte_string(bytes.as_bytes());
                    static_arms.push(quote!(Self::#v(#b) => #lit,));
                }
            }
            ValueKind::None => {
                let lit = proc_macro2::Literal::byte_string(wire_bytes(&a.name, None).as_bytes());
                static_arms.push(quote!(Self::#v => #lit,));
            }
            ValueKind::String => {}
        }
    }

    let to_wire: Vec<TokenStream> = actions
        .iter()
        .zip(&idents)
        .map(|(a, v)| match a.value {
            ValueKind::Boolean => quote!(Self::#v(value) => W::#v(*value),),
            ValueKind::String => quote!(Self::#v(value) => W::#v(value.as_str().to_string()),),
            ValueKind::None => quote!(Self::#v => W::#v,),
        })
        .collect();
    let from_wire: Vec<TokenStream> = actions
        .iter()
        .zip(&idents)
        .map(|(a, v)| match a.value {
            ValueKind::Boolean => quote!(W::#v(value) => Self::#v(value),),
            ValueKind::String => {
                let ty = value_type(a);
                quote!(W::#v(value) => Self::#v(#ty::new(value)?),)
            }
            ValueKind::None => quote!(W::#v => Self::#v,),
        })
        .collect();
    let de_arms: Vec<TokenStream> = actions
        .iter()
        .zip(&idents)
        .map(|(a, v)| {
            let name = &a.name;
            match a.value {
                ValueKind::Boolean => {
                    quote!(#name => Self::#v(crate::action::flag_value(name, value).map_err(D::Error::custom)?),)
                }
                ValueKind::String => {
                    let ty = value_type(a);
                    quote!(#name => Self::#v(crate::action::text_value::<#ty>(name, value).map_err(D::Error::custom)?),)
                }
                ValueKind::None => quote!(#name => {
                    crate::action::no_value(name, value).map_err(D::Error::custom)?;
                    Self::#v
                }),
            }
        })
        .collect();
    let display_arms: Vec<TokenStream> = actions
        .iter()
        .zip(&idents)
        .map(|(a, v)| match a.value {
            ValueKind::Boolean => quote!(Self::#v(value) => write!(f, "{}({value})", self.name()),),
            ValueKind::String => {
                quote!(Self::#v(value) => write!(f, "{}({:?})", self.name(), value.as_str()),)
            }
            ValueKind::None => quote!(Self::#v => f.write_str(self.name()),),
        })
        .collect();

    let newtypes: Vec<TokenStream> = value_types
        .iter()
        .map(|t| {
            let ident = format_ident!("{}", t.name);
            let field = &t.field;
            let doc = t.description.trim();
            quote! {
                crate::action::validated_string!(
                    #[doc = #doc]
                    #ident, #field
                );
            }
        })
        .collect();

    let chat_methods: Vec<TokenStream> = actions
        .iter()
        .map(|a| methods(a, providers, None, Flavor::Async))
        .collect();
    let provider_handles: Vec<TokenStream> = providers
        .iter()
        .map(|p| handle(p, actions, providers, Flavor::Async))
        .collect();
    let blocking_methods: Vec<TokenStream> = actions
        .iter()
        .map(|a| methods(a, providers, None, Flavor::Blocking))
        .collect();
    let blocking_handles: Vec<TokenStream> = providers
        .iter()
        .map(|p| handle(p, actions, providers, Flavor::Blocking))
        .collect();

    let actions = quote! {
        #[doc = #enum_doc]
        #[derive(Debug, Clone, PartialEq, Eq, Hash, ::serde::Serialize)]
        #[cfg_attr(feature = "schemars", derive(::schemars::JsonSchema))]
        #[serde(tag = "action", content = "value", deny_unknown_fields)]
        #[non_exhaustive]
        pub enum ChatAction {
            #(#variants)*
        }

        impl ChatAction {
            /// The wire name of the action, such as `setReadStatus`.
            pub fn name(&self) -> &'static str {
                match self { #( #patterns => #names, )* }
            }

            /// What the spec says about this action: value type, providers,
            /// idempotency, helpers.
            pub fn info(&self) -> &'static ::postpress_api::ActionInfo {
                match self { #( #patterns => &::postpress_api::ACTIONS[#indexes], )* }
            }

            /// The wire JSON of actions without a string value, precomputed:
            /// the exact bytes `serde_json::to_vec` produces (a test checks).
            pub(crate) fn static_wire(&self) -> Option<&'static [u8]> {
                Some(match self {
                    #(#static_arms)*
                    #[allow(unreachable_patterns)]
                    _ => return None,
                })
            }

            /// The generated wire type for the same action.
            pub fn to_wire(&self) -> ::postpress_api::types::ChatActionRequest {
                use ::postpress_api::types::ChatActionRequest as W;
                match self { #(#to_wire)* }
            }
        }

        impl ::std::convert::TryFrom<::postpress_api::types::ChatActionRequest> for ChatAction {
            type Error = crate::Error;

            /// Converts the generated wire type, validating its strings.
            fn try_from(wire: ::postpress_api::types::ChatActionRequest) -> crate::Result<Self> {
                use ::postpress_api::types::ChatActionRequest as W;
                Ok(match wire { #(#from_wire)* })
            }
        }

        /// Accepts exactly the documented shapes: `action` plus a `value` of
        /// the action's type, no `value` at all for actions without one (not
        /// even `null`), and no other field. String values are validated.
        impl<'de> ::serde::Deserialize<'de> for ChatAction {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                use ::serde::de::Error as _;
                let (action, value) = crate::action::raw_parts(deserializer)?;
                let name = action.as_str();
                Ok(match name {
                    #(#de_arms)*
                    other => return Err(D::Error::custom(crate::action::unknown_action(other))),
                })
            }
        }

        impl ::std::fmt::Display for ChatAction {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                match self { #(#display_arms)* }
            }
        }

        #(#newtypes)*
    };
    let handles = quote! {
        use crate::ChatAction;

        /// One method per action, named after it, and the spec's helpers.
        impl crate::Chat {
            #(#chat_methods)*
        }

        #(#provider_handles)*
    };
    // The same methods and provider handles for the blocking client, from
    // the same table: `crate::blocking` includes and re-exports them.
    let blocking = quote! {
        use crate::ChatAction;

        /// One method per action, named after it, and the spec's helpers.
        impl crate::blocking::Chat {
            #(#blocking_methods)*
        }

        #(#blocking_handles)*
    };
    Ok(Generated {
        actions,
        handles,
        blocking,
    })
}

/// The three generated files of the facade, as tokens.
struct Generated {
    actions: TokenStream,
    handles: TokenStream,
    blocking: TokenStream,
}

/// Which client a generated method belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Flavor {
    /// `async fn`, on `crate::Chat` and the provider handles.
    Async,
    /// Plain `fn` returning a `Result`, on `crate::blocking::Chat` and the
    /// blocking provider handles (the `blocking` feature).
    Blocking,
}

impl Flavor {
    fn chat(self) -> TokenStream {
        match self {
            Flavor::Async => quote!(crate::Chat),
            Flavor::Blocking => quote!(crate::blocking::Chat),
        }
    }

    fn client(self) -> TokenStream {
        match self {
            Flavor::Async => quote!(crate::Client),
            Flavor::Blocking => quote!(crate::blocking::Client),
        }
    }

    /// Doctest scaffolding: the function a call sits in, and what follows a call.
    fn doctest(self) -> (&'static str, &'static str) {
        match self {
            Flavor::Async => (
                "# async fn run(client: postpress::Client) -> postpress::Result<()> {",
                ".await?",
            ),
            Flavor::Blocking => (
                "# fn run(client: postpress::blocking::Client) -> postpress::Result<()> {",
                "?",
            ),
        }
    }
}

/// `{"action":"name","value":...}` exactly as serde_json writes it.
fn wire_bytes(name: &str, value: Option<serde_json::Value>) -> String {
    let mut map = serde_json::Map::new();
    map.insert("action".into(), serde_json::Value::String(name.into()));
    if let Some(v) = value {
        map.insert("value".into(), v);
    }
    serde_json::Value::Object(map).to_string()
}

fn value_type(a: &Action) -> TokenStream {
    let name = format_ident!("{}", a.value_type.as_deref().unwrap_or("Text"));
    quote!(crate::#name)
}

/// The description without its "(WhatsApp only)" prefix, on one line.
fn summary(a: &Action) -> String {
    let text = a.description.trim();
    let text = match text.strip_prefix('(').and_then(|t| t.split_once(')')) {
        Some((_, rest)) => rest.trim(),
        None => text,
    };
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn provider_list(a: &Action, providers: &[Provider]) -> String {
    a.providers
        .iter()
        .filter_map(|k| providers.iter().find(|p| &p.key == k))
        .map(|p| p.name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

fn variant(a: &Action) -> TokenStream {
    let ident = format_ident!("{}", a.variant());
    let name = &a.name;
    let value_doc = a
        .value_description
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let doc = format!(
        "`{name}`: {}{}{}",
        summary(a),
        if value_doc.is_empty() { "" } else { " Value: " },
        value_doc
    );
    let field = match a.value {
        ValueKind::Boolean => quote!((bool)),
        ValueKind::String => {
            let ty = value_type(a);
            quote!((#ty))
        }
        ValueKind::None => quote!(),
    };
    quote! {
        #[doc = #doc]
        #[serde(rename = #name)]
        #ident #field,
    }
}

/// The parameter of a method taking the action's value.
fn parameter(a: &Action) -> (TokenStream, TokenStream) {
    match a.value {
        ValueKind::Boolean => (quote!(value: bool), quote!(value)),
        ValueKind::String => {
            let ty = value_type(a);
            let p = param_ident(a);
            (quote!(#p: impl AsRef<str>), quote!(#ty::new(#p.as_ref())?))
        }
        ValueKind::None => (quote!(), quote!()),
    }
}

/// The parameter name of a method taking the action's value: the value
/// type's name in snake case (`provider_id`, `label`), `value` otherwise.
fn param_ident(a: &Action) -> proc_macro2::Ident {
    match (a.value, a.value_type.as_deref()) {
        (ValueKind::String, Some(t)) => format_ident!("{}", spec::snake(t)),
        _ => format_ident!("value"),
    }
}

fn output(a: &Action) -> TokenStream {
    match a.returns {
        Some(_) => quote!(crate::Result<crate::Url>),
        None => quote!(crate::Result<()>),
    }
}

/// The action's method and its helpers. With `delegate`, each calls the same
/// method on that field (a provider handle); otherwise it performs the action.
fn methods(
    a: &Action,
    providers: &[Provider],
    delegate: Option<&TokenStream>,
    flavor: Flavor,
) -> TokenStream {
    let method = format_ident!("{}", a.method());
    let variant = format_ident!("{}", a.variant());
    let name = &a.name;
    let provs = provider_list(a, providers);
    let (param, arg) = parameter(a);
    let out = output(a);
    let returns = match &a.returns {
        Some(r) => format!(" Returns the `{r}` of the answer."),
        None => String::new(),
    };
    let value_doc = a
        .value_description
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let value_doc = if value_doc.is_empty() {
        String::new()
    } else {
        format!(" `value`: {value_doc}")
    };
    let doc = format!("Performs `{name}` ({provs}): {}{value_doc}{returns}", summary(a));
    let value_ident = match a.value {
        ValueKind::None => quote!(),
        _ => {
            let p = param_ident(a);
            quote!(#p)
        }
    };
    let action = match a.value {
        ValueKind::None => quote!(ChatAction::#variant),
        _ => quote!(ChatAction::#variant(#arg)),
    };
    // The async client's methods return an `ActionCall` (awaited as it
    // is, or after per-call options); a refused value is reported when it
    // is awaited. The blocking client's return the result.
    let (sig_lt, self_ref, ret) = match flavor {
        Flavor::Async => (
            quote!(<'a>),
            quote!(&'a self),
            quote!(crate::ActionCall<impl crate::Perform<Output = #out, Future: crate::MaybeSend> + 'a>),
        ),
        Flavor::Blocking => (quote!(), quote!(&self), out.clone()),
    };
    let run = match &a.returns {
        Some(_) => quote!(run_returning),
        None => quote!(run),
    };
    let body = match (delegate, flavor) {
        (Some(field), _) => quote!(self.#field.#method(#value_ident)),
        (None, Flavor::Blocking) => quote!(self.#run(#action)),
        (None, Flavor::Async) => {
            let checked = match a.value {
                ValueKind::None => quote!(Ok(ChatAction::#variant)),
                ValueKind::Boolean => quote!(Ok(ChatAction::#variant(value))),
                ValueKind::String => {
                    let ty = value_type(a);
                    let p = param_ident(a);
                    quote!(#ty::new(#p.as_ref()).map(ChatAction::#variant))
                }
            };
            quote! {
                let action = #checked;
                crate::ActionCall::new(move |options| self.#run(action, options))
            }
        }
    };
    let mut out_tokens = quote! {
        #[doc = #doc]
        pub fn #method #sig_lt(#self_ref, #param) -> #ret {
            #body
        }
    };
    for h in &a.helpers {
        let Some(rust) = &h.rust else { continue };
        let helper = format_ident!("{}", rust);
        let text = h.doc.as_deref().unwrap_or_default().trim();
        match h.value {
            Some(b) => {
                let doc = format!("{text} (`{name}: {b}`; {provs}).");
                out_tokens.extend(quote! {
                    #[doc = #doc]
                    pub fn #helper #sig_lt(#self_ref) -> #ret {
                        self.#method(#b)
                    }
                });
            }
            None => {
                let doc = format!(
                    "{text} (`{name}`; {provs}). The same as [`{}`](Self::{}).",
                    a.method(),
                    a.method()
                );
                out_tokens.extend(quote! {
                    #[doc = #doc]
                    pub fn #helper #sig_lt(#self_ref, #param) -> #ret {
                        self.#method(#value_ident)
                    }
                });
            }
        }
    }
    out_tokens
}

/// A call of an action's method in a doctest: `set_read_status(true)`.
fn call(a: &Action) -> String {
    match a.value {
        ValueKind::Boolean => format!("{}(true)", a.method()),
        ValueKind::String => format!("{}(\"x\")", a.method()),
        ValueKind::None => format!("{}()", a.method()),
    }
}

fn handle(p: &Provider, actions: &[Action], providers: &[Provider], flavor: Flavor) -> TokenStream {
    let (run_fn, then) = flavor.doctest();
    let chat_ty = flavor.chat();
    let client_ty = flavor.client();
    let ty = format_ident!("{}Chat", p.name);
    let ctor = format_ident!("{}_chat", p.key);
    let variant = format_ident!("{}", p.name);
    let supported: Vec<&Action> = actions.iter().filter(|a| a.providers.contains(&p.key)).collect();
    let unsupported: Vec<&Action> = actions.iter().filter(|a| !a.providers.contains(&p.key)).collect();
    let list = supported
        .iter()
        .map(|a| format!("`{}`", a.name))
        .collect::<Vec<_>>()
        .join(", ");
    let ctor_name = ctor.to_string();
    let mut doc = format!(
        "A {name} chat: `client.{ctor_name}(id)`. It has a method for each action {name} supports \
         ({list}) and for their helpers, and no other: calling an action {name} does not support \
         is a compile error, not a 501 at run time. Built from the spec's `x-providers`.",
        name = p.name,
    );
    if flavor == Flavor::Blocking {
        doc.push_str(" Its methods block until the answer arrives.");
    }
    if let Some(a) = supported.first() {
        doc.push_str(&format!(
            "\n\n```no_run\n{run_fn}\nclient.{ctor_name}(\"chat-id\").{}{then};\n# Ok(()) }}\n```",
            call(a)
        ));
    }
    if let Some(a) = unsupported.first() {
        doc.push_str(&format!(
            "\n\n`{}` is not supported on {}, so this does not compile:\n\n\
             ```compile_fail,E0599\n{run_fn}\nclient.{ctor_name}(\"chat-id\").{}{then};\n# Ok(()) }}\n```",
            a.name,
            p.name,
            call(a)
        ));
        if let Some(h) = a.helpers.iter().find(|h| h.rust.is_some() && h.value.is_some()) {
            doc.push_str(&format!(
                "\n\nNor does its helper:\n\n```compile_fail,E0599\n{run_fn}\n\
                 client.{ctor_name}(\"chat-id\").{}(){then};\n# Ok(()) }}\n```",
                h.rust.as_deref().unwrap_or_default()
            ));
        }
    }
    let ctor_doc = format!(
        "A handle on a {} chat, with only the actions {} supports. \
         [`chat`](Self::chat) has every action.",
        p.name, p.name
    );
    let field = quote!(chat);
    let methods: Vec<TokenStream> = supported
        .iter()
        .map(|a| methods(a, providers, Some(&field), flavor))
        .collect();
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone)]
        pub struct #ty {
            chat: #chat_ty,
        }

        impl #ty {
            /// The provider of this handle.
            pub const PROVIDER: ::postpress_api::Provider = ::postpress_api::Provider::#variant;

            /// The chat id.
            pub fn id(&self) -> &str {
                self.chat.id()
            }

            /// The untyped handle on the same chat, with every action.
            pub fn as_chat(&self) -> &#chat_ty {
                &self.chat
            }

            /// Turns this into the untyped handle on the same chat.
            pub fn into_chat(self) -> #chat_ty {
                self.chat
            }

            #(#methods)*
        }

        impl #client_ty {
            #[doc = #ctor_doc]
            pub fn #ctor(&self, chat_id: impl Into<String>) -> #ty {
                #ty { chat: self.chat(chat_id) }
            }
        }
    }
}
