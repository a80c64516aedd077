"""The cycle collector, paused where the pipeline makes millions of objects
and no reference cycles."""
from __future__ import annotations

import gc
from contextlib import contextmanager


@contextmanager
def cycle_collector_paused():
    """The rules make hundreds of thousands of short-lived tuples and no
    reference cycles: left running, the cycle collector spends a fifth of the
    clean stage's time (a third on a 1 MB text, which holds more live
    objects) finding nothing, and a tenth of the structure stage's, scanning
    the clean stage's million changes (a 20 MB scrape: 12.6 -> 11.2 s).
    Reference counting still frees everything."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
