"""Pure-Python word counting, exactly as yoastseo 3.6.0 does it.

This module is the reference implementation and the fallback when the C extension
``leadlint.words._tinyseg`` is not built.  It holds:

* the TinySegmenter model of the npm package ``tiny-segmenter@0.2.0`` (``model.json``),
  turned into lookup tables whose keys cannot collide (see ``_canonical_keys``);
* ``segment``: TinySegmenter's ``segment()``;
* Yoast's text rules: ``sanitize`` (``sanitizeString``), ``remove_punctuation``
  (``removePunctuation``), and the two word splitters (``languages/ja/helpers/getWords``
  and the default ``helpers/word/getWords``).

JavaScript semantics that matter and are reproduced here:

* JS strings are UTF-16.  ``input.split("")`` gives code units, so a character outside
  the BMP (an emoji) is two units to the segmenter, which may even put a word boundary
  between them.  We segment UTF-16 code units too, and decode every token back with
  ``surrogatepass`` semantics: a high+low surrogate pair inside a token becomes the
  astral character again, a lone half stays a lone surrogate code point.
* The model's keys are looked up by string concatenation (``w2 + w3``), and the
  padding symbols are two-character strings ("B1", "E2").  A key therefore matches
  every split of it into symbols; ``_canonical_keys`` enumerates those splits so that
  tuple-like lookups give the same result as the concatenated-string lookups.
* JS ``\\s`` and ``String.prototype.trim`` use a different whitespace set from Python's
  ``str.isspace`` (no U+001C..U+001F or U+0085, but U+FEFF); ``JS_WHITESPACE`` is the
  JS set.
"""

from __future__ import annotations

import os
import re
from bisect import bisect_left, bisect_right

__all__ = [
    "JS_WHITESPACE",
    "PUNCTUATION",
    "count_words",
    "default_words",
    "ja_words_from_sanitized",
    "load_model",
    "remove_punctuation",
    "sanitize",
    "segment",
    "yoast_words",
]

# ---------------------------------------------------------------------------
# Yoast's character sets (evaluated against yoastseo 3.6.0 on every UTF-16 code unit)
# ---------------------------------------------------------------------------

#: What JavaScript's ``\s`` and ``String.prototype.trim`` treat as whitespace.
JS_WHITESPACE = (
    "\t\n\x0b\x0c\r \xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007"
    "\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
)

#: The characters of yoastseo's ``punctuationRegexString``
#: (``languageProcessing/helpers/sanitize/removePunctuation.js``), which
#: ``removePunctuation`` strips from the start and the end of every word.
#: Note that the katakana long-vowel mark ``ー`` (U+30FC) is among them.
PUNCTUATION = (
    "!\"&'()+,-.:;<>?[]_\xa1\xab\xbb\xbf\xd7\u060c\u061b\u061f\u06d4\u2013\u2014"
    "\u2018\u2019\u201c\u201d\u201e\u201f\u2025\u2026\u2039\u203a\u203c\u2047\u2048"
    "\u2049\u3001\u3002\u3003\u3004\u3006\u3007\u3008\u3009\u300a\u300b\u300c\u300d"
    "\u300e\u300f\u3010\u3011\u3012\u3013\u3014\u3015\u3016\u3017\u3018\u3019\u301a"
    "\u301b\u301c\u301d\u301e\u301f\u3020\u3036\u303c\u303d\u30fb\u30fc\uff01\uff04"
    "\uff05\uff06\uff07\uff08\uff09\uff0a\uff0f\uff1a\uff1b\uff1c\uff1e\uff1f\uff20"
    "\uff3b\uff3c\uff3d\uff5b\uff5c\uff5d\uff5e\uff5f\uff60\uff61\uff62\uff63\uff64"
    "\uff65\uffe5"
)

_TAG_RE = re.compile(r"<[^>]+>")
_SPACE_RUN_RE = re.compile("  +")
_ASTRAL_RE = re.compile("[\U00010000-\U0010ffff]")
_SURROGATE_RE = re.compile("[\ud800-\udfff]")
_PAIR_RE = re.compile("[\ud800-\udbff][\udc00-\udfff]")
_NON_SPACE_WHITESPACE = JS_WHITESPACE.replace(" ", "")
# One scan for all of them (a class of single characters, which the regex engine searches
# quickly; 24 ``in`` tests cost more than the rest of sanitize on a long text).
_NON_SPACE_WHITESPACE_RE = re.compile("[" + re.escape(_NON_SPACE_WHITESPACE) + "]")


def sanitize(text: str) -> str:
    """yoastseo's ``sanitizeString``: ``unifyAllSpaces`` then ``stripFullTags``.

    ``&nbsp;`` and em dashes become spaces, every whitespace character a space, every
    tag ``<...>`` a space; then ``stripSpaces``: runs of whitespace collapse to one
    space, a space before a final ``.`` goes, the ends are trimmed, and spaces next
    to ``。`` are removed.

    Written with ``str`` methods where the regexes of the original reduce to them
    (after the whitespace step the only whitespace left is " "); the tests compare it
    with a literal transcription of the JavaScript regexes.
    """
    # unifyAllSpaces: unifyNonBreakingSpace, unifyEmDash, unifyWhiteSpace (/\s/g)
    if "&nbsp;" in text:
        text = text.replace("&nbsp;", " ")
    if "\u2014" in text:
        text = text.replace("\u2014", " ")
    if _NON_SPACE_WHITESPACE_RE.search(text):
        text = _NON_SPACE_WHITESPACE_RE.sub(" ", text)
    # stripFullTags: /(<([^>]+)>)/ig -> " "
    if "<" in text:
        text = _TAG_RE.sub(" ", text)
    # stripSpaces
    if "  " in text:
        text = _SPACE_RUN_RE.sub(" ", text)  # /\s{2,}/g -> " "
    if text.endswith(" ."):
        text = text[:-2] + "."  # /\s\.$/ -> "."
    text = text.strip(" ")  # /^\s+|\s+$/g -> ""
    if "\u3002" in text:
        text = text.replace(" \u3002", "\u3002")  # /\s。/g -> "。"
        text = text.replace("\u3002 ", "\u3002")  # /。\s/g -> "。"
    return text


def remove_punctuation(word: str) -> str:
    """yoastseo's ``removePunctuation`` for one word.

    ``&nbsp;`` becomes a space, the first ``&amp`` is removed (JS ``String.replace``
    with a string pattern replaces once), every backslash is removed, then the leading
    and the trailing runs of ``PUNCTUATION`` are stripped.
    """
    if "&" in word:
        word = word.replace("&nbsp;", " ").replace("&amp", "", 1)
    if "\\" in word:
        word = word.replace("\\", "")
    return word.strip(PUNCTUATION)


def _is_word(word: str) -> bool:
    """Yoast's filter ``word.trim() !== ""`` with the JS whitespace set."""
    return bool(word.strip(JS_WHITESPACE))


# ---------------------------------------------------------------------------
# The TinySegmenter model
# ---------------------------------------------------------------------------

_MODEL_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "model.json")

#: The padding symbols of TinySegmenter, in the order they are mapped to
#: private code points.  Inside the segmenter, the text is a string of UTF-16
#: code units (all < U+10000), so a padding symbol is represented by one astral
#: character that can never be confused with text.
MARKERS = ("B3", "B2", "B1", "E1", "E2", "E3")
MARKER_BASE = 0x10FFF0
_MARKER_CHAR = {m: chr(MARKER_BASE + k) for k, m in enumerate(MARKERS)}
B3, B2, B1, E1, E2, E3 = (_MARKER_CHAR[m] for m in MARKERS)

#: Character-type codes used by the dense tables handed to the C extension.
CTYPES = "MHIKANO"
PTYPES = "UBO"

# Which symbol sequence each table looks up: "w" = words (text symbols),
# "c" = character types, "p" = previous decisions.  Order matters: it is the order
# of concatenation in tiny-segmenter's segment().
TABLE_SHAPES = {
    "UP1": "p", "UP2": "p", "UP3": "p",
    "BP1": "pp", "BP2": "pp",
    "UW1": "w", "UW2": "w", "UW3": "w", "UW4": "w", "UW5": "w", "UW6": "w",
    "BW1": "ww", "BW2": "ww", "BW3": "ww",
    "TW1": "www", "TW2": "www", "TW3": "www", "TW4": "www",
    "UC1": "c", "UC2": "c", "UC3": "c", "UC4": "c", "UC5": "c", "UC6": "c",
    "BC1": "cc", "BC2": "cc", "BC3": "cc",
    "TC1": "ccc", "TC2": "ccc", "TC3": "ccc", "TC4": "ccc",
    "UQ1": "pc", "UQ2": "pc", "UQ3": "pc",
    "BQ1": "pcc", "BQ2": "pcc", "BQ3": "pcc", "BQ4": "pcc",
    "TQ1": "pccc", "TQ2": "pccc", "TQ3": "pccc", "TQ4": "pccc",
}


def _to_units(text: str) -> str:
    """The UTF-16 code units of ``text``, one code point each (astral -> surrogate pair)."""
    if _ASTRAL_RE.search(text) is None:
        return text

    def pair(m: re.Match) -> str:
        v = ord(m.group()) - 0x10000
        return chr(0xD800 + (v >> 10)) + chr(0xDC00 + (v & 0x3FF))

    return _ASTRAL_RE.sub(pair, text)


def _from_units(token: str) -> str:
    """Decode a token of UTF-16 code units: surrogate pairs become one character."""

    def join(m: re.Match) -> str:
        hi, lo = m.group()
        return chr(0x10000 + ((ord(hi) - 0xD800) << 10) + (ord(lo) - 0xDC00))

    return _PAIR_RE.sub(join, token)


def _canonical_keys(key: str, shape: str) -> list[str]:
    """Every way the JS lookup key ``key`` can arise from ``len(shape)`` symbols.

    A word symbol is one UTF-16 code unit or one of the padding strings ("B1"...);
    a type symbol is one letter.  Each split is returned as a string of one
    character per symbol (padding strings replaced by their private character).
    Keys no split can produce (``BW3["市"]``, ``UW3["ｸﾞ"]``) give an empty list:
    tiny-segmenter can never look them up.
    """
    units = _to_units(key)
    out: list[str] = []

    def walk(pos: int, k: int, acc: str) -> None:
        if k == len(shape):
            if pos == len(units):
                out.append(acc)
            return
        if pos >= len(units):
            return
        if shape[k] == "w":
            walk(pos + 1, k + 1, acc + units[pos])
            two = units[pos:pos + 2]
            if two in _MARKER_CHAR:
                walk(pos + 2, k + 1, acc + _MARKER_CHAR[two])
        else:
            walk(pos + 1, k + 1, acc + units[pos])

    walk(0, 0, "")
    return out


class Model:
    """The tiny-segmenter model, with canonical lookup tables."""

    def __init__(self, raw: dict):
        self.raw = raw
        self.bias: int = int(raw["bias"])
        self.tables: dict[str, dict[str, int]] = {}
        for name, shape in TABLE_SHAPES.items():
            table: dict[str, int] = {}
            for key, score in raw["tables"].get(name, {}).items():
                for canon in _canonical_keys(key, shape):
                    # Two JS keys cannot produce the same canonical key (the
                    # canonical key determines the concatenation), but be strict.
                    if canon in table and table[canon] != score:  # pragma: no cover
                        raise ValueError(f"ambiguous key {key!r} in {name}")
                    table[canon] = int(score)
            self.tables[name] = table
        missing = set(raw["tables"]) - set(TABLE_SHAPES)
        if missing:  # pragma: no cover - a different model layout
            raise ValueError(f"unknown tables in model: {sorted(missing)}")
        ctype = ["O"] * 0x10000
        for lo, hi, t in raw["chartype_ranges"]:
            ctype[lo:hi + 1] = [t] * (hi - lo + 1)
        #: one character-type letter per UTF-16 code unit, usable with str.translate
        self.ctype_table: str = "".join(ctype)

    # -- dense forms, for the C extension --------------------------------------

    def dense(self, name: str) -> list[int]:
        """A type-keyed table as a dense list indexed in base 7 (types) / 3 (p)."""
        shape = TABLE_SHAPES[name]
        size = 1
        for s in shape:
            size *= 3 if s == "p" else 7
        out = [0] * size
        for key, score in self.tables[name].items():
            idx = 0
            for s, ch in zip(shape, key):
                alphabet = PTYPES if s == "p" else CTYPES
                idx = idx * len(alphabet) + alphabet.index(ch)
            out[idx] = score
        return out


_MODEL: Model | None = None


def load_model() -> Model:
    """The model of ``model.json`` (read once)."""
    global _MODEL
    if _MODEL is None:
        import json  # here: only a run that counts Japanese words pays for it

        with open(_MODEL_PATH, encoding="utf-8") as f:
            _MODEL = Model(json.load(f))
    return _MODEL


# ---------------------------------------------------------------------------
# The segmenter
# ---------------------------------------------------------------------------

# Sums of the type-only and the decision-dependent parts of the score, memoised by
# their (bounded) keys: 7**6 type windows, 27 * 7**4 decision+type windows.
_TYPE_MEMO: dict[str, int] = {}
_DECISION_MEMO: dict[str, int] = {}


def _type_score(t: dict[str, dict[str, int]], c: str) -> int:
    c1, c2, c3, c4, c5, c6 = c
    return (
        t["UC1"].get(c1, 0) + t["UC2"].get(c2, 0) + t["UC3"].get(c3, 0)
        + t["UC4"].get(c4, 0) + t["UC5"].get(c5, 0) + t["UC6"].get(c6, 0)
        + t["BC1"].get(c2 + c3, 0) + t["BC2"].get(c3 + c4, 0) + t["BC3"].get(c4 + c5, 0)
        + t["TC1"].get(c1 + c2 + c3, 0) + t["TC2"].get(c2 + c3 + c4, 0)
        + t["TC3"].get(c3 + c4 + c5, 0) + t["TC4"].get(c4 + c5 + c6, 0)
    )


def _decision_score(t: dict[str, dict[str, int]], k: str) -> int:
    p1, p2, p3, c1, c2, c3, c4 = k
    return (
        t["UP1"].get(p1, 0) + t["UP2"].get(p2, 0) + t["UP3"].get(p3, 0)
        + t["BP1"].get(p1 + p2, 0) + t["BP2"].get(p2 + p3, 0)
        + t["UQ1"].get(p1 + c1, 0) + t["UQ2"].get(p2 + c2, 0) + t["UQ3"].get(p3 + c3, 0)
        + t["BQ1"].get(p2 + c2 + c3, 0) + t["BQ2"].get(p2 + c3 + c4, 0)
        + t["BQ3"].get(p3 + c2 + c3, 0) + t["BQ4"].get(p3 + c3 + c4, 0)
        + t["TQ1"].get(p2 + c1 + c2 + c3, 0) + t["TQ2"].get(p2 + c2 + c3 + c4, 0)
        + t["TQ3"].get(p3 + c1 + c2 + c3, 0) + t["TQ4"].get(p3 + c2 + c3 + c4, 0)
    )


def _boundaries(units: str) -> list[int]:
    """Start offsets (in code units) of every token after the first, for non-empty ``units``."""
    model = load_model()
    t = model.tables
    uw1, uw2, uw3, uw4, uw5, uw6 = (t[f"UW{k}"] for k in range(1, 7))
    bw1, bw2, bw3 = t["BW1"], t["BW2"], t["BW3"]
    tw1, tw2, tw3, tw4 = t["TW1"], t["TW2"], t["TW3"], t["TW4"]
    type_memo, decision_memo = _TYPE_MEMO, _DECISION_MEMO
    bias = model.bias

    seg = B3 + B2 + B1 + units + E1 + E2 + E3
    ctype = "OOO" + units.translate(model.ctype_table) + "OOO"
    starts: list[int] = []
    p = "UUU"
    for i in range(4, len(seg) - 3):
        w1, w2, w3, w4, w5, w6 = seg[i - 3:i + 3]
        score = (
            bias
            + uw1.get(w1, 0) + uw2.get(w2, 0) + uw3.get(w3, 0)
            + uw4.get(w4, 0) + uw5.get(w5, 0) + uw6.get(w6, 0)
            + bw1.get(w2 + w3, 0) + bw2.get(w3 + w4, 0) + bw3.get(w4 + w5, 0)
            + tw1.get(w1 + w2 + w3, 0) + tw2.get(w2 + w3 + w4, 0)
            + tw3.get(w3 + w4 + w5, 0) + tw4.get(w4 + w5 + w6, 0)
        )
        c = ctype[i - 3:i + 3]
        s = type_memo.get(c)
        if s is None:
            s = type_memo[c] = _type_score(t, c)
        score += s
        k = p + c[:4]
        s = decision_memo.get(k)
        if s is None:
            s = decision_memo[k] = _decision_score(t, k)
        score += s
        if score > 0:
            starts.append(i - 3)
            p = p[1:] + "B"
        else:
            p = p[1:] + "O"
    return starts


def segment(text: str) -> list[str]:
    """Split ``text`` exactly as ``new TinySegmenter().segment(text)`` of the npm
    package tiny-segmenter 0.2.0 does (``[]`` for an empty string)."""
    if not text:
        return []
    units = _to_units(text)
    starts = _boundaries(units)
    tokens = []
    prev = 0
    for s in starts:
        tokens.append(units[prev:s])
        prev = s
    tokens.append(units[prev:])
    if units is not text or _SURROGATE_RE.search(units) is not None:
        tokens = [_from_units(tok) for tok in tokens]
    return tokens


# ---------------------------------------------------------------------------
# Yoast's getWords
# ---------------------------------------------------------------------------


def ja_words_from_sanitized(text: str) -> list[str]:
    """The Japanese getWords after ``sanitize``: segment, remove punctuation, drop blanks."""
    if not text:
        return []
    out = []
    for tok in segment(text):
        word = remove_punctuation(tok)
        if _is_word(word):
            out.append(word)
    return out


def default_words(text: str) -> list[str]:
    """yoastseo's default ``helpers/word/getWords``: sanitize, split on each whitespace
    character, remove punctuation, drop blanks."""
    text = sanitize(text)
    if not text:
        return []
    out = []
    for tok in text.split(" "):  # text.split(/\s/g); " " is the only whitespace left
        word = remove_punctuation(tok)
        if _is_word(word):
            out.append(word)
    return out


def yoast_words(text: str, language: str) -> list[str]:
    """The words yoastseo 3.6.0 counts in ``text`` (pure Python)."""
    if language == "ja":
        return ja_words_from_sanitized(sanitize(text))
    return default_words(text)


def count_words(text: str, language: str) -> int:
    return len(yoast_words(text, language))


# ---------------------------------------------------------------------------
# Text scanning for the keyword rules: the reference versions of the C loops
# (``_tinyseg.script_counts``, ``find_terms`` and ``count_keywords``), on code points
# ---------------------------------------------------------------------------

#: Kana (hiragana, katakana, their extensions, half-width katakana) and kanji (CJK unified
#: ideographs, extension A, compatibility ideographs, 々 〆); and Latin letters (ASCII,
#: Latin-1 to Latin Extended-B, full-width).
JAPANESE_CHARS = ("\u3005\u3006\u3041-\u309f\u30a0-\u30ff\u31f0-\u31ff\u3400-\u4dbf"
                  "\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f")
LATIN_CHARS = "A-Za-z\u00c0-\u024f\uff21-\uff3a\uff41-\uff5a"
_script_res = None  # compiled on first use: the big class costs about a millisecond


def script_counts(text: str, step: int = 1) -> tuple[int, int]:
    """(kana and kanji, Latin letters) among ``text[::step]``."""
    global _script_res
    if _script_res is None:
        # classes of single characters: scanned quickly, unlike ``[...]+``
        _script_res = (re.compile(f"[{JAPANESE_CHARS}]").findall, re.compile(f"[{LATIN_CHARS}]").findall)
    japanese, latin = _script_res
    if step > 1:
        text = text[::step]
    return len(japanese(text)), len(latin(text))


_CUT_RE = re.compile("\n|[\u3002!?.]+")
_CONTINUES_WORD_RE = re.compile("[0-9a-z\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff_]")


def sentence_cuts(text: str) -> list[int]:
    """The offsets just past each line break and each sentence end of a folded text, in order.

    A sentence ends with a run of ``。 ! ? .``, except a run of dots only that a letter or
    digit follows (``1.5``, ``example.com``)."""
    cuts = []
    for match in _CUT_RE.finditer(text):
        stop = match.end()
        if text[stop - 1] == "." and _CONTINUES_WORD_RE.match(text, stop) and not match.group().strip("."):
            continue
        cuts.append(stop)
    return cuts


def find_terms(text: str, terms, boundary: str, by_sentence: bool = False) -> list[list[int]]:
    """For each term, where it occurs in ``text``, left to right and not overlapping its own
    earlier occurrences; a term that starts (ends) with a character of ``boundary`` must not
    be preceded (followed) by one there. Each occurrence is given by its offset, or with
    ``by_sentence`` by the index of its sentence: how many :func:`sentence_cuts` lie at or
    before it."""
    found = [find_term(text, term, boundary) for term in terms]
    if by_sentence and found:
        cuts = sentence_cuts(text)
        found = [[bisect_right(cuts, offset) for offset in offsets] for offsets in found]
    return found


def count_keywords(text: str, keywords, boundary: str) -> list[tuple[int, tuple[int, ...]]]:
    """For each keyword (a sequence of terms): how many times it occurs in ``text``, and the
    indices of its terms that occur nowhere (then it occurs 0 times). A keyword of one term
    occurs as often as the term; a keyword of several terms counts, in each sentence (see
    :func:`find_terms`), the smallest number of times one of its terms occurs there."""
    terms = list(dict.fromkeys(term for keyword in keywords for term in keyword))
    found = dict(zip(terms, find_terms(text, terms, boundary, by_sentence=True)))
    counts = []
    for keyword in keywords:
        sentences = [found[term] for term in keyword]
        missing = tuple(i for i, occurs in enumerate(sentences) if not occurs)
        if missing or not sentences:
            counts.append((0, missing))
        elif len(sentences) == 1:
            counts.append((len(sentences[0]), ()))
        else:
            count = 0
            for sentence in set(sentences[0]).intersection(*sentences[1:]):
                count += min(bisect_right(s, sentence) - bisect_left(s, sentence) for s in sentences)
            counts.append((count, ()))
    return counts


def find_term(text: str, term: str, boundary: str, first_only: bool = False) -> list[int]:
    """Offsets where ``term`` occurs in ``text`` and no character of ``boundary`` continues it
    on either side (only checked on a side where the term itself ends in such a character)."""
    found: list[int] = []
    if not term:
        return found
    check_start, check_end = term[0] in boundary, term[-1] in boundary
    size, length = len(term), len(text)
    i = text.find(term)
    while i != -1:
        j = i + size
        if (not check_start or i == 0 or text[i - 1] not in boundary) and (
            not check_end or j == length or text[j] not in boundary
        ):
            found.append(i)
            if first_only:
                break
            i = text.find(term, j)
        else:
            i = text.find(term, i + 1)
    return found
