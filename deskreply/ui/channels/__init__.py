"""The UI side of the channels: the bridge from the network thread, statuses, accounts."""

# gettext domain of the channel and sending messages (resources/locale/*/ui_channels.po).
CHANNELS_DOMAIN = "ui_channels"
