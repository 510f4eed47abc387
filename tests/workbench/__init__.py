"""Tests of the workbench area."""
