"""Password reset works where email is configured, and does not exist where it is not."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from django.core import mail

from tests.conftest import PASSWORD

NEW_PASSWORD = "a-brand-new-pass-phrase"


@pytest.fixture
def alice_with_email(alice):
    alice.email = "alice@example.com"
    alice.save()
    return alice


def _link(message) -> str:
    match = re.search(r"https?://[^/\s]+(/accounts/reset/\S+/)", message.body)
    assert match, message.body
    return match.group(1)


def test_the_login_page_offers_a_reset_where_email_is_configured(client):
    page = client.get("/accounts/login/").content.decode()
    assert '<a href="/accounts/password_reset/">Forgot your password?</a>' in page
    assert "Ask an administrator" not in page


def test_a_person_resets_their_password_by_email_and_logs_in_with_it(client, alice_with_email):
    sent = client.post("/accounts/password_reset/", {"email": "alice@example.com"})
    assert sent.status_code == 302
    assert sent["Location"] == "/accounts/password_reset/done/"
    assert "Check your email" in client.get(sent["Location"]).content.decode()

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["alice@example.com"]
    assert message.subject == "Set a new Switchboard password"
    assert "Hello alice," in message.body

    form = client.get(_link(message), follow=True)
    assert "Set a new password" in form.content.decode()
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert done.status_code == 302
    assert "Your new password is saved" in client.get(done["Location"]).content.decode()

    logged_in = client.post("/accounts/login/", {"username": "alice", "password": NEW_PASSWORD})
    assert logged_in.status_code == 302
    assert "_auth_user_id" in client.session
    assert not User.objects.get(username="alice").check_password(PASSWORD)


def test_a_reset_link_works_only_once(client, alice_with_email):
    client.post("/accounts/password_reset/", {"email": "alice@example.com"})
    link = _link(mail.outbox[0])
    form = client.get(link, follow=True)
    client.post(
        form.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    again = client.get(link, follow=True).content.decode()

    assert "This link no longer works" in again
    assert 'href="/accounts/password_reset/"' in again


def test_an_unknown_address_gets_the_same_answer_and_no_email(client, alice_with_email):
    # The page never tells a stranger which addresses have accounts.
    response = client.post("/accounts/password_reset/", {"email": "nobody@example.com"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password_reset/done/"
    assert mail.outbox == []


def test_a_mistyped_address_is_explained_beside_the_field_and_kept(client):
    response = client.post("/accounts/password_reset/", {"email": "alice at example"})
    page = response.content.decode()
    assert response.status_code == 200
    assert '<p class="field-error" id="id_email_error">Enter a valid email address.</p>' in page
    assert 'value="alice at example"' in page
    assert '<label for="id_email">Email address</label>' in page


def test_a_weak_new_password_is_refused_beside_the_field(client, alice_with_email):
    client.post("/accounts/password_reset/", {"email": "alice@example.com"})
    form = client.get(_link(mail.outbox[0]), follow=True)

    response = client.post(
        form.redirect_chain[-1][0], {"new_password1": "12345678", "new_password2": "12345678"}
    )

    page = response.content.decode()
    assert "This password is too common." in page
    assert 'class="field-error"' in page
    assert User.objects.get(username="alice").check_password(PASSWORD)


def test_without_email_the_reset_pages_do_not_exist(client, routed_with):
    # Production without EMAIL_URL: no mailer, so a reset could never send its link.
    routed_with(MAILERS={}, PASSWORD_RESET_ENABLED=False)

    assert client.get("/accounts/password_reset/").status_code == 404
    assert client.post("/accounts/password_reset/", {"email": "a@example.com"}).status_code == 404
    assert client.get("/accounts/password_reset/done/").status_code == 404
    assert client.get("/accounts/reset/MQ/set-password/").status_code == 404
    assert client.get("/accounts/reset/done/").status_code == 404
    assert mail.outbox == []


def test_without_email_the_login_page_says_to_ask_an_administrator(client, routed_with):
    routed_with(MAILERS={}, PASSWORD_RESET_ENABLED=False)

    page = client.get("/accounts/login/").content.decode()

    assert "Forgot your password? Ask an administrator to set a new one for you." in page
    assert "/accounts/password_reset/" not in page
