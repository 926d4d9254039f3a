"""The Members page (/team/members/): everyone who may look sees the team and its roles;
only the people who manage members (and administrators) add, change and remove them, each
change recorded; another team's members cannot be reached."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from agents_ui.models import AuditEvent, Membership, Team
from tests.conftest import join_team
from tests.views.support import page_of

URL = "/team/members/"


def _membership(username: str, team: str = "Acme") -> Membership:
    return Membership.objects.get(user__username=username, team__name=team)


def _summaries() -> list[str]:
    return [f"{e.actor_username} {e.summary}" for e in AuditEvent.objects.order_by("id")]


@pytest.fixture
def manager_client(alice_client, alice):
    """alice, an editor of Acme who may manage its members."""
    Membership.objects.filter(user=alice).update(can_manage_members=True)
    return alice_client


@pytest.fixture
def bob_in_acme(bob, sandbox_key) -> Membership:
    join_team(bob, sandbox_key, "Acme", active=True)
    return _membership("bob")


@pytest.fixture
def globex_member(django_user_model) -> Membership:
    dave = django_user_model.objects.create_user("dave")
    join_team(dave, None, "Globex", role="editor")
    return _membership("dave", "Globex")


# --- Reading ------------------------------------------------------------------------------


def test_everyone_who_may_look_sees_the_team_and_its_roles(bob_client, alice):
    join_team(alice, None, "Acme", active=False)
    page = page_of(bob_client, URL)
    assert "<h1>Members of Acme</h1>" in page
    facts = re.findall(
        r'<h3 class="member-name">(.*?)</h3>\s*<p class="member-role">(.*?)</p>', page
    )
    assert [(re.sub(r"<[^>]+>", "", name), role) for name, role in facts] == [
        ("alice", "Editor"),
        ("bob (you)", "Reviewer"),
    ]
    assert 'action="/team/members/' not in page, "no form to change anyone"
    assert "Only the people who manage members, and administrators, can change this list." in page


def test_a_reader_sees_the_settings_but_no_form(bob_client):
    page = page_of(bob_client, URL)
    assert "Reasons required</dt><dd>No: a reason is optional." in page
    assert "Changes need approval</dt><dd>No: changes take effect straight away." in page
    assert 'action="/team/settings/"' not in page
    assert 'action="/team/members/add/"' not in page


def test_a_user_without_a_role_is_refused(charlie_client):
    response = charlie_client.get(URL)
    assert response.status_code == 403
    assert "Your account has no role in this team yet" in response.content.decode()


def test_a_member_manager_without_a_role_still_sees_the_list(charlie_client, charlie):
    Membership.objects.filter(user=charlie).update(can_manage_members=True)
    page = page_of(charlie_client, URL)
    assert 'action="/team/members/add/"' in page


def test_the_page_is_linked_from_the_header_and_the_keys_page(bob_client):
    page = page_of(bob_client, "/keys/")
    assert '<li><a href="/team/members/">Members</a></li>' in page
    assert '<a href="/team/members/">See who is in Acme, and their roles</a>' in page
    assert '<a href="/team/members/" aria-current="page">Members</a>' in page_of(bob_client, URL)


def test_a_manager_gets_a_labelled_form_for_each_member_but_no_remove_for_themselves(
    manager_client, bob_in_acme
):
    page = page_of(manager_client, URL)
    bob = bob_in_acme.pk
    assert (
        f'<label for="id_member-{bob}-role">Role <span class="visually-hidden">of bob</span>'
        in (page)
    )
    assert f'for="id_member-{bob}-can_manage_members">Can add and remove members' in page
    assert f'href="/team/members/{bob}/remove/"' in page
    alice = _membership("alice").pk
    assert f'href="/team/members/{alice}/remove/"' not in page
    assert '<label for="settings-reason_required">Reasons required</label>' in page


# --- Adding ---------------------------------------------------------------------------------------


def test_a_manager_adds_someone_with_a_role(manager_client, bob):
    response = manager_client.post(
        "/team/members/add/", {"username": "bob", "role": "editor"}, follow=True
    )
    assert response.redirect_chain == [(URL, 302)]
    assert "Added bob to Acme as an editor." in response.content.decode()
    assert _membership("bob").role == "editor"
    assert _summaries() == ["alice added bob as an editor"]


def test_an_unknown_username_is_explained_beside_the_field_and_kept(manager_client):
    response = manager_client.post("/team/members/add/", {"username": "bobby", "role": "editor"})
    assert response.status_code == 422
    page = response.content.decode()
    assert re.search(
        r'<input type="text" name="username" value="bobby"[^>]*aria-invalid="true"', page
    )
    assert (
        '<p class="field-error" id="add-username_error">Nobody has the username “bobby” in '
        "Switchboard. Check the spelling, or ask an administrator to create an account for "
        "them first.</p>"
    ) in page
    assert '<option value="editor" selected>Editor</option>' in page
    assert not AuditEvent.objects.exists()


def test_an_empty_or_odd_form_is_refused_with_plain_messages(manager_client):
    response = manager_client.post("/team/members/add/", {"username": "", "role": "owner"})
    assert response.status_code == 422
    page = response.content.decode()
    assert "Type the username of the person to add." in page
    assert "Choose one of the roles in the list." in page


def test_someone_already_in_the_team_is_not_added_again(manager_client, bob_in_acme):
    response = manager_client.post("/team/members/add/", {"username": "bob", "role": "editor"})
    assert response.status_code == 422
    assert "bob is already in Acme (reviewer)." in response.content.decode()
    assert _membership("bob").role == "reviewer"


# --- Changing -------------------------------------------------------------------------------------


def test_a_manager_changes_a_role_and_the_right_to_manage(manager_client, bob_in_acme):
    url = f"/team/members/{bob_in_acme.pk}/"
    prefix = f"member-{bob_in_acme.pk}"
    response = manager_client.post(
        url, {f"{prefix}-role": "editor", f"{prefix}-can_manage_members": "on"}, follow=True
    )
    assert "Made bob an editor and let bob add and remove members." in response.content.decode()
    bob = _membership("bob")
    assert (bob.role, bob.can_manage_members) == ("editor", True)
    assert _summaries() == ["alice made bob an editor and let bob add and remove members"]


def test_an_invalid_role_is_refused_beside_that_members_field(manager_client, bob_in_acme):
    prefix = f"member-{bob_in_acme.pk}"
    response = manager_client.post(f"/team/members/{bob_in_acme.pk}/", {f"{prefix}-role": "boss"})
    assert response.status_code == 422
    error = "Choose one of the roles in the list."
    assert f'<p class="field-error" id="id_{prefix}-role_error">{error}</p>' in (
        response.content.decode()
    )
    assert _membership("bob").role == "reviewer"


def test_a_manager_cannot_take_away_their_own_right(manager_client):
    alice = _membership("alice")
    prefix = f"member-{alice.pk}"
    response = manager_client.post(f"/team/members/{alice.pk}/", {f"{prefix}-role": "editor"})
    assert response.status_code == 422
    assert "You cannot take away your own right to manage members" in response.content.decode()
    assert _membership("alice").can_manage_members
    assert not AuditEvent.objects.exists()


# --- Removing -------------------------------------------------------------------------------------


def test_a_manager_removes_someone_after_confirming(manager_client, bob_in_acme):
    url = f"/team/members/{bob_in_acme.pk}/remove/"
    page = page_of(manager_client, url)
    assert "<h1>Remove bob from Acme?</h1>" in page
    assert "bob is a reviewer." in page
    response = manager_client.post(url, follow=True)
    assert "Removed bob from Acme." in response.content.decode()
    assert not Membership.objects.filter(user__username="bob").exists()
    assert _summaries() == ["alice removed bob"]


def test_a_manager_cannot_remove_themselves(manager_client):
    url = f"/team/members/{_membership('alice').pk}/remove/"
    page = page_of(manager_client, url)
    assert "You cannot remove yourself from the team" in page
    assert "<button" not in page.split("<main")[1]
    response = manager_client.post(url)
    assert response.status_code == 422
    assert Membership.objects.filter(user__username="alice").exists()
    assert not AuditEvent.objects.exists()


# --- Settings ------------------------------------------------------------------------------------


def test_a_manager_requires_a_reason_and_it_is_recorded(manager_client):
    response = manager_client.post("/team/settings/", {"reason_required": "on"}, follow=True)
    assert "Every change in Acme now needs a reason." in response.content.decode()
    assert Team.objects.get(name="Acme").reason_required
    assert _summaries() == ["alice required a reason for every change"]
    page = response.content.decode()
    assert re.search(r'<input type="checkbox" name="reason_required"[^>]*checked', page)


def test_approval_cannot_be_changed_on_the_page(manager_client):
    manager_client.post("/team/settings/", {"reason_required": "on", "approval_required": "on"})
    assert not Team.objects.get(name="Acme").approval_required
    page = page_of(manager_client, URL)
    assert "Only an administrator can change this." in page
    assert 'name="approval_required"' not in page


# --- Who may change -----------------------------------------------------------------------------


def _member_writes(member: Membership) -> list[tuple[str, str, dict]]:
    prefix = f"member-{member.pk}"
    return [
        ("post", "/team/members/add/", {"username": "charlie", "role": "editor"}),
        ("post", f"/team/members/{member.pk}/", {f"{prefix}-role": "editor"}),
        ("get", f"/team/members/{member.pk}/remove/", {}),
        ("post", f"/team/members/{member.pk}/remove/", {}),
        ("post", "/team/settings/", {"reason_required": "on"}),
    ]


def test_an_editor_without_the_right_changes_nothing(alice_client, bob_in_acme, charlie):
    for method, url, data in _member_writes(bob_in_acme):
        response = getattr(alice_client, method)(url, data)
        assert response.status_code == 403, url
        assert "Only the people who manage this team&#x27;s members" in response.content.decode()
    assert _membership("bob").role == "reviewer"
    assert not Membership.objects.filter(user=charlie).exists()
    assert not Team.objects.get(name="Acme").reason_required
    assert not AuditEvent.objects.exists()


def test_an_administrator_manages_members_without_the_right(client, django_user_model, bob_in_acme):
    root = django_user_model.objects.create_superuser("root", password="x" * 12)
    join_team(root, None, "Acme", role="none")
    client.force_login(root)
    prefix = f"member-{bob_in_acme.pk}"
    client.post(f"/team/members/{bob_in_acme.pk}/", {f"{prefix}-role": "editor"})
    assert _membership("bob").role == "editor"
    assert _summaries() == ["root made bob an editor"]


def test_another_teams_members_cannot_be_reached(manager_client, globex_member):
    for method, url, data in _member_writes(globex_member)[1:4]:
        response = getattr(manager_client, method)(url, data)
        assert response.status_code == 404, url
        assert "dave" not in response.content.decode()
    assert Membership.objects.filter(pk=globex_member.pk, role="editor").exists()
    assert "dave" not in page_of(manager_client, URL)
    assert not AuditEvent.objects.exists()


def test_a_manager_in_another_team_manages_only_there(client, alice, sandbox_key, globex_member):
    """alice manages Globex, but works on Acme (where she may not): Acme's page is hers to
    read, and Globex's members are out of reach until she switches."""
    join_team(alice, None, "Globex", active=False)
    Membership.objects.filter(user=alice, team__name="Globex").update(can_manage_members=True)
    join_team(alice, sandbox_key, "Acme")
    client.force_login(alice)
    prefix = f"member-{globex_member.pk}"
    response = client.post(f"/team/members/{globex_member.pk}/", {f"{prefix}-role": "none"})
    assert response.status_code == 403
    assert _membership("dave", "Globex").role == "editor"


def test_every_change_needs_the_csrf_token(alice, sandbox_key, bob_in_acme):
    join_team(alice, sandbox_key)
    Membership.objects.filter(user=alice).update(can_manage_members=True)
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    response = client.post("/team/members/add/", {"username": "charlie", "role": "editor"})
    assert response.status_code == 403
    assert not AuditEvent.objects.exists()
