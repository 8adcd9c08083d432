"""The shortcuts of a post's state must answer as the slow ways do: the local date of an
instant without datetimes, and the front matter defaults merged once per document type."""

from __future__ import annotations

import os
import time
from datetime import datetime, timezone

import pytest
from hypothesis import example, given, settings, strategies as st

from leadlint.site import _SAFE_EPOCHS, Site, _local_date

# -- the local date of an instant -------------------------------------------------------------------------

#: zones with DST, half and quarter hours, a date-line jump, and offsets in seconds (before 1900)
ZONES = ["UTC", "Asia/Tokyo", "America/New_York", "Australia/Lord_Howe", "Asia/Kathmandu", "Pacific/Apia",
         "Africa/Monrovia", "Europe/Dublin", "America/St_Johns", "Pacific/Kiritimati", "Etc/GMT+12"]


@pytest.fixture(params=ZONES)
def local_zone(request):
    if not os.path.exists(f"/usr/share/zoneinfo/{request.param}"):
        pytest.skip("no tz database")
    saved = os.environ.get("TZ")
    os.environ["TZ"] = request.param
    time.tzset()
    yield request.param
    if saved is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = saved
    time.tzset()


def astimezone_date(epoch: float) -> tuple[int, int, int]:
    """The reference: what Site._local computed for every instant before."""
    moment = datetime.fromtimestamp(epoch, timezone.utc).astimezone()
    return moment.year, moment.month, moment.day


EPOCHS = (st.floats(*_SAFE_EPOCHS, exclude_min=True, exclude_max=True)
          | st.tuples(st.integers(-3 * 10**9, 5 * 10**9), st.sampled_from([0.0, 5e-7, -5e-7, 4.9e-7, 0.9999995,
                                                                             0.4999999, -0.0000001, 0.756]))
          .map(sum))


def test_local_date_equals_astimezone(local_zone):
    @settings(max_examples=400, deadline=None)
    @given(EPOCHS)
    @example(1449279385.756)
    @example(-0.0000004)
    @example(86399.9999996)
    @example(_SAFE_EPOCHS[0] + 1)
    @example(_SAFE_EPOCHS[1] - 1)
    def check(epoch):
        assert _local_date(epoch) == astimezone_date(epoch)
    check()


def test_local_of_a_site_without_timezone(tmp_path):
    (tmp_path / "_config.yml").write_text("title: x\n")
    site = Site(tmp_path)
    for epoch in (0.0, 1449279385.756, -6e10, _SAFE_EPOCHS[1] + 10, 2e11):
        assert site._local(epoch) == (astimezone_date(epoch), epoch)  # (out of the range: the slow way)


# -- defaults, merged once per type -------------------------------------------------------------------------

def merge_without_cache(site: Site, relpath: str, doc_type: str) -> dict:
    """The reference: defaults_for asked first of a fresh Site (so merged, not remembered)."""
    return Site(site.root).defaults_for(relpath, doc_type)


@pytest.mark.parametrize("defaults", [
    "  - scope: {path: ''}\n    values: {layout: post, author: A}\n",
    "  - scope: {type: posts}\n    values: {layout: post, nested: {a: 1}}\n"
    "  - scope: {}\n    values: {layout: page, nested: {b: 2}, author: B}\n"
    "  - values: {author: C}\n  - scope: {type: pages}\n    values: {layout: p}\n  - scope: {type: drafts}\n"
    "    values: {x: null}\n  - not a mapping\n",
    "  - scope: {path: _posts/sub}\n    values: {layout: sub}\n  - scope: {path: ''}\n    values: {layout: all}\n",
    "  - scope: {path: '*/b*'}\n    values: {layout: glob}\n",
])
def test_defaults_once_per_type_are_the_merge(tmp_path, defaults):
    (tmp_path / "_config.yml").write_text("defaults:\n" + defaults)
    site = Site(tmp_path)
    for relpath in ("_posts/2024-01-01-a.md", "_posts/sub/2024-01-01-b.md", "about.md", "blog/index.md"):
        for doc_type in ("posts", "drafts", "pages"):
            first, again = site.defaults_for(relpath, doc_type), site.defaults_for(relpath, doc_type)
            assert first == again == merge_without_cache(site, relpath, doc_type)
            first["changed"] = True  # a caller's own dict: the next answer is not changed
            assert "changed" not in site.defaults_for(relpath, doc_type)
