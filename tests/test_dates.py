"""The date extractor on running text with the trained model: candidates, tense, anaphora, negatives.

Rows are (text, published) -> the (span text, value) pairs expected among the
date facts; negatives list a span that must not be a date fact.
"""

from __future__ import annotations

import datetime as dt

import pytest

from pipeline.facts.date import clause_tense
from pipeline.records import DateFact


def dates(extract, text, published):
    return [f for f in extract(text, published) if f.type == "date"]


def pairs(extract, text, published):
    return [(f.text, f.value) for f in dates(extract, text, published)]


FOUND = [
    # tense decides which weekday
    ("past weekday", "The minister resigned Tuesday.", "1998-02-13", ("Tuesday", "1998-02-10")),
    ("past weekday on the day", "Rebels attacked the town Friday.", "1998-02-13", ("Friday", "1998-02-13")),
    ("future weekday", "The minister will meet Bush on Tuesday.", "1998-02-13", ("Tuesday", "1998-02-17")),
    ("infinitive future", "Talks are set to resume Monday in Belfast.", "1998-03-22", ("Monday", "1998-03-23")),
    ("possessive weekday is past", "Critics attacked Wednesday's ruling by the court.", "2000-01-07", ("Wednesday", "2000-01-05")),
    # granularity follows the text
    ("last month", "Prices fell last month.", "2013-03-20", ("last month", "2013-02")),
    ("a sentence-opening This week", "This week, the company paid for its stake.", "1989-10-26", ("This week", "1989-W43")),
    ("a headline", "Markets Fell Sharply Last Week", "1989-10-26", ("Last Week", "1989-W42")),
    ("month in past clause", "Exports fell in October.", "1998-01-08", ("October", "1997-10")),
    ("month day", "The dividend is payable Dec. 15.", "1989-11-02", ("Dec. 15", "1989-12-15")),
    ("since a month: before publication", "It was its eighth hike since June.", "2024-03-03", ("June", "2023-06")),
    ("month as a modifier", "Police studied the October slaying.", "1998-11-02", ("October", "1998-10")),
    ("quarter", "Profit rose in the third quarter.", "1989-11-02", ("the third quarter", "1989-Q3")),
    ("year ago next to a quarter", "Third-quarter profit rose 5% from a year ago.", "1989-11-02", ("a year ago", "1988-Q3")),
    ("the quarter reported, not an aside",
     "Kimberly-Clark posted a 20% gain in third-quarter net income. After a flat second quarter, it cited better "
     "results. Charges were taken in the year-earlier period.", "1989-11-01", ("the year-earlier period", "1988-Q3")),
    ("a quarter named in the same sentence",
     "Delta's profit rose in the fiscal first quarter. America West's third-quarter profit rose from a year earlier.",
     "1989-10-26", ("a year earlier", "1988-Q3")),
    ("a longer period in the sentence before does not count",
     "Net for the nine months was $254 million, or $5.94 a share, up from $163 million, or $4.06 a share, a year "
     "earlier. He attributed the third-quarter performance to sales, a 74% increase from a year earlier.",
     "1989-10-26", ("a year earlier", "1988-Q3")),
    ("a quarter of history is not the one reported",
     "It stopped paying a dividend in the third quarter of 1984. Net rose in the third quarter. Sales fell from a year ago.",
     "1989-10-27", ("a year ago", "1988-Q3")),
    # candidates the small model's NER misses
    ("now", "The town is now quiet.", "1998-02-13", ("now", "PRESENT_REF")),
    ("adjectival duration", "He signed a three-year contract.", "1998-02-13", ("three-year", "P3Y")),
    ("current before a noun", "It delayed building because of current market conditions.", "1989-11-02", ("current", "PRESENT_REF")),
    ("then current", "Holders may buy shares at 50% of the then current market price.", "1989-11-02", ("then current", "PAST_REF")),
    ("duration with modifier", "They talked for more than four hours.", "1998-02-13", ("more than four hours", "PT4H")),
    ("time and weekday", "Police arrived at 10 p.m. Wednesday.", "1998-02-13", ("10 p.m. Wednesday", "1998-02-11T22:00")),
    ("set", "The festival is held every year.", "2025-01-14", ("every year", "P1Y")),
    ("a set adverb without an amount", "Rallies were held almost daily.", "2000-01-07", ("daily", "P1D")),
    ("annually after a verb", "Such events are held here annually.", "2000-01-07", ("annually", "P1Y")),
    # the seed's expressions
    ("ago", "Relations were established 33 years ago.", "2025-01-14", ("33 years ago", "1992")),
    ("the past three decades", "Trade grew over the past three decades.", "2025-01-14", ("the past three decades", "P30Y")),
    # anaphora against the last date mentioned
    ("later than an anchor", "The republic was founded in 1920. 70 years later it was free.", "2025-01-14", ("70 years later", "1990")),
    ("the same day", "Talks began on May 3, 1998 and ended the same day.", "2025-01-14", ("the same day", "1998-05-03")),
    ("later that year", "He arrived in March 1998 and left later that year.", "2025-01-14", ("later that year", "1998")),
    # the end of a period
    ("by year-end", "The sale should close by year-end.", "1989-11-02", ("year-end", "1989")),
    ("by year's end", "Rules should be in place by year's end.", "1989-10-26", ("year's end", "1989")),
    ("since year-end: last year's", "The percentage change is since year-end.", "1989-10-30", ("year-end", "1988")),
    ("now that", "Aqaba is the only outlet now that the noose has tightened.", "1990-08-16", ("now", "PRESENT_REF")),
    ("month of a year", "The line opened in March of 2020.", "2025-01-14", ("March of 2020", "2020-03")),
    ("last week before after", "He met Sununu last week after holding talks.", "1998-02-13", ("last week", "1998-W06")),
    ("a day takes the year of a date earlier in the sentence",
     "Fighting broke out on Sept 27, 2020 and ended on Nov 10.", "2025-01-14", ("Nov 10", "2020-11-10")),
    ("a month too", "He arrived in March 1998 and left in May.", "2025-01-14", ("May", "1998-05")),
    ("not from a date the sentence only mentions", "The Oct. 7, 2023 attack was discussed at the summit on Jan. 9.", "2025-01-14", ("Jan. 9", "2025-01-09")),
    ("not from a birth date", "Born on March 3, 1950, she spoke in Paris on Jan. 10.", "2025-01-14", ("Jan. 10", "2025-01-10")),
    ("not when the clause looks ahead from publication",
     "The three were invited in July 1997 and will join NATO on March 12.", "1999-02-27", ("March 12", "1999-03-12")),
    ("not from an earlier sentence", "Talks began on Sept 27, 2020. They resume on Feb. 3.", "2025-01-14", ("Feb. 3", "2025-02-03")),
    ("the second day of a list", "Accession is planned for April 24 and 25.", "1999-02-10", ("25", "1999-04-25")),
    ("the day after the event just dated",
     "He was killed on Oct. 23. Two men came to his house the day after his death.", "1998-11-21", ("the day after", "1998-10-24")),
    ("a quarter of a century is a time", "It lasted a quarter of a century.", "1990-08-16", ("a quarter of a century", "P25Y")),
    ("several quarters of losses is a time", "It recovered after several quarters of losses.", "1989-10-30", ("several quarters", "PXQ")),
    ("an ISO month", "The 2019-07 report was late.", "2025-01-14", ("2019-07", "2019-07")),
    ("a month before of and a name", "In March of President Trump's first year, tariffs rose.", "2025-01-14", ("March", "2025-03")),
    ("a duration before a date that is no rate", "He was sentenced to 10 years a decade ago.", "2025-01-14", ("10 years", "P10Y")),
    ("the people of a city, not of tomorrow", "Schools open by the end of tomorrow.", "2025-01-14", ("tomorrow", "2025-01-15")),
    ("half a century ago", "Half a century ago the border closed.", "2025-01-14", ("Half a century ago", "1975")),
    ("half a century", "The dispute lasted half a century.", "2025-01-14", ("half a century", "P50Y")),
    ("a range into the next year", "The holiday ran from Dec. 20, 2020 to Jan. 3.", "2025-01-14", ("Jan. 3", "2021-01-03")),
    ("the second day of a list, with the year after it", "Talks are set for Jan. 10-11, 2023.", "2025-01-14", ("11, 2023", "2023-01-11")),
    ("the first day takes the year after the second", "Talks are set for Jan. 10-11, 2023.", "2025-01-14", ("Jan. 10", "2023-01-10")),
    ("no headline name", "Markets Rally Today As Fed Holds Rates", "2025-01-14", ("Today", "2025-01-14")),
    ("the end of today", "The deal must be signed by the end of today.", "2025-01-14", ("today", "2025-01-14")),
    ("the day before, then a coordinated clause", "She had arrived the day before and was tired.", "2025-01-14", ("the day before", None)),
    # short numeric forms after a preposition
    ("a month and day after a preposition", "Payment is due 6/30, the company said.", "2025-06-02", ("6/30", "2025-06-30")),
    ("a year with an apostrophe", "The band first toured the country in '98.", "2024-03-06", ("'98", "1998")),
    ("a year of this century with an apostrophe", "She joined the club in '21.", "2024-03-06", ("'21", "2021")),
    ("a month written with one digit", "The index was rebased in 2015-3.", "2024-03-06", ("2015-3", "2015-03")),
    ("a season with early", "The new plant will open in early spring.", "2024-01-10", ("early spring", "2024-SP")),
    ("a season before punctuation", "Demand peaked in winter, the grid operator said.", "2024-06-10", ("winter", "2023-WI")),
    ("a month alone in capitals", "The museum was closed in FEBRUARY.", "2024-03-06", ("FEBRUARY", "2024-02")),
    ("a month alone in lower case", "The board will meet in june.", "2024-03-06", ("june", "2024-06")),
    ("a day of the month after for", "The hearing is set for the 18th.", "2024-03-06", ("the 18th", "2024-03-18")),
    ("a schedule on Friday the 13th", "The horror film's sequel opens in cinemas on Friday the 13th.", "2024-03-06", ("Friday the 13th", "2024-09-13")),
    ("a past Friday the 13th", "The storm hit on Friday the 13th.", "2024-03-06", ("Friday the 13th", "2023-10-13")),
    ("the previous weekday with no day before", "Police said the man had been released on bail the previous Monday.", "2024-03-06", ("the previous Monday", "2024-03-04")),
    ("the previous weekday after a day", "The deal was signed on March 1. Talks had stalled the previous Monday.", "2024-03-20", ("the previous Monday", "2024-02-26")),
    ("midnight on a day", "Restrictions will lift at midnight on Thursday.", "2022-01-31", ("midnight on Thursday", "2022-02-03T24:00")),
]


@pytest.mark.parametrize("text,published,expected", [r[1:] for r in FOUND], ids=[r[0] for r in FOUND])
def test_found(extract, text, published, expected):
    assert expected in pairs(extract, text, published)


NOT_DATES = [
    ("age with hyphens", "The 44-year-old driver was arrested.", "44-year"),
    ("age with aged", "A man aged 52 was hurt.", "52"),
    ("age in words", "She is 30 years old.", "30 years"),
    ("may the verb", "The court may rule soon.", "may"),
    ("May the verb at sentence start", "May I ask a question?", "May"),
    ("money", "He paid $20 for it.", "20"),
    ("score", "They won 3-2 on penalties.", "3-2"),
    ("count", "Some 1,500 people marched.", "1,500"),
    ("Jan the name", "Jan Kowalski spoke first.", "Jan"),
    ("quarterly adjective", "It raised its quarterly dividend.", "quarterly"),
    ("rate per night", "Rooms cost between $35 and $55 a night.", "a night"),
    ("rate per week", "This will add nearly 700 seats a week.", "a week"),
    ("march the noun", "Thousands joined the annual March for Life.", "March"),
    ("surname", "Prime Minister Theresa May spoke.", "May"),
    ("a count of people", "About 2000 people marched.", "2000"),
    ("second the ordinal", "A second group of three company directors resigned.", "second"),
    ("a show's name", 'Baker said on ABC\'s "This Week With David Brinkley" that talks failed.', "This Week"),
    ("a show's name in figures", 'He told CBS\'s "60 Minutes" that he was sorry.', "60 Minutes"),
    ("current account", "The current account deficit widened.", "current"),
    ("who holds a role", "Azerbaijan's current leader, Ilham Aliyev, kept the policy.", "current"),
    ("current the noun", "The current swept the boat away.", "current"),
    ("current after a verb", "The list is current.", "current"),
    ("rate with a percentage", "Revenue will increase by 20% annually.", "annually"),
    ("rate with a count", "The plant would produce about 10,000 units annually.", "annually"),
    ("rate with money", "It will save C$17.9 million annually.", "annually"),
    ("a share, not a quarter year", "Funds hold more than a quarter of the market.", "quarter"),
    ("half of something", "Half of its exports go to Iraq.", "Half"),
    ("year-end as a modifier", "Net income fell, when year-end net was below the 1987 level.", "year-end"),
    ("a newspaper's name", "The poll was published by USA Today on Monday.", "Today"),
    ("a programme's name", "This is VOA Today.", "Today"),
    ("a count after a listed day", "Clashes began on May 5 and 6 people were killed.", "6"),
    ("a count after a day range", "The index rose on March 5 to 12 points.", "12"),
    ("once in a while", "He drops by once in a while.", "while"),
    ("a grade before while", "Moody's rated the bonds A while rivals cut theirs.", "while"),
    ("a pair of years in one token", "Revenue for 2023/24 rose 5%.", "2023"),
    ("three quarters of a named group", "A quarter of U.S. households own one.", "quarter"),
    ("a march's name", 'Thousands joined the "March of the Combatant Mothers".', "March"),
    ("a day counted from an event", "He was last seen Nov. 3, the day before authorities issued a warrant.", "the day before"),
    ("a day counted from a gerund", "He spent hours in Nairobi later in the day before returning home.", "the day before"),
    ("today's youth", "The case is a lesson for today's youth.", "today"),
    ("today's people, after an adjective", "Many of today's young people rent.", "today"),
    ("the people of tomorrow", "I would have chosen the people of tomorrow.", "tomorrow"),
    ("round the clock", "Guards stood outside the clinic 24 hours a day.", "24 hours"),
    ("the past as an adjective", "He spent the past three summers there.", "the past"),
    ("a number after and, with no month before", "Between 1 and 25 people came.", "25"),
    ("the model's span where a rule turns the context down", "Rescuers worked through the early hours of Sunday.", "hours"),
    ("a fraction after a preposition", "The stake rose to 3/4 of the company.", "3/4"),
    ("a fraction with a unit", "Drill a hole of 7/16 inch.", "7/16"),
    ("a month and day with no preposition", "The ratio was 11/20 last year.", "11/20"),
    ("no day of February 29 in 2023", "The lender said the payment was due on Feb 29.", "Feb 29"),
    ("a season naming a kind of thing", "A winter coat drive collected thousands of jackets.", "winter"),
    ("a season before the noun it qualifies", "Prices fell on low summer electricity demand.", "summer"),
    ("two years, not a month", "The recession of 2008-9 hit exports.", "2008-9"),
    ("two years, in", "Cases rose in 2020-1 across the region.", "2020-1"),
    ("a shooting count", "He scored 27 points on 11/20 shooting.", "11/20"),
    ("odds", "The horse started at odds of 11/13.", "11/13"),
    ("fractions in a range", "The gap narrowed from 1/16 to 1/32 of an inch.", "1/16"),
    ("a holiday as a first name", "Ramadan Kadyrov said on Tuesday that talks would resume.", "Ramadan"),
    ("a holiday inside a named thing", "Unionists say the Good Friday Agreement must be protected.", "Good Friday"),
    ("may the verb after in", "Officials said prices in may rise.", "may"),
    ("an abbreviation alone", "Sales rose in DEC stores.", "DEC"),
    ("a rank, not a day", "He finished the race in the 18th place.", "18th"),
    ("a holiday as a surname", "The Christmas family opened a bakery in the town centre.", "Christmas"),
    ("a weekday as a surname", "The Friday brothers sold the farm.", "Friday"),
]


@pytest.mark.parametrize("text,span", [r[1:] for r in NOT_DATES], ids=[r[0] for r in NOT_DATES])
def test_not_dates(extract, text, span):
    found = dates(extract, text, "1998-02-13")
    assert not [f for f in found if span in f.text], [(f.text, f.value) for f in found]


SPANS = [
    ("leading preposition left out", "It happened in 1992.", "1992"),
    ("since left out", "Ties have grown since 1992.", "1992"),
    ("modifier kept", "It was built in the late 1970s.", "the late 1970s"),
    ("the past kept", "Trade grew over the past three decades.", "the past three decades"),
    ("possessive left out", "Friday's vote was close.", "Friday"),
]


@pytest.mark.parametrize("text,span", [r[1:] for r in SPANS], ids=[r[0] for r in SPANS])
def test_spans(extract, text, span):
    assert span in [f.text for f in dates(extract, text, "1998-02-13")]


def test_records_carry_calendar_bounds(extract):
    """Every date record has ISO bounds; durations and references have none."""
    facts = {f.text: f for f in dates(extract, "In 1992 and in 2005-Q1 it grew for three years, and now rests.", "2025-01-14")}
    assert isinstance(facts["1992"], DateFact)
    assert (facts["1992"].start_date, facts["1992"].end_date) == (dt.date(1992, 1, 1), dt.date(1992, 12, 31))
    assert (facts["three years"].start_date, facts["three years"].end_date) == (None, None)
    assert (facts["now"].value, facts["now"].start_date) == ("PRESENT_REF", None)


def test_no_publication_date_gives_null_values(extract):
    """Relative expressions need a publication date; the clock is never read."""
    facts = {f.text: f.value for f in dates(extract, "It rained yesterday and last year, and in 1992.", None)}
    assert facts == {"yesterday": None, "last year": None, "1992": "1992"}


TENSES = [
    ("past", "He resigned on Friday.", "Friday", "past"),
    ("modal future", "He will resign on Friday.", "Friday", "future"),
    ("present", "The meeting is Friday.", "Friday", "present"),
    ("after the expression", "On Friday, the army attacked.", "Friday", "past"),
    ("effective is future", "He was named chairman, effective Friday.", "Friday", "future"),
    ("a deadline is future", "The agency extended its deadline until 9 a.m. Tuesday.", "Tuesday", "future"),
    ("as soon as is future", "The group might leave as soon as Tuesday.", "Tuesday", "future"),
    ("up until is past", "Up until Thursday, they had described him as a witness.", "Thursday", "past"),
    ("not until is past", "It was not until Tuesday that Castro spoke.", "Tuesday", "past"),
    ("sentence-opening until is past", "Until Thursday, they had not called him a suspect.", "Thursday", "past"),
    ("until a month keeps the clause's tense", "He served as minister until December.", "December", "past"),
    ("planning is future", "They were planning to drive around the airport on Monday.", "Monday", "future"),
    ("a plan overtaken is past", "The offer had been scheduled to expire at midnight Friday.", "Friday", "past"),
    ("due, overtaken, is past", "It had been due to expire Friday evening.", "Friday", "past"),
    ("a had elsewhere leaves a plan future", "The company, which had losses, plans to sell the unit Friday.", "Friday", "future"),
]


@pytest.mark.parametrize("text,word,expected", [r[1:] for r in TENSES], ids=[r[0] for r in TENSES])
def test_clause_tense(nlp, text, word, expected):
    doc = nlp(text)
    [tok] = [t for t in doc if t.text == word]
    assert clause_tense(doc, tok.i, tok.i + 1) == expected


@pytest.mark.xfail(strict=True, reason="a present-tense schedule ('The meeting is Friday') is read as past")
def test_present_schedule_is_future(extract):
    assert ("Friday", "1998-02-20") in pairs(extract, "The vote is Friday.", "1998-02-14")


def test_each_rule_declares_its_context_checks_and_the_component_has_them(monkeypatch):
    """A rule names the checks that may turn its match down (``rejects=``); the date component
    implements them, and a rule naming one it lacks stops the module loading, not a run."""
    import re

    from pipeline.facts import date as date_module
    from pipeline.facts._timex import GRAMMAR, Rule

    assert date_module.RULE_CHECKS["duration"][1:] == tuple(
        (name, date_module.CHECKS[name]) for name in ("age", "rate", "ordinal", "title", "fraction", "constant_rate")
    )
    assert all(checks[0][0] == "in_a_name" for checks in date_module.RULE_CHECKS.values())
    bad = Rule("bad", re.compile("x"), lambda m, ctx: None, 0, ("no_such_check",))
    monkeypatch.setattr(GRAMMAR, "rules", [*GRAMMAR.rules, bad])
    with pytest.raises(RuntimeError, match="no_such_check"):
        date_module._rule_checks()


@pytest.mark.parametrize(
    "text, published, expected",
    [
        # the clock forms and the clock rule read a bare time on the day the text is talking about
        ("The attack began on Feb. 20. Police arrived at 8:15 p.m. and left at 9.30pm.", "2024-03-06",
         [("Feb. 20", "2024-02-20"), ("8:15 p.m.", "2024-02-20T20:15"), ("9.30pm", "2024-02-20T21:30")]),
        # an nth weekday takes the year of the sentence's dated account, like a month and day
        ("Fighting broke out on Sept 27, 2020 and ended on the second Tuesday of November.", "2024-03-06",
         [("Sept 27, 2020", "2020-09-27"), ("the second Tuesday of November", "2020-11-10")]),
        # a zone word before a name is not a zone
        ("After 10pm PT Pertamina halted exports.", "2024-03-06", [("10pm", "2024-03-06T22:00")]),
        # Islamic holidays on the Umm al-Qura calendar: the nearer of two in one year
        ("Ramadan begins soon, officials said.", "1997-12-20", [("Ramadan", "1997-12-30")]),
    ],
)
def test_read_in_context(extract, text, published, expected):
    found = pairs(extract, text, published)
    assert [p for p in found if p in expected] == expected, found


@pytest.mark.parametrize(
    "text, published",
    [
        ("Indian families spent heavily last Diwali.", "1998-11-01"),  # the holidays package starts in 2001
        ("Prices rose before next Holi.", "2010-05-06"),
        ("Shops will close for next Ramadan.", "2077-12-01"),  # past the Umm al-Qura tables
    ],
)
def test_a_holiday_out_of_its_tables_has_no_value_and_costs_nothing_else(extract, text, published):
    found = dates(extract, text, published)
    assert found and all(f.value is None for f in found)
