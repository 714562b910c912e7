#!/usr/bin/env python3
"""Builds other-types.001-030.jsonl (country/date/money facts, modern-dev-001..030).

Table format: per article a list of entries written in reading order.
  C(surface, iso, dem=False, opt=False, hist=False, name=None, skip=0, note=None)
  D(surface, value, kind='date', opt=False, skip=0, note=None)
  M(surface, amount, currency, qual=None, amax=None, opt=False, skip=0, note=None)
The offset of an entry is the first occurrence of `surface` (word-bounded, not overlapping
an already-placed fact) after the previous placed occurrence of the same surface; `skip`
skips that many further occurrences.  Every fact is verified: text == article[start:end].
"""
import json, re, sys
from decimal import Decimal
from pathlib import Path

ART = str(Path(__file__).resolve().parents[4].parent / 'shared' / 'data' / 'modern-dev' / 'articles.jsonl')
OUT = str(Path(__file__).resolve().parent / 'other-types.001-030.jsonl')

NAMES = {'DE': 'Germany', 'SE': 'Sweden', 'NO': 'Norway', 'DK': 'Denmark', 'PL': 'Poland',
         'CZ': 'Czechia', 'AT': 'Austria', 'CH': 'Switzerland', 'FR': 'France', 'BE': 'Belgium',
         'NL': 'Netherlands', 'RU': 'Russia', 'US': 'United States', 'GB': 'United Kingdom',
         'CN': 'China', 'UA': 'Ukraine', 'IT': 'Italy', 'ES': 'Spain', 'JP': 'Japan',
         'LU': 'Luxembourg', 'HU': 'Hungary', 'SK': 'Slovakia', 'FI': 'Finland', 'IN': 'India',
         'KR': 'South Korea', 'TR': 'Türkiye', 'QA': 'Qatar', 'NZ': 'New Zealand', 'AU': 'Australia',
         'CA': 'Canada', 'BR': 'Brazil', 'GR': 'Greece', 'PT': 'Portugal', 'IE': 'Ireland',
         'EE': 'Estonia', 'LV': 'Latvia', 'LT': 'Lithuania', 'RO': 'Romania', 'BG': 'Bulgaria',
         'HR': 'Croatia', 'SI': 'Slovenia', 'CY': 'Cyprus', 'MT': 'Malta', 'IL': 'Israel',
         'SA': 'Saudi Arabia', 'AE': 'United Arab Emirates', 'NA': 'Namibia', 'ZA': 'South Africa',
         'EG': 'Egypt', 'MA': 'Morocco', 'CL': 'Chile', 'AZ': 'Azerbaijan', 'DZ': 'Algeria',
         'TN': 'Tunisia', 'OM': 'Oman', 'KZ': 'Kazakhstan', 'MX': 'Mexico', 'AR': 'Argentina',
         'IS': 'Iceland', 'RS': 'Serbia', 'GE': 'Georgia', 'MD': 'Moldova', 'BY': 'Belarus',
         'SU': 'Soviet Union', 'DD': 'East Germany'}

def C(s, iso, dem=False, opt=False, hist=False, name=None, skip=0, note=None):
    f = {'type': 'country', 'text': s, 'iso_alpha2': iso, 'name': name or NAMES[iso],
         'historical': hist, 'via': 'demonym' if dem else 'name'}
    return (f, opt, skip, note)

def D(s, value, kind='date', opt=False, skip=0, note=None):
    f = {'type': 'date', 'text': s, 'kind': kind, 'value': value}
    return (f, opt, skip, note)

def M(s, amount, cur, qual=None, amax=None, opt=False, skip=0, note=None):
    if amount is None:
        a = None
    else:
        a = Decimal(str(amount))
        a = int(a) if a == a.to_integral_value() else float(a)
    f = {'type': 'money', 'text': s, 'amount': a, 'currency': cur, 'qualifier': qual}
    if amax is not None:
        b = Decimal(str(amax)); f['amount_max'] = int(b) if b == b.to_integral_value() else float(b)
    return (f, opt, skip, note)

T = {}

# ---------------------------------------------------------------- 001 (2023-06-06)
T['modern-dev-001'] = [
    D('today', '2023-06-06'),
    D('Today', '2023-06-06'),
    D('the next two years', 'P2Y', 'duration'),
    D('last October', '2022-10'),
    D('today', '2023-06-06'),
    D('3 March 2023', '2023-03-03'),
    D('today', '2023-06-06'),
    D('today', '2023-06-06'),
]
# ---------------------------------------------------------------- 002 (2023-06-20)
T['modern-dev-002'] = [
    D('Today', '2023-06-20'),
    D('13 February 2023', '2023-02-13'),
    D('20 days', 'P20D', 'duration'),
    D('2030', '2030'),
    D('Today', '2023-06-20'),
    D('2030', '2030'),
    D('2030', '2030'),
    D('2030', '2030'),
]
# ---------------------------------------------------------------- 003 (2023-11-22)
T['modern-dev-003'] = [
    D('Today', '2023-11-22'),
    D('1 July 2025', '2025-07-01'),
    D('2040', '2040'),
    D('annual', 'P1Y', 'set', opt=True, note='adjectival frequency'),
    M('around €2.8 billion', 2.8e9, 'EUR', 'around'),
    D('around 18 months', 'P18M', 'duration'),
    D('2012', '2012'),
    D('now', 'PRESENT_REF', opt=True, note='vague'),
    D('the past decade', 'P10Y', 'duration'),
    D('recent', 'PAST_REF', opt=True, note='vague'),
    D('today', '2023-11-22', opt=True, note='generic today = nowadays'),
]
# ---------------------------------------------------------------- 004 (2024-04-08)
T['modern-dev-004'] = [
    D('the second half of April 2024', '2024-04'),
    D('the end of October 2024', '2024-10'),
    D('2027', '2027'),
    D('2030', '2030'),
    D('2030', '2030'),
    D('2050', '2050'),
    D('the future', 'FUTURE_REF', opt=True, note='vague'),
    D('June 2022', '2022-06'),
    D('the 20th day after its publication', None, opt=True, note='anaphoric, publication date not given'),
    D('every 2 years', 'P2Y', 'set'),
]
# ---------------------------------------------------------------- 005 (2024-07-05)
T['modern-dev-005'] = [
    D('next year', '2025'),
    D('today', '2024-07-05'),
    D('Today', '2024-07-05'),
    D('last year', '2023'),
    D('5 January 2025', '2025-01-05'),
    D('5 July 2025', '2025-07-05'),
]
# ---------------------------------------------------------------- 006 (2024-12-13)
T['modern-dev-006'] = [
    C('German', 'DE', dem=True),
    C('Germany', 'DE'),
    D('now', 'PRESENT_REF', opt=True, note='vague'),
    C('Germany', 'DE'),
    M('about 450 billion euros', 450e9, 'EUR', 'about'),
    D('2037', '2037'),
    C('Germany', 'DE'),
    C('Germany', 'DE'),
    D('2024', '2024'),
    D('2025', '2025'),
    D('2040', '2040'),
]
# ---------------------------------------------------------------- 007 (2024-12-16, Monday)
T['modern-dev-007'] = [
    C('Germany', 'DE'),
    C('Germany', 'DE'),
    C('Germany', 'DE'),
    C('Swedish', 'SE', dem=True),
    C('Germany', 'DE'),
    C('Sweden', 'SE'),
    D('12 December', '2024-12-12'),
    C('Germany', 'DE'),
    C('Germany', 'DE'),
    D('last week', '2024-W50'),
    M('above 900 euros', 900, 'EUR', 'above'),
    C('Germany', 'DE'),
    M('300 euros', 300, 'EUR'),
    D('mid-December', '2024-12'),
    D('mid-December', '2024-12'),
    D('the coming weeks', 'FUTURE_REF', opt=True, note='vague'),
    D('Christmas', '2024-12-25', opt=True, note='holiday period, "the upcoming Christmas holidays"'),
    C('Sweden', 'SE'),
    D('12 December', '2024-12-12'),
    C('Germany', 'DE'),
    C('Germans', 'DE', dem=True),
    C('Germany', 'DE'),
    C('Sweden', 'SE'),
    C('Sweden', 'SE'),
    C('Germany', 'DE'),
    C('Germany', 'DE'),
    D('the year', None, opt=True, note='generic "certain periods of the year"'),
    C('Sweden', 'SE'),
    C('German', 'DE', dem=True),
    C('Sweden', 'SE'),
    C('Sweden', 'SE'),
    C('Germany', 'DE'),
    C('Sweden', 'SE'),
    C('Germany', 'DE'),
    C('Sweden', 'SE'),
    C('German', 'DE', dem=True),
    D('2021', '2021'),
    D('12 December', '2024-12-12'),
    C('Germany', 'DE'),
    D('the year', '2024', opt=True, note='"throughout the year": the analysed year, anaphoric'),
    C('Sweden', 'SE'),
    C('Norway', 'NO'),
    C('Denmark', 'DK'),
    C('Germany', 'DE'),
    C('Poland', 'PL'),
    C('Czechia', 'CZ'),
    C('Austria', 'AT'),
    C('Switzerland', 'CH'),
    C('France', 'FR'),
    C('Belgium', 'BE'),
    C('Netherlands', 'NL'),
]
# ---------------------------------------------------------------- 008 (2024-12-18)
T['modern-dev-008'] = [
    C('Germany', 'DE'),
    D('2024', '2024'),
    C('Germany', 'DE'),
    D('2024', '2024'),
    C('German', 'DE', dem=True, opt=True, note='inside organisation name'),
    D('annual', 'P1Y', 'set', opt=True, note='adjectival frequency'),
    D('1990', '1990'),
    C('West Germany', 'DE', hist=True, name='West Germany'),
    D('the early 1970s', '197'),
    D('2023', '2023'),
    D('the year', '2024'),
    D('2023', '2023'),
    D('1990', '1990'),
    D('this year', '2024'),
    D('one year ago', '2023'),
    D('the last quarter of the year', '2024-Q4'),
    C('Germany', 'DE'),
    D('2024', '2024'),
    D('now', 'PRESENT_REF', opt=True, note='vague "by now"'),
    C('Germany', 'DE'),
    C('France', 'FR'),
    D('2023', '2023'),
    C('Norway', 'NO'),
    C('Russia', 'RU'),
    C('Germany', 'DE'),
    D('2024', '2024'),
    C('U.S.', 'US'),
]
# ---------------------------------------------------------------- 009 (2024-12-19)
T['modern-dev-009'] = [
    C('Germany', 'DE', opt=True, note='inside the label name "Made in Germany 2.0"'),
    D('2025', '2025'),
    C('German', 'DE', dem=True),
    D('the future', 'FUTURE_REF', opt=True, note='vague'),
    C('Germany', 'DE', opt=True, note='inside the label name "Made in Germany 2.0"'),
    D('the 21st century', '20'),
    C('Germany', 'DE', opt=True, note='inside the name "Made in Germany bonus"'),
    M('100-billion-euro', 100e9, 'EUR'),
    C('Germany', 'DE', opt=True, note='inside the fund name "Germany Fund"'),
    C('Germany', 'DE'),
    C('Germany', 'DE'),
    D('2035', '2035'),
    C('Germany', 'DE'),
    D('November', '2024-11'),
    D('2030', '2030'),
    D('the end of the decade', '202'),
]
# ---------------------------------------------------------------- 010 (2024-12-20)
T['modern-dev-010'] = [
    C('Germany', 'DE'),
    C('Germany', 'DE'),
    M('more than 500 billion euros', 500e9, 'EUR', 'more than'),
    D('2045', '2045'),
    M('320 billion euros', 320e9, 'EUR'),
    M('200 billion euros', 200e9, 'EUR'),
    M('about 86 billion euros', 86e9, 'EUR', 'about'),
    C('Germany', 'DE'),
    C('Germany', 'DE'),
    D('2021', '2021'),
    D('2030', '2030'),
    D('2023', '2023'),
    C('Germany', 'DE'),
    D('2019', '2019'),
    C('Germany', 'DE'),
]
# ---------------------------------------------------------------- 011 (2025-01-06)
T['modern-dev-011'] = [
    C('Germany', 'DE'),
    D('2025', '2025'),
    C('Germany', 'DE'),
    C('Germany', 'DE'),
    D('2025', '2025'),
    C('Germany', 'DE'),
    D('this year', '2025'),
    D('2026', '2026'),
    D('2032', '2032'),
    M('around 19 billion euros', 19e9, 'EUR', 'around'),
    D('October 2024', '2024-10'),
    C('Germany', 'DE'),
    D('2024', '2024'),
    D('the previous year', '2023', opt=True, note='anaphoric to 2024'),
    D('the end of 2025', '2025'),
]
# ---------------------------------------------------------------- 012 (2025-01-08)
T['modern-dev-012'] = [
    C('Germany', 'DE'),
    D('2024', '2024'),
    C('Germany', 'DE'),
    D('2024', '2024'),
    D('2014', '2014'),
    D('1990', '1990'),
    C('Germany', 'DE'),
    C('Germany', 'DE'),
    D('2030', '2030'),
    D('2024', '2024'),
    C('Germany', 'DE'),
    D('2024', '2024'),
    D('last year', '2024'),
    D('2023', '2023'),
    D('Last year', '2024'),
    D('1962', '1962'),
    C('Germany', 'DE'),
    D('2023', '2023'),
    D('2023', '2023'),
    D('2024', '2024'),
    D('2024', '2024'),
    D('summer', '2024-SU', opt=True, note='season, anaphoric to 2024'),
    C('France', 'FR'),
    C('Denmark', 'DK'),
    D('2024', '2024'),
    M('78.51 euros', 78.51, 'EUR'),
    M('95.18 euros', 95.18, 'EUR'),
    D('2023', '2023'),
]
NAMES.update({'SN': 'Senegal'})
# ---------------------------------------------------------------- 013 (2025-01-10)
T['modern-dev-013'] = [
    C('Germany', 'DE'),
    C('German', 'DE', dem=True),
    C('Germany', 'DE'),
    D('2019', '2019'),
    D('then', '2019', opt=True, note='anaphoric "since then"'),
    C('Russia', 'RU'),
    C('Ukraine', 'UA'),
    C('German', 'DE', dem=True),
    C('Russia', 'RU'),
    C('Ukraine', 'UA'),
    C('Germany', 'DE'),
    C('Senegal', 'SN'),
    D('2022', '2022'),
    D('now', 'PRESENT_REF', opt=True, note='vague'),
    D('July 2024', '2024-07'),
]
# ---------------------------------------------------------------- 014 (2025-01-16)
T['modern-dev-014'] = [
    C('German', 'DE', dem=True),
    C('German', 'DE', dem=True),
    M('70 million euros', 70e6, 'EUR'),
    C('US', 'US'),
    C('Irish', 'IE', dem=True),
    C('Germany', 'DE'),
    C('Danish', 'DK', dem=True),
    D('2035', '2035'),
    D('ten years', 'P10Y', 'duration'),
    D('the national target year', None, opt=True, note='anaphoric, year not given'),
    D('2027', '2027'),
    D('the winter', None, opt=True, note='generic season'),
    D('around two weeks', 'P2W', 'duration'),
    D('every year', 'P1Y', 'set'),
    D('2028', '2028'),
    C('Danish', 'DK', dem=True),
    D('recently', 'PAST_REF', opt=True, note='vague'),
    C('Germany', 'DE'),
    C('Germany', 'DE'),
]
# ---------------------------------------------------------------- 015 (2025-01-27)
T['modern-dev-015'] = [
    C('Germany', 'DE'),
    C('Germany', 'DE'),
    D('2021', '2021'),
    D('2023', '2023'),
    C('Germany', 'DE'),
    D('2023', '2023'),
    D('2021', '2021'),
    D('the year', '2021', opt=True, note='apposition to 2021'),
    C('Russia', 'RU'),
    C('Ukraine', 'UA'),
    M('over 80 billion euros', 80e9, 'EUR', 'over'),
    D('2023', '2023'),
    M('€69 billion', 69e9, 'EUR'),
    D('2021', '2021'),
    D('December 2024', '2024-12'),
    D('2021', '2021'),
    D('last year', '2024'),
    C('Germany', 'DE'),
    C('Russian', 'RU', dem=True),
    C('Russia', 'RU'),
    C('Ukraine', 'UA'),
    D('end of 2021', '2021'),
    C('Russia', 'RU'),
    C('Germany', 'DE'),
]
# ---------------------------------------------------------------- 016 (2025-02-04)
T['modern-dev-016'] = [
    D('2016', '2016'),
    D('2025', '2025'),
    C('Germany', 'DE', opt=True, note='inside organisation name "Greenpeace Germany"'),
    M('1.18 trillion dollars', 1.18e12, 'USD'),
    D('2016', '2016'),
    M('1.36 trillion dollars', 1.36e12, 'USD'),
    D('2023', '2023'),
    C('Canada', 'CA'),
    D('2016', '2016'),
    D('2023', '2023'),
    C('U.S.', 'US'),
    C('Japan', 'JP'),
    C('Germany', 'DE'),
    C('Germany', 'DE', opt=True, note='inside organisation name "Greenpeace Germany"'),
    C('Russia', 'RU'),
    C('Ukraine', 'UA'),
    C('Germany', 'DE'),
    D('2023', '2023'),
    C('Germany', 'DE', opt=True, note='inside organisation name "Greenpeace Germany"'),
    D('2023', '2023'),
    C('Germany', 'DE'),
    D('2023', '2023'),
    C('Germany', 'DE'),
]
# ---------------------------------------------------------------- 017 (2025-02-12)
T['modern-dev-017'] = [
    C('Germany', 'DE'),
    C('Germany', 'DE'),
    D('multi-year', 'PXY', 'duration', opt=True, note='vague duration'),
    C('German', 'DE', dem=True),
    D('2045', '2045'),
    C('German', 'DE', dem=True, opt=True, note='inside organisation name "German Meteorological Service"'),
    C('Norway', 'NO', opt=True, note='inside company name "Fugro Norway"'),
    D('at least three years', 'P3Y', 'duration'),
    C('Germany', 'DE'),
    D('recently', 'PAST_REF', opt=True, note='vague'),
    C('Germany', 'DE'),
    D('23 February', '2025-02-23'),
    D('Last year', '2024'),
    C('German', 'DE', dem=True),
    D('2023', '2023'),
]
# ---------------------------------------------------------------- 018 (2025-02-17)
T['modern-dev-018'] = [
    C('Germany', 'DE'),
    C('German', 'DE', dem=True),
    M('52 million euros', 52e6, 'EUR'),
    D('the year', None, opt=True, note='generic "throughout the year"'),
    C('Belgium', 'BE'),
    C('Germany', 'DE'),
    C('Germany', 'DE'),
    D('2030', '2030'),
    D('per year', 'P1Y', 'set'),
]
# ---------------------------------------------------------------- 019 (2025-02-18, Tuesday)
T['modern-dev-019'] = [
    C('German', 'DE', dem=True),
    D('this week', '2025-W08'),
    D('2023', '2023'),
    D('21 January', '2025-01-21', opt=True, note='inconsistent with future tense and publication 2025-02-18'),
    D('2022', '2022'),
    M('more than 46 million euros', 46e6, 'EUR', 'more than'),
    C('Germany', 'DE'),
    D('2031', '2031'),
    D('2024', '2024'),
    D('ten years before', '2014', opt=True, note='anaphoric to 2024'),
    C('Germany', 'DE'),
    D('2024', '2024'),
    D('decades', 'PXDE', 'duration', opt=True, note='vague'),
    D('the future', 'FUTURE_REF', opt=True, note='vague'),
    C('Germany', 'DE'),
    D('2038', '2038'),
    C('Germany', 'DE'),
    D('late 2024', '2024'),
    C('German', 'DE', dem=True),
    D('ten-year', 'P10Y', 'duration'),
    D('2023', '2023'),
    D('the year', '2023', opt=True, note='apposition to 2023'),
]
# ---------------------------------------------------------------- 020 (2025-02-28)
T['modern-dev-020'] = [
    D('2024', '2024'),
    D('2024', '2024'),
    D('the previous year', '2023', opt=True, note='anaphoric to 2024'),
    C('Germany', 'DE'),
    D('last year', '2024'),
    C('UK', 'GB'),
    C('France', 'FR'),
    D('now', 'PRESENT_REF', opt=True, note='vague'),
    D('the future', 'FUTURE_REF', opt=True, note='vague'),
    C('Denmark', 'DK'),
    D('2024', '2024'),
    C('Ireland', 'IE'),
    C('Sweden', 'SE'),
    D('currently', 'PRESENT_REF', opt=True, note='vague'),
    D('The past year', '2024'),
    C('Germany', 'DE'),
    D('2030', '2030'),
    D('2030', '2030'),
]
NAMES.update({'ID': 'Indonesia', 'VN': 'Vietnam'})
# ---------------------------------------------------------------- 021 (2025-02-28)
T['modern-dev-021'] = [
    D('now', 'PRESENT_REF', opt=True, note='vague'),
    D('2030', '2030'),
    C('Germany', 'DE'),
    D('the past two years', 'P2Y', 'duration'),
    D('January 2023', '2023-01'),
    C('German', 'DE', dem=True),
    C('Germany', 'DE'),
    C('Germany', 'DE'),
]
# ---------------------------------------------------------------- 022 (2025-03-03)
T['modern-dev-022'] = [
    C('Chinese', 'CN', dem=True),
    C('German', 'DE', dem=True),
    C('Chinese', 'CN', dem=True),
    C('German', 'DE', dem=True),
    C('German', 'DE', dem=True, opt=True, note='inside organisation name "German Institute for Defence and Strategic Studies"'),
    C('Germany', 'DE'),
    C('Chinese', 'CN', dem=True),
    D('today', '2025-03-03', opt=True, note='generic today = nowadays'),
    C('China', 'CN'),
    C('Chinese', 'CN', dem=True),
    C('Germany', 'DE'),
    C('China', 'CN'),
    C('German', 'DE', dem=True),
    C('Chinese', 'CN', dem=True),
]
# ---------------------------------------------------------------- 023 (2025-03-04)
T['modern-dev-023'] = [
    D('12 March 2025', '2025-03-12'),
    D('5 year', 'P5Y', 'duration'),
    D('July 2025', '2025-07'),
    D('October 2030', '2030-10'),
    C('Russian', 'RU', dem=True),
    D('10 March', '2025-03-10'),
    D('12', '2025-03-12'),
    D('17 March', '2025-03-17'),
    D('18', '2025-03-18'),
    D('21 March', '2025-03-21'),
    D('26 March', '2025-03-26'),
    D('2023', '2023'),
    D('15', '2024-02-15'),
    D('27 February 2024', '2024-02-27'),
    D('21 February', '2024-02-21', note='narrative year 2024'),
]
# ---------------------------------------------------------------- 024 (2025-03-06)
T['modern-dev-024'] = [
    C('Germany', 'DE'),
    D('decades', 'PXDE', 'duration', opt=True, note='vague "for decades"'),
    C('Germany', 'DE'),
    C('German', 'DE', dem=True, opt=True, note='inside organisation name "German Mineral Resources Agency"'),
    D('2030', '2030'),
    D('2024', '2024'),
    C('Germany', 'DE'),
]
# ---------------------------------------------------------------- 025 (2025-03-07)
T['modern-dev-025'] = [
    C('Germany', 'DE'),
    C('U.S.', 'US'),
    C('German', 'DE', dem=True),
    C('U.S.', 'US'),
    D('now', 'PRESENT_REF', opt=True, note='vague'),
    C('U.S.', 'US'),
    C('U.S.', 'US'),
    C('South Africa', 'ZA'),
    C('Indonesia', 'ID'),
    C('Vietnam', 'VN'),
    D('2021', '2021'),
    C('U.S.', 'US'),
    C('UK', 'GB'),
    C('France', 'FR'),
    C('Germany', 'DE'),
    M('8.5 billion U.S. dollars', 8.5e9, 'USD'),
    C('U.S.', 'US', opt=True, note='inside currency name "U.S. dollars"'),
    C('South Africa', 'ZA'),
    C('South Africa', 'ZA'),
    D('2021', '2021'),
    C('USA', 'US'),
    C('South Africa', 'ZA'),
    C('Indonesia', 'ID'),
    C('Vietnam', 'VN'),
    C('Senegal', 'SN'),
    D('last year', '2024'),
    C('German', 'DE', dem=True),
    C('India', 'IN'),
]
# ---------------------------------------------------------------- 026 (2025-03-14)
T['modern-dev-026'] = [
    C('German', 'DE', dem=True),
    C('Germany', 'DE'),
    C('Germany', 'DE'),
    C('Germany', 'DE'),
    D('2021', '2021'),
    D('2030', '2030'),
    D('2025', '2025'),
    D('exactly one year ago', '2024'),
    M('billions of euros', None, 'EUR', opt=True, note='no exact amount'),
    C('Germany', 'DE'),
    D('the 1990s', '199'),
    D('2030', '2030'),
    D('2005', '2005'),
    C('Germany', 'DE'),
    C('Poland', 'PL'),
    C('Germany', 'DE'),
    D('2030', '2030'),
    D('2005', '2005'),
    D('2030', '2030'),
    D('1990', '1990'),
    C('Germany', 'DE'),
    D('2020', '2020'),
    C('Hungary', 'HU'),
    C('Bulgaria', 'BG'),
    C('Czech Republic', 'CZ'),
    M('one euro', 1, 'EUR'),
    D('the 2020s', '202'),
    D('currently', 'PRESENT_REF', opt=True, note='vague'),
    M('around 70 euros', 70, 'EUR', 'around'),
    M('almost 16 billion euros', 16e9, 'EUR', 'almost'),
]
# ---------------------------------------------------------------- 027 (2025-03-18, Tuesday)
T['modern-dev-027'] = [
    C('German', 'DE', dem=True),
    M('€500 bln', 500e9, 'EUR'),
    C('Germany', 'DE'),
    M('hundreds of billions of euros', None, 'EUR', opt=True, note='no exact amount'),
    D('Friday this week', '2025-03-21'),
    M('500-billion-euros', 500e9, 'EUR'),
    C('Germany', 'DE'),
    D('decades', 'PXDE', 'duration', opt=True, note='vague "over decades"'),
    D('today', '2025-03-18'),
    D('2045', '2045'),
    M('up to 500 billion euros', 500e9, 'EUR', 'up to'),
    D('annual', 'P1Y', 'set', opt=True, note='adjectival frequency'),
    D('twelve years', 'P12Y', 'duration'),
    M('100 billion euros', 100e9, 'EUR'),
    C('Germany', 'DE', opt=True, note='inside organisation name "WWF Germany"'),
    C('Germany', 'DE'),
    C('Germany', 'DE'),
    D('Tuesday', '2025-03-18', note='the publication day, a Tuesday'),
    D('25 March', '2025-03-25'),
    C('Germany', 'DE', opt=True, note='inside party name "Alternative for Germany"'),
    C('Germany', 'DE'),
    D('21 March', '2025-03-21'),
]
# ---------------------------------------------------------------- 028 (2025-03-21)
T['modern-dev-028'] = [
    C('Italy', 'IT'),
    D('the past years', 'PXY', 'duration', opt=True, note='vague'),
    D('This month', '2025-03'),
    C('Italy', 'IT'),
    D('12-month', 'P12M', 'duration'),
    C('Italy', 'IT'),
    C('Italian', 'IT', dem=True),
    D('now', 'PRESENT_REF', opt=True, note='vague'),
    D('June 2026', '2026-06'),
    D('7 May 2025', '2025-05-07'),
    D('the future', 'FUTURE_REF', opt=True, note='vague'),
]
# ---------------------------------------------------------------- 029 (2025-03-25)
T['modern-dev-029'] = [
    C('German', 'DE', dem=True),
    C('Germany', 'DE'),
    D('currently', 'PRESENT_REF', opt=True, note='vague'),
    D('February', '2025-02'),
    D('two years', 'P2Y', 'duration'),
    C('Germany', 'DE'),
    D('2030', '2030'),
    C('German', 'DE', dem=True),
]
# ---------------------------------------------------------------- 030 (2025-03-31)
YOY = lambda: D('year-on-year', None, 'set', opt=True, note='comparison phrase, not a timex proper')
QOQ = lambda: D('quarter-on-quarter', None, 'set', opt=True, note='comparison phrase, not a timex proper')
T['modern-dev-030'] = [
    D('Quarterly', 'P3M', 'set', opt=True, note='adjectival frequency'),
    D('the fourth quarter of 2024', '2024-Q4'),
    D('quarterly', 'P3M', 'set', opt=True, note='adjectival frequency'),
    D('today', '2025-03-31'),
    D('October', '2024-10'),
    D('December', '2024-12'),
    D('2024', '2024'),
    D('last year', '2024'),
    D('quarterly', 'P3M', 'set', opt=True, note='adjectival frequency'),
    D('the same quarter of 2023', '2023-Q4'),
    D('2024', '2024'),
    D('2021', '2021'),
    D('2022', '2022'),
    C('Russian', 'RU', dem=True),
    D('the October-December period', '2024-Q4'),
    D('quarterly', 'P3M', 'set', opt=True, note='adjectival frequency'),
    YOY(),
    D('the second quarter of 2021', '2021-Q2'),
    QOQ(),
    YOY(),
    D('the winter months', None, opt=True, note='season, anaphoric'),
    D('the previous quarters', None, opt=True, note='vague'),
    D('Year-on-year', None, 'set', opt=True, note='comparison phrase'),
    D('the quarter', '2024-Q4', opt=True, note='anaphoric'),
    D('the previous quarter', '2024-Q3', opt=True, note='anaphoric'),
    QOQ(),
    M('43 €', 43, 'EUR'),
    D('the same quarter in 2023', '2023-Q4'),
    QOQ(),
    M('106 €', 106, 'EUR'),
    YOY(),
    D('annual', 'P1Y', 'set', opt=True, note='adjectival frequency'),
    D('2024', '2024'),
    D('2023', '2023'),
    D('2023', '2023'),
    D('2022', '2022'),
    M('35 €', 35, 'EUR'),
    D('2023', '2023'),
    D('2022', '2022'),
    M('104 €', 104, 'EUR'),
    D('2023', '2023'),
    D('2021', '2021'),
    D('the last year before the Russian invasion of Ukraine', '2021', opt=True, note='apposition to 2021'),
    C('Russian', 'RU', dem=True),
    C('Ukraine', 'UA'),
    C('Norway', 'NO'),
    C('U.S.', 'US'),
    D('2024', '2024'),
    C('China', 'CN'),
    C('Japan', 'JP'),
    D('The year 2024', '2024'),
    D('the first half of the year', '2024-H1'),
    D('2021', '2021'),
    D('April 2024', '2024-04'),
    D('2024', '2024'),
    D('2024', '2024'),
    D('yearly', 'P1Y', 'set', opt=True, note='adjectival frequency'),
    D('2024', '2024'),
    D('2023', '2023'),
    M('74 €', 74, 'EUR'),
    D('2024', '2024'),
    YOY(),
    YOY(),
    M('242 €', 242, 'EUR'),
]

# ---------------------------------------------------------------- added after the pipeline comparison
# Rule adopted on review: adjectival vague temporal words ("current", "future", "previously") are
# temporal expressions (PRESENT_REF/FUTURE_REF/PAST_REF) but vague, hence optional -- as "now" already was.
CUR = lambda: D('current', 'PRESENT_REF', opt=True, note='vague adjectival temporal')
FUT = lambda: D('future', 'FUTURE_REF', opt=True, note='vague adjectival temporal')
T['modern-dev-001'] += [FUT()]
T['modern-dev-003'] += [CUR(), CUR()]
T['modern-dev-006'] += [FUT()]
T['modern-dev-007'] += [D('a day', '2024-12-12', opt=True, note='indefinite "a day of very little wind" = 12 December, anaphoric')]
T['modern-dev-009'] += [FUT(), FUT()]
T['modern-dev-010'] += [CUR(), FUT()]
T['modern-dev-017'] += [D('current', 'PRESENT_REF', opt=True, skip=1, note='vague adjectival temporal (skips "ocean current")')]
T['modern-dev-021'] += [CUR()]
T['modern-dev-024'] += [D('previously', 'PAST_REF', opt=True, note='vague')]
T['modern-dev-027'] += [FUT()]
T['modern-dev-029'] += [FUT(), FUT(), FUT(), CUR()]


# ====================================================================== builder
def boundary_ok(text, s, e):
    before = text[s - 1] if s > 0 else ' '
    after = text[e] if e < len(text) else ' '
    return not before.isalnum() and not after.isalnum()

def place(text, entries, aid):
    placed, cursor = [], {}
    for f, opt, skip, note in entries:
        s = f['text']
        pos = cursor.get(s, 0)
        todo = skip
        while True:
            i = text.find(s, pos)
            if i < 0:
                sys.exit(f'{aid}: cannot place {s!r} (skip={skip})')
            j = i + len(s)
            overl = any(p['type'] == f['type'] and p['start'] < j and i < p['end'] for p in placed)
            if boundary_ok(text, i, j) and not overl:
                if todo == 0:
                    break
                todo -= 1
            pos = i + 1
        cursor[s] = j
        g = {'type': f['type'], 'text': s, 'start': i, 'end': j}
        g.update({k: v for k, v in f.items() if k not in g})
        if opt:
            g['optional'] = True
        if note:
            g['note'] = note
        assert text[g['start']:g['end']] == g['text']
        placed.append(g)
    placed.sort(key=lambda g: (g['start'], g['end'], g['type']))
    return placed

# simple recall aid: spots that look like facts but are not covered by any placed fact
CHECK = re.compile(r"\b(Germany|German|Germans|Sweden|Swedish|Norway|Norwegian|Denmark|Danish|Poland|Polish|"
                   r"France|French|Belgium|Belgian|Netherlands|Dutch|Russia|Russian|Ukraine|Ukrainian|U\.S\.|US|USA|"
                   r"UK|Britain|British|China|Chinese|Japan|Japanese|Italy|Italian|Spain|Spanish|Austria|Austrian|"
                   r"Switzerland|Swiss|Czechia|Czech|Hungary|Bulgaria|Ireland|Irish|Canada|India|Senegal|"
                   r"South Africa|Indonesia|Vietnam|Qatar|American|America|Soviet|"
                   r"\d{4}s?|January|February|March|April|May|June|July|August|September|October|November|December|"
                   r"today|Today|yesterday|tomorrow|week|month|year|years|decade|quarter|annual|daily|monthly|now|"
                   r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|euros?|dollars?|€|\$|£|bln|bn|mln)\b|[€$£]")

def main():
    arts = [json.loads(l) for l in open(ART)]
    out, report = [], []
    for a in arts:
        aid = a['id']
        if aid not in T:
            continue
        facts = place(a['text'], T[aid], aid)
        out.append({'article_id': aid, 'published': a['published'], 'facts': facts})
        for m in CHECK.finditer(a['text']):
            if not any(f['start'] <= m.start() < f['end'] for f in facts):
                ctx = a['text'][max(0, m.start() - 25):m.end() + 25].replace('\n', ' ')
                report.append(f'{aid} {m.start():5d} {m.group()!r:12} ...{ctx}...')
    missing = [f'modern-dev-{i:03d}' for i in range(1, 31) if f'modern-dev-{i:03d}' not in T]
    if missing:
        print('articles without table:', missing)
    with open(OUT, 'w') as fh:
        for r in out:
            fh.write(json.dumps(r, ensure_ascii=False) + '\n')
    from collections import Counter
    c = Counter((f['type'], bool(f.get('optional'))) for r in out for f in r['facts'])
    print('written', len(out), 'articles;', dict(sorted(c.items())))
    if '-v' in sys.argv:
        print('\n'.join(report))

if __name__ == '__main__':
    main()
