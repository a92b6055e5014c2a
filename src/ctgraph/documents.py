"""Reading a document (plain text or HTML) into numbered paragraphs, with its title, source, date.

A plain-text document is blocks of lines separated by blank lines; it may
start with the corpus's header lines ``SOURCE: address`` and ``TITLE: text``.
An HTML page is read with the standard library's ``html.parser``: the text of
block elements (p, h1-h6, li, blockquote, td, a div around no other block...)
gives the blocks; script, style, nav, noscript, template and svg are dropped,
and so are header and footer unless they stand inside an article or main
element (an article's header holds its title and date).

Paragraphs are numbered from 1 over the non-empty blocks, the title included:
a title given only in a header (``TITLE:``, or an HTML ``<title>`` when the
page has no ``<h1>``) is paragraph 1, unless the first block repeats it; a
page's first ``<h1>`` is its title and stays where it stands.
"""

from __future__ import annotations

import datetime
import re
from collections import Counter
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Literal

from .dates import DateMention, find_dates
from .errors import InputError
from .load import open_source

__all__ = ["Document", "Paragraph", "read_document"]

Language = Literal["en", "fr"]


@dataclass(frozen=True)
class Paragraph:
    """A block of text: its number (from 1, the title included), its text and where it starts."""

    number: int
    text: str  # white space normalised: single spaces, none at either end
    start: int  # offset of the block in Document.text


@dataclass(frozen=True)
class Document:
    """A document read by :func:`read_document`.

    ``text`` is the paragraphs joined by blank lines (``"\\n\\n"``): the text
    that paragraph and date offsets refer to. ``issued`` is the document's date
    and ``issued_note`` says how it was found; ``place`` is the place of the
    dateline ("New York" in "New York, 26 September - ..."), else None.
    """

    path: Path
    text: str
    paragraphs: tuple[Paragraph, ...]
    title: str | None
    source: str | None
    issued: datetime.date | None
    issued_note: str | None
    place: str | None
    language: Language


def _normalise(text: str) -> str:
    return " ".join(text.split())


# Bytes to text ---------------------------------------------------------------------------

_HTML_START = re.compile(rb"\s*(?:<!DOCTYPE\s+html|<html[\s>])", re.IGNORECASE)
_META = re.compile(r"<meta\b[^>]*>", re.IGNORECASE)
_META_CHARSET = re.compile(r"""\bcharset\s*=\s*["']?\s*([^\s"';/>]+)""", re.IGNORECASE)


def _decode(path: Path, data: bytes, skipped: int, encoding: str, what: str, remedy: str) -> str:
    """``data`` decoded, or an error naming the first bad byte, its file offset and its line."""
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        bad = f"byte 0x{data[exc.start]:02x} at offset {skipped + exc.start}"
        raise InputError(f"not valid {what} ({bad}); {remedy}", path, line) from None


def _html_encoding(path: Path, data: bytes) -> tuple[str, str] | None:
    """The encoding a page declares in a ``<meta>`` element, and which kind of element.

    Raises:
        InputError: the encoding is not one Python knows.
    """
    head = data[:4096].decode("latin-1")
    for tag in _META.finditer(head):
        declared = _META_CHARSET.search(tag.group())
        if declared is None:
            continue
        label = declared.group(1)
        where = "<meta http-equiv>" if "http-equiv" in tag.group().lower() else "<meta charset>"
        try:
            b"<".decode(label)  # fails for unknown names and for codecs that do not make text
        except LookupError:
            line = head.count("\n", 0, tag.start()) + 1
            message = f"unknown encoding {label!r} declared in {where}"
            raise InputError(message, path, line) from None
        except UnicodeDecodeError:
            pass  # UTF-16 and UTF-32 cannot decode one byte
        return label, where
    return None


# Plain text ------------------------------------------------------------------------------

_HEADER = re.compile(r"(SOURCE|TITLE):(.*)")


def _text_blocks(path: Path, text: str) -> tuple[list[str], dict[str, str]]:
    """The blocks of a plain-text document and its header values, by header name.

    Raises:
        InputError: a header is empty or given twice.
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    headers: dict[str, str] = {}
    header_lines: dict[str, int] = {}
    body = len(lines)  # index of the first line that is neither blank nor a header
    for index, line in enumerate(lines):
        header = _HEADER.match(line)
        if header is None:
            if line.strip():
                body = index
                break
            continue
        name, value = header.group(1), _normalise(header.group(2))
        if name in headers:
            where = f"the first is on line {header_lines[name]}"
            raise InputError(f"a second {name}: header ({where})", path, index + 1)
        if not value:
            raise InputError(f"the {name}: header is empty", path, index + 1)
        headers[name], header_lines[name] = value, index + 1
    blocks: list[str] = []
    current: list[str] = []
    for line in [*lines[body:], ""]:
        if line.strip():
            current.append(line)
        elif current:
            blocks.append(_normalise(" ".join(current)))
            current = []
    return blocks, headers


# HTML ------------------------------------------------------------------------------------

_BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "body", "caption", "dd", "details", "dialog",
    "div", "dl", "dt", "fieldset", "figcaption", "figure", "form", "h1", "h2", "h3", "h4", "h5",
    "h6", "hr", "li", "main", "ol", "p", "pre", "section", "summary", "table", "tbody", "td",
    "tfoot", "th", "thead", "tr", "ul"
})  # fmt: skip
_DROPPED_TAGS = frozenset({"script", "style", "nav", "noscript", "template", "svg"})
_PAGE_PARTS = frozenset({"header", "footer"})  # dropped unless inside article or main
_VOID_TAGS = frozenset({
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
    "source", "track", "wbr"
})  # fmt: skip


class _PageParser(HTMLParser):
    """Collects the blocks of text of a page, its <title>, first <h1> and canonical address."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.title: str | None = None
        self.h1: str | None = None
        self.canonical: str | None = None
        self.og_url: str | None = None
        self._open: list[str] = []
        self._text: list[str] = []
        self._title: list[str] | None = None
        self._h1: list[str] | None = None

    def _dropped(self) -> bool:
        for depth, tag in enumerate(self._open):
            if tag in _DROPPED_TAGS:
                return True
            if tag in _PAGE_PARTS and not {"article", "main"} & set(self._open[:depth]):
                return True
        return False

    def _flush(self) -> None:
        block = _normalise("".join(self._text))
        self._text = []
        if block:
            self.blocks.append(block)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "link" and "canonical" in values.get("rel", "").lower().split():
            self.canonical = self.canonical or values.get("href", "").strip() or None
        elif tag == "meta" and values.get("property", "").lower() == "og:url":
            self.og_url = self.og_url or values.get("content", "").strip() or None
        elif tag == "br":
            self._text.append(" ")
        if tag in _BLOCK_TAGS:
            self._flush()
        if tag == "title" and self.title is None and not self._dropped():
            self._title = []
        if tag == "h1" and self.h1 is None and not self._dropped():
            self._h1 = []
        if tag not in _VOID_TAGS:
            self._open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCK_TAGS:
            self._flush()
        if tag == "title" and self._title is not None:
            self.title, self._title = _normalise("".join(self._title)) or None, None
        if tag == "h1" and self._h1 is not None:
            self.h1, self._h1 = _normalise("".join(self._h1)) or None, None
        if tag in self._open:
            # Close it and whatever was left open inside it (<p> and <li> often are).
            del self._open[len(self._open) - 1 - self._open[::-1].index(tag) :]

    def handle_data(self, data: str) -> None:
        if self._title is not None:
            self._title.append(data)
        elif not self._dropped():
            self._text.append(data)
            if self._h1 is not None:
                self._h1.append(data)

    def close(self) -> None:
        super().close()
        self._flush()


def _page_blocks(path: Path, text: str) -> tuple[list[str], str | None, str | None, bool]:
    """The blocks of a page, its title, its address, and whether the title is the <h1>.

    Raises:
        InputError: ``html.parser`` gives up on the markup.
    """
    parser = _PageParser()
    try:
        parser.feed(text)
        parser.close()
    except AssertionError as exc:  # html.parser's way of refusing a declaration
        raise InputError(f"not readable as HTML ({exc})", path) from None
    title = parser.h1 or parser.title
    return parser.blocks, title, parser.canonical or parser.og_url, parser.h1 is not None


# Language --------------------------------------------------------------------------------

# Function words; "un" is left out ("the UN"), and so is "a" (both languages).
_FRENCH_WORDS = frozenset({
    "le", "la", "les", "l", "des", "du", "de", "d", "et", "à", "au", "aux", "est", "sont",
    "une", "dans", "pour", "sur", "avec", "qui", "que", "qu", "par", "ce", "cette", "ces",
    "été", "en", "ont"
})  # fmt: skip
_ENGLISH_WORDS = frozenset({
    "the", "and", "of", "to", "in", "is", "are", "was", "were", "an", "for", "on", "with", "by",
    "that", "this", "from", "at", "which", "as", "be"
})  # fmt: skip


def _language(text: str) -> Language:
    """``fr`` when French function words outnumber English ones at least two to one (and
    there are at least three of them), else ``en``."""
    words = re.findall(r"[^\W\d_]+", text.lower())
    french = sum(word in _FRENCH_WORDS for word in words)
    english = sum(word in _ENGLISH_WORDS for word in words)
    return "fr" if french >= 3 and french >= 2 * english else "en"


# The document's date ---------------------------------------------------------------------

# "PLACE, DATE - text" or "DATE - text": the place is words before the first comma.
_DATELINE = re.compile(
    r"(?:(?P<place>[^\W\d_][^,\d\n\u2013\u2014()]{0,40}?)\s*,\s*)?"
    r"(?P<date>[^\n\u2013\u2014]{1,60}?)\s+(?:[\u2013\u2014]|--?)\s+\S"
)
# A closing credit: "(MAP, 17 June 2025)" at the very end.
_CREDIT = re.compile(r"\((?P<who>[^(),]{1,40}),\s*(?P<date>[^()]{1,40})\)\W*\Z")
_BODY_WORDS = 20  # a paragraph of this many words is body text, not a heading or a date line


@dataclass(frozen=True)
class _Issued:
    date: datetime.date | None
    note: str | None
    place: str | None


def _day(mention: DateMention) -> datetime.date:
    return datetime.date.fromisoformat(mention.first)


def _top(paragraphs: tuple[Paragraph, ...]) -> tuple[Paragraph, ...]:
    """The paragraphs after the first, up to the first body paragraph (at most four)."""
    top: list[Paragraph] = []
    for paragraph in paragraphs[1:5]:
        top.append(paragraph)
        if len(paragraph.text.split()) >= _BODY_WORDS:
            break
    return tuple(top)


def _dateline(paragraphs: tuple[Paragraph, ...], language: Language) -> re.Match[str] | None:
    """The dateline that opens one of the top paragraphs: a day, with or without a year,
    and perhaps a place, before a dash."""
    for paragraph in _top(paragraphs):
        match = _DATELINE.match(paragraph.text)
        if match is not None and _day_in(match.group("date"), language, year=2000) is not None:
            return match
    return None


def _issued(text: str, paragraphs: tuple[Paragraph, ...], language: Language) -> _Issued:
    """The document's date, from the first rule of :func:`read_document` that gives one."""
    dateline = _dateline(paragraphs, language)
    place = None if dateline is None else dateline.group("place")
    if dateline is not None:
        day = _day_in(dateline.group("date"), language)
        if day is not None:
            return _Issued(day, f"the date in the dateline ({dateline.group('date')})", place)
    credit = _CREDIT.search(paragraphs[-1].text)
    if credit is not None:
        day = _day_in(credit.group("date"), language)
        if day is not None:
            note = f"the date in the closing credit ({credit.group('who')}, {credit.group('date')})"
            return _Issued(day, note, place)
    mentions = find_dates(text, language=language)
    if dateline is not None:
        others = [_day(mention) for mention in mentions if mention.precision == "day"]
        likeliest = _likeliest_year(dateline.group("date"), language, others)
        if likeliest is not None:
            day, count = likeliest
            note = (
                f"the dateline gives {dateline.group('date')} without a year; {day.year} is the "
                f"year of {count} of the {len(others)} other dates with a day in the document"
            )
            return _Issued(day, note, place)
    for paragraph in _top(paragraphs):
        end = paragraph.start + len(paragraph.text)
        for mention in mentions:
            if (
                mention.precision == "day"
                and mention.last is None
                and paragraph.start <= mention.start < end
            ):
                where = f"{text[mention.start : mention.end]}, paragraph {paragraph.number}"
                note = f"the first date near the top of the document ({where})"
                return _Issued(_day(mention), note, place)
    return _Issued(None, None, place)


def _day_in(text: str, language: Language, year: int | None = None) -> datetime.date | None:
    """The day that ``text`` (a date line's date) gives, with at most two other words.

    A day and month without a year count only when ``year`` is given, and are
    put in that year; ranges, weekdays alone and relative days do not count.
    """
    reference = None if year is None else datetime.date(year, 12, 31)
    for mention in find_dates(text, reference=reference, language=language):
        spoken = text[mention.start : mention.end]
        rest = text[: mention.start] + text[mention.end :]
        if (
            mention.precision == "day"
            and mention.last is None
            and re.search(r"\d", spoken)
            and len(rest.split()) <= 2
        ):
            return _day(mention)
    return None


def _likeliest_year(
    text: str, language: Language, others: list[datetime.date]
) -> tuple[datetime.date, int] | None:
    """The day of a dateline without a year, in the year most of ``others`` have (of those,
    the one that puts it closest to them, then the earliest), and how many have that year."""
    counts = Counter(day.year for day in others)
    ranked: list[tuple[int, int, int, datetime.date]] = []
    for year, count in counts.items():
        day = _day_in(text, language, year)
        if day is not None:
            distance = sum(abs((day - other).days) for other in others)
            ranked.append((-count, distance, year, day))
    if not ranked:
        return None
    best = min(ranked)
    return best[3], -best[0]


# Reading ---------------------------------------------------------------------------------


def read_document(path: Path | str, *, issued: datetime.date | None = None) -> Document:
    """Read a plain-text or HTML document into paragraphs, with its title, source and date.

    A file is HTML when its name ends in .html or .htm or its text starts with
    ``<!DOCTYPE html`` or ``<html``; anything else is plain text. Text is
    UTF-8 (a byte-order mark is skipped); an HTML page may declare another
    encoding in ``<meta charset>`` or ``<meta http-equiv>``.

    The document's date is ``issued`` when given; else the full date of a
    dateline ("Tuesday 17 June 2025 - ..."); else that of a closing credit
    ("(MAP, 17 June 2025)"); else the day and month of a dateline without a
    year ("New York, 26 September - ..."), in the year most of the document's
    other dates with a day have (of those years, the one that puts it closest
    to them); else the first single full date in the paragraphs after the
    title up to the first body paragraph ("Fact Sheet, ..., September 22,
    2011", "On October 6, 2020, ..."); else None. ``issued_note`` says which.
    Datelines are looked for in the same paragraphs.

    Raises:
        InputError: the file is missing, a folder, unreadable, empty, binary
            (it holds a NUL byte), not valid in its encoding (with the line
            and byte offset), declares an unknown encoding, has an empty or
            repeated header, or has no text besides its headers or markup.
    """
    path = Path(path)
    with open_source(path) as stream:
        skipped = stream.tell()  # a byte-order mark
        data = stream.read()
    if not data.strip():
        raise InputError("the document is empty", path)
    nul = data.find(b"\0")
    if nul >= 0:
        raise InputError(f"a binary file, not text (a NUL byte at offset {skipped + nul})", path)
    if path.suffix.lower() in {".html", ".htm"} or _HTML_START.match(data):
        declared = None if skipped else _html_encoding(path, data)
        if declared is None:
            remedy = "save it as UTF-8 or declare its encoding in <meta charset>"
            text = _decode(path, data, skipped, "utf-8", "UTF-8", remedy)
        else:
            label, where = declared
            text = _decode(path, data, skipped, label, f"{label} as declared in {where}",
                           "declare the encoding it is saved in")  # fmt: skip
        blocks, title, source, title_in_body = _page_blocks(path, text)
        if not blocks:
            raise InputError("no text to read (only markup)", path)
    else:
        text = _decode(path, data, skipped, "utf-8", "UTF-8", "save it as UTF-8")
        blocks, headers = _text_blocks(path, text)
        if not blocks:
            raise InputError("no text to read (only headers)", path)
        title, source, title_in_body = headers.get("TITLE"), headers.get("SOURCE"), False
    if title is None:
        title = blocks[0]
    elif not title_in_body and (not blocks or blocks[0] != title):
        blocks.insert(0, title)
    paragraphs: list[Paragraph] = []
    offset = 0
    for number, block in enumerate(blocks, start=1):
        paragraphs.append(Paragraph(number, block, offset))
        offset += len(block) + 2
    document_text = "\n\n".join(blocks)
    language = _language(document_text)
    found = _issued(document_text, tuple(paragraphs), language)
    return Document(
        path=path,
        text=document_text,
        paragraphs=tuple(paragraphs),
        title=title,
        source=source,
        issued=issued if issued is not None else found.date,
        issued_note="given on the command line" if issued is not None else found.note,
        place=found.place,
        language=language,
    )
