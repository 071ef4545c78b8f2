// @generated from openapi/postpress.yaml by postpress-codegen: do not edit.
// Change the spec or crates/postpress-codegen, then run `cargo xtask codegen`.
// spec-sha256: 9e1be07c8283c95828b7012e57d057ad1c9ab1f415019c8bb15b9651fd0e1524
// body-sha256: 7ef5760ad06b154322868ba9af4cdb499566f6e45aadd46330051f1982bb1cfa

use crate::verbs::Verb;
/// Every command-line action name, in spec order: each action, then
/// its short forms.
pub const VERBS: &[Verb] = &[
    Verb {
        name: "set-read-status",
        action: "setReadStatus",
        alias: false,
        fixed: None,
    },
    Verb {
        name: "read",
        action: "setReadStatus",
        alias: true,
        fixed: Some(true),
    },
    Verb {
        name: "unread",
        action: "setReadStatus",
        alias: true,
        fixed: Some(false),
    },
    Verb {
        name: "set-mute-status",
        action: "setMuteStatus",
        alias: false,
        fixed: None,
    },
    Verb {
        name: "mute",
        action: "setMuteStatus",
        alias: true,
        fixed: Some(true),
    },
    Verb {
        name: "unmute",
        action: "setMuteStatus",
        alias: true,
        fixed: Some(false),
    },
    Verb {
        name: "set-archive-status",
        action: "setArchiveStatus",
        alias: false,
        fixed: None,
    },
    Verb {
        name: "archive",
        action: "setArchiveStatus",
        alias: true,
        fixed: Some(true),
    },
    Verb {
        name: "unarchive",
        action: "setArchiveStatus",
        alias: true,
        fixed: Some(false),
    },
    Verb {
        name: "set-pinned-status",
        action: "setPinnedStatus",
        alias: false,
        fixed: None,
    },
    Verb {
        name: "pin",
        action: "setPinnedStatus",
        alias: true,
        fixed: Some(true),
    },
    Verb {
        name: "unpin",
        action: "setPinnedStatus",
        alias: true,
        fixed: Some(false),
    },
    Verb {
        name: "add-participant",
        action: "addParticipant",
        alias: false,
        fixed: None,
    },
    Verb {
        name: "remove-participant",
        action: "removeParticipant",
        alias: false,
        fixed: None,
    },
    Verb {
        name: "set-label",
        action: "setLabel",
        alias: false,
        fixed: None,
    },
    Verb {
        name: "label",
        action: "setLabel",
        alias: true,
        fixed: None,
    },
    Verb {
        name: "get-invite-link",
        action: "getInviteLink",
        alias: false,
        fixed: None,
    },
    Verb {
        name: "invite-link",
        action: "getInviteLink",
        alias: true,
        fixed: None,
    },
];
