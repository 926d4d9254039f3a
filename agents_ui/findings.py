"""Where a checkup finding leads on screen: the part of the agent page that fixes it.

Every finding names an agent field (`Finding.field`); on the agent page that field lives in
a section (Basics, Voice, Tools, Knowledge), and in the section's edit form it has an id
(`id_instructions` …). An editor's link opens the section for editing and jumps to the
field; a reviewer's link goes to the section as shown. A finding about the phone number
leads to the assignment table, where numbers are given to agents.

    link = findings.link(agent.agent_id, finding, can_edit=True)
    link.url   # "/agents/agent_abc/?edit=basics#id_instructions"
    link.text  # "Edit the instructions"

Nothing here calls the upstream; URLs are reversed once per process, not once per finding.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from django.core.signals import setting_changed
from django.urls import reverse

from agents_ui.checkup import Finding
from agents_ui.templatetags.agents_extras import url_for

# Agent field -> (section of the agent page, id of the field in the section's edit form,
# the field in words).
PLACES: dict[str, tuple[str, str, str]] = {
    "name": ("basics", "id_name", "the name"),
    "instructions": ("basics", "id_instructions", "the instructions"),
    "voice": ("voice", "id_voice", "the voice"),
    "tools": ("tools", "id_tools", "the tools"),
    "collection_ids": ("knowledge", "id_collection_ids", "the knowledge collections"),
}
# Turn-taking findings name the setting they are about (`Finding.subject`).
VOICE_SETTING_IDS = {
    "vad_threshold": "id_vad_threshold",
    "vad_silence_duration_ms": "id_vad_silence_duration_ms",
}


@dataclass(frozen=True, slots=True)
class Link:
    url: str
    text: str


def field_id(finding: Finding) -> str | None:
    """The id of the finding's field in its section's edit form (None for the number)."""
    place = PLACES.get(finding.field)
    if place is None:
        return None
    if finding.field == "voice" and finding.subject in VOICE_SETTING_IDS:
        return VOICE_SETTING_IDS[finding.subject]
    return place[1]


def section_of(finding: Finding) -> str | None:
    place = PLACES.get(finding.field)
    return place[0] if place else None


@functools.cache
def _board_url() -> str:
    return reverse("assign-board")


def _forget_urls(*, setting: str, **kwargs: object) -> None:
    if setting == "ROOT_URLCONF":
        _board_url.cache_clear()


setting_changed.connect(_forget_urls, dispatch_uid="agents_ui.findings.urls")


def agent_url(agent_id: str) -> str:
    return url_for(agent_id, "agent-detail")


def link(agent_id: str, finding: Finding, *, can_edit: bool) -> Link:
    """Where to go to deal with `finding` of the agent `agent_id`."""
    place = PLACES.get(finding.field)
    if place is None:  # the phone number
        return Link(_board_url(), "Open the assignment table")
    section, _, words = place
    if can_edit:
        return Link(f"{agent_url(agent_id)}?edit={section}#{field_id(finding)}", f"Edit {words}")
    return Link(f"{agent_url(agent_id)}#section-{section}", f"See {words}")


def in_form_link(finding: Finding) -> Link | None:
    """For a finding shown inside a section's edit form: a jump to the field, if it is there."""
    target = field_id(finding)
    if target is None:
        return None
    return Link(f"#{target}", f"Go to {PLACES[finding.field][2]}")
