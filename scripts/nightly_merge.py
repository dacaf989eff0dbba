"""Nightly consolidation for cron or Windows Task Scheduler: ``python scripts/nightly_merge.py CONFIG.toml``.

The same as ``cchc-sheets job CONFIG.toml``; this file exists so a scheduler can be given one
script path and the virtualenv's python (docs/job.md has both recipes). One run per invocation.
"""

from __future__ import annotations

from cchc_sheets.cli.job_cmd import command

if __name__ == "__main__":
    command(prog_name="nightly_merge.py")
