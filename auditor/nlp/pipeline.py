"""The one place the spaCy pipeline is built (from spacy.blank: no trained model is needed).

    text -> tokenizer (markup and scanned pages read, line breaks blanked, raw text kept) ->
    auditor_sections -> auditor_sentences -> auditor_lexicon -> auditor_context ->
    auditor_birads -> auditor_findings

Every component reads its rules from the files named by the `[nlp]` table of the rules
manifest, so `build_pipeline(my_rules_dir)` swaps all terms, cues and headers at once.
"""

from __future__ import annotations

from pathlib import Path

import spacy
from spacy.language import Language

# Importing the component modules registers their factories.
from auditor.nlp import birads, context, findings, lexicon, sections, sentences  # noqa: F401
from auditor.nlp.rule_files import nlp_rule_files
from auditor.nlp.scan import WordReader, rule_words
from auditor.nlp.tokenizer import LineBlankingTokenizer

# Reports longer than this are cut (the extractor says so in a warning); 100x a typical report.
MAX_CHARS = 200_000


def build_pipeline(rules_dir: str | Path | None = None) -> Language:
    files = nlp_rule_files(rules_dir)
    nlp = spacy.blank("en")
    nlp.tokenizer = LineBlankingTokenizer(nlp.tokenizer)
    nlp.max_length = MAX_CHARS + 1
    nlp.add_pipe("auditor_sections", config={"sections_file": str(files.sections),
                                             "breast_headers_file": str(files.breast_headers)})
    nlp.add_pipe("auditor_sentences")
    terms = nlp.add_pipe("auditor_lexicon",
                         config={"lexicon_files": [str(p) for p in files.lexicon]})
    cues = nlp.add_pipe("auditor_context", config={"rules_file": str(files.context)})
    # OCR's misread and broken words are read as words of the rules (auditor.nlp.scan)
    # (not abbreviations: a misread word is never read as "dystr" or "clust")
    nlp.tokenizer.words = WordReader(rule_words(
        [p for entry in terms.entries if not entry.shorthand for p in entry.phrases()]
        + [rule.literal for rule in cues.rules]))
    nlp.add_pipe("auditor_birads")
    nlp.add_pipe("auditor_findings")
    nlp.meta["auditor_rules_version"] = files.version
    return nlp
