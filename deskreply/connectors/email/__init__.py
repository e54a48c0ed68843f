"""Email: IMAP + SMTP (see :mod:`deskreply.connectors.email.connector`)."""
