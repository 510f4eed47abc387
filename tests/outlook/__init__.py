"""Tests of the outlook area."""
