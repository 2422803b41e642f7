"""The pygame-ce front end: scenes, rendering, input and localisation.

Only this package (and the kiosk) imports pygame; the model never does.
"""

import os

# pygame prints a banner on import; a visitor's terminal should stay clean.
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
