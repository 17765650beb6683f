import builtins


def run_snippet(code: str, name: str):
    namespace = {}
    # ruleid: exec-nonconstant
    exec(code, namespace)
    # ruleid: exec-nonconstant
    exec(compile(code, "<tool>", "exec"), {"__builtins__": {}})
    # ruleid: exec-nonconstant
    builtins.exec(f"result = {name}()", namespace)
    return namespace


def safe(executor, job):
    # ok: exec-nonconstant
    exec("import this")
    # ok: exec-nonconstant
    executor.exec(job)
