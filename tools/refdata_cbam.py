"""EU CBAM rows for ``tools/build_refdata.py``: goods scope and the default values found.

Two datasets:

- ``cbam_goods.csv``: CN-code prefix → aggregated goods sector, emission boundary (direct only
  for the goods of Annex II to Reg. (EU) 2023/956, direct + indirect otherwise) and the yearly
  mark-up on default values (opening paragraph of Annex I to Implementing Reg. (EU) 2025/2621 as
  replaced by (EU) 2026/1740). A code is matched on its longest packaged prefix.
- ``cbam_defaults.csv``: the default values actually found in stored sources, per CN line and
  country. **No default value for China was found**: a user with Chinese precursors supplies the
  default value (and its source) in the CBAM input file.

Sources: a research note quoting the OJ texts (stored GitHub file id 67467723625, "EU CBAM —
which emissions count"), and the test fixtures of a public CBAM default-value lookup built from
the Commission's default-value workbook (stored file id 69672121417, R-weak).
"""

from __future__ import annotations

Row = dict[str, str]

GOODS_EDITION = "eu-2023-956-2026"
DEFAULTS_EDITION = "eu-2025-2621-2026-1740"

NOTE_ID = "research note quoting OJ texts, stored file id 67467723625"
ANNEX_II = ("Reg. (EU) 2023/956 Art. 7(1) and Annex II (as amended by 2025/2083); "
            "Implementing Reg. (EU) 2025/2547 Art. 3(2)")
MARKUP_DOC = "Implementing Reg. (EU) 2025/2621 Annex I opening paragraph as replaced by (EU) 2026/1740"

GOODS_COLUMNS = ["factor_id", "edition", "cn_prefix", "name_zh", "name_en", "sector", "boundary",
                 "markup_2026", "markup_2027", "markup_2028", "document", "verification",
                 "source"]
DEFAULTS_COLUMNS = ["factor_id", "edition", "cn_line", "country", "name_en", "direct_tco2e_per_t",
                    "indirect_tco2e_per_t", "total_tco2e_per_t", "document", "verification",
                    "source"]

# sector: (mark-up 2026, 2027, 2028 and onwards); electricity has no mark-up (no default value
# with mark-up for imported electricity in this paragraph)
_MARKUPS = {
    "cement": ("0.10", "0.20", "0.30"),
    "iron_steel": ("0.10", "0.20", "0.30"),
    "aluminium": ("0.10", "0.20", "0.30"),
    "hydrogen": ("0.10", "0.20", "0.30"),
    "fertilisers": ("0.01", "0.01", "0.01"),
    "electricity": ("", "", ""),
}

# (cn prefix, zh, en, sector, boundary, verification, extra source text)
_GOODS: tuple[tuple[str, str, str, str, str, str, str], ...] = (
    ("25070080", "其他高岭土（煅烧，ex 项）", "Other kaolinic clays (ex, calcined)", "cement",
     "direct_indirect", "R", "Annex I ex 2507 00 80 narrowed by 2025/2083 point (28)"),
    ("25231000", "水泥熟料", "Cement clinkers", "cement", "direct_indirect", "R", ""),
    ("25232100", "白色硅酸盐水泥", "White Portland cement", "cement", "direct_indirect", "R", ""),
    ("25232900", "其他硅酸盐水泥", "Other Portland cement", "cement", "direct_indirect", "R", ""),
    ("25233000", "矾土水泥", "Aluminous cement", "cement", "direct_indirect", "R", ""),
    ("25239000", "其他水硬性水泥", "Other hydraulic cements", "cement", "direct_indirect", "R", ""),
    ("26011200", "烧结铁矿砂及其精矿（烧结矿、球团）", "Agglomerated iron ores (sintered ore, "
     "pellets)", "iron_steel", "direct_indirect", "R",
     "not in Annex II: the one iron-and-steel good with indirect emissions (Guidance 5d p. 8)"),
    ("72", "钢铁（第72章）", "Iron and steel (chapter 72)", "iron_steel", "direct", "R", ""),
    ("7301", "钢铁板桩", "Sheet piling of iron or steel", "iron_steel", "direct", "R", ""),
    ("7302", "铁道及电车道铺轨用钢铁材料", "Railway track material of iron or steel",
     "iron_steel", "direct", "R", ""),
    ("730300", "铸铁管及空心异型材", "Tubes and pipes of cast iron", "iron_steel", "direct", "R",
     ""),
    ("7304", "无缝钢铁管", "Seamless tubes and pipes of iron or steel", "iron_steel", "direct",
     "R", ""),
    ("7305", "外径超过406.4毫米的其他钢铁管", "Other tubes and pipes > 406.4 mm", "iron_steel",
     "direct", "R", ""),
    ("7306", "其他钢铁管及空心异型材", "Other tubes, pipes and hollow profiles", "iron_steel",
     "direct", "R", ""),
    ("7307", "钢铁管子附件", "Tube or pipe fittings of iron or steel", "iron_steel", "direct", "R",
     ""),
    ("7308", "钢铁结构体及其部件", "Structures and parts of structures of iron or steel",
     "iron_steel", "direct", "R", ""),
    ("730900", "容积超过300升的钢铁容器", "Reservoirs and tanks > 300 l of iron or steel",
     "iron_steel", "direct", "R", ""),
    ("7310", "容积不超过300升的钢铁容器", "Tanks, casks, cans <= 300 l of iron or steel",
     "iron_steel", "direct", "R", ""),
    ("731100", "装压缩或液化气体的钢铁容器", "Containers for compressed or liquefied gas",
     "iron_steel", "direct", "R", ""),
    ("7318", "钢铁螺钉、螺栓、螺母等", "Screws, bolts, nuts and similar articles",
     "iron_steel", "direct", "R", ""),
    ("7326", "其他钢铁制品", "Other articles of iron or steel", "iron_steel", "direct", "R", ""),
    ("7601", "未锻轧铝", "Unwrought aluminium", "aluminium", "direct", "R", "CO2 and PFCs"),
    ("7603", "铝粉及片状粉末", "Aluminium powders and flakes", "aluminium", "direct", "R", ""),
    ("7604", "铝条、杆、型材", "Aluminium bars, rods and profiles", "aluminium", "direct", "R",
     ""),
    ("7605", "铝丝", "Aluminium wire", "aluminium", "direct", "R", ""),
    ("7606", "铝板、片及带（厚度超过0.2毫米）", "Aluminium plates, sheets and strip > 0.2 mm",
     "aluminium", "direct", "R", ""),
    ("7607", "铝箔（厚度不超过0.2毫米）", "Aluminium foil <= 0.2 mm", "aluminium", "direct", "R",
     ""),
    ("7608", "铝管", "Aluminium tubes and pipes", "aluminium", "direct", "R", ""),
    ("76090000", "铝制管子附件", "Aluminium tube or pipe fittings", "aluminium", "direct", "R",
     ""),
    ("7610", "铝制结构体及其部件", "Aluminium structures and parts", "aluminium", "direct", "R",
     ""),
    ("76110000", "容积超过300升的铝制容器", "Aluminium reservoirs and tanks > 300 l",
     "aluminium", "direct", "R", ""),
    ("7612", "容积不超过300升的铝制容器", "Aluminium casks, drums, cans <= 300 l", "aluminium",
     "direct", "R", ""),
    ("76130000", "装压缩或液化气体的铝制容器", "Aluminium containers for compressed gas",
     "aluminium", "direct", "R", ""),
    ("7614", "铝制绞股线、缆、编带", "Stranded wire and cables of aluminium", "aluminium",
     "direct", "R", ""),
    ("7616", "其他铝制品", "Other articles of aluminium", "aluminium", "direct", "R", ""),
    ("28041000", "氢", "Hydrogen", "hydrogen", "direct", "R", "Annex II under 'Chemicals'"),
    ("27160000", "电力", "Electrical energy", "electricity", "direct", "R",
     "added to Annex II by 2025/2083 Art. 1 point (29)"),
    ("2808", "硝酸；磺硝酸", "Nitric acid; sulphonitric acids", "fertilisers", "direct_indirect",
     "R", "fertiliser CN codes listed in the note's Annex I summary (2808, 2814, 2834 21 00, "
     "3102, 3105); subheading detail not read"),
    ("2814", "氨", "Ammonia", "fertilisers", "direct_indirect", "R", ""),
    ("28342100", "硝酸钾", "Nitrates of potassium", "fertilisers", "direct_indirect", "R", ""),
    ("3102", "矿物氮肥或化学氮肥", "Mineral or chemical nitrogenous fertilisers", "fertilisers",
     "direct_indirect", "R", ""),
    ("3105", "含氮等肥料元素的矿物或化学肥料", "Mineral or chemical fertilisers with nitrogen",
     "fertilisers", "direct_indirect", "R-weak",
     "3105 60 00 is excepted from Annex I per a public lookup's tests (stored file id "
     "69672121417); not packaged as a separate exclusion"),
)

# Chapter-72 codes excepted from Annex II; they are packaged as "excluded" so that a lookup
# never falls through to the chapter-72 row (whether they are CBAM goods at all: U).
_EXCEPTED_72 = (
    ("72022", "硅铁", "Ferro-silicon"),
    ("72023000", "硅锰铁", "Ferro-silico-manganese"),
    ("72025000", "硅铬铁", "Ferro-silico-chromium"),
    ("72027000", "钼铁", "Ferro-molybdenum"),
    ("72028000", "钨铁及硅钨铁", "Ferro-tungsten and ferro-silico-tungsten"),
    ("72029100", "钛铁及硅钛铁", "Ferro-titanium and ferro-silico-titanium"),
    ("72029200", "钒铁", "Ferro-vanadium"),
    ("72029300", "铌铁", "Ferro-niobium"),
    ("72029910", "磷铁", "Ferro-phosphorus"),
    ("72029930", "硅镁铁", "Ferro-silico-magnesium"),
    ("72029980", "其他铁合金", "Other ferro-alloys (7202 99 80)"),
    ("7204", "钢铁废碎料", "Ferrous waste and scrap"),
)


def build_cbam_goods() -> list[Row]:
    rows: list[Row] = []
    for prefix, zh, en, sector, boundary, flag, extra in _GOODS:
        m26, m27, m28 = _MARKUPS[sector]
        source = f"{NOTE_ID}, §1 (Annex II verbatim, Annex I summary)"
        rows.append({
            "factor_id": f"cbam-good:{prefix}", "edition": GOODS_EDITION, "cn_prefix": prefix,
            "name_zh": zh, "name_en": en, "sector": sector, "boundary": boundary,
            "markup_2026": m26, "markup_2027": m27, "markup_2028": m28,
            "document": f"{ANNEX_II}; mark-up: {MARKUP_DOC}", "verification": flag,
            "source": f"{source}; {extra}" if extra else source,
        })
    for prefix, zh, en in _EXCEPTED_72:
        rows.append({
            "factor_id": f"cbam-good:{prefix}", "edition": GOODS_EDITION, "cn_prefix": prefix,
            "name_zh": zh, "name_en": en, "sector": "iron_steel", "boundary": "excluded",
            "markup_2026": "", "markup_2027": "", "markup_2028": "",
            "document": ANNEX_II, "verification": "U",
            "source": f"{NOTE_ID}, §1.2: excepted from Annex II's chapter-72 entry; whether "
            "Annex I also excludes it was not read (U)",
        })
    return rows


# (cn line, country, name, direct, indirect, total, flag, source)
_DEFAULTS: tuple[tuple[str, str, str, str, str, str, str, str], ...] = (
    ("7201", "AU", "Pig iron and spiegeleisen", "2.79", "", "2.79", "R", f"{NOTE_ID}, §4.4"),
    ("7201", "BR", "Pig iron and spiegeleisen", "1.478", "", "1.478", "R", f"{NOTE_ID}, §4.4"),
    ("7203", "OTHER", "DRI / spongy ferrous products", "1.325", "", "1.325", "R",
     f"{NOTE_ID}, §4.4 ('Other countries and territories'; AU and BR show '–')"),
    ("7205", "AU", "Granules and powders of pig iron", "2.81", "", "2.81", "R", f"{NOTE_ID}, §4.4"),
    ("7205", "BR", "Granules and powders of pig iron", "1.43", "", "1.43", "R", f"{NOTE_ID}, §4.4"),
    ("7205", "OTHER", "Granules and powders of pig iron", "3.715", "", "3.715", "R",
     f"{NOTE_ID}, §4.4"),
    ("26011200", "AU", "Agglomerated iron ores", "0.07", "0.02", "0.09", "R", f"{NOTE_ID}, §4.4"),
    ("26011200", "BR", "Agglomerated iron ores", "0.19", "0.01", "0.2", "R", f"{NOTE_ID}, §4.4"),
    ("28041000", "AU", "Hydrogen", "10.82", "", "10.82", "R", f"{NOTE_ID}, §4.5"),
    ("28041000", "BR", "Hydrogen", "10.82", "", "10.82", "R", f"{NOTE_ID}, §4.5"),
    ("28041000", "IN", "Hydrogen", "", "", "14.03", "R-weak",
     "public CBAM lookup test fixture (stored file id 69672121417)"),
    ("7601", "IN", "Unwrought aluminium", "1.87", "", "1.87", "R-weak",
     "public CBAM lookup test fixture (stored file id 69672121417); DIGEST §6.2"),
    ("7601", "TR", "Unwrought aluminium", "1.7", "", "1.7", "R-weak",
     "public CBAM lookup test fixture (stored file id 69672121417); DIGEST §6.2"),
    ("7601", "OTHER", "Unwrought aluminium", "", "", "2.203", "R-weak",
     "public CBAM lookup test fixture (stored file id 69672121417)"),
    ("25232900", "CD", "Other Portland cement", "", "", "1.25", "R-weak",
     "public CBAM lookup test fixture (stored file id 69672121417)"),
    ("25232900", "CG", "Other Portland cement", "", "", "0.93", "R-weak",
     "public CBAM lookup test fixture (stored file id 69672121417)"),
)


def build_cbam_defaults() -> list[Row]:
    return [{
        "factor_id": f"cbam-default:{line}:{country}", "edition": DEFAULTS_EDITION,
        "cn_line": line, "country": country, "name_en": name, "direct_tco2e_per_t": direct,
        "indirect_tco2e_per_t": indirect, "total_tco2e_per_t": total,
        "document": "Implementing Reg. (EU) 2025/2621 Annex I as replaced by (EU) 2026/1740 "
        "(values without mark-up)", "verification": flag, "source": source,
    } for line, country, name, direct, indirect, total, flag, source in _DEFAULTS]


def cbam_meta() -> list[dict[str, object]]:
    """Manifest entries (the build script adds the verification summary per edition)."""
    return [
        {
            "id": "cbam_goods",
            "file": "cbam_goods.csv",
            "title_zh": "欧盟碳边境调节机制（CBAM）货物范围、排放边界与缺省值加成",
            "title_en": "EU CBAM goods: CN prefix, sector, emission boundary, default-value "
                        "mark-up",
            "licence": "EU legal texts: reuse authorised (Commission Decision 2011/833/EU).",
            "notes": "Longest CN prefix wins. boundary direct = Annex II goods (direct "
                     "emissions only); direct_indirect = cement, fertilisers, sintered ore; "
                     "excluded = chapter-72 codes excepted from Annex II. Mark-ups apply to a "
                     "good's default 'total emissions' value when the declarant uses defaults; "
                     "not to precursor defaults used inside actual values (2025/2621 Art. 1(2)).",
            "editions": [{
                "edition": GOODS_EDITION,
                "source_document": ANNEX_II + "; " + MARKUP_DOC,
                "publisher": "European Parliament and Council; European Commission",
                "published": "2023-05-16", "valid_from": "2026-01-01", "valid_to": None,
                "notes": "Definitive period. Texts read through a research note quoting the OJ.",
            }],
        },
        {
            "id": "cbam_defaults",
            "file": "cbam_defaults.csv",
            "title_zh": "欧盟 CBAM 缺省值（已找到的部分，不含加成）",
            "title_en": "EU CBAM default values found (without mark-up)",
            "licence": "EU legal texts: reuse authorised (Commission Decision 2011/833/EU).",
            "notes": "Only the values found in stored sources, tCO2e per t of good. China-"
                     "specific default values were NOT found: supply them in the CBAM input "
                     "file with their source. 'OTHER' = 'Other countries and territories'.",
            "editions": [{
                "edition": DEFAULTS_EDITION,
                "source_document": "Implementing Reg. (EU) 2025/2621 Annex I, as replaced by "
                                   "Implementing Reg. (EU) 2026/1740 (retroactive to 2026-01-01)",
                "publisher": "European Commission", "published": "2026-07-31",
                "valid_from": "2026-01-01", "valid_to": None,
                "notes": "To be revised by the Commission in 2027 at the latest.",
            }],
        },
    ]
