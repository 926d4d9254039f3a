"""Editing an agent in place: exact field masks, limits, upstream errors, conflicts."""

from __future__ import annotations

import html
import json
import re
from urllib.parse import urlencode

import pytest

from agents_ui import api
from agents_ui.models import AuditEvent
from sandbox import faults
from tests.views.support import (
    HTMX,
    create_data,
    function_card,
    make_agent,
    open_section,
    save,
    voice_data,
)


def save_basics(client, agent_id: str, name: str, instructions: str, **options):
    return save(client, agent_id, "basics", {"name": name, "instructions": instructions}, **options)


def conflict_versions(page: str) -> tuple[str, str]:
    """The text of the conflict panel's two versions: (yours, theirs)."""
    values = re.findall(r'<pre class="conflict-value"[^>]*>(.*?)</pre>', page, re.DOTALL)
    assert len(values) == 2, values
    return html.unescape(values[0]), html.unescape(values[1])


def patches(spy) -> list[dict]:
    return spy.bodies("PATCH")


@pytest.fixture
def agent(sandbox_key) -> api.Agent:
    return make_agent(
        sandbox_key,
        name="Order Support",
        instructions="Be kind.",
        voice={"voice_id": "eve", "vad_threshold": 0.5, "vad_silence_duration_ms": 600},
        tools=[{"type": "web_search"}],
        collection_ids=["col_1"],
    )


# --- Exact field masks --------------------------------------------------------------------------


def test_saving_basics_sends_only_the_changed_name(alice_client, sandbox_key, agent, spy, alice):
    response = save_basics(alice_client, agent.agent_id, "Premium Support", "Be kind.")
    assert response.status_code == 200
    page = response.content.decode()
    assert page.strip().startswith('<section id="section-basics"')
    assert "Premium Support" in page
    assert json.loads(response.headers["HX-Trigger"])["notice"]["text"] == (
        "Name changed to “Premium Support”."
    )
    assert patches(spy) == [
        {"agent": {"name": "Premium Support"}, "field_mask": {"paths": ["name"]}}
    ]
    assert api.agent_get(sandbox_key, agent.agent_id).name == "Premium Support"
    event = AuditEvent.objects.get(action="update")
    assert event.changed_fields == ["name"]
    assert event.before == {"name": "Order Support"} and event.after == {"name": "Premium Support"}
    assert event.actor == alice


def test_saving_voice_sends_only_voice(alice_client, sandbox_key, agent, spy):
    response = save(alice_client, agent.agent_id, "voice", voice_data("leo", "0.70", 600))
    assert response.status_code == 200
    assert patches(spy) == [
        {
            "agent": {
                "voice": {"voice_id": "leo", "vad_threshold": 0.7, "vad_silence_duration_ms": 600}
            },
            "field_mask": {"paths": ["voice"]},
        }
    ]


def test_saving_tools_sends_only_tools(alice_client, sandbox_key, agent, spy):
    data = function_card("k1", "lookup", {"type": "object"})
    data["tool"] = ["web_search:w1", *data["tool"]]
    response = save(alice_client, agent.agent_id, "tools", data)
    assert response.status_code == 200, response.content.decode()[:3000]
    assert patches(spy)[0]["field_mask"] == {"paths": ["tools"]}
    assert [tool.type for tool in api.agent_get(sandbox_key, agent.agent_id).tools] == [
        "web_search",
        "function",
    ]


def test_saving_knowledge_sends_only_collection_ids(alice_client, sandbox_key, agent, spy):
    response = save(
        alice_client, agent.agent_id, "knowledge", {"collection_id": ["col_1", "", "col_9"]}
    )
    assert response.status_code == 200
    assert patches(spy) == [
        {
            "agent": {"collection_ids": ["col_1", "col_9"]},
            "field_mask": {"paths": ["collection_ids"]},
        }
    ]


def test_clearing_instructions_asks_first_then_clears_them_upstream(
    alice_client, sandbox_key, agent, spy
):
    form = open_section(alice_client, agent.agent_id, "basics")
    asked = save_basics(alice_client, agent.agent_id, "Order Support", "", form=form)
    assert asked.status_code == 422
    page = html.unescape(asked.content.decode())
    assert "This empties the instructions of “Order Support”" in page
    assert "Save anyway?" in page
    assert patches(spy) == [], "nothing is sent before the person confirms"

    response = save(
        alice_client,
        agent.agent_id,
        "basics",
        {"name": "Order Support", "instructions": "", "confirmed": "yes"},
        form=form,
    )
    assert response.status_code == 200
    assert patches(spy) == [{"agent": {}, "field_mask": {"paths": ["instructions"]}}]
    assert api.agent_get(sandbox_key, agent.agent_id).instructions is None


def test_removing_every_tool_asks_first(alice_client, agent, spy):
    response = save(alice_client, agent.agent_id, "tools", {"tool": []})
    assert response.status_code == 422
    assert "This removes every tool of “Order Support”." in html.unescape(response.content.decode())
    assert patches(spy) == []


def test_nothing_changed_means_no_upstream_call(alice_client, agent):
    form = open_section(alice_client, agent.agent_id, "basics")
    faults.clear_request_log()
    response = save_basics(alice_client, agent.agent_id, "Order Support", "Be kind.", form=form)
    assert response.status_code == 200
    assert json.loads(response.headers["HX-Trigger"])["notice"]["text"].startswith(
        "Nothing to save"
    )
    assert "Order Support" in response.content.decode()
    assert faults.request_log() == []
    for section, data in (
        ("voice", voice_data()),
        ("tools", {"tool": ["web_search:w1"]}),
        ("knowledge", {"collection_id": ["col_1"]}),
    ):
        form = open_section(alice_client, agent.agent_id, section)
        faults.clear_request_log()
        response = save(alice_client, agent.agent_id, section, data, form=form)
        assert faults.request_log() == [], section


def test_an_agent_without_voice_is_not_given_one_by_an_unchanged_form(
    alice_client, sandbox_key, spy
):
    agent = make_agent(sandbox_key, name="Plain")
    response = save(alice_client, agent.agent_id, "voice", voice_data("eve", "0.50", 600))
    assert "Nothing to save" in response.headers["HX-Trigger"]
    assert patches(spy) == []


def test_without_javascript_a_save_redirects_back(alice_client, sandbox_key, agent):
    response = save_basics(alice_client, agent.agent_id, "Renamed", "Be kind.", htmx=False)
    assert response.status_code == 302
    assert response.url == f"/agents/{agent.agent_id}/#section-basics"
    page = alice_client.get(f"/agents/{agent.agent_id}/").content.decode()
    assert "Name changed to “Renamed”." in page
    assert '<h1 id="agent-heading">Renamed</h1>' in page


def test_the_edit_link_works_without_javascript(alice_client, agent):
    page = alice_client.get(f"/agents/{agent.agent_id}/?edit=voice").content.decode()
    assert f'action="/agents/{agent.agent_id}/edit/voice/"' in page
    assert ">Speech sensitivity (exact value)<" in page
    assert alice_client.get(f"/agents/{agent.agent_id}/edit/voice/").status_code == 302


def test_mcp_authorization_is_kept_when_left_empty_and_removed_on_request(
    alice_client, sandbox_key
):
    tool = {
        "type": "mcp",
        "server_url": "https://crm.example",
        "server_label": "crm",
        "authorization": "tok-1",
    }
    agent = make_agent(sandbox_key, tools=[tool])
    page = alice_client.get(f"/agents/{agent.agent_id}/edit/tools/", **HTMX).content.decode()
    key = page.split('name="tool" value="mcp:')[1].split('"')[0]
    ref = page.split(f'name="tool-{key}-authorization_ref" value="')[1].split('"')[0]
    form = open_section(alice_client, agent.agent_id, "tools")
    base = {
        "tool": [f"mcp:{key}"],
        f"tool-{key}-server_url": "https://crm.example",
        f"tool-{key}-server_label": "crm renamed",
        f"tool-{key}-authorization": "",
        f"tool-{key}-authorization_ref": ref,
    }
    response = save(alice_client, agent.agent_id, "tools", base, form=form)
    assert response.status_code == 200, response.content.decode()[:2000]
    stored = api.agent_get(sandbox_key, agent.agent_id).tools[0].to_api()
    assert stored["server_label"] == "crm renamed" and stored["authorization"] == "tok-1"
    assert "Authorization: set" in response.content.decode()

    response = save(
        alice_client, agent.agent_id, "tools", {**base, f"tool-{key}-remove_authorization": "on"}
    )
    assert "authorization" not in api.agent_get(sandbox_key, agent.agent_id).tools[0].to_api()
    assert "Authorization: not set" in response.content.decode()


# --- Limits, at the maximum and one past it ---------------------------------------------------


@pytest.mark.parametrize(
    ("section", "ok", "too_much", "message"),
    [
        (
            "basics",
            {"name": "n" * 255, "instructions": "Be kind."},
            {"name": "n" * 256, "instructions": "Be kind."},
            "255 characters or fewer",
        ),
        (
            "basics",
            {"name": "A", "instructions": "i" * 256_000},
            {"name": "A", "instructions": "i" * 256_001},
            "at most 256,000",
        ),
        (
            "voice",
            voice_data(threshold="1.0"),
            voice_data(threshold="1.01"),
            "between 0.00 and 1.00",
        ),
        ("voice", voice_data(silence=10000), voice_data(silence=10001), "between 0 and 10,000 ms"),
        (
            "voice",
            voice_data("other") | {"custom_voice_id": "v" * 64},
            voice_data("other") | {"custom_voice_id": "v" * 65},
            "1 to 64 letters",
        ),
        (
            "knowledge",
            {"collection_id": [f"c{i}" for i in range(10)]},
            {"collection_id": [f"c{i}" for i in range(11)]},
            "at most 10 knowledge collections",
        ),
        (
            "tools",
            {"tool": [f"web_search:w{i}" for i in range(200)]},
            {"tool": [f"web_search:w{i}" for i in range(201)]},
            "at most 200 tools",
        ),
    ],
)
def test_limits_at_the_maximum_and_one_past(
    alice_client, sandbox_key, agent, section, ok, too_much, message
):
    form = open_section(alice_client, agent.agent_id, section)
    faults.clear_request_log()
    response = save(alice_client, agent.agent_id, section, too_much, form=form)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert faults.request_log() == [], "nothing reaches the upstream"
    response = save(alice_client, agent.agent_id, section, ok, form=form)
    assert response.status_code == 200, response.content.decode()[:3000]
    assert json.loads(response.headers["HX-Trigger"])["notice"]["level"] == "success"


def test_blank_names_and_bad_tools_are_refused_before_any_call(alice_client, agent):
    form = open_section(alice_client, agent.agent_id, "basics")
    faults.clear_request_log()
    response = save(alice_client, agent.agent_id, "basics", {"name": "   "}, form=form)
    assert "Give the agent a name." in response.content.decode()
    tools = {
        "tool": ["function:a", "function:b", "x_search:x", "mcp:m"],
        "tool-a-name": "same",
        "tool-b-name": "same",
        "tool-x-allowed_handles": "a,b",
        "tool-x-excluded_handles": "c",
        "tool-m-server_url": "http://insecure.example",
        "tool-m-server_label": "m",
    }
    page = save(alice_client, agent.agent_id, "tools", tools).content.decode()
    assert "already called “same”" in page
    assert "not both" in page
    assert "must start with https://" in page
    assert not [entry for entry in faults.request_log() if entry[0] != "GET"]


def test_creating_with_the_limits(alice_client):
    page = alice_client.post(
        "/agents/new/", create_data(name="x" * 256, vad_threshold="1.01")
    ).content.decode()
    assert "255 characters or fewer" in page and "between 0.00 and 1.00" in page
    assert faults.request_log() == []


# --- Upstream errors: a plain notice, and nothing typed is lost ----------------------------------


LONG = "Be patient and kind. " * 9_524  # about 200,000 characters
BROKEN_SCHEMA = '{"type": "object", "properties": {"order_id": {"type": "str'


@pytest.mark.parametrize(
    ("fault", "expected"),
    [
        ({"status": 500, "method": "PATCH"}, "The Agents API had a problem"),
        ({"kind": "timeout", "method": "PATCH"}, "not known whether the change was saved"),
        ({"status": 409, "method": "PATCH"}, "clashes"),
        ({"status": 500, "method": "GET"}, "The Agents API had a problem"),
    ],
)
def test_upstream_errors_show_a_notice_and_keep_a_long_instruction(
    alice_client, agent, fault, expected
):
    form = open_section(alice_client, agent.agent_id, "basics")
    faults.fail_next(**fault)
    response = save(
        alice_client, agent.agent_id, "basics", {"name": "Renamed", "instructions": LONG}, form=form
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert expected in page
    assert expected in json.loads(response.headers["HX-Trigger"])["notice"]["text"]
    assert LONG in page
    assert 'value="Renamed"' in page
    # The retry succeeds.
    response = save(
        alice_client, agent.agent_id, "basics", {"name": "Renamed", "instructions": LONG}, form=form
    )
    assert response.status_code == 200


def test_create_errors_keep_the_typed_text_and_broken_schema(alice_client):
    faults.fail_next(status=500, method="POST")
    data = create_data(instructions=LONG)
    response = alice_client.post("/agents/new/", data)
    assert response.status_code == 422
    page = response.content.decode()
    assert LONG in page and "The Agents API had a problem" in page

    data = create_data(instructions=LONG, **function_card("f1", "lookup", BROKEN_SCHEMA))
    page = alice_client.post("/agents/new/", data).content.decode()
    assert "Line 1, column" in page and "closing double quote" in page
    assert "&quot;type&quot;: &quot;str" in page
    assert LONG in page


def test_a_broken_schema_in_an_edit_is_kept_with_its_message(alice_client, agent):
    response = save(
        alice_client, agent.agent_id, "tools", function_card("f1", "lookup", BROKEN_SCHEMA)
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "Line 1, column" in page and "&quot;str</textarea>" in page


def test_a_revoked_key_is_a_plain_401_notice(alice_client, alice, agent):
    form = open_section(alice_client, agent.agent_id, "basics")
    from agents_ui.models import TeamAPIKey

    key = TeamAPIKey.objects.get(user=alice)
    key.set_key("xai-sandbox-not-a-real-key-at-all")
    key.save()
    response = save(
        alice_client, agent.agent_id, "basics", {"name": "Renamed", "instructions": LONG}, form=form
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "did not accept this team's API key" in page.replace("&#x27;", "'")
    assert LONG in page


def test_a_deleted_agent_is_a_plain_404_notice(alice_client, sandbox_key, agent):
    form = open_section(alice_client, agent.agent_id, "basics")
    api.agent_delete(sandbox_key, agent.agent_id)
    response = save(
        alice_client, agent.agent_id, "basics", {"name": "Renamed", "instructions": LONG}, form=form
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "no longer exists" in page and LONG in page


def test_an_upstream_400_goes_beside_its_field(alice_client, agent, monkeypatch):
    from agents_ui.views import agents as views

    def refuse(*args, **kwargs):
        raise api.ValidationFailed(detail="name: is reserved")

    monkeypatch.setattr(views.api, "agent_update", refuse)
    response = save_basics(alice_client, agent.agent_id, "Renamed", "Be kind.")
    page = response.content.decode()
    assert response.status_code == 422
    name_field = page.split('for="id_name"')[1].split("</div>")[0]
    assert "is reserved" in name_field


def test_a_tampered_form_is_refused(alice_client, agent):
    response = alice_client.post(
        f"/agents/{agent.agent_id}/edit/basics/", {"original": "forged", "name": "x"}, **HTMX
    )
    assert response.status_code == 400
    assert faults.request_log() == [("POST", "/agents")]


# --- Two people, one agent ---------------------------------------------------------------------


def test_a_change_to_another_field_merges_silently(alice_client, sandbox_key, agent, spy):
    form = open_section(alice_client, agent.agent_id, "basics")
    api.agent_update(
        sandbox_key,
        agent.agent_id,
        {"instructions": "Changed by bob", "voice": {"voice_id": "rex"}},
    )
    response = save_basics(alice_client, agent.agent_id, "Alice's name", "Be kind.", form=form)
    assert response.status_code == 200
    assert patches(spy)[-1] == {
        "agent": {"name": "Alice's name"},
        "field_mask": {"paths": ["name"]},
    }
    now = api.agent_get(sandbox_key, agent.agent_id)
    assert now.name == "Alice's name"
    assert now.instructions == "Changed by bob"
    assert now.voice.voice_id == "rex"


def _conflict(alice_client, sandbox_key, agent):
    form = open_section(alice_client, agent.agent_id, "basics")
    api.agent_update(
        sandbox_key, agent.agent_id, {"name": "Bob's name", "instructions": "Bob's words"}
    )
    response = save_basics(alice_client, agent.agent_id, "Alice's name", "Be kind.", form=form)
    return response


def test_a_conflict_shows_both_versions_and_saves_nothing(alice_client, sandbox_key, agent, spy):
    response = _conflict(alice_client, sandbox_key, agent)
    assert response.status_code == 409
    page = response.content.decode().replace("&#x27;", "'")
    assert "<h5>Yours</h5>" in page and "<h5>Their version</h5>" in page
    assert "Alice's name" in page and "Bob's name" in page
    assert ">Keep mine<" in page and ">Use their version<" in page
    assert api.agent_get(sandbox_key, agent.agent_id).name == "Bob's name"
    assert len(patches(spy)) == 1  # bob's own


def _resolve(alice_client, agent, response, resolution):
    from tests.views.support import hidden

    page = response.content.decode()
    data = {
        "original": hidden(page, "original"),
        "updated_at": hidden(page, "updated_at"),
        "agent_name": hidden(page, "agent_name"),
        "only_fields": ["name"],
        "conflict_fields": ["name"],
        # What the bound form re-renders: the user's own input.
        "name": "Alice's name",
        "instructions": "Be kind.",
        "resolution": resolution,
    }
    return alice_client.post(f"/agents/{agent.agent_id}/edit/basics/", data, **HTMX)


def test_keep_mine_saves_only_my_field_over_theirs(alice_client, sandbox_key, agent, spy):
    response = _resolve(
        alice_client, agent, _conflict(alice_client, sandbox_key, agent), "keep_mine"
    )
    assert response.status_code == 200
    assert patches(spy)[-1] == {
        "agent": {"name": "Alice's name"},
        "field_mask": {"paths": ["name"]},
    }
    now = api.agent_get(sandbox_key, agent.agent_id)
    assert now.name == "Alice's name"
    assert now.instructions == "Bob's words", "bob's other change survives"


def test_use_theirs_discards_mine(alice_client, sandbox_key, agent, spy):
    response = _resolve(
        alice_client, agent, _conflict(alice_client, sandbox_key, agent), "use_theirs"
    )
    assert response.status_code == 200
    assert len(patches(spy)) == 1
    assert "Bob's name" in response.content.decode().replace("&#x27;", "'")
    assert api.agent_get(sandbox_key, agent.agent_id).name == "Bob's name"


def test_a_conflict_on_the_second_of_two_changed_fields_is_caught(
    alice_client, sandbox_key, agent, spy
):
    """alice changes name and instructions; meanwhile bob changed only the instructions."""
    form = open_section(alice_client, agent.agent_id, "basics")
    api.agent_update(sandbox_key, agent.agent_id, {"instructions": "Bob's words"})

    response = save_basics(alice_client, agent.agent_id, "Alice's name", "Alice's words", form=form)

    assert response.status_code == 409
    assert len(patches(spy)) == 1  # bob's own: alice's save sent nothing
    yours, theirs = conflict_versions(response.content.decode())
    assert (yours, theirs) == ("Alice's words", "Bob's words")
    page = response.content.decode()
    assert 'name="conflict_fields" value="instructions"' in page
    assert 'name="conflict_fields" value="name"' not in page
    now = api.agent_get(sandbox_key, agent.agent_id)
    assert (now.name, now.instructions) == ("Order Support", "Bob's words")


def test_a_conflict_on_voice(alice_client, sandbox_key, agent):
    form = open_section(alice_client, agent.agent_id, "voice")
    api.agent_update(
        sandbox_key, agent.agent_id, {"voice": {"voice_id": "sal", "vad_threshold": 0.2}}
    )
    response = save(alice_client, agent.agent_id, "voice", voice_data("leo"), form=form)
    assert response.status_code == 409
    yours, theirs = conflict_versions(response.content.decode())
    assert yours == "leo, speech sensitivity 0.50, pause 600 ms (0.6 s)"
    assert theirs == "sal, speech sensitivity 0.20, pause 600 ms (0.6 s)"


def test_a_maximal_instruction_in_any_script_goes_through_as_a_browser_sends_it(
    alice_client, sandbox_key, agent
):
    # 256,000 characters of four-byte text, form-encoded as browsers and htmx send forms:
    # about 3 MB on the wire, more than Django accepts by default.
    text = "😀" * 256_000
    form = open_section(alice_client, agent.agent_id, "basics")
    body = urlencode({**form, "name": "Order Support", "instructions": text}, doseq=True)
    assert len(body) > 2.5 * 1024 * 1024
    response = alice_client.post(
        f"/agents/{agent.agent_id}/edit/basics/",
        body,
        content_type="application/x-www-form-urlencoded",
        **HTMX,
    )
    assert response.status_code == 200, response.content[:300]
    assert api.agent_get(sandbox_key, agent.agent_id).instructions == text
