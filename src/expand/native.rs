//! The library's building blocks as native functions of the template
//! environment: the names SOF gives widgets, vendor tuples and the data that
//! carries them, the `SectionWidget` every widget is, sample-format
//! arithmetic, and the widgets nearly every pipeline is made of (host PCM,
//! buffer, volume, mixer, SRC, IIR equalizer, DAI, scheduler and graph,
//! mixer and bytes controls). Nearly every template calls them, many times
//! per statement; as templates of their own they were imported (evaluated
//! again) at each render, some 200 times for one board, and each call ran
//! the template machine. Here they are plain string building.
//!
//! Each writes exactly the text its template did (the tests below render the
//! former templates beside these functions), and takes its arguments as a
//! macro does: positionally or by name, with the same defaults.

use super::sof_uuid;
use minijinja::value::{Kwargs, Rest, Value};
use minijinja::{Environment, Error, ErrorKind};
use std::borrow::Cow;
use std::fmt::Write;

/// The global every function and table of this module is found under:
/// `native.buf(…)`. One name, so that a template variable (a statement's
/// argument is one) cannot hide them; `lib/names.j2` and its siblings name
/// them for import.
pub(crate) const NAMESPACE: &str = "native";

/// The library files that name native functions for import, and the names
/// each gives (`{% set pga = native.pga %}`). `widget/bytecontrol.j2` has a
/// macro of its own besides (`coef_data`, which includes a file).
pub(super) const FILES: &[(&str, &[&str])] = &[
    (
        "lib/names.j2",
        &[
            "widget_name",
            "buf",
            "pcm_widget",
            "dai_widget_name",
            "pipeline_widget",
        ],
    ),
    (
        "lib/tuples.j2",
        &[
            "vendor_tuples",
            "section_data",
            "tuple_data",
            "comp_uuid",
            "comp_periods",
            "comp_format",
        ],
    ),
    ("lib/widget.j2", &["widget", "effect"]),
    (
        "lib/format.j2",
        &[
            "sample_bytes",
            "capability_formats",
            "format_names",
            "period_frames",
            "buffer_size",
        ],
    ),
    ("widget/buffer.j2", &["buffer"]),
    ("widget/pcm.j2", &["host_pcm", "pcm_capabilities"]),
    ("widget/pipeline.j2", &["scheduler", "graph"]),
    ("widget/pga.j2", &["pga"]),
    (
        "widget/mixercontrol.j2",
        &[
            "mixer_control",
            "volume_control",
            "switch_control",
            "stereo_volume_channels",
            "stereo_switch_channels",
        ],
    ),
    ("widget/dai.j2", &["dai_widget"]),
    ("widget/bytecontrol.j2", &["bytes_control"]),
    ("widget/eq_iir.j2", &["eq_iir"]),
    ("widget/mixer.j2", &["mixer"]),
    ("widget/src.j2", &["src"]),
    (
        "dai/common.j2",
        &["check_names", "common_tuples", "be_section", "be_link"],
    ),
];

/// `text` with each line `{% from "F" import a, b as c %}` of a file `F` of
/// `built_in` (the [`FILES`] no `-I` directory replaces) made
/// `{% set a = native.a %}{% set c = native.b %}`: the same names bound to
/// the same values, without evaluating `F` again at every render. Names `F`
/// has as macros of its own stay imported (`{% from "F" import rest %}`
/// after the sets). The line stays one line, so line numbers in errors stay;
/// with `trim_blocks` none of it writes any text. A top-level `set` of a
/// lower-case name is not published (see `Rendered`), and macros of the
/// template see it as they see an import.
///
/// Only the one-line form, as the library writes it, is rewritten: an
/// import across lines, with `{%-`/`-%}`, or `with context`, stays an
/// import (it works, only slower).
pub(super) fn native_imports(text: &str, built_in: &[(&str, &[&str])]) -> String {
    if built_in.is_empty() || !text.contains("{% from \"") {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let tag = line.trim_end_matches(['\n', '\r']);
        match rewrite_import(tag, built_in) {
            Some(sets) => {
                out.push_str(&sets);
                out.push_str(&line[tag.len()..]);
            }
            None => out.push_str(line),
        }
    }
    out
}

/// One line `{% from "F" import … %}` as sets of the native names (and an
/// import of the others), or `None` to keep the line as it is.
fn rewrite_import(tag: &str, built_in: &[(&str, &[&str])]) -> Option<String> {
    let rest = tag.strip_prefix("{% from \"")?;
    let (file, rest) = rest.split_once('"')?;
    let list = rest.strip_prefix(" import ")?.strip_suffix(" %}")?;
    let (_, natives) = built_in.iter().find(|(f, _)| *f == file)?;
    let mut items = Vec::new();
    for item in list.split(',') {
        let words: Vec<&str> = item.split_whitespace().collect();
        let (name, alias) = match words[..] {
            [name] => (name, name),
            [name, "as", alias] => (name, alias),
            _ => return None,
        };
        if !is_identifier(name) || !is_identifier(alias) {
            return None;
        }
        items.push((name, alias));
    }
    if !items.iter().any(|(name, _)| natives.contains(name)) {
        return None;
    }
    let mut sets = String::new();
    let mut kept = Vec::new();
    for (name, alias) in items {
        if natives.contains(&name) {
            let _ = write!(sets, "{{% set {alias} = {NAMESPACE}.{name} %}}");
        } else if name == alias {
            kept.push(name.to_string());
        } else {
            kept.push(format!("{name} as {alias}"));
        }
    }
    if !kept.is_empty() {
        let _ = write!(sets, "{{% from \"{file}\" import {} %}}", kept.join(", "));
    }
    Some(sets)
}

fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// A native function: a macro's arguments in, its text out.
pub(super) type Native = fn(Rest<Value>) -> Result<Value, Error>;

/// Registers [`NAMESPACE`] in `env`, and each member a `lib/` file names
/// ([`NAMES`]) as a global of its own name too (no statement parameter
/// takes one of these names). The widget functions are members of
/// [`NAMESPACE`] only: a statement parameter may take one of their names
/// (`DAI_ADD`'s `buffer`), and a template reaches them through the sets
/// [`native_imports`] writes.
pub(super) fn register(env: &mut Environment<'static>) {
    let functions: [(&str, Native); 15] = [
        ("widget_name", widget_name),
        ("buf", buf),
        ("pcm_widget", pcm_widget),
        ("dai_widget_name", dai_widget_name),
        ("pipeline_widget", pipeline_widget),
        ("vendor_tuples", vendor_tuples),
        ("section_data", section_data),
        ("tuple_data", tuple_data),
        ("comp_uuid", comp_uuid),
        ("comp_periods", comp_periods),
        ("comp_format", comp_format),
        ("widget", widget),
        ("effect", effect),
        ("period_frames", period_frames),
        ("buffer_size", buffer_size),
    ];
    let widgets: [(&str, Native); 18] = [
        ("check_names", check_names),
        ("common_tuples", common_tuples),
        ("be_section", be_section),
        ("be_link", be_link),
        ("buffer", buffer),
        ("host_pcm", host_pcm),
        ("pcm_capabilities", pcm_capabilities),
        ("scheduler", scheduler),
        ("graph", graph),
        ("pga", pga),
        ("mixer_control", mixer_control),
        ("volume_control", volume_control),
        ("switch_control", switch_control),
        ("dai_widget", dai_widget),
        ("bytes_control", bytes_control),
        ("eq_iir", eq_iir),
        ("mixer", mixer),
        ("src", src),
    ];
    let mut members: Vec<(&str, Value)> = functions
        .into_iter()
        .map(|(n, f)| (n, Value::from_function(f)))
        .collect();
    let formats = &crate::vocab::vocabulary().formats;
    let sample_bytes = formats.iter().map(|(n, f)| (n.as_str(), f.bytes));
    members.push(("sample_bytes", Value::from_iter(sample_bytes)));
    members.push((
        "capability_formats",
        Value::from_iter(CAPABILITY_FORMATS.iter().copied()),
    ));
    let alsa = formats.iter().map(|(n, f)| (n.as_str(), f.alsa.as_str()));
    members.push(("format_names", Value::from_iter(alsa)));
    for (name, value) in &members {
        env.add_global(*name, value.clone());
    }
    members.extend(
        widgets
            .into_iter()
            .map(|(n, f)| (n, Value::from_function(f))),
    );
    members.push(("stereo_volume_channels", stereo_channels(1)));
    members.push(("stereo_switch_channels", stereo_channels(2)));
    env.add_global(NAMESPACE, Value::from_iter(members));
}

/// The names of the functions and tables the `lib/` files name, each a
/// global too (the widget functions of [`FILES`] are not: see [`register`]).
pub(crate) const NAMES: &[&str] = &[
    "widget_name",
    "buf",
    "pcm_widget",
    "dai_widget_name",
    "pipeline_widget",
    "vendor_tuples",
    "section_data",
    "tuple_data",
    "comp_uuid",
    "comp_periods",
    "comp_format",
    "widget",
    "effect",
    "period_frames",
    "buffer_size",
    "sample_bytes",
    "capability_formats",
    "format_names",
];

/// ALSA format names a PCM offers for a pipeline format (SOF converts down).
/// Bytes per sample and the one ALSA name come from the vocabulary.
pub(super) const CAPABILITY_FORMATS: &[(&str, &str)] = &[
    ("s16le", "S16_LE"),
    ("s24le", "S24_LE,S16_LE"),
    ("s32le", "S32_LE,S24_LE,S16_LE"),
    ("float", "FLOAT_LE"),
];

/// A macro's result: text, as a called macro gives it.
fn text(s: String) -> Value {
    Value::from_safe_string(s)
}

fn invalid(msg: String) -> Error {
    Error::new(ErrorKind::InvalidOperation, msg)
}

/// A parameter's default: its name and how to make the value.
type Default = (&'static str, fn() -> Value);

/// Arguments bound to parameters as a template macro binds them: positional
/// first, then by name; a parameter given neither way takes its default.
struct Bound(Vec<Option<Value>>);

impl Bound {
    fn new(
        func: &str,
        params: &[&str],
        defaults: &[Default],
        args: Rest<Value>,
    ) -> Result<Bound, Error> {
        let mut args = args.0;
        let kwargs = match args.last() {
            Some(v) if v.is_kwargs() => Some(Kwargs::try_from(args.pop().unwrap_or_default())?),
            _ => None,
        };
        if args.len() > params.len() {
            return Err(Error::new(
                ErrorKind::TooManyArguments,
                format!(
                    "{func} takes {} arguments, got {}",
                    params.len(),
                    args.len()
                ),
            ));
        }
        let mut vals: Vec<Option<Value>> = args.into_iter().map(Some).collect();
        vals.resize(params.len(), None);
        if let Some(kw) = &kwargs {
            for name in kw.args() {
                let Some(i) = params.iter().position(|p| *p == name) else {
                    return Err(Error::new(
                        ErrorKind::TooManyArguments,
                        format!("{func} has no parameter `{name}`"),
                    ));
                };
                if vals[i].is_some() {
                    return Err(invalid(format!("{func}: `{name}` given twice")));
                }
                vals[i] = Some(kw.get::<Value>(name)?);
            }
        }
        for (i, p) in params.iter().enumerate() {
            if vals[i].is_none() {
                match defaults.iter().find(|(n, _)| n == p) {
                    Some((_, d)) => vals[i] = Some(d()),
                    None => {
                        return Err(Error::new(
                            ErrorKind::MissingArgument,
                            format!("{func} needs `{p}`"),
                        ))
                    }
                }
            }
        }
        Ok(Bound(vals))
    }

    fn get(&self, i: usize) -> &Value {
        // every slot is filled by `new`
        self.0[i].as_ref().expect("bound argument")
    }
}

/// The items of a list argument (a sequence, as `{% for %}` walks it).
fn items<'v>(func: &str, what: &str, v: &'v Value) -> Result<Cow<'v, [Value]>, Error> {
    if let Some(list) = list(v) {
        return Ok(Cow::Borrowed(list));
    }
    match v.try_iter() {
        Ok(it) => Ok(Cow::Owned(it.collect())),
        Err(_) => Err(invalid(format!("{func}: `{what}` is not a list: {v}"))),
    }
}

/// The items of a list a template wrote (`[a, b]`) or a function made,
/// without going through the object protocol item by item.
fn list(v: &Value) -> Option<&[Value]> {
    v.downcast_object_ref::<Vec<Value>>().map(Vec::as_slice)
}

/// `for a, b in list`: an item unpacked into its two values.
fn pair<'v>(func: &str, item: &'v Value) -> Result<(Cow<'v, Value>, Cow<'v, Value>), Error> {
    let bad = || invalid(format!("{func}: `{item}` is not a pair"));
    if let Some(list) = list(item) {
        return match list {
            [a, b] => Ok((Cow::Borrowed(a), Cow::Borrowed(b))),
            _ => Err(bad()),
        };
    }
    if item.len() != Some(2) {
        return Err(bad());
    }
    Ok((
        Cow::Owned(item.get_item_by_index(0).map_err(|_| bad())?),
        Cow::Owned(item.get_item_by_index(1).map_err(|_| bad())?),
    ))
}

/// `{{ v }}` of a value, appended: strings and integers directly, anything
/// else as minijinja prints it.
fn push_value(out: &mut String, v: &Value) {
    push_arg(out, Arg::of(v));
}

/// A value as `{{ v }}` writes it, for the typed cores below (the `push_*`
/// functions, which the native functions and the native twins call): the
/// strings and integers nearly every argument is are written without the
/// fmt machinery and without making a minijinja value of each part.
#[derive(Clone, Copy, Debug)]
pub(super) enum Arg<'a> {
    Str(&'a str),
    Int(i64),
    /// anything else, written as minijinja prints it
    Value(&'a Value),
}

impl<'a> Arg<'a> {
    pub(super) fn of(v: &'a Value) -> Arg<'a> {
        if let Some(s) = v.as_str() {
            Arg::Str(s)
        } else if let (true, Some(i)) = (v.is_integer(), v.as_i64()) {
            Arg::Int(i)
        } else {
            Arg::Value(v)
        }
    }
}

impl<'a> From<&'a str> for Arg<'a> {
    fn from(s: &'a str) -> Self {
        Arg::Str(s)
    }
}

impl<'a> From<&'a String> for Arg<'a> {
    fn from(s: &'a String) -> Self {
        Arg::Str(s)
    }
}

impl<'a> From<&'a Value> for Arg<'a> {
    fn from(v: &'a Value) -> Self {
        Arg::of(v)
    }
}

impl From<i64> for Arg<'_> {
    fn from(i: i64) -> Self {
        Arg::Int(i)
    }
}

/// `&[Arg::from(a), Arg::from(b), …]`: a name in parts.
macro_rules! parts {
    ($($p:expr),* $(,)?) => { &[$(Arg::from($p)),*] };
}

#[inline]
fn push_arg(out: &mut String, a: Arg) {
    match a {
        Arg::Str(s) => out.push_str(s),
        Arg::Int(i) => push_int(out, i),
        Arg::Value(v) => {
            let _ = write!(out, "{v}");
        }
    }
}

fn push_args(out: &mut String, parts: &[Arg]) {
    for p in parts {
        push_arg(out, *p);
    }
}

/// An integer in decimal, as `{{ i }}` writes it.
fn push_int(out: &mut String, i: i64) {
    if let Ok(d @ 0..=9) = u8::try_from(i) {
        out.push(char::from(b'0' + d));
        return;
    }
    let mut digits = [0u8; 20];
    let mut n = i.unsigned_abs();
    let mut at = digits.len();
    loop {
        at -= 1;
        // n % 10 < 10
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    if i < 0 {
        at -= 1;
        digits[at] = b'-';
    }
    // ASCII digits
    out.push_str(std::str::from_utf8(&digits[at..]).unwrap_or_default());
}

/// The parts of a name, joined: the names the twins and the widgets make
/// (`BUF1.0`, `PGA2.0`).
pub(super) fn join(parts: &[Arg]) -> String {
    let mut s = String::with_capacity(16);
    push_args(&mut s, parts);
    s
}

/// `widget_name(prefix, pipe, n)`: `<prefix><pipe>.<n>`.
pub(super) fn widget_name(args: Rest<Value>) -> Result<Value, Error> {
    let a = Bound::new("widget_name", &["prefix", "pipe", "n"], &[], args)?;
    Ok(text(join(parts![a.get(0), a.get(1), ".", a.get(2)])))
}

/// `buf(pipe, n)`: `BUF<pipe>.<n>`.
pub(super) fn buf(args: Rest<Value>) -> Result<Value, Error> {
    let a = Bound::new("buf", &["pipe", "n"], &[], args)?;
    Ok(text(join(parts!["BUF", a.get(0), ".", a.get(1)])))
}

fn is_playback(v: &Value) -> bool {
    v.as_str() == Some("playback")
}

/// `pcm_widget(pcm, direction)`: `PCM<pcm>P`, or `PCM<pcm>C` for capture.
pub(super) fn pcm_widget(args: Rest<Value>) -> Result<Value, Error> {
    let a = Bound::new("pcm_widget", &["pcm", "direction"], &[], args)?;
    let d = if is_playback(a.get(1)) { "P" } else { "C" };
    Ok(text(join(parts!["PCM", a.get(0), d])))
}

/// `dai_widget_name(type, index, direction)`: `<type><index>.OUT`, or `.IN`
/// for capture.
fn dai_widget_name(args: Rest<Value>) -> Result<Value, Error> {
    let a = Bound::new(
        "dai_widget_name",
        &["type", "index", "direction"],
        &[],
        args,
    )?;
    let d = if is_playback(a.get(2)) { ".OUT" } else { ".IN" };
    Ok(text(join(parts![a.get(0), a.get(1), d])))
}

/// `pipeline_widget(pipe, comp)`: `PIPELINE.<pipe>.<comp>`.
fn pipeline_widget(args: Rest<Value>) -> Result<Value, Error> {
    let a = Bound::new("pipeline_widget", &["pipe", "comp"], &[], args)?;
    Ok(text(join(parts!["PIPELINE.", a.get(0), ".", a.get(1)])))
}

/// `SectionVendorTuples."<name>"` with one group per tuple type:
/// `groups = [["word", [[token, value], …]], ["string", …], …]`.
pub(super) fn write_tuples(
    out: &mut String,
    name: &dyn std::fmt::Display,
    tokens: &Value,
    groups: &Value,
) -> Result<(), Error> {
    let _ = writeln!(out, "SectionVendorTuples.\"{name}\" {{");
    out.push_str("\ttokens \"");
    push_value(out, tokens);
    out.push_str("\"\n");
    for group in items("vendor_tuples", "groups", groups)?.iter() {
        let (ty, entries) = pair("vendor_tuples", group)?;
        push_group_head(out, Arg::of(&ty));
        for entry in items("vendor_tuples", "entries", &entries)?.iter() {
            let (token, value) = pair("vendor_tuples", entry)?;
            push_tuple(out, Arg::of(&token), Arg::of(&value));
        }
        out.push_str("\t}\n");
    }
    out.push_str("}\n");
    Ok(())
}

/// Tuples of one type, typed: `(type, [(token, value), …])`.
pub(super) type Group<'a> = (&'a str, &'a [(&'a str, Arg<'a>)]);

/// [`write_tuples`] of typed groups, named by the parts of `name`.
fn push_tuples(out: &mut String, name: &[Arg], tokens: &str, groups: &[Group]) {
    out.push_str("SectionVendorTuples.\"");
    push_args(out, name);
    out.push_str("\" {\n\ttokens \"");
    out.push_str(tokens);
    out.push_str("\"\n");
    for (ty, entries) in groups {
        push_group_head(out, Arg::Str(ty));
        for (token, value) in *entries {
            push_tuple(out, Arg::Str(token), *value);
        }
        out.push_str("\t}\n");
    }
    out.push_str("}\n");
}

fn push_group_head(out: &mut String, ty: Arg) {
    out.push_str("\ttuples.\"");
    push_arg(out, ty);
    out.push_str("\" {\n");
}

fn push_tuple(out: &mut String, token: Arg, value: Arg) {
    out.push_str("\t\t");
    push_arg(out, token);
    out.push_str("\t\"");
    push_arg(out, value);
    out.push_str("\"\n");
}

/// `SectionData."<name>"` wrapping one set of tuples.
fn write_data(out: &mut String, name: &dyn std::fmt::Display, tuples: &dyn std::fmt::Display) {
    let _ = write!(
        out,
        "SectionData.\"{name}\" {{\n\ttuples \"{tuples}\"\n}}\n"
    );
}

/// [`write_data`] of names in parts.
fn push_data(out: &mut String, name: &[Arg], tuples: &[Arg]) {
    out.push_str("SectionData.\"");
    push_args(out, name);
    out.push_str("\" {\n\ttuples \"");
    push_args(out, tuples);
    out.push_str("\"\n}\n");
}

/// Tuples and their data: `<prefix>_tuples<suffix>`, `<prefix>_data<suffix>`.
pub(super) fn write_tuple_data(
    out: &mut String,
    prefix: &Value,
    suffix: &dyn std::fmt::Display,
    tokens: &Value,
    groups: &Value,
) -> Result<(), Error> {
    let tuples = format!("{prefix}_tuples{suffix}");
    write_tuples(out, &tuples, tokens, groups)?;
    out.push('\n');
    write_data(out, &format_args!("{prefix}_data{suffix}"), &tuples);
    out.push('\n');
    Ok(())
}

/// [`write_tuple_data`] of typed groups.
fn push_tuple_data(out: &mut String, prefix: &str, suffix: &str, tokens: &str, groups: &[Group]) {
    push_tuples(out, parts![prefix, "_tuples", suffix], tokens, groups);
    out.push('\n');
    push_data(
        out,
        parts![prefix, "_data", suffix],
        parts![prefix, "_tuples", suffix],
    );
    out.push('\n');
}

/// `[[type, [[token, value], …]]]`: one group of tuples.
fn group(ty: &str, entries: Vec<(&str, Value)>) -> Value {
    Value::from(vec![Value::from(vec![
        Value::from(ty),
        Value::from(
            entries
                .into_iter()
                .map(|(t, v)| Value::from(vec![Value::from(t), v]))
                .collect::<Vec<_>>(),
        ),
    ])])
}

pub(super) fn vendor_tuples(args: Rest<Value>) -> Result<Value, Error> {
    let a = Bound::new("vendor_tuples", &["name", "tokens", "groups"], &[], args)?;
    let mut out = String::new();
    write_tuples(&mut out, a.get(0), a.get(1), a.get(2))?;
    Ok(text(out))
}

/// `vendor_tuples(name, tokens, groups)` of typed groups, named by the
/// parts of `name`.
pub(super) fn push_vendor_tuples(out: &mut String, name: &[Arg], tokens: &str, groups: &[Group]) {
    push_tuples(out, name, tokens, groups);
}

pub(super) fn section_data(args: Rest<Value>) -> Result<Value, Error> {
    let a = Bound::new("section_data", &["name", "tuples_name"], &[], args)?;
    let mut out = String::new();
    push_section_data(&mut out, parts![a.get(0)], parts![a.get(1)]);
    Ok(text(out))
}

/// `section_data(name, tuples_name)` of names in parts.
pub(super) fn push_section_data(out: &mut String, name: &[Arg], tuples: &[Arg]) {
    push_data(out, name, tuples);
}

pub(super) fn tuple_data(args: Rest<Value>) -> Result<Value, Error> {
    let a = Bound::new(
        "tuple_data",
        &["prefix", "suffix", "tokens", "groups"],
        &[],
        args,
    )?;
    let mut out = String::new();
    write_tuple_data(&mut out, a.get(0), a.get(1), a.get(2), a.get(3))?;
    Ok(text(out))
}

/// The component UUID tuple of widget `w` (`<w>_tuples_uuid`).
fn write_comp_uuid(out: &mut String, w: &Value, uuid: &Value) -> Result<(), Error> {
    let guid = uuid
        .as_str()
        .ok_or_else(|| invalid(format!("`{uuid}` is not a GUID")))?;
    push_comp_uuid(out, &join(parts![w]), &sof_uuid(guid)?);
    Ok(())
}

/// [`write_comp_uuid`], typed: `token` is the tuple's text ([`sof_uuid`]).
fn push_comp_uuid(out: &mut String, w: &str, token: &str) {
    push_tuple_data(
        out,
        w,
        "_uuid",
        "sof_comp_tokens",
        &[("uuid", &[("SOF_TKN_COMP_UUID", Arg::Str(token))])],
    );
    out.push('\n');
}

fn comp_uuid(args: Rest<Value>) -> Result<Value, Error> {
    let a = Bound::new("comp_uuid", &["w", "uuid"], &[], args)?;
    let mut out = String::new();
    write_comp_uuid(&mut out, a.get(0), a.get(1))?;
    Ok(text(out))
}

/// Period counts and core of widget `w`.
fn write_comp_periods(
    out: &mut String,
    w: &Value,
    suffix: &Value,
    sink: &Value,
    source: &Value,
    core: &Value,
) -> Result<(), Error> {
    push_comp_periods(
        out,
        &join(parts![w]),
        &join(parts![suffix]),
        Arg::of(sink),
        Arg::of(source),
        Arg::of(core),
    );
    Ok(())
}

/// [`write_comp_periods`], typed.
fn push_comp_periods(out: &mut String, w: &str, suffix: &str, sink: Arg, source: Arg, core: Arg) {
    push_tuple_data(
        out,
        w,
        suffix,
        "sof_comp_tokens",
        &[(
            "word",
            &[
                ("SOF_TKN_COMP_PERIOD_SINK_COUNT", sink),
                ("SOF_TKN_COMP_PERIOD_SOURCE_COUNT", source),
                ("SOF_TKN_COMP_CORE_ID", core),
            ],
        )],
    );
    out.push('\n');
}

fn comp_periods(args: Rest<Value>) -> Result<Value, Error> {
    let a = Bound::new(
        "comp_periods",
        &["w", "suffix", "sink", "source", "core"],
        &[],
        args,
    )?;
    let mut out = String::new();
    write_comp_periods(&mut out, a.get(0), a.get(1), a.get(2), a.get(3), a.get(4))?;
    Ok(text(out))
}

/// One string tuple of the `sof_comp_tokens` or another token set.
#[allow(dead_code)] // for blocks written on values; the others use the typed cores
fn write_string_tuple(
    out: &mut String,
    w: &Value,
    suffix: &dyn std::fmt::Display,
    tokens: &str,
    token: &str,
    value: &Value,
) -> Result<(), Error> {
    push_string_tuple(
        out,
        &join(parts![w]),
        &suffix.to_string(),
        tokens,
        token,
        Arg::of(value),
    );
    Ok(())
}

/// [`write_string_tuple`], typed.
fn push_string_tuple(
    out: &mut String,
    w: &str,
    suffix: &str,
    tokens: &str,
    token: &str,
    value: Arg,
) {
    push_tuple_data(out, w, suffix, tokens, &[("string", &[(token, value)])]);
}

fn comp_format(args: Rest<Value>) -> Result<Value, Error> {
    let a = Bound::new(
        "comp_format",
        &["w", "format", "suffix"],
        &[("suffix", || Value::from("_str"))],
        args,
    )?;
    let mut out = String::new();
    push_string_tuple(
        &mut out,
        &join(parts![a.get(0)]),
        &join(parts![a.get(2)]),
        "sof_comp_tokens",
        "SOF_TKN_COMP_FORMAT",
        Arg::of(a.get(1)),
    );
    out.push('\n');
    Ok(text(out))
}

/// `SectionWidget."<name>"`: `extra` lists `[key, value]` lines written
/// before `data`; `mixers` and `bytes` (when not none) its controls.
#[allow(clippy::too_many_arguments)]
fn write_widget(
    out: &mut String,
    name: &dyn std::fmt::Display,
    index: &Value,
    ty: &Value,
    data_names: &Value,
    extra: &Value,
    mixers: &Value,
    bytes: &Value,
) -> Result<(), Error> {
    let name = name.to_string();
    let extra = items("widget", "extra", extra)?;
    let extra = extra
        .iter()
        .map(|line| pair("widget", line))
        .collect::<Result<Vec<_>, _>>()?;
    let values: Vec<[Arg; 1]> = extra.iter().map(|(_, v)| [Arg::of(v)]).collect();
    let extra: Vec<(Arg, &[Arg])> = extra
        .iter()
        .zip(&values)
        .map(|((k, _), v)| (Arg::of(k), &v[..]))
        .collect();
    let data = items("widget", "data_names", data_names)?;
    let data: Vec<Arg> = data.iter().map(Arg::of).collect();
    let list = |key: &str, list: &'_ Value| -> Result<Option<Vec<Value>>, Error> {
        if list.is_none() {
            return Ok(None);
        }
        Ok(Some(items("widget", key, list)?.into_owned()))
    };
    let (mixers, bytes) = (list("mixer", mixers)?, list("bytes", bytes)?);
    let (mixers, bytes) = (
        mixers.as_deref().map(arg_list),
        bytes.as_deref().map(arg_list),
    );
    push_widget(
        out,
        &WidgetText {
            name: Arg::Str(&name),
            index: Arg::of(index),
            ty: Arg::of(ty),
            extra: &extra,
            base: "",
            suffixes: &[],
            more: &data,
            mixers: mixers.as_deref(),
            bytes: bytes.as_deref(),
        },
    );
    Ok(())
}

/// The items of a list as [`Arg`]s.
fn arg_list(list: &[Value]) -> Vec<Arg<'_>> {
    list.iter().map(Arg::of).collect()
}

/// A `SectionWidget`, typed: what [`write_widget`] writes.
struct WidgetText<'a> {
    name: Arg<'a>,
    index: Arg<'a>,
    ty: Arg<'a>,
    /// `key "value"` lines before `data`, each value in parts
    extra: &'a [(Arg<'a>, &'a [Arg<'a>])],
    /// the data: `base` with each of `suffixes`, then `more`
    base: &'a str,
    suffixes: &'a [&'a str],
    more: &'a [Arg<'a>],
    mixers: Option<&'a [Arg<'a>]>,
    bytes: Option<&'a [Arg<'a>]>,
}

/// `[["no_pm", "true"]]`, the `extra` of most widgets, typed.
const NO_PM: &[(Arg, &[Arg])] = &[(Arg::Str("no_pm"), &[Arg::Str("true")])];

fn push_widget(out: &mut String, w: &WidgetText) {
    out.push_str("SectionWidget.\"");
    push_arg(out, w.name);
    out.push_str("\" {\n\tindex \"");
    push_arg(out, w.index);
    out.push_str("\"\n\ttype \"");
    push_arg(out, w.ty);
    out.push_str("\"\n");
    for (key, value) in w.extra {
        out.push('\t');
        push_arg(out, *key);
        out.push_str(" \"");
        push_args(out, value);
        out.push_str("\"\n");
    }
    out.push_str("\tdata [\n");
    for s in w.suffixes {
        out.push_str("\t\t\"");
        out.push_str(w.base);
        out.push_str(s);
        out.push_str("\"\n");
    }
    push_quoted(out, w.more);
    out.push_str("\t]\n");
    for (key, list) in [("\tmixer [\n", w.mixers), ("\tbytes [\n", w.bytes)] {
        if let Some(list) = list {
            out.push_str(key);
            push_quoted(out, list);
            out.push_str("\t]\n");
        }
    }
    out.push_str("}\n");
}

/// Each of `names` on a line of its own, quoted, as a list's items.
fn push_quoted(out: &mut String, names: &[Arg]) {
    for n in names {
        out.push_str("\t\t\"");
        push_arg(out, *n);
        out.push_str("\"\n");
    }
}

fn widget(args: Rest<Value>) -> Result<Value, Error> {
    let a = Bound::new(
        "widget",
        &[
            "name",
            "index",
            "type",
            "data_names",
            "extra",
            "mixers",
            "bytes",
        ],
        &[
            ("extra", || Value::from(Vec::<Value>::new())),
            ("mixers", || Value::from(())),
            ("bytes", || Value::from(())),
        ],
        args,
    )?;
    let mut out = String::new();
    write_widget(
        &mut out,
        a.get(0),
        a.get(1),
        a.get(2),
        a.get(3),
        a.get(4),
        a.get(5),
        a.get(6),
    )?;
    Ok(text(out))
}

/// A processing component `<prefix><pipe>.<n>` (type effect, SOF's
/// W_EFFECT) of process type `process`, with its bytes controls.
fn effect(args: Rest<Value>) -> Result<Value, Error> {
    let a = Bound::new(
        "effect",
        &[
            "prefix", "pipe", "n", "uuid", "process", "format", "sink", "source", "core", "bytes",
        ],
        &[],
        args,
    )?;
    let mut out = String::new();
    write_effect(
        &mut out,
        a.get(0),
        &Component {
            pipe: a.get(1),
            n: a.get(2),
            format: a.get(5),
            sink: a.get(6),
            source: a.get(7),
            core: a.get(8),
        },
        a.get(3),
        a.get(4),
        a.get(9),
    )?;
    Ok(text(out))
}

/// What every pipeline component is given: its place `<pipe>.<n>`, its
/// sample format, its period counts and core.
struct Component<'a> {
    pipe: &'a Value,
    n: &'a Value,
    format: &'a Value,
    sink: &'a Value,
    source: &'a Value,
    core: &'a Value,
}

impl Component<'_> {
    fn typed(&self) -> Comp<'_> {
        Comp {
            pipe: Arg::of(self.pipe),
            n: Arg::of(self.n),
            format: Arg::of(self.format),
            sink: Arg::of(self.sink),
            source: Arg::of(self.source),
            core: Arg::of(self.core),
        }
    }
}

/// A [`Component`], typed.
#[derive(Clone, Copy)]
pub(super) struct Comp<'a> {
    pub(super) pipe: Arg<'a>,
    pub(super) n: Arg<'a>,
    pub(super) format: Arg<'a>,
    pub(super) sink: Arg<'a>,
    pub(super) source: Arg<'a>,
    pub(super) core: Arg<'a>,
}

/// [`effect`]'s text.
fn write_effect(
    out: &mut String,
    prefix: &dyn std::fmt::Display,
    c: &Component,
    uuid: &Value,
    process: &Value,
    bytes: &Value,
) -> Result<(), Error> {
    let guid = uuid
        .as_str()
        .ok_or_else(|| invalid(format!("`{uuid}` is not a GUID")))?;
    let token = sof_uuid(guid)?;
    let bytes = match bytes.is_none() {
        true => None,
        false => Some(items("widget", "bytes", bytes)?),
    };
    let bytes = bytes.as_deref().map(arg_list);
    push_effect(
        out,
        &prefix.to_string(),
        &c.typed(),
        &token,
        Arg::of(process),
        bytes.as_deref(),
    );
    Ok(())
}

/// [`write_effect`], typed: `token` is the UUID tuple's text.
fn push_effect(
    out: &mut String,
    prefix: &str,
    c: &Comp,
    token: &str,
    process: Arg,
    bytes: Option<&[Arg]>,
) {
    let w = join(&[Arg::Str(prefix), c.pipe, Arg::Str("."), c.n]);
    push_comp_uuid(out, &w, token);
    out.push('\n');
    push_comp_periods(out, &w, "_w", c.sink, c.source, c.core);
    out.push('\n');
    push_string_tuple(
        out,
        &w,
        "_str",
        "sof_comp_tokens",
        "SOF_TKN_COMP_FORMAT",
        c.format,
    );
    out.push('\n');
    push_string_tuple(
        out,
        &w,
        "_str_type",
        "sof_process_tokens",
        "SOF_TKN_PROCESS_TYPE",
        process,
    );
    out.push('\n');
    push_widget(
        out,
        &WidgetText {
            name: Arg::Str(&w),
            index: c.pipe,
            ty: Arg::Str("effect"),
            extra: NO_PM,
            base: &w,
            suffixes: &["_data_uuid", "_data_w", "_data_str", "_data_str_type"],
            more: &[],
            mixers: None,
            bytes,
        },
    );
    out.push('\n');
}

/// `[w ~ s for s in suffixes]`: the names of a widget's parts.
#[allow(dead_code)] // for blocks written on values; the others use the typed cores
fn suffixed(w: &Value, suffixes: &[&str]) -> Vec<Value> {
    suffixes
        .iter()
        .map(|s| Value::from(format!("{w}{s}")))
        .collect()
}

/// `[[key, value], …]`: the `extra` lines of a widget.
#[allow(dead_code)] // for blocks written on values; the others use the typed cores
fn lines(pairs: &[(&str, Value)]) -> Value {
    Value::from(
        pairs
            .iter()
            .map(|(k, v)| Value::from(vec![Value::from(*k), v.clone()]))
            .collect::<Vec<_>>(),
    )
}

/// An integer argument of the format arithmetic.
fn int(func: &str, what: &str, v: &Value) -> Result<i64, Error> {
    if let (true, Some(i)) = (v.is_integer(), v.as_i64()) {
        return Ok(i);
    }
    i64::try_from(v.clone())
        .map_err(|_| invalid(format!("{func}: `{what}` must be an integer, found `{v}`")))
}

/// Frames in one scheduling period, rounded as SOF's build rounds (it
/// splits the division by 10^6 to stay within 32 bits).
fn frames(func: &str, rate: &Value, period_us: &Value) -> Result<i64, Error> {
    let rate = int(func, "rate", rate)?;
    let period = int(func, "period_us", period_us)?;
    let overflow = || invalid(format!("{func}: arithmetic overflow"));
    rate.div_euclid(100)
        .checked_mul(period)
        .map(|x| x.div_euclid(10000))
        .ok_or_else(overflow)
}

fn period_frames(args: Rest<Value>) -> Result<Value, Error> {
    let a = Bound::new("period_frames", &["rate", "period_us"], &[], args)?;
    Ok(text(join(&[Arg::Int(frames(
        "period_frames",
        a.get(0),
        a.get(1),
    )?)])))
}

/// Bytes in a buffer of `periods` periods.
pub(super) fn buffer_size(args: Rest<Value>) -> Result<Value, Error> {
    let a = Bound::new(
        "buffer_size",
        &["periods", "format", "channels", "rate", "period_us"],
        &[],
        args,
    )?;
    let size = buffer_bytes(a.get(0), a.get(1), a.get(2), a.get(3), a.get(4))?;
    Ok(text(join(&[Arg::Int(size)])))
}

/// `buffer_size(periods, format, channels, rate, period_us)` as a number.
pub(super) fn buffer_bytes(
    periods: &Value,
    format: &Value,
    channels: &Value,
    rate: &Value,
    period_us: &Value,
) -> Result<i64, Error> {
    let f = "buffer_size";
    let bytes = format
        .as_str()
        .and_then(|f| crate::vocab::vocabulary().format(f))
        .map(|f| i64::from(f.bytes))
        .ok_or_else(|| {
            Error::new(
                ErrorKind::UndefinedError,
                format!("{f}: no sample size for format `{format}`"),
            )
        })?;
    let periods = int(f, "periods", periods)?;
    let channels = int(f, "channels", channels)?;
    let frames = frames(f, rate, period_us)?;
    periods
        .checked_mul(bytes)
        .and_then(|x| x.checked_mul(channels))
        .and_then(|x| x.checked_mul(frames))
        .ok_or_else(|| invalid(format!("{f}: arithmetic overflow")))
}

/// `SOF_RT_UUID`s of the firmware's components.
const HOST_UUID: &str = "8b9d100c-6d78-418f-90a3-e0e805d0852b";
const PGA_UUID: &str = "b77e677e-5ff4-4188-af14-fba8bdbf8682";
const DAI_UUID: &str = "c2b00d27-ffbc-4150-a51a-245c79c5e54b";
const MIXER_UUID: &str = "bc06c037-12aa-417c-9a97-89282e321a76";
const SRC_UUID: &str = "c1c5326d-8390-46b4-aa47-95c3beca6550";
const EQ_IIR_UUID: &str = "5150c0e6-27f9-4ec8-8351-c705b642d12f";

/// The text of a UUID tuple, as [`sof_uuid`] writes it.
type Token = [u8; 47];

/// The UUID tuples of the components above, made at compile time, not at
/// each widget.
const HOST_TOKEN: Token = token(HOST_UUID);
const PGA_TOKEN: Token = token(PGA_UUID);
const DAI_TOKEN: Token = token(DAI_UUID);
const MIXER_TOKEN: Token = token(MIXER_UUID);
const SRC_TOKEN: Token = token(SRC_UUID);
const EQ_IIR_TOKEN: Token = token(EQ_IIR_UUID);

/// [`sof_uuid`] of a GUID of the library (checked by a test).
const fn token(guid: &str) -> Token {
    const ORDER: [usize; 16] = [3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15];
    let g = guid.as_bytes();
    let mut hex = [0u8; 32];
    let (mut i, mut n) = (0, 0);
    while i < g.len() {
        if g[i] != b'-' {
            hex[n] = g[i].to_ascii_lowercase();
            n += 1;
        }
        i += 1;
    }
    let mut t = [b':'; 47];
    let mut k = 0;
    while k < 16 {
        t[3 * k] = hex[2 * ORDER[k]];
        t[3 * k + 1] = hex[2 * ORDER[k] + 1];
        k += 1;
    }
    t
}

fn token_str(t: &Token) -> &str {
    // hex digits and colons
    std::str::from_utf8(t).unwrap_or_default()
}

/// `direction`: `true` for "playback", `false` for "capture"; any other
/// value is a mistake (the former templates took it for capture).
fn playback(func: &str, direction: &Value) -> Result<bool, Error> {
    match direction.as_str() {
        Some("playback") => Ok(true),
        Some("capture") => Ok(false),
        _ => Err(invalid(format!(
            "{func}: `direction` is \"playback\" or \"capture\", not `{direction}`"
        ))),
    }
}

/// `[["no_pm", "true"]]`, the `extra` of most widgets.
#[allow(dead_code)] // for blocks written on values; the others use the typed cores
fn no_pm() -> Value {
    lines(&[("no_pm", Value::from("true"))])
}

/// The channel map of a stereo mixer control: FL and FR at register `reg`,
/// shifts 0 and 1 (`{"name": …, "reg": …, "shift": …}` each, as a
/// `KCONTROL_CHANNEL(…)` record reads).
fn stereo_channels(reg: i64) -> Value {
    Value::from(
        [("FL", 0), ("FR", 1)]
            .into_iter()
            .map(|(name, shift)| {
                Value::from_iter([
                    ("name", Value::from(name)),
                    ("reg", Value::from(reg)),
                    ("shift", Value::from(shift)),
                ])
            })
            .collect::<Vec<_>>(),
    )
}

/// `buffer(pipe, n, size, caps, core_tuple=false)`: the buffer widget
/// `BUF<pipe>.<n>` (SOF's W_BUFFER). With `core_tuple` it carries a core ID
/// tuple, core 0 whatever the pipeline's core, as SOF's library writes it.
pub(super) fn buffer(args: Rest<Value>) -> Result<Value, Error> {
    let a = Bound::new(
        "buffer",
        &["pipe", "n", "size", "caps", "core_tuple"],
        &[("core_tuple", || Value::from(false))],
        args,
    )?;
    let mut out = String::new();
    push_buffer(
        &mut out,
        Arg::of(a.get(0)),
        Arg::of(a.get(1)),
        Arg::of(a.get(2)),
        Arg::of(a.get(3)),
        a.get(4).is_true(),
    );
    Ok(text(out))
}

/// [`buffer`], typed.
pub(super) fn push_buffer(
    out: &mut String,
    pipe: Arg,
    n: Arg,
    size: Arg,
    caps: Arg,
    core_tuple: bool,
) {
    let w = join(&[Arg::Str("BUF"), pipe, Arg::Str("."), n]);
    push_tuple_data(
        out,
        &w,
        "",
        "sof_buffer_tokens",
        &[(
            "word",
            &[("SOF_TKN_BUF_SIZE", size), ("SOF_TKN_BUF_CAPS", caps)],
        )],
    );
    out.push('\n');
    if core_tuple {
        push_tuples(
            out,
            parts![&w, "_comp_tuples"],
            "sof_comp_tokens",
            &[("word", &[("SOF_TKN_COMP_CORE_ID", Arg::Int(0))])],
        );
        out.push('\n');
        push_data(out, parts![&w, "_comp"], parts![&w, "_comp_tuples"]);
        out.push('\n');
    }
    push_widget(
        out,
        &WidgetText {
            name: Arg::Str(&w),
            index: pipe,
            ty: Arg::Str("buffer"),
            extra: NO_PM,
            base: &w,
            suffixes: if core_tuple {
                &["_data", "_comp"]
            } else {
                &["_data"]
            },
            more: &[],
            mixers: None,
            bytes: None,
        },
    );
    out.push('\n');
}

/// `host_pcm(direction, pipe, pcm, stream, sink, source, core)`: the host
/// PCM widget, where the PCM's DMA meets the pipeline: `PCM<pcm>P` of type
/// aif_in for playback, `PCM<pcm>C` of type aif_out for capture.
pub(super) fn host_pcm(args: Rest<Value>) -> Result<Value, Error> {
    let a = Bound::new(
        "host_pcm",
        &[
            "direction",
            "pipe",
            "pcm",
            "stream",
            "sink",
            "source",
            "core",
        ],
        &[],
        args,
    )?;
    let playback = playback("host_pcm", a.get(0))?;
    let mut out = String::new();
    push_host_pcm(
        &mut out,
        playback,
        Arg::of(a.get(1)),
        Arg::of(a.get(2)),
        Arg::of(a.get(3)),
        [a.get(4), a.get(5), a.get(6)].map(Arg::of),
    );
    Ok(text(out))
}

/// [`host_pcm`], typed: `[sink, source, core]` last.
pub(super) fn push_host_pcm(
    out: &mut String,
    playback: bool,
    pipe: Arg,
    pcm: Arg,
    stream: Arg,
    [sink, source, core]: [Arg; 3],
) {
    let w = join(&[
        Arg::Str("PCM"),
        pcm,
        Arg::Str(if playback { "P" } else { "C" }),
    ]);
    push_comp_uuid(out, &w, token_str(&HOST_TOKEN));
    out.push('\n');
    push_comp_periods(out, &w, "_w_comp", sink, source, core);
    out.push('\n');
    push_widget(
        out,
        &WidgetText {
            name: Arg::Str(&w),
            index: pipe,
            ty: Arg::Str(if playback { "aif_in" } else { "aif_out" }),
            extra: &[
                (Arg::Str("no_pm"), &[Arg::Str("true")]),
                (Arg::Str("stream_name"), &[stream, Arg::Str(" "), pcm]),
            ],
            base: &w,
            suffixes: &["_data_uuid", "_data_w_comp"],
            more: &[],
            mixers: None,
            bytes: None,
        },
    );
    out.push('\n');
}

/// The fields of a `SectionPCMCapabilities`, after its name.
const PCM_CAPABILITY_FIELDS: [&str; 11] = [
    "formats",
    "rate_min",
    "rate_max",
    "channels_min",
    "channels_max",
    "periods_min",
    "periods_max",
    "period_size_min",
    "period_size_max",
    "buffer_size_min",
    "buffer_size_max",
];

/// `pcm_capabilities(name, formats, rate_min, rate_max, channels_min,
/// channels_max, periods_min=2, periods_max=16, period_size_min=192,
/// period_size_max=16384, buffer_size_min=65536, buffer_size_max=65536)`:
/// `SectionPCMCapabilities."<name>"`, what a PCM offers userspace.
pub(super) fn pcm_capabilities(args: Rest<Value>) -> Result<Value, Error> {
    const PARAMS: &[&str] = &[
        "name",
        "formats",
        "rate_min",
        "rate_max",
        "channels_min",
        "channels_max",
        "periods_min",
        "periods_max",
        "period_size_min",
        "period_size_max",
        "buffer_size_min",
        "buffer_size_max",
    ];
    let a = Bound::new(
        "pcm_capabilities",
        PARAMS,
        &[
            ("periods_min", || Value::from(2)),
            ("periods_max", || Value::from(16)),
            ("period_size_min", || Value::from(192)),
            ("period_size_max", || Value::from(16384)),
            ("buffer_size_min", || Value::from(65536)),
            ("buffer_size_max", || Value::from(65536)),
        ],
        args,
    )?;
    let mut out = String::new();
    let fields: [Arg; 11] = std::array::from_fn(|i| Arg::of(a.get(i + 1)));
    push_pcm_capabilities(&mut out, parts![a.get(0)], &fields);
    Ok(text(out))
}

/// The defaults of [`pcm_capabilities`] after `channels_max`, typed.
pub(super) const PCM_CAPABILITY_DEFAULTS: [Arg; 6] = [
    Arg::Int(2),
    Arg::Int(16),
    Arg::Int(192),
    Arg::Int(16384),
    Arg::Int(65536),
    Arg::Int(65536),
];

/// [`pcm_capabilities`], typed: the name in parts, then each field.
pub(super) fn push_pcm_capabilities(out: &mut String, name: &[Arg], fields: &[Arg; 11]) {
    out.push_str("SectionPCMCapabilities.\"");
    push_args(out, name);
    out.push_str("\" {\n");
    for (field, v) in PCM_CAPABILITY_FIELDS.iter().zip(fields) {
        out.push('\t');
        out.push_str(field);
        out.push_str(" \"");
        push_arg(out, *v);
        out.push_str("\"\n");
    }
    out.push_str("}\n");
}

/// `scheduler(pipe, comp, period, priority, core, time_domain, dynamic,
/// platform_data)`: the scheduler widget `PIPELINE.<pipe>.<comp>` (SOF's
/// W_PIPELINE) that drives pipeline `pipe` from component `comp`, with the
/// platform's scheduling data. A `time_domain` of none writes "".
pub(super) fn scheduler(args: Rest<Value>) -> Result<Value, Error> {
    let a = Bound::new(
        "scheduler",
        &[
            "pipe",
            "comp",
            "period",
            "priority",
            "core",
            "time_domain",
            "dynamic",
            "platform_data",
        ],
        &[],
        args,
    )?;
    let time_domain = a.get(5);
    let time_domain = if time_domain.is_none() {
        Arg::Str("")
    } else {
        Arg::of(time_domain)
    };
    let mut out = String::new();
    push_scheduler(
        &mut out,
        &Schedule {
            pipe: Arg::of(a.get(0)),
            comp: Arg::of(a.get(1)),
            period: Arg::of(a.get(2)),
            priority: Arg::of(a.get(3)),
            core: Arg::of(a.get(4)),
            time_domain,
            dynamic: a.get(6).is_true(),
            platform_data: Arg::of(a.get(7)),
        },
    );
    Ok(text(out))
}

/// What [`scheduler`] is given, typed (`time_domain` "" for none).
pub(super) struct Schedule<'a> {
    pub(super) pipe: Arg<'a>,
    pub(super) comp: Arg<'a>,
    pub(super) period: Arg<'a>,
    pub(super) priority: Arg<'a>,
    pub(super) core: Arg<'a>,
    pub(super) time_domain: Arg<'a>,
    pub(super) dynamic: bool,
    pub(super) platform_data: Arg<'a>,
}

/// [`scheduler`], typed.
pub(super) fn push_scheduler(out: &mut String, s: &Schedule) {
    let w = join(&[Arg::Str("PIPELINE."), s.pipe, Arg::Str("."), s.comp]);
    push_tuples(
        out,
        parts![&w, "_tuples"],
        "sof_sched_tokens",
        &[(
            "word",
            &[
                ("SOF_TKN_SCHED_PERIOD", s.period),
                ("SOF_TKN_SCHED_PRIORITY", s.priority),
                ("SOF_TKN_SCHED_CORE", s.core),
                ("SOF_TKN_SCHED_FRAMES", Arg::Int(0)),
                ("SOF_TKN_SCHED_TIME_DOMAIN", s.time_domain),
                (
                    "SOF_TKN_SCHED_DYNAMIC_PIPELINE",
                    Arg::Int(i64::from(s.dynamic)),
                ),
            ],
        )],
    );
    out.push('\n');
    push_data(out, parts![&w, "_data"], parts![&w, "_tuples"]);
    out.push('\n');
    push_widget(
        out,
        &WidgetText {
            name: Arg::Str(&w),
            index: s.pipe,
            ty: Arg::Str("scheduler"),
            extra: &[
                (Arg::Str("no_pm"), &[Arg::Str("true")]),
                (Arg::Str("stream_name"), &[s.comp]),
            ],
            base: &w,
            suffixes: &["_data"],
            more: &[s.platform_data],
            mixers: None,
            bytes: None,
        },
    );
    out.push('\n');
}

/// `graph(name, index, routes)`: `SectionGraph."<name>"`, its routes
/// `[sink, source]` pairs, as in `dapm(sink, source)`.
pub(super) fn graph(args: Rest<Value>) -> Result<Value, Error> {
    let a = Bound::new("graph", &["name", "index", "routes"], &[], args)?;
    let routes = items("graph", "routes", a.get(2))?
        .iter()
        .map(|route| pair("graph", route).map(|(a, b)| (a.into_owned(), b.into_owned())))
        .collect::<Result<Vec<_>, _>>()?;
    let routes: Vec<(Arg, Arg)> = routes
        .iter()
        .map(|(sink, source)| (Arg::of(sink), Arg::of(source)))
        .collect();
    let mut out = String::new();
    push_graph(&mut out, parts![a.get(0)], Arg::of(a.get(1)), &routes);
    Ok(text(out))
}

/// [`graph`], typed: the name in parts, each route `(sink, source)`.
pub(super) fn push_graph(out: &mut String, name: &[Arg], index: Arg, routes: &[(Arg, Arg)]) {
    out.push_str("SectionGraph.\"");
    push_args(out, name);
    out.push_str("\" {\n\tindex \"");
    push_arg(out, index);
    out.push_str("\"\n\tlines [\n");
    for (sink, source) in routes {
        out.push_str("\t\t\"");
        push_arg(out, *sink);
        out.push_str(", , ");
        push_arg(out, *source);
        out.push_str("\"\n");
    }
    out.push_str("\t]\n}\n");
}

/// The component UUID, period and format tuples of a component `w`, each
/// set followed by a blank line; the periods' suffix is `_w`.
#[allow(dead_code)] // for blocks written on values; the others use the typed cores
fn write_comp_head(out: &mut String, w: &Value, uuid: &str, c: &Component) -> Result<(), Error> {
    push_comp_head(out, &join(parts![w]), &sof_uuid(uuid)?, &c.typed());
    Ok(())
}

/// [`write_comp_head`], typed: `token` is the UUID tuple's text.
fn push_comp_head(out: &mut String, w: &str, token: &str, c: &Comp) {
    push_comp_uuid(out, w, token);
    out.push('\n');
    push_comp_periods(out, w, "_w", c.sink, c.source, c.core);
    out.push('\n');
    push_string_tuple(
        out,
        w,
        "_str",
        "sof_comp_tokens",
        "SOF_TKN_COMP_FORMAT",
        c.format,
    );
    out.push('\n');
}

/// `pga(pipe, n, format, sink, source, conf, core, mixers, name=none)`: the
/// volume widget `PGA<pipe>.<n>` (SOF's W_PGA) with its mixer controls and
/// its configuration SectionData `conf`; `name` replaces the widget's name
/// (SOF's PGA_NAME), its parts keep theirs.
pub(super) fn pga(args: Rest<Value>) -> Result<Value, Error> {
    let a = Bound::new(
        "pga",
        &[
            "pipe", "n", "format", "sink", "source", "conf", "core", "mixers", "name",
        ],
        &[("name", || Value::from(()))],
        args,
    )?;
    let c = Component {
        pipe: a.get(0),
        n: a.get(1),
        format: a.get(2),
        sink: a.get(3),
        source: a.get(4),
        core: a.get(6),
    };
    let mixers = match a.get(7).is_none() {
        true => None,
        false => Some(items("widget", "mixer", a.get(7))?),
    };
    let mixers = mixers.as_deref().map(arg_list);
    let name = match a.get(8).is_none() {
        true => None,
        false => Some(Arg::of(a.get(8))),
    };
    let mut out = String::new();
    push_pga(
        &mut out,
        &c.typed(),
        Arg::of(a.get(5)),
        mixers.as_deref(),
        name,
    );
    Ok(text(out))
}

/// [`pga`], typed.
pub(super) fn push_pga(
    out: &mut String,
    c: &Comp,
    conf: Arg,
    mixers: Option<&[Arg]>,
    name: Option<Arg>,
) {
    let w = join(&[Arg::Str("PGA"), c.pipe, Arg::Str("."), c.n]);
    push_comp_head(out, &w, token_str(&PGA_TOKEN), c);
    push_widget(
        out,
        &WidgetText {
            name: name.unwrap_or(Arg::Str(&w)),
            index: c.pipe,
            ty: Arg::Str("pga"),
            extra: NO_PM,
            base: &w,
            suffixes: &["_data_uuid", "_data_w", "_data_str"],
            more: &[conf],
            mixers,
            bytes: None,
        },
    );
    out.push('\n');
}

/// One field of a channel of a mixer control's channel map.
fn channel_field(func: &str, ch: &Value, field: &str) -> Result<Value, Error> {
    match ch.get_attr(field) {
        Ok(v) if !v.is_undefined() => Ok(v),
        _ => Err(invalid(format!(
            "{func}: the channel `{ch}` has no `{field}` (a channel is {{name, reg, shift}})"
        ))),
    }
}

/// `SectionControlMixer."<name>"` (SOF's C_CONTROLMIXER): `ops` is the
/// get/put handler ID; `led` = `[use, direction]` adds SOF's mute-LED
/// tuples, named after the pipeline `pipe`.
#[allow(clippy::too_many_arguments)]
fn write_mixer_control(
    out: &mut String,
    func: &str,
    name: &Value,
    index: &Value,
    ops: &Value,
    max: &Value,
    channels: &Value,
    tlv: &Value,
    led: &Value,
    pipe: &Value,
) -> Result<(), Error> {
    let led = if led.is_none() {
        None
    } else {
        match led.len() {
            Some(2) => Some(pair(func, led)?),
            _ => {
                return Err(invalid(format!(
                    "{func}: `led` is [use, direction], not `{led}`"
                )))
            }
        }
    };
    let channels = items(func, "channels", channels)?;
    push_mixer_control(
        out,
        func,
        &MixerControl {
            name: Arg::of(name),
            index: Arg::of(index),
            ops: Arg::of(ops),
            max: Arg::of(max),
            channels: Channels::Map(&channels),
            tlv: (!tlv.is_none()).then(|| Arg::of(tlv)),
            led: led.as_ref().map(|(u, d)| (Arg::of(u), Arg::of(d))),
            pipe: (!pipe.is_none()).then(|| Arg::of(pipe)),
        },
    )
}

/// A mixer control's channel map, typed: [`stereo_channels`] of a
/// register, or the channels (`{name, reg, shift}` each) of a list.
#[derive(Clone, Copy)]
pub(super) enum Channels<'a> {
    Stereo(i64),
    Map(&'a [Value]),
}

/// What [`write_mixer_control`] is given, typed (none is `None`).
pub(super) struct MixerControl<'a> {
    pub(super) name: Arg<'a>,
    pub(super) index: Arg<'a>,
    pub(super) ops: Arg<'a>,
    pub(super) max: Arg<'a>,
    pub(super) channels: Channels<'a>,
    pub(super) tlv: Option<Arg<'a>>,
    pub(super) led: Option<(Arg<'a>, Arg<'a>)>,
    pub(super) pipe: Option<Arg<'a>>,
}

/// [`write_mixer_control`], typed.
pub(super) fn push_mixer_control(
    out: &mut String,
    func: &str,
    m: &MixerControl,
) -> Result<(), Error> {
    if let Some((led_use, direction)) = m.led {
        let Some(pipe) = m.pipe else {
            return Err(invalid(format!("{func}: `led` needs `pipe`")));
        };
        let prefix = join(&[Arg::Str("CONTROLMIXER"), pipe, Arg::Str("."), m.index]);
        push_tuple_data(
            out,
            &prefix,
            "_w",
            "sof_led_tokens",
            &[(
                "word",
                &[
                    ("SOF_TKN_MUTE_LED_USE", led_use),
                    ("SOF_TKN_MUTE_LED_DIRECTION", direction),
                ],
            )],
        );
        out.push('\n');
    }
    out.push_str("SectionControlMixer.\"");
    push_arg(out, m.name);
    out.push_str("\" {\n\tindex \"");
    push_arg(out, m.index);
    out.push_str("\"\n");
    let channel = |out: &mut String, name: Arg, reg: Arg, shift: Arg| {
        out.push_str("\tchannel.\"");
        push_arg(out, name);
        out.push_str("\" {\n\t\treg \"");
        push_arg(out, reg);
        out.push_str("\"\n\t\tshift \"");
        push_arg(out, shift);
        out.push_str("\"\n\t}\n");
    };
    match m.channels {
        Channels::Stereo(reg) => {
            channel(out, Arg::Str("FL"), Arg::Int(reg), Arg::Int(0));
            channel(out, Arg::Str("FR"), Arg::Int(reg), Arg::Int(1));
        }
        Channels::Map(list) => {
            for ch in list {
                let name = channel_field(func, ch, "name")?;
                let reg = channel_field(func, ch, "reg")?;
                let shift = channel_field(func, ch, "shift")?;
                channel(out, Arg::of(&name), Arg::of(&reg), Arg::of(&shift));
            }
        }
    }
    out.push_str("\tops.\"ctl\" {\n\t\tinfo \"volsw\"\n\t\tget \"");
    push_arg(out, m.ops);
    out.push_str("\"\n\t\tput \"");
    push_arg(out, m.ops);
    out.push_str("\"\n\t}\n\tmax \"");
    push_arg(out, m.max);
    out.push_str("\"\n\tinvert \"false\"\n");
    if let Some(tlv) = m.tlv {
        out.push_str("\ttlv \"");
        push_arg(out, tlv);
        out.push_str("\"\n");
    }
    if let (Some(_), Some(pipe)) = (m.led, m.pipe) {
        out.push_str("\tdata [\n\t\t\"CONTROLMIXER");
        push_arg(out, pipe);
        out.push('.');
        push_arg(out, m.index);
        out.push_str("_data_w\"\n\t]\n");
    }
    out.push_str("}\n");
    Ok(())
}

/// `mixer_control(name, index, ops, max, channels, tlv=none, led=none,
/// pipe=none)`: see [`write_mixer_control`].
fn mixer_control(args: Rest<Value>) -> Result<Value, Error> {
    let f = "mixer_control";
    let a = Bound::new(
        f,
        &[
            "name", "index", "ops", "max", "channels", "tlv", "led", "pipe",
        ],
        &[
            ("tlv", || Value::from(())),
            ("led", || Value::from(())),
            ("pipe", || Value::from(())),
        ],
        args,
    )?;
    let mut out = String::new();
    write_mixer_control(
        &mut out,
        f,
        a.get(0),
        a.get(1),
        a.get(2),
        a.get(3),
        a.get(4),
        a.get(5),
        a.get(6),
        a.get(7),
    )?;
    Ok(text(out))
}

/// `volume_control(name, index, max, tlv, channels=stereo_volume_channels)`:
/// a mixer control bound to SOF's volume handlers (ops 256).
pub(super) fn volume_control(args: Rest<Value>) -> Result<Value, Error> {
    let f = "volume_control";
    let a = Bound::new(
        f,
        &["name", "index", "max", "tlv", "channels"],
        &[("channels", || stereo_channels(1))],
        args,
    )?;
    let mut out = String::new();
    write_mixer_control(
        &mut out,
        f,
        a.get(0),
        a.get(1),
        &Value::from(256),
        a.get(2),
        a.get(4),
        a.get(3),
        &Value::from(()),
        &Value::from(()),
    )?;
    Ok(text(out))
}

/// `volume_control(name, index, max, tlv, channels)`, typed (a `tlv` of
/// none is `None`).
pub(super) fn push_volume_control(
    out: &mut String,
    name: Arg,
    index: Arg,
    max: Arg,
    tlv: Option<Arg>,
    channels: Channels,
) -> Result<(), Error> {
    push_mixer_control(
        out,
        "volume_control",
        &MixerControl {
            name,
            index,
            ops: Arg::Int(256),
            max,
            channels,
            tlv,
            led: None,
            pipe: None,
        },
    )
}

/// `switch_control(name, pipe, channels=stereo_switch_channels, led=none)`:
/// a mixer control of pipeline `pipe` bound to SOF's switch handlers (ops
/// 259, max 1), with mute-LED tuples when `led` = `[use, direction]`.
fn switch_control(args: Rest<Value>) -> Result<Value, Error> {
    let f = "switch_control";
    let a = Bound::new(
        f,
        &["name", "pipe", "channels", "led"],
        &[
            ("channels", || stereo_channels(2)),
            ("led", || Value::from(())),
        ],
        args,
    )?;
    let mut out = String::new();
    write_mixer_control(
        &mut out,
        f,
        a.get(0),
        a.get(1),
        &Value::from(259),
        &Value::from(1),
        a.get(2),
        &Value::from(()),
        a.get(3),
        a.get(1),
    )?;
    Ok(text(out))
}

/// `switch_control(name, pipe, channels, led)`, typed (a `led` of none is
/// `None`).
pub(super) fn push_switch_control(
    out: &mut String,
    name: Arg,
    pipe: Arg,
    channels: Channels,
    led: Option<(Arg, Arg)>,
) -> Result<(), Error> {
    push_mixer_control(
        out,
        "switch_control",
        &MixerControl {
            name,
            index: pipe,
            ops: Arg::Int(259),
            max: Arg::Int(1),
            channels,
            tlv: None,
            led,
            pipe: Some(pipe),
        },
    )
}

/// `dai_widget(direction, pipe, dai_type, dai_index, link, format, sink,
/// source, core)`: the DAI widget `<dai_type><dai_index>.OUT` (playback,
/// type dai_in) or `.IN` (capture, dai_out), SOF's W_DAI_OUT / W_DAI_IN.
pub(super) fn dai_widget(args: Rest<Value>) -> Result<Value, Error> {
    let f = "dai_widget";
    let a = Bound::new(
        f,
        &[
            "direction",
            "pipe",
            "dai_type",
            "dai_index",
            "link",
            "format",
            "sink",
            "source",
            "core",
        ],
        &[],
        args,
    )?;
    let playback = playback(f, a.get(0))?;
    let mut out = String::new();
    push_dai_widget(
        &mut out,
        playback,
        &Dai {
            pipe: Arg::of(a.get(1)),
            dai_type: Arg::of(a.get(2)),
            dai_index: Arg::of(a.get(3)),
            link: Arg::of(a.get(4)),
            format: Arg::of(a.get(5)),
            sink: Arg::of(a.get(6)),
            source: Arg::of(a.get(7)),
            core: Arg::of(a.get(8)),
        },
    );
    Ok(text(out))
}

/// What [`dai_widget`] is given after `direction`, typed.
pub(super) struct Dai<'a> {
    pub(super) pipe: Arg<'a>,
    pub(super) dai_type: Arg<'a>,
    pub(super) dai_index: Arg<'a>,
    pub(super) link: Arg<'a>,
    pub(super) format: Arg<'a>,
    pub(super) sink: Arg<'a>,
    pub(super) source: Arg<'a>,
    pub(super) core: Arg<'a>,
}

/// [`dai_widget`], typed.
pub(super) fn push_dai_widget(out: &mut String, playback: bool, d: &Dai) {
    let w = join(&[
        d.dai_type,
        d.dai_index,
        Arg::Str(if playback { ".OUT" } else { ".IN" }),
    ]);
    push_comp_uuid(out, &w, token_str(&DAI_TOKEN));
    out.push('\n');
    push_comp_periods(out, &w, "_w_comp", d.sink, d.source, d.core);
    out.push('\n');
    push_tuple_data(
        out,
        &w,
        "_w",
        "sof_dai_tokens",
        &[(
            "word",
            &[
                ("SOF_TKN_DAI_INDEX", d.dai_index),
                ("SOF_TKN_DAI_DIRECTION", Arg::Int(i64::from(!playback))),
            ],
        )],
    );
    out.push('\n');
    push_string_tuple(
        out,
        &w,
        "_str",
        "sof_dai_tokens",
        "SOF_TKN_DAI_TYPE",
        d.dai_type,
    );
    out.push('\n');
    push_string_tuple(
        out,
        &w,
        "_comp_str",
        "sof_comp_tokens",
        "SOF_TKN_COMP_FORMAT",
        d.format,
    );
    out.push('\n');
    push_widget(
        out,
        &WidgetText {
            name: Arg::Str(&w),
            index: d.pipe,
            ty: Arg::Str(if playback { "dai_in" } else { "dai_out" }),
            extra: &[
                (Arg::Str("stream_name"), &[d.link]),
                (Arg::Str("no_pm"), &[Arg::Str("true")]),
            ],
            base: &w,
            suffixes: &[
                "_data_uuid",
                "_data_w",
                "_data_w_comp",
                "_data_str",
                "_data_comp_str",
            ],
            more: &[],
            mixers: None,
            bytes: None,
        },
    );
    out.push('\n');
}

/// `bytes_control(name, index, max, data_name)`: `SectionControlBytes."<name>"`
/// (SOF's C_CONTROLBYTES) bound to SOF's bytes handlers (ext ops 258), its
/// initial value in SectionData `data_name`.
fn bytes_control(args: Rest<Value>) -> Result<Value, Error> {
    let a = Bound::new(
        "bytes_control",
        &["name", "index", "max", "data_name"],
        &[],
        args,
    )?;
    let mut out = String::new();
    push_bytes_control(
        &mut out,
        parts![a.get(0)],
        Arg::of(a.get(1)),
        Arg::of(a.get(2)),
        Arg::of(a.get(3)),
    );
    Ok(text(out))
}

/// [`bytes_control`], typed: the name in parts.
pub(super) fn push_bytes_control(
    out: &mut String,
    name: &[Arg],
    index: Arg,
    max: Arg,
    data_name: Arg,
) {
    out.push_str("SectionControlBytes.\"");
    push_args(out, name);
    out.push_str("\" {\n\tindex \"");
    push_arg(out, index);
    out.push_str(
        "\"\n\
         \tops.\"ctl\" {\n\t\tinfo \"bytes\"\n\t}\n\
         \textops.\"extctl\" {\n\t\tget \"258\"\n\t\tput \"258\"\n\t}\n\
         \tbase \"0x00\"\n\tnum_regs \"0x00\"\n\tmask \"0x00\"\n\
         \tmax \"",
    );
    push_arg(out, max);
    out.push_str(
        "\"\n\
         \taccess [\n\t\ttlv_write\n\t\ttlv_read\n\t\ttlv_callback\n\t]\n\
         \tdata [\n\t\t\"",
    );
    push_arg(out, data_name);
    out.push_str("\"\n\t]\n}\n");
}

/// `eq_iir(pipe, n, format, sink, source, core, bytes)`: the IIR equalizer
/// `EQIIR<pipe>.<n>`, an effect of process type EQIIR, its coefficients in
/// the bytes controls `bytes`.
fn eq_iir(args: Rest<Value>) -> Result<Value, Error> {
    let a = Bound::new(
        "eq_iir",
        &["pipe", "n", "format", "sink", "source", "core", "bytes"],
        &[],
        args,
    )?;
    let mut out = String::new();
    write_effect(
        &mut out,
        &"EQIIR",
        &Component {
            pipe: a.get(0),
            n: a.get(1),
            format: a.get(2),
            sink: a.get(3),
            source: a.get(4),
            core: a.get(5),
        },
        &Value::from(EQ_IIR_UUID),
        &Value::from("EQIIR"),
        a.get(6),
    )?;
    Ok(text(out))
}

/// [`eq_iir`], typed (`bytes` of none is `None`).
pub(super) fn push_eq_iir(out: &mut String, c: &Comp, bytes: Option<&[Arg]>) {
    push_effect(
        out,
        "EQIIR",
        c,
        token_str(&EQ_IIR_TOKEN),
        Arg::Str("EQIIR"),
        bytes,
    );
}

/// `mixer(pipe, n, format, sink, source, core)`: the mixer widget
/// `MIXER<pipe>.<n>` (SOF's W_MIXER).
fn mixer(args: Rest<Value>) -> Result<Value, Error> {
    let a = Bound::new(
        "mixer",
        &["pipe", "n", "format", "sink", "source", "core"],
        &[],
        args,
    )?;
    let c = Component {
        pipe: a.get(0),
        n: a.get(1),
        format: a.get(2),
        sink: a.get(3),
        source: a.get(4),
        core: a.get(5),
    };
    let mut out = String::new();
    push_mixer(&mut out, &c.typed());
    Ok(text(out))
}

/// [`mixer`], typed.
pub(super) fn push_mixer(out: &mut String, c: &Comp) {
    let w = join(&[Arg::Str("MIXER"), c.pipe, Arg::Str("."), c.n]);
    push_comp_head(out, &w, token_str(&MIXER_TOKEN), c);
    push_widget(
        out,
        &WidgetText {
            name: Arg::Str(&w),
            index: c.pipe,
            ty: Arg::Str("mixer"),
            extra: NO_PM,
            base: &w,
            suffixes: &["_data_uuid", "_data_w", "_data_str"],
            more: &[],
            mixers: None,
            bytes: None,
        },
    );
    out.push('\n');
}

/// `src(pipe, n, format, sink, source, conf)`: the sample rate converter
/// `SRC<pipe>.<n>` (SOF's W_SRC), configured by SectionData `conf`. Its
/// period tuples have no core, as in SOF's library.
fn src(args: Rest<Value>) -> Result<Value, Error> {
    let a = Bound::new(
        "src",
        &["pipe", "n", "format", "sink", "source", "conf"],
        &[],
        args,
    )?;
    let pipe = Arg::of(a.get(0));
    let w = join(&[Arg::Str("SRC"), pipe, Arg::Str("."), Arg::of(a.get(1))]);
    let mut out = String::new();
    push_comp_uuid(&mut out, &w, token_str(&SRC_TOKEN));
    out.push('\n');
    push_tuple_data(
        &mut out,
        &w,
        "_w",
        "sof_comp_tokens",
        &[(
            "word",
            &[
                ("SOF_TKN_COMP_PERIOD_SINK_COUNT", Arg::of(a.get(3))),
                ("SOF_TKN_COMP_PERIOD_SOURCE_COUNT", Arg::of(a.get(4))),
            ],
        )],
    );
    out.push('\n');
    push_string_tuple(
        &mut out,
        &w,
        "_str",
        "sof_comp_tokens",
        "SOF_TKN_COMP_FORMAT",
        Arg::of(a.get(2)),
    );
    out.push('\n');
    push_widget(
        &mut out,
        &WidgetText {
            name: Arg::Str(&w),
            index: pipe,
            ty: Arg::Str("src"),
            extra: NO_PM,
            base: &w,
            suffixes: &["_data_uuid", "_data_w", "_data_str"],
            more: &[Arg::of(a.get(5))],
            mixers: None,
            bytes: None,
        },
    );
    out.push('\n');
    Ok(text(out))
}

/// `check_names(what, t, i, dai)`: nothing, or the template's failure when
/// a `*_CONFIG_DATA(t, i, …)` names another DAI than `dai`.
fn check_names(args: Rest<Value>) -> Result<Value, Error> {
    let a = Bound::new("check_names", &["what", "t", "i", "dai"], &[], args)?;
    let named = format!("{}{}", a.get(1), a.get(2));
    let dai = a.get(3);
    if dai.as_str() != Some(named.as_str()) {
        return super::fail(format!(
            "{} names {named} but this DAI_CONFIG configures {dai}: its data would not reach the link",
            a.get(0)
        ));
    }
    Ok(text(String::new()))
}

/// The DAI type and index tuples of `<type><index>`, in SectionData
/// `DAICONFIG.<type><index>_data_common`.
fn write_common_tuples(out: &mut String, ty: &Value, index: &Value) -> Result<(), Error> {
    let prefix = format!("DAICONFIG.{ty}{index}");
    let groups = Value::from(vec![
        group("string", vec![("SOF_TKN_DAI_TYPE", ty.clone())]).get_item_by_index(0)?,
        group("word", vec![("SOF_TKN_DAI_INDEX", index.clone())]).get_item_by_index(0)?,
    ]);
    let tuples = format!("{prefix}_tuples_common");
    write_tuples(out, &tuples, &Value::from("sof_dai_tokens"), &groups)?;
    out.push('\n');
    write_data(out, &format_args!("{prefix}_data_common"), &tuples);
    out.push('\n');
    Ok(())
}

fn common_tuples(args: Rest<Value>) -> Result<Value, Error> {
    let a = Bound::new("common_tuples", &["type", "index"], &[], args)?;
    let mut out = String::new();
    write_common_tuples(&mut out, a.get(0), a.get(1))?;
    Ok(text(out))
}

/// SectionBE `name` with ID `link_id` (its default hardware config too),
/// its hardware configs and data.
fn write_be_section(
    out: &mut String,
    name: &Value,
    link_id: &Value,
    hw_configs: &Value,
    data_names: &Value,
) -> Result<(), Error> {
    let _ = write!(
        out,
        "SectionBE.\"{name}\" {{\n\tid \"{link_id}\"\n\tindex \"0\"\n\tdefault_hw_conf_id\t\"{link_id}\"\n\thw_configs [\n"
    );
    for h in items("be_section", "hw_configs", hw_configs)?.iter() {
        out.push_str("\t\t\"");
        push_value(out, h);
        out.push_str("\"\n");
    }
    out.push_str("\t]\n\tdata [\n");
    for d in items("be_section", "data_names", data_names)?.iter() {
        out.push_str("\t\t\"");
        push_value(out, d);
        out.push_str("\"\n");
    }
    out.push_str("\t]\n}\n");
    Ok(())
}

fn be_section(args: Rest<Value>) -> Result<Value, Error> {
    let a = Bound::new(
        "be_section",
        &["name", "link_id", "hw_configs", "data_names"],
        &[],
        args,
    )?;
    let mut out = String::new();
    write_be_section(&mut out, a.get(0), a.get(1), a.get(2), a.get(3))?;
    Ok(text(out))
}

/// `be_link(type, index, link_id, name, extra_data=[])`: the common tuples
/// and the BE link; `extra_data` names more SectionData of the link.
pub(super) fn be_link(args: Rest<Value>) -> Result<Value, Error> {
    let a = Bound::new(
        "be_link",
        &["type", "index", "link_id", "name", "extra_data"],
        &[("extra_data", || Value::from(Vec::<Value>::new()))],
        args,
    )?;
    let extra = items("be_link", "extra_data", a.get(4))?;
    let mut out = String::new();
    write_be_link(&mut out, a.get(0), a.get(1), a.get(2), a.get(3), &extra)?;
    Ok(text(out))
}

/// [`be_link`] written into `out` (for a twin: no argument list, no text
/// of its own to copy).
pub(super) fn write_be_link(
    out: &mut String,
    ty: &Value,
    index: &Value,
    link_id: &Value,
    name: &Value,
    extra: &[Value],
) -> Result<(), Error> {
    let prefix = format!("DAICONFIG.{ty}{index}");
    let mut data = vec![
        Value::from(format!("{prefix}_data")),
        Value::from(format!("{prefix}_data_common")),
    ];
    data.extend(extra.iter().cloned());
    write_common_tuples(out, ty, index)?;
    write_be_section(
        out,
        name,
        link_id,
        &Value::from(vec![Value::from(format!("{ty}{index}"))]),
        &Value::from(data),
    )
}

#[cfg(test)]
mod tests {
    //! Each function against the template it replaced: the same calls
    //! rendered both ways must give the same text.
    use super::*;
    use minijinja::{context, UndefinedBehavior};

    /// The former `lib/names.j2`, `lib/tuples.j2`, `lib/widget.j2` and
    /// `lib/format.j2` macros (comments left out), under other names.
    const FORMER: &str = r#"
{% macro t_widget_name(prefix, pipe, n) -%}
{{ prefix }}{{ pipe }}.{{ n }}
{%- endmacro %}
{% macro t_buf(pipe, n) -%}
BUF{{ pipe }}.{{ n }}
{%- endmacro %}
{% macro t_pcm_widget(pcm, direction) -%}
PCM{{ pcm }}{{ "P" if direction == "playback" else "C" }}
{%- endmacro %}
{% macro t_dai_widget_name(type, index, direction) -%}
{{ type }}{{ index }}{{ ".OUT" if direction == "playback" else ".IN" }}
{%- endmacro %}
{% macro t_pipeline_widget(pipe, comp) -%}
PIPELINE.{{ pipe }}.{{ comp }}
{%- endmacro %}
{% macro t_vendor_tuples(name, tokens, groups) %}
SectionVendorTuples."{{ name }}" {
	tokens "{{ tokens }}"
{% for type, entries in groups %}
	tuples."{{ type }}" {
{% for token, value in entries %}
		{{ token }}	"{{ value }}"
{% endfor %}
	}
{% endfor %}
}
{% endmacro %}
{% macro t_section_data(name, tuples_name) %}
SectionData."{{ name }}" {
	tuples "{{ tuples_name }}"
}
{% endmacro %}
{% macro t_tuple_data(prefix, suffix, tokens, groups) %}
{{ t_vendor_tuples(prefix ~ "_tuples" ~ suffix, tokens, groups) }}
{{ t_section_data(prefix ~ "_data" ~ suffix, prefix ~ "_tuples" ~ suffix) }}
{% endmacro %}
{% macro t_comp_uuid(w, uuid) %}
{{ t_tuple_data(w, "_uuid", "sof_comp_tokens", [["uuid", [["SOF_TKN_COMP_UUID", uuid | sof_uuid]]]]) }}
{% endmacro %}
{% macro t_comp_periods(w, suffix, sink, source, core) %}
{{ t_tuple_data(w, suffix, "sof_comp_tokens", [["word", [
    ["SOF_TKN_COMP_PERIOD_SINK_COUNT", sink],
    ["SOF_TKN_COMP_PERIOD_SOURCE_COUNT", source],
    ["SOF_TKN_COMP_CORE_ID", core]]]]) }}
{% endmacro %}
{% macro t_comp_format(w, format, suffix="_str") %}
{{ t_tuple_data(w, suffix, "sof_comp_tokens", [["string", [["SOF_TKN_COMP_FORMAT", format]]]]) }}
{% endmacro %}
{% macro t_widget(name, index, type, data_names, extra=[], mixers=none, bytes=none) %}
SectionWidget."{{ name }}" {
	index "{{ index }}"
	type "{{ type }}"
{% for key, value in extra %}
	{{ key }} "{{ value }}"
{% endfor %}
	data [
{% for d in data_names %}
		"{{ d }}"
{% endfor %}
	]
{% if mixers is not none %}
	mixer [
{% for m in mixers %}
		"{{ m }}"
{% endfor %}
	]
{% endif %}
{% if bytes is not none %}
	bytes [
{% for b in bytes %}
		"{{ b }}"
{% endfor %}
	]
{% endif %}
}
{% endmacro %}
{% macro t_effect(prefix, pipe, n, uuid, process, format, sink, source, core, bytes) %}
{% set w = prefix ~ pipe ~ "." ~ n %}
{{ t_comp_uuid(w, uuid) }}
{{ t_comp_periods(w, "_w", sink, source, core) }}
{{ t_tuple_data(w, "_str", "sof_comp_tokens", [["string", [["SOF_TKN_COMP_FORMAT", format]]]]) }}
{{ t_tuple_data(w, "_str_type", "sof_process_tokens", [["string", [["SOF_TKN_PROCESS_TYPE", process]]]]) }}
{{ t_widget(w, pipe, "effect",
          [w ~ "_data_uuid", w ~ "_data_w", w ~ "_data_str", w ~ "_data_str_type"],
          extra=[["no_pm", "true"]], bytes=bytes) }}
{% endmacro %}
{% set t_sample_bytes = {"s16le": 2, "s24le": 4, "s32le": 4, "float": 4} %}
{% set t_capability_formats = {
    "s16le": "S16_LE",
    "s24le": "S24_LE,S16_LE",
    "s32le": "S32_LE,S24_LE,S16_LE",
    "float": "FLOAT_LE",
} %}
{% set t_format_names = {"s16le": "S16_LE", "s24le": "S24_LE", "s32le": "S32_LE", "float": "FLOAT_LE"} %}
{% macro t_period_frames(rate, period_us) -%}
{{ rate // 100 * period_us // 10000 }}
{%- endmacro %}
{% macro t_buffer_size(periods, format, channels, rate, period_us) -%}
{{ periods * t_sample_bytes[format] * channels * (rate // 100 * period_us // 10000) }}
{%- endmacro %}
"#;

    /// The former widget files (before their macros became the functions
    /// above), verbatim. Their imports of the `lib/` files read the built-in
    /// ones, whose functions the calls above prove equal to their macros.
    const FORMER_WIDGETS: &[(&str, &str)] = &[
        (
            "widget/buffer.j2",
            r#"{#-
  The buffer widget `BUF<pipe>.<n>` (SOF's m4/buffer.m4, W_BUFFER).

      {% from "widget/buffer.j2" import buffer %}
-#}
{% from "lib/names.j2" import buf %}
{% from "lib/tuples.j2" import vendor_tuples, section_data, tuple_data %}
{% from "lib/widget.j2" import widget %}

{#- Buffer widget `BUF<pipe>.<n>`. With `core_tuple`, it carries a core ID
    tuple; SOF's library writes core 0 there whatever the pipeline's core, and
    so does this one, to build the same binary. #}
{% macro buffer(pipe, n, size, caps, core_tuple=false) %}
{% set w = buf(pipe, n) %}
{{ tuple_data(w, "", "sof_buffer_tokens", [["word", [["SOF_TKN_BUF_SIZE", size], ["SOF_TKN_BUF_CAPS", caps]]]]) }}
{% if core_tuple %}
{{ vendor_tuples(w ~ "_comp_tuples", "sof_comp_tokens", [["word", [["SOF_TKN_COMP_CORE_ID", 0]]]]) }}
{{ section_data(w ~ "_comp", w ~ "_comp_tuples") }}
{% endif %}
{{ widget(w, pipe, "buffer", [w ~ "_data"] + ([w ~ "_comp"] if core_tuple else []), extra=[["no_pm", "true"]]) }}
{% endmacro %}
"#,
        ),
        (
            "widget/pcm.j2",
            r#"{#-
  The host PCM widget (SOF's m4/pcm.m4, W_PCM_PLAYBACK / W_PCM_CAPTURE) and
  the capabilities a PCM offers userspace (PCM_CAPABILITIES).

      {% from "widget/pcm.j2" import host_pcm, pcm_capabilities %}
-#}
{% from "lib/names.j2" import pcm_widget %}
{% from "lib/tuples.j2" import comp_uuid, comp_periods %}
{% from "lib/widget.j2" import widget %}

{#- SOF_RT_UUID of the firmware's host component. #}
{% set uuid = "8b9d100c-6d78-418f-90a3-e0e805d0852b" %}

{#- Host PCM widget: where the PCM's DMA meets the pipeline.
    direction is "playback" (aif_in, PCM<n>P) or "capture" (aif_out, PCM<n>C). #}
{% macro host_pcm(direction, pipe, pcm, stream, sink, source, core) %}
{% set w = pcm_widget(pcm, direction) %}
{{ comp_uuid(w, uuid) }}
{{ comp_periods(w, "_w_comp", sink, source, core) }}
{{ widget(w, pipe, "aif_in" if direction == "playback" else "aif_out",
          [w ~ "_data_uuid", w ~ "_data_w_comp"],
          extra=[["no_pm", "true"], ["stream_name", stream ~ " " ~ pcm]]) }}
{% endmacro %}

{#- What a PCM offers userspace. #}
{% macro pcm_capabilities(name, formats, rate_min, rate_max, channels_min, channels_max,
                          periods_min=2, periods_max=16, period_size_min=192,
                          period_size_max=16384, buffer_size_min=65536, buffer_size_max=65536) %}
SectionPCMCapabilities."{{ name }}" {
	formats "{{ formats }}"
	rate_min "{{ rate_min }}"
	rate_max "{{ rate_max }}"
	channels_min "{{ channels_min }}"
	channels_max "{{ channels_max }}"
	periods_min "{{ periods_min }}"
	periods_max "{{ periods_max }}"
	period_size_min "{{ period_size_min }}"
	period_size_max "{{ period_size_max }}"
	buffer_size_min "{{ buffer_size_min }}"
	buffer_size_max "{{ buffer_size_max }}"
}
{% endmacro %}
"#,
        ),
        (
            "widget/pipeline.j2",
            r#"{#-
  What makes a pipeline (SOF's m4/pipeline.m4): the scheduler widget
  `PIPELINE.<pipe>.<comp>` (W_PIPELINE) and its graph (P_GRAPH).

      {% from "widget/pipeline.j2" import scheduler, graph %}
-#}
{% from "lib/names.j2" import pipeline_widget %}
{% from "lib/tuples.j2" import vendor_tuples, section_data %}
{% from "lib/widget.j2" import widget %}

{#- The scheduler widget `PIPELINE.<pipe>.<comp>` that drives pipeline `pipe`
    from component `comp`, with the platform's scheduling data. #}
{% macro scheduler(pipe, comp, period, priority, core, time_domain, dynamic, platform_data) %}
{% set w = pipeline_widget(pipe, comp) %}
{{ vendor_tuples(w ~ "_tuples", "sof_sched_tokens", [["word", [
    ["SOF_TKN_SCHED_PERIOD", period],
    ["SOF_TKN_SCHED_PRIORITY", priority],
    ["SOF_TKN_SCHED_CORE", core],
    ["SOF_TKN_SCHED_FRAMES", 0],
    ["SOF_TKN_SCHED_TIME_DOMAIN", time_domain if time_domain is not none else ""],
    ["SOF_TKN_SCHED_DYNAMIC_PIPELINE", 1 if dynamic else 0]]]]) }}
{{ section_data(w ~ "_data", w ~ "_tuples") }}
{{ widget(w, pipe, "scheduler", [w ~ "_data", platform_data],
          extra=[["no_pm", "true"], ["stream_name", comp]]) }}
{% endmacro %}

{#- SectionGraph: routes are [sink, source] pairs, as in `dapm(sink, source)`. #}
{% macro graph(name, index, routes) %}
SectionGraph."{{ name }}" {
	index "{{ index }}"
	lines [
{% for sink, source in routes %}
		"{{ sink }}, , {{ source }}"
{% endfor %}
	]
}
{% endmacro %}
"#,
        ),
        (
            "widget/pga.j2",
            r#"{#-
  The volume widget `PGA<pipe>.<n>` (SOF's m4/pga.m4, W_PGA); its controls
  are in widget/mixercontrol.j2.

      {% from "widget/pga.j2" import pga %}
-#}
{% from "lib/names.j2" import widget_name %}
{% from "lib/tuples.j2" import tuple_data, comp_uuid, comp_periods %}
{% from "lib/widget.j2" import widget %}

{#- SOF_RT_UUID of the firmware's volume component. #}
{% set uuid = "b77e677e-5ff4-4188-af14-fba8bdbf8682" %}

{#- Volume (PGA) widget `PGA<pipe>.<n>` with its mixer controls. #}
{#- `name` replaces the widget name (SOF's PGA_NAME). #}
{% macro pga(pipe, n, format, sink, source, conf, core, mixers, name=none) %}
{% set w = widget_name("PGA", pipe, n) %}
{{ comp_uuid(w, uuid) }}
{{ comp_periods(w, "_w", sink, source, core) }}
{{ tuple_data(w, "_str", "sof_comp_tokens", [["string", [["SOF_TKN_COMP_FORMAT", format]]]]) }}
{{ widget(name if name is not none else w, pipe, "pga",
          [w ~ "_data_uuid", w ~ "_data_w", w ~ "_data_str", conf],
          extra=[["no_pm", "true"]], mixers=mixers) }}
{% endmacro %}
"#,
        ),
        (
            "widget/mixercontrol.j2",
            r#"{#-
  Mixer controls (SOF's m4/mixercontrol.m4, C_CONTROLMIXER): volume and
  switch controls bound to SOF's handlers, with their channel maps.

      {% from "widget/mixercontrol.j2" import volume_control, switch_control, stereo_volume_channels %}
-#}
{% from "lib/tuples.j2" import tuple_data %}

{#- Channel maps of mixer controls: a list of {name, reg, shift}, as the
    KCONTROL_CHANNEL(name, reg, shift) records of a CHANNEL_MAP(…) are.
    The defaults are stereo; a topology (or platform fragment) may set
    VOLUME_CHANNEL_MAP and SWITCH_CHANNEL_MAP to a CHANNEL_MAP(…), which the
    pipelines that honour them read as
    `defs.VOLUME_CHANNEL_MAP.channels if defs.VOLUME_CHANNEL_MAP is defined else stereo_volume_channels`. #}
{% set stereo_volume_channels = [{"name": "FL", "reg": 1, "shift": 0}, {"name": "FR", "reg": 1, "shift": 1}] %}
{% set stereo_switch_channels = [{"name": "FL", "reg": 2, "shift": 0}, {"name": "FR", "reg": 2, "shift": 1}] %}


{#- SectionControlMixer. `ops` is the get/put handler ID (256 volume, 259
    switch); `led` = [use, direction] adds SOF's mute-LED tuples, named after
    the pipeline `pipe`. #}
{% macro mixer_control(name, index, ops, max, channels, tlv=none, led=none, pipe=none) %}
{% if led is not none %}
{{ tuple_data("CONTROLMIXER" ~ pipe ~ "." ~ index, "_w", "sof_led_tokens", [["word", [
    ["SOF_TKN_MUTE_LED_USE", led[0]],
    ["SOF_TKN_MUTE_LED_DIRECTION", led[1]]]]]) }}
{% endif %}
SectionControlMixer."{{ name }}" {
	index "{{ index }}"
{% for ch in channels %}
	channel."{{ ch.name }}" {
		reg "{{ ch.reg }}"
		shift "{{ ch.shift }}"
	}
{% endfor %}
	ops."ctl" {
		info "volsw"
		get "{{ ops }}"
		put "{{ ops }}"
	}
	max "{{ max }}"
	invert "false"
{% if tlv is not none %}
	tlv "{{ tlv }}"
{% endif %}
{% if led is not none %}
	data [
		"CONTROLMIXER{{ pipe }}.{{ index }}_data_w"
	]
{% endif %}
}
{% endmacro %}

{#- SectionControlMixer bound to SOF's volume handlers (ops 256). #}
{% macro volume_control(name, index, max, tlv, channels=stereo_volume_channels) %}
{{ mixer_control(name, index, 256, max, channels, tlv=tlv) -}}
{% endmacro %}

{#- SectionControlMixer bound to SOF's switch handlers (ops 259, max 1),
    with mute-LED tuples when `led` = [use, direction]. #}
{% macro switch_control(name, pipe, channels=stereo_switch_channels, led=none) %}
{{ mixer_control(name, pipe, 259, 1, channels, led=led, pipe=pipe) -}}
{% endmacro %}
"#,
        ),
        (
            "widget/dai.j2",
            r#"{#-
  The DAI widget `<dai>.OUT` / `<dai>.IN` (SOF's m4/dai.m4, W_DAI_OUT /
  W_DAI_IN); the DAI's link and configuration are in macros/dai/.

      {% from "widget/dai.j2" import dai_widget %}
-#}
{% from "lib/names.j2" import dai_widget_name %}
{% from "lib/tuples.j2" import tuple_data, comp_uuid, comp_periods %}
{% from "lib/widget.j2" import widget %}

{#- SOF_RT_UUID of the firmware's dai component. #}
{% set uuid = "c2b00d27-ffbc-4150-a51a-245c79c5e54b" %}

{#- DAI widget `<dai>.OUT` (playback, dai_in) or `<dai>.IN` (capture, dai_out). #}
{% macro dai_widget(direction, pipe, dai_type, dai_index, link, format, sink, source, core) %}
{% set w = dai_widget_name(dai_type, dai_index, direction) %}
{{ comp_uuid(w, uuid) }}
{{ comp_periods(w, "_w_comp", sink, source, core) }}
{{ tuple_data(w, "_w", "sof_dai_tokens", [["word", [
    ["SOF_TKN_DAI_INDEX", dai_index],
    ["SOF_TKN_DAI_DIRECTION", 0 if direction == "playback" else 1]]]]) }}
{{ tuple_data(w, "_str", "sof_dai_tokens", [["string", [["SOF_TKN_DAI_TYPE", dai_type]]]]) }}
{{ tuple_data(w, "_comp_str", "sof_comp_tokens", [["string", [["SOF_TKN_COMP_FORMAT", format]]]]) }}
{{ widget(w, pipe, "dai_in" if direction == "playback" else "dai_out",
          [w ~ "_data_uuid", w ~ "_data_w", w ~ "_data_w_comp", w ~ "_data_str", w ~ "_data_comp_str"],
          extra=[["stream_name", link], ["no_pm", "true"]]) }}
{% endmacro %}
"#,
        ),
        (
            "widget/bytecontrol.j2",
            r#"{#-
  Bytes controls (SOF's m4/bytecontrol.m4, C_CONTROLBYTES) and the
  coefficient blobs they start with (macros/coef/).

      {% from "widget/bytecontrol.j2" import bytes_control, coef_data %}
-#}

{#- SectionControlBytes bound to SOF's bytes handlers (ext ops 258), its
    initial value in SectionData `data_name`. #}
{% macro bytes_control(name, index, max, data_name) %}
SectionControlBytes."{{ name }}" {
	index "{{ index }}"
	ops."ctl" {
		info "bytes"
	}
	extops."extctl" {
		get "258"
		put "258"
	}
	base "0x00"
	num_regs "0x00"
	mask "0x00"
	max "{{ max }}"
	access [
		tlv_write
		tlv_read
		tlv_callback
	]
	data [
		"{{ data_name }}"
	]
}
{% endmacro %}

{#- SectionData holding the coefficient blob `coef` (a file
    `coef/<coef>.j2` of the library or of an -I directory; a trailing `.m4`,
    as SOF's build names them, is dropped). Named `name`. #}
{% macro coef_data(name, coef) %}
{% set file = "coef/" ~ (coef[:-3] if coef is endingwith(".m4") else coef) ~ ".j2" %}
{% set blob %}{% include file ignore missing %}{% endset %}
{% if blob | trim == "" %}
{{ fail("no coefficient data `" ~ coef ~ "`: there is no " ~ file ~ " in the -I directories or the library (it has e.g. coef/eq_iir_coef_highpass_40hz_20db_48khz.j2)") }}
{% endif %}
SectionData."{{ name }}" {
	bytes "{{ blob | trim }}"
}
{% endmacro %}
"#,
        ),
        (
            "widget/eq_iir.j2",
            r#"{#-
  The IIR equalizer widget `EQIIR<pipe>.<n>` (SOF's m4/eq_iir.m4): an effect
  of process type EQIIR, its coefficients in the bytes controls `bytes`.

      {% from "widget/eq_iir.j2" import eq_iir %}
-#}
{% from "lib/widget.j2" import effect %}

{#- SOF_RT_UUID of the firmware's eq_iir component. #}
{% set uuid = "5150c0e6-27f9-4ec8-8351-c705b642d12f" %}

{% macro eq_iir(pipe, n, format, sink, source, core, bytes) %}
{{ effect("EQIIR", pipe, n, uuid, "EQIIR", format, sink, source, core, bytes) -}}
{% endmacro %}
"#,
        ),
        (
            "widget/mixer.j2",
            r#"{#-
  The mixer widget `MIXER<pipe>.<n>` (SOF's m4/mixer.m4, W_MIXER).

      {% from "widget/mixer.j2" import mixer %}
-#}
{% from "lib/names.j2" import widget_name %}
{% from "lib/tuples.j2" import tuple_data, comp_uuid, comp_periods %}
{% from "lib/widget.j2" import widget %}

{#- SOF_RT_UUID of the firmware's mixer component. #}
{% set uuid = "bc06c037-12aa-417c-9a97-89282e321a76" %}

{#- Mixer widget `MIXER<pipe>.<n>`. #}
{% macro mixer(pipe, n, format, sink, source, core) %}
{% set w = widget_name("MIXER", pipe, n) %}
{{ comp_uuid(w, uuid) }}
{{ comp_periods(w, "_w", sink, source, core) }}
{{ tuple_data(w, "_str", "sof_comp_tokens", [["string", [["SOF_TKN_COMP_FORMAT", format]]]]) }}
{{ widget(w, pipe, "mixer", [w ~ "_data_uuid", w ~ "_data_w", w ~ "_data_str"], extra=[["no_pm", "true"]]) }}
{% endmacro %}
"#,
        ),
        (
            "widget/src.j2",
            r#"{#-
  The sample rate converter widget `SRC<pipe>.<n>` (SOF's m4/src.m4, W_SRC).

      {% from "widget/src.j2" import src %}
-#}
{% from "lib/names.j2" import widget_name %}
{% from "lib/tuples.j2" import tuple_data, comp_uuid %}
{% from "lib/widget.j2" import widget %}

{#- SOF_RT_UUID of the firmware's src component. #}
{% set uuid = "c1c5326d-8390-46b4-aa47-95c3beca6550" %}

{#- Sample rate converter `SRC<pipe>.<n>`, configured by SectionData `conf`
    (sof_src_tokens). Its period tuples have no core, as in SOF's library. #}
{% macro src(pipe, n, format, sink, source, conf) %}
{% set w = widget_name("SRC", pipe, n) %}
{{ comp_uuid(w, uuid) }}
{{ tuple_data(w, "_w", "sof_comp_tokens", [["word", [
    ["SOF_TKN_COMP_PERIOD_SINK_COUNT", sink],
    ["SOF_TKN_COMP_PERIOD_SOURCE_COUNT", source]]]]) }}
{{ tuple_data(w, "_str", "sof_comp_tokens", [["string", [["SOF_TKN_COMP_FORMAT", format]]]]) }}
{{ widget(w, pipe, "src", [w ~ "_data_uuid", w ~ "_data_w", w ~ "_data_str", conf], extra=[["no_pm", "true"]]) }}
{% endmacro %}
"#,
        ),
        (
            "dai/common.j2",
            r#"{#-
  What every DAI type's configuration writes besides its own tuples: the
  DAI type and index tuples, and the BE link (SectionBE) with its hardware
  configs and data. Used by the files of this directory, one per DAI type
  (as SOF's platform/common/<type>.m4), which DAI_CONFIG includes by type.
-#}
{% from "lib/tuples.j2" import vendor_tuples, section_data %}

{#- Fails unless a `*_CONFIG_DATA(type, index, …)` names the DAI being configured. #}
{% macro check_names(what, t, i, dai) %}
{% if t ~ i != dai %}{{ fail(what ~ " names " ~ t ~ i ~ " but this DAI_CONFIG configures " ~ dai ~ ": its data would not reach the link") }}{% endif %}
{% endmacro %}

{#- The DAI type and index tuples of `type``index`, in SectionData DAICONFIG.<dai>_data_common. #}
{% macro common_tuples(type, index) %}
{% set prefix = "DAICONFIG." ~ type ~ index %}
{{ vendor_tuples(prefix ~ "_tuples_common", "sof_dai_tokens", [["string", [["SOF_TKN_DAI_TYPE", type]]], ["word", [["SOF_TKN_DAI_INDEX", index]]]]) }}
{{ section_data(prefix ~ "_data_common", prefix ~ "_tuples_common") }}
{% endmacro %}

{#- The SectionBE `name` with ID `link_id`, its hardware configs and data;
    its default hardware config is the one with ID `link_id`, as SOF's. #}
{% macro be_section(name, link_id, hw_configs, data_names) %}
SectionBE."{{ name }}" {
	id "{{ link_id }}"
	index "0"
	default_hw_conf_id	"{{ link_id }}"
	hw_configs [
{% for h in hw_configs %}
		"{{ h }}"
{% endfor %}
	]
	data [
{% for d in data_names %}
		"{{ d }}"
{% endfor %}
	]
}
{% endmacro %}

{#- The common tuples and the BE link; `extra_data`: more SectionData names. #}
{% macro be_link(type, index, link_id, name, extra_data=[]) %}
{% set prefix = "DAICONFIG." ~ type ~ index %}
{{ common_tuples(type, index) -}}
{{ be_section(name, link_id, [type ~ index], [prefix ~ "_data", prefix ~ "_data_common"] + extra_data) }}
{%- endmacro %}
"#,
        ),
    ];

    fn env() -> Environment<'static> {
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        env.set_trim_blocks(true);
        env.set_lstrip_blocks(true);
        env.set_keep_trailing_newline(true);
        env.add_filter("sof_uuid", sof_uuid);
        env.add_function("fail", super::super::fail);
        // `former/widget/X.j2`: the former widget files; anything else the
        // built-in library
        env.set_loader(|name| {
            Ok(match name.strip_prefix("former/") {
                Some(f) => FORMER_WIDGETS
                    .iter()
                    .find(|(n, _)| *n == f)
                    .map(|(_, t)| t.to_string()),
                None => crate::library::builtin(name).map(str::to_string),
            })
        });
        register(&mut env);
        env
    }

    /// Every name of [`FILES`], `lib/` and widget files.
    fn all_names() -> impl Iterator<Item = &'static str> {
        FILES.iter().flat_map(|(_, names)| names.iter().copied())
    }

    /// The former widget macros imported under `t_` names.
    fn former_imports() -> String {
        let mut s = String::new();
        for (file, names) in FILES.iter().filter(|(f, _)| !f.starts_with("lib/")) {
            let list: Vec<String> = names.iter().map(|n| format!("{n} as t_{n}")).collect();
            let _ = writeln!(
                s,
                "{{% from \"former/{file}\" import {} %}}",
                list.join(", ")
            );
        }
        s
    }

    /// `call` rendered with the native functions and with the former
    /// macros (`t_` before each name), as a template statement would.
    fn both(call: &str) -> (String, String) {
        let env = env();
        let native_call = rename(call, "native.");
        let native = env
            .render_str(&format!("{{{{ {native_call} }}}}\n"), context! {})
            .unwrap_or_else(|e| panic!("{native_call}: {e}"));
        let former_call = rename(call, "t_");
        let former = env
            .render_str(
                &format!("{FORMER}{}{{{{ {former_call} }}}}\n", former_imports()),
                context! {},
            )
            .unwrap_or_else(|e| panic!("{former_call}: {e:#}"));
        // the macro definitions leave blank lines of their own before the call
        let former = former.trim_start_matches('\n').to_string();
        (native, former)
    }

    /// Every function or table name in `call` prefixed with `prefix`.
    fn rename(call: &str, prefix: &str) -> String {
        let mut out = String::new();
        let mut word = String::new();
        for c in call.chars().chain(std::iter::once(' ')) {
            if c.is_ascii_alphanumeric() || c == '_' {
                word.push(c);
                continue;
            }
            if matches!(c, '(' | '[') && all_names().any(|n| n == word) {
                out.push_str(prefix);
            }
            out.push_str(&word);
            word.clear();
            out.push(c);
        }
        out.pop();
        out
    }

    #[test]
    fn the_uuid_tuples_made_at_compile_time_are_sof_uuid() {
        for (guid, token) in [
            (HOST_UUID, HOST_TOKEN),
            (PGA_UUID, PGA_TOKEN),
            (DAI_UUID, DAI_TOKEN),
            (MIXER_UUID, MIXER_TOKEN),
            (SRC_UUID, SRC_TOKEN),
            (EQ_IIR_UUID, EQ_IIR_TOKEN),
        ] {
            assert_eq!(token_str(&token), sof_uuid(guid).unwrap());
        }
    }

    #[test]
    fn integers_are_written_as_minijinja_writes_them() {
        for i in [0, 7, 9, 10, 48000, -1, -10, i64::MAX, i64::MIN] {
            let mut out = String::new();
            push_arg(&mut out, Arg::Int(i));
            assert_eq!(out, Value::from(i).to_string());
            assert!(matches!(Arg::of(&Value::from(i)), Arg::Int(j) if j == i));
        }
        // beyond i64, and other values, as minijinja prints them
        for v in [
            Value::from(u64::MAX),
            Value::from(true),
            Value::from(()),
            Value::from(1.5),
        ] {
            let mut out = String::new();
            push_arg(&mut out, Arg::of(&v));
            assert_eq!(out, v.to_string());
        }
    }

    #[test]
    fn each_function_writes_what_its_template_wrote() {
        let calls = [
            r#"widget_name("PGA", 1, 0)"#,
            r#"buf(3, 2)"#,
            r#"pcm_widget(0, "playback")"#,
            r#"pcm_widget(5, "capture")"#,
            r#"dai_widget_name("SSP", 5, "playback")"#,
            r#"dai_widget_name("DMIC", 0, "capture")"#,
            r#"pipeline_widget(2, "PCM0P")"#,
            r#"vendor_tuples("t1", "sof_volume_tokens", [["word", [["A", 2], ["B", 20]]], ["string", [["C", "x y"]]]])"#,
            r#"vendor_tuples("empty", "tok", [])"#,
            r#"section_data("d1", "t1")"#,
            r#"tuple_data("BUF1.0", "", "sof_buffer_tokens", [["word", [["SOF_TKN_BUF_SIZE", 384]]]])"#,
            r#"comp_uuid("PGA1.0", "8b9d100c-6d78-418f-90a3-e0e805d0852b")"#,
            r#"comp_periods("PGA1.0", "_w", 2, 2, 0)"#,
            r#"comp_format("PGA1.0", "s32le")"#,
            r#"comp_format("PGA1.0", "s16le", suffix="_fmt")"#,
            r#"comp_format(w="X", format="s16le")"#,
            r#"widget("BUF1.0", 1, "buffer", ["BUF1.0_data"], extra=[["no_pm", "true"]])"#,
            r#"widget("PGA1.0", 1, "pga", ["a", "b"], [["k", 1]], ["Master"])"#,
            r#"widget("EQ1.0", 1, "effect", [], mixers=["m1", "m2"], bytes=["b1"])"#,
            r#"widget("EQ1.0", 1, "effect", [], bytes=none)"#,
            r#"effect("EQIIR", 1, 0, "5150c0e6-27f9-4ec8-8351-c705b642d12f", "EQIIR", "s32le", 2, 2, 0, ["EQIIR1.0 bytes"])"#,
            r#"period_frames(48000, 1000)"#,
            r#"period_frames(44100, 1333)"#,
            r#"buffer_size(2, "s24le", 2, 48000, 1000)"#,
            r#"buffer_size(3, "s16le", 4, 44100, 333) ~ "x""#,
            r#"capability_formats["s24le"]"#,
            r#"sample_bytes["float"] * 3"#,
            r#"format_names["s32le"]"#,
            // the widget files
            r#"buffer(1, 0, 384, 65)"#,
            r#"buffer(2, 3, buffer_size(2, "s32le", 2, 48000, 1000), "65", core_tuple=true)"#,
            r#"buffer(pipe=4, n=1, size=768, caps=0, core_tuple=false)"#,
            r#"buffer(1, 2, 96, 65, 1)"#,
            r#"host_pcm("playback", 1, 0, "Passthrough Playback", 2, 0, 0)"#,
            r#"host_pcm("capture", 7, 12, "Highpass Capture", 0, 2, 1)"#,
            r#"host_pcm(direction="capture", pipe=7, pcm=3, stream="DMIC", sink=0, source=2, core=0)"#,
            r#"pcm_capabilities("Tone 0", "S32_LE,S24_LE,S16_LE", 48000, 48000, 2, 2)"#,
            r#"pcm_capabilities("Tone 0", capability_formats["s16le"], 8000, 192000, 1, 8, 4, 32, 96, 8192, 131072, 262144)"#,
            r#"pcm_capabilities("P", "S16_LE", 48000, 48000, 2, 2, periods_max=4, buffer_size_min=1024)"#,
            r#"scheduler(1, "PCM0P", 1000, 0, 0, 1, false, "pipe_media_schedule_plat")"#,
            r#"scheduler(2, "SSP0.OUT", 1000, 2, 1, none, true, "pipe_dai_schedule_plat")"#,
            r#"scheduler(3, "DMIC0.IN", 2000, 0, 0, 0, 1, "p")"#,
            r#"scheduler(3, "DMIC0.IN", 2000, 0, 0, 0, 0, "p")"#,
            r#"graph("pipe-volume-playback 1", 1, [["BUF1.0", "PCM0P"], ["PGA1.0", "BUF1.0"]])"#,
            r#"graph("empty", 2, [])"#,
            r#"pga(1, 0, "s32le", 2, 2, "PGA1.0_conf", 0, ["Master Playback Volume 1"])"#,
            r#"pga(1, 0, "s32le", 2, 2, "PGA1.0_conf", 0, none)"#,
            r#"pga(2, 1, "s16le", 2, 2, "c", 1, ["a", "b"], name="Main Volume")"#,
            r#"pga(2, 1, "s16le", 2, 2, "c", 1, ["a"], none)"#,
            r#"mixer_control("m", 1, 256, 32, stereo_volume_channels[0:2])"#,
            r#"mixer_control("m", 1, 256, 32, stereo_volume_channels[0:2], tlv="vtlv_m64s2")"#,
            r#"mixer_control("s", 3, 259, 1, [{"name": "FC", "reg": 3, "shift": 0}], led=[1, 0], pipe=3)"#,
            r#"mixer_control("s", 3, 259, 1, [], "t", [0, 1], 5)"#,
            r#"volume_control("Master Playback Volume 1", 1, 32, "vtlv_m64s2")"#,
            r#"volume_control("Capture Volume 2", 2, 80, "vtlv_m50s1", channels=[{"name": "FC", "reg": 1, "shift": 0}])"#,
            r#"volume_control("V", 2, 80, none, stereo_switch_channels[0:1])"#,
            r#"switch_control("Capture Switch 2", 2)"#,
            r#"switch_control("Capture Switch 2", 2, led=[1, 1])"#,
            r#"switch_control("S", 4, stereo_volume_channels[1:2], [0, 1])"#,
            r#"stereo_volume_channels[0]"#,
            r#"stereo_switch_channels[1]["reg"] ~ stereo_switch_channels[1].name"#,
            r#"dai_widget("playback", 1, "SSP", 5, "SSP5-Codec", "s24le", 0, 2, 0)"#,
            r#"dai_widget("capture", 2, "DMIC", 0, "dmic01", "s32le", 2, 0, 1)"#,
            r#"bytes_control("EQIIR1.0 bytes", 1, 1024, "EQIIR1.0_data_bytes")"#,
            r#"eq_iir(1, 0, "s32le", 2, 2, 0, ["EQIIR1.0 bytes"])"#,
            r#"eq_iir(3, 2, "s16le", 2, 2, 1, none)"#,
            r#"mixer(1, 0, "s32le", 2, 2, 0)"#,
            r#"src(1, 0, "s24le", 2, 2, "SRC1.0_conf")"#,
            r#""x" ~ check_names("SSP_CONFIG_DATA", "SSP", 5, "SSP5")"#,
            r#"common_tuples("SSP", 5)"#,
            r#"common_tuples("DMIC", 0) ~ "x""#,
            r#"be_section("SSP5-Codec", 0, ["SSP5"], ["a", "b"])"#,
            r#"be_section("iDisp1", 3, [], [])"#,
            r#"be_link("SSP", 5, 0, "SSP5-Codec")"#,
            r#"be_link("DMIC", 0, 2, "dmic01", ["DAICONFIG.DMIC0_pdm_data"])"#,
            r#"be_link(type="HDA", index=3, link_id=4, name="iDisp1", extra_data=[])"#,
        ];
        for call in calls {
            let (native, former) = both(call);
            assert_eq!(native, former, "{call}");
        }
    }

    /// Each file of [`FILES`] names exactly its functions, from `native`.
    #[test]
    fn the_files_name_their_functions() {
        let env = env();
        let namespace = env.globals().find(|(n, _)| *n == NAMESPACE).map(|(_, v)| v);
        let namespace = namespace.expect("the namespace is registered");
        for (file, names) in FILES {
            let text = crate::library::builtin(file).unwrap();
            let set: Vec<&str> = text
                .lines()
                .filter_map(|l| l.strip_prefix("{% set "))
                .filter_map(|l| l.split_once(" = native."))
                .map(|(n, _)| n)
                .collect();
            assert_eq!(&set, names, "{file}");
            for n in *names {
                assert!(
                    text.contains(&format!("{{% set {n} = native.{n} %}}")),
                    "{file}: {n}"
                );
                assert!(
                    !namespace.get_attr(n).unwrap().is_undefined(),
                    "{n} is not under `{NAMESPACE}`"
                );
            }
        }
        for n in NAMES {
            assert!(
                FILES
                    .iter()
                    .any(|(f, names)| f.starts_with("lib/") && names.contains(n)),
                "{n} is not a lib file's"
            );
        }
    }

    #[test]
    fn imports_of_built_in_files_become_sets_line_for_line() {
        let built_in: &[(&str, &[&str])] = &[
            ("lib/names.j2", &["buf", "pcm_widget"]),
            ("widget/pga.j2", &["pga"]),
            ("widget/bytecontrol.j2", &["bytes_control"]),
        ];
        let text = "{#-\n      {% from \"lib/names.j2\" import buf %}\n-#}\n\
            {% from \"lib/names.j2\" import buf, pcm_widget as pw %}\n\
            {% from \"lib/format.j2\" import buffer_size %}\r\n\
            {% from \"widget/pga.j2\" import pga %}\r\n\
            {% from \"widget/bytecontrol.j2\" import coef_data, bytes_control as bc %}\n\
            {% from \"widget/bytecontrol.j2\" import coef_data %}\n\
            {% from \"widget/pga.j2\" import pga with context %}\n\
            {%- from \"widget/pga.j2\" import pga %}\n\
            {% from \"widget/pga.j2\" import pga,\n    pga as p2 %}\n\
            {{ buf(1, 0) }}\n";
        let out = native_imports(text, built_in);
        assert_eq!(
            out,
            "{#-\n      {% from \"lib/names.j2\" import buf %}\n-#}\n\
             {% set buf = native.buf %}{% set pw = native.pcm_widget %}\n\
             {% from \"lib/format.j2\" import buffer_size %}\r\n\
             {% set pga = native.pga %}\r\n\
             {% set bc = native.bytes_control %}{% from \"widget/bytecontrol.j2\" import coef_data %}\n\
             {% from \"widget/bytecontrol.j2\" import coef_data %}\n\
             {% from \"widget/pga.j2\" import pga with context %}\n\
             {%- from \"widget/pga.j2\" import pga %}\n\
             {% from \"widget/pga.j2\" import pga,\n    pga as p2 %}\n\
             {{ buf(1, 0) }}\n"
        );
        assert_eq!(out.lines().count(), text.lines().count());
        assert_eq!(native_imports(text, &[]), text);
    }

    /// A template reaches the functions its rewritten imports name from
    /// its macros too, an alias included, as it would the imports; the
    /// lower-case names are not published; the line numbers stay.
    #[test]
    fn a_rewritten_template_renders_as_its_imports_did() {
        let text = "{% from \"lib/names.j2\" import buf as b %}\n\
            {% from \"widget/pipeline.j2\" import graph %}\n\
            {% from \"widget/bytecontrol.j2\" import bytes_control, coef_data %}\n\
            {% macro later() %}{{ bytes_control(\"x\", 1, 4, b(1, 0)) }}{% endmacro %}\n\
            {{ graph(\"g\", 1, [[b(1, 0), \"PCM0P\"]]) }}\n\
            {{ later() }}\n\
            {% set OUT = graph(\"h\", 2, []) %}\n\
            {{ fail(\"line 8\") }}\n";
        let rewritten = native_imports(text, FILES);
        assert_ne!(rewritten, text);
        assert_eq!(rewritten.lines().count(), text.lines().count());
        let env = env();
        let render = |t: &str| {
            let t = t.replace("{{ fail(\"line 8\") }}\n", "");
            let tmpl = env.template_from_str(&t).unwrap();
            let mut captured = tmpl.render_captured(context! {}).unwrap();
            let mut exports: Vec<String> = captured
                .with_state_mut(|state| state.exports().into_iter().map(str::to_string).collect());
            exports.sort();
            (captured.into_output(), exports)
        };
        let imported = render(text);
        assert_eq!(imported, render(&rewritten));
        assert!(imported.0.starts_with("SectionGraph.\"g\""));
        assert!(imported.0.contains("SectionControlBytes.\"x\""));
        assert!(imported.1.iter().any(|n| n == "OUT"));
        // errors keep their line
        for t in [text.to_string(), rewritten] {
            let e = env
                .render_str(&t, context! {})
                .expect_err("the template fails");
            assert_eq!(e.line(), Some(8), "{e:#}");
        }
    }

    #[test]
    fn the_language_reference_lists_every_function() {
        let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/language.md"))
            .unwrap();
        for name in all_names() {
            assert!(
                doc.contains(&format!("`{name}(")) || doc.contains(&format!("`{name}`")),
                "docs/language.md does not list `{name}`"
            );
        }
    }

    #[test]
    fn misuse_is_an_error_not_text() {
        let env = env();
        for bad in [
            r#"buf(1)"#,
            r#"buf(1, 2, 3)"#,
            r#"widget_name("A", 1, 0, n=2)"#,
            r#"widget("a", 1, "t", [], colour=1)"#,
            r#"vendor_tuples("t", "k", 5)"#,
            r#"vendor_tuples("t", "k", [["word", [["A"]]]])"#,
            r#"buffer_size(2, "u8", 2, 48000, 1000)"#,
            r#"buffer_size("two", "s16le", 2, 48000, 1000)"#,
            r#"comp_uuid("w", "not-a-guid")"#,
            r#"buffer(1, 0, 384)"#,
            r#"buffer(1, 0, 384, 65, core=1)"#,
            r#"host_pcm("playbak", 1, 0, "s", 2, 0, 0)"#,
            r#"host_pcm(none, 1, 0, "s", 2, 0, 0)"#,
            r#"pcm_capabilities("P", "S16_LE", 48000, 48000, 2)"#,
            r#"pcm_capabilities("P", "S16_LE", 48000, 48000, 2, 2, 2, periods_min=2)"#,
            r#"scheduler(1, "PCM0P", 1000, 0, 0, 1, false)"#,
            r#"graph("g", 1, [["BUF1.0"]])"#,
            r#"graph("g", 1, "BUF1.0")"#,
            r#"pga(1, 0, "s32le", 2, 2, "c", 0, ["m"], "n", 5)"#,
            r#"pga(1, 0, "s32le", 2, 2, "c", 0, 7)"#,
            r#"mixer_control("m", 1, 256, 32, [{"name": "FL", "reg": 1}])"#,
            r#"mixer_control("m", 1, 256, 32, 5)"#,
            r#"mixer_control("s", 3, 259, 1, [], led=[1, 0])"#,
            r#"mixer_control("s", 3, 259, 1, [], led=1, pipe=3)"#,
            r#"volume_control("V", 1, 32)"#,
            r#"switch_control("S", 2, led=[1])"#,
            r#"dai_widget("in", 1, "SSP", 5, "SSP5-Codec", "s24le", 0, 2, 0)"#,
            r#"bytes_control("b", 1, 1024)"#,
            r#"eq_iir(1, 0, "s32le", 2, 2, 0, 5)"#,
            r#"mixer(1, 0, "s32le", 2, 2)"#,
            r#"src(1, 0, "s24le", 2, 2, "c", colour=1)"#,
            r#"check_names("SSP_CONFIG_DATA", "SSP", 4, "SSP5")"#,
            r#"be_section("n", 0, 5, [])"#,
            r#"be_link("SSP", 5, 0)"#,
            r#"be_link("SSP", 5, 0, "n", extra_data=3)"#,
        ] {
            let bad = rename(bad, "native.");
            assert!(
                env.render_str(&format!("{{{{ {bad} }}}}"), context! {})
                    .is_err(),
                "{bad}"
            );
        }
    }
}
