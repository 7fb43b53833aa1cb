"""The letopis command line: thin typer layers over the library functions."""

import os

# One BLAS/OpenMP thread per process, set before NumPy loads: on a 2-core machine more
# threads per process only contend (worker processes of `ingest` pin themselves too).
for _name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")
