//! `tplg migrate`: convert SOF M4 sources (a file, or a tree with its CMake
//! variants) to `.topo`.

use super::*;

#[derive(Args, Debug)]
pub(super) struct MigrateArgs {
    /// An M4 file, or a directory to convert every *.m4 file under.
    input: PathBuf,
    /// The .topo file to write (standard output if omitted); for a
    /// directory, the directory to write the converted tree to (required).
    #[arg(short, long, value_name = "OUT")]
    output: Option<PathBuf>,
    /// Search DIR for included M4 files, as `m4 -I`. In a tree (a directory
    /// input, or a file under a CMakeLists.txt listing TPLGS), SOF's own
    /// search path comes first: the root, root/m4, root/common,
    /// root/platform/common; otherwise the current directory, and after
    /// the -I dirs the file's own directory.
    #[arg(short = 'I', long = "include", value_name = "DIR")]
    include_dirs: Vec<PathBuf>,
    /// A name the build defines from outside (m4 -DNAME): where the file
    /// pastes it into text, it is converted as a reference. The -D names of
    /// CMakeLists.txt files beside the input (or in the tree) are added.
    #[arg(short = 'D', long = "define", value_name = "NAME")]
    defines: Vec<String>,
}

pub(super) fn migrate(a: MigrateArgs) -> i32 {
    if a.input.is_dir() {
        return migrate_tree(a);
    }
    if let Err(e) = not_an_input(a.output.as_deref(), &a.input, "-o") {
        return usage(&e);
    }
    let text = match crate::source::read_text(&a.input) {
        Ok(t) => t,
        Err(e) => return usage(e.describe(&a.input)),
    };
    let opts = match migrate_tree_root(&a.input) {
        // in a tree: as the directory form converts it, from the tree root
        Some(root) => {
            let (files, cmake) = match m4_tree(&root) {
                Ok(t) => t,
                Err(e) => return usage(&e),
            };
            let search = crate::migrate::search_path(&root, &a.include_dirs);
            let variants = cmake_variants(&cmake);
            let scopes = crate::migrate::scope::scopes(
                &files,
                &search,
                &variants,
                &define_names(&a.defines),
            );
            let inputs = match scopes.get(&crate::migrate::scope::key(&a.input)) {
                Some(names) => names.clone(),
                None => migrate_inputs(&a.defines, &variants, &a.input),
            };
            let facts = tree_facts(&files);
            crate::migrate::Options {
                include_dirs: search,
                root: Some(root),
                inputs,
                input_values: migrate_values(&a.defines, &cmake),
                value_tested: facts.value_tested,
                arg_lists: facts.arg_lists,
                define_values: facts.define_values,
            }
        }
        // on its own: m4's search path (its current directory, then each
        // -I), then the file's own directory; CMake files beside the input
        // and above it say which -D names exist
        None => {
            let mut cmake_dirs: Vec<PathBuf> = a
                .input
                .ancestors()
                .skip(1)
                .take(4)
                .map(Path::to_path_buf)
                .collect();
            cmake_dirs.extend(a.include_dirs.iter().cloned());
            let cmake: Vec<PathBuf> = cmake_dirs
                .iter()
                .map(|d| d.join("CMakeLists.txt"))
                .filter(|p| p.is_file())
                .collect();
            let mut search = vec![PathBuf::new()];
            search.extend(a.include_dirs.iter().cloned());
            if let Some(dir) = a.input.parent() {
                if !search.iter().any(|d| d == dir) {
                    search.push(dir.to_path_buf());
                }
            }
            crate::migrate::Options {
                include_dirs: search,
                root: None,
                inputs: migrate_inputs(&a.defines, &cmake_variants(&cmake), &a.input),
                input_values: migrate_values(&a.defines, &cmake),
                value_tested: Default::default(),
                arg_lists: Default::default(),
                define_values: Default::default(),
            }
        }
    };
    let name = a.input.display().to_string();
    let outcome = crate::migrate::migrate(&name, &text, &opts);
    for w in outcome.warnings.iter().chain(&outcome.errors) {
        eprint!("{}", render(&w.to_finding(), &outcome.sources));
    }
    let Some(out) = outcome.text else {
        if outcome.library {
            eprintln!("error: `{name}` is SOF's macro library: nothing to convert");
            return EXIT_ERRORS;
        }
        eprintln!(
            "error: `{name}` was not converted ({} refused)",
            plural(outcome.errors.len(), "construct")
        );
        return EXIT_ERRORS;
    };
    match write_output(a.output.as_deref(), out.as_bytes()) {
        Ok(()) => EXIT_OK,
        Err(e) => usage(&e),
    }
}

/// The tree a single file to convert is part of: the highest of its
/// directory and the three above it whose `CMakeLists.txt` lists topology
/// variants (`TPLGS` entries), as SOF's topology1 directory does.
pub(super) fn migrate_tree_root(file: &Path) -> Option<PathBuf> {
    let dir = match file.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let dir = std::fs::canonicalize(&dir).unwrap_or(dir);
    dir.ancestors()
        .take(4)
        .filter(|d| {
            std::fs::read_to_string(d.join("CMakeLists.txt"))
                .is_ok_and(|t| !crate::migrate::cmake_variants(&t).is_empty())
        })
        .last()
        .map(Path::to_path_buf)
}

/// A tree that cannot be walked.
#[derive(Debug, thiserror::Error)]
#[error("cannot read `{}`: {error}", root.display())]
pub(super) struct Unwalkable {
    root: PathBuf,
    error: walkdir::Error,
}

/// The `*.m4` and `CMakeLists.txt` files under `root`, sorted.
pub(super) fn m4_tree(root: &Path) -> Result<(Vec<PathBuf>, Vec<PathBuf>), Unwalkable> {
    let mut files: Vec<PathBuf> = Vec::new();
    let mut cmake: Vec<PathBuf> = Vec::new();
    for entry in walkdir::WalkDir::new(root).sort_by_file_name() {
        match entry {
            Ok(e) if e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "m4") => {
                files.push(e.path().to_path_buf());
            }
            Ok(e) if e.file_type().is_file() && e.file_name() == "CMakeLists.txt" => {
                cmake.push(e.path().to_path_buf());
            }
            Ok(_) => {}
            Err(error) => {
                return Err(Unwalkable {
                    root: root.to_path_buf(),
                    error,
                })
            }
        }
    }
    Ok((files, cmake))
}

/// `tplg migrate DIR -o OUTDIR`: every `*.m4` under DIR, to the same place
/// under OUTDIR with `.topo` for `.m4`, as SOF's build reads them from DIR.
pub(super) fn migrate_tree(a: MigrateArgs) -> i32 {
    let Some(out_dir) = a.output.as_deref() else {
        return usage("converting a directory needs -o OUTDIR");
    };
    let root = &a.input;
    if let Err(e) = not_inside_input(out_dir, root) {
        return usage(&e);
    }
    let search = crate::migrate::search_path(root, &a.include_dirs);
    let (files, cmake) = match m4_tree(root) {
        Ok(t) => t,
        Err(e) => return usage(&e),
    };
    let variants = cmake_variants(&cmake);
    let values = migrate_values(&a.defines, &cmake);
    let facts = tree_facts(&files);
    let scopes =
        crate::migrate::scope::scopes(&files, &search, &variants, &define_names(&a.defines));
    let (mut converted, mut refused, mut library) = (0usize, 0usize, 0usize);
    for f in &files {
        let inputs = match scopes.get(&crate::migrate::scope::key(f)) {
            Some(names) => names.clone(),
            None => migrate_inputs(&a.defines, &variants, f),
        };
        let opts = crate::migrate::Options {
            include_dirs: search.clone(),
            root: Some(root.clone()),
            inputs,
            input_values: values.clone(),
            value_tested: facts.value_tested.clone(),
            arg_lists: facts.arg_lists.clone(),
            define_values: facts.define_values.clone(),
        };
        let rel = f.strip_prefix(root).unwrap_or(f);
        if crate::migrate::library_dir(rel) {
            library += 1;
            continue;
        }
        let text = match crate::source::read_text(f) {
            Ok(t) => t,
            Err(e) => return usage(e.describe(f)),
        };
        let outcome = crate::migrate::migrate(&f.display().to_string(), &text, &opts);
        if outcome.library {
            library += 1;
            continue;
        }
        for w in outcome.warnings.iter().chain(&outcome.errors) {
            eprint!("{}", render(&w.to_finding(), &outcome.sources));
        }
        let Some(out) = outcome.text else {
            refused += 1;
            continue;
        };
        let dest = out_dir.join(rel).with_extension("topo");
        if let Some(parent) = dest.parent() {
            if let Err(e) = std::fs::create_dir_all(parent) {
                return usage(format!("cannot create `{}`: {e}", parent.display()));
            }
        }
        if let Err(e) = write_output(Some(&dest), out.as_bytes()) {
            return usage(&e);
        }
        converted += 1;
    }
    if library > 0 {
        eprintln!(
            "note: {} SOF's macro library; tplg has its own: skipped",
            if library == 1 {
                "1 file is".to_string()
            } else {
                format!("{library} files are")
            }
        );
    }
    eprintln!(
        "migrated {converted} of {}; {} refused",
        plural(files.len() - library, "file"),
        refused
    );
    if refused > 0 {
        EXIT_ERRORS
    } else {
        EXIT_OK
    }
}

/// The build variants the CMake files list.
pub(super) fn cmake_variants(cmake: &[PathBuf]) -> Vec<(String, Vec<String>)> {
    cmake
        .iter()
        // a CMake file that cannot be read only tells us less
        .filter_map(|f| std::fs::read_to_string(f).ok())
        .flat_map(|text| crate::migrate::cmake_variants(&text))
        .collect()
}

/// The values `-DNAME=VALUE` gives each name, on the command line and in
/// the CMake lists.
pub(super) fn migrate_values(
    defines: &[String],
    cmake: &[PathBuf],
) -> std::collections::HashMap<String, std::collections::BTreeSet<String>> {
    let mut out: std::collections::HashMap<String, std::collections::BTreeSet<String>> = cmake
        .iter()
        .filter_map(|f| std::fs::read_to_string(f).ok())
        .flat_map(|text| crate::migrate::cmake_values(&text))
        .fold(Default::default(), |mut acc, (k, v)| {
            acc.entry(k).or_default().extend(v);
            acc
        });
    for d in defines {
        let (n, v) = d.split_once('=').unwrap_or((d, ""));
        let v = m4_unquote(v).unwrap_or_else(|_| v.to_string());
        out.entry(n.to_string()).or_default().insert(v);
    }
    out
}

/// What the files of a tree say about their names, each file read once:
/// the names they test unquoted (`ifdef(NAME, …)`), define as argument
/// lists (and how the tree reads those), and the values they define names
/// as (see `migrate::define_values`).
struct TreeFacts {
    value_tested: std::collections::HashSet<String>,
    arg_lists: std::collections::HashMap<String, std::collections::BTreeSet<Option<String>>>,
    define_values: std::collections::HashMap<String, std::collections::BTreeSet<String>>,
}

fn tree_facts(files: &[PathBuf]) -> TreeFacts {
    let texts: Vec<String> = files
        .iter()
        .filter_map(|f| std::fs::read_to_string(f).ok())
        .collect();
    let mut define_values: std::collections::HashMap<_, std::collections::BTreeSet<_>> =
        Default::default();
    for (name, value) in texts.iter().flat_map(|t| crate::migrate::define_values(t)) {
        define_values.entry(name).or_default().insert(value);
    }
    TreeFacts {
        value_tested: texts
            .iter()
            .flat_map(|t| crate::migrate::unquoted_ifdefs(t).collect::<Vec<_>>())
            .collect(),
        arg_lists: crate::migrate::merge_arg_lists(
            texts.iter().map(|t| crate::migrate::arg_lists(t)),
        ),
        define_values,
    }
}

/// The names `-D NAME` and `-D NAME=VALUE` flags define.
pub(super) fn define_names(defines: &[String]) -> Vec<String> {
    defines
        .iter()
        .map(|d| d.split_once('=').map_or(d.as_str(), |(n, _)| n).to_string())
        .collect()
}

/// The -D names given on the command line, and those the CMake variants
/// built from `file` pass (every variant's, for a fragment).
pub(super) fn migrate_inputs(
    defines: &[String],
    variants: &[(String, Vec<String>)],
    file: &Path,
) -> Vec<String> {
    let mut out = define_names(defines);
    out.extend(crate::migrate::inputs_for(file, variants));
    out.sort();
    out.dedup();
    out
}
