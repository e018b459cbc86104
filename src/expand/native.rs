//! The library's building blocks as native functions of the template
//! environment: the names SOF gives widgets, vendor tuples and the data that
//! carries them, the `SectionWidget` every widget is, and sample-format
//! arithmetic. Nearly every template calls them, many times per statement;
//! as templates of their own they were imported (evaluated again) at each
//! render, some 200 times for one board, and each call ran the template
//! machine. Here they are plain string building.
//!
//! Each writes exactly the text its template did (the tests below render the
//! former templates beside these functions), and takes its arguments as a
//! macro does: positionally or by name, with the same defaults.

use super::sof_uuid;
use minijinja::value::{Kwargs, Rest, Value};
use minijinja::{Environment, Error, ErrorKind};
use std::fmt::Write;

/// The global every function and table of this module is found under:
/// `native.buf(…)`. One name, so that a template variable (a statement's
/// argument is one) cannot hide them; `lib/names.j2` and its siblings name
/// them for import.
pub(crate) const NAMESPACE: &str = "native";

/// The library files that only name native functions for import.
pub(super) const LIB_FILES: &[&str] = &[
    "lib/names.j2",
    "lib/tuples.j2",
    "lib/widget.j2",
    "lib/format.j2",
];

/// `text` with each line `{% from "F" import … %}` of a file `F` of
/// `built_in` (the [`LIB_FILES`] no `-I` directory replaces) made a tag
/// that does nothing: the names it imports are globals already (see
/// [`register`]), and an import evaluates the file again at every render.
/// The line stays, so line numbers in errors stay; with `trim_blocks`
/// neither writes any text.
pub(super) fn drop_imports(text: String, built_in: &[&str]) -> String {
    if built_in.is_empty() || !text.contains("{% from \"lib/") {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let tag = line.trim_end_matches(['\n', '\r']);
        let imports_native = built_in.iter().any(|f| {
            tag.strip_prefix("{% from \"")
                .and_then(|t| t.strip_prefix(f))
                .is_some_and(|t| t.starts_with("\" import ") && t.ends_with(" %}"))
        });
        if imports_native {
            out.push_str("{% if false %}{% endif %}");
            out.push_str(&line[tag.len()..]);
        } else {
            out.push_str(line);
        }
    }
    out
}

/// A native function: a macro's arguments in, its text out.
type Native = fn(Rest<Value>) -> Result<Value, Error>;

/// Registers [`NAMESPACE`] in `env`, and each of its members as a global
/// of its own name (for the templates whose imports [`drop_imports`] made
/// no-ops; no statement parameter takes one of these names).
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
    env.add_global(NAMESPACE, Value::from_iter(members));
}

/// The names of the functions and tables under [`NAMESPACE`], each a
/// global too.
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
const CAPABILITY_FORMATS: &[(&str, &str)] = &[
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
fn items(func: &str, what: &str, v: &Value) -> Result<Vec<Value>, Error> {
    match v.try_iter() {
        Ok(it) => Ok(it.collect()),
        Err(_) => Err(invalid(format!("{func}: `{what}` is not a list: {v}"))),
    }
}

/// `for a, b in list`: an item unpacked into its two values.
fn pair(func: &str, item: &Value) -> Result<(Value, Value), Error> {
    let bad = || invalid(format!("{func}: `{item}` is not a pair"));
    if item.len() != Some(2) {
        return Err(bad());
    }
    Ok((
        item.get_item_by_index(0).map_err(|_| bad())?,
        item.get_item_by_index(1).map_err(|_| bad())?,
    ))
}

/// `widget_name(prefix, pipe, n)`: `<prefix><pipe>.<n>`.
fn widget_name(args: Rest<Value>) -> Result<Value, Error> {
    let a = Bound::new("widget_name", &["prefix", "pipe", "n"], &[], args)?;
    Ok(text(format!("{}{}.{}", a.get(0), a.get(1), a.get(2))))
}

/// `buf(pipe, n)`: `BUF<pipe>.<n>`.
fn buf(args: Rest<Value>) -> Result<Value, Error> {
    let a = Bound::new("buf", &["pipe", "n"], &[], args)?;
    Ok(text(format!("BUF{}.{}", a.get(0), a.get(1))))
}

fn is_playback(v: &Value) -> bool {
    v.as_str() == Some("playback")
}

/// `pcm_widget(pcm, direction)`: `PCM<pcm>P`, or `PCM<pcm>C` for capture.
fn pcm_widget(args: Rest<Value>) -> Result<Value, Error> {
    let a = Bound::new("pcm_widget", &["pcm", "direction"], &[], args)?;
    let d = if is_playback(a.get(1)) { "P" } else { "C" };
    Ok(text(format!("PCM{}{d}", a.get(0))))
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
    Ok(text(format!("{}{}{d}", a.get(0), a.get(1))))
}

/// `pipeline_widget(pipe, comp)`: `PIPELINE.<pipe>.<comp>`.
fn pipeline_widget(args: Rest<Value>) -> Result<Value, Error> {
    let a = Bound::new("pipeline_widget", &["pipe", "comp"], &[], args)?;
    Ok(text(format!("PIPELINE.{}.{}", a.get(0), a.get(1))))
}

/// `SectionVendorTuples."<name>"` with one group per tuple type:
/// `groups = [["word", [[token, value], …]], ["string", …], …]`.
fn write_tuples(
    out: &mut String,
    name: &dyn std::fmt::Display,
    tokens: &Value,
    groups: &Value,
) -> Result<(), Error> {
    let _ = writeln!(out, "SectionVendorTuples.\"{name}\" {{");
    let _ = writeln!(out, "\ttokens \"{tokens}\"");
    for group in items("vendor_tuples", "groups", groups)? {
        let (ty, entries) = pair("vendor_tuples", &group)?;
        let _ = writeln!(out, "\ttuples.\"{ty}\" {{");
        for entry in items("vendor_tuples", "entries", &entries)? {
            let (token, value) = pair("vendor_tuples", &entry)?;
            let _ = writeln!(out, "\t\t{token}\t\"{value}\"");
        }
        out.push_str("\t}\n");
    }
    out.push_str("}\n");
    Ok(())
}

/// `SectionData."<name>"` wrapping one set of tuples.
fn write_data(out: &mut String, name: &dyn std::fmt::Display, tuples: &dyn std::fmt::Display) {
    let _ = write!(
        out,
        "SectionData.\"{name}\" {{\n\ttuples \"{tuples}\"\n}}\n"
    );
}

/// Tuples and their data: `<prefix>_tuples<suffix>`, `<prefix>_data<suffix>`.
fn write_tuple_data(
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

fn vendor_tuples(args: Rest<Value>) -> Result<Value, Error> {
    let a = Bound::new("vendor_tuples", &["name", "tokens", "groups"], &[], args)?;
    let mut out = String::new();
    write_tuples(&mut out, a.get(0), a.get(1), a.get(2))?;
    Ok(text(out))
}

fn section_data(args: Rest<Value>) -> Result<Value, Error> {
    let a = Bound::new("section_data", &["name", "tuples_name"], &[], args)?;
    let mut out = String::new();
    write_data(&mut out, a.get(0), a.get(1));
    Ok(text(out))
}

fn tuple_data(args: Rest<Value>) -> Result<Value, Error> {
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
    let groups = group(
        "uuid",
        vec![("SOF_TKN_COMP_UUID", Value::from(sof_uuid(guid)?))],
    );
    write_tuple_data(out, w, &"_uuid", &Value::from("sof_comp_tokens"), &groups)?;
    out.push('\n');
    Ok(())
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
    let groups = group(
        "word",
        vec![
            ("SOF_TKN_COMP_PERIOD_SINK_COUNT", sink.clone()),
            ("SOF_TKN_COMP_PERIOD_SOURCE_COUNT", source.clone()),
            ("SOF_TKN_COMP_CORE_ID", core.clone()),
        ],
    );
    write_tuple_data(out, w, suffix, &Value::from("sof_comp_tokens"), &groups)?;
    out.push('\n');
    Ok(())
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
fn write_string_tuple(
    out: &mut String,
    w: &Value,
    suffix: &dyn std::fmt::Display,
    tokens: &str,
    token: &str,
    value: &Value,
) -> Result<(), Error> {
    let groups = group("string", vec![(token, value.clone())]);
    write_tuple_data(out, w, suffix, &Value::from(tokens), &groups)
}

fn comp_format(args: Rest<Value>) -> Result<Value, Error> {
    let a = Bound::new(
        "comp_format",
        &["w", "format", "suffix"],
        &[("suffix", || Value::from("_str"))],
        args,
    )?;
    let mut out = String::new();
    write_string_tuple(
        &mut out,
        a.get(0),
        a.get(2),
        "sof_comp_tokens",
        "SOF_TKN_COMP_FORMAT",
        a.get(1),
    )?;
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
    let _ = write!(
        out,
        "SectionWidget.\"{name}\" {{\n\tindex \"{index}\"\n\ttype \"{ty}\"\n"
    );
    for line in items("widget", "extra", extra)? {
        let (key, value) = pair("widget", &line)?;
        let _ = writeln!(out, "\t{key} \"{value}\"");
    }
    out.push_str("\tdata [\n");
    for d in items("widget", "data_names", data_names)? {
        let _ = writeln!(out, "\t\t\"{d}\"");
    }
    out.push_str("\t]\n");
    for (key, list) in [("mixer", mixers), ("bytes", bytes)] {
        if list.is_none() {
            continue;
        }
        let _ = writeln!(out, "\t{key} [");
        for m in items("widget", key, list)? {
            let _ = writeln!(out, "\t\t\"{m}\"");
        }
        out.push_str("\t]\n");
    }
    out.push_str("}\n");
    Ok(())
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
    let w = Value::from(format!("{}{}.{}", a.get(0), a.get(1), a.get(2)));
    let mut out = String::new();
    write_comp_uuid(&mut out, &w, a.get(3))?;
    out.push('\n');
    write_comp_periods(
        &mut out,
        &w,
        &Value::from("_w"),
        a.get(6),
        a.get(7),
        a.get(8),
    )?;
    out.push('\n');
    write_string_tuple(
        &mut out,
        &w,
        &"_str",
        "sof_comp_tokens",
        "SOF_TKN_COMP_FORMAT",
        a.get(5),
    )?;
    out.push('\n');
    write_string_tuple(
        &mut out,
        &w,
        &"_str_type",
        "sof_process_tokens",
        "SOF_TKN_PROCESS_TYPE",
        a.get(4),
    )?;
    out.push('\n');
    let data_names = Value::from(
        ["_data_uuid", "_data_w", "_data_str", "_data_str_type"]
            .iter()
            .map(|s| Value::from(format!("{w}{s}")))
            .collect::<Vec<_>>(),
    );
    let extra = Value::from(vec![Value::from(vec![
        Value::from("no_pm"),
        Value::from("true"),
    ])]);
    write_widget(
        &mut out,
        &w,
        a.get(1),
        &Value::from("effect"),
        &data_names,
        &extra,
        &Value::from(()),
        a.get(9),
    )?;
    out.push('\n');
    Ok(text(out))
}

/// An integer argument of the format arithmetic.
fn int(func: &str, what: &str, v: &Value) -> Result<i64, Error> {
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
    Ok(text(
        frames("period_frames", a.get(0), a.get(1))?.to_string(),
    ))
}

/// Bytes in a buffer of `periods` periods.
fn buffer_size(args: Rest<Value>) -> Result<Value, Error> {
    let f = "buffer_size";
    let a = Bound::new(
        f,
        &["periods", "format", "channels", "rate", "period_us"],
        &[],
        args,
    )?;
    let format = a.get(1);
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
    let periods = int(f, "periods", a.get(0))?;
    let channels = int(f, "channels", a.get(2))?;
    let frames = frames(f, a.get(3), a.get(4))?;
    let size = periods
        .checked_mul(bytes)
        .and_then(|x| x.checked_mul(channels))
        .and_then(|x| x.checked_mul(frames))
        .ok_or_else(|| invalid(format!("{f}: arithmetic overflow")))?;
    Ok(text(size.to_string()))
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

    fn env() -> Environment<'static> {
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        env.set_trim_blocks(true);
        env.set_lstrip_blocks(true);
        env.set_keep_trailing_newline(true);
        env.add_filter("sof_uuid", sof_uuid);
        register(&mut env);
        env
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
            .render_str(&format!("{FORMER}{{{{ {former_call} }}}}\n"), context! {})
            .unwrap_or_else(|e| panic!("{former_call}: {e}"));
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
            if matches!(c, '(' | '[') && NAMES.contains(&word.as_str()) {
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
        ];
        for call in calls {
            let (native, former) = both(call);
            assert_eq!(native, former, "{call}");
        }
    }

    #[test]
    fn imports_of_built_in_lib_files_become_no_ops_line_for_line() {
        let text = "{#-\n      {% from \"lib/names.j2\" import buf %}\n-#}\n\
            {% from \"lib/names.j2\" import buf, pcm_widget %}\n\
            {% from \"lib/format.j2\" import buffer_size %}\r\n\
            {% from \"widget/pga.j2\" import pga %}\n\
            {{ buf(1, 0) }}\n";
        let out = drop_imports(text.to_string(), &["lib/names.j2"]);
        assert_eq!(
            out,
            "{#-\n      {% from \"lib/names.j2\" import buf %}\n-#}\n\
             {% if false %}{% endif %}\n\
             {% from \"lib/format.j2\" import buffer_size %}\r\n\
             {% from \"widget/pga.j2\" import pga %}\n\
             {{ buf(1, 0) }}\n"
        );
        assert_eq!(drop_imports(text.to_string(), &[]), text);
        // either way the template writes the same text
        let env = env();
        let both = [text.to_string(), out].map(|t| {
            let t = t.replace("{% from \"lib/format.j2\" import buffer_size %}\r\n", "");
            let t = t.replace("{% from \"widget/pga.j2\" import pga %}\n", "");
            env.render_str(
                &t.replace(
                    "{% from \"lib/names.j2\" import buf, pcm_widget %}",
                    "{% set buf = native.buf %}{% set pcm_widget = native.pcm_widget %}",
                ),
                context! {},
            )
            .unwrap()
        });
        assert_eq!(both[0], both[1]);
        assert_eq!(both[1], "BUF1.0\n");
    }

    #[test]
    fn the_language_reference_lists_every_function() {
        let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/language.md"))
            .unwrap();
        for name in NAMES {
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
