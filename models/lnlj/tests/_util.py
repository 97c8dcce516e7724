import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)  # models/lnlj
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

import torch  # noqa: E402

# One thread: on a shared 2-core box more OpenMP threads spin against other processes and get slower.
torch.set_num_threads(1)

# A narrow 64x64 config: same architecture, fast enough for CI on 2 cores.
TINY = dict(input_size=64, widths=(8, 16, 24, 32, 48), dec=(32, 24), local_dim=32, nl_channels=24, nl_inner=16)
