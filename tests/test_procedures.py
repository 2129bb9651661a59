"""The procedure tables (rules/procedures/): audit.md's category table, code normalisation, and
the free-text names real extracts carry, traps included."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from auditor.errors import RulesError
from auditor.guideline import load_guideline
from auditor.procedures import (
    CATEGORIES,
    MAMMOGRAPHY_FAMILY,
    MAMMOGRAPHY_PROCEDURES,
    classify_procedure,
    load_procedure_table,
    normalize_code,
)
from auditor.rulefiles import default_rules_dir


@pytest.fixture(scope="module")
def table():
    return load_procedure_table()


def _span(start: int, end: int) -> list[str]:
    return [str(c) for c in range(start, end + 1)]


# audit.md, "Procedure categories", row by row.
SPEC_CODES = [
    *[(c, "diagnostic_mammogram") for c in ("77065", "77066", "G0204", "G0206")],
    *[(c, "dbt_addon") for c in ("77061", "77062", "G0279")],
    *[(c, "us_breast") for c in ("76641", "76642")],
    *[(c, "mri_breast") for c in ("77048", "77049", "77058", "77059")],
    *[(c, "pet_breast") for c in _span(78811, 78816)],
    *[(c, "sestamibi_breast") for c in [*_span(78800, 78804), *_span(78830, 78832), "S8080"]],
    *[(c, "core_biopsy_breast") for c in [*_span(19081, 19086), "19100"]],
    *[(c, "fna_breast") for c in [*_span(10004, 10012), "10021"]],
    *[(c, "localization") for c in _span(19281, 19288)],
    *[(c, "screening_mammogram") for c in ("77067", "G0202", "77063")],
    *[(c, "mri_without_contrast") for c in ("77046", "77047")],
    *[(c, "excision") for c in ("19120", "19125", "19126")],
]


@pytest.mark.parametrize("code,category", SPEC_CODES)
def test_procedures_spec_code_table(table, code, category):
    cls = classify_procedure(code, None, table)
    assert (cls.category, cls.source, cls.code) == (category, "code", code)
    assert cls.descriptor


@pytest.mark.parametrize("code,breast_certain", [
    ("78811", False), ("78816", False), ("78800", False), ("78832", False), ("10005", False),
    ("10021", False), ("S8080", True), ("77065", True), ("19081", True), ("76641", True),
    ("19285", True), ("77049", True),
])
def test_procedures_breast_certain(table, code, breast_certain):
    assert classify_procedure(code, None, table).breast_certain is breast_certain


@pytest.mark.parametrize("raw,normalised", [
    ("77065", "77065"), (" 77065 ", "77065"), ("77065-26", "77065"), ("77065-LT", "77065"),
    ("77065 RT", "77065"), ("77065RT", "77065"), ("77065-LT,TC", "77065"), ("cpt 77065", "77065"),
    ("CPT: 77065", "77065"), ("77065.0", "77065"), (77065, "77065"), ("g0279", "G0279"),
    ("s8080-lt", "S8080"), ("0422T", "0422T"), ("", None), ("  ", None), (None, None),
    ("7706", "7706"), ("770651", "770651"), ("MAMMO", "MAMMO"),
])
def test_procedures_normalize_code(raw, normalised):
    assert normalize_code(raw) == normalised


@pytest.mark.parametrize("name,category", [
    # the names of the brief, as real extracts carry them
    ("MAMMO DIAG UNILAT LT", "diagnostic_mammogram"),
    ("DIAGNOSTIC MAMMOGRAM BILAT", "diagnostic_mammogram"),
    ("MAM DX W TOMO", "diagnostic_mammogram"),
    ("US BREAST LTD RT", "us_breast"),
    ("ULTRASOUND BREAST COMPLETE", "us_breast"),
    ("STEREO BX BREAST", "core_biopsy_breast"),
    ("STEREOTACTIC CORE BIOPSY", "core_biopsy_breast"),
    ("MRI BREAST BILAT W/WO", "mri_breast"),
    ("BSGI", "sestamibi_breast"),
    ("MBI", "sestamibi_breast"),
    ("PEM", "pet_breast"),
    ("PET/CT", "pet_breast"),
    ("SESTAMIBI", "sestamibi_breast"),
    ("FNA BREAST", "fna_breast"),
    ("WIRE LOC", "localization"),
    ("NEEDLE LOCALIZATION", "localization"),
    ("SAVI SCOUT/RADIOACTIVE SEED LOC", "localization"),
    ("SCREENING MAMMO", "screening_mammogram"),
    ("3D SCREENING", "screening_mammogram"),
    # traps
    ("MAG VIEWS", "diagnostic_mammogram"),           # magnification views are the workup
    ("spot compression", "diagnostic_mammogram"),    # case does not matter
    ("SPOT COMPRESSION", "diagnostic_mammogram"),
    ("US GUIDED CORE BX", "core_biopsy_breast"),     # a biopsy, not an ultrasound
    ("US GUIDED FNA BREAST", "fna_breast"),
    ("US GUIDED WIRE LOC RT", "localization"),
    ("MRI GUIDED BREAST BIOPSY", "core_biopsy_breast"),
    ("MRI BREAST W/O CONTRAST", "mri_without_contrast"),  # out of the guideline
    ("MRI BREAST WITH AND WITHOUT CONTRAST", "mri_breast"),
    ("DX MAMMO RECALL FROM SCREENING", "diagnostic_mammogram"),  # screening in a diagnostic name
    ("MAMMO SCREENING BILAT W TOMO", "screening_mammogram"),
    ("DBT LT", "dbt_addon"),
    ("EXCISIONAL BIOPSY BREAST", "excision"),
    ("MAGSEED PLACEMENT LT BREAST", "localization"),  # 'MAG' here is a seed, not a view
    ("  us   breast  ltd  rt ", "us_breast"),
])
def test_procedures_names(table, name, category):
    cls = classify_procedure(None, name, table)
    assert (cls.category, cls.source) == (category, "name")


@pytest.mark.parametrize("name,not_category", [
    ("SCREENING MAMMO", "diagnostic_mammogram"),
    ("3D SCREENING", "diagnostic_mammogram"),
    ("DIAGNOSTIC MAMMOGRAM BILAT", "screening_mammogram"),
    ("US GUIDED CORE BX", "us_breast"),
    ("MRI BREAST W/O CONTRAST", "mri_breast"),
    ("MAM DX W TOMO", "dbt_addon"),
])
def test_procedures_names_must_not(table, name, not_category):
    assert classify_procedure(None, name, table).category != not_category


# "MRI breast without and with contrast" (77048/77049) as RIS names spell it: "with" (W, W/,
# WITH) and "without" (WO, W/O, WITHOUT) side by side, in either order, joined by nothing, a
# space, '/', '-', '&', '+' or AND. "Without" alone is 77046/77047, not in the guideline.
@pytest.mark.parametrize("name,category", [
    ("MRI BREAST BILATERAL W WO CONTRAST", "mri_breast"),
    ("MRI BREAST LEFT W WO CONTRAST", "mri_breast"),
    ("MRI BREAST W-WO CONTRAST", "mri_breast"),
    ("MRI BREAST W/ AND W/O CONTRAST", "mri_breast"),
    ("MRI BREAST WITH WITHOUT CONTRAST", "mri_breast"),
    ("MRI BREAST WO W", "mri_breast"),
    ("MRI BREAST W/ & W/O", "mri_breast"),
    ("MRI BREAST W/ + W/O", "mri_breast"),
    ("MR BREAST BILAT W/WO", "mri_breast"),
    ("BREAST MRI WITH AND WITHOUT CONTRAST", "mri_breast"),
    ("MRI BREAST W AND WO CONTRAST", "mri_breast"),
    ("BREAST MRI WITHOUT AND WITH IV CONTRAST", "mri_breast"),
    ("MRI BREAST W/O & W CONTRAST", "mri_breast"),
    ("MRI BREAST W/W/O", "mri_breast"),
    ("MRI BREAST WWO", "mri_breast"),
    ("MRI BR W/WO", "mri_breast"),
    ("MRI BREAST W CONTRAST", "mri_breast"),     # a contrast breast MRI is 77048/77049
    ("MRI BREAST", "mri_breast"),                # contrast not stated
    ("MRI BREAST W/O CONTRAST", "mri_without_contrast"),
    ("MRI BREAST WITHOUT CONTRAST", "mri_without_contrast"),
    ("MRI BREAST WO CONTRAST", "mri_without_contrast"),
    ("MRI BREAST WO CONTRAST W CAD", "mri_without_contrast"),  # CAD is not contrast
    ("MRI BREAST W/O W/ CAD", "mri_without_contrast"),
    ("MRI BREAST NONCONTRAST", "mri_without_contrast"),
    ("MRI BREAST SILICONE IMPLANT", "mri_without_contrast"),
    ("MRI GUIDED BREAST BIOPSY", "core_biopsy_breast"),
    ("PET/MR BREAST", "pet_breast"),
])
def test_procedures_mri_contrast_spellings(table, name, category):
    cls = classify_procedure(None, name, table)
    assert (cls.category, cls.source) == (category, "name")


# Realistic RIS names of every category, traps included.
@pytest.mark.parametrize("name,category", [
    ("MAMMO DX BILAT W/TOMO", "diagnostic_mammogram"),      # tomosynthesis of a diagnostic exam
    ("DIAG MAMMO RT", "diagnostic_mammogram"),
    ("MG DIAGNOSTIC UNILATERAL LEFT W CAD", "diagnostic_mammogram"),
    ("MAMMOGRAM CALLBACK RT", "diagnostic_mammogram"),
    ("MAMMO 6 MONTH FOLLOW UP LT", "diagnostic_mammogram"),
    ("MAMMO POST BX BREAST RT", "diagnostic_mammogram"),    # not a biopsy: the mammogram after it
    ("POST BIOPSY MAMMOGRAM LEFT BREAST", "diagnostic_mammogram"),
    ("MAMMO POST CLIP PLACEMENT", "diagnostic_mammogram"),
    ("POST LUMPECTOMY MAMMOGRAM", "diagnostic_mammogram"),  # not surgery: the mammogram after it
    ("SCREENING MAMMO POST LUMPECTOMY", "screening_mammogram"),
    ("MAMMO SCREENING BILAT 3D", "screening_mammogram"),
    ("SCREENING DBT ADD-ON", "screening_mammogram"),        # 77063 is a screening code
    ("DBT DIAG ADD-ON", "dbt_addon"),
    ("US BREAST UNILATERAL LIMITED LEFT", "us_breast"),
    ("BREAST US COMPLETE RT", "us_breast"),
    ("US BREAST LUMPECTOMY SITE", "us_breast"),             # imaging of the site, not surgery
    ("US BX BREAST W CLIP", "core_biopsy_breast"),          # the clip is part of the biopsy
    ("STEREOTACTIC BX LT W CLIP", "core_biopsy_breast"),
    ("MAMMO GUIDED BREAST BX", "core_biopsy_breast"),
    ("MRI GUIDED BREAST BIOPSY", "core_biopsy_breast"),
    ("NM BREAST SCINTIMAMMOGRAPHY", "sestamibi_breast"),
    ("MOLECULAR BREAST IMAGING", "sestamibi_breast"),
    ("PET CT SKULL BASE TO MID THIGH", "pet_breast"),
    ("PETCT WHOLE BODY", "pet_breast"),
    ("FNA BREAST US GUIDED", "fna_breast"),
    ("WIRE LOCALIZATION LT BREAST", "localization"),
    ("HOOKWIRE LOCALIZATION", "localization"),
    ("SAVI SCOUT PLACEMENT", "localization"),
    ("SCOUT REFLECTOR PLACEMENT", "localization"),
    ("CLIP PLACEMENT BREAST", "localization"),              # a device of 19281-19288
    ("SPECIMEN RADIOGRAPH", "other_breast"),
    ("TC99M SULFUR COLLOID BREAST LYMPHOSCINTIGRAPHY", "other_breast"),  # not sestamibi
    ("SENTINEL NODE INJECTION", "other_breast"),
    ("US GUIDED FNA AXILLARY LYMPH NODE", "other_breast"),  # staging, not a breast FNA
    ("US CORE BX LT AXILLA", "other_breast"),
    ("SURGICAL BIOPSY BREAST", "excision"),                 # open, not a core biopsy
    ("MASTECTOMY LT", "excision"),
    ("MRI BREAST POST LUMPECTOMY", "mri_breast"),           # imaging after surgery, not surgery
])
def test_procedures_ris_names(table, name, category):
    cls = classify_procedure(None, name, table)
    assert (cls.category, cls.source) == (category, "name")


@pytest.mark.parametrize("name", ["BILATERAL MAMMOGRAM", "US AXILLA", "CHEST XRAY", "", None,
                                  "CONSULT",
                                  # an MRI that names no breast is not a breast MRI
                                  "MRI ABDOMEN W WO CONTRAST", "MRI BRAIN W/WO",
                                  "MRI ABDOMEN W/O CONTRAST", "MRI CHEST W WO",
                                  "BREAST SURGERY CONSULT"])
def test_procedures_unknown_names(table, name):
    cls = classify_procedure(None, name, table)
    assert (cls.category, cls.guideline_procedure_family, cls.source) == (None, None, None)


def test_procedures_every_example_classifies_to_its_row(table):
    """The rule file's own examples (also checked on load)."""
    for entry in table.names:
        for example in entry.examples:
            assert entry.pattern.search(example.upper()), (entry.row, example)
            assert classify_procedure(None, example, table).category == entry.category
        for counter in entry.counter_examples:
            assert classify_procedure(None, counter, table).category != entry.category


def test_procedures_code_wins_over_name(table):
    cls = classify_procedure("77065-LT", "US BREAST LTD RT", table)
    assert (cls.category, cls.source) == ("diagnostic_mammogram", "code")


def test_procedures_unknown_code_falls_back_to_name(table):
    cls = classify_procedure("99999", "US BREAST LTD RT", table)
    assert (cls.category, cls.source, cls.code) == ("us_breast", "name", "99999")


def test_procedures_families_are_guideline_procedures():
    guideline = load_guideline()
    for category, (_, family) in CATEGORIES.items():
        if family == MAMMOGRAPHY_FAMILY:
            assert set(MAMMOGRAPHY_PROCEDURES) <= set(guideline.procedures)
        elif family is not None:
            assert family in guideline.procedures, category
    used = {f for _, f in CATEGORIES.values() if f and f != MAMMOGRAPHY_FAMILY}
    assert used | set(MAMMOGRAPHY_PROCEDURES) == set(guideline.procedures)


# --- validation ----------------------------------------------------------------------------------

@pytest.fixture
def rules_copy(tmp_path) -> Path:
    target = tmp_path / "rules"
    shutil.copytree(default_rules_dir(), target)
    return target


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _row_of(path: Path, text: str) -> int:
    """The CSV row (header = 1) of the first line holding `text`: names.csv grows, and a test
    names the row by what it holds rather than by a number that shifts."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, start=1) if text in line)


@pytest.mark.parametrize("file,old,new,row,column,words", [
    ("codes.csv", "77065,diagnostic_mammogram", "77065,diagnostic_mamogram", 2, "category",
     "unknown category"),
    ("codes.csv", "77065,diagnostic_mammogram", "7706,diagnostic_mammogram", 2, "code",
     "not a CPT code"),
    ("codes.csv", "77066,diagnostic_mammogram", "77065,diagnostic_mammogram", 3, "code",
     "listed twice"),
    ("codes.csv", "bilateral\",yes", "bilateral\",maybe", 3, "breast_certain", "yes or no"),
    # names.csv rows: None = the row that holds the edited text
    ("names.csv", "\\bFNA\\b|", "\\bFNA(\\b|", None, "pattern", "regular expression"),
    ("names.csv", "fna_breast,FNA BREAST", "fna_breast,FINE BREAST", None, "example",
     "does not match"),
    ("names.csv", "us_breast,US BREAST LTD RT", "us_breast,US BREAST LTD RT;WIRE LOC", None,
     "example", "does not match"),
    ("names.csv", "PARTIAL MASTECTOMY RT,US GUIDED CORE BX",
     "PARTIAL MASTECTOMY RT,LUMPECTOMY RT;US GUIDED CORE BX", None, "counter_example",
     "must not be"),
])
def test_procedures_bad_rows_name_file_row_column(rules_copy, file, old, new, row, column,
                                                  words):
    path = rules_copy / "procedures" / file
    row = row or _row_of(path, old)
    _edit(path, old, new)
    with pytest.raises(RulesError) as err:
        load_procedure_table(rules_copy)
    assert (err.value.file, err.value.row, err.value.column) == (str(path.resolve()), row,
                                                                column)
    assert words in err.value.message


def test_procedures_example_taken_by_earlier_row(rules_copy):
    path = rules_copy / "procedures" / "names.csv"
    # An example that an earlier row of another category takes is an ordering mistake.
    core_row = _row_of(path, "core_biopsy_breast,US GUIDED CORE BX")
    _edit(path, "us_breast,US BREAST LTD RT", "us_breast,US BREAST LTD RT;US GUIDED CORE BX BREAST")
    with pytest.raises(RulesError, match=f"taken by row {core_row}"):
        load_procedure_table(rules_copy)


def test_procedures_unknown_column(rules_copy):
    path = rules_copy / "procedures" / "codes.csv"
    _edit(path, "code,category,descriptor,breast_certain,note",
          "code,category,descriptor,breast_certain,notes")
    with pytest.raises(RulesError, match="unknown column") as err:
        load_procedure_table(rules_copy)
    assert err.value.row == 1


def test_procedures_manifest_section(rules_copy):
    manifest = rules_copy / "manifest.toml"
    _edit(manifest, 'names = "procedures/names.csv"', 'names = "procedures/names.csv"\nextra = 1')
    with pytest.raises(RulesError, match="unknown key"):
        load_procedure_table(rules_copy)
