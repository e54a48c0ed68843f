"""Tone and context check: insults, swearing, shouting, reproach, register and names."""
