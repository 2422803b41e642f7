"""One in a Million: a game about false matches in police face recognition."""

__version__ = "0.1.0"
