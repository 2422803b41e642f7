"""The machine a figure was measured on: one header for every benchmark in bench/.

Machines differ 3-4x (a 2-core AMD EPYC under load runs the same numpy code
about 2.8x slower than the Intel machine of the first figures), so a figure
printed without its machine invites comparing two machines as if they were
one. Every bench script prints `machine_line()` with its figures: the CPU
model (with family/model/stepping, since a virtual machine may call itself
just "AMD EPYC"), cores, the load average when the figure was taken (another
process on a 2-core machine changes it), numpy and the BLAS numpy uses, with
its threads.

    from machine import machine_line   # bench/ is on sys.path when a bench runs
"""

from __future__ import annotations

import os
import platform
from pathlib import Path

import numpy as np


def cpu_model() -> str:
    """The CPU's name, and its family/model/stepping where Linux says (else platform's)."""
    fields: dict[str, str] = {}
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            key, sep, value = line.partition(":")
            key = key.strip()
            if not sep:
                if fields:
                    break  # the first processor's block is enough
                continue
            fields.setdefault(key, value.strip())
    except OSError:
        pass
    name = fields.get("model name") or platform.processor() or platform.machine()
    name = name or "unknown CPU"
    ids = [f"{k} {fields[k]}" for k in ("cpu family", "model", "stepping") if k in fields]
    if "hypervisor" in fields.get("flags", "").split():
        ids.append("virtual machine")
    return f"{name} ({', '.join(ids)})" if ids else name


def blas_info() -> str:
    """numpy's BLAS with its threads now (threadpoolctl), else what numpy was built with."""
    try:
        from threadpoolctl import threadpool_info

        libs = [i for i in threadpool_info() if i.get("user_api") == "blas"]
    except Exception:  # threadpoolctl missing or unable to inspect this platform
        libs = []
    if libs:
        return "; ".join(
            f"{i.get('internal_api')} {i.get('version')} ({i.get('architecture', '?')}, "
            f"{i.get('num_threads')} threads)"
            for i in libs
        )
    try:
        config = np.show_config(mode="dicts")  # numpy >= 1.25
        blas = config["Build Dependencies"]["blas"]
        return f"{blas.get('name', '?')} {blas.get('version', '?')} (built with; threads unknown)"
    except Exception:  # an older numpy, or a build without that section
        return "unknown"


def machine_line() -> str:
    """One line to print beside every figure, so figures from two machines never mix."""
    load = f"; load average {os.getloadavg()[0]:.1f}" if hasattr(os, "getloadavg") else ""
    return (
        f"machine: {cpu_model()}, {os.cpu_count()} cores{load}; "
        f"numpy {np.__version__}, BLAS {blas_info()}"
    )


if __name__ == "__main__":
    print(machine_line())
