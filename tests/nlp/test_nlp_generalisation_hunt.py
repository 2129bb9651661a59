"""Invented short reports in styles the corpora may lack: field order, abbreviations ('calcs',
'microcalcs'), numbers as words, both breasts in one sentence, negations after the noun,
all capitals. Each label decided from the spec; only counting findings are compared as
(morphology set, distribution, laterality)."""

from __future__ import annotations

import pytest

CASES = [
    ("Calcifications: amorphous, grouped, right breast 10:00.",
     [({"amorphous"}, "grouped", "right")]),
    ("There are grouped calcifications in the left breast that are amorphous.",
     [({"amorphous"}, "grouped", "left")]),
    ("Two groups of amorphous microcalcs in the right breast.",
     [({"amorphous"}, "grouped", "right")]),
    ("Three clusters of fine pleomorphic calcs, left UOQ.",
     [({"fine_pleomorphic"}, "grouped", "left")]),
    ("Amorphous calcifications in a linear distribution in the right breast at 6:00.",
     [({"amorphous"}, "linear", "right")]),
    ("Right and left breasts: scattered round calcifications.",
     [({"round"}, "diffuse", "bilateral")]),
    ("Grouped amorphous calcifications are present in both the right and the left breast.",
     [({"amorphous"}, "grouped", "bilateral")]),
    ("Calcifications, grouped, amorphous in morphology, are seen at left 3:00.",
     [({"amorphous"}, "grouped", "left")]),
    ("Microcalcs, amorphous, clustered, R 9:00.", [({"amorphous"}, "grouped", "right")]),
    ("Calcs in the right breast: punctate, grouped.", [({"punctate"}, "grouped", "right")]),
    ("Calcifications of fine pleomorphic morphology in the left breast.",
     [({"fine_pleomorphic"}, None, "left")]),
    ("Suspicious calcifications are not seen in the left breast. Right breast grouped "
     "amorphous calcs at 1:00.", [({"amorphous"}, "grouped", "right")]),
    ("Calcifications suspicious for malignancy are absent.", []),
    ("Calcifications: none seen.", []),
    ("Calcs: neg.", []),
    ("Calcs: neg", []),
    ("Large rod-like calcifications throughout both breasts, secretory type.",
     [({"large_rod_like"}, "diffuse", "bilateral")]),
    ("A single cluster of amorphous microcalcifications measuring five millimeters in the "
     "right breast.", [({"amorphous"}, "grouped", "right")]),
    ("Two clusters of amorphous calcifications, one in each breast.",
     [({"amorphous"}, "grouped", "bilateral")]),
    ("Calcifications, previously described as amorphous, have increased in number, right "
     "breast, grouped.", [({"amorphous"}, "grouped", "right")]),
    ("Segmental fine-linear calcs L 12:00 spanning forty millimetres.",
     [({"fine_linear"}, "segmental", "left")]),
    ("Clustered microcalcifications, heterogeneous in shape, right breast.",
     [({"fine_pleomorphic"}, "grouped", "right")]),
    ("Amorphous calcifications are so small and hazy in appearance that a more specific "
     "morphology cannot be determined; they are grouped in the right breast.",
     [({"amorphous"}, "grouped", "right")]),
    ("A group of amorphous calcifications in each breast.",
     [({"amorphous"}, "grouped", "bilateral")]),
    ("Right breast amorphous grouped calcs 9:00; left breast amorphous grouped calcs 3:00.",
     [({"amorphous"}, "grouped", "right"), ({"amorphous"}, "grouped", "left")]),
    ("Grouped microcalcs L UOQ, morphology amorphous, eight millimetres.",
     [({"amorphous"}, "grouped", "left")]),
    ("Clustered in the right subareolar region are amorphous calcifications.",
     [({"amorphous"}, "grouped", "right")]),
    ("A cluster, left breast 1:00, of fine pleomorphic microcalcs.",
     [({"fine_pleomorphic"}, "grouped", "left")]),
    ("Microcalcifications of suspicious morphology were not identified in either breast.", []),
    ("There are no longer any calcifications in the right breast.", []),
    ("Calcs previously noted R breast no longer visualized.", []),
    ("Amorphous calcs R breast, grouped, stable x2 yrs.", []),
    ("Grouped amorphous calcs R breast 2 cm FN, increased from prior.",
     [({"amorphous"}, "grouped", "right")]),
    ("Fine linear calcifications left breast, not present on the 2021 mammogram.",
     [({"fine_linear"}, None, "left")]),
    ("Left breast - a few grouped amorphous microcalcifications, no associated mass.",
     [({"amorphous"}, "grouped", "left")]),
    ("RIGHT BREAST: CLUSTERED PLEOMORPHIC MICROCALCIFICATIONS AT 10 O'CLOCK.",
     [({"fine_pleomorphic"}, "grouped", "right")]),
    # near-misses of the labelled-field negation: "neg" negates only its own field
    ("Masses: neg. Calcs: grouped amorphous R 10:00.", [({"amorphous"}, "grouped", "right")]),
    ("Mass: neg. Calcifications: grouped punctate left 3:00.",
     [({"punctate"}, "grouped", "left")]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_invented_report_styles(extractor, text, expected):
    got = [(set(f.morphology), f.distribution, f.laterality)
           for f in extractor.extract(text).findings if f.counts]
    assert got == expected
