"""Settings are declared once, with defaults, help and environment overrides, and documented."""

from __future__ import annotations

import pytest

from etl.settings import SETTINGS, ConfigError, load_settings
from tests.conftest import REPO


def test_every_setting_is_in_the_readme():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for s in SETTINGS:
        assert f"`{s.name}`" in readme and f"`{s.env}`" in readme, s.name


def test_precedence_flag_env_file_default(tmp_path, monkeypatch):
    config = tmp_path / "strikes.toml"
    config.write_text('[strikes]\nstore = "from-file.duckdb"\nport = 9000\n', encoding="utf-8")
    monkeypatch.setenv("STRIKES_CONFIG", str(config))
    monkeypatch.setenv("STRIKES_PORT", "9100")
    s = load_settings({"store": None})
    assert (s.store, s.port, s.host) == ("from-file.duckdb", 9100, "127.0.0.1")
    assert load_settings({"store": "flag.duckdb"}).store == "flag.duckdb"


def test_sources_from_the_environment(monkeypatch):
    monkeypatch.setenv("STRIKES_SOURCES", "data/sample, kaggle:/data/x.csv")
    assert load_settings().sources == ["data/sample", "kaggle:/data/x.csv"]


def test_bad_settings_are_clear(tmp_path, monkeypatch):
    config = tmp_path / "strikes.toml"
    config.write_text("[strikes]\nstroe = 1\n", encoding="utf-8")
    monkeypatch.setenv("STRIKES_CONFIG", str(config))
    with pytest.raises(ConfigError, match="unknown settings stroe"):
        load_settings()
    config.write_text("[strikes]\n", encoding="utf-8")
    monkeypatch.setenv("STRIKES_PORT", "eighty")
    with pytest.raises(ConfigError, match="setting port \\(STRIKES_PORT\\): 'eighty' is not a int"):
        load_settings()
