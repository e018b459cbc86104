//! Checks against the platform: DSP cores.

use super::tuples::{all_tuples, tuple_number};
use super::Check;
use crate::validate::model::token;
use crate::validate::{Context, Finding};

pub(super) const CORE_RANGE: Check = Check {
    code: "tplg::core::out_of_range",
    summary: "a component or pipeline core ID beyond the platform's DSP cores",
    help: "use a core the DSP has",
    run: core_range,
};

/// The most DSP cores of any SOF platform (Intel Panther Lake); the bound
/// when the platform is unknown.
pub(super) const MAX_SOF_CORES: u32 = 5;

/// Tokens that place a component or a pipeline on a core.
const CORE_TOKENS: [&str; 2] = [token::COMP_CORE_ID, token::SCHED_CORE];

fn core_range(cx: &Context, out: &mut Vec<Finding>) {
    let (cores, known) = match cx.options.platform.cores {
        Some(n) => (n, true),
        None => (MAX_SOF_CORES, false),
    };
    for (s, g, t) in all_tuples(cx.conf) {
        if !CORE_TOKENS.contains(&t.token.as_str()) {
            continue;
        }
        let Some(core) = tuple_number(cx.sources, g, t) else {
            continue;
        };
        if core < cores {
            continue;
        }
        let (message, help) = if known {
            (
                format!(
                    "`{}` is core {core}, but the platform has {cores} DSP core{} (0..{})",
                    t.token.value,
                    if cores == 1 { "" } else { "s" },
                    cores.saturating_sub(1)
                ),
                format!("use a core from 0 to {}", cores.saturating_sub(1)),
            )
        } else {
            (
                format!(
                    "`{}` is core {core}, but no SOF platform has more than {MAX_SOF_CORES} DSP cores",
                    t.token.value
                ),
                format!(
                    "use a core the target DSP has (0 is always there; at most {})",
                    MAX_SOF_CORES - 1
                ),
            )
        };
        out.push(
            Finding::error(CORE_RANGE.code, t.value.span, message)
                .label("the firmware refuses a component on a core it does not have")
                .help(help)
                .related(format!("in tuples `{}`", s.name.value), g.key.span),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cores(values: &str, platform: Option<u32>) -> usize {
        let text = format!(
            r#"
SectionVendorTokens."sof_sched_tokens" {{ SOF_TKN_SCHED_CORE "203" }}
SectionVendorTokens."sof_comp_tokens" {{ SOF_TKN_COMP_CORE_ID "404" }}
SectionVendorTuples."t" {{ tokens "sof_comp_tokens" tuples."word" {{ {values} }} }}
"#
        );
        crate::validate::checks::run_check(&CORE_RANGE, &text, platform).len()
    }

    #[test]
    fn cores_within_the_platform() {
        assert_eq!(cores(r#"SOF_TKN_COMP_CORE_ID "1""#, Some(2)), 0);
        assert_eq!(cores(r#"SOF_TKN_COMP_CORE_ID "2""#, Some(2)), 1);
        assert_eq!(cores(r#"SOF_TKN_SCHED_CORE "3""#, Some(4)), 0);
        // unknown platform: any SOF platform's cores
        assert_eq!(cores(r#"SOF_TKN_COMP_CORE_ID "4""#, None), 0);
        assert_eq!(cores(r#"SOF_TKN_COMP_CORE_ID "5""#, None), 1);
        // a macro name is the unexpanded check's; other tokens are not cores
        assert_eq!(cores(r#"SOF_TKN_COMP_CORE_ID "SSP0_CORE_ID""#, Some(1)), 0);
        assert_eq!(cores(r#"SOF_TKN_BUF_SIZE "768""#, Some(1)), 0);
    }
}
