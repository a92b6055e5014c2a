"""Date expressions: what counts as a date, its span, its value, and what was inferred."""

from __future__ import annotations

import datetime

import pytest

from ctgraph.dates import DateMention, find_dates

# (expression as it stands in the text, first, last, precision, note, weekday)
Found = tuple[str, str, str | None, str, str | None, str | None]

DASH = "\u2013"  # an en dash, as press releases write ranges and datelines
APOSTROPHE = "\u2019"
SEPT_26 = datetime.date(2024, 9, 26)  # a Thursday
JUNE_20 = datetime.date(2025, 6, 20)  # a Friday


def found(
    text: str, *, reference: datetime.date | None = None, language: str = "en"
) -> list[Found]:
    """The mentions of ``text``, each with the words it covers instead of its offsets."""
    return [
        (text[m.start : m.end], m.first, m.last, m.precision, m.note, m.weekday)
        for m in find_dates(text, reference=reference, language=language)
    ]


def day(
    words: str,
    first: str,
    last: str | None = None,
    note: str | None = None,
    weekday: str | None = None,
) -> Found:
    return (words, first, last, "day", note, weekday)


def month(words: str, value: str, note: str | None = None) -> Found:
    return (words, value, None, "month", note, None)


def year(words: str, first: str, last: str | None = None, note: str | None = None) -> Found:
    return (words, first, last, "year", note, None)


def from_reference(what: str, reference: datetime.date = SEPT_26) -> str:
    return f"{what} the document's date ({reference.isoformat()})"


def test_a_mention_has_the_offsets_of_its_words() -> None:
    assert find_dates("Signed on 26 September 2024 in Poseidonis.") == [
        DateMention(start=10, end=27, first="2024-09-26", last=None, precision="day", note=None)
    ]


ENGLISH: list[tuple[str, list[Found]]] = [
    ("Poseidonis, 26 September 2024.", [day("26 September 2024", "2024-09-26")]),
    ("Signed September 26, 2024.", [day("September 26, 2024", "2024-09-26")]),
    ("On October 6, 2020, the two", [day("October 6, 2020", "2020-10-06")]),
    ("the 4th of June 2024", [day("4th of June 2024", "2024-06-04")]),
    ("Sept. 3, 2019", [day("Sept. 3, 2019", "2019-09-03")]),
    (
        f"Tuesday 17 June 2025 {DASH} The meeting",
        [day("Tuesday 17 June 2025", "2025-06-17", weekday="Tuesday")],
    ),
    ("held on 4-5 June 2024", [day("4-5 June 2024", "2024-06-04", "2024-06-05")]),
    ("on 3-4 December 2024.", [day("3-4 December 2024", "2024-12-03", "2024-12-04")]),
    ("Rabat on 19-20 November 2024", [day("19-20 November 2024", "2024-11-19", "2024-11-20")]),
    (
        f"on 19{DASH}20 November 2024",
        [day(f"19{DASH}20 November 2024", "2024-11-19", "2024-11-20")],
    ),
    ("held on 4 and 5 June 2024, in", [day("4 and 5 June 2024", "2024-06-04", "2024-06-05")]),
    ("from 4 to 5 June 2024", [day("4 to 5 June 2024", "2024-06-04", "2024-06-05")]),
    ("30 June - 2 July 2024", [day("30 June - 2 July 2024", "2024-06-30", "2024-07-02")]),
    (
        f"30 December 2024 {DASH} 2 January 2025",
        [day(f"30 December 2024 {DASH} 2 January 2025", "2024-12-30", "2025-01-02")],
    ),
    (
        "30 December - 2 January 2025",
        [day("30 December - 2 January 2025", "2024-12-30", "2025-01-02")],
    ),
    ("November 19-20, 2024", [day("November 19-20, 2024", "2024-11-19", "2024-11-20")]),
    ("June 30 - July 2, 2024", [day("June 30 - July 2, 2024", "2024-06-30", "2024-07-02")]),
    ("in September 2025.", [month("September 2025", "2025-09")]),
    ("Meeting in March 2019, the", [month("March 2019", "2019-03")]),
    ("As of April 2022, the", [month("April 2022", "2022-04")]),
    ("since the inauguration in 2021 and", [year("2021", "2021")]),
    ("Marrakech (2022), Fez (2024)", [year("2022", "2022"), year("2024", "2024")]),
    ("Co-Chairs (2019 - 2022).", [year("2019 - 2022", "2019", "2022")]),
    ("from 2019 to 2022", [year("2019 to 2022", "2019", "2022")]),
    ("between 2019 and 2022", [year("2019 and 2022", "2019", "2022")]),
    ("since 2016", [year("2016", "2016")]),
    ("until 2030", [year("2030", "2030")]),
    ("by the end of 2022", [year("2022", "2022")]),
    ("in early 2020", [year("2020", "2020")]),
    ("in mid-2021", [year("2021", "2021")]),
    ("ISO 2024-09-26T10:00", [day("2024-09-26", "2024-09-26")]),
]


@pytest.mark.parametrize(("text", "expected"), ENGLISH, ids=[case[0] for case in ENGLISH])
def test_english_dates_the_text_states(text: str, expected: list[Found]) -> None:
    assert found(text) == expected


NOT_DATES = [
    "The 30 founding members of the Forum",
    "the 80th UN General Assembly",
    "brings together 45 entities and 41 United Nations entities",
    "the 2nd High-level Strategic Dialogue",
    "COVID-19 pandemic",
    "the September 11 attacks",  # a day and month with no year, after "the"
    "a total of 2000 officers",  # "of" is a year context only after end, start...
    "some 1,950 officers and 2024 more",  # a number with a comma; no year context
    "2019 and 2022",  # "and" makes a range of years only after "between"
    "in 2024.5 units, in 1850, in 2150",  # a decimal; years out of 1900-2100
    "in 2021-22",  # a season, not a year
    "May the Forum meet; March on",  # month names alone
]


@pytest.mark.parametrize("text", NOT_DATES)
def test_numbers_and_words_that_are_not_dates(text: str) -> None:
    assert find_dates(text, reference=SEPT_26) == []


@pytest.mark.parametrize(
    "text",
    ["on 31 February 2024", "on 30-31 February 2024", "le 31 février 2024", "on 5-4 June 2024"],
)
def test_impossible_dates_are_not_dates_nor_anything_shorter(text: str) -> None:
    language = "fr" if "février" in text else "en"
    assert find_dates(text, language=language) == []


def test_two_days_that_do_not_follow_each_other_are_two_dates() -> None:
    assert found("on 4 and 9 June 2024") == [
        day("4", "2024-06-04"),
        day("9 June 2024", "2024-06-09"),
    ]


def test_a_weekday_that_does_not_match_the_date_is_noted() -> None:
    note = "the text says Monday, but 2025-06-17 is a Tuesday"
    assert found("Monday 17 June 2025") == [
        day("Monday 17 June 2025", "2025-06-17", note=note, weekday="Monday")
    ]


YEAR_2024 = from_reference("the year 2024 is taken from")
INFERRED: list[tuple[str, list[Found]]] = [
    (f"New York, 26 September {DASH} The", [day("26 September", "2024-09-26", note=YEAR_2024)]),
    ("to be held on 4 June in Fes", [day("4 June", "2024-06-04", note=YEAR_2024)]),
    ("on 4-5 June", [day("4-5 June", "2024-06-04", "2024-06-05", note=YEAR_2024)]),
    (f"Rabat, September 26 {DASH} The", [day("September 26", "2024-09-26", note=YEAR_2024)]),
    (
        "On Thursday, the office",
        [
            day(
                "Thursday",
                "2024-09-26",
                note=from_reference("'Thursday' is taken as the latest Thursday on or before"),
                weekday="Thursday",
            )
        ],
    ),
    (
        "Speaking on Friday in Tangier",
        [
            day(
                "Friday",
                "2024-09-20",
                note=from_reference("'Friday' is taken as the latest Friday on or before"),
                weekday="Friday",
            )
        ],
    ),
    (
        "held their dialogue today",
        [day("today", "2024-09-26", note=from_reference("'today' is taken as"))],
    ),
    (
        "Yesterday the ministers",
        [
            day(
                "Yesterday",
                "2024-09-25",
                note=from_reference("'Yesterday' is taken as the day before"),
            )
        ],
    ),
    (
        "the second meeting this year",
        [year("this year", "2024", note=from_reference("'this year' is counted from the year of"))],
    ),
    (
        "the launch last year of a programme",
        [year("last year", "2023", note=from_reference("'last year' is counted from the year of"))],
    ),
    (
        "in June of last year the office",
        [
            month(
                "June of last year",
                "2023-06",
                from_reference("'last year' is counted from the year of"),
            )
        ],
    ),
    (
        "in November next year",
        [
            month(
                "November next year",
                "2025-11",
                from_reference("'next year' is counted from the year of"),
            )
        ],
    ),
]


@pytest.mark.parametrize(("text", "expected"), INFERRED, ids=[case[0] for case in INFERRED])
def test_what_the_document_date_completes(text: str, expected: list[Found]) -> None:
    assert found(text, reference=SEPT_26) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Thursday's statement",  # a weekday needs "on" before it or a time of day after it
        "the Friday prayers",
    ],
)
def test_a_weekday_alone_needs_on(text: str) -> None:
    assert find_dates(text, reference=SEPT_26) == []


def test_a_weekday_with_a_time_of_day() -> None:
    note = from_reference("'Wednesday' is taken as the latest Wednesday on or before")
    assert found("Wednesday morning", reference=SEPT_26) == [
        day("Wednesday", "2024-09-25", note=note, weekday="Wednesday")
    ]


FRENCH: list[tuple[str, list[Found]]] = [
    (f"Rabat, le 17 juin 2025 {DASH}", [day("17 juin 2025", "2025-06-17")]),
    ("jeudi 19 juin 2025", [day("jeudi 19 juin 2025", "2025-06-19", weekday="Thursday")]),
    ("les 4 et 5 juin 2024", [day("4 et 5 juin 2024", "2024-06-04", "2024-06-05")]),
    ("du 3 au 4 décembre 2024", [day("3 au 4 décembre 2024", "2024-12-03", "2024-12-04")]),
    (
        "du 30 juin au 2 juillet 2024",
        [day("30 juin au 2 juillet 2024", "2024-06-30", "2024-07-02")],
    ),
    ("le 1er octobre 2020", [day("1er octobre 2020", "2020-10-01")]),
    ("en septembre 2025", [month("septembre 2025", "2025-09")]),
    (
        "en février 2021 et en fevrier 2022",
        [month("février 2021", "2021-02"), month("fevrier 2022", "2022-02")],
    ),
    (
        "en août 2021 et en aout 2022",
        [month("août 2021", "2021-08"), month("aout 2022", "2022-08")],
    ),
    (
        "le 4 décembre 2024 et le 5 decembre 2024",
        [day("4 décembre 2024", "2024-12-04"), day("5 decembre 2024", "2024-12-05")],
    ),
    ("Février 2021", [month("Février 2021", "2021-02")]),
    ("depuis 2019", [year("2019", "2019")]),
    (f"jusqu{APOSTROPHE}en 2030", [year("2030", "2030")]),
    ("entre 2019 et 2022", [year("2019 et 2022", "2019", "2022")]),
    ("(2023)", [year("2023", "2023")]),
]


@pytest.mark.parametrize(("text", "expected"), FRENCH, ids=[case[0] for case in FRENCH])
def test_french_dates_the_text_states(text: str, expected: list[Found]) -> None:
    assert found(text, language="fr") == expected


FRENCH_INFERRED: list[tuple[str, list[Found]]] = [
    (
        "inauguré jeudi à Rabat",
        [
            day(
                "jeudi",
                "2025-06-19",
                note=from_reference(
                    "'jeudi' is taken as the latest Thursday on or before", JUNE_20
                ),
                weekday="Thursday",
            )
        ],
    ),
    (
        f"Rabat, le 17 juin {DASH}",
        [day("17 juin", "2025-06-17", note=from_reference("the year 2025 is taken from", JUNE_20))],
    ),
    (
        "l'année dernière",
        [
            year(
                "l'année dernière",
                "2024",
                note=from_reference("'l'année dernière' is counted from the year of", JUNE_20),
            )
        ],
    ),
    (
        f"en juin de l{APOSTROPHE}an dernier",
        [
            month(
                f"juin de l{APOSTROPHE}an dernier",
                "2024-06",
                from_reference(f"'l{APOSTROPHE}an dernier' is counted from the year of", JUNE_20),
            )
        ],
    ),
    (
        "aujourd'hui",
        [
            day(
                "aujourd'hui",
                "2025-06-20",
                note=from_reference("'aujourd'hui' is taken as", JUNE_20),
            )
        ],
    ),
]


@pytest.mark.parametrize(
    ("text", "expected"), FRENCH_INFERRED, ids=[case[0] for case in FRENCH_INFERRED]
)
def test_what_the_document_date_completes_in_french(text: str, expected: list[Found]) -> None:
    assert found(text, reference=JUNE_20, language="fr") == expected


@pytest.mark.parametrize("text", [case[0] for case in INFERRED + FRENCH_INFERRED])
def test_without_a_document_date_incomplete_dates_are_left_out(text: str) -> None:
    language = "fr" if text in dict(FRENCH_INFERRED) else "en"
    assert find_dates(text, language=language) == []


def test_english_month_names_are_not_read_as_french() -> None:
    assert found("le 17 June 2025", language="fr") == []
    assert found("le 17 juin 2025") == []


def test_the_longest_expression_wins_and_mentions_are_sorted_by_start() -> None:
    text = (
        "In 2021 the office opened; on 3-4 December 2024 and in September 2025 the "
        "parties meet, as agreed on Thursday (2019 - 2022)."
    )
    assert found(text, reference=SEPT_26) == [
        year("2021", "2021"),
        day("3-4 December 2024", "2024-12-03", "2024-12-04"),
        month("September 2025", "2025-09"),
        day(
            "Thursday",
            "2024-09-26",
            None,
            from_reference("'Thursday' is taken as the latest Thursday on or before"),
            "Thursday",
        ),
        year("2019 - 2022", "2019", "2022"),
    ]


def test_an_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError, match=r"^unknown language 'de': dates are read in en, fr$"):
        find_dates("am 17. Juni 2025", language="de")
