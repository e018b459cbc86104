//! Every section kind alsa-lib reads, listed once. [`section_kinds!`]
//! hands the list to a macro that makes something of each kind: `ir.rs`
//! makes [`super::SectionKind`] (with its keywords), the [`super::Section`]
//! impls and the lists of [`super::ConfTopology`]; `sections.rs` the
//! reading of a section into its list and [`super::known_keys`].
//!
//! A new kind is a row here, its IR struct (`ir.rs`) and its reader with
//! its key table (`sections.rs`, [`section_reader!`](super::sections)).

/// Calls `$then!` with every section kind, in the order of
/// `SectionKind::ALL` and of `ConfTopology::sections`, each as
/// `Variant = "Keyword": IrType, topology_field, reader, KEYS;`: the
/// `ConfTopology` field that holds its sections, the `Cx` reader method,
/// and the reader's key table.
macro_rules! section_kinds {
    ($then:ident) => {
        $then! {
            Manifest = "SectionManifest": Manifest, manifests, manifest, MANIFEST_KEYS;
            Tlv = "SectionTLV": Tlv, tlvs, tlv, TLV_KEYS;
            ControlMixer = "SectionControlMixer": ControlMixer, mixers, mixer, MIXER_KEYS;
            ControlBytes = "SectionControlBytes": ControlBytes, bytes, control_bytes, CONTROL_BYTES_KEYS;
            ControlEnum = "SectionControlEnum": ControlEnum, enums, control_enum, CONTROL_ENUM_KEYS;
            Text = "SectionText": Text, texts, text, TEXT_KEYS;
            Data = "SectionData": Data, data, data, DATA_KEYS;
            VendorTokens = "SectionVendorTokens": VendorTokens, tokens, vendor_tokens, VENDOR_TOKENS_KEYS;
            VendorTuples = "SectionVendorTuples": VendorTuples, tuples, vendor_tuples, VENDOR_TUPLES_KEYS;
            Graph = "SectionGraph": Graph, graphs, graph, GRAPH_KEYS;
            Widget = "SectionWidget": Widget, widgets, widget, WIDGET_KEYS;
            PcmCapabilities = "SectionPCMCapabilities": PcmCapabilities, pcm_capabilities, pcm_caps, PCM_CAPS_KEYS;
            /// Removed from alsa-lib in 2015 (ABI 4); alsatplg now reports it as an
            /// unknown section and skips it.
            PcmConfig = "SectionPCMConfig": PcmConfig, pcm_configs, pcm_config, PCM_CONFIG_KEYS;
            Pcm = "SectionPCM": Pcm, pcms, pcm, PCM_KEYS;
            Dai = "SectionDAI": Dai, dais, dai, DAI_KEYS;
            /// `SectionBE` or its older name `SectionLink`: one namespace.
            Link = "SectionBE": Link, links, link, LINK_KEYS;
            Cc = "SectionCC": Cc, ccs, cc, CC_KEYS;
            HwConfig = "SectionHWConfig": HwConfig, hw_configs, hw_config, HW_CONFIG_KEYS;
        }
    };
}

pub(super) use section_kinds;
