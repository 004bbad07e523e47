"""Per-submission limits: the CPU-time meters every time limit uses, and the cgroup that bounds memory and CPU share."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest
from chainrule_course.grading.resources import Cgroup, Limits, Meter, OutOfTime, process_tree_seconds


def test_a_meter_counts_cpu_seconds_not_waiting():
    clock = {"cpu": 0.0}
    meter = Meter(lambda: clock["cpu"], cpu_limit=1.0, wall_limit=60.0)
    time.sleep(0.05)
    meter.check()  # waiting costs nothing
    clock["cpu"] = 1.5
    with pytest.raises(OutOfTime, match="1 CPU seconds"):
        meter.check()


def test_a_meter_stops_code_that_only_sleeps_at_its_wall_clock_cap():
    meter = Meter(lambda: 0.0, cpu_limit=10.0, wall_limit=0.01)
    time.sleep(0.05)
    with pytest.raises(OutOfTime, match="wall-clock"):
        meter.check()


def test_the_process_tree_counts_a_busy_child():
    child = subprocess.Popen([sys.executable, "-c", "import time\nend = time.process_time() + 0.6\n"
                              "while time.process_time() < end: pass\ntime.sleep(5)"])
    try:
        time.sleep(2.5)
        assert process_tree_seconds(os.getpid()) - process_tree_seconds(child.pid) >= 0
        assert process_tree_seconds(child.pid) >= 0.5
    finally:
        child.kill()


def test_a_cgroup_bounds_memory_or_the_harness_bounds_address_space():
    limits = Limits(memory=64 << 20, headroom=0)
    cgroup = Cgroup.create(limits)
    if cgroup is None:  # this machine has no cgroup for us: the harness falls back to RLIMIT_AS
        assert limits.for_harness(None)["address_space"] > limits.memory
        return
    try:
        assert "address_space" not in limits.for_harness(cgroup)
        hog = "b = bytearray(400 << 20)\nfor i in range(0, len(b), 4096):\n    b[i] = 1\n"
        result = subprocess.run(cgroup.enter([sys.executable, "-c", hog]), capture_output=True, timeout=120)
        assert result.returncode != 0 and cgroup.out_of_memory()
        assert cgroup.cpu_seconds() > 0
    finally:
        cgroup.remove()
    assert not any(path.exists() for path in cgroup.dirs.values())
