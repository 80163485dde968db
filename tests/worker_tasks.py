"""A task for the two-workers test (tests/test_workers.py): each run leaves one row that
may exist only once, so a task run twice fails."""

from django.tasks import task

from infra.models import SitePage


@task(queue_name="pdf")
def leave_a_mark(*, number: int) -> int:
    SitePage.objects.create(slug=f"taak-{number}", title=f"Taak {number}", body="")
    return number
