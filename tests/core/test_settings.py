"""Settings read the environment; production mode refuses to start half-configured."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from config.env import envbool, envint, envlist

ROOT = Path(__file__).resolve().parents[2]
PROBE = (
    "import django; django.setup(); from django.conf import settings as s; "
    "print(*s.SECURE_CSP.get('default-src'), s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
    "s.SECURE_HSTS_SECONDS, s.DATABASES['default']['ENGINE'])"
)


def run_settings(**env):
    environment = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DEBUG"}}
    environment.update(DJANGO_SETTINGS_MODULE="config.settings", **env)
    return subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_refuses_to_start_without_a_real_secret_key(tmp_path):
    result = run_settings(
        DEBUG="false", ALLOWED_HOSTS="liaison.example", LIAISON_VAR_DIR=str(tmp_path)
    )
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr
    result = run_settings(
        DEBUG="false",
        ALLOWED_HOSTS="liaison.example",
        SECRET_KEY="django-insecure-" + "x" * 40,
        LIAISON_VAR_DIR=str(tmp_path),
    )
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_hosts(tmp_path):
    result = run_settings(DEBUG="false", SECRET_KEY="k" * 50, LIAISON_VAR_DIR=str(tmp_path))
    assert result.returncode != 0 and "ALLOWED_HOSTS" in result.stderr


def test_production_turns_on_csp_and_secure_cookies(tmp_path):
    result = run_settings(
        DEBUG="false",
        SECRET_KEY="k" * 50,
        ALLOWED_HOSTS="liaison.example",
        LIAISON_VAR_DIR=str(tmp_path),
        DATABASE_URL="postgres://u@db.example:5432/liaison",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "'self'",
        "True",
        "True",
        "31536000",
        "django.db.backends.postgresql",
    ]


def test_env_helpers_are_typed(monkeypatch):
    monkeypatch.setenv("X_BOOL", "yes")
    monkeypatch.setenv("X_INT", "42")
    monkeypatch.setenv("X_LIST", "a, b,,c")
    assert envbool("X_BOOL") is True and envint("X_INT", 0) == 42
    assert envlist("X_LIST") == ["a", "b", "c"]
    monkeypatch.setenv("X_BOOL", "perhaps")
    monkeypatch.setenv("X_INT", "many")
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured):
        envbool("X_BOOL")
    with pytest.raises(ImproperlyConfigured):
        envint("X_INT", 0)


def test_sqlite_default_uses_wal_busy_timeout_and_immediate_transactions(settings):
    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.sqlite3":
        pytest.skip("runs on the SQLite default only")
    options = database["OPTIONS"]
    assert "journal_mode=WAL" in options["init_command"]
    assert options["transaction_mode"] == "IMMEDIATE" and options["timeout"] >= 5
