"""Reads of meetings, one module per feature; the common ones are re-exported here."""

from cultiva.meetings.selectors.meetings import meeting_detail, meeting_list

__all__ = ["meeting_detail", "meeting_list"]
