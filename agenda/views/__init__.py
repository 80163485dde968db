"""The agenda app's pages, split by concept."""

from .comments import comment_create, comment_reopen, comment_resolve
from .contributions import (
    contribution_detail,
    contribution_edit,
    contribution_transition_view,
    current_edition,
    home,
)
from .overview import overview
from .versions import version_compare, version_detail, version_list, version_restore

__all__ = [
    "comment_create",
    "comment_reopen",
    "comment_resolve",
    "contribution_detail",
    "contribution_edit",
    "contribution_transition_view",
    "current_edition",
    "home",
    "overview",
    "version_compare",
    "version_detail",
    "version_list",
    "version_restore",
]
