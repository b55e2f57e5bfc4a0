"""Tests of the public application, online and at a kiosk."""
