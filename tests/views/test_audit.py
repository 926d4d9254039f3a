"""The audit log for people (/audit/), its CSV download and a change's page: each team's
changes only for its own members — on the page, in every filter, in the download and at
every address, ids guessed from another team included."""

from __future__ import annotations

import re

import pytest

from agents_ui.models import AuditEvent, Membership, Team
from tests.conftest import join_team
from tests.history.support import MCP_SECRET, mcp_change, voice_change
from tests.views.support import HTMX, csv_download, page_of, row_cells, what_happened

VOICE = "alice changed the voice of Order Support: silence 300 ms → 800 ms"
MOVE = "alice moved (415) 555-0134 from Night Line to Front Desk"
OUTSIDE = (
    "Outside Switchboard The instructions of Order Support changed outside Switchboard: "
    "instructions: 1 line changed (8 → 9 characters)"
)
FIRST_SEEN = "Outside Switchboard Order Support was first seen in Switchboard"


def _page(client, query: str = "", **extra) -> str:
    return page_of(client, f"/audit/{query}", **extra)


def _csv(client, query: str = "") -> list[list[str]]:
    return csv_download(client, f"/audit/export.csv{query}")


# --- The page ---------------------------------------------------------------------------------


def test_each_change_is_one_row_in_words_newest_first(bob_client, acme_log):
    page = _page(bob_client)
    assert what_happened(page) == [OUTSIDE, FIRST_SEEN, MOVE, VOICE]
    assert "4 changes." in page


def test_a_row_has_the_time_the_reason_and_a_link_to_the_change(bob_client, acme_log):
    page = _page(bob_client)
    voice = acme_log.voice
    assert row_cells(page)[-1] == f"{VOICE} | 1 Mar 2026, 10:00 UTC | Callers were cut off"
    assert '<time datetime="2026-03-01T10:00:00+00:00">1 Mar 2026, 10:00 UTC</time>' in page
    assert f'<a href="/audit/{voice.pk}/"><strong>alice</strong> changed the voice' in page
    assert row_cells(page)[0].endswith("| No reason given")


def test_the_team_shows_only_for_someone_in_several_teams(bob_client, bob, acme_log, globex_log):
    assert '<th scope="col">Team</th>' not in _page(bob_client)
    join_team(bob, None, "Globex", active=False)
    page = _page(bob_client)
    assert '<th scope="col">Team</th>' in page
    assert row_cells(page)[0] == f"{OUTSIDE} | 15 Mar 2026, 08:00 UTC | No reason given | Acme"
    assert "dave changed the voice of Globex Secret Agent: silence 300 ms → 800 ms" in (
        what_happened(page)
    )
    assert 'id="audit-team"' in page, "the team filter appears with a second team"


def test_another_teams_changes_never_show(bob_client, acme_log, globex_log):
    page = _page(bob_client)
    assert "Globex" not in page and "dave" not in page
    assert len(row_cells(page)) == 4


def test_people_offered_are_those_in_the_persons_own_records(bob_client, acme_log, globex_log):
    page = _page(bob_client)
    select = re.search(r'<select name="person".*?</select>', page, re.S).group(0)
    options = re.findall(r"<option[^>]*>([^<]*)</option>", select)
    assert options == ["Anyone", "alice", "Outside Switchboard"]


# --- Filters ----------------------------------------------------------------------------------


def test_the_name_filter_finds_an_agent_or_a_number_in_any_capitals(bob_client, acme_log):
    assert what_happened(_page(bob_client, "?name=night+LINE")) == [MOVE]
    assert what_happened(_page(bob_client, "?name=555-0134")) == [MOVE]
    assert len(what_happened(_page(bob_client, "?name=order+support"))) == 3


def test_the_person_filter(bob_client, acme_log):
    assert what_happened(_page(bob_client, "?person=alice")) == [MOVE, VOICE]
    assert what_happened(_page(bob_client, "?person=(outside)")) == [OUTSIDE, FIRST_SEEN]


def test_the_kind_filter(bob_client, acme_log):
    assert what_happened(_page(bob_client, "?kind=assignment")) == [MOVE]
    assert what_happened(_page(bob_client, "?kind=agent-changed")) == [VOICE]
    assert what_happened(_page(bob_client, "?kind=outside")) == [OUTSIDE]


def test_the_date_filters_take_whole_days(bob_client, acme_log):
    assert what_happened(_page(bob_client, "?from=2026-03-10")) == [OUTSIDE, FIRST_SEEN, MOVE]
    assert what_happened(_page(bob_client, "?to=2026-03-10")) == [MOVE, VOICE]
    assert what_happened(_page(bob_client, "?from=2026-03-02&to=2026-03-14")) == [MOVE]


def test_filters_combine_and_show_in_their_boxes(bob_client, acme_log):
    page = _page(bob_client, "?name=order&person=alice&from=2026-03-01")
    assert what_happened(page) == [VOICE]
    assert 'value="order"' in page
    assert '<option value="alice" selected>alice</option>' in page
    assert 'type="date" name="from" value="2026-03-01"' in page


def test_the_team_filter_for_someone_in_two_teams(bob_client, bob, acme_log, globex_log):
    join_team(bob, None, "Globex", active=False)
    page = _page(bob_client, f"?team={globex_log.team.pk}")
    assert what_happened(page) == [
        "dave changed the voice of Globex Secret Agent: silence 300 ms → 800 ms"
    ]


def test_another_teams_id_in_the_filter_is_ignored_with_a_message(bob_client, acme_log, globex_log):
    page = _page(bob_client, f"?team={globex_log.team.pk}")
    assert len(row_cells(page)) == 4 and "Globex" not in page
    assert (
        "That team is not one of yours, so it is not shown. Showing all of your teams instead."
        in page
    )
    # Beside its field: the select is shown to carry the message.
    assert re.search(r'<select name="team"[^>]*aria-invalid="true"', page)


@pytest.mark.parametrize(
    "query",
    [
        "?name=Globex+Secret",
        "?person=dave",
        "?kind=agent-changed",
        "?from=2026-03-12&to=2026-03-12",
        "?team={globex}",
        "?name=Globex&person=dave&kind=agent-changed&from=2026-03-12&to=2026-03-12&team={globex}",
    ],
)
def test_no_filter_reaches_another_teams_changes(bob_client, acme_log, globex_log, query):
    query = query.format(globex=globex_log.team.pk)
    page = _page(bob_client, query)
    assert "Globex Secret Agent" not in page and "Globex reason" not in page
    assert "dave changed" not in " ".join(what_happened(page))
    assert "Globex" not in str(_csv(bob_client, query))
    partial = _page(bob_client, query, **HTMX)
    assert "Globex Secret Agent" not in partial


def test_another_teams_names_and_people_find_nothing(bob_client, acme_log, globex_log):
    page = _page(bob_client, "?name=Globex")
    assert row_cells(page) == []
    assert "No changes match these filters:" in page
    page = _page(bob_client, "?person=dave")
    assert len(row_cells(page)) == 4, "an unknown person is left out, not matched"
    assert "Nobody called “dave” appears in your teams&#x27; changes" in page


def test_a_bad_date_is_explained_beside_its_field_and_the_rest_still_applies(bob_client, acme_log):
    page = _page(bob_client, "?from=2026-02-30&kind=assignment")
    assert what_happened(page) == [MOVE]
    assert re.search(
        r'<input type="date" name="from" value="2026-02-30"[^>]*aria-invalid="true"', page
    )
    assert (
        '<p class="field-error" id="audit-from_error">“2026-02-30” is not a date. Use '
        "year-month-day, like 2026-03-31. Changes from any date are shown.</p>"
    ) in page


def test_an_unknown_kind_is_explained_and_ignored(bob_client, acme_log):
    page = _page(bob_client, "?kind=%3Cb%3Ebogus")
    assert len(row_cells(page)) == 4
    assert "“&lt;b&gt;bogus” is not a kind of change Switchboard knows" in page


def test_an_empty_result_names_the_filters(bob_client, acme_log):
    page = _page(bob_client, "?name=Reception&kind=number-released&from=2026-03-01")
    assert row_cells(page) == []
    assert "No changes match these filters:" in page
    assert "<li>Agent or number name: “Reception”</li>" in page
    assert "<li>Kind of change: Numbers released</li>" in page
    assert "<li>From date: 1 Mar 2026</li>" in page
    assert 'href="/audit/">Clear the filters</a>' in page


def test_a_team_without_changes_says_so(bob_client):
    page = _page(bob_client)
    assert "No changes recorded yet." in page
    assert "Download" not in page


# --- Pages ------------------------------------------------------------------------------------


@pytest.fixture
def many_changes(alice, acme_log):
    for number in range(51):
        voice_change(alice, acme_log.team, name=f"Agent {number:02d}")


def test_fifty_changes_a_page_and_the_pager_keeps_the_filters(bob_client, many_changes):
    page = _page(bob_client, "?name=agent+&kind=agent-changed")
    assert len(row_cells(page)) == 50
    assert "51 changes match the filters." in page
    assert "Page 1 of 2" in page
    assert '<a href="?name=agent+&amp;kind=agent-changed&amp;page=2">Older</a>' in page

    second = _page(bob_client, "?name=agent+&kind=agent-changed&page=2")
    assert what_happened(second) == ["alice changed the voice of Agent 00: silence 300 ms → 800 ms"]
    assert '<a href="?name=agent+&amp;kind=agent-changed&amp;page=1">Newer</a>' in second


def test_a_page_number_out_of_range_shows_the_last_page(bob_client, many_changes):
    page = _page(bob_client, "?page=99")
    assert "Page 2 of 2" in page


def test_the_page_costs_the_same_whatever_the_history_holds(bob_client, acme_log, alice):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _page(bob_client)  # the session and its user, loaded once
    with CaptureQueriesContext(connection) as queries:
        _page(bob_client, "?kind=agent-changed")
    few = len(queries)
    for number in range(80):
        voice_change(alice, acme_log.team, name=f"Agent {number}")
    with CaptureQueriesContext(connection) as queries:
        page = _page(bob_client, "?kind=agent-changed")
    assert len(row_cells(page)) == 50
    assert len(queries) == few
    assert 5 <= few <= 12, "session, user, team, key, teams, people, count, page"


# --- htmx ----------------------------------------------------------------------------------------


def test_htmx_gets_the_filters_and_results_only(bob_client, acme_log):
    response = bob_client.get("/audit/?name=&person=&kind=assignment&from=&to=", **HTMX)
    page = response.content.decode()
    assert page.lstrip().startswith('<div id="audit-body">')
    assert "<html" not in page
    assert what_happened(page) == [MOVE]
    assert "HX-Request" in response["Vary"]
    assert response["HX-Push-Url"] == "/audit/?kind=assignment"


def test_htmx_restoring_history_gets_the_whole_page(bob_client, acme_log):
    response = bob_client.get(
        "/audit/?kind=assignment", HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true"
    )
    assert "<html" in response.content.decode()


# --- The download -------------------------------------------------------------------------------


def test_the_download_link_carries_the_current_filters(bob_client, acme_log):
    page = _page(bob_client, "?name=night&kind=assignment&page=1")
    assert (
        '<a class="button-small" href="/audit/export.csv?name=night&amp;kind=assignment" '
        "download>Download this change (CSV)</a>"
    ) in page


def test_the_download_holds_the_filtered_changes_with_absolute_links(bob_client, acme_log):
    rows = _csv(bob_client, "?person=alice")
    assert rows[0] == ["When", "Who", "Team", "What", "Reason", "Kind", "Link"]
    assert rows[1:] == [
        [
            "2026-03-10T09:00:00+00:00",
            "alice",
            "Acme",
            "moved (415) 555-0134 from Night Line to Front Desk",
            "Night shift ends",
            "Moved",
            f"http://testserver/audit/{acme_log.move.pk}/",
        ],
        [
            "2026-03-01T10:00:00+00:00",
            "alice",
            "Acme",
            "changed the voice of Order Support: silence 300 ms → 800 ms",
            "Callers were cut off",
            "Changed",
            f"http://testserver/audit/{acme_log.voice.pk}/",
        ],
    ]


def test_the_download_never_holds_another_teams_changes(bob_client, acme_log, globex_log):
    everything = _csv(bob_client)
    assert len(everything) == 5
    assert "Globex" not in str(everything) and "dave" not in str(everything)
    assert len(_csv(bob_client, f"?team={globex_log.team.pk}")) == 5, "a foreign team is ignored"
    assert len(_csv(bob_client, "?name=Globex")) == 1, "the header alone"


def test_the_download_neutralises_formulas(bob_client, django_user_model, acme_log):
    sly = django_user_model.objects.create_user("+1-1")
    join_team(sly, None, "Acme", role="editor")
    voice_change(sly, acme_log.team, name="Order Support", reason="@SUM(1+1)*cmd|' /C calc'!A0")
    row = _csv(bob_client, "?person=%2B1-1")[1]
    assert row[1] == "'+1-1"
    assert row[4] == "'@SUM(1+1)*cmd|' /C calc'!A0"


def test_the_download_never_holds_a_credential(bob_client, alice, acme_log):
    mcp_change(alice, acme_log.team)
    response = bob_client.get("/audit/export.csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "changed the tools of Order Support: added tool crm" in text
    assert MCP_SECRET not in text and "s3cret" not in text


# --- A change's page and guessed ids -------------------------------------------------------------


def test_a_reviewer_reads_the_page_the_download_and_each_change(bob_client, acme_log):
    assert len(row_cells(_page(bob_client))) == 4
    assert len(_csv(bob_client)) == 5
    page = bob_client.get(f"/audit/{acme_log.voice.pk}/").content.decode()
    assert "alice changed the voice of Order Support" in page
    assert "Callers were cut off" in page
    assert "800" in page


@pytest.mark.parametrize("who", ["alice_client", "bob_client"])
def test_a_change_of_another_team_is_a_404(request, who, acme_log, globex_log):
    client = request.getfixturevalue(who)
    response = client.get(f"/audit/{globex_log.event.pk}/")
    assert response.status_code == 404
    assert "Globex" not in response.content.decode()
    assert client.get(f"/audit/{globex_log.event.pk}/", **HTMX).status_code == 404


def test_undoing_a_change_of_another_team_is_a_404_for_an_editor(alice_client, globex_log):
    for method in ("get", "post"):
        response = getattr(alice_client, method)(f"/audit/{globex_log.event.pk}/undo/")
        assert response.status_code == 404, method
        assert "Globex" not in response.content.decode()


def test_an_id_that_does_not_exist_is_a_404(bob_client, acme_log):
    assert bob_client.get("/audit/999999/").status_code == 404


def test_someone_who_left_a_team_no_longer_sees_its_changes(bob_client, bob, acme_log, globex_log):
    join_team(bob, None, "Globex", active=False)
    assert bob_client.get(f"/audit/{globex_log.event.pk}/").status_code == 200
    Membership.objects.filter(user=bob, team=globex_log.team).delete()
    assert bob_client.get(f"/audit/{globex_log.event.pk}/").status_code == 404
    assert "Globex" not in _page(bob_client)


def test_a_role_taken_away_in_a_team_hides_its_changes(bob_client, bob, acme_log, globex_log):
    join_team(bob, None, "Globex", role="none", active=False)
    assert bob_client.get(f"/audit/{globex_log.event.pk}/").status_code == 404
    assert len(_csv(bob_client, f"?team={globex_log.team.pk}")) == 5


def test_users_without_a_role_see_nothing(charlie_client, acme_log):
    for url in ("/audit/", "/audit/export.csv", f"/audit/{acme_log.voice.pk}/"):
        response = charlie_client.get(url)
        assert response.status_code == 403, url
        assert "Order Support" not in response.content.decode()


def test_an_administrator_with_no_role_reads_their_teams_changes(
    client, django_user_model, acme_log, globex_log
):
    root = django_user_model.objects.create_superuser("root", password="x" * 12)
    join_team(root, None, "Acme", role="none")
    client.force_login(root)
    assert len(row_cells(_page(client))) == 4
    assert client.get(f"/audit/{globex_log.event.pk}/").status_code == 404


def test_a_members_change_shows_what_changed_on_its_page(bob_client, alice, acme_log):
    from agents_ui import history, members

    Membership.objects.filter(user=alice).update(can_manage_members=True)
    members.change(
        history.Actor(alice, acme_log.team),
        Membership.objects.select_related("user").get(user__username="bob"),
        "editor",
        False,
    )
    event = AuditEvent.objects.get(action="member")
    page = bob_client.get(f"/audit/{event.pk}/").content.decode()
    assert "alice made bob an editor" in page
    assert "<dt>Role</dt>" in page and "Reviewer" in page and "Editor" in page
    assert "Nothing changed." not in page
    assert Team.objects.get(name="Acme").events.count() == 5
