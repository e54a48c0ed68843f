"""Real servers on 127.0.0.1 for tests and benchmarks: dovecot IMAP, an aiosmtpd SMTP server
that delivers into dovecot's Maildirs, and a private Secret Service (gnome-keyring).

Usable without pytest (``benchmarks/email.py`` starts them too); the pytest fixtures are in
:mod:`tests.servers.plugin`.
"""
