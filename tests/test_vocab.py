"""The one vocabulary: every code has both labels, the registry's enums come from it, and no
label, phrase or cue word is defined a second time anywhere in the package."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from ki_analysis import phrases, registry, vocab

PACKAGE = Path(vocab.__file__).resolve().parent


@pytest.mark.parametrize("name", sorted(vocab.VOCABULARIES))
def test_every_code_has_a_label_in_both_languages(name):
    for code, term in vocab.VOCABULARIES[name].items():
        assert term.de.strip() and term.en.strip(), (name, code)
        assert vocab.label(name, code, "de") == term.de
        assert vocab.label(name, code, "en") == term.en


def test_every_phrase_has_both_languages_with_the_same_placeholders():
    fields = re.compile(r"{(\w+)}")
    for key, term in phrases.PHRASES.items():
        assert term.de.strip() and term.en.strip(), key
        assert sorted(fields.findall(term.de)) == sorted(fields.findall(term.en)), key


def test_registry_enums_are_the_vocabularies():
    enums = {f.name: f.enum for f in registry.FIELDS.values() if f.enum is not None}
    assert enums["measure"] == vocab.codes("measure")
    assert enums["qualifier"] == vocab.codes("qualifier")
    assert enums["unit"] == vocab.codes("unit")
    assert enums["event_type"] == vocab.codes("event_type")
    assert enums["check_kind"] == vocab.codes("check_kind")
    assert enums["status"] == vocab.codes("status")
    assert enums["review_status"] == vocab.codes("review_status")
    for name, enum in enums.items():
        assert set(enum) <= set().union(*map(set, vocab.VOCABULARIES.values()), vocab.PERIOD_PRECISIONS), name


def test_unknown_codes_show_as_they_are_and_funders_keep_their_detail():
    assert (
        vocab.label("funder", "Land (Integrationsministerium)", "en")
        == "State of NRW (Integrationsministerium)"
    )
    assert vocab.label("funder", "Stadtwerke", "de") == "Stadtwerke"
    with pytest.raises(ValueError, match="unknown vocabulary"):
        vocab.label("colour", "red", "de")
    with pytest.raises(ValueError, match="unsupported language"):
        vocab.label("measure", "ki_count", "fr")


def test_qualifier_intervals_and_symbols_cover_every_qualifier():
    for q in vocab.codes("qualifier"):
        low, high = vocab.QUALIFIER_BOUNDS[q]
        assert low <= 0 <= high
        assert q in vocab.QUALIFIER_SYMBOL and q in vocab.QUALIFIER_ROUNDED_ENDS and q in vocab.QUALIFIER_RANK
    assert set(vocab.QUALIFIER_CUES.values()) | set(vocab.QUALIFIER_CUE_PAIRS.values()) <= set(
        vocab.QUALIFIER
    )


def _strings_outside(*allowed: str) -> dict[str, list[str]]:
    """Every string constant of the package, by module, except in ``allowed`` modules."""
    out: dict[str, list[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE).as_posix()
        if rel in allowed:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {
            id(n.body[0].value)
            for n in ast.walk(tree)
            if isinstance(n, (ast.Module, ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef))
            and n.body
            and isinstance(n.body[0], ast.Expr)
            and isinstance(n.body[0].value, ast.Constant)
        }
        out[rel] = [
            n.value
            for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docstrings
        ]
    return out


def test_no_label_or_phrase_is_typed_a_second_time():
    labels = (
        {t.de for v in vocab.VOCABULARIES.values() for t in v.values()}
        | {t.en for v in vocab.VOCABULARIES.values() for t in v.values()}
        | {t.de for t in phrases.PHRASES.values()}
        | {t.en for t in phrases.PHRASES.values()}
    )
    # words that are also codes, file names or too short to be a label of their own
    labels = {s for s in labels if len(s) > 4 and " " in s}
    found = {
        rel: sorted(set(strings) & labels)
        for rel, strings in _strings_outside("vocab.py", "phrases.py", "registry.py").items()
    }
    assert {rel: hits for rel, hits in found.items() if hits} == {}


def test_each_wording_is_one_phrase():
    """Two phrases with the same words would drift apart when one is edited (the unreviewed mark
    was once explained by two)."""
    for lang in ("de", "en"):
        keys: dict[str, list[str]] = {}
        for key, term in phrases.PHRASES.items():
            keys.setdefault(term(lang), []).append(key)
        assert {text: ks for text, ks in keys.items() if len(ks) > 1} == {}, lang


def test_cue_words_live_in_the_vocabulary():
    cues = (
        set(vocab.QUALIFIER_CUES)
        | set(vocab.KI_STEMS)
        | set(vocab.STAFF_STEMS)
        | set(vocab.TEACHER_PREFIXES)
        | set(vocab.PEOPLE_ENDINGS)
    )
    cues = {c for c in cues if len(c) > 6}  # shorter ones ("stelle", "unter") are also grammar words
    for rel, strings in _strings_outside("vocab.py").items():
        if rel.startswith(("extract/", "corpus/")):
            assert not (set(strings) & cues), rel


def test_patterns_build_on_the_vocabularys_stems():
    """A pattern in extract/ or corpus/numbers.py is built from the vocabulary's stems (KI_STEMS,
    TEACHER_PREFIXES, TEAM_SIZE_SUFFIX), not typed again inside a regex."""
    stems = [s for s in (*vocab.KI_STEMS, *vocab.TEACHER_PREFIXES) if len(s) > 5] + [vocab.TEAM_SIZE_SUFFIX]
    for rel, strings in _strings_outside("vocab.py").items():
        if rel.startswith("extract/") or rel == "corpus/numbers.py":
            words = {w.lower() for text in strings for w in re.findall(r"[A-Za-zÄÖÜäöüß]{5,}", text)}
            assert sorted(w for w in words if any(stem in w for stem in stems)) == [], rel
