//! SVG and PNG, through Graphviz's `dot`.

use super::Format;
use std::io::Write as _;
use std::process::{Command, Stdio};

/// Why a graph could not be rendered.
#[derive(Debug, thiserror::Error)]
pub(crate) enum RenderError {
    #[error(
        "Graphviz `dot` is not installed, and --format {0} needs it: install Graphviz \
         (Debian and Ubuntu: `apt install graphviz`), or write --format dot and render it elsewhere"
    )]
    NotInstalled(&'static str),
    #[error("Graphviz `dot -T{format}` failed: {message}")]
    Failed {
        format: &'static str,
        message: String,
    },
}

/// The graph in `format`: the DOT text itself, or what `dot -T<format>`
/// makes of it.
pub(crate) fn render(dot_text: &str, format: Format) -> Result<Vec<u8>, RenderError> {
    if format == Format::Dot {
        return Ok(dot_text.as_bytes().to_vec());
    }
    let name = format.name();
    let failed = |message: String| RenderError::Failed {
        format: name,
        message,
    };
    let mut child = Command::new("dot")
        .arg(format!("-T{name}"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => RenderError::NotInstalled(name),
            _ => failed(e.to_string()),
        })?;
    // dot reads all its input before it writes, so writing first cannot
    // deadlock; the pipe closes when `stdin` is dropped.
    {
        let mut stdin = child.stdin.take().expect("piped");
        stdin
            .write_all(dot_text.as_bytes())
            .map_err(|e| failed(e.to_string()))?;
    }
    let output = child
        .wait_with_output()
        .map_err(|e| failed(e.to_string()))?;
    if !output.status.success() {
        let err = String::from_utf8_lossy(&output.stderr);
        return Err(failed(format!("{} ({})", err.trim(), output.status)));
    }
    Ok(output.stdout)
}
