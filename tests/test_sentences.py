"""Sentence splitting: German abbreviations, dates, ordinals, quotes, headlines."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ki_analysis.corpus.sentences import split_sentences


def sents(text: str) -> list[str]:
    return [text[a:b] for a, b in split_sentences(text)]


@pytest.mark.parametrize(
    "text",
    [
        "Landrat Dr. Ansgar Müller erklärte das.",
        "Das Ministerium investiert jährlich 9,83 Mio. € in die Zentren.",
        "Es sind ca. 47 Zentren.",
        "(v.l.:) Marie-Luise Schmithausen, Dr. Andreas Deimann (MKFFI NRW), Anna Dunkel.",
        "Das gilt z.B. für Dortmund.",
        "Siehe Nr. 5 und Abs. 2 des Gesetzes.",
        "Die Stadt bzw. der Kreis zahlt.",
        "Dabei sind u.a. Dortmund und Essen.",
        "Presseinformation vom 09.12.2015 zum Besuch.",
        "Seit dem 2. Dezember beheimatet Dortmund die Koordinierungsstelle.",
        "Am 3. Oktober war Feiertag.",
        "Es ist das 50. Kommunale Integrationszentrum.",
        "Kreis Olpe erhält das 50. Kommunale Integrationszentrum.",
        "Mehr unter www.kommunale-integrationszentren-nrw.de/ und http://www.mais.nrw.de/a.html im Netz.",
        "Die Summe beträgt 39,4 Millionen Euro.",
        "Das Gespräch mit A. Müller war gut.",
        "Der Zuschuss stieg um 3. und nicht um 4 Prozent.",
        "Die Arbeit beginnt am 1. September 2014 im Kreishaus.",
    ],
)
def test_one_sentence(text: str) -> None:
    assert sents(text) == [text]


def test_two_sentences_after_plain_end() -> None:
    text = "Heute arbeiten 49 Zentren. Die KI haben den Auftrag, zwei Linien zu bearbeiten."
    assert sents(text) == [
        "Heute arbeiten 49 Zentren.",
        "Die KI haben den Auftrag, zwei Linien zu bearbeiten.",
    ]


def test_quote_ending_a_sentence() -> None:
    text = "Sie sagte: „Das ist gut.“ Die Ministerin lobte alle. „Wir danken“, sagte sie."
    assert sents(text) == [
        "Sie sagte: „Das ist gut.“",
        "Die Ministerin lobte alle.",
        "„Wir danken“, sagte sie.",
    ]


def test_year_ends_sentence_but_ordinal_does_not() -> None:
    text = "Das Gesetz gilt seit 2012. Die Zentren sind das 50. Kommunale Projekt in 47. Die Liste folgt."
    assert sents(text) == [
        "Das Gesetz gilt seit 2012.",
        "Die Zentren sind das 50. Kommunale Projekt in 47.",
        "Die Liste folgt.",
    ]


def test_short_number_ends_sentence_unless_an_ordinal_cue_precedes() -> None:
    text = "Im Jahr davor waren es 611. Viele von ihnen sind Kinder. Es ist zum 2. Mal so."
    assert sents(text) == [
        "Im Jahr davor waren es 611.",
        "Viele von ihnen sind Kinder.",
        "Es ist zum 2. Mal so.",
    ]
    assert sents("Der Kreis erhält das 50. Kommunale Integrationszentrum.") == [
        "Der Kreis erhält das 50. Kommunale Integrationszentrum."
    ]


def test_sentence_may_start_with_a_number() -> None:
    text = "Das ist die Grundlage. 2016 wurden rund 39,4 Millionen Euro bereitgestellt."
    assert len(sents(text)) == 2


def test_date_at_sentence_end() -> None:
    text = "Düren/Düsseldorf, 9. Dezember 2015. Schulministerin Sylvia Löhrmann hat ihre Besuche fortgesetzt."
    assert sents(text) == [
        "Düren/Düsseldorf, 9. Dezember 2015.",
        "Schulministerin Sylvia Löhrmann hat ihre Besuche fortgesetzt.",
    ]
    assert sents("Stand 09.12.2015. Die Zahl stieg.") == ["Stand 09.12.2015.", "Die Zahl stieg."]


def test_headlines_separated_by_blank_lines() -> None:
    text = "Vorbild NRW: Koordinierungsstelle eröffnet\n\n02.12.2013\n\nDer Minister sprach. Er ging.\n"
    assert sents(text) == [
        "Vorbild NRW: Koordinierungsstelle eröffnet",
        "02.12.2013",
        "Der Minister sprach.",
        "Er ging.",
    ]


def test_single_line_break_is_whitespace_but_bullets_split() -> None:
    assert sents("Weitere Informationen finden Sie unter:\nwww.example.nrw.de/") == [
        "Weitere Informationen finden Sie unter:\nwww.example.nrw.de/"
    ]
    assert sents("Die Ziele:\n- Sprache\n- Arbeit") == ["Die Ziele:", "- Sprache", "- Arbeit"]


def test_question_and_exclamation() -> None:
    assert sents("Was tun? Wir handeln! Jetzt.") == ["Was tun?", "Wir handeln!", "Jetzt."]


def test_lowercase_after_dot_continues() -> None:
    assert sents("Die Tel. ist besetzt.") == ["Die Tel. ist besetzt."]
    assert sents("Die Abt. und das Amt.") == ["Die Abt. und das Amt."]


def test_spans_exclude_whitespace_and_empty_text() -> None:
    assert split_sentences("") == []
    assert split_sentences("  \n\n \t") == []
    text = "  Erster Satz.   Zweiter Satz.  \n"
    assert split_sentences(text) == [(2, 14), (17, 30)]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab A.!?\n“„ 1Dz.")), max_size=200))
def test_spans_are_ordered_stripped_and_cover_all_non_space(text: str) -> None:
    spans = split_sentences(text)
    prev = 0
    for a, b in spans:
        assert prev <= a < b <= len(text)
        assert not text[a].isspace() and not text[b - 1].isspace()
        assert text[prev:a].strip() == ""
        prev = b
    assert text[prev:].strip() == ""


def test_large_text_is_handled() -> None:
    # 10 MB of text must split without quadratic behaviour (no timing asserted here;
    # see benchmarks/bench_sentences.py); a pathological run of dots is included.
    chunk = "Der Kreis Düren hat ca. 3,5 Stellen. Dr. A. Müller sagt: „Gut.“\n\n" + "." * 1000 + " "
    text = chunk * (10_000_000 // len(chunk))
    spans = split_sentences(text)
    assert len(spans) >= 3 * (len(text) // len(chunk))


def test_overlong_sentences_are_cut_so_later_steps_stay_linear() -> None:
    from ki_analysis.corpus.sentences import MAX_SENTENCE_CHARS

    text = "Kurz. " + "1.234,5 " * 5000 + "Ende."
    spans = split_sentences(text)
    assert spans[0] == (0, 5)
    assert max(e - s for s, e in spans) <= MAX_SENTENCE_CHARS
    covered = "".join(text[s:e] for s, e in spans).replace(" ", "")
    assert covered == text.replace(" ", "")  # nothing lost, nothing doubled
