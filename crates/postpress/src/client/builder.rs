//! [`ClientBuilder`]: every setting of a [`Client`], checked once.

use std::fmt;
use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::HeaderValue;
use url::Url;

use crate::call::config::Inner;
use crate::call::policy::RetryPolicy;
use crate::client::Client;
use crate::client::{DEFAULT_BASE_URL, DEFAULT_CONNECT_TIMEOUT, DEFAULT_TIMEOUT, ENV_API_KEY, ENV_BASE_URL};
use crate::error::{ConfigError, Error, Result};
use crate::pace::{Pace, Pacer, RateLimiter};

const DEFAULT_USER_AGENT: &str = concat!("postpress-rs/", env!("CARGO_PKG_VERSION"));

/// Configures a [`Client`]. Every setting is checked by [`build`](Self::build).
#[derive(Clone)]
pub struct ClientBuilder {
    api_key: Option<String>,
    base_url: String,
    timeout: Duration,
    connect_timeout: Duration,
    retry: RetryPolicy,
    user_agent: Option<String>,
    http_client: Option<reqwest::Client>,
    #[cfg(feature = "middleware")]
    middleware: Option<reqwest_middleware::ClientWithMiddleware>,
    allow_insecure_http: bool,
    rate_limit: Option<u32>,
    pacer: Option<Arc<dyn Pace>>,
}

impl Default for ClientBuilder {
    fn default() -> Self {
        Self {
            api_key: None,
            base_url: DEFAULT_BASE_URL.to_string(),
            timeout: DEFAULT_TIMEOUT,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            retry: RetryPolicy::none(),
            user_agent: None,
            http_client: None,
            #[cfg(feature = "middleware")]
            middleware: None,
            allow_insecure_http: false,
            rate_limit: None,
            pacer: None,
        }
    }
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("api_key", &self.api_key.as_ref().map(|_| "***"))
            .field("base_url", &self.base_url)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("retry", &self.retry)
            .field("user_agent", &self.user_agent)
            .field("http_client", &self.http_client.is_some())
            .field("allow_insecure_http", &self.allow_insecure_http)
            .field("rate_limit", &self.rate_limit)
            .field("pacer", &self.pacer)
            .finish()
    }
}

impl Client {
    /// A builder with the defaults: production base URL, 30 s timeout per
    /// attempt, 10 s connect timeout, no retries.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// A client configured from `POSTPRESS_API_KEY` and, if set,
    /// `POSTPRESS_BASE_URL`.
    pub fn from_env() -> Result<Self> {
        ClientBuilder::from_env()?.build()
    }
}

impl ClientBuilder {
    /// A builder with the key from `POSTPRESS_API_KEY` and, if set, the base
    /// URL from `POSTPRESS_BASE_URL`.
    pub fn from_env() -> Result<Self> {
        let key = match std::env::var(ENV_API_KEY) {
            Ok(k) => k,
            Err(std::env::VarError::NotPresent) => return Err(ConfigError::MissingEnv(ENV_API_KEY).into()),
            Err(std::env::VarError::NotUnicode(_)) => {
                return Err(ConfigError::InvalidEnv {
                    var: ENV_API_KEY,
                    reason: "not valid UTF-8".into(),
                }
                .into());
            }
        };
        let mut builder = Self::default().api_key(key);
        match std::env::var(ENV_BASE_URL) {
            Ok(url) if !url.trim().is_empty() => builder = builder.base_url(url.trim()),
            Ok(_) | Err(std::env::VarError::NotPresent) => {}
            Err(std::env::VarError::NotUnicode(_)) => {
                return Err(ConfigError::InvalidEnv {
                    var: ENV_BASE_URL,
                    reason: "not valid UTF-8".into(),
                }
                .into());
            }
        }
        Ok(builder)
    }

    /// The API key, sent in the header the spec names (`X-API-KEY`; marked
    /// sensitive; never printed).
    pub fn api_key(mut self, key: impl Into<String>) -> Self {
        self.api_key = Some(key.into());
        self
    }

    /// Where the API lives (default `https://api.postpress.io`). May carry a
    /// path prefix (`https://proxy.example/postpress`); requests go to
    /// `{base_url}` followed by the spec's path (`/api/v1/chats/{chat_id}`).
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = url.into();
        self
    }

    /// The time limit of one attempt, from connecting to the last byte of
    /// the answer (default 30 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The time limit for establishing a connection (default 10 s). Ignored
    /// with [`http_client`](Self::http_client).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// The retry policy (default: none).
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// The `User-Agent` header (default `postpress-rs/<version>`).
    pub fn user_agent(mut self, agent: impl Into<String>) -> Self {
        self.user_agent = Some(agent.into());
        self
    }

    /// Uses your own reqwest client (proxies, TLS roots, pools). The key is
    /// still added per request. Configure it not to follow redirects to other
    /// hosts (`reqwest::redirect::Policy::none()`): reqwest's default policy
    /// would forward the API key header. The client this crate builds
    /// itself follows only same-origin 307/308 redirects.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http_client = Some(client);
        self
    }

    /// Sends every attempt through your own
    /// [reqwest-middleware](crate::reqwest_middleware) stack (feature
    /// `middleware`; the crate is re-exported as
    /// `postpress::reqwest_middleware`, so your version matches).
    ///
    /// Who owns what:
    /// * This client's per-attempt timeout, retries, 429 pause, rate limit
    ///   and `postpress.perform` span sit *around* your stack: each attempt,
    ///   retries included, goes through every layer of it once. Do not add
    ///   `reqwest-retry` as well, or the two retry policies multiply.
    /// * The redirect policy is that of the `reqwest::Client` inside your
    ///   stack: set `reqwest::redirect::Policy::none()` there, or a
    ///   redirect to another host carries the API key.
    /// * Your middleware sees the request as sent, the `X-API-KEY` header
    ///   included. The header is marked sensitive, so its `Debug` output
    ///   shows `Sensitive`, never the key; do not log its value.
    /// * A failure of a middleware comes back as [`Error::Transport`]
    ///   with [`TransportError::is_middleware`]; it is not retried.
    /// * [`Client::api`] (the generated client) does not go through the
    ///   stack: it uses a client built as without this call.
    ///
    /// [`Error::Transport`]: crate::Error::Transport
    /// [`TransportError::is_middleware`]: crate::TransportError::is_middleware
    ///
    /// ```
    /// use postpress::reqwest_middleware::ClientBuilder as Stack;
    /// let inner = reqwest::Client::builder()
    ///     .redirect(reqwest::redirect::Policy::none())
    ///     .build()?;
    /// let client = postpress::Client::builder()
    ///     .api_key("k")
    ///     .http_client_with_middleware(Stack::new(inner).build())
    ///     .build()?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[cfg(feature = "middleware")]
    pub fn http_client_with_middleware(mut self, stack: reqwest_middleware::ClientWithMiddleware) -> Self {
        self.middleware = Some(stack);
        self
    }

    /// Allows plain `http` to hosts other than loopback (default `false`:
    /// the key would cross the network unencrypted). Loopback
    /// (`127.0.0.0/8`, `::1`, `localhost`) is always allowed.
    pub fn allow_insecure_http(mut self, allow: bool) -> Self {
        self.allow_insecure_http = allow;
        self
    }

    /// Spaces requests evenly at `per_second` requests per second (for
    /// every call of this client and its clones, retries included), so that
    /// a client set to the API's limit does not meet it. Bulk runs
    /// ([`Client::perform_many`]) also pause together on any 429 that comes
    /// anyway. Default: no limit. `0` is refused by [`build`](Self::build).
    ///
    /// ```
    /// let client = postpress::Client::builder().api_key("k").rate_limit(50).build()?;
    /// # Ok::<(), postpress::Error>(())
    /// ```
    pub fn rate_limit(mut self, per_second: u32) -> Self {
        self.rate_limit = Some(per_second);
        self
    }

    /// Paces this client with a hook of yours instead of its own
    /// [`rate_limit`](Self::rate_limit), such as the limit
    /// `postpress-jobs` shares through Redis with every process using the
    /// same API key and base URL. See [`Pace`].
    pub fn pacer(mut self, pacer: impl Pace) -> Self {
        self.pacer = Some(Arc::new(pacer));
        self
    }

    /// Checks every setting and builds the client.
    pub fn build(self) -> Result<Client> {
        let key = self.api_key.ok_or(ConfigError::MissingApiKey)?;
        if key.trim().is_empty() {
            return Err(ConfigError::InvalidApiKey("it is empty").into());
        }
        if key.trim() != key {
            return Err(ConfigError::InvalidApiKey("it has leading or trailing whitespace").into());
        }
        if !key.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(ConfigError::InvalidApiKey(
                "it must be printable ASCII without spaces or control characters",
            )
            .into());
        }
        let mut api_key = HeaderValue::from_str(&key).map_err(|_| {
            ConfigError::InvalidApiKey("it contains characters a header cannot carry (such as CR, LF or NUL)")
        })?;
        api_key.set_sensitive(true);
        let credentials = postpress_api::Credentials::api_key(&key)
            .map_err(|_| ConfigError::InvalidApiKey("it contains characters a header cannot carry"))?;

        let base_url = parse_base_url(&self.base_url, self.allow_insecure_http)?;
        if self.timeout.is_zero() {
            return Err(ConfigError::ZeroTimeout("timeout").into());
        }
        if self.connect_timeout.is_zero() {
            return Err(ConfigError::ZeroTimeout("connect_timeout").into());
        }
        let limiter = match self.rate_limit {
            None => None,
            Some(n) => Some(Pacer::Local(RateLimiter::new(
                std::num::NonZeroU32::new(n).ok_or(ConfigError::ZeroRateLimit)?,
            ))),
        };
        let limiter = match &self.pacer {
            Some(pacer) => Some(Pacer::Hook(pacer.clone())),
            None => limiter,
        };
        let user_agent = match &self.user_agent {
            None => HeaderValue::from_static(DEFAULT_USER_AGENT),
            Some(ua) => HeaderValue::from_str(ua).map_err(|_| {
                ConfigError::InvalidUserAgent("it contains characters a header cannot carry".into())
            })?,
        };
        let (http, client_timeout) = match self.http_client {
            Some(client) => (client, None),
            None => native_client(&base_url, self.connect_timeout, self.timeout)?,
        };
        let base = base_url.as_str().trim_end_matches('/').to_string();
        // The path up to the chat id, under the base URL's own path; each
        // request sets `{chats_path}{encoded id}` on a copy of `chats_url`,
        // so the scheme, host and port are parsed once, here.
        let chats_path = format!(
            "{}{}",
            base_url.path().trim_end_matches('/'),
            postpress_api::PATH_PREFIX
        );
        let mut chats_url = base_url.clone();
        chats_url.set_path(chats_path.trim_end_matches('/'));
        let api = postpress_api::Client::new_with_client(&base, http.clone(), credentials);
        Ok(Client::from_inner(Inner {
            http,
            #[cfg(feature = "middleware")]
            middleware: self.middleware,
            base_url,
            chats_url,
            chats_path,
            headers: request_headers(&api_key, user_agent),
            api_key,
            timeout: self.timeout,
            client_timeout,
            retry: self.retry,
            limiter,
            api,
        }))
    }
}

/// The headers every request carries, built once.
fn request_headers(api_key: &HeaderValue, user_agent: HeaderValue) -> reqwest::header::HeaderMap {
    use reqwest::header::{ACCEPT, CONTENT_TYPE, HeaderName, USER_AGENT};
    let mut headers = reqwest::header::HeaderMap::with_capacity(4);
    headers.insert(
        HeaderName::from_static(postpress_api::API_KEY_HEADER),
        api_key.clone(),
    );
    headers.insert(USER_AGENT, user_agent);
    headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
    headers
}

/// The HTTP client this crate builds itself: no proxy toward loopback,
/// the connect and total timeouts, and only same-origin 307/308 redirects
/// followed (the key must not reach another host). Returns it with the
/// timeout it carries.
#[cfg(not(target_arch = "wasm32"))]
fn native_client(
    base_url: &Url,
    connect_timeout: Duration,
    timeout: Duration,
) -> Result<(reqwest::Client, Option<Duration>)> {
    let origin = base_url.origin();
    let mut builder = reqwest::Client::builder();
    if base_url.scheme() == "http" && is_loopback(base_url) {
        // HTTP_PROXY must not see a loopback request (and its key) in
        // clear text.
        builder = builder.no_proxy();
    }
    let client = builder
        .connect_timeout(connect_timeout)
        .timeout(timeout)
        .redirect(reqwest::redirect::Policy::custom(move |attempt| {
            let same_origin = attempt.url().origin() == origin;
            let keeps_method = matches!(attempt.status().as_u16(), 307 | 308);
            if attempt.previous().len() >= 5 || !same_origin || !keeps_method {
                attempt.stop()
            } else {
                attempt.follow()
            }
        }))
        .build()
        .map_err(ConfigError::HttpClient)?;
    Ok((client, Some(timeout)))
}

/// On wasm32 the client is the host's `fetch`: it has no proxies, no
/// connect timeout and no redirect policy of its own (the host follows
/// redirects as fetch does), and no client-wide timeout, so every attempt
/// carries its timeout itself.
#[cfg(target_arch = "wasm32")]
fn native_client(
    _base_url: &Url,
    _connect_timeout: Duration,
    _timeout: Duration,
) -> Result<(reqwest::Client, Option<Duration>)> {
    let client = reqwest::Client::builder()
        .build()
        .map_err(ConfigError::HttpClient)?;
    Ok((client, None))
}

fn parse_base_url(raw: &str, allow_insecure_http: bool) -> Result<Url> {
    // A password (or a user name given alone) is masked by the one
    // redaction helper; control characters and length are bounded.
    let shown = |raw: &str| -> String {
        postpress_util::redact::redact_url(raw)
            .chars()
            .filter(|c| !c.is_control())
            .take(200)
            .collect()
    };
    let invalid = |reason: &str| -> Error {
        ConfigError::InvalidBaseUrl {
            url: shown(raw),
            reason: reason.to_string(),
        }
        .into()
    };
    if raw.chars().any(char::is_control) {
        return Err(invalid("it contains control characters"));
    }
    let url = Url::parse(raw.trim()).map_err(|e| invalid(&e.to_string()))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(invalid("the scheme must be http or https"));
    }
    let Some(host) = url.host_str() else {
        return Err(invalid("it has no host"));
    };
    if !url.username().is_empty() || url.password().is_some() {
        return Err(invalid("it must not carry a user name or password"));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(invalid("it must not have a query or fragment"));
    }
    if url.scheme() == "http" && !allow_insecure_http && !is_loopback(&url) {
        return Err(ConfigError::InsecureHttp {
            host: host.to_string(),
        }
        .into());
    }
    Ok(url)
}

fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        None => false,
    }
}
