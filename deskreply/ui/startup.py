"""How long this process has been running: the clock for startup figures.

Measured from the moment the OS started the process (so Python's own start-up and every import
count), read from /proc on Linux; elsewhere from the first import of this module.
"""

from __future__ import annotations

import os
import time

_IMPORTED_AT = time.perf_counter()


def _process_start_boottime() -> float | None:
    try:
        with open("/proc/self/stat", "rb") as stream:
            stat = stream.read().decode("ascii", "replace")
        # The command name may contain spaces and parentheses: fields start after the last ')'.
        fields = stat[stat.rindex(")") + 2:].split()
        ticks = int(fields[19])  # field 22 overall: starttime, in clock ticks since boot
        return ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError, AttributeError):
        return None


_START = _process_start_boottime()
_BOOT_OFFSET = (
    time.clock_gettime(time.CLOCK_BOOTTIME) - time.perf_counter()
    if _START is not None and hasattr(time, "CLOCK_BOOTTIME")
    else None
)


def seconds_since_start() -> float:
    """Seconds since the process started (falls back to since this module was imported)."""
    if _START is not None and _BOOT_OFFSET is not None:
        age = time.perf_counter() + _BOOT_OFFSET - _START
        if 0 <= age < 24 * 3600:
            return age
    return time.perf_counter() - _IMPORTED_AT


def peak_rss_mb() -> float:
    """Peak resident memory of this process in MB (ru_maxrss is in KiB on Linux)."""
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
