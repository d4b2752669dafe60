"""A hand-made ledger for the reconciliation, briefing and export tests.

Wire-style reports, December 2024 to May 2025, on North Korean soldiers
killed fighting for Russia, from several outlets relaying several sources:

* Dec 19: Yonhap — lawmaker Lee Seong-kweun, briefed by the NIS: about 100 killed;
  Dec 20: Reuters restates it (same origin, same value, a day later).
* Jan 13: Yonhap — Lee via the NIS: about 300 killed and 2,700 wounded (the wounded
  sentence names no intermediary: it inherits the NIS from the same article).
* Jan 15: The Kyiv Independent — Ukraine's military intelligence (HUR): about 1,000
  killed (contradicts the NIS's 300, same period); and Ukraine's General Staff: about
  250,000 Russian soldiers killed (another actor: another figure).
* Apr 30: Yonhap — Lee via the NIS: about 600 killed, casualties estimated at 4,700.
* May 1: The Guardian restates the 600, from "South Korea's spy agency" (the NIS).
* May 2: AFP — UK Defence Intelligence estimated about 620 killed (corroborates 600).
* May 2: TASS — the Kremlin denied that North Korean soldiers had been killed in Ukraine.

Claims are built by hand (not extracted) so the reconciliation is checked exactly.
"""
from __future__ import annotations

from datetime import date

from claimledger.ingest.document import Document
from claimledger.ledger import Ledger
from claimledger.model import Claim, Location, Source, Span, Subject, TimeRef, Via

NK = Subject("North Korean soldiers", "North Korea", "KP")
UKRAINE = Location("Ukraine", "UA", 49.0, 32.0, "country")
KURSK = Location("Kursk", "RU", 51.73, 36.19, "region")

ARTICLES = [
    # key, publisher, url, published, text
    ("yonhap-1219", "Yonhap", "https://en.yna.co.kr/view/1219", "2024-12-19",
     "SEOUL, Dec. 19 (Yonhap) -- About 100 North Korean soldiers have been killed in fighting against "
     "Ukrainian forces, lawmaker Lee Seong-kweun said Thursday after a briefing by the National "
     "Intelligence Service."),
    ("reuters-1220", "Reuters", "https://www.reuters.com/world/nk-1220", "2024-12-20",
     "SEOUL, Dec 20 (Reuters) - About 100 North Korean soldiers have been killed, a South Korean "
     "lawmaker said on Thursday, citing the country's spy agency."),
    ("yonhap-0113", "Yonhap", "https://en.yna.co.kr/view/0113", "2025-01-13",
     "SEOUL, Jan. 13 (Yonhap) -- About 300 North Korean soldiers have been killed and 2,700 wounded, "
     "lawmaker Lee Seong-kweun said, citing the National Intelligence Service. Some 2,700 North Korean "
     "soldiers have been wounded, Lee said."),
    ("kyiv-0115", "The Kyiv Independent", "https://kyivindependent.com/nk-0115", "2025-01-15",
     "KYIV -- Ukraine's military intelligence (HUR) said on Jan. 15 that about 1,000 North Korean soldiers "
     "had been killed in Russia's Kursk offensive. Ukraine's General Staff said about 250,000 Russian "
     "soldiers had been killed since the start of the invasion."),
    ("yonhap-0430", "Yonhap", "https://en.yna.co.kr/view/0430", "2025-04-30",
     "SEOUL, April 30 (Yonhap) -- Around 600 North Korean soldiers fighting alongside Russian forces in "
     "Ukraine have been killed, lawmaker Lee Seong-kweun said, citing the National Intelligence Service. "
     "North Korean casualties are estimated at approximately 4,700, Lee said."),
    ("guardian-0501", "The Guardian", "https://www.theguardian.com/world/nk-0501", "2025-05-01",
     "Around 600 North Korean soldiers have been killed in Ukraine, according to South Korea's spy agency."),
    ("afp-0502", "AFP", "https://www.afp.com/en/nk-0502", "2025-05-02",
     "LONDON (AFP) - UK Defence Intelligence estimated that about 620 North Korean troops had been killed "
     "in Ukraine."),
    ("tass-0502", "TASS", "https://tass.com/politics/0502", "2025-05-02",
     "MOSCOW, May 2. /TASS/. The Kremlin denied that North Korean soldiers had been killed in Ukraine."),
]


def _span(text: str, needle: str) -> Span:
    i = text.index(needle)
    return Span(i, i + len(needle), needle)


def documents() -> dict[str, Document]:
    return {key: Document(text, ref=f"wire/{key}.txt", url=url, publisher=pub, published=date.fromisoformat(day),
                          title=text[:60])
            for key, pub, url, day, text in ARTICLES}


def _figure(doc: Document, evidence: str, number: str, metric: str, value, *, source: Source, via=(),
            subject=NK, location=None, day=None, hedges=(), qualifier="approximate", low=None, high=None) -> Claim:
    c = Claim(kind="figure", evidence=_span(doc.text, evidence), document_id=doc.id, metric=metric,
              value=value, low=low, high=high, qualifier=qualifier, subject=subject,
              location=location or Location(),
              time=TimeRef(date=day or doc.published.isoformat(), precision="day",
                           basis="stated" if day else "published"),
              source=source, cue="said", via=[Via(v, "organization") for v in via], hedges=list(hedges),
              quantity=_span(doc.text, number), document_ref=doc.ref)
    c.assign_id()
    return c


def _lee(doc: Document) -> Source:
    t = doc.text
    mention = "lawmaker Lee Seong-kweun" if "Lee Seong-kweun" in t else "a South Korean lawmaker"
    s = _span(t, mention)
    return Source(mention, "Lee Seong-kweun", "person", s.start, s.end, "KR")


def claims(docs: dict[str, Document]) -> dict[str, list[Claim]]:
    d = docs
    out: dict[str, list[Claim]] = {}
    t = d["yonhap-1219"]
    out["yonhap-1219"] = [_figure(t, t.text[t.text.index("About 100"):t.text.index(" in fighting")], "About 100",
                                  "killed", 100, source=_lee(t), via=["National Intelligence Service"],
                                  day="2024-12-19")]
    t = d["reuters-1220"]
    out["reuters-1220"] = [_figure(t, "About 100 North Korean soldiers have been killed", "About 100", "killed", 100,
                                   source=_lee(t), via=["NIS"], day="2024-12-19")]
    t = d["yonhap-0113"]
    out["yonhap-0113"] = [
        _figure(t, "About 300 North Korean soldiers have been killed", "About 300", "killed", 300, source=_lee(t),
                via=["National Intelligence Service"]),
        _figure(t, "Some 2,700 North Korean soldiers have been wounded", "Some 2,700", "wounded", 2700,
                source=Source("Lee", "Lee Seong-kweun", "person")),
    ]
    t = d["kyiv-0115"]
    hur = _span(t.text, "Ukraine's military intelligence (HUR)")
    out["kyiv-0115"] = [
        _figure(t, "about 1,000 North Korean soldiers had been killed in Russia's Kursk offensive", "about 1,000",
                "killed", 1000, source=Source(hur.text, "HUR", "organization", hur.start, hur.end, "UA")),
        _figure(t, "about 250,000 Russian soldiers had been killed", "about 250,000", "killed", 250000,
                subject=Subject("Russian soldiers", "Russia", "RU"),
                source=Source("Ukraine's General Staff", "Ukraine's General Staff", "government")),
    ]
    t = d["yonhap-0430"]
    out["yonhap-0430"] = [
        _figure(t, "Around 600 North Korean soldiers fighting alongside Russian forces in Ukraine have been killed",
                "Around 600", "killed", 600, source=_lee(t), via=["National Intelligence Service"], location=UKRAINE),
        _figure(t, "North Korean casualties are estimated at approximately 4,700", "approximately 4,700",
                "casualties", 4700, source=Source("Lee", "Lee Seong-kweun", "person"), hedges=["estimated"],
                subject=Subject("North Korean casualties", "North Korea", "KP")),
    ]
    t = d["guardian-0501"]
    spy = _span(t.text, "South Korea's spy agency")
    out["guardian-0501"] = [_figure(t, "Around 600 North Korean soldiers have been killed in Ukraine", "Around 600",
                                    "killed", 600, location=UKRAINE,
                                    source=Source(spy.text, None, "organization", spy.start, spy.end, "KR"))]
    t = d["afp-0502"]
    out["afp-0502"] = [_figure(t, "UK Defence Intelligence estimated that about 620 North Korean troops had been "
                                  "killed in Ukraine", "about 620", "killed", 620, location=UKRAINE,
                               subject=Subject("North Korean troops", "North Korea", "KP"), hedges=["estimated"],
                               source=Source("UK Defence Intelligence", "UK Defence Intelligence", "government"))]
    t = d["tass-0502"]
    content = _span(t.text, "North Korean soldiers had been killed in Ukraine")
    denial = Claim(kind="statement", evidence=_span(t.text, "The Kremlin denied that North Korean soldiers had been "
                                                           "killed in Ukraine"),
                   document_id=t.id, content=content, cue="denied", denial=True,
                   source=Source("The Kremlin", "Kremlin", "government"),
                   time=TimeRef(date="2025-05-02", precision="day", basis="published"), document_ref=t.ref)
    denial.assign_id()
    out["tass-0502"] = [denial]
    return out


def build_ledger(url: str) -> tuple[dict[str, Document], dict[str, list[Claim]]]:
    """Store the story in the ledger at ``url``; returns the documents and claims by article key."""
    docs = documents()
    cl = claims(docs)
    with Ledger(url) as ledger:
        for key, doc in docs.items():
            ledger.add(doc, cl[key])
    return docs, cl
