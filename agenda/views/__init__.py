"""The agenda app's pages, split by concept."""

from .contributions import (
    contribution_detail,
    contribution_edit,
    contribution_transition_view,
    current_edition,
    home,
)
from .versions import version_compare, version_detail, version_list, version_restore

__all__ = [
    "contribution_detail",
    "contribution_edit",
    "contribution_transition_view",
    "current_edition",
    "home",
    "version_compare",
    "version_detail",
    "version_list",
    "version_restore",
]
