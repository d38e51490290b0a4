"""Headless Chromium walking built sites and snapshots (Debian's chromium)."""
