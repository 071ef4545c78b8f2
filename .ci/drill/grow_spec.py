"""Grows a copy of openapi/postpress.yaml the way the API might grow:
a boolean action (WhatsApp only), a string action (WhatsApp and Telegram),
one error type, and the path prefix /api/v1 -> /api/v2.

Plain text edits, so the rest of the file stays byte for byte as it was.
Fails loudly when an anchor is missing (the spec's layout changed)."""
import sys

path = sys.argv[1]
text = open(path, encoding="utf-8").read()


def insert_before(anchor, new):
    global text
    if text.count(anchor) != 1:
        sys.exit(f"grow_spec: anchor {anchor!r} found {text.count(anchor)} times")
    text = text.replace(anchor, new + anchor)


# Two new request variants, appended to ChatActionRequest.oneOf.
insert_before("    ChatPatched:\n", """\
        - description: (WhatsApp only) Star or unstar the chat.
          x-providers: [whatsapp]
          x-helpers:
            - {rust: star, cli: star, value: true, doc: Stars the chat.}
            - {rust: unstar, cli: unstar, value: false, doc: Unstars the chat.}
          type: object
          additionalProperties: false
          required: [action, value]
          properties:
            action:
              type: string
              enum: [setStarredStatus]
            value:
              type: boolean
              description: true stars the chat, false unstars it.
        - description: (WhatsApp & Telegram only) Set the nickname shown for the chat.
          x-providers: [whatsapp, telegram]
          type: object
          additionalProperties: false
          required: [action, value]
          properties:
            action:
              type: string
              enum: [setNickname]
            value:
              type: string
              description: The nickname.
""")

# One more documented error type, under 503.
insert_before("        - type: errors/no_channel\n", """\
        - type: errors/maintenance_window
          description: The service is in a maintenance window. Retry later.
""")

# The path prefix moves.
old = "  /api/v1/chats/{chat_id}:\n"
if text.count(old) != 1:
    sys.exit("grow_spec: the path /api/v1/chats/{chat_id} is not where it was")
text = text.replace(old, "  /api/v2/chats/{chat_id}:\n")

open(path, "w", encoding="utf-8").write(text)
print("grow_spec: +setStarredStatus (boolean, WhatsApp), +setNickname (string, WhatsApp & Telegram), "
      "+errors/maintenance_window (503), path /api/v2/chats/{chat_id}")
