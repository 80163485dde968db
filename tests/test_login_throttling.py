"""Login throttling (django-axes, partners/throttling.py) that an attacker cannot turn
against real users, and that stops guessing over many accounts."""

import pytest
from django.urls import reverse

from tests import factories

PROXY = "10.0.0.1"
ATTACKER = "198.51.100.9"
REAL_USER = "203.0.113.5"


@pytest.fixture
def login_as(client):
    def post(username, password="fout", *, address=None, forwarded=None):
        headers = {"REMOTE_ADDR": address or PROXY}
        if forwarded is not None:
            headers["HTTP_X_FORWARDED_FOR"] = forwarded
        client.cookies.clear()
        return client.post(
            reverse("login"), {"username": username, "password": password}, **headers
        )

    return post


def test_login_is_throttled_after_repeated_failures(client, login_as, settings, db):
    factories.writer(username="wendy")
    for _attempt in range(settings.LOGIN_FAILURES_PER_ACCOUNT - 1):
        response = login_as("wendy")
        assert response.status_code == 200
        assert 'href="#' in response.content.decode()  # the error summary links the error
    assert login_as("wendy").status_code == 429
    locked = login_as("wendy", factories.PASSWORD)
    assert locked.status_code == 429
    assert "Te veel pogingen" in locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_lock_out_behind_the_proxy_does_not_lock_the_user_out_from_elsewhere(
    login_as, settings, db
):
    settings.TRUSTED_PROXIES = 1
    factories.coordinator(username="coordinator")
    # The attacker writes the real user's address into the header; the proxy appends
    # the address it really saw, and only that one counts.
    for _attempt in range(settings.LOGIN_FAILURES_PER_ACCOUNT):
        login_as("coordinator", forwarded=f"{REAL_USER}, {ATTACKER}")
    assert login_as("coordinator", forwarded=ATTACKER).status_code == 429

    response = login_as("coordinator", factories.PASSWORD, forwarded=REAL_USER)
    assert response.status_code == 302
    assert response.url == reverse("home")


def test_without_a_trusted_proxy_the_forwarded_header_is_ignored(login_as, settings, db):
    settings.TRUSTED_PROXIES = 0
    factories.coordinator(username="coordinator")
    for number in range(settings.LOGIN_FAILURES_PER_ACCOUNT):
        login_as("coordinator", address=ATTACKER, forwarded=f"192.0.2.{number}")
    assert login_as("coordinator", address=ATTACKER, forwarded="192.0.2.99").status_code == 429
    assert login_as("coordinator", factories.PASSWORD, address=REAL_USER).status_code == 302


def test_user_names_are_one_account_in_any_letter_case(login_as, settings, db):
    factories.member(username="member")
    spellings = ["Member", "MEMBER", "member ", "mEmBeR"]
    for number in range(settings.LOGIN_FAILURES_PER_ACCOUNT):
        login_as(spellings[number % len(spellings)], address=ATTACKER)
    assert login_as("member", factories.PASSWORD, address=ATTACKER).status_code == 429


def test_guessing_over_many_accounts_from_one_address_is_stopped(login_as, settings, db):
    users = [factories.member(username=f"lid{number}") for number in range(13)]
    limit = settings.LOGIN_FAILURES_PER_ADDRESS
    tried = [users[guess % 12].username for guess in range(limit)]  # 12 accounts, 1-2 each
    for username in tried[:-1]:
        assert login_as(username, address=ATTACKER).status_code == 200
    assert login_as(tried[-1], address=ATTACKER).status_code == 429
    # The address is locked, also for an account it never tried and a right password.
    assert login_as(users[-1].username, factories.PASSWORD, address=ATTACKER).status_code == 429
    # Nobody else is: the same account from another address logs in.
    assert login_as(users[-1].username, factories.PASSWORD, address=REAL_USER).status_code == 302


def test_logging_in_as_oneself_does_not_reset_guesses_at_another_account(login_as, settings, db):
    factories.coordinator(username="coordinator")
    factories.read_along(username="rita")  # the attacker has an account of their own
    for _round in range(3):
        for _guess in range(settings.LOGIN_FAILURES_PER_ACCOUNT - 1):
            login_as("coordinator", address=ATTACKER)
        assert login_as("rita", factories.PASSWORD, address=ATTACKER).status_code == 302
        if login_as("coordinator", address=ATTACKER).status_code == 429:
            break
    else:
        raise AssertionError("guessing went on without a lock-out")
    assert login_as("coordinator", factories.PASSWORD, address=ATTACKER).status_code == 429


def test_a_successful_login_forgets_ones_own_typos(login_as, settings, db):
    factories.member(username="member")
    for _typo in range(settings.LOGIN_FAILURES_PER_ACCOUNT - 1):
        login_as("member", address=REAL_USER)
    assert login_as("member", factories.PASSWORD, address=REAL_USER).status_code == 302
    for _typo in range(settings.LOGIN_FAILURES_PER_ACCOUNT - 1):
        assert login_as("member", address=REAL_USER).status_code == 200


def test_a_wrong_password_is_said_once_in_the_error_summary(login_as, db):
    factories.writer(username="wendy")
    html = login_as("wendy").content.decode()
    assert html.count("data-error-summary") == 1
    assert html.count("juiste gebruikersnaam") == 1
