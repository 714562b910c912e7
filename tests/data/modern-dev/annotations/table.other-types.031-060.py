# -*- coding: utf-8 -*-
# Annotation table (read by build.py). Written from reading each article; see notes.md.
PRES = 'PRESENT_REF'

T['modern-dev-031'] = [
    C('German', '*'),                      # "German North Sea"
    C('Germany', '*'),
    D('Years', 0, 'duration', 'PXY', opt=True, note='vague: "Years of protests"'),
    D('the mid-century', 0, 'date', None, opt=True, note='vague: "around the mid-century"'),
    M('13-55 euros', 0, 13, 'EUR', amax=55, note='price per tonne, range'),
]

T['modern-dev-032'] = [
    C('German', '*', optional=[2]),        # 2 = German Chemical Industry Association (org name)
    C('US', '*'), C('USA', '*'), C('Germany', '*'),
    C('America', 0, opt=True, note='"governments in Europe and America": the US government, could be read as continent'),
    D('next week', 0, 'date', '2025-W15'),
    D('9 April', 0, 'date', '2025-04-09'),
    D('later this month', 0, 'date', '2025-04'),
    D('the day', 0, 'date', None, opt=True, note='anaphoric'),
    D('Liberation Day', 0, 'date', '2025-04-02', opt=True, note='name of the tariff announcement day, used predicatively'),
    D('Inflation Day', 0, 'date', None, opt=True, note='coined name, predicative'),
    D('the past', 0, 'date', None, opt=True, note='vague: "In the past"'),
]

T['modern-dev-033'] = [
    C('Russia', '*'),
    D('last winter', 0, 'date', '2024-WI'), D('last winter', 1, 'date', '2024-WI'),
    D('2025 Summer', 0, 'date', '2025-SU', opt=True, note='inside report title "2025 Summer Supply Outlook"'),  # [cmp] was "2025" opt
    D('today', 0, 'date', '2025-04-10'),
    D('winter months', 0, 'date', None, opt=True, note='generic'),
    D('1 April 2025', 0, 'date', '2025-04-01'),
    D('the winter season', 0, 'date', '2024-WI'),   # [cmp] added: missed by me ("the end of the winter season and gas year")
    D('Summer', 1, 'date', '2025-SU', opt=True, note='inside report title "The Summer Supply Outlook report"'),  # [cmp]
    D('the 2 previous years', 0, 'duration', 'P2Y'),
    D('the end of March', 0, 'date', '2025-03'),
    D('1 November', 0, 'date', '2025-11-01'),
    D('the past 2 years', 0, 'duration', 'P2Y'),
    D('more than 2 months', 0, 'duration', 'P2M'),
    D('this summer', 0, 'date', '2025-SU'), D('this summer', 1, 'date', '2025-SU'),
    D('5 March 2025', 0, 'date', '2025-03-05'),
    D('5 March', 1, 'date', '2025-03-05'),
    D('the end of 2027', 0, 'date', '2027'),
    D('the same time', 0, 'date', '2025-03-05', opt=True, note='anaphoric: same time as 5 March'),
    D('Today', 0, 'date', '2025-04-10'),
    D('Summer', 2, 'date', '2025-SU', opt=True, note='inside report title "Summer Supply Outlook 2025"'),  # [cmp]
    D('2025', 3, 'date', '2025', opt=True, note='inside report title "Summer Supply Outlook 2025"'),
    D('Summer', 3, 'date', '2024-SU', opt=True, note='inside report title "Review of the Summer Supply 2024"'),  # [cmp]
    D('2024', 0, 'date', '2024', opt=True, note='inside report title "Review of the Summer Supply 2024"'),
    D('Winter 2025/26', 0, 'date', '2025-WI'),
]

T['modern-dev-034'] = [
    C('German', '*'), C('Germany', '*'),
    C('Deutsche', '*', opt=True, note='German word inside company name (Deutsche ReGas / Deutsche Energy Terminal)'),
    C('Russia', '*'), C('Ukraine', '*'),
    D('2025', 0, 'date', '2025'),
    D('this year', 0, 'date', '2025'),
    D('2024', 0, 'date', '2024'),
    D('its first year of operation', 0, 'date', '2024', opt=True, note='anaphoric to 2024'),
    D('currently', 0, 'date', PRES, opt=True),
    D('now', 0, 'date', PRES, opt=True),
    D('One year ago', 0, 'date', '2024'),
    D('per week', 0, 'set', 'P1W'),
    D('the end of March', 0, 'date', '2025-03'),
    D('2025', 1, 'date', '2025'),
    D('now', 1, 'date', PRES, opt=True),
]

T['modern-dev-035'] = [
    C('British', '*'), C('UK', '*'), C('United Kingdom', '*'), C('Ukrainian', '*'), C('Egyptian', '*'),
    # "German Galushchenko" is a first name (Herman Halushchenko): not a country
    D('Tomorrow', 0, 'date', '2025-04-24'),
    D('currently', 0, 'date', PRES, opt=True),   # [cmp] added: missed by me
    D('May this year', 0, 'date', '2025-05'),
    D('15:40 CEST', 0, 'time', '2025-04-24T15:40', note='speech is tomorrow'),
]

T['modern-dev-036'] = [
    C('Germany', '*'), C('China', '*'), C('Chinese', '*'), C('US', '*'), C('Austria', '*'),
    C('Estonia', '*'), C('Serbia', '*'), C('German', '*'),
    D('2024', '*', 'date', '2024'),
    D('the previous year', 0, 'date', '2023'),
    D('2023', 0, 'date', '2023'),
    M('101 million euros', 0, 101000000, 'EUR'),
    D('2030', 0, 'date', '2030'),
    D('just a few weeks', 0, 'duration', 'PXW', opt=True, note='vague'),
    D('late last year', 0, 'date', '2024'),
    D('last year', 1, 'date', '2024'),
]

T['modern-dev-037'] = [
    C('Germany', '*'), C('German', '*'), C('Sweden', '*'), C('Italy', '*'), C('Norway', '*'), C('Denmark', '*'),
    M('six euros', 0, 6, 'EUR', note='price per megawatt hour'),
    D('2023', 0, 'date', '2023'), D('2023', 1, 'date', '2023'),
    D('currently', 0, 'date', PRES, opt=True), D('currently', 1, 'date', PRES, opt=True),
    M('3.2 billion euros', 0, 3200000000, 'EUR'),
    D('the coming years', 0, 'date', None, opt=True, note='vague'),
    D('28 April', 0, 'date', '2025-04-28'),
]

T['modern-dev-038'] = [
    C('Slovenia', 0, 'SI', 'Slovenia', 'name'), C('France', '*'), C('Portugal', 0, 'PT', 'Portugal', 'name'),
    C('Spain', '*'), C('Hungary', 0, 'HU', 'Hungary', 'name'), C('Czech Republic', '*'),
    C('Bulgaria', 0, 'BG', 'Bulgaria', 'name'), C('Germany', '*'), C('German', '*'),
    D('2027', 0, 'date', '2027'), D('2027', 1, 'date', '2027'),
    D('Every five years', 0, 'set', 'P5Y'),
    D('the time', 0, 'date', None, opt=True, note='anaphoric: "at the time the system kicks in"'),  # [cmp-review]
]

T['modern-dev-039'] = [
    C("Malta", 0, 'MT', 'Malta', 'name'),
    D('9 May 2025', 0, 'date', '2025-05-09'),
    D('April 2023', 0, 'date', '2023-04'),
    D('recent years', 0, 'date', None, opt=True, note='vague'),
    D('annual', 0, 'set', 'P1Y', opt=True, note='adjective "annual electricity savings"'),
    D('2030', 0, 'date', '2030'),
    D('annual', 1, 'set', 'P1Y', opt=True, note='adjective "Malta\'s annual electricity consumption"'),
    M('€530 million', 0, 530000000, 'EUR'),
    D('annually', 0, 'set', 'P1Y'),
    D('2030', 1, 'date', '2030'),
    D('9 May', 1, 'date', '2025-05-09'),
    D('the next 4 years', 0, 'duration', 'P4Y'),
    D('2030', 2, 'date', '2030'),
    D('2008', 0, 'date', '2008'),
    D('2013', 0, 'date', '2013'),
    D('yearly', 0, 'set', 'P1Y'),
    D('April 2023', 1, 'date', '2023-04'),
    D('9 May 2025', 1, 'date', '2025-05-09'),
    D('this date', 0, 'date', '2025-05-09', opt=True, note='anaphoric to 9 May 2025'),
]

T['modern-dev-040'] = [
    C('Germany', '*'), C('German', '*', optional=[0]),   # 0 = Association of German Transport Companies (org name)
    C('Poland', '*'), C('Czech Republic', '*'),
    D('recent decades', 0, 'date', None, opt=True, note='vague'),
    D('years', 0, 'duration', 'PXY', opt=True, note='vague: "for years"'),
    D('the past 14 years', 0, 'duration', 'P14Y'),
    D('2010', 0, 'date', '2010'), D('2024', 0, 'date', '2024'),
    D('per year', 0, 'set', 'P1Y'),
    D('2035', 0, 'date', '2035'),
]

T['modern-dev-041'] = [
    C('Germany', '*'), C('German', '*'), C('Spain', '*'), C('Portugal', 0, 'PT', 'Portugal', 'name'),
    D('28 April', 0, 'date', '2025-04-28'),
    D('weeks', 0, 'duration', 'PXW', opt=True, note='vague'),
    D('months', 0, 'duration', 'PXM', opt=True, note='vague'),
    D('currently', 0, 'date', PRES, opt=True),
    D('soon', 0, 'date', 'FUTURE_REF', opt=True),   # [cmp-review]
]

T['modern-dev-042'] = [
    D('today', 0, 'date', '2025-05-16'), D('today', 1, 'date', '2025-05-16'),
    D('now', 0, 'date', PRES, opt=True),
    D('early July 2025', 0, 'date', '2025-07'),
    D('June 2024', 0, 'date', '2024-06'),
    D('August 2024', 0, 'date', '2024-08'),
    D('18 December 2024', 0, 'date', '2024-12-18'),
    D('Ten Year', 0, 'duration', 'P10Y', opt=True, note='inside plan name "Hydrogen Ten Year Network Development Plan"'),
    D('1 January 2027', 0, 'date', '2027-01-01'),
]

T['modern-dev-043'] = [
    C('German', '*'), C('Germany', '*'),
    C('South Africa', 0, 'ZA', 'South Africa', 'name'), C('Indonesia', 0, 'ID', 'Indonesia', 'name'),
    C('Vietnam', 0, 'VN', 'Vietnam', 'name'), C('Russian', '*'), C('Ukraine', '*'),
    D('Wednesday', 0, 'date', '2025-05-21'), D('21 May', 0, 'date', '2025-05-21'),
    D('future', 0, 'date', 'FUTURE_REF', opt=True, note='"Europe\'s green future"'),   # [cmp-review]
    D('2023', 0, 'date', '2023'),
    M('up to four billion euros', 0, 4000000000, 'EUR', 'up to'),
    D('2030', 0, 'date', '2030'),
    D('the same time', 0, 'date', None, opt=True, note='discourse connective "At the same time"'),
]

T['modern-dev-044'] = [
    C('Germany', '*'), C('German', '*'), C('Russian', '*'), C('Russia', '*'), C('Ukraine', '*'),
    D('the next five years', 0, 'duration', 'P5Y'),
    D('per year', 0, 'set', 'P1Y'),
    D('annual', 0, 'set', 'P1Y', opt=True, note='adjective "an annual output"'),
    M('about 2.5 euros', 0, 2.5, 'EUR', 'about', note='price per kilogram'),
    D('2023', 0, 'date', '2023'),
    D('2022', 0, 'date', '2022'),
    D('recently', 0, 'date', 'PAST_REF', opt=True),   # [cmp] added: missed by me (deictic adverb rule)
    M('up to 400 billion euros', 0, 400000000000, 'EUR', 'up to'),
    D('2030', 0, 'date', '2030'),
]

T['modern-dev-045'] = [
    C('German', '*'), C('Germany', '*'), C('Russia', '*'), C('Ukraine', '*'), C('China', '*'),
    C('North Korea', 0, 'KP', 'North Korea', 'name'), C('Iran', 0, 'IR', 'Iran', 'name'),
    D('2022', 0, 'date', '2022'),
    D('currently', 0, 'date', PRES, opt=True), D('currently', 1, 'date', PRES, opt=True),
]

T['modern-dev-046'] = [
    C('Brazil', 0, 'BR', 'Brazil', 'name'),
    D('this week', 0, 'date', '2025-W24'),
    D('11 June', 0, 'date', '2025-06-11'),
    D('November', 0, 'date', '2025-11'),
    D('2030', 0, 'date', '2030'),
    D('April 2023', 0, 'date', '2023-04'),
    D('around 13:40 CEST', 0, 'time', '2025-06-11T13:40'),
    D('around 15:00 CEST', 0, 'time', '2025-06-11T15:00'),
    D('12-13 June', 0, 'date', '2025-06-12', note='two-day range; value = first day'),
    D('Annual', 0, 'set', 'P1Y', opt=True, note='inside conference name'),
]

T['modern-dev-047'] = [
    C('Germany', '*'), C('US', '*'), C('German', '*'),
    C('Luxembourg', 0, 'LU', 'Luxembourg', 'name', opt=True, note='"Luxembourg-based": HQ is Luxembourg City; country/city ambiguous'),
    D('the future', 0, 'date', 'FUTURE_REF', opt=True, note='"the future of its steelworks"'),   # [cmp]
    D('the future', 1, 'date', 'FUTURE_REF', opt=True, note='"the future of ArcelorMittal\'s plant"'),   # [cmp]
    D('the time being', 0, 'date', PRES, opt=True, note='"for the time being"'),
    D('Thursday', 0, 'date', '2025-06-19'),
    M('roughly 1.3 billion euros', 0, 1300000000, 'EUR', 'roughly'),
    M('about 5.6 billion euros', 0, 5600000000, 'EUR', 'about'),
]

T['modern-dev-048'] = [
    C('German', '*'), C('Germany', '*'),
    C('Deutscher', '*', opt=True, note='German word inside org name Deutscher Naturschutzring'),
    D('later this year', 0, 'date', '2025'),
    D('currently', '*', 'date', PRES, opt=True),
    M('500-billion-euro', 0, 500000000000, 'EUR'),
    M('100 billion euros', 0, 100000000000, 'EUR'),
    D('soon', 0, 'date', 'FUTURE_REF', opt=True),   # [cmp-review]
    M('about 24 billion euros', 0, 24000000000, 'EUR', 'about'),
    M('ten billion euros', 0, 10000000000, 'EUR'),
    D('per year', 0, 'set', 'P1Y'),
    M('roughly 23 billion euros', 0, 23000000000, 'EUR', 'roughly'),
    M('about 57 billion euros', 0, 57000000000, 'EUR', 'about'),
]

T['modern-dev-049'] = [
    C('Germany', '*'), C('German', '*'),
    C('Bermuda', 0, 'BM', 'Bermuda', 'name', opt=True, note='British Overseas Territory, not a sovereign state (has ISO code BM)'),
    C('Denmark', '*'), C('Ireland', 0, 'IE', 'Ireland', 'name'), C('Belgium', '*'),
    C('Iran', 0, 'IR', 'Iran', 'name'), C('Sudan', 0, 'SD', 'Sudan', 'name'), C('Italy', '*'),
    D('the first quarter of 2025', 0, 'date', '2025-Q1'),
    M('38 euro cents', 0, 0.38, 'EUR', note='per kWh; cents converted to EUR'),
    D('the start of the year', 0, 'date', '2025'),
    M('almost 42 cents', 0, 0.42, 'EUR', 'almost', note='euro cents (comparison is in euro cents)'),
    M('almost 41 cents', 0, 0.41, 'EUR', 'almost'),
    M('a little over 39 cents', 0, 0.39, 'EUR', 'a little over'),
    M('slightly above 38 cents', 0, 0.38, 'EUR', 'slightly above'),
    D('currently', 0, 'date', PRES, opt=True),
    M('15 cents', 0, 0.15, 'EUR'),
    D('2021', 0, 'date', '2021'),
    D('that time', 0, 'date', '2021', opt=True, note='anaphoric "At that time" = 2021'),
    M('almost 32 cents', 0, 0.32, 'EUR', 'almost'),
    M('0.35 cents', 0, 0.0035, 'EUR'),
    M('0.53 cents', 0, 0.0053, 'EUR'),
    D('currently', 1, 'date', PRES, opt=True),
    M('at least five cents', 0, 0.05, 'EUR', 'at least'),
]

T['modern-dev-050'] = [
    C('Germany', '*'), C('German', '*'),
    D('the future', 0, 'date', 'FUTURE_REF', opt=True, note='"the future of the country\'s industry"'),   # [cmp]
    M('less than two billion euros', 0, 2000000000, 'EUR', 'less than'),
    D('the medium term', 0, 'date', None, opt=True, note='vague: "in the medium term"'),
    M('24.5 billion euros', 0, 24500000000, 'EUR'),
    D('Tuesday', 0, 'date', '2025-06-24'),
]

T['modern-dev-051'] = [
    C('Germany', '*'),
    M('Billions of euros', 0, None, 'EUR', opt=True, note='no exact amount'),
    D('30 June', 0, 'date', '2025-06-30'),
    D('currently', 0, 'date', PRES, opt=True),
    M('up to 5.3 billion euros', 0, 5300000000, 'EUR', 'up to'),
    D('2026', 0, 'date', '2026'), D('2032', 0, 'date', '2032'),
    M('1.7 billion euros', 0, 1700000000, 'EUR'),
    D('soon', 0, 'date', 'FUTURE_REF', opt=True),   # [cmp-review]
    D('Monday afternoon', 0, 'time', '2025-06-30TAF'),
    M('5.3 billion euros', 1, 5300000000, 'EUR'),
    D('2026', 1, 'date', '2026'), D('2026', 2, 'date', '2026'),
]

T['modern-dev-052'] = [
    C('Germany', '*', optional=[2]),    # 2 = NGO "Environmental Action Germany"
    C('Netherlands', '*'), C('German', '*'), C('Dutch', '*'),
    D('one day after', 0, 'date', None, opt=True, note='anchored to an event (lowering of the alert), not dated in the text'),
]

T['modern-dev-053'] = [
    C('Germany', '*'), C('German', '*'), C('Russia', '*'), C('Russian', '*'), C('Ukraine', '*'),
    D('2022', '*', 'date', '2022'),
    D('the time', 0, 'date', '2022', opt=True, note='anaphoric "At the time" = 2022'),
    D('2024', 0, 'date', '2024'),
    D('the future', 0, 'date', 'FUTURE_REF', opt=True, note='vague'),
    D('the first quarter of 2025', 0, 'date', '2025-Q1'),
    D('three years', 0, 'duration', 'P3Y'),
    D('2026', 0, 'date', '2026'),
    M('38 euros', 0, 38, 'EUR', note='per MWh'),
    M('more than 300 euros', 0, 300, 'EUR', 'more than', note='per MWh'),
]

T['modern-dev-054'] = [
    C('China', 0), C('China', 2), C('China', 3), C('China', 4), C('China', 5), C('China', 6), C('China', 8),
    C('China', 9, opt=True, note='inside platform name EU-China Energy Cooperation Platform'),
    C('China', 10, opt=True, note='inside platform name China-Europe Energy Innovation Cooperation Platform'),
    C('People’s Republic of China', 0, 'CN', 'China', 'name'), C('People’s Republic of China', 1, 'CN', 'China', 'name'),
    D('14 June 2025', 0, 'date', '2025-06-14'),
]

T['modern-dev-055'] = [
    C('Germany', '*'), C('China', '*', optional=[2]),   # 2 = State Grid Corporation of China (company name)
    C('German', '*'), C('Italian', '*'), C('Chinese', '*'), C('Russia', '*'), C('Ukraine', '*'),
    D('April', 0, 'date', '2025-04'),
    M('920 million euro', 0, 920000000, 'EUR'),
    D('previously', 0, 'date', 'PAST_REF', opt=True),   # [cmp-review]
]

T['modern-dev-056'] = [
    C('Greece', '*', 'GR', 'Greece', 'name'),
    C('Hellenic', 0, 'GR', 'Greece', 'demonym', note='"Hellenic Ministry of Environment and Energy": the Greek state'),
    D('20 years', 0, 'duration', 'P20Y'),
    D('Today', 0, 'date', '2025-07-17'),
    D('Tomorrow', 0, 'date', '2025-07-18'),
]

T['modern-dev-057'] = [
    C('Germany', '*', optional=[1, 2]),   # 1 = Environmental Action Germany (NGO name), 2 = WWF Germany
    C('German', '*', optional=[0]),       # 0 = German Nature Conservation Ring (association name)
    D('2028', 0, 'date', '2028'), D('2034', 0, 'date', '2034'),
    D('future', 0, 'date', 'FUTURE_REF', opt=True, note='"Europe\'s future"'),   # [cmp-review]
    M('almost two trillion euros', 0, 2000000000000, 'EUR', 'almost'),
    M('around 700 billion euros', 0, 700000000000, 'EUR', 'around'),
    D('now', 0, 'date', PRES, opt=True),
    D('2040', 0, 'date', '2040'),
    D('two-year', 0, 'duration', 'P2Y'),
    D('future', 2, 'date', 'FUTURE_REF', opt=True, note='"in future"'),
    D('recent years', 0, 'date', None, opt=True, note='vague'),
    M('500 billion euros', 0, 500000000000, 'EUR'),
    D('the next decade', 0, 'duration', 'P10Y'),
]

T['modern-dev-058'] = [
    C('Germany', '*'),
    D('2025', 0, 'date', '2025'),
    D('the following years', 0, 'date', None, opt=True, note='vague'),
    M('36.7 billion euros', 0, 36700000000, 'EUR'),
    D('2025', 1, 'date', '2025'),
    D('previous years', 0, 'date', None, opt=True, note='vague'),
    M('around 25 billion euros', 0, 25000000000, 'EUR', 'around'),
    D('2030', 0, 'date', '2030'),
    M('100 billion euros', 0, 100000000000, 'EUR'),
    M('500 billion euros', 0, 500000000000, 'EUR'),
    D('2034', 0, 'date', '2034'),
    D('2024', 0, 'date', '2024'),
]

T['modern-dev-059'] = [
    C('Germany', '*'), C('US', '*'), C('German', '*'), C('Japan', '*'),
    D('10 to 15 years', 0, 'duration', 'P10Y', note='range; value = lower bound (as for money ranges)'),
    D('up to seven years', 0, 'duration', 'P7Y'),
    D('currently', 0, 'date', PRES, opt=True),
    D('2026', 0, 'date', '2026'),
    D('2029', 0, 'date', '2029'),
    D('the future', 0, 'date', 'FUTURE_REF', opt=True, note='vague'),
    D('currently', 1, 'date', PRES, opt=True),
    D('recent years', 0, 'date', None, opt=True, note='vague'),
    D('2022', 0, 'date', '2022'),
    D('the next five years', 0, 'duration', 'P5Y'),
    D('the end of the decade', 0, 'date', '202'),
    D('2035', 0, 'date', '2035'), D('2035', 1, 'date', '2035'),
    D('today', 0, 'date', '2025-07-25', opt=True, note='generic "today" = nowadays'),
    D('20 years ago', 0, 'date', '2005'),
    D('that time', 0, 'duration', None, opt=True, note='anaphoric: the 20 years'),
]

T['modern-dev-060'] = [
    C('US', '*', optional=[6]),           # 6 = "750 billion US dollars" (currency name)
    C('United States', '*'), C('USA', '*'),
    C('Germany', '*', optional=[0]),      # 0 = NGO Environmental Action Germany
    C('German', '*'), C('Russian', '*'),
    D('months-long', 0, 'duration', 'PXM', opt=True, note='vague'),
    D('27 July', 0, 'date', '2025-07-27'),
    M('750 billion US dollars', 0, 750000000000, 'USD'),
    M('hundreds of billions of euros', 0, None, 'EUR', opt=True, note='no exact amount'),
    D('the short term', 0, 'date', None, opt=True, note='vague'),
    D('the long term', 0, 'date', None, opt=True, note='vague'),
]
