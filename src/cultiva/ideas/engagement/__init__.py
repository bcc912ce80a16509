"""Supports, comments, follows, notifications and moderation of contributions."""
