//! Checks on names the kernel keeps in fixed-size arrays.

use super::Check;
use crate::conf::{Spanned, TupleType};
use crate::validate::{Context, Finding};

pub(super) const TOO_LONG: Check = Check {
    code: "tplg::name::too_long",
    summary: "a name longer than the 43 bytes the kernel keeps (alsatplg cuts it silently)",
    help: "shorten it",
    run: too_long,
};

/// `SNDRV_CTL_ELEM_ID_NAME_MAXLEN`: the size of every name array of the
/// topology ABI (control, widget, stream, PCM, DAI and link names, enum
/// texts, string tuples), the terminating NUL included.
pub(super) const NAME_MAXLEN: usize = 44;

fn too_long(cx: &Context, out: &mut Vec<Finding>) {
    let c = cx.conf;
    let mut names: Vec<(&str, &Spanned<String>)> = Vec::new();
    for w in &c.widgets {
        names.push(("widget", &w.name));
        if let Some(s) = &w.stream_name {
            names.push(("widget stream name", s));
        }
    }
    for m in &c.mixers {
        names.push(("control", &m.name));
    }
    for e in &c.enums {
        names.push(("control", &e.name));
    }
    for b in &c.bytes {
        names.push(("control", &b.name));
    }
    for t in &c.texts {
        for v in &t.values {
            names.push(("enum text", v));
        }
    }
    for p in &c.pcms {
        names.push(("PCM", &p.name));
        for d in &p.dais {
            names.push(("PCM DAI", &d.name));
        }
    }
    for p in &c.pcm_capabilities {
        names.push(("PCM capabilities", &p.name));
    }
    for d in &c.dais {
        names.push(("DAI", &d.name));
    }
    for l in &c.links {
        names.push(("link", &l.name));
        if let Some(s) = &l.stream_name {
            names.push(("link stream name", s));
        }
    }
    for g in &c.graphs {
        for r in g.lines.iter().filter_map(|l| l.route.as_ref()) {
            if !r.control.value.is_empty() {
                names.push(("route control", &r.control));
            }
        }
    }
    for t in &c.tuples {
        for g in t.groups.iter().filter(|g| g.kind == TupleType::String) {
            for tuple in &g.tuples {
                names.push(("string tuple", &tuple.value));
            }
        }
    }
    for (what, name) in names {
        let n = name.value.len();
        if n < NAME_MAXLEN {
            continue;
        }
        let mut cut = NAME_MAXLEN - 1;
        while !name.value.is_char_boundary(cut) {
            cut -= 1;
        }
        out.push(
            Finding::warning(
                TOO_LONG.code,
                name.span,
                format!(
                    "{what} `{}` is {n} bytes long; the kernel keeps {}",
                    name.value,
                    NAME_MAXLEN - 1
                ),
            )
            .label(format!("alsatplg cuts it to `{}`", &name.value[..cut]))
            .help(format!(
                "shorten it to at most {} bytes: topology names are {NAME_MAXLEN}-byte arrays with the terminating NUL, and names cut to the same text collide",
                NAME_MAXLEN - 1
            )),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> usize {
        crate::validate::checks::run_check(&TOO_LONG, text, None).len()
    }

    #[test]
    fn lengths() {
        let n43 = "A".repeat(43);
        let n44 = "A".repeat(44);
        assert_eq!(
            run(&format!("SectionWidget.\"{n43}\" {{ type \"pga\" }}")),
            0
        );
        assert_eq!(
            run(&format!("SectionWidget.\"{n44}\" {{ type \"pga\" }}")),
            1
        );
        assert_eq!(
            run(&format!(
                "SectionWidget.\"w\" {{ type \"aif_in\" stream_name \"{n44}\" }}"
            )),
            1
        );
        // internal names are cut the same way wherever they are used
        assert_eq!(
            run(&format!("SectionData.\"{n44}\" {{ bytes \"0x01\" }}")),
            0
        );
        assert_eq!(
            run(&format!(
                "SectionVendorTuples.\"t\" {{ tokens \"k\" tuples.\"string\" {{ X \"{n44}\" }} }}"
            )),
            1
        );
    }
}
