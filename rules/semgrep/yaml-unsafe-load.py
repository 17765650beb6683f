import yaml
from yaml import Loader, SafeLoader


class StrictLoader(yaml.SafeLoader):
    pass


def parse(text: str, stream):
    # ruleid: yaml-unsafe-load
    a = yaml.load(text)
    # ruleid: yaml-unsafe-load
    b = yaml.load(text, Loader=yaml.Loader)
    # ruleid: yaml-unsafe-load
    c = yaml.load(text, Loader=yaml.UnsafeLoader)
    # ruleid: yaml-unsafe-load
    d = yaml.load(text, Loader)
    # ruleid: yaml-unsafe-load
    e = yaml.unsafe_load(text)
    # ruleid: yaml-unsafe-load
    f = list(yaml.load_all(stream, Loader=yaml.FullLoader))
    # ruleid: yaml-unsafe-load
    g = yaml.full_load(text)
    return a, b, c, d, e, f, g


def safe(text: str):
    # ok: yaml-unsafe-load
    a = yaml.safe_load(text)
    # ok: yaml-unsafe-load
    b = yaml.load(text, Loader=yaml.SafeLoader)
    # ok: yaml-unsafe-load
    c = yaml.load(text, Loader=SafeLoader)
    # ok: yaml-unsafe-load
    d = yaml.load(text, yaml.CSafeLoader)
    # ok: yaml-unsafe-load
    e = yaml.load(text, Loader=StrictLoader)
    # ok: yaml-unsafe-load
    f = list(yaml.safe_load_all(text))
    return a, b, c, d, e, f
