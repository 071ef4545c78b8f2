//! Where the API key comes from: `--api-key-file FILE` (or
//! `POSTPRESS_API_KEY_FILE`; `-` reads stdin), `POSTPRESS_API_KEY`, or
//! `--api-key`. The file and the environment keep the key out of the
//! process list and shell history; `--api-key` puts it in both.

use std::io::Read;
use std::path::Path;

/// The most a key file may hold: a key is a few dozen bytes, and a large
/// file named by mistake must not be read whole.
const MAX_KEY_FILE: u64 = 64 * 1024;

/// Reads the key from `path` (`-`: stdin), with one trailing newline
/// (`\n` or `\r\n`) trimmed. A file that users other than its owner can
/// read or write is refused, as ssh refuses such a private key. Messages
/// name the file, never its contents.
pub(crate) fn read_key_file(path: &Path) -> Result<String, String> {
    let shown = path.display();
    let bytes = if path.as_os_str() == "-" {
        let mut buf = Vec::new();
        std::io::stdin()
            .take(MAX_KEY_FILE + 1)
            .read_to_end(&mut buf)
            .map_err(|e| format!("cannot read the API key from stdin: {e}"))?;
        buf
    } else {
        let file =
            std::fs::File::open(path).map_err(|e| format!("cannot open the API key file {shown}: {e}"))?;
        let meta = file
            .metadata()
            .map_err(|e| format!("cannot read the API key file {shown}: {e}"))?;
        if !meta.is_file() {
            return Err(format!("the API key file {shown} is not a regular file"));
        }
        check_private(path, &meta)?;
        let mut buf = Vec::new();
        file.take(MAX_KEY_FILE + 1)
            .read_to_end(&mut buf)
            .map_err(|e| format!("cannot read the API key file {shown}: {e}"))?;
        buf
    };
    if bytes.len() as u64 > MAX_KEY_FILE {
        return Err(format!(
            "the API key file {shown} is larger than 64 KiB: not a key"
        ));
    }
    let mut key =
        String::from_utf8(bytes).map_err(|_| format!("the API key file {shown} is not UTF-8 text"))?;
    if key.ends_with('\n') {
        key.pop();
        if key.ends_with('\r') {
            key.pop();
        }
    }
    if key.is_empty() {
        return Err(format!("the API key file {shown} is empty"));
    }
    Ok(key)
}

#[cfg(unix)]
fn check_private(path: &Path, meta: &std::fs::Metadata) -> Result<(), String> {
    use std::os::unix::fs::PermissionsExt;
    let mode = meta.permissions().mode() & 0o777;
    if mode & 0o077 != 0 {
        return Err(format!(
            "the API key file {} is accessible by other users (mode {mode:03o}): run `chmod 600 {}`",
            path.display(),
            path.display()
        ));
    }
    Ok(())
}

#[cfg(not(unix))]
fn check_private(_path: &Path, _meta: &std::fs::Metadata) -> Result<(), String> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(name: &str, contents: &[u8], mode: u32) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("postpress-key-{}-{name}", std::process::id()));
        let _ = std::fs::remove_file(&dir);
        std::fs::write(&dir, contents).expect("write");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(mode)).expect("chmod");
        }
        dir
    }

    #[test]
    fn one_trailing_newline_is_trimmed() {
        assert_eq!(read_key_file(&write("a", b"k-1\n", 0o600)).as_deref(), Ok("k-1"));
        assert_eq!(
            read_key_file(&write("b", b"k-2\r\n", 0o600)).as_deref(),
            Ok("k-2")
        );
        // Only one: the builder then refuses the trailing whitespace.
        assert_eq!(
            read_key_file(&write("c", b"k-3\n\n", 0o600)).as_deref(),
            Ok("k-3\n")
        );
        assert!(read_key_file(&write("d", b"\n", 0o600)).is_err());
    }

    #[cfg(unix)]
    #[test]
    fn a_file_others_can_read_is_refused_without_showing_it() {
        let path = write("e", b"SECRET-KEY\n", 0o644);
        let err = read_key_file(&path).expect_err("world-readable");
        assert!(err.contains("mode 644") && err.contains("chmod 600"), "{err}");
        assert!(!err.contains("SECRET"), "{err}");
        let err = read_key_file(&write("f", b"SECRET-KEY\n", 0o640)).expect_err("group-readable");
        assert!(err.contains("mode 640"), "{err}");
    }

    #[test]
    fn not_text_and_missing_files_are_errors() {
        assert!(read_key_file(&write("g", &[0xff, 0xfe], 0o600)).is_err());
        assert!(read_key_file(Path::new("/nonexistent/postpress-key")).is_err());
    }
}
