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
"""

from __future__ import annotations

import os
import re

from . import _pure

__all__ = [
    "IMPLEMENTATION",
    "count_words",
    "detect_language",
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

_c_ready = False


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
        sanitized = _pure.sanitize(text)
        c = _accel()
        if c is not None:
            return c.ja_count(sanitized)
        return len(_pure.ja_words_from_sanitized(sanitized))
    return len(_pure.default_words(text))


# Kana (hiragana, katakana, their extensions, half-width katakana) and kanji (CJK
# unified ideographs, extension A, compatibility ideographs, 々 〆); compiled on first
# use (the big character class costs about a millisecond, and start-up matters).
_JAPANESE_RUN_PATTERN = (
    "[\u3005\u3006\u3041-\u309f\u30a0-\u30ff\u31f0-\u31ff\u3400-\u4dbf"
    "\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f]+"
)
_LATIN_RUN_PATTERN = "[A-Za-z\u00c0-\u024f\uff21-\uff3a\uff41-\uff5a]+"
_script_runs = None


def detect_language(text: str) -> str:
    """``"ja"`` when ``text`` is mostly Japanese script, else ``"en"``.

    Cheap: it counts kana/kanji characters and Latin letters, in a long text on an
    evenly spaced sample of about 2,000 characters.  "Mostly" is measured in estimated
    words, not characters: a Japanese word is about two characters, an English one
    about five letters, so the text is Japanese when ``kana_kanji / 2 >= latin / 5``.
    A Japanese post full of English terms is therefore still Japanese, an English
    post quoting a few Japanese words is not.
    """
    global _script_runs
    if _script_runs is None:
        _script_runs = (re.compile(_JAPANESE_RUN_PATTERN).findall,
                        re.compile(_LATIN_RUN_PATTERN).findall)
    japanese_runs, latin_runs = _script_runs
    if len(text) > 4096:
        text = text[:: len(text) // 2048]
    ja = sum(map(len, japanese_runs(text)))
    if ja == 0:
        return "en"
    latin = sum(map(len, latin_runs(text)))
    return "ja" if ja * 5 >= latin * 2 else "en"
