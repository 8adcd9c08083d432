"""Optional C extensions for leadlint (metadata lives in pyproject.toml).

* ``leadlint.words._tinyseg`` speeds up the Japanese word counter about 400-fold.
* ``leadlint._markdown_scan`` walks pyromark's events for ``leadlint.markdown``.
* ``leadlint._text`` finds a post's line starts, and checks that another post's file is UTF-8
  without decoding it all.
* ``leadlint.reporters._json_findings`` writes the JSON report's findings.

All are optional: when no C compiler is available (or a compile fails) the build prints
a warning and the pure-Python twin (``leadlint.words._pure``,
``leadlint.markdown._scan_python``, ``bytes.decode``, the JSON reporter's template) is used
instead, with identical results.
"""

import sys

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext


class OptionalBuildExt(build_ext):
    """build_ext that turns a failed compile into a warning."""

    def run(self):
        try:
            super().run()
        except Exception as exc:  # no compiler at all (DistutilsPlatformError, ...)
            self._warn(exc)

    def build_extension(self, ext):
        try:
            super().build_extension(ext)
        except Exception as exc:  # compiler present but the compile or link failed
            self._warn(exc, ext.name)

    @staticmethod
    def _warn(exc, name="C extensions"):
        sys.stderr.write(
            f"WARNING: could not build {name} ({exc.__class__.__name__}: {exc}); "
            "leadlint will use its pure-Python fallback instead (same results, slower).\n"
        )


setup(
    ext_modules=[
        Extension(
            "leadlint.words._tinyseg",
            ["leadlint/words/_tinyseg.c"],
            optional=True,
        ),
        Extension(
            "leadlint._markdown_scan",
            ["leadlint/_markdown_scan.c"],
            optional=True,
        ),
        Extension(
            "leadlint._text",
            ["leadlint/_text.c"],
            optional=True,
        ),
        Extension(
            "leadlint.reporters._json_findings",
            ["leadlint/reporters/_json_findings.c"],
            optional=True,
        ),
    ],
    cmdclass={"build_ext": OptionalBuildExt},
)
