"""What the FM and ALT rules remember between posts gives the same answers as computing it again:
ALT004's text around a heading in an alt text (``_heading_affix``), FM005/FM006's messages."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from leadlint.rules.alt_text import _PUNCT, _heading_affix, _squeeze

_HEADINGS = st.sampled_from(["実践ステップ", "AI  導入", "Ｑ＆Ａ", "İstanbul", "ß", ""]) | st.text(max_size=6)


@settings(max_examples=300, deadline=None)
@given(_HEADINGS, st.sampled_from(["", "に関連するイメージ", "Image of ", " - 図"]) | st.text(max_size=3),
       st.sampled_from(["", "の画像", " screenshot"]) | st.text(max_size=3))
def test_the_heading_affix_is_what_surrounds_the_heading(heading, prefix, suffix):
    alt = _squeeze(prefix + heading + suffix)
    found = _heading_affix(alt, heading)
    assert _heading_affix(alt, heading) == found  # remembered: the same answer
    squeezed = _squeeze(heading)
    if not squeezed:
        assert found is None
    if found is not None:
        before, after = found
        assert alt.startswith(before) and alt.endswith(after)
        assert alt[len(before):len(alt) - len(after)].lower() == squeezed.lower()
        assert (before + after).strip(_PUNCT)


def test_remembered_length_messages_keep_the_type_of_the_options():
    """FM005/FM006 remember their messages by their arguments: a width limit given as 65.0
    is written 65.0, even after the same limit given as 65."""
    from leadlint.rules.front_matter import _length_message

    assert "about 65 columns (32 full-width" in _length_message("title", "title", 70, 38, 10, 65, False)
    assert "about 65.0 columns (32.0 full-width" in _length_message("title", "title", 70, 38, 10, 65.0, False)
    assert _length_message("title", "title", 70, 38, 10, 65, True).endswith("(the value comes from _config.yml defaults)")
