"""Configuration: safe defaults, and refusal to run production on development secrets."""

from __future__ import annotations

import pytest

from web.settings import DEFAULT_DATABASE_URL, ConfigurationError, from_environment


def test_defaults_are_an_embedded_database_on_loopback() -> None:
    settings = from_environment({})
    assert settings.database_url == DEFAULT_DATABASE_URL
    assert (
        settings.database_url.startswith("sqlite+aiosqlite:///")
        and "/var/" in settings.database_url
    )
    assert settings.host == "127.0.0.1"
    assert settings.debug is False


def test_production_refuses_the_development_secret() -> None:
    with pytest.raises(ConfigurationError, match="ECRIME_SECRET_KEY"):
        from_environment({"ECRIME_ENV": "production"})


def test_production_refuses_debug() -> None:
    with pytest.raises(ConfigurationError, match="ECRIME_DEBUG"):
        from_environment(
            {"ECRIME_ENV": "production", "ECRIME_SECRET_KEY": "x" * 40, "ECRIME_DEBUG": "1"}
        )


def test_unknown_environment_is_named() -> None:
    with pytest.raises(ConfigurationError, match="'staging'"):
        from_environment({"ECRIME_ENV": "staging"})


def test_production_starts_now_that_authentication_exists() -> None:
    settings = from_environment({"ECRIME_ENV": "production", "ECRIME_SECRET_KEY": "x" * 40})
    assert settings.production and settings.argon2_profile == "RFC_9106_LOW_MEMORY"


def test_production_refuses_test_grade_password_hashing() -> None:
    with pytest.raises(ConfigurationError, match="ECRIME_ARGON2_PROFILE"):
        from_environment(
            {
                "ECRIME_ENV": "production",
                "ECRIME_SECRET_KEY": "x" * 40,
                "ECRIME_ARGON2_PROFILE": "CHEAPEST",
            }
        )
