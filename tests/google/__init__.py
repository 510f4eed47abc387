"""Tests of the google area."""
