"""Configuration: found upward, validated strictly, applied by code, family, path and option."""

from __future__ import annotations

from helpers import codes, lint_site, run_cli, write_site

from leadlint.config import ConfigError, find_config, load_config

import pytest

BROKEN = "---\ntitle: [\n---\n"
NO_FM = "# Just text\n"


def site(tmp_path):
    return write_site(tmp_path, {
        "_posts/2025-01-01-broken.md": BROKEN,
        "_posts/legacy/2019-01-01-old.md": NO_FM,
        "_posts/2025-01-02-nofm.md": NO_FM,
    })


def test_config_is_found_walking_up(tmp_path):
    (tmp_path / ".leadlint.toml").write_text('ignore = ["LL005"]\n')
    deeper = tmp_path / "a" / "b"
    deeper.mkdir(parents=True)
    assert find_config(deeper) == tmp_path / ".leadlint.toml"


def test_pyproject_tool_section_is_used(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n[tool.leadlint]\nignore = ["LL005"]\n')
    path = find_config(tmp_path)
    assert path == tmp_path / "pyproject.toml"
    assert load_config(path).ignore == ["LL005"]


def test_pyproject_without_section_is_skipped(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n')
    assert find_config(tmp_path) is None


def test_select_and_ignore_by_family_and_code(tmp_path):
    site(tmp_path)
    assert {c for c, _ in codes(lint_site(tmp_path, toml='select = ["LL"]\nignore = ["LL005"]\n'))} == {"LL007"}
    assert {c for c, _ in codes(lint_site(tmp_path, toml='select = ["LL005"]\n'))} == {"LL005"}
    assert {c for c, _ in codes(lint_site(tmp_path, toml='select = ["invalid-yaml"]\n'))} == {"LL007"}


def test_per_file_ignores(tmp_path):
    site(tmp_path)
    findings = lint_site(tmp_path, toml='[per-file-ignores]\n"_posts/legacy/**" = ["LL"]\n')
    assert "_posts/legacy/2019-01-01-old.md" not in {f.path for f in findings}
    assert "_posts/2025-01-02-nofm.md" in {f.path for f in findings}


def test_exclude(tmp_path):
    site(tmp_path)
    findings = lint_site(tmp_path, toml='exclude = ["_posts/legacy/**"]\n')
    assert "_posts/legacy/2019-01-01-old.md" not in {f.path for f in findings}


def test_severity_override(tmp_path):
    site(tmp_path)
    findings = lint_site(tmp_path, toml='[severity]\nLL005 = "error"\n')
    assert {f.severity for f in findings if f.code == "LL005"} == {"error"}


@pytest.mark.parametrize("toml, words", [
    ('selekt = ["LL"]\n', "unknown key(s) selekt"),
    ('select = ["ZZ999"]\n', "'ZZ999' names no rule"),
    ('ignore = ["LL999"]\n', "'LL999' names no rule"),
    ('[severity]\nLL005 = "fatal"\n', "must be one of error, warning, note"),
    ('[rules.LL005]\nfoo = 1\n', "has no option 'foo'"),
    ('[rules.NOPE001]\nfoo = 1\n', "names no rule"),
    ('fail-on = "bad"\n', "fail-on must be one of"),
    ('[per-file-ignores]\n"*.md" = ["XX1"]\n', "'XX1' names no rule"),
    ("select = [\n", "not valid TOML"),
])
def test_configuration_errors_exit_2_with_a_clear_message(tmp_path, toml, words):
    site(tmp_path)
    (tmp_path / ".leadlint.toml").write_text(toml)
    result = run_cli(["check"], tmp_path)
    assert result.returncode == 2
    assert words in result.stderr, result.stderr
    with pytest.raises(ConfigError):
        load_config(tmp_path / ".leadlint.toml")


def test_unknown_code_on_the_command_line_exits_2(tmp_path):
    site(tmp_path)
    result = run_cli(["check", "--select", "QQ"], tmp_path)
    assert result.returncode == 2 and "'QQ' names no rule" in result.stderr


def test_config_option_flag_overrides_discovery(tmp_path):
    site(tmp_path)
    (tmp_path / ".leadlint.toml").write_text('select = ["LL007"]\n')
    other = tmp_path / "other.toml"
    other.write_text('select = ["LL005"]\n')
    result = run_cli(["check", "--config", str(other), "--format", "json"], tmp_path)
    assert '"LL005"' in result.stdout and '"LL007"' not in result.stdout
