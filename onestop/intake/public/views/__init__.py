"""Views of the public application, one module per part of the journey."""
