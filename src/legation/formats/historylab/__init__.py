"""History Lab: gold-annotated CFPF bodies (:mod:`.parser`, :mod:`.labels`, :mod:`.layout`) and FOIArchive exports (:mod:`.export`)."""

from legation.formats.historylab import parser as parser  # (importing it registers the format)
