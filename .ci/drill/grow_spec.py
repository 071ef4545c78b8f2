"""Grows a copy of openapi/postpress.yaml the way the API might grow:
a boolean action (WhatsApp only), a string action (WhatsApp and Telegram),
one error type, and the path prefix /api/v1 -> /api/v2.

Plain text edits, so the rest of the file stays byte for byte as it was.
Fails loudly when an anchor is missing (the spec's layout changed).

The boolean action is the YAML block docs/changing-the-api.md shows (its
first ```yaml block), so the page's example is what CI builds and runs."""
import os
import sys

path = sys.argv[1]
text = open(path, encoding="utf-8").read()

page_path = os.path.join(os.path.dirname(os.path.abspath(path)), "..", "docs", "changing-the-api.md")
page = open(page_path, encoding="utf-8").read()
try:
    start = page.index("```yaml\n") + len("```yaml\n")
    starred = page[start:page.index("```", start)]
except ValueError:
    sys.exit(f"grow_spec: no ```yaml block in {page_path}")
if "enum: [setStarredStatus]" not in starred:
    sys.exit(f"grow_spec: the ```yaml block of {page_path} no longer adds setStarredStatus")


def insert_before(anchor, new):
    global text
    if text.count(anchor) != 1:
        sys.exit(f"grow_spec: anchor {anchor!r} found {text.count(anchor)} times")
    text = text.replace(anchor, new + anchor)


# Two new request variants, appended to ChatActionRequest.oneOf.
insert_before("    ChatPatched:\n", starred + """\
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
