//! The binary layout of a `.tplg`: the kernel's uapi `snd_soc_tplg_*`
//! structures (`include/uapi/sound/asoc.h`, ABI 5) and the constants their
//! fields take. Every structure is packed and little-endian.

/// `SND_SOC_TPLG_MAGIC`: "CoSA" read as bytes.
pub(crate) const MAGIC: u32 = 0x4153_6F43;
/// `SND_SOC_TPLG_ABI_VERSION`.
pub(crate) const ABI_VERSION: u32 = 5;
/// `SNDRV_CTL_ELEM_ID_NAME_MAXLEN`: every name field, NUL included.
pub(crate) const NAME_LEN: usize = 44;
/// `SND_SOC_TPLG_MAX_CHAN`.
pub(crate) const MAX_CHAN: usize = 8;
/// `SND_SOC_TPLG_NUM_TEXTS`.
pub(crate) const NUM_TEXTS: usize = 16;
/// `SND_SOC_TPLG_STREAM_CONFIG_MAX`.
pub(crate) const STREAM_CONFIG_MAX: usize = 8;
/// `SND_SOC_TPLG_HW_CONFIG_MAX`.
pub(crate) const HW_CONFIG_MAX: usize = 8;
/// `SND_SOC_TPLG_MAX_FORMATS`: the formats of a stream alsa-lib reads.
pub(crate) const MAX_FORMATS: usize = 16;
/// alsa-lib's `TPLG_MAX_PRIV_SIZE`: the most private data one element takes.
pub(crate) const MAX_PRIV_SIZE: usize = 128 * 1024;

/// Block types (`SND_SOC_TPLG_TYPE_*`).
pub(crate) mod block {
    pub(crate) const MIXER: u32 = 1;
    pub(crate) const BYTES: u32 = 2;
    pub(crate) const ENUM: u32 = 3;
    pub(crate) const DAPM_GRAPH: u32 = 4;
    pub(crate) const DAPM_WIDGET: u32 = 5;
    pub(crate) const DAI_LINK: u32 = 6;
    pub(crate) const PCM: u32 = 7;
    pub(crate) const MANIFEST: u32 = 8;
    pub(crate) const CODEC_LINK: u32 = 9;
    pub(crate) const BACKEND_LINK: u32 = 10;
    pub(crate) const PDATA: u32 = 11;
    pub(crate) const DAI: u32 = 12;
}

/// Structure sizes, in bytes.
pub(crate) mod size {
    /// `snd_soc_tplg_hdr`.
    pub(crate) const HDR: usize = 36;
    /// `snd_soc_tplg_ctl_tlv`.
    pub(crate) const CTL_TLV: usize = 8 + 4 * super::TLV_WORDS;
    /// `snd_soc_tplg_ctl_hdr`.
    pub(crate) const CTL_HDR: usize = 4 + 4 + super::NAME_LEN + 4 + 12 + CTL_TLV;
    /// `snd_soc_tplg_channel`.
    pub(crate) const CHANNEL: usize = 16;
    /// `snd_soc_tplg_mixer_control`.
    pub(crate) const MIXER: usize = CTL_HDR + 24 + super::MAX_CHAN * CHANNEL + 4;
    /// `snd_soc_tplg_enum_control`.
    pub(crate) const ENUM: usize =
        CTL_HDR + 8 + super::MAX_CHAN * CHANNEL + 12 + 2 * super::NUM_TEXTS * super::NAME_LEN + 4;
    /// `snd_soc_tplg_bytes_control`.
    pub(crate) const BYTES: usize = CTL_HDR + 20 + 12 + 4;
    /// `snd_soc_tplg_dapm_graph_elem`.
    pub(crate) const GRAPH_ELEM: usize = 3 * super::NAME_LEN;
    /// `snd_soc_tplg_dapm_widget`.
    pub(crate) const WIDGET: usize = 8 + 2 * super::NAME_LEN + 24 + 4 + 4 + 4;
    /// `snd_soc_tplg_stream_caps`.
    pub(crate) const STREAM_CAPS: usize = 4 + super::NAME_LEN + 8 + 12 * 4;
    /// `snd_soc_tplg_stream`.
    pub(crate) const STREAM: usize = 4 + super::NAME_LEN + 8 + 4 * 4;
    /// `snd_soc_tplg_pcm`.
    pub(crate) const PCM: usize = 4
        + 2 * super::NAME_LEN
        + 5 * 4
        + super::STREAM_CONFIG_MAX * STREAM
        + 4
        + 2 * STREAM_CAPS
        + 8
        + 4;
    /// `snd_soc_tplg_hw_config`.
    pub(crate) const HW_CONFIG: usize =
        12 + 8 + 8 * 4 + 4 * super::MAX_CHAN + 4 + 4 * super::MAX_CHAN;
    /// `snd_soc_tplg_link_config`.
    pub(crate) const LINK: usize = 8
        + 2 * super::NAME_LEN
        + super::STREAM_CONFIG_MAX * STREAM
        + 4
        + super::HW_CONFIG_MAX * HW_CONFIG
        + 16
        + 4;
    /// `snd_soc_tplg_dai`.
    pub(crate) const DAI: usize = 4 + super::NAME_LEN + 12 + 2 * STREAM_CAPS + 8 + 4;
    /// `snd_soc_tplg_manifest`.
    pub(crate) const MANIFEST: usize = 7 * 4 + 20 * 4 + 4;
    /// `snd_soc_tplg_vendor_array` without its elements.
    pub(crate) const VENDOR_ARRAY: usize = 12;
    /// `snd_soc_tplg_vendor_uuid_elem`.
    pub(crate) const UUID_ELEM: usize = 4 + 16;
    /// `snd_soc_tplg_vendor_string_elem`.
    pub(crate) const STRING_ELEM: usize = 4 + super::NAME_LEN;
    /// `snd_soc_tplg_vendor_value_elem`.
    pub(crate) const VALUE_ELEM: usize = 8;
}

/// `SND_SOC_TPLG_TLV_SIZE`: the words of TLV data.
pub(crate) const TLV_WORDS: usize = 32;
/// `SNDRV_CTL_TLVT_DB_SCALE`.
pub(crate) const TLVT_DB_SCALE: u32 = 1;

/// Offsets of fields the writer fills after the fact.
pub(crate) mod offset {
    /// `snd_soc_tplg_dapm_widget.num_kcontrols`.
    pub(crate) const WIDGET_NUM_KCONTROLS: usize = super::size::WIDGET - 8;
}

/// Tuple types (`SND_SOC_TPLG_TUPLE_TYPE_*`).
pub(crate) mod tuple {
    pub(crate) const UUID: u32 = 0;
    pub(crate) const STRING: u32 = 1;
    pub(crate) const BOOL: u32 = 2;
    pub(crate) const BYTE: u32 = 3;
    pub(crate) const WORD: u32 = 4;
    pub(crate) const SHORT: u32 = 5;
}

/// `SND_SOC_TPLG_LNK_FLGBIT_*` (the DAI flags have the same bits).
pub(crate) mod flag {
    pub(crate) const SYMMETRIC_RATES: u32 = 1 << 0;
    pub(crate) const SYMMETRIC_CHANNELS: u32 = 1 << 1;
    pub(crate) const SYMMETRIC_SAMPLEBITS: u32 = 1 << 2;
}

/// `SND_SOC_TPLG_DAI_CLK_GATE_GATED` and `_CONT`.
pub(crate) const CLK_GATE_GATED: u8 = 1;
pub(crate) const CLK_GATE_CONT: u8 = 2;
/// `SND_SOC_TPLG_BCLK_CP` / `_CC` (and the same for fsync).
pub(crate) const CODEC_PROVIDER: u8 = 0;
pub(crate) const CODEC_CONSUMER: u8 = 1;
/// `SND_SOC_TPLG_MCLK_CO` / `_CI`.
pub(crate) const MCLK_CODEC_OUT: u8 = 0;
pub(crate) const MCLK_CODEC_IN: u8 = 1;

/// `SNDRV_CTL_ELEM_ACCESS_READWRITE`.
pub(crate) const ACCESS_READWRITE: u32 = 0x3;
/// `SNDRV_CTL_ELEM_ACCESS_TLV_READ`.
pub(crate) const ACCESS_TLV_READ: u32 = 0x10;

/// Control access flags by the names alsa-lib reads (`SNDRV_CTL_ELEM_ACCESS_*`).
pub(crate) const ACCESS: &[(&str, u32)] = &[
    ("read_write", 0x3),
    ("tlv_read_write", 0x30),
    ("read", 0x1),
    ("write", 0x2),
    ("volatile", 0x4),
    ("tlv_read", 0x10),
    ("tlv_write", 0x20),
    ("tlv_command", 0x40),
    ("inactive", 0x100),
    ("lock", 0x200),
    ("owner", 0x400),
    ("tlv_callback", 0x1000_0000),
];

/// Control handler names (`SND_SOC_TPLG_CTL_*`).
pub(crate) const OPS: &[(&str, u32)] = &[
    ("volsw", 1),
    ("volsw_sx", 2),
    ("volsw_xr_sx", 3),
    ("enum", 4),
    ("bytes", 5),
    ("enum_value", 6),
    ("range", 7),
    ("strobe", 8),
];

/// DAPM widget types (`SND_SOC_TPLG_DAPM_*`), by the names alsa-lib reads.
pub(crate) const WIDGET_TYPES: &[&str] = &[
    "input",
    "output",
    "mux",
    "mixer",
    "pga",
    "out_drv",
    "adc",
    "dac",
    "switch",
    "pre",
    "post",
    "aif_in",
    "aif_out",
    "dai_in",
    "dai_out",
    "dai_link",
    "buffer",
    "scheduler",
    "effect",
    "siggen",
    "src",
    "asrc",
    "encoder",
    "decoder",
];

/// Channel positions (`SNDRV_CHMAP_*`, from `MONO` = 2), names read
/// without regard to case.
pub(crate) const CHANNELS: &[&str] = &[
    "mono", "fl", "fr", "rl", "rr", "fc", "lfe", "sl", "sr", "rc", "flc", "frc", "rlc", "rrc",
    "flw", "frw", "flh", "fch", "frh", "tc", "tfl", "tfr", "tfc", "trl", "trr", "trc", "tflc",
    "tfrc", "tsl", "tsr", "llfe", "rlfe", "bc", "blc", "brc",
];
/// `SNDRV_CHMAP_MONO`: the number of the first name in [`CHANNELS`].
pub(crate) const CHMAP_MONO: u32 = 2;

/// DAI link formats (`SND_SOC_DAI_FORMAT_*`), read without regard to case.
pub(crate) const HW_FORMATS: &[(&str, u32)] = &[
    ("I2S", 1),
    ("RIGHT_J", 2),
    ("LEFT_J", 3),
    ("DSP_A", 4),
    ("DSP_B", 5),
    ("AC97", 6),
    ("PDM", 7),
];

/// PCM sample formats (`SND_PCM_FORMAT_*`) by name, with alsa-lib's
/// aliases for the native (little-endian) ones; read without regard to case.
pub(crate) const PCM_FORMATS: &[(&str, u32)] = &[
    ("S8", 0),
    ("U8", 1),
    ("S16_LE", 2),
    ("S16_BE", 3),
    ("U16_LE", 4),
    ("U16_BE", 5),
    ("S24_LE", 6),
    ("S24_BE", 7),
    ("U24_LE", 8),
    ("U24_BE", 9),
    ("S32_LE", 10),
    ("S32_BE", 11),
    ("U32_LE", 12),
    ("U32_BE", 13),
    ("FLOAT_LE", 14),
    ("FLOAT_BE", 15),
    ("FLOAT64_LE", 16),
    ("FLOAT64_BE", 17),
    ("IEC958_SUBFRAME_LE", 18),
    ("IEC958_SUBFRAME_BE", 19),
    ("MU_LAW", 20),
    ("A_LAW", 21),
    ("IMA_ADPCM", 22),
    ("MPEG", 23),
    ("GSM", 24),
    ("S20_LE", 25),
    ("S20_BE", 26),
    ("U20_LE", 27),
    ("U20_BE", 28),
    ("SPECIAL", 31),
    ("S24_3LE", 32),
    ("S24_3BE", 33),
    ("U24_3LE", 34),
    ("U24_3BE", 35),
    ("S20_3LE", 36),
    ("S20_3BE", 37),
    ("U20_3LE", 38),
    ("U20_3BE", 39),
    ("S18_3LE", 40),
    ("S18_3BE", 41),
    ("U18_3LE", 42),
    ("U18_3BE", 43),
    ("G723_24", 44),
    ("G723_24_1B", 45),
    ("G723_40", 46),
    ("G723_40_1B", 47),
    ("DSD_U8", 48),
    ("DSD_U16_LE", 49),
    ("DSD_U32_LE", 50),
    ("DSD_U16_BE", 51),
    ("DSD_U32_BE", 52),
    // aliases: the native-endian formats
    ("S16", 2),
    ("U16", 4),
    ("S24", 6),
    ("U24", 8),
    ("S32", 10),
    ("U32", 12),
    ("FLOAT", 14),
    ("FLOAT64", 16),
    ("IEC958_SUBFRAME", 18),
    ("S20", 25),
    ("U20", 27),
];

/// PCM rates (`SND_PCM_RATE_*` bit numbers, as alsa-lib's topology reads
/// them), read without regard to case.
pub(crate) const PCM_RATES: &[(&str, u32)] = &[
    ("5512", 0),
    ("8000", 1),
    ("11025", 2),
    ("16000", 3),
    ("22050", 4),
    ("32000", 5),
    ("44100", 6),
    ("48000", 7),
    ("64000", 8),
    ("88200", 9),
    ("96000", 10),
    ("176400", 11),
    ("192000", 12),
    ("CONTINUOUS", 30),
    ("KNOT", 31),
];

/// A little-endian byte buffer for packed structures.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct Buf(pub Vec<u8>);

impl Buf {
    pub(crate) fn with_capacity(n: usize) -> Buf {
        Buf(Vec::with_capacity(n))
    }

    pub(crate) fn u8(&mut self, v: u8) -> &mut Self {
        self.0.push(v);
        self
    }

    pub(crate) fn u16(&mut self, v: u16) -> &mut Self {
        self.0.extend_from_slice(&v.to_le_bytes());
        self
    }

    pub(crate) fn u32(&mut self, v: u32) -> &mut Self {
        self.0.extend_from_slice(&v.to_le_bytes());
        self
    }

    pub(crate) fn i32(&mut self, v: i32) -> &mut Self {
        self.u32(v as u32)
    }

    pub(crate) fn u64(&mut self, v: u64) -> &mut Self {
        self.0.extend_from_slice(&v.to_le_bytes());
        self
    }

    pub(crate) fn bytes(&mut self, b: &[u8]) -> &mut Self {
        self.0.extend_from_slice(b);
        self
    }

    pub(crate) fn zeros(&mut self, n: usize) -> &mut Self {
        self.0.resize(self.0.len() + n, 0);
        self
    }

    /// A name field: at most [`NAME_LEN`] - 1 bytes, NUL-padded (what
    /// alsa-lib's `snd_strlcpy` leaves in a zeroed structure).
    pub(crate) fn name(&mut self, s: &[u8]) -> &mut Self {
        let n = s.len().min(NAME_LEN - 1);
        self.0.extend_from_slice(&s[..n]);
        self.zeros(NAME_LEN - n)
    }

    pub(crate) fn len(&self) -> usize {
        self.0.len()
    }
}

/// Overwrites the little-endian u32 at `at`.
pub(crate) fn put_u32(buf: &mut [u8], at: usize, v: u32) {
    buf[at..at + 4].copy_from_slice(&v.to_le_bytes());
}

/// The little-endian u32 at `at`.
pub(crate) fn get_u32(buf: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([buf[at], buf[at + 1], buf[at + 2], buf[at + 3]])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn structure_sizes_match_the_uapi() {
        assert_eq!(size::CTL_HDR, 204);
        assert_eq!(size::MIXER, 360);
        assert_eq!(size::ENUM, 1764);
        assert_eq!(size::BYTES, 240);
        assert_eq!(size::WIDGET, 132);
        assert_eq!(size::STREAM_CAPS, 104);
        assert_eq!(size::PCM, 912);
        assert_eq!(size::HW_CONFIG, 120);
        assert_eq!(size::LINK, 1656);
        assert_eq!(size::DAI, 280);
        assert_eq!(size::MANIFEST, 112);
    }

    #[test]
    fn names_are_truncated_and_padded() {
        let mut b = Buf::default();
        b.name(b"abc");
        assert_eq!(b.len(), NAME_LEN);
        assert_eq!(&b.0[..4], b"abc\0");
        let mut b = Buf::default();
        b.name(&[b'x'; 50]);
        assert_eq!(b.len(), NAME_LEN);
        assert_eq!(b.0[NAME_LEN - 1], 0);
    }
}
