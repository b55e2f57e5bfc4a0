"""Telling applicants: messages in English and Welsh, posted PDF letters, the outbox, Notify."""
