//! `postpress chat ID ACTION [VALUE]`: one action on one chat.

use std::io::Write;

use postpress::{ChatAction, Client};

use crate::output::{code, exit_code, result_json};

pub(crate) async fn run(client: &Client, chat_id: &str, action: ChatAction, json: bool) -> u8 {
    let result = client.perform(chat_id, action.clone()).await;
    // A closed stdout (`| head`) is not an error of the action.
    let mut stdout = std::io::stdout().lock();
    if json {
        let _ = writeln!(stdout, "{}", result_json(chat_id, &action, &result));
    }
    match result {
        Ok(p) => {
            if !json {
                let _ = match p.invite_link {
                    Some(link) => writeln!(stdout, "{link}"),
                    None => writeln!(stdout, "ok: {action} on {chat_id}"),
                };
            }
            code::OK
        }
        Err(e) => {
            eprintln!("error: {e}");
            exit_code(&e)
        }
    }
}
