// @generated from openapi/postpress.yaml by postpress-codegen: do not edit.
// Change the spec or crates/postpress-codegen, then run `cargo xtask codegen`.
// spec-sha256: 9e1be07c8283c95828b7012e57d057ad1c9ab1f415019c8bb15b9651fd0e1524
// body-sha256: 1827302da33903e95b96a74ffac7b49bd953bae7b2bf76f078c60e755af34173

#[allow(unused_imports)]
pub use progenitor_client::{ByteStream, ClientInfo, Error, ResponseValue};
#[allow(unused_imports)]
use progenitor_client::{encode_path, ClientHooks, OperationInfo, RequestBuilderExt};
/// Types used as operation parameters and responses.
#[allow(clippy::all)]
pub mod types {
    /**The action to perform on the chat. Exactly one of the variants below,
chosen by `action`: the four status toggles take a boolean `value`,
`addParticipant`, `removeParticipant` and `setLabel` take a string
`value`, and `getInviteLink` takes no `value` at all.
*/
    #[cfg_attr(feature = "schemars", derive(::schemars::JsonSchema))]
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
    #[serde(tag = "action", content = "value")]
    pub enum ChatActionRequest {
        ///(WhatsApp & LinkedIn only) Set the read status of the chat.
        #[serde(rename = "setReadStatus")]
        SetReadStatus(bool),
        ///(WhatsApp & LinkedIn only) Set the mute status of the chat.
        #[serde(rename = "setMuteStatus")]
        SetMuteStatus(bool),
        ///(WhatsApp only) Set the archive status of the chat.
        #[serde(rename = "setArchiveStatus")]
        SetArchiveStatus(bool),
        ///(WhatsApp only) Set the pinned status of the chat.
        #[serde(rename = "setPinnedStatus")]
        SetPinnedStatus(bool),
        /**(WhatsApp & Telegram only) Add a participant to the group chat. Make sure
that the account owner has the Add other members permission in the group
to perform this action. postpress may respond successfully without
actually adding the member if this limitation is not respected. Provide
the provider ID (334455667788@s.whatsapp.net for WhatsApp, Telegram user
ID/username/phone for Telegram) of the user as value.
*/
        #[serde(rename = "addParticipant")]
        AddParticipant(::std::string::String),
        /**(WhatsApp & Telegram only) Remove a participant from the group chat.
Provide the provider ID (334455667788@s.whatsapp.net for WhatsApp,
Telegram user ID/username/phone for Telegram) of the user as value.
*/
        #[serde(rename = "removeParticipant")]
        RemoveParticipant(::std::string::String),
        /**(WhatsApp only) Add a label to the chat. If the label does not exist,
it will be created and then assigned.
*/
        #[serde(rename = "setLabel")]
        SetLabel(::std::string::String),
        /**`getInviteLink`: (WhatsApp & Telegram only) Generate or retrieve the full group invite
link. The account owner must have the required invite permissions in
the group. No `value` field.*/
        #[serde(rename = "getInviteLink")]
        GetInviteLink,
    }
    ///The action was performed.
    #[cfg_attr(feature = "schemars", derive(::schemars::JsonSchema))]
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
    pub struct ChatPatched {
        ///Returned only for the `getInviteLink` action.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub invite_link: ::std::option::Option<::std::string::String>,
        ///Always `ChatPatched`.
        pub object: ChatPatchedObject,
    }
    impl ChatPatched {
        ///A builder for `ChatPatched`.
        pub fn builder() -> builder::ChatPatched {
            Default::default()
        }
    }
    ///Always `ChatPatched`.
    #[cfg_attr(feature = "schemars", derive(::schemars::JsonSchema))]
    #[derive(
        ::serde::Deserialize,
        ::serde::Serialize,
        Clone,
        Copy,
        Debug,
        Eq,
        Hash,
        Ord,
        PartialEq,
        PartialOrd
    )]
    pub enum ChatPatchedObject {
        ///The `ChatPatched` value.
        ChatPatched,
    }
    impl ::std::fmt::Display for ChatPatchedObject {
        fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
            match *self {
                Self::ChatPatched => f.write_str("ChatPatched"),
            }
        }
    }
    impl ::std::str::FromStr for ChatPatchedObject {
        type Err = self::error::ConversionError;
        fn from_str(
            value: &str,
        ) -> ::std::result::Result<Self, self::error::ConversionError> {
            match value {
                "ChatPatched" => Ok(Self::ChatPatched),
                _ => Err("invalid value".into()),
            }
        }
    }
    impl ::std::convert::TryFrom<&str> for ChatPatchedObject {
        type Error = self::error::ConversionError;
        fn try_from(
            value: &str,
        ) -> ::std::result::Result<Self, self::error::ConversionError> {
            value.parse()
        }
    }
    impl ::std::convert::TryFrom<::std::string::String> for ChatPatchedObject {
        type Error = self::error::ConversionError;
        fn try_from(
            value: ::std::string::String,
        ) -> ::std::result::Result<Self, self::error::ConversionError> {
            value.parse()
        }
    }
    ///The envelope every error response follows.
    #[cfg_attr(feature = "schemars", derive(::schemars::JsonSchema))]
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
    pub struct ErrorEnvelope {
        ///Human-readable explanation.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub detail: ::std::option::Option<::std::string::String>,
        ///Request identifier for support.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub instance: ::std::option::Option<::std::string::String>,
        ///HTTP status code (a JSON number; always an integer).
        pub status: i64,
        ///Short error title.
        pub title: ::std::string::String,
        ///Error type identifier, such as `errors/invalid_credentials`. The documented types are listed per status under `x-error-types`; clients must accept others.
        #[serde(rename = "type")]
        pub type_: ::std::string::String,
    }
    impl ErrorEnvelope {
        ///A builder for `ErrorEnvelope`.
        pub fn builder() -> builder::ErrorEnvelope {
            Default::default()
        }
    }
    ///`PerformChatActionChatId`
    #[cfg_attr(feature = "schemars", derive(::schemars::JsonSchema))]
    #[derive(::serde::Serialize, Clone, Debug, Eq, Hash, Ord, PartialEq, PartialOrd)]
    #[serde(transparent)]
    pub struct PerformChatActionChatId(::std::string::String);
    impl ::std::ops::Deref for PerformChatActionChatId {
        type Target = ::std::string::String;
        fn deref(&self) -> &::std::string::String {
            &self.0
        }
    }
    impl ::std::convert::From<PerformChatActionChatId> for ::std::string::String {
        fn from(value: PerformChatActionChatId) -> Self {
            value.0
        }
    }
    impl ::std::str::FromStr for PerformChatActionChatId {
        type Err = self::error::ConversionError;
        fn from_str(
            value: &str,
        ) -> ::std::result::Result<Self, self::error::ConversionError> {
            if value.chars().count() < 1usize {
                return Err("shorter than 1 characters".into());
            }
            Ok(Self(value.to_string()))
        }
    }
    impl ::std::convert::TryFrom<&str> for PerformChatActionChatId {
        type Error = self::error::ConversionError;
        fn try_from(
            value: &str,
        ) -> ::std::result::Result<Self, self::error::ConversionError> {
            value.parse()
        }
    }
    impl ::std::convert::TryFrom<::std::string::String> for PerformChatActionChatId {
        type Error = self::error::ConversionError;
        fn try_from(
            value: ::std::string::String,
        ) -> ::std::result::Result<Self, self::error::ConversionError> {
            value.parse()
        }
    }
    impl<'de> ::serde::Deserialize<'de> for PerformChatActionChatId {
        fn deserialize<D>(deserializer: D) -> ::std::result::Result<Self, D::Error>
        where
            D: ::serde::Deserializer<'de>,
        {
            ::std::string::String::deserialize(deserializer)?
                .parse()
                .map_err(|e: self::error::ConversionError| {
                    <D::Error as ::serde::de::Error>::custom(e.to_string())
                })
        }
    }
    /// Types for composing complex structures.
    pub mod builder {
        ///A builder for [`super::ChatPatched`].
        #[derive(Clone, Debug)]
        pub struct ChatPatched {
            invite_link: ::std::result::Result<
                ::std::option::Option<::std::string::String>,
                ::std::string::String,
            >,
            object: ::std::result::Result<
                super::ChatPatchedObject,
                ::std::string::String,
            >,
        }
        impl ::std::default::Default for ChatPatched {
            fn default() -> Self {
                Self {
                    invite_link: Ok(Default::default()),
                    object: Err("no value supplied for object".to_string()),
                }
            }
        }
        impl ChatPatched {
            ///Sets `invite_link`.
            pub fn invite_link<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<::std::option::Option<::std::string::String>>,
                T::Error: ::std::fmt::Display,
            {
                self.invite_link = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for invite_link: {e}")
                    });
                self
            }
            ///Sets `object`.
            pub fn object<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<super::ChatPatchedObject>,
                T::Error: ::std::fmt::Display,
            {
                self.object = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for object: {e}")
                    });
                self
            }
        }
        impl ::std::convert::TryFrom<ChatPatched> for super::ChatPatched {
            type Error = super::error::ConversionError;
            fn try_from(
                value: ChatPatched,
            ) -> ::std::result::Result<Self, super::error::ConversionError> {
                Ok(Self {
                    invite_link: value.invite_link?,
                    object: value.object?,
                })
            }
        }
        impl ::std::convert::From<super::ChatPatched> for ChatPatched {
            fn from(value: super::ChatPatched) -> Self {
                Self {
                    invite_link: Ok(value.invite_link),
                    object: Ok(value.object),
                }
            }
        }
        ///A builder for [`super::ErrorEnvelope`].
        #[derive(Clone, Debug)]
        pub struct ErrorEnvelope {
            detail: ::std::result::Result<
                ::std::option::Option<::std::string::String>,
                ::std::string::String,
            >,
            instance: ::std::result::Result<
                ::std::option::Option<::std::string::String>,
                ::std::string::String,
            >,
            status: ::std::result::Result<i64, ::std::string::String>,
            title: ::std::result::Result<::std::string::String, ::std::string::String>,
            type_: ::std::result::Result<::std::string::String, ::std::string::String>,
        }
        impl ::std::default::Default for ErrorEnvelope {
            fn default() -> Self {
                Self {
                    detail: Ok(Default::default()),
                    instance: Ok(Default::default()),
                    status: Err("no value supplied for status".to_string()),
                    title: Err("no value supplied for title".to_string()),
                    type_: Err("no value supplied for type_".to_string()),
                }
            }
        }
        impl ErrorEnvelope {
            ///Sets `detail`.
            pub fn detail<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<::std::option::Option<::std::string::String>>,
                T::Error: ::std::fmt::Display,
            {
                self.detail = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for detail: {e}")
                    });
                self
            }
            ///Sets `instance`.
            pub fn instance<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<::std::option::Option<::std::string::String>>,
                T::Error: ::std::fmt::Display,
            {
                self.instance = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for instance: {e}")
                    });
                self
            }
            ///Sets `status`.
            pub fn status<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<i64>,
                T::Error: ::std::fmt::Display,
            {
                self.status = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for status: {e}")
                    });
                self
            }
            ///Sets `title`.
            pub fn title<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<::std::string::String>,
                T::Error: ::std::fmt::Display,
            {
                self.title = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for title: {e}")
                    });
                self
            }
            ///Sets `type`.
            pub fn type_<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<::std::string::String>,
                T::Error: ::std::fmt::Display,
            {
                self.type_ = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for type_: {e}")
                    });
                self
            }
        }
        impl ::std::convert::TryFrom<ErrorEnvelope> for super::ErrorEnvelope {
            type Error = super::error::ConversionError;
            fn try_from(
                value: ErrorEnvelope,
            ) -> ::std::result::Result<Self, super::error::ConversionError> {
                Ok(Self {
                    detail: value.detail?,
                    instance: value.instance?,
                    status: value.status?,
                    title: value.title?,
                    type_: value.type_?,
                })
            }
        }
        impl ::std::convert::From<super::ErrorEnvelope> for ErrorEnvelope {
            fn from(value: super::ErrorEnvelope) -> Self {
                Self {
                    detail: Ok(value.detail),
                    instance: Ok(value.instance),
                    status: Ok(value.status),
                    title: Ok(value.title),
                    type_: Ok(value.type_),
                }
            }
        }
    }
    /// Error types.
    pub mod error {
        /// Error from a `TryFrom` or `FromStr` implementation.
        pub struct ConversionError(::std::borrow::Cow<'static, str>);
        impl ::std::error::Error for ConversionError {}
        impl ::std::fmt::Display for ConversionError {
            fn fmt(
                &self,
                f: &mut ::std::fmt::Formatter<'_>,
            ) -> Result<(), ::std::fmt::Error> {
                ::std::fmt::Display::fmt(&self.0, f)
            }
        }
        impl ::std::fmt::Debug for ConversionError {
            fn fmt(
                &self,
                f: &mut ::std::fmt::Formatter<'_>,
            ) -> Result<(), ::std::fmt::Error> {
                ::std::fmt::Debug::fmt(&self.0, f)
            }
        }
        impl From<&'static str> for ConversionError {
            fn from(value: &'static str) -> Self {
                Self(value.into())
            }
        }
        impl From<String> for ConversionError {
            fn from(value: String) -> Self {
                Self(value.into())
            }
        }
    }
}
#[derive(Clone, Debug)]
/**Client for postpress chat actions

The postpress messaging API's chat-action endpoint: one `PATCH` that marks a
chat read or unread, mutes, archives or pins it, adds or removes group
participants, labels it, or returns its group invite link.

This file is hand-written from the reference documentation and is the single
source of truth for postpress-rs: the Rust wire types, the low-level client,
the list of error types and the local mock server's validation all derive
from it. Edit it, then run `cargo xtask codegen`.


Version: 1.0.0*/
pub struct Client {
    pub(crate) baseurl: String,
    pub(crate) client: reqwest::Client,
    pub(crate) inner: crate::Credentials,
}
impl Client {
    /// Create a new client.
    ///
    /// `baseurl` is the base URL provided to the internal
    /// `reqwest::Client`, and should include a scheme and hostname,
    /// as well as port and a path stem if applicable.
    pub fn new(baseurl: &str, inner: crate::Credentials) -> Self {
        #[cfg(not(target_arch = "wasm32"))]
        let client = {
            let dur = ::std::time::Duration::from_secs(15u64);
            reqwest::ClientBuilder::new().connect_timeout(dur).timeout(dur)
        };
        #[cfg(target_arch = "wasm32")]
        let client = reqwest::ClientBuilder::new();
        Self::new_with_client(baseurl, client.build().unwrap(), inner)
    }
    /// Construct a new client with an existing `reqwest::Client`,
    /// allowing more control over its configuration.
    ///
    /// `baseurl` is the base URL provided to the internal
    /// `reqwest::Client`, and should include a scheme and hostname,
    /// as well as port and a path stem if applicable.
    pub fn new_with_client(
        baseurl: &str,
        client: reqwest::Client,
        inner: crate::Credentials,
    ) -> Self {
        Self {
            baseurl: baseurl.to_string(),
            client,
            inner,
        }
    }
}
impl ClientInfo<crate::Credentials> for Client {
    fn api_version() -> &'static str {
        "1.0.0"
    }
    fn baseurl(&self) -> &str {
        self.baseurl.as_str()
    }
    fn client(&self) -> &reqwest::Client {
        &self.client
    }
    fn inner(&self) -> &crate::Credentials {
        &self.inner
    }
}
impl ClientHooks<crate::Credentials> for &Client {}
impl Client {
    /**Perform an action on a given chat

Perform a mutating action on a chat: change its read or mute status,
archive or pin it, add or remove participants from a group, label it,
or retrieve its group invite link. Which providers support which action
is listed on each request variant under `x-providers`.


Sends a `PATCH` request to `/api/v1/chats/{chat_id}`

Arguments:
- `chat_id`: The id of the chat to act on. Sent as one percent-encoded path segment.
- `body`
```ignore
let response = client.perform_chat_action()
    .chat_id(chat_id)
    .body(body)
    .send()
    .await;
```*/
    pub fn perform_chat_action(&self) -> builder::PerformChatAction<'_> {
        builder::PerformChatAction::new(self)
    }
}
/// Types for composing operation parameters.
#[allow(clippy::all)]
pub mod builder {
    use super::types;
    #[allow(unused_imports)]
    use super::{
        encode_path, ByteStream, ClientInfo, ClientHooks, Error, OperationInfo,
        RequestBuilderExt, ResponseValue,
    };
    /**Builder for [`Client::perform_chat_action`]

[`Client::perform_chat_action`]: super::Client::perform_chat_action*/
    #[derive(Debug, Clone)]
    pub struct PerformChatAction<'a> {
        client: &'a super::Client,
        chat_id: Result<types::PerformChatActionChatId, String>,
        body: Result<types::ChatActionRequest, String>,
    }
    impl<'a> PerformChatAction<'a> {
        ///A new `PerformChatAction<'a>`.
        pub fn new(client: &'a super::Client) -> Self {
            Self {
                client: client,
                chat_id: Err("chat_id was not initialized".to_string()),
                body: Err("body was not initialized".to_string()),
            }
        }
        ///Sets `chat_id`.
        pub fn chat_id<V>(mut self, value: V) -> Self
        where
            V: std::convert::TryInto<types::PerformChatActionChatId>,
        {
            self.chat_id = value
                .try_into()
                .map_err(|_| {
                    "conversion to `PerformChatActionChatId` for chat_id failed"
                        .to_string()
                });
            self
        }
        ///Sets `body`.
        pub fn body<V>(mut self, value: V) -> Self
        where
            V: std::convert::TryInto<types::ChatActionRequest>,
        {
            self.body = value
                .try_into()
                .map_err(|_| {
                    "conversion to `ChatActionRequest` for body failed".to_string()
                });
            self
        }
        ///Sends a `PATCH` request to `/api/v1/chats/{chat_id}`
        pub async fn send(
            self,
        ) -> Result<ResponseValue<types::ChatPatched>, Error<types::ErrorEnvelope>> {
            let Self { client, chat_id, body } = self;
            let chat_id = chat_id.map_err(Error::InvalidRequest)?;
            let body = body.map_err(Error::InvalidRequest)?;
            let url = format!(
                "{}/api/v1/chats/{}", client.baseurl, encode_path(& chat_id.to_string()),
            );
            let mut header_map = ::reqwest::header::HeaderMap::with_capacity(1usize);
            header_map
                .append(
                    ::reqwest::header::HeaderName::from_static("api-version"),
                    ::reqwest::header::HeaderValue::from_static(
                        super::Client::api_version(),
                    ),
                );
            #[allow(unused_mut)]
            let mut request = client
                .client
                .patch(url)
                .header(
                    ::reqwest::header::ACCEPT,
                    ::reqwest::header::HeaderValue::from_static("application/json"),
                )
                .json(&body)
                .headers(header_map)
                .build()?;
            let info = OperationInfo {
                operation_id: "perform_chat_action",
            };
            client.pre(&mut request, &info).await?;
            let result = client.exec(request, &info).await;
            client.post(&result, &info).await?;
            let response = result?;
            match response.status().as_u16() {
                200u16 => ResponseValue::from_response(response).await,
                401u16 => {
                    Err(
                        Error::ErrorResponse(
                            ResponseValue::from_response(response).await?,
                        ),
                    )
                }
                403u16 => {
                    Err(
                        Error::ErrorResponse(
                            ResponseValue::from_response(response).await?,
                        ),
                    )
                }
                404u16 => {
                    Err(
                        Error::ErrorResponse(
                            ResponseValue::from_response(response).await?,
                        ),
                    )
                }
                500u16 => {
                    Err(
                        Error::ErrorResponse(
                            ResponseValue::from_response(response).await?,
                        ),
                    )
                }
                501u16 => {
                    Err(
                        Error::ErrorResponse(
                            ResponseValue::from_response(response).await?,
                        ),
                    )
                }
                503u16 => {
                    Err(
                        Error::ErrorResponse(
                            ResponseValue::from_response(response).await?,
                        ),
                    )
                }
                504u16 => {
                    Err(
                        Error::ErrorResponse(
                            ResponseValue::from_response(response).await?,
                        ),
                    )
                }
                _ => Err(Error::UnexpectedResponse(response)),
            }
        }
    }
}
/// Items consumers will typically use such as the Client.
pub mod prelude {
    pub use self::super::Client;
}
/// The path of the chat-action operation, as the spec declares it.
pub const PATH_TEMPLATE: &str = "/api/v1/chats/{chat_id}";
/// The path up to the chat id: a request goes to this prefix plus one
/// percent-encoded segment.
pub const PATH_PREFIX: &str = "/api/v1/chats/";
/// The HTTP method of the chat-action operation, such as `PATCH`.
pub const METHOD_NAME: &str = "PATCH";
/// The HTTP method of the chat-action operation.
pub const METHOD: reqwest::Method = reqwest::Method::PATCH;
///The header that carries the API key (`x-api-key`, from the spec's `securitySchemes`), lower case.
pub const API_KEY_HEADER: &str = "x-api-key";
///The exact success body of an action that returns nothing: `{"object":"ChatPatched"}`.
pub const SUCCESS_BODY: &str = "{\"object\":\"ChatPatched\"}";
/// A documented error type (`type` in the error envelope), or `Unknown`
/// with the raw string for any type the spec does not list.
///
/// Generated from the `x-error-types` lists of `openapi/postpress.yaml`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    ///`errors/missing_credentials` (401): Some credentials are necessary to perform the request.
    MissingCredentials,
    ///`errors/multiple_sessions` (401): LinkedIn limits multiple sessions on certain Recruiter accounts. Use the cookie connection method.
    MultipleSessions,
    ///`errors/invalid_checkpoint_solution` (401): The checkpoint resolution did not pass successfully. Retry.
    InvalidCheckpointSolution,
    ///`errors/invalid_proxy_credentials` (401): The provided proxy credentials are invalid.
    InvalidProxyCredentials,
    ///`errors/checkpoint_error` (401): The checkpoint does not appear to be resolvable.
    CheckpointError,
    ///`errors/invalid_credentials` (401): The provided credentials are invalid.
    InvalidCredentials,
    ///`errors/expired_credentials` (401): Credentials have expired. Reconnect the account.
    ExpiredCredentials,
    ///`errors/insufficient_privileges` (401): This resource is out of your API-key scopes.
    InsufficientPrivileges,
    ///`errors/disconnected_account` (401): The account is disconnected from the provider service.
    DisconnectedAccount,
    ///`errors/disconnected_feature` (401): The service you're trying to reach is disconnected.
    DisconnectedFeature,
    ///`errors/invalid_credentials_but_valid_account_imap` (401): IMAP/SMTP credentials are invalid but the account is otherwise valid.
    InvalidCredentialsButValidAccountImap,
    ///`errors/expired_link` (401): This link has expired. Generate a new one.
    ExpiredLink,
    ///`errors/wrong_account` (401): The provided credentials do not match the correct account.
    WrongAccount,
    ///`errors/account_restricted` (403): The account has been restricted by the provider.
    AccountRestricted,
    ///`errors/account_mismatch` (403): This action cannot be done with your account.
    AccountMismatch,
    ///`errors/insufficient_permissions` (403): Valid authentication but insufficient permissions to perform the request.
    InsufficientPermissions,
    ///`errors/session_mismatch` (403): Token user id does not match client session id.
    SessionMismatch,
    ///`errors/feature_not_subscribed` (403): The requested feature has not been subscribed or authenticated properly.
    FeatureNotSubscribed,
    ///`errors/subscription_required` (403): A subscription is required to use this feature.
    SubscriptionRequired,
    ///`errors/unknown_authentication_context` (403): An additional step seems necessary to complete login.
    UnknownAuthenticationContext,
    ///`errors/action_required` (403): An additional step is required.
    ActionRequired,
    ///`errors/resource_access_restricted` (403): You don't have access to this resource.
    ResourceAccessRestricted,
    ///`errors/resource_not_found` (404): The requested resource was not found.
    ResourceNotFound,
    ///`errors/invalid_resource_identifier` (404): The provided identifier is not a valid chat id.
    InvalidResourceIdentifier,
    ///`errors/unexpected_error` (500): Something went wrong.
    UnexpectedError,
    ///`errors/provider_error` (500): The provider is experiencing operational problems. Retry later.
    ProviderError,
    ///`errors/authentication_intent_error` (500): The current authentication intent was killed after failure.
    AuthenticationIntentError,
    ///`errors/feature_not_implemented` (501): Requested feature is planned but has not been implemented yet.
    FeatureNotImplemented,
    ///`errors/no_client_session` (503): No client session is currently running.
    NoClientSession,
    ///`errors/no_channel` (503): No channel to client session.
    NoChannel,
    ///`errors/no_handler` (503): Handler missing for that request.
    NoHandler,
    ///`errors/network_down` (503): Network is down on the server side. Retry shortly.
    NetworkDown,
    ///`errors/service_unavailable` (503): Service temporarily unavailable. Retry later.
    ServiceUnavailable,
    ///`errors/request_timeout` (504): Request timed out. Retry, and contact support if it persists.
    RequestTimeout,
    /// A type the spec does not document; holds the raw `type` string.
    Unknown(String),
}
/// Every documented error type, in spec order: `(kind, wire type, status, description)`.
pub const DOCUMENTED_ERROR_TYPES: &[(ErrorKind, &str, u16, &str)] = &[
    (
        ErrorKind::MissingCredentials,
        "errors/missing_credentials",
        401u16,
        "Some credentials are necessary to perform the request.",
    ),
    (
        ErrorKind::MultipleSessions,
        "errors/multiple_sessions",
        401u16,
        "LinkedIn limits multiple sessions on certain Recruiter accounts. Use the cookie connection method.",
    ),
    (
        ErrorKind::InvalidCheckpointSolution,
        "errors/invalid_checkpoint_solution",
        401u16,
        "The checkpoint resolution did not pass successfully. Retry.",
    ),
    (
        ErrorKind::InvalidProxyCredentials,
        "errors/invalid_proxy_credentials",
        401u16,
        "The provided proxy credentials are invalid.",
    ),
    (
        ErrorKind::CheckpointError,
        "errors/checkpoint_error",
        401u16,
        "The checkpoint does not appear to be resolvable.",
    ),
    (
        ErrorKind::InvalidCredentials,
        "errors/invalid_credentials",
        401u16,
        "The provided credentials are invalid.",
    ),
    (
        ErrorKind::ExpiredCredentials,
        "errors/expired_credentials",
        401u16,
        "Credentials have expired. Reconnect the account.",
    ),
    (
        ErrorKind::InsufficientPrivileges,
        "errors/insufficient_privileges",
        401u16,
        "This resource is out of your API-key scopes.",
    ),
    (
        ErrorKind::DisconnectedAccount,
        "errors/disconnected_account",
        401u16,
        "The account is disconnected from the provider service.",
    ),
    (
        ErrorKind::DisconnectedFeature,
        "errors/disconnected_feature",
        401u16,
        "The service you're trying to reach is disconnected.",
    ),
    (
        ErrorKind::InvalidCredentialsButValidAccountImap,
        "errors/invalid_credentials_but_valid_account_imap",
        401u16,
        "IMAP/SMTP credentials are invalid but the account is otherwise valid.",
    ),
    (
        ErrorKind::ExpiredLink,
        "errors/expired_link",
        401u16,
        "This link has expired. Generate a new one.",
    ),
    (
        ErrorKind::WrongAccount,
        "errors/wrong_account",
        401u16,
        "The provided credentials do not match the correct account.",
    ),
    (
        ErrorKind::AccountRestricted,
        "errors/account_restricted",
        403u16,
        "The account has been restricted by the provider.",
    ),
    (
        ErrorKind::AccountMismatch,
        "errors/account_mismatch",
        403u16,
        "This action cannot be done with your account.",
    ),
    (
        ErrorKind::InsufficientPermissions,
        "errors/insufficient_permissions",
        403u16,
        "Valid authentication but insufficient permissions to perform the request.",
    ),
    (
        ErrorKind::SessionMismatch,
        "errors/session_mismatch",
        403u16,
        "Token user id does not match client session id.",
    ),
    (
        ErrorKind::FeatureNotSubscribed,
        "errors/feature_not_subscribed",
        403u16,
        "The requested feature has not been subscribed or authenticated properly.",
    ),
    (
        ErrorKind::SubscriptionRequired,
        "errors/subscription_required",
        403u16,
        "A subscription is required to use this feature.",
    ),
    (
        ErrorKind::UnknownAuthenticationContext,
        "errors/unknown_authentication_context",
        403u16,
        "An additional step seems necessary to complete login.",
    ),
    (
        ErrorKind::ActionRequired,
        "errors/action_required",
        403u16,
        "An additional step is required.",
    ),
    (
        ErrorKind::ResourceAccessRestricted,
        "errors/resource_access_restricted",
        403u16,
        "You don't have access to this resource.",
    ),
    (
        ErrorKind::ResourceNotFound,
        "errors/resource_not_found",
        404u16,
        "The requested resource was not found.",
    ),
    (
        ErrorKind::InvalidResourceIdentifier,
        "errors/invalid_resource_identifier",
        404u16,
        "The provided identifier is not a valid chat id.",
    ),
    (
        ErrorKind::UnexpectedError,
        "errors/unexpected_error",
        500u16,
        "Something went wrong.",
    ),
    (
        ErrorKind::ProviderError,
        "errors/provider_error",
        500u16,
        "The provider is experiencing operational problems. Retry later.",
    ),
    (
        ErrorKind::AuthenticationIntentError,
        "errors/authentication_intent_error",
        500u16,
        "The current authentication intent was killed after failure.",
    ),
    (
        ErrorKind::FeatureNotImplemented,
        "errors/feature_not_implemented",
        501u16,
        "Requested feature is planned but has not been implemented yet.",
    ),
    (
        ErrorKind::NoClientSession,
        "errors/no_client_session",
        503u16,
        "No client session is currently running.",
    ),
    (ErrorKind::NoChannel, "errors/no_channel", 503u16, "No channel to client session."),
    (
        ErrorKind::NoHandler,
        "errors/no_handler",
        503u16,
        "Handler missing for that request.",
    ),
    (
        ErrorKind::NetworkDown,
        "errors/network_down",
        503u16,
        "Network is down on the server side. Retry shortly.",
    ),
    (
        ErrorKind::ServiceUnavailable,
        "errors/service_unavailable",
        503u16,
        "Service temporarily unavailable. Retry later.",
    ),
    (
        ErrorKind::RequestTimeout,
        "errors/request_timeout",
        504u16,
        "Request timed out. Retry, and contact support if it persists.",
    ),
];
impl ErrorKind {
    /// Maps a wire `type` to its kind; undocumented strings become `Unknown`.
    pub fn from_type(type_name: &str) -> Self {
        match type_name {
            "errors/missing_credentials" => ErrorKind::MissingCredentials,
            "errors/multiple_sessions" => ErrorKind::MultipleSessions,
            "errors/invalid_checkpoint_solution" => ErrorKind::InvalidCheckpointSolution,
            "errors/invalid_proxy_credentials" => ErrorKind::InvalidProxyCredentials,
            "errors/checkpoint_error" => ErrorKind::CheckpointError,
            "errors/invalid_credentials" => ErrorKind::InvalidCredentials,
            "errors/expired_credentials" => ErrorKind::ExpiredCredentials,
            "errors/insufficient_privileges" => ErrorKind::InsufficientPrivileges,
            "errors/disconnected_account" => ErrorKind::DisconnectedAccount,
            "errors/disconnected_feature" => ErrorKind::DisconnectedFeature,
            "errors/invalid_credentials_but_valid_account_imap" => {
                ErrorKind::InvalidCredentialsButValidAccountImap
            }
            "errors/expired_link" => ErrorKind::ExpiredLink,
            "errors/wrong_account" => ErrorKind::WrongAccount,
            "errors/account_restricted" => ErrorKind::AccountRestricted,
            "errors/account_mismatch" => ErrorKind::AccountMismatch,
            "errors/insufficient_permissions" => ErrorKind::InsufficientPermissions,
            "errors/session_mismatch" => ErrorKind::SessionMismatch,
            "errors/feature_not_subscribed" => ErrorKind::FeatureNotSubscribed,
            "errors/subscription_required" => ErrorKind::SubscriptionRequired,
            "errors/unknown_authentication_context" => {
                ErrorKind::UnknownAuthenticationContext
            }
            "errors/action_required" => ErrorKind::ActionRequired,
            "errors/resource_access_restricted" => ErrorKind::ResourceAccessRestricted,
            "errors/resource_not_found" => ErrorKind::ResourceNotFound,
            "errors/invalid_resource_identifier" => ErrorKind::InvalidResourceIdentifier,
            "errors/unexpected_error" => ErrorKind::UnexpectedError,
            "errors/provider_error" => ErrorKind::ProviderError,
            "errors/authentication_intent_error" => ErrorKind::AuthenticationIntentError,
            "errors/feature_not_implemented" => ErrorKind::FeatureNotImplemented,
            "errors/no_client_session" => ErrorKind::NoClientSession,
            "errors/no_channel" => ErrorKind::NoChannel,
            "errors/no_handler" => ErrorKind::NoHandler,
            "errors/network_down" => ErrorKind::NetworkDown,
            "errors/service_unavailable" => ErrorKind::ServiceUnavailable,
            "errors/request_timeout" => ErrorKind::RequestTimeout,
            other => ErrorKind::Unknown(other.to_string()),
        }
    }
    /// The wire `type` string.
    pub fn as_str(&self) -> &str {
        match self {
            ErrorKind::MissingCredentials => "errors/missing_credentials",
            ErrorKind::MultipleSessions => "errors/multiple_sessions",
            ErrorKind::InvalidCheckpointSolution => "errors/invalid_checkpoint_solution",
            ErrorKind::InvalidProxyCredentials => "errors/invalid_proxy_credentials",
            ErrorKind::CheckpointError => "errors/checkpoint_error",
            ErrorKind::InvalidCredentials => "errors/invalid_credentials",
            ErrorKind::ExpiredCredentials => "errors/expired_credentials",
            ErrorKind::InsufficientPrivileges => "errors/insufficient_privileges",
            ErrorKind::DisconnectedAccount => "errors/disconnected_account",
            ErrorKind::DisconnectedFeature => "errors/disconnected_feature",
            ErrorKind::InvalidCredentialsButValidAccountImap => {
                "errors/invalid_credentials_but_valid_account_imap"
            }
            ErrorKind::ExpiredLink => "errors/expired_link",
            ErrorKind::WrongAccount => "errors/wrong_account",
            ErrorKind::AccountRestricted => "errors/account_restricted",
            ErrorKind::AccountMismatch => "errors/account_mismatch",
            ErrorKind::InsufficientPermissions => "errors/insufficient_permissions",
            ErrorKind::SessionMismatch => "errors/session_mismatch",
            ErrorKind::FeatureNotSubscribed => "errors/feature_not_subscribed",
            ErrorKind::SubscriptionRequired => "errors/subscription_required",
            ErrorKind::UnknownAuthenticationContext => {
                "errors/unknown_authentication_context"
            }
            ErrorKind::ActionRequired => "errors/action_required",
            ErrorKind::ResourceAccessRestricted => "errors/resource_access_restricted",
            ErrorKind::ResourceNotFound => "errors/resource_not_found",
            ErrorKind::InvalidResourceIdentifier => "errors/invalid_resource_identifier",
            ErrorKind::UnexpectedError => "errors/unexpected_error",
            ErrorKind::ProviderError => "errors/provider_error",
            ErrorKind::AuthenticationIntentError => "errors/authentication_intent_error",
            ErrorKind::FeatureNotImplemented => "errors/feature_not_implemented",
            ErrorKind::NoClientSession => "errors/no_client_session",
            ErrorKind::NoChannel => "errors/no_channel",
            ErrorKind::NoHandler => "errors/no_handler",
            ErrorKind::NetworkDown => "errors/network_down",
            ErrorKind::ServiceUnavailable => "errors/service_unavailable",
            ErrorKind::RequestTimeout => "errors/request_timeout",
            ErrorKind::Unknown(raw) => raw.as_str(),
        }
    }
    /// The HTTP status the spec documents this type under; `None` for `Unknown`.
    pub fn documented_status(&self) -> Option<u16> {
        match self {
            ErrorKind::MissingCredentials => Some(401u16),
            ErrorKind::MultipleSessions => Some(401u16),
            ErrorKind::InvalidCheckpointSolution => Some(401u16),
            ErrorKind::InvalidProxyCredentials => Some(401u16),
            ErrorKind::CheckpointError => Some(401u16),
            ErrorKind::InvalidCredentials => Some(401u16),
            ErrorKind::ExpiredCredentials => Some(401u16),
            ErrorKind::InsufficientPrivileges => Some(401u16),
            ErrorKind::DisconnectedAccount => Some(401u16),
            ErrorKind::DisconnectedFeature => Some(401u16),
            ErrorKind::InvalidCredentialsButValidAccountImap => Some(401u16),
            ErrorKind::ExpiredLink => Some(401u16),
            ErrorKind::WrongAccount => Some(401u16),
            ErrorKind::AccountRestricted => Some(403u16),
            ErrorKind::AccountMismatch => Some(403u16),
            ErrorKind::InsufficientPermissions => Some(403u16),
            ErrorKind::SessionMismatch => Some(403u16),
            ErrorKind::FeatureNotSubscribed => Some(403u16),
            ErrorKind::SubscriptionRequired => Some(403u16),
            ErrorKind::UnknownAuthenticationContext => Some(403u16),
            ErrorKind::ActionRequired => Some(403u16),
            ErrorKind::ResourceAccessRestricted => Some(403u16),
            ErrorKind::ResourceNotFound => Some(404u16),
            ErrorKind::InvalidResourceIdentifier => Some(404u16),
            ErrorKind::UnexpectedError => Some(500u16),
            ErrorKind::ProviderError => Some(500u16),
            ErrorKind::AuthenticationIntentError => Some(500u16),
            ErrorKind::FeatureNotImplemented => Some(501u16),
            ErrorKind::NoClientSession => Some(503u16),
            ErrorKind::NoChannel => Some(503u16),
            ErrorKind::NoHandler => Some(503u16),
            ErrorKind::NetworkDown => Some(503u16),
            ErrorKind::ServiceUnavailable => Some(503u16),
            ErrorKind::RequestTimeout => Some(504u16),
            ErrorKind::Unknown(_) => None,
        }
    }
    /// The spec's description of this type; `None` for `Unknown`.
    pub fn description(&self) -> Option<&'static str> {
        match self {
            ErrorKind::MissingCredentials => {
                Some("Some credentials are necessary to perform the request.")
            }
            ErrorKind::MultipleSessions => {
                Some(
                    "LinkedIn limits multiple sessions on certain Recruiter accounts. Use the cookie connection method.",
                )
            }
            ErrorKind::InvalidCheckpointSolution => {
                Some("The checkpoint resolution did not pass successfully. Retry.")
            }
            ErrorKind::InvalidProxyCredentials => {
                Some("The provided proxy credentials are invalid.")
            }
            ErrorKind::CheckpointError => {
                Some("The checkpoint does not appear to be resolvable.")
            }
            ErrorKind::InvalidCredentials => {
                Some("The provided credentials are invalid.")
            }
            ErrorKind::ExpiredCredentials => {
                Some("Credentials have expired. Reconnect the account.")
            }
            ErrorKind::InsufficientPrivileges => {
                Some("This resource is out of your API-key scopes.")
            }
            ErrorKind::DisconnectedAccount => {
                Some("The account is disconnected from the provider service.")
            }
            ErrorKind::DisconnectedFeature => {
                Some("The service you're trying to reach is disconnected.")
            }
            ErrorKind::InvalidCredentialsButValidAccountImap => {
                Some(
                    "IMAP/SMTP credentials are invalid but the account is otherwise valid.",
                )
            }
            ErrorKind::ExpiredLink => Some("This link has expired. Generate a new one."),
            ErrorKind::WrongAccount => {
                Some("The provided credentials do not match the correct account.")
            }
            ErrorKind::AccountRestricted => {
                Some("The account has been restricted by the provider.")
            }
            ErrorKind::AccountMismatch => {
                Some("This action cannot be done with your account.")
            }
            ErrorKind::InsufficientPermissions => {
                Some(
                    "Valid authentication but insufficient permissions to perform the request.",
                )
            }
            ErrorKind::SessionMismatch => {
                Some("Token user id does not match client session id.")
            }
            ErrorKind::FeatureNotSubscribed => {
                Some(
                    "The requested feature has not been subscribed or authenticated properly.",
                )
            }
            ErrorKind::SubscriptionRequired => {
                Some("A subscription is required to use this feature.")
            }
            ErrorKind::UnknownAuthenticationContext => {
                Some("An additional step seems necessary to complete login.")
            }
            ErrorKind::ActionRequired => Some("An additional step is required."),
            ErrorKind::ResourceAccessRestricted => {
                Some("You don't have access to this resource.")
            }
            ErrorKind::ResourceNotFound => Some("The requested resource was not found."),
            ErrorKind::InvalidResourceIdentifier => {
                Some("The provided identifier is not a valid chat id.")
            }
            ErrorKind::UnexpectedError => Some("Something went wrong."),
            ErrorKind::ProviderError => {
                Some("The provider is experiencing operational problems. Retry later.")
            }
            ErrorKind::AuthenticationIntentError => {
                Some("The current authentication intent was killed after failure.")
            }
            ErrorKind::FeatureNotImplemented => {
                Some("Requested feature is planned but has not been implemented yet.")
            }
            ErrorKind::NoClientSession => Some("No client session is currently running."),
            ErrorKind::NoChannel => Some("No channel to client session."),
            ErrorKind::NoHandler => Some("Handler missing for that request."),
            ErrorKind::NetworkDown => {
                Some("Network is down on the server side. Retry shortly.")
            }
            ErrorKind::ServiceUnavailable => {
                Some("Service temporarily unavailable. Retry later.")
            }
            ErrorKind::RequestTimeout => {
                Some("Request timed out. Retry, and contact support if it persists.")
            }
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
    ///401, re-authenticate or reconnect the account.
    Authentication,
    ///400 or 422, the request itself is wrong.
    InvalidRequest,
    ///404, the chat does not exist or the id is malformed.
    NotFound,
    ///Anything else.
    Other,
    ///403, the account may not do this.
    Permission,
    ///429, slow down and retry later (the request was not processed).
    RateLimited,
    ///500, a server or upstream provider failure.
    Server,
    ///504, the upstream provider did not answer in time.
    Timeout,
    ///503 (and 502), temporarily unavailable, retry later.
    Unavailable,
    ///501, the action is not supported for this chat's provider.
    Unsupported,
}
impl ErrorCategory {
    /// Every category the spec declares.
    pub const ALL: &[ErrorCategory] = &[
        ErrorCategory::Authentication,
        ErrorCategory::InvalidRequest,
        ErrorCategory::NotFound,
        ErrorCategory::Other,
        ErrorCategory::Permission,
        ErrorCategory::RateLimited,
        ErrorCategory::Server,
        ErrorCategory::Timeout,
        ErrorCategory::Unavailable,
        ErrorCategory::Unsupported,
    ];
    /// The category of an HTTP status.
    pub fn from_status(status: u16) -> Self {
        match status {
            401u16 => Self::Authentication,
            400u16 | 422u16 => Self::InvalidRequest,
            404u16 => Self::NotFound,
            403u16 => Self::Permission,
            429u16 => Self::RateLimited,
            500u16 => Self::Server,
            504u16 => Self::Timeout,
            502u16 | 503u16 => Self::Unavailable,
            501u16 => Self::Unsupported,
            _ => Self::Other,
        }
    }
    /// The statuses the spec puts in this category (none for the fallback).
    pub fn statuses(self) -> &'static [u16] {
        match self {
            Self::Authentication => &[401u16],
            Self::InvalidRequest => &[400u16, 422u16],
            Self::NotFound => &[404u16],
            Self::Other => &[],
            Self::Permission => &[403u16],
            Self::RateLimited => &[429u16],
            Self::Server => &[500u16],
            Self::Timeout => &[504u16],
            Self::Unavailable => &[502u16, 503u16],
            Self::Unsupported => &[501u16],
        }
    }
    /// Whether trying again later may succeed.
    pub fn is_retryable(self) -> bool {
        match self {
            Self::Authentication => false,
            Self::InvalidRequest => false,
            Self::NotFound => false,
            Self::Other => false,
            Self::Permission => false,
            Self::RateLimited => true,
            Self::Server => false,
            Self::Timeout => true,
            Self::Unavailable => true,
            Self::Unsupported => false,
        }
    }
    /// Whether an answer in this category proves the request was not
    /// processed (so resending even a non-idempotent action is safe).
    pub fn proves_unprocessed(self) -> bool {
        match self {
            Self::Authentication => false,
            Self::InvalidRequest => false,
            Self::NotFound => false,
            Self::Other => false,
            Self::Permission => false,
            Self::RateLimited => true,
            Self::Server => false,
            Self::Timeout => false,
            Self::Unavailable => false,
            Self::Unsupported => false,
        }
    }
}
/// A messaging provider a chat belongs to.
///
/// Generated from `components.x-providers` of `openapi/postpress.yaml`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Provider {
    ///LinkedIn (`linkedin` in the spec).
    LinkedIn,
    ///Telegram (`telegram` in the spec).
    Telegram,
    ///WhatsApp (`whatsapp` in the spec).
    WhatsApp,
}
impl Provider {
    /// Every provider the spec declares.
    pub const ALL: &[Provider] = &[
        Provider::LinkedIn,
        Provider::Telegram,
        Provider::WhatsApp,
    ];
    /// The key the spec uses, such as `whatsapp`.
    pub fn key(self) -> &'static str {
        match self {
            Provider::LinkedIn => "linkedin",
            Provider::Telegram => "telegram",
            Provider::WhatsApp => "whatsapp",
        }
    }
    /// The display name, such as `WhatsApp`.
    pub fn name(self) -> &'static str {
        match self {
            Provider::LinkedIn => "LinkedIn",
            Provider::Telegram => "Telegram",
            Provider::WhatsApp => "WhatsApp",
        }
    }
    /// Looks a provider up by its spec key (ASCII case-insensitive).
    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|p| p.key().eq_ignore_ascii_case(key))
    }
}
/// Every action of `ChatActionRequest`, in spec order, with what the
/// spec says about it.
pub const ACTIONS: &[crate::ActionInfo] = &[
    crate::ActionInfo {
        name: "setReadStatus",
        value: crate::ValueType::Boolean,
        providers: &[Provider::WhatsApp, Provider::LinkedIn],
        idempotent: true,
        group_only: false,
        returns: None,
        description: "(WhatsApp & LinkedIn only) Set the read status of the chat.",
    },
    crate::ActionInfo {
        name: "setMuteStatus",
        value: crate::ValueType::Boolean,
        providers: &[Provider::WhatsApp, Provider::LinkedIn],
        idempotent: true,
        group_only: false,
        returns: None,
        description: "(WhatsApp & LinkedIn only) Set the mute status of the chat.",
    },
    crate::ActionInfo {
        name: "setArchiveStatus",
        value: crate::ValueType::Boolean,
        providers: &[Provider::WhatsApp],
        idempotent: true,
        group_only: false,
        returns: None,
        description: "(WhatsApp only) Set the archive status of the chat.",
    },
    crate::ActionInfo {
        name: "setPinnedStatus",
        value: crate::ValueType::Boolean,
        providers: &[Provider::WhatsApp],
        idempotent: true,
        group_only: false,
        returns: None,
        description: "(WhatsApp only) Set the pinned status of the chat.",
    },
    crate::ActionInfo {
        name: "addParticipant",
        value: crate::ValueType::String,
        providers: &[Provider::WhatsApp, Provider::Telegram],
        idempotent: false,
        group_only: true,
        returns: None,
        description: "(WhatsApp & Telegram only) Add a participant to the group chat. Make sure\nthat the account owner has the Add other members permission in the group\nto perform this action. postpress may respond successfully without\nactually adding the member if this limitation is not respected. Provide\nthe provider ID (334455667788@s.whatsapp.net for WhatsApp, Telegram user\nID/username/phone for Telegram) of the user as value.",
    },
    crate::ActionInfo {
        name: "removeParticipant",
        value: crate::ValueType::String,
        providers: &[Provider::WhatsApp, Provider::Telegram],
        idempotent: false,
        group_only: true,
        returns: None,
        description: "(WhatsApp & Telegram only) Remove a participant from the group chat.\nProvide the provider ID (334455667788@s.whatsapp.net for WhatsApp,\nTelegram user ID/username/phone for Telegram) of the user as value.",
    },
    crate::ActionInfo {
        name: "setLabel",
        value: crate::ValueType::String,
        providers: &[Provider::WhatsApp],
        idempotent: true,
        group_only: false,
        returns: None,
        description: "(WhatsApp only) Add a label to the chat. If the label does not exist,\nit will be created and then assigned.",
    },
    crate::ActionInfo {
        name: "getInviteLink",
        value: crate::ValueType::None,
        providers: &[Provider::WhatsApp, Provider::Telegram],
        idempotent: true,
        group_only: true,
        returns: Some("invite_link"),
        description: "(WhatsApp & Telegram only) Generate or retrieve the full group invite\nlink. The account owner must have the required invite permissions in\nthe group. No `value` field.",
    },
];
impl types::ChatActionRequest {
    /// The wire name of the action, such as `setReadStatus`.
    pub fn name(&self) -> &'static str {
        match self {
            types::ChatActionRequest::SetReadStatus(_) => "setReadStatus",
            types::ChatActionRequest::SetMuteStatus(_) => "setMuteStatus",
            types::ChatActionRequest::SetArchiveStatus(_) => "setArchiveStatus",
            types::ChatActionRequest::SetPinnedStatus(_) => "setPinnedStatus",
            types::ChatActionRequest::AddParticipant(_) => "addParticipant",
            types::ChatActionRequest::RemoveParticipant(_) => "removeParticipant",
            types::ChatActionRequest::SetLabel(_) => "setLabel",
            types::ChatActionRequest::GetInviteLink => "getInviteLink",
        }
    }
}
