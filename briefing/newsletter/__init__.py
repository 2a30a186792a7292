"""The daily edition as an e-mail newsletter (``make newsletter``, ``make send-newsletter``).

Three steps, a module each, none of which knows Pelican (the ``briefing``
command runs the build and hands them the editions):

- :mod:`~briefing.newsletter.compose`: which edition (the latest closed one,
  or a given day) and what its e-mail says, every fragment sanitized and
  its links absolute: a :class:`~briefing.newsletter.compose.Newsletter`;
- :mod:`~briefing.newsletter.render`: that as an HTML part (a theme template,
  its CSS inlined by ``css-inline``), a plain-text part and a whole message;
- :mod:`~briefing.newsletter.send`: the message over SMTP to a list, with a
  ledger so that nobody is sent the same edition twice.
"""
