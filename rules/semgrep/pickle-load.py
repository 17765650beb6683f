import json
import pickle
import pickle as pk
from pickle import loads

import dill
import joblib
import numpy as np
import pandas as pd
import torch


def restore(blob: bytes, path: str):
    # ruleid: pickle-load
    a = pickle.loads(blob)
    with open(path, "rb") as fh:
        # ruleid: pickle-load
        b = pk.load(fh)
    # ruleid: pickle-load
    c = loads(blob)
    # ruleid: pickle-load
    d = dill.loads(blob)
    # ruleid: pickle-load
    e = joblib.load(path)
    # ruleid: pickle-load
    f = pd.read_pickle(path)
    # ruleid: pickle-load
    g = torch.load(path)
    # ruleid: pickle-load
    h = np.load(path, allow_pickle=True)
    return a, b, c, d, e, f, g, h


def safe(blob: bytes, path: str):
    # ok: pickle-load
    a = json.loads(blob)
    # ok: pickle-load
    b = pickle.dumps(a)
    # ok: pickle-load
    c = torch.load(path, weights_only=True)
    # ok: pickle-load
    d = np.load(path)
    return a, b, c, d
