"""The Telegram bot channel (Bot API long polling). Loaded only when such an account exists."""
