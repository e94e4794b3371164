"""Suite-wide settings: hypothesis profiles.

Timing deadlines are off everywhere (a loaded 2-core CI machine is no place to judge speed: benchmarks do that).
In CI (``CI=true``) hypothesis is derandomised, so a run is reproducible and a red CI always reproduces locally
with ``CI=true``; locally it explores new examples on every run.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile("dev", deadline=None)
settings.register_profile(
    "ci", deadline=None, derandomize=True, print_blob=True, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("ci" if os.environ.get("CI") == "true" else "dev")
