import json
import marshal
from marshal import loads as unmarshal


def decode(blob: bytes, fh):
    # ruleid: marshal-load
    a = marshal.loads(blob)
    # ruleid: marshal-load
    b = marshal.load(fh)
    # ruleid: marshal-load
    c = unmarshal(blob)
    # ok: marshal-load
    d = marshal.dumps(a)
    # ok: marshal-load
    e = json.loads(blob)
    return a, b, c, d, e
