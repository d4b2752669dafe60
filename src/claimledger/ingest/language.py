"""Is this article English? A small offline guess, good enough to turn away input.

The extractor runs an English spaCy pipeline with English cue, hedge and metric
vocabularies; on any other language it would not fail loudly, it would quietly
return nothing or nonsense. So the reader refuses non-English articles up front
and names what it thinks the language is, which makes the refusal checkable.

Why not a real language-identification library: none is in the locked
dependencies, and the job is only "English or not", for news prose. Two cheap
signals are enough for that:

* the writing system: an article mostly in Cyrillic, Arabic, Hangul, Han, ...
  letters is not English, and the script often names the language
  (Hangul -> Korean, Ukrainian-only Cyrillic letters -> Ukrainian);
* for Latin-script text, the share of word tokens that are common function words
  of English versus those of other Latin-script languages. Function words are
  a large, stable share of running text in every language (30-50 % in English
  news) whatever the topic, so even a two-sentence press release that is mostly
  names and numbers has enough of them.

Texts too short to judge (a headline of a few words) are given the benefit of
the doubt: refusing them would block real English input for no gain.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import Optional

# Only the start of an article is examined: the verdict is stable after a few
# hundred words, and a fixed budget keeps the check O(1) on huge inputs.
SAMPLE_CHARS = 20_000
# Fewer Latin-script words than this: too little evidence, accept.
MIN_WORDS = 6
# With at least this many words and still almost no function words of any
# language we know, the text is not English prose (a table, a word list, or an
# unlisted language) and is refused.
MIN_WORDS_FOR_UNKNOWN = 30
# Share of English function words that counts as English when no other language scores higher.
EN_MIN_SHARE = 0.10
# Share at which another language is named as the guess.
OTHER_MIN_SHARE = 0.08
# Share of letters that must be non-Latin before the script decides.
FOREIGN_SCRIPT_SHARE = 0.5

_FUNCTION_WORDS = {
    "en": """the of and to in a an is are was were be been being that this these those which who whom
        whose for on with as by at from it its he she they them his her their him we our us you your
        i have has had not no or but if than then there their into during after before over under
        about against between including while since also would will could can may might should
        said says did do does so such other some all both more most only when where what how why
        up out any each per among across because until""",
    "de": """der die das und ist nicht mit von zu den im dem des ein eine einer eines einem einen sich
        auf für auch wurde wurden werden wird hat haben sind bei nach aus wie über oder aber noch
        nur durch gegen seit sagte laut unter vom zum zur dass es er sie wir ihr ihre sein seine
        bereits sowie keine kein ihren seinen diese dieser nicht""",
    "fr": """le la les de des du un une et est que qui dans pour pas sur au aux avec par ont été sont
        plus ce cette ces il elle ils elles se sa son ses mais ou selon entre lors après leur leurs
        à en y ne été était sont ont qu d l""",
    "es": """el la los las de del y en que un una es por con para se su sus al lo como más pero fue
        han ha sido según entre tras sobre desde este esta estos estas también muy sin hasta o""",
    "it": """il lo la i gli le di del della dei delle degli e è che un una uno per con non sono da al
        alla nel nella nei si ha hanno secondo anche più ma sul sulla come dopo tra""",
    "pt": """o a os as de do da dos das e é que um uma em no na nos nas para com por não se foi são
        segundo ao aos pelo pela mais também seu sua seus suas entre após""",
    "nl": """de het een en van in is dat op te met voor zijn niet door aan bij ook er maar om dan werd
        worden wordt naar heeft hebben volgens deze die dit tegen""",
    "pl": """i w z na się nie do to że jest o od po przez oraz jak ale został została zostało była
        było są za dla jego jej ich tym także według""",
    "tr": """ve bir bu da de ile için olarak olan gibi daha çok ama ise sonra göre kadar ancak her
        şu değil""",
    "id": """yang dan di ke dari dengan untuk dalam ini itu pada tidak akan oleh adalah juga telah
        sebagai bahwa mereka""",
}
_WORDS = {lang: frozenset(words.split()) for lang, words in _FUNCTION_WORDS.items()}

LANGUAGE_NAMES = {
    "en": "English", "de": "German", "fr": "French", "es": "Spanish", "it": "Italian",
    "pt": "Portuguese", "nl": "Dutch", "pl": "Polish", "tr": "Turkish", "id": "Indonesian",
    "ru": "Russian", "uk": "Ukrainian", "ar": "Arabic", "fa": "Persian", "ps": "Pashto",
    "ur": "Urdu", "ko": "Korean", "ja": "Japanese", "zh": "Chinese", "el": "Greek",
    "he": "Hebrew", "hi": "Hindi", "th": "Thai", "ka": "Georgian", "hy": "Armenian",
    "am": "Amharic", "bn": "Bengali",
}

# (first code point, last code point, script); sorted, non-overlapping.
_SCRIPT_RANGES = sorted([
    (0x0041, 0x024F, "Latin"), (0x1E00, 0x1EFF, "Latin"), (0xFF21, 0xFF5A, "Latin"),
    (0x0370, 0x03FF, "Greek"), (0x1F00, 0x1FFF, "Greek"),
    (0x0400, 0x052F, "Cyrillic"), (0x2DE0, 0x2DFF, "Cyrillic"), (0xA640, 0xA69F, "Cyrillic"),
    (0x0530, 0x058F, "Armenian"),
    (0x0590, 0x05FF, "Hebrew"),
    (0x0600, 0x06FF, "Arabic"), (0x0750, 0x077F, "Arabic"), (0x08A0, 0x08FF, "Arabic"),
    (0xFB50, 0xFDFF, "Arabic"), (0xFE70, 0xFEFF, "Arabic"),
    (0x0900, 0x097F, "Devanagari"), (0x0980, 0x09FF, "Bengali"),
    (0x0E00, 0x0E7F, "Thai"),
    (0x10A0, 0x10FF, "Georgian"),
    (0x1100, 0x11FF, "Hangul"), (0x3130, 0x318F, "Hangul"), (0xAC00, 0xD7AF, "Hangul"),
    (0x1200, 0x139F, "Ethiopic"),
    (0x3040, 0x309F, "Hiragana"), (0x30A0, 0x30FF, "Katakana"),
    (0x3400, 0x4DBF, "Han"), (0x4E00, 0x9FFF, "Han"), (0xF900, 0xFAFF, "Han"),
])
_RANGE_STARTS = [r[0] for r in _SCRIPT_RANGES]
_SCRIPT_LANGUAGE = {
    "Greek": "el", "Armenian": "hy", "Hebrew": "he", "Devanagari": "hi", "Bengali": "bn",
    "Thai": "th", "Georgian": "ka", "Hangul": "ko", "Ethiopic": "am",
    "Hiragana": "ja", "Katakana": "ja", "Han": "zh",
}
# Letters that only some languages of a shared script use: they name the language.
_UKRAINIAN = set("іїєґІЇЄҐ")
_RUSSIAN = set("ыэъёЫЭЪЁ")
_PASHTO = set("ټډړږښګځڅۍې")
_URDU = set("ٹڈڑںےھ")
_PERSIAN = set("پچژگکی")

_TOKEN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


@dataclass(frozen=True)
class LanguageGuess:
    """The verdict and its grounds, so a refusal can say what was seen."""

    english: bool
    language: Optional[str]  # ISO 639-1 code when one can be named, else None
    script: Optional[str]  # dominant writing system of the letters
    detail: str  # one phrase: why

    @property
    def name(self) -> Optional[str]:
        if self.language is None:
            return None
        return LANGUAGE_NAMES.get(self.language, self.language)

    def describe(self) -> str:
        """The guess as a reader would word it: 'German', 'Arabic script', ..."""
        if self.language:
            return self.name  # type: ignore[return-value]
        if self.script and self.script != "Latin":
            return f"{self.script} script"
        return "an unrecognised language"


def _script(ch: str) -> Optional[str]:
    cp = ord(ch)
    i = bisect_right(_RANGE_STARTS, cp) - 1
    if i >= 0:
        lo, hi, name = _SCRIPT_RANGES[i]
        if lo <= cp <= hi:
            return name
    return None


def _language_of_script(script: str, letters: set[str]) -> Optional[str]:
    if script == "Cyrillic":
        if letters & _UKRAINIAN:
            return "uk"
        if letters & _RUSSIAN:
            return "ru"
        return None  # Bulgarian, Serbian, ...: say "Cyrillic script"
    if script == "Arabic":
        if letters & _PASHTO:
            return "ps"
        if letters & _URDU:
            return "ur"
        if letters & _PERSIAN:
            return "fa"
        return "ar"
    if script in ("Hiragana", "Katakana"):
        return "ja"
    return _SCRIPT_LANGUAGE.get(script)


def detect_language(text: str) -> LanguageGuess:
    """Guess whether ``text`` is English; name the language or script when it is not."""
    sample = text[:SAMPLE_CHARS]

    counts: dict[str, int] = {}
    letters = 0
    for ch in sample:
        if ch.isalpha():
            letters += 1
            s = _script(ch)
            if s is not None:
                counts[s] = counts.get(s, 0) + 1
    if letters == 0:
        return LanguageGuess(True, None, None, "no letters to judge by")
    latin = counts.get("Latin", 0)
    foreign = letters - latin
    if foreign / letters >= FOREIGN_SCRIPT_SHARE:
        script = max((s for s in counts if s != "Latin"), key=counts.__getitem__, default=None)
        if script is None:
            return LanguageGuess(False, None, None, "mostly letters outside the Latin script")
        if script == "Han" and ("Hiragana" in counts or "Katakana" in counts):
            lang: Optional[str] = "ja"
        elif script == "Han" and "Hangul" in counts:
            lang = "ko"
        else:
            lang = _language_of_script(script, {c for c in sample if _script(c) == script})
        share = counts[script] / letters
        return LanguageGuess(False, lang, script, f"{share:.0%} of letters are {script}")

    words = [w.lower().replace("’", "'") for w in _TOKEN.findall(sample)]
    n = len(words)
    if n < MIN_WORDS:
        return LanguageGuess(True, "en", "Latin", f"only {n} words: too short to judge")
    share = {lang: sum(1 for w in words if w in fw) / n for lang, fw in _WORDS.items()}
    en = share.pop("en")
    other_lang, other = max(share.items(), key=lambda kv: kv[1])
    if other > en and other >= OTHER_MIN_SHARE:
        return LanguageGuess(
            False, other_lang, "Latin",
            f"{other:.0%} {LANGUAGE_NAMES[other_lang]} function words vs {en:.0%} English",
        )
    if en >= EN_MIN_SHARE or n < MIN_WORDS_FOR_UNKNOWN:
        return LanguageGuess(True, "en", "Latin", f"{en:.0%} English function words")
    return LanguageGuess(False, None, "Latin", f"only {en:.0%} of {n} words are English function words")


def is_english(text: str) -> bool:
    return detect_language(text).english
