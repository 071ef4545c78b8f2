"""Grows a copy of openapi/postpress.yaml by two operations the API family
has and this project does not wrap: GET /api/v1/chats/{chat_id} (one chat)
and GET /api/v1/chats (a page of chats, with a `limit` query parameter),
each with its summary, description, examples and the shared error
responses. Run before grow_spec.py, which moves /api/v1/chats/{chat_id}.

Plain text edits, so the rest of the file stays byte for byte as it was.
Fails loudly when an anchor is missing (the spec's layout changed)."""
import sys

path = sys.argv[1]
text = open(path, encoding="utf-8").read()


def insert_before(anchor, new):
    global text
    if text.count(anchor) != 1:
        sys.exit(f"grow_ops: anchor {anchor!r} found {text.count(anchor)} times")
    text = text.replace(anchor, new + anchor)


ERRORS = """\
        '401':
          $ref: '#/components/responses/Unauthorized'
        '403':
          $ref: '#/components/responses/Forbidden'
        '404':
          $ref: '#/components/responses/NotFound'
        '500':
          $ref: '#/components/responses/InternalServerError'
        '503':
          $ref: '#/components/responses/ServiceUnavailable'
        default:
          $ref: '#/components/responses/OtherError'
"""

# GET on the chat's own path item, beside the PATCH.
insert_before("    patch:\n      operationId: perform_chat_action\n", """\
    get:
      operationId: get_chat
      tags: [chats]
      summary: Retrieve a chat
      description: |
        Returns one chat: its id, provider and name.
      responses:
        '200':
          description: The chat.
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Chat'
              example:
                object: Chat
                id: 9f9uio56sopa456s
                provider: whatsapp
                name: Team
""" + ERRORS)

# A new path: a page of chats.
insert_before("components:\n", """\
  /api/v1/chats:
    get:
      operationId: list_chats
      tags: [chats]
      summary: List chats
      description: |
        Returns a page of the chats this API key can see, newest first.
      parameters:
        - name: limit
          in: query
          required: false
          description: How many chats to return (1 to 250).
          schema:
            type: integer
            minimum: 1
            maximum: 250
          example: 25
      responses:
        '200':
          description: A page of chats.
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/ChatList'
              example:
                object: ChatList
                items:
                  - object: Chat
                    id: 9f9uio56sopa456s
                    provider: whatsapp
                    name: Team
""" + ERRORS)

insert_before("    ErrorEnvelope:\n", """\
    Chat:
      description: A chat.
      type: object
      required: [object, id, provider]
      properties:
        object:
          type: string
          enum: [Chat]
          description: Always `Chat`.
        id:
          type: string
          description: The chat id.
        provider:
          type: string
          description: The chat's provider, such as `whatsapp`.
        name:
          type: string
          description: The chat's name.
    ChatList:
      description: A page of chats.
      type: object
      required: [object, items]
      properties:
        object:
          type: string
          enum: [ChatList]
          description: Always `ChatList`.
        items:
          type: array
          items:
            $ref: '#/components/schemas/Chat'
          description: The chats of this page.
""")

open(path, "w", encoding="utf-8").write(text)
print("grow_ops: +GET /api/v1/chats/{chat_id} (get_chat), +GET /api/v1/chats?limit= (list_chats), +Chat, +ChatList")
