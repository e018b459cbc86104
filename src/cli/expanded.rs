//! `--emit-expanded FILE`: the alsaconf text a `.topo` expands to, written
//! even when its checks fail, so that a note pointing into the expanded
//! text points into a file the user can open.

use super::output::OutputError;
use super::*;

#[derive(Args, Debug, Default)]
pub(super) struct EmitArgs {
    /// Also write the expanded alsaconf text here, even when checks fail
    /// (atomically; never over an input). Diagnostics then point into it.
    #[arg(long, value_name = "FILE")]
    emit_expanded: Option<PathBuf>,
}

impl EmitArgs {
    /// Whether FILE was given.
    pub(super) fn wanted(&self) -> bool {
        self.emit_expanded.is_some()
    }

    /// Refuses a FILE that is the input or the output.
    pub(super) fn check(&self, input: &Path, output: Option<&Path>) -> Result<(), OutputError> {
        let Some(path) = &self.emit_expanded else {
            return Ok(());
        };
        if output::same_file(path, input) {
            return Err(OutputError::ExpandedIsInput {
                path: path.clone(),
                input: input.to_path_buf(),
            });
        }
        if let Some(out) = output {
            if out == path || output::same_file(out, path) {
                return Err(OutputError::ExpandedIsOutput(path.clone()));
            }
        }
        Ok(())
    }

    /// Writes `text`, the expanded source `expanded` of `sources`, to FILE
    /// and names that source by it in `findings`' notes. Refuses a FILE
    /// the build read (an included file).
    pub(super) fn write<'f>(
        &self,
        sources: &mut Sources,
        expanded: FileId,
        findings: impl IntoIterator<Item = &'f mut Vec<crate::diag::Finding>>,
    ) -> Result<(), OutputError> {
        let Some(path) = &self.emit_expanded else {
            return Ok(());
        };
        for id in sources.ids() {
            if let Origin::Disk(read) = &sources.get(id).origin {
                if output::same_file(path, read) {
                    return Err(OutputError::ExpandedIsRead {
                        path: path.clone(),
                        read: sources.get(id).name.clone(),
                    });
                }
            }
        }
        let text = sources.text(expanded).to_string();
        write_output(Some(path), text.as_bytes())?;
        let name = path.display().to_string();
        for list in findings {
            crate::driver::expanded_written_to(sources, expanded, &name, list);
        }
        Ok(())
    }
}
