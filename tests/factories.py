"""The cast: users in every role, built through the same services the portal uses."""

import factory

from agenda.models import Contribution, Edition
from partners.models import Organisation, Partner, User
from teams.models import Membership, Team
from teams.services import coordinator_add, membership_set, representative_set

PASSWORD = "test-password-123"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Bibliotheek {n}")
    kind = Organisation.Kind.LIBRARY


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="nl_NL")
    last_name = factory.Faker("last_name", locale="nl_NL")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    organisation = factory.SubFactory(OrganisationFactory)
    password = factory.django.Password(PASSWORD)


def team(number: int = 1) -> Team:
    return Team.objects.get(number=number)


def contribution(number: int = 1) -> Contribution:
    return Contribution.objects.get(edition=Edition.objects.current(), team__number=number)


def team_user(role: str, number: int = 1, **fields) -> User:
    user = UserFactory(**fields)
    membership_set(team=team(number), user=user, role=role)
    return user


def writer(**fields) -> User:
    return team_user(Membership.Role.WRITER, **fields)


def member(**fields) -> User:
    return team_user(Membership.Role.MEMBER, **fields)


def read_along(**fields) -> User:
    return team_user(Membership.Role.READ_ALONG, **fields)


def coordinator(**fields) -> User:
    user = UserFactory(**fields)
    coordinator_add(user=user)
    return user


def partner_rep(code: str = "VOB", **fields) -> User:
    user = UserFactory(**fields)
    representative_set(user=user, partner=Partner.objects.get(code=code))
    return user


def outsider(**fields) -> User:
    return UserFactory(**fields)
