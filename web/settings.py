"""All configuration, read once from the environment. Safe defaults; production refuses unsafe ones."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from web.ws_origin import normalise

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = f"sqlite+aiosqlite:///{PROJECT_ROOT / 'var' / 'ecrime.sqlite3'}"
DEVELOPMENT_SECRET = "development-only-secret-do-not-use-in-production"


# Logins and API tokens exist (issue 3: web/auth.py); production may start.
AUTHENTICATION_AVAILABLE = True


class ConfigurationError(RuntimeError):
    pass


@dataclass(frozen=True)
class Settings:
    database_url: str = DEFAULT_DATABASE_URL
    environment: str = "development"  # development or production
    secret_key: str = DEVELOPMENT_SECRET
    debug: bool = False
    host: str = "127.0.0.1"
    port: int = 8000
    # GraphQL limits (OWASP GraphQL cheat sheet): pages of at most 100 rows.
    max_page_size: int = 100
    max_query_depth: int = 15  # connections cost two levels each (edges, node)
    max_aliases: int = 15
    max_query_tokens: int = 2000
    # Audit entries are kept at least a year (DESIGN security posture); `ecrime audit prune`.
    audit_retention_days: int = 400
    # Signing in (DESIGN security posture / CJIS): 30 min idle, lockout after 5 failures in 15 min.
    session_idle_minutes: int = 30
    lockout_failures: int = 5
    lockout_window_minutes: int = 15
    # argon2 parameters: a profile of argon2.profiles. Production keeps the library's default;
    # the test suite uses CHEAPEST so that hashing costs nothing.
    argon2_profile: str = "RFC_9106_LOW_MEMORY"
    # Other origins whose pages may open a cookie-authenticated WebSocket (web.ws_origin);
    # the server's own origin always may. ECRIME_ALLOWED_ORIGINS, comma-separated.
    allowed_origins: tuple[str, ...] = ()

    @property
    def production(self) -> bool:
        return self.environment == "production"

    def check(self) -> None:
        if self.environment not in ("development", "production"):
            raise ConfigurationError(
                f"ECRIME_ENV must be 'development' or 'production', not {self.environment!r}"
            )
        if self.production and self.secret_key == DEVELOPMENT_SECRET:
            raise ConfigurationError("ECRIME_SECRET_KEY must be set to a real secret in production")
        if self.production and len(self.secret_key) < 32:
            raise ConfigurationError(
                "ECRIME_SECRET_KEY must be at least 32 characters in production"
            )
        if self.production and self.debug:
            raise ConfigurationError("ECRIME_DEBUG must be off in production")
        if self.audit_retention_days < 365:
            raise ConfigurationError("ECRIME_AUDIT_RETENTION_DAYS must be at least 365")
        if self.argon2_profile not in ("RFC_9106_LOW_MEMORY", "RFC_9106_HIGH_MEMORY", "CHEAPEST"):
            raise ConfigurationError(f"ECRIME_ARGON2_PROFILE: unknown {self.argon2_profile!r}")
        if self.production and self.argon2_profile == "CHEAPEST":
            raise ConfigurationError("ECRIME_ARGON2_PROFILE=CHEAPEST is for tests only")
        for origin in self.allowed_origins:
            if normalise(origin) is None:
                raise ConfigurationError(
                    f"ECRIME_ALLOWED_ORIGINS: {origin!r} is not an origin (scheme://host[:port])"
                )
        if self.production and self.session_idle_minutes > 30:
            raise ConfigurationError("ECRIME_SESSION_IDLE_MINUTES may not exceed 30 in production")
        if self.production and not AUTHENTICATION_AVAILABLE:
            raise ConfigurationError(
                "production mode needs authentication, which this build does not have yet; "
                "every caller would be anonymous"
            )


def _flag(value: str) -> bool:
    return value.strip().lower() in ("1", "true", "yes", "on")


def from_environment(environ: dict[str, str] | None = None) -> Settings:
    env = dict(os.environ if environ is None else environ)
    settings = Settings(
        database_url=env.get("DATABASE_URL", DEFAULT_DATABASE_URL),
        environment=env.get("ECRIME_ENV", "development"),
        secret_key=env.get("ECRIME_SECRET_KEY", DEVELOPMENT_SECRET),
        debug=_flag(env.get("ECRIME_DEBUG", "0")),
        host=env.get("ECRIME_HOST", "127.0.0.1"),
        port=int(env.get("ECRIME_PORT", "8000")),
        audit_retention_days=int(env.get("ECRIME_AUDIT_RETENTION_DAYS", "400")),
        session_idle_minutes=int(env.get("ECRIME_SESSION_IDLE_MINUTES", "30")),
        argon2_profile=env.get("ECRIME_ARGON2_PROFILE", "RFC_9106_LOW_MEMORY"),
        allowed_origins=tuple(
            o.strip() for o in env.get("ECRIME_ALLOWED_ORIGINS", "").split(",") if o.strip()
        ),
    )
    settings.check()
    return settings
