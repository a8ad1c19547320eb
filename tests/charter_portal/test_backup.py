"""A backup made by scripts/backup, restored by scripts/restore into a new database, holds
every record of every table."""

import shutil
import subprocess
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.db import connection
from psycopg import sql

from councils.services.register import council_register_import
from councils.services.status import council_status_refresh
from tests.factories import CouncilRoleFactory, SignatureFactory

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql" or not shutil.which("pg_dump"),
        reason="backup and restore are for PostgreSQL",
    ),
]


def _url(dbname: str) -> str:
    s = connection.settings_dict
    host = s.get("HOST") or "127.0.0.1"
    user = s.get("USER") or "postgres"
    password = f":{s['PASSWORD']}" if s.get("PASSWORD") else ""
    return f"postgres://{user}{password}@{host}:{s.get('PORT') or 5432}/{dbname}"


def _counts(url: str) -> dict[str, int]:
    with psycopg.connect(url) as conn:
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
            )
        ]
        count = sql.SQL("SELECT count(*) FROM {}")
        return {t: conn.execute(count.format(sql.Identifier(t))).fetchone()[0] for t in tables}


def test_restored_database_holds_every_record(charter, tmp_path):
    result = council_register_import(text=settings.COUNCIL_REGISTER_CSV.read_text())
    councils = len(result.created) + 1  # the register, and the clerk's council below
    role = CouncilRoleFactory()
    SignatureFactory(council=role.council, version=charter, recorded_by=role.user)
    council_status_refresh(council=role.council)

    source = _url(connection.settings_dict["NAME"])
    target_name = connection.settings_dict["NAME"] + "_restored"
    dump = tmp_path / "charter.dump"
    with psycopg.connect(_url("postgres"), autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(target_name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(target_name)))
    try:
        env = {"PATH": "/usr/bin:/bin"}
        backup = subprocess.run(
            [ROOT / "scripts/backup", dump],
            env={**env, "DATABASE_URL": source},
            capture_output=True,
            text=True,
            check=False,
        )
        assert backup.returncode == 0, backup.stderr
        restore = subprocess.run(
            [ROOT / "scripts/restore", dump],
            env={**env, "DATABASE_URL": _url(target_name)},
            capture_output=True,
            text=True,
            check=False,
        )
        assert restore.returncode == 0, restore.stderr

        before, after = _counts(source), _counts(_url(target_name))
        assert after == before
        assert before["councils_council"] == councils
        assert before["councils_historicalcouncil"] >= councils
        assert before["councils_signature"] == 1
    finally:
        with psycopg.connect(_url("postgres"), autocommit=True) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(target_name)))


def test_restore_refuses_a_missing_file(tmp_path):
    result = subprocess.run(
        [ROOT / "scripts/restore", tmp_path / "nope.dump"],
        env={"PATH": "/usr/bin:/bin", "DATABASE_URL": "postgres://x@127.0.0.1:1/x"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "cannot read" in result.stderr
