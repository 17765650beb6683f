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


# ruamel.yaml: the instance's typ decides. Round-trip (the default) and safe build no Python objects.
from ruamel.yaml import YAML
import ruamel.yaml

yaml = YAML()


def ruamel_module_instance(fd):
    # ok: yaml-unsafe-load
    return yaml.load(fd)


def ruamel_safe(fd):
    yaml = YAML(typ="safe", pure=True)
    # ok: yaml-unsafe-load
    return yaml.load(fd)


def _create_yaml(preserve_comments: bool):
    y = YAML(typ=None)
    y.preserve_quotes = preserve_comments
    return y


def ruamel_from_helper(fd):
    yaml = _create_yaml(preserve_comments=True)
    # ok: yaml-unsafe-load
    return yaml.load(fd)


def ruamel_typ_none(fd):
    y = YAML(typ=None)
    # ok: yaml-unsafe-load
    return y.load(fd)


def ruamel_rt(fd):
    y = ruamel.yaml.YAML(typ="rt")
    # ok: yaml-unsafe-load
    return y.load(fd)


def ruamel_unsafe(fd):
    y = YAML(typ="unsafe")
    # ruleid: yaml-unsafe-load
    return y.load(fd)


def ruamel_unsafe_list(fd):
    loader = ruamel.yaml.YAML(pure=True, typ=["unsafe"])
    # ruleid: yaml-unsafe-load
    return list(loader.load_all(fd))


def ruamel_old_api(fd):
    # ruleid: yaml-unsafe-load
    return ruamel.yaml.load(fd)
