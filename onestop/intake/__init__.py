"""Applications from every channel: validated, stored once, referenced, and assessed."""
