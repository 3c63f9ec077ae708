"""Approved projects and their follow-up (the projects issue builds this)."""
