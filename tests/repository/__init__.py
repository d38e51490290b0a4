"""Tests of the ISMS in this repository itself, generic so that they hold for any organisation's."""
