"""How many cores this process may run on (its CPU affinity, where the
system tells it): batch's default jobs, the clean stage's sections and
pandoc's pieces each run one a core."""
import os


def usable_cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
