"""The per-file half of an audit at speed: cached facts, a process pool, and progress.

`collect.py` reads each discovered file once, serves unchanged files from `cache.py`, analyses the
rest in a pool of processes (`--jobs`) and returns the facts in discovery order, so the report is
the same bytes whatever the cache and the number of jobs. `codec.py` turns facts into plain JSON
data and back; `progress.py` shows files done on a terminal.
"""
