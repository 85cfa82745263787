"""Field parsers for State Department telegrams, one module per concern.

- :mod:`legation.cable.head`: the state machine that walks the head of a
  telegram (everything before the body) and hands each line to the
  parsers below; also splits header fields glued onto one line.
- :mod:`legation.cable.header`: distribution (ACTION/ORIGIN/INFO offices),
  ACP-127 routing lines, the DTG and precedence, FM/TO/INFO/XMT addresses.
- :mod:`legation.cable.fields`: classification line and handling caveats,
  E.O. and declassification, SUBJ, summary, signer, DRAFTED/APPROVED BY,
  "Classified By".
- :mod:`legation.cable.tags`: TAGS (subject codes, countries, persons).
- :mod:`legation.cable.references`: REF lines and repeats -> references.
- :mod:`legation.cable.body`: numbered paragraphs and headings.
- :mod:`legation.cable.attributes`: the AAD "Message Attributes" block and
  the review history.

``legation.formats.telegram`` composes them into a Record.
"""
