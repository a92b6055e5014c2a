"""Reading documents: paragraphs, title, source, date, dateline place, language, and bad files.

The documents are the hand-written texts in ``tests/fixtures/documents/``
(made-up releases in the style of the corpus) and small files written in
``tmp_path``; error messages are asserted whole, with the files shown by their
bare names.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from ctgraph import InputError
from ctgraph.dates import find_dates
from ctgraph.documents import Document, read_document

from conftest import FIXTURES

DOCUMENTS = FIXTURES / "documents"
DASH = "\u2013"  # an en dash, as datelines write it


def summary(document: Document) -> dict[str, object]:
    return {
        "title": document.title,
        "source": document.source,
        "issued": document.issued,
        "issued_note": document.issued_note,
        "place": document.place,
        "language": document.language,
        "paragraphs": len(document.paragraphs),
    }


READ: dict[str, dict[str, object]] = {
    "agreement.txt": {
        "title": "Atlantis and the Counter-Terrorism Office sign a host agreement",
        "source": "https://example.org/news/atlantis-office-agreement",
        "issued": datetime.date(2019, 3, 3),
        "issued_note": "the first date near the top of the document (March 3, 2019, paragraph 2)",
        "place": None,
        "language": "en",
        "paragraphs": 3,
    },
    "release.txt": {
        "title": "First Strategic Dialogue between the Republic of Atlantis and the "
        "Counter-Terrorism Office",
        "source": None,
        "issued": datetime.date(2023, 3, 12),
        "issued_note": "the dateline gives 12 March without a year; 2023 is the year of 2 of "
        "the 3 other dates with a day in the document",
        "place": "Poseidonis",
        "language": "en",
        "paragraphs": 6,
    },
    "dispatch.txt": {
        "title": "Poseidonis hosts the 5th meeting of heads of security agencies",
        "source": None,
        "issued": datetime.date(2025, 6, 16),  # the dateline wins over the credit's 17 June
        "issued_note": "the date in the dateline (Monday 16 June 2025)",
        "place": None,
        "language": "en",
        "paragraphs": 3,
    },
    "credit.txt": {
        "title": "Ministers review the training programme",
        "source": None,
        "issued": datetime.date(2025, 5, 5),  # the credit wins over the first paragraph's 2 May
        "issued_note": "the date in the closing credit (ATP, 5 May 2025)",
        "place": None,
        "language": "en",
        "paragraphs": 3,
    },
    "factsheet.txt": {
        "title": "The Regional Counterterrorism Forum",
        "source": "https://example.org/factsheets/forum",
        "issued": datetime.date(2015, 3, 3),
        "issued_note": "the first date near the top of the document (March 3, 2015, paragraph 2)",
        "place": None,
        "language": "en",
        "paragraphs": 3,
    },
    "communique.txt": {
        "title": "Communiqué conjoint",
        "source": None,
        "issued": datetime.date(2025, 6, 17),
        "issued_note": "the date in the dateline (le 17 juin 2025)",
        "place": "Poseidonis",
        "language": "fr",
        "paragraphs": 3,
    },
    "page.html": {
        "title": "Atlantis opens a training centre in Poseidonis",
        "source": "https://example.org/news/atlantis-centre",
        "issued": datetime.date(2024, 11, 14),
        "issued_note": "the date in the dateline (14 November 2024)",
        "place": "Poseidonis",
        "language": "en",
        "paragraphs": 8,
    },
}


@pytest.mark.parametrize("name", sorted(READ))
def test_what_is_read_from_each_fixture(name: str) -> None:
    assert summary(read_document(DOCUMENTS / name)) == READ[name]


@pytest.mark.parametrize("name", sorted(READ))
def test_paragraph_offsets_point_into_the_text(name: str) -> None:
    document = read_document(DOCUMENTS / name)
    assert document.text == "\n\n".join(p.text for p in document.paragraphs)
    assert [p.number for p in document.paragraphs] == list(range(1, len(document.paragraphs) + 1))
    for paragraph in document.paragraphs:
        assert document.text[paragraph.start : paragraph.start + len(paragraph.text)] == (
            paragraph.text
        )
    assert document.paragraphs[0].text == document.title


def test_the_title_header_is_paragraph_1_and_headers_are_not_paragraphs() -> None:
    document = read_document(DOCUMENTS / "agreement.txt")
    assert document.path == DOCUMENTS / "agreement.txt"
    assert [p.text[:40] for p in document.paragraphs] == [
        "Atlantis and the Counter-Terrorism Offic",
        "On March 3, 2019, the Republic of Atlant",
        "The Minister said the office would train",
    ]
    assert [p.start for p in document.paragraphs] == [0, 65, 294]


def test_blocks_are_split_at_blank_lines_and_their_white_space_normalised() -> None:
    document = read_document(DOCUMENTS / "release.txt")
    assert [p.text for p in document.paragraphs[:3]] == [
        "First Strategic Dialogue between the Republic of Atlantis and the Counter-Terrorism "
        "Office",
        "JOINT PRESS RELEASE",
        "Launch of the Strategic Dialogue",
    ]
    assert document.paragraphs[3].text == (
        f"Poseidonis, 12 March {DASH} The Republic of Atlantis and the Counter-Terrorism Office "
        "held their first Strategic Dialogue today. The meeting was co-chaired by the Minister "
        "of Foreign Affairs and the Under-Secretary of the Office."
    )


def test_a_page_keeps_the_text_of_its_blocks_and_drops_navigation_scripts_and_styles() -> None:
    document = read_document(DOCUMENTS / "page.html")
    assert [p.text for p in document.paragraphs] == [
        "Atlantis opens a training centre in Poseidonis",
        f"Poseidonis, 14 November 2024 {DASH} The Minister of the Interior opened the centre "
        "today.",
        "The centre will train police officers from the region in criminal investigation & "
        "prosecution. Its café serves crêpes.",
        "Partners of the centre:",
        "Counter-Terrorism Office",
        "Regional Police Academy",
        "Opened",
        "14 November 2024",
    ]


def test_the_date_given_wins_and_says_so() -> None:
    document = read_document(DOCUMENTS / "release.txt", issued=datetime.date(2023, 3, 13))
    assert (document.issued, document.issued_note, document.place) == (
        datetime.date(2023, 3, 13),
        "given on the command line",
        "Poseidonis",
    )


def test_the_dates_of_a_french_document_resolve_against_its_date() -> None:
    document = read_document(DOCUMENTS / "communique.txt")
    found = [
        (document.text[m.start : m.end], m.first, m.last)
        for m in find_dates(document.text, reference=document.issued, language=document.language)
    ]
    assert found == [
        ("17 juin 2025", "2025-06-17", None),
        ("jeudi", "2025-06-12", None),
        ("4 et 5 juin 2024", "2024-06-04", "2024-06-05"),
        ("3 au 4 décembre 2025", "2025-12-03", "2025-12-04"),
        ("1er octobre 2020", "2020-10-01", None),
        ("septembre 2026", "2026-09", None),
    ]


# Small documents written for one case ---------------------------------------------------


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Work in ``tmp_path``, so that error messages show bare file names."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write(name: str, content: str | bytes) -> Path:
    path = Path(name)
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def test_the_dateline_year_closest_to_the_other_dates_breaks_a_tie(here: Path) -> None:
    write(
        "tie.txt",
        f"A title\n\nPoseidonis, 2 January {DASH} The ministers met.\n\n"
        "They recalled the meeting of 30 December 2023 and set the next for 20 June 2024.\n",
    )
    document = read_document("tie.txt")
    assert (document.issued, document.issued_note) == (
        datetime.date(2024, 1, 2),
        "the dateline gives 2 January without a year; 2024 is the year of 1 of the 2 other "
        "dates with a day in the document",
    )


def test_a_dateline_without_a_year_and_no_other_date_gives_a_place_but_no_date(
    here: Path,
) -> None:
    write("alone.txt", f"A title\n\nPoseidonis, 12 March {DASH} The ministers met.\n")
    document = read_document("alone.txt")
    assert (document.issued, document.issued_note, document.place) == (None, None, "Poseidonis")


def test_a_document_without_dates_has_no_date(here: Path) -> None:
    write("none.txt", "A title\n\nOn Thursday, the office opened in Poseidonis.\n")
    document = read_document("none.txt")
    assert (document.issued, document.issued_note, document.place) == (None, None, None)


def test_a_title_header_that_is_also_the_first_block_is_not_repeated(here: Path) -> None:
    write("twice.txt", "TITLE: Ministers meet\n\nMinisters meet\n\nThe ministers met.\n")
    assert [p.text for p in read_document("twice.txt").paragraphs] == [
        "Ministers meet",
        "The ministers met.",
    ]


def test_windows_line_endings_and_a_byte_order_mark(here: Path) -> None:
    write(
        "crlf.txt", b"\xef\xbb\xbfSOURCE: https://example.org/a\r\n\r\nFirst\r\nline\r\n\r\nTwo\r\n"
    )
    document = read_document("crlf.txt")
    assert (document.source, document.title, [p.text for p in document.paragraphs]) == (
        "https://example.org/a",
        "First line",
        ["First line", "Two"],
    )


def test_a_page_title_without_h1_is_paragraph_1_and_og_url_is_the_source(here: Path) -> None:
    write(
        "plain.htm",
        '<html><head><title> Ministers  meet </title>\n<meta property="og:url" '
        'content="https://example.org/og"></head><body><p>The ministers met.</p></body></html>',
    )
    document = read_document("plain.htm")
    assert (document.title, document.source, [p.text for p in document.paragraphs]) == (
        "Ministers meet",
        "https://example.org/og",
        ["Ministers meet", "The ministers met."],
    )


def test_html_is_recognised_by_its_first_tag_and_http_equiv_is_honoured(here: Path) -> None:
    write(
        "page.txt",
        b'<!doctype html>\n<html><head><meta http-equiv="Content-Type" '
        b'content="text/html; charset=windows-1252"></head>\n'
        b"<body><h1>Caf\xe9 \x93talks\x94</h1><div>Done.</div></body></html>",
    )
    document = read_document("page.txt")
    assert [p.text for p in document.paragraphs] == ["Café \u201ctalks\u201d", "Done."]


ERRORS: list[tuple[str, str | bytes, str]] = [
    ("blank.txt", " \n\t\n", "blank.txt: the document is empty"),
    ("data.bin", b"PK\x03\x00\x04", "data.bin: a binary file, not text (a NUL byte at offset 3)"),
    (
        "bom.txt",
        b"\xef\xbb\xbfCaf\xe9\n",
        "bom.txt:1: not valid UTF-8 (byte 0xe9 at offset 6); save it as UTF-8",
    ),
    (
        "doc.txt",
        "SOURCE: https://example.org/a\nTITLE:  \n\nText.\n",
        "doc.txt:2: the TITLE: header is empty",
    ),
    (
        "doc.txt",
        "SOURCE: https://example.org/a\nTITLE: T\nSOURCE: https://example.org/b\n\nText.\n",
        "doc.txt:3: a second SOURCE: header (the first is on line 1)",
    ),
    (
        "nav.html",
        "<html><body><nav><p>Home</p></nav><script>var a = 1;</script></body></html>",
        "nav.html: no text to read (only markup)",
    ),
    (
        "latin.html",
        b"<html>\n<body>\n<p>Caf\xe9</p></body></html>",
        "latin.html:3: not valid UTF-8 (byte 0xe9 at offset 20); save it as UTF-8 or declare "
        "its encoding in <meta charset>",
    ),
    (
        "declared.html",
        b'<html><head><meta charset="utf-8"></head>\n<body><p>Caf\xe9</p></body></html>',
        "declared.html:2: not valid utf-8 as declared in <meta charset> (byte 0xe9 at offset "
        "54); declare the encoding it is saved in",
    ),
    (
        "equiv.html",
        '<html><head>\n<meta http-equiv="content-type" content="text/html; charset=x-unknown">'
        "</head><body><p>Text.</p></body></html>",
        "equiv.html:2: unknown encoding 'x-unknown' declared in <meta http-equiv>",
    ),
    (
        "odd.html",
        "<html><body><p>Text.</p><![foo[ bar ]]></body></html>",
        "odd.html: not readable as HTML (unknown status keyword 'foo' in marked section)",
    ),
]


@pytest.mark.parametrize(("name", "content", "message"), ERRORS, ids=[e[2] for e in ERRORS])
def test_a_bad_document_is_one_clean_error(
    here: Path, name: str, content: str | bytes, message: str
) -> None:
    write(name, content)
    with pytest.raises(InputError) as caught:
        read_document(name)
    assert str(caught.value) == message


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("empty.txt", "empty.txt: the document is empty"),
        ("headers-only.txt", "headers-only.txt: no text to read (only headers)"),
        ("latin1.txt", "latin1.txt:3: not valid UTF-8 (byte 0xe9 at offset 65); save it as UTF-8"),
        (
            "klingon.html",
            "klingon.html:4: unknown encoding 'klingon-8' declared in <meta charset>",
        ),
    ],
)
def test_a_bad_fixture_is_one_clean_error(
    monkeypatch: pytest.MonkeyPatch, name: str, message: str
) -> None:
    monkeypatch.chdir(DOCUMENTS)
    with pytest.raises(InputError) as caught:
        read_document(name)
    assert str(caught.value) == message


def test_a_missing_file_and_a_folder_are_errors(here: Path) -> None:
    Path("folder").mkdir()
    with pytest.raises(InputError) as missing:
        read_document("missing.txt")
    with pytest.raises(InputError) as folder:
        read_document("folder")
    assert (str(missing.value), str(folder.value)) == (
        "missing.txt: no such file or folder",
        "folder: is a folder, not a file",
    )
