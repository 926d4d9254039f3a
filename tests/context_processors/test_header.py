"""What every page's header needs, and what an htmx answer (which has no header) skips."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import join_team
from tests.views.support import HTMX


def _tables_read(queries: list[dict]) -> list[str]:
    return [query["sql"] for query in queries]


def test_an_htmx_answer_does_not_count_the_changes_waiting_for_review(alice_client):
    with CaptureQueriesContext(connection) as queries:
        response = alice_client.get("/agents/?q=nothing-like-this", **HTMX)

    assert response.status_code == 200
    assert "No agent's name contains" in response.content.decode()
    assert not [sql for sql in _tables_read(queries) if "agents_ui_changerequest" in sql]


def test_a_full_page_still_shows_the_count_beside_reviews(alice_client):
    with CaptureQueriesContext(connection) as queries:
        page = alice_client.get("/audit/").content.decode()

    assert '<a href="/reviews/"' in page
    assert [sql for sql in _tables_read(queries) if "agents_ui_changerequest" in sql]


def test_the_team_switcher_lists_every_team_read_once_with_the_active_one(
    client, alice, sandbox_key, other_team_key
):
    join_team(alice, sandbox_key, "Acme", active=False)
    join_team(alice, other_team_key, "Globex")
    client.force_login(alice)

    with CaptureQueriesContext(connection) as queries:
        page = client.get("/audit/").content.decode()

    assert '<label for="team-select">Team</label>' in page
    assert ">Acme</option>" in page and ">Globex</option>" in page
    memberships = [
        sql
        for sql in _tables_read(queries)
        if sql.startswith("SELECT")
        and sql.split(" FROM ", 1)[1].startswith('"agents_ui_membership"')
    ]
    assert len(memberships) == 1
