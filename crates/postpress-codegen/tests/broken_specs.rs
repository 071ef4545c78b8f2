//! What the generator says about specs it cannot turn into Rust: a clear
//! error naming the problem, never a panic and never code that does not
//! compile. Each case is the real spec with one edit.

const SPEC: &str = include_str!("../../../openapi/postpress.yaml");

/// Generates both files from the spec with `from` replaced by `to` (once).
fn generate_with(from: &str, to: &str) -> Result<(String, String), String> {
    assert_eq!(
        SPEC.matches(from).count(),
        1,
        "the anchor {from:?} is not unique in the spec"
    );
    let text = SPEC.replacen(from, to, 1);
    let model = postpress_codegen::Model::parse(&text, "spec").map_err(|e| e.to_string())?;
    let api = postpress_codegen::generate(&model).map_err(|e| e.to_string())?;
    let [facade, handles, blocking] =
        postpress_codegen::facade::generate(&model).map_err(|e| e.to_string())?;
    let facade = format!("{facade}{handles}{blocking}");
    Ok((api, facade))
}

fn rejected(from: &str, to: &str, expected: &str) {
    match generate_with(from, to) {
        Ok(_) => panic!("accepted a spec with {to:?}"),
        Err(e) => assert!(e.contains(expected), "expected {expected:?} in: {e}"),
    }
}

const BRANCH: &str = "              enum: [setLabel]\n";
const LABEL_PROVIDERS: &str = "          x-value-type: Label\n";

fn new_action(name: &str, extra: &str) -> String {
    format!(
        "              enum: [setLabel]
            value:
              type: string
              description: The label name.
        - description: (WhatsApp only) A new action.
          x-providers: [whatsapp]
{extra}          type: object
          additionalProperties: false
          required: [action, value]
          properties:
            action:
              type: string
              enum: [{name}]
            value:
              type: boolean
              description: A flag.
        - description: placeholder
          x-providers: [whatsapp]
          type: object
          additionalProperties: false
          required: [action, value]
          properties:
            action:
              type: string
              enum: [setLabelAgain]
"
    )
}

#[test]
fn the_spec_as_it_is_generates() {
    let (api, facade) =
        generate_with("title: postpress chat actions", "title: postpress chat actions").expect("ok");
    syn::parse_file(&api).expect("codegen.rs parses");
    syn::parse_file(&facade).expect("facade.rs parses");
}

#[test]
fn a_grown_spec_generates_code_that_parses() {
    let (api, facade) = generate_with(BRANCH, &new_action("setProbeOnlyStatus", "")).expect("ok");
    syn::parse_file(&api).expect("codegen.rs parses");
    let file = syn::parse_file(&facade).expect("facade.rs parses");
    let text = quote::quote!(#file).to_string();
    assert!(text.contains("SetProbeOnlyStatus"), "the variant is generated");
    assert!(text.contains("set_probe_only_status"), "the method is generated");
}

#[test]
fn an_action_whose_method_is_a_keyword() {
    rejected(BRANCH, &new_action("move", ""), "method name `move` is reserved");
    rejected(
        BRANCH,
        &new_action("yield", ""),
        "method name `yield` is reserved",
    );
}

#[test]
fn names_that_clash_with_hand_written_methods() {
    rejected(BRANCH, &new_action("run", ""), "method name `run` is reserved");
    rejected(
        BRANCH,
        &new_action(
            "setProbeOnlyStatus",
            "          x-helpers: [{rust: run_returning, doc: Runs.}]\n",
        ),
        "method name `run_returning` is reserved",
    );
    rejected(
        BRANCH,
        &new_action(
            "setProbeOnlyStatus",
            "          x-helpers: [{rust: mark_read, doc: Clashes.}]\n",
        ),
        "method `mark_read` is claimed by both",
    );
}

#[test]
fn an_error_type_that_makes_no_rust_name() {
    let anchor = "        - type: errors/no_channel\n";
    for bad in ["errors/unknown", "errors/-", "errors/ü"] {
        rejected(
            anchor,
            &format!("        - type: {bad}\n          description: x\n{anchor}"),
            "does not make a Rust name",
        );
    }
}

#[test]
fn a_value_type_that_clashes_with_the_facade() {
    rejected(
        LABEL_PROVIDERS,
        "          x-value-type: Url\n",
        "is not declared in components.x-value-types",
    );
    rejected(
        "    Label:\n      field: label\n",
        "    Url:\n      field: label\n",
        "does not already use",
    );
}

#[test]
fn two_providers_with_one_name() {
    rejected(
        "      name: LinkedIn\n",
        "      name: WhatsApp\n",
        "two providers are named `WhatsApp`",
    );
}

#[test]
fn an_effect_that_does_not_fit_the_value() {
    rejected(
        "          x-effect: {set: read}\n",
        "          x-effect: {add: read}\n",
        "`x-effect` must be",
    );
}

const MARK: &str = "      x-chat-actions: true\n";

#[test]
fn the_action_operation_must_be_marked_once() {
    rejected(
        MARK,
        "",
        "no operation is marked `x-chat-actions: true` (found 1 operations)",
    );
    rejected(
        MARK,
        "      x-chat-actions: yes\n",
        "`x-chat-actions` must be a boolean",
    );
}

#[test]
fn more_operations_generate_and_share_their_responses() {
    // A second operation on a new path, referring to the same shared
    // responses: each shared error type is read once, and progenitor
    // generates a method for it.
    let get = "  /api/v1/chats:
    get:
      operationId: list_chats
      summary: List chats
      description: A page of chats.
      responses:
        '200':
          description: The chats.
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/ChatPatched'
        '404':
          $ref: '#/components/responses/NotFound'
        default:
          $ref: '#/components/responses/OtherError'
components:
";
    let (api, facade) = generate_with("components:\n", get).expect("a second operation generates");
    assert!(
        api.contains("pub fn list_chats"),
        "progenitor generates the new operation"
    );
    assert!(api.contains("pub fn perform_chat_action"));
    syn::parse_file(&facade).expect("the action layer is unchanged and parses");
    // A camelCase operationId is what many specs use: progenitor names the
    // method in snake case all the same.
    let camel = get.replace("operationId: list_chats", "operationId: listChats");
    let (api, _) = generate_with("components:\n", &camel).expect("a camelCase operationId generates");
    assert!(
        api.contains("pub fn list_chats"),
        "progenitor names it list_chats"
    );
    // Two ids naming one method are refused.
    let twice = camel.replace(
        "  /api/v1/chats:\n    get:\n      operationId: listChats",
        "  /api/v1/chats:\n    get:\n      operationId: perform_chat_action",
    );
    rejected(
        "components:\n",
        &twice,
        "names the same client method as `perform_chat_action`",
    );
    // Marking it as well is refused: exactly one operation carries the actions.
    let both = get.replace(
        "      operationId: list_chats\n",
        "      operationId: list_chats\n      x-chat-actions: true\n",
    );
    rejected(
        "components:\n",
        &both,
        "2 operations are marked `x-chat-actions: true`",
    );
}
