"""Finding date expressions ("26 September 2024", "4-5 June 2024", "in 2021") and their values.

:func:`find_dates` reads English or French text and returns a
:class:`DateMention` for each expression, with its character span and its
value as the lexical form of an ``xsd:date``, ``xsd:gYearMonth`` or
``xsd:gYear``. The rules, chosen to be precise rather than greedy:

- A span covers the words that carry the value, not the words around them:
  "On October 6, 2020" gives "October 6, 2020", "from 4 to 5 June 2024" gives
  "4 to 5 June 2024", "(2022)" gives "2022", "le 17 juin 2025" "17 juin 2025".
- A date with its year ("26 September 2024", "September 26, 2024",
  "Tuesday 17 June 2025", "1er octobre 2020", "2024-09-26"), a month with its
  year ("March 2019", "en septembre 2025") and a range of days ("4-5 June
  2024", "4 and 5 June 2024", "30 June - 2 July 2024", "du 3 au 4 décembre
  2024") are dates wherever they stand. Two days joined by "and"/"et" that do
  not follow each other ("4 and 9 June") are two dates, not a range.
- A bare four-digit number is a year only between 1900 and 2100 and only in a
  year context: after in, since, until, till, from, by, during, before, after,
  through, "the year", "mid-", "in early/mid/late" (French: en, depuis, dès,
  avant, après, pendant, durant, jusqu'en, d'ici, fin, début, mi-, année);
  after "of" only when end, start, beginning, middle, spring, summer, autumn,
  fall, winter, half or course comes before it ("the end of 2021"); alone in
  parentheses ("(2022)"); or in a range of two years ("2019 - 2022",
  "from 2019 to 2022", "between 2019 and 2022", "de 2019 à 2022"). "30
  founding members", "80th" and "in 2000 cases" (a count after "in" is read as
  a year: the rule cannot tell them apart) show its limits.
- A day and month without a year ("New York, 26 September", "on 4 June")
  count only after a comma (a dateline), a weekday, at the start of a line,
  or after on, from, since, until, till, by, before, after, to, through,
  between, of (French: le, les, du, au, depuis, dès, avant, après, entre,
  jusqu'au); "the September 11 attacks" is not a date.
- An English weekday alone counts after "on" ("Speaking on Friday") or before
  morning, afternoon, evening or night; a French one counts wherever it stands.
- Values that depend on the document's date need ``reference``: a day and
  month without a year take the reference's year; a weekday ("on Thursday",
  "jeudi") is the latest such weekday on or before the reference; "today",
  "yesterday", "this year", "last year", "next year", "in June of last year"
  count from it. The mention's ``note`` says what was inferred. Without a
  reference such expressions are left out (they are not returned, and the
  words they cover are not read as anything else).
- Impossible dates ("31 February 2024") and backwards ranges are not dates,
  and the words they cover are not read as anything shorter either (no
  "February 2024" out of "31 February 2024").

Where expressions overlap the longest wins, then the earliest. The output is
sorted by start offset and depends on nothing but the arguments.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Literal

__all__ = ["LANGUAGES", "DateMention", "find_dates"]

Precision = Literal["day", "month", "year"]

#: The languages :func:`find_dates` reads.
LANGUAGES: tuple[str, ...] = ("en", "fr")

_WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True)
class DateMention:
    """A date expression found in a text, with its value.

    ``start`` and ``end`` are character offsets in the text given to
    :func:`find_dates`. ``first`` is the value (``2024-06-04``, ``2024-06`` or
    ``2024``, by ``precision``) and ``last`` the end of a range, else None.
    ``note`` says in plain English what was inferred rather than read (the
    year of "26 September", the day of "on Thursday"), or that the weekday the
    text gives does not match the date; None when the text states it all.
    ``weekday`` is the weekday the text names, in English ("Thursday" for
    "jeudi"), else None.
    """

    start: int
    end: int
    first: str
    last: str | None
    precision: Precision
    note: str | None
    weekday: str | None = None


# The pieces of the patterns -------------------------------------------------------------

_EN_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6,
    "july": 7, "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_FULL_EN_MONTHS = frozenset(list(_EN_MONTHS)[:12])
_FR_MONTHS = {
    "janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6,
    "juillet": 7, "août": 8, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11,
    "décembre": 12, "decembre": 12,
}  # fmt: skip
_FR_WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")

_DASH = r"\s*[-\u2010\u2011\u2013\u2014]\s*"  # hyphens, en and em dashes
_APOSTROPHE = r"['\u2019]"
# A year of four digits that is not part of a longer number ("2,024", "2024.5", "2024%").
_YEAR = r"[12]\d{3}(?![\d%]|[.,]\d)"
# Where a number may start: not inside a word, a number, a path or a hyphenated word.
_NUMBER_START = r"(?<![\w/\-])(?<!\d[.,])"


def _alternation(names: list[str]) -> str:
    return "|".join(re.escape(n) for n in sorted(names, key=lambda n: (-len(n), n)))


@dataclass(frozen=True)
class _Grammar:
    """The words and patterns of one language."""

    months: Mapping[str, int]
    weekdays: Mapping[str, int]
    patterns: tuple[tuple[str, str], ...]  # (handler name, regular expression)
    no_year_context: re.Pattern[str]  # before a day and month without a year
    year_context: re.Pattern[str]  # before a bare year
    between: re.Pattern[str]  # before "2019 and 2022"
    weekday_context: Callable[[str, str], bool]  # (text before, text after) of a weekday alone
    relative_years: tuple[tuple[str, int], ...]  # (regular expression, years from the reference)
    yesterday: re.Pattern[str]


def _patterns(
    *,
    month: str,
    weekday: str,
    day: str,
    day_sep: str,
    ranges: str,
    lists: str,
    relative: str,
    relative_day: str,
    english: bool,
) -> tuple[tuple[str, str], ...]:
    """The (handler name, regular expression) pairs of a language, from its pieces."""

    def d(name: str) -> str:
        return day.format(name=name)

    def m(name: str) -> str:
        return rf"(?P<{name}>{month})(?![^\W\d_])"

    def wd(name: str) -> str:
        return rf"(?:(?P<{name}>{weekday}),?\s+)?"

    y2 = rf"(?:,?\s+(?P<y2>{_YEAR}))?"
    day_month = (
        rf"{_NUMBER_START}(?:{wd('wd1')}{d('d1')}"
        rf"(?:(?:{day_sep}{m('m1')}(?:,?\s+(?P<y1>{_YEAR}))?)?(?P<conn>{ranges})|(?P<list>{lists})))?"
        rf"{wd('wd2')}{d('d2')}{day_sep}{m('m2')}{y2}"
    )
    found = [
        ("iso", r"(?<![\w\-])(?P<y>[12]\d{3})-(?P<m>\d\d)-(?P<d>\d\d)(?![\d\-])"),
        ("days", day_month),
    ]
    if english:
        month_day = (
            rf"\b{wd('wd1')}{m('m1')}\s+{d('d1')}"
            rf"(?:(?:(?P<conn>{ranges})(?:{m('m2')}\s+)?|(?P<list>{lists})){d('d2')})?{y2}"
        )
        found.append(("days", month_day))
    found += [
        ("month_year", rf"\b{m('m')}(?:,?\s+|\s+(?:of|de)\s+)(?P<y>{_YEAR})"),
        (
            "year_range",
            rf"{_NUMBER_START}(?P<y1>{_YEAR})(?:(?P<conn>{ranges})|(?P<list>{lists}))(?P<y2>{_YEAR})",
        ),
        ("year", rf"(?:(?<=mid-)|(?<=mi-)|{_NUMBER_START})(?P<y>{_YEAR})(?!\s*[-\u2013/]\s*\d)"),
        ("relative_year", rf"(?:\b{m('m')}(?:\s+(?:of|de))?\s+)?(?P<rel>{relative})"),
        ("relative_day", rf"(?<![\w\-])(?P<rel>{relative_day})\b"),
        ("weekday", rf"\b(?P<wd>{weekday})\b"),
    ]
    return tuple(found)


def _english() -> _Grammar:
    names = list(_EN_MONTHS)
    abbreviations = [n for n in names if n not in _FULL_EN_MONTHS]
    months = [n.capitalize() for n in names] + [n.upper() for n in names]
    months += [n.capitalize() + "." for n in abbreviations]
    return _Grammar(
        months=_EN_MONTHS,
        weekdays={n.lower(): i for i, n in enumerate(_WEEKDAY_NAMES)},
        patterns=_patterns(
            month=_alternation(months),
            weekday="|".join(_WEEKDAY_NAMES),
            day=r"(?P<{name}>\d{{1,2}})(?:st|nd|rd|th)?\b",
            day_sep=r",?\s+(?:of\s+)?",
            ranges=rf"{_DASH}|\s+(?:to|until|till|through)\s+",
            lists=r"\s+and\s+",
            relative=r"(?i:(?:last|this|next)\s+year)\b",
            relative_day=r"(?i:today|yesterday)",
            english=True,
        ),
        no_year_context=re.compile(
            r"(?:(?:\b(?:on|from|since|until|till|by|before|after|to|through|between|of)"
            r"(?:\s+the)?\s+)|,\s*|\n[ \t]*)\Z",
            re.IGNORECASE,
        ),
        year_context=re.compile(
            r"(?:\b(?:in|since|until|till|from|by|during|before|after|through|year)\s+"
            r"(?:(?:early|mid|late)[\s-]+)?"
            r"|\b(?:end|start|beginning|middle|spring|summer|autumn|fall|winter|half|course)"
            r"\s+of\s+|\bmid-)\Z",
            re.IGNORECASE,
        ),
        between=re.compile(r"\bbetween\s+\Z", re.IGNORECASE),
        weekday_context=lambda before, after: (
            re.search(r"\bon\s+\Z", before, re.IGNORECASE) is not None
            or re.match(r"\s+(?:morning|afternoon|evening|night)\b", after) is not None
        ),
        relative_years=((r"last", -1), (r"this", 0), (r"next", 1)),
        yesterday=re.compile(r"yesterday", re.IGNORECASE),
    )


def _french() -> _Grammar:
    return _Grammar(
        months=_FR_MONTHS,
        weekdays={n: i for i, n in enumerate(_FR_WEEKDAYS)},
        patterns=_patterns(
            month=f"(?i:{_alternation(list(_FR_MONTHS))})",
            weekday=f"(?i:{'|'.join(_FR_WEEKDAYS)})",
            day=r"(?P<{name}>1er|\d{{1,2}})\b",
            day_sep=r"\s+",
            ranges=rf"{_DASH}|\s+(?:au|à)\s+",
            lists=r"\s+et\s+",
            relative=(
                rf"(?i:l{_APOSTROPHE}ann[ée]e\s+(?:derni[èe]re|pass[ée]e|prochaine)"
                rf"|l{_APOSTROPHE}an\s+(?:dernier|pass[ée]|prochain)|cette\s+ann[ée]e)\b"
            ),
            relative_day=rf"(?i:aujourd{_APOSTROPHE}hui|hier)",
            english=False,
        ),
        no_year_context=re.compile(
            rf"(?:\b(?:le|les|du|au|depuis|dès|avant|après|entre|jusqu{_APOSTROPHE}au)\s+"
            r"|,\s*|\n[ \t]*)\Z",
            re.IGNORECASE,
        ),
        year_context=re.compile(
            r"(?:\b(?:en|depuis|dès|avant|après|pendant|durant|fin|début|année"
            rf"|jusqu{_APOSTROPHE}en|d{_APOSTROPHE}ici)\s+|\bmi-)\Z",
            re.IGNORECASE,
        ),
        between=re.compile(r"\bentre\s+\Z", re.IGNORECASE),
        weekday_context=lambda before, after: True,
        relative_years=((r"derni|pass", -1), (r"cette", 0), (r"prochain", 1)),
        yesterday=re.compile(r"hier", re.IGNORECASE),
    )


_GRAMMARS: dict[str, _Grammar] = {"en": _english(), "fr": _french()}
_COMPILED: dict[str, tuple[tuple[str, re.Pattern[str]], ...]] = {
    language: tuple(
        (handler, re.compile(rf"(?=(?P<all>{pattern}))")) for handler, pattern in grammar.patterns
    )
    for language, grammar in _GRAMMARS.items()
}


# Reading the matches --------------------------------------------------------------------


def _date(year: int, month: int, day: int) -> datetime.date | None:
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def _day_number(text: str) -> int:
    return 1 if text == "1er" else int(text)


class _Reader:
    """Turns the matches of one text into mentions; each handler returns the
    mentions of a match, ``()`` for a date expression that has no valid value
    (it still hides the shorter expressions inside it), or None when the match
    is no date expression at all."""

    def __init__(self, text: str, grammar: _Grammar, reference: datetime.date | None) -> None:
        self.text = text
        self.grammar = grammar
        self.reference = reference

    def before(self, offset: int) -> str:
        start = max(0, offset - 40)
        return ("\n" if start == 0 else "") + self.text[start:offset]

    def month(self, name: str) -> int:
        return self.grammar.months[name.lower().rstrip(".")]

    def weekday(self, name: str | None) -> int | None:
        return None if name is None else self.grammar.weekdays[name.lower()]

    def reference_note(self, what: str) -> str:
        assert self.reference is not None
        return f"{what} the document's date ({self.reference.isoformat()})"

    def mention(
        self,
        span: tuple[int, int],
        first: datetime.date,
        last: datetime.date | None,
        notes: list[str],
        weekdays: tuple[int | None, int | None] = (None, None),
    ) -> DateMention:
        """A mention of a day or days; checks the weekdays the text gives for them."""
        notes = list(notes)
        for named, day in zip(weekdays, (first, last), strict=True):
            if named is not None and day is not None and day.weekday() != named:
                notes.append(
                    f"the text says {_WEEKDAY_NAMES[named]}, but {day.isoformat()} is a "
                    f"{_WEEKDAY_NAMES[day.weekday()]}"
                )
        named = weekdays[0] if weekdays[0] is not None else weekdays[1]
        return DateMention(
            start=span[0],
            end=span[1],
            first=first.isoformat(),
            last=None if last is None else last.isoformat(),
            precision="day",
            note="; ".join(notes) or None,
            weekday=None if named is None else _WEEKDAY_NAMES[named],
        )

    # One handler per pattern -----------------------------------------------------------

    def iso(self, m: re.Match[str]) -> tuple[DateMention, ...] | None:
        day = _date(int(m["y"]), int(m["m"]), int(m["d"]))
        return () if day is None else (self.mention(m.span("all"), day, None, []),)

    def days(self, m: re.Match[str]) -> tuple[DateMention, ...] | None:
        """A day, or a range or pair of days, in day-month or month-day order."""
        g = {name: m.groupdict().get(name) for name in ("wd1", "y1", "list", "wd2", "y2")}
        # The day and month groups that matched, in the order of the text.
        day_numbers = [_day_number(d) for d in (m.groupdict().get(k) for k in ("d1", "d2")) if d]
        months = [self.month(n) for n in (m.groupdict().get(k) for k in ("m1", "m2")) if n]
        single = len(day_numbers) == 1
        first_day, last_day = day_numbers[0], day_numbers[-1]
        first_month, last_month = months[0], months[-1]
        wd_first, wd_last = self.weekday(g["wd1"]), self.weekday(g["wd2"])
        if single:
            wd_first, wd_last = (wd_first if wd_first is not None else wd_last), None
        notes: list[str] = []
        stated = g["y2"] or g["y1"]
        if stated is None:
            if (
                g["wd1"] is None
                and g["wd2"] is None
                and not self.grammar.no_year_context.search(self.before(m.start("all")))
            ):
                return None
            if self.reference is None:
                return ()
            last_year = self.reference.year
            notes.append(self.reference_note(f"the year {last_year} is taken from"))
        else:
            last_year = int(g["y2"] or stated)
        if g["y1"]:
            first_year = int(g["y1"])
        elif first_month > last_month:
            first_year = last_year - 1  # "30 December - 2 January 2025"
        else:
            first_year = last_year
        first = _date(first_year, first_month, first_day)
        last = _date(last_year, last_month, last_day)
        if first is None or last is None:
            return ()
        if single:
            return (self.mention(m.span("all"), first, None, notes, (wd_first, None)),)
        if first >= last:
            return ()
        if g["list"] is not None and (last - first).days != 1:
            # "4 and 9 June": two days, not the days between them.
            return (
                self.mention((m.start("all"), m.end("d1")), first, None, notes, (wd_first, None)),
                self.mention((m.start("d2"), m.end("all")), last, None, notes, (wd_last, None)),
            )
        return (self.mention(m.span("all"), first, last, notes, (wd_first, wd_last)),)

    def month_year(self, m: re.Match[str]) -> tuple[DateMention, ...] | None:
        value = f"{int(m['y']):04d}-{self.month(m['m']):02d}"
        start, end = m.span("all")
        return (DateMention(start, end, value, None, "month", None),)

    def year_range(self, m: re.Match[str]) -> tuple[DateMention, ...] | None:
        first, last = int(m["y1"]), int(m["y2"])
        if m["list"] is not None and not self.grammar.between.search(self.before(m.start("all"))):
            return None
        if not (1900 <= first < last <= 2100):
            return None
        start, end = m.span("all")
        return (DateMention(start, end, str(first), str(last), "year", None),)

    def year(self, m: re.Match[str]) -> tuple[DateMention, ...] | None:
        value = int(m["y"])
        start, end = m.span("all")
        in_parentheses = re.search(r"\(\s*\Z", self.before(start)) and re.match(
            r"\s*\)", self.text[end:]
        )
        if not (1900 <= value <= 2100):
            return None
        if not (in_parentheses or self.grammar.year_context.search(self.before(start))):
            return None
        return (DateMention(start, end, str(value), None, "year", None),)

    def relative_year(self, m: re.Match[str]) -> tuple[DateMention, ...] | None:
        if self.reference is None:
            return ()
        rel = m["rel"]
        shift = next(s for word, s in self.grammar.relative_years if re.search(word, rel, re.I))
        year = self.reference.year + shift
        note = self.reference_note(f"'{' '.join(rel.split())}' is counted from the year of")
        start, end = m.span("all")
        if m["m"] is None:
            return (DateMention(start, end, f"{year:04d}", None, "year", note),)
        value = f"{year:04d}-{self.month(m['m']):02d}"
        return (DateMention(start, end, value, None, "month", note),)

    def relative_day(self, m: re.Match[str]) -> tuple[DateMention, ...] | None:
        if self.reference is None:
            return ()
        word = m["rel"]
        if self.grammar.yesterday.fullmatch(word):
            day = self.reference - datetime.timedelta(days=1)
            note = self.reference_note(f"'{word}' is taken as the day before")
        else:
            day = self.reference
            note = self.reference_note(f"'{word}' is taken as")
        return (self.mention(m.span("all"), day, None, [note]),)

    def weekday_alone(self, m: re.Match[str]) -> tuple[DateMention, ...] | None:
        start, end = m.span("all")
        if not self.grammar.weekday_context(self.before(start), self.text[end : end + 40]):
            return None
        if self.reference is None:
            return ()
        named = self.weekday(m["wd"])
        assert named is not None
        day = self.reference - datetime.timedelta(days=(self.reference.weekday() - named) % 7)
        english = _WEEKDAY_NAMES[named]
        note = self.reference_note(f"'{m['wd']}' is taken as the latest {english} on or before")
        return (self.mention((start, end), day, None, [note], (named, None)),)


def find_dates(
    text: str, *, reference: datetime.date | None = None, language: str = "en"
) -> list[DateMention]:
    """Return the date expressions of ``text``, sorted by start offset.

    Args:
        text: the text to read.
        reference: the document's date; expressions that depend on it ("on
            Thursday", "26 September", "last year") are left out without it.
        language: ``"en"`` or ``"fr"``, the language of the month and weekday
            names and of the words around them.

    Raises:
        ValueError: ``language`` is not one of :data:`LANGUAGES`.
    """
    if language not in _GRAMMARS:
        raise ValueError(f"unknown language {language!r}: dates are read in {', '.join(LANGUAGES)}")
    reader = _Reader(text, _GRAMMARS[language], reference)
    handlers: dict[str, Callable[[re.Match[str]], tuple[DateMention, ...] | None]] = {
        "iso": reader.iso,
        "days": reader.days,
        "month_year": reader.month_year,
        "year_range": reader.year_range,
        "year": reader.year,
        "relative_year": reader.relative_year,
        "relative_day": reader.relative_day,
        "weekday": reader.weekday_alone,
    }
    candidates: list[tuple[int, int, int, tuple[DateMention, ...]]] = []
    for order, (handler, pattern) in enumerate(_COMPILED[language]):
        for match in pattern.finditer(text):
            found = handlers[handler](match)
            if found is not None:
                candidates.append((match.start("all"), match.end("all"), order, found))
    # The longest expression wins where two overlap, then the earliest.
    candidates.sort(key=lambda c: (c[0] - c[1], c[0], c[2]))
    covered = bytearray(len(text))
    mentions: list[DateMention] = []
    for start, end, _, found in candidates:
        if any(covered[start:end]):
            continue
        covered[start:end] = b"\x01" * (end - start)
        mentions.extend(found)
    return sorted(mentions, key=lambda mention: (mention.start, mention.end))
