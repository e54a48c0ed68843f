"""The sensitive-data check: card numbers, bank accounts, ids, secrets and contact details.

Each module finds one family of values and returns :class:`~.candidates.Candidate` spans;
``component.py`` merges them (one value -> one finding) and writes the messages.
"""
