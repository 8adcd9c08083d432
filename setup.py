"""Optional C extension for leadlint (metadata lives in pyproject.toml).

``leadlint.words._tinyseg`` speeds up the Japanese word counter about 400-fold.  It is
optional: when no C compiler is available the build prints a warning and the
pure-Python implementation (``leadlint.words._pure``) is used instead, with identical
results.
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
            "leadlint will use its pure-Python word counter instead (same results, slower).\n"
        )


setup(
    ext_modules=[
        Extension(
            "leadlint.words._tinyseg",
            ["leadlint/words/_tinyseg.c"],
            optional=True,
        )
    ],
    cmdclass={"build_ext": OptionalBuildExt},
)
