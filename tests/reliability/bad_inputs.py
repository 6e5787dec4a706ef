"""The bad-input corpus: hostile or broken files in ``data/raw/`` and what ``ki build`` must do.

Each ``Case`` has a name, a function that plants the bad input into a project copy,
and the documented outcome:

- ``refused``: ``ki build`` exits 2; every problem is named on one line of stderr with
  its file and reason; ``data/processed`` (and everything else) is byte-identical to
  before; no temp files. ``ki build --skip-invalid`` then exits 0, names the skipped
  files, and every other document is still built (nothing lost).
- ``accepted``: ``ki build`` exits 0 and the new documents are in ``documents.csv``
  (optionally with a warning matching ``warning``).
- ``ignored``: not a document at all (editor backups, hidden files, office files):
  ``ki build`` exits 0 and ``documents.csv`` lists exactly the documents it had before.

In every case: no traceback, nothing written to ``data/raw``, no temp files left.
"""

from __future__ import annotations

import hashlib
import os
import random
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import yaml

Outcome = Literal["refused", "accepted", "ignored"]

# Reasons, as case-insensitive regexes: the wording is the corpus stage's, the meaning is fixed here.
R_EMPTY = r"empty|blank|no text|leer"
R_UTF8 = r"utf-?8|decod|encoding"
R_SIDECAR = r"sidecar|meta\.yml|origin record"
R_YAML = r"yaml|sidecar|pars|tag|construct"
R_ID = r"document id"
R_STRAY = r"unexpected file"


@dataclass(frozen=True)
class Expect:
    outcome: Outcome
    #: (file name or id, reason regex): each must appear together on one line of stderr.
    problems: tuple[tuple[str, str], ...] = ()
    #: Ids that must be in documents.csv afterwards (accepted) or must not be (refused).
    doc_ids: tuple[str, ...] = ()
    #: Number of documents added to documents.csv (accepted).
    new_docs: int = 0
    #: Regex a warning on stdout/stderr must match (accepted / ignored).
    warning: str = ""
    #: Budget for one ``ki build`` on this input.
    timeout_s: float = 240


@dataclass(frozen=True)
class Case:
    name: str
    make: Callable[[Path], None]  # plants the input into the project copy at the given root
    expect: Expect
    note: str  # the documented outcome in words
    #: Extra check after all runs: (project root) -> None, raises AssertionError.
    check: Callable[[Path], None] | None = field(default=None)
    #: Set while the build does not yet handle the case (test is xfail(strict=True)).
    xfail: str = ""


# --------------------------------------------------------------------------- building blocks

GOOD_TEXT = (
    "Düsseldorf, 1. März 2016\n\n"
    "Kommunales Integrationszentrum im Kreis Wesel erweitert sein Angebot\n\n"
    "Das Kommunale Integrationszentrum im Kreis Wesel bietet ab sofort eine zusätzliche "
    "Sprechstunde für neu zugewanderte Familien an. Das Land fördert die Arbeit des Zentrums "
    "mit rund 250.000 Euro im Jahr. „Wir wollen die Menschen früh erreichen“, sagte die Leiterin.\n"
)
TAIL = "\nDie Sprechstunde findet jeden Dienstag statt.\n"
NEW_ID = "2016-03-01_test_kreis-wesel"


def raw_dir(root: Path) -> Path:
    return root / "data" / "raw"


def sidecar_template(root: Path) -> dict:
    """A complete, valid sidecar: the first seed's, as the corpus stage wrote it."""
    first = sorted(raw_dir(root).glob("*.meta.yml"))[0]
    return yaml.safe_load(first.read_text(encoding="utf-8"))


def sidecar_for(root: Path, data: bytes, **override: object) -> dict:
    meta = sidecar_template(root)
    meta.update(
        title="Testmeldung: Kommunales Integrationszentrum im Kreis Wesel",
        date_published="2016-03-01",
        date_precision="day",
        date_evidence="Test fixture of the reliability campaign.",
        url="https://example.org/test",
        sha256=hashlib.sha256(data).hexdigest(),
    )
    meta.update(override)
    return {k: v for k, v in meta.items() if v is not _DROP}


_DROP = object()


def dump(meta: dict) -> str:
    return yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)


def put(root: Path, doc_id: str, data: bytes, meta_text: str | None = None, **override: object) -> None:
    """Write ``<doc_id>.txt`` with ``data`` and a valid sidecar (or ``meta_text``)."""
    raw = raw_dir(root)
    (raw / f"{doc_id}.txt").write_bytes(data)
    if meta_text is None:
        meta_text = dump(sidecar_for(root, data, **override))
    (raw / f"{doc_id}.meta.yml").write_text(meta_text, encoding="utf-8")


def text_doc(body: str) -> bytes:
    return (GOOD_TEXT + "\n" + body + TAIL).encode("utf-8")


def good(doc_id: str = NEW_ID) -> Callable[[Path], None]:
    return lambda root: put(root, doc_id, GOOD_TEXT.encode())


def with_bytes(data: bytes, doc_id: str = NEW_ID) -> Callable[[Path], None]:
    return lambda root: put(root, doc_id, data)


def with_meta(**override: object) -> Callable[[Path], None]:
    return lambda root: put(root, NEW_ID, GOOD_TEXT.encode(), **override)


def with_meta_text(meta_text: str) -> Callable[[Path], None]:
    return lambda root: put(root, NEW_ID, GOOD_TEXT.encode(), meta_text=meta_text)


def refused(reason: str, name: str = NEW_ID) -> Expect:
    return Expect("refused", problems=((name, reason),), doc_ids=(name,))


def accepted(*doc_ids: str, warning: str = "", timeout_s: float = 240) -> Expect:
    return Expect(
        "accepted",
        doc_ids=doc_ids or (NEW_ID,),
        new_docs=len(doc_ids or (NEW_ID,)),
        warning=warning,
        timeout_s=timeout_s,
    )


def documents(root: Path) -> list[dict[str, str]]:
    import csv

    with open(root / "data" / "processed" / "documents.csv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


# --------------------------------------------------------------------------- special inputs


def _binary(root: Path) -> None:
    rng = random.Random(7)  # fixed: the same bytes every run
    put(root, NEW_ID, bytes(rng.randrange(256) for _ in range(4096)))


def _oversized(root: Path) -> None:
    sentence = GOOD_TEXT.encode()
    put(root, NEW_ID, sentence * (20_000_000 // len(sentence) + 1))


def _missing_sidecar(root: Path) -> None:
    (raw_dir(root) / f"{NEW_ID}.txt").write_bytes(GOOD_TEXT.encode())


def _orphan_sidecar(root: Path) -> None:
    meta = sidecar_for(root, GOOD_TEXT.encode())
    (raw_dir(root) / f"{NEW_ID}.meta.yml").write_text(dump(meta), encoding="utf-8")


def _missing_fields(root: Path) -> None:
    put(root, NEW_ID, GOOD_TEXT.encode(), title=_DROP, publisher=_DROP, date_published=_DROP)


def _sha_mismatch(root: Path) -> None:
    data = GOOD_TEXT.encode()
    put(root, NEW_ID, data, sha256=hashlib.sha256(data + b"edited").hexdigest())


def marker(root: Path) -> Path:
    """A file that only exists if a hostile sidecar managed to run code."""
    return root.parent / "PWNED-by-yaml"


def _yaml_apply(root: Path) -> None:
    data = GOOD_TEXT.encode()
    meta = dump(sidecar_for(root, data)).replace(
        "title: ", f"title: !!python/object/apply:os.system ['touch {marker(root)}']\nx_title: ", 1
    )
    put(root, NEW_ID, data, meta_text=meta)


def _yaml_new(root: Path) -> None:
    data = GOOD_TEXT.encode()
    head = f"!!python/object/new:subprocess.check_call [[touch, '{marker(root)}']]\n"
    put(root, NEW_ID, data, meta_text=head)


def _no_marker(root: Path) -> None:
    assert not marker(root).exists(), "a sidecar's YAML executed code: the marker file exists"


def _alias_bomb(root: Path) -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    prev = "a"
    for name in "bcdefghi":
        refs = ",".join(f"*{prev}" for _ in range(9))
        lines.append(f"{name}: &{name} [{refs}]")
        prev = name
    data = GOOD_TEXT.encode()
    body = dump(sidecar_for(root, data)).replace("title: ", "x_title: ", 1)
    put(root, NEW_ID, data, meta_text="\n".join(lines) + f"\ntitle: *{prev}\n" + body)


def _id_clash(root: Path) -> None:
    put(root, "2016-03-01_test_Kreis-Wesel", GOOD_TEXT.encode())
    put(root, "2016-03-01_test_kreis-wesel", (GOOD_TEXT + "\nZweite Fassung.\n").encode())


COPY_ID = "2016-03-01_test_copy-of-seed"


def _identical_text(root: Path) -> None:
    seed = sorted(raw_dir(root).glob("*.txt"))[-1]
    put(root, COPY_ID, seed.read_bytes())


def _same_cluster(root: Path) -> None:
    rows = {r["doc_id"]: r for r in documents(root)}
    seed_id = sorted(p.stem for p in raw_dir(root).glob("*.txt") if p.stem != COPY_ID)[-1]
    assert rows[COPY_ID]["duplicate_cluster"] == rows[seed_id]["duplicate_cluster"], (
        f"identical text under two ids must be one duplicate cluster: "
        f"{COPY_ID}={rows[COPY_ID]['duplicate_cluster']!r}, {seed_id}={rows[seed_id]['duplicate_cluster']!r}"
    )


SPACE_ID = "2016-03-01 test kreis wesel"
UMLAUT_ID = "2016-03-01_test_düren_öffnung"
NFD_ID = unicodedata.normalize("NFD", "2016-03-01_test_mönchengladbach")


def _outside_target(root: Path) -> Path:
    return root.parent / "outside-the-project.txt"


OUTSIDE_TEXT = GOOD_TEXT.replace("Sprechstunde", "Geheimsprechstunde")


def _symlink_outside(root: Path) -> None:
    target = _outside_target(root)
    data = OUTSIDE_TEXT.encode()
    target.write_bytes(data)
    os.symlink(target, raw_dir(root) / f"{NEW_ID}.txt")
    (raw_dir(root) / f"{NEW_ID}.meta.yml").write_text(dump(sidecar_for(root, data)), encoding="utf-8")


def _outside_not_read(root: Path) -> None:
    for path in (root / "data" / "processed").rglob("*"):
        if path.is_file():
            assert b"Geheimsprechstunde" not in path.read_bytes(), (
                f"text behind a symlink that leaves the project reached {path.name}"
            )


def _directory_like_doc(root: Path) -> None:
    (raw_dir(root) / f"{NEW_ID}.txt").mkdir()
    (raw_dir(root) / f"{NEW_ID}.txt" / "inner.txt").write_text("Hallo", encoding="utf-8")


def _stray_files(root: Path) -> None:
    raw = raw_dir(root)
    (raw / "notizen.docx").write_bytes(b"PK\x03\x04" + bytes(range(256)))
    (raw / "pressemitteilung.pdf").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    (raw / "Thumbs.db").write_bytes(b"\xd0\xcf\x11\xe0" + bytes(64))


def _backup_files(root: Path) -> None:
    raw = raw_dir(root)
    seed = sorted(raw.glob("*.txt"))[0]
    (raw / f"{seed.name}~").write_bytes(seed.read_bytes() + b"\nentwurf")
    (raw / f"{seed.stem}.txt.bak").write_bytes(seed.read_bytes())


def _hidden_files(root: Path) -> None:
    raw = raw_dir(root)
    seed = sorted(raw.glob("*.txt"))[0]
    (raw / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1" + bytes(64))
    (raw / f"._{seed.name}").write_bytes(b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X        ")
    (raw / f".{seed.name}.swp").write_bytes(b"b0VIM 9.0\x00\x00")


BAD_A, BAD_B, BAD_C = (f"2016-03-0{i}_test_bad-{c}" for i, c in ((2, "a"), (3, "b"), (4, "c")))


def _several_bad(root: Path) -> None:
    put(root, BAD_A, b"")
    (raw_dir(root) / f"{BAD_B}.txt").write_bytes(GOOD_TEXT.encode())
    data = GOOD_TEXT.encode()
    put(root, BAD_C, data, sha256="0" * 64)
    put(root, NEW_ID, data)  # a good one among them: must survive --skip-invalid


def _several_bad_good_kept(root: Path) -> None:
    ids = {r["doc_id"] for r in documents(root)}
    assert NEW_ID in ids, "the good document planted among bad ones was lost with --skip-invalid"


def _crlf_sidecar(root: Path) -> None:
    data = GOOD_TEXT.replace("\n", "\r\n").encode()
    put(root, NEW_ID, data, meta_text=dump(sidecar_for(root, data)).replace("\n", "\r\n"))


def _yaml_date(root: Path) -> None:
    data = GOOD_TEXT.encode()
    meta = dump(sidecar_for(root, data)).replace("date_published: '2016-03-01'", "date_published: 2016-03-01")
    assert "date_published: 2016-03-01\n" in meta
    put(root, NEW_ID, data, meta_text=meta)


# --------------------------------------------------------------------------- the corpus

CASES: list[Case] = [
    # -- the text file's bytes
    Case("empty_file", with_bytes(b""), refused(R_EMPTY), "refused: empty file"),
    Case(
        "whitespace_only",
        with_bytes(b"  \n\t\r\n   \n"),
        refused(R_EMPTY + r"|whitespace"),
        "refused: only whitespace",
    ),
    Case(
        "only_a_bom",
        with_bytes(b"\xef\xbb\xbf"),
        refused(R_EMPTY + r"|bom|byte.order"),
        "refused: empty apart from a BOM",
    ),
    Case("binary_data", _binary, refused(R_UTF8 + r"|binary|nul"), "refused: not text"),
    Case(
        "nul_bytes",
        with_bytes(GOOD_TEXT.encode().replace(b"Kreis Wesel", b"Kreis\x00Wesel", 1)),
        refused(r"nul|null|\\x00|\\0|binary"),
        "refused: NUL bytes",
    ),
    Case(
        "cp1252",
        with_bytes(("Förderung von 2,5 Mio. € für „Integration“\n" + GOOD_TEXT).encode("cp1252")),
        refused(R_UTF8),
        "refused: not UTF-8 (cp1252)",
    ),
    Case(
        "latin1",
        with_bytes(
            ("Öffnung in Düren, Größe\n" + GOOD_TEXT.replace("„", '"').replace("“", '"')).encode("latin-1")
        ),
        refused(R_UTF8),
        "refused: not UTF-8 (latin-1)",
    ),
    Case(
        "utf16_with_bom",
        with_bytes(GOOD_TEXT.encode("utf-16")),
        refused(R_UTF8 + r"|utf-?16|bom|byte.order|nul"),
        "refused: UTF-16 (BOM named)",
    ),
    Case(
        "utf8_bom",
        with_bytes(b"\xef\xbb\xbf" + GOOD_TEXT.encode()),
        refused(r"bom|byte.order"),
        "refused: UTF-8 byte order mark",
    ),
    Case(
        "truncated_utf8",
        with_bytes(GOOD_TEXT.encode() + "ü".encode()[:1]),
        refused(R_UTF8),
        "refused: a multi-byte character cut off at the end",
    ),
    Case(
        "overlong_utf8",
        with_bytes(GOOD_TEXT.encode() + b"\xc0\xaf"),
        refused(R_UTF8),
        "refused: overlong (invalid) UTF-8 sequence",
    ),
    Case(
        "size_20mb",
        _oversized,
        refused(r"too (large|big)|size|exceed|bytes|mb\b|limit"),
        "refused: 20 MB, above the size limit, without reading it all into the pipeline",
    ),
    # -- the sidecar
    Case("missing_sidecar", _missing_sidecar, refused(R_SIDECAR + r"|missing"), "refused: no sidecar"),
    Case(
        "orphan_sidecar",
        _orphan_sidecar,
        refused(r"orphan|no text|without|missing|\.txt"),
        "refused: a sidecar whose text file is missing (a document was lost)",
    ),
    Case(
        "sidecar_invalid_yaml",
        with_meta_text("title: [nicht geschlossen\npublisher: {\n"),
        refused(R_YAML),
        "refused: sidecar is not valid YAML",
    ),
    Case(
        "sidecar_empty",
        with_meta_text(""),
        refused(R_SIDECAR + r"|empty|mapping|fields|missing"),
        "refused: empty sidecar",
    ),
    Case(
        "sidecar_not_a_mapping",
        with_meta_text("- title\n- publisher\n"),
        refused(r"mapping|dict|fields|key|object|missing"),
        "refused: sidecar is a list",
    ),
    Case(
        "sidecar_missing_fields",
        _missing_fields,
        refused(r"title|publisher|date_published"),
        "refused: required fields missing, named",
    ),
    Case(
        "sidecar_bad_date",
        with_meta(date_published="2016-13-45"),
        refused(r"date"),
        "refused: impossible date",
    ),
    Case(
        "sidecar_future_date",
        with_meta(date_published="2999-01-01"),
        refused(r"future"),
        "refused: publication date in the future",
    ),
    Case("sidecar_bad_kind", with_meta(kind="blogpost"), refused(r"kind"), "refused: unknown kind"),
    Case(
        "sidecar_bad_precision",
        with_meta(date_precision="week"),
        refused(r"precision"),
        "refused: unknown date precision",
    ),
    Case(
        "sha256_mismatch",
        _sha_mismatch,
        refused(r"sha-?256|hash|checksum"),
        "refused: text changed after the sidecar was written",
    ),
    Case(
        "yaml_python_apply",
        _yaml_apply,
        refused(R_YAML + r"|python|unsafe"),
        "refused safely: !!python/object/apply in a sidecar, nothing executed",
        check=_no_marker,
    ),
    Case(
        "yaml_python_new",
        _yaml_new,
        refused(R_YAML + r"|python|unsafe"),
        "refused safely: !!python/object/new as the whole sidecar, nothing executed",
        check=_no_marker,
    ),
    Case(
        "yaml_alias_bomb",
        _alias_bomb,
        Expect(
            "refused",
            problems=((NEW_ID, r"title|text|string|str\b|yaml|alias"),),
            doc_ids=(NEW_ID,),
            timeout_s=60,
        ),
        "refused quickly: a billion-laughs alias tree where the title should be",
    ),
    Case(
        "sidecar_yaml_date_unquoted",
        _yaml_date,
        accepted(),
        "accepted: an unquoted YAML date is still a date",
    ),
    Case("crlf_text_and_sidecar", _crlf_sidecar, accepted(), "accepted: Windows line ends"),
    Case(
        "sidecar_extra_field",
        with_meta(x_note="Von Hand ergänzt"),
        accepted(),
        "accepted: an extra, unknown sidecar field",
    ),
    # -- ids and names
    Case(
        "id_clash_by_case",
        _id_clash,
        Expect(
            "refused",
            problems=(("2016-03-01_test_", r"duplicate|clash|same id|case|collid|unique"),),
            doc_ids=("2016-03-01_test_Kreis-Wesel", "2016-03-01_test_kreis-wesel"),
        ),
        "refused: two documents whose ids differ only in case (one id on case-insensitive systems)",
    ),
    Case(
        "identical_text_two_ids",
        _identical_text,
        accepted(COPY_ID),
        "accepted: the same text under two ids is one duplicate cluster",
        check=_same_cluster,
    ),
    # Ids go into fact ids, file names and URLs: ASCII letters, digits, '.', '_', '-' only.
    Case("name_with_spaces", good(SPACE_ID), refused(R_ID, SPACE_ID), "refused: spaces in the id"),
    Case("name_with_umlauts", good(UMLAUT_ID), refused(R_ID, UMLAUT_ID), "refused: umlauts in the id"),
    Case(
        "name_with_decomposed_umlauts",
        good(NFD_ID),
        refused(R_ID, NFD_ID),
        "refused: NFD umlauts in the id (as macOS writes them)",
    ),
    Case(
        "symlink_outside_project",
        _symlink_outside,
        refused(r"symlink|symbolic|link|outside"),
        "refused: a symlink in data/raw that leaves the project; its target is not read",
        check=_outside_not_read,
    ),
    Case(
        "directory_named_like_document",
        _directory_like_doc,
        refused(r"director|not a (regular )?file|folder"),
        "refused: a folder named <id>.txt",
    ),
    Case(
        "stray_office_files",
        _stray_files,
        Expect(
            "refused",
            problems=(("notizen.docx", R_STRAY), ("pressemitteilung.pdf", R_STRAY), ("Thumbs.db", R_STRAY)),
        ),
        "refused: .docx, .pdf, Thumbs.db in data/raw are named (a release may be waiting for conversion)",
    ),
    Case(
        "editor_backups",
        _backup_files,
        Expect("refused", problems=((".txt~", R_STRAY), (".txt.bak", R_STRAY))),
        "refused: editor backups (<id>.txt~, <id>.txt.bak) are named, not read as documents",
    ),
    Case(
        "hidden_and_os_files",
        _hidden_files,
        Expect("ignored"),
        "ignored: hidden files (.DS_Store, AppleDouble ._<id>.txt, .<id>.txt.swp)",
    ),
    Case(
        "several_bad_files_at_once",
        _several_bad,
        Expect(
            "refused",
            problems=((BAD_A, R_EMPTY), (BAD_B, R_SIDECAR + r"|missing"), (BAD_C, r"sha-?256|hash|checksum")),
            doc_ids=(BAD_A, BAD_B, BAD_C),
        ),
        "refused: all three problems reported in one run; the good one survives --skip-invalid",
        check=_several_bad_good_kept,
    ),
    # -- text built to hurt parsers and regular expressions
    Case(
        "number_100k_digits",
        with_bytes(text_doc("Die Kosten betragen " + "9" * 100_000 + " Euro.")),
        accepted(timeout_s=90),
        "accepted: a 100,000-digit number does not crash or hang",
    ),
    Case(
        "number_100k_digits_grouped",
        with_bytes(text_doc("Es sind " + ".".join(["123"] * 33_000) + " Euro.")),
        accepted(timeout_s=90),
        "accepted: 100,000 digits in German thousands groups",
    ),
    Case(
        "dots_backtracking",
        with_bytes(text_doc("1." * 25_000 + "x")),
        accepted(timeout_s=90),
        "accepted quickly: '1.1.1.1...' bait",
    ),
    Case(
        "euro_run",
        with_bytes(text_doc("€" * 50_000)),
        accepted(timeout_s=90),
        "accepted quickly: 50,000 euro signs",
    ),
    Case(
        "spaces_50k",
        with_bytes(text_doc("Es gibt" + " " * 50_000 + "53 Zentren und" + " " * 50_000)),
        accepted(timeout_s=90),
        "accepted quickly: 50,000 spaces inside a sentence",
    ),
    Case(
        "digits_dots_commas",
        with_bytes(text_doc("1.234,5" * 20_000 + " Mio.")),
        accepted(timeout_s=60),
        "accepted quickly: 20,000 numbers in one 140 KB sentence (cut into 2,000-character pieces)",
    ),
    Case(
        "hyphen_wrap_bait",
        with_bytes(text_doc("Bünde-\n" * 20_000 + "lungsbehörde")),
        accepted(timeout_s=90),
        "accepted quickly: 20,000 hyphenated line ends",
    ),
    Case(
        "abbreviation_bait",
        with_bytes(text_doc("Dr. " * 20_000 + "ca. Mio. v.l. 2. Dezember")),
        accepted(timeout_s=90),
        "accepted quickly: 20,000 abbreviations (sentence splitter)",
    ),
    Case(
        "one_long_word",
        with_bytes(text_doc("Integrations" * 20_000)),
        accepted(timeout_s=90),
        "accepted quickly: a 240,000-character word",
    ),
    Case(
        "unicode_separators",
        with_bytes(text_doc("Zeile\u2028Absatz\u2029weich\u00adge\u200btrennt\ufeffmitte")),
        accepted(),
        "accepted: U+2028/2029, soft hyphen, zero-width space, inner BOM",
    ),
    Case(
        "html_in_text",
        with_bytes(text_doc('<script>alert("x")</script> <img src=x onerror=alert(1)>')),
        accepted(),
        "accepted: markup in the text is just text",
    ),
]

CASE_IDS = [c.name for c in CASES]
assert len(set(CASE_IDS)) == len(CASE_IDS)


# --------------------------------------------------------------------------- hostile text

HOSTILE_TEXT = (
    "Im Kreis Wesel arbeiten <script>window.__pwned = 1</script> rund 12 Menschen "
    '<img src=x onerror="window.__pwned = 2"> im Kommunalen Integrationszentrum.'
)


def plant_hostile_document(root: Path) -> str:
    doc_id = "2016-03-02_test_html-injection"
    put(root, doc_id, text_doc(HOSTILE_TEXT))
    return doc_id
