"""The error every agenda service raises when a domain rule refuses a change; its
message is safe to show. (A lost update is ``infra.revisions.RevisionConflict``.)"""


class AgendaError(Exception):
    """A domain rule refused the change; the message is safe to show to the user."""
