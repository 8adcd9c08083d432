"""KW: the post's `seo_keywords` against its text.

Every rule here reads the keyword list once (:func:`keyword_list`) and the body's countable
text once (:func:`leadlint.prose.body_text`), through ``post.view``, and goes through the
keywords' counts computed once (:meth:`KeywordUse.counted`), so the six rules cost one text
extraction, one word count and one search between them: every term of every keyword is found
in one pass over the folded text (:func:`leadlint.words.count_keywords`, in C when compiled).
What a keyword's text gives (its terms) and the HTML blocks' text are kept from post to post,
as keywords and boilerplate repeat.

How a keyword is counted follows yoastseo 3.6.0's keyphrase count, so the numbers can be
checked against Yoast SEO:

* A keyword is a phrase of *terms* separated by spaces (`AI導入 ロードマップ` has two).
  Text and keyword are NFKC-normalised and case-folded (`ＡＩ` matches `AI`).
* An occurrence is counted in each sentence that holds every term, in any order; a sentence
  counts the smallest number of times any term occurs in it ("red pandas eat red apples"
  holds `red panda` once).
* A term matches where its text occurs. Letters and digits of Latin, Greek and Cyrillic
  script must not continue it on either side (`AI` does not match inside `said`, `5` not
  inside `15`), while Japanese has no spaces and needs none: `導入` matches inside `AI導入の`.
* English function words and Japanese particles written as terms of their own (`how to bake
  a cake`, `AI の 活用`) are not required when the keyword has other terms, as in Yoast;
  words in capitals (`IT 導入`) are kept. A keyword in double quotes
  (`"AI導入 ロードマップ"`) is matched as one exact string, spaces included.
* Words are counted the way yoastseo counts them (TinySegmenter for Japanese text), and the
  keyword's length in words the same way; density = occurrences / words x 100.

Posts without `seo_keywords` get no finding from this family.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import NamedTuple

from leadlint.prose import body_text, fold
from leadlint.rule import rule
from leadlint.words import count_keywords, count_words, find_terms
from leadlint.words._pure import find_term

KEY = "seo_keywords"

# English function words, written as a term of their own, are not required to occur
# (Yoast's getKeyphraseForms drops function words when content words remain).
_FUNCTION_WORDS = frozenset(
    """a an the and or but nor so yet of to in on at by for from with without into onto over under about
    as than then is are was were be been being am do does did done have has had how what when where why
    which who whom whose that this these those it its i you he she we they me him her us them my your his
    our their not no can could will would shall should may might must very just too also only own same
    such both each few more most other some any all if else up down out off again once here there""".split()
    # Japanese particles written as a term of their own: "AI の 活用".
    + "の を に は が で と へ も や から まで より".split()
)
# Letters and digits that continue a word of Latin, Greek or Cyrillic script (or a number).
_WORDISH = frozenset(
    ch for lo, hi in ((0x30, 0x39), (0x41, 0x5A), (0x61, 0x7A), (0xC0, 0x24F), (0x370, 0x3FF), (0x400, 0x4FF))
    for ch in map(chr, range(lo, hi + 1)) if ch.isalnum()
) | {"_"}
_BOUNDARY = "".join(sorted(_WORDISH))  # the same set, as find_terms takes it
_YEAR = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})(?![0-9])(\s*(?:年度|fy))?|fy\s*((?:19|20)[0-9]{2})(?![0-9])")
_DOUBLE_QUOTES = '"'


# -- the keyword list ----------------------------------------------------------------------


class Term(NamedTuple):
    text: str  # as written
    folded: str  # as searched


class Keyword(NamedTuple):
    """One usable entry of `seo_keywords`: its place in the file and its terms."""

    index: int
    text: str
    start: int
    end: int
    terms: tuple[Term, ...]
    exact: bool = False


@dataclass
class KeywordList:
    """`seo_keywords` as read: the keywords worth counting, and what is wrong with the list."""

    present: bool = False
    #: (message, start, end) for KW001
    problems: list[tuple[str, int, int]] = field(default_factory=list)
    keywords: list[Keyword] = field(default_factory=list)
    #: each keyword's terms as searched (folded)
    searched: list[tuple[str, ...]] = field(default_factory=list)
    #: whether a term holds a quote (searched in the text with its quotes unified)
    quotes: bool = False


def _span(post, *path) -> tuple[int, int]:
    entry = post.front_matter.entry(*path)
    if entry is None:
        start = post.front_matter.key_offset(*path[:1])
        return start, start
    return entry.value.start, entry.value.end


def _kind(value) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, (date, datetime)):
        return "a date"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return f"a {type(value).__name__}"


def _terms(text: str, folded: str) -> tuple[tuple[Term, ...], bool]:
    """The terms to match and whether the keyword asks for an exact match (``folded`` is
    :func:`fold` of ``text``)."""
    folded = folded.strip()
    if len(folded) > 2 and folded[0] == folded[-1] == _DOUBLE_QUOTES:
        inner = " ".join(folded[1:-1].split())
        return ((Term(text.strip()[1:-1].strip(), inner),) if inner else ()), True
    written, searched = text.split(), folded.split()
    if len(written) != len(searched):  # NFKC changed the spacing: show the folded terms
        written = searched
    terms = [_new_tuple(Term, pair) for pair in zip(written, searched)]  # Term(w, f), without its Python frame
    # "IT" and "US" written in capitals are names, not the pronouns
    content = tuple(t for t in terms if t.folded not in _FUNCTION_WORDS or (len(t.text) > 1 and t.text.isupper()))
    return (content or tuple(terms)), False


_new_tuple = tuple.__new__


def parse_keyword(text: str, index: int = 0, start: int = 0, end: int = 0) -> Keyword | None:
    """A keyword from its text (None when it has no words), as the rules read it."""
    terms, exact = _terms(text, fold(text))
    return Keyword(index, text, start, end, terms, exact) if terms else None


# Keywords repeat from post to post: what an item's text gives, by the text (a few thousand at most).
_ITEMS: dict[str, tuple] = {}


def _read_item(item: str) -> tuple[tuple[Term, ...], bool, str, str, tuple[str, ...], bool]:
    """(terms, exact, identity, same terms, searched terms, quotes) of an item: identity and
    same terms are the two keys under which another item is the same keyword."""
    folded = fold(item)
    terms, exact = _terms(item, folded)
    identity = " ".join(folded.split())
    same_terms = ("exact " if exact else "") + " ".join(sorted(t.folded for t in terms))
    searched = tuple(t.folded for t in terms)
    quotes = any("'" in term or '"' in term for term in searched)
    if len(_ITEMS) >= 4096:
        _ITEMS.clear()
    read = _ITEMS[item] = (terms, exact, identity, same_terms, searched, quotes)
    return read


def keyword_list(post) -> KeywordList:
    """`seo_keywords` of a post; use as ``post.view(keyword_list)``."""
    if KEY not in post.data:
        return KeywordList()
    found = KeywordList(present=True)
    value = post.data[KEY]
    start, end = _span(post, KEY)
    if value is None or value == "" or value == []:
        found.problems.append(("seo_keywords is empty: list the post's keyphrases, or remove the key", start, end))
        return found
    if isinstance(value, str):
        hint = " (split the commas into list items)" if "," in value or "、" in value else ""
        found.problems.append((f"seo_keywords must be a list of strings, not a string{hint}: "
                               f"write seo_keywords: [\"{value.split(',')[0].strip()}\", ...]", start, end))
        return found
    if not isinstance(value, list):
        found.problems.append((f"seo_keywords must be a list of strings, not {_kind(value)}", start, end))
        return found
    seen: dict[str, tuple[int, str]] = {}
    entries = post.front_matter.entries
    for index, item in enumerate(value):
        entry = entries.get((KEY, index))
        item_start, item_end = (entry.value.start, entry.value.end) if entry is not None else _span(post, KEY, index)
        number = index + 1
        if not isinstance(item, str):
            number_hint = isinstance(item, (int, float)) and not isinstance(item, bool)
            message = f"seo_keywords item {number} is {_kind(item)}" + (
                f" ({item}), not a string; quote it" if number_hint else ", not a string")
            found.problems.append((message, item_start, item_end))
            continue
        if not item.strip():
            found.problems.append((f"seo_keywords item {number} is empty", item_start, item_end))
            continue
        read = _ITEMS.get(item)
        if read is None:
            read = _read_item(item)
        terms, exact, identity, same_terms, searched, quotes = read
        if not terms:
            found.problems.append((f"seo_keywords item {number} has no words", item_start, item_end))
            continue
        for key, how in ((identity, "repeats"), (same_terms, "has the same terms as")):
            if key in seen:
                other, other_text = seen[key]
                found.problems.append((f"keyword \"{item}\" {how} item {other} \"{other_text}\"",
                                       item_start, item_end))
                break
        else:
            seen[identity] = seen[same_terms] = (number, item)
            found.keywords.append(_new_tuple(Keyword, (index, item, item_start, item_end, terms, exact)))
            found.searched.append(searched)
            found.quotes = found.quotes or quotes
    return found


# -- counting ------------------------------------------------------------------------------


class Usage(NamedTuple):
    """How a keyword is used in the body."""

    count: int
    words: int
    #: terms that occur nowhere in the body
    missing: tuple[Term, ...]

    @property
    def density(self) -> float:
        return self.count / self.words * 100 if self.words else 0.0


class KeywordUse:
    """The body text and every keyword's count, shared by the KW rules of one post.

    The terms of all the post's keywords are searched for together, in one pass over the
    folded body, the first time any is asked for (:func:`leadlint.words.find_terms`, which
    gives each occurrence as the index of its sentence); a keyword of several terms then
    only compares the sentences its terms occur in.
    """

    def __init__(self, post):
        self.body = post.view(body_text)
        self._post = post
        #: the sentence (index) of each occurrence of a term, in order
        self._found: dict[str, list[int]] = {}
        self._usage: dict[Keyword, Usage] = {}  # the keywords counted alone
        self._counted: list[tuple[Keyword, Usage]] | None = None

    def positions(self, term: str) -> list[int]:
        """Offsets in the folded body where ``term`` occurs as a whole."""
        return find_terms(self._text_for(term), (term,), _BOUNDARY)[0]

    def _text_for(self, term: str) -> str:
        return self.body.folded_quotes if ("'" in term or '"' in term) else self.body.folded

    def _find(self, wanted) -> None:
        """Search the body for ``wanted`` terms and, the first time, for every term of the
        post's keyword list as well."""
        found = self._found
        terms = {t.folded: None for keyword in _keywords(self._post) for t in keyword.terms} if not found else {}
        terms.update(dict.fromkeys(wanted))
        plain = [t for t in terms if t not in found and "'" not in t and '"' not in t]
        quoted = [t for t in terms if t not in found and ("'" in t or '"' in t)]
        if plain:
            found.update(zip(plain, find_terms(self.body.folded, plain, _BOUNDARY, True)))
        if quoted:  # unify_quotes keeps every offset, so the sentences are the same
            found.update(zip(quoted, find_terms(self.body.folded_quotes, quoted, _BOUNDARY, True)))

    def counted(self) -> list[tuple[Keyword, Usage]]:
        """Every keyword of the post's list with its usage, in order (what the rules go through)."""
        counted = self._counted
        if counted is None:
            counted = self._counted = self._count_all(self._post.view(keyword_list))
        return counted

    def _count_all(self, listed: KeywordList) -> list[tuple[Keyword, Usage]]:
        keywords = listed.keywords if listed.present else []
        if listed.quotes:  # two texts to search
            return [(keyword, self._count(keyword)) for keyword in keywords]
        words = self.body.words
        counted = []
        for keyword, (count, missing) in zip(keywords, count_keywords(self.body.folded, listed.searched, _BOUNDARY)):
            terms = keyword.terms
            usage = _new_tuple(Usage, (count, words, tuple(terms[i] for i in missing) if missing else ()))
            counted.append((keyword, usage))
        return counted

    def usage(self, keyword: Keyword) -> Usage:
        """How a keyword is used: once :meth:`counted`, the post's own keywords as it counted
        them; any other keyword counted alone (with the same result)."""
        for listed, usage in self._counted or ():
            if listed is keyword:
                return usage
        usage = self._usage.get(keyword)
        if usage is None:
            usage = self._usage[keyword] = self._count(keyword)
        return usage

    def _count(self, keyword: Keyword) -> Usage:
        words = self.body.words
        terms = keyword.terms
        try:
            found = [self._found[t.folded] for t in terms]
        except KeyError:
            self._find([t.folded for t in terms])
            found = [self._found[t.folded] for t in terms]
        if len(found) == 1:
            count = len(found[0])
            return _new_tuple(Usage, (count, words, () if count else terms))
        if not all(found):
            return _new_tuple(Usage, (0, words, tuple(t for t, occurs in zip(terms, found) if not occurs)))
        # Every term occurs somewhere. A sentence counts the smallest number of times one of
        # the terms occurs in it, so only the sentences that hold every term count. (Each
        # list holds the sentence of every occurrence of its term, in order.)
        count = 0
        for sentence in set(found[0]).intersection(*found[1:]):
            count += min([bisect_right(occurs, sentence) - bisect_left(occurs, sentence) for occurs in found])
        return _new_tuple(Usage, (count, words, ()))

    def length(self, keyword: Keyword) -> int:
        """The keyword's length in words, counted like the text's words (Yoast's keyphrase length).

        In Japanese, Yoast removes the spaces and segments the keyword as one string:
        `AI導入 ロードマップ` is 3 words (`ai|導入|ロードマップ`), `AI ツール` is 1 (`aiツール`).
        Two Latin terms keep their space (`Bram Moolenaar` stays 2 words).
        """
        if keyword.exact:
            return 1
        language = self.body.language
        try:
            return _LENGTHS[keyword.terms, language]
        except KeyError:
            return _measure(keyword.terms, language)

    def holds(self, text: str, keyword: Keyword) -> bool:
        """Whether every term of the keyword occurs in ``text`` (already folded)."""
        for t in keyword.terms:
            term = t.folded
            if term not in text:
                return False
            if (term[0] in _WORDISH or term[-1] in _WORDISH) and not occurrences(text, term, first_only=True):
                return False
        return True


# Keywords repeat from post to post: a keyword's length in words, by its terms and the language.
_LENGTHS: dict[tuple[tuple[Term, ...], str], int] = {}


def _measure(terms: tuple[Term, ...], language: str) -> int:
    if language != "ja":
        length = sum(max(1, count_words(t.folded, language)) for t in terms)
    else:
        joined = terms[0].folded
        for term in terms[1:]:
            latin_pair = joined[-1] in _WORDISH and term.folded[0] in _WORDISH
            joined += (" " if latin_pair else "") + term.folded
        length = max(1, count_words(joined, language))
    if len(_LENGTHS) >= 4096:
        _LENGTHS.clear()
    _LENGTHS[terms, language] = length
    return length


def occurrences(text: str, term: str, first_only: bool = False) -> list[int]:
    """Offsets where ``term`` occurs in ``text`` and no Latin letter or digit continues it."""
    return find_term(text, term, _WORDISH, first_only)


def keyword_use(post) -> KeywordUse:
    """Use as ``post.view(keyword_use)``."""
    return KeywordUse(post)


class Band(NamedTuple):
    """The recommended number of occurrences for a text, and the densities they mean."""

    min_count: int
    max_count: int
    min_density: float  # unadjusted, as the message shows densities
    max_density: float
    short: bool


def band(words: int, length: int, options: dict) -> Band:
    """Yoast's keyphrase-density band: densities are multiplied by 0.7 + length / 3 before
    they are compared with the limits (a longer keyphrase needs fewer occurrences), at least
    2 occurrences are always fine, and texts under ``short-text-words`` words are judged by
    count (1, or up to 2 when over 50 words)."""
    low = float(options.get("min-density", 0.5))
    high = float(options.get("max-density", 3.0))
    if words < int(options.get("short-text-words", 100)):
        most = 2 if words > 50 else 1
        return _new_tuple(Band, (1, most, 100 / words if words else 0.0, most * 100 / words if words else 0.0, True))
    factor = 0.7 + length / 3 if options.get("length-adjusted", True) else 1.0
    least = max(2, math.ceil(low * words / (100 * factor) - 1e-9))
    most = max(2, math.floor(high * words / (100 * factor) + 1e-9))
    return _new_tuple(Band, (least, most, low / factor, high / factor, False))


def _numbers(usage: Usage) -> str:
    plural = "" if usage.count == 1 else "s"
    return f"{usage.count} occurrence{plural}, {usage.density:.2f} % of {usage.words:,} words"


def _band_text(b: Band, length: int, short_words: int) -> str:
    if b.short:
        limit = f"1–{b.max_count} occurrences" if b.max_count > 1 else "1 occurrence"
        return f"recommended {limit} in a text under {short_words} words"
    return (f"recommended {b.min_count}–{b.max_count} occurrences here "
            f"({b.min_density:.2f}–{b.max_density:.2f} % for a {length}-word keyphrase)")


def _keywords(post):
    listed = post.view(keyword_list)
    return listed.keywords if listed.present else []


def _quoted(terms) -> str:
    return ", ".join(f"\"{t.text}\"" for t in terms)


# -- the rules -----------------------------------------------------------------------------


@rule("KW001", "seo-keywords-invalid", severity="warning",
      summary="`seo_keywords` is empty, has duplicates, or is not a list of strings")
def seo_keywords_invalid(post, ctx):
    """
    ## What it does
    Checks the shape of the front-matter `seo_keywords` list: it must be a non-empty list of
    non-empty strings, each keyword listed once. Keywords are compared after NFKC
    normalisation and case folding, so `ＡＩ導入` repeats `AI導入`, and a keyword with the same
    terms in another order (`ロードマップ AI導入` after `AI導入 ロードマップ`) is a repeat too:
    both are counted the same way. Posts without the key are not checked.

    ## Why is this bad?
    The list feeds the page's keyword meta data and every other KW rule. A string instead of
    a list (`seo_keywords: "AI, SEO"`) is one keyword to the theme that joins the list; a
    number (`2025`) or an empty item says nothing; a repeat only pads the list. The other KW
    rules check the usable items and skip the rest.

    ## Example
    ```yaml
    seo_keywords: ["AI導入", "ＡＩ導入", 2025, ""]
    ```

    ## Use instead
    ```yaml
    seo_keywords: ["AI導入", "AI ツール 比較"]
    ```

    ## References
    - [Yoast: What is a focus keyphrase?](https://yoast.com/focus-keyword/)
    """
    listed = post.view(keyword_list)
    for message, start, end in listed.problems:
        yield ctx.finding(message, start, end)


@rule("KW002", "keyword-not-in-body", severity="warning",
      summary="A keyword of `seo_keywords` does not occur in the body")
def keyword_not_in_body(post, ctx):
    """
    ## What it does
    Reports a keyword of `seo_keywords` that occurs nowhere in the body's text: no sentence
    holds all its terms. The message says which terms occur nowhere, or that they occur but
    never in one sentence.

    The body's text is what a reader reads: Markdown and HTML stripped; code, Liquid tags,
    URLs, image alt text and JSON-LD left out; NFKC-normalised and case-folded, so `ＡＩ`
    and `ai` match `AI`. A keyword's terms are its space-separated parts (`AI導入 ロードマップ`
    has two), which must all occur in one sentence, in any order, as Yoast SEO counts a
    keyphrase. A term matches inside Japanese text (`導入` in `AI導入の`), but not inside a
    Latin word or number (`AI` not in `said`). English function words and Japanese particles
    standing as terms (`how to bake a cake`, `AI の 活用`) need not occur, and a keyword in
    double quotes (`"AI導入 ロードマップ"`) must occur exactly as written.

    ## Why is this bad?
    A keyword the page never uses is a promise the page does not keep: search engines rank
    pages for what their text says, and a reader who searched for it finds nothing about it.
    Usually the keyword list was copied from another post or is stale.

    ## Example
    ```markdown
    ---
    seo_keywords: ["ChatGPT ビジネス活用 事例"]
    ---
    AIマーケティングの導入手順を解説します。
    ```

    ## Use instead
    Write about the keyword, or list the keywords the post is about:
    ```markdown
    ---
    seo_keywords: ["AIマーケティング 導入"]
    ---
    AIマーケティングの導入手順を解説します。
    ```

    ## References
    - [Yoast: keyphrase density](https://yoast.com/what-is-keyphrase-density-and-why-is-it-important/)
    """
    keywords = _keywords(post)
    if not keywords:
        return
    numbers = ""  # the same for every keyword here: none occurs
    for keyword, usage in post.view(keyword_use).counted():
        if usage.count:
            continue
        numbers = numbers or _numbers(usage)
        if usage.words == 0:
            detail = "the body has no text"
        elif usage.missing and len(usage.missing) == len(keyword.terms):
            detail = "it occurs nowhere" if len(keyword.terms) == 1 else f"none of {_quoted(keyword.terms)} occurs"
        elif usage.missing:
            detail = f"{_quoted(usage.missing)} occur{'s' if len(usage.missing) == 1 else ''} nowhere"
        else:
            detail = f"{_quoted(keyword.terms)} never occur in the same sentence"
        yield ctx.finding(f"keyword \"{keyword.text}\" is not in the body ({numbers}): {detail}",
                          keyword.start, keyword.end)


_DENSITY_OPTIONS = {"length-adjusted": True, "short-text-words": 100}


@rule("KW003", "keyword-density-low", severity="note",
      summary="A keyword occurs too rarely in the body",
      options={"min-density": 0.5, **_DENSITY_OPTIONS})
def keyword_density_low(post, ctx):
    """
    ## What it does
    Reports a keyword of `seo_keywords` that occurs in the body, but less often than the
    recommended band (keywords that do not occur at all are KW002's). The message gives
    the numbers: occurrences, density and word count, and the band for this text.

    Density is occurrences / words x 100 as Yoast SEO defines it: a keyword counts once per
    sentence that holds all its terms (the smallest count of its terms), and Japanese words
    are counted with TinySegmenter, exactly as yoastseo 3.6.0 counts them.

    ## Why is this bad?
    A page that mentions its keyword once in 3,000 words is not, to a search engine or a
    reader skimming it, about that keyword. Yoast SEO's advice, which many writers already
    follow, is a density of at least 0.5 %.

    ## Example
    A 2,912-word post that names its keyphrase `AI導入 ロードマップ` in 6 sentences:
    0.21 %, while a 3-word keyphrase wants 9–51 occurrences here.

    ## Use instead
    Use the keyword where the text is about it: in the introduction, in a subheading, in the
    summary. Or drop it from `seo_keywords` if the post is not about it.

    ## Options
    - `min-density` (default `0.5`): the lowest good density in percent, Yoast's minimum.
    - `length-adjusted` (default `true`): as Yoast does, multiply the density by
      `0.7 + words / 3` (the keyword's length in words) before comparing, so a 3-word keyword
      needs 0.29 % and a 1-word keyword 0.48 %: a longer phrase is rarer in natural text.
      Whatever the limits, 2 occurrences are always enough, and 1 never is (Yoast's rule).
    - `short-text-words` (default `100`): a text shorter than this is judged by count, not
      density: 1 occurrence is enough (Yoast's rule for short texts).

    ## References
    - [Yoast: keyphrase density](https://yoast.com/what-is-keyphrase-density-and-why-is-it-important/)
    - yoastseo 3.6.0, `KeywordDensityAssessment.js`, `recommendedKeywordCount.js`, `keyphraseLengthFactor.js`
    """
    yield from _outside_band(post, ctx, too_few=True)


@rule("KW004", "keyword-stuffing", severity="warning",
      summary="A keyword occurs too often in the body (keyword stuffing)",
      options={"max-density": 3.0, **_DENSITY_OPTIONS})
def keyword_stuffing(post, ctx):
    """
    ## What it does
    Reports a keyword of `seo_keywords` that occurs more often than the recommended band,
    with the numbers: occurrences, density, word count and the band for this text. Counted
    as KW003 counts (Yoast SEO's keyphrase density).

    ## Why is this bad?
    Repeating a keyword beyond natural use is keyword stuffing: Google's spam policies name
    it, it can demote the page, and readers find the text robotic. Yoast SEO flags a density
    above 3 %.

    ## Example
    A 300-word post with `AI` in 12 sentences (4 %).

    ## Use instead
    Vary the wording: synonyms, pronouns, or simply fewer mentions.

    ## Options
    - `max-density` (default `3.0`): the highest good density in percent, Yoast's maximum
      (Yoast Premium, which also matches word forms, allows 3.5 %).
    - `length-adjusted` (default `true`): compare `density x (0.7 + words / 3)`, as Yoast
      does; a 2-word keyword may then reach 2.20 %. 2 occurrences are always allowed.
    - `short-text-words` (default `100`): a shorter text may hold the keyword once, or twice
      when it has over 50 words (Yoast's rule for short texts).

    ## References
    - [Google Search spam policies: keyword stuffing](https://developers.google.com/search/docs/essentials/spam-policies#keyword-stuffing)
    - [Yoast: keyphrase density](https://yoast.com/what-is-keyphrase-density-and-why-is-it-important/)
    """
    yield from _outside_band(post, ctx, too_few=False)


_PLACES = {"title": "the title", "description": "the description", "first-paragraph": "the first paragraph"}


_HEADING_PLACES = frozenset(f"h{level}" for level in range(1, 7))


def _places(post, use: KeywordUse, wanted: list[str]) -> list[tuple[str, list[str]]]:
    """(name, folded texts) of each place the post has; a heading place lists every heading."""
    found = []
    for place in wanted:
        if place in ("title", "description"):
            value = post.data.get(place)
            if isinstance(value, str) and value.strip():
                found.append((_PLACES[place], [value]))
        elif place == "first-paragraph":
            block = use.body.first("paragraph")
            if block is not None:
                found.append((_PLACES[place], [block.text]))
        elif place in _HEADING_PLACES:
            texts = [b.text for b in use.body.headings(int(place[1]))]
            if texts:
                found.append((place.upper(), texts))
    # Fold them at once: folding works line by line, so when no text has a line break of its
    # own, the lines of the folded whole are the folded texts.
    texts = [text for _, place_texts in found for text in place_texts]
    joined = "\n".join(texts)
    if joined.count("\n") != len(texts) - 1:
        return [(name, [fold(text) for text in place_texts]) for name, place_texts in found]
    lines = fold(joined).split("\n")
    folded, at = [], 0
    for name, place_texts in found:
        folded.append((name, lines[at : at + len(place_texts)]))
        at += len(place_texts)
    return folded


def _join(names: list[str], word: str) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} {word} {names[-1]}"


@rule("KW005", "keyword-placement", severity="note",
      summary="A keyword is missing from the title, description, first paragraph or subheadings",
      options={"places": ["title", "description", "first-paragraph", "h2"], "secondary": "any"})
def keyword_placement(post, ctx):
    """
    ## What it does
    Checks where the keywords of `seo_keywords` appear: in the title, the description,
    the body's first paragraph and its H2 headings (Markdown `##` and HTML `<h2>`). The
    first keyword is the focus keyword and should be in every one of these places; one
    finding lists the places it is missing from. Each other keyword should be in at least
    one of them. A place holds a keyword when it holds all its terms.

    Places the post does not have (no description, no H2) are not required. Keywords
    that are not in the body at all are left to KW002.

    ## Why is this bad?
    Search engines and readers weigh the title, the snippet (the description), the opening
    and the subheadings most: a focus keyword that appears only deep in the text is weakly
    signalled, and a secondary keyword in none of them is probably not a subject of the
    post. These are Yoast SEO's checks "keyphrase in SEO title", "in meta description",
    "in introduction" and "in subheading".

    ## Example
    ```markdown
    ---
    title: "AI導入ロードマップ5ステップ"
    seo_keywords: ["AI導入 ロードマップ"]
    ---
    AI導入のロードマップを解説します。

    ## 実践ステップ
    ```

    ## Use instead
    ```markdown
    ## AI導入ロードマップの実践ステップ
    ```

    ## Options
    - `places` (default `["title", "description", "first-paragraph", "h2"]`): where keywords
      are looked for; `h1` to `h6` name heading levels (`h3` adds H3 headings as one place).
    - `secondary` (default `"any"`): what the keywords after the first need: `"any"` (at least
      one place), `"all"` (every place, like the focus keyword) or `"off"` (not checked).

    ## References
    - [Yoast: keyphrase in introduction, subheadings, meta description](https://yoast.com/yoast-seo-checks/)
    """
    keywords = _keywords(post)
    if not keywords:
        return
    wanted = [p for p in ctx.options["places"]
              if p in _PLACES or p in _HEADING_PLACES or re.fullmatch(r"h[1-6]", str(p))]
    secondary = ctx.options["secondary"] if ctx.options["secondary"] in ("any", "all", "off") else "any"
    use = post.view(keyword_use)
    # the keywords to look for: in the body (else KW002 speaks), and the focus one or not "off"
    checked = [(number, keyword) for number, (keyword, usage) in enumerate(use.counted())
               if (number == 0 or secondary != "off") and usage.count]
    if not checked:
        return
    places = [(name, texts, "\n".join(texts)) for name, texts in _places(post, use, wanted)]
    if not places:
        return
    for number, keyword in checked:
        focus = number == 0
        missing, present = [], []
        for name, texts, together in places:
            # no text can hold the keyword when the texts together do not hold its terms (a
            # place of one text is that text)
            held = use.holds(together, keyword) and (len(texts) == 1 or any(use.holds(t, keyword) for t in texts))
            (present if held else missing).append((name, len(texts)))
        if not missing:
            continue
        if focus or secondary == "all":
            names = [_place_name(n, total, "every") for n, total in missing]
            where = f"; it is in {_join([_place_name(n, t, 'an') for n, t in present], 'and')}" if present else ""
            role = "focus keyword" if focus else "keyword"
            yield ctx.finding(f"{role} \"{keyword.text}\" is missing from {_join(names, 'and')}{where}",
                              keyword.start, keyword.end)
        elif not present:
            names = [_place_name(n, total, "any") for n, total in missing]
            yield ctx.finding(f"keyword \"{keyword.text}\" is in none of {_join(names, 'or')}",
                              keyword.start, keyword.end)


def _place_name(name: str, total: int, quantifier: str) -> str:
    if not name.startswith("H"):
        return name
    if quantifier == "an":
        return f"an {name}" if total > 1 else f"the {name}"
    return f"{quantifier} {name} ({total} heading{'s' if total != 1 else ''})" if total > 1 else f"the {name}"


# Keywords repeat from post to post: the latest year each names (by its terms).
_LATEST: dict[tuple[Term, ...], tuple[date, str] | None] = {}


def _latest_year(terms: tuple[Term, ...]) -> tuple[date, str] | None:
    """(last day it is current, as written) of the latest year the terms name, or None."""
    latest = None
    text = " ".join(t.folded for t in terms)
    if any(ch.isdigit() for ch in text):
        for match in _YEAR.finditer(text):
            year = int(match.group(1) or match.group(3))
            fiscal = bool(match.group(2)) or match.group(3) is not None
            current = _last_current_day(year, fiscal)
            if latest is None or current > latest[0]:
                latest = (current, match.group(0).strip())
    if len(_LATEST) >= 4096:
        _LATEST.clear()
    _LATEST[terms] = latest
    return latest


def _last_current_day(year: int, fiscal: bool) -> date:
    # A Japanese fiscal year (年度, FY) N runs from April N to March N+1.
    return date(year + 1, 3, 31) if fiscal else date(year, 12, 31)


@rule("KW006", "keyword-stale-year", severity="warning",
      summary="A keyword names a year earlier than the post's date")
def keyword_stale_year(post, ctx):
    """
    ## What it does
    Reports a keyword of `seo_keywords` that names a year (`2025`, `２０２５年`) when the post
    is dated after that year ended: `AI ツール 比較 2025` in a post of January 2026. A fiscal
    year (`2025年度`, `FY2025`) is current until the end of March of the next year. With
    several years (`2024-2025`), the latest counts. The post's date is its front-matter
    `date`, else the date in its file name.

    ## Why is this bad?
    A keyword with last year in it targets searches people no longer make and labels the
    page out of date in the list that describes it. It is usually copied from an older
    post.

    ## Example
    ```yaml
    date: 2026-01-19
    seo_keywords: ["AI ツール 比較 2025"]
    ```

    ## Use instead
    ```yaml
    seo_keywords: ["AI ツール 比較 2026"]
    ```
    or drop the year if the post is not about one year. A year that belongs to a name
    (`Office 2019`, `VimConf 2018`) is reported too: when the post is about that product or
    event, silence the finding (`leadlint: {ignore: [KW006]}` in the front matter).
    """
    keywords = _keywords(post)
    if not keywords or post.date is None:
        return
    day = post.date.date() if isinstance(post.date, datetime) else post.date
    for keyword in keywords:
        try:
            latest = _LATEST[keyword.terms]
        except KeyError:
            latest = _latest_year(keyword.terms)
        if latest is not None and latest[0] < day:
            yield ctx.finding(f"keyword \"{keyword.text}\" names {latest[1]}, a year before the post's date "
                              f"({day.isoformat()})", keyword.start, keyword.end)


def _outside_band(post, ctx, too_few: bool):
    """KW003 (``too_few``) and KW004: keywords whose count falls below or above the band."""
    keywords = _keywords(post)
    if not keywords:
        return
    use = post.view(keyword_use)
    for keyword, usage in use.counted():
        if usage.count == 0 or usage.words == 0:
            continue
        length = use.length(keyword)
        b = band(usage.words, length, ctx.options)
        if usage.count < b.min_count if too_few else usage.count > b.max_count:
            advice = _band_text(b, length, ctx.options["short-text-words"])
            verdict = "rare" if too_few else "overused"
            yield ctx.finding(f"keyword \"{keyword.text}\" is {verdict}: {_numbers(usage)}; {advice}",
                              keyword.start, keyword.end)
