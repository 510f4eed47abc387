"""Tests of the reader over whole collections of invites."""
