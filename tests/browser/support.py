"""Helpers (no tests) for the browser tests: the accessibility gate, the phone-width check,
and every screen of the dashboard brought to each state worth checking.

The gate injects axe-core (vendored under vendor/, tests only) through Playwright's
`page.evaluate`, which runs over the DevTools protocol: the page's strict CSP refuses an
inline <script> (`page.add_script_tag`) but does not apply to the protocol, so the gate
needs no `bypass_csp` and the fixtures still fail a test on any CSP violation of the app.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect

from agents_ui import api, history
from agents_ui.models import TeamAPIKey
from tests.browser.conftest import sign_in

AXE_VERSION = "4.14.1"
AXE_SCRIPT = Path(__file__).parent / "vendor" / f"axe-core-{AXE_VERSION}" / "axe.min.js"
WCAG_21_A_AA = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")
BLOCKING_IMPACTS = ("serious", "critical")


@functools.cache
def _axe_source() -> str:
    # `;undefined` so that evaluate does not call whatever the script's last value is.
    return AXE_SCRIPT.read_text(encoding="utf-8") + "\n;undefined"


_RUN_AXE = """async (tags) => {
  const results = await window.axe.run(document, {
    runOnly: {type: "tag", values: tags},
    resultTypes: ["violations"],
  });
  return results.violations.map((violation) => ({
    id: violation.id,
    impact: violation.impact,
    help: violation.help,
    helpUrl: violation.helpUrl,
    nodes: violation.nodes.map((node) => ({
      target: node.target.join(" "),
      summary: (node.failureSummary || "").split("\\n").slice(0, 3).join(" "),
    })),
  }));
}"""


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """Every WCAG 2.1 A/AA violation axe-core finds on the page as it is now."""
    if not page.evaluate("() => Boolean(window.axe)"):
        page.evaluate(_axe_source())
    return page.evaluate(_RUN_AXE, list(WCAG_21_A_AA))


def check_accessibility(page: Page, state_name: str) -> None:
    """Fails on any serious or critical WCAG 2.1 A/AA violation, listing each with the
    elements it concerns and how to fix it."""
    blocking = [v for v in axe_violations(page) if v["impact"] in BLOCKING_IMPACTS]
    if not blocking:
        return
    lines = [
        f"{state_name} ({page.url}): {len(blocking)} serious or critical accessibility "
        f"problem(s) found by axe-core {AXE_VERSION} (WCAG 2.1 A/AA):"
    ]
    for violation in blocking:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:5]:
            lines.append(f"    at {node['target']}: {node['summary']}")
        if len(violation["nodes"]) > 5:
            lines.append(f"    … and {len(violation['nodes']) - 5} more")
        lines.append(f"    {violation['helpUrl']}")
    raise AssertionError("\n".join(lines))


# An element as a person can find it in the page: tag#id.classes “its text”.
_DESCRIBE = """
  const describe = (element) => {
    let name = element.tagName.toLowerCase();
    if (element.id) name += "#" + element.id;
    for (const cls of Array.from(element.classList).slice(0, 3)) name += "." + cls;
    const text = element instanceof HTMLSelectElement
      ? (element.selectedOptions[0] || {text: ""}).text
      : element.innerText || element.value || element.getAttribute("aria-label") || "";
    const words = text.trim().replace(/\\s+/g, " ");
    return words ? `${name} “${words.slice(0, 40)}”` : name;
  };
"""

_MEASURE_WIDTH = (
    """() => {
  const width = window.innerWidth;"""
    + _DESCRIBE
    + """
  // Inside a box that scrolls or clips sideways, an element makes no page scroll.
  const clipped = (element) => {
    for (let box = element.parentElement; box && box !== document.body; box = box.parentElement) {
      if (getComputedStyle(box).overflowX !== "visible") return true;
    }
    return false;
  };
  let widest = null;
  for (const element of document.body.querySelectorAll("*")) {
    const rect = element.getBoundingClientRect();
    if (rect.width < 2 || rect.height < 2 || rect.right <= width + 0.5) continue;
    if (clipped(element)) continue;
    // The one reaching furthest right; among equals the outermost (met first).
    if (!widest || rect.right > widest.right + 0.5) {
      widest = {
        element: describe(element), width: Math.round(rect.width), right: Math.round(rect.right),
      };
    }
  }
  // A control cut off at either side cannot be used, even when the page does not scroll.
  const cut = [];
  const controls = "a[href], button, input, select, textarea, summary";
  for (const element of document.querySelectorAll(controls)) {
    const rect = element.getBoundingClientRect();
    if (rect.width < 2 || rect.height < 2 || !element.checkVisibility()) continue;
    // Wholly off to the left is the usual way to hide a skip link until it has the focus.
    if (rect.right <= 0) continue;
    if (rect.left < -0.5 || rect.right > width + 0.5) cut.push(describe(element));
  }
  return {width, scrollWidth: document.documentElement.scrollWidth, widest, cut};
}"""
)


def check_no_sideways_scroll(page: Page) -> None:
    """Fails when the page is wider than the window (it would scroll sideways) or a control
    sticks out of it, naming the element that reaches furthest right."""
    found = page.evaluate(_MEASURE_WIDTH)
    problems = []
    if found["scrollWidth"] > found["width"]:
        culprit = found["widest"]
        where = (
            f"; the widest element is {culprit['element']}, {culprit['width']} px wide, "
            f"ending at {culprit['right']} px"
            if culprit
            else ""
        )
        problems.append(
            f"the page is {found['scrollWidth']} px wide in a {found['width']} px window{where}"
        )
    if found["cut"]:
        problems.append("controls stick out of the window: " + ", ".join(found["cut"][:8]))
    assert not problems, f"{page.url} scrolls sideways: " + "; ".join(problems)


# --- Keyboard: where the focus goes, and whether a person can see it ------------------------

_FOCUS = (
    """() => {
  const element = document.activeElement;
  if (!element || element === document.body || element === document.documentElement) return null;
"""
    + _DESCRIBE
    + """
  const rgb = (color) => (color.match(/[\\d.]+/g) || []).map(Number);
  const luminance = ([r, g, b]) => {
    const channel = (value) => {
      value /= 255;
      return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  };
  // The outline is drawn outside the element (offset 2px): on its parent's background.
  let background = [255, 255, 255];
  for (let box = element.parentElement; box; box = box.parentElement) {
    const color = rgb(getComputedStyle(box).backgroundColor);
    if (color.length === 3 || (color.length === 4 && color[3] > 0.5)) {
      background = color.slice(0, 3);
      break;
    }
  }
  const style = getComputedStyle(element);
  const width = style.outlineStyle === "none" ? 0 : parseFloat(style.outlineWidth);
  const [light, dark] = [luminance(rgb(style.outlineColor)), luminance(background)]
    .sort((a, b) => b - a);
  const rect = element.getBoundingClientRect();
  return {
    index: Array.prototype.indexOf.call(document.querySelectorAll("*"), element),
    name: describe(element),
    outlineWidth: width,
    contrast: Math.round(((light + 0.05) / (dark + 0.05)) * 10) / 10,
    onScreen: element.checkVisibility() && rect.width > 1 && rect.height > 1
      && rect.left >= -0.5 && rect.right <= window.innerWidth + 0.5,
  };
}"""
)

_TABBABLE = """() => {
  const selector =
    "a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]";
  return Array.from(document.querySelectorAll(selector))
    .filter((element) => element.tabIndex >= 0 && !element.disabled && element.checkVisibility()
      && element.getBoundingClientRect().width > 1)
    .map((element) => Array.prototype.indexOf.call(document.querySelectorAll("*"), element));
}"""


def focused(page: Page) -> dict[str, Any] | None:
    """The element with the keyboard focus: its name, its outline and that outline's
    contrast with what is around it, and whether it is on screen."""
    return page.evaluate(_FOCUS)


def focus_problem(focus: dict[str, Any]) -> str | None:
    """Why a person could not see where the focus is, or None when they can: an outline of
    at least 2 px with a contrast of at least 3:1 (WCAG 1.4.11), on screen."""
    if focus["outlineWidth"] < 2:
        return f"{focus['name']} shows no focus outline"
    if focus["contrast"] < 3:
        return f"{focus['name']}'s focus outline has a contrast of only {focus['contrast']}:1"
    if not focus["onScreen"]:
        return f"{focus['name']} has the focus but is not on screen"
    return None


def tab_through(page: Page, limit: int = 300) -> tuple[list[dict[str, Any]], list[int]]:
    """Presses Tab until the focus comes round to an element it has already been on;
    returns every element focused on the way, and the index of every element that should
    be (visible, enabled, not taken out of the tab order)."""
    expected = page.evaluate(_TABBABLE)
    visited: list[dict[str, Any]] = []
    seen: set[int] = set()
    for _ in range(limit):
        page.keyboard.press("Tab")
        focus = focused(page)
        if focus is None:  # past the last control the focus leaves the page, then comes back
            continue
        if focus["index"] in seen:
            break
        seen.add(focus["index"])
        visited.append(focus)
    return visited, expected


# --- The screens, each brought to a state worth checking ---------------------------------------


@dataclass(frozen=True)
class Scene:
    """What a screen needs: the page, the live server, team Acme's key and the users."""

    page: Page
    live_server: Any
    team_key: str
    users: dict[str, Any]

    def sign_in(self, username: str = "alice") -> Page:
        """Signs the page in, working on team Acme; a second team (Globex) puts the team
        switcher in the header."""
        from tests.conftest import join_team

        user = self.users[username]
        page = sign_in(self.page, self.live_server, user, self.team_key)
        join_team(user, None, "Globex", active=False)
        return page


@dataclass(frozen=True)
class Team:
    agents: dict[str, api.Agent]
    numbers: dict[str, api.PhoneNumber]


def make_team(key: str) -> Team:
    """Three agents (one with every kind of setting) and three numbers, two of them in use,
    made through the real client. With the `predictable_numbers` fixture (which the scenes
    use) the numbers are (415) 555-0100 "Main line" for Order Support, (212) 555-0101 "Night
    line" for After-hours Receptionist, and (646) 555-0102 "Spare"."""
    busy = api.agent_create(
        key,
        name="After-hours Receptionist",
        instructions=(
            "You answer the main line outside office hours. Take a message with the "
            "caller's name, number and reason for calling.\n" * 20
        ),
        voice={"voice_id": "sal", "vad_threshold": 0.7, "vad_silence_duration_ms": 1200},
        tools=[
            {
                "type": "function",
                "function": {
                    "name": "leave_message",
                    "description": "Record a message for the morning team",
                    "parameters": {
                        "type": "object",
                        "properties": {"caller_number": {"type": "string"}},
                        "required": ["caller_number"],
                    },
                },
            },
            {"type": "web_search"},
            {"type": "x_search", "allowed_x_handles": ["acme_support"]},
            {
                "type": "mcp",
                "server_url": "https://tickets.example.com/a-rather-long/path/to/the/mcp",
                "server_label": "tickets",
                "authorization": "Bearer s3cret",
            },
        ],
        collection_ids=["collection_0123456789abcdef0123456789abcdef"],
    )
    orders = api.agent_create(key, name="Order Support", voice={"voice_id": "eve"})
    spare_agent = api.agent_create(key, name="Línea en Español")
    main = api.phone_number_purchase(
        key, area_code="415", name="Main line", description="On the website and the invoices"
    )
    night = api.phone_number_purchase(key, area_code="212", name="Night line")
    spare = api.phone_number_purchase(key, area_code="646", name="Spare")
    busy = api.agent_assign_phone_number(key, busy, night.phone_number_id)
    orders = api.agent_assign_phone_number(key, orders, main.phone_number_id)
    return Team(
        agents={"busy": busy, "orders": orders, "spare": spare_agent},
        numbers={
            "main": api.phone_number_get(key, main.phone_number_id),
            "night": api.phone_number_get(key, night.phone_number_id),
            "spare": spare,
        },
    )


def _detail(scene: Scene) -> tuple[Page, Team]:
    team = make_team(scene.team_key)
    page = scene.sign_in()
    page.goto(f"/agents/{team.agents['busy'].agent_id}/")
    expect(page.get_by_role("heading", name="After-hours Receptionist", level=1)).to_be_visible()
    return page, team


def _open_section(scene: Scene, section: str) -> tuple[Page, Team]:
    page, team = _detail(scene)
    page.get_by_role("link", name=f"Edit {section}").click()
    expect(page.locator(f"#section-{section} form button.button-primary")).to_be_visible()
    # htmx wires new content up when it settles: type after that, as a person always does.
    expect(page.locator(f"#section-{section}")).not_to_have_class(
        re.compile(r"\bhtmx-(added|settling)\b")
    )
    return page, team


def _team_key_of(scene: Scene, username: str) -> TeamAPIKey:
    return TeamAPIKey.objects.get(user=scene.users[username], team__name="Acme")


def login_page(scene: Scene) -> None:
    scene.page.goto("/accounts/login/")
    expect(scene.page.get_by_role("button", name="Log in")).to_be_visible()


def login_locked_out(scene: Scene) -> None:
    page = scene.page
    for _ in range(5):
        page.goto("/accounts/login/")
        page.get_by_label("Username").fill("alice")
        page.get_by_label("Password").fill("not her password")
        page.get_by_role("button", name="Log in").click()
    expect(page.get_by_text("this account is locked for now")).to_be_visible()


def agents_list(scene: Scene) -> None:
    make_team(scene.team_key)
    page = scene.sign_in()
    page.goto("/agents/")
    expect(page.get_by_role("link", name="Order Support")).to_be_visible()


def agents_list_empty(scene: Scene) -> None:
    page = scene.sign_in()
    page.goto("/agents/")
    expect(page.get_by_role("heading", name="No agents yet")).to_be_visible()


def agent_detail(scene: Scene) -> None:
    _detail(scene)


def agent_basics_form(scene: Scene) -> None:
    _open_section(scene, "basics")


def agent_voice_form(scene: Scene) -> None:
    _open_section(scene, "voice")


def agent_tools_form(scene: Scene) -> None:
    page, _ = _open_section(scene, "tools")
    expect(page.get_by_label("Function name")).to_be_visible()


def agent_tools_builder(scene: Scene) -> None:
    """The parameters builder open on a function with one parameter, and a second one added."""
    page, _ = _open_section(scene, "tools")
    expect(page.get_by_label("Parameter 1 name")).to_have_value("caller_number")
    page.get_by_role("button", name="Add a parameter").click()
    page.get_by_label("Parameter 2 name").fill("caller_name")


def agent_tools_template_question(scene: Scene) -> None:
    """A template chosen over typed parameters: the question before replacing them."""
    page, _ = _open_section(scene, "tools")
    page.get_by_label("What the function needs (parameters, as JSON Schema)").fill(
        '{"type": "object", "properties": {"ticket": {"type": "string"}}}'
    )
    page.get_by_label("Start from a template").select_option(label="Book an appointment")
    expect(page.get_by_role("button", name="Keep what I typed")).to_be_visible()


def agent_tools_raw_json(scene: Scene) -> None:
    page, _ = _open_section(scene, "tools")
    page.get_by_role("button", name="Show raw JSON").click()
    expect(page.get_by_label("Tools (raw JSON)")).to_be_visible()


def agent_knowledge_form(scene: Scene) -> None:
    _open_section(scene, "knowledge")


def agent_form_with_errors(scene: Scene) -> None:
    page, _ = _open_section(scene, "basics")
    page.get_by_label("Name", exact=True).fill("")
    page.get_by_label("Instructions").fill("x" * 256_001)
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator("#section-basics .field-error").first).to_be_visible()


def agent_conflict(scene: Scene) -> None:
    page, team = _open_section(scene, "basics")
    # Someone else renames the agent while the form is open.
    api.agent_update(scene.team_key, team.agents["busy"].agent_id, {"name": "Night Desk"})
    page.get_by_label("Name", exact=True).fill("Evening Desk")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_role("heading", name="Changed by someone else")).to_be_visible()


def agent_checkup_panel(scene: Scene) -> None:
    # The busy agent's instructions repeat one passage, its collections have no File search.
    page, _ = _detail(scene)
    panel = page.locator("#checkup")
    expect(panel).to_contain_text("Knowledge the agent cannot search")
    expect(panel).to_contain_text("Repeated text in the instructions")


def agent_live_findings(scene: Scene) -> None:
    page, _ = _open_section(scene, "basics")
    page.get_by_label("Instructions").fill(
        "Call transfer_call() when the caller asks for a person."
    )
    expect(page.locator("#section-basics .live-findings")).to_contain_text("transfer_call")


def agent_save_anyway(scene: Scene) -> None:
    # Order Support has no tool at all: a tool named in its instructions is a problem.
    team = make_team(scene.team_key)
    page = scene.sign_in()
    page.goto(f"/agents/{team.agents['orders'].agent_id}/")
    page.get_by_role("link", name="Edit basics").click()
    section = page.locator("#section-basics")
    section.get_by_label("Instructions").fill("Call transfer_call() when the caller asks.")
    section.get_by_role("button", name="Save", exact=True).click()
    expect(section.get_by_role("button", name="Save anyway")).to_be_visible()


def overview(scene: Scene) -> None:
    make_team(scene.team_key)
    page = scene.sign_in()
    key = _team_key_of(scene, "alice")
    agent = api.agent_list(scene.team_key).items[0]
    history.agent_changed(
        history.Actor(scene.users["alice"], key.team),
        dataclasses.replace(agent, name="Old name"),
        agent,
        ["name"],
    )
    page.goto("/")
    expect(page.get_by_role("heading", name="Overview of Acme")).to_be_visible()
    expect(page.locator("#findings")).to_contain_text("Knowledge the agent cannot search")


def overview_empty_team(scene: Scene) -> None:
    page = scene.sign_in()
    page.goto("/")
    expect(page.get_by_text("No agents yet.")).to_be_visible()


def agent_delete_dialog(scene: Scene) -> None:
    page, _ = _detail(scene)
    page.get_by_role("link", name="Delete agent").click()
    expect(page.get_by_role("dialog")).to_be_visible()


def agent_create_form(scene: Scene) -> None:
    page = scene.sign_in()
    page.goto("/agents/new/")
    page.get_by_role("button", name="Add tool").click()
    expect(page.get_by_label("Function name")).to_be_visible()


def agent_create_with_errors(scene: Scene) -> None:
    page = scene.sign_in()
    page.goto("/agents/new/")
    page.get_by_label("Speech sensitivity (exact value)").fill("1.5")
    page.get_by_role("button", name="Create agent").click()
    expect(page.get_by_text("Some fields need attention").first).to_be_visible()


def agent_missing(scene: Scene) -> None:
    page = scene.sign_in()
    page.goto("/agents/agent_gone/")
    expect(page.get_by_role("heading", name="This agent cannot be shown")).to_be_visible()


def phone_numbers_list(scene: Scene) -> None:
    make_team(scene.team_key)
    page = scene.sign_in()
    page.goto("/phone-numbers/")
    expect(page.get_by_title("+14155550100")).to_have_text("(415) 555-0100")


def phone_number_edit_in_place(scene: Scene) -> None:
    make_team(scene.team_key)
    page = scene.sign_in()
    page.goto("/phone-numbers/")
    page.get_by_role("link", name="Edit (415) 555-0100").click()
    expect(page.get_by_role("form", name="Edit (415) 555-0100")).to_be_visible()


def phone_number_release_dialog(scene: Scene) -> None:
    make_team(scene.team_key)
    page = scene.sign_in()
    page.goto("/phone-numbers/")
    page.get_by_role("link", name="Release (212) 555-0101").click()
    expect(page.get_by_role("dialog").get_by_text("This cannot be undone")).to_be_visible()


def phone_number_purchase_with_errors(scene: Scene) -> None:
    page = scene.sign_in()
    page.goto("/phone-numbers/")
    page.get_by_label("Area code").fill("41")
    page.get_by_role("button", name="Purchase number").click()
    expect(page.locator(".field-error").first).to_be_visible()


def assignment_table(scene: Scene) -> None:
    make_team(scene.team_key)
    page = scene.sign_in()
    page.goto("/phone-numbers/assign/")
    expect(page.get_by_role("heading", name="Unassigned numbers")).to_be_visible()


def assignment_table_chooser(scene: Scene) -> None:
    assignment_table(scene)
    page = scene.page
    page.get_by_role("link", name="Assign (646) 555-0102").click()
    expect(page.get_by_role("dialog").get_by_role("button", name="Order Support")).to_be_visible()


def assignment_table_confirm_replace(scene: Scene) -> None:
    assignment_table_chooser(scene)
    page = scene.page
    page.get_by_role("dialog").get_by_role("button", name="Order Support").click()
    expect(page.get_by_role("heading", name="Replace the number of Order Support?")).to_be_visible()


def audit_log(scene: Scene) -> None:
    team = make_team(scene.team_key)
    page = scene.sign_in()
    key = _team_key_of(scene, "alice")
    agent = team.agents["busy"]
    actor = history.Actor(scene.users["alice"], key.team)
    earlier = dataclasses.replace(agent, instructions="Old words", tools=())
    history.agent_changed(actor, earlier, agent, ["instructions", "tools"])
    history.number_purchased(actor, team.numbers["spare"])
    page.goto("/audit/")
    expect(page.get_by_role("link", name="After-hours Receptionist")).to_be_visible()


def _waiting_request(scene: Scene) -> tuple[Page, Team, Any]:
    """Team Acme wants changes reviewed; alice has asked to change the voice of the busy
    agent (request waiting)."""
    from agents_ui import approvals

    team = make_team(scene.team_key)
    page = scene.sign_in()
    key = _team_key_of(scene, "alice")
    key.team.approval_required = True
    key.team.save()
    agent = team.agents["busy"]
    changes = {"voice": {"voice_id": "leo", "vad_threshold": 0.5, "vad_silence_duration_ms": 800}}
    asked = approvals.ask_agent_update(
        history.Actor(scene.users["alice"], key.team), agent, changes, "Callers pause a lot"
    )
    return page, team, asked.request


def agent_waiting_for_review(scene: Scene) -> None:
    page, team, _ = _waiting_request(scene)
    page.goto(f"/agents/{team.agents['busy'].agent_id}/")
    expect(page.locator("#section-voice")).to_contain_text("Waiting for review")


def reviews_inbox(scene: Scene) -> None:
    page, _, _ = _waiting_request(scene)
    page.goto("/reviews/")
    expect(page.get_by_role("link", name=re.compile("asks to change the voice"))).to_be_visible()


def review_request(scene: Scene) -> None:
    page, _, request = _waiting_request(scene)
    page.goto(f"/reviews/{request.pk}/")
    expect(page.get_by_role("button", name=f"Withdraw request #{request.pk}")).to_be_visible()


def keys_with_errors(scene: Scene) -> None:
    page = scene.sign_in()
    page.goto("/keys/")
    page.get_by_role("button", name="Save key").click()  # no key typed
    expect(page.locator(".field-error").first).to_be_visible()


def key_delete(scene: Scene) -> None:
    page = scene.sign_in()
    key = _team_key_of(scene, "alice")
    page.goto(f"/keys/{key.pk}/delete/")
    expect(page.get_by_role("button", name="Delete key")).to_be_visible()


def not_found(scene: Scene) -> None:
    page = scene.sign_in()
    page.goto("/no-such-page/")
    expect(page.get_by_role("heading", name="Not found")).to_be_visible()


def not_allowed(scene: Scene) -> None:
    page = scene.sign_in("charlie")  # no role: may not see agents
    page.goto("/agents/")
    expect(page.get_by_role("heading", name="You can't do that")).to_be_visible()


SCREENS: dict[str, Callable[[Scene], None]] = {
    "log-in": login_page,
    "log-in-locked-out": login_locked_out,
    "agents": agents_list,
    "agents-empty-team": agents_list_empty,
    "agent": agent_detail,
    "agent-edit-basics": agent_basics_form,
    "agent-edit-voice": agent_voice_form,
    "agent-edit-tools": agent_tools_form,
    "agent-edit-tools-builder": agent_tools_builder,
    "agent-edit-tools-template-question": agent_tools_template_question,
    "agent-edit-tools-raw-json": agent_tools_raw_json,
    "agent-edit-knowledge": agent_knowledge_form,
    "agent-edit-with-errors": agent_form_with_errors,
    "agent-edit-conflict": agent_conflict,
    "agent-checkup-panel": agent_checkup_panel,
    "agent-edit-live-findings": agent_live_findings,
    "agent-edit-save-anyway": agent_save_anyway,
    "overview": overview,
    "overview-empty-team": overview_empty_team,
    "agent-delete-dialog": agent_delete_dialog,
    "agent-create": agent_create_form,
    "agent-create-with-errors": agent_create_with_errors,
    "agent-missing": agent_missing,
    "phone-numbers": phone_numbers_list,
    "phone-number-edit-in-place": phone_number_edit_in_place,
    "phone-number-release-dialog": phone_number_release_dialog,
    "phone-number-purchase-with-errors": phone_number_purchase_with_errors,
    "assignment-table": assignment_table,
    "assignment-table-chooser": assignment_table_chooser,
    "assignment-table-confirm-replace": assignment_table_confirm_replace,
    "audit": audit_log,
    "agent-waiting-for-review": agent_waiting_for_review,
    "reviews": reviews_inbox,
    "review-request": review_request,
    "keys-with-errors": keys_with_errors,
    "key-delete": key_delete,
    "not-found": not_found,
    "not-allowed": not_allowed,
}
