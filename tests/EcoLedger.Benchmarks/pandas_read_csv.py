"""The peer of the GEP benchmark: pandas reading the same units file with read_csv, timed inside the process
(after the imports) like the .NET verbs, wall and process CPU time. Run with Debian's /usr/bin/python3 (python3-pandas)."""
import sys
import time

import pandas

path = sys.argv[1]
wall, cpu = time.perf_counter(), time.process_time()
frame = pandas.read_csv(path)
wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
print(f"pandas read_csv: {wall:.2f} s (CPU {cpu:.2f} s) ({len(frame)} rows, pandas {pandas.__version__})")
