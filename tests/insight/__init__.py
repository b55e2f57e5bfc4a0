"""Tests for insight: figures about how the service is doing."""
