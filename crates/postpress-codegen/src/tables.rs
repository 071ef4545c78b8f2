//! The tables `postpress-api` carries beside the progenitor output: error
//! kinds, error categories, providers, actions, wire facts and JSON Schemas.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::spec::{Model, ValueKind};
use crate::{Result, pascal};

pub(crate) fn tokens(model: &Model) -> Result<TokenStream> {
    let Model {
        error_types: errors,
        providers,
        actions,
        categories,
        wire,
        ..
    } = model;

    // ErrorKind.
    let variants: Vec<_> = errors.iter().map(|e| format_ident!("{}", e.variant())).collect();
    let wires: Vec<_> = errors.iter().map(|e| e.type_name.as_str()).collect();
    let statuses: Vec<_> = errors.iter().map(|e| e.status).collect();
    let descs: Vec<_> = errors.iter().map(|e| e.description.as_str()).collect();
    let variant_docs: Vec<_> = errors
        .iter()
        .map(|e| format!("`{}` ({}): {}", e.type_name, e.status, e.description))
        .collect();

    // ErrorCategory.
    let c_idents: Vec<_> = categories
        .iter()
        .map(|c| format_ident!("{}", pascal(&c.key)))
        .collect();
    let c_docs: Vec<_> = categories
        .iter()
        .map(|c| c.description.trim().to_string())
        .collect();
    let c_statuses: Vec<TokenStream> = categories
        .iter()
        .map(|c| {
            let s = &c.statuses;
            quote!(&[#(#s),*])
        })
        .collect();
    let c_retryable: Vec<_> = categories.iter().map(|c| c.retryable).collect();
    let c_unprocessed: Vec<_> = categories.iter().map(|c| c.unprocessed).collect();
    let status_arms: Vec<TokenStream> = categories
        .iter()
        .zip(&c_idents)
        .filter(|(c, _)| !c.statuses.is_empty())
        .map(|(c, id)| {
            let s = &c.statuses;
            quote!(#(#s)|* => Self::#id,)
        })
        .collect();
    let fallback = categories
        .iter()
        .zip(&c_idents)
        .find(|(c, _)| c.statuses.is_empty())
        .map(|(_, id)| id.clone())
        .ok_or_else(|| crate::invalid("no fallback error category"))?;

    // Provider.
    let p_idents: Vec<_> = providers.iter().map(|p| format_ident!("{}", p.name)).collect();
    let p_keys: Vec<_> = providers.iter().map(|p| p.key.as_str()).collect();
    let p_names: Vec<_> = providers.iter().map(|p| p.name.as_str()).collect();
    let p_docs: Vec<_> = providers
        .iter()
        .map(|p| format!("{} (`{}` in the spec).", p.name, p.key))
        .collect();

    // Actions.
    let a_entries: Vec<TokenStream> = actions
        .iter()
        .map(|a| {
            let name = &a.name;
            let value = match a.value {
                ValueKind::Boolean => quote!(crate::ValueType::Boolean),
                ValueKind::String => quote!(crate::ValueType::String),
                ValueKind::None => quote!(crate::ValueType::None),
            };
            let provs: Vec<_> = a
                .providers
                .iter()
                .filter_map(|k| providers.iter().find(|p| &p.key == k))
                .map(|p| {
                    let id = format_ident!("{}", p.name);
                    quote!(Provider::#id)
                })
                .collect();
            let idempotent = a.idempotent;
            let group_only = a.group_only;
            let returns = match &a.returns {
                Some(r) => quote!(Some(#r)),
                None => quote!(None),
            };
            let desc = a.description.trim();
            quote! {
                crate::ActionInfo {
                    name: #name,
                    value: #value,
                    providers: &[#(#provs),*],
                    idempotent: #idempotent,
                    group_only: #group_only,
                    returns: #returns,
                    description: #desc,
                }
            }
        })
        .collect();
    // typify names each variant of the adjacently tagged request enum after
    // its `action` value with the first letter capitalised.
    let a_names: Vec<&str> = actions.iter().map(|a| a.name.as_str()).collect();
    let a_variants: Vec<_> = actions.iter().map(|a| format_ident!("{}", a.variant())).collect();
    let a_arms: Vec<TokenStream> = actions
        .iter()
        .zip(&a_variants)
        .map(|(a, v)| match a.value {
            ValueKind::None => quote!(types::ChatActionRequest::#v),
            _ => quote!(types::ChatActionRequest::#v(_)),
        })
        .collect();

    let path_template = &wire.path_template;
    let path_prefix = &wire.path_prefix;
    let method_name = &wire.method;
    let method = format_ident!("{}", wire.method);
    let header = &wire.api_key_header;
    let success = &wire.success_body;
    let success_doc = format!("The exact success body of an action that returns nothing: `{success}`.");
    let header_doc = format!(
        "The header that carries the API key (`{header}`, from the spec's `securitySchemes`), lower case."
    );

    Ok(quote! {
        /// The path of the chat-action operation, as the spec declares it.
        pub const PATH_TEMPLATE: &str = #path_template;
        /// The path up to the chat id: a request goes to this prefix plus one
        /// percent-encoded segment.
        pub const PATH_PREFIX: &str = #path_prefix;
        /// The HTTP method of the chat-action operation, such as `PATCH`.
        pub const METHOD_NAME: &str = #method_name;
        /// The HTTP method of the chat-action operation.
        pub const METHOD: reqwest::Method = reqwest::Method::#method;
        #[doc = #header_doc]
        pub const API_KEY_HEADER: &str = #header;
        #[doc = #success_doc]
        pub const SUCCESS_BODY: &str = #success;

        /// A documented error type (`type` in the error envelope), or `Unknown`
        /// with the raw string for any type the spec does not list.
        ///
        /// Generated from the `x-error-types` lists of `openapi/postpress.yaml`.
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum ErrorKind {
            #(
                #[doc = #variant_docs]
                #variants,
            )*
            /// A type the spec does not document; holds the raw `type` string.
            Unknown(String),
        }

        /// Every documented error type, in spec order: `(kind, wire type, status, description)`.
        pub const DOCUMENTED_ERROR_TYPES: &[(ErrorKind, &str, u16, &str)] = &[
            #( (ErrorKind::#variants, #wires, #statuses, #descs), )*
        ];

        impl ErrorKind {
            /// Maps a wire `type` to its kind; undocumented strings become `Unknown`.
            pub fn from_type(type_name: &str) -> Self {
                match type_name {
                    #( #wires => ErrorKind::#variants, )*
                    other => ErrorKind::Unknown(other.to_string()),
                }
            }

            /// The wire `type` string.
            pub fn as_str(&self) -> &str {
                match self {
                    #( ErrorKind::#variants => #wires, )*
                    ErrorKind::Unknown(raw) => raw.as_str(),
                }
            }

            /// The HTTP status the spec documents this type under; `None` for `Unknown`.
            pub fn documented_status(&self) -> Option<u16> {
                match self {
                    #( ErrorKind::#variants => Some(#statuses), )*
                    ErrorKind::Unknown(_) => None,
                }
            }

            /// The spec's description of this type; `None` for `Unknown`.
            pub fn description(&self) -> Option<&'static str> {
                match self {
                    #( ErrorKind::#variants => Some(#descs), )*
                    ErrorKind::Unknown(_) => None,
                }
            }
        }

        /// What kind of failure an error is, for deciding what to do about it.
        ///
        /// Generated from `components.x-error-categories` of `openapi/postpress.yaml`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum ErrorCategory {
            #(
                #[doc = #c_docs]
                #c_idents,
            )*
        }

        impl ErrorCategory {
            /// Every category the spec declares.
            pub const ALL: &[ErrorCategory] = &[#(ErrorCategory::#c_idents),*];

            /// The category of an HTTP status.
            pub fn from_status(status: u16) -> Self {
                match status {
                    #(#status_arms)*
                    _ => Self::#fallback,
                }
            }

            /// The statuses the spec puts in this category (none for the fallback).
            pub fn statuses(self) -> &'static [u16] {
                match self { #( Self::#c_idents => #c_statuses, )* }
            }

            /// Whether trying again later may succeed.
            pub fn is_retryable(self) -> bool {
                match self { #( Self::#c_idents => #c_retryable, )* }
            }

            /// Whether an answer in this category proves the request was not
            /// processed (so resending even a non-idempotent action is safe).
            pub fn proves_unprocessed(self) -> bool {
                match self { #( Self::#c_idents => #c_unprocessed, )* }
            }
        }

        /// A messaging provider a chat belongs to.
        ///
        /// Generated from `components.x-providers` of `openapi/postpress.yaml`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum Provider {
            #(
                #[doc = #p_docs]
                #p_idents,
            )*
        }

        impl Provider {
            /// Every provider the spec declares.
            pub const ALL: &[Provider] = &[#(Provider::#p_idents),*];

            /// The key the spec uses, such as `whatsapp`.
            pub fn key(self) -> &'static str {
                match self { #( Provider::#p_idents => #p_keys, )* }
            }

            /// The display name, such as `WhatsApp`.
            pub fn name(self) -> &'static str {
                match self { #( Provider::#p_idents => #p_names, )* }
            }

            /// Looks a provider up by its spec key (ASCII case-insensitive).
            pub fn from_key(key: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|p| p.key().eq_ignore_ascii_case(key))
            }
        }

        /// Every action of `ChatActionRequest`, in spec order, with what the
        /// spec says about it.
        pub const ACTIONS: &[crate::ActionInfo] = &[#(#a_entries),*];

        impl types::ChatActionRequest {
            /// The wire name of the action, such as `setReadStatus`.
            pub fn name(&self) -> &'static str {
                match self { #( #a_arms => #a_names, )* }
            }
        }
    })
}
