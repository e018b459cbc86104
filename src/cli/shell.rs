//! `tplg completions SHELL` and `tplg man`: what shells and `man` read,
//! generated from the command line's own definition (clap_complete,
//! clap_mangen), so they cannot fall behind it.

use super::*;
use clap::CommandFactory;

#[derive(Args, Debug)]
pub(super) struct CompletionsArgs {
    /// The shell to write completions for.
    #[arg(value_enum)]
    shell: clap_complete::Shell,
}

#[derive(Args, Debug)]
pub(super) struct ManArgs {
    /// Write the pages (tplg.1, tplg-build.1, …) into this directory instead
    /// of writing tplg.1 to standard output.
    #[arg(short, long, value_name = "DIR")]
    output: Option<PathBuf>,
}

/// Writes the completion script for `shell` to standard output.
pub(super) fn completions(a: CompletionsArgs) -> i32 {
    let mut cmd = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(a.shell, &mut cmd, "tplg", &mut out);
    match write_output(None, &out) {
        Ok(()) => EXIT_OK,
        Err(e) => usage(&e),
    }
}

/// Writes the man page of `tplg` (to standard output), or the pages of
/// `tplg` and each subcommand (into a directory).
pub(super) fn man(a: ManArgs) -> i32 {
    let mut cmd = Cli::command();
    // the global options (--quiet, --color, …) on every subcommand's page
    cmd.build();
    let Some(dir) = a.output else {
        let mut out = Vec::new();
        if let Err(e) = clap_mangen::Man::new(cmd).render(&mut out) {
            return usage(e.to_string());
        }
        return match write_output(None, &out) {
            Ok(()) => EXIT_OK,
            Err(e) => usage(&e),
        };
    };
    if !dir.is_dir() {
        return usage(format!("`{}` is not a directory", dir.display()));
    }
    let mut pages = vec![("tplg".to_string(), cmd.clone())];
    for sub in cmd.get_subcommands() {
        let name = format!("tplg-{}", sub.get_name());
        let page = sub
            .clone()
            .display_name(name.clone())
            .bin_name(format!("tplg {}", sub.get_name()));
        pages.push((name, page));
    }
    for (name, page) in pages {
        let mut out = Vec::new();
        if let Err(e) = clap_mangen::Man::new(page).render(&mut out) {
            return usage(e.to_string());
        }
        if let Err(e) = write_output(Some(&dir.join(format!("{name}.1"))), &out) {
            return usage(&e);
        }
    }
    EXIT_OK
}
