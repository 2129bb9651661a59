"""From mentions to findings: one Finding per described group of calcifications.

1. Each calcification head word ("calcifications", "calcs", "microcalcifications"...) takes the
   descriptors of its sentence: a descriptor right before a head (only other descriptors and
   glue words such as "and", "versus", "a", "of" in between: "grouped amorphous and fine
   pleomorphic calcifications") belongs to that head; any other belongs to the nearest head
   before it ("calcifications ... in a segmental distribution"), or else to the first head after
   it ("In the right breast, at 10 o'clock, there are calcifications").
2. A sentence with descriptors but no head ("They are amorphous and grouped.") continues the
   finding of the sentence just before it.
3. Laterality comes from the finding's own words, else from its sentence, else from a breast
   header ("RIGHT BREAST:") or a sentence that opens with a side ("In the right breast, ..."),
   else from the exam title when it names one side.
4. Mentions of the same finding merge (findings and impression describe it twice) when their
   assertion agrees and their morphology, distribution, laterality and clock position agree or
   are unstated. "Another/a second group" is a finding of its own (annotation guideline: groups
   described separately are separate findings); an impression that sums them up ("two groups")
   joins the first and does not add to its count.

Only the findings, impression, assessment and addendum sections (or a report without headers)
make findings: history and comparison speak of the past, and a recommendation repeats a plan.
Writes `doc.user_data["auditor_findings"]` (tuple of Finding) and
`doc.user_data["auditor_mentions_calcification"]` (bool).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.strings import hash_string
from spacy.tokens import Doc

from auditor.models import DISTRIBUTION_ORDER, Evidence, Finding
from auditor.nlp.batching import BatchedComponent
from auditor.nlp.context import ASSERTIONS, CLAUSE_BREAKS
from auditor.nlp.lexicon import MENTIONS, Mention
from auditor.nlp.revisions import (
    apply_withdrawals,
    find_withdrawals,
    inside,
    says_no_interval_change,
    superseded_spans,
)
from auditor.nlp.sections import BODY, BREAST_HEADERS, SECTIONS, WRAP_WIDTH
from auditor.nlp.sentences import SENTENCES, TOKENS
from auditor.nlp.statements import STATEMENT_BREAKS, statement_breaks
from auditor.nlp.tokenizer import original_text, raw_text

FINDINGS = "auditor_findings"
MENTIONS_CALCIFICATION = "auditor_mentions_calcification"
FINDING_SECTIONS = frozenset({"findings", "impression", "assessment", "addendum", BODY})
_DESCRIPTORS = frozenset({"morphology", "distribution", "count", "laterality", "location",
                          "size", "associated"})
_ASSEMBLED = _DESCRIPTORS | {"calcification"}
# The benign proof decides: where the workup shows calcifications are in the skin, layer, or
# have lucent centres, that replaces what they looked like ("possible amorphous ... confirmed
# dermal" is skin; "round ... with lucent centers" is rim). Fine linear is never explained away.
PROOF_MORPHOLOGIES = frozenset({"skin", "milk_of_calcium", "rim"})
APPEARANCE_MORPHOLOGIES = frozenset({"fine_pleomorphic", "amorphous", "coarse_heterogeneous",
                                     "punctate", "round", "benign_unspecified"})
# Calcifications whose own shape is a line or a curve (vessels, sutures, eggshells): "linear and
# curvilinear suture calcifications", "tram-track linear vascular", "scattered vascular
# calcifications" describe that shape, not a distribution (annotation guideline, section 5).
# ("Scattered vascular calcifications" is still diffuse: where they lie, not their shape.)
# Milk of calcium is the same: "linear and crescent-shaped on the lateral view" is how it layers.
SHAPED_MORPHOLOGIES = frozenset({"vascular", "suture", "rim", "milk_of_calcium"})
_SHAPE_WORDS = frozenset({"linear", "curvilinear", "tram", "track"})
_VESSELS = frozenset({"vascular"})
_BENIGN = frozenset({"benign_unspecified"})
# Morphologies that name calcifications on their own ("milk of calcium", "MOC").
NOUN_MORPHOLOGIES = frozenset({"milk_of_calcium"})
_FIELD_LINE = re.compile(r"[ \t]*(?:morpholog\w*|shape|form|appearance|description|"
                         r"distribution)[ \t]*:[^;\n]*$", re.IGNORECASE)
# one "LABEL: value" field of a line of fields ("SIDE: L", "CALC-DIST: GROUPED")
_FIELD = re.compile(r"[ \t]*[A-Za-z][\w ./#-]{0,24}:[^;:\n]{0,40}(?=$|[;:\n])", re.MULTILINE)
_FIELD_LABEL = re.compile(r"\s*[A-Za-z][\w ./#-]{0,24}:\s*")
_MORPHOLOGY_FIELD = re.compile(r"morpholog\w*\s*:", re.IGNORECASE)
# Other labels that carry a calcification's morphology in a form ("Shape: Amorphous"), unless
# the block is about a mass ("Type: Mass ... Shape: Round").
_FORM_FIELD = re.compile(r"\b(?:shape|form|appearance|description|type)\s*:", re.IGNORECASE)
_HEDGE_WORDS = re.compile(r"\b(versus|vs\.?|possibly|possible|probably|likely|may represent|"
                          r"or|either)\b", re.IGNORECASE)
_LESION = re.compile(r"cyst", re.IGNORECASE)  # "oil cyst": a morphology row naming a lesion
# morphology rows that name a benign diagnosis ("involuting fibroadenoma") rather than a look
_DIAGNOSIS = re.compile(r"fibroadenoma|oil[ \t-]*cysts?", re.IGNORECASE)
_SHAPE_FIELD = re.compile(r"\bshape[ \t]*:[ \t]*$", re.IGNORECASE)
_SIDE_WORDS = (("right", re.compile(r"\b(right|rt)\b", re.IGNORECASE)),
               ("left", re.compile(r"\b(left|lt)\b", re.IGNORECASE)))
# an exam title's side, also in the languages order names are often written in (German,
# Dutch, Spanish, Italian, French, Scandinavian)
_TITLE_SIDE_WORDS = (
    ("right", re.compile(r"\b(?:right|rt|rechts|rechte[rns]?|rechter|derech[ao]|destr[ao]|"
                         r"droite?|h[öo]ger|h[øo]jre)\b", re.IGNORECASE)),
    ("left", re.compile(r"\b(?:left|lt|links|linke[rns]?|linker|izquierd[ao]|sinistr[ao]|"
                        r"gauche|v[äa]nster|venstre)\b", re.IGNORECASE)))
_TITLE_BOTH = re.compile(r"bilat|\b(?:bds|bdz|beidseits|beiderseits|beiderzijds|both|beide|"
                         r"ambas|ambos|entrambe|bilaterale?)\b", re.IGNORECASE)
# a side letter right after the exam word of a title ("Mammography R (diagnostic)", "MX L:
# follow-up"), not the letter of a clock position or a view ("R 10:00", "R CC")
_TITLE_SIDE_LETTER = re.compile(
    r"[ \t]*(?:(?:diagnostic|screening|digital|unilateral|dx|spot|magnification|follow-up)"
    r"[ \t]+)*(?:mamm?o\w*|mx|mg|dbt|tomosynthes\w*)[ \t]*[,:(-]?[ \t]*\b([RL])\b"
    r"(?![ \t]*(?:\d|cc|mlo|ml|lm|xccl)\b)[.]?(?![\w'/])", re.IGNORECASE)
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_SEPARATE_BEFORE = re.compile(r"\b(?:separate|distinct|apart|remote|away)\s+from\s+"
                              r"(?:the\s+|these\s+|those\s+)?(?:\w+\s+)?$", re.IGNORECASE)
# A mass at a stated distance from the calcifications ("roughly 5 cm from the mass", "3 cm
# superior to the asymmetry"): not at them
_DISTANCE_BEFORE = re.compile(r"\b\d+(?:\.\d+)?\s*(?:cm|centimet(?:er|re)s?)\s+(?:\w+\s+)?"
                              r"(?:from|to|of)\s+(?:the|this|that|a|an|its)\s+(?:\w+\s+)?$",
                              re.IGNORECASE)
# the side written just before a mass ("L mass", "left breast mass"): the mass's own side
_SIDE_BEFORE = re.compile(r"(?:\b(?i:(right|rt|left|lt))|\b([RL]))\.?[ \t]*(?i:breast[ \t]+)?$")
# A mass said not to be at the calcifications
_SEPARATE = re.compile(r"\W*(?:\w+\W+){0,2}?(?:separate|distinct|apart|remote|away)\s+from\b"
                       r"|\bunrelated\s+to\b|\bnot\s+associated\s+with\b"
                       r"|\b(?:and|,)\s+(?:separately|elsewhere)\b", re.IGNORECASE)
# A cue that points back to an earlier description (context category)
REFERENCE = "HISTORICAL_REFERENCE"
# The patient's history told in passing ("h/o DCIS presenting as calcifications", "following
# stereotactic biopsy of the calcification", "specimen radiograph confirmed calcifications"): like
# a mention in the history section, it makes no finding and describes none (context category)
PRIOR_HISTORY = "PRIOR_HISTORY"
# the numbered title of a reporting-software item ("Finding 2:", "Lesion #3 -"): separate items
# describe separate findings
_ITEM_TITLE = re.compile(r"^[ \t]*(?:finding|lesion|abnormality)[ \t]*(?:#|no\.?)?[ \t]*(\d{1,2})"
                         r"[ \t]*(?::|[-\u2014.)])", re.IGNORECASE | re.MULTILINE)
# "in particular", "mainly", "most numerous": the place named next is where calcifications
# scattered more widely are most, not where they are confined
_EMPHASIS = re.compile(r"\b(?:in\s+particular|particularly|especially|mainly|mostly|"
                       r"predominantly|predominately|chiefly|primarily|principally|notably|"
                       r"above\s+all|accentuated|emphasi[sz]ed|most\s+(?:numerous|prominent(?:ly)?"
                       r"|marked(?:ly)?|pronounced|conspicuous(?:ly)?)|more\s+(?:numerous|"
                       r"prominent(?:ly)?|so))\b[^.;:\n]{0,30}$", re.IGNORECASE)
_RECALL = re.compile(r"\b(?:recall(?:ed)?|call(?:ed)?[ -]?back|callback)\b", re.IGNORECASE)


def _hashes(words) -> frozenset[int]:
    """Lower-case token hashes (spaCy's LOWER), to compare without making Token objects."""
    return frozenset(hash_string(w) for w in words)


# Words that may stand between a descriptor and the head word it modifies.
_GLUE = _hashes({",", "and", "or", "/", "-", "to", "versus", "vs", "vs.", "of", "a", "an",
                 "the", "few", "some", "several", "multiple", "numerous", "many", "tiny",
                 "small", "faint", "fine", "suspicious", "new", "additional", "probably",
                 "possibly", "possible", "likely", "appearing", "breast", "sided", "(", ")",
                 "type", "morphology", "shaped", "looking", "like", "minute", "punctate",
                 "indeterminate", "subtle", "group", "cluster", "developing", "increasing",
                 "other", "scattered", "coarse", "large", "mildly", "highly", "questionable",
                 "apparent", "residual", "calcified", "loose", "tight", "bilateral",
                 "smudgy", "hazy"})
_BREAST_IS = _hashes({"breast", "breasts", ":", "is", "-", "appears"})
_NOTHING_THERE = _hashes({"negative", "unremarkable", "normal", "clear", "neg", "nml"})
_MASTECTOMY = _hashes({"mastectomy", "mastectomies", "mx"})
_MASTECTOMY_PLACES = _hashes({"site", "bed", "scar", "skin", "flap", "flaps", "chest", "wall",
                              "reconstruction", "side", "incision"})
# "calcifications, possibly early dystrophic calcifications": a hedged restatement
_RESTATING_HEDGES = _hashes({"possibly", "probably", "likely", "favored", "favoured", "favoring",
                             "favouring", "suggesting", "representing", "perhaps", "versus",
                             "vs", "vs.", "presumably", "presumed", "c/w", "consistent",
                             "compatible", "or"})
_RESTATING_GLUE = _hashes({",", "(", "-", "most", "more", "early", "with", "of", "either",
                           "benign", "appearing", "type"})
# ... but a side or a place only as in "left breast grouped calcifications"
_SIDE_GLUE = _hashes({"breast", "breasts", "-", "sided", "side", ","})
# "They are amorphous and grouped": a sentence without a head word goes on about the last one
# only if it points back to it or opens with a descriptor.
_ANAPHORS = _hashes({"they", "these", "those", "them", "which", "it", "this", "each", "all",
                     "both", "some"})
_THERE = hash_string("there")
_THE = hash_string("the")
# a sentence that opens by pointing back to the finding just described
_POINTERS = _hashes({"one", "it", "they", "these", "this", "both", "each", "some", "two"})
# ... and puts it at a mass or asymmetry
_AT_MASS = _hashes({"within", "in", "at", "inside", "edge", "margin", "associated", "adjacent",
                    "near", "overlying", "into", "with", "involving", "around", "surrounding"})
# a sentence opening with one of these leaves "the mass" unsaid: "Irregular mass at 2:00 ...
# Surrounding fine linear calcifications ..."
_AT_MASS_OPENERS = _hashes({"surrounding", "adjacent", "associated", "accompanying",
                            "peritumoral", "peritumoural", "perilesional", "encircling"})
# "mass measuring 12 mm", "asymmetry (9 mm)": words between a mass and its size
_MEASURE_GLUE = _hashes({"measuring", "measures", "measured", "of", "(", ",", "approximately",
                         "approx", "approx.", "about", "~", "which", "that", "is", "-"})
# "5 cm apart", "3 cm deep to the skin": a distance, not an extent
_DISTANCE_AFTER = _hashes({"apart", "deep", "away", "below", "above"})
_ALSO = _hashes({"also", "additionally", "addition", "elsewhere", "separately", "separate",
                 "additional"})
_ASSOCIATED_OPENERS = _hashes({"assoc", "assoc.", "associated", "with", "w/"})
_SCATTERED = hash_string("scattered")
# "additional views/imaging of the right breast": more workup, not another finding
_WORKUP_NOUNS = _hashes({"view", "views", "imaging", "images", "image", "evaluation",
                         "workup", "work", "projections", "projection", "magnification",
                         "tangential", "spot", "mammographic", "diagnostic", "tomosynthesis"})
# the other breast as a comparison: "compared with the left", "no similar findings on the left"
_COMPARED = _hashes({"compared", "comparison", "than", "unlike", "relative", "opposed",
                     "contrast"})
_COMPARED_GLUE = _hashes({"with", "to", "the", "on", "in", "of", "that"})
_NEGATIONS = _hashes({"no", "not", "without", "nothing", "none"})
_LIKE = _hashes({"similar", "such", "corresponding", "comparable", "matching", "like",
                 "counterpart", "counterparts", "equivalent"})
_NONE = _hashes({"none", "nothing"})  # "none in the left breast"
_AND = _hashes({"and", "&", "+", "with"})
_HEDGING_JOINS = _hashes({"versus", "vs", "vs.", "or", "/", "possibly", "probably", "likely"})
_IT, _ITS = hash_string("it"), hash_string("its")
_PARTS = _hashes({"periphery", "margin", "margins", "edge", "edges", "wall", "center", "centre",
                  "interior", "border", "capsule", "rim"})
# what a morphology past a ";" may name a part of the calcifications with
_PART_NOUNS = _hashes({"component", "components", "elements", "forms", "particles", "portion",
                       "portions", "parts"})
_HOLDS = _hashes({"contains", "has", "shows", "demonstrates", "harbors", "harbours",
                  "now", "contain"})
_NOT = hash_string("not")
_SIMILAR = hash_string("similar")
_SMALL_GLUE = _hashes({"smaller", "larger", "tiny", "few", "of"})
# "the calcifications", "these grouped calcifications": pointing back to ones described before
_DEFINITE = _hashes({"the", "these", "those", "this", "said", "such"})
_COLON = hash_string(":")
_COMMA = hash_string(",")
# a pronoun subject (after the views it was seen on), then a verb of diagnosis, then the name
# of what they are
_DIAGNOSIS_OF_THEM = re.compile(
    r"[ \t]*(?:(?:on|in|at)\b[^.;:\n,]{0,30}?,?[ \t]+)?(?:they|both|all)\b[^.;:\n]{0,40}?"
    r"\b(?:represents?|reflects?|be|consistent|compatible|suggestive|typical|keeping|likely|"
    r"probably|confirming|confirms?|indicating|indicates?|proving|proves?)\b[^.;:\n]{0,40}$",
    re.IGNORECASE)
_FINE_OR_CASTING = re.compile(r"fine|cast", re.IGNORECASE)
_SIDE_WORDS_AND_BREAST = _hashes({"right", "left", "rt", "lt", "r", "l", "breast", "breast's",
                                  "sided", "-", "small", "tiny", "faint", "same", "index"})
_PARAGRAPH_BEFORE = re.compile(r"\n[ \t]*\n[ \t]*$")
_NP_GLUE = _hashes({"small", "tiny", "few", "faint", "previously", "above", "aforementioned",
                    "questioned", "screen", "screening", "detected", "recalled", "same"})
# what opens another finding after a mass's place: "..., and separately grouped calcifications"
_SEPARATELY = _hashes({"and", "separately", "also", "additionally", "elsewhere", "plus"})
_BE = _hashes({"is", "are", "was", "were"})
# A side followed by one of these is the exam's ("Right diagnostic mammogram").
_EXAM_WORDS = _hashes({"diagnostic", "screening", "mammogram", "mammography", "mammo", "dx",
                       "exam", "examination", "study", "tomosynthesis", "mg", "mam"})
_OPENING_WORDS = _hashes({"in", "the", "within", "on", "-", "*", "•", ":", ",", ".", "(", ")",
                          "/", "finding", "lesion", "#", "1", "2", "3", "4", "5", "6", "7", "8",
                          "9"})  # "Finding 2: Left 8:00 anterior. Calcifications. ..."


@dataclass(eq=False)
class _Group:
    """The mentions of one finding, collected before they become a Finding."""

    head: Mention
    section: str
    sentence: int
    assertions: frozenset[str]
    descriptors: list[Mention] = field(default_factory=list)
    associated: list[int] = field(default_factory=list)  # indexes into mentions
    laterality: str | None = None
    summary: bool = False  # sums up groups described one by one: its count is not theirs
    last_sentence: int = -1  # the last sentence that went on about it (see _continue_previous)
    # "these are not grouped; they are regional": a descriptor taken back for another
    corrected: list[Mention] = field(default_factory=list)
    # "the calcs described are in the LEFT breast, not the right": (right side, wrong side)
    side_correction: tuple[str, str] | None = None

    def keys(self, label: str) -> list[str]:
        head = [self.head.key] if self.head.label == label else []
        return head + [m.key for m in self.descriptors if m.label == label]


class FindingAssembler(BatchedComponent):
    def __call__(self, doc: Doc) -> Doc:
        mentions: list[Mention] = doc.user_data.get(MENTIONS, [])
        findings = ()
        if any(m.label in ("calcification", "morphology") for m in mentions):
            findings = _Assembly(doc, mentions).findings()
            # an amendment's "should read amorphous, not punctate" holds for the whole report
            tokens = doc.user_data[TOKENS]
            findings = apply_withdrawals(findings, find_withdrawals(
                raw_text(doc), mentions, tokens.starts, tokens.ends,
                doc.user_data.get(SENTENCES) or [0]))
        doc.user_data[FINDINGS] = findings
        doc.user_data[MENTIONS_CALCIFICATION] = bool(findings) or any(
            m.label == "calcification" for m in mentions)
        return doc


class _Assembly:
    def __init__(self, doc: Doc, mentions: list[Mention]):
        self.doc = doc
        self.text = raw_text(doc)
        self.original = original_text(doc)
        self.mentions = mentions
        self.assertions = _resolve_references(doc.user_data.get(ASSERTIONS, {}), self.text)
        tokens = doc.user_data[TOKENS]
        self.token_starts, self.token_ends, self.lowers = tokens
        self.sent_starts = doc.user_data.get(SENTENCES) or [0]
        self.sections = doc.user_data.get(SECTIONS) or [(BODY, 0, 0, len(self.text))]
        self.section_starts = [s[1] for s in self.sections]
        self.breast_headers = doc.user_data.get(BREAST_HEADERS, [])
        self.wrapped = doc.user_data.get(WRAP_WIDTH) is not None
        self.clause_breaks = doc.user_data.get(CLAUSE_BREAKS, [])
        # "Interval change: None": what the report does not call new or changing is unchanged
        self.no_interval_change = says_no_interval_change(self.text, superseded_spans(doc))
        # the descriptor starting at each token (for the premodifier test)
        self.mention_at = {m.start: m for m in mentions
                           if m.label in _DESCRIPTORS or m.label == "calcification"}
        self.associated_starts = {m.start for m in mentions if m.label == "associated"}
        self.associated_ends = {m.end for m in mentions if m.label == "associated"}
        self.index_of = {m: i for i, m in enumerate(mentions)}
        self._openers: dict[int, list[int]] = {}
        self._mention_starts: list[int] | None = None
        self._also: dict[int, bool] = {}  # sentence -> it adds another finding (_says_also)
        self.breaks: list[int] | None = None
        self._heads_key: list[int] | None = None
        self._heads_starts: list[int] = []
        self._heads_ends: list[int] = []
        self._items: list[tuple[int, str]] | None = None  # (char, number) of numbered titles

    # --- offsets ---------------------------------------------------------------------------

    def start_char(self, m: Mention) -> int:
        return self.token_starts[m.start]

    def end_char(self, m: Mention) -> int:
        return self.token_ends[m.end - 1]

    def sentence_of(self, token: int) -> int:
        return bisect_right(self.sent_starts, token) - 1

    def section_of(self, char: int) -> str:
        return self.sections[bisect_right(self.section_starts, char) - 1][0]

    # --- 1. heads take their descriptors ------------------------------------------------------

    def findings(self) -> tuple[Finding, ...]:
        by_sentence: dict[int, list[int]] = {}
        self.exam_sides: set[str] = set()
        n = len(self.doc)
        lowers, sent_starts = self.lowers, self.sent_starts
        starts = set(sent_starts)
        # a preliminary read the final one replaced, another report quoted: not this reading
        superseded = superseded_spans(self.doc)
        for i, m in enumerate(self.mentions):
            label = m.label
            if superseded and inside(superseded, self.token_starts[m.start]):
                continue
            if label == "laterality" and (
                    (m.end < n and lowers[m.end] in _EXAM_WORDS and m.end not in starts)
                    or (m.start > 0 and lowers[m.start - 1] in _EXAM_WORDS
                        and m.start not in starts)):
                # "Right diagnostic mammogram", "Screening mammogram bilateral": the exam's side,
                # within one sentence ("bilat dx\nR grp amorph calcs": the R is a finding's)
                self.exam_sides.add(m.key)
                continue
            if label in _ASSEMBLED:
                by_sentence.setdefault(bisect_right(sent_starts, m.start) - 1, []).append(i)
        groups: list[_Group] = []
        carried_side: dict[str, str | None] = {}
        for sentence in sorted(by_sentence):
            indexes = by_sentence[sentence]
            first = self.mentions[indexes[0]]
            section = self.section_of(self.token_starts[first.start])
            if self._opens_paragraph(sentence):
                # a new paragraph is a new topic: the side opened before it is not carried on
                carried_side.pop(section, None)
            if first.label == "laterality":
                opener = self._opening_side(sentence, indexes)
                if opener:
                    carried_side[section] = opener
            there = self._there_side(sentence, by_sentence.get(sentence - 1, ()))
            if there:
                carried_side[section] = there
            if section not in FINDING_SECTIONS:
                continue
            heads = [i for i in indexes if self.mentions[i].label == "calcification"
                     and not self._refers_back(self.mentions[i])
                     and not self._diagnosis_of_the_last(sentence, self.mentions[i], groups)
                     and PRIOR_HISTORY not in self.assertions.get(i, ())]
            indexes = self._without_compared_sides(self._without_past_sides(indexes))
            if not indexes:
                continue
            inherited: list[Mention] = []
            if not heads:
                heads = [i for i in indexes if self.mentions[i].key == "another"
                         and self.mentions[i].label == "count"][:1]
                if heads and groups and groups[-1].section == section:
                    # "A second group at 7:00": another group like the last one described
                    inherited = [m for m in groups[-1].descriptors if m.label == "morphology"]
                elif self._continue_previous(groups, sentence, section, indexes):
                    continue
                else:
                    heads = self._morphology_as_head(sentence, indexes)
                    if not heads and groups and self._stable_beside(groups[-1], indexes):
                        # "A stable punctate cluster at 3:00 is unchanged." after a new
                        # finding: a finding of its own (it does not count)
                        # ("Stable biopsy-proven benign fibroadenoma": "benign" judges the
                        # mass, it names no calcifications)
                        heads = [i for i in indexes
                                 if self.mentions[i].label == "morphology"
                                 and self.mentions[i].key not in _BENIGN][:1]
                if not heads:
                    heads = self._group_named_again(sentence, indexes)
                if not heads:
                    continue
            heads = self._noun_morphology_heads(indexes, heads)
            if len(heads) > 1:
                heads = self._without_restatements(heads)
            sentence_groups = {i: _Group(head=self.mentions[i], section=section,
                                         sentence=sentence,
                                         assertions=self.assertions.get(i, frozenset()))
                               for i in heads}
            for i in indexes:
                m = self.mentions[i]
                if i in sentence_groups:
                    continue
                if PRIOR_HISTORY in self.assertions.get(i, ()):
                    continue  # "s/p biopsy of grouped amorphous calcifications": the past
                owner = self._owner(m, heads)
                if owner is None:
                    continue
                if m.label == "associated":
                    sentence_groups[owner].associated.append(i)
                elif not self._ruled_out(i, sentence_groups[owner]):
                    sentence_groups[owner].descriptors.append(m)
                elif self._replaced(i, indexes):
                    sentence_groups[owner].corrected.append(m)
            # a side no finding of the sentence took ("a mass in the right breast with
            # calcifications"), or any side when the sentence has one finding
            owned = {id(m) for g in sentence_groups.values() for m in g.descriptors}
            sides = [m for i in indexes if (m := self.mentions[i]).label == "laterality"
                     and (len(heads) == 1 or id(m) not in owned)]
            # one side named for the whole sentence: "Vascular calcifications and benign
            # macrocalcifications are present bilaterally", "An irregular mass in the left
            # breast ..., and separately grouped amorphous calcifications at 9:00"
            side_words = [m for i in indexes if (m := self.mentions[i]).label == "laterality"]
            only_side = (side_words[0].key
                         if side_words and len({m.key for m in side_words}) == 1 else None)
            for g in sentence_groups.values():
                own = [m for m in g.descriptors if m.label == "laterality"]
                g.laterality = (self._side_of(g, own, sentence)
                                or self._side_of(g, sides, sentence)
                                or (only_side if only_side and not any(
                                    self._clause_break(m, g.head) for m in side_words) else None)
                                or self._header_side(self.start_char(g.head))
                                or carried_side.get(section))
            for g in sentence_groups.values():
                if inherited and not g.keys("morphology"):
                    g.descriptors.extend(inherited)
            correction = self._side_correction(indexes)
            if correction and len(heads) == 1:
                sentence_groups[heads[0]].side_correction = correction
                sentence_groups[heads[0]].laterality = correction[0]
            if len(heads) == 1 and not sentence_groups[heads[0]].associated:
                # "The oval mass at 3:00 ... Since 2022 it has developed coarse calcifications
                # at its periphery.": the mass reached through a pronoun
                sentence_groups[heads[0]].associated.extend(
                    self._mass_by_pronoun(sentence, by_sentence.get(sentence - 1, ())))
            previous = groups[-1] if groups and groups[-1].section == section else None
            for i in heads:
                g = sentence_groups[i]
                if previous is not None and not g.keys("morphology") and self._similar(g):
                    # "Similar calcifications in the left breast": the look of the ones just
                    # described (and their distribution, when none of its own is given)
                    g.descriptors.extend(m for m in [previous.head, *previous.descriptors]
                                         if m.label == "morphology" or (
                                             m.label == "distribution"
                                             and not g.keys("distribution")
                                             and not g.keys("count")))
                previous = g
            groups.extend(sentence_groups[i] for i in heads)
        exam_side = self._exam_side()
        merged: list[_Bucket] = []
        # The reason for the exam ("recalled for calcifications") joins the finding that
        # describes them; on its own it is a finding only if it describes them itself.
        reasons = [g for g in groups if "INDICATION" in g.assertions]
        # A side correction ("CORRECTION: the calcifications are in the LEFT breast, not the
        # right as dictated") often heads the report, above the finding it corrects: it is
        # placed once every finding is known.
        corrections = [g for g in groups if g.side_correction and g not in reasons]
        for g in [g for g in groups if "INDICATION" not in g.assertions
                  and not g.side_correction] + corrections + reasons:
            if g.laterality is None:
                g.laterality = exam_side
            if self._sums_up_kinds(merged, g):
                continue
            if g.side_correction and self._correct_side(merged, g):
                continue
            fitting = [b for b in (merged if g in reasons else reversed(merged))
                       if self._compatible(b, g)]
            if fitting:
                # "IMPRESSION: Two groups of amorphous calcifications" after each group was
                # described: it sums them up, its count is theirs
                g.summary = len(fitting) > 1 and _plural(g.keys("count"))
                if g.summary:
                    fitting.sort(key=lambda b: b[0].head.start)
                self._add(fitting[0], g)
            else:
                if g in reasons and not any(m.label in ("morphology", "distribution", "count")
                                            for m in g.descriptors):
                    continue
                if self._sums_up_both_sides(merged, g):
                    continue
                merged.append(self._bucket(g))
        merged.sort(key=lambda bucket: bucket[0].head.start if len(bucket) == 1
                    else min(g.head.start for g in bucket))
        return tuple(self._finding(bucket) for bucket in merged)

    def _side_correction(self, indexes: list[int]) -> tuple[str, str] | None:
        """"Correction: the calcifications are in the LEFT breast, not the right": one side
        asserted and the other taken back ("not the right", "not right")."""
        sides = [self.mentions[i] for i in indexes if self.mentions[i].label == "laterality"
                 and self.mentions[i].key in ("left", "right")]
        if len({m.key for m in sides}) != 2:
            return None
        lowers = self.lowers
        wrong = [m for m in sides if m.start > 0 and (
            lowers[m.start - 1] == _NOT or (m.start > 1 and lowers[m.start - 1] == _THE
                                            and lowers[m.start - 2] == _NOT))]
        if len(wrong) != 1:
            return None
        right = next(m.key for m in sides if m.key != wrong[0].key)
        return right, wrong[0].key

    def _correct_side(self, merged: list[_Bucket], g: _Group) -> bool:
        """Put the correction in the finding it corrects: the one on the wrong side (of the
        same look, when the correction names one)."""
        side, wrong = g.side_correction
        morphs = set(g.keys("morphology")) - _BENIGN
        for bucket in reversed(merged):
            if bucket.sides == {wrong} and (not morphs or morphs & bucket.morphs) \
                    and not bucket.historical():
                self._add(bucket, g)
                bucket.sides = {side}
                return True
        return False

    def _sums_up_kinds(self, merged: list[_Bucket], g: _Group) -> bool:
        """"IMPRESSION: Benign dermal and vascular calcifications." after each was described on
        its own: one phrase joining the kinds of several findings with "and" sums them up; it
        is not one finding holding both (which would give the dermal ones the vessels' side).
        Not "punctate versus amorphous" (one finding, hedged)."""
        kinds = [m for m in g.descriptors if m.label == "morphology" and m.key not in _BENIGN]
        keys = {m.key for m in kinds}
        if len(keys) < 2 or g.keys("count") or g.keys("distribution"):
            return False
        lo, hi = min(m.start for m in kinds), max(m.end for m in kinds)
        between = set(self.lowers[lo:hi])
        if _AND.isdisjoint(between) or not _HEDGING_JOINS.isdisjoint(between):
            return False
        if any(keys <= b.morphs for b in merged) \
                or g.assertions & {"NEGATED_EXISTENCE", "HYPOTHETICAL", "INDICATION"}:
            return False
        summed = [b for b in merged if keys & b.morphs]
        if "NEW_OR_CHANGING" in g.assertions and any(b.historical() for b in summed):
            return False  # "... now evolving": it says more than the findings it names
        return all(any(key in b.morphs for b in summed) for key in keys)

    def _sums_up_both_sides(self, merged: list[_Bucket], g: _Group) -> bool:
        """"IMPRESSION: Benign calcifications bilaterally", "Bilateral grouped amorphous
        calcifications: the right group ...; the left group ...", "Benign calcifications in
        both breasts (right popcorn, left dermal)" after a finding in each breast: a summary of
        the breasts' own findings, not a third finding holding both sides (which would make a
        stable group on one side count, or pool two looks). Only when it says nothing the
        findings did not: each look and distribution it names is already theirs."""
        if g.laterality != "bilateral":
            return False
        looks = set(g.keys("morphology")) - _BENIGN
        # each breast has a finding it sums up, of a look it names ("increasing calcifications
        # right" told no look: the summary's "amorphous" is its look, so it is kept)
        covering = [b for b in merged if self._compatible_sides_aside(b, g)
                    and (not looks or looks & b.morphs)]
        if not {"left", "right"} <= set().union(*(b.sides for b in covering)):
            return False
        if "NEW_OR_CHANGING" in g.assertions and all(b.historical() for b in covering):
            return False  # "..., both increased": it says more than the findings
        morphs = set().union(*(b.morphs for b in covering))
        dists = set().union(*(_stated_distributions(b) for b in covering))
        clocks = set().union(*(b.clocks for b in covering))
        return (looks <= morphs and set(g.keys("distribution")) <= dists
                and self._clocks(g) <= clocks)

    def _compatible_sides_aside(self, bucket: _Bucket, g: _Group) -> bool:
        """Compatible but for the side and the clock position, which a summary of both breasts
        names for one of them ("the right group at 6:00")."""
        saved, g.laterality = g.laterality, None
        try:
            return self._compatible(bucket, g, clocks=False)
        finally:
            g.laterality = saved

    def _without_compared_sides(self, indexes: list[int]) -> list[int]:
        """"Diffuse amorphous calcifications in the right breast, asymmetric compared with the
        left", "..., no similar findings on the left", "more numerous than on the left": the
        other breast named only as the comparison is not where the finding is."""
        mentions, lowers = self.mentions, self.lowers
        kept = []
        for i in indexes:
            m = mentions[i]
            if m.label == "laterality" and m.start > 0:
                sent_start = self.sent_starts[self.sentence_of(m.start)]
                t = m.start - 1
                while t > sent_start and m.start - t < 4 and lowers[t] in _COMPARED_GLUE:
                    t -= 1
                if lowers[t] in _COMPARED or lowers[t] in _NONE:
                    continue
                before = lowers[max(sent_start, m.start - 5):m.start]
                if any(a in _NEGATIONS and b in _LIKE
                       for a, b in zip(before, before[1:], strict=False)):
                    continue
            kept.append(i)
        return kept

    def _without_past_sides(self, indexes: list[int]) -> list[int]:
        """"history of right breast biopsy in 2015 for calcifications": a side that names the
        place of a calcification told as history is not the side of a current finding."""
        mentions = self.mentions
        n = len(self.lowers)
        # "(s/p rt mastectomy 2015) ... calcs throughout the lt breast": a breast that is gone
        # holds no calcifications
        indexes = [i for i in indexes if not (
            mentions[i].label == "laterality" and mentions[i].end + 1 < n
            and self.lowers[mentions[i].end] in _MASTECTOMY
            and self.lowers[mentions[i].end + 1] not in _MASTECTOMY_PLACES)]
        past = [i for i in indexes if mentions[i].label == "calcification"
                and PRIOR_HISTORY in self.assertions.get(i, ())]
        if not past:
            return indexes
        calcs = [i for i in indexes if mentions[i].label == "calcification"]
        kept = []
        for i in indexes:
            m = mentions[i]
            if m.label == "laterality":
                following = next((c for c in calcs if mentions[c].start >= m.end), None)
                if following in past and mentions[following].start - m.end <= 10:
                    continue
            kept.append(i)
        return kept

    def _without_restatements(self, heads: list[int]) -> list[int]:
        """"a group of coarse heterogeneous calcifications, possibly early dystrophic
        calcifications": a head that only restates the one before it with a hedge is the same
        finding (its descriptors go to that head)."""
        kept = [heads[0]]
        for i in heads[1:]:
            before, head = self.mentions[kept[-1]], self.mentions[i]
            t, hedged = before.end, False
            while t < head.start:
                other = self.mention_at.get(t)
                if other is not None and other.label not in ("associated", "count",
                                                             "calcification") \
                        and other.end <= head.start:
                    t = other.end
                    continue
                word = self.lowers[t]
                if word in _RESTATING_HEDGES:
                    hedged = True
                elif word not in _RESTATING_GLUE:
                    break
                t += 1
            if t == head.start and hedged:
                continue
            kept.append(i)
        return kept

    def _refers_back(self, head: Mention) -> bool:
        """"(a mass) separate from the calcifications": the calcifications are described
        elsewhere; this names them only to say what is not at them."""
        start = self.start_char(head)
        return _SEPARATE_BEFORE.search(self.text, max(0, start - 30), start) is not None

    def _diagnosis_of_the_last(self, sentence: int, head: Mention, groups) -> bool:
        """"They are favored to represent early dystrophic calcification": what the
        calcifications just described are thought to be, said of them by a pronoun; its words
        describe them, it names no other calcifications."""
        if not groups or groups[-1].section != self.section_of(self.start_char(head)):
            return False
        start = self.token_starts[self.sent_starts[sentence]]
        return _DIAGNOSIS_OF_THEM.match(self.text, start, self.start_char(head)) is not None

    def _noun_morphology_heads(self, indexes: list[int], heads: list[int]) -> list[int]:
        """"Milk of calcium in the left breast and a popcorn calcification in the right": a
        morphology named as a noun before any head word, and not modifying one, is a head."""
        if not any(self.mentions[i].key in NOUN_MORPHOLOGIES for i in indexes):
            return heads
        first_head = self.mentions[heads[0]].start
        extra = [i for i in indexes
                 if self.mentions[i].label == "morphology"
                 and self.mentions[i].key in NOUN_MORPHOLOGIES
                 and self.mentions[i].end <= first_head
                 and not self._premodifies(self.mentions[i], self.mentions[heads[0]])]
        return sorted(extra[:1] + heads, key=lambda i: self.mentions[i].start) if extra else heads

    def _replaced(self, index: int, indexes: list[int]) -> bool:
        """A negated morphology or distribution with another one of its kind asserted beside
        it: a correction ("these are amorphous, not punctate", "Distribution corrected: not
        grouped; they are regional"), which takes back what a form or an earlier line said."""
        m = self.mentions[index]
        if m.label not in ("morphology", "distribution") \
                or "NEGATED_EXISTENCE" not in self.assertions.get(index, ()):
            return False
        return any(self.mentions[i].label == m.label and self.mentions[i].key != m.key
                   and abs(self.mentions[i].start - m.start) <= 8
                   and not self.assertions.get(i, frozenset()) & {"NEGATED_EXISTENCE",
                                                                  "HYPOTHETICAL"}
                   for i in indexes)

    def _ruled_out(self, index: int, group: _Group) -> bool:
        """A negated or hypothetical descriptor of a finding that is itself present ("no fine
        linear forms", "if these evolve into a grouped or segmental pattern")."""
        categories = self.assertions.get(index)
        return bool(categories) and any(c in categories and c not in group.assertions
                                        for c in ("NEGATED_EXISTENCE", "HYPOTHETICAL"))

    def _owner(self, m: Mention, heads: list[int]) -> int | None:
        mentions = self.mentions
        if m.label == "size" and (not self.associated_starts.isdisjoint((m.end, m.end + 1))
                                  or self._measures_other(m)):
            return None  # "a 1.2 cm (irregular) mass with calcifications": the mass's size
        if m.label == "morphology" and m.key == "benign_unspecified":
            return self._benign_owner(m, heads)
        if m.label == "morphology" and self._mass_shape(m):
            return None
        if m.label in ("location", "size") and self._place_of_mass(m, heads):
            return None
        if len(heads) == 1:  # the common case: one finding in the sentence
            head = mentions[heads[0]]
            if m.label == "morphology" and m.key in PROOF_MORPHOLOGIES \
                    and head.label == "calcification" and m.start > head.start \
                    and self._proof_of_head(head, m):
                # "... appear punctate on the CC view but layer on the ML view": the workup's
                # benign proof is of the calcifications it follows, past the "but"
                return heads[0]
            if self._clause_break(m, head):
                # "a smaller group at 11:00; these are faint and possibly amorphous": past the
                # ";" only what a clause pointing back to it says of it
                return heads[0] if m.label in ("morphology", "distribution") \
                    and m.start > head.start and (self._points_back_past_semicolon(head, m)
                                                  or self._names_part(m)) \
                    else None
            return heads[0]
        # run-on dictation: a side belongs to a finding of its own statement, and so does a
        # place or a descriptor when its statement has one ("... at 2:00 and in the right
        # breast there are ... at 10:00")
        bounds = self._side_openers(self.sentence_of(m.start))
        if bounds:
            lo, hi = _segment(bounds, m.start)
            starts = self._head_starts(heads)
            own = heads[bisect_left(starts, lo):bisect_left(starts, hi)]
            if m.label == "laterality" and not own:
                return None
            if len(own) == 1:
                return own[0]
            if own:
                heads = own
        # heads are in text order and do not overlap: bisect (a run-on sentence can have
        # thousands)
        starts = self._head_starts(heads)
        ends = self._heads_ends if heads is self._heads_key else [mentions[h].end for h in heads]
        k = bisect_left(starts, m.end)
        following = heads[k] if k < len(heads) else None
        k = bisect_right(ends, m.start)
        preceding = heads[k - 1] if k else None
        if following is not None and (self._premodifies(m, mentions[following])
                                      or self._opens_existential(m, mentions[following])):
            return following
        # Not across a clause break: "benign right fibroadenoma; new left grouped calcifications",
        # "... unchanged since 2019, however in the left breast there are two new clusters"
        for owner in (preceding, following):
            if owner is not None and not self._clause_break(m, mentions[owner]):
                return owner
        return None

    def _line_start(self, char: int) -> int:
        """Where the line holding `char` starts (looking back a bounded way: a report with no
        line breaks must not make this quadratic)."""
        lo = max(0, char - 300)
        return max(lo, self.text.rfind("\n", lo, char) + 1)

    def _mass_by_pronoun(self, sentence: int, before: list[int]) -> list[int]:
        """The mass of the sentence before, when this one puts the calcifications in, at or
        around "it" ("within it", "at its periphery", "it has developed ... calcifications"), or
        opens with the place and leaves the mass unsaid ("Surrounding ... calcifications")."""
        masses = [i for i in before if self.mentions[i].label == "associated"
                  and not self.assertions.get(i, frozenset()) & {"NEGATED_EXISTENCE",
                                                                 "HYPOTHETICAL"}]
        if len(masses) != 1 or any(self.mentions[i].label == "calcification" for i in before):
            return []
        start = self.sent_starts[sentence]
        end = (self.sent_starts[sentence + 1] if sentence + 1 < len(self.sent_starts)
               else len(self.doc))
        lowers = self.lowers
        if lowers[start] in _AT_MASS_OPENERS:
            return masses
        for t in range(start, min(end, start + 60)):
            word = lowers[t]
            nxt = lowers[t + 1] if t + 1 < end else None
            if (word == _ITS and nxt in _PARTS) or (word == _IT and (
                    nxt in _HOLDS or (t > start and lowers[t - 1] in _AT_MASS))):
                return masses
        return []

    def _similar(self, g: _Group) -> bool:
        """"similar calcifications", "a similar group of calcifications": the head (through
        its own premodifiers) follows "similar"."""
        t = min([g.head.start] + [m.start for m in g.descriptors if m.end <= g.head.start
                                  and self._premodifies(m, g.head)])
        sent_start = self.sent_starts[g.sentence]
        while t > sent_start and self.lowers[t - 1] in _NP_GLUE | _SMALL_GLUE:
            t -= 1
        return t > sent_start and self.lowers[t - 1] == _SIMILAR

    def _mass_shape(self, m: Mention) -> bool:
        """"Type: Mass [x]  Calcifications [x] / Shape: Round. Margin: Circumscribed": in a
        form's block about a mass, the "Shape:" field is the mass's (a round mass is not round
        calcifications); "Morphology:" stays the calcifications'."""
        start = self.start_char(m)
        line = self._line_start(start)
        if not _SHAPE_FIELD.search(self.text, max(line, start - 40), start):
            return False
        sent_start = self.sent_starts[self.sentence_of(m.start)]
        if self._mention_starts is None:
            self._mention_starts = [x.start for x in self.mentions]
        first = bisect_left(self._mention_starts, sent_start)
        for i in range(first, len(self.mentions)):
            other = self.mentions[i]
            if other.start >= m.start:
                break
            if other.label == "associated" \
                    and other.key == "mass" \
                    and "NEGATED_EXISTENCE" not in self.assertions.get(i, ()):
                return True
        return False

    def _proof_of_head(self, head: Mention, m: Mention) -> bool:
        """Past a ";" only when the clause points back to them ("... appear round; on the
        lateral view they layer dependently")."""
        return self._points_back_past_semicolon(head, m)

    def _names_part(self, m: Mention) -> bool:
        """"...; punctate components too", "; some amorphous forms as well": a morphology of
        a part of the calcifications just described, not a finding of its own."""
        return m.end < len(self.lowers) and self.lowers[m.end] in _PART_NOUNS

    def _points_back_past_semicolon(self, head: Mention, m: Mention) -> bool:
        between = self.text[self.end_char(head):self.start_char(m)]
        semicolon = between.rfind(";")
        if semicolon < 0:
            return True
        t = bisect_left(self.token_starts, self.end_char(head) + semicolon + 1)
        return not _ANAPHORS.isdisjoint(self.lowers[t:m.start])

    def _place_of_mass(self, m: Mention, heads: list[int]) -> bool:
        """"an irregular mass in the left breast at 3:00 measuring 12 mm, and separately grouped
        calcifications at 9:00": a place just after a mass, with "and" (or "separately") before
        the next calcifications, is the mass's."""
        mass_ends = [e for e in self.associated_ends if m.start - 8 <= e <= m.start]
        if not mass_ends:
            return False
        mass_end = max(mass_ends)
        mentions = self.mentions
        if any(mass_end <= mentions[h].start < m.start for h in heads):
            return False
        following = next((mentions[h] for h in heads if mentions[h].start >= m.end), None)
        if following is None:
            return False
        return not _SEPARATELY.isdisjoint(self.lowers[m.end:following.start])

    def _measures_other(self, m: Mention) -> bool:
        """A size that is not the calcifications' extent: a mass's ("mass measuring 12 mm",
        "asymmetry, 9 mm") or a distance ("5 cm apart", "2 cm deep to the skin")."""
        n = len(self.lowers)
        if m.end < n and self.lowers[m.end] in _DISTANCE_AFTER:
            return True
        t = m.start
        while t > 0 and m.start - t < 4 and self.lowers[t - 1] in _MEASURE_GLUE:
            t -= 1
        return t in self.associated_ends

    def _head_starts(self, heads: list[int]) -> list[int]:
        """Start tokens of a sentence's heads (kept for the sentence: one list per call of
        findings() loop would make run-on reports quadratic)."""
        if self._heads_key is not heads:
            self._heads_key = heads
            self._heads_starts = [self.mentions[h].start for h in heads]
            self._heads_ends = [self.mentions[h].end for h in heads]
        return self._heads_starts

    def _benign_owner(self, m: Mention, heads: list[int]) -> int | None:
        """"Benign" is a judgement of the word it goes with: of a head it modifies ("benign
        calcifications") or that it closely follows ("calcifications, benign", "the
        calcifications are benign"), not of a biopsy or a mass ("biopsy in 2012 benign, now
        recalled for calcifications")."""
        mentions = self.mentions
        following = next((h for h in heads if mentions[h].start >= m.end), None)
        if following is not None and self._premodifies(m, mentions[following]):
            return following
        preceding = next((h for h in reversed(heads) if mentions[h].end <= m.start), None)
        if preceding is not None and m.start - mentions[preceding].end <= 8 \
                and not self._clause_break(m, mentions[preceding]):
            return preceding
        return None

    def _opens_existential(self, m: Mention, head: Mention) -> bool:
        """"in the right breast at 1 o'clock there is a cluster of ... calcifications": a place
        that opens "there is/are" belongs to what is there."""
        if m.label not in ("laterality", "location") or head.start - m.end > 14:
            return False
        lowers = self.lowers[m.end:head.start]
        return any(a == _THERE and b in _BE for a, b in zip(lowers, lowers[1:], strict=False))

    def _clause_break(self, a: Mention, b: Mention) -> bool:
        """A ";", "but", "however" between them, on one line (in a labelled block a ";" only
        lists values)."""
        lo, hi = min(a.end, b.end), max(a.start, b.start)
        k = bisect_right(self.clause_breaks, lo - 1)
        if k == len(self.clause_breaks) or self.clause_breaks[k] >= hi:
            return False
        if "\n" in self.text[self.token_starts[lo]:self.token_starts[hi]]:
            return False
        # "Morphology: Round on CC; layer dependently on ML": a labelled field lists its values
        char = self.token_starts[self.clause_breaks[k]]
        line = self.text.rfind("\n", 0, char) + 1
        # "Calcifications (amorphous; grouped)": a ";" inside brackets lists values too
        if _in_brackets(self.text, line, char):
            return False
        if _FIELD_LINE.match(self.text, line, char) is not None:
            return False
        # "CALC-MORPH: AMORPHOUS; SIDE: L; ASSOC: MASS": a ";" between labelled fields
        field_start = max(line, self.text.rfind(";", 0, char) + 1)
        return not (_FIELD.match(self.text, field_start, char)
                    and _FIELD.match(self.text, char + 1))

    def _premodifies(self, m: Mention, head: Mention) -> bool:
        if head.start - m.end > 8:
            return False
        lowers = self.lowers
        # "left breast grouped calcifications", but not "left breast and a popcorn calcification"
        glue = _SIDE_GLUE if m.label in ("laterality", "location") else _GLUE
        t = m.end
        while t < head.start:
            # another descriptor standing between them ("coarse heterogeneous"): skip over it
            other = self.mention_at.get(t)
            if other is not None and other.label != "associated" and other.end <= head.start:
                t = other.end
                continue
            if lowers[t] in glue:
                t += 1
                continue
            return False
        return True

    def _continue_previous(self, groups: list[_Group], sentence: int, section: str,
                           indexes: list[int]) -> bool:
        """Descriptors in a sentence without a head word describe the last finding."""
        if not groups:
            return False
        last = groups[-1]
        # a labelled block goes on line by line ("CALC-DIST: LINEAR", "LENGTH: 22 MM", "ASSOC:
        # MASS"): the gap counts from the last line that described it
        if last.section != section or sentence - max(last.sentence, last.last_sentence) > 2:
            return False
        if self._stable_beside(last, indexes):
            return False
        first = self.mentions[indexes[0]]
        # "Stable benign left breast mass." after a right breast finding: about something else
        sides = {self.mentions[i].key for i in indexes if self.mentions[i].label == "laterality"}
        if last.laterality in ("left", "right") and sides and last.laterality not in sides \
                and "bilateral" not in sides:
            return False
        # "R: ... residual punctate calcs. / L: known milk of calcium ...": under the other
        # breast's header, it is about that breast
        header = self._header_side(self.start_char(first))
        if header in ("left", "right") and last.laterality in ("left", "right") \
                and header != last.laterality:
            return False
        sent_start = self.sent_starts[sentence]
        sent_end = (self.sent_starts[sentence + 1] if sentence + 1 < len(self.sent_starts)
                    else len(self.doc))
        if self.lowers[sent_start] in _ASSOCIATED_OPENERS and first.label == "associated" \
                and "NEGATED_EXISTENCE" not in self.assertions.get(indexes[0], ()):
            last.associated.append(indexes[0])  # "... 7 mm. Associated focal asymmetry."
            last.last_sentence = sentence
            return True
        if self._points_back_to_mass(sent_start, sent_end, indexes):
            # "The most posterior cluster lies within a focal asymmetry.", "One sits at the
            # edge of a small asymmetry.": the mass or asymmetry is at the finding just described
            last.associated.extend(i for i in indexes if self.mentions[i].label == "associated")
            last.last_sentence = sentence
            return True
        opens = (first.label in ("morphology", "distribution", "count")
                 and (first.start - sent_start <= 2
                      # "CALC-DIST: GROUPED" on the line under "CALC-MORPH: AMORPHOUS"
                      or _FIELD_LABEL.fullmatch(self.text, self.token_starts[sent_start],
                                                self.start_char(first)) is not None))
        # "Tangential views confirm a dermal location.": the workup's benign proof is of the
        # calcifications just described
        proof = any(self.mentions[i].label == "morphology"
                    and self.mentions[i].key in PROOF_MORPHOLOGIES for i in indexes)
        if not opens and not proof and _ANAPHORS.isdisjoint(self.lowers[sent_start:sent_end]):
            return False
        # "No mass/grouping.": after a negation, the words of a headless sentence are ruled out
        negated_from = next((self.mentions[i].start for i in indexes
                             if "NEGATED_EXISTENCE" in self.assertions.get(i, ())), None)
        wanted = [self.mentions[i] for i in indexes
                  if self.mentions[i].label in ("morphology", "distribution", "count", "size",
                                                "location") and not self._ruled_out(i, last)
                  and (negated_from is None or self.mentions[i].start < negated_from)]
        # "Few oil cysts." names a lesion, not more about the calcifications before it
        wanted = [m for m in wanted if not (m.label == "morphology" and m.key not in
                                            last.keys("morphology") and self._names_lesion(m))]
        if any(m.label in ("morphology", "distribution", "count") for m in wanted):
            last.descriptors.extend(wanted)
            last.corrected.extend(self.mentions[i] for i in indexes
                                  if self._ruled_out(i, last) and self._replaced(i, indexes))
            last.associated.extend(i for i in indexes
                                   if self.mentions[i].label == "associated")
            last.last_sentence = sentence
            return True
        return False

    def _names_diagnosis(self, m: Mention) -> bool:
        return _DIAGNOSIS.search(self.text, self.start_char(m), self.end_char(m)) is not None

    def _names_lesion(self, m: Mention) -> bool:
        return _LESION.search(self.text, self.start_char(m), self.end_char(m)) is not None

    def _stable_beside(self, last: _Group, indexes: list[int]) -> bool:
        """A headless sentence that calls what it describes stable or unchanged, after a
        finding that is current: another (known) finding, not more words about that one."""
        if _is_historical([last]):
            return False
        categories = set()
        for i in indexes:
            if self.mentions[i].label in ("morphology", "distribution", "count"):
                categories |= self.assertions.get(i, frozenset())
        return "HISTORICAL" in categories and "NEW_OR_CHANGING" not in categories \
            and any(self.mentions[i].label == "morphology" for i in indexes)

    def _points_back_to_mass(self, sent_start: int, sent_end: int, indexes: list[int]) -> bool:
        """A sentence that opens by pointing back to the finding ("One", "It", "The larger
        cluster") and places it at a mass or asymmetry it names."""
        mentions = self.mentions
        if not any(mentions[i].label == "associated"
                   and "NEGATED_EXISTENCE" not in self.assertions.get(i, ())
                   and "HYPOTHETICAL" not in self.assertions.get(i, ()) for i in indexes):
            return False
        if any(mentions[i].label == "morphology" for i in indexes):
            return False
        lowers = self.lowers
        opener = lowers[sent_start]
        if opener not in _POINTERS:
            first = mentions[indexes[0]]
            if not (opener == _THE and first.label in ("distribution", "count")
                    and first.start - sent_start <= 4):
                return False
        return not _AT_MASS.isdisjoint(lowers[sent_start:sent_end])

    def _morphology_as_head(self, sentence: int, indexes: list[int]) -> list[int]:
        """A morphology named as a noun is a finding: "Known milk of calcium", "MOC", and in
        reporting-software blocks "Morphology: Amorphous" with no calcification word."""
        morphs = [i for i in indexes if self.mentions[i].label == "morphology"
                  and "NEGATED_EXISTENCE" not in self.assertions.get(i, ())]
        if not morphs:
            return []
        if any(self.mentions[i].key in NOUN_MORPHOLOGIES for i in morphs):
            return [morphs[0]]
        start = self.start_char(self.mentions[morphs[0]])
        sent_start = self.token_starts[self.sent_starts[sentence]]
        if _MORPHOLOGY_FIELD.search(self.text, sent_start, start):
            return [morphs[0]]
        if _FORM_FIELD.search(self.text, sent_start, start) and not any(
                self.mentions[i].label == "associated"
                and "NEGATED_EXISTENCE" not in self.assertions.get(i, ()) for i in indexes):
            return [morphs[0]]
        # "L 6:00: faint cluster, 3 mm, possibly amorphous": a cluster or group with a
        # calcification morphology and no other lesion named is a group of calcifications
        groups = [i for i in indexes if self.mentions[i].label == "count"]
        if len(groups) == 1 and self.mentions[groups[0]].key != "another" \
                and not self.assertions.get(groups[0], frozenset()) & {
                    "NEGATED_EXISTENCE", PRIOR_HISTORY, "HYPOTHETICAL"} \
                and any(self.mentions[i].key not in _BENIGN for i in morphs) and not any(
                    self.mentions[i].label in ("associated", "calcification")
                    for i in indexes) \
                and _LESION.search(self.text, sent_start, self._sentence_end_char(sentence)) \
                is None:
            return groups[:1]
        return []

    def _group_named_again(self, sentence: int, indexes: list[int]) -> list[int]:
        """"The right breast group at 10 o'clock, previously stable, has increased in number":
        the group of calcifications the report spoke of before, named by "the" and its place
        alone, in a sentence that says how it changed or that it did not. Only after a
        calcification was named, and not beside a mass or other lesion."""
        groups = [i for i in indexes if self.mentions[i].label == "count"]
        if len(groups) != 1 or self.mentions[groups[0]].key != "1" or any(
                self.mentions[i].label in ("associated", "morphology") for i in indexes):
            return []
        m = self.mentions[groups[0]]
        said = self.assertions.get(groups[0], frozenset())
        # only where the sentence says how it changed or that it did not
        if said & {"NEGATED_EXISTENCE", PRIOR_HISTORY, "HYPOTHETICAL"} \
                or not said & {"HISTORICAL", "NEW_OR_CHANGING"}:
            return []
        sent_start = self.sent_starts[sentence]
        t = m.start - 1
        while t >= sent_start and t >= m.start - 5 and self.lowers[t] not in _DEFINITE:
            if self.lowers[t] not in _SIDE_WORDS_AND_BREAST:
                return []
            t -= 1
        if t < sent_start or self.lowers[t] not in _DEFINITE:
            return []
        named_before = any(c.label == "calcification" and c.start < sent_start
                           for c in self.mentions)
        end = self._sentence_end_char(sentence)
        if not named_before or _LESION.search(self.text, self.token_starts[sent_start], end):
            return []
        return groups

    def _sentence_end_char(self, sentence: int) -> int:
        return (self.token_starts[self.sent_starts[sentence + 1]]
                if sentence + 1 < len(self.sent_starts) else len(self.text))

    # --- 3. laterality --------------------------------------------------------------------

    def _opens_paragraph(self, sentence: int) -> bool:
        start = self.token_starts[self.sent_starts[sentence]]
        return sentence > 0 and _PARAGRAPH_BEFORE.search(self.text, max(0, start - 40), start) \
            is not None

    def _there_side(self, sentence: int, before: list[int] | tuple[()]) -> str | None:
        """"The concern today is the left breast. There, in the upper outer quadrant, ...": a
        sentence opening on a locative "There," is in the one breast the sentence before named."""
        t = self.sent_starts[sentence]
        if not (t + 1 < len(self.lowers) and self.lowers[t] == _THERE
                and self.lowers[t + 1] == _COMMA):
            return None
        sides = {self.mentions[i].key for i in before if self.mentions[i].label == "laterality"}
        return sides.pop() if len(sides) == 1 and sides <= {"left", "right"} else None

    def _opening_side(self, sentence: int, indexes: list[int]) -> str | None:
        """A side named in a sentence's first few tokens carries to the sentences after it."""
        sent_start = self.sent_starts[sentence]
        m = self.mentions[indexes[0]]
        if m.label != "laterality" or m.start - sent_start > 3:
            return None
        body_start = self.sections[bisect_right(self.section_starts,
                                                self.token_starts[sent_start]) - 1][2]
        lead = {self.lowers[t] for t in range(sent_start, m.start)
                if self.token_starts[t] >= body_start
                and self.text[self.token_starts[t]:self.token_ends[t]].strip()}
        if not lead <= _OPENING_WORDS:
            return None
        # "Left breast negative.", "The right breast is unremarkable.": said of the whole breast,
        # it opens nothing for the sentences after it
        t, n = m.end, len(self.lowers)
        while t < n and t - m.end < 3 and self.lowers[t] in _BREAST_IS:
            t += 1
        return None if t < n and self.lowers[t] in _NOTHING_THERE else m.key

    def _side_of(self, g: _Group, sides: list[Mention], sentence: int) -> str | None:
        """The side of a finding from side words of its sentence. When they disagree, run-on
        dictation has run two statements together ("... amorphous calcifications in the left
        breast spanning 3 cm no mass the right breast biopsy site is unremarkable"): only the
        sides of the head's own stretch of the sentence count."""
        keys = {m.key for m in sides}
        if len(keys) > 1:
            bounds = self._side_openers(sentence)
            if bounds:
                lo, hi = _segment(bounds, g.head.start)
                starts = [m.start for m in sides]  # sorted: mentions are in text order
                kept = {m.key for m in sides[bisect_left(starts, lo):bisect_left(starts, hi)]}
                if kept:
                    keys = kept
        return _side(keys)

    def _side_openers(self, sentence: int) -> list[int]:
        """Token indexes inside the sentence where a side word opens a new statement
        (statements.py)."""
        cached = self._openers.get(sentence)
        if cached is not None:
            return cached
        if self.breaks is None:
            self.breaks = self.doc.user_data.get(STATEMENT_BREAKS)
            if self.breaks is None:
                self.breaks = statement_breaks(self.lowers, self.mentions, self.sent_starts)
        sent_start = self.sent_starts[sentence]
        sent_end = (self.sent_starts[sentence + 1] if sentence + 1 < len(self.sent_starts)
                    else len(self.doc))
        bounds = self.breaks[bisect_left(self.breaks, sent_start):
                             bisect_left(self.breaks, sent_end)]
        self._openers[sentence] = bounds
        return bounds

    def _header_side(self, char: int) -> str | None:
        for side, start, end in self.breast_headers:
            if start <= char < end:
                return side
        return None

    def _exam_side(self) -> str | None:
        for key, start, _body, end in self.sections:
            if key == "exam":
                return exam_side(self.text[start:end])
        if not self.exam_sides:
            # a title line with the side as a letter: "Mammography R (diagnostic), ..."
            letter = _TITLE_SIDE_LETTER.match(self.text)
            if letter and not _TITLE_BOTH.search(self.text, 0, self._line_end(0)):
                return "right" if letter.group(1).upper() == "R" else "left"
        # a bilateral exam says nothing of where a finding is
        return (_side(self.exam_sides) if len(self.exam_sides) == 1
                and "bilateral" not in self.exam_sides else None)

    def _line_end(self, char: int) -> int:
        end = self.text.find("\n", char)
        return len(self.text) if end < 0 else end

    # --- 4. one Finding per merged bucket ---------------------------------------------------

    def _finding(self, bucket: list[_Group]) -> Finding:
        morphology: list[str] = []
        distributions: list[str] = []
        counts: list[str] = []
        locations: list[str] = []
        sizes: list[float] = []
        # "linear and curvilinear suture calcifications": the shape word, with the morphologies
        # of its own description (not of an impression that adds "dystrophic and suture")
        shape_words: list[tuple[str, set[str]]] = []
        vessels: list[str] = []  # "scattered" of a "scattered vascular calcifications"
        scattered = 0
        diagnoses: set[str] = set()  # keys named only by a diagnosis ("calcifying fibroadenoma")
        described: set[str] = set()  # keys named by the calcifications' own look
        bare_branching = fine_named = 0  # fine linear named as "branching", or as "fine ..."
        for g in bucket:
            for m in [g.head, *g.descriptors]:
                if g.summary and m.label in ("count", "location", "size"):
                    continue
                if m.label == "morphology":
                    (diagnoses if self._names_diagnosis(m) else described).add(m.key)
                    if m.key == "fine_linear" and not _FINE_OR_CASTING.search(
                            self.text, self.start_char(m), self.end_char(m)):
                        bare_branching += 1
                    elif m.key == "fine_linear":
                        fine_named += 1
                if m.label == "morphology" and m.key not in morphology:
                    morphology.append(m.key)
                elif m.label == "distribution":
                    distributions.append(m.key)
                    if m.key == "linear" and m.end - m.start == 1 and \
                            self.text[self.start_char(m):self.end_char(m)].lower() \
                            in _SHAPE_WORDS:
                        shape_words.append((m.key, set(g.keys("morphology")) - _BENIGN))
                    if m.key == "diffuse" and self.lowers[m.start] == _SCATTERED \
                            and m.end - m.start == 1:
                        scattered += 1
                        if self._scatters_vessels(m):
                            vessels.append(m.key)
                elif m.label == "count":
                    counts.append(m.key)
                elif m.label == "location":
                    text = self.text[self.start_char(m):self.end_char(m)]
                    if text not in locations:
                        locations.append(text)
                elif m.label == "size":
                    size = _millimetres(self.text[self.start_char(m):self.end_char(m)])
                    if size is not None:
                        sizes.append(size)
        for g in bucket:
            for m in g.corrected:
                # a correction takes back what was said before it, not what is said after
                if any(d.label == m.label and d.key == m.key and d.start < m.start
                       for h in bucket for d in (h.head, *h.descriptors)):
                    if m.label == "morphology" and len(morphology) > 1:
                        morphology = [k for k in morphology if k != m.key]
                    elif m.label == "distribution":
                        distributions = [k for k in distributions if k != m.key]
        if len(morphology) > 1 and "benign_unspecified" in morphology:
            morphology.remove("benign_unspecified")
        if described - _BENIGN and diagnoses - described:
            # "coarse heterogeneous calcifications, s/o calcifying fibroadenoma": the diagnosis
            # offered for what was described adds no morphology of its own
            morphology = [k for k in morphology if k not in diagnoses - described]
        if PROOF_MORPHOLOGIES.intersection(morphology):
            morphology = [k for k in morphology if k not in APPEARANCE_MORPHOLOGIES]
        if "large_rod_like" in morphology and bare_branching and not fine_named:
            # "large rod-like calcifications ..., some linear and some branching": secretory
            # rods may branch (BI-RADS); only "fine" or "casting" makes them fine linear
            morphology.remove("fine_linear")
        if scattered and distributions.count("diffuse") == scattered and any(
                m.label == "location" and m.key in ("quadrant", "clock")
                and not self._emphasised(m)
                for g in bucket for m in g.descriptors):
            # "scattered" over a named area ("in the upper outer quadrant", "along the
            # inframammary folds") says how they lie there, not that they are diffuse
            distributions = [d for d in distributions if d != "diffuse"]
        named = [k for k in morphology if k != "benign_unspecified"]
        for key, own in shape_words:
            if own & PROOF_MORPHOLOGIES:
                own = own - APPEARANCE_MORPHOLOGIES
            described = own or set(named)
            if described and SHAPED_MORPHOLOGIES.issuperset(described):
                distributions.remove(key)
        if vessels and set(named) - SHAPED_MORPHOLOGIES:
            # "Scattered vascular calcifications" says where the vessels lie: it is not the
            # distribution of another kind of calcification joined to them
            for key in vessels:
                distributions.remove(key)
        if counts and "grouped" not in distributions:
            distributions.append("grouped")
        # several distributions stated for one group: the most suspicious one is kept, as it
        # decides the variant
        distribution = next((d for d in DISTRIBUTION_ORDER if d in distributions), None)
        categories = set().union(*(g.assertions for g in bucket))
        new_or_changing = "NEW_OR_CHANGING" in categories
        evidence = tuple(self._evidence(g) for g in bucket)
        hedged = ("POSSIBLE_EXISTENCE" in categories
                  or any("POSSIBLE_EXISTENCE" in self.assertions.get(self.index_of[m], ())
                         for g in bucket for m in g.descriptors if m.label == "morphology")
                  or (len(morphology) > 1
                      and any(_HEDGE_WORDS.search(e.text) for e in evidence)))
        associated = any(
            self._asserted_associated(i, g) for g in bucket for i in g.associated)
        corrections = [g.side_correction for g in bucket if g.side_correction]
        laterality = (corrections[-1][0] if corrections
                      else _side(g.laterality for g in bucket))
        return Finding(
            morphology=tuple(morphology) or ("unspecified",),
            distribution=distribution,
            group_count=_group_count(counts, distribution, laterality),
            laterality=laterality,
            location=", ".join(locations) or None,
            extent_mm=max(sizes) if sizes else None,
            associated_mass_or_asymmetry=associated,
            negated=all("NEGATED_EXISTENCE" in g.assertions for g in bucket),
            historical=(("HISTORICAL" in categories or self.no_interval_change)
                        and not new_or_changing),
            hedged=hedged,
            hypothetical=all("HYPOTHETICAL" in g.assertions for g in bucket),
            section=bucket[0].section,
            evidence=evidence,
        )

    def _emphasised(self, m: Mention) -> bool:
        """"scattered ..., in particular / mainly in the inframammary fold": the place where
        they are most, not the only place they lie."""
        start = self.start_char(m)
        if self.wrapped:   # a hard-wrapped line's break is a blank ("most numerous\nalong")
            window = self.text[max(0, start - 40):start].replace("\n", " ")
            return _EMPHASIS.search(window) is not None
        return _EMPHASIS.search(self.text, max(self._line_start(start), start - 40),
                                start) is not None

    def _scatters_vessels(self, m: Mention) -> bool:
        """"Scattered vascular calcifications": the word goes with a vessel noun phrase."""
        vessel = self.mention_at.get(m.end)
        if vessel is None or vessel.label != "morphology" or vessel.key != "vascular":
            return False
        head = self.mention_at.get(vessel.end)
        return head is not None and head.label == "calcification"

    def _compatible(self, bucket: _Bucket, g: _Group, clocks: bool = True) -> bool:
        first = bucket[0]
        for flag in ("NEGATED_EXISTENCE", "HYPOTHETICAL"):
            if (flag in first.assertions) != (flag in g.assertions):
                return False
        sides = bucket.sides
        if g.laterality is not None and sides and g.laterality not in sides:
            return False
        morphs = bucket.morphs
        new_morphs = set(g.keys("morphology"))
        if g.sentence == bucket[-1].sentence and morphs and new_morphs and morphs != new_morphs \
                and not self._proves_benign(morphs - _BENIGN, new_morphs - _BENIGN, g):
            return False  # "vascular calcifications and benign macrocalcification": two
        if _is_historical([g]) != bucket.historical():
            # a stable finding and a current one are the same only if named the same way, at
            # the same clock position ("stable cluster at 10:00 ... new cluster at 2:00")
            theirs, mine = bucket.clocks, self._clocks(g)
            if clocks and theirs and mine and not theirs & mine:
                return False
            return bool((morphs & new_morphs) - {"benign_unspecified"})
        # "benign" is a judgement, not a morphology: it fits any description of the same group
        # ("Diffuse punctate and amorphous calcifications ... IMPRESSION: Diffuse bilateral
        # calcifications, benign").
        if morphs and new_morphs and morphs != new_morphs and self._says_also(g):
            return False  # "... benign calcifications. Vascular calcifications are also present."
        if {frozenset(morphs), frozenset(new_morphs)} == {_VESSELS, _BENIGN}:
            # "Vascular calcifications. Benign macrocalcifications in the right breast.": the
            # benign ones are other calcifications, not a judgement of the vessels
            return False
        morphs = morphs - {"benign_unspecified"}
        new_morphs.discard("benign_unspecified")
        if morphs and new_morphs and not morphs & new_morphs \
                and not self._proves_benign(morphs, new_morphs, g) \
                and not self._recall_proven_benign(bucket, new_morphs, g):
            return False
        dists = bucket.dists
        new_dists = set(g.keys("distribution"))
        if dists and new_dists and not dists & new_dists:
            return False
        # "another/a second group" is described separately: its own finding
        if "another" in g.keys("count"):
            return False
        # "Finding 1: ... Finding 2: ...": two numbered items of one section are two findings
        item = self._item(g)
        if item is not None and bucket.items and item not in bucket.items \
                and any(section == item[0] for section, _ in bucket.items):
            return False
        # two clock positions are two groups
        theirs = bucket.clocks
        mine = self._clocks(g)
        return not (clocks and theirs and mine and not theirs & mine)

    def _says_also(self, g: _Group) -> bool:
        """A sentence that adds another finding ("also", "in addition", "elsewhere"); not
        "additional (right breast) views", which is more workup of the same one."""
        start = self.sent_starts[g.sentence]
        end = (self.sent_starts[g.sentence + 1] if g.sentence + 1 < len(self.sent_starts)
               else len(self.doc))
        cached = self._also.get(g.sentence)
        if cached is None:
            lowers = self.lowers
            window = lowers[start:min(end, start + 40)]
            cached = not _ALSO.isdisjoint(window) and any(
                word in _ALSO and _WORKUP_NOUNS.isdisjoint(lowers[t + 1:min(end, t + 5)])
                for t, word in enumerate(window, start))
            self._also[g.sentence] = cached
        return cached

    def _proves_benign(self, morphs: set[str], new_morphs: set[str], g: _Group) -> bool:
        """"A group of punctate calcifications ... The grouped calcifications project within
        the skin": the workup's benign proof of the calcifications described before it (the
        annotation guideline's benign proof rule) is the same finding, although it names them
        otherwise. Only when it points back to them ("the calcifications", "the group", "these
        calcifications") with the proof said of them, not named as a kind of its own ("The skin
        calcifications are benign" is about other calcifications)."""
        if not (new_morphs & PROOF_MORPHOLOGIES) or not morphs <= APPEARANCE_MORPHOLOGIES:
            return False
        sent_start = self.sent_starts[g.sentence]
        sent_end = (self.sent_starts[g.sentence + 1] if g.sentence + 1 < len(self.sent_starts)
                    else len(self.doc))
        own = [m for m in (g.head, *g.descriptors) if sent_start <= m.start < sent_end]
        first = min(own, key=lambda m: m.start)
        t = first.start - 1
        while t >= sent_start and self.lowers[t] in _NP_GLUE:
            t -= 1
        if t >= sent_start and self.lowers[t] in _DEFINITE:
            return not (first.label == "morphology" and first.key in PROOF_MORPHOLOGIES)
        # a note drops the article under the workup's label ("tangential views: calcs project
        # in skin"): the calcifications its label's views were taken of
        return (first.label == "calcification" and t >= sent_start
                and self.lowers[t] == _COLON and self._workup_label(sent_start, t))

    def _workup_label(self, start: int, colon: int) -> bool:
        words = self.lowers[start:colon]
        return bool(words) and len(words) <= 4 and set(words) <= _WORKUP_NOUNS

    def _recall_proven_benign(self, bucket: _Bucket, new_morphs: set[str], g: _Group) -> bool:
        """"Reason for recall: possible amorphous calcifications ... The cluster is shown to lie
        within the skin": the calcifications the exam was done for are the ones its workup
        proved benign (the reason joins after the findings, so the proof is already there)."""
        if "INDICATION" not in g.assertions:
            return False
        return any(self._proves_benign(new_morphs, set(h.keys("morphology")) - _BENIGN, h)
                   for h in bucket)

    def _clocks(self, g: _Group) -> set[str]:
        return {self._clock_text(m) for m in g.descriptors if m.key == "clock"}

    def _bucket(self, g: _Group) -> _Bucket:
        bucket = _Bucket()
        self._add(bucket, g)
        return bucket

    def _add(self, bucket: _Bucket, g: _Group) -> None:
        """Append, keeping the bucket's running summary (so merging stays linear)."""
        bucket.append(g)
        if g.laterality is not None:
            bucket.sides.add(g.laterality)
        bucket.morphs.update(g.keys("morphology"))
        bucket.dists.update(g.keys("distribution"))
        bucket.categories.update(g.assertions)
        bucket.clocks.update(self._clocks(g))
        item = self._item(g)
        if item is not None:
            bucket.items.add(item)

    def _item(self, g: _Group) -> tuple[str, str] | None:
        """The numbered reporting-software item ("Finding 2:") the group stands in, if any."""
        if self._items is None:
            self._items = ([(m.start(), m.group(1)) for m in _ITEM_TITLE.finditer(self.text)]
                           if "inding" in self.text or "esion" in self.text
                           or "bnormality" in self.text or "INDING" in self.text
                           or "ESION" in self.text or "BNORMALITY" in self.text else [])
        if not self._items:
            return None
        char = self.start_char(g.head)
        k = bisect_right(self._items, (char, "~")) - 1
        if k < 0:
            return None
        start, number = self._items[k]
        if self.section_of(start) != g.section or self.section_of(char) != g.section:
            return None
        return g.section, number

    def _clock_text(self, m: Mention) -> str:
        """The hour: "10:00" and "10 o'clock" are the same position."""
        text = self.text[self.start_char(m):self.end_char(m)]
        hour = re.match(r"\d+", text)
        return hour.group() if hour else text

    def _asserted_associated(self, index: int, group: _Group) -> bool:
        # negated includes a form's option left unticked ("Mass [ ]", "[ ] mass"): the context
        # annotator reads the check boxes
        categories = self.assertions.get(index, frozenset())
        if categories & {"NEGATED_EXISTENCE", "HYPOTHETICAL"}:
            return False
        m = self.mentions[index]
        # "an oval mass, separate from the calcifications"
        lo, hi = sorted((self.end_char(m), self.start_char(group.head)))
        if _SEPARATE.search(self.text, lo, max(lo, hi)) or _SEPARATE.match(
                self.text, self.end_char(m), self.end_char(m) + 30):
            return False
        if _DISTANCE_BEFORE.search(self.text, max(0, self.start_char(m) - 40),
                                   self.start_char(m)):
            return False
        mass_side = self._side_just_before(self.start_char(m))
        if mass_side is not None:
            head_side = (group.laterality if group.laterality in ("left", "right")
                         else self._side_just_before(self.start_char(group.head)))
            if head_side is not None and head_side != mass_side:
                return False  # "Recall: R calcs, L mass": the mass is in the other breast
        # A mass in the other breast, named in the same sentence, is not at these calcifications.
        k = self.sentence_of(m.start)
        if k == group.sentence:
            # run-on dictation: "... calcifications measuring 4 mm left breast there is a mass"
            bounds = self._side_openers(k)
            if bounds and bisect_right(bounds, m.start) != bisect_right(bounds, group.head.start):
                return False
        sent_end = (self.token_starts[self.sent_starts[k + 1]]
                    if k + 1 < len(self.sent_starts) else len(self.text))
        window = self.text[self.start_char(m):min(sent_end, self.start_char(m) + 40)]
        for side, pattern in _SIDE_WORDS:
            if group.laterality in ("left", "right") and side != group.laterality \
                    and pattern.search(window):
                return False
        return True

    def _side_just_before(self, char: int) -> str | None:
        """The side written right before a word ("L mass", "left breast mass", "R calcs")."""
        before = _SIDE_BEFORE.search(self.text, max(0, char - 16), char)
        if before is None:
            return None
        return "left" if (before.group(1) or before.group(2)).lower().startswith("l") \
            else "right"

    def _evidence(self, g: _Group) -> Evidence:
        """From the first to the last word of the finding in the head's sentence."""
        first, last = g.head.start, g.head.end
        sent_start = self.sent_starts[g.sentence]
        sent_end = (self.sent_starts[g.sentence + 1] if g.sentence + 1 < len(self.sent_starts)
                    else len(self.doc))
        for m in g.descriptors:
            if sent_start <= m.start < sent_end:
                first = min(first, m.start)
                last = max(last, m.end)
        start, end = self.token_starts[first], self.token_ends[last - 1]
        return Evidence(text=self.original[start:end], start=start, end=end)


def _resolve_references(assertions: dict[int, frozenset[str]], text: str
                        ) -> dict[int, frozenset[str]]:
    """"The previously described/seen/noted calcifications": in the workup of a recall they are
    the ones the screening described (current); otherwise a known finding (historical)."""
    refer = [i for i, c in assertions.items() if REFERENCE in c]
    if not refer:
        return assertions
    recall = _RECALL.search(text) is not None
    resolved = dict(assertions)
    for i in refer:
        rest = resolved[i] - {REFERENCE}
        resolved[i] = rest if recall else rest | {"HISTORICAL"}
    return resolved


def _segment(bounds: list[int], token: int) -> tuple[int, int]:
    """The statement (token range between breaks) a token is in."""
    k = bisect_right(bounds, token)
    return (bounds[k - 1] if k else -1, bounds[k] if k < len(bounds) else 1 << 60)


class _Bucket(list):
    """The groups of one finding, with the union of what they say (for _compatible)."""

    def __init__(self):
        super().__init__()
        self.sides: set[str] = set()
        self.morphs: set[str] = set()
        self.dists: set[str] = set()
        self.categories: set[str] = set()
        self.clocks: set[str] = set()
        self.items: set[tuple[str, str]] = set()  # (section, number) of numbered items

    def historical(self) -> bool:
        return "HISTORICAL" in self.categories and "NEW_OR_CHANGING" not in self.categories


def _stated_distributions(bucket: _Bucket) -> set[str]:
    """The bucket's distributions, "a group"/"two clusters" (a count) stating grouped."""
    if any(g.keys("count") for g in bucket):
        return bucket.dists | {"grouped"}
    return bucket.dists


def _is_historical(groups: list[_Group]) -> bool:
    categories = set().union(*(g.assertions for g in groups))
    return "HISTORICAL" in categories and "NEW_OR_CHANGING" not in categories


def _side(sides) -> str | None:
    found = {s for s in sides if s}
    if not found:
        return None
    if "bilateral" in found or {"left", "right"} <= found:
        return "bilateral"
    return found.pop()


def exam_side(text: str) -> str | None:
    """The one side an exam title names ("LEFT DIAGNOSTIC MAMMOGRAM", "Mammographie rechts",
    "Mammography R (diagnostic)"), if exactly one."""
    found = {side for side, pattern in _TITLE_SIDE_WORDS if pattern.search(text)}
    letter = _TITLE_SIDE_LETTER.match(text)
    if letter:
        found.add("right" if letter.group(1).upper() == "R" else "left")
    return found.pop() if len(found) == 1 and not _TITLE_BOTH.search(text) else None


_CLOSING = {"(": ")", "[": "]", "{": "}"}


def _in_brackets(text: str, line: int, char: int) -> bool:
    """Whether text[char] stands inside brackets opened on its line and closed after it on the
    same line: "(amorphous; grouped)", "[new; 6 mm]"."""
    depth = []
    for ch in text[line:char]:
        if ch in _CLOSING:
            depth.append(_CLOSING[ch])
        elif depth and ch == depth[-1]:
            depth.pop()
    if not depth:
        return False
    end = text.find("\n", char)
    end = len(text) if end < 0 else end
    return depth[-1] in text[char:end]


# Sizes dictated as words: "five millimeters", "twenty-five mm", "two point one centimeters",
# "one and a half cm", "half a centimeter"
_UNITS_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
                "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
                "seventeen", "eighteen", "nineteen")
_TENS_WORDS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_WORD_VALUES = {w: v for v, w in enumerate(_UNITS_WORDS)}
_WORD_VALUES.update({w: 20 + 10 * k for k, w in enumerate(_TENS_WORDS)})
_TENS = "|".join(_TENS_WORDS)
_ANY_NUMBER_WORD = f"{_TENS}|{'|'.join(_UNITS_WORDS)}"
_NUMBER_WORD = re.compile(rf"\b(?:{_ANY_NUMBER_WORD}|half|point)\b", re.IGNORECASE)
_TENS_AND_UNIT = re.compile(rf"\b({_TENS})[\s-]+(one|two|three|four|five|six|seven|eight|nine)\b")
_ONE_WORD = re.compile(rf"\b({_ANY_NUMBER_WORD})\b")
_SPOKEN_POINT = re.compile(r"(\d+)\s+(?:point|pt)\s+(\d+(?:\s+\d(?!\d))*)")
_AND_A_HALF = re.compile(r"(\d+)\s+and\s+(?:a|one)\s+half")
_HALF_A = re.compile(r"\bhalf(?:\s+an?)?\b")


def _spoken_digits(text: str) -> str:
    """The size's words as digits: "two point one cm" -> "2.1 cm", "twenty-five mm" -> "25 mm"."""
    text = text.lower()
    text = _TENS_AND_UNIT.sub(lambda m: str(_WORD_VALUES[m[1]] + _WORD_VALUES[m[2]]), text)
    text = _ONE_WORD.sub(lambda m: str(_WORD_VALUES[m[1]]), text)
    text = _SPOKEN_POINT.sub(lambda m: f"{m[1]}.{m[2].replace(' ', '')}", text)
    text = _AND_A_HALF.sub(lambda m: f"{int(m[1])}.5", text)
    return _HALF_A.sub("0.5", text)


def _millimetres(text: str) -> float | None:
    if _NUMBER_WORD.search(text):
        text = _spoken_digits(text)
    numbers = [float(n) for n in _NUMBER.findall(text)]
    if not numbers:
        return None
    factor = 10.0 if re.search(r"c(m|enti)", text, re.IGNORECASE) else 1.0
    return max(numbers) * factor


def _plural(counts: list[str]) -> bool:
    return any(c.isdigit() and int(c) > 1 for c in counts)


def _group_count(counts: list[str], distribution: str | None, laterality: str | None
                 ) -> int | None:
    """Groups of a grouped finding: the number stated (plurals with no number are 2, "two or
    more"), at least one in each breast."""
    if distribution != "grouped":
        return None
    count = max((int(c) for c in counts if c.isdigit()), default=1)
    return max(count, 2) if laterality == "bilateral" else count


@Language.factory("auditor_findings")
def make_finding_assembler(nlp: Language, name: str) -> FindingAssembler:
    return FindingAssembler()
