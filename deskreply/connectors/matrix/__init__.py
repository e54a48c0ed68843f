"""The Matrix channel: a homeserver's rooms (and, through its bridges, WhatsApp, Instagram,
Messenger, Telegram and Signal chats) as DeskReply conversations. Loaded only when a Matrix
account exists (``deskreply.connectors.registry``)."""
