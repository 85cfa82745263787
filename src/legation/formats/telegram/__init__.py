"""Field parsers for State Department telegrams, one module per concern.

- :mod:`legation.formats.telegram.head`: the state machine that walks the head of a
  telegram (everything before the body) and hands each line to the
  parsers below; also splits header fields glued onto one line.
- :mod:`legation.formats.telegram.header`: distribution (ACTION/ORIGIN/INFO offices),
  ACP-127 routing lines, the DTG and precedence, FM/TO/INFO/XMT addresses.
- :mod:`legation.formats.telegram.fields`: classification line and handling caveats,
  E.O. and declassification, SUBJ, summary, signer, DRAFTED/APPROVED BY,
  "Classified By".
- :mod:`legation.formats.telegram.tags`: TAGS (subject codes, countries, persons).
- :mod:`legation.formats.telegram.references`: REF lines and repeats -> references.
- :mod:`legation.formats.telegram.body`: numbered paragraphs and headings.
- :mod:`legation.formats.telegram.attributes`: the AAD "Message Attributes" block and
  the review history.

``legation.formats.telegram.parser`` composes them into a Record.
"""

from legation.formats.telegram import parser as parser  # (importing it registers the format)
