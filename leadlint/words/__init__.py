"""Word counting that agrees with yoastseo 3.6.0, for Japanese and for English.

Keyword density is occurrences / words, and SEO users check it against Yoast SEO, so
"words" here means exactly the words yoastseo 3.6.0 counts:

* Japanese (``language="ja"``), yoastseo's ``languages/ja/helpers/getWords``: sanitise
  the HTML (``&nbsp;``, em dashes, whitespace and tags become spaces, spaces collapse,
  the ends are trimmed, spaces next to ``。`` go), split with TinySegmenter (the model of
  the npm package tiny-segmenter 0.2.0), strip leading and trailing punctuation from
  every token, drop tokens left blank.
* Anything else, yoastseo's default ``helpers/word/getWords``: the same sanitising,
  split at each whitespace character, strip punctuation, drop blanks.

(For its keyphrase-density figure yoastseo counts Japanese words this way on the whole
post HTML; for other languages it counts the words of the paragraphs and headings of its
HTML tree, which leaves out e.g. ``<script>`` text.)

The segmentation runs in the C extension ``leadlint.words._tinyseg`` when it is built,
else in ``leadlint.words._pure``; both give identical results.  Set the environment
variable ``LEADLINT_WORDS_PURE=1`` before import to force the pure-Python path.

The extension also holds the text-scanning loops of the keyword rules, with the same
pure-Python fallback: :func:`detect_language`, :func:`find_terms` and :func:`count_keywords`
(and the folding of :func:`leadlint.prose.fold`).
"""

from __future__ import annotations

import os

from . import _pure

__all__ = [
    "IMPLEMENTATION",
    "count_keywords",
    "count_words",
    "detect_language",
    "find_terms",
    "segment_japanese",
    "yoast_words",
]

_c = None
if not os.environ.get("LEADLINT_WORDS_PURE"):
    try:
        from . import _tinyseg as _c
    except ImportError:  # not built (no compiler): the pure-Python fallback is used
        _c = None

#: ``"c"`` when the compiled segmenter is in use, ``"python"`` otherwise.
IMPLEMENTATION = "c" if _c is not None else "python"
# The scanning loops (no model needed); None when not compiled, or compiled before they existed.
_c_script_counts = getattr(_c, "script_counts", None)
_c_find_terms = getattr(_c, "find_terms", None)
_c_count_keywords = getattr(_c, "count_keywords", None)
_c_ja_count_text = getattr(_c, "ja_count_text", None)

_c_ready = False


def c_function(name: str):
    """A function of the C extension other modules use (leadlint.prose's ``fold``), or None
    when the extension is not compiled (or is older than the function, or
    ``LEADLINT_WORDS_PURE`` is set)."""
    return getattr(_c, name, None)


def _c_spec(model: _pure.Model) -> dict:
    """The model in the form ``_tinyseg.init`` takes."""
    codes = {ord(ch): chr(i) for i, ch in enumerate(_pure.CTYPES)}
    spec: dict = {
        "bias": model.bias,
        "ctype": model.ctype_table.translate(codes).encode("latin-1"),
        "punctuation": _pure.PUNCTUATION,
        "whitespace": _pure.JS_WHITESPACE,
    }
    for name, shape in _pure.TABLE_SHAPES.items():
        spec[name] = model.tables[name] if "w" in shape else model.dense(name)
    return spec


def _accel():
    """The initialised C module, or None."""
    global _c_ready
    if _c is None:
        return None
    if not _c_ready:
        _c.init(_c_spec(_pure.load_model()))
        _c_ready = True
    return _c


def _is_japanese(language: str) -> bool:
    return language[:2].lower() == "ja" and language[2:3] in ("", "_", "-")


def segment_japanese(text: str) -> list[str]:
    """TinySegmenter's tokens for ``text``, identical to ``segment()`` of the npm
    package tiny-segmenter 0.2.0 (no sanitising, no punctuation removal; ``[]`` for
    ``""``).

    Like the JavaScript original, it works on UTF-16 code units: a character outside
    the BMP (an emoji) may be split into its two surrogate halves, which then appear
    as lone surrogate code points in the tokens.
    """
    c = _accel()
    return c.segment(text) if c is not None else _pure.segment(text)


def yoast_words(text: str, language: str) -> list[str]:
    """The words yoastseo 3.6.0 counts in ``text`` (plain text or HTML).

    ``language`` ``"ja"`` (also ``"ja_JP"``/``"ja-JP"``) uses the Japanese word
    helper; any other value yoastseo's default splitting on whitespace.
    """
    if _is_japanese(language):
        sanitized = _pure.sanitize(text)
        c = _accel()
        if c is not None:
            return c.ja_words(sanitized)
        return _pure.ja_words_from_sanitized(sanitized)
    return _pure.default_words(text)


def count_words(text: str, language: str) -> int:
    """``len(yoast_words(text, language))``, without building the list for Japanese."""
    if _is_japanese(language):
        c = _accel()
        if c is not None:
            if _c_ja_count_text is not None:  # sanitised in C too
                return _c_ja_count_text(text)
            return c.ja_count(_pure.sanitize(text))
        return len(_pure.ja_words_from_sanitized(_pure.sanitize(text)))
    return len(_pure.default_words(text))


def detect_language(text: str) -> str:
    """``"ja"`` when ``text`` is mostly Japanese script, else ``"en"``.

    Cheap: it counts kana/kanji characters and Latin letters, in a long text on an
    evenly spaced sample of about 2,000 characters.  "Mostly" is measured in estimated
    words, not characters: a Japanese word is about two characters, an English one
    about five letters, so the text is Japanese when ``kana_kanji / 2 >= latin / 5``.
    A Japanese post full of English terms is therefore still Japanese, an English
    post quoting a few Japanese words is not.
    """
    step = len(text) // 2048 if len(text) > 4096 else 1
    ja, latin = (_c_script_counts or _pure.script_counts)(text, step)
    return "ja" if ja and ja * 5 >= latin * 2 else "en"


def find_terms(text: str, terms, boundary: str, by_sentence: bool = False) -> list[list[int]]:
    """For each of ``terms``, where it occurs in ``text``: found left to right without
    overlapping its own earlier occurrences (``str.find`` from the end of the last one). A
    term that starts (ends) with a character of ``boundary`` only counts where no such
    character precedes (follows) it: with Latin letters as ``boundary``, ``ai`` is not found
    inside ``said``, while ``導入`` is found inside ``AI導入の``.

    Each occurrence is given by its offset, or with ``by_sentence`` by the index of the
    sentence it starts in, for a folded (NFKC, case-folded) text: sentences end after each
    line break and each run of ``。 ! ? .``, except a run of dots only that a letter or digit
    follows (``1.5``, ``example.com``); see ``_pure.sentence_cuts``.

    In C, one pass over ``text`` for all the terms."""
    return (_c_find_terms or _pure.find_terms)(text, terms, boundary, by_sentence)


def count_keywords(text: str, keywords, boundary: str) -> list[tuple[int, tuple[int, ...]]]:
    """For each keyword (a sequence of terms, found as :func:`find_terms` finds them), how
    many times it occurs in the folded ``text``, and the indices of its terms that occur
    nowhere (then it occurs 0 times). A keyword of one term occurs as often as the term; a
    keyword of several terms counts, in each sentence, the smallest number of times one of
    its terms occurs there (Yoast's keyphrase count). In C, one pass over ``text``."""
    return (_c_count_keywords or _pure.count_keywords)(text, keywords, boundary)
