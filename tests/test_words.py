"""leadlint.words: a word counter that agrees with yoastseo 3.6.0.

Expected values marked "(node)" were produced by running the npm packages
tiny-segmenter 0.2.0 and yoastseo 3.6.0 under node 20 (benchmarks/yoast/wordcount.js).
The optional test at the end re-runs that comparison live when node and yoastseo are
installed (LEADLINT_YOASTSEO_DIR=<dir with node_modules/yoastseo>).
"""

from __future__ import annotations

import bisect
import json
import os
import random
import re
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import leadlint.words as words
from leadlint.words import _pure

REPO = Path(__file__).resolve().parent.parent
WORDCOUNT_JS = REPO / "benchmarks" / "yoast" / "wordcount.js"
SAMPLE_POST = Path(
    os.environ.get(
        "LEADLINT_SAMPLE_POST", "/work/shared/samples/2026-01-19-ai-roadmap-learning-marketing.md"
    )
)

C = words._accel()  # the initialised C module, or None when it is not built
needs_c = pytest.mark.skipif(C is None, reason="C extension leadlint.words._tinyseg not built")

# ---------------------------------------------------------------------------
# known segmentations (node)
# ---------------------------------------------------------------------------

SEGMENTS = [
    ("私の名前は中野です", ["私", "の", "名前", "は", "中野", "です"]),
    (
        "AIの進化は目覚ましく、マーケティングの世界も例外ではありません。",
        ["AI", "の", "進化", "は", "目覚", "ましく", "、", "マーケティング", "の", "世界", "も",
         "例外", "で", "は", "あり", "ませ", "ん", "。"],
    ),
    # BW1 "B1あ": a key made of the padding symbol B1 and あ
    ("あいうえお", ["あいうえ", "お"]),
    # keys holding an ASCII comma / full stop (BW3 "ず,", "か."), which the PyPI port lost
    ("知らず,に", ["知ら", "ず", ",", "に"]),
    ("行くか.", ["行く", "か", "."]),
    # UTF-16 code units: astral characters are two units and can be split
    ("🚀ロケットで宇宙へ😀", ["\ud83d", "\ude80", "ロケット", "で", "宇宙", "へ", "\ud83d", "\ude00"]),
    ("𠮷野家の牛丼", ["\ud842", "\udfb7", "野家", "の", "牛丼"]),
    ("ＡＢＣ１２３とabc123", ["ＡＢＣ", "１", "２", "３", "と", "abc", "1", "2", "3"]),
    ("ﾃｽﾄｸﾞﾙｰﾌﾟ", ["ﾃｽﾄｸﾞﾙｰﾌ", "ﾟ"]),
    (
        "「AI導入」ロードマップ、ユーザー体験・テスト（2026年版）！",
        ["「AI", "導入", "」", "ロードマップ", "、", "ユーザー", "体験", "・", "テスト", "（", "2", "0",
         "2", "6", "年", "版", "）", "！"],
    ),
    ("1,000円です。2.5倍", ["1", ",", "0", "0", "0", "円", "です", "。", "2", ".", "5", "倍"]),
    # the text "E1E2B1" is text, not padding
    ("E1E2B1あ", ["E", "1", "E", "2", "B", "1", "あ"]),
    ("a", ["a"]),
    (" ", [" "]),
    ("Hello, world!", ["Hello", ",", " ", "world", "!"]),
    ("", []),
]

JA_WORDS = [
    ("私の名前は中野です", ["私", "の", "名前", "は", "中野", "です"]),
    (
        "AIの進化は目覚ましく、マーケティングの世界も例外ではありません。",
        ["AI", "の", "進化", "は", "目覚", "ましく", "マーケティング", "の", "世界", "も", "例外", "で",
         "は", "あり", "ませ", "ん"],
    ),
    ("知らず,に", ["知ら", "ず", "に"]),
    ("🚀ロケットで宇宙へ😀", ["\ud83d", "\ude80", "ロケット", "で", "宇宙", "へ", "\ud83d", "\ude00"]),
    ("ﾃｽﾄｸﾞﾙｰﾌﾟ", ["ﾃｽﾄｸﾞﾙｰﾌ", "ﾟ"]),
    # 「」、・（）！ and the long-vowel mark ー are punctuation to Yoast
    (
        "「AI導入」ロードマップ、ユーザー体験・テスト（2026年版）！",
        ["AI", "導入", "ロードマップ", "ユーザ", "体験", "テスト", "2", "0", "2", "6", "年", "版"],
    ),
    ("1,000円です。2.5倍", ["1", "0", "0", "0", "円", "です", "2", "5", "倍"]),
    (" ", []),
    ("Hello, world!", ["Hello", "world"]),
    ("<p>私の&nbsp;名前</p>\n<p>です。 </p>", ["私", "の", "名前", "です"]),
]

EN_WORDS = [
    ("私の名前は中野です", ["私の名前は中野です"]),
    ("1,000円です。2.5倍", ["1,000円です。2.5倍"]),
    ("Hello, world!", ["Hello", "world"]),
    ("Hello, world — it's <b>bold</b> text.", ["Hello", "world", "it's", "bold", "text"]),
    (
        "It&#39;s 5 o'clock &amp;amp; the café’s “open”… (really)!",
        ["It&#39;s", "5", "o'clock", "amp", "the", "café’s", "open", "really"],
    ),
    ("tab\there\nnewline&nbsp;nbsp", ["tab", "here", "newline", "nbsp"]),
    ("   ", []),
    ("- — –", []),
    ("\\\\back\\\\slash", ["backslash"]),
]


@pytest.mark.parametrize("text,expected", SEGMENTS)
def test_segment_pure(text, expected):
    assert _pure.segment(text) == expected


@pytest.mark.parametrize("text,expected", SEGMENTS)
def test_segment_public(text, expected):
    assert words.segment_japanese(text) == expected


@pytest.mark.parametrize("text,expected", JA_WORDS)
def test_yoast_words_ja(text, expected):
    assert _pure.yoast_words(text, "ja") == expected
    assert words.yoast_words(text, "ja") == expected
    assert words.count_words(text, "ja") == len(expected)


@pytest.mark.parametrize("text,expected", EN_WORDS)
def test_yoast_words_en(text, expected):
    assert _pure.yoast_words(text, "en") == expected
    assert words.yoast_words(text, "en") == expected
    assert words.count_words(text, "en") == len(expected)


def test_language_argument():
    text = "私の名前は中野です"
    for lang in ("ja", "ja_JP", "ja-JP", "JA"):
        assert words.count_words(text, lang) == 6
    for lang in ("en", "en_US", "de", "", "jav"):
        assert words.count_words(text, lang) == 1


# ---------------------------------------------------------------------------
# Yoast's punctuation and whitespace
# ---------------------------------------------------------------------------

# punctuationRegexString of yoastseo 3.6.0 (languageProcessing/helpers/sanitize/
# removePunctuation.js), copied as the JS string literal; inside a character class the
# backslashes only escape the next character.
_YOAST_PUNCTUATION_JS = (
    "\\–\\-\\(\\)_\\[\\]’‘“”〝〞〟‟„\"'.?!:;,¿¡«»‹›\u2014\u00d7\u002b\u0026\u06d4\u061f\u060C\u061B\u3002\uff61"
    "\uff01\u203c\uff1f\u2047\u2049\u2048\u2025\u2026\u30fb\u30fc\u3001\u3003\u3004\u3006\u3007\u3008\u3009\u300a\u300b\u300c\u300d\u300e"
    "\u300f\u3010\u3011\u3012\u3013\u3014\u3015\u3016\u3017\u3018\u3019\u301a\u301b\u301c\u301d\u301e\u301f\u3020\u3036\u303c\u303d\uff5b"
    "\uff5d\uff5c\uff5e\uff5f\uff60\uff62\uff63\uff64\uff3b\uff3d\uff65\uffe5\uff04\uff05\uff20\uff06\uff07\uff08\uff09\uff0a\uff0f\uff1a"
    "\uff1b\uff1c\uff1e\uff3c\\<>"
)


def test_punctuation_set_is_yoasts():
    assert set(_pure.PUNCTUATION) == set(_YOAST_PUNCTUATION_JS.replace("\\", ""))
    assert len(set(_pure.PUNCTUATION)) == len(_pure.PUNCTUATION)
    for ch in "、。・ー「」（）":
        assert ch in _pure.PUNCTUATION


def test_whitespace_set_is_ecmascripts():
    # ECMAScript WhiteSpace (TAB VT FF ZWNBSP + category Zs) and LineTerminator (LF CR LS PS)
    expected = {"\t", "\x0b", "\x0c", "\ufeff", "\n", "\r", "\u2028", "\u2029"}
    expected |= {chr(c) for c in range(0x10000) if unicodedata.category(chr(c)) == "Zs"}
    assert set(_pure.JS_WHITESPACE) == expected


@pytest.mark.parametrize(
    "word,expected",
    [
        ("「AI導入」", "AI導入"),
        ("ユーザー", "ユーザ"),
        ("（2026年版）！", "2026年版"),
        ("、。・", ""),
        ("&amp;", ""),
        ("a&ampb&ampc", "ab&ampc"),  # String.replace with a string: first occurrence only
        ("&nbsp;x&nbsp;", " x "),
        ("\\\\x\\", "x"),
        ("-x-y-", "x-y"),
        ("“quoted”", "quoted"),
        ("\ud83d", "\ud83d"),
    ],
)
def test_remove_punctuation(word, expected):
    assert _pure.remove_punctuation(word) == expected


# ---------------------------------------------------------------------------
# reference transcriptions of yoast's regexes, to check the str-method versions
# ---------------------------------------------------------------------------

_JS_S = "[" + re.escape(_pure.JS_WHITESPACE) + "]"
_JS_P = "[" + re.escape(_YOAST_PUNCTUATION_JS.replace("\\", "")) + "]"


def js_sanitize(text: str) -> str:
    """sanitizeString, regex by regex (JS `$` without the m flag is Python's `\\Z`)."""
    text = re.sub("&nbsp;", " ", text)
    text = re.sub("\u2014", " ", text)
    text = re.sub(_JS_S, " ", text)
    text = re.sub(r"(<([^>]+)>)", " ", text, flags=re.I)
    text = re.sub(_JS_S + "{2,}", " ", text)
    text = re.sub(_JS_S + r"\.\Z", ".", text, count=1)
    text = re.sub("^" + _JS_S + "+|" + _JS_S + r"+\Z", "", text)
    text = re.sub(_JS_S + "。", "。", text)
    text = re.sub("。" + _JS_S, "。", text)
    return text


def js_remove_punctuation(word: str) -> str:
    word = re.sub("&nbsp;", " ", word)
    word = word.replace("&amp", "", 1)
    word = re.sub(r"(\\)", "", word)
    word = re.sub("^" + _JS_P + "+", "", word, count=1)
    word = re.sub(_JS_P + r"+\Z", "", word, count=1)
    return word


# Strategies: Japanese and English text with the characters and pieces that matter.
_JA_CHARS = (
    "あいうえおかきくけこのにはをがでですますしたっんアイウエオカキクケコーンロドマップ"
    "一二三十百千万日本人学習導入市場京都大阪同々〆ヵヶ"
    "ABCabcBE123１２３ＡＢＣＥ１Ｂ１ｱｲｳｸﾞｰﾝ,.、。・「」（）！？-—–_'\"\\&;<>"
)
_PIECES = [
    "&nbsp;", "&amp;", "&amp", "<b>", "</p>", '<a href="x">', "<>", " 。 ", " .", "\u3000",
    "\xa0", "\n", "\t", "\r\n", "\ufeff", "\x1c", "\x85", "\u200b", "😀", "𠮷", "\ud83d",
    "\ude80", "\udbff", "B1", "E2", "ユーザー", "AI導入", "ロードマップ", "知らず,に", "行くか.",
]
_piece = st.one_of(
    st.sampled_from(list(_JA_CHARS)),
    st.sampled_from(_PIECES),
    st.characters(),
    st.characters(min_codepoint=0x3000, max_codepoint=0x9FFF),
)
texts = st.lists(_piece, max_size=40).map("".join)
_HSET = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_HSET
@given(texts)
def test_sanitize_matches_yoast_regexes(text):
    assert _pure.sanitize(text) == js_sanitize(text)


@_HSET
@given(texts)
def test_remove_punctuation_matches_yoast_regexes(text):
    assert _pure.remove_punctuation(text) == js_remove_punctuation(text)


def test_sanitize_examples():
    assert _pure.sanitize("<p>一つ。 二つ</p>\n<p>三 。</p>") == "一つ。二つ 三。"
    assert _pure.sanitize("a&nbsp;&nbsp;b—c .") == "a b c."
    assert _pure.sanitize("  \u3000\n ") == ""
    assert _pure.sanitize("x\x1cy\x85z\u200b") == "x\x1cy\x85z\u200b"  # not JS whitespace


# ---------------------------------------------------------------------------
# the model
# ---------------------------------------------------------------------------


def test_model_canonical_keys():
    m = _pure.load_model()
    assert m.bias == -332
    # keys no split into symbols can produce are dropped ...
    assert "市" not in m.tables["BW3"]
    assert "ｸﾞ" not in m.tables["UW3"] and len(m.tables["UW3"]) == 216
    # ... padding keys are mapped to their private characters ...
    assert m.tables["UW5"][_pure.E2] == -32768
    assert m.tables["UW6"][_pure.E1] == 306
    assert m.tables["BW1"][_pure.B1 + "あ"] == 1404
    assert "B1あ" not in m.tables["BW1"]
    # ... and the comma keys survive
    assert m.tables["BW1"][",と"] == 660
    assert m.tables["BW3"]["ず,"] == 3426
    assert m.tables["TW4"]["いう."] == 8576
    raw_entries = sum(len(t) for t in m.raw["tables"].values())
    assert raw_entries == 1340
    # unreachable: BW1 Ｂ１あ Ｂ１同, BW3 市, UW3 ｸﾞ, UW5 Ｅ２, UW6 Ｅ１ (full-width look-alikes
    # of the padding symbols, and keys of the wrong length)
    assert sum(len(t) for t in m.tables.values()) == raw_entries - 6


def test_model_licence_beside_it():
    licence = (Path(words.__file__).parent / "LICENSE.tiny-segmenter").read_text(encoding="utf-8")
    assert "Taku Kudo" in licence and "Redistribution and use in source and binary forms" in licence


# ---------------------------------------------------------------------------
# C and pure Python agree
# ---------------------------------------------------------------------------


@needs_c
@_HSET
@given(texts)
def test_c_segment_equals_pure(text):
    assert C.segment(text) == _pure.segment(text)


@needs_c
@_HSET
@given(texts)
def test_c_words_equal_pure(text):
    for lang in ("ja", "en"):
        expected = _pure.yoast_words(text, lang)
        assert words.yoast_words(text, lang) == expected
        assert words.count_words(text, lang) == len(expected)
    sanitized = _pure.sanitize(text)
    assert C.ja_words(sanitized) == _pure.ja_words_from_sanitized(sanitized)
    assert C.ja_count(sanitized) == len(_pure.ja_words_from_sanitized(sanitized))


@needs_c
@settings(max_examples=100, deadline=None)
@given(st.text(min_size=200, max_size=2000))
def test_c_equals_pure_long_unicode(text):
    assert C.segment(text) == _pure.segment(text)


@needs_c
def test_c_equals_pure_on_sample_and_large_text():
    rng = random.Random(20260119)
    alphabet = _JA_CHARS + "😀 \n"
    big = "".join(rng.choice(alphabet) for _ in range(50_000))
    for text in (big, _sample_html() or ""):
        assert C.segment(text) == _pure.segment(text)
        assert words.count_words(text, "ja") == len(_pure.yoast_words(text, "ja"))


@needs_c
def test_c_every_model_key():
    # the C segmenter keeps the word tables as dense arrays of small ids (one per symbol and
    # position in a key): look every key up, alone, inside text and at the text's ends
    # (where the padding symbols are its neighbours), against the pure-Python dicts
    model = _pure.load_model()
    markers = {_pure.B1, _pure.B2, _pure.B3, _pure.E1, _pure.E2, _pure.E3}
    keys = sorted({key for name, table in model.tables.items() if "w" in _pure.TABLE_SHAPES[name]
                   for key in table if not markers & set(key)})
    assert len(keys) > 600
    for key in keys:
        for text in (key, "あ" + key + "。", "漢字" + key + "です", key + key, "ー" + key + "、x"):
            assert C.segment(text) == _pure.segment(text), text
            assert C.ja_count(text) == len(_pure.ja_words_from_sanitized(text)), text
    joined = "".join(keys)
    assert C.segment(joined) == _pure.segment(joined)


@needs_c
def test_c_word_count_fast_path():
    # a token that starts with neither punctuation nor whitespace nor a backslash is a word
    # without being rewritten; the others go through removePunctuation
    for text in ("\\\\", "\\a", "a\\", "\\。", "&amp;x", "x&nbsp;", "&nbsp;", "&amp", "「」", "「a」",
                 "、 、", "- a -", "ー", "a ー b", "\\&nbsp;\\", "ab&ampcd", "。\\。"):
        for sanitized in (text, _pure.sanitize(text)):
            expected = _pure.ja_words_from_sanitized(sanitized)
            assert C.ja_count(sanitized) == len(expected), sanitized
            assert C.ja_words(sanitized) == expected, sanitized
        assert C.ja_count_text(text) == len(_pure.yoast_words(text, "ja")), text


@needs_c
def test_c_rejects_non_str():
    with pytest.raises(TypeError):
        C.segment(b"bytes")
    with pytest.raises(TypeError):
        C.ja_count(None)


def test_surrogates_in_input_are_code_units():
    # a str holding the two halves as separate code points is, to JS, the same string
    assert _pure.segment("\ud83d\ude80です") == _pure.segment("🚀です")
    assert words.segment_japanese("\ud83d\ude80です") == words.segment_japanese("🚀です")
    # a pair that stays inside one token comes back as one character
    assert _pure.segment("😀😀") == ["\ud83d", "\ude00", "😀"]  # (node)
    assert words.segment_japanese("😀😀") == ["\ud83d", "\ude00", "😀"]


# ---------------------------------------------------------------------------
# the pure-Python fallback through the public API
# ---------------------------------------------------------------------------


def test_public_api_without_c_extension():
    code = (
        "import json, leadlint.words as w;"
        "print(json.dumps([w.IMPLEMENTATION, w.segment_japanese('私の名前は中野です'),"
        " w.yoast_words('「AI導入」ロードマップ、ユーザー', 'ja'), w.count_words('Hello, world!', 'en')]))"
    )
    env = dict(os.environ, LEADLINT_WORDS_PURE="1", PYTHONPATH=str(REPO))
    out = subprocess.run([sys.executable, "-c", code], env=env, cwd=REPO, capture_output=True,
                         text=True, check=True, timeout=60)
    impl, seg, ja, en = json.loads(out.stdout)
    assert impl == "python"
    assert seg == ["私", "の", "名前", "は", "中野", "です"]
    assert ja == ["AI", "導入", "ロードマップ", "ユーザ"]
    assert en == 2


# ---------------------------------------------------------------------------
# detect_language
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text,expected",
    [
        ("AIの進化は目覚ましく、マーケティングの世界も例外ではありません。", "ja"),
        ("ChatGPTとClaudeをマーケティングに活用する方法", "ja"),
        ("AI導入", "ja"),
        ("The quick brown fox jumps over the lazy dog.", "en"),
        ("The quick brown fox " * 500 + "日本語", "en"),
        ("", "en"),
        ("12345 !!!", "en"),
    ],
)
def test_detect_language(text, expected):
    assert words.detect_language(text) == expected


# ---------------------------------------------------------------------------
# the sample post (DESIGN.md: yoastseo counts 3,132 words, 2,912 without the script block)
# ---------------------------------------------------------------------------


def _sample_html() -> str | None:
    if not SAMPLE_POST.is_file():
        return None
    import pyromark

    src = SAMPLE_POST.read_text(encoding="utf-8")
    m = re.match(r"---\r?\n.*?\r?\n---\r?\n", src, re.S)
    return pyromark.html(src[m.end():] if m else src)


def _without_scripts(html: str) -> str:
    return re.sub(r"<script\b.*?</script>", "", html, flags=re.S | re.I)


def test_sample_post_counts():
    html = _sample_html()
    if html is None:
        pytest.skip(f"sample post not found at {SAMPLE_POST} (set LEADLINT_SAMPLE_POST)")
    assert words.count_words(html, "ja") == 3132
    assert words.count_words(_without_scripts(html), "ja") == 2912
    assert len(_pure.yoast_words(html, "ja")) == 3132
    assert words.detect_language(html) == "ja"


# ---------------------------------------------------------------------------
# the sanitiser in C (ja_count_text) and the keyword rules' scanning loops
# ---------------------------------------------------------------------------


def _units(text: str) -> bytes:
    # what JavaScript (and the segmenter) sees: a lone surrogate pair is one character there
    return text.encode("utf-16-le", "surrogatepass")


@needs_c
@_HSET
@given(texts)
def test_c_sanitize_equals_pure(text):
    assert _units(C.sanitize(text)) == _units(_pure.sanitize(text))
    assert C.ja_count_text(text) == C.ja_count(_pure.sanitize(text))


_STOP_PIECES = ["。", " ", "  ", "<", ">", "<b>", "</p>", "a", "あ", ".", "&nbsp;", "\u2014", "\u3000", "\n", "&",
                "nbsp;", "\t"]


@needs_c
@settings(max_examples=2000, deadline=None)
@given(st.lists(st.sampled_from(_STOP_PIECES), max_size=16).map("".join))
def test_c_sanitize_spaces_next_to_stops(text):
    # the C sanitiser drops the spaces next to a "。" in its first pass, and again at the
    # end only when a tag became a space
    assert C.sanitize(text) == _pure.sanitize(text) == js_sanitize(text)
    assert C.ja_count_text(text) == len(_pure.yoast_words(text, "ja"))


@needs_c
def test_c_sanitize_examples():
    for text in ("<p>一つ。 二つ</p>\n<p>三 。</p>", "a&nbsp;&nbsp;b—c .", "  \u3000\n ", "x\x1cy\x85z\u200b",
                 "a <b> c", "。 。 x 。", "<<a>>", "<>x<", " . ", "x <", "&nbsp", "&nbsp;&nbsp;"):
        assert C.sanitize(text) == _pure.sanitize(text) == js_sanitize(text), text
        assert words.count_words(text, "ja") == len(_pure.yoast_words(text, "ja"))


# Latin, Greek and Cyrillic letters and digits (and "_"): as rules/keywords.py passes them
BOUNDARY = "".join(sorted(
    {ch for lo, hi in ((0x30, 0x39), (0x41, 0x5A), (0x61, 0x7A), (0xC0, 0x24F), (0x370, 0x3FF), (0x400, 0x4FF))
     for ch in map(chr, range(lo, hi + 1)) if ch.isalnum()} | {"_"}))
_SCAN_CHARS = "aAbz09_ .。!?\n…ai導入のロ-ÀéΩж\u3000ＡＢ１ｱ'\"😀\u0301×"
scan_texts = st.text(alphabet=_SCAN_CHARS, max_size=80)
scan_terms = st.lists(st.text(alphabet=_SCAN_CHARS[:24], max_size=4), max_size=6)


@needs_c
@_HSET
@given(scan_texts, scan_terms, st.booleans())
def test_c_find_terms_equals_pure(text, terms, by_sentence):
    assert C.find_terms(text, terms, BOUNDARY, by_sentence) == _pure.find_terms(text, terms, BOUNDARY, by_sentence)


@needs_c
@_HSET
@given(scan_texts, st.lists(st.lists(st.text(alphabet=_SCAN_CHARS[:24], max_size=3), max_size=4), max_size=6))
def test_c_count_keywords_equals_pure(text, keywords):
    assert C.count_keywords(text, keywords, BOUNDARY) == _pure.count_keywords(text, keywords, BOUNDARY)


@needs_c
@_HSET
@given(texts, st.integers(1, 5))
def test_c_script_counts_equals_pure(text, step):
    assert C.script_counts(text, step) == _pure.script_counts(text, step)


@needs_c
def test_c_find_terms_many_terms_and_long_text():
    rng = random.Random(7)
    text = "".join(rng.choice(_SCAN_CHARS) for _ in range(5000))
    terms = sorted({text[a : a + rng.randint(1, 3)] for a in (rng.randrange(4990) for _ in range(300))})
    assert len(terms) > 64  # more than one pass
    for by_sentence in (False, True):
        assert C.find_terms(text, terms, BOUNDARY, by_sentence) == _pure.find_terms(text, terms, BOUNDARY, by_sentence)
    keywords = [tuple(rng.sample(terms, rng.randint(1, 4))) for _ in range(100)]
    assert C.count_keywords(text, keywords, BOUNDARY) == _pure.count_keywords(text, keywords, BOUNDARY)


@pytest.mark.parametrize("find", [words.find_terms, _pure.find_terms])
def test_find_terms(find):
    text = "ai導入のai。he said ai! aaaa 1.5 ai.ok ai"
    # not in "said", nor "aa" inside "aaaa"; but inside Japanese text
    assert find(text, ["ai", "導入", "aa", "zz", ""], BOUNDARY) == [[0, 5, 16, 29, 35], [2], [], [], []]
    assert find("aaaa", ["aa"], "") == [[0, 2]]  # left to right, not overlapping itself
    # sentences: a line break, "。", "!" and "." end one, unless dots only and a letter or digit follows
    assert find(text, ["ai", "ok"], BOUNDARY, by_sentence=True) == [[0, 0, 1, 2, 2], [2]]
    assert find("a.b\nb", ["b"], "", by_sentence=True) == [[0, 1]]


@pytest.mark.parametrize("count", [words.count_keywords, _pure.count_keywords])
def test_count_keywords(count):
    text = "the red panda eats red apples. pandas are red. a red panda and a red panda! panda."
    assert count(text, [("red", "panda"), ("red",), ("panda", "red"), ("red", "zebra", "gnu"), ()], BOUNDARY) == [
        (3, ()), (5, ()), (3, ()), (0, (1, 2)), (0, ())]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="あア漢aAZzÀÿ0 。.!?\n", max_size=60))
def test_sentence_cuts_are_the_sentences_of_prose(text):
    """Offsets share a sentence index (the cuts before them) exactly when BodyText.sentence_span
    puts them in one sentence, as the keyword counts need."""
    from leadlint.prose import BodyText

    body = BodyText([])
    body.__dict__["folded"] = text
    cuts = _pure.sentence_cuts(text)
    offsets = [o for o, ch in enumerate(text) if ch != "\n"]
    index = {o: bisect.bisect_right(cuts, o) for o in offsets}
    span = {o: body.sentence_span(o) for o in offsets}
    for a in offsets:
        for b in offsets:
            assert (index[a] == index[b]) == (span[a] == span[b]), (text, a, b)


@settings(max_examples=300, deadline=None)
@given(texts)
def test_detect_language_counts_the_script_runs(text):
    """detect_language counts characters as the runs of its two scripts measured them."""
    japanese = re.compile("[" + _pure.JAPANESE_CHARS + "]+")
    latin = re.compile("[" + _pure.LATIN_CHARS + "]+")
    sample = text[:: len(text) // 2048] if len(text) > 4096 else text
    ja = sum(map(len, japanese.findall(sample)))
    la = sum(map(len, latin.findall(sample)))
    expected = "ja" if ja and ja * 5 >= la * 2 else "en"
    assert words.detect_language(text) == expected
    assert _pure.script_counts(text) == (sum(map(len, japanese.findall(text))), sum(map(len, latin.findall(text))))


def test_scanning_without_c_extension():
    code = (
        "import json, leadlint.words as w;"
        "print(json.dumps([w.IMPLEMENTATION, w.detect_language('AI導入のロードマップ'),"
        " w.find_terms('ai導入。said ai', ['ai'], 'adis', True), w.count_keywords('ai導入。ai', [['ai', '導入']], 'ai'),"
        " w.count_words('AI導入のロードマップ', 'ja')]))"
    )
    env = dict(os.environ, LEADLINT_WORDS_PURE="1", PYTHONPATH=str(REPO))
    out = subprocess.run([sys.executable, "-c", code], env=env, cwd=REPO, capture_output=True,
                         text=True, check=True, timeout=60)
    assert json.loads(out.stdout) == ["python", "ja", [[0, 1]], [[1, []]], 4]


# ---------------------------------------------------------------------------
# optional: live cross-check against yoastseo under node
# ---------------------------------------------------------------------------


def _yoast_dir() -> Path:
    """LEADLINT_YOASTSEO_DIR, else benchmarks/yoast when `npm ci` was run there."""
    if shutil.which("node") is None:
        pytest.skip("node is not installed")
    d = os.environ.get("LEADLINT_YOASTSEO_DIR")
    if d:
        path = Path(d)
    elif (WORDCOUNT_JS.parent / "node_modules" / "yoastseo").is_dir():
        path = WORDCOUNT_JS.parent
    else:
        pytest.skip("LEADLINT_YOASTSEO_DIR is not set (a directory holding node_modules/yoastseo) "
                    "and benchmarks/yoast has no node_modules")
    for package in ("yoastseo", "tiny-segmenter"):
        if not (path / "node_modules" / package / "package.json").is_file():
            pytest.skip(f"no node_modules/{package} under {path}")
    return path


def _run_node(yoast_dir: Path, request: dict) -> dict:
    env = dict(os.environ, LEADLINT_YOASTSEO_DIR=str(yoast_dir))
    out = subprocess.run(
        ["node", str(WORDCOUNT_JS)], input=json.dumps(request).encode("ascii"), env=env,
        capture_output=True, timeout=120,
    )
    assert out.returncode == 0, out.stderr.decode("utf-8", "replace")
    return json.loads(out.stdout.decode("utf-8"))


def _crosscheck_texts() -> list[str]:
    rng = random.Random(36)
    alphabet = list(_JA_CHARS) + _PIECES + ["😀", " ", "\u3000"]
    out = [t for t, _ in SEGMENTS] + [t for t, _ in EN_WORDS]
    out += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 60))) for _ in range(400)]
    html = _sample_html()
    if html is not None:
        body = SAMPLE_POST.read_text(encoding="utf-8").split("\n---\n", 1)[-1]
        out += [html, _without_scripts(html), body]
    return out


def test_crosscheck_with_yoastseo():
    yoast_dir = _yoast_dir()
    texts_ = _crosscheck_texts()
    seg = _run_node(yoast_dir, {"mode": "segment", "texts": texts_})["tokens"]
    mismatches = [t for t, exp in zip(texts_, seg) if words.segment_japanese(t) != exp]
    assert not mismatches, f"{len(mismatches)} segmentations differ, first: {mismatches[0]!r}"
    for lang in ("ja", "en"):
        res = _run_node(yoast_dir, {"texts": texts_, "language": lang, "words": True})
        for t, exp_words, exp_count in zip(texts_, res["words"], res["counts"]):
            assert words.yoast_words(t, lang) == exp_words, (lang, t[:200])
            assert words.count_words(t, lang) == exp_count
            assert len(_pure.yoast_words(t, lang)) == exp_count
    html = _sample_html()
    if html is not None:
        counts = _run_node(yoast_dir, {"texts": [html, _without_scripts(html)], "language": "ja"})
        assert counts["counts"] == [3132, 2912]


def test_crosscheck_density_harness_runs():
    yoast_dir = _yoast_dir()
    res = _run_node(yoast_dir, {
        "mode": "density", "locale": "ja",
        "text": "<p>AI導入のロードマップを作ります。AI導入は大切です。</p>",
        "keyphrase": "AI導入 ロードマップ",
    })
    assert res["count"] == 1
    assert res["wordCount"] == words.count_words(
        "<p>AI導入のロードマップを作ります。AI導入は大切です。</p>", "ja")
    html = _sample_html()
    if html is not None:
        # yoastseo's keyphrase density divides by exactly this count for Japanese
        res = _run_node(yoast_dir, {"mode": "density", "locale": "ja", "text": html,
                                    "keyphrase": "AI導入 ロードマップ"})
        assert res["wordCount"] == words.count_words(html, "ja") == 3132
