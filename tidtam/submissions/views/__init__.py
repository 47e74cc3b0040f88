"""Pages of data entry, review and round management (see urls.py for the addresses)."""

from .entry import autosave, check, entry_page
from .review import (
    accept_view,
    attachment_delete,
    attachment_download,
    attachment_upload,
    comment_view,
    history_page,
    reopen_view,
    return_view,
)
from .rounds import close_view, completeness_page, due_date_view, remind_view, reopen_round_view, round_create
from .work import inbox_bulk_page, inbox_page, my_work_page, submit_ready_page

__all__ = [
    "accept_view",
    "attachment_delete",
    "attachment_download",
    "attachment_upload",
    "autosave",
    "check",
    "close_view",
    "comment_view",
    "completeness_page",
    "due_date_view",
    "entry_page",
    "history_page",
    "inbox_bulk_page",
    "inbox_page",
    "my_work_page",
    "remind_view",
    "reopen_round_view",
    "reopen_view",
    "return_view",
    "round_create",
    "submit_ready_page",
]
