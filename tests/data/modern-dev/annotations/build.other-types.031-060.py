#!/usr/bin/env python3
"""Gold builder for country/date/money, modern-dev-031..060 (annotator other-2).

Table format: per article a list of entries
  C(surface, occ, ...)  country; occ = 0-based index among whole-word, case-sensitive
                        occurrences of `surface` in the text, or "*" for every occurrence
                        (with `skip=[...]` occurrence indices left out and `optional=[...]`
                        indices marked optional)
  D(surface, occ, kind, value, opt=False, note=None)   date
  M(surface, occ, amount, currency, qualifier=None, amax=None, opt=False, note=None) money
Offsets are computed from the occurrence index and verified (text == article[start:end]).
"""
import json, re, sys
from decimal import Decimal
from pathlib import Path

ART = str(Path(__file__).resolve().parents[4].parent / 'shared' / 'data' / 'modern-dev' / 'articles.jsonl')
OUT = str(Path(__file__).resolve().parent / 'other-types.031-060.jsonl')

# surface -> (iso, canonical name, via, historical)
LEX = {
 'Germany': ('DE', 'Germany', 'name'), 'German': ('DE', 'Germany', 'demonym'),
 'Deutsche': ('DE', 'Germany', 'demonym'), 'Deutscher': ('DE', 'Germany', 'demonym'),
 'US': ('US', 'United States', 'name'), 'USA': ('US', 'United States', 'name'),
 'U.S.': ('US', 'United States', 'name'), 'United States': ('US', 'United States', 'name'),
 'America': ('US', 'United States', 'name'), 'American': ('US', 'United States', 'demonym'),
 'UK': ('GB', 'United Kingdom', 'name'), 'United Kingdom': ('GB', 'United Kingdom', 'name'),
 'Britain': ('GB', 'United Kingdom', 'name'), 'British': ('GB', 'United Kingdom', 'demonym'),
 'China': ('CN', 'China', 'name'), 'Chinese': ('CN', 'China', 'demonym'),
 'Russia': ('RU', 'Russia', 'name'), 'Russian': ('RU', 'Russia', 'demonym'),
 'Ukraine': ('UA', 'Ukraine', 'name'), 'Ukrainian': ('UA', 'Ukraine', 'demonym'),
 'Egyptian': ('EG', 'Egypt', 'demonym'), 'Egypt': ('EG', 'Egypt', 'name'),
 'Austria': ('AT', 'Austria', 'name'), 'Austrian': ('AT', 'Austria', 'demonym'),
 'Estonia': ('EE', 'Estonia', 'name'), 'Serbia': ('RS', 'Serbia', 'name'),
 'France': ('FR', 'France', 'name'), 'French': ('FR', 'France', 'demonym'),
 'Netherlands': ('NL', 'Netherlands', 'name'), 'Dutch': ('NL', 'Netherlands', 'demonym'),
 'Denmark': ('DK', 'Denmark', 'name'), 'Danish': ('DK', 'Denmark', 'demonym'),
 'Norway': ('NO', 'Norway', 'name'), 'Norwegian': ('NO', 'Norway', 'demonym'),
 'Poland': ('PL', 'Poland', 'name'), 'Polish': ('PL', 'Poland', 'demonym'),
 'Belgium': ('BE', 'Belgium', 'name'), 'Belgian': ('BE', 'Belgium', 'demonym'),
 'Italy': ('IT', 'Italy', 'name'), 'Italian': ('IT', 'Italy', 'demonym'),
 'Spain': ('ES', 'Spain', 'name'), 'Spanish': ('ES', 'Spain', 'demonym'),
 'Sweden': ('SE', 'Sweden', 'name'), 'Swedish': ('SE', 'Sweden', 'demonym'),
 'Switzerland': ('CH', 'Switzerland', 'name'), 'Swiss': ('CH', 'Switzerland', 'demonym'),
 'Japan': ('JP', 'Japan', 'name'), 'Japanese': ('JP', 'Japan', 'demonym'),
 'India': ('IN', 'India', 'name'), 'Indian': ('IN', 'India', 'demonym'),
 'Qatar': ('QA', 'Qatar', 'name'), 'Qatari': ('QA', 'Qatar', 'demonym'),
 'Czech Republic': ('CZ', 'Czechia', 'name'), 'Czechia': ('CZ', 'Czechia', 'name'),
 'Czech': ('CZ', 'Czechia', 'demonym'),
}

def C(surface, occ, iso=None, name=None, via=None, hist=False, opt=False, skip=(), optional=(), note=None):
    return ('country', surface, occ, dict(iso=iso, name=name, via=via, hist=hist, opt=opt,
                                          skip=set(skip), optional=set(optional), note=note))

def D(surface, occ, kind, value, opt=False, note=None):
    return ('date', surface, occ, dict(kind=kind, value=value, opt=opt, note=note))

def M(surface, occ, amount, currency, qualifier=None, amax=None, opt=False, note=None):
    return ('money', surface, occ, dict(amount=amount, currency=currency, qualifier=qualifier,
                                        amax=amax, opt=opt, note=note))

def occurrences(text, s):
    pat = re.escape(s)
    if re.match(r'\w', s[0]): pat = r'(?<!\w)' + pat
    if re.match(r'\w', s[-1]): pat = pat + r'(?!\w)'
    return [m.start() for m in re.finditer(pat, text)]

def num(x):
    if x is None: return None
    d = Decimal(str(x))
    return int(d) if d == d.to_integral_value() else float(d)

T = {}
exec((Path(__file__).resolve().parent / 'table.other-types.031-060.py').read_text())

def build():
    arts = {}
    for l in open(ART):
        a = json.loads(l)
        n = int(a['id'].split('-')[-1])
        if 31 <= n <= 60: arts[a['id']] = a
    out, errors = [], []
    for aid, a in arts.items():
        text = a['text']
        facts = []
        for typ, s, occ, f in T.get(aid, []):
            offs = occurrences(text, s)
            if occ == '*':
                idxs = [i for i in range(len(offs)) if i not in f.get('skip', ())]
                if not offs: errors.append(f'{aid}: no occurrence of {s!r}')
            else:
                idxs = [occ]
                if occ >= len(offs):
                    errors.append(f'{aid}: {s!r} occ {occ} of {len(offs)}'); continue
            for i in idxs:
                st = offs[i]; en = st + len(s)
                assert text[st:en] == s
                if typ == 'country':
                    iso, name, via = f['iso'], f['name'], f['via']
                    if s in LEX and iso is None and name is None:
                        iso, name, via0 = LEX[s]; via = via or via0
                    fact = dict(type='country', text=s, start=st, end=en, iso_alpha2=iso, name=name,
                                historical=f['hist'], via=via)
                    if f['opt'] or i in f.get('optional', ()): fact['optional'] = True
                elif typ == 'date':
                    fact = dict(type='date', text=s, start=st, end=en, kind=f['kind'], value=f['value'])
                    if f['opt']: fact['optional'] = True
                else:
                    fact = dict(type='money', text=s, start=st, end=en, amount=num(f['amount']),
                                currency=f['currency'], qualifier=f['qualifier'])
                    if f['amax'] is not None: fact['amount_max'] = num(f['amax'])
                    if f['opt']: fact['optional'] = True
                if f.get('note'): fact['note'] = f['note']
                facts.append(fact)
        facts.sort(key=lambda x: (x['start'], x['end']))
        for typ in ('country', 'date', 'money'):
          ff = [x for x in facts if x['type'] == typ]
          for x, y in zip(ff, ff[1:]):
            if y['start'] < x['end']:
                errors.append(f"{aid}: overlap {x['text']!r}@{x['start']} / {y['text']!r}@{y['start']}")
        # report unannotated occurrences of lexicon country words (to confirm deliberate exclusions)
        covered = {(x['start'], x['end']) for x in facts}
        for s in (LEX if aid in T else ()):
            for st in occurrences(text, s):
                if not any(cs <= st < ce for cs, ce in covered):
                    print(f'  note {aid}: unannotated {s!r}@{st}: ...{text[max(0,st-30):st+len(s)+30]!r}', file=sys.stderr)
        out.append(dict(article_id=aid, published=a['published'], facts=facts))
    for e in errors: print('ERROR', e, file=sys.stderr)
    if errors: sys.exit(1)
    with open(OUT, 'w') as fh:
        for o in out: fh.write(json.dumps(o, ensure_ascii=False) + '\n')
    from collections import Counter
    c = Counter((f['type'], bool(f.get('optional'))) for o in out for f in o['facts'])
    print(dict(c))

if __name__ == '__main__':
    build()
