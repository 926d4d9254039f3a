"""The agents list, create, the agent's page, delete and roles, over the sandbox."""

from __future__ import annotations

import html
import json
import re

import pytest

from agents_ui import api
from agents_ui.models import AuditEvent
from sandbox import faults
from tests.support import bulk_team, buy_number
from tests.views.support import HTMX, create_data, function_card, make_agent

# --- The list ---------------------------------------------------------------------------------


def test_the_list_makes_exactly_two_upstream_calls_and_joins_numbers(alice_client, sandbox_key):
    agents = [make_agent(sandbox_key, name=f"Agent {index}") for index in range(5)]
    number = buy_number(sandbox_key, "Sales", number="+14155550134")
    api.agent_assign_phone_number(sandbox_key, agents[2], number.phone_number_id)
    faults.clear_request_log()

    response = alice_client.get("/agents/")

    assert response.status_code == 200
    log = faults.request_log()
    assert sorted(log) == [("GET", "/agents?limit=1000"), ("GET", "/phone-numbers?limit=1000")]
    page = response.content.decode()
    for index in range(5):
        assert f"Agent {index}" in page
    assert '<span title="+14155550134">(415) 555-0134</span>' in page
    assert "Switchboard shows the first" not in page


def test_a_row_shows_voice_turn_taking_tools_number_and_date_by_template(alice_client, sandbox_key):
    agent = make_agent(
        sandbox_key,
        voice={"voice_id": "eve", "vad_threshold": 0.5, "vad_silence_duration_ms": 600},
        tools=[{"type": "web_search"}, {"type": "x_search"}],
    )

    page = alice_client.get("/agents/").content.decode()

    row = page[page.index(f'<tr id="agent-{agent.agent_id}">') :]
    row = row[: row.index("</tr>")]
    for cell in (
        f'<a href="/agents/{agent.agent_id}/">Order Support</a>',
        '<td data-label="Voice">eve</td>',
        '<td data-label="Sensitivity · pause">0.50 · 600 ms</td>',
        '<td data-label="Tools">2</td>',
        '<span class="muted">No number</span>',
        f'<time datetime="{agent.updated_at.isoformat()}">',
    ):
        assert cell in row, cell


def test_the_list_says_when_only_the_first_thousand_are_shown(
    alice_client, sandbox_key, monkeypatch
):
    # The limit is what the client asks for; a smaller one shows the same notice cheaply.
    monkeypatch.setattr(api, "MAX_LIST_LIMIT", 3)
    bulk_team(agents=3)

    page = alice_client.get("/agents/").content.decode()

    assert "Switchboard shows the first 3 agents that the Agents API returns" in page


def test_a_thousand_agents_show_fifty_a_page_and_say_the_limit(alice_client, sandbox_key):
    bulk_team(agents=1000)

    page = alice_client.get("/agents/").content.decode()

    assert "Switchboard shows the first 1,000 agents that the Agents API returns" in page
    assert page.count('<tr id="agent-') == 50
    assert "Agents 1–50 of 1000." in page
    assert 'href="/agents/?page=20"' in page


def test_pages_show_the_next_fifty_and_link_back(alice_client, sandbox_key):
    bulk_team(agents=120)

    page = alice_client.get("/agents/", {"page": "3"}).content.decode()

    assert page.count('<tr id="agent-') == 20
    assert "Agent 101" in page and "Agent 120" in page and "Agent 100" not in page
    assert "Agents 101–120 of 120." in page
    assert '<a href="/agents/?page=2" hx-get="/agents/?page=2"' in page
    assert 'aria-current="page"><span class="visually-hidden">Page </span>3</a>' in page


def test_page_links_keep_the_filter_and_the_sort(alice_client, sandbox_key):
    bulk_team(agents=120)

    page = alice_client.get("/agents/", {"q": "agent", "sort": "-name"}).content.decode()

    assert "Agent 120" in page and "Agent 070" not in page
    assert 'href="/agents/?q=agent&amp;sort=-name&amp;page=2"' in page
    # A new sort starts again at the first page, with the filter kept.
    assert 'href="/agents/?q=agent&amp;sort=voice"' in page


def test_the_filter_narrows_by_name_and_htmx_gets_only_the_results(alice_client, sandbox_key):
    for name in ("Order Support", "Returns", "Order Tracking"):
        make_agent(sandbox_key, name=name)
    page = alice_client.get("/agents/?q=order").content.decode()
    assert "Order Support" in page and "Order Tracking" in page and "Returns" not in page
    assert 'value="order"' in page

    partial = alice_client.get("/agents/?q=ret&sort=-name", HTTP_HX_TARGET="agent-results", **HTMX)
    body = partial.content.decode()
    assert body.strip().startswith('<div id="agent-results" class="list-results">')
    assert "Returns" in body and "Order Support" not in body
    assert "<html" not in body
    # The filter form keeps the sort for its next request.
    assert (
        '<span id="agent-filter-sort" hx-swap-oob="true">'
        '<input type="hidden" name="sort" value="-name"></span>'
    ) in body


def test_a_filter_that_finds_nothing_says_so(alice_client, sandbox_key):
    make_agent(sandbox_key)

    page = alice_client.get("/agents/", {"q": "nobody"}).content.decode()

    assert "No agent's name contains “nobody”." in page


def test_columns_sort_and_say_so(alice_client, sandbox_key):
    for name in ("Bravo", "alpha", "Charlie"):
        make_agent(sandbox_key, name=name)
    page = alice_client.get("/agents/?sort=-name").content.decode()
    assert page.index("Charlie") < page.index("Bravo") < page.index("alpha")
    assert 'aria-sort="descending"' in page
    page = alice_client.get("/agents/?sort=name").content.decode()
    assert page.index("alpha") < page.index("Bravo") < page.index("Charlie")
    assert 'href="/agents/?sort=-name"' in page
    page = alice_client.get("/agents/?sort=-updated").content.decode()
    assert page.index("Charlie") < page.index("alpha")


def test_the_list_shows_an_upstream_failure_plainly(alice_client, sandbox_key):
    faults.fail_next(status=500, path_prefix="/agents")
    response = alice_client.get("/agents/")
    assert response.status_code == 200
    assert "The Agents API had a problem" in response.content.decode()


# --- Create -----------------------------------------------------------------------------------


def test_the_create_form_has_every_labelled_control(alice_client):
    page = alice_client.get("/agents/new/").content.decode()
    for text in (
        ">Name<",
        ">Instructions<",
        "256,000",
        ">Voice<",
        "Other…",
        ">Your team&#x27;s voice (voice ID)<",
        ">Speech sensitivity (VAD threshold)<",
        ">Speech sensitivity (exact value)<",
        "Lower hears quieter speech, but also background noise; higher ignores noise, but may "
        "miss soft voices.",
        ">Pause before replying (silence duration)<",
        ">Pause before replying (exact value, ms)<",
        "Longer waits for slow talkers; shorter answers faster, but may interrupt.",
        ">Add tool<",
        "MCP server",
        ">Knowledge collections (collection IDs)<",
        ">Knowledge collection 1<",
        ">Add a knowledge collection<",
        ">Create agent<",
    ):
        assert text in page, text
    for words in ("VAD threshold<", "Silence duration", "Collection ID 1", "JSON Schema)<"):
        assert words not in page, words


def test_presets_show_what_they_set_before_they_are_applied(alice_client):
    page = html.unescape(alice_client.get("/agents/new/").content.decode())

    for preset in (
        'Patient <span class="preset-values">— sensitivity 0.60, pause 1.2 s</span>',
        'Balanced <span class="preset-values">— sensitivity 0.50, pause 0.6 s</span>',
        'Snappy <span class="preset-values">— sensitivity 0.40, pause 0.25 s</span>',
    ):
        assert preset in page, preset
    assert "A preset fills in both values above; nothing is saved until you press Save." in page


def test_a_new_agent_is_not_told_how_to_clear_instructions_it_does_not_have(
    alice_client, sandbox_key
):
    new = alice_client.get("/agents/new/").content.decode()
    agent = make_agent(sandbox_key, instructions="Be kind.")
    editing = alice_client.get(f"/agents/{agent.agent_id}/edit/basics/", **HTMX).content.decode()

    clear = "Empty the box to remove them all; you are asked before that is saved."
    assert clear not in new
    assert clear in editing


def test_it_creates_an_agent_with_every_field(alice_client, sandbox_key, alice):
    schema = {"type": "object", "properties": {"order_id": {"type": "string"}}}
    data = create_data(
        name="Order Support",
        instructions="Line one\r\nLine two",
        voice="other",
        custom_voice_id="my-voice_2",
        vad_threshold="0.37",
        vad_silence_duration_ms="1230",
        collection_id=["col_1", "", "col_2"],
        **function_card("f1", "lookup_order", schema, "Look up an order"),
    )
    data["tool"] += ["web_search:w1", "x_search:x1", "file_search:s1", "mcp:m1"]
    data.update(
        {
            "tool-x1-allowed_handles": "@acme, @acme_help\n@acme_status",
            "tool-x1-from_date": "2025-01-01",
            "tool-x1-to_date": "2025-06-30",
            "tool-m1-server_url": "https://mcp.example.com/sse",
            "tool-m1-server_label": "crm",
            "tool-m1-server_description": "The CRM",
            "tool-m1-allowed_tool_names": "find_customer, open_ticket",
            "tool-m1-authorization": "Bearer s3cret-token",
        }
    )
    response = alice_client.post("/agents/new/", data)

    assert response.status_code == 302, response.content.decode()[:2000]
    agent_id = response.url.rstrip("/").rsplit("/", 1)[1]
    agent = api.agent_get(sandbox_key, agent_id)
    assert agent.name == "Order Support"
    assert agent.instructions == "Line one\nLine two"
    assert agent.voice == api.Voice("my-voice_2", 0.37, 1230)
    assert agent.collection_ids == ("col_1", "col_2")
    tools = [tool.to_api() for tool in agent.tools]
    assert tools[0] == {
        "type": "function",
        "function": {
            "name": "lookup_order",
            "description": "Look up an order",
            "parameters": schema,
        },
    }
    assert tools[1] == {"type": "web_search"}
    assert tools[2] == {
        "type": "x_search",
        "allowed_x_handles": ["@acme", "@acme_help", "@acme_status"],
        "from_date": "2025-01-01",
        "to_date": "2025-06-30",
    }
    assert tools[3] == {"type": "file_search"}
    assert tools[4] == {
        "type": "mcp",
        "server_url": "https://mcp.example.com/sse",
        "server_label": "crm",
        "server_description": "The CRM",
        "allowed_tool_names": ["find_customer", "open_ticket"],
        "authorization": "Bearer s3cret-token",
    }
    event = AuditEvent.objects.get(action="create")
    assert event.resource_id == agent_id and event.actor == alice
    assert "s3cret-token" not in json.dumps(event.after)

    page = alice_client.get(response.url).content.decode()
    assert "Agent “Order Support” created." in page
    assert "Authorization: set" in page
    assert "s3cret-token" not in page


def test_the_authorization_is_never_rendered_back(alice_client, sandbox_key):
    tool = {
        "type": "mcp",
        "server_url": "https://x.example",
        "server_label": "x",
        "authorization": "tok-123",
    }
    agent = make_agent(sandbox_key, tools=[tool])
    for url in (f"/agents/{agent.agent_id}/", f"/agents/{agent.agent_id}/?edit=tools"):
        page = alice_client.get(url).content.decode()
        assert "tok-123" not in page
    page = alice_client.get(f"/agents/{agent.agent_id}/edit/tools/", **HTMX).content.decode()
    assert "tok-123" not in page and "Authorization: set" in page


def test_htmx_create_redirects_with_hx_redirect(alice_client, sandbox_key):
    response = alice_client.post("/agents/new/", create_data(), **HTMX)
    assert response.status_code == 200
    assert response.headers["HX-Redirect"].startswith("/agents/agent_")


def test_add_tool_without_javascript_re_renders_with_a_new_card(alice_client):
    data = create_data(action="add-tool", new_tool_type="mcp", instructions="Keep me")
    response = alice_client.post("/agents/new/", data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Server URL" in page and "Keep me" in page
    assert not faults.request_log()


def test_the_tool_card_endpoint_returns_one_card(alice_client):
    response = alice_client.get("/agents/tool-card/?new_tool_type=function", **HTMX)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Function name" in page and "<html" not in page
    assert ">What the function needs (parameters, as JSON Schema)<" in page
    assert "Look up an order by id" in page


def test_the_parameters_builder_is_hidden_and_sends_nothing_without_javascript(alice_client):
    page = alice_client.get("/agents/tool-card/?new_tool_type=function", **HTMX).content.decode()

    builder = re.search(r"<fieldset[^>]*data-schema-builder=[^>]*>(.*?)</fieldset>", page, re.S)
    assert builder, "the card has a builder"
    opening = builder.group(0).split(">", 1)[0]
    assert " hidden" in opening and 'data-schema-builder="tool-' in opening
    assert " name=" not in builder.group(1), "its controls are never sent"
    # The JSON box is the field that is sent, and it is numbered when scripts run.
    assert re.search(r'<textarea id="tool-\w+-parameters" name="tool-\w+-parameters"', page)
    assert 'class="numbered-box"' in page


def test_add_collection_without_javascript(alice_client):
    data = create_data(action="add-collection", collection_id=["a", "b"])
    page = alice_client.post("/agents/new/", data).content.decode()
    assert ">Knowledge collection 3<" in page and 'value="b"' in page


def test_presets_without_javascript_set_both_values(alice_client):
    page = alice_client.post("/agents/new/", create_data(action="preset:patient")).content.decode()
    assert 'name="vad_threshold" id="id_vad_threshold" value="0.60"' in page
    assert 'value="1200"' in page


def test_a_moved_slider_counts_without_javascript(alice_client, sandbox_key):
    data = create_data(vad_threshold="0.50", vad_threshold_slider="0.8")
    response = alice_client.post("/agents/new/", data)
    agent_id = response.url.rstrip("/").rsplit("/", 1)[1]
    assert api.agent_get(sandbox_key, agent_id).voice.vad_threshold == 0.8


def test_raw_json_view_round_trips(alice_client, sandbox_key):
    data = create_data(action="show-raw", **function_card("f1", "lookup", {"type": "object"}))
    page = alice_client.post("/agents/new/", data).content.decode()
    assert "Tools (raw JSON)" in page and "&quot;lookup&quot;" in page
    raw = json.dumps([{"type": "web_search"}, {"type": "function", "function": {"name": "a"}}])
    response = alice_client.post("/agents/new/", create_data(tools_mode="raw", tools_raw=raw))
    agent_id = response.url.rstrip("/").rsplit("/", 1)[1]
    assert [tool.type for tool in api.agent_get(sandbox_key, agent_id).tools] == [
        "web_search",
        "function",
    ]


# --- The validation endpoint -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            '{\n  "type": "object",\n  "properties": {}\n  "required": []\n}',
            'Line 4 (“"required": []”), column 3: expected a comma',
        ),
        ('{"type": "object",', "Line 1, column 19: expected a property name"),
        ('{"type": "strin"}', "not a valid JSON Schema at type"),
        ("[1, 2]", "must be a JSON object"),
        ('{"type": "object"}', "Valid JSON Schema."),
    ],
)
def test_the_schema_check_explains_in_plain_words(alice_client, text, expected):
    response = alice_client.post(
        "/agents/schema-check/?kind=schema&field=tool-abc-parameters",
        {"tool-abc-parameters": text},
        **HTMX,
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="tool-abc-parameters-check"' in page
    assert expected in page.replace("&quot;", '"').replace("&#x27;", "'"), page


def test_the_raw_tools_check_keeps_the_id_of_the_message_it_replaces(alice_client):
    page = alice_client.post("/agents/new/", create_data(action="show-raw")).content.decode()
    url = html.unescape(re.search(r'hx-post="(/agents/schema-check/[^"]*)"', page).group(1))
    target = re.search(r'hx-target="#([^"]+)"', page.split('name="tools_raw"')[1]).group(1)
    assert target == "new-tools_raw-check"

    answer = alice_client.post(url, {"tools_raw": "[]"}, **HTMX).content.decode()

    assert f'id="{target}"' in answer, "the next check finds its message again"
    assert "No tools." in answer


def test_the_raw_tools_check(alice_client):
    response = alice_client.post(
        "/agents/schema-check/?kind=tools&field=tools_raw",
        {"tools_raw": '[{"type": "function", "function": {"name": "has space"}}]'},
    )
    assert "Tool 1 (name)" in response.content.decode()

    valid = alice_client.post(
        "/agents/schema-check/?kind=tools&field=tools_raw",
        {"tools_raw": '[{"type": "web_search"}, {"type": "file_search"}]'},
    )
    assert "Valid: 2 tools." in valid.content.decode()
    too_many = alice_client.post(
        "/agents/schema-check/?kind=tools&field=tools_raw",
        {"tools_raw": "[" + ", ".join(['{"type": "web_search"}'] * 201) + "]"},
    )
    assert "at most 200 tools; there are 201" in too_many.content.decode()


# --- The agent's page and delete ---------------------------------------------------------------


def test_the_page_shows_every_section_with_edit_links_for_editors(alice_client, sandbox_key):
    agent = make_agent(
        sandbox_key, instructions="Hello", voice={"voice_id": "ara", "vad_threshold": 0.4}
    )
    page = alice_client.get(f"/agents/{agent.agent_id}/").content.decode()
    for section in ("basics", "voice", "tools", "knowledge"):
        assert f'id="section-{section}"' in page
        assert f'href="/agents/{agent.agent_id}/?edit={section}#section-{section}"' in page
        assert f'hx-get="/agents/{agent.agent_id}/edit/{section}/"' in page
    assert "<dialog" in page


def test_a_missing_agent_is_a_plain_404(alice_client):
    response = alice_client.get("/agents/agent_nope/")
    assert response.status_code == 404
    assert "no longer exists" in response.content.decode()


def test_delete_frees_the_number_and_says_so(alice_client, sandbox_key):
    agent = make_agent(sandbox_key, name="Doomed")
    number = api.phone_number_purchase(sandbox_key, area_code="212", name="Main")
    api.agent_assign_phone_number(sandbox_key, agent, number.phone_number_id)

    confirm = alice_client.get(f"/agents/{agent.agent_id}/delete/").content.decode()
    assert "Doomed" in confirm and number.phone_number in confirm and "will be freed" in confirm
    detail = alice_client.get(f"/agents/{agent.agent_id}/").content.decode()
    assert "will be freed" in detail

    response = alice_client.post(f"/agents/{agent.agent_id}/delete/")
    assert response.status_code == 302 and response.url == "/agents/"
    with pytest.raises(api.NotFound):
        api.agent_get(sandbox_key, agent.agent_id)
    assert api.phone_number_get(sandbox_key, number.phone_number_id).agent_id is None
    page = alice_client.get("/agents/").content.decode()
    assert "Agent “Doomed” deleted." in page and "is free again" in page
    event = AuditEvent.objects.get(action="delete")
    assert event.before["name"] == "Doomed" and event.after is None


def test_a_failed_delete_says_why_and_changes_nothing(alice_client, sandbox_key):
    agent = make_agent(sandbox_key)
    faults.fail_next(status=500, method="DELETE")
    response = alice_client.post(f"/agents/{agent.agent_id}/delete/")
    assert response.status_code == 422
    assert "The Agents API had a problem" in response.content.decode()
    assert api.agent_get(sandbox_key, agent.agent_id)
    assert not AuditEvent.objects.exists()


# --- Roles ------------------------------------------------------------------------------------


def test_reviewers_see_everything_read_only(bob_client, sandbox_key):
    agent = make_agent(sandbox_key)
    page = bob_client.get(f"/agents/{agent.agent_id}/").content.decode()
    assert "Order Support" in page
    assert "Edit" not in page and "<dialog" not in page and "Delete agent" not in page
    page = bob_client.get(f"/agents/{agent.agent_id}/?edit=basics").content.decode()
    assert '<form method="post" action="/agents/' not in page
    page = bob_client.get("/agents/").content.decode()
    assert "Create agent" not in page


def test_reviewers_get_403_on_every_writing_url_and_nothing_reaches_upstream(
    bob_client, sandbox_key
):
    agent = make_agent(sandbox_key)
    faults.clear_request_log()
    base = f"/agents/{agent.agent_id}"
    requests = [
        ("get", "/agents/new/", {}),
        ("post", "/agents/new/", create_data()),
        ("get", f"{base}/edit/basics/", {}),
        ("post", f"{base}/edit/basics/", {"name": "x"}),
        ("post", f"{base}/edit/voice/", {}),
        ("post", f"{base}/edit/tools/", {}),
        ("post", f"{base}/edit/knowledge/", {}),
        ("get", f"{base}/delete/", {}),
        ("post", f"{base}/delete/", {}),
        ("get", "/agents/tool-card/?new_tool_type=function", {}),
        ("post", "/agents/schema-check/?kind=schema&field=x", {"x": "{}"}),
    ]
    for method, url, data in requests:
        for headers in ({}, HTMX):
            response = getattr(bob_client, method)(url, data, **headers)
            assert response.status_code == 403, (method, url)
    assert faults.request_log() == []
    assert not AuditEvent.objects.exists()


def test_users_without_a_role_cannot_even_look(charlie_client, sandbox_key):
    agent = make_agent(sandbox_key)
    faults.clear_request_log()
    assert charlie_client.get("/agents/").status_code == 403
    assert charlie_client.get(f"/agents/{agent.agent_id}/").status_code == 403
    assert (
        charlie_client.get(f"/agents/{agent.agent_id}/?section=basics", **HTMX).status_code == 403
    )
    assert faults.request_log() == []
