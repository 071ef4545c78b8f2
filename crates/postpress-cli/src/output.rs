//! What the command prints and exits with: exit codes by error, result
//! lines and JSON objects.

use postpress::{ChatAction, ChatPatched, Error, ErrorCategory};
use serde_json::json;

/// Exit codes, by what went wrong.
pub(crate) mod code {
    pub const OK: u8 = 0;
    pub const OTHER: u8 = 1;
    pub const USAGE: u8 = 2;
    pub const AUTHENTICATION: u8 = 3;
    pub const PERMISSION: u8 = 4;
    pub const NOT_FOUND: u8 = 5;
    pub const UNSUPPORTED: u8 = 6;
    pub const RETRY_LATER: u8 = 7;
    pub const PARTIAL: u8 = 8;
    pub const SIGINT: u8 = 130;
    pub const SIGTERM: u8 = 143;

    /// Every exit code with its meaning: the one table `--help` prints.
    pub const TABLE: &[(u8, &str)] = &[
        (OK, "success"),
        (
            OTHER,
            "other failure (server error, invalid request, unexpected response)",
        ),
        (
            USAGE,
            "usage error (bad arguments, invalid chat id or value, missing API key)",
        ),
        (
            AUTHENTICATION,
            "authentication (401: missing, invalid or expired credentials, disconnected account)",
        ),
        (
            PERMISSION,
            "permission (403: restricted account, insufficient permissions)",
        ),
        (NOT_FOUND, "not found (404: unknown or malformed chat id)"),
        (
            UNSUPPORTED,
            "unsupported (501: the chat's provider does not support the action)",
        ),
        (
            RETRY_LATER,
            "retry later (429 rate limited, 502/503 unavailable, 504 or client timeout, connection failure)",
        ),
        (
            PARTIAL,
            "bulk: some chats failed, others succeeded, or some outcomes are unknown",
        ),
        (
            SIGINT,
            "bulk: interrupted by Ctrl-C (SIGINT); the summary gives the command that resumes",
        ),
        (
            SIGTERM,
            "bulk: stopped by SIGTERM; the summary gives the command that resumes",
        ),
    ];
}

pub(crate) fn exit_code(err: &Error) -> u8 {
    match err {
        Error::Config(postpress::ConfigError::HttpClient(_)) => code::OTHER,
        Error::InvalidInput { .. } | Error::Config(_) => code::USAGE,
        Error::Timeout { .. } | Error::Transport(_) => code::RETRY_LATER,
        _ => match err.category() {
            Some(ErrorCategory::Authentication) => code::AUTHENTICATION,
            Some(ErrorCategory::Permission) => code::PERMISSION,
            Some(ErrorCategory::NotFound) => code::NOT_FOUND,
            Some(ErrorCategory::Unsupported) => code::UNSUPPORTED,
            Some(ErrorCategory::RateLimited | ErrorCategory::Unavailable | ErrorCategory::Timeout) => {
                code::RETRY_LATER
            }
            _ => code::OTHER,
        },
    }
}

/// A short name for the summary: the error kind, or the variant.
pub(crate) fn error_label(err: &Error) -> String {
    match err {
        Error::Api(e) => format!("{:?}", e.kind()),
        Error::Timeout { .. } => "Timeout".into(),
        Error::Transport(_) => "Transport".into(),
        Error::InvalidInput { .. } => "InvalidInput".into(),
        Error::UnexpectedResponse { status, .. } => format!("UnexpectedResponse({})", status.as_u16()),
        Error::Config(_) => "Config".into(),
        _ => "Other".into(),
    }
}

pub(crate) fn result_json(
    chat_id: &str,
    action: &ChatAction,
    result: &Result<ChatPatched, Error>,
) -> serde_json::Value {
    match result {
        Ok(p) => json!({
            "chat_id": chat_id,
            "action": action.name(),
            "ok": true,
            "invite_link": p.invite_link.as_ref().map(|u| u.as_str()),
        }),
        Err(e) => {
            let mut v = json!({
                "chat_id": chat_id,
                "action": action.name(),
                "ok": false,
                "error": error_label(e),
                "message": e.to_string(),
                "status": e.status().map(|s| s.as_u16()),
                "category": e.category().map(|c| format!("{c:?}")),
                "exit_code": exit_code(e),
            });
            if let Error::Api(api) = e {
                v["type"] = json!(api.kind().as_str());
                v["title"] = json!(api.title());
                v["detail"] = json!(api.detail());
                v["instance"] = json!(api.instance());
            }
            v
        }
    }
}
