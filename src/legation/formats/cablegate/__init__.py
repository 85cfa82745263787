"""WikiLeaks cablegate: HTML pages (:mod:`.parser`), the cables.csv dump (:mod:`.csvdump`) and a
small fallback reader (:mod:`.fallback`) for what the telegram text parser leaves empty."""

from legation.formats.cablegate import csvdump as csvdump  # (importing it registers the format)
from legation.formats.cablegate import parser as parser  # (importing it registers the format)
