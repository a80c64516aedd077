"""What an editor may set for an edition's rendering."""
from __future__ import annotations

from dataclasses import dataclass, field

from .page import PageGeometry


@dataclass(frozen=True)
class RenderOptions:
    page: PageGeometry = field(default_factory=PageGeometry)  # the PDF's size and margins
