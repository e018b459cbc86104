//! Checks on keys and fixed values alsatplg skips, ignores or deprecates.

use super::Check;
use crate::conf::known_keys;
use crate::conf::{Node, SectionKind, Spanned, Value};
use crate::validate::{Context, Finding};
use crate::vocab::closest;

pub(super) const UNKNOWN_KEY: Check = Check {
    code: "tplg::key::unknown",
    summary: "a key its section does not know (alsatplg ignores it)",
    help: "fix the spelling (the message suggests the key)",
    run: unknown_key,
};

pub(super) const UNKNOWN_SECTION: Check = Check {
    code: "tplg::section::unknown",
    summary: "a top-level block that is no section alsatplg reads",
    help: "rename or remove it",
    run: unknown_section,
};

pub(super) const DEPRECATED: Check = Check {
    code: "tplg::hwconfig::deprecated",
    summary: "a hw config key or clock role alsatplg reports as deprecated",
    help: "`codec_consumer`, `codec_provider`, `bclk`, `fsync`",
    run: deprecated,
};

pub(super) const IGNORED_VALUE: Check = Check {
    code: "tplg::hwconfig::ignored_value",
    summary: "a hw config clock role alsatplg does not know (it keeps the default)",
    help: "use `codec_consumer` or `codec_provider`",
    run: ignored_value,
};

pub(super) const FORMAT: Check = Check {
    code: "tplg::hwconfig::format",
    summary: "a hw config format alsatplg does not know",
    help: "`I2S`, `DSP_A`, `DSP_B`, `LEFT_J`, `PDM`, …",
    run: format,
};

/// alsa-lib skips `comment` and `#…` keys; `Comment` is read by no section
/// either, and authors mean it the same way.
fn is_comment(key: &str) -> bool {
    key.eq_ignore_ascii_case("comment") || key.starts_with('#')
}

/// One place keys are read: a section, or a group inside one.
struct Scope<'a> {
    /// What the keys belong to, for messages: "SectionWidget `PGA1.0`".
    what: String,
    known: &'a [&'a str],
    unknown: &'a [Node],
}

fn scopes<'a>(cx: &Context<'a>) -> Vec<Scope<'a>> {
    let c = cx.conf;
    let mut out = Vec::new();
    for s in c.sections() {
        // (a scope with no unknown key says nothing: its name is not made)
        if s.kind() == SectionKind::VendorTokens || s.unknown_keys().is_empty() {
            // Keys there are tokens; the reader reports non-numbers.
            continue;
        }
        out.push(Scope {
            what: format!("{} `{}`", s.kind().keyword(), s.name().value),
            known: known_keys(s.kind()),
            unknown: s.unknown_keys(),
        });
    }
    let mut group = |what: &dyn Fn() -> String, known: &'a [&'a str], unknown: &'a [Node]| {
        if !unknown.is_empty() {
            out.push(Scope {
                what: what(),
                known,
                unknown,
            });
        }
    };
    for t in &c.tlvs {
        if let Some(sc) = &t.scale {
            group(
                &|| format!("the scale of SectionTLV `{}`", t.name.value),
                &["min", "step", "mute"],
                &sc.unknown,
            );
        }
    }
    let channel_keys: &[&str] = &["reg", "shift"];
    let ops_keys: &[&str] = &["info", "get", "put"];
    let mixers = c.mixers.iter().map(|m| (&m.name, &m.channels, &m.ops));
    let enums = c.enums.iter().map(|e| (&e.name, &e.channels, &e.ops));
    for (name, channels, ops) in mixers.chain(enums) {
        for ch in channels {
            group(
                &|| format!("channel `{}` of `{}`", ch.name.value, name.value),
                channel_keys,
                &ch.unknown,
            );
        }
        for o in ops {
            group(
                &|| format!("the ops of `{}`", name.value),
                ops_keys,
                &o.unknown,
            );
        }
    }
    for b in &c.bytes {
        for o in b.ops.iter().chain(&b.extops) {
            group(
                &|| format!("the ops of `{}`", b.name.value),
                ops_keys,
                &o.unknown,
            );
        }
    }
    let stream_keys: &[&str] = &["capabilities"];
    for p in &c.pcms {
        for s in &p.streams {
            group(
                &|| format!("stream `{}` of SectionPCM `{}`", s.name.value, p.name.value),
                stream_keys,
                &s.unknown,
            );
        }
        for d in &p.dais {
            group(
                &|| format!("dai `{}` of SectionPCM `{}`", d.name.value, p.name.value),
                &["id"],
                &d.unknown,
            );
        }
    }
    for d in &c.dais {
        for s in &d.streams {
            group(
                &|| format!("stream `{}` of SectionDAI `{}`", s.name.value, d.name.value),
                stream_keys,
                &s.unknown,
            );
        }
    }
    out
}

fn unknown_key(cx: &Context, out: &mut Vec<Finding>) {
    for scope in scopes(cx) {
        for n in scope.unknown {
            let key = n.key.name.as_str();
            if is_comment(key) {
                continue;
            }
            let help = match closest(key, scope.known.iter().copied()) {
                Some(k) => format!("did you mean `{k}`?"),
                None if scope.known.is_empty() => "alsatplg reads no keys here".to_string(),
                None => format!("the keys read here are {}", list(scope.known)),
            };
            out.push(
                Finding::warning(
                    UNKNOWN_KEY.code,
                    n.key.span,
                    format!("{} has no key `{key}`", scope.what),
                )
                .label("alsatplg ignores this")
                .help(help),
            );
        }
    }
}

fn list(keys: &[&str]) -> String {
    keys.iter()
        .map(|k| format!("`{k}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn unknown_section(cx: &Context, out: &mut Vec<Finding>) {
    let keywords: Vec<&str> = SectionKind::ALL
        .iter()
        .filter(|k| **k != SectionKind::PcmConfig)
        .map(|k| k.keyword())
        .collect();
    for n in &cx.conf.unknown_sections {
        let key = n.key.name.as_str();
        if is_comment(key) {
            continue;
        }
        let help = match closest(key, keywords.iter().copied()) {
            Some(k) => format!("did you mean `{k}`?"),
            None => format!("the sections are {}", list(&keywords)),
        };
        out.push(
            Finding::warning(
                UNKNOWN_SECTION.code,
                n.key.span,
                format!("`{key}` is not a topology section"),
            )
            .label("alsatplg skips it (\"unknown section\")")
            .help(help),
        );
    }
    for p in &cx.conf.pcm_configs {
        out.push(
            Finding::warning(
                UNKNOWN_SECTION.code,
                p.span,
                format!(
                    "SectionPCMConfig `{}`: alsatplg no longer reads PCM configs",
                    p.name.value
                ),
            )
            .label("skipped (\"unknown section\")")
            .help("give the PCM's formats, rates and channels in its SectionPCMCapabilities"),
        );
    }
}

/// The key/value nodes of every `SectionHWConfig` in the tree, per section.
fn hw_config_nodes<'a>(cx: &Context<'a>) -> Vec<(&'a Node, &'a [Node])> {
    let mut out = Vec::new();
    for top in &cx.conf.tree.nodes {
        if top.key.name != SectionKind::HwConfig.keyword() {
            continue;
        }
        let Value::Compound(body) = &top.value else {
            continue;
        };
        for sec in &body.nodes {
            if let Value::Compound(c) = &sec.value {
                out.push((sec, c.nodes.as_slice()));
            }
        }
    }
    out
}

fn deprecated(cx: &Context, out: &mut Vec<Finding>) {
    for (sec, nodes) in hw_config_nodes(cx) {
        for n in nodes {
            let key = n.key.name.as_str();
            let new_key = match key {
                "bclk_master" => Some("bclk"),
                "fsync_master" => Some("fsync"),
                _ => None,
            };
            if let Some(new) = new_key {
                out.push(
                    Finding::warning(
                        DEPRECATED.code,
                        n.key.span,
                        format!("hw config `{}`: `{key}` is deprecated", sec.key.name),
                    )
                    .label("alsatplg warns \"deprecated option\"")
                    .help(format!("write `{new}`")),
                );
            }
            let role = match key {
                "bclk" | "bclk_master" | "fsync" | "fsync_master" => "clock",
                "mclk" | "mclk_direction" => "mclk",
                _ => continue,
            };
            let Some(v) = n.value.as_scalar() else {
                continue;
            };
            let new = match (role, v.text.as_str()) {
                ("clock", "codec_slave") => "codec_consumer",
                ("clock", "codec_master") => "codec_provider",
                // alsa-lib reads the old "master" as "the codec is the consumer".
                ("clock", "master") => "codec_consumer",
                ("mclk", "master") => "codec_mclk_in",
                _ => continue,
            };
            out.push(
                Finding::warning(
                    DEPRECATED.code,
                    v.span,
                    format!(
                        "hw config `{}`: `{key}` value `{}` is deprecated",
                        sec.key.name, v.text
                    ),
                )
                .label(format!("alsatplg reads it as `{new}` and warns"))
                .help(format!("write \"{new}\"")),
            );
        }
    }
}

/// A clock role field: key, value, the values alsatplg reads, what it
/// keeps otherwise, and the values to suggest.
type Role<'a> = (
    &'a str,
    &'a Option<Spanned<String>>,
    &'a [&'a str],
    &'a str,
    &'a [&'a str],
);

/// What alsatplg makes of a role it does not know: it keeps the default.
fn ignored_value(cx: &Context, out: &mut Vec<Finding>) {
    const CLOCK: [&str; 5] = [
        "codec_consumer",
        "codec_provider",
        "codec_slave",
        "codec_master",
        "master",
    ];
    const MCLK: [&str; 3] = ["codec_mclk_in", "codec_mclk_out", "master"];
    for h in &cx.conf.hw_configs {
        let fields: [Role; 3] = [
            (
                "bclk",
                &h.bclk,
                &CLOCK,
                "the codec provides the bit clock",
                &["codec_consumer", "codec_provider"],
            ),
            (
                "fsync",
                &h.fsync,
                &CLOCK,
                "the codec provides the frame clock",
                &["codec_consumer", "codec_provider"],
            ),
            (
                "mclk",
                &h.mclk,
                &MCLK,
                "the codec drives mclk (codec_mclk_out)",
                &["codec_mclk_in", "codec_mclk_out"],
            ),
        ];
        for (key, v, accepted, default, suggest) in fields {
            let Some(v) = v else { continue };
            if accepted.contains(&v.as_str()) {
                continue;
            }
            let help = match closest(v.as_str(), suggest.iter().copied()) {
                Some(s) => format!("did you mean \"{s}\"?"),
                None => format!(
                    "write {}",
                    suggest
                        .iter()
                        .map(|s| format!("\"{s}\""))
                        .collect::<Vec<_>>()
                        .join(" or ")
                ),
            };
            out.push(
                Finding::warning(
                    IGNORED_VALUE.code,
                    v.span,
                    format!(
                        "hw config `{}`: `{key}` \"{}\" is not a value alsatplg knows",
                        h.name.value, v.value
                    ),
                )
                .label(format!("ignored: the link keeps the default, {default}"))
                .help(help),
            );
        }
    }
}

/// The DAI formats alsa-lib knows (`audio_hw_formats`, matched without
/// regard to case).
const FORMATS: [&str; 7] = ["I2S", "RIGHT_J", "LEFT_J", "DSP_A", "DSP_B", "AC97", "PDM"];

fn format(cx: &Context, out: &mut Vec<Finding>) {
    for h in &cx.conf.hw_configs {
        let Some(f) = &h.format else { continue };
        if FORMATS.iter().any(|k| k.eq_ignore_ascii_case(f.as_str())) {
            continue;
        }
        let upper = f.value.to_ascii_uppercase();
        let help = match closest(&upper, FORMATS.iter().copied()) {
            Some(k) => format!("did you mean \"{k}\"?"),
            None => format!(
                "the formats are {}",
                FORMATS.map(|k| format!("\"{k}\"")).join(", ")
            ),
        };
        out.push(
            Finding::error(
                FORMAT.code,
                f.span,
                format!(
                    "hw config `{}` has format \"{}\", which alsatplg does not know",
                    h.name.value, f.value
                ),
            )
            .label("alsatplg stops here: invalid audio HW format")
            .help(help),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(check: &Check, text: &str) -> usize {
        crate::validate::checks::run_check(check, text, None).len()
    }

    #[test]
    fn comments_and_aliases_are_known() {
        let text = r##"
SectionTLV."t" { Comment "-64dB step 2dB" scale { min "-6400" step "200" mute "1" } }
SectionWidget."w" { comment "x" "#note" "y" type "pga" index "1" }
SectionHWConfig."h" { id "0" fmt "i2s" bclk_rate "3072000" invert_bclk "false" pm_gate_clocks "true"
	bclk "codec_consumer" fsync "codec_provider" mclk "codec_mclk_in" }
"##;
        assert_eq!(run(&UNKNOWN_KEY, text), 0);
        assert_eq!(run(&DEPRECATED, text), 0);
        assert_eq!(run(&IGNORED_VALUE, text), 0);
        assert_eq!(run(&FORMAT, text), 0);
    }

    #[test]
    fn unknown_keys_everywhere() {
        let text = r##"
SectionTLV."t" { scale { min "-6400" stepp "200" } }
SectionControlMixer."m" { channel."FL" { reg "1" shft "0" } ops."ctl" { info "volsw" gett "256" } maxx "32" }
SectionPCM."p" { id "0" pcm."playback" { capability "c" } dai."d" { idd "0" } }
"##;
        assert_eq!(run(&UNKNOWN_KEY, text), 6);
        assert_eq!(
            run(&UNKNOWN_SECTION, "SectionWidgets.\"w\" { type \"pga\" }"),
            1
        );
    }

    #[test]
    fn deprecated_and_ignored_roles() {
        let text = r##"
SectionHWConfig."h" { id "0" format "I2S" bclk_master "codec_master" fsync "master" mclk "master" }
SectionHWConfig."g" { id "1" format "DSP_Z" bclk "slave" fsync "codec_cosumer" mclk "in" }
"##;
        // key bclk_master, values codec_master, master (fsync), master (mclk)
        assert_eq!(run(&DEPRECATED, text), 4);
        assert_eq!(run(&IGNORED_VALUE, text), 3);
        assert_eq!(run(&FORMAT, text), 1);
    }

    #[test]
    fn known_keys_cover_every_kind() {
        for k in SectionKind::ALL {
            if k != SectionKind::VendorTokens {
                assert!(known_keys(k).contains(&"index"), "{k:?}");
            }
        }
    }
}
