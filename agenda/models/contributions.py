"""Contributions (one team's chapter of an edition) and what they share with network texts."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from agenda.models.editions import Edition
from agenda.texts import aspects, excerpts
from infra.revisions import next_revision
from partners.models import Partner, SystemProvision
from teams.models import Team


class ContributionQuerySet(models.QuerySet):
    def for_edition(self, edition):
        return self.filter(edition=edition)

    def in_agenda_order(self):
        return self.select_related("team", "updated_by").order_by("team__number")

    def without_text(self):
        """Leave the texts unread: lists show states, dates and stored word counts."""
        return self.defer(*aspects.FIELDS)

    def with_open_proposals(self):
        """Annotate ``open_proposals``, counted in a subquery (no join that would multiply
        other counts)."""
        proposal = self.model._meta.get_field("proposals").related_model  # refers to us
        count = (
            proposal.objects.filter(contribution=models.OuterRef("pk"), state=proposal.State.OPEN)
            .order_by()
            .values("contribution")
            .annotate(n=models.Count("pk"))
            .values("n")
        )
        return self.annotate(open_proposals=models.functions.Coalesce(models.Subquery(count), 0))

    def with_open_comments(self):
        return self.annotate(
            open_comments=models.Count(
                "comments",
                filter=models.Q(comments__resolved_at__isnull=True, comments__parent__isnull=True),
            )
        )


class OrderedHistory(HistoricalRecords):
    """History read one object at a time in order (version lists, numbering, the last
    return): an index on (object, date, id, state) serves those reads from the index
    alone, however long the texts in the records are."""

    def get_meta_options(self, model):
        options = super().get_meta_options(model)
        name = f"{model._meta.model_name[:14]}_history_order"
        options["indexes"] = [
            models.Index(
                fields=[model._meta.pk.attname, "history_date", "history_id", "state"], name=name
            )
        ]
        return options


def as_saved(record):
    """The object as the history ``record`` saved it, built from the record alone.

    ``record.instance`` would also read today's row for the fields history leaves out
    (a contribution's ``word_counts``): one query per record, and counts that belong to
    today's text. Here those fields keep their defaults.
    """
    recorded = {field.attname for field in record._meta.concrete_fields}
    model = record.instance_type
    return model(
        **{
            field.attname: getattr(record, field.attname)
            for field in model._meta.concrete_fields
            if field.attname in recorded
        }
    )


class Reviewed(models.Model):
    """What contributions and network texts share: the review state, a revision number
    for the lost-update guard, and who changed it last."""

    class State(models.TextChoices):
        CONCEPT = "concept", _("Concept")
        SUBMITTED = "submitted", _("Submitted")
        APPROVED = "approved", _("Approved")

    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.CONCEPT
    )
    revision = models.PositiveIntegerField(_("revision"), default=0)
    updated_at = models.DateTimeField(_("last changed"), null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last changed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        abstract = True

    def authors_since_last_approval(self) -> set[int]:
        """Ids of the users who wrote the version under review: who saved text or
        submitted it since the last approval.

        Read from the history, newest first: a record in concept that follows one in
        concept is a save, a submitted record a submit; a record in concept after a
        submitted or an approved one is a return or a reopen, which writes nothing.
        """
        records = self.history.order_by("-history_date", "-history_id").values_list(
            "state", "history_user_id"
        )
        authors = set()
        newer = None  # (state, user id) of the record after the current one
        for state, user_id in records.iterator():
            if newer is not None and (
                newer[0] == self.State.SUBMITTED or state == self.State.CONCEPT
            ):
                authors.add(newer[1])
            if state == self.State.APPROVED:
                break
            newer = (state, user_id)
        else:
            if newer is not None:
                authors.add(newer[1])  # the first record of all: the first save
        authors.discard(None)
        return authors

    def save_as_new_record(self, *, user, reason: str) -> None:
        """Save with a new revision and one history record naming ``user`` and ``reason``.

        For the services only: they lock the row and check the rules first.
        """
        next_revision(self)
        self.updated_at = timezone.now()
        self.updated_by = user
        self._history_user = user
        self._change_reason = reason
        self.save()


class HeadlineSource(models.Model):
    """What a search result's headline is cut from (``agenda.texts.excerpts``): the plain
    text of the fields ``searched_fields`` and the offset of each stem's first word in
    it. Kept on every save that writes those fields (or saves the whole object), like a
    contribution's word counts; history leaves them out."""

    search_text = models.TextField(_("plain text"), blank=True, editable=False)
    stem_offsets = models.JSONField(
        _("first offset of each stem"), default=dict, blank=True, editable=False
    )

    searched_fields: tuple[str, ...] = ()
    derived_fields = ("search_text", "stem_offsets")

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        texts = set(self.searched_fields)
        fields = kwargs.get("update_fields")
        if not self.get_deferred_fields() & texts and (fields is None or texts & set(fields)):
            self.search_text, self.stem_offsets = excerpts.source(
                getattr(self, name) for name in self.searched_fields
            )
            if fields is not None:
                kwargs["update_fields"] = {*fields, *self.derived_fields}
        super().save(*args, **kwargs)


class LeavesHeadlineSource(models.Manager):
    """Reads that leave the headline source unread (as large as the text, and read by
    ``agenda.search`` alone, which cuts its window in the database)."""

    def get_queryset(self):
        return super().get_queryset().defer(*HeadlineSource.derived_fields)


class Contribution(Reviewed, HeadlineSource):
    """One team's chapter of an edition: four aspects, edited in the browser.

    Aspect 3 (one text per system provision) and the annual programme's action
    table are JSON on the row itself, so that one save is one history record.
    """

    edition = models.ForeignKey(
        Edition,
        verbose_name=_("edition"),
        on_delete=models.PROTECT,
        related_name="contributions",
    )
    team = models.ForeignKey(
        Team, verbose_name=_("team"), on_delete=models.PROTECT, related_name="contributions"
    )
    context = models.TextField(_("context of the task or challenge"), blank=True)
    ambition = models.TextField(_("joint ambition"), blank=True)
    provision_texts = models.JSONField(
        _("contribution per system provision"), default=dict, blank=True
    )
    programme_intro = models.TextField(_("annual programme introduction"), blank=True)
    actions = models.JSONField(_("annual programme actions"), default=list, blank=True)
    word_counts = models.JSONField(
        _("words per text"), default=dict, blank=True, editable=False
    )  # ``aspects.word_counts``, counted on every save

    searched_fields = aspects.FIELDS
    history = OrderedHistory(excluded_fields=["word_counts", *HeadlineSource.derived_fields])
    objects = LeavesHeadlineSource.from_queryset(ContributionQuerySet)()

    class Meta:
        ordering = ["edition", "team__number"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "team"], name="one_contribution_per_team")
        ]
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")

    def __str__(self):
        return f"{self.team} ({self.edition})"

    def save(self, *args, **kwargs):
        if not self.get_deferred_fields() & set(aspects.FIELDS):
            self.word_counts = aspects.word_counts(self)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("agenda:contribution", args=[self.pk])

    def review_step_url(self, step: str) -> str:
        return reverse("agenda:review_step", args=[self.pk, step])

    @property
    def title(self) -> str:
        return self.team.name

    @property
    def described(self) -> str:
        """How a sentence names it: "the contribution of Geletterde samenleving"."""
        return _("the contribution of %(team)s") % {"team": self.team.name}

    def action_rows(self):
        return labelled_actions(self.actions, leads=lead_choices(self.system_provisions))

    @cached_property
    def system_provisions(self) -> list[SystemProvision]:
        """The system provisions, read once for this object (a request's pages and
        forms all ask it for the aspects)."""
        return list(SystemProvision.objects.all())

    def _provisions(self, provisions):
        """The given system provisions (pass them when doing this for many
        contributions, to query them once), or ``system_provisions``."""
        return self.system_provisions if provisions is None else provisions

    def aspect_choices(self, provisions=None):
        """(name, label) of every aspect one can comment on, the action table included."""
        return aspects.subjects(self._provisions(provisions))

    def aspect_texts(self, provisions=None):
        """(form field name, label, html) of every rich-text aspect, in agenda order."""
        return [
            (text.name, text.label, text.html_of(self))
            for text in aspects.texts(self._provisions(provisions))
        ]

    def aspect_headings(self):
        """(aspect, heading) of the four aspects, with this edition's programme year."""
        return aspects.headings(self.edition.programme_year)

    def aspect_sections(self, provisions=None):
        """The aspects as a reader sees them, in agenda order (``aspects.Section``)."""
        return aspects.sections(
            self, self._provisions(provisions), year=self.edition.programme_year
        )

    def missing_parts(self) -> list[str]:
        """Labels of the aspects that still need text; submitting requires none."""
        return aspects.missing(self, self._provisions(None))

    def is_empty(self) -> bool:
        return aspects.is_empty(self)


QUARTERS = [("Q1", _("Q1")), ("Q2", _("Q2")), ("Q3", _("Q3")), ("Q4", _("Q4"))]


def lead_choices(provisions=None):
    """Who can lead an action: a system provision or a convention partner (pass the
    ``provisions`` when they have been read already)."""
    if provisions is None:
        provisions = SystemProvision.objects.all()
    provisions = [(f"provision:{p.code}", p.name) for p in provisions]
    partners = [(f"partner:{p.code}", p.code) for p in Partner.objects.all()]
    return [*provisions, *partners]


def labelled_actions(rows: list[dict], *, leads=None) -> list[dict]:
    """Action rows with the lead's and the quarters' display names added.

    Pass ``leads`` (``lead_choices()``) when doing this for many tables, to query them once.
    """
    leads = dict(lead_choices() if leads is None else leads)
    quarters = dict(QUARTERS)
    return [
        row
        | {
            "lead_label": leads.get(row.get("lead"), ""),
            "quarter_labels": [str(quarters.get(q, q)) for q in row.get("quarters", [])],
        }
        for row in rows
    ]
